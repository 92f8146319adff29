"""Tests of footprint.engine.leontief: textbook numbers, pymrio and numpy cross-checks, every error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint.engine import leontief as engine
from footprint.engine.accounts import multipliers, origin_footprints, regional_accounts
from footprint.engine.leontief import Leontief, factorise
from footprint.errors import (
    FootprintError,
    InvalidValuesError,
    NotProductiveError,
    SingularSystemError,
)
from footprint.inputs.sources import from_iosystem
from footprint.inputs.system import MRIO

ROUTES = ["dense-lu", "dense-lu-f32"]
ACCOUNTS = ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]


# ---------------------------------------------------------------------------------------------
# Miller & Blair (2009), Input-Output Analysis, 2nd ed., ch. 2, two-sector example
# (agriculture, manufacturing); numbers as in /work/shared/DOMAIN.md section 5.3:
# Z = [[150, 500], [200, 100]], f = [350, 1700], x = [1000, 2000], det(I - A) = 0.7575,
# L = [[0.95, 0.25], [0.20, 0.85]] / 0.7575, f_new = [600, 1500] -> x_new = [1247.5248, 1841.5842],
# value added = [650, 1400], sum 2050 = sum f.

MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_F = np.array([350.0, 1700.0])


@pytest.mark.parametrize("method", ROUTES)
def test_miller_blair_two_sector(method: str) -> None:
    A = MB_Z / MB_X
    np.testing.assert_allclose(A, [[0.15, 0.25], [0.20, 0.05]], rtol=1e-15)
    lf = factorise(A, method=method)
    assert lf.n == 2 and lf.method == method
    np.testing.assert_allclose(
        lf.inverse(), [[1.254125, 0.330033], [0.264026, 1.122112]], rtol=0, atol=5e-7
    )
    np.testing.assert_allclose(lf.inverse(), np.array([[0.95, 0.25], [0.20, 0.85]]) / 0.7575)
    np.testing.assert_allclose(lf.solve(MB_F), MB_X, rtol=1e-12)
    np.testing.assert_allclose(
        lf.solve(np.array([600.0, 1500.0])), [1247.5248, 1841.5842], rtol=0, atol=5e-5
    )
    value_added = MB_X - MB_Z.sum(axis=0)
    np.testing.assert_allclose(value_added, [650.0, 1400.0])
    assert value_added.sum() == pytest.approx(MB_F.sum()) == 2050.0
    # value added per unit output as a stressor: its multipliers are 1 (all value ends up as VA)
    np.testing.assert_allclose(multipliers(value_added / MB_X, lf), [1.0, 1.0], rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# cross-check against pymrio calc_all() on pymrio.load_test() (6 regions x 8 sectors)


@pytest.fixture(scope="module")
def pymrio_test() -> tuple[MRIO, pymrio.IOSystem]:
    io = pymrio.load_test()
    mrio = from_iosystem(io, label="pymrio test system (synthetic)")
    io.calc_all()
    return mrio, io


@pytest.fixture(scope="module", params=["pymrio-test", "demo"])
def both_systems(request: pytest.FixtureRequest) -> tuple[MRIO, pymrio.IOSystem]:
    """pymrio's test system (6 x 8) and the embedded demo (15 x 53, EXIOBASE 3.8 layout), each after
    pymrio's calc_all (the demo's is the session's copy, ``pymrio_demo_calc``: read only)."""
    if request.param == "demo":
        io = request.getfixturevalue("pymrio_demo_calc")
        return from_iosystem(io, label="demo"), io
    io = pymrio.load_test()
    mrio = from_iosystem(io, label=str(request.param))
    io.calc_all()
    return mrio, io


def _flat(key: object) -> str:
    return " | ".join(str(v) for v in key) if isinstance(key, tuple) else str(key)


def _assert_close_rel(actual: np.ndarray, desired: np.ndarray, rtol: float = 1e-9) -> None:
    """Relative 1e-9 per entry; exact zeros in the reference must be (numerically) zero."""
    atol = rtol * 1e-6 * float(np.abs(desired).max())
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol)


