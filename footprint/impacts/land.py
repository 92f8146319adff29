"""Land rows of the run split into land types (pressures in ha*yr), the input of characterisation."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from footprint.errors import ConfigError, UnknownCodeError, close_matches
from footprint.impacts.tables import LAND_UNIT
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.units import scale as unit_scale

__all__ = ["land_type_pressures"]


def land_type_pressures(land_map: pd.DataFrame, mrio: MRIO, pressures: PressureSet,
                        land_pressure: str = "land_total") -> PressureSet:
    """Split the land rows of ``land_pressure`` into land types, as pressures in [ha*yr].

    Parameters
    ----------
    land_map : DataFrame
        See :func:`read_land_type_map`.
    mrio : MRIO
    pressures : PressureSet
        The run's pressures; the stressor rows of ``land_pressure`` are the land rows to characterise.
    land_pressure : str
        Name of the pressure that holds all land rows.

    Returns
    -------
    PressureSet
        One pressure per land type, ``C`` in [ha / stressor unit].

    Raises
    ------
    UnknownCodeError
        ``land_pressure`` is not a pressure of the run.
    ConfigError
        A land row is matched by no land type or by two.
    UnitMismatchError
        A land row is not in an area unit.
    """
    if land_pressure not in pressures.names:
        land = [n for n in pressures.names if n.startswith("land")] or ["<a land pressure>"]
        raise UnknownCodeError(
            f"[impacts] land_pressure '{land_pressure}' is not a pressure of this run; "
            f"{close_matches(land_pressure, pressures.names)}. Either set land_pressure = "
            f'"{land[-1]}" (a pressure of the pressure table that holds every land row) in [impacts], '
            "or switch impacts off with [impacts] enabled = false."
        )
    rows = pressures.matched[pressures.matched["pressure"] == land_pressure]
    keys = pd.MultiIndex.from_frame(mrio.stressors[["extension", "stressor"]])
    index = keys.get_indexer(pd.MultiIndex.from_frame(rows[["extension", "stressor"]]))
    applicable = land_map[land_map["layout"].isin((mrio.layout, "*", "any"))]
    types = tuple(dict.fromkeys(applicable["land_type"]))
    C = np.zeros((len(types), len(mrio.stressors)))
    for k in index:
        ext, name, unit = mrio.stressors.loc[k, ["extension", "stressor", "unit"]]
        hits = [r for _, r in applicable.iterrows()
                if str(r["extension"]).lower() == str(ext).lower() and re.search(r["pattern"], name)]
        if len(hits) != 1:
            raise ConfigError(
                f"land row '{name}' ({ext}) is matched by {len(hits)} rows of the land-type map for "
                f"layout {mrio.layout}; every land row needs exactly one land type. Fix the patterns "
                "in footprint/defaults/characterisation/land_type_map.csv."
            )
        C[types.index(hits[0]["land_type"]), k] = unit_scale(str(unit), "ha")
    used = tuple(t for t, row in zip(types, C, strict=True) if row.any())
    keep = [types.index(t) for t in used]
    return PressureSet(used, tuple(LAND_UNIT for _ in used), C[keep], pd.DataFrame())
