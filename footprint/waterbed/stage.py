"""The waterbed across years: the years' tables joined, I1 and I2 between every pair of years
(:func:`year_pairs`), the same with one year's structure held (volume effects only).

Each year's own part (its bilateral matrices, its scenarios) is computed by
:func:`footprint.pipeline.run_year`; :func:`analyse` joins the years.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from footprint.config import ConsumerConfig
from footprint.errors import ConfigError
from footprint.waterbed.bilateral import Bilateral, YearSystem, bilateral, regional_final_demand
from footprint.waterbed.measures import WATERBED, importer_share_shift, top_mask
from footprint.waterbed.tables import TAKER_COLUMNS, ex_post_table, shares_table, takers_table

__all__ = ["analyse", "waterbed_indicators", "year_pairs"]


def _held(systems: Mapping[int, YearSystem], base_year: int, consumer: ConsumerConfig
          ) -> dict[int, Bilateral]:
    """Bilateral matrices of every year with s and L of ``base_year`` (volume effects only)."""
    if base_year not in systems:
        raise ConfigError(
            f"[waterbed] base_year = {base_year} is not a loaded year ({sorted(systems)}); "
            "add it to [data] years or change base_year."
        )
    base = systems[base_year]
    out = {}
    for year, sys_ in systems.items():
        if sys_.mrio.regions != base.mrio.regions or sys_.mrio.sectors != base.mrio.sectors:
            raise ConfigError(
                f"[waterbed] base_year: the {year} system's regions or sectors differ from "
                f"{base_year}'s, so its final demand cannot be evaluated with {base_year}'s "
                "structure; use systems with the same classification or drop base_year."
            )
        Yc = regional_final_demand(sys_.mrio, consumer)
        out[year] = bilateral(base.mrio, base.leontief, base.indicators, consumer, base.groups,
                              Yc=Yc, year=year)
    return out


def _units(names: Sequence[str], units: Sequence[str], column: pd.Series) -> pd.Series:
    return column.map(dict(zip(names, units, strict=True)))


def year_pairs(years: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs of years the ex-post indicators compare: consecutive years, then first -> last."""
    years = sorted(years)
    pairs = list(itertools.pairwise(years))
    if len(years) > 2:
        pairs.append((years[0], years[-1]))
    return pairs


def waterbed_indicators(bils: Mapping[int, Bilateral], consumer: str, label: str, *,
                        tau: float = WATERBED.tau, materiality: float = WATERBED.materiality,
                        floor: float = WATERBED.materiality_floor, basis: str = "observed"
                        ) -> pd.DataFrame | None:
    """The ``waterbed_indicators`` table: :func:`ex_post_table` for every pair of :func:`year_pairs`.

    The one builder of the table, in a run (from the matrices of its years) and in a batch's series
    (from the matrices rebuilt from the dataset's ``bilateral`` table). None with fewer than two
    years.
    """
    frames = [ex_post_table(bils[y0], bils[y1], consumer, tau, label, basis, materiality, floor)
              for y0, y1 in year_pairs(list(bils))]
    return pd.concat(frames, ignore_index=True) if frames else None


def _ex_post_takers(bils: Mapping[int, Bilateral], consumer: str, flag: Mapping[str, float], top_n: int,
                    label: str, basis: str) -> list[pd.DataFrame]:
    """Taker shares of the ``top_n`` origins whose sales to the consumer fell, per pair of years."""
    takers = []
    for y0, y1 in year_pairs(list(bils)):
        b0, b1 = bils[y0], bils[y1]
        dP = b1.P - b0.P
        c = b1.regions.index(consumer)
        material = importer_share_shift(b0.P, b1.P, c, flag["tau"], flag["materiality"],
                                        flag["floor"])["material"]
        for g, group in enumerate(b1.groups):
            keep = top_mask(dP[g, :, :, c], top_n) & material[g]
            t = takers_table(dP[g], b1.regions, consumer, b1.indicators.names,
                             f"{y0}->{y1} ({basis})", keep)
            t = t.assign(group=group, q=np.nan, d=np.nan, data=label,
                         unit=_units(b1.indicators.names, b1.indicators.units, t["indicator"]))
            takers.append(t[TAKER_COLUMNS])
    return takers