@pytest.mark.parametrize("method", ROUTES)
def test_matches_pymrio_calc_all(both_systems: tuple[MRIO, pymrio.IOSystem], method: str) -> None:
    mrio, io = both_systems
    lf = factorise(mrio.A, method=method)
    accounts = regional_accounts(mrio, lf)
    M = pd.DataFrame(multipliers(mrio.S, lf), index=accounts["D_cba_reg"].index)
    for ext in io.get_extensions(data=True):
        rows = [_flat(k) for k in ext.F.index]
        _assert_close_rel(M.loc[rows].to_numpy(), ext.M.reindex(columns=mrio.row_index).to_numpy())
        for name in ACCOUNTS:
            ref = getattr(ext, name)
            got = accounts[name].loc[rows]
            assert list(got.columns) == [str(c) for c in ref.columns] == list(mrio.regions)
            _assert_close_rel(got.to_numpy(), ref.to_numpy())


def test_pymrio_reference_totals(pymrio_test: tuple[MRIO, pymrio.IOSystem]) -> None:
    # Reference totals for pymrio.load_test(), extension emissions, emission_type1 (air), as
    # computed by pymrio 0.7.0 calc_all() (DOMAIN.md section 5.2 item 14):
    # sum D_cba_reg = sum D_pba_reg = 2.355973e9 kg; sum F_Y = 1.275748e9 kg.
    mrio, _ = pymrio_test
    accounts = regional_accounts(mrio)
    row = "emission_type1 | air"
    assert accounts["D_cba_reg"].loc[row].sum() == pytest.approx(2.355973e9, rel=5e-7)
    assert accounts["D_pba_reg"].loc[row].sum() == pytest.approx(2.355973e9, rel=5e-7)
    pos = accounts["D_cba_reg"].index.get_loc(row)
    assert mrio.F_Y[pos].sum() == pytest.approx(1.275748e9, rel=5e-7)


def test_regional_accounts_layout(random_mrio: Callable[..., MRIO]) -> None:
    mrio = random_mrio(3, n_regions=3, n_sectors=2, k=2)
    accounts = regional_accounts(mrio)
    assert list(accounts) == ACCOUNTS
    for frame in accounts.values():
        assert list(frame.index) == ["stressor0", "stressor1"]
        assert frame.index.name == "stressor"
        assert list(frame.columns) == ["R0", "R1", "R2"]


def test_regional_accounts_multiindex_when_names_repeat(random_mrio: Callable[..., MRIO]) -> None:
    base = random_mrio(4, k=2)
    stressors = pd.DataFrame(
        {"extension": ["air", "water"], "stressor": ["CO2", "CO2"], "unit": ["kg", "kg"]}
    )
    mrio = MRIO(**{**base.__dict__, "stressors": stressors})
    index = regional_accounts(mrio)["D_cba_reg"].index
    assert isinstance(index, pd.MultiIndex)
    assert list(index) == [("air", "CO2"), ("water", "CO2")]
    assert list(index.names) == ["extension", "stressor"]


# ---------------------------------------------------------------------------------------------
# cross-check against plain numpy on random systems


def _random_A(seed: int, n: int, max_colsum: float = 0.9) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    return A * (max_colsum / A.sum(axis=0).max())


