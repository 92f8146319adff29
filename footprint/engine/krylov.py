"""The iterative route of :mod:`footprint.engine.leontief`: GMRES without a factorisation of ``I - A``.

Used for systems too large to factorise in good time (GLORIA, 19,680 rows; REX3, 30,807): the
dense LU costs ``(2/3) n^3`` flops (about 28 s at n = 19,680 on two cores at the float32 peak),
while GMRES costs ``2 n^2`` flops per right-hand side and iteration. ``I - A`` of an MRIO is
well conditioned (``A >= 0``, column sums below 1) and, apart from the Perron root of ``A`` (about
0.5) and a few outliers, its spectrum is small: on the benchmark's synthetic systems (164 regions)
the second-largest eigenvalue modulus of ``A`` is about 0.15 and the bulk about 0.1, so GMRES
gains about one digit per iteration.

Preconditioner: block Jacobi on the domestic blocks (``blocks`` equal diagonal blocks, one per
region) plus a rank-one part for the rest, applied on the right: ``(I - A) P^-1 u = r``,
``x = P^-1 u`` with ``P = I - D - r c^T / t``, ``D`` the block diagonal of ``A`` (the domestic
blocks), ``r`` and ``c`` the row and column sums of ``E = A - D`` (the import blocks) and ``t``
their total. Real MRIOs buy most inputs at home, so the domestic blocks hold most of ``A`` and
``I - D`` takes out the eigenvalues of each region's own economy, which plain GMRES would have to
find one by one (one cluster per region). ``r c^T / t`` is the rank-one matrix with the row and
column sums of ``E``: it carries ``E``'s share of the Perron root of ``A`` (the largest
eigenvalue of a non-negative matrix, about 0.5 on the benchmark's systems), which plain block
Jacobi leaves to GMRES's first iteration in every solve (that iteration then gains about a factor
of 10, the later ones 30). ``P^-1`` follows from ``(I - D)^-1`` by the Sherman-Morrison formula
(two vectors and a scalar, computed once). Measured on the benchmark's system at 164 regions x 20
products: 6 iterations to a relative residual of 3e-7 against 7 without the rank-one part, 2
against 3 to 1e-2 (both ``L B`` and ``L^T S^T``). Without ``blocks``, ``D`` is the diagonal.

Precision: the Krylov vectors and the products with ``I - A`` are float32 (a float32 copy of
``I - A``: half the memory traffic and twice the BLAS speed of float64); GMRES stops at a residual
of :data:`INNER_TOL` of the right-hand side. The caller wraps this in the same float64 iterative
refinement as the float32 LU route (``leontief.Leontief._refine``): residuals with the float64
``A``, so results meet the same 1e-9 contract.

All right-hand sides run at once: each iteration is one matrix-matrix product (``sgemm``,
:func:`times_op`) of the float32 ``I - A`` with every column still iterating;
columns are orthogonalised each in its own Krylov space (classical Gram-Schmidt, twice), as
batched matrix-vector products over a basis kept in one array (``(iterations + 1, m, n)``). A
column whose residual is below ``tol`` takes no part in the later products: at n = 19,680 the
columns of a call reach ``tol`` up to one iteration apart (the benchmark's ``L B``: 21 of 167
columns after four iterations, 146 after five; its first correction: 166 after four, 1 after
five), and every column used to take part in the last one (1,914 column-iterations per job, now
1,727; counted per call on the benchmark's system, 2026-12-02).

Memory is reused, not allocated anew (:class:`Workspace`, kept by the caller between solves): on
the project's virtual machine the first write to memory the process has not used before costs
0.14-16 s per GiB (measured 2026-12-02: the host hands the pages back in after the guest frees
them), against 0.07 s for a pass over memory in use; at n = 19,680 an iteration that took fresh
arrays for its basis vector and temporaries (about 70 MB) took 2.4-2.9 s against 0.9-1.2 s for its
matrix product.

The caller chooses ``tol`` per solve: the float64 refinement asks its last correction only for the
accuracy it still needs (``leontief.Leontief._refine``), usually 1e-2, one or two iterations.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

__all__ = ["INNER_TOL", "LOOSE_TOL", "MAX_ITER", "BlockJacobi", "Workspace", "column_scale", "gmres",
           "loose_tol", "times_op"]

#: Relative residual at which an inner (float32) GMRES solve stops: float32 products carry about
#: 1e-7 relative error, so much tighter is not reachable. At 3e-7 one refinement step mostly suffices
#: (164-region synthetic system: 14 iterations in all, against 20 and two steps at 1e-6).
INNER_TOL = 3e-7
#: Largest Krylov space per inner solve (memory: ``MAX_ITER x m x n`` float32 values).
MAX_ITER = 60
#: Loosest relative residual a caller may ask for: GMRES's first iteration alone may not reach
#: much more than a factor of 10.
LOOSE_TOL = 0.1


class Workspace:
    """Scratch arrays of :func:`gmres`, kept between solves so that their memory is reused.

    :meth:`get` returns a view of the first elements of a flat array of that name, which grows
    (a new array) only when a larger one is asked for.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, Array] = {}

    def get(self, name: str, shape: tuple[int, ...]) -> Array:
        """A float32 array of ``shape`` (contents undefined), the named scratch array's memory."""
        size = int(np.prod(shape))
        flat = self._arrays.get(name)
        if flat is None or flat.size < size:
            flat = np.empty(size, dtype=np.float32)
            self._arrays[name] = flat
        return flat[:size].reshape(shape)


