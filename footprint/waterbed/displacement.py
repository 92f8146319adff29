"""Ex-ante displacement: who takes the supply a scenario frees, and the change it makes to the
origin x buyer matrices (DOMAIN.md 4.2-4.4).

A scenario (:mod:`footprint.waterbed.scenarios`) cuts a demand of the consumer region by ``q``; a share ``d``
of the supply this frees is bought by other buyers under an allocation rule. A and the intensities s
stay fixed (attributional, first order), so the change of every origin x buyer matrix is linear in
``d``: ``dP(q, d) = dP_cut(q) + d dP_taken(q)``; for a final-demand cut also linear in ``q``.

Accounts of a scenario change
-----------------------------
A change ``dP[k, r, b]`` has one buyer column ``b`` per region plus one more, the last:
``<consumer> (other buyers)`` (:func:`other_buyers_label`):

* the consumer's column holds the cut demand only (its final-demand categories of ``[consumer]
  final_demand``; for an input cut, its industries' cut purchases). Its sum over origins is the
  change of the consumer's footprint ``dF`` in NGE = dP_global / dF;
* another region's column holds what that region's buyers take over (its final demand in any
  category, and under ``pro_rata_total`` its industries' extra purchases, booked as exogenous demand
  of the region since A is fixed);
* the last column holds what buyers *in the consumer region* other than the cut demand take over:
  its industries (``pro_rata_total``, or ``pro_rata_final`` for a product no final buyer takes) and
  its final-demand categories outside ``[consumer] final_demand`` (for an input cut: all of its
  final demand). They are other buyers of the freed supply, not the cut demand, so they are not
  part of ``dF``; ``dP_global`` sums every column.

With every buyer reachable this gives exactly (DOMAIN.md 5.2 item 10): NGE = 1 at d = 0, NGE = 0 at
d = 1, NGE = 1 - d for a same-product displacement, WAR = d per origin; the share of the freed supply
actually taken by other buyers, ``d_effective = d (1 - unallocated)``, equals d.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from footprint.attribution import GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.errors import ConfigError
from footprint.inputs.system import MRIO
from footprint.waterbed.bilateral import Indicators, region_sum
from footprint.waterbed.scenarios import Scenario, displacement_rate

__all__ = [
    "Purchases",
    "ScenarioDelta",
    "allocate",
    "buyer_weights",
    "displacement_rates",
    "origin_rows",
    "other_buyers_label",
    "receiving_regions",
    "scenario_deltas",
    "scenario_vectors",
]

Array = np.ndarray


def other_buyers_label(consumer: str) -> str:
    """Name of the last buyer column of a scenario change: the consumer region's buyers other than
    the cut demand (its industries and its other final-demand categories)."""
    return f"{consumer} (other buyers)"


@dataclass(frozen=True, eq=False)
class Purchases:
    """Every buyer's purchases of every row, the base of the allocation weights.

    Attributes
    ----------
    final : ndarray, shape (n, R * n_fd)
        Final demand per category, negative entries (e.g. inventory draw-downs) set to 0 [M EUR].
    inter : ndarray, shape (n, R)
        Intermediate purchases summed over each region's industries, ``Z`` by buying region [M EUR].
    """

    final: Array
    inter: Array

    @classmethod
    def of(cls, mrio: MRIO) -> Purchases:
        """The purchases of a system (``Z`` by region without forming ``Z``)."""
        n, R, ns = mrio.n, mrio.n_regions, mrio.n_sectors
        inter = np.einsum("irj,rj->ir", mrio.A.reshape(n, R, ns), mrio.x.reshape(R, ns))
        return cls(np.maximum(mrio.Y, 0.0), inter)


def buyer_weights(purchases: Purchases, consumer: int, cut_columns: Array, allocation: str,
                  takers: Array | None = None, *, industries_cut: bool = False) -> Array:
    """Weights of the buyers that can take freed supply, per row, shape (n, R + 1) [M EUR].

    Parameters
    ----------
    purchases : Purchases
    consumer : int
        Position of the consumer region.
    cut_columns : ndarray of int
        Columns of ``Y`` that are the cut demand (the consumer's categories of a final-demand cut;
        empty for an input cut).
    allocation : str
        ``pro_rata_final``, ``pro_rata_total`` or ``to_regions`` (see
        :data:`footprint.waterbed.scenarios.ALLOCATIONS`).
    takers : ndarray of bool, shape (R,), optional
        Receiving regions of ``to_regions``.
    industries_cut : bool
        The consumer's industries are the cut demand (input cut): they take nothing.

    Returns
    -------
    ndarray, shape (n, R + 1)
        Column ``c < R``: region c's buyers; column ``R``: the consumer region's other buyers; the
        consumer's own column is 0.

    Notes
    -----
    ``pro_rata_total``: final demand (every category) plus intermediate purchases. ``pro_rata_final``:
    final demand; a row no final buyer takes goes to its intermediate buyers instead.
    ``to_regions``: final demand of the named regions; a row none of them buys yet is split equally.
    """
    n, nfd = purchases.final.shape
    R = purchases.inter.shape[1]
    nf = nfd // R
    final = np.zeros((n, R + 1))
    final[:, :R] = purchases.final.reshape(n, R, nf).sum(axis=2)
    own = np.zeros(nfd, dtype=bool)
    own[consumer * nf:(consumer + 1) * nf] = True
    own[np.asarray(cut_columns, dtype=int)] = False
    final[:, R] = purchases.final[:, own].sum(axis=1)
    final[:, consumer] = 0.0
    inter = np.zeros((n, R + 1))
    inter[:, :R] = purchases.inter
    inter[:, R] = 0.0 if industries_cut else purchases.inter[:, consumer]
    inter[:, consumer] = 0.0
    if allocation == "pro_rata_total":
        return final + inter
    if allocation == "pro_rata_final":
        none = final.sum(axis=1) == 0
        final[none] = inter[none]
        return final
    keep = np.zeros(R + 1, dtype=bool)
    keep[:R] = np.zeros(R, dtype=bool) if takers is None else takers
    out = np.where(keep, final, 0.0)
    out[out.sum(axis=1) == 0] = keep.astype(float)
    return out


def allocate(freed: Array, weights: Array) -> tuple[Array, float]:
    """Give each row's freed supply to its buyers in proportion to their weights.

    Parameters
    ----------
    freed : ndarray, shape (n,)
        Freed supply per row [M EUR].
    weights : ndarray, shape (n, B)
        Buyer weights (:func:`buyer_weights`) [M EUR].

    Returns
    -------
    taken : ndarray, shape (n, B)
        Freed supply per row and buyer, at d = 1 [M EUR].
    unallocated : float
        Share of the freed supply in rows without any buyer [-] (it is not taken: production falls).
    """
    total = weights.sum(axis=1)
    reach = total > 0
    taken = np.zeros_like(weights, dtype=float)
    taken[reach] = freed[reach, np.newaxis] * weights[reach] / total[reach, np.newaxis]
    all_freed = float(freed.sum())
    return taken, float(freed[~reach].sum()) / all_freed if all_freed else 0.0


def receiving_regions(mrio: MRIO, scen: Scenario) -> Array | None:
    """True for the regions of ``to_regions``, shape (R,); None without them."""
    return np.isin(np.array(mrio.regions), scen.to_regions) if scen.to_regions else None


def origin_rows(mrio: MRIO, scen: Scenario) -> Array:
    """1 on the rows of the scenario's origins (all rows without origins), shape (n,)."""
    origin = np.isin(np.array(mrio.regions), scen.origins) if scen.origins else np.ones(
        mrio.n_regions, dtype=bool)
    return np.repeat(origin, mrio.n_sectors).astype(float)


