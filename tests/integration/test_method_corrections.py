"""Issue 12 parts 3, 4, 6, 8 and 10 (third bullet): GWP sets, households' fuel combustion in the energy
group, what product groups hold, RMI beside RMC, the impacts error and progress line.

Hand-computed expectations on small systems; the demo only where the shipped tables are the subject.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.attribution import GroupWeights, attribute, group_weights
from footprint.config import CONFIG_DIR, ConsumerConfig, read_groups_table, read_pressures_table
from footprint.direct import direct_masks, read_direct_table
from footprint.engine.leontief import factorise
from footprint.errors import ConfigError, UnknownCodeError
from footprint.inputs.gwp import apply_gwp, read_gwp_table
from footprint.inputs.sources import read_system
from footprint.inputs.system import MRIO
from footprint.material_accounts import material_accounts
from footprint.pipeline import run
from footprint.pressures import select_pressures
from footprint.targets import tracker_split
from footprint.vocabulary import DIRECT_SECTOR

HOUSEHOLDS = "Final consumption expenditure by households"
NL = ConsumerConfig(region="NL", final_demand=("F_HOUS",), include_inventories=False,
                    include_household_direct=True)


def _two_regions(stressors: list[tuple[str, str, str]], F: list[list[float]], F_Y: list[list[float]],
                 layout: str = "exiobase3.8") -> MRIO:
    """NL and B, one product each: A = [[0.1, 0.2], [0.3, 0.1]], y_NL = [50, 20], y_B = [10, 60];
    x = (I - A)^-1 (y_NL + y_B) = [280/3, 120]."""
    A = np.array([[0.1, 0.2], [0.3, 0.1]])
    Y = np.array([[50.0, 10.0], [20.0, 60.0]])
    x = np.linalg.solve(np.eye(2) - A, Y.sum(axis=1))
    frame = pd.DataFrame(stressors, columns=["extension", "stressor", "unit"])
    return MRIO(("NL", "B"), ("Dairy products",), (HOUSEHOLDS,), A, x, Y, np.array(F, dtype=float),
                np.array(F_Y, dtype=float), frame, label="hand-made test system", year=2020, layout=layout)


def _table(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"pressure": p, "layout": "*", "extension": "satellite", "family": p,
                          "pattern": pat, "input_unit": iu, "factor": f, "unit": iu, "if_missing": "error",
                          "source": "test"} for p, pat, f, iu in rows])


# ------------------------------------------------------------------------- part 8: RMI beside RMC


def test_material_accounts_by_hand() -> None:
    """s = F / x = [0.3, 0.5] kt/M EUR; L = [[1.2, 4/15], [0.4, 1.2]]; M = s L = [0.56, 0.68].
    RMC = M y_NL = 0.56*50 + 0.68*20 = 41.6; exports of NL = Z[NL,B] + Y[NL,B] = 0.2*120 + 10 = 34,
    RME_exp = 0.56*34 = 19.04; imports = Z[B,NL] + Y[B,NL] = 0.3*280/3 + 20 = 48, RME_imp = 0.68*48 =
    32.64; DE = 28; RMI = 28 + 32.64 = 60.64 = 41.6 + 19.04."""
    mrio = _two_regions([("satellite", "ore", "kt")], [[28.0, 60.0]], [[0.0, 0.0]], layout="pymrio")
    ps = select_pressures(_table([("ore", "^ore$", 1.0, "kt")]), mrio)
    acc = material_accounts(mrio, factorise(mrio.A), ps, NL).set_index("account")["value"]
    assert acc["domestic_extraction"] == pytest.approx(28.0, rel=1e-12)
    assert acc["rme_exports"] == pytest.approx(19.04, rel=1e-12)
    assert acc["rme_imports"] == pytest.approx(32.64, rel=1e-12)
    assert acc["rmi"] == pytest.approx(60.64, rel=1e-12)
    groups = GroupWeights(("dairy",), np.ones((1, 1)), ())
    long = attribute(mrio, factorise(mrio.A), ps, NL, groups)
    rmc = long[long["group"] == "total"]["value"].sum()
    assert rmc == pytest.approx(41.6, rel=1e-12)
    assert acc["rmi"] == pytest.approx(rmc + acc["rme_exports"], rel=1e-12)  # the identity


# ---------------------------------------------------------------------- part 4: households' fuel


def test_energy_group_carries_households_fuel_combustion_by_hand() -> None:
    """F_Y of NL households: 1000 kg CO2 from combustion, 2 km2 of firewood land. With the shipped
    footprint/defaults/direct_use.csv the energy group gets the combustion row only: its ghg is its products'
    supply chain plus 1000 kg; its land has no direct part; total carries both."""
    mrio = _two_regions([("satellite", "CO2 - combustion - air", "kg"),
                         ("satellite", "Forest area - Marginal use", "km2")],
                        [[50.0, 80.0], [0.0, 0.0]], [[1000.0, 0.0], [2.0, 0.0]])
    ps = select_pressures(_table([("ghg", "^CO2 - ", 1.0, "kg"), ("land", "^Forest", 1.0, "km2")]), mrio)
    masks = direct_masks(read_direct_table(), mrio, ("energy",), ("energy", "protein"))
    assert masks.tolist() == [[True, False]]
    groups = GroupWeights(("energy",), np.ones((1, 1)), (), direct=masks)
    long = attribute(mrio, factorise(mrio.A), ps, NL, groups)
    direct = long[long["origin_sector"] == DIRECT_SECTOR].set_index(["group", "indicator"])["value"]
    assert direct[("energy", "ghg")] == 1000.0 and ("energy", "land") not in direct.index
    assert direct[("total", "ghg")] == 1000.0 and direct[("total", "land")] == 2.0
    s = np.array([50.0, 80.0]) / mrio.x
    supply = s @ np.linalg.solve(np.eye(2) - mrio.A, mrio.Y[:, 0])  # the one product is the group
    energy = long[(long["group"] == "energy") & (long["indicator"] == "ghg")]["value"].sum()
    assert energy == pytest.approx(supply + 1000.0, rel=1e-12)
    split = tracker_split(long, "NL", "ghg", base_year=None).set_index(["split", "item"])["value"]
    assert split[("product group", "energy")] == pytest.approx(supply + 1000.0, rel=1e-12)
    assert ("product group", "households' direct") not in split.index  # all of it booked to energy
    assert split.xs("product group").sum() == pytest.approx(supply + 1000.0, rel=1e-12)


# ------------------------------------------------------------------------------ part 3: GWP sets


def test_gwp_sets_ar5_and_ar6() -> None:
    """AR5: CH4 28 (fossil and not), N2O 265, SF6 23,500; AR6: CH4 fossil 29.8, non-fossil 27.0,
    N2O 273, SF6 25,200 (t CO2-eq per kg: x 0.001). CO2 and HFC/PFC (kg CO2-eq) keep 0.001."""
    expected = {"AR5": {"CH4_fossil": 0.028, "CH4_nonfossil": 0.028, "N2O": 0.265, "SF6": 23.5},
                "AR6": {"CH4_fossil": 0.0298, "CH4_nonfossil": 0.027, "N2O": 0.273, "SF6": 25.2}}
    for name, values in expected.items():
        table = read_pressures_table(CONFIG_DIR / "pressures.csv", gwp=name)
        ghg = table[(table["pressure"] == "ghg") & (table["layout"] == "exiobase3.9")]
        for gas, factor in values.items():
            assert np.allclose(ghg.loc[ghg["gas"] == gas, "factor"], factor, rtol=1e-12), (name, gas)
        plain = ghg[ghg["gas"] == ""]
        assert set(plain["family"]) == {"CO2 fossil, process and peat decay", "F-gases HFC and PFC"}
        assert (plain["factor"] == 0.001).all()
    with pytest.raises(ConfigError, match=r"GWP set 'AR7' is not in the GWP table.*'AR6'"):
        apply_gwp(read_pressures_table(CONFIG_DIR / "pressures.csv"), read_gwp_table(), "AR7")


def test_run_records_the_gwp_set_and_ar6_changes_ghg(tmp_path: Path) -> None:
    cfg = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["protein"]}, "impacts": {"enabled": False}}
    ar5 = run(cfg, write=False)
    ar6 = run({**cfg, "pressures": {"gwp": "AR6"}}, write=False)
    assert ar5.manifest["gwp100"]["set"] == "AR5" and ar6.manifest["gwp100"]["set"] == "AR6"
    assert ar6.manifest["gwp100"]["gwp100"]["CH4_fossil"] == 29.8
    assert ar6.manifest["config"]["pressures"]["gwp"] == "AR6"

    def ghg(r: object) -> float:
        s = r.summary  # type: ignore[attr-defined]
        return float(s[(s["group"] == "total") & (s["indicator"] == "ghg")]["total"].iloc[0])

    assert ghg(ar6) > ghg(ar5)  # every gas's AR6 GWP100 is higher but non-fossil CH4 (27 < 28)
    land = [r.summary.set_index(["group", "indicator"]).loc[("total", "land_total"), "total"]
            for r in (ar5, ar6)]
    assert land[0] == land[1]


# ----------------------------------------------------------------- part 6: what groups hold


def test_group_table_contents() -> None:
    table = read_groups_table(CONFIG_DIR / "product_groups.csv")
    fd = table[table["role"] == "final_demand"]
    protein = fd[fd["group"] == "protein"]
    assert not protein["pxp_code"].isin(["p01.e", "p01.d", "p15.e", "p15.i"]).any()
    assert protein["group_label"].iloc[0].startswith("animal protein")
    plant = fd[fd["group"] == "protein_plant"]
    assert set(plant["pxp_code"]) == {"p01.e", "p01.d", "p15.e", "p15.i"} and (plant["weight"] == 0).all()
    leather = fd[fd["pxp_code"] == "p19"]
    assert leather[["group", "weight"]].to_numpy().tolist() == [["textiles", 1.0]]
    nonenergy = {"Naphtha", "White Spirit & SBP", "Lubricants", "Bitumen", "Paraffin Waxes"}
    assert set(fd.loc[fd["group"] == "oil_nonenergy", "pxp_name"]) == nonenergy
    assert not fd.loc[fd["group"] == "energy", "pxp_name"].isin(nonenergy).any()
    assert not fd[fd["weight"] > 0].duplicated("pxp_code").any()  # no product in two groups


def test_overlap_is_an_error_naming_both_groups_unless_allowed(tmp_path: Path) -> None:
    mrio, _ = read_system("demo", year=2022)
    table = read_groups_table(CONFIG_DIR / "product_groups.csv")
    dairy = table[table["pxp_code"] == "p15.f"].assign(group="dairy_focus", group_label="dairy")
    both = pd.concat([table, dairy], ignore_index=True)
    with pytest.raises(ConfigError, match=r"'Dairy products' is selected by two groups, 'protein' and "
                                          r"'dairy_focus'.*allow_overlap = true"):
        group_weights(both, mrio, ("protein", "dairy_focus"))
    gw = group_weights(both, mrio, ("protein", "dairy_focus"), allow_overlap=True)
    assert gw.names == ("protein", "dairy_focus")


def test_plant_protein_share_is_a_run_parameter(tmp_path: Path) -> None:
    mrio, _ = read_system("demo", year=2022)
    table = read_groups_table(CONFIG_DIR / "product_groups.csv")
    with pytest.raises(ConfigError, match=r"select no product.*\[groups\] weights"):
        group_weights(table, mrio, ("protein_plant",))
    gw = group_weights(table, mrio, ("protein_plant",), overrides={"protein_plant": {"p01.e": 0.3}})
    assert gw.W[0, mrio.sectors.index("Oil seeds")] == 0.3 and np.count_nonzero(gw.W) == 1
    with pytest.raises(UnknownCodeError, match=r"group 'protein_plant' has no product 'p01.x'"):
        group_weights(table, mrio, ("protein_plant",), overrides={"protein_plant": {"p01.x": 0.3}})


def test_summary_says_what_groups_hold_and_which_direct_rows_they_carry(tmp_path: Path) -> None:
    cfg = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["protein", "energy"]}, "impacts": {"enabled": False}}
    result = run(cfg, write=False)
    s = result.summary.set_index(["group", "indicator"])
    assert s.loc[("protein", "ghg"), "group_label"].startswith("animal protein")
    assert "lower bound" in s.loc[("protein", "ghg"), "lens"]
    assert s.loc[("energy", "ghg"), "direct"] == pytest.approx(s.loc[("total", "ghg"), "direct"])
    assert s.loc[("energy", "ghg"), "direct_rows"].startswith("CO2 - combustion - air")
    assert s.loc[("energy", "land_total"), "direct"] == 0.0  # firewood land is not combustion
    assert s.loc[("total", "land_total"), "direct_rows"] == "Forest area - Marginal use"
    rows = result.extra["direct_stressors"]
    assert set(rows.loc[rows["group"] == "energy", "stressor"]) == {
        "CO2 - combustion - air", "CH4 - combustion - air", "N2O - combustion - air"}


# ------------------------------------------------------------------ part 10: impacts messages


def test_missing_land_pressure_names_both_fixes(tmp_path: Path) -> None:
    cfg = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["protein"]}, "impacts": {"land_pressure": "land_totl"}}
    fixes = r"land_pressure = \"land_total\".*\[impacts\] enabled = false"
    with pytest.raises(UnknownCodeError, match=fixes):
        run(cfg, write=False)


def test_no_impacts_progress_line_when_impacts_are_off(tmp_path: Path) -> None:
    lines: list[str] = []
    cfg = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["protein"]}}
    run({**cfg, "impacts": {"enabled": False}}, write=False, progress=lines.append)
    assert lines and not any("biodiversity impacts" in line for line in lines)
    lines.clear()
    run(cfg, write=False, progress=lines.append)
    assert any("characterising biodiversity impacts" in line for line in lines)


def test_without_a_direct_table_households_stressors_stay_in_total(tmp_path: Path) -> None:
    cfg = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["energy"], "direct_table": ""}, "impacts": {"enabled": False}}
    s = run(cfg, write=False).summary.set_index(["group", "indicator"])
    assert s.loc[("energy", "ghg"), "direct"] == 0.0 and s.loc[("total", "ghg"), "direct"] > 0
