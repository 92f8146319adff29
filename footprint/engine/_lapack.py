"""Private BLAS helpers of :mod:`footprint.engine.leontief`: in-place calls on sub-blocks of big arrays.

scipy's Python BLAS wrappers copy any sub-block that is not contiguous, and numpy's ``matmul``
does the same for strided views, so a blocked algorithm written with them reads and writes far
more memory than it needs. This module calls the BLAS that scipy itself links (through the
function pointers scipy exports in :mod:`scipy.linalg.cython_blas`) with explicit leading
dimensions, so that sub-blocks of a Fortran-ordered matrix are used where they lie.

Only what the engine needs is bound: ``sgemv``, ``sgemm``, ``strsm``, ``dgemv`` and ``dgemm``.
Every product of the engine goes through this one BLAS: numpy's ``@`` calls numpy's own copy of
OpenBLAS, whose idle threads keep spinning for a while after each call and take the cores from
scipy's threads in the call that follows (at n = 9,800 a 52-column solve right after a numpy
product took 0.14-0.21 s against 0.08 s; see :func:`a_times`).
The module also holds the engine's thin LAPACK wrappers (``getrf`` with the condition number,
``getrs``), the one pass over ``A`` before factorising (:func:`scan`) and the kernel of the
float64 residual (:func:`a_times`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import scipy.linalg.cython_blas as _cython_blas
from scipy.linalg import get_lapack_funcs

from footprint.errors import SingularSystemError

Array = np.ndarray

_c_int_p = ctypes.POINTER(ctypes.c_int)
_c_char_p = ctypes.c_char_p
_c_float_p = ctypes.POINTER(ctypes.c_float)
_c_double_p = ctypes.POINTER(ctypes.c_double)
_c_void_p = ctypes.c_void_p

_PyCapsule_GetName = ctypes.pythonapi.PyCapsule_GetName
_PyCapsule_GetName.restype = ctypes.c_char_p
_PyCapsule_GetName.argtypes = [ctypes.py_object]
_PyCapsule_GetPointer = ctypes.pythonapi.PyCapsule_GetPointer
_PyCapsule_GetPointer.restype = ctypes.c_void_p
_PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def _bind(name: str, argtypes: list[Any]) -> Callable[..., None]:
    """Function pointer ``name`` of scipy's cython_blas as a ctypes function (GIL released)."""
    capsule = _cython_blas.__pyx_capi__[name]
    address = _PyCapsule_GetPointer(capsule, _PyCapsule_GetName(capsule))
    return ctypes.CFUNCTYPE(None, *argtypes)(address)


# Fortran BLAS calling convention: every argument by reference.
_sgemv = _bind("sgemv", [_c_char_p, _c_int_p, _c_int_p, _c_float_p, _c_void_p, _c_int_p,
                         _c_void_p, _c_int_p, _c_float_p, _c_void_p, _c_int_p])
_sgemm = _bind("sgemm", [_c_char_p, _c_char_p, _c_int_p, _c_int_p, _c_int_p, _c_float_p,
                         _c_void_p, _c_int_p, _c_void_p, _c_int_p, _c_float_p, _c_void_p,
                         _c_int_p])
_dgemv = _bind("dgemv", [_c_char_p, _c_int_p, _c_int_p, _c_double_p, _c_void_p, _c_int_p,
                         _c_void_p, _c_int_p, _c_double_p, _c_void_p, _c_int_p])
_dgemm = _bind("dgemm", [_c_char_p, _c_char_p, _c_int_p, _c_int_p, _c_int_p, _c_double_p,
                         _c_void_p, _c_int_p, _c_void_p, _c_int_p, _c_double_p, _c_void_p,
                         _c_int_p])
_strsm = _bind("strsm", [_c_char_p, _c_char_p, _c_char_p, _c_char_p, _c_int_p, _c_int_p,
                         _c_float_p, _c_void_p, _c_int_p, _c_void_p, _c_int_p])


def _i(v: int) -> Any:
    return ctypes.byref(ctypes.c_int(v))


