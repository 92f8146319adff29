"""Input cuts (issue 12 part 7): the consumer's industries buy less of an origin product.

Hand-computed cases on the soy/meat system of ``tests/unit/test_displacement.py`` and a check of the
Sherman-Morrison-Woodbury route against a full refactorisation of ``I - A'`` on random systems.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from footprint.attribution import GroupWeights
from footprint.config import ConsumerConfig
from footprint.engine import leontief
from footprint.errors import ConfigError
from footprint.inputs.system import MRIO
from footprint.waterbed.bilateral import Indicators, bilateral, region_sum
from footprint.waterbed.displacement import Purchases, buyer_weights
from footprint.waterbed.input_cut import input_cut_delta
from footprint.waterbed.measures import net_global_effect
from footprint.waterbed.scenario_file import parse_scenarios
from footprint.waterbed.scenario_tables import scenario_table
from footprint.waterbed.scenarios import Scenario, check_scenarios
from tests.support.hand_system import BR, CONSUMER, GROUPS, LAND_GHG, NL, OTHER, hand_system


def _cut(q: tuple[float, ...], d: tuple[float, ...], shift_to: str | None = None,
         price_ratio: float = 1.0) -> Scenario:
    """Cut of the NL industries' purchases of BR soy."""
    return Scenario("soy_cut", "", q, d, origins=("BR",), shift_to=shift_to,
                    price_ratio=price_ratio, kind="input_cut", products=("soy",))


