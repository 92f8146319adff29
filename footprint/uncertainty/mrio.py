"""One Monte Carlo draw of the MRIO and the consumer's footprint by group, origin region and pressure.

A draw (:mod:`footprint.uncertainty.law` for the law) perturbs ``Z = A diag(x)``, ``Y`` (and final
demand outside the regions), the stressor rows of ``F`` the run's pressures use and their ``F_Y``
entries, then recomputes the system from the perturbed flows::

    x' = Z' e + Y' e        A' = Z' diag(x')^-1        S' = F' diag(x')^-1

factorises ``I - A'`` once (:func:`footprint.engine.leontief.factorise`) and attributes the consumer's
final demand exactly as :func:`footprint.attribution.attribute` does, summed over origin products::

    P[g, p, r] = sum_{i in r} (C S')[p, i] (L' Y'_g)[i]     (+ the consumer's own F_Y' in region c)

Draw ``d`` takes its random numbers from ``numpy.random.default_rng([seed, d])`` in a fixed order (the
non-zero entries of ``Z`` row by row, in blocks of :data:`BLOCK` rows, then every entry of ``Y``, the
final demand outside the regions, ``F``, ``F_Y``), so a draw's result depends on the run's seed and its
index only, not on which worker computes it or with which other draws.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from footprint.attribution import GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief, factorise
from footprint.errors import FootprintError, NotProductiveError
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.uncertainty.law import CvLaw, factors, reference_size

__all__ = ["BLOCK", "Draw", "Flows", "MrioProblem", "problem_for_run"]

BLOCK = 256
"""Rows of ``Z`` perturbed at a time (fixed: it sets the order of the random numbers)."""


@dataclass(frozen=True)
class Flows:
    """One draw's perturbed flows: ``Z'``, ``Y'``, final demand outside the regions, ``F'``, ``F_Y'``."""

    Z: np.ndarray
    Y: np.ndarray
    Y_outside: np.ndarray | None
    F: np.ndarray
    F_Y: np.ndarray


@dataclass(frozen=True)
class Draw:
    """One perturbed system: ``A'`` (the caller's buffer), ``x'``, ``Y'`` summed over the consumer's
    columns, ``S'`` of the used stressor rows and the consumer's ``F_Y'`` of those rows."""

    A: np.ndarray
    x: np.ndarray
    y: np.ndarray
    S: np.ndarray
    fy: np.ndarray


