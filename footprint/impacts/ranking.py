"""Origins ranked by impact beside their rank by land, and how stable the rankings are."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from footprint.config import ImpactsConfig
from footprint.impacts.tables import CLIMATE

__all__ = ["IMPACTS", "rank_change_notes", "ranking", "ranking_stability"]

IMPACTS = ImpactsConfig()
"""The ``[impacts]`` defaults of the run-file schema (``top_n``: the size of the top-origin sets)."""


def ranking(impacts: pd.DataFrame, pressure: pd.DataFrame) -> pd.DataFrame:
    """Origins ranked by land-use impact beside their rank by land pressure, per group and method.

    Parameters
    ----------
    impacts : DataFrame
        See :func:`characterise`; climate rows are left out (no origin-specific factor).
    pressure : DataFrame
        Land pressure by group and origin region (columns ``group, origin_region, value``) [ha].

    Returns
    -------
    DataFrame
        One row per group, method and origin region: ``pressure`` [ha] and its rank, ``impact_low,
        impact, impact_high`` [unit] and the rank by ``impact``, ``impact_per_ha`` (central, low and
        high) [unit / ha*yr], ``rank_change`` = pressure rank - impact rank (positive: more important
        by impact than by area).
    """
    land = impacts[impacts["land_type"] != CLIMATE]
    if "range_kind" not in land.columns:
        land = land.assign(range_kind="unspecified")
    wide = land.pivot_table(index=["group", "method", "indicator", "unit", "range_kind", "origin_region"],
                            columns="bound", values="value", aggfunc="sum", sort=False).reset_index()
    wide = wide.rename(columns={"low": "impact_low", "central": "impact", "high": "impact_high"})
    area = pressure.groupby(["group", "origin_region"], as_index=False)["value"].sum()
    out = wide.merge(area.rename(columns={"value": "pressure"}), on=["group", "origin_region"])
    grouped = out.groupby(["group", "method"], sort=False)
    out["pressure_rank"] = grouped["pressure"].rank(ascending=False, method="min").astype(int)
    out["impact_rank"] = grouped["impact"].rank(ascending=False, method="min").astype(int)
    out["rank_change"] = out["pressure_rank"] - out["impact_rank"]
    with np.errstate(divide="ignore", invalid="ignore"):
        for col in ("impact_low", "impact", "impact_high"):
            out[col.replace("impact", "impact_per_ha")] = out[col] / out["pressure"]
    return out.sort_values(["group", "method", "impact_rank"], kind="stable").reset_index(drop=True)


def _compare(a: pd.Series, b: pd.Series, top_n: int) -> tuple[float, float]:
    both = pd.concat([a, b], axis=1).fillna(0.0)
    x, y = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    tau = float("nan")
    if len(both) > 1 and np.ptp(x) > 0 and np.ptp(y) > 0:
        tau = float(stats.kendalltau(x, y).statistic)
    n = min(top_n, len(both))
    overlap = len(set(a.nlargest(n).index) & set(b.nlargest(n).index)) / n if n else float("nan")
    return tau, overlap


def ranking_stability(ranked: pd.DataFrame, top_n: int = IMPACTS.top_n) -> pd.DataFrame:
    """How stable the origin ranking is: pressure vs each method and bound, and low vs high, per group.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`ranking`.
    top_n : int
        Size of the top set compared.

    Returns
    -------
    DataFrame
        Columns ``group, ranking_a, ranking_b``, ``range_kind_a, range_kind_b`` (what each ranking's
        bound is: ``uncertainty_95`` or ``sensitivity`` for a low or high bound, ``central``, or
        ``none`` for the land pressure), ``kendall_tau`` (tau-b over all origins, [-1, 1]) and
        ``top_n_overlap`` (shared share of the two top-``top_n`` sets, [0, 1]).
    """
    rows = []
    for group, frame in ranked.groupby("group", sort=False):
        series = {"land pressure": frame.drop_duplicates("origin_region")
                  .set_index("origin_region")["pressure"]}
        kinds = {"land pressure": "none"}
        for method, m in frame.groupby("method", sort=False):
            m = m.set_index("origin_region")
            kind = str(m["range_kind"].iloc[0]) if "range_kind" in m.columns else "unspecified"
            for bound, col in (("low", "impact_low"), ("central", "impact"), ("high", "impact_high")):
                series[f"{method} {bound}"] = m[col]
                kinds[f"{method} {bound}"] = "central" if bound == "central" else kind
        names = list(series)
        pairs = [("land pressure", n) for n in names[1:]]
        pairs += [(f"{m} low", f"{m} high") for m in frame["method"].unique()]
        centrals = [n for n in names if n.endswith(" central")]
        pairs += [(a, b) for i, a in enumerate(centrals) for b in centrals[i + 1:]]
        for a, b in pairs:
            tau, overlap = _compare(series[a], series[b], top_n)
            rows.append({"group": group, "ranking_a": a, "ranking_b": b, "range_kind_a": kinds[a],
                         "range_kind_b": kinds[b], "kendall_tau": tau, f"top_{top_n}_overlap": overlap})
    return pd.DataFrame(rows)


def rank_change_notes(ranked: pd.DataFrame, methods: tuple[str, ...],
                      top_n: int = IMPACTS.top_n) -> list[str]:
    """One line per group and method: the top origins by land and by impact, and every rank change.

    Every origin of the ranking is compared (not only the top ``top_n``); the line says how many.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`ranking`.
    methods : tuple of str
        Methods to report (e.g. the region-specific ones).
    top_n : int
        Size of the top lists shown.

    Returns
    -------
    list of str
        E.g. ``"impact ranking protein, pdf_glam1: top 5 by land WL BR US CN NL; by impact WL BR US CN
        NL; rank changes (land -> impact) among all 13 origins with land use: WA 8->6, DE 6->8"``; the
        changes are in the order of the impact rank.
    """
    lines = []
    for (group, method), frame in ranked[ranked["method"].isin(methods)].groupby(
            ["group", "method"], sort=False):
        by_p = list(frame.sort_values("pressure_rank", kind="stable")["origin_region"][:top_n])
        by_i = frame.sort_values("impact_rank", kind="stable")
        moved = by_i[by_i["rank_change"] != 0]
        moves = ", ".join(f"{r} {p}->{i}" for r, p, i in
                          zip(moved["origin_region"], moved["pressure_rank"], moved["impact_rank"],
                              strict=True))
        lines.append(f"impact ranking {group}, {method}: top {top_n} by land {' '.join(by_p)}; by impact "
                     f"{' '.join(by_i['origin_region'][:top_n])}; rank changes (land -> impact) among all "
                     f"{len(frame)} origins with land use: {moves or 'none'}")
    return lines
