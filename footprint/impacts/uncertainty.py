"""Factor draws per method and the Monte Carlo columns of the impact ranking.

:func:`factor_draws` builds the draws of one method's factor matrix (land type x region), with
countries drawn independently and rest-of-world regions as area-weighted means of their members'
draws; :func:`monte_carlo` adds p5 / p50 / p95 of each origin's land-use impact and the probability
that it keeps its rank to :func:`footprint.impacts.ranking.ranking`'s table.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from footprint.impacts.factors import factor_matrix
from footprint.impacts.montecarlo import (
    DISTRIBUTIONS,
    McSpec,
    draw,
    land_array,
    percentiles,
    rank_probabilities,
    to_target,
)
from footprint.impacts.regional import ROW_REGIONS
from footprint.impacts.tables import CLIMATE, GLOBAL

__all__ = ["MC_COLUMNS", "TOTAL_COLUMNS", "factor_draws", "monte_carlo"]

MC_COLUMNS = ("mc_p5", "mc_p50", "mc_p95", "p_keep_rank", "p_top_n", "mc_distribution")
TOTAL_COLUMNS = ("group", "method", "indicator", "unit", "range_kind", "impact_low", "impact",
                 "impact_high", "mc_p5", "mc_p50", "mc_p95", "draws", "seed", "mc_distribution")


def _member_matrix(iso3_of: dict[str, str], weights: dict[str, pd.Series], regions: tuple[str, ...]
                   ) -> tuple[list[str], np.ndarray]:
    """ISO3 countries drawn for one land type and the (regions x countries) weights onto regions.

    ``iso3_of``: ISO2 -> ISO3 of the country regions; ``weights``: RoW region -> member weights (ISO3).
    """
    pairs: list[tuple[int, str, float]] = []
    for j, region in enumerate(regions):
        if region in ROW_REGIONS and region in weights:
            w = weights[region]
            pairs += [(j, str(iso3), float(wt) / float(w.sum())) for iso3, wt in w.items()]
        elif region in iso3_of:
            pairs.append((j, iso3_of[region], 1.0))
    isos = sorted({p[1] for p in pairs})
    col = {iso3: k for k, iso3 in enumerate(isos)}
    M = np.zeros((len(regions), len(isos)))
    for j, iso3, wt in pairs:
        M[j, col[iso3]] += wt
    return isos, M


def factor_draws(factors: pd.DataFrame, method: str, land_types: tuple[str, ...],
                 regions: tuple[str, ...], needed: np.ndarray, spec: McSpec, rng: np.random.Generator,
                 country: pd.DataFrame | None = None, weights: pd.DataFrame | None = None,
                 fallback: Mapping[str, str] | None = None) -> tuple[np.ndarray, str]:
    """Draws of one method's land factors [target unit / ha*yr], shape (draws, land types, regions).

    Parameters
    ----------
    factors : DataFrame
        The year's factor rows (:func:`footprint.impacts.stage.year_factors`).
    method : str
    land_types, regions : tuple of str
    needed : ndarray of bool, shape (n_land_types, n_regions)
        Where the footprint has land (a factor is required there).
    spec : McSpec
    rng : numpy.random.Generator
    country, weights : DataFrame, optional
        Country factors and area weights: with them a country method's regions are drawn per country.
    fallback : mapping, optional
        ``[impacts] fallback``.

    Returns
    -------
    draws : ndarray, shape (spec.draws, n_land_types, n_regions)
    kind : str
        The method's ``range_kind``.
    """
    rows = factors[(factors["method"] == method) & (factors["pressure"] == "land")]
    kind = str(rows["range_kind"].iloc[0]) if "range_kind" in rows else "unspecified"
    cf, _ = factor_matrix(factors, method, land_types, regions, needed, fallback)
    n = spec.draws
    if set(rows["region"]) == {GLOBAL}:  # one factor per land type for every region
        d = draw(cf[0, :, 0], cf[1, :, 0], cf[2, :, 0], kind, n, rng)
        return np.repeat(d[:, :, np.newaxis], len(regions), axis=2), kind
    out = draw(cf[0].ravel(), cf[1].ravel(), cf[2].ravel(), kind, n, rng).reshape(n, *cf.shape[1:])
    if country is None or weights is None or method not in set(country["method"]):
        return out, kind
    mine = country[country["method"] == method]
    iso3_of = dict(zip(mine["iso2"], mine["iso3"], strict=False))
    per_type = weights.assign(land_type=weights["land_types"].str.split()).explode("land_type")
    per_type = per_type[per_type["weight"] > 0]
    for t, land_type in enumerate(land_types):
        rows_t = mine[mine["land_type"] == land_type].set_index("iso3")
        w_t = per_type[per_type["land_type"] == land_type]
        by_region = {str(r): g.set_index("iso3")["weight"] for r, g in w_t.groupby("exio_region")}
        isos, M = _member_matrix(iso3_of, by_region, regions)
        if not isos:
            continue
        sel = rows_t.loc[isos]
        scale = to_target(str(sel["impact_unit"].iloc[0]), str(sel["per_unit"].iloc[0]),
                          str(sel["indicator"].iloc[0]))
        by_country = draw(sel["value_low"].to_numpy(), sel["value"].to_numpy(),
                          sel["value_high"].to_numpy(), kind, n, rng) * scale
        covered = M.sum(axis=1) > 0
        out[:, t, covered] = by_country @ M[covered].T
    return out, kind


def monte_carlo(ranked: pd.DataFrame, impacts: pd.DataFrame, factors: pd.DataFrame,
                regions: tuple[str, ...], spec: McSpec, top_n: int, country: pd.DataFrame | None = None,
                weights: pd.DataFrame | None = None, fallback: Mapping[str, str] | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``ranked`` with the Monte Carlo columns :data:`MC_COLUMNS` (land-use impact, no climate).

    Parameters
    ----------
    ranked : DataFrame
        :func:`footprint.impacts.ranking.ranking`.
    impacts : DataFrame
        :func:`footprint.impacts.characterise.characterise`.
    factors, regions, spec, country, weights, fallback
        See :func:`factor_draws`.
    top_n : int
        Size of the top set of ``p_top_n``.

    Returns
    -------
    ranked : DataFrame
        ``ranked`` plus ``mc_p5, mc_p50, mc_p95`` [unit], ``p_keep_rank``, ``p_top_n`` [-] and
        ``mc_distribution``; unchanged when ``spec.draws == 0``.
    totals : DataFrame
        Columns :data:`TOTAL_COLUMNS`: each group's land-use impact summed over origins, with the
        sum of the low and high factors beside the Monte Carlo percentiles of the sum (empty when
        ``spec.draws == 0``).
    """
    totals: list[dict[str, object]] = []
    if spec.draws == 0 or ranked.empty:
        return ranked, pd.DataFrame(columns=list(TOTAL_COLUMNS))
    rng = np.random.default_rng(spec.seed)
    land_types = [t for t in dict.fromkeys(impacts["land_type"]) if t != CLIMATE]
    groups = list(dict.fromkeys(ranked["group"]))
    P = land_array(impacts, groups, list(regions), land_types)
    needed = (P != 0).any(axis=0).T  # (land types, regions)
    out = ranked.copy()
    for column in MC_COLUMNS:
        out[column] = np.nan if column != "mc_distribution" else ""
    for method, rows in ranked.groupby("method", sort=False):
        D, kind = factor_draws(factors, str(method), tuple(land_types), regions, needed, spec, rng,
                               country, weights, fallback)
        impact = np.einsum("grt,dtr->dgr", P, D)
        central = np.full((len(groups), len(regions)), np.nan)
        g = rows["group"].map({k: i for i, k in enumerate(groups)}).to_numpy()
        r = rows["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
        central[g, r] = rows["impact_rank"].to_numpy()
        impact = np.where(np.isnan(central)[np.newaxis], np.nan, impact)
        pct = percentiles(np.nan_to_num(impact))
        keep, top = rank_probabilities(impact, central, top_n)
        idx = rows.index
        out.loc[idx, "mc_p5"], out.loc[idx, "mc_p50"], out.loc[idx, "mc_p95"] = (
            pct[0][g, r], pct[1][g, r], pct[2][g, r])
        out.loc[idx, "p_keep_rank"], out.loc[idx, "p_top_n"] = keep[g, r], top[g, r]
        label = DISTRIBUTIONS.get(kind, DISTRIBUTIONS["sensitivity"])
        out.loc[idx, "mc_distribution"] = label
        total = percentiles(np.nansum(impact, axis=2))  # (3, groups)
        sums = rows.groupby("group", sort=False)[["impact_low", "impact", "impact_high"]].sum()
        first = rows.iloc[0]
        for group, b in sums.iterrows():
            i = groups.index(str(group))
            totals.append({"group": group, "method": method, "indicator": first["indicator"],
                           "unit": first["unit"], "range_kind": first["range_kind"], **b.to_dict(),
                           "mc_p5": total[0][i], "mc_p50": total[1][i], "mc_p95": total[2][i],
                           "draws": spec.draws, "seed": spec.seed, "mc_distribution": label})
    return out, pd.DataFrame(totals, columns=list(TOTAL_COLUMNS))
