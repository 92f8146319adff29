"""Issue 16 part 4: the Monte Carlo over the factors on hand-made cases (the demo run: integration).

Percentile checks use many draws and a fixed seed, so they are deterministic; tolerances are a few
standard errors of the percentile at that size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from footprint.impacts.montecarlo import McSpec, draw, rank_probabilities
from footprint.impacts.uncertainty import factor_draws

N = 200_000


def test_split_normal_hits_the_median_and_the_95_interval() -> None:
    """LC-IMPACT-style interval: median 1, 2.5 % point -0.5, 97.5 % point 4 (asymmetric)."""
    d = draw(np.array([-0.5]), np.array([1.0]), np.array([4.0]), "uncertainty_95", N,
             np.random.default_rng(1))[:, 0]
    p = np.percentile(d, [2.5, 50, 97.5])
    np.testing.assert_allclose(p, [-0.5, 1.0, 4.0], atol=0.03)
    assert (d < -0.5).mean() == pytest.approx(0.025, abs=0.002)  # the interval's lower tail
    assert (d < 1.0).mean() == pytest.approx(0.5, abs=0.005)


def test_triangular_over_a_sensitivity_range() -> None:
    """low 0, mode 1, high 4: mean (0 + 1 + 4) / 3, support [0, 4], mode's CDF (1 - 0) / (4 - 0)."""
    d = draw(np.array([0.0]), np.array([1.0]), np.array([4.0]), "sensitivity", N,
             np.random.default_rng(2))[:, 0]
    assert d.min() >= 0.0 and d.max() <= 4.0
    assert d.mean() == pytest.approx(5 / 3, abs=0.01)
    assert (d <= 1.0).mean() == pytest.approx(0.25, abs=0.005)


def test_degenerate_range_is_a_constant() -> None:
    for kind in ("uncertainty_95", "sensitivity"):
        d = draw(np.array([2.0]), np.array([2.0]), np.array([2.0]), kind, 100, np.random.default_rng(3))
        assert (d == 2.0).all()


def test_rank_probabilities_by_hand() -> None:
    """Two origins, four draws: A > B in three draws, B > A in one; central ranks A 1, B 2."""
    draws = np.array([[2.0, 1.0], [1.0, 2.0], [2.0, 1.0], [3.0, 1.0]])[:, np.newaxis, :]
    keep, top = rank_probabilities(draws, np.array([[1.0, 2.0]]), top_n=1)
    np.testing.assert_allclose(keep, [[0.75, 0.75]])
    np.testing.assert_allclose(top, [[0.75, 0.25]])


def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Region WL = two members with equal weight, each median 1, 95 % interval [0, 2]; NL own."""
    base = {"indicator": "pdf", "land_type": "pasture", "impact_unit": "global PDF*yr",
            "per_unit": "ha*yr", "version": "v", "source": "s", "licence": "l", "fallback": ""}
    country = pd.DataFrame([{**base, "method": "m", "iso3": i3, "iso2": i2, "exio_region": r,
                             "value_low": 0.0, "value": 1.0, "value_high": 2.0}
                            for i3, i2, r in (("AAA", "AA", "WL"), ("BBB", "BB", "WL"),
                                              ("NLD", "NL", "NL"))])
    weights = pd.DataFrame({"exio_region": "WL", "iso3": ["AAA", "BBB"], "weight": [0.5, 0.5],
                            "land_types": "pasture"})
    factors = pd.DataFrame([{**base, "method": "m", "pressure": "land", "region": r, "value_low": 0.0,
                             "value": 1.0, "value_high": 2.0, "range_kind": "uncertainty_95"}
                            for r in ("NL", "WL")])
    return country, weights, factors


def test_rest_of_world_draws_are_means_of_independent_members() -> None:
    """sd of the mean of two independent members = sd / sqrt(2): the region is narrower than NL."""
    country, weights, factors = _tables()
    d, kind = factor_draws(factors, "m", ("pasture",), ("NL", "WL"), np.ones((1, 2), dtype=bool),
                           McSpec(N, 5), np.random.default_rng(5), country, weights)
    assert kind == "uncertainty_95" and d.shape == (N, 1, 2)
    sd = 1.0 / 1.959963984540054
    assert d[:, 0, 0].std() == pytest.approx(sd, rel=0.01)
    assert d[:, 0, 1].std() == pytest.approx(sd / np.sqrt(2), rel=0.01)
    assert np.median(d[:, 0, 1]) == pytest.approx(1.0, abs=0.01)
    # without the country tables, each region is drawn from its own row: as wide as NL
    d2, _ = factor_draws(factors, "m", ("pasture",), ("NL", "WL"), np.ones((1, 2), dtype=bool),
                         McSpec(N, 5), np.random.default_rng(5))
    assert d2[:, 0, 1].std() == pytest.approx(sd, rel=0.01)
