"""The product-group and pressure tables a run file names: read and checked once.

Whether their codes exist in the data is checked once the data are loaded
(:mod:`footprint.pressures`, :mod:`footprint.attribution`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from footprint.config.schema import PressuresConfig
from footprint.errors import ConfigError, DataFileNotFoundError
from footprint.inputs.gwp import GWP_TABLE, apply_gwp, read_gwp_table
from footprint.units import check_factor

__all__ = ["GROUP_COLUMNS", "IF_MISSING", "PRESSURE_COLUMNS", "read_groups_table", "read_pressures_table"]

GROUP_COLUMNS = ("group", "subgroup", "pxp_code", "pxp_name", "ixi_code", "ixi_name", "role",
                 "weight", "note")
PRESSURE_COLUMNS = ("pressure", "layout", "extension", "pattern", "input_unit", "factor", "unit",
                    "source")
IF_MISSING = ("error", "note")
"""What a pressure-table row whose family matches no stressor of the data does (``if_missing``)."""
PRESSURES = PressuresConfig()
"""The ``[pressures]`` defaults of the run-file schema (``gwp``: the GWP100 set)."""


def _read_table(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileNotFoundError(f"{what} table {path} does not exist; fix the path in the run file.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as CSV ({exc}).") from exc
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ConfigError(
            f"{path}: missing column(s) {missing}; the {what} table needs {list(required)}."
        )
    return table


def _numeric(table: pd.DataFrame, column: str, path: Path) -> pd.Series:
    values = pd.to_numeric(table[column].replace("", "0"), errors="coerce")
    bad = table.loc[values.isna(), column]
    if len(bad):
        raise ConfigError(
            f"{path}: column '{column}' must be numeric; row(s) {list(bad.index + 2)} hold "
            f"{list(bad)[:5]}."
        )
    return values.astype(float)


def read_groups_table(path: Path) -> pd.DataFrame:
    """Read the product-group table (group, subgroup, pxp/ixi code and name, role, weight, note).

    Weights must lie in [0, 1]; ``role`` is ``final_demand`` (the product enters the group's final
    demand vector with its weight) or ``origin_only`` (listed for reference as an upstream origin).
    """
    table = _read_table(path, GROUP_COLUMNS, "product-group")
    table["weight"] = _numeric(table, "weight", path)
    if "group_label" not in table.columns:  # optional: what the group holds, shown in the outputs
        table["group_label"] = ""
    out_of_range = table[(table["weight"] < 0) | (table["weight"] > 1)]
    if len(out_of_range):
        raise ConfigError(
            f"{path}: weights must lie between 0 and 1; offending products: "
            f"{list(out_of_range['pxp_code'])}."
        )
    roles = set(table["role"]) - {"final_demand", "origin_only"}
    if roles:
        raise ConfigError(f"{path}: unknown role(s) {sorted(roles)}; use final_demand or origin_only.")
    return table


def read_pressures_table(path: Path, gwp: str = PRESSURES.gwp, gwp_table: Path | None = None) -> pd.DataFrame:
    """Read the pressure table (pressure, layout, extension, regex pattern, units, factor, source).

    Optional columns: ``family`` (the group of stressor rows a row stands for, e.g. "fossil fuels";
    default: the pressure name), ``if_missing`` (``error``, the default, or ``note``: what a family
    that matches no row of the loaded data does, see :func:`footprint.pressures.select_pressures`) and
    ``gas`` (a greenhouse gas: the row's factor is multiplied by its GWP100 in the set ``gwp`` of
    ``gwp_table``, default ``footprint/defaults/gwp100.csv``; see :func:`footprint.inputs.gwp.apply_gwp`).
    """
    table = _read_table(path, PRESSURE_COLUMNS, "pressure")
    table["factor"] = _numeric(table, "factor", path)
    table = apply_gwp(table, read_gwp_table(gwp_table or GWP_TABLE), gwp)
    if "family" not in table.columns:
        table["family"] = table["pressure"]
    table["family"] = table["family"].where(table["family"] != "", table["pressure"])
    if "if_missing" not in table.columns:
        table["if_missing"] = "error"
    table["if_missing"] = table["if_missing"].replace("", "error")
    wrong = sorted(set(table["if_missing"]) - set(IF_MISSING))
    if wrong:
        raise ConfigError(f"{path}: if_missing must be one of {list(IF_MISSING)} (empty = error), got "
                          f"{wrong}.")
    for i, pattern in table["pattern"].items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{path}: row {int(str(i)) + 2} pattern {pattern!r} is not a valid regular "
                f"expression ({exc})."
            ) from exc
    units = table.groupby("pressure")["unit"].nunique()
    if (units > 1).any():
        raise ConfigError(
            f"{path}: pressure(s) {list(units[units > 1].index)} have rows with different output "
            "units; every row of one pressure must give the same unit."
        )
    for i, row in table.iterrows():
        check_factor(row["input_unit"], float(row["factor"]), row["unit"],
                     where=f"{path} row {int(str(i)) + 2} (pressure '{row['pressure']}')")
    return table
