"""The waterbed's long tables: bilateral values with importer shares, I1/I2 between two years (ex
post), taker shares; one row per group, indicator, origin (and consumer or taker).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from footprint.vocabulary import BASELINE
from footprint.waterbed.bilateral import Array, Bilateral
from footprint.waterbed.measures import (
    WATERBED,
    absorption,
    importer_share_shift,
    importer_shares,
    top_takers,
)

__all__ = ["bilateral_table", "ex_post_table", "shares_table", "takers_table"]


# --------------------------------------------------------------------------------------------
# tidy tables (the long vocabulary plus the indicator columns of each table)

ALL_PRODUCTS = "all products"


def bilateral_table(bil: Bilateral, label: str, scenario: str = BASELINE) -> pd.DataFrame:
    """Long table of the bilateral matrices: ``consumer`` is the consuming region of each cell.

    Columns: year, consumer, group, indicator, unit, origin_region, origin_sector (``all
    products``), scenario, value [unit], data. Zero cells are dropped; every consuming region
    is listed, not only the run's consumer.
    """
    G, K, R, C = bil.P.shape
    regions = np.array(bil.regions, dtype=object)
    frame = pd.DataFrame({
        "year": bil.year,
        "consumer": np.tile(regions, G * K * R),
        "group": np.repeat(np.array(bil.groups, dtype=object), K * R * C),
        "indicator": np.tile(np.repeat(np.array(bil.indicators.names, dtype=object), R * C), G),
        "unit": np.tile(np.repeat(np.array(bil.indicators.units, dtype=object), R * C), G),
        "origin_region": np.tile(np.repeat(regions, C), G * K),
        "origin_sector": ALL_PRODUCTS,
        "scenario": scenario,
        "value": bil.P.ravel(),
        "data": label,
    })
    return frame[frame["value"] != 0.0].reset_index(drop=True)


def shares_table(bil: Bilateral, label: str, scenario: str = BASELINE) -> pd.DataFrame:
    """Importer shares of every origin's pressure: the bilateral table plus ``share`` and
    ``share_export_only`` [-] (sigma with and without the origin's own consumption)."""
    frame = bilateral_table(bil, label, scenario)
    sig = importer_shares(bil.P).ravel()
    exp = importer_shares(bil.P, exclude_domestic=True).ravel()
    keep = bil.P.ravel() != 0.0
    frame["share"] = sig[keep]
    frame["share_export_only"] = exp[keep]
    return frame


def _war_note(d_consumer: float, material: bool) -> str:
    """Why an ex-post WAR is missing (empty when it is given)."""
    if material:
        return ""
    if d_consumer > 0:
        return "consumer's pressure from the origin rose"
    if d_consumer == 0:
        return "consumer's pressure from the origin did not change"
    return "consumer's pressure from the origin fell by less than min_fall"


def ex_post_table(b0: Bilateral, b1: Bilateral, consumer: str, tau: float, label: str,
                  basis: str = "observed", materiality: float = WATERBED.materiality,
                  floor: float = WATERBED.materiality_floor
                  ) -> pd.DataFrame:
    """I1 and I2 per group, indicator and origin between two years (sorted by shifted pressure).

    Parameters
    ----------
    b0, b1 : Bilateral
        The matrices of the from and to year.
    consumer : str
    tau, materiality, floor : float
        Waterbed flag settings, see :func:`importer_share_shift` [-].
    label : str
        Data label.
    basis : str
        ``observed`` or the held structure (``s and L of <year>``).

    Returns
    -------
    DataFrame
        Columns: from_year, to_year, basis, consumer, group, indicator, unit, origin_region;
        total_from, total_to [unit] (the origin's pressure embodied in all consumers' final
        demand); sigma_from, sigma_to [-] (the consumer's importer share), iss [-] (its change),
        iss_export [-] (the same without the origin's own consumption); waterbed_flag (the
        consumer's share fell, the origin's total did not fall by more than tau, and the
        consumer's pressure from the origin fell by more than min_fall); shifted_pressure [unit]
        = |iss| x total_to, the origin's pressure that the consumer's change of share stands for
        (rows are sorted by it); d_consumer, d_others [unit] (change of the consumer's and of
        every other consumer's pressure from the origin); min_fall [unit] (the fall of d_consumer
        that counts as material: max(materiality x the consumer's t0 pressure from the origin,
        floor x its whole t0 footprint)); war, war_gross [-] (absorption ratios, only where the
        consumer's pressure fell by more than min_fall), war_note (why war is missing),
        top_takers (only with war); tau, materiality, floor [-]; data.
    """
    c = b1.regions.index(consumer)
    i1 = importer_share_shift(b0.P, b1.P, c, tau, materiality, floor)
    i2 = absorption(b1.P - b0.P, c)
    G, K, R, _ = b1.P.shape
    rows = []
    for g, k, r in np.ndindex(G, K, R):
        if i1["total0"][g, k, r] == 0 and i1["total1"][g, k, r] == 0:
            continue
        ok = bool(i1["material"][g, k, r])
        rows.append({
            "from_year": b0.year, "to_year": b1.year, "basis": basis,
            "consumer": consumer, "group": b1.groups[g],
            "indicator": b1.indicators.names[k], "unit": b1.indicators.units[k],
            "origin_region": b1.regions[r],
            "total_from": i1["total0"][g, k, r], "total_to": i1["total1"][g, k, r],
            "sigma_from": i1["sigma0"][g, k, r], "sigma_to": i1["sigma1"][g, k, r],
            "iss": i1["iss"][g, k, r], "iss_export": i1["iss_export"][g, k, r],
            "waterbed_flag": bool(i1["flag"][g, k, r]),
            "shifted_pressure": i1["shifted"][g, k, r],
            "d_consumer": i2["d_consumer"][g, k, r], "d_others": i2["d_others"][g, k, r],
            "min_fall": i1["min_fall"][g, k, r],
            "war": i2["war"][g, k, r] if ok else np.nan,
            "war_gross": i2["war_gross"][g, k, r] if ok else np.nan,
            "war_note": _war_note(float(i2["d_consumer"][g, k, r]), ok),
            "top_takers": top_takers(i2["theta"][g, k, r], b1.regions) if ok else "",
            "tau": tau, "materiality": materiality, "floor": floor, "data": label,
        })
    frame = pd.DataFrame(rows)
    return frame.sort_values(["group", "indicator", "shifted_pressure"],
                             ascending=[True, True, False], kind="stable").reset_index(drop=True)


def takers_table(dP: Array, regions: Sequence[str], consumer: str, names: Sequence[str],
                 scenario: str, keep: Array | None = None, takers: Sequence[str] | None = None
                 ) -> pd.DataFrame:
    """Taker shares theta (who absorbed the consumer's cut) per indicator, origin and taker.

    Parameters
    ----------
    dP : ndarray, shape (indicators, R, B)
        Change of the origin x buyer matrices [unit].
    regions : sequence of str
        The R origins (and the first R buyers).
    consumer : str
    names : sequence of str
        Indicator names.
    scenario : str
        Label of the ``scenario`` column.
    keep : ndarray of bool, shape (indicators, R), optional
        Origins to list (default: every origin whose sales to the consumer fell).
    takers : sequence of str, optional
        Labels of the B buyer columns (default ``regions``).

    Returns
    -------
    DataFrame
        Columns scenario, indicator, origin_region, taker, delta [indicator unit] (the taker's
        change), theta [-] (its share of all takers' gains).
    """
    c = list(regions).index(consumer)
    i2 = absorption(dP, c)
    keep = i2["d_consumer"] < 0 if keep is None else keep & (i2["d_consumer"] < 0)
    k_i, r_i, t_i = np.nonzero(keep[:, :, None] & (i2["theta"] > 0))
    return pd.DataFrame({
        "scenario": scenario,
        "indicator": np.array(names, dtype=object)[k_i],
        "origin_region": np.array(regions, dtype=object)[r_i],
        "taker": np.array(takers or regions, dtype=object)[t_i],
        "delta": dP[k_i, r_i, t_i],
        "theta": i2["theta"][k_i, r_i, t_i],
    })


#: Columns of the ``waterbed_takers`` table, in order.
TAKER_COLUMNS = ["scenario", "group", "q", "d", "indicator", "unit", "origin_region", "taker",
                 "delta", "theta", "data"]
