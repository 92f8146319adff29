"""The factorisation of ``I - A``, computed once; every footprint is a solve against it.

:class:`Leontief` holds the factors of one route and solves ``L @ B`` (:meth:`Leontief.solve`) and
``L.T @ B`` (:meth:`Leontief.solve_transposed`); :func:`factorise` checks ``A``
(:mod:`footprint.engine.checks`) and picks the route. The routes, their costs and the choice of
``"auto"`` are described in :mod:`footprint.engine`; the footprint algebra on top of a factorisation
is in :mod:`footprint.engine.accounts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from footprint.engine import _lapack, krylov
from footprint.engine import threads as _threads
from footprint.engine.checks import (
    RCOND_MIN,
    as_matrix,
    check_finite,
    check_productive,
    dominance_bound,
    raise_if_hopeless,
)
from footprint.errors import InvalidValuesError, SingularSystemError

__all__ = [
    "AUTO_F32_MIN_N",
    "AUTO_ITERATIVE_MIN_N",
    "METHODS",
    "RCOND_MIN",
    "REFINE_TOL",
    "Leontief",
    "factorise",
]

#: Routes :func:`factorise` accepts.
METHODS = ("auto", "dense-lu", "dense-lu-f32", "iterative")
#: From this many rows on, ``method="auto"`` uses the float32 LU with iterative refinement.
AUTO_F32_MIN_N = 4000
#: From this many rows on, ``method="auto"`` uses the iterative route (no factorisation) where
#: ``A >= 0`` with column sums below 1 (see benchmarks/README.md, "Scaling").
AUTO_ITERATIVE_MIN_N = 15000
#: Refinement stops when the estimated remaining error of each column (last correction times the
#: contraction rate) is below this fraction of the column's largest value; results are promised
#: within 1e-9 relative, so this leaves a margin of 1,000.
REFINE_TOL = 1e-12
#: Refinement iterations before giving up on float32 and factorising in float64.
_MAX_REFINE = 12
#: Below this float32 reciprocal condition estimate refinement would converge slowly; use float64.
_RCOND_MIN_F32 = 1e-5

Array = np.ndarray


# --------------------------------------------------------------------------------------------
# the factorisation


class Leontief:
    """Factorisation of (I - A) computed once; every footprint is a solve against it.

    Build it with :func:`factorise`. ``L = (I - A)^-1`` itself is not stored.

    Attributes
    ----------
    n : int
        Number of region-sector rows.
    method : str
        Route in use: ``"dense-lu"``, ``"dense-lu-f32"`` (float32 LU plus float64 iterative
        refinement) or ``"iterative"`` (GMRES plus the same refinement). Switches to
        ``"dense-lu"`` if refinement ever stalls.
    rcond : float
        Reciprocal 1-norm condition number of ``I - A`` [-]: the proven lower bound
        ``(1 - c) / (1 + c)`` where ``A >= 0`` with largest column sum ``c < 1``, else LAPACK's
        estimate from the factors in use.
    corrections : int
        Refinement corrections the last float32 solve needed (0 on the float64 route).
    iterations : int
        GMRES iterations of the last solve on the iterative route (0 on the others).
    threads : int or None
        BLAS threads of every call: ``None`` chooses them per call from the cores free at that
        moment (:func:`footprint.engine.threads.choose`).
    last_threads : int
        Threads the last call (factorisation or solve) ran on.

    Notes
    -----
    The object factorises ``(I - A)^T = P L_f U_f``, so ``L B`` solves with ``U_f^T L_f^T`` and
    ``L^T B`` with ``L_f U_f``. The float32 route keeps a reference to ``A`` for the float64
    residuals ``R = B - (I - A) X``: do not modify ``A`` while the object is in use. The optional
    ``work`` argument is :func:`factorise`'s copy of ``(I - A)^T`` (from
    :func:`footprint.engine._lapack.scan`), factorised in place.
    """

    n: int
    method: str
    rcond: float
    corrections: int
    threads: int | None
    last_threads: int

    def __init__(
        self, A: Array, method: str, rcond_bound: float | None = None, work: Array | None = None,
        threads: int | None = None, blocks: int | None = None,
    ) -> None:
        self.threads = threads
        with _threads.limit(threads) as self.last_threads:
            self._setup(A, method, rcond_bound, work, blocks)

    def _setup(self, A: Array, method: str, rcond_bound: float | None, work: Array | None,
               blocks: int | None) -> None:
        self.n = A.shape[0]
        self._A = A
        self._bound = rcond_bound
        self._piv: Array
        self._lu: Array
        self._perm: Array | None = None
        self._rho = 0.0  # largest contraction rate of refinement seen so far
        self.corrections = 0
        self.iterations = 0
        self._M: Array | None = None  # iterative route: C-ordered float32 I - A
        self._pre: krylov.BlockJacobi | None = None
        self._work = krylov.Workspace()  # iterative route: GMRES's memory, reused between solves
        if method == "iterative":
            if rcond_bound is None or rcond_bound < _RCOND_MIN_F32:
                raise InvalidValuesError(
                    "method='iterative' needs A >= 0 with every column sum below 1 (it has no "
                    "factorisation to estimate the condition from); use method='dense-lu-f32'."
                )
            if work is None or work.dtype != np.float32:
                work = _lapack.i_minus_a_t(A, np.float32)
            self._M = work.T  # C-ordered float32 I - A
            self._pre = krylov.BlockJacobi(work.T, blocks)
            self.rcond, self.method = rcond_bound, method
            return
        if method == "dense-lu-f32":
            bound = rcond_bound if rcond_bound is not None and rcond_bound >= _RCOND_MIN_F32 else None
            try:
                if work is None or work.dtype != np.float32:
                    work = _lapack.i_minus_a_t(A, np.float32)
                lu, piv, rcond = _lapack.getrf(work, bound)
            except SingularSystemError:  # a zero pivot in float32 may not be one in float64
                rcond = 0.0
            if rcond >= _RCOND_MIN_F32:
                self._lu, self._piv, self.rcond, self.method = lu, piv, rcond, method
                self._perm = _lapack.row_permutation(piv)
                return
            work = None  # overwritten by the float32 factors
        self._factor_f64(work)

    def _factor_f64(self, work: Array | None = None) -> None:
        bound = self._bound if self._bound is not None and self._bound >= RCOND_MIN else None
        if work is None or work.dtype != np.float64:
            work = _lapack.i_minus_a_t(self._A, np.float64)
        self._lu, self._piv, self.rcond = _lapack.getrf(work, bound)
        raise_if_hopeless(self.rcond)
        self.method = "dense-lu"
        self._perm = None
        self.corrections = 0
        self._M = None  # the iterative route's copy of I - A, if any, is no longer needed
        self._pre = None
        self._work = krylov.Workspace()

    def __repr__(self) -> str:
        return f"Leontief(n={self.n}, method={self.method!r}, rcond={self.rcond:.3g})"

    def _rhs(self, B: Any) -> Array:
        B = np.asarray(B, dtype=np.float64)
        if B.ndim not in (1, 2) or B.shape[0] != self.n:
            raise InvalidValuesError(
                f"right-hand side must have shape ({self.n},) or ({self.n}, m), got {B.shape}."
            )
        if not np.isfinite(B).all():
            raise InvalidValuesError(
                f"right-hand side has {int((~np.isfinite(B)).sum())} NaN or infinite value(s); "
                "fill missing final demand or intensities with 0 before solving."
            )
        return B

    def _solve(self, B: Array, trans: bool) -> Array:
        B2 = B.reshape(self.n, -1)
        with _threads.limit(self.threads) as self.last_threads:
            if self.method == "dense-lu":
                X = _lapack.getrs(self._lu, self._piv, B2, trans=0 if trans else 1)
            else:
                X = self._refine(B2, trans)
        return X.reshape(B.shape)

    def _refine(self, B: Array, trans: bool) -> Array:
        """Mixed-precision iterative refinement; falls back to float64 LU if it stalls.

        After correction ``k`` of relative size ``c_k`` (largest ``|D|`` over largest ``|X|`` of
        the column) the remaining error of a column is about ``rho c_k`` with ``rho`` the
        contraction rate: ``c_k / c_{k-1}`` once two corrections are known, before that the
        larger of ``c_1`` (the relative error of one float32 solve, the same quantity) and the
        largest rate seen on this factorisation. A column is done when ``2 rho c_k < REFINE_TOL``;
        only the columns not yet done get a further correction (at n = 9,800 one of 52 demand
        vectors may need a second correction while the others are done after one).

        The iterative route asks a correction after the first only for the accuracy still needed
        (:func:`.krylov.loose_tol`: GMRES to a relative residual ``tau``, often 1e-2, one or two
        iterations, instead of 3e-7); such a correction counts with the contraction
        ``tau / rcond`` (``rcond`` bounds how much the residual's relative error can grow in the
        solution) where that is larger than ``rho``.
        """
        self.iterations = 0
        X = self._f32_solve(B, trans)
        active = np.arange(B.shape[1])  # columns still being refined
        prev = np.zeros(B.shape[1])  # their last relative correction
        tau = krylov.INNER_TOL  # GMRES tolerance of the next correction (iterative route)
        loose = 0.0  # contraction of the last correction if it was a loose one, else 0
        for k in range(_MAX_REFINE):
            Xa = X[:, active]
            R = B[:, active] - Xa
            R += _lapack.a_times(self._A, Xa, trans)  # R = B - (I - A) X (or (I - A)^T X)
            D = self._f32_solve(R, trans, tau)
            was_loose, loose = loose, (tau / self.rcond if tau > krylov.INNER_TOL else 0.0)
            Xa += D
            X[:, active] = Xa
            size = np.abs(Xa).max(axis=0, initial=0.0)
            c = np.abs(D).max(axis=0, initial=0.0) / np.where(size > 0, size, 1.0)
            if k == 0:
                rho = np.maximum(self._rho, c)
            else:
                last = prev[active]
                rho = np.divide(c, last, out=np.zeros_like(c), where=last > 0)
                if not was_loose:  # a rate measured on a full-accuracy correction
                    if (rho > 0.5).any():  # stalled: float32 too inaccurate for this system
                        break
                    self._rho = max(self._rho, float(rho.max(initial=0.0)))
                rho = np.maximum(rho, was_loose)
            prev[active] = c
            rate = np.maximum(rho, loose)
            done = (rate < 0.5) & (2.0 * rate * c < REFINE_TOL)
            if self.method == "iterative" and not done.all():
                tau = krylov.loose_tol(float((rate * c)[~done].max()), self.rcond, REFINE_TOL)
            active = active[~done]
            if active.size == 0:
                self.corrections = k + 1
                return X
        self._factor_f64()
        return _lapack.getrs(self._lu, self._piv, B, trans=0 if trans else 1)

    def _f32_solve(self, R: Array, trans: bool, tol: float = krylov.INNER_TOL) -> Array:
        """Solve with the float32 factors, scaling each column to avoid under/overflow.

        ``tol`` is the iterative route's GMRES tolerance (the factors' solves ignore it).

        ``trans=False`` solves ``(I - A) X = R``, i.e. ``U_f^T L_f^T (P^T X) = R``;
        ``trans=True`` solves ``(I - A)^T X = R``, i.e. ``L_f U_f X = P^T R``.
        """
        scale = krylov.column_scale(R)
        if self.method == "iterative" and self._M is not None and self._pre is not None:
            X, k = krylov.gmres(self._M, R, self._pre, trans, tol=tol, work=self._work, scale=scale)
            self.iterations += k
            return X
        Z = np.empty(R.shape, dtype=np.float32, order="F")
        np.divide(R, scale, out=Z, casting="same_kind")
        if trans and self._perm is not None:
            Z = np.asfortranarray(Z[self._perm])
        _lapack.lu_solve_blocked(self._lu, Z, trans=not trans)
        X = Z.astype(np.float64)
        if not trans and self._perm is not None:
            X[self._perm] = X.copy()
        X *= scale
        return X

    def solve(self, B: Array) -> Array:
        """Return ``L @ B``, i.e. solve ``(I - A) X = B``.

        Parameters
        ----------
        B : ndarray, shape (n,) or (n, m)
            Right-hand sides, e.g. final demand [M EUR]; one column per demand vector.

        Returns
        -------
        ndarray, same shape as ``B``
            ``X = L B``, e.g. output required by each demand vector [M EUR].

        Notes
        -----
        .. math:: X = (I - A)^{-1} B = L B
        """
        return self._solve(self._rhs(B), trans=False)

    def solve_transposed(self, B: Array) -> Array:
        """Return ``L.T @ B``, i.e. solve ``(I - A)^T X = B``.

        Parameters
        ----------
        B : ndarray, shape (n,) or (n, m)
            Right-hand sides, e.g. ``S.T`` [unit / M EUR].

        Returns
        -------
        ndarray, same shape as ``B``
            ``X = L^T B``; with ``B = S^T``, ``X^T = S L`` are the multipliers.

        Notes
        -----
        .. math:: X = (I - A)^{-T} B = L^T B
        """
        return self._solve(self._rhs(B), trans=True)

    def inverse(self) -> Array:
        """Return the full Leontief inverse ``L = (I - A)^-1`` [M EUR / M EUR].

        Costs about as much as the factorisation again and ``8 n^2`` bytes; only for users who ask
        for ``L`` itself. Every footprint in footprint uses :meth:`solve` instead.
        """
        return self._solve(np.eye(self.n), trans=False)


def factorise(
    A: Array,
    *,
    method: str = "auto",
    check: bool = True,
    labels: Sequence[str] | None = None,
    threads: int | None = None,
    blocks: int | None = None,
) -> Leontief:
    """Factorise ``I - A`` once for all later footprint solves.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Technical coefficients [M EUR / M EUR]. Kept by reference by the ``"dense-lu-f32"`` route;
        do not modify it afterwards.
    method : {"auto", "dense-lu", "dense-lu-f32", "iterative"}
        ``"auto"`` uses ``"dense-lu-f32"`` for ``n >= AUTO_F32_MIN_N``, ``"dense-lu"`` below,
        and ``"iterative"`` for ``n >= AUTO_ITERATIVE_MIN_N`` where ``A >= 0`` with column sums
        below 1.
    check : bool
        Check that every column sum of ``A`` is below 1 (productive monetary table).
    labels : sequence of str, optional
        One name per column (e.g. ``"NL | Dairy products"``), used in error messages.
    threads : int, optional
        BLAS threads for the factorisation and every later solve. Default: chosen per call from
        the cores free at that moment (:mod:`footprint.engine.threads`); never more than the
        process was started with (``OPENBLAS_NUM_THREADS``).
    blocks : int, optional
        Regions: ``A`` is made of ``blocks`` x ``blocks`` equal blocks, the diagonal ones domestic.
        Only the iterative route uses it (block-Jacobi preconditioner); without it, the diagonal.

    Returns
    -------
    Leontief
        The factorisation.

    Raises
    ------
    InvalidValuesError
        ``A`` is not square, or holds NaN or infinite values (always checked).
    NotProductiveError
        With ``check=True``, some column sum of ``A`` is >= 1; the message lists the worst columns.
    SingularSystemError
        LU meets an exact zero pivot, or the reciprocal condition number (bound or estimate) is
        below :data:`RCOND_MIN`.

    Notes
    -----
    With ``A >= 0`` and every column sum below 1, ``||A||_1 < 1``, so ``I - A`` is invertible
    and ``L = \\sum_k A^k >= I``. The factorisation is :math:`(I - A)^T = P L_f U_f` (LAPACK
    ``getrf``), at :math:`\\tfrac{2}{3} n^3` flops.

    Examples
    --------
    >>> import numpy as np
    >>> lf = factorise(np.array([[0.15, 0.25], [0.20, 0.05]]))
    >>> np.round(lf.solve(np.array([600.0, 1500.0])), 4)
    array([1247.5248, 1841.5842])
    """
    if method not in METHODS:
        raise InvalidValuesError(f"method must be one of {METHODS}, got {method!r}.")
    A = as_matrix(A, labels)
    auto = method == "auto"
    if auto:
        method = "dense-lu-f32" if A.shape[0] >= AUTO_F32_MIN_N else "dense-lu"
    # one pass over A: column sums and minimum for the checks, and the copy of I - A to factorise
    with _threads.limit(threads) as n_threads:
        colsum, amin, work = _lapack.scan(A, np.float64 if method == "dense-lu" else np.float32,
                                          threads=n_threads)
    check_finite(A, colsum, labels)
    if check:
        check_productive(colsum, labels)
    bound = dominance_bound(colsum, amin)
    if auto and A.shape[0] >= AUTO_ITERATIVE_MIN_N and bound is not None and bound >= _RCOND_MIN_F32:
        method = "iterative"
    return Leontief(A, method, bound, work, threads=threads, blocks=blocks)
