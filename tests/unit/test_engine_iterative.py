"""Tests of the iterative route (footprint.engine.krylov: block-Jacobi GMRES inside float64
refinement) against numpy, pymrio and the dense routes, on small systems (no timing)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest

from benchmarks.generate import generate, spec_for_n
from footprint.engine import krylov
from footprint.engine import leontief as engine
from footprint.engine.accounts import multipliers, regional_accounts
from footprint.engine.leontief import factorise
from footprint.errors import InvalidValuesError
from footprint.inputs.sources import from_iosystem


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    mask = np.abs(b) > 1e-12 * np.abs(b).max()
    return float((np.abs(a[mask] - b[mask]) / np.abs(b[mask])).max())


@pytest.fixture(scope="module")
def mrio_like() -> dict[str, np.ndarray]:
    """The benchmark's synthetic MRIO at 12 regions x 25 products (dense domestic blocks)."""
    return generate(spec_for_n(300, n_regions=12))


@pytest.mark.parametrize("blocks", [None, 12])
def test_iterative_equals_numpy_and_dense(mrio_like: dict[str, np.ndarray],
                                          blocks: int | None) -> None:
    A, Y = mrio_like["A"], mrio_like["Y"]
    n = A.shape[0]
    S = mrio_like["F"] / mrio_like["x"]
    L = np.linalg.inv(np.eye(n) - A)
    lf = factorise(A, method="iterative", blocks=blocks)
    assert lf.method == "iterative"
    X = lf.solve(Y)
    assert lf.iterations > 0 and lf.corrections >= 1
    dense = factorise(A, method="dense-lu")
    for got, ref in [(X, L @ Y), (X, dense.solve(Y)), (lf.solve(Y[:, 0]), L @ Y[:, 0]),
                     (multipliers(S, lf), S @ L), (multipliers(S, lf), multipliers(S, dense))]:
        assert _rel(got, ref) < 1e-9
    f32 = factorise(A, method="dense-lu-f32")
    assert _rel(lf.solve_transposed(Y[:, :3]), f32.solve_transposed(Y[:, :3])) < 1e-9


def test_iterative_matches_pymrio_calc_all() -> None:
    io = pymrio.load_test()
    mrio = from_iosystem(io, label="pymrio test system (synthetic)")
    io.calc_all()
    lf = factorise(mrio.A, method="iterative", blocks=mrio.n_regions)
    accounts = regional_accounts(mrio, lf)
    M = multipliers(mrio.S, lf)
    ext = io.emissions
    rows = [accounts["D_cba_reg"].index.get_loc(" | ".join(map(str, k))) for k in ext.F.index]
    ref_M = ext.M.reindex(columns=pd.MultiIndex.from_tuples(mrio.row_index)).to_numpy()
    assert _rel(M[rows], ref_M) < 1e-9
    for name in ("D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"):
        assert _rel(accounts[name].to_numpy()[rows], getattr(ext, name).to_numpy()) < 1e-9


def test_block_jacobi_inverts_the_domestic_blocks() -> None:
    # hand-made: two regions of two sectors; P is the block diagonal of I - A
    A = np.array([[0.1, 0.2, 0.05, 0.0], [0.3, 0.1, 0.0, 0.05],
                  [0.02, 0.0, 0.2, 0.1], [0.0, 0.02, 0.1, 0.3]])
    M = (np.eye(4) - A).astype(np.float32)
    pre = krylov.BlockJacobi(M, 2, rank_one=False)
    assert pre.size == 2
    P = np.zeros((4, 4))
    P[:2, :2], P[2:, 2:] = np.eye(2) - A[:2, :2], np.eye(2) - A[2:, 2:]
    v = np.array([[1.0, 2.0, 3.0, 4.0]], dtype=np.float32)
    np.testing.assert_allclose(pre.apply(v, trans=False)[0], np.linalg.solve(P, v[0]), rtol=1e-6)
    np.testing.assert_allclose(pre.apply(v, trans=True)[0], np.linalg.solve(P.T, v[0]), rtol=1e-6)
    assert krylov.BlockJacobi(M, 3).size == 1  # 3 does not divide 4: the diagonal only


