"""Helpers shared by the stages that read the tidy long tables over years (series, targets).

Each checks its input and, where an item is missing, raises an error that names it, lists close
matches and says the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from footprint.errors import ConfigError, UnknownCodeError, close_matches
from footprint.vocabulary import BASELINE


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"the {what} table lacks the column(s) {missing} (it has {list(frame.columns)}); pass "
            f"the long table footprint produces for it (see footprint.series and footprint.targets)."
        )


def _baseline(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Rows of scenario ``baseline`` (all rows when there is no scenario column)."""
    if "scenario" not in frame.columns:
        return frame
    out = frame[frame["scenario"] == BASELINE]
    if out.empty:
        raise ConfigError(
            f"the {what} table has no rows of scenario '{BASELINE}' (it has "
            f"{sorted(set(frame['scenario']))}); pass the baseline rows."
        )
    return out


def _pick(frame: pd.DataFrame, column: str, value: Any, what: str, fix: str) -> pd.DataFrame:
    """Rows where ``column == value``; an error naming the item and close matches otherwise."""
    out = frame[frame[column] == value]
    if out.empty:
        have = _unique(frame[column])
        raise UnknownCodeError(
            f"{column} '{value}' is not in the {what} table; {close_matches(str(value), have)}. "
            f"{fix}"
        )
    return out


def _consumer_rows(attribution: pd.DataFrame, consumer: str) -> pd.DataFrame:
    _need(attribution, ["year", "consumer", "group", "indicator", "unit", "origin_region", "value"],
          "attribution")
    return _pick(_baseline(attribution, "attribution"), "consumer", consumer, "attribution",
                 "Pass the consumer region of the run ([consumer] region).")


def _unique(values: pd.Series | np.ndarray) -> list[str]:
    """Distinct values in order of first appearance."""
    return [str(v) for v in pd.unique(np.asarray(values, dtype=object))]


def _labels(frame: pd.DataFrame) -> pd.Series:
    """The data label of each year (first label of the year; '' without a data column)."""
    if "data" not in frame.columns:
        return pd.Series("", index=sorted(set(frame["year"])), dtype=object)
    return frame.groupby("year")["data"].first()