def _f(v: float) -> Any:
    return ctypes.byref(ctypes.c_float(v))


_MINUS_ONE = -1.0
_ONE = 1.0
#: Up to this many right-hand sides the blocked solves make many small BLAS calls (``sgemv``);
#: with more, a few large ``sgemm`` calls.
FEW_RHS = 8
#: Up to this many right-hand sides a block update is one ``sgemv`` per right-hand side, above it
#: one ``sgemm``.
_GEMV_MAX_M = 4
#: Rows per block of the blocked triangular solves: a block row of the factor (256 x n float32,
#: 10 MB at n = 9,800) stays in the last-level cache while every right-hand side uses it.
TRI_BLOCK = 256


def _check_f32_fortran(lu: Array, Z: Array) -> None:
    if lu.dtype != np.float32 or Z.dtype != np.float32:
        raise TypeError("blocked solves work on float32 arrays")
    if not (lu.flags.f_contiguous and Z.flags.f_contiguous):
        raise TypeError("blocked solves need Fortran-ordered arrays")
    if lu.ndim != 2 or lu.shape[0] != lu.shape[1] or Z.ndim != 2 or Z.shape[0] != lu.shape[0]:
        raise ValueError("shape mismatch")


def lu_solve_blocked(lu: Array, Z: Array, trans: bool, block: int | None = None) -> None:
    """Overwrite ``Z`` with ``(L_f U_f)^-1 Z`` (``trans=False``) or ``(L_f U_f)^-T Z``.

    Parameters
    ----------
    lu : ndarray, shape (n, n), float32, Fortran-ordered
        LU factors as LAPACK ``getrf`` returns them (unit lower ``L_f``, upper ``U_f``); row
        interchanges are the caller's business.
    Z : ndarray, shape (n, m), float32, Fortran-ordered
        Right-hand sides, overwritten by the solution.
    trans : bool
        Solve with the transposed factors, ``U_f^T L_f^T X = Z``.
    block : int, optional
        Rows per block; default :data:`TRI_BLOCK` for up to :data:`FEW_RHS` right-hand sides,
        twice that for more.

    Notes
    -----
    Block rows of the factor are read once from memory and used for every right-hand side while
    they sit in cache: ``m`` matrix-vector products (``sgemv``) per block for few right-hand
    sides, one ``sgemm`` for many, then a small triangular solve (``strsm``) on the diagonal
    block. The factor is read once per sweep, whatever ``m``, where LAPACK ``getrs`` with a few
    right-hand sides reads it about once per right-hand side and runs slower than that.
    OpenBLAS's threads share every call (at n = 9,800, 3 right-hand sides: 0.042 s on both
    cores against 0.063 s on one, medians of 15 on the shared machine).
    """
    _check_f32_fortran(lu, Z)
    _solve_sweeps(lu, Z, trans, block or (2 * TRI_BLOCK if Z.shape[1] > FEW_RHS else TRI_BLOCK))


def _solve_sweeps(lu: Array, Z: Array, trans: bool, block: int) -> None:
    if trans:  # U_f^T (lower, non-unit) forward, then L_f^T (upper, unit) backward
        _sweep(lu, Z, block, forward=True, trans=True, unit=False)
        _sweep(lu, Z, block, forward=False, trans=True, unit=True)
    else:  # L_f (lower, unit) forward, then U_f (upper, non-unit) backward
        _sweep(lu, Z, block, forward=True, trans=False, unit=True)
        _sweep(lu, Z, block, forward=False, trans=False, unit=False)