class BlockJacobi:
    """``P^-1`` for ``P = I - D - r c^T / t`` (float32), applied to row-stacked vectors.

    ``D`` is the block diagonal of ``A`` (``I - P`` without the rank-one part), ``r`` and ``c``
    the row and column sums of ``A - D`` and ``t`` their total (see the module docstring).

    Parameters
    ----------
    M : ndarray, shape (n, n), float32
        ``I - A`` (C-ordered).
    blocks : int or None
        Number of equal diagonal blocks (regions); ``None`` or a count that does not divide ``n``:
        the diagonal only.
    rank_one : bool
        Add the rank-one part (default). Without it ``P`` is the block diagonal of ``I - A``.
    """

    def __init__(self, M: Array, blocks: int | None, rank_one: bool = True) -> None:
        n = M.shape[0]
        size = n // blocks if blocks and blocks > 0 and n % blocks == 0 else 1
        self.size = size
        if size == 1:
            self._inv = (1.0 / np.diagonal(M)).astype(np.float32)
        else:
            idx = np.arange(n // size)
            diag = np.stack([M[i * size:(i + 1) * size, i * size:(i + 1) * size] for i in idx])
            self._inv = np.linalg.inv(diag.astype(np.float64)).astype(np.float32)  # (R, s, s)
        self._rank_one: tuple[Array, Array, Array, Array] | None = None
        if rank_one:
            self._rank_one = self._sherman_morrison(M)

    def _sherman_morrison(self, M: Array) -> tuple[Array, Array, Array, Array] | None:
        """Vectors ``c / d``, ``r / d``, ``(I - D)^-1 r`` and ``(I - D)^-T c`` with
        ``d = t - c^T (I - D)^-1 r`` (float32); ``None`` where ``A - D`` has no positive total."""
        n, s = M.shape[0], self.size
        ones = np.ones(n, dtype=np.float32)
        # sums of I - A in one pass each (BLAS sgemv), then less those of I - D, negated
        rows = (M @ ones).astype(np.float64)
        cols = (ones @ M).astype(np.float64)
        diag = M.reshape(n // s, s, n // s, s)[np.arange(n // s), :, np.arange(n // s), :] if s > 1 \
            else np.diagonal(M).reshape(n, 1, 1)
        r = -(rows - diag.astype(np.float64).sum(axis=2).ravel())
        c = -(cols - diag.astype(np.float64).sum(axis=1).ravel())
        t = float(r.sum())
        if not t > 0:
            return None
        qr = self._block_apply(r[None].astype(np.float32), False)[0].astype(np.float64)
        qc = self._block_apply(c[None].astype(np.float32), True)[0].astype(np.float64)
        d = t - float(c @ qr)
        if not d > 0:
            return None
        f32 = np.float32
        return (c / d).astype(f32), (r / d).astype(f32), qr.astype(f32), qc.astype(f32)

    def _block_apply(self, V: Array, trans: bool, out: Array | None = None,
                     work: Workspace | None = None) -> Array:
        m, n = V.shape
        if out is None:
            out = np.empty((m, n), dtype=np.float32)
        if self.size == 1:
            return np.multiply(V, self._inv, out=out)
        R, s = n // self.size, self.size
        Vb = V.reshape(m, R, s).transpose(1, 2, 0)  # (R, s, m)
        inv = self._inv.transpose(0, 2, 1) if trans else self._inv
        tmp = (work or Workspace()).get("block", (R, s, m))
        np.matmul(inv, Vb, out=tmp)
        np.copyto(out.reshape(m, R, s), tmp.transpose(2, 0, 1))
        return out

    def apply(self, V: Array, trans: bool, out: Array | None = None,
              work: Workspace | None = None) -> Array:
        """``P^-1 v`` (or ``P^-T v``) for each row ``v`` of ``V`` (shape (m, n), float32).

        Sherman-Morrison: ``P^-1 v = Q v + Q r (c^T Q v) / d`` with ``Q = (I - D)^-1``; ``P^-T v =
        Q^T v + Q^T c (r^T Q^T v) / d``. ``out`` (shape (m, n), float32) receives the result;
        ``work`` lends scratch memory.
        """
        Y = self._block_apply(V, trans, out, work)
        if self._rank_one is not None:
            c_d, r_d, qr, qc = self._rank_one
            coef = Y @ (r_d if trans else c_d)  # (m,)
            q = qc if trans else qr
            for i in range(0, Y.shape[0], 16):  # rows in chunks: no (m, n) temporary
                Y[i:i + 16] += coef[i:i + 16, None] * q[None, :]
        return Y


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
          max_iter: int = MAX_ITER, work: Workspace | None = None,
          scale: Array | None = None) -> tuple[Array, int]:
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
        A column stops when its residual norm is below ``tol`` times its right-hand side's: it
        takes no part in the later matrix products (:func:`_product`); the solve stops when
        every column has.
    max_iter : int
        Iterations at most.
    work : Workspace, optional
        Scratch memory kept between solves (default: fresh arrays).
    scale : ndarray, shape (m,), optional
        Solve for ``R / scale`` (each column divided by its entry, in float64 before the cast to
        float32) and return the solution times ``scale`` (in float64): :func:`column_scale` keeps
        float32 from under- or overflowing. Done in the copies into and out of the float32
        vectors, so no float64 temporary of the size of ``R`` is made.

    Returns
    -------
    X : ndarray, shape (n, m), float64
        A new array.
    iterations : int
    """
    n, m = R.shape
    work = work or Workspace()
    # right preconditioning: M P^-1 v or M^T P^-T v
    V = work.get("basis", (max_iter + 1, m, n))  # Krylov basis; V[j] holds vector j of each column
    if scale is None:
        np.copyto(V[0], R.T, casting="same_kind")
    else:
        np.divide(R.T, scale[:, None], out=V[0], casting="same_kind")
    beta = np.sqrt(np.einsum("ij,ij->i", V[0], V[0], dtype=np.float64))
    live = beta > 0
    V[0] /= np.where(live, beta, 1.0)[:, None].astype(np.float32)
    H = np.zeros((m, max_iter + 1, max_iter))
    cs, sn = np.zeros((m, max_iter)), np.zeros((m, max_iter))
    g = np.zeros((m, max_iter + 1))
    g[:, 0] = beta
    w = work.get("w", (m, n))
    proj = work.get("projection", (m, 1, n))
    done = ~live  # columns whose residual is below tol (zero right-hand sides from the start)
    its = np.zeros(m, dtype=np.int64)  # iterations of each column
    k = 0
    for j in range(max_iter):
        _product(V[j], M, pre, trans, done, work)
        basis = V[: j + 1].transpose(1, 0, 2)  # (m, j+1, n)
        for _ in range(2):  # classical Gram-Schmidt, twice, as batched matrix-vector products
            h = np.matmul(basis, w[:, :, None])[:, :, 0]  # (m, j+1)
            w -= np.matmul(h[:, None, :], basis, out=proj)[:, 0, :]
            H[:, : j + 1, j] += h
        norm = np.sqrt(np.einsum("ij,ij->i", w, w, dtype=np.float64))
        H[:, j + 1, j] = norm
        np.divide(w, np.where(norm > 0, norm, 1.0)[:, None].astype(np.float32), out=V[j + 1])
        _givens(H, cs, sn, g, j)
        k = j + 1
        its[~done] = k
        done |= np.abs(g[:, k]) <= tol * beta
        if done.all():
            break
    y = np.zeros((m, k), dtype=np.float32)
    for c in np.flatnonzero(live):  # small upper-triangular systems, one per column
        q = its[c]
        y[c, :q] = np.linalg.solve(H[c, :q, :q], g[c, :q])
    np.matmul(y[:, None, :], V[:k].transpose(1, 0, 2), out=proj)  # (m, 1, n)
    X = pre.apply(proj[:, 0, :], trans, out=w, work=work)
    if scale is None:
        return X.T.astype(np.float64), k
    return np.multiply(X.T, scale), k  # float32 times float64: cast, then multiplied in float64


def _product(Vj: Array, M: Array, pre: BlockJacobi, trans: bool, done: Array,
             work: Workspace) -> Array:
    """Workspace ``"w"`` (m, n) = ``op(M) P^-1 v`` for each row ``v`` of ``Vj`` not ``done``, 0 for
    the others: a column that has converged costs no more of the matrix product."""
    m, n = Vj.shape
    w = work.get("w", (m, n))
    if not done.any():
        return times_op(pre.apply(Vj, trans, out=work.get("product", (m, n)), work=work), M, trans, w)
    act = np.flatnonzero(~done)
    a = act.size
    sub = work.get("projection", (m, 1, n))[:a, 0, :]  # free until the Gram-Schmidt step
    np.take(Vj, act, axis=0, out=sub)
    times_op(pre.apply(sub, trans, out=work.get("product", (m, n))[:a], work=work), M, trans, sub)
    w.fill(0.0)
    w[act] = sub
    return w


def column_scale(R: Array) -> Array:
    """Largest ``|R|`` of each column, 1 where a column is zero (without an ``|R|`` temporary)."""
    scale = np.maximum(R.max(axis=0), -R.min(axis=0))
    scale[scale == 0] = 1.0
    return scale


def times_op(Y: Array, M: Array, trans: bool, out: Array) -> Array:
    """``out = Y @ M.T`` (``trans=False``: ``M v`` for each row ``v`` of ``Y``) or ``Y @ M``, float32.

    numpy's ``matmul`` (numpy's copy of OpenBLAS, like the preconditioner and the Gram-Schmidt
    products of :func:`gmres`). scipy's ``sgemm``, which the engine's other products call, was
    measured and not kept: at n = 19,680 the job's products took 18.6 and 18.9 s against 12.7 and
    14.6 s (2026-12-02, 05:29-05:32 UTC, load 1.5-1.7), as numpy's threads, still spinning after
    each preconditioner and Gram-Schmidt call, took cores from scipy's.
    """
    return np.matmul(Y, M if trans else M.T, out=out)


def loose_tol(error: float, rcond: float, target: float) -> float:
    """GMRES tolerance of a refinement correction that starts from a relative error ``error``.

    The correction contracts the error by about ``tau / rcond``; ``tau`` is chosen so that it
    brings the error to an eighth of what the stop rule needs (``2 rho c < target``), within
    ``[INNER_TOL, LOOSE_TOL]`` and a contraction of at most 0.25.
    """
    tau = rcond * target / (16.0 * max(error, 1e-300))
    return float(min(max(tau, INNER_TOL), LOOSE_TOL, 0.25 * rcond))
