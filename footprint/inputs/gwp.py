"""Global warming potentials (GWP100) of the greenhouse-gas rows of the pressure table, by IPCC set.

A row of ``footprint/defaults/pressures.csv`` with a ``gas`` (``CH4_fossil``, ``CH4_nonfossil``, ``N2O``,
``SF6``) has in ``factor`` only the unit conversion (kg -> t: 0.001); :func:`apply_gwp` multiplies it by
the gas's GWP100 of the chosen set, read from ``footprint/defaults/gwp100.csv``: ``AR5`` (the default;
IPCC AR5 WG1 Table 8.7 and 8.A.1) or ``AR6`` (IPCC AR6 WG1 Table 7.15, with different values for fossil
and non-fossil CH4, and Table 7.SM.7 for SF6). Rows without a gas (CO2, GWP 1; HFC and PFC, which EXIOBASE
supplies already in kg CO2-eq) are left as they are. The run file chooses the set (``[pressures] gwp =
"AR6"``); the manifest records it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from footprint.defaults import DEFAULTS_DIR
from footprint.errors import ConfigError, DataFileNotFoundError, close_matches

__all__ = ["GWP_TABLE", "apply_gwp", "describe", "read_gwp_table"]

GWP_TABLE = DEFAULTS_DIR / "gwp100.csv"


def read_gwp_table(path: Path = GWP_TABLE) -> pd.DataFrame:
    """Read the GWP100 table (set, gas, gwp100, source); one value per set and gas."""
    if not Path(path).is_file():
        raise DataFileNotFoundError(f"GWP table {path} does not exist; fix [pressures] gwp_table.")
    table = pd.read_csv(path, dtype={"set": str, "gas": str, "source": str})
    missing = {"set", "gas", "gwp100", "source"} - set(table.columns)
    if missing:
        raise ConfigError(f"{path}: missing column(s) {sorted(missing)}; need set, gas, gwp100, source.")
    if table.duplicated(["set", "gas"]).any() or table["gwp100"].isna().any():
        raise ConfigError(f"{path}: every (set, gas) needs exactly one numeric gwp100.")
    return table


def _values(gwp: pd.DataFrame, gwp_set: str) -> pd.DataFrame:
    rows = gwp[gwp["set"] == gwp_set]
    if rows.empty:
        sets = sorted(set(gwp["set"]))
        raise ConfigError(f"GWP set '{gwp_set}' is not in the GWP table; {close_matches(gwp_set, sets)}. "
                          f'Set [pressures] gwp to one of {sets}, e.g. gwp = "AR5".')
    return rows.set_index("gas")


def apply_gwp(table: pd.DataFrame, gwp: pd.DataFrame, gwp_set: str) -> pd.DataFrame:
    """Multiply the factor of every row with a ``gas`` by that gas's GWP100 in ``gwp_set``.

    Parameters
    ----------
    table : DataFrame
        The pressure table (:func:`footprint.config.read_pressures_table`); a table without a
        ``gas`` column is returned unchanged.
    gwp : DataFrame
        :func:`read_gwp_table`.
    gwp_set : str
        ``"AR5"`` or ``"AR6"`` (any set of the table).

    Returns
    -------
    DataFrame
        A copy: ``factor`` [t CO2-eq / input unit] = unit factor x GWP100, a ``gwp100`` column (empty
        for rows without a gas) and the GWP's source appended to ``source``.

    Raises
    ------
    ConfigError
        An unknown set, or a gas the set does not give.

    Examples
    --------
    >>> t = pd.DataFrame({"pressure": ["ghg"], "gas": ["N2O"], "factor": [0.001], "source": ["x"]})
    >>> float(apply_gwp(t, read_gwp_table(), "AR6")["factor"].iloc[0])
    0.273
    """
    out = table.copy()
    if "gas" not in out.columns:
        return out
    values = _values(gwp, gwp_set)
    gases = out["gas"].fillna("").astype(str)
    unknown = sorted(set(gases[gases != ""]) - set(values.index))
    if unknown:
        raise ConfigError(f"the pressure table names gas(es) {unknown} that GWP set '{gwp_set}' does not "
                          f"give (it has {sorted(values.index)}); fix the gas column or the GWP table.")
    has = gases != ""
    factor = gases[has].map(values["gwp100"]).astype(float)
    out.loc[has, "factor"] = out.loc[has, "factor"].astype(float) * factor
    out["gwp100"] = gases.map(values["gwp100"]).astype(float)
    out.loc[has, "source"] = (out.loc[has, "source"].astype(str) + f"; GWP100 {gwp_set}: "
                              + gases[has].map(values["source"]))
    return out


def describe(gwp: pd.DataFrame, gwp_set: str) -> dict[str, object]:
    """The GWP set for the manifest: set name, the value of every gas and its source."""
    values = _values(gwp, gwp_set)
    return {"set": gwp_set,
            "gwp100": {str(g): float(v) for g, v in values["gwp100"].items()},
            "sources": {str(g): str(s) for g, s in values["source"].items()},
            "not_reweighted": "CO2 (GWP 1); HFC and PFC rows as EXIOBASE supplies them in kg CO2-eq",
            "excluded": "biogenic CO2 (CO2 - waste - biogenic - air; 3.9: CO2_bio - combustion - air)"}