def _sweep(lu: Array, Z: Array, block: int, *, forward: bool, trans: bool, unit: bool) -> None:
    """One blocked substitution sweep with the lower (``forward``) or upper triangle of ``lu``.

    With ``trans`` the operator's block rows are column blocks of ``lu`` (contiguous), used as
    dot products (``gemv "T"``) with the part already solved. Without, each solved block is
    subtracted from the rest through the column block of ``lu`` below (or above) it
    (``gemv "N"`` on contiguous columns), so both variants stream contiguous columns.
    """
    n, m = Z.shape
    base, zbase = lu.ctypes.data, Z.ctypes.data
    ld = _i(n)
    one = _f(_ONE)
    t_op = b"T" if trans else b"N"
    uplo = b"L" if forward != trans else b"U"  # triangle of lu holding the operator
    diag = b"U" if unit else b"N"
    starts = range(0, n, block)
    for i in starts if forward else reversed(starts):
        e = min(i + block, n)
        b = e - i
        if trans:  # first gather the solved part: rows i:e of op = columns i:e of lu
            lo, hi = (0, i) if forward else (e, n)
            if hi > lo:
                _update(t_op, hi - lo, b, m, base + 4 * (lo + i * n), ld, zbase, lo, i, n)
        _strsm(b"L", uplo, t_op, diag, _i(b), _i(m), one, base + 4 * (i + i * n), ld,
               zbase + 4 * i, ld)
        if not trans:  # then scatter the block just solved into the rest
            lo, hi = (e, n) if forward else (0, i)
            if hi > lo:
                _update(t_op, hi - lo, b, m, base + 4 * (lo + i * n), ld, zbase, i, lo, n)


def _update(t_op: bytes, rows: int, cols: int, m: int, panel: int, ld: Any, zbase: int,
            src: int, dst: int, n: int) -> None:
    """``Z[dst:] -= op(panel) @ Z[src:]`` for the ``rows x cols`` column-major ``panel``.

    With ``t_op == b"T"`` the product is ``panel^T`` (``cols`` results from ``rows`` inputs),
    else ``panel`` (``rows`` results from ``cols`` inputs).
    """
    one, minus = _f(_ONE), _f(_MINUS_ONE)
    if m <= _GEMV_MAX_M:
        rows_p, cols_p, inc = _i(rows), _i(cols), _i(1)  # built once: a call costs microseconds
        for j in range(m):
            col = zbase + 4 * j * n
            _sgemv(t_op, rows_p, cols_p, minus, panel, ld, col + 4 * src, inc, one,
                   col + 4 * dst, inc)
        return
    out, inner = (cols, rows) if t_op == b"T" else (rows, cols)
    _sgemm(t_op, b"N", _i(out), _i(m), _i(inner), minus, panel, ld, zbase + 4 * src, _i(n),
           one, zbase + 4 * dst, _i(n))



def row_permutation(piv: Array) -> Array | None:
    """Rows ``p`` with ``M[p] = L_f U_f`` for LAPACK ``getrf`` pivots; ``None`` if no interchange.

    ``getrf`` swaps row ``i`` with row ``piv[i]`` for ``i = 0, 1, ...`` in turn (0-based pivots,
    as scipy returns them).
    """
    if np.array_equal(piv, np.arange(piv.size)):
        return None
    p = np.arange(piv.size)
    for i, j in enumerate(piv.tolist()):
        p[i], p[j] = p[j], p[i]
    return p


#: Rows of ``A`` per chunk in :func:`a_times` with few right-hand sides (64 x 9,800 float64 is
#: 5 MB: each chunk is read from memory once and reused from cache by every column).
_MATVEC_ROWS = 64
#: Up to this many right-hand sides :func:`a_times` uses chunked matrix-vector products; above it
#: one matrix-matrix product, which OpenBLAS runs at compute speed.
_MATVEC_MAX_M = 4


