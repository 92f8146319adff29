"""Monte Carlo over the MRIO (footprint.uncertainty): the perturbation law on a hand-made 2 x 2 system,
reproducibility (same seed, any chunking, Dask workers), the footprint against plain numpy, the table.

Statistical tolerances: with N independent draws of a factor of mean 1 and coefficient of variation cv,
the sample mean has standard error cv / sqrt(N) and the sample standard deviation a relative standard
error of about sqrt((kurtosis - 1) / N) / 2 (delta method on the sample variance; kurtosis of a
lognormal with sigma^2 = ln(1 + cv^2): e^{4 s2} + 2 e^{3 s2} + 3 e^{2 s2} - 3). The tests allow five
standard errors; the draws are seeded, so the outcome is fixed, and a wrong law (a mean off by one
per cent, a cv off by a tenth) lies far outside.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest

from footprint.errors import FootprintError
from footprint.uncertainty.distribute import chunks, run_draws
from footprint.uncertainty.law import CvLaw
from footprint.uncertainty.mrio import MrioProblem
from footprint.uncertainty.table import ALL_ORIGINS, mrio_table

# 2 regions x 2 products; rows and columns r1/p1, r1/p2, r2/p1, r2/p2 [M EUR]
Z = np.array([[10.0, 0.0, 5.0, 0.0],
              [4.0, 20.0, 0.0, 1.0],
              [0.0, 2.0, 30.0, 6.0],
              [1.0, 0.0, 3.0, 40.0]])
# 2 categories per region: households, inventories (r1's inventories of r1/p2 fell: -2)
Y = np.array([[50.0, 0.0, 5.0, 0.0],
              [60.0, -2.0, 0.0, 0.0],
              [5.0, 0.0, 40.0, 1.0],
              [0.0, 0.0, 70.0, 0.0]])
F = np.array([[100.0, 0.0, 10.0, 1.0]])  # one stressor [kg]
F_Y = np.array([[0.0, 0.0, 0.0, 0.0]])
X = Z.sum(axis=1) + Y.sum(axis=1)
# median of the 19 non-zero magnitudes of Z and Y: 1 1 1 2 2 3 4 5 5 |5| 6 10 20 30 40 40 50 60 70
REF_ZY = 5.0
REF_F = 10.0  # median of 100, 10, 1


def _arrays(**change: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(
        A=Z / X[np.newaxis, :], x=X, Y=Y, F=F, F_Y=F_Y, C=np.array([[1.0]]), columns=np.array([0, 1]),
        W=np.array([[1.0, 0.0], [0.0, 1.0]]), n_regions=2, consumer=0)
    base.update(change)
    return base


def _problem(**change: Any) -> MrioProblem:
    return MrioProblem(**_arrays(**change))


def _kurtosis(cv: np.ndarray) -> np.ndarray:
    s2 = np.log1p(cv * cv)
    return np.exp(4 * s2) + 2 * np.exp(3 * s2) + 3 * np.exp(2 * s2) - 3


def test_cv_falls_with_size_as_specified() -> None:
    law = CvLaw()  # cv_ref 0.1 at the median size, exponent 0.5, clipped to [0.01, 1]
    cv = law.cv(np.array([20.0, 5.0, 1.0, 70.0, 0.001, 1e6]), REF_ZY)
    # hand: 0.1 (20/5)^-0.5 = 0.05; 0.1; 0.1 sqrt(5); 0.1 / sqrt(14); clipped to 1.0 and to 0.01
    np.testing.assert_allclose(cv, [0.05, 0.1, 0.1 * np.sqrt(5), 0.1 / np.sqrt(14), 1.0, 0.01], rtol=1e-12)
    p = _problem()
    np.testing.assert_allclose(p.sigma_Z[1, 1], np.sqrt(np.log1p(0.05**2)), rtol=1e-6)  # Z = 20
    np.testing.assert_allclose(p.sigma_Y[3, 2], np.sqrt(np.log1p(1 / 14 * 0.01)), rtol=1e-6)  # Y = 70
    np.testing.assert_allclose(p.sigma_F[0, 0], np.sqrt(np.log1p(0.01 * 0.1)), rtol=1e-6)  # F 100, ref 10


def test_perturbation_law_zeros_signs_means_and_cv() -> None:
    law = CvLaw(cv_ref=0.3)  # wider spread than the default, so a wrong law shows
    p = _problem(law=law)
    n = 20_000
    zs, ys, fs = np.empty((n, 4, 4)), np.empty((n, 4, 4)), np.empty((n, 1, 4))
    for d in range(n):
        fl = p.flows(d, seed=7)
        zs[d], ys[d], fs[d] = fl.Z, fl.Y, fl.F
    for draws, base, ref in ((zs, Z, REF_ZY), (ys, Y, REF_ZY), (fs, F, REF_F)):
        zero = base == 0
        assert (draws[:, zero] == 0).all()  # zeros stay zero
        assert (np.sign(draws[:, ~zero]) == np.sign(base[~zero])).all()  # signs kept (Y's -2)
        cv = law.cv(base[~zero], ref)
        ratio = draws[:, ~zero] / base[~zero]
        se_mean = cv / np.sqrt(n)
        assert np.all(np.abs(ratio.mean(axis=0) - 1) < 5 * se_mean), "mean not preserved"
        se_sd = 0.5 * np.sqrt((_kurtosis(cv) - 1) / n)
        assert np.all(np.abs(ratio.std(axis=0, ddof=1) / cv - 1) < 5 * se_sd), "cv not as the law says"


def test_x_and_coefficients_follow_the_perturbed_flows() -> None:
    fl = _problem().flows(3, seed=1)
    z, y = fl.Z.copy(), fl.Y.copy()
    d = _problem().draw(3, seed=1)
    np.testing.assert_allclose(d.x, z.sum(axis=1) + y.sum(axis=1), rtol=1e-13)
    np.testing.assert_allclose(d.A * d.x[np.newaxis, :], z, rtol=1e-13)
    np.testing.assert_allclose(d.y, y[:, [0, 1]].sum(axis=1), rtol=1e-13)


def test_footprint_equals_plain_numpy() -> None:
    p = _problem(F_Y=np.array([[0.0, 3.0, 0.0, 4.0]]), direct=np.array([[True], [False]]))
    A = Z / X[np.newaxis, :]
    L = np.linalg.inv(np.eye(4) - A)
    s = F[0] / X
    y = Y[:, [0, 1]].sum(axis=1)
    det = p.deterministic()
    want_total = (s * (L @ y)).reshape(2, 2).sum(axis=1)
    want_total[0] += 3.0  # the consumer's own F_Y (its two columns: 0 + 3)
    np.testing.assert_allclose(det[0, 0], want_total, rtol=1e-12)
    y_p1 = y * np.array([1.0, 0.0, 1.0, 0.0])  # group 1 = product p1 of every region
    want_g1 = (s * (L @ y_p1)).reshape(2, 2).sum(axis=1) + np.array([3.0, 0.0])  # carries the F_Y row
    np.testing.assert_allclose(det[1, 0], want_g1, rtol=1e-12)
    y_p2 = y * np.array([0.0, 1.0, 0.0, 1.0])
    np.testing.assert_allclose(det[2, 0], (s * (L @ y_p2)).reshape(2, 2).sum(axis=1), rtol=1e-12)


def test_same_seed_same_draws_whatever_the_chunks() -> None:
    p = _problem()
    whole = p.run(range(12), seed=5)
    parts = np.concatenate([_problem().run(part, seed=5) for part in chunks(12, 3)])
    np.testing.assert_array_equal(whole, parts)
    np.testing.assert_array_equal(whole, _problem().run(range(12), seed=5))
    assert not np.array_equal(whole, p.run(range(12), seed=6))
    assert [len(c) for c in chunks(10, 2)] == [2, 2, 2, 2, 2]
    assert chunks(0, 4) == [] and [i for c in chunks(7, 3) for i in c] == list(range(7))


def test_dask_workers_give_the_same_table() -> None:
    from distributed import Client, LocalCluster

    load = functools.partial(MrioProblem, **_arrays())
    sequential = run_draws(load, "hand-2x2", 16, seed=11)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        two = run_draws(load, "hand-2x2", 16, seed=11, client=client)
    np.testing.assert_array_equal(two, sequential)


def test_table_percentiles_ordered_and_sum_over_origins() -> None:
    p = _problem()
    draws = p.run(range(200), seed=3)
    table = mrio_table(draws, p.deterministic(), groups=("total", "p1", "p2"), pressures=("kg",),
                       units=("kg",), regions=("r1", "r2"), year=2022, consumer="r1", label="hand-made",
                       seed=3)
    assert (table["mc_p5"] <= table["mc_p50"]).all() and (table["mc_p50"] <= table["mc_p95"]).all()
    assert set(table["origin_region"]) == {"r1", "r2", ALL_ORIGINS}
    total = table[(table["group"] == "total") & (table["origin_region"] == ALL_ORIGINS)].iloc[0]
    np.testing.assert_allclose(total["deterministic"], p.deterministic()[0, 0].sum(), rtol=1e-12)
    np.testing.assert_allclose(total["mc_p50"], np.median(draws[:, 0, 0].sum(axis=1)), rtol=1e-12)
    assert total["mc_p5"] < total["deterministic"] < total["mc_p95"]
    assert (table["draws"] == 200).all() and (table["data"] == "hand-made").all()


def test_a_draw_that_is_not_productive_is_a_clear_error() -> None:
    # r1/p1 buys 0.999 of its output from r1/p2: a small perturbation tips its column sum over 1
    z = Z.copy()
    z[1, 0] = 0.999 * X[0] - z[[0, 2, 3], 0].sum()
    x = z.sum(axis=1) + Y.sum(axis=1)
    law = CvLaw(cv_ref=0.5, exponent=0.0, cv_max=0.5)
    p = MrioProblem(**_arrays(A=z / x[np.newaxis, :], x=x, law=law))
    with pytest.raises(FootprintError, match=r"draw \d+: the perturbed system is not productive.*mrio_cv"):
        p.run(range(50), seed=1)
