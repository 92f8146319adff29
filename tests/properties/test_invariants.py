"""Property tests of the accounting identities of DOMAIN.md section 5.2 on random systems."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from footprint.engine.accounts import origin_footprints, regional_accounts
from footprint.engine.leontief import Leontief, factorise
from footprint.inputs.system import MRIO

RTOL = 1e-9
SETTINGS = settings(max_examples=25, deadline=None)

seeds = st.integers(0, 2**32 - 1)
n_regions = st.integers(1, 4)
n_sectors = st.integers(1, 4)
n_stressors = st.integers(1, 3)
methods = st.sampled_from(["dense-lu", "dense-lu-f32"])
MakeMRIO = Callable[..., MRIO]


def close(actual: np.ndarray, desired: np.ndarray, scale: np.ndarray | float | None = None) -> None:
    """Equal to rel 1e-9, with an absolute floor of 1e-9 x the size of the compared quantity."""
    size = float(np.abs(desired).max(initial=0.0)) if scale is None else float(np.max(scale))
    np.testing.assert_allclose(actual, desired, rtol=RTOL, atol=RTOL * max(size, 1e-300))


def setup(mrio: MRIO, method: str) -> tuple[Leontief, np.ndarray]:
    """Factorise and solve for every region's final demand: X = L Y_by_region, shape (n, R)."""
    lf = factorise(mrio.A, method=method)
    Y_reg = mrio.Y.reshape(mrio.n, mrio.n_regions, -1).sum(axis=2)
    return lf, lf.solve(Y_reg)


def by_region(M: np.ndarray, n_regions: int) -> np.ndarray:
    return M.reshape(*M.shape[:-1], n_regions, -1).sum(axis=-1)


@SETTINGS
@given(seeds, n_regions, n_sectors, methods)
def test_1_balance(random_mrio: MakeMRIO, seed: int, R: int, ns: int, method: str) -> None:
    mrio = random_mrio(seed, R, ns, 1)
    lf = factorise(mrio.A, method=method)
    close(mrio.A @ mrio.x + mrio.Y.sum(axis=1), mrio.x)  # Z e + Y e = x
    close(lf.solve(mrio.Y.sum(axis=1)), mrio.x)  # x = L (Y e)
    L = lf.inverse()
    eye = np.eye(mrio.n)
    close(L @ (eye - mrio.A), eye, scale=1.0)  # L (I - A) = I
    close(L, eye + mrio.A @ L)  # L = I + A L