def a_times(A: Array, X: Array, trans: bool) -> Array:
    """Return ``A @ X`` (or ``A.T @ X``) in float64, reading ``A`` from memory once.

    Parameters
    ----------
    A : ndarray, shape (n, n), float64, C-ordered
        Technical coefficients [M EUR / M EUR] (also a read-only memory map).
    X : ndarray, shape (n, m), float64
    trans : bool
        Multiply by ``A.T`` instead of ``A``.

    Notes
    -----
    With a few right-hand sides a single ``A @ X`` goes through a matrix-matrix product that
    OpenBLAS runs far below memory speed (at n = 9,800, 3 columns took 0.15 s against 0.035 s
    for one matrix-vector product). Row chunks of ``A`` that fit in cache, one ``dgemv`` per
    column each (OpenBLAS's threads share each call), read ``A`` once at about memory speed.
    Many right-hand sides use one ``dgemm`` of scipy's BLAS on both cores (52 columns: 0.14-0.16 s
    against 0.20-0.24 s for numpy's ``A @ X``, whose spinning threads then also slowed the next
    float32 solve from 0.08 to 0.14-0.21 s). Other layouts or types fall back to numpy.
    """
    n, m = X.shape
    if not A.flags.c_contiguous or A.dtype != np.float64:
        return np.asarray(A.T @ X if trans else A @ X)
    one = ctypes.byref(ctypes.c_double(1.0))
    if m > _MATVEC_MAX_M:
        # the C-ordered A is A^T in column-major order: A @ X is gemm("T"), A.T @ X gemm("N")
        XF = np.asfortranarray(X, dtype=np.float64)
        out = np.empty((n, m), order="F")
        zero = ctypes.byref(ctypes.c_double(0.0))
        _dgemm(b"N" if trans else b"T", b"N", _i(n), _i(m), _i(n), one, A.ctypes.data, _i(n),
               XF.ctypes.data, _i(n), zero, out.ctypes.data, _i(n))
        return out
    XT = np.ascontiguousarray(X.T, dtype=np.float64)  # (m, n): contiguous columns
    out = np.zeros((m, n))
    base, xbase, obase = A.ctypes.data, XT.ctypes.data, out.ctypes.data
    ld, inc = _i(n), _i(1)
    beta = ctypes.byref(ctypes.c_double(1.0 if trans else 0.0))
    # column-major view: A[i:e] (C-ordered) is the n x b block (A^T)[:, i:e] with leading dim n
    for i in range(0, n, _MATVEC_ROWS):
        b = min(_MATVEC_ROWS, n - i)
        chunk = base + 8 * i * n
        for j in range(m):
            x, y = xbase + 8 * j * n, obase + 8 * j * n
            if trans:  # out_j += A[i:e].T @ x_j[i:e]
                _dgemv(b"N", ld, _i(b), one, chunk, ld, x + 8 * i, inc, beta, y, inc)
            else:  # out_j[i:e] = A[i:e] @ x_j
                _dgemv(b"T", ld, _i(b), one, chunk, ld, x, inc, beta, y + 8 * i, inc)
    return out.T


#: Rows of ``A`` per chunk in :func:`scan` (16 x 9,800 float64 is 1.25 MB: the chunk stays in the
#: core's cache while it is summed, searched for its minimum and written out as ``I - A``).
_SCAN_ROWS = 16
#: Default threads of :func:`scan`, each on its own share of the rows (numpy's loops release the
#: GIL): at n = 9,800 0.11 s on two threads against 0.15 s on one.
_SCAN_THREADS = 2


