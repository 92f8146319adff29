"""Helpers shared by the trade-layer modules: input checks, periods, labels, tonnage text."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from footprint.errors import ConfigError

SIDES = ("exporter", "importer", "max")
"""Reporting sides of FAOSTAT's bulk file: the exporter's report, the importer's, or the larger."""

Period = int | tuple[int, int]
"""A year (``2016``) or an inclusive window of years (``(2014, 2016)``: the mean over those years)."""

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


def period_years(period: Period) -> tuple[int, ...]:
    """Years of a period: ``2016`` -> (2016,); ``(2014, 2016)`` -> (2014, 2015, 2016)."""
    if isinstance(period, int):
        return (period,)
    if isinstance(period, Sequence) and not isinstance(period, str) and len(period) == 2:
        first, last = int(period[0]), int(period[1])
        if first <= last:
            return tuple(range(first, last + 1))
    raise ConfigError(
        f"period {period!r} is neither a year nor a window (first, last) with first <= last; write e.g. "
        "2016 or (2014, 2016)."
    )


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
