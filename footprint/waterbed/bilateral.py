"""Waterbed effect: the bilateral origin x consumer matrices of one year.

Notation (DOMAIN.md 4.4): ``P_k^(g)(r -> c, t)`` is pressure (or impact) k occurring in origin region
r embodied in the final demand of consumer region c for product group g in year t,

    P[g, k, r, c] = sum_{i in r} s_k[i] (L W_g y_c)[i]

computed for every group and consumer in one batched solve per system. Rows sum to the origin's
group pressure (households' direct stressors F_Y excluded), columns to each consumer's footprint.

The indicators on these matrices (:mod:`footprint.waterbed.measures`):

* I1, importer share shift: ``sigma[r, c] = P(r -> c) / sum_c' P(r -> c')`` between two years, with
  the waterbed flag (the consumer's share fell while the origin's total did not fall by more than tau).
* I2, absorption ratio (WAR) and taker shares, from any change ``dP`` (two years or a scenario).
* I3, net global effectiveness ``NGE = dP_global / dF_consumer`` and leakage ``1 - NGE``.

Their long tables are in :mod:`footprint.waterbed.tables`, the stage across years in
:mod:`footprint.waterbed.stage`. Ex-ante scenarios (:mod:`footprint.waterbed.scenarios`): their
algebra is in :mod:`footprint.waterbed.displacement`, their tables in
:mod:`footprint.waterbed.scenario_tables`; :func:`footprint.pipeline.run_year` runs them.

Impacts plug in by passing their characterised intensity rows as :class:`Indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from footprint.attribution import GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.vocabulary import TOTAL_GROUP

__all__ = [
    "Bilateral",
    "Indicators",
    "YearSystem",
    "bilateral",
    "bilateral_matrix",
    "characterised_indicators",
    "pressure_indicators",
    "region_sum",
    "regional_final_demand",
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


# --------------------------------------------------------------------------------------------
# the stage


@dataclass(frozen=True, eq=False)
class YearSystem:
    """One year's system as the waterbed stage needs it (factorised once, by the pipeline)."""

    mrio: MRIO
    leontief: Leontief
    indicators: Indicators
    groups: GroupWeights