def test_preconditioner_adds_the_rank_one_part_of_the_import_blocks() -> None:
    # the same two regions; E = A off the domestic blocks has row sums r = (0.05, 0.05, 0.02,
    # 0.02), column sums c = (0.02, 0.02, 0.05, 0.05), total t = 0.14, so that
    # P = I - D - r c^T / t, by hand
    A = np.array([[0.1, 0.2, 0.05, 0.0], [0.3, 0.1, 0.0, 0.05],
                  [0.02, 0.0, 0.2, 0.1], [0.0, 0.02, 0.1, 0.3]])
    r, c = np.array([0.05, 0.05, 0.02, 0.02]), np.array([0.02, 0.02, 0.05, 0.05])
    P = np.eye(4) - np.outer(r, c) / 0.14
    P[:2, :2] -= A[:2, :2]
    P[2:, 2:] -= A[2:, 2:]
    pre = krylov.BlockJacobi((np.eye(4) - A).astype(np.float32), 2)
    v = np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 0.0, -1.0, 2.0]], dtype=np.float32)
    for trans, op in ((False, P), (True, P.T)):
        np.testing.assert_allclose(pre.apply(v, trans), np.linalg.solve(op, v.T).T, rtol=1e-6)
    # the diagonal-only preconditioner gets the rank-one part too (E is then A off the diagonal)
    diag = krylov.BlockJacobi((np.eye(4) - A).astype(np.float32), None)
    E = A - np.diag(np.diag(A))
    Pd = np.eye(4) - np.diag(np.diag(A)) - np.outer(E.sum(axis=1), E.sum(axis=0)) / E.sum()
    np.testing.assert_allclose(diag.apply(v, False), np.linalg.solve(Pd, v.T).T, rtol=1e-6)


def test_gmres_converges_on_its_own(mrio_like: dict[str, np.ndarray]) -> None:
    A = mrio_like["A"]
    M = (np.eye(A.shape[0]) - A).astype(np.float32)
    b = mrio_like["Y"][:, :2]
    X, k = krylov.gmres(M, b, krylov.BlockJacobi(M, 12), trans=False, tol=1e-5)
    assert 0 < k < krylov.MAX_ITER
    ref = np.linalg.solve(np.eye(A.shape[0]) - A, b)
    assert np.abs(X - ref).max() < 1e-4 * np.abs(ref).max()  # float32 GMRES: about 1e-5


def test_iterative_needs_a_productive_nonnegative_table() -> None:
    A = np.array([[0.1, -0.2], [0.3, 0.1]])
    with pytest.raises(InvalidValuesError, match="dense-lu-f32"):
        factorise(A, method="iterative")


def test_auto_picks_iterative_from_the_size_threshold(monkeypatch: pytest.MonkeyPatch,
                                                      mrio_like: dict[str, np.ndarray]) -> None:
    A = mrio_like["A"]
    assert factorise(A).method == "dense-lu"  # 300 rows
    monkeypatch.setattr(engine, "AUTO_F32_MIN_N", 100)
    assert factorise(A).method == "dense-lu-f32"
    monkeypatch.setattr(engine, "AUTO_ITERATIVE_MIN_N", 200)
    lf = factorise(A, blocks=12)
    assert lf.method == "iterative"
    # a table with a negative entry has no cheap condition bound: auto keeps the factorisation
    B = A.copy()
    B[0, 1] = -1e-6
    assert factorise(B).method == "dense-lu-f32"


