"""The waterbed indicators on origin x consumer matrices: importer shares and their shift (I1),
absorption and taker shares (I2), net global effectiveness (I3) (DOMAIN.md 4.4).

Pure array functions of ``P[g, k, r, c]`` (:class:`footprint.waterbed.bilateral.Bilateral`) or of a
change ``dP``; the tables are built in :mod:`footprint.waterbed.tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from footprint.config import WaterbedConfig
from footprint.waterbed.bilateral import Array

__all__ = [
    "WATERBED",
    "absorption",
    "importer_share_shift",
    "importer_shares",
    "net_global_effect",
    "top_mask",
    "top_takers",
]

WATERBED = WaterbedConfig()
"""The ``[waterbed]`` defaults of the run-file schema (``tau``, ``materiality``, ``materiality_floor``,
``top_n``): the defaults of the functions of the waterbed stage too."""


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


def importer_share_shift(P0: Array, P1: Array, consumer: int, tau: float = WATERBED.tau,
                         materiality: float = WATERBED.materiality,
                         floor: float = WATERBED.materiality_floor) -> dict[str, Array]:
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


def top_takers(theta: Array, regions: Sequence[str], n: int = 3) -> str:
    """The ``n`` largest taker shares as text, e.g. ``"CN 60%; IN 40%"``."""
    order = np.argsort(-theta, kind="stable")[:n]
    return "; ".join(f"{regions[i]} {theta[i]:.0%}" for i in order if theta[i] > 0)


def top_mask(d_consumer: Array, n: int) -> Array:
    """True for the ``n`` origins with the largest fall of sales to the consumer, per row."""
    order = np.argsort(d_consumer, axis=-1, kind="stable")[..., :n]
    mask = np.zeros(d_consumer.shape, dtype=bool)
    np.put_along_axis(mask, order, True, axis=-1)
    return mask & (d_consumer < 0)
