"""Waterbed effect: bilateral origin x consumer matrices, importer shares, displacement scenarios.

Notation (DOMAIN.md 4.4): ``P_k^(g)(r -> c, t)`` is pressure (or impact) k occurring in origin region
r embodied in the final demand of consumer region c for product group g in year t,

    P[g, k, r, c] = sum_{i in r} s_k[i] (L W_g y_c)[i]

computed for every group and consumer in one batched solve per system. Rows sum to the origin's
group pressure (households' direct stressors F_Y excluded), columns to each consumer's footprint.

* I1, importer share shift: ``sigma[r, c] = P(r -> c) / sum_c' P(r -> c')`` between two years, with
  the waterbed flag (the consumer's share fell while the origin's total did not fall by more than tau).
* I2, absorption ratio (WAR) and taker shares, from any change ``dP`` (two years or a scenario).
* I3, net global effectiveness ``NGE = dP_global / dF_consumer`` and leakage ``1 - NGE``.
* Scenarios (:mod:`footprint.scenarios`) change final demand only (A and s fixed: attributional):
  ``dY(q, d) = q (dY_direct + d dY_realloc)``, so a whole q x d sweep needs two solves per scenario.

Impacts plug in by passing their characterised intensity rows as :class:`Indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from footprint.attribution import TOTAL_GROUP, GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine import Leontief
from footprint.errors import ConfigError
from footprint.pressures import PressureSet
from footprint.scenarios import Scenario, displacement_rate
from footprint.system import MRIO

__all__ = [
    "Bilateral",
    "Indicators",
    "ScenarioDelta",
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
    "regional_final_demand",
    "scenario_absorption_table",
    "scenario_deltas",
    "scenario_table",
    "scenario_vectors",
    "shares_table",
    "takers_table",
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


def _region_sum(s: Array, X: Array, n_regions: int) -> Array:
    """``out[k, r, ...] = sum_{i in r} s[k, i] X[i, ...]``."""
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
    P = _region_sum(s, LY, n_regions).reshape(s.shape[0], n_regions, G, C)
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


def importer_share_shift(P0: Array, P1: Array, consumer: int, tau: float = 0.02
                         ) -> dict[str, Array]:
    """I1: importer share shift of the consumer and the waterbed flag, per origin.

    Parameters
    ----------
    P0, P1 : ndarray, shape (..., R, R)
        Origin x consumer matrices at t0 and t1 [unit].
    consumer : int
        Position of the consumer region.
    tau : float
        Tolerance on the origin's total: the flag needs ``P_r(t1) >= (1 - tau) P_r(t0)`` [-].

    Returns
    -------
    dict of ndarray, shape (..., R)
        ``sigma0``, ``sigma1``, ``iss`` [-] (share points as fractions), ``iss_export`` (export-only
        shares), ``total0``, ``total1`` [unit], ``flag`` (bool) and ``score`` = |ISS| P_r(t1).

    Notes
    -----
    DOMAIN.md 4.4, I1:

    .. math::
        ISS_{r} = \\sigma_{r,NL}(t_1) - \\sigma_{r,NL}(t_0), \\quad
        flag_r = [ISS_r < 0] \\wedge [P_r(t_1) \\ge (1 - \\tau) P_r(t_0)]
    """
    s0 = importer_shares(P0)[..., consumer]
    s1 = importer_shares(P1)[..., consumer]
    e0 = importer_shares(P0, exclude_domestic=True)[..., consumer]
    e1 = importer_shares(P1, exclude_domestic=True)[..., consumer]
    t0, t1 = P0.sum(axis=-1), P1.sum(axis=-1)
    iss = s1 - s0
    flag = (iss < 0) & (t1 >= t0 * (1.0 - tau)) & (t0 > 0)
    return {"sigma0": s0, "sigma1": s1, "iss": iss, "iss_export": e1 - e0, "total0": t0,
            "total1": t1, "flag": flag, "score": np.abs(np.nan_to_num(iss)) * t1}


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
# scenarios


@dataclass(frozen=True, eq=False)
class ScenarioDelta:
    """Change of the bilateral matrices of one scenario per (q, d) variant.

    Attributes
    ----------
    scenario : Scenario
    variants : list of (q, d)
    dP : ndarray, shape (variants, indicators, R, R)
        Change of the ``total`` origin x consumer matrices [unit] (A and s fixed).
    unallocated : float
        Share of the freed supply (d = 1) that no buyer under the allocation rule could take [-];
        it is not reallocated (production falls).
    """

    scenario: Scenario
    variants: list[tuple[float, float]]
    dP: Array
    unallocated: float


def _buyers(mrio: MRIO, Yc: Array, c: int, scen: Scenario) -> Array:
    """Weights of the buyers that take freed supply, per row and region, shape (n, R) [M EUR]."""
    B = np.maximum(Yc, 0.0)
    inter = mrio.Z.reshape(mrio.n, mrio.n_regions, mrio.n_sectors).sum(axis=2)
    inter[:, c] = 0.0
    if scen.allocation == "pro_rata_total":
        B = B + inter
    if scen.allocation == "pro_rata_final":  # no other final buyer of a row: its industry buyers
        B[:, c] = 0.0
        none = B.sum(axis=1) == 0
        B[none] = inter[none]
    if scen.allocation == "to_regions":
        keep = np.isin(np.array(mrio.regions), scen.to_regions)
        B = np.where(keep, B, 0.0)
        B[B.sum(axis=1) == 0] = keep.astype(float)  # nobody buys it yet: equal split
    B[:, c] = 0.0
    return B


def scenario_vectors(mrio: MRIO, Yc: Array, w: Array, consumer: int, scen: Scenario
                     ) -> tuple[Array, Array, float]:
    """Final-demand changes of a scenario at q = 1: the direct part and the reallocation at d = 1.

    Parameters
    ----------
    mrio : MRIO
    Yc : ndarray, shape (n, R)
        Final demand per region [M EUR].
    w : ndarray, shape (n_sectors,)
        Product weights of the scenario's group [-].
    consumer : int
    scen : Scenario

    Returns
    -------
    direct : ndarray, shape (n, R)
        Cut of the consumer's group demand (and, for a sourcing shift, the purchase from R2)
        [M EUR].
    realloc : ndarray, shape (n, R)
        Freed supply given to other buyers under the allocation rule [M EUR].
    unallocated : float
        Share of the freed supply no buyer takes [-].

    Notes
    -----
    DOMAIN.md 4.3, with the final demand of the scenario ``Y' = Y + q (direct + d realloc)``:

    .. math::
        \\Delta y_{NL}[(r,j)] = -q\\, w_j\\, y_{NL}[(r,j)], \\quad
        \\Delta y_c[(r,j)] = d\\, q\\, w_j\\, y_{NL}[(r,j)]\\, \\frac{b_c[(r,j)]}{\\sum_{c' \\ne NL}
        b_{c'}[(r,j)]}

    with buyer weights ``b = y`` (``pro_rata_final``; for a row no other region buys as final
    demand, its intermediate buyers ``Z`` instead), ``y + Z`` summed over the buying region's
    industries (``pro_rata_total``), or ``y`` of the named regions (``to_regions``; equal split
    when none of them buys the product yet). Extra intermediate purchases are booked to the
    buying region as an exogenous demand (A fixed). The consumer's own industries never take
    its freed supply. A sourcing shift adds
    ``Delta y_NL[(R2,j)] = + q w_j y_NL[(R1,j)] p_R1/p_R2``.
    """
    R, ns = mrio.n_regions, mrio.n_sectors
    origin = np.ones(R, dtype=bool)
    if scen.origins:
        origin = np.isin(np.array(mrio.regions), scen.origins)
    freed = np.tile(w, R) * np.repeat(origin, ns) * Yc[:, consumer]  # (n,) at q = 1
    direct = np.zeros_like(Yc)
    direct[:, consumer] = -freed
    if scen.shift_to is not None:
        r1 = mrio.regions.index(scen.origins[0])
        r2 = mrio.regions.index(scen.shift_to)
        direct[r2 * ns:(r2 + 1) * ns, consumer] += freed[r1 * ns:(r1 + 1) * ns] * scen.price_ratio
    B = _buyers(mrio, Yc, consumer, scen)
    total = B.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        realloc = np.where(total[:, None] > 0, freed[:, None] * B / total[:, None], 0.0)
    lost = float(freed[total <= 0].sum())
    return direct, realloc, lost / float(freed.sum()) if freed.sum() else 0.0


def _d_values(mrio: MRIO, Yc: Array, w: Array, consumer: int, scen: Scenario) -> tuple[float, ...]:
    if scen.elasticities is None:
        return scen.d
    eta_s, eta_d = scen.elasticities
    if scen.market == "small_buyer":
        return (displacement_rate(eta_s, eta_d),)
    origin = np.ones(mrio.n_regions, dtype=bool)
    if scen.origins:
        origin = np.isin(np.array(mrio.regions), scen.origins)
    rows = (np.tile(w, mrio.n_regions) > 0) & np.repeat(origin, mrio.n_sectors)
    supply = float(mrio.x[rows].sum())
    cut = float((np.tile(w, mrio.n_regions) * Yc[:, consumer])[rows].sum())
    return (displacement_rate(eta_s, eta_d, supply, max(supply - cut, 0.0)),)


def scenario_deltas(mrio: MRIO, leontief: Leontief, indicators: Indicators, Yc: Array,
                    groups: GroupWeights, consumer: str, scenarios: Sequence[Scenario]
                    ) -> list[ScenarioDelta]:
    """Changes of the ``total`` bilateral matrices for every scenario and (q, d) variant.

    All scenarios share one batched solve of ``2 R`` right-hand sides each (the direct part and
    the reallocation at q = d = 1); a variant is ``dP = q (dP_direct + d dP_realloc)`` by linearity
    (A and s fixed).

    Raises
    ------
    ConfigError
        A scenario's group is not among ``groups``.
    """
    if not scenarios:
        return []
    c = mrio.regions.index(consumer)
    R = mrio.n_regions
    parts, ds = [], []
    for scen in scenarios:
        if scen.group not in groups.names:
            raise ConfigError(f"scenario '{scen.name}': group '{scen.group}' is not selected.")
        w = groups.W[groups.names.index(scen.group)]
        direct, realloc, lost = scenario_vectors(mrio, Yc, w, c, scen)
        parts += [direct, realloc]
        ds.append((_d_values(mrio, Yc, w, c, scen), lost))
    LdY = leontief.solve(np.hstack(parts))
    dPs = _region_sum(indicators.s, LdY, R).reshape(indicators.s.shape[0], R, len(parts), R)
    out = []
    for i, scen in enumerate(scenarios):
        d_direct, d_realloc = dPs[:, :, 2 * i, :], dPs[:, :, 2 * i + 1, :]
        d_values, lost = ds[i]
        variants = [(q, d) for q in scen.q for d in d_values]
        dP = np.stack([q * (d_direct + d * d_realloc) for q, d in variants])
        out.append(ScenarioDelta(scen, variants, dP, lost))
    return out


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


def _top_takers(theta: Array, regions: Sequence[str], n: int = 3) -> str:
    order = np.argsort(-theta, kind="stable")[:n]
    return "; ".join(f"{regions[i]} {theta[i]:.0%}" for i in order if theta[i] > 0)


def ex_post_table(b0: Bilateral, b1: Bilateral, consumer: str, tau: float, label: str,
                  basis: str = "observed") -> pd.DataFrame:
    """I1 and I2 per group, indicator and origin between two years (sorted by |ISS| P_r).

    Columns: from_year, to_year, basis, consumer, group, indicator, unit, origin_region,
    total_from, total_to [unit], sigma_from, sigma_to, iss, iss_export [-], waterbed_flag,
    score [unit], d_consumer, d_others [unit], war, war_gross [-], top_takers, tau, data.
    """
    c = b1.regions.index(consumer)
    i1 = importer_share_shift(b0.P, b1.P, c, tau)
    i2 = absorption(b1.P - b0.P, c)
    G, K, R, _ = b1.P.shape
    rows = []
    for g in range(G):
        for k in range(K):
            for r in range(R):
                if i1["total0"][g, k, r] == 0 and i1["total1"][g, k, r] == 0:
                    continue
                rows.append({
                    "from_year": b0.year, "to_year": b1.year, "basis": basis,
                    "consumer": consumer, "group": b1.groups[g],
                    "indicator": b1.indicators.names[k], "unit": b1.indicators.units[k],
                    "origin_region": b1.regions[r],
                    "total_from": i1["total0"][g, k, r], "total_to": i1["total1"][g, k, r],
                    "sigma_from": i1["sigma0"][g, k, r], "sigma_to": i1["sigma1"][g, k, r],
                    "iss": i1["iss"][g, k, r], "iss_export": i1["iss_export"][g, k, r],
                    "waterbed_flag": bool(i1["flag"][g, k, r]), "score": i1["score"][g, k, r],
                    "d_consumer": i2["d_consumer"][g, k, r], "d_others": i2["d_others"][g, k, r],
                    "war": i2["war"][g, k, r], "war_gross": i2["war_gross"][g, k, r],
                    "top_takers": _top_takers(i2["theta"][g, k, r], b1.regions),
                    "tau": tau, "data": label,
                })
    frame = pd.DataFrame(rows)
    return frame.sort_values(["group", "indicator", "score"], ascending=[True, True, False],
                             kind="stable").reset_index(drop=True)


def takers_table(dP: Array, regions: Sequence[str], consumer: str, names: Sequence[str],
                 scenario: str, keep: Array | None = None) -> pd.DataFrame:
    """Taker shares theta (who absorbed the consumer's cut) per indicator, origin and taker.

    Parameters
    ----------
    dP : ndarray, shape (indicators, R, R)
    keep : ndarray of bool, shape (indicators, R), optional
        Origins to list (default: every origin whose sales to the consumer fell).
    """
    c = list(regions).index(consumer)
    i2 = absorption(dP, c)
    keep = i2["d_consumer"] < 0 if keep is None else keep & (i2["d_consumer"] < 0)
    k_i, r_i, t_i = np.nonzero(keep[:, :, None] & (i2["theta"] > 0))
    return pd.DataFrame({
        "scenario": scenario,
        "indicator": np.array(names, dtype=object)[k_i],
        "origin_region": np.array(regions, dtype=object)[r_i],
        "taker": np.array(regions, dtype=object)[t_i],
        "delta": dP[k_i, r_i, t_i],
        "theta": i2["theta"][k_i, r_i, t_i],
    })


def scenario_table(deltas: Sequence[ScenarioDelta], base: Bilateral, consumer: str, label: str
                   ) -> pd.DataFrame:
    """I3 (and the aggregate I2) per scenario, (q, d) variant and indicator.

    Columns: scenario, group, origins, allocation, q, d, d_source, indicator, unit,
    footprint_base [unit] (the consumer's total footprint, excl. direct stressors), d_consumer,
    d_global [unit], nge, leakage, war [-] (all origins together), unallocated [-], description,
    year, consumer, data.
    """
    c = base.regions.index(consumer)
    base_f = base.P[0, :, :, c].sum(axis=1)
    rows = []
    for delta in deltas:
        s = delta.scenario
        i3 = net_global_effect(delta.dP, c)
        for v, (q, d) in enumerate(delta.variants):
            for k, name in enumerate(base.indicators.names):
                dF = i3["d_consumer"][v, k]
                rows.append({
                    "scenario": s.name, "group": s.group,
                    "origins": ", ".join(s.origins) or "all",
                    "allocation": s.allocation + (f" ({', '.join(s.to_regions)})" if s.to_regions
                                                  else ""),
                    "shift_to": s.shift_to or "", "q": q, "d": d, "d_source": s.d_source,
                    "indicator": name, "unit": base.indicators.units[k],
                    "footprint_base": base_f[k], "d_consumer": dF,
                    "d_global": i3["d_global"][v, k], "nge": i3["nge"][v, k],
                    "leakage": i3["leakage"][v, k],
                    "war": (i3["d_global"][v, k] - dF) / -dF if dF < 0 else np.nan,
                    "unallocated": delta.unallocated, "description": s.description,
                    "year": base.year, "consumer": consumer, "data": label,
                })
    return pd.DataFrame(rows)


def scenario_absorption_table(deltas: Sequence[ScenarioDelta], base: Bilateral, consumer: str,
                              label: str) -> pd.DataFrame:
    """I2 per scenario, variant, indicator and origin whose sales to the consumer fell.

    Columns: scenario, q, d, indicator, unit, origin_region, d_consumer, d_others [unit], war,
    war_gross [-], top_takers, data.
    """
    c = base.regions.index(consumer)
    frames = []
    for delta in deltas:
        i2 = absorption(delta.dP, c)
        v_i, k_i, r_i = np.nonzero(i2["d_consumer"] < 0)
        frames.append(pd.DataFrame({
            "scenario": delta.scenario.name,
            "q": [delta.variants[v][0] for v in v_i],
            "d": [delta.variants[v][1] for v in v_i],
            "indicator": np.array(base.indicators.names, dtype=object)[k_i],
            "unit": np.array(base.indicators.units, dtype=object)[k_i],
            "origin_region": np.array(base.regions, dtype=object)[r_i],
            "d_consumer": i2["d_consumer"][v_i, k_i, r_i],
            "d_others": i2["d_others"][v_i, k_i, r_i],
            "war": i2["war"][v_i, k_i, r_i], "war_gross": i2["war_gross"][v_i, k_i, r_i],
            "top_takers": [_top_takers(i2["theta"][v, k, r], base.regions)
                           for v, k, r in zip(v_i, k_i, r_i, strict=True)],
            "data": label,
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --------------------------------------------------------------------------------------------
# the stage


@dataclass(frozen=True, eq=False)
class YearSystem:
    """One year's system as the waterbed stage needs it (factorised once, by the pipeline)."""

    mrio: MRIO
    leontief: Leontief
    indicators: Indicators
    groups: GroupWeights


def _top_mask(d_consumer: Array, n: int) -> Array:
    """True for the ``n`` origins with the largest fall of sales to the consumer, per row."""
    order = np.argsort(d_consumer, axis=-1, kind="stable")[..., :n]
    mask = np.zeros(d_consumer.shape, dtype=bool)
    np.put_along_axis(mask, order, True, axis=-1)
    return mask & (d_consumer < 0)


def _held(systems: dict[int, YearSystem], base_year: int, consumer: ConsumerConfig
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


def _ex_post(bils: dict[int, Bilateral], consumer: str, tau: float, top_n: int, label: str,
             basis: str) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    years = sorted(bils)
    ind, takers = [], []
    for i, y0 in enumerate(years):
        for y1 in years[i + 1:]:
            b0, b1 = bils[y0], bils[y1]
            ind.append(ex_post_table(b0, b1, consumer, tau, label, basis))
            dP = b1.P - b0.P
            c = b1.regions.index(consumer)
            for g, group in enumerate(b1.groups):
                keep = _top_mask(dP[g, :, :, c], top_n)
                t = takers_table(dP[g], b1.regions, consumer, b1.indicators.names,
                                 f"{y0}->{y1} ({basis})", keep)
                takers.append(t.assign(group=group))
    return ind, takers


def analyse(systems: dict[int, YearSystem], consumer: ConsumerConfig,
            scenarios: Sequence[Scenario] = (), *, tau: float = 0.02, top_n: int = 10,
            base_year: int | None = None) -> dict[str, pd.DataFrame]:
    """The waterbed stage: bilateral matrices, importer shares, I1-I3 across years and scenarios.

    Parameters
    ----------
    systems : dict of int to YearSystem
        Every loaded year (one factorisation each).
    consumer : ConsumerConfig
        The consumer region and the final-demand categories that define consumption.
    scenarios : sequence of Scenario
        Evaluated on the latest year.
    tau : float
        Tolerance of the waterbed flag [-].
    top_n : int
        Origins listed per group and indicator in the taker tables.
    base_year : int, optional
        Also evaluate every year with this year's intensities and structure (s and L).

    Returns
    -------
    dict of str to DataFrame
        ``bilateral`` (origin x consumer values with the importer shares, see
        :func:`shares_table`; scenario ``structure_<base_year>`` for the held-structure rows),
        ``waterbed_indicators`` (I1, I2 per origin; with two or more years), ``waterbed_takers``,
        ``scenarios`` (I3) and ``scenario_absorption`` (I2 per origin; with scenarios).
    """
    years = sorted(systems)
    latest = systems[years[-1]]
    label = latest.mrio.label
    region = consumer.region
    bils = {y: bilateral(s.mrio, s.leontief, s.indicators, consumer, s.groups)
            for y, s in systems.items()}
    frames = {"bilateral": [shares_table(bils[y], label) for y in years]}
    ind, takers = _ex_post(bils, region, tau, top_n, label, "observed")
    if base_year is not None:
        held = _held(systems, base_year, consumer)
        scen = f"structure_{base_year}"
        frames["bilateral"] += [shares_table(held[y], label, scen) for y in years
                                if y != base_year]
        more = _ex_post(held, region, tau, top_n, label, f"s and L of {base_year}")
        ind, takers = ind + more[0], takers + more[1]
    if scenarios:
        Yc = regional_final_demand(latest.mrio, consumer)
        deltas = scenario_deltas(latest.mrio, latest.leontief, latest.indicators, Yc,
                                 latest.groups, region, scenarios)
        base = bils[years[-1]]
        frames["scenarios"] = [scenario_table(deltas, base, region, label)]
        frames["scenario_absorption"] = [scenario_absorption_table(deltas, base, region, label)]
        for delta in deltas:
            if len(delta.variants) == 1:
                keep = _top_mask(absorption(delta.dP[0], base.regions.index(region))
                                 ["d_consumer"], top_n)
                takers.append(takers_table(delta.dP[0], base.regions, region,
                                           base.indicators.names, delta.scenario.name, keep)
                              .assign(group=TOTAL_GROUP))
    if ind:
        frames["waterbed_indicators"] = ind
    if takers:
        frames["waterbed_takers"] = takers
    return {k: pd.concat(v, ignore_index=True) for k, v in frames.items() if v}