def scan(A: Array, dtype: type[np.floating[Any]] | None = None,
         threads: int = _SCAN_THREADS) -> tuple[Array, float, Array | None]:
    """Column sums and smallest entry of ``A`` and, optionally, ``(I - A)^T``, in one pass over ``A``.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Technical coefficients [M EUR / M EUR]; best C-ordered (also a read-only memory map).
    dtype : numpy floating type, optional
        If given, also build ``(I - A)^T`` of this type for :func:`getrf`.
    threads : int
        Python threads, each on its own share of the rows (the engine passes the cores free
        now, :func:`footprint.engine.threads.choose`).

    Returns
    -------
    colsum : ndarray, shape (n,)
        ``A.sum(axis=0)`` [M EUR / M EUR] (non-finite where a column holds NaN or inf).
    amin : float
        Smallest entry; meaningless if ``A`` holds NaN (callers reject those by ``colsum``).
    work : ndarray, shape (n, n), or None
        ``(I - A)^T`` of ``dtype``, Fortran-ordered (the C-ordered ``I - A``), as
        :func:`i_minus_a_t` returns it; ``None`` without ``dtype``.

    Notes
    -----
    ``A`` is read from memory once, in row chunks that stay in cache for all three uses; with
    separate passes (sums, then the cast to ``I - A``) it was read twice (768 MB each at
    n = 9,800: 0.4-0.5 s together against 0.15 s in one pass, 0.11 s with two threads). Column
    sums are added chunk by chunk, so they may differ from ``A.sum(axis=0)`` in the last bits.
    """
    n = A.shape[1]
    C = None if dtype is None else np.empty(A.shape, dtype=dtype)
    threads = max(1, threads)
    bounds = np.linspace(0, A.shape[0], threads + 1).astype(int).tolist()
    if threads == 1:
        parts = [_scan_rows(A, C, 0, A.shape[0])]
    else:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(lambda k: _scan_rows(A, C, bounds[k], bounds[k + 1]),
                                  range(threads)))
    colsum = np.sum([p[0] for p in parts], axis=0)
    amin = min(p[1] for p in parts)
    if C is None:
        return colsum, amin, None
    C.flat[:: n + 1] += 1.0
    return colsum, amin, C.T


def _scan_rows(A: Array, C: Array | None, start: int, stop: int) -> tuple[Array, float]:
    """Column sums and minimum of ``A[start:stop]``; writes ``-A`` into ``C[start:stop]``."""
    colsum = np.zeros(A.shape[1])
    amin = np.inf
    for i in range(start, stop, _SCAN_ROWS):
        e = min(i + _SCAN_ROWS, stop)
        chunk = A[i:e]
        colsum += chunk.sum(axis=0)
        amin = min(amin, float(chunk.min()))
        if C is not None:
            np.negative(chunk, out=C[i:e], casting="same_kind")
    return colsum, amin


# --------------------------------------------------------------------------------------------
# LAPACK wrappers (factorise (I - A)^T so that a C-ordered I - A is overwritten in place)


def i_minus_a_t(A: Array, dtype: type[np.floating[Any]]) -> Array:
    """Return ``(I - A)^T`` as a fresh Fortran-ordered array of ``dtype``."""
    C = np.negative(A, dtype=dtype, order="C")  # rows of C are rows of I - A
    C.flat[:: C.shape[0] + 1] += 1.0
    return C.T  # Fortran-ordered view of (I - A)^T; LAPACK may overwrite it


def getrf(M: Array, rcond_bound: float | None) -> tuple[Array, Array, float]:
    """LU-factorise ``M`` in place; return (lu, piv, reciprocal 1-norm condition number).

    The condition number is ``rcond_bound`` when given (a proven lower bound), else LAPACK's
    estimate (``gecon``: several triangular solves with the factors).
    """
    getrf, gecon, lange = get_lapack_funcs(("getrf", "gecon", "lange"), (M,))
    anorm = float(lange("1", M)) if rcond_bound is None else 0.0
    lu, piv, info = getrf(M, overwrite_a=True)
    if info > 0:
        raise SingularSystemError(
            f"(I - A) is singular: LU found an exact zero pivot (elimination step {info}). "
            "A sector with output entirely used up by itself, or duplicated rows, cause this; "
            "check A with footprint checks (column sums < 1) and remove empty or duplicate sectors."
        )
    if rcond_bound is not None:
        return lu, piv, rcond_bound
    rcond, _ = gecon(lu, anorm, norm="1")
    return lu, piv, float(rcond)


def getrs(lu: Array, piv: Array, B: Array, trans: int) -> Array:
    (getrs,) = get_lapack_funcs(("getrs",), (lu,))
    X, info = getrs(lu, piv, B.astype(lu.dtype, copy=False), trans=trans)
    if info != 0:  # pragma: no cover - only on malformed arguments
        raise SingularSystemError(f"LAPACK getrs failed with info={info}.")
    return np.asarray(X)