def analyse(systems: Mapping[int, YearSystem], bils: Mapping[int, Bilateral],
            year_tables: Mapping[int, Mapping[str, pd.DataFrame]], consumer: ConsumerConfig, *,
            tau: float = WATERBED.tau, top_n: int = WATERBED.top_n, base_year: int | None = None,
            materiality: float = WATERBED.materiality, floor: float = WATERBED.materiality_floor,
            label: str = "") -> dict[str, pd.DataFrame]:
    """The waterbed across years: the years' tables joined, I1 and I2 between years, held structure.

    Parameters
    ----------
    systems : dict of int to YearSystem
        Every loaded year (one factorisation each).
    bils : dict of int to Bilateral
        Each year's origin x consumer matrices (``pipeline.run_year``).
    year_tables : dict of int to dict of str to DataFrame
        Each year's tables from ``pipeline.run_year``: ``bilateral`` and, for the scenario year,
        ``scenarios``, ``scenario_absorption`` and ``waterbed_takers``.
    consumer : ConsumerConfig
        The consumer region and the final-demand categories that define consumption.
    tau : float
        Tolerance of the waterbed flag on the origin's total [-].
    top_n : int
        Origins listed per group and indicator in the taker tables.
    base_year : int, optional
        Also evaluate every year with this year's intensities and structure (s and L).
    materiality, floor : float
        Ex post, a waterbed flag and a WAR need the consumer's pressure from the origin to fall by
        more than ``materiality`` x its earlier value and ``floor`` x the consumer's earlier
        footprint [-] (:func:`importer_share_shift`).
    label : str
        Data label of the cross-year tables.

    Returns
    -------
    dict of str to DataFrame
        ``bilateral`` (origin x consumer values with the importer shares, see
        :func:`shares_table`; scenario ``structure_<base_year>`` for the held-structure rows),
        ``waterbed_indicators`` (I1, I2 per origin; with two or more years), ``waterbed_takers``
        (columns :data:`TAKER_COLUMNS`), ``scenarios`` (I3) and ``scenario_absorption`` (I2 per
        origin; with scenarios, see :mod:`footprint.waterbed.scenario_tables`).

    Raises
    ------
    ConfigError
        ``base_year`` is not a loaded year.
    """
    years = sorted(bils)
    region = consumer.region
    frames = {"bilateral": [year_tables[y]["bilateral"] for y in years]}
    flag = {"tau": tau, "materiality": materiality, "floor": floor}
    observed = waterbed_indicators(bils, region, label, tau=tau, materiality=materiality, floor=floor)
    ind = [observed] if observed is not None else []
    takers = _ex_post_takers(bils, region, flag, top_n, label, "observed")
    if base_year is not None:
        held = _held(systems, base_year, consumer)
        scen = f"structure_{base_year}"
        frames["bilateral"] += [shares_table(held[y], label, scen) for y in years
                                if y != base_year]
        basis = f"s and L of {base_year}"
        more = waterbed_indicators(held, region, label, tau=tau, materiality=materiality, floor=floor,
                                   basis=basis)
        ind += [more] if more is not None else []
        takers += _ex_post_takers(held, region, flag, top_n, label, basis)
    for y in years:
        for name in ("scenarios", "scenario_absorption"):
            if name in year_tables[y]:
                frames[name] = [year_tables[y][name]]
        if "waterbed_takers" in year_tables[y]:
            takers.append(year_tables[y]["waterbed_takers"])
    if ind:
        frames["waterbed_indicators"] = ind
    if takers:
        frames["waterbed_takers"] = takers
    return {k: pd.concat(v, ignore_index=True) for k, v in frames.items() if v}
