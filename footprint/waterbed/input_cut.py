"""Input cuts: the consumer region's industries buy less of given origin products (e.g. Brazilian oil
seeds in every Dutch industry), with the freed supply displaced as for final-demand cuts.

The cut acts on the technical coefficients (DOMAIN.md 4.3, caveat on intermediate demand), a rank-m
change of ``I - A`` for m cut rows, so the factorisation of ``I - A`` is reused through the
Sherman-Morrison-Woodbury identity instead of factorising ``I - A'`` again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footprint.attribution import consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.errors import ConfigError
from footprint.inputs.system import MRIO
from footprint.waterbed.bilateral import Indicators, region_sum
from footprint.waterbed.displacement import (
    Purchases,
    ScenarioDelta,
    buyer_weights,
    displacement_rates,
    origin_rows,
    receiving_regions,
)
from footprint.waterbed.scenarios import Scenario

__all__ = ["InputCut", "input_cut", "input_cut_delta"]

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class InputCut:
    """The rank-m change of an input cut, ``I - A' = (I - A) + q U V^T``.

    Attributes
    ----------
    rows : ndarray of int, shape (m,)
        The cut rows (origin, product) [-].
    U : ndarray, shape (n, m)
        ``E_1 - rho E_2``: unit columns of the cut rows, minus ``price_ratio`` times those of their
        replacements in ``shift_to`` (no replacement: ``E_2 = 0``) [-].
    Vt : ndarray, shape (m, n)
        ``V^T``: the cut rows of ``A`` on the consumer's industries' columns, 0 elsewhere
        [M EUR / M EUR].
    """

    rows: Array
    U: Array
    Vt: Array

    def A_prime(self, A: Array, q: float) -> Array:
        """The changed coefficients ``A' = A - q U V^T`` (for checks; the solves never form it)."""
        return A - q * self.U @ self.Vt


def input_cut(mrio: MRIO, consumer: str, scen: Scenario) -> InputCut:
    """The rows, ``U`` and ``V^T`` of an input-cut scenario.

    Parameters
    ----------
    mrio : MRIO
    consumer : str
        The consumer region, whose industries cut their purchases.
    scen : Scenario
        ``kind = "input_cut"``: ``products``, ``origins`` (all when empty), ``shift_to``,
        ``price_ratio``.
    """
    R, ns, n = mrio.n_regions, mrio.n_sectors, mrio.n
    c = mrio.regions.index(consumer)
    product = np.isin(np.array(mrio.sectors), scen.products)
    rows = np.nonzero(np.tile(product, R) & (origin_rows(mrio, scen) > 0))[0]
    m = len(rows)
    U = np.zeros((n, m))
    U[rows, np.arange(m)] = 1.0
    if scen.shift_to is not None:
        r1, r2 = mrio.regions.index(scen.origins[0]), mrio.regions.index(scen.shift_to)
        U[rows + (r2 - r1) * ns, np.arange(m)] -= scen.price_ratio
    Vt = np.zeros((m, n))
    J = slice(c * ns, (c + 1) * ns)
    Vt[:, J] = mrio.A[rows, J]
    return InputCut(rows, U, Vt)


