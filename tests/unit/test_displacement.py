"""Displacement scenarios on a hand-checkable system (issue 12 parts 1 and 2; DOMAIN.md 5.2 item 10).

The system (:mod:`hand_system`): regions NL (the consumer) and BR, products soy and meat, ``L = I + A``
exactly; every expected value below is worked out by hand from its numbers (see that module's
docstring), with no code shared with the implementation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from footprint.cli import main, print_scenarios
from footprint.engine import leontief
from footprint.errors import ConfigError
from footprint.inputs.system import MRIO
from footprint.waterbed.bilateral import Indicators, bilateral
from footprint.waterbed.displacement import ScenarioDelta, scenario_deltas, scenario_vectors
from footprint.waterbed.measures import absorption, net_global_effect
from footprint.waterbed.scenario_file import parse_scenarios
from footprint.waterbed.scenario_tables import scenario_table, unallocated_warnings
from footprint.waterbed.scenarios import Scenario
from tests.support.hand_system import BR, CONSUMER, GROUPS, LAND_GHG, NL, OTHER, hand_system


def _delta(scen: Scenario, m: MRIO | None = None, ind: Indicators = LAND_GHG) -> ScenarioDelta:
    m = hand_system() if m is None else m
    (out,) = scenario_deltas(m, leontief.factorise(m.A), ind, GROUPS, CONSUMER, [scen])
    return out


def test_hand_system_is_what_the_docstring_says() -> None:
    m = hand_system()
    np.testing.assert_allclose(m.x, [22.0, 120.0, 136.0, 200.0])
    np.testing.assert_allclose(np.linalg.inv(np.eye(4) - m.A), np.eye(4) + m.A)


def test_freed_supply_reaches_the_consumers_own_industries_and_categories() -> None:
    """pro_rata_final, q = d = 0.5: NL soy goes to NL meat (the consumer's industry; no final buyer
    takes it), NL meat to NL's inv category, BR soy and BR meat to BR's households."""
    delta = _delta(Scenario("cut", "food", (0.5,), (0.5,)))
    assert delta.unallocated[0] == 0.0 and delta.d_effective[0] == 0.5
    dP = delta.dP[0]  # (indicator, origin, buyer)
    # consumer's column, by hand: dY_NL = -(5, 50, 2.5, 25); (I + A) dY_NL = (-10, -50, -27.5, -25)
    np.testing.assert_allclose(dP[0, :, NL], [-10.0, -55.0])  # land: 1 x -10, 2 x -27.5
    np.testing.assert_allclose(dP[1, :, NL], [-50.0, -75.0])  # ghg: 1 x -50, 3 x -25
    # NL's other buyers: dY = (2.5, 25, 0, 0) -> (I + A) dY = (5, 25, 7.5, 0)
    np.testing.assert_allclose(dP[0, :, OTHER], [5.0, 15.0])
    np.testing.assert_allclose(dP[1, :, OTHER], [25.0, 0.0])
    # BR's households: dY = (0, 0, 1.25, 12.5) -> (0, 0, 6.25, 12.5)
    np.testing.assert_allclose(dP[0, :, BR], [0.0, 12.5])
    np.testing.assert_allclose(dP[1, :, BR], [0.0, 37.5])
    i3 = net_global_effect(delta.dP, NL)
    np.testing.assert_allclose(i3["d_consumer"][0], [-65.0, -125.0])
    np.testing.assert_allclose(i3["d_global"][0], [-32.5, -62.5])
    np.testing.assert_allclose(i3["nge"][0], 0.5)
    # WAR per origin = d (DOMAIN 5.2 item 10): NL 5 / 10, BR 27.5 / 55
    np.testing.assert_allclose(absorption(delta.dP[0], NL)["war"], 0.5)


def test_consumer_column_is_the_cut_alone() -> None:
    """The consumer's change is what its own cut demand does, whatever d and the rule are."""
    for allocation in ("pro_rata_final", "pro_rata_total"):
        dP = _delta(Scenario("c", "food", (0.5,), (0.0, 1.0), allocation=allocation)).dP
        np.testing.assert_allclose(dP[0, :, :, NL], dP[1, :, :, NL], rtol=0, atol=0)


@pytest.mark.parametrize("allocation", ["pro_rata_final", "pro_rata_total", "to_regions"])
def test_waterbed_limits_on_the_handhand_system(allocation: str) -> None:
    """d = 1 gives NGE = 0 (within 1e-12), d = 0 gives 1, same-product displacement 1 - d, and
    d_effective = d since every buyer can be reached."""
    to = ("BR",) if allocation == "to_regions" else ()
    d_values = (0.0, 0.2, 0.5, 0.9, 1.0)
    delta = _delta(Scenario("s", "food", (0.3, 1.0), d_values, allocation=allocation,
                            to_regions=to))
    nge = net_global_effect(delta.dP, NL)["nge"]  # (variants, indicators)
    expected = np.array([1.0 - d for _, d in delta.variants])
    np.testing.assert_allclose(nge, np.repeat(expected[:, None], 2, axis=1), rtol=0, atol=1e-12)
    np.testing.assert_allclose(delta.d_effective, delta.d, rtol=0, atol=0)
    np.testing.assert_allclose(delta.unallocated_share, 0.0)