@SETTINGS
@given(seeds, n_regions, n_sectors, methods)
def test_2_monetary_sanity(random_mrio: MakeMRIO, seed: int, R: int, ns: int, method: str) -> None:
    mrio = random_mrio(seed, R, ns, 1)
    assert (mrio.A >= 0).all() and (mrio.A.sum(axis=0) < 1).all()
    L = factorise(mrio.A, method=method).inverse()
    assert (np.diag(L) >= 1 - 1e-12).all()
    assert (L - np.eye(mrio.n) >= -1e-12).all()


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods)
def test_3_global_conservation(
    random_mrio: MakeMRIO, seed: int, R: int, ns: int, k: int, method: str
) -> None:
    mrio = random_mrio(seed, R, ns, k)
    acc = regional_accounts(mrio, factorise(mrio.A, method=method))
    total = mrio.F.sum(axis=1) + mrio.F_Y.sum(axis=1)
    close(acc["D_cba_reg"].sum(axis=1).to_numpy(), total)
    close(acc["D_pba_reg"].sum(axis=1).to_numpy(), total)


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods)
def test_4_regional_trade_identity(
    random_mrio: MakeMRIO, seed: int, R: int, ns: int, k: int, method: str
) -> None:
    mrio = random_mrio(seed, R, ns, k)
    lf = factorise(mrio.A, method=method)
    acc = {k: v.to_numpy() for k, v in regional_accounts(mrio, lf).items()}
    close(
        acc["D_cba_reg"],
        acc["D_pba_reg"] - acc["D_exp_reg"] + acc["D_imp_reg"],
        scale=acc["D_pba_reg"],
    )


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods)
def test_5_origin_destination(
    random_mrio: MakeMRIO, seed: int, R: int, ns: int, k: int, method: str
) -> None:
    mrio = random_mrio(seed, R, ns, k)
    lf, X = setup(mrio, method)
    acc = {k: v.to_numpy() for k, v in regional_accounts(mrio, lf).items()}
    P = origin_footprints(mrio.S, X)  # (k, n, R): origin row x consumer
    T = P.reshape(k, R, ns, R).sum(axis=2)  # (k, origin region, consumer region)
    FY = by_region(mrio.F_Y, R)
    domestic = np.diagonal(T, axis1=1, axis2=2)
    close(T.sum(axis=2), by_region(mrio.F, R))  # row sums: territorial excl. F_Y
    close(T.sum(axis=1), acc["D_cba_reg"] - FY)  # column sums: footprint excl. F_Y
    close(domestic + acc["D_imp_reg"], T.sum(axis=1))  # domestic + imported = footprint
    close(T.sum(axis=2) - domestic, acc["D_exp_reg"], scale=T.sum(axis=2))


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods, st.integers(1, 4), st.data())
def test_6_additivity_over_groups(
    random_mrio: MakeMRIO,
    seed: int,
    R: int,
    ns: int,
    k: int,
    method: str,
    n_groups: int,
    data: st.DataObject,
) -> None:
    mrio = random_mrio(seed, R, ns, k)
    lf = factorise(mrio.A, method=method)
    y = mrio.Y[:, : mrio.Y.shape[1] // R].sum(axis=1)  # first region's consumption
    group = np.array(
        data.draw(st.lists(st.integers(0, n_groups - 1), min_size=mrio.n, max_size=mrio.n))
    )
    weights = np.stack([(group == g).astype(float) for g in range(n_groups)], axis=1)  # W_g diags
    per_group = mrio.S @ lf.solve(weights * y[:, None])  # (k, n_groups), one batched solve
    close(per_group.sum(axis=1), mrio.S @ lf.solve(y))


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods, st.floats(0.01, 100.0))
def test_7_linearity(
    random_mrio: MakeMRIO, seed: int, R: int, ns: int, k: int, method: str, lam: float
) -> None:
    mrio = random_mrio(seed, R, ns, k)
    lf = factorise(mrio.A, method=method)
    y1, y2 = mrio.Y[:, 0], mrio.Y[:, -1]
    F1, F2 = mrio.S @ lf.solve(y1), mrio.S @ lf.solve(y2)
    close(mrio.S @ lf.solve(lam * y1), lam * F1)
    close(mrio.S @ lf.solve(y1 + y2), F1 + F2)


@SETTINGS
@given(seeds, n_regions, n_sectors, n_stressors, methods)
def test_9_autarky(random_mrio: MakeMRIO, seed: int, R: int, ns: int, k: int, method: str) -> None:
    mrio = random_mrio(seed, R, ns, k, autarky=True)
    lf, X = setup(mrio, method)
    acc = {k: v.to_numpy() for k, v in regional_accounts(mrio, lf).items()}
    scale = acc["D_pba_reg"]
    close(acc["D_cba_reg"], acc["D_pba_reg"])
    close(acc["D_imp_reg"], np.zeros_like(scale), scale=scale)
    close(acc["D_exp_reg"], np.zeros_like(scale), scale=scale)
    P = origin_footprints(mrio.S, X)  # (k, n, R)
    abroad = P * (mrio.region_of_row()[:, None] != np.arange(R)[None, :])
    share_abroad = abroad.sum(axis=1) / P.sum(axis=1)
    close(share_abroad, np.zeros_like(share_abroad), scale=1.0)