def test_input_cut_by_hand() -> None:
    """NL meat buys BR soy at A = 0.3; cut by half: A' = 0.15. Meat is no input, so NL meat's output
    stays 120 and BR soy falls by 0.15 x 120 = 18 (freed supply), land 2 x 18 = 36. NL's own final
    demand embodies 0.15 x 100 = 15 of it (land 30). With d = 1 (pro_rata_final) the 18 go to BR's
    households (15) and NL's households (5, the consumer's own final demand: other buyers here),
    i.e. 13.5 and 4.5, land 27 and 9: the world's land does not change."""
    m = hand_system()
    scen = _cut((0.5,), (0.0, 1.0))
    delta = input_cut_delta(m, leontief.factorise(m.A), LAND_GHG, CONSUMER, scen)
    land = delta.dP[:, 0]  # (variants, origin, buyer)
    np.testing.assert_allclose(land[0, :, NL], [0.0, -36.0], atol=1e-12)
    np.testing.assert_allclose(land[0].sum(), -36.0)  # d = 0: only the cut
    np.testing.assert_allclose(land[1, :, BR], [0.0, 27.0])
    np.testing.assert_allclose(land[1, :, OTHER], [0.0, 9.0])
    np.testing.assert_allclose(delta.d_consumption[:, 0], -30.0)
    np.testing.assert_allclose(delta.dP[:, 1], 0.0, atol=1e-12)  # no GHG on soy
    nge = net_global_effect(delta.dP, NL)["nge"][:, 0]
    np.testing.assert_allclose(nge, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(delta.d_effective, [0.0, 1.0])
    np.testing.assert_allclose(delta.unallocated_share, 0.0)


def test_input_cut_bought_elsewhere_by_hand() -> None:
    """The same cut replaced by NL soy (price_ratio 1): A'[NL soy, NL meat] = 0.1 + 0.15, NL soy
    rises by 18 (land 18 at intensity 1), so the consumer's change is -36 + 18 = -18."""
    m = hand_system()
    scen = _cut((0.5,), (0.0,), shift_to="NL")
    delta = input_cut_delta(m, leontief.factorise(m.A), LAND_GHG, CONSUMER, scen)
    np.testing.assert_allclose(delta.dP[0, 0, :, NL], [18.0, -36.0])
    ratio2 = input_cut_delta(m, leontief.factorise(m.A), LAND_GHG, CONSUMER,
                             _cut((0.5,), (0.0,), shift_to="NL", price_ratio=2.0))
    np.testing.assert_allclose(ratio2.dP[0, 0, :, NL], [36.0, -36.0])


def _full_refactorisation(m: MRIO, ind: Indicators, consumer: ConsumerConfig, scen: Scenario,
                          q: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """dP and d_consumption from an explicit A' and its own factorisation (no Woodbury)."""
    ns, R = m.n_sectors, m.n_regions
    c = m.regions.index(consumer.region)
    J = slice(c * ns, (c + 1) * ns)
    rows = np.array([m.regions.index(r) * ns + m.sectors.index(p)
                     for r in scen.origins for p in scen.products])
    A2 = np.array(m.A, dtype=float)
    A2[np.ix_(rows, np.arange(c * ns, (c + 1) * ns))] *= 1.0 - q
    if scen.shift_to is not None:
        rows2 = rows + (m.regions.index(scen.shift_to) - m.regions.index(scen.origins[0])) * ns
        A2[np.ix_(rows2, np.arange(c * ns, (c + 1) * ns))] += q * scen.price_ratio * m.A[rows, J]
    lf0, lf2 = leontief.factorise(m.A), leontief.factorise(A2)
    x0, x2 = lf0.solve(m.Y.sum(axis=1)), lf2.solve(m.Y.sum(axis=1))
    freed = np.zeros(m.n)
    freed[rows] = q * m.A[rows, J] @ x2[J]
    w = buyer_weights(Purchases.of(m), c, np.array([], dtype=int), scen.allocation,
                      industries_cut=True)
    taken = freed[:, None] * w / np.where(w.sum(axis=1) > 0, w.sum(axis=1), 1.0)[:, None]
    dP = d * region_sum(ind.s, lf2.solve(taken), R)
    dP[:, :, c] += region_sum(ind.s, x2 - x0, R)
    y_c = m.Y[:, 2 * c:2 * c + 2].sum(axis=1)  # the consumer's two categories
    cons = region_sum(ind.s, lf2.solve(y_c) - lf0.solve(y_c), R).sum(axis=1)
    return dP, cons


@pytest.mark.parametrize("shift", [None, "R3"])
@pytest.mark.parametrize("allocation", ["pro_rata_final", "pro_rata_total"])
def test_woodbury_equals_full_refactorisation(random_mrio: Callable[..., MRIO], shift: str | None,
                                              allocation: str) -> None:
    m = random_mrio(5, 4, 5, 2)
    ind = Indicators(("s0", "s1"), ("kg", "kg"), m.S)
    consumer = ConsumerConfig("R1", ("fd0", "fd1"), False, False)
    origins = ("R0",) if shift else ("R0", "R2")
    scen = Scenario("cut", "", (0.3, 1.0), (0.0, 0.6), kind="input_cut", products=("p1", "p3"),
                    origins=origins, shift_to=shift, price_ratio=1.3, allocation=allocation)
    delta = input_cut_delta(m, leontief.factorise(m.A), ind, consumer, scen)
    assert delta.dP.shape == (4, 2, 4, 5)
    for v, (q, d) in enumerate(delta.variants):
        dP, cons = _full_refactorisation(m, ind, consumer, scen, q, d)
        scale = np.abs(dP).max()
        np.testing.assert_allclose(delta.dP[v], dP, rtol=1e-9, atol=1e-9 * scale)
        np.testing.assert_allclose(delta.d_consumption[v], cons, rtol=1e-9, atol=1e-9 * scale)
        i3 = net_global_effect(delta.dP[v], 1)
        if d == 0.0:  # the cut alone: the world changes by exactly the consumer's change
            np.testing.assert_allclose(i3["nge"], 1.0, rtol=1e-12)
    np.testing.assert_allclose(delta.d_effective, delta.d)  # random systems: every row has buyers


def test_input_cut_in_the_scenario_table() -> None:
    m = hand_system()
    lf = leontief.factorise(m.A)
    delta = input_cut_delta(m, lf, LAND_GHG, CONSUMER, _cut((0.5,), (0.5,)))
    base = bilateral(m, lf, LAND_GHG, CONSUMER, GroupWeights(GROUPS.names, GROUPS.W, ()))
    row = scenario_table([delta], base, "NL", "test").iloc[0]
    assert row["kind"] == "input_cut" and row["group"] == "inputs: soy"
    assert row["d_consumer"] == pytest.approx(-36.0) and row["d_consumption"] == pytest.approx(-30.0)
    assert row["nge"] == pytest.approx(0.5)
    # the reference is the consumer's whole embodied land footprint: (I + A) y_NL, land rows
    assert row["footprint_base_embodied"] == pytest.approx(1 * (10 + 10) + 2 * (5 + 30 + 20))


def test_input_cut_config_and_errors() -> None:
    (scen,) = parse_scenarios({"scenario": [{"name": "x", "kind": "input_cut", "q": 0.5, "d": 0.5,
                                             "products": ["Oil seeds"], "origins": ["BR"]}]})
    assert scen.kind == "input_cut" and scen.products == ("Oil seeds",) and scen.group == ""
    with pytest.raises(ConfigError, match="names what it cuts with products"):
        parse_scenarios({"scenario": [{"name": "x", "kind": "input_cut", "q": 0.5, "d": 0.5,
                                       "group": "protein"}]})
    with pytest.raises(ConfigError, match=r"kind 'input' is not known.*'input_cut'"):
        parse_scenarios({"scenario": [{"name": "x", "kind": "input", "q": 0.5, "d": 0.5,
                                       "products": ["Oil seeds"]}]})
    with pytest.raises(ConfigError, match="non-empty list of product names"):
        parse_scenarios({"scenario": [{"name": "x", "kind": "input_cut", "q": 0.5, "d": 0.5,
                                       "products": []}]})
    with pytest.raises(ConfigError, match=r"product 'Oilseeds'.*'Oil seeds'.*Fix 'products'"):
        check_scenarios([Scenario("y", "", (0.5,), (0.5,), kind="input_cut",
                                  products=("Oilseeds",))], ("BR", "NL"), (), "NL",
                        ("Oil seeds", "Cattle"))
    m = hand_system()
    with pytest.raises(ConfigError, match="industries of NL buy none of \\['meat'\\]"):
        input_cut_delta(m, leontief.factorise(m.A), LAND_GHG, CONSUMER,
                        Scenario("z", "", (0.5,), (0.5,), kind="input_cut", products=("meat",)))