@pytest.mark.parametrize("method", ["auto", *ROUTES])
@pytest.mark.parametrize("seed,n", [(0, 1), (1, 7), (2, 60), (3, 250)])
def test_matches_numpy_inverse(method: str, seed: int, n: int) -> None:
    A = _random_A(seed, n)
    L = np.linalg.inv(np.eye(n) - A)
    rng = np.random.default_rng(seed + 100)
    b = rng.random(n) * 100
    B = rng.random((n, 5)) * 100
    S = rng.random((3, n))
    lf = factorise(A, method=method)
    assert isinstance(lf, Leontief)
    got_b = lf.solve(b)
    assert got_b.shape == (n,)
    np.testing.assert_allclose(got_b, L @ b, rtol=1e-11)
    got_B = lf.solve(B)
    assert got_B.shape == (n, 5)
    np.testing.assert_allclose(got_B, L @ B, rtol=1e-11)
    np.testing.assert_allclose(lf.solve_transposed(b), L.T @ b, rtol=1e-11)
    np.testing.assert_allclose(lf.solve_transposed(B), L.T @ B, rtol=1e-11)
    np.testing.assert_allclose(lf.inverse(), L, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(multipliers(S, lf), S @ L, rtol=1e-11)
    np.testing.assert_allclose(multipliers(S[0], lf), S[0] @ L, rtol=1e-11)


def test_solve_does_not_modify_inputs() -> None:
    A = _random_A(5, 30)
    A0 = A.copy()
    B = np.random.default_rng(5).random((30, 3))
    B0 = B.copy()
    for method in ROUTES:
        factorise(A, method=method).solve(B)
    np.testing.assert_array_equal(A, A0)
    np.testing.assert_array_equal(B, B0)


def test_auto_picks_route_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    A = _random_A(6, 20)
    assert factorise(A).method == "dense-lu"
    monkeypatch.setattr(engine, "AUTO_F32_MIN_N", 10)
    assert factorise(A).method == "dense-lu-f32"


def test_f32_falls_back_on_ill_conditioned_system() -> None:
    # column sums 1 - 1e-9: productive but cond(I - A) ~ 1e9, too much for float32 factors
    n = 40
    A = _random_A(7, n)
    A *= (1 - 1e-9) / A.sum(axis=0)
    lf = factorise(A, method="dense-lu-f32")
    assert lf.method == "dense-lu"
    b = np.ones(n)
    np.testing.assert_allclose((np.eye(n) - A) @ lf.solve(b), b, rtol=0, atol=1e-6)


def test_f32_refinement_stall_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # let float32 factors through that cannot refine to 1e-12, then check the float64 fallback
    monkeypatch.setattr(engine, "_RCOND_MIN_F32", 0.0)
    n = 40
    A = _random_A(8, n)
    A *= (1 - 1e-8) / A.sum(axis=0)
    lf = factorise(A, method="dense-lu-f32")
    assert lf.method == "dense-lu-f32"
    b = np.linspace(1.0, 2.0, n)
    x = lf.solve(b)
    assert lf.method == "dense-lu"
    np.testing.assert_allclose(x, np.linalg.solve(np.eye(n) - A, b), rtol=1e-6)


def test_origin_footprints_shapes() -> None:
    rng = np.random.default_rng(9)
    s, S = rng.random(6), rng.random((2, 6))
    ly, LY = rng.random(6), rng.random((6, 3))
    np.testing.assert_allclose(origin_footprints(s, ly), s * ly)
    np.testing.assert_allclose(origin_footprints(s, LY), np.diag(s) @ LY)
    np.testing.assert_allclose(origin_footprints(S, ly), S * ly)
    P = origin_footprints(S, LY)
    assert P.shape == (2, 6, 3)
    for k in range(2):
        np.testing.assert_allclose(P[k], np.diag(S[k]) @ LY)


# ---------------------------------------------------------------------------------------------
# every documented error


def test_not_productive_names_worst_column() -> None:
    A = np.array([[0.5, 0.9, 0.1], [0.2, 0.3, 0.1], [0.1, 0.1, 0.1]])  # column 1 sums to 1.3
    with pytest.raises(NotProductiveError, match=r"column 1: 1\.3") as info:
        factorise(A)
    assert isinstance(info.value, ArithmeticError)
    assert isinstance(info.value, FootprintError)
    assert "column 0" not in str(info.value)
    labels = ["NL | Wheat", "NL | Dairy products", "DE | Beef"]
    with pytest.raises(NotProductiveError, match=r"column 1 \('NL \| Dairy products'\)"):
        factorise(A, labels=labels)


def test_not_productive_column_sum_exactly_one() -> None:
    A = np.array([[0.5, 0.0], [0.5, 0.2]])
    with pytest.raises(NotProductiveError, match="column 0"):
        factorise(A)


def test_not_productive_lists_worst_first() -> None:
    A = np.zeros((8, 8))
    A[0, :] = np.linspace(1.0, 1.7, 8)  # all columns bad, column 7 worst
    with pytest.raises(NotProductiveError, match=r"worst: column 7: 1\.7.*\(and 3 more\)"):
        factorise(A)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_invalid_values(bad: float) -> None:
    A = np.full((3, 3), 0.1)
    A[2, 1] = bad
    with pytest.raises(InvalidValuesError, match=r"row 2, column 1") as info:
        factorise(A)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, FootprintError)
    with pytest.raises(InvalidValuesError, match=r"row 2 \('c'\), column 1 \('b'\)"):
        factorise(A, labels=["a", "b", "c"], check=False)


