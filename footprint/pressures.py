"""Select stressor rows into named pressures, from the pressure table and the loaded stressor index.

Stressor names are matched with the table's regular expressions against the names in the loaded data,
never against hard-coded rows, so the same table serves EXIOBASE 3.8 (``satellite``) and 3.9+
(``land``, ``air_emissions`` ...) through its ``layout`` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from footprint import units as unit_lib
from footprint.errors import (
    ConfigError,
    UnitMismatchError,
    UnknownCodeError,
    UnmatchedPatternError,
    close_matches,
)
from footprint.inputs.system import MRIO

__all__ = ["PressureSet", "extension_mask", "select_pressures"]

ANY_LAYOUT = ("*", "any")


@dataclass(frozen=True, eq=False)
class PressureSet:
    """Named pressures as linear combinations of stressor rows.

    Attributes
    ----------
    names : tuple of str
        Pressure names, in table order.
    units : tuple of str
        Output unit of each pressure.
    C : ndarray, shape (n_pressures, n_stressors)
        Conversion matrix: ``pressure = C @ stressors`` [output unit / stressor unit].
    matched : DataFrame
        One row per (pressure, stressor) used: pressure, family, extension, stressor, input unit,
        factor, unit, characterisation (the part of the factor that is not a unit conversion, e.g. a
        GWP; 1 for pure conversions), source; written to the run folder (``pressure_rows.csv``) so
        every number can be traced to its rows.
    notes : tuple of str
        One note per family that matched no stressor and is allowed to (``if_missing = note``): what
        the pressure leaves out of this data.
    """

    names: tuple[str, ...]
    units: tuple[str, ...]
    C: np.ndarray
    matched: pd.DataFrame
    notes: tuple[str, ...] = ()

    def unit_of(self, name: str) -> str:
        """Output unit of pressure ``name``."""
        return self.units[self.names.index(name)]


def _rows_for_layout(table: pd.DataFrame, layout: str) -> pd.DataFrame:
    rows = table[table["layout"].isin((layout, *ANY_LAYOUT))]
    if rows.empty:
        have = sorted(set(table["layout"]))
        raise ConfigError(
            f"the pressure table has no rows for data layout '{layout}' (it has {have}); add rows "
            f"with layout = {layout} (or '*') naming that system's extensions and stressors."
        )
    return rows


def _family(row: pd.Series) -> str:
    family = row.get("family", "")
    return str(family) if isinstance(family, str) and family else str(row["pressure"])


def _optional(row: pd.Series) -> bool:
    return str(row.get("if_missing", "error") or "error") == "note"


def extension_mask(stressors: pd.DataFrame, name: str) -> pd.Series:
    """Rows of ``stressors`` in extension ``name``: the pymrio attribute name (``satellite``, ``AIR``;
    the primary form) or the display name (``Satellite Accounts``), case-insensitive."""
    key = name.strip().lower()
    mask = stressors["extension"].astype(str).str.lower() == key
    if "extension_name" in stressors.columns:
        mask |= stressors["extension_name"].astype(str).str.lower() == key
    return mask


def _extension_names(stressors: pd.DataFrame) -> list[str]:
    names = list(stressors["extension"].astype(str).unique())
    if "extension_name" in stressors.columns:
        names += [n for n in stressors["extension_name"].astype(str).unique() if n not in names]
    return names


def _match_row(row: pd.Series, stressors: pd.DataFrame) -> pd.Index:
    in_ext = stressors[extension_mask(stressors, str(row["extension"]))]
    if in_ext.empty:
        if _optional(row):
            return pd.Index([])
        raise UnknownCodeError(
            f"pressure '{row['pressure']}': extension '{row['extension']}' is not in the data; "
            f"{close_matches(str(row['extension']), _extension_names(stressors))}. "
            "Fix the extension column of the pressure table (the pymrio attribute name such as "
            "'satellite', or the extension's display name)."
        )
    pattern = re.compile(str(row["pattern"]))
    hits = in_ext[[bool(pattern.search(s)) for s in in_ext["stressor"]]]
    if hits.empty:
        if _optional(row):
            return hits.index
        raise UnmatchedPatternError(
            f"pressure '{row['pressure']}', family '{_family(row)}': pattern {row['pattern']!r} "
            f"matches no stressor of extension '{row['extension']}'; "
            f"{close_matches(str(row['pattern']).lstrip('^'), in_ext['stressor'])}. "
            "Fix the pattern in the pressure table (it is a Python regular expression), or set "
            "its if_missing to 'note' if the family may be absent from the data."
        )
    wrong = hits[[not unit_lib.same(str(u), str(row["input_unit"])) for u in hits["unit"]]]
    if len(wrong):
        first = wrong.iloc[0]
        raise UnitMismatchError(
            f"pressure '{row['pressure']}': stressor '{first['stressor']}' is in "
            f"'{first['unit']}' but the pressure table expects '{row['input_unit']}' "
            f"({len(wrong)} row(s) differ). Set input_unit to '{first['unit']}' and adjust the "
            "factor to convert it, or fix the pattern."
        )
    return hits.index


def _characterisation(row: pd.Series, stressors: list[str]) -> float:
    """Check the row's units (:func:`footprint.units.check_factor`, ``check_reference``); return the
    part of its factor that is not a unit conversion."""
    where = f"pressure '{row['pressure']}' (layout {row['layout']}, pattern {row['pattern']!r})"
    cf = unit_lib.check_factor(str(row["input_unit"]), float(row["factor"]), str(row["unit"]), where=where)
    unit_lib.check_reference(unit_lib.parse(str(row["unit"])).substance, cf, stressors, where=where)
    return cf


def select_pressures(table: pd.DataFrame, mrio: MRIO) -> PressureSet:
    """Build the pressure conversion matrix for a loaded system.

    Parameters
    ----------
    table : DataFrame
        The pressure table (see :func:`footprint.config.read_pressures_table`).
    mrio : MRIO
        The loaded system; its ``layout`` selects the applicable rows and its ``stressors`` are
        matched.

    Returns
    -------
    PressureSet

    Raises
    ------
    ConfigError
        No row applies to the layout, or one stressor is counted twice in one pressure.
    UnmatchedPatternError, UnknownCodeError
        A row's pattern or extension matches nothing (message names the pressure and family and
        lists close matches); a row with ``if_missing = note`` gives a note instead
        (:attr:`PressureSet.notes`).
    UnitMismatchError
        A matched stressor's unit differs from the row's ``input_unit``, or ``input_unit`` x
        ``factor`` does not give ``unit`` (:func:`footprint.units.check_factor`,
        :func:`footprint.units.check_reference`).

    Notes
    -----
    Each row of the table stands for one *family* of stressor rows (column ``family``, e.g. the
    fossil fuels of ``abiotic_materials``), so that a family missing from the loaded data is never
    silently left out of a pressure whose other families match.
    """
    rows = _rows_for_layout(table, mrio.layout)
    names = tuple(dict.fromkeys(rows["pressure"]))
    C = np.zeros((len(names), len(mrio.stressors)))
    records = []
    notes = []
    for _, row in rows.iterrows():
        p = names.index(row["pressure"])
        hits = _match_row(row, mrio.stressors)
        if hits.empty:
            notes.append(
                f"pressure '{row['pressure']}': family '{_family(row)}' has no row in this data "
                f"(pattern {row['pattern']!r} in extension '{row['extension']}'); it is not part of "
                "the footprint."
            )
        cf = _characterisation(row, [str(s) for s in mrio.stressors.loc[hits, "stressor"]])
        for k in hits:
            if C[p, k] != 0.0:
                raise ConfigError(
                    f"pressure '{row['pressure']}': stressor '{mrio.stressors.at[k, 'stressor']}' "
                    "is matched by two rows and would be counted twice; narrow the patterns."
                )
            C[p, k] = row["factor"]
            records.append(
                {
                    "pressure": row["pressure"],
                    "family": _family(row),
                    "extension": mrio.stressors.at[k, "extension"],
                    "stressor": mrio.stressors.at[k, "stressor"],
                    "input_unit": row["input_unit"],
                    "factor": row["factor"],
                    "unit": row["unit"],
                    "characterisation": cf,
                    "source": row["source"],
                }
            )
    units = tuple(str(rows.loc[rows["pressure"] == n, "unit"].iloc[0]) for n in names)
    return PressureSet(names, units, C, pd.DataFrame(records), tuple(notes))