def test_pro_rata_total_shares_between_final_and_intermediate_buyers() -> None:
    """BR soy: other buyers BR hh 15, NL meat 36 (the consumer's industry), BR meat 80 -> shares
    15/131 + 80/131 to BR, 36/131 to NL's other buyers."""
    m = hand_system()
    direct, taken, lost = scenario_vectors(m, CONSUMER, GROUPS.W[1], Scenario(
        "t", "soy", (1.0,), (1.0,), origins=("BR",), allocation="pro_rata_total"))
    assert lost == 0.0
    np.testing.assert_allclose(direct[:, NL], [0.0, 0.0, -5.0, 0.0])
    np.testing.assert_allclose(taken[2], [0.0, 5 * 95 / 131, 5 * 36 / 131])
    np.testing.assert_allclose(taken[[0, 1, 3]], 0.0)


def test_unallocated_supply_is_reported_not_hidden() -> None:
    """Without NL's inv purchase of meat, nobody but the cut demand buys NL meat (and meat is no
    input): 100 of the 165 M EUR freed has no buyer, so d_effective = d 65/165."""
    y = np.array([[10.0, 0, 0, 0], [100, 0, 0, 0], [5, 0, 15, 0], [50, 0, 150, 0]])
    m = hand_system(y)
    delta = _delta(Scenario("u", "food", (1.0,), (0.0, 0.6)), m)
    np.testing.assert_allclose(delta.unallocated, 100 / 165)
    np.testing.assert_allclose(delta.unallocated_share, [0.0, 100 / 165])  # d = 0: none meant
    np.testing.assert_allclose(delta.d_effective, [0.0, 0.6 * 65 / 165])
    base = bilateral(m, leontief.factorise(m.A), LAND_GHG, CONSUMER, GROUPS)
    table = scenario_table([delta], base, "NL", "test")
    assert {"d", "d_effective", "unallocated_share"} <= set(table.columns)
    (warning,) = unallocated_warnings(table)
    assert "60.6%" in warning and "'u'" in warning
    printed = print_scenarios(table, "land")
    assert "sweep of 2" in printed and "warning: scenario 'u'" in printed


def test_price_ratio_two_by_hand() -> None:
    """NL buys its BR soy (5 M EUR) from NL instead at twice the price (price_ratio = p_NL / p_BR
    = 2): +10 M EUR of NL soy. Land intensities 0.5 (NL soy) and 2 (BR soy); d = 0.25 of BR's
    freed soy goes to BR's households. dF_NL = 0.5 x 10 - 2 x 5 = -5; BR takes 2 x 1.25 = 2.5;
    dP_global = -2.5 = M[R2] m ratio - (1 - d) M[R1] m = 0.5 x 5 x 2 - 0.75 x 2 x 5."""
    land = Indicators(("land",), ("ha",), np.array([[0.5, 0.0, 2.0, 0.0]]))
    scen = Scenario("shift", "soy", (1.0,), (0.25,), origins=("BR",), shift_to="NL",
                    price_ratio=2.0)
    i3 = net_global_effect(_delta(scen, ind=land).dP, NL)
    assert i3["d_consumer"][0, 0] == pytest.approx(-5.0, abs=1e-12)
    assert i3["d_global"][0, 0] == pytest.approx(-2.5, abs=1e-12)
    assert i3["nge"][0, 0] == pytest.approx(0.5, abs=1e-12)


def test_sourcing_shift_to_the_origin_itself_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"shift_to = \"BR\" is the origin .* changes nothing"):
        parse_scenarios({"scenario": [{"name": "noop", "group": "protein", "q": 0.5, "d": 0.5,
                                       "origins": ["BR"], "shift_to": "BR"}]})


def test_shift_to_the_origin_exits_with_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    """Issue 13: a sourcing shift to the region it shifts from is a configuration error (exit 2)."""
    (tmp_path / "scenarios.toml").write_text(
        '[[scenario]]\nname = "noop"\ngroup = "protein"\norigins = ["BR"]\nshift_to = "BR"\n'
        "q = 0.5\nd = 0.5\n", encoding="utf-8")
    run_file = tmp_path / "run.toml"
    run_file.write_text(
        '[data]\nsource = "demo"\nyear = 2022\n[groups]\nselect = ["protein"]\n'
        '[impacts]\nenabled = false\n[waterbed]\nenabled = true\nscenarios = "scenarios.toml"\n',
        encoding="utf-8")
    assert main(["run", str(run_file), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "noop" in err and "changes nothing" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
