"""Impact constants and the readers of the factor table and the land-type map."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from footprint.errors import ConfigError, DataFileNotFoundError, UnknownCodeError, close_matches

__all__ = ["BOUNDS", "BOUND_COLUMNS", "CLIMATE", "FACTOR_COLUMNS", "GLOBAL", "LAND_UNIT", "MAP_COLUMNS",
           "TARGET_UNITS", "read_factors", "read_land_type_map"]

BOUNDS = ("low", "central", "high")
BOUND_COLUMNS = {"low": "value_low", "central": "value", "high": "value_high"}
GLOBAL = "GLO"
CLIMATE = "climate"
LAND_UNIT = "ha*yr"  # land footprints are annual occupation: ha occupied during one year
TARGET_UNITS = {"msa_loss": "MSA-loss*ha*yr", "pdf": "global PDF*yr"}
FACTOR_COLUMNS = ("method", "indicator", "pressure", "land_type", "region", "value_low", "value",
                  "value_high", "impact_unit", "per_unit", "version", "source", "licence")
MAP_COLUMNS = ("layout", "extension", "pattern", "land_type", "source")


def _read_csv(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileNotFoundError(f"{what} {path} does not exist; fix the path in [impacts].")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)  # keep_default_na: Namibia is "NA"
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {missing}; the {what} needs {list(required)}.")
    return table


def read_factors(path: Path, methods: tuple[str, ...], elsewhere: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read the factor table and keep the rows of ``methods``.

    Parameters
    ----------
    path : Path
        ``footprint/defaults/characterisation/factors.csv`` (columns :data:`FACTOR_COLUMNS`).
    methods : tuple of str
        Method names to use.
    elsewhere : tuple of str
        Known methods whose land factors come from elsewhere (the country tables); they may be absent
        from this table (which may hold their climate rows).

    Returns
    -------
    DataFrame
        Factor rows with numeric ``value_low, value, value_high`` [impact_unit / per_unit].

    Raises
    ------
    UnknownCodeError
        A method is not in the table (message lists close matches).
    ConfigError
        Non-numeric or negative values, bounds out of order, or an indicator without a target unit.
    """
    table = _read_csv(path, FACTOR_COLUMNS, "factor table")
    for method in methods:
        if method not in set(table["method"]) and method not in elsewhere:
            raise UnknownCodeError(
                f"impact method '{method}' is neither in {path.name} nor a method with country tables; "
                f"{close_matches(method, [*table['method'], *elsewhere])}. Fix [impacts] methods."
            )
    table = table[table["method"].isin(methods)].copy()
    for col in BOUND_COLUMNS.values():
        table[col] = pd.to_numeric(table[col], errors="coerce")
    bad = table[table[["value_low", "value", "value_high"]].isna().any(axis=1)
                | (table["value_low"] < 0) | (table["value_low"] > table["value"])
                | (table["value"] > table["value_high"])]
    if len(bad):
        first = bad.iloc[0]
        raise ConfigError(
            f"{path}: {len(bad)} factor row(s) have missing, negative or unordered values, e.g. "
            f"{first['method']} {first['region']} {first['land_type']}; need 0 <= value_low <= value "
            "<= value_high."
        )
    unknown = set(table["indicator"]) - set(TARGET_UNITS)
    if unknown:
        raise ConfigError(f"{path}: indicator(s) {sorted(unknown)} unknown; use {list(TARGET_UNITS)}.")
    return table.reset_index(drop=True)


def read_land_type_map(path: Path) -> pd.DataFrame:
    """Read the land-type map (layout, extension, regex pattern on stressor names, land_type, source)."""
    table = _read_csv(path, MAP_COLUMNS, "land-type map")
    for pattern in table["pattern"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: pattern {pattern!r} is not a regular expression ({exc}).") from exc
    return table