@dataclass(eq=False)
class MrioProblem:
    """The observed system and what the run attributes, with the perturbation law's sizes precomputed.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Technical coefficients [M EUR / M EUR] (may be a read-only memory map; never changed).
    x : ndarray, shape (n,)
        Gross output [M EUR].
    Y : ndarray, shape (n, m)
        Final demand of every region and category [M EUR].
    F, F_Y : ndarray, shape (k, n) and (k, m)
        The stressor rows the pressures use, by producing row and by final-demand column [unit].
    C : ndarray, shape (p, k)
        Pressures from those stressor rows (:class:`footprint.pressures.PressureSet` ``C``, its used
        columns) [pressure unit / stressor unit].
    columns : ndarray of int
        The consumer's columns of ``Y`` (:func:`footprint.attribution.consumer_columns`).
    W : ndarray, shape (g, n_sectors)
        Group weights of products (:class:`footprint.attribution.GroupWeights` ``W``) [-].
    n_regions : int
    consumer : int
        Position of the consumer region (where its own ``F_Y`` is booked).
    direct : ndarray of bool, shape (g, k), optional
        Which of the consumer's own stressor rows each group carries; None: none.
    include_direct : bool
        Whether the consumer's own ``F_Y`` counts (group ``total`` and the rows of ``direct``).
    Y_outside : ndarray, shape (n, q), optional
        Final demand outside every region [M EUR]: in ``x``, nobody's footprint.
    law : CvLaw
    """

    A: np.ndarray
    x: np.ndarray
    Y: np.ndarray
    F: np.ndarray
    F_Y: np.ndarray
    C: np.ndarray
    columns: np.ndarray
    W: np.ndarray
    n_regions: int
    consumer: int
    direct: np.ndarray | None = None
    include_direct: bool = True
    Y_outside: np.ndarray | None = None
    law: CvLaw = field(default_factory=CvLaw)

    def __post_init__(self) -> None:
        n = self.A.shape[0]
        self.n = n
        self.n_sectors = n // self.n_regions
        self._sector_of_row = np.tile(np.arange(self.n_sectors), self.n_regions)
        magnitudes = [np.abs(z[z != 0]) for z in map(self._z_rows, range(0, n, BLOCK))]
        ref = reference_size(*magnitudes, self.Y, self.Y_outside)
        self.sigma_Z = np.empty((n, n), dtype=np.float32)
        for start in range(0, n, BLOCK):  # in row blocks: no n x n temporary besides sigma_Z itself
            self.sigma_Z[start:start + BLOCK] = self.law.sigma(self._z_rows(start), ref)
        self.sigma_Y = self.law.sigma(self.Y, ref)
        self.sigma_out = None if self.Y_outside is None else self.law.sigma(self.Y_outside, ref)
        rows = np.array([[reference_size(f, fy)] for f, fy in zip(self.F, self.F_Y, strict=True)])
        rows = rows.reshape(-1, 1) if rows.size else np.ones((0, 1))
        self.sigma_F = self.law.sigma(self.F, rows)
        self.sigma_FY = self.law.sigma(self.F_Y, rows)
        self._local = threading.local()  # each thread its own Z' buffer (a worker may run 2 chunks)

    def _z_rows(self, start: int) -> np.ndarray:
        """Rows ``start`` to ``start + BLOCK`` of ``Z = A diag(x)`` as float32 (for the law's sizes)."""
        return (self.A[start:start + BLOCK] * self.x[np.newaxis, :]).astype(np.float32)

    # ---------------------------------------------------------------------------- one draw

    def flows(self, index: int, seed: int) -> Flows:
        """The perturbed flows of draw ``index`` (``Z'`` in this thread's buffer, reused by its next draw)."""
        rng = np.random.default_rng([seed, index])
        Z = getattr(self._local, "buffer", None)
        if Z is None:
            Z = self._local.buffer = np.empty((self.n, self.n))
        for start in range(0, self.n, BLOCK):
            stop = min(start + BLOCK, self.n)
            block = Z[start:stop]
            np.multiply(self.A[start:stop], self.x[np.newaxis, :], out=block)
            nonzero = block != 0  # random numbers for the non-zero entries only (zeros stay zero)
            block[nonzero] *= factors(self.sigma_Z[start:stop][nonzero], rng)
        Y = self.Y * factors(self.sigma_Y, rng)
        out = None
        if self.Y_outside is not None and self.sigma_out is not None:
            out = self.Y_outside * factors(self.sigma_out, rng)
        F = self.F * factors(self.sigma_F, rng)
        return Flows(Z, Y, out, F, self.F_Y * factors(self.sigma_FY, rng))

    def draw(self, index: int, seed: int) -> Draw:
        """The perturbed system of draw ``index``: ``x' = Z' e + Y' e``, ``A' = Z' / x'``, ``S' = F' / x'``
        (``A'`` in the buffer of :meth:`flows`)."""
        fl = self.flows(index, seed)
        x = fl.Z.sum(axis=1) + fl.Y.sum(axis=1)
        if fl.Y_outside is not None:
            x += fl.Y_outside.sum(axis=1)
        self._check_output(x, index)
        inv = np.divide(1.0, x, out=np.zeros(self.n), where=x != 0)
        A = fl.Z
        A *= inv[np.newaxis, :]
        return Draw(A, x, fl.Y[:, self.columns].sum(axis=1), fl.F * inv[np.newaxis, :],
                    fl.F_Y[:, self.columns].sum(axis=1))

    def _check_output(self, x: np.ndarray, index: int) -> None:
        bad = np.flatnonzero((x <= 0) & (self.x > 0))
        if bad.size:
            raise FootprintError(
                f"MRIO Monte Carlo draw {index}: the perturbed gross output of row {int(bad[0])} is "
                f"{x[bad[0]]:.6g} (observed {self.x[bad[0]]:.6g}), not positive ({bad.size} row(s)); "
                "negative final demand (changes in inventories) outweighs the row's other uses. "
                "Lower [uncertainty] mrio_cv_ref or mrio_cv_max."
            )

    def footprint(self, leontief: Leontief, y: np.ndarray, S: np.ndarray, fy: np.ndarray) -> np.ndarray:
        """Footprint by group (``total`` first), pressure and origin region, shape (g + 1, p, R) [unit].

        Parameters
        ----------
        leontief : Leontief
            Factorisation of ``I - A`` of the same system.
        y : ndarray, shape (n,)
            The consumer's final demand [M EUR].
        S : ndarray, shape (k, n)
            Intensities of the used stressor rows [unit / M EUR].
        fy : ndarray, shape (k,)
            The consumer's own stressors of those rows [unit].
        """
        Yg = np.column_stack([y, *(y * w[self._sector_of_row] for w in self.W)])
        LY = leontief.solve(Yg)  # (n, g + 1)
        s = self.C @ S  # (p, n)
        values = np.einsum("pi,ig->gpi", s, LY)
        out = values.reshape(values.shape[0], values.shape[1], self.n_regions, self.n_sectors).sum(axis=3)
        if self.include_direct:
            masks = self.direct if self.direct is not None else np.zeros((len(self.W), len(fy)), bool)
            out[:, :, self.consumer] += np.vstack([self.C @ fy, *(self.C @ (fy * m) for m in masks)])
        return np.asarray(out)

    def deterministic(self, leontief: Leontief | None = None) -> np.ndarray:
        """The observed system's footprint (no perturbation), shape (g + 1, p, R) [unit]; equal to
        :func:`footprint.attribution.attribute` summed by origin region."""
        lf = leontief if leontief is not None else factorise(self.A)
        inv = np.divide(1.0, self.x, out=np.zeros(self.n), where=self.x != 0)
        return self.footprint(lf, self.Y[:, self.columns].sum(axis=1), self.F * inv[np.newaxis, :],
                              self.F_Y[:, self.columns].sum(axis=1))

    def run(self, indices: Iterable[int], seed: int) -> np.ndarray:
        """The footprints of draws ``indices``, shape (len(indices), g + 1, p, R) [unit].

        Raises
        ------
        FootprintError
            A draw's system is not productive (a column of ``A'`` sums to 1 or more) or has a
            non-positive output; the message names the draw and the fix.
        """
        results = []
        for index in indices:
            d = self.draw(index, seed)
            try:
                lf = factorise(d.A)
            except NotProductiveError as exc:
                raise FootprintError(
                    f"MRIO Monte Carlo draw {index}: the perturbed system is not productive ({exc}). "
                    "Lower [uncertainty] mrio_cv_ref or mrio_cv_max."
                ) from exc
            results.append(self.footprint(lf, d.y, d.S, d.fy))
        shape = (0, len(self.W) + 1, self.C.shape[0], self.n_regions)
        return np.stack(results) if results else np.zeros(shape)


def problem_for_run(mrio: MRIO, pressures: PressureSet, consumer: ConsumerConfig, groups: GroupWeights,
                    law: CvLaw | None = None) -> MrioProblem:
    """The problem of a run's main year: its system, the stressor rows its pressures use, the
    consumer's columns and the groups (the same inputs as :func:`footprint.attribution.attribute`)."""
    used = np.flatnonzero(np.abs(pressures.C).sum(axis=0) > 0)
    direct = None if groups.direct is None else np.asarray(groups.direct)[:, used]
    return MrioProblem(
        A=mrio.A, x=mrio.x, Y=mrio.Y, F=mrio.F[used], F_Y=mrio.F_Y[used], C=pressures.C[:, used],
        columns=consumer_columns(mrio, consumer), W=groups.W, n_regions=mrio.n_regions,
        consumer=mrio.regions.index(consumer.region), direct=direct,
        include_direct=consumer.include_household_direct, Y_outside=mrio.Y_outside,
        law=law if law is not None else CvLaw())
