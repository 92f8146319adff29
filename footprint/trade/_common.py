"""Helpers shared by the trade-layer modules: input checks, periods, labels, tonnage text."""

from __future__ import annotations

import pandas as pd

from footprint.config.trade import Period, period_years
from footprint.errors import ConfigError

_NEEDED = ("item", "year", "exporter", "importer", "tonnes", "data")


def check_trade(trade: pd.DataFrame, what: str = "trade") -> None:
    """Raise :class:`ConfigError` when ``trade`` lacks a column of the trade table."""
    missing = [c for c in _NEEDED if c not in trade.columns]
    if missing:
        raise ConfigError(
            f"the {what} table lacks the column(s) {missing} (it has {list(trade.columns)}); pass the "
            "table of footprint.trade.read_vendored or read_faostat_bulk."
        )


def label_of(trade: pd.DataFrame) -> str:
    """The ``data`` label(s) of a trade table, joined with ' + ' when several."""
    labels = sorted({str(v) for v in pd.unique(trade["data"])}) if len(trade) else []
    return " + ".join(labels) if labels else "FAOSTAT, real data: detailed trade matrix"


def period_label(period: Period) -> str:
    """``2016`` -> '2016'; ``(2014, 2016)`` -> '2014-2016 mean'."""
    years = period_years(period)
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]} mean"


def tonnes_text(value: float) -> str:
    """Signed tonnage in readable units: '+3.25 Mt', '-412.0 kt', '+95 t'."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:+.2f} Mt"
    if size >= 1e3:
        return f"{value / 1e3:+.1f} kt"
    return f"{value:+.0f} t"