def scenario_vectors(mrio: MRIO, consumer: ConsumerConfig, w: Array, scen: Scenario,
                     purchases: Purchases | None = None) -> tuple[Array, Array, float]:
    """Final-demand changes of a final-demand cut at q = 1: the cut and the take-over at d = 1.

    Parameters
    ----------
    mrio : MRIO
    consumer : ConsumerConfig
        Its region and final-demand categories are the cut demand.
    w : ndarray, shape (n_sectors,)
        Product weights of the scenario's group [-].
    scen : Scenario
    purchases : Purchases, optional
        :meth:`Purchases.of` ``mrio`` (computed when not given).

    Returns
    -------
    direct : ndarray, shape (n, R + 1)
        The cut of the consumer's group demand in its column (and, for a sourcing shift, the
        purchase from R2) [M EUR].
    taken : ndarray, shape (n, R + 1)
        Freed supply taken by each buyer column at d = 1 (see the module notes) [M EUR].
    unallocated : float
        Share of the freed supply no buyer under the allocation rule can take [-].

    Notes
    -----
    DOMAIN.md 4.3, with ``Y' = Y + q (direct + d taken)``:

    .. math::
        \\Delta y_{NL}[(r,j)] = -q\\, w_j\\, y_{NL}[(r,j)], \\quad
        \\Delta y_b[(r,j)] = d\\, q\\, w_j\\, y_{NL}[(r,j)]\\, \\frac{B_b[(r,j)]}{\\sum_{b'} B_{b'}[(r,j)]}

    over the buyer columns ``b`` of :func:`buyer_weights` (every buyer except the cut demand). A
    sourcing shift adds ``Delta y_NL[(R2,j)] = + q w_j y_NL[(R1,j)] price_ratio`` with
    ``price_ratio = p_R2 / p_R1`` (M EUR of R2's product replacing 1 M EUR of R1's).
    """
    R, ns = mrio.n_regions, mrio.n_sectors
    c = mrio.regions.index(consumer.region)
    cols = consumer_columns(mrio, consumer)
    freed = np.tile(w, R) * origin_rows(mrio, scen) * mrio.Y[:, cols].sum(axis=1)  # at q = 1
    direct = np.zeros((mrio.n, R + 1))
    direct[:, c] = -freed
    if scen.shift_to is not None:
        r1 = mrio.regions.index(scen.origins[0])
        r2 = mrio.regions.index(scen.shift_to)
        direct[r2 * ns:(r2 + 1) * ns, c] += freed[r1 * ns:(r1 + 1) * ns] * scen.price_ratio
    weights = buyer_weights(purchases or Purchases.of(mrio), c, cols, scen.allocation,
                            receiving_regions(mrio, scen))
    taken, lost = allocate(freed, weights)
    return direct, taken, lost


