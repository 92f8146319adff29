"""The impact stage of a run: read the tables once, characterise a year's footprint, impact rows.

The pipeline calls three functions: :func:`read_impact_inputs` (once per run), :func:`impact_stage`
(per loaded year, after the attribution) and :func:`impact_indicators` (rows the waterbed follows).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from footprint.attribution import GroupWeights, attribute
from footprint.config import ConsumerConfig, ImpactsConfig
from footprint.engine.leontief import Leontief
from footprint.impacts.characterise import characterise, impact_intensities
from footprint.impacts.country import COUNTRY_METHODS, country_factors
from footprint.impacts.emissions import by_origin, emission_factor_rows, emission_impacts, emission_pressures
from footprint.impacts.land import land_type_pressures
from footprint.impacts.montecarlo import McSpec
from footprint.impacts.ranking import rank_change_notes, ranking, ranking_stability
from footprint.impacts.regional import WEIGHT_COLUMNS, area_weights, region_factors
from footprint.impacts.tables import CLIMATE, GLOBAL, read_factors, read_land_type_map
from footprint.impacts.uncertainty import monte_carlo
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet

__all__ = [
    "ImpactInputs",
    "factors_for",
    "impact_indicators",
    "impact_stage",
    "read_impact_inputs",
    "year_factors",
]

REAL_FACTORS = "published characterisation factors (real data, see source), not demo numbers"
REAL_AREAS = "FAOSTAT land use and land cover (real data), not demo numbers"
FACTOR_OUT = ["method", "indicator", "pressure", "land_type", "region", "value_low", "value", "value_high",
              "impact_unit", "per_unit", "range_kind", "aggregation", "members", "version", "source",
              "licence"]


@dataclass(frozen=True)
class ImpactInputs:
    """The tables the impact stage reads once per run."""

    factors: pd.DataFrame
    """Factor rows of the run's methods that ``factors.csv`` holds
    (:func:`footprint.impacts.tables.read_factors`)."""
    land_map: pd.DataFrame
    """Land-type map (:func:`footprint.impacts.tables.read_land_type_map`)."""
    country: pd.DataFrame | None = None
    """Country factors of the run's country methods (:func:`footprint.impacts.country.country_factors`);
    None when the run has none."""


def read_impact_inputs(spec: ImpactsConfig | None) -> ImpactInputs | None:
    """Read and check the factor table, the land-type map and the country factors (None: impacts off).

    Methods with country-level factors (:data:`footprint.impacts.country.COUNTRY_METHODS`) are read
    from the country tables; the others from the factor table ``[impacts] factors``.
    """
    if spec is None or not spec.enabled:
        return None
    by_country = tuple(m for m in spec.methods if m in COUNTRY_METHODS)
    factors = read_factors(spec.factors, spec.methods, elsewhere=tuple(COUNTRY_METHODS))
    factors = factors[~(factors["method"].isin(by_country) & (factors["pressure"] == "land"))]
    if "range_kind" not in factors.columns:
        factors = factors.assign(range_kind="unspecified")
    for column in ("aggregation", "members"):
        if column not in factors.columns:
            factors = factors.assign(**{column: ""})
    return ImpactInputs(factors.reset_index(drop=True), read_land_type_map(spec.land_types),
                        country_factors(by_country) if by_country else None)


def factors_for(inputs: ImpactInputs, regions: tuple[str, ...], year: int | None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Factor rows for ``regions`` in ``year`` and the area weights behind the rest-of-world regions.

    See :func:`year_factors` (which calls this with a loaded year's regions and year).
    """
    if inputs.country is None:
        return inputs.factors, pd.DataFrame(columns=list(WEIGHT_COLUMNS))
    weights = area_weights(year)
    weights = weights[weights["exio_region"].isin(regions)].reset_index(drop=True)
    regional = region_factors(inputs.country, regions, weights)
    return pd.concat([inputs.factors, regional], ignore_index=True), weights


