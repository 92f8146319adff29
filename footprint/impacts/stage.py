"""The impact stage of a run: read the tables once, characterise a year's footprint, impact rows.

The pipeline calls three functions: :func:`read_impact_inputs` (once per run), :func:`impact_stage`
(per loaded year, after the attribution) and :func:`impact_indicators` (rows the waterbed follows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from footprint.attribution import GroupWeights, attribute
from footprint.config import ConsumerConfig, ImpactsConfig
from footprint.engine import Leontief
from footprint.impacts.characterise import characterise, impact_intensities
from footprint.impacts.land import land_type_pressures
from footprint.impacts.ranking import rank_change_notes, ranking, ranking_stability
from footprint.impacts.tables import GLOBAL, read_factors, read_land_type_map
from footprint.pressures import PressureSet
from footprint.system import MRIO

__all__ = ["ImpactInputs", "impact_indicators", "impact_stage", "read_impact_inputs"]


@dataclass(frozen=True)
class ImpactInputs:
    """The tables the impact stage reads once per run."""

    factors: pd.DataFrame
    """Factor rows of the run's methods (:func:`footprint.impacts.tables.read_factors`)."""
    land_map: pd.DataFrame
    """Land-type map (:func:`footprint.impacts.tables.read_land_type_map`)."""


def read_impact_inputs(spec: ImpactsConfig | None) -> ImpactInputs | None:
    """Read and check the factor table and the land-type map (None with impacts off)."""
    if spec is None or not spec.enabled:
        return None
    return ImpactInputs(read_factors(spec.factors, spec.methods), read_land_type_map(spec.land_types))


def impact_stage(spec: ImpactsConfig, inputs: ImpactInputs, mrio: MRIO, leontief: Leontief,
                 pressures: PressureSet, consumer: ConsumerConfig, groups: GroupWeights,
                 long: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Biodiversity impact by origin: land by land type through the same solve, then characterised.

    Parameters
    ----------
    spec : ImpactsConfig
    inputs : ImpactInputs
    mrio, leontief, pressures, consumer, groups
        The loaded year and the run's selections.
    long : DataFrame
        The year's attribution (pressures [their units] by group and origin).

    Returns
    -------
    tables : dict of str to DataFrame
        ``impacts``, ``impact_ranking``, ``impact_ranking_stability``.
    notes : list of str
        Fallbacks used and every rank change.
    """
    factors = inputs.factors
    land = land_type_pressures(inputs.land_map, mrio, pressures, spec.land_pressure)
    land_long = attribute(mrio, leontief, land, consumer, groups)
    climate = long[long["indicator"] == spec.climate_pressure]
    table, notes = characterise(land_long, climate, factors, spec.methods, mrio.regions, spec.fallback)
    ranked = ranking(table, long[long["indicator"] == spec.land_pressure])
    regional = tuple(m for m in spec.methods if set(factors.loc[factors["method"] == m, "region"])
                     != {GLOBAL})
    notes += rank_change_notes(ranked, regional, spec.top_n)
    return {"impacts": table, "impact_ranking": ranked.assign(data=mrio.label),
            "impact_ranking_stability": ranking_stability(ranked, spec.top_n)
            .assign(data=mrio.label)}, notes


def impact_indicators(spec: ImpactsConfig, inputs: ImpactInputs, mrio: MRIO, pressures: PressureSet,
                      s: np.ndarray) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """Each method's central impact per unit of output, rows for the waterbed [impact unit / M EUR].

    Parameters
    ----------
    spec : ImpactsConfig
    inputs : ImpactInputs
    mrio : MRIO
    pressures : PressureSet
    s : ndarray, shape (n_pressures, n)
        The pressures' intensities (climate is read from the row of ``spec.climate_pressure``).

    Returns
    -------
    names, units : tuple of str
    q : ndarray, shape (n_methods, n)
    """
    land = land_type_pressures(inputs.land_map, mrio, pressures, spec.land_pressure)
    climate = (s[pressures.names.index(spec.climate_pressure)]
               if spec.climate_pressure in pressures.names else None)
    unit = pressures.unit_of(spec.climate_pressure) if climate is not None else "t CO2-eq"
    names, units, q, _ = impact_intensities(inputs.factors, spec.methods, land, mrio, climate, unit,
                                            spec.fallback)
    return names, units, q