def displacement_rates(mrio: MRIO, scen: Scenario, cut_rows: Array, cut: float
                       ) -> tuple[float, ...]:
    """The scenario's d values: as declared, or from its elasticities (DOMAIN.md 4.2).

    Parameters
    ----------
    cut_rows : ndarray of bool, shape (n,)
        Rows whose sales are cut (market supply S = their output with ``market = "data"``).
    cut : float
        The consumer's purchases of those rows [M EUR] (other buyers O = S - cut).
    """
    if scen.elasticities is None:
        return scen.d
    eta_s, eta_d = scen.elasticities
    if scen.market == "small_buyer":
        return (displacement_rate(eta_s, eta_d),)
    supply = float(mrio.x[cut_rows].sum())
    return (displacement_rate(eta_s, eta_d, supply, max(supply - cut, 0.0)),)


@dataclass(frozen=True, eq=False)
class ScenarioDelta:
    """Change of the origin x buyer matrices of one scenario per (q, d) variant.

    Attributes
    ----------
    scenario : Scenario
    variants : list of (q, d)
    dP : ndarray, shape (variants, indicators, R, R + 1)
        Change of the ``total`` origin x buyer matrices [unit]; the last column is the consumer
        region's other buyers (see the module notes).
    unallocated : ndarray, shape (variants,)
        Share of the freed supply in rows no buyer under the allocation rule can take [-]; it is not
        taken (production falls).
    d_consumption : ndarray, shape (variants, indicators)
        Change of the consumer's consumption-based footprint (its final demand's) [unit]: the
        consumer's column for a final-demand cut; for an input cut the part of the change that its
        own final demand embodies.
    """

    scenario: Scenario
    variants: list[tuple[float, float]]
    dP: Array
    unallocated: Array
    d_consumption: Array

    @property
    def d(self) -> Array:
        """Declared (or elasticity-derived) d of each variant [-]."""
        return np.array([d for _, d in self.variants], dtype=float)

    @property
    def unallocated_share(self) -> Array:
        """Share of the supply meant to be displaced (``d`` x freed) that no buyer can take [-];
        0 where d = 0 (nothing is meant to be displaced)."""
        return np.where(self.d > 0, self.unallocated, 0.0)

    @property
    def d_effective(self) -> Array:
        """Share of the freed supply actually taken by other buyers, ``d (1 - unallocated)`` [-]."""
        return self.d * (1.0 - self.unallocated)