def test_singular_exact_zero_pivot() -> None:
    # passes the column-sum check (column sums -1, -3) yet I - A = [[1, 2], [1, 2]] is singular
    A = np.array([[0.0, -2.0], [-1.0, -1.0]])
    for method in ROUTES:
        with pytest.raises(SingularSystemError, match="singular") as info:
            factorise(A, method=method)
        assert isinstance(info.value, ArithmeticError)
        assert isinstance(info.value, FootprintError)


def test_singular_without_check() -> None:
    # a sector that only supplies itself with everything it makes: I - A has a zero column
    A = np.array([[1.0, 0.2], [0.0, 0.5]])
    with pytest.raises(NotProductiveError):
        factorise(A)
    with pytest.raises(SingularSystemError):
        factorise(A, check=False)


def test_singular_hopeless_condition() -> None:
    eps = 1e-15
    A = np.array([[0.5, 0.5], [0.5, 0.5 - eps]])  # det(I - A) = 0.5 eps
    with pytest.raises(SingularSystemError, match="condition estimate"):
        factorise(A, check=False)


def test_bad_arguments() -> None:
    with pytest.raises(InvalidValuesError, match="square"):
        factorise(np.zeros((2, 3)))
    with pytest.raises(InvalidValuesError, match="method"):
        factorise(np.zeros((2, 2)), method="magic")
    with pytest.raises(InvalidValuesError, match="labels"):
        factorise(np.zeros((2, 2)), labels=["a"])
    lf = factorise(np.zeros((2, 2)))
    with pytest.raises(InvalidValuesError, match=r"shape \(2,\) or \(2, m\)"):
        lf.solve(np.ones(3))
    with pytest.raises(InvalidValuesError, match="NaN"):
        lf.solve_transposed(np.array([1.0, np.nan]))


# ---------------------------------------------------------------------------------------------
# float32 route: blocked solves, refinement stopping rule, condition bound, private kernels


