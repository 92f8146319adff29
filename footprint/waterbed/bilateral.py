"""Waterbed effect: bilateral origin x consumer matrices, importer shares, the waterbed stage.

Notation (DOMAIN.md 4.4): ``P_k^(g)(r -> c, t)`` is pressure (or impact) k occurring in origin region
r embodied in the final demand of consumer region c for product group g in year t,

    P[g, k, r, c] = sum_{i in r} s_k[i] (L W_g y_c)[i]

computed for every group and consumer in one batched solve per system. Rows sum to the origin's
group pressure (households' direct stressors F_Y excluded), columns to each consumer's footprint.

* I1, importer share shift: ``sigma[r, c] = P(r -> c) / sum_c' P(r -> c')`` between two years, with
  the waterbed flag (the consumer's share fell while the origin's total did not fall by more than tau).
* I2, absorption ratio (WAR) and taker shares, from any change ``dP`` (two years or a scenario).
* I3, net global effectiveness ``NGE = dP_global / dF_consumer`` and leakage ``1 - NGE``.
* Ex-ante scenarios (:mod:`footprint.waterbed.scenarios`): their algebra is in
  :mod:`footprint.waterbed.displacement`, their tables in :mod:`footprint.waterbed.scenario_tables`;
  :func:`analyse` runs them on the main year.

Impacts plug in by passing their characterised intensity rows as :class:`Indicators`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from footprint.attribution import TOTAL_GROUP, GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.errors import ConfigError
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet

__all__ = [
    "Bilateral",
    "Indicators",
    "YearSystem",
    "absorption",
    "analyse",
    "bilateral",
    "bilateral_matrix",
    "bilateral_table",
    "characterised_indicators",
    "ex_post_table",
    "importer_share_shift",
    "importer_shares",
    "net_global_effect",
    "pressure_indicators",
    "region_sum",
    "regional_final_demand",
    "shares_table",
    "takers_table",
    "top_mask",
    "top_takers",
]

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class Indicators:
    """Intensity rows of the indicators followed through the waterbed (pressures or impacts).

    Attributes
    ----------
    names, units : tuple of str
    s : ndarray, shape (k, n)
        Indicator per M EUR of each region-product's output [unit / M EUR].
    """

    names: tuple[str, ...]
    units: tuple[str, ...]
    s: Array


def pressure_indicators(pressures: PressureSet, mrio: MRIO) -> Indicators:
    """Pressure intensities ``s = C S`` of a system [pressure unit / M EUR]."""
    return Indicators(pressures.names, pressures.units, pressures.C @ mrio.S)


def characterised_indicators(base: Indicators, factors: Array, names: Sequence[str],
                             units: Sequence[str], n_regions: int) -> Indicators:
    """Impact intensity rows from pressure rows and characterisation factors by origin region.

    Parameters
    ----------
    base : Indicators
        Pressure intensities, k rows [pressure unit / M EUR].
    factors : ndarray, shape (m, k, n_regions)
        Factor of pressure k in origin region r for impact m [impact unit / pressure unit].
    names, units : sequence of str
        The m impacts.
    n_regions : int

    Returns
    -------
    Indicators
        ``m`` rows [impact unit / M EUR]; pass them (alone or appended to the pressures) to
        :func:`bilateral` and :func:`scenario_deltas` for NGE_bio and leakage in impact units.

    Notes
    -----
    Characterisation commutes with the Leontief solve (DOMAIN.md 5.2 item 8):

    .. math:: s^{bio}_{m,i} = \\sum_k CF_{m,k,r(i)} s_{k,i}, \\qquad
              I_m(r \\to c) = \\sum_k CF_{m,k,r} P_k(r \\to c)
    """
    ns = base.s.shape[1] // n_regions
    per_row = np.repeat(factors, ns, axis=2)  # (m, k, n)
    return Indicators(tuple(names), tuple(units), np.einsum("mki,ki->mi", per_row, base.s))


@dataclass(frozen=True, eq=False)
class Bilateral:
    """Origin x consumer matrices of one system (or one scenario).

    Attributes
    ----------
    year : int
    regions : tuple of str
        Origins and consumers (same order).
    groups : tuple of str
        ``"total"`` (all final demand) first, then the product groups.
    indicators : Indicators
    P : ndarray, shape (groups, indicators, origin regions, consumer regions) [indicator unit]
    """

    year: int
    regions: tuple[str, ...]
    groups: tuple[str, ...]
    indicators: Indicators
    P: Array


def regional_final_demand(mrio: MRIO, consumer: ConsumerConfig) -> Array:
    """Final demand of every region over the consumer's categories, shape (n, regions) [M EUR].

    Every region's consumption is defined like the consumer's ([consumer] final_demand and
    include_inventories), so that the consumer's column equals the attribution's demand vector.
    """
    out = np.empty((mrio.n, mrio.n_regions))
    for c, region in enumerate(mrio.regions):
        cols = consumer_columns(mrio, replace(consumer, region=region))
        out[:, c] = mrio.Y[:, cols].sum(axis=1)
    return out


def region_sum(s: Array, X: Array, n_regions: int) -> Array:
    """Indicator by origin region of solved quantities: ``out[k, r, ...] = sum_{i in r} s[k, i] X[i, ...]``.

    Parameters
    ----------
    s : ndarray, shape (k, n)
        Intensities [unit / M EUR].
    X : ndarray, shape (n, ...)
        Output, e.g. ``L y`` [M EUR].
    n_regions : int
    """
    k, n = s.shape
    ns = n // n_regions
    Xr = X.reshape(n_regions, ns, -1)
    out = np.einsum("kri,rim->krm", s.reshape(k, n_regions, ns), Xr)
    return out.reshape(k, n_regions, *X.shape[1:])


def bilateral_matrix(leontief: Leontief, s: Array, Yc: Array, W: Array, n_regions: int) -> Array:
    """Origin x consumer matrices for every group and indicator, from one batched solve.

    Parameters
    ----------
    leontief : Leontief
        Factorisation of ``I - A``.
    s : ndarray, shape (k, n)
        Indicator intensities [unit / M EUR].
    Yc : ndarray, shape (n, C)
        Final demand of each consumer region [M EUR].
    W : ndarray, shape (G, n_sectors)
        Product weights of each group [-] (a row of ones gives all final demand).
    n_regions : int

    Returns
    -------
    ndarray, shape (G, k, n_regions, C)
        ``P[g, k, r, c]`` [unit].

    Notes
    -----
    .. math:: P^{(g)}_k(r \\to c) = \\sum_{i \\in r} s_{k i} \\left(L \\hat w_g y_c\\right)_i

    with ``L`` never formed: ``L [W_1 y_1 ... W_G y_C]`` is one solve of ``G C`` right-hand sides.
    """
    n, C = Yc.shape
    G = W.shape[0]
    w_rows = np.tile(W, (1, n_regions))  # (G, n)
    rhs = (w_rows[:, :, np.newaxis] * Yc[np.newaxis, :, :]).transpose(1, 0, 2).reshape(n, G * C)
    LY = leontief.solve(rhs)  # (n, G*C)
    P = region_sum(s, LY, n_regions).reshape(s.shape[0], n_regions, G, C)
    return P.transpose(2, 0, 1, 3)


def bilateral(mrio: MRIO, leontief: Leontief, indicators: Indicators, consumer: ConsumerConfig,
              groups: GroupWeights, *, Yc: Array | None = None, year: int | None = None
              ) -> Bilateral:
    """Bilateral matrices of a system for ``total`` and every group.

    Parameters
    ----------
    mrio, leontief : the system and its factorisation (fixing A and s).
    indicators : Indicators
        Intensity rows (pressures, or characterised impacts).
    consumer : ConsumerConfig
        Its final-demand categories define every region's consumption.
    groups : GroupWeights
    Yc : ndarray, shape (n, regions), optional
        Final demand per region [M EUR]; default from ``mrio``. Pass another year's to hold
        intensities and structure (s and L) at this system's year.
    year : int, optional
        Year label (default ``mrio.year``).
    """
    Yc = regional_final_demand(mrio, consumer) if Yc is None else Yc
    W = np.vstack([np.ones(mrio.n_sectors), groups.W])
    P = bilateral_matrix(leontief, indicators.s, Yc, W, mrio.n_regions)
    label = year if year is not None else (mrio.year if mrio.year is not None else -1)
    return Bilateral(int(label), mrio.regions, (TOTAL_GROUP, *groups.names), indicators, P)


def importer_shares(P: Array, exclude_domestic: bool = False) -> Array:
    """Importer shares of each origin's pressure, ``sigma[..., r, c]`` [-].

    Parameters
    ----------
    P : ndarray, shape (..., R, R)
        Origin x consumer matrices [unit].
    exclude_domestic : bool
        Export-only shares: the origin's own consumption (c = r) is left out.

    Returns
    -------
    ndarray, same shape
        Shares summing to one over consumers for every origin with pressure; NaN where the origin
        has none.

    Notes
    -----
    .. math:: \\sigma_{r,c} = P(r \\to c) / \\sum_{c'} P(r \\to c')
    """
    P = np.array(P, dtype=float)
    if exclude_domestic:
        R = P.shape[-1]
        P[..., np.arange(R), np.arange(R)] = 0.0
    total = P.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total != 0, P / total, np.nan)


def importer_share_shift(P0: Array, P1: Array, consumer: int, tau: float = 0.02,
                         materiality: float = 0.01, floor: float = 0.001) -> dict[str, Array]:
    """I1: importer share shift of the consumer and the waterbed flag, per origin.

    Parameters
    ----------
    P0, P1 : ndarray, shape (..., R, R)
        Origin x consumer matrices at t0 and t1 [unit].
    consumer : int
        Position of the consumer region.
    tau : float
        Tolerance on the origin's total: the flag needs ``P_r(t1) >= (1 - tau) P_r(t0)`` [-].
    materiality : float
        The consumer's pressure from the origin must fall by more than this share of its t0 value
        [-] ...
    floor : float
        ... and by more than this share of the consumer's whole t0 footprint (same group and
        indicator; the same amount for every origin) [-].

    Returns
    -------
    dict of ndarray, shape (..., R)
        ``sigma0``, ``sigma1``, ``iss`` [-] (share points as fractions), ``iss_export`` (export-only
        shares), ``total0``, ``total1`` [unit], ``min_fall`` [unit] (the fall of the consumer's
        pressure from the origin that counts as material), ``material`` (bool: it fell by more),
        ``flag`` (bool) and ``shifted`` = |ISS| P_r(t1) [unit].

    Notes
    -----
    DOMAIN.md 4.4, I1, with the materiality condition of issue 12 (a waterbed needs the consumer to
    have cut: without it most flags would be origins whose sales to the consumer rose while others
    grew faster):

    .. math::
        ISS_{r} = \\sigma_{r,NL}(t_1) - \\sigma_{r,NL}(t_0), \\quad
        m_r = \\max(\\mu\\, |P_{r,NL}(t_0)|,\\ \\phi\\, |\\textstyle\\sum_{r'} P_{r',NL}(t_0)|)

        flag_r = [ISS_r < 0] \\wedge [P_r(t_1) \\ge (1 - \\tau) P_r(t_0)] \\wedge
                 [P_{r,NL}(t_1) - P_{r,NL}(t_0) < -m_r]
    """
    s0 = importer_shares(P0)[..., consumer]
    s1 = importer_shares(P1)[..., consumer]
    e0 = importer_shares(P0, exclude_domestic=True)[..., consumer]
    e1 = importer_shares(P1, exclude_domestic=True)[..., consumer]
    t0, t1 = P0.sum(axis=-1), P1.sum(axis=-1)
    p0, p1 = P0[..., consumer], P1[..., consumer]
    min_fall = np.maximum(materiality * np.abs(p0),
                          floor * np.abs(p0.sum(axis=-1, keepdims=True)))
    material = (p1 - p0) < -min_fall
    iss = s1 - s0
    flag = (iss < 0) & (t1 >= t0 * (1.0 - tau)) & (t0 > 0) & material
    return {"sigma0": s0, "sigma1": s1, "iss": iss, "iss_export": e1 - e0, "total0": t0,
            "total1": t1, "min_fall": min_fall, "material": material, "flag": flag,
            "shifted": np.abs(np.nan_to_num(iss)) * t1}


def absorption(dP: Array, consumer: int) -> dict[str, Array]:
    """I2: waterbed absorption ratio and taker shares, per origin.

    Parameters
    ----------
    dP : ndarray, shape (..., R, R)
        Change of the origin x consumer matrices (t1 - t0, or scenario - baseline) [unit].
    consumer : int
        Position of the consumer region.

    Returns
    -------
    dict of ndarray
        ``d_consumer`` (..., R) change of P(r -> consumer); ``d_others`` (..., R); ``war`` and
        ``war_gross`` (..., R), NaN unless ``d_consumer < 0``; ``theta`` (..., R, R) taker shares
        (0 in the consumer's column).

    Notes
    -----
    DOMAIN.md 4.4, I2, defined when dP(r -> NL) < 0:

    .. math::
        WAR_r = \\frac{\\sum_{c \\ne NL} \\Delta P(r \\to c)}{-\\Delta P(r \\to NL)}, \\quad
        WAR^{gross}_r = \\frac{\\sum_{c \\ne NL} \\max(0, \\Delta P(r \\to c))}{-\\Delta P(r \\to NL)},
        \\quad \\theta_{r,c} = \\frac{\\max(0, \\Delta P(r \\to c))}{\\sum_{c' \\ne NL}
        \\max(0, \\Delta P(r \\to c'))}
    """
    others = np.array(dP, dtype=float)
    d_nl = others[..., consumer].copy()
    others[..., consumer] = 0.0
    gains = np.maximum(others, 0.0)
    d_others = others.sum(axis=-1)
    cut = d_nl < 0
    with np.errstate(divide="ignore", invalid="ignore"):
        war = np.where(cut, d_others / -d_nl, np.nan)
        war_gross = np.where(cut, gains.sum(axis=-1) / -d_nl, np.nan)
        g_sum = gains.sum(axis=-1, keepdims=True)
        theta = np.where(g_sum > 0, gains / g_sum, 0.0)
    return {"d_consumer": d_nl, "d_others": d_others, "war": war, "war_gross": war_gross,
            "theta": theta}


def net_global_effect(dP: Array, consumer: int) -> dict[str, Array]:
    """I3: net global effectiveness and leakage of a change.

    Parameters
    ----------
    dP : ndarray, shape (..., R, R)
        Change of the origin x consumer matrices [unit].
    consumer : int
        Position of the consumer region.

    Returns
    -------
    dict of ndarray, shape (...)
        ``d_consumer`` (change of the consumer's footprint), ``d_global`` [unit], ``nge`` and
        ``leakage`` [-] (NaN when the consumer's footprint does not change).

    Notes
    -----
    DOMAIN.md 4.4, I3:

    .. math:: NGE = \\frac{\\sum_r \\sum_c \\Delta P(r \\to c)}{\\sum_r \\Delta P(r \\to NL)},
              \\quad \\lambda = 1 - NGE

    For a same-product displacement ``NGE = 1 - d`` exactly (linearity).
    """
    d_f = dP[..., consumer].sum(axis=-1)
    d_g = dP.sum(axis=(-1, -2))
    with np.errstate(divide="ignore", invalid="ignore"):
        nge = np.where(d_f != 0, d_g / d_f, np.nan)
    return {"d_consumer": d_f, "d_global": d_g, "nge": nge, "leakage": 1.0 - nge}


# --------------------------------------------------------------------------------------------
# tidy tables (the long vocabulary plus the indicator columns of each table)

ALL_PRODUCTS = "all products"


def bilateral_table(bil: Bilateral, label: str, scenario: str = "baseline") -> pd.DataFrame:
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


def shares_table(bil: Bilateral, label: str, scenario: str = "baseline") -> pd.DataFrame:
    """Importer shares of every origin's pressure: the bilateral table plus ``share`` and
    ``share_export_only`` [-] (sigma with and without the origin's own consumption)."""
    frame = bilateral_table(bil, label, scenario)
    sig = importer_shares(bil.P).ravel()
    exp = importer_shares(bil.P, exclude_domestic=True).ravel()
    keep = bil.P.ravel() != 0.0
    frame["share"] = sig[keep]
    frame["share_export_only"] = exp[keep]
    return frame


def top_takers(theta: Array, regions: Sequence[str], n: int = 3) -> str:
    """The ``n`` largest taker shares as text, e.g. ``"CN 60%; IN 40%"``."""
    order = np.argsort(-theta, kind="stable")[:n]
    return "; ".join(f"{regions[i]} {theta[i]:.0%}" for i in order if theta[i] > 0)


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
                  basis: str = "observed", materiality: float = 0.01, floor: float = 0.001
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


# --------------------------------------------------------------------------------------------
# the stage


@dataclass(frozen=True, eq=False)
class YearSystem:
    """One year's system as the waterbed stage needs it (factorised once, by the pipeline)."""

    mrio: MRIO
    leontief: Leontief
    indicators: Indicators
    groups: GroupWeights


def top_mask(d_consumer: Array, n: int) -> Array:
    """True for the ``n`` origins with the largest fall of sales to the consumer, per row."""
    order = np.argsort(d_consumer, axis=-1, kind="stable")[..., :n]
    mask = np.zeros(d_consumer.shape, dtype=bool)
    np.put_along_axis(mask, order, True, axis=-1)
    return mask & (d_consumer < 0)


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


def waterbed_indicators(bils: Mapping[int, Bilateral], consumer: str, label: str, *, tau: float = 0.02,
                        materiality: float = 0.01, floor: float = 0.001, basis: str = "observed"
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
            tau: float = 0.02, top_n: int = 10, base_year: int | None = None,
            materiality: float = 0.01, floor: float = 0.001, label: str = "") -> dict[str, pd.DataFrame]:
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