def test_later_corrections_ask_gmres_only_for_the_accuracy_still_needed(
        monkeypatch: pytest.MonkeyPatch, mrio_like: dict[str, np.ndarray]) -> None:
    # a stricter stop rule than the default forces a second correction on this small system;
    # that correction starts about 1e-7 x 1e-7 from the answer and needs only about two digits
    monkeypatch.setattr(engine, "REFINE_TOL", 1e-14)
    tols: list[float] = []
    gmres = krylov.gmres

    def recording(*args: object, tol: float = krylov.INNER_TOL, **kw: object) -> object:
        tols.append(tol)
        return gmres(*args, tol=tol, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(krylov, "gmres", recording)
    A, Y = mrio_like["A"], mrio_like["Y"]
    lf = factorise(A, method="iterative", blocks=12)
    X = lf.solve(Y)
    assert lf.corrections >= 2
    assert tols[:2] == [krylov.INNER_TOL, krylov.INNER_TOL]  # the solve and the first correction
    assert all(krylov.INNER_TOL < t <= krylov.LOOSE_TOL for t in tols[2:])
    assert _rel(X, np.linalg.solve(np.eye(A.shape[0]) - A, Y)) < 1e-9


def test_loose_tolerance_by_hand() -> None:
    # rcond 0.1, target 1e-12: 0.1 x 1e-12 / (16 x 1e-12) = 0.00625, whose contraction 0.0625
    # leaves 6e-14 < 1e-12 / 2
    assert krylov.loose_tol(1e-12, 0.1, 1e-12) == pytest.approx(0.00625)
    assert krylov.loose_tol(1e-20, 0.1, 1e-12) == 0.025  # at most a contraction of 0.25 (tau / rcond)
    assert krylov.loose_tol(1e-6, 0.1, 1e-12) == krylov.INNER_TOL  # far from the answer: full accuracy


def test_workspace_reuses_its_memory_and_gmres_gives_the_same_answer_with_it(
        mrio_like: dict[str, np.ndarray]) -> None:
    work = krylov.Workspace()
    big = work.get("basis", (4, 10))
    small = work.get("basis", (3, 5))
    assert small.shape == (3, 5) and np.shares_memory(big, small)  # same memory, smaller view
    assert not np.shares_memory(big, work.get("basis", (5, 10)))  # a larger one: a new array
    A = mrio_like["A"]
    M = (np.eye(A.shape[0]) - A).astype(np.float32)
    pre = krylov.BlockJacobi(M, 12)
    b = mrio_like["Y"][:, :3]
    X0, k0 = krylov.gmres(M, b, pre, trans=True)
    for _ in range(2):  # the second call runs in the memory the first one left
        X, k = krylov.gmres(M, b, pre, trans=True, work=work)
        np.testing.assert_array_equal(X, X0)
        assert k == k0


def test_column_scale_by_hand() -> None:
    # largest |R| of each column: 3 (from -3), 2, and 1 for the zero column
    R = np.array([[1.0, -2.0, 0.0], [-3.0, 0.5, 0.0]])
    np.testing.assert_array_equal(krylov.column_scale(R), [3.0, 2.0, 1.0])


@pytest.mark.parametrize("trans", [False, True])
def test_times_op_is_the_product_with_m_or_its_transpose(trans: bool) -> None:
    # by hand: rows (1, 0) and (0, 1) of Y pick the rows of M.T (columns of M) or of M
    M = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    out = np.empty((3, 2), dtype=np.float32)
    expected = [[1.0, 3.0], [2.0, 4.0], [3.0, 7.0]] if not trans else [[1.0, 2.0], [3.0, 4.0],
                                                                         [4.0, 6.0]]
    assert krylov.times_op(Y, M, trans, out) is out
    np.testing.assert_array_equal(out, expected)


def test_gmres_scales_in_its_copies_exactly_as_a_scaled_right_hand_side(
        mrio_like: dict[str, np.ndarray]) -> None:
    A = mrio_like["A"]
    M = (np.eye(A.shape[0]) - A).astype(np.float32)
    pre = krylov.BlockJacobi(M, 12)
    b = mrio_like["Y"][:, :4] * np.array([1e-3, 1.0, 1e5, 1e-30])
    scale = krylov.column_scale(b)
    for trans in (False, True):
        X0, k0 = krylov.gmres(M, b / scale, pre, trans)
        X, k = krylov.gmres(M, b, pre, trans, scale=scale)
        assert k == k0
        np.testing.assert_array_equal(X, X0 * scale)  # the same float64 operations, bit for bit


@pytest.mark.parametrize("trans", [False, True])
def test_a_converged_column_takes_no_part_in_later_products(monkeypatch: pytest.MonkeyPatch,
                                                           trans: bool) -> None:
    # three regions of two sectors; region 0 trades with nobody, so the preconditioner (its
    # domestic block, untouched by the rank-one part of the import blocks, which has no row or
    # column in region 0) inverts I - A (and its transpose) exactly there: a right-hand side on
    # region 0 is solved after one iteration, one on regions 1 and 2 needs more; a zero right-hand
    # side takes part in no product at all
    rng = np.random.default_rng(5)
    A = rng.uniform(0.05, 0.2, size=(6, 6))
    A[:2, 2:] = 0.0
    A[2:, :2] = 0.0
    M = (np.eye(6) - A).astype(np.float32)
    b = np.zeros((6, 3))
    b[:2, 0] = [1.0, 2.0]
    b[2:, 1] = [1.0, 0.5, 2.0, 1.0]
    rows: list[int] = []
    times_op = krylov.times_op

    def recording(Y: np.ndarray, *args: object) -> np.ndarray:
        rows.append(Y.shape[0])
        return times_op(Y, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(krylov, "times_op", recording)
    X, k = krylov.gmres(M, b, krylov.BlockJacobi(M, 3), trans=trans, tol=1e-6)
    assert k > 1 and rows == [2] + [1] * (k - 1)  # the product of the first iteration only: 2 rows
    op = (np.eye(6) - A).T if trans else np.eye(6) - A
    np.testing.assert_allclose(X, np.linalg.solve(op, b), rtol=1e-5, atol=1e-6)
    assert not X[:, 2].any()
