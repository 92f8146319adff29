"""The iterative route of :mod:`footprint.engine.leontief`: GMRES without a factorisation of ``I - A``.

Used for systems too large to factorise in good time (GLORIA, 19,680 rows; REX3, 30,807): the
dense LU costs ``(2/3) n^3`` flops (about 28 s at n = 19,680 on two cores at the float32 peak),
while GMRES costs ``2 n^2`` flops per right-hand side and iteration. ``I - A`` of an MRIO is
well conditioned (``A >= 0``, column sums below 1) and, apart from the Perron root of ``A`` (about
0.5) and a few outliers, its spectrum is small: on the benchmark's synthetic systems (164 regions)
the second-largest eigenvalue modulus of ``A`` is about 0.15 and the bulk about 0.1, so GMRES
gains about one digit per iteration.

Preconditioner: block Jacobi on the domestic blocks (``blocks`` equal diagonal blocks, one per
region), applied on the right: ``(I - A) P^-1 u = r``, ``x = P^-1 u`` with ``P`` the block
diagonal of ``I - A``. Real MRIOs buy most inputs at home, so the domestic blocks hold most of
``A`` and ``P`` takes out the eigenvalues of each region's own economy, which plain GMRES would
have to find one by one (one cluster per region). Without ``blocks``, ``P`` is the diagonal.

Precision: the Krylov vectors and the products with ``I - A`` are float32 (a float32 copy of
``I - A``: half the memory traffic and twice the BLAS speed of float64); GMRES stops at a residual
of :data:`INNER_TOL` of the right-hand side. The caller wraps this in the same float64 iterative
refinement as the float32 LU route (``leontief.Leontief._refine``): residuals with the float64
``A``, so results meet the same 1e-9 contract.

All right-hand sides run at once: each iteration is one matrix-matrix product (``sgemm``) of the
float32 ``I - A`` with every active column; columns are orthogonalised each in its own Krylov
space (classical Gram-Schmidt, twice).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

__all__ = ["INNER_TOL", "MAX_ITER", "BlockJacobi", "gmres"]

#: Relative residual at which an inner (float32) GMRES solve stops: float32 products carry about
#: 1e-7 relative error, so much tighter is not reachable. At 3e-7 one refinement step mostly suffices
#: (164-region synthetic system: 14 iterations in all, against 20 and two steps at 1e-6).
INNER_TOL = 3e-7
#: Largest Krylov space per inner solve (memory: ``MAX_ITER x m x n`` float32 values).
MAX_ITER = 60


class BlockJacobi:
    """Inverses of the diagonal blocks of ``I - A`` (float32), applied to row-stacked vectors.

    Parameters
    ----------
    M : ndarray, shape (n, n), float32
        ``I - A`` (C-ordered).
    blocks : int or None
        Number of equal diagonal blocks (regions); ``None`` or a count that does not divide ``n``:
        the diagonal only.
    """

    def __init__(self, M: Array, blocks: int | None) -> None:
        n = M.shape[0]
        size = n // blocks if blocks and blocks > 0 and n % blocks == 0 else 1
        self.size = size
        if size == 1:
            self._inv = (1.0 / np.diagonal(M)).astype(np.float32)
            return
        idx = np.arange(n // size)
        diag = np.stack([M[i * size:(i + 1) * size, i * size:(i + 1) * size] for i in idx])
        self._inv = np.linalg.inv(diag.astype(np.float64)).astype(np.float32)  # (R, s, s)

    def apply(self, V: Array, trans: bool) -> Array:
        """``P^-1 v`` (or ``P^-T v``) for each row ``v`` of ``V`` (shape (m, n), float32)."""
        if self.size == 1:
            return V * self._inv
        m, n = V.shape
        Vb = V.reshape(m, n // self.size, self.size).transpose(1, 2, 0)  # (R, s, m)
        inv = self._inv.transpose(0, 2, 1) if trans else self._inv
        out = np.matmul(inv, Vb)  # (R, s, m)
        return np.ascontiguousarray(out.transpose(2, 0, 1).reshape(m, n))


def _givens(H: Array, cs: Array, sn: Array, g: Array, j: int) -> None:
    """Apply the earlier rotations to column ``j`` of every ``H[c]``, then zero ``H[c, j+1, j]``."""
    for i in range(j):
        a, b = H[:, i, j].copy(), H[:, i + 1, j].copy()
        H[:, i, j] = cs[:, i] * a + sn[:, i] * b
        H[:, i + 1, j] = -sn[:, i] * a + cs[:, i] * b
    a, b = H[:, j, j], H[:, j + 1, j]
    r = np.hypot(a, b)
    safe = np.where(r > 0, r, 1.0)
    cs[:, j] = np.where(r > 0, a / safe, 1.0)
    sn[:, j] = np.where(r > 0, b / safe, 0.0)
    H[:, j, j] = r
    H[:, j + 1, j] = 0.0
    g[:, j + 1] = -sn[:, j] * g[:, j]
    g[:, j] = cs[:, j] * g[:, j]


def gmres(M: Array, R: Array, pre: BlockJacobi, trans: bool, tol: float = INNER_TOL,
          max_iter: int = MAX_ITER) -> tuple[Array, int]:
    """Approximate ``X`` with ``op(M) X = R`` by right-preconditioned GMRES, every column at once.

    Parameters
    ----------
    M : ndarray, shape (n, n), float32
        ``I - A`` (C-ordered).
    R : ndarray, shape (n, m)
        Right-hand sides (any float type; used in float32).
    pre : BlockJacobi
        Preconditioner of ``M``.
    trans : bool
        Solve with ``M^T``.
    tol : float
        Stop when every column's residual norm is below ``tol`` times its right-hand side's.
    max_iter : int
        Iterations at most.

    Returns
    -------
    X : ndarray, shape (n, m), float64
    iterations : int
    """
    m = R.shape[1]
    W0 = np.ascontiguousarray(R.T, dtype=np.float32)  # (m, n): one row per right-hand side
    beta = np.linalg.norm(W0.astype(np.float64), axis=1)
    live = beta > 0
    # rows: v @ M.T is M v and v @ M is M^T v; right preconditioning: M P^-1 v or M^T P^-T v
    op = M if trans else M.T
    V = [W0 / np.where(live, beta, 1.0)[:, None].astype(np.float32)]
    H = np.zeros((m, max_iter + 1, max_iter))
    cs, sn = np.zeros((m, max_iter)), np.zeros((m, max_iter))
    g = np.zeros((m, max_iter + 1))
    g[:, 0] = beta
    k = 0
    for j in range(max_iter):
        w = np.matmul(pre.apply(V[j], trans), op)
        for _ in range(2):  # classical Gram-Schmidt, twice
            h = np.stack([(v * w).sum(axis=1) for v in V], axis=1).astype(np.float64)  # (m, j+1)
            h32 = h.astype(np.float32)
            for i, v in enumerate(V):
                w -= h32[:, i, None] * v
            H[:, : j + 1, j] += h
        norm = np.linalg.norm(w.astype(np.float64), axis=1)
        H[:, j + 1, j] = norm
        V.append(w / np.where(norm > 0, norm, 1.0)[:, None].astype(np.float32))
        _givens(H, cs, sn, g, j)
        k = j + 1
        if (np.abs(g[:, k]) <= tol * beta).all():
            break
    y = np.zeros((m, k))
    Rk = H[:, :k, :k]
    for c in np.flatnonzero(live):  # small upper-triangular systems, one per column
        y[c] = np.linalg.solve(Rk[c], g[c, :k])
    y32 = y.astype(np.float32)
    U = np.zeros_like(V[0])
    for i in range(k):
        U += y32[:, i, None] * V[i]
    X = pre.apply(U, trans)
    return X.T.astype(np.float64), k
