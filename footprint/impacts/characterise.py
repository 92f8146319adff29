"""Characterisation: impact by group, origin, land type, method and bound; impact intensities."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from footprint.impacts.factors import factor_matrix, method_rows
from footprint.impacts.tables import BOUND_COLUMNS, BOUNDS, CLIMATE, TARGET_UNITS
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.units import scale as unit_scale

__all__ = ["characterise", "characterised_intensity", "impact_intensities"]


def characterised_intensity(land: PressureSet, S: np.ndarray, cf: np.ndarray,
                            region_of_row: np.ndarray) -> np.ndarray:
    """Impact per unit of output, ``q[i] = sum_t cf[t, r(i)] (C_t S)[i]`` [impact / M EUR].

    ``q @ L y`` equals the characterised footprint (characterisation commutes with the solve).

    Parameters
    ----------
    land : PressureSet
        Land types, see :func:`land_type_pressures`.
    S : ndarray, shape (n_stressors, n)
        Stressor intensities.
    cf : ndarray, shape (n_land_types, n_regions)
        One bound of :func:`factor_matrix`.
    region_of_row : ndarray of int, shape (n,)
    """
    return np.einsum("ti,ti->i", cf[:, region_of_row], land.C @ S)


def impact_intensities(factors: pd.DataFrame, methods: tuple[str, ...], land: PressureSet,
                       mrio: MRIO, climate: np.ndarray | None = None,
                       climate_unit: str = "t CO2-eq",
                       fallback: Mapping[str, str] | None = None
                       ) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, list[str]]:
    """Central impact per unit of output of each method, land plus climate [impact unit / M EUR].

    These rows follow the Leontief solve like any pressure row, so waterbed matrices and scenario
    indicators (NGE, leakage, absorption) come out in impact units as well (characterisation
    commutes: ``q L y = CF (S L y)``).

    Parameters
    ----------
    factors : DataFrame
        See :func:`read_factors`.
    methods : tuple of str
    land : PressureSet
        Land types in [ha*yr] per stressor unit (:func:`land_type_pressures`).
    mrio : MRIO
    climate : ndarray, shape (n,), optional
        Climate pressure intensity (e.g. ``ghg``) [``climate_unit`` / M EUR]; used by methods that
        have a climate factor.
    climate_unit : str
    fallback : mapping, optional
        See :func:`factor_matrix`.

    Returns
    -------
    names, units : tuple of str
        One per method: ``"<method> (central)"`` and the method's impact unit.
    q : ndarray, shape (n_methods, n)
    notes : list of str
    """
    per_type = land.C @ mrio.S  # (t, n) land occupation per M EUR [ha*yr / M EUR]
    region = mrio.region_of_row()
    needed = np.zeros((len(land.names), mrio.n_regions), dtype=bool)
    np.logical_or.at(needed.T, region, (per_type != 0).T)
    names, units, rows, notes = [], [], [], []
    for method in methods:
        indicator = str(factors.loc[factors["method"] == method, "indicator"].iloc[0])
        cf, used = factor_matrix(factors, method, land.names, mrio.regions, needed, fallback)
        q = characterised_intensity(land, mrio.S, cf[BOUNDS.index("central")], region)
        cc = method_rows(factors, method, "ghg")
        if len(cc) and climate is not None:
            row = cc.iloc[0]
            scale = (unit_scale(row["impact_unit"], TARGET_UNITS[indicator])
                     * unit_scale(climate_unit, row["per_unit"]))
            q = q + climate * row["value"] * scale
        names.append(f"{method} (central)")
        units.append(TARGET_UNITS[indicator])
        rows.append(q)
        notes += used
    return tuple(names), tuple(units), np.array(rows).reshape(len(rows), mrio.n), notes


def _by_region(long: pd.DataFrame) -> pd.DataFrame:
    keys = ["year", "consumer", "scenario", "group", "indicator", "unit", "origin_region", "data"]
    return long.groupby(keys, as_index=False, sort=False)["value"].sum()


def _apply(pressure: pd.DataFrame, cf: np.ndarray, land_types: tuple[str, ...],
           regions: tuple[str, ...]) -> pd.DataFrame:
    t = pressure["indicator"].map({k: i for i, k in enumerate(land_types)}).to_numpy()
    r = pressure["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
    frames = []
    for b, bound in enumerate(BOUNDS):
        frames.append(pressure.assign(bound=bound, value=cf[b, t, r] * pressure["pressure"].to_numpy()))
    return pd.concat(frames, ignore_index=True)


def characterise(land_long: pd.DataFrame, climate_long: pd.DataFrame, factors: pd.DataFrame,
                 methods: tuple[str, ...], regions: tuple[str, ...],
                 fallback: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Impact by group, origin region, land type, method and bound.

    Parameters
    ----------
    land_long : DataFrame
        Attribution long table whose indicators are land types [ha*yr] (see :func:`land_type_pressures`).
    climate_long : DataFrame
        Attribution rows of the climate pressure (e.g. ``ghg`` [t CO2-eq]); may be empty.
    factors : DataFrame
        See :func:`read_factors`.
    methods : tuple of str
    regions : tuple of str
        Region order of the system.
    fallback : mapping, optional
        See :func:`factor_matrix`.

    Returns
    -------
    impacts : DataFrame
        Columns ``year, consumer, scenario, group, indicator, method, land_type, origin_region, bound,
        unit, pressure, pressure_unit, value, data``; ``value`` in ``unit`` (:data:`TARGET_UNITS`).
    notes : list of str
    """
    land = _by_region(land_long).rename(columns={"value": "pressure", "unit": "pressure_unit"})
    land_types = tuple(dict.fromkeys(land["indicator"]))
    t_idx = land["indicator"].map({k: i for i, k in enumerate(land_types)}).to_numpy()
    r_idx = land["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
    needed = np.zeros((len(land_types), len(regions)), dtype=bool)
    needed[t_idx, r_idx] = land["pressure"].to_numpy() != 0.0
    frames, notes = [], []
    for method in methods:
        indicator = str(factors.loc[factors["method"] == method, "indicator"].iloc[0])
        cf, used = factor_matrix(factors, method, land_types, regions, needed, fallback)
        notes += used
        out = _apply(land, cf, land_types, regions).rename(columns={"indicator": "land_type"})
        frames.append(out.assign(method=method, indicator=indicator, unit=TARGET_UNITS[indicator]))
        climate = method_rows(factors, method, "ghg")
        if len(climate) and len(climate_long):
            row = climate.iloc[0]
            cc = _by_region(climate_long).rename(columns={"value": "pressure", "unit": "pressure_unit"})
            scale = (unit_scale(row["impact_unit"], TARGET_UNITS[indicator])
                     * unit_scale(str(cc["pressure_unit"].iloc[0]), row["per_unit"]))
            for bound in BOUNDS:
                frames.append(cc.assign(method=method, indicator=indicator, land_type=CLIMATE,
                                        bound=bound, unit=TARGET_UNITS[indicator],
                                        value=cc["pressure"] * row[BOUND_COLUMNS[bound]] * scale))
    cols = ["year", "consumer", "scenario", "group", "indicator", "method", "land_type",
            "origin_region", "bound", "unit", "pressure", "pressure_unit", "value", "data"]
    return pd.concat(frames, ignore_index=True)[cols], notes