def _pivoting_A(seed: int, n: int) -> np.ndarray:
    """A with negative entries and large off-diagonal values: LU of (I - A)^T must pivot."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n)) * 0.6


def _assert_columns_close(got: np.ndarray, want: np.ndarray, rel: float) -> None:
    """Each column within ``rel`` of its largest value (the refinement's contract, per column)."""
    want2 = want.reshape(want.shape[0], -1)
    err = np.abs(got.reshape(want2.shape) - want2).max(axis=0)
    assert (err <= rel * np.abs(want2).max(axis=0)).all(), err / np.abs(want2).max(axis=0)


@pytest.mark.parametrize("n", [5, 37, 300])
def test_f32_route_with_row_interchanges(n: int) -> None:
    # not an MRIO (entries of both signs, cancellation): refinement promises each column within
    # REFINE_TOL of its largest value; entry by entry small results may carry more relative error
    A = _pivoting_A(11, n)
    lf = factorise(A, method="dense-lu-f32", check=False)
    assert lf.method == "dense-lu-f32" and lf._perm is not None  # pivots were needed
    M = np.eye(n) - A
    B = np.random.default_rng(12).random((n, 4))
    B12 = np.random.default_rng(13).random((n, 12))  # more than _lapack.FEW_RHS: sgemm blocks
    for rhs in (B, B[:, 0], B12):
        _assert_columns_close(lf.solve(rhs), np.linalg.solve(M, rhs), 1e-11)
        _assert_columns_close(lf.solve_transposed(rhs), np.linalg.solve(M.T, rhs), 1e-11)
    assert lf.method == "dense-lu-f32"


def test_refinement_stops_column_by_column() -> None:
    # only the columns not yet within tolerance get a further correction: with a slow contraction
    # rate on record every non-zero column needs a second one, the zero columns stop after one
    A = _mrio_like_A(23, 10, 30, 0.8)
    n = A.shape[0]
    lf = factorise(A, method="dense-lu-f32")
    calls: list[int] = []
    solve32 = lf._f32_solve

    def counting(R: np.ndarray, trans: bool, *tol: float) -> np.ndarray:
        calls.append(R.shape[1])
        return solve32(R, trans, *tol)

    lf._f32_solve = counting  # type: ignore[method-assign]
    lf._rho = 1e-4  # as if an earlier solve on these factors had contracted slowly
    Y = np.random.default_rng(24).random((n, 5))
    Y[:, [1, 3]] = 0.0
    got = lf.solve(Y)
    want = np.linalg.solve(np.eye(n) - A, Y)
    _assert_columns_close(got, want, 1e-12)
    assert (got[:, [1, 3]] == 0).all()
    assert calls[:3] == [5, 5, 3] and lf.corrections == len(calls) - 1 >= 2


@pytest.mark.parametrize("block", [None, 1, 7, 64, 512])
@pytest.mark.parametrize("m", [1, 3, 6, 12])
@pytest.mark.parametrize("trans", [False, True])
def test_blocked_triangular_solve_matches_lapack(block: int, m: int, trans: bool) -> None:
    from scipy.linalg import lu_factor, lu_solve

    from footprint.engine import _lapack

    n = 45
    M = (np.eye(n) - _random_A(13, n)).astype(np.float32)
    lu, piv = lu_factor(M, check_finite=False)  # float32 factors, Fortran-ordered
    lu = np.asfortranarray(lu)
    assert np.array_equal(piv, np.arange(n))  # diagonally dominant: no interchanges
    B = np.asfortranarray(np.random.default_rng(14).random((n, m)).astype(np.float32))
    Z = B.copy(order="F")
    _lapack.lu_solve_blocked(lu, Z, trans=trans, block=block)
    want = lu_solve((lu, piv), B, trans=1 if trans else 0, check_finite=False)
    np.testing.assert_allclose(Z, want, rtol=2e-5, atol=0)
    with pytest.raises(TypeError):
        _lapack.lu_solve_blocked(lu.astype(np.float64), Z, trans=trans)
    with pytest.raises(TypeError):
        _lapack.lu_solve_blocked(lu, np.ascontiguousarray(np.tile(Z, (1, 2))), trans=trans)


@pytest.mark.parametrize("m", [1, 2, 4, 5, 9])
@pytest.mark.parametrize("order", ["C", "F"])
def test_a_times_matches_numpy(m: int, order: str) -> None:
    # chunked dgemv up to _MATVEC_MAX_M columns, one dgemm above; other layouts through numpy
    from footprint.engine import _lapack

    A = np.asarray(_random_A(15, 150), order=order)
    X = np.asarray(np.random.default_rng(16).random((150, m)), order=order)
    np.testing.assert_allclose(_lapack.a_times(A, X, trans=False), A @ X, rtol=1e-13)
    np.testing.assert_allclose(_lapack.a_times(A, X, trans=True), A.T @ X, rtol=1e-13)


def test_scan_matches_separate_passes() -> None:
    from footprint.engine import _lapack

    A = _random_A(25, 77)
    A[3, 5] = -0.25
    colsum, amin, work = _lapack.scan(A, np.float32)
    np.testing.assert_allclose(colsum, A.sum(axis=0), rtol=1e-14)
    assert amin == -0.25
    assert work is not None and work.dtype == np.float32 and work.flags.f_contiguous
    np.testing.assert_array_equal(work, _lapack.i_minus_a_t(A, np.float32))
    assert _lapack.scan(A)[2] is None


def test_factorise_read_only_memory_map(tmp_path: Path) -> None:
    # A may be a read-only memory map (np.load(..., mmap_mode="r")): it is only read
    A = _mrio_like_A(27, 6, 20, 0.8)
    np.save(tmp_path / "A.npy", A)
    mapped = np.load(tmp_path / "A.npy", mmap_mode="r")
    y = np.random.default_rng(28).random((A.shape[0], 3))
    for method in ROUTES:
        got = factorise(mapped, method=method).solve(y)
        np.testing.assert_allclose(got, np.linalg.solve(np.eye(A.shape[0]) - A, y), rtol=1e-12)


def test_row_permutation() -> None:
    from scipy.linalg import lu_factor

    from footprint.engine import _lapack

    M = np.eye(6) - _pivoting_A(17, 6)
    lu, piv = lu_factor(M)
    p = _lapack.row_permutation(piv)
    assert p is not None
    L, U = np.tril(lu, -1) + np.eye(6), np.triu(lu)
    np.testing.assert_allclose(M[p], L @ U, atol=1e-12)
    assert _lapack.row_permutation(np.arange(4, dtype=np.int32)) is None


def test_rcond_bound_for_dominant_systems() -> None:
    n = 80
    A = _random_A(18, n, max_colsum=0.8)
    lf = factorise(A, method="dense-lu")
    assert lf.rcond == pytest.approx((1 - 0.8) / (1 + 0.8), rel=1e-12)
    M = np.eye(n) - A
    true_rcond = 1.0 / (np.linalg.norm(M, 1) * np.linalg.norm(np.linalg.inv(M), 1))
    assert lf.rcond <= true_rcond  # a lower bound, never optimistic
    lf_neg = factorise(A - 1e-3 * np.eye(n), method="dense-lu", check=False)  # negative entries
    assert lf_neg.rcond == pytest.approx(1.0 / np.linalg.cond(np.eye(n) - A + 1e-3 * np.eye(n), 1),
                                         rel=0.5)  # LAPACK estimate instead


def _mrio_like_A(seed: int, n_regions: int, n_sectors: int, max_colsum: float) -> np.ndarray:
    """Dense domestic blocks, sparse imports (as in benchmarks.generate), columns up to max_colsum."""
    rng = np.random.default_rng(seed)
    n = n_regions * n_sectors
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.25) * 0.2
    for r in range(n_regions):
        blk = slice(r * n_sectors, (r + 1) * n_sectors)
        A[blk, blk] = rng.random((n_sectors, n_sectors)) * (rng.random((n_sectors, n_sectors)) < 0.7)
    return A * (max_colsum * rng.uniform(0.3, 1.0, n) / A.sum(axis=0))