def year_factors(inputs: ImpactInputs, mrio: MRIO) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The factor rows of one loaded year and the area weights behind its rest-of-world regions.

    Country methods get one row per region of the data: a country region its country's factor, a
    rest-of-world region the land-area-weighted mean of its members in the data year (or the nearest
    year of the FAOSTAT table), see :mod:`footprint.impacts.regional`.

    Returns
    -------
    factors : DataFrame
        Rows of ``factors.csv``'s layout plus ``range_kind``, ``aggregation``, ``members``.
    weights : DataFrame
        :func:`footprint.impacts.regional.area_weights` of the data's rest-of-world regions (empty
        without country methods).
    """
    return factors_for(inputs, mrio.regions, mrio.year)


def _range_kind(table: pd.DataFrame, factors: pd.DataFrame) -> pd.Series:
    """The range label of each impact row: its method's land or climate factor's ``range_kind``."""
    kinds = factors.groupby(["method", "pressure"])["range_kind"].first()
    keys = zip(table["method"], np.where(table["land_type"] == CLIMATE, "ghg", "land"), strict=True)
    return pd.Series([kinds.get(k, "unspecified") for k in keys], index=table.index)


def _emissions(spec: ImpactsConfig, inputs: ImpactInputs, mrio: MRIO, leontief: Leontief,
               consumer: ConsumerConfig, groups: GroupWeights, weights: pd.DataFrame
               ) -> tuple[pd.DataFrame, list[str]]:
    """N deposition (msa_ibif2) and per-gas climate (pdf_glam1) impacts by origin, through the solve."""
    if inputs.country is None or not {"msa_ibif2", "pdf_glam1"} & set(spec.methods):
        return pd.DataFrame(), []
    pressures = emission_pressures(mrio)
    if not pressures.names:
        return pd.DataFrame(), ["impacts: no NH3, NOx or greenhouse-gas rows of emission_stressor_map.csv "
                                f"in this data ({mrio.layout}); no N deposition or GLAM climate impacts"]
    countries = inputs.country.drop_duplicates("iso3")
    factors = emission_factor_rows(countries, weights, mrio.regions, spec.methods)
    long = attribute(mrio, leontief, pressures, consumer, groups)
    table = emission_impacts(long, factors)
    gaps = sorted(set(long.loc[long["value"] != 0, "origin_region"])
                  - set(factors.loc[factors["region"] != GLOBAL, "region"])) if len(factors) else []
    notes = [f"impacts msa_ibif2: no N-deposition factor for {', '.join(gaps)} (not an EXIOBASE country "
             "or RoW region): their N deposition is left out"] if gaps and "msa_ibif2" in spec.methods else []
    return table, notes


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
        ``impacts``, ``impact_ranking`` (with the Monte Carlo columns), ``impact_ranking_stability``,
        ``impact_uncertainty`` (each group's land-use impact: low / high sums beside the Monte Carlo
        percentiles), ``impact_factors`` (the factor
        of every method, land type and region used, with its source and range label) and
        ``impact_area_weights`` (the land-area weights of the rest-of-world regions).
    notes : list of str
        Fallbacks used and every rank change.
    """
    factors, weights = year_factors(inputs, mrio)
    land = land_type_pressures(inputs.land_map, mrio, pressures, spec.land_pressure)
    land_long = attribute(mrio, leontief, land, consumer, groups)
    climate = long[long["indicator"] == spec.climate_pressure]
    table, notes = characterise(land_long, climate, factors, spec.methods, mrio.regions, spec.fallback)
    table.insert(table.columns.get_loc("bound") + 1, "range_kind", _range_kind(table, factors))
    ranked = ranking(table, long[long["indicator"] == spec.land_pressure])
    started = time.perf_counter()
    ranked, totals = monte_carlo(ranked, table, factors, mrio.regions, McSpec(spec.draws, spec.seed),
                                 spec.top_n, inputs.country, weights, spec.fallback)
    if spec.draws:
        notes.append(f"impacts: Monte Carlo over the factors, {spec.draws:,} draws (seed {spec.seed}), "
                     f"land-use impact by origin: p5 / p50 / p95 and the probability that each origin "
                     f"keeps its rank in impact_ranking ({time.perf_counter() - started:.2f} s)")
    regional = tuple(m for m in spec.methods if set(factors.loc[factors["method"] == m, "region"])
                     != {GLOBAL})
    notes += rank_change_notes(ranked, regional, spec.top_n)
    if len(weights):
        notes.append(f"impacts: rest-of-world factors of {', '.join(dict.fromkeys(weights['exio_region']))}"
                     " are means of the member countries weighted by their area of each land type (FAOSTAT "
                     f"{int(weights['area_year'].iloc[0])}; table impact_area_weights)")
    emissions, more = _emissions(spec, inputs, mrio, leontief, consumer, groups, weights)
    notes += more
    used = factors[factors["region"].isin((*mrio.regions, GLOBAL))]
    return {"impacts": table, "impact_ranking": ranked.assign(data=mrio.label),
            "impact_ranking_stability": ranking_stability(ranked, spec.top_n).assign(data=mrio.label),
            "impact_uncertainty": totals.assign(data=mrio.label),
            "impact_emissions": emissions,
            "impact_by_origin": by_origin(table, emissions),
            "impact_factors": used[FACTOR_OUT].assign(data=REAL_FACTORS),
            "impact_area_weights": weights.assign(data=REAL_AREAS)}, notes


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
    factors, _ = year_factors(inputs, mrio)
    names, units, q, _ = impact_intensities(factors, spec.methods, land, mrio, climate, unit, spec.fallback)
    return names, units, q