def input_cut_delta(mrio: MRIO, leontief: Leontief, indicators: Indicators,
                    consumer: ConsumerConfig, scen: Scenario, purchases: Purchases | None = None
                    ) -> ScenarioDelta:
    """Change of the origin x buyer matrices of an input-cut scenario per (q, d) variant.

    Parameters
    ----------
    mrio, leontief : the system and the factorisation of ``I - A`` (reused, never refactorised).
    indicators : Indicators
        Intensity rows [unit / M EUR].
    consumer : ConsumerConfig
        The consumer region (its industries cut) and its final-demand categories.
    scen : Scenario
        ``kind = "input_cut"``.
    purchases : Purchases, optional
        :meth:`footprint.waterbed.displacement.Purchases.of` ``mrio``.

    Returns
    -------
    ScenarioDelta
        ``dP`` of shape (variants, indicators, R, R + 1); ``d_consumption`` the change of the
        consumer's consumption-based footprint.

    Raises
    ------
    ConfigError
        The consumer's industries buy none of the cut products from the origins.

    Notes
    -----
    For the cut rows ``I`` (the ``products`` of the ``origins``, m rows) and the consumer's industries
    ``J``, with ``rho = price_ratio`` and ``R2 = shift_to``:

    .. math::
        A'_{(R,p),j} = (1 - q) A_{(R,p),j}, \\quad
        A'_{(R2,p),j} = A_{(R2,p),j} + q \\rho A_{(R1,p),j} \\qquad (j \\in J)

    i.e. ``I - A' = (I - A) + q U V^T`` (rank m), and by Sherman-Morrison-Woodbury

    .. math::
        L' b = L b - q\\, G \\left(I_m + q V^T G\\right)^{-1} V^T L b, \\qquad G = L U

    with ``G`` from m (2 m with a shift) solves against the factorisation of ``I - A``, once for
    every q.

    Modelling choices (attributional, first order):

    * final demand ``Y`` is unchanged; output follows the new technology, ``x' = L' Y e``: the
      consumer's industries make what their buyers ask for with less of the cut input (a technology
      change, not a demand change); without ``shift_to`` nothing replaces the input, with it the
      replacement is bought from ``shift_to`` at ``price_ratio`` M EUR per M EUR cut;
    * the intensities ``s`` (stressor per M EUR of output) of every industry stay fixed;
    * freed supply: the cut purchases at the new output, ``f = q A[I, J] x'_J`` [M EUR]; a share d
      of it is bought by other buyers under the allocation rule, as exogenous demand in the A'
      world, ``x'' = L' (Y e + d taken)``. The cut demand is the consumer's industries, so they
      take none of it; every final buyer can, the consumer region's own final demand included
      (booked to ``<consumer> (other buyers)``, as in :mod:`footprint.waterbed.displacement`);
    * booking: the whole technology effect ``s (x' - x)``, the change of the pressure embodied in the
      consumer's industries' purchases wherever their products are finally consumed, goes to the
      consumer's column (so NGE = 1 at d = 0); the takers' change ``d s L' taken`` to theirs. The
      part of the technology effect that the consumer's own final demand embodies,
      ``s (L' - L) y_c``, is reported as ``d_consumption``;
    * at d = 1 the world change is ``s (L' - L) f`` rather than exactly 0: the taken supply is
      produced with the new technology. It is second order and vanishes when the cut products'
      own supply chains do not run through the cut coefficients.
    """
    c = mrio.regions.index(consumer.region)
    R = mrio.n_regions
    cut = input_cut(mrio, consumer.region, scen)
    if not cut.Vt.any():
        raise ConfigError(
            f"scenario '{scen.name}': the industries of {consumer.region} buy none of "
            f"{list(scen.products)} from {list(scen.origins) or 'any origin'} in {mrio.label}, so "
            "there is nothing to cut; fix 'products' or 'origins'."
        )
    m = len(cut.rows)
    E = np.zeros((mrio.n, m))
    E[cut.rows, np.arange(m)] = 1.0
    y_c = mrio.Y[:, consumer_columns(mrio, consumer)].sum(axis=1)
    sol = leontief.solve(np.column_stack([cut.U, E, mrio.Y.sum(axis=1), y_c]))
    G, LE, x0, Ly = sol[:, :m], sol[:, m:2 * m], sol[:, 2 * m], sol[:, 2 * m + 1]
    VG = cut.Vt @ G
    weights = buyer_weights(purchases or Purchases.of(mrio), c, np.array([], dtype=int),
                            scen.allocation, receiving_regions(mrio, scen),
                            industries_cut=True)[cut.rows]
    total = weights.sum(axis=1)
    share = np.divide(weights, total[:, None], out=np.zeros_like(weights), where=total[:, None] > 0)
    rows = np.zeros(mrio.n, dtype=bool)
    rows[cut.rows] = True
    d_values = displacement_rates(mrio, scen, rows, float((cut.Vt @ mrio.x).sum()))
    s = indicators.s
    variants, dPs, lost, cons = [], [], [], []
    for q in scen.q:
        K = np.eye(m) + q * VG

        def change(LB: Array, q: float = q, K: Array = K) -> Array:
            """``(L' - L) B`` from ``L B`` (Woodbury)."""
            return -q * G @ np.linalg.solve(K, cut.Vt @ LB)

        dx = change(x0)
        freed = q * (cut.Vt @ (x0 + dx))  # per cut row [M EUR]
        L_taken = LE @ (freed[:, None] * share)  # L taken, (n, R + 1)
        taken = region_sum(s, L_taken + change(L_taken), R)  # (k, R, R + 1)
        tech = region_sum(s, dx, R)  # (k, R)
        unallocated = 1.0 - freed[total > 0].sum() / freed.sum() if freed.sum() else 0.0
        d_cons = region_sum(s, change(Ly), R).sum(axis=1)  # (k,)
        for d in d_values:
            dP = d * taken
            dP[:, :, c] += tech
            variants.append((q, d))
            dPs.append(dP)
            lost.append(unallocated)
            cons.append(d_cons)
    return ScenarioDelta(scen, variants, np.stack(dPs), np.array(lost), np.stack(cons))