@pytest.mark.parametrize("max_colsum,most", [(0.8, 1), (1 - 1e-4, 4)])
def test_f32_refinement_within_contract(max_colsum: float, most: int) -> None:
    # results of the float32 route equal float64 LU within 1e-9 relative entry by entry (the
    # contract; the stopping rule aims at 1e-12), with one correction where the system is benign
    A = _mrio_like_A(19, 12, 40, max_colsum)
    n = A.shape[0]
    rng = np.random.default_rng(20)
    Y = rng.random((n, 5)) * (rng.random((n, 5)) < 0.6) * 1e3
    S = rng.random((4, n)) * np.logspace(-6, 3, n)
    lf = factorise(A, method="dense-lu-f32")
    ref = factorise(A, method="dense-lu")
    assert lf.method == "dense-lu-f32"
    for got, want in [(lf.solve(Y), ref.solve(Y)), (multipliers(S, lf), multipliers(S, ref))]:
        assert 1 <= lf.corrections <= most
        mask = np.abs(want) > 1e-12 * np.abs(want).max()
        assert (np.abs(got - want)[mask] / np.abs(want)[mask]).max() < 1e-9


def test_f32_single_correction_on_benign_system() -> None:
    A = _mrio_like_A(21, 10, 30, 0.8)
    lf = factorise(A, method="dense-lu-f32")
    y = np.random.default_rng(22).random(A.shape[0])
    lf.solve(y)
    assert lf.corrections == 1


# ---------------------------------------------------------------------------------------------
# the engine alone stays lean: the package's top-level names are imported lazily


def test_engine_import_is_lean() -> None:
    import subprocess
    import sys

    code = (
        "import sys, footprint.engine.leontief\n"
        "heavy = [m for m in ('pandas', 'pymrio', 'footprint.pipeline') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_names_resolve_lazily() -> None:
    import footprint
    from footprint import MRIO as M
    from footprint import RunConfig, RunResult, load_config, run
    from footprint.pipeline import run as pipeline_run

    assert run is pipeline_run and M is MRIO
    assert {RunConfig.__name__, RunResult.__name__, load_config.__name__} == {
        "RunConfig", "RunResult", "load_config"
    }
    assert all(hasattr(footprint, name) for name in footprint.__all__)
    assert set(footprint.__all__) <= set(dir(footprint))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = footprint.nope  # type: ignore[attr-defined]