def scenario_deltas(mrio: MRIO, leontief: Leontief, indicators: Indicators, groups: GroupWeights,
                    consumer: ConsumerConfig, scenarios: Sequence[Scenario],
                    purchases: Purchases | None = None) -> list[ScenarioDelta]:
    """Changes of the ``total`` origin x buyer matrices for every final-demand cut and (q, d) variant.

    Final-demand cuts share one batched solve of ``2 (R + 1)`` right-hand sides each (the cut and
    the take-over at q = d = 1); a variant is ``dP = q (dP_cut + d dP_taken)`` by linearity (A and s
    fixed). Input cuts are :func:`footprint.waterbed.input_cut.input_cut_delta`.

    Parameters
    ----------
    mrio, leontief : the system and its factorisation.
    indicators : Indicators
        Intensity rows followed (pressures, impacts) [unit / M EUR].
    groups : GroupWeights
    consumer : ConsumerConfig
        The consumer region and the final-demand categories that are its consumption.
    scenarios : sequence of Scenario
        ``kind = "final_demand"`` only.
    purchases : Purchases, optional
        :meth:`Purchases.of` ``mrio`` (computed when not given).

    Raises
    ------
    ConfigError
        A scenario's group is not among ``groups``, or a scenario is not a final-demand cut.
    """
    if not scenarios:
        return []
    c = mrio.regions.index(consumer.region)
    R = mrio.n_regions
    purchases = purchases or Purchases.of(mrio)
    y = mrio.Y[:, consumer_columns(mrio, consumer)].sum(axis=1)
    parts, meta = [], []
    for scen in scenarios:
        if scen.kind != "final_demand":
            raise ConfigError(f"scenario '{scen.name}': a {scen.kind} scenario is computed by "
                              "footprint.waterbed.input_cut.input_cut_delta, not scenario_deltas.")
        if scen.group not in groups.names:
            raise ConfigError(f"scenario '{scen.name}': group '{scen.group}' is not selected.")
        w = groups.W[groups.names.index(scen.group)]
        direct, taken, lost = scenario_vectors(mrio, consumer, w, scen, purchases)
        parts += [direct, taken]
        rows = (np.tile(w, R) > 0) & (origin_rows(mrio, scen) > 0)
        cut = float((np.tile(w, R) * y)[rows].sum())
        meta.append((displacement_rates(mrio, scen, rows, cut), lost))
    LdY = leontief.solve(np.hstack(parts))
    k = indicators.s.shape[0]
    dPs = region_sum(indicators.s, LdY, R).reshape(k, R, len(parts), R + 1)
    out = []
    for i, scen in enumerate(scenarios):
        d_cut, d_taken = dPs[:, :, 2 * i, :], dPs[:, :, 2 * i + 1, :]
        d_values, lost = meta[i]
        variants = [(q, d) for q in scen.q for d in d_values]
        dP = np.stack([q * (d_cut + d * d_taken) for q, d in variants])
        out.append(ScenarioDelta(scen, variants, dP, np.full(len(variants), lost),
                                 dP[..., c].sum(axis=-1)))
    return out
