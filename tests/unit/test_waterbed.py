"""Waterbed stage: bilateral matrices, importer shares, I1-I3 and the scenario arithmetic.

Identities from DOMAIN.md 5.2 items 5, 10 and 11 on small random systems (rel 1e-9) and the demo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from footprint.attribution import GroupWeights, attribute, group_weights
from footprint.config import (
    CONFIG_DIR,
    ConsumerConfig,
    load_config,
    read_groups_table,
    read_pressures_table,
)
from footprint.engine import accounts, leontief
from footprint.errors import ConfigError, UnknownCodeError
from footprint.inputs.sources import read_system
from footprint.inputs.system import MRIO
from footprint.pressures import select_pressures
from footprint.waterbed.bilateral import (
    Bilateral,
    Indicators,
    YearSystem,
    bilateral,
    characterised_indicators,
    pressure_indicators,
    region_sum,
    regional_final_demand,
)
from footprint.waterbed.displacement import scenario_deltas, scenario_vectors
from footprint.waterbed.measures import absorption, importer_share_shift, importer_shares, net_global_effect
from footprint.waterbed.scenario_file import parse_scenarios, read_scenarios
from footprint.waterbed.scenario_tables import scenario_frames
from footprint.waterbed.scenarios import Scenario, check_scenarios, displacement_rate
from footprint.waterbed.stage import analyse
from footprint.waterbed.tables import ex_post_table, shares_table

RTOL = 1e-9
ALL_FD = ConsumerConfig("R1", ("fd0", "fd1"), include_inventories=False,
                        include_household_direct=False)


def _setup(random_mrio: Callable[..., MRIO], seed: int = 3, n_regions: int = 4, n_sectors: int = 5
           ) -> tuple[MRIO, leontief.Leontief, Indicators, GroupWeights]:
    m = random_mrio(seed, n_regions, n_sectors, 2)
    lf = leontief.factorise(m.A)
    ind = Indicators(("s0", "s1"), ("kg", "kg"), m.S)
    W = np.zeros((2, n_sectors))
    W[0, :2] = 1.0
    W[1, 2:4] = [1.0, 0.5]
    return m, lf, ind, GroupWeights(("g1", "g2"), W, ())


def _delta(m: MRIO, lf: leontief.Leontief, ind: Indicators, groups: GroupWeights,
           scen: Scenario) -> np.ndarray:
    (out,) = scenario_deltas(m, lf, ind, groups, ALL_FD, [scen])
    assert out.unallocated[0] == 0.0  # random systems: every row has other buyers
    return out.dP


# --- bilateral matrices -------------------------------------------------------------------------


def test_bilateral_row_and_column_sums(random_mrio: Callable[..., MRIO]) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    bil = bilateral(m, lf, ind, ALL_FD, groups)
    total = bil.P[0]  # (k, R, R)
    # rows: the origin's production pressure (all final demand of the world, F_Y excluded)
    np.testing.assert_allclose(total.sum(axis=2), m.F.reshape(2, 4, 5).sum(axis=2), rtol=RTOL)
    # columns: each consumer's footprint = D_cba_reg without the households' direct stressors
    acc = accounts.regional_accounts(m, lf)
    fy = m.F_Y.reshape(2, 4, 2).sum(axis=2)
    np.testing.assert_allclose(total.sum(axis=1), acc["D_cba_reg"].to_numpy() - fy, rtol=RTOL)
    # domestic diagonal + imported = column sum (DOMAIN 5.2 item 5)
    diag = np.einsum("krr->kr", total)
    np.testing.assert_allclose(diag + acc["D_imp_reg"].to_numpy(), total.sum(axis=1), rtol=RTOL)
    # groups are weighted parts of the total (the weights partition nothing here, so only <=)
    assert (bil.P[1:] <= bil.P[0] * (1 + 1e-12)).all()


def test_bilateral_columns_equal_attribution_on_demo() -> None:
    m, _ = read_system("demo", year=2022)
    lf = leontief.factorise(m.A)
    pressures = select_pressures(read_pressures_table(CONFIG_DIR / "pressures.csv"), m)
    groups = group_weights(read_groups_table(CONFIG_DIR / "product_groups.csv"), m,
                           ("protein", "energy", "textiles"))
    consumer = ConsumerConfig("NL", ("F_HOUS", "F_NPSH", "F_GOVE", "I_GFCF", "I_CHVA"), True,
                              False)
    long = attribute(m, lf, pressures, consumer, groups)
    bil = bilateral(m, lf, pressure_indicators(pressures, m), consumer, groups)
    nl = m.regions.index("NL")
    for g, group in enumerate(bil.groups):
        for k, name in enumerate(pressures.names):
            sel = long[(long["group"] == group) & (long["indicator"] == name)]
            by_origin = sel.groupby("origin_region")["value"].sum()
            ours = dict(zip(m.regions, bil.P[g, k, :, nl], strict=True))
            for region, value in by_origin.items():
                assert ours[str(region)] == pytest.approx(value, rel=RTOL, abs=1e-9)


def test_importer_shares_sum_to_one(random_mrio: Callable[..., MRIO]) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    P = bilateral(m, lf, ind, ALL_FD, groups).P
    for exclude in (False, True):
        sig = importer_shares(P, exclude_domestic=exclude)
        np.testing.assert_allclose(np.nansum(sig, axis=-1)[P.sum(axis=-1) > 0], 1.0, rtol=RTOL)
        assert np.nanmin(sig) >= 0 and np.nanmax(sig) <= 1


# --- ex-post indicators --------------------------------------------------------------------------


def test_importer_share_shift_and_flag() -> None:
    # origins 0..2, consumers 0..2; the consumer is 1
    P0 = np.array([[5.0, 5.0, 0.0], [0.0, 10.0, 0.0], [2.0, 8.0, 0.0]])
    P1 = np.array([[7.0, 3.0, 0.0], [0.0, 5.0, 0.0], [1.0, 8.0, 0.0]])
    out = importer_share_shift(P0, P1, consumer=1, tau=0.02)
    np.testing.assert_allclose(out["iss"], [-0.2, 0.0, 8 / 9 - 0.8])
    # origin 0: NL share down, total equal -> waterbed; origin 1: share unchanged;
    # origin 2: NL share up
    assert list(out["flag"]) == [True, False, False]
    P1b = P1.copy()
    P1b[0] = [3.0, 2.0, 0.0]  # NL share down but the origin's total fell by half: no waterbed
    assert not importer_share_shift(P0, P1b, consumer=1)["flag"][0]


def _materiality_case() -> tuple[np.ndarray, np.ndarray]:
    """Origins 0-3 x consumers 0-3 (the consumer is 1), by hand:

    * origin 0: the consumer's share falls (0.5 -> 11/31) but its pressure rises 10 -> 11;
    * origin 1: it falls by 0.05, 0.5 % of its 10 (below materiality 1 %);
    * origin 2: it falls by 2 (20 %) while another consumer takes 2: WAR = 1;
    * origin 3: it falls by 0.1 of 1 while another takes 0.5: WAR = 5; the consumer's footprint
      at t0 is 31, so the default floor 0.001 x 31 = 0.031 passes and floor 0.01 (0.31) does not.
    """
    P0 = np.array([[10.0, 10, 0, 0], [10, 10, 0, 0], [10, 10, 0, 0], [0, 1, 0, 0]])
    P1 = np.array([[20.0, 11, 0, 0], [10.5, 9.95, 0, 0], [12, 8, 0, 0], [0.5, 0.9, 0, 0]])
    return P0, P1


def test_waterbed_flag_needs_a_material_cut() -> None:
    P0, P1 = _materiality_case()
    old = importer_share_shift(P0, P1, consumer=1, materiality=0.0, floor=0.0)
    new = importer_share_shift(P0, P1, consumer=1)  # defaults 1 % and 0.001
    assert list(old["flag"]) == [False, True, True, True]  # origin 0: its pressure rose
    assert list(new["flag"]) == [False, False, True, True]
    np.testing.assert_allclose(new["min_fall"], [0.1, 0.1, 0.1, 0.031])
    strict = importer_share_shift(P0, P1, consumer=1, floor=0.01)
    assert list(strict["flag"]) == [False, False, True, False]
    # without the materiality test the share-based flag alone (ISS < 0, total kept) fires on 0
    assert (old["iss"][0] < 0) and old["total1"][0] >= old["total0"][0]


def test_ex_post_war_is_missing_with_a_reason_below_the_threshold() -> None:
    P0, P1 = _materiality_case()
    ind = Indicators(("land",), ("ha",), np.zeros((1, 0)))
    regions = ("A", "NL", "C", "D")
    b0 = Bilateral(2016, regions, ("total",), ind, P0[None, None])
    b1 = Bilateral(2022, regions, ("total",), ind, P1[None, None])
    t = ex_post_table(b0, b1, "NL", 0.02, "test").set_index("origin_region")
    assert np.isnan(t.loc["A", "war"]) and t.loc["A", "war_note"].endswith("rose")
    assert np.isnan(t.loc["NL", "war"]) and "less than min_fall" in t.loc["NL", "war_note"]
    assert t.loc["C", "war"] == pytest.approx(1.0) and t.loc["C", "war_note"] == ""
    assert t.loc["D", "war"] == pytest.approx(5.0) and t.loc["C", "top_takers"] == "A 100%"
    assert t.loc["NL", "top_takers"] == "" and not t.loc["NL", "waterbed_flag"]
    # shifted_pressure = |iss| x total_to: origin C, share 0.5 -> 0.4 of 20
    assert t.loc["C", "shifted_pressure"] == pytest.approx(0.1 * 20)
    assert list(t.index) == ["A", "C", "D", "NL"]  # sorted by shifted pressure: 4.5, 2, 0.5, 0.27


def test_absorption_and_takers() -> None:
    dP = np.array([[[-4.0, 3.0, 2.0], [0.0, 0.0, 0.0], [1.0, -1.0, 0.0]]])
    out = absorption(dP, consumer=0)
    assert out["war"][0, 0] == pytest.approx(5 / 4)
    assert out["war_gross"][0, 0] == pytest.approx(5 / 4)
    np.testing.assert_allclose(out["theta"][0, 0], [0.0, 0.6, 0.4])
    assert np.isnan(out["war"][0, 1]) and np.isnan(out["war"][0, 2])  # no cut: undefined
    i3 = net_global_effect(dP, consumer=0)
    assert i3["d_consumer"][0] == -3.0 and i3["d_global"][0] == 1.0
    assert i3["nge"][0] == pytest.approx(-1 / 3)


# --- scenarios -------------------------------------------------------------------------------


@pytest.mark.parametrize("allocation", ["pro_rata_final", "pro_rata_total", "to_regions"])
@pytest.mark.parametrize("d", [0.0, 0.25, 0.6, 1.0])
def test_same_product_displacement_nge_is_one_minus_d(random_mrio: Callable[..., MRIO],
                                                      allocation: str, d: float) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    to = ("R0", "R3") if allocation == "to_regions" else ()
    scen = Scenario("s", "g1", (0.4,), (d,), allocation=allocation, to_regions=to)
    i3 = net_global_effect(_delta(m, lf, ind, groups, scen)[0], consumer=1)
    assert (i3["d_consumer"] < 0).all()
    np.testing.assert_allclose(i3["nge"], 1.0 - d, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(i3["leakage"], d, rtol=RTOL, atol=1e-12)
    if d == 0.0:
        np.testing.assert_allclose(i3["d_global"], i3["d_consumer"], rtol=RTOL)
    if d == 1.0:
        np.testing.assert_allclose(i3["d_global"], 0.0, atol=1e-9 * abs(i3["d_consumer"]).max())


@pytest.mark.parametrize("d", [0.0, 0.3, 1.0])
def test_war_equals_d_under_pro_rata_final(random_mrio: Callable[..., MRIO], d: float) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    scen = Scenario("s", "g2", (0.5,), (d,), origins=("R0", "R2"))
    out = absorption(_delta(m, lf, ind, groups, scen)[0], consumer=1)
    cut = out["d_consumer"] < 0
    assert cut.any()
    np.testing.assert_allclose(out["war"][cut], d, rtol=1e-9, atol=1e-12)


def test_q_zero_reproduces_baseline_and_scenario_is_a_new_solve(
        random_mrio: Callable[..., MRIO]) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    scen = Scenario("s", "g1", (0.0, 0.7), (0.5,), allocation="pro_rata_total")
    dP = _delta(m, lf, ind, groups, scen)
    assert not dP[0].any()  # q = 0: exactly the baseline
    # the linear shortcut equals a fresh solve of the changed final demand Y' = Y + dY, per buyer
    direct, taken, lost = scenario_vectors(m, ALL_FD, groups.W[0], scen)
    assert lost == 0.0
    assert taken[:, 4].sum() > 0  # the consumer R1's own industries take part of it (column R)
    dY = 0.7 * (direct + 0.5 * taken)  # (n, R + 1)
    L = np.linalg.inv(np.eye(m.n) - m.A)
    expected = region_sum(ind.s, L @ dY, m.n_regions)  # (k, R, R + 1)
    np.testing.assert_allclose(dP[1], expected, rtol=1e-9, atol=1e-9 * abs(expected).max())
    # the regions' columns equal a fresh bilateral of the regions' changed final demand
    Yc = regional_final_demand(m, ALL_FD)
    base = bilateral(m, lf, ind, ALL_FD, groups, Yc=Yc).P[0]
    new = bilateral(m, lf, ind, ALL_FD, groups, Yc=Yc + dY[:, :4]).P[0]
    np.testing.assert_allclose(new - base, dP[1][..., :4], rtol=1e-9, atol=1e-9 * abs(base).max())
    # freed supply is conserved: the world buys (1 - d) q of the cut less of every product
    np.testing.assert_allclose((direct + 0.5 * taken).sum(axis=1),
                               0.5 * direct.sum(axis=1), rtol=RTOL, atol=1e-12)


def test_elasticity_formula() -> None:
    # DOMAIN 4.2: d = O|eta_d| / (S eta_s + O|eta_d|); small buyer O = S
    assert displacement_rate(0.3, -0.6) == pytest.approx(0.6 / 0.9)
    assert displacement_rate(0.3, -0.6, supply=100.0, others=80.0) == pytest.approx(
        80 * 0.6 / (100 * 0.3 + 80 * 0.6))
    assert displacement_rate(0.0, -0.5) == 1.0  # inelastic supply: full waterbed
    assert displacement_rate(1.0, 0.0) == 0.0  # inelastic demand of others: no waterbed
    with pytest.raises(ConfigError, match="supply must be >= 0 and demand <= 0"):
        displacement_rate(0.3, 0.6)


def test_elasticities_set_d_of_a_scenario(random_mrio: Callable[..., MRIO]) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    (scen,) = parse_scenarios({"scenario": [{"name": "e", "group": "g1", "q": 0.5,
                                             "elasticities": {"supply": 0.3, "demand": -0.6}}]})
    (out,) = scenario_deltas(m, lf, ind, groups, ALL_FD, [scen])
    assert out.variants == [(0.5, pytest.approx(2 / 3))]
    assert scen.d_source.startswith("elasticities eta_s=0.3")


def test_sourcing_shift_formula(random_mrio: Callable[..., MRIO]) -> None:
    """DOMAIN 4.3: dP_global = M[(R2,j)] m p_R2/p_R1 - (1 - d) M[(R1,j)] m (price_ratio = p_R2/p_R1)."""
    m, lf, ind, groups = _setup(random_mrio)
    q, d, ratio = 0.6, 0.35, 1.25
    scen = Scenario("shift", "g1", (q,), (d,), origins=("R0",), shift_to="R3", price_ratio=ratio)
    i3 = net_global_effect(_delta(m, lf, ind, groups, scen)[0], consumer=1)
    M = accounts.multipliers(m.S, lf)  # (k, n)
    ns = m.n_sectors
    Yc = regional_final_demand(m, ALL_FD)
    mvec = q * groups.W[0] * Yc[0:ns, 1]  # cut purchases from R0 by product [M EUR]
    r2 = slice(3 * ns, 4 * ns)
    expected = M[:, r2] @ (mvec * ratio) - (1 - d) * M[:, 0:ns] @ mvec
    np.testing.assert_allclose(i3["d_global"], expected, rtol=1e-9)
    np.testing.assert_allclose(i3["d_consumer"], M[:, r2] @ (mvec * ratio) - M[:, 0:ns] @ mvec,
                               rtol=1e-9)


def test_impacts_plug_in_as_characterised_rows(random_mrio: Callable[..., MRIO]) -> None:
    """I(r -> c) = sum_k CF[k, r] P_k(r -> c); NGE_bio differs from NGE when a sourcing shift
    moves pressure between regions with different factors, and equals 1 - d for a plain cut."""
    m, lf, ind, groups = _setup(random_mrio)
    cf = np.array([[[1.0, 2.0, 3.0, 10.0], [0.5, 0.0, 1.0, 0.0]]])  # (1 impact, 2 pressures, R)
    bio = characterised_indicators(ind, cf, ["bio"], ["PDF*yr"], m.n_regions)
    P = bilateral(m, lf, ind, ALL_FD, groups).P
    I = bilateral(m, lf, bio, ALL_FD, groups).P  # noqa: E741
    expected = np.einsum("kr,gkrc->grc", cf[0], P)
    np.testing.assert_allclose(I[:, 0], expected, rtol=1e-9)
    cut = Scenario("cut", "g1", (0.5,), (0.4,))
    np.testing.assert_allclose(net_global_effect(_delta(m, lf, bio, groups, cut)[0], 1)["nge"], 0.6,
                               rtol=1e-9)
    shift = Scenario("shift", "g1", (0.5,), (0.4,), origins=("R0",), shift_to="R3")
    nge_bio = net_global_effect(_delta(m, lf, bio, groups, shift)[0], 1)["nge"]
    nge = net_global_effect(_delta(m, lf, ind, groups, shift)[0], 1)["nge"]
    assert not np.allclose(nge_bio[0], nge)


def test_sweep_variants(random_mrio: Callable[..., MRIO]) -> None:
    m, lf, ind, groups = _setup(random_mrio)
    scen = Scenario("sweep", "g1", (0.2, 0.5), (0.0, 0.5, 1.0))
    (out,) = scenario_deltas(m, lf, ind, groups, ALL_FD, [scen])
    assert out.variants == [(q, d) for q in (0.2, 0.5) for d in (0.0, 0.5, 1.0)]
    nge = net_global_effect(out.dP, 1)["nge"]
    np.testing.assert_allclose(nge[:, 0], [1.0, 0.5, 0.0] * 2, atol=1e-9)


# --- the stage and the config ------------------------------------------------------------------


def test_analyse_tables(random_mrio: Callable[..., MRIO]) -> None:
    m0, lf0, ind0, groups = _setup(random_mrio, seed=3)
    m1 = replace(m0, Y=m0.Y * np.linspace(0.8, 1.2, m0.Y.shape[1]), year=2)
    m0 = replace(m0, year=1)
    lf1 = leontief.factorise(m1.A)
    systems = {1: YearSystem(m0, lf0, ind0, groups),
               2: YearSystem(m1, lf1, Indicators(ind0.names, ind0.units, m1.S), groups)}
    scen = (Scenario("cut", "g1", (0.5,), (0.5,)), Scenario("sweep", "g2", (0.1, 1.0), (0.0, 1.0)))
    bils = {y: bilateral(s.mrio, s.leontief, s.indicators, ALL_FD, s.groups) for y, s in systems.items()}
    per_year = {y: {"bilateral": shares_table(b, "test")} for y, b in bils.items()}
    per_year[2].update(scenario_frames(systems[2], ALL_FD, scen, bils[2], "test", 2))
    out = analyse(systems, bils, per_year, ALL_FD, tau=0.02, top_n=2, base_year=1, label="test")
    assert set(out) == {"bilateral", "waterbed_indicators", "waterbed_takers", "scenarios",
                        "scenario_absorption"}
    ind = out["waterbed_indicators"]
    assert set(ind["basis"]) == {"observed", "s and L of 1"}
    # A and S are the same in both years here, so holding them changes nothing
    obs = ind[ind["basis"] == "observed"].reset_index(drop=True)
    held = ind[ind["basis"] != "observed"].reset_index(drop=True)
    np.testing.assert_allclose(obs["iss"], held["iss"], rtol=1e-9, atol=1e-12)
    sc = out["scenarios"]
    np.testing.assert_allclose(sc["nge"], 1 - sc["d"], atol=1e-9)
    shares = out["bilateral"]
    sums = shares[shares["scenario"] == "baseline"].groupby(
        ["year", "group", "indicator", "origin_region"])["share"].sum()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-9)


def test_scenarios_file_parses() -> None:
    scen = read_scenarios(CONFIG_DIR / "scenarios.toml")
    assert len(scen) >= 4
    assert {s.allocation for s in scen} >= {"pro_rata_final", "to_regions"}
    assert any(s.shift_to for s in scen) and any(s.elasticities for s in scen)
    assert any(len(s.q) > 1 and len(s.d) > 1 for s in scen)


@pytest.mark.parametrize(
    ("item", "match"),
    [
        ({"allocation": "pro_rata_everyone"}, "allocation 'pro_rata_everyone' is not known.*"
                                              "pro_rata_final, pro_rata_total, to_regions"),
        ({"q": 1.5}, r"q must be a number in \[0, 1\]"),
        ({"elasticities": {"supply": 0.3, "demand": -0.5}},
         "give exactly one of d"),
        ({"allocation": "to_regions"}, r"needs to_regions = \[\"CN\""),
        ({"shift_to": "US"}, "sourcing shift needs exactly one origin"),
        ({"colour": "red"}, "unknown key 'colour'"),
    ],
)
def test_scenario_config_errors_name_item_and_fix(item: dict[str, object], match: str) -> None:
    raw: dict[str, object] = {"name": "bad", "group": "protein", "q": 0.5, "d": 0.5, **item}
    raw = {k: v for k, v in raw.items() if v is not None}
    with pytest.raises(ConfigError, match=match) as info:
        parse_scenarios({"scenario": [raw]})
    assert "scenario 1 ('bad')" in str(info.value)


def test_scenario_unknown_group_and_region() -> None:
    regions = ("BR", "CN", "NL", "US")
    with pytest.raises(UnknownCodeError, match=r"group 'proteins'.*close matches: 'protein'"
                                               r".*Fix 'group'"):
        check_scenarios([Scenario("a", "proteins", (0.5,), (0.5,))], regions, ("protein",), "NL")
    with pytest.raises(UnknownCodeError, match=r"scenario 'b': origin region 'BRA'.*'BR'.*"
                                               r"Fix 'origins'"):
        check_scenarios([Scenario("b", "protein", (0.5,), (0.5,), origins=("BRA",))], regions,
                        ("protein",), "NL")
    with pytest.raises(UnknownCodeError, match=r"receiving region 'CHN'.*Fix 'to_regions'"):
        check_scenarios([Scenario("c", "protein", (0.5,), (0.5,), allocation="to_regions",
                                  to_regions=("CHN",))], regions, ("protein",), "NL")
    with pytest.raises(ConfigError, match="used twice"):
        parse_scenarios({"scenario": [{"name": "x", "group": "g", "q": 0.1, "d": 0.1}] * 2})


# --- configuration of years and the waterbed ------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "match"),
    [
        ({"data": {"years": [2016, 2022], "year": 2019}}, "year = 2019 .* is not in years"),
        ({"data": {"years": [2016, 2022]}, "waterbed": {"base_year": 2010}},
         "base_year = 2010 must be one of"),
        ({"data": {"source": "exiobase3", "path": "x.zip", "years": [2016, 2022]}},
         r"path needs a \{year\} placeholder"),
        ({"waterbed": {"tau": 1.5}}, r"tau must be a number in \[0, 1\)"),
        ({"waterbed": {"materiality": -0.1}}, r"materiality must be a number in \[0, 1\)"),
        ({"waterbed": {"materiality_floor": "a"}}, r"materiality_floor must be a number"),
    ],
)
def test_multi_year_and_waterbed_config_errors(sections: dict[str, dict[str, object]],
                                               match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        load_config(sections)


def test_years_config() -> None:
    cfg = load_config({"data": {"source": "exiobase3", "years": [2022, 2016],
                                "path": "/data/IOT_{year}_pxp.zip"}})
    assert cfg.data.years == (2016, 2022) and cfg.data.year == 2022
    assert str(cfg.data.path_for(2016)).endswith("IOT_2016_pxp.zip")
    single = load_config({"data": {"year": 2022}})
    assert single.data.all_years == (2022,) and not single.waterbed.enabled
