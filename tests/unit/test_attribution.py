"""Attribution by group, pressure and origin, cross-checked against pymrio on its test system.

pymrio's ``calc_all`` gives D_cba (consumer region x product columns: the footprint of a region's
final demand for one product, all origins) and D_cba_reg (+ F_Y). ``diag_stressor`` gives the same
footprint by origin region-sector. Our attribution must equal both (rel 1e-9).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint.attribution import attribute, consumer_columns, group_weights
from footprint.config import FD_CODES, ConsumerConfig
from footprint.engine.leontief import factorise
from footprint.errors import ConfigError, UnknownCodeError
from footprint.inputs.sources import from_iosystem
from footprint.inputs.system import MRIO
from footprint.pressures import select_pressures
from footprint.vocabulary import DIRECT_SECTOR, TOTAL_GROUP

STRESSOR = ("emission_type1", "air")
@pytest.fixture(scope="module")
def pymrio_test() -> pymrio.IOSystem:
    io = pymrio.load_test()
    io.calc_all()
    return io


@pytest.fixture(scope="module")
def mrio(pymrio_test: pymrio.IOSystem) -> MRIO:
    return from_iosystem(pymrio.load_test(), label="pymrio test system")


def _pressure_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"pressure": ["air1", "water2"], "layout": ["*", "*"],
         "extension": ["Emissions", "Emissions"],
         "pattern": ["^emission_type1 ", "^emission_type2 "], "input_unit": ["kg", "kg"],
         "factor": [1.0, 1e-3], "unit": ["kg", "t"], "source": ["test", "test"]}
    )


def _group_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"group": ["food", "energy", "energy"], "subgroup": ["", "", ""],
         "pxp_code": ["", "", ""], "pxp_name": ["food", "electricity", "mining"],
         "ixi_code": ["", "", ""], "ixi_name": ["", "", ""],
         "role": ["final_demand"] * 3, "weight": [1.0, 1.0, 0.5], "note": ["", "", ""]}
    )


def _consumer(region: str = "reg2", direct: bool = True) -> ConsumerConfig:
    """All final-demand categories of pymrio's test system, as pymrio's D_cba_reg counts them."""
    all_fd = pymrio.load_test().get_Y_categories()
    return ConsumerConfig(region, tuple(all_fd), include_inventories=True,
                          include_household_direct=direct)


def _run(mrio: MRIO, consumer: ConsumerConfig) -> pd.DataFrame:
    return attribute(mrio, factorise(mrio.A), select_pressures(_pressure_table(), mrio), consumer,
                     group_weights(_group_table(), mrio))


def test_total_equals_pymrio_regional_footprint(mrio: MRIO, pymrio_test: pymrio.IOSystem) -> None:
    long = _run(mrio, _consumer())
    total = long[(long["group"] == TOTAL_GROUP) & (long["indicator"] == "air1")]["value"].sum()
    expected = pymrio_test.emissions.D_cba_reg.loc[STRESSOR, "reg2"]
    assert total == pytest.approx(expected, rel=1e-9)
    direct = long[long["origin_sector"] == DIRECT_SECTOR]
    assert set(direct["origin_region"]) == {"reg2"}


def test_group_equals_pymrio_product_footprint(mrio: MRIO, pymrio_test: pymrio.IOSystem) -> None:
    long = _run(mrio, _consumer(direct=False))
    D = pymrio_test.emissions.D_cba.loc[STRESSOR]
    food = long[(long["group"] == "food") & (long["indicator"] == "air1")]["value"].sum()
    assert food == pytest.approx(D[("reg2", "food")], rel=1e-9)
    energy = long[(long["group"] == "energy") & (long["indicator"] == "air1")]["value"].sum()
    expected = D[("reg2", "electricity")] + 0.5 * D[("reg2", "mining")]
    assert energy == pytest.approx(expected, rel=1e-9)
    water = long[(long["group"] == "food") & (long["indicator"] == "water2")]["value"].sum()
    expected_t = pymrio_test.emissions.D_cba.loc[("emission_type2", "water"), ("reg2", "food")]
    assert water == pytest.approx(expected_t * 1e-3, rel=1e-9)


def test_origins_equal_pymrio_diag_stressor(mrio: MRIO) -> None:
    io = pymrio.load_test()
    io.emissions_diag = io.emissions.diag_stressor(STRESSOR, name="diag")
    io.calc_all()
    by_origin_pymrio = io.emissions_diag.D_cba.T.groupby(level="region").sum()
    by_origin_pymrio = by_origin_pymrio.T.groupby(level="region").sum()["reg2"]  # origin x reg2
    long = _run(mrio, _consumer(direct=False))
    ours = (long[(long["group"] == TOTAL_GROUP) & (long["indicator"] == "air1")]
            .groupby("origin_region")["value"].sum())
    np.testing.assert_allclose(ours.reindex(by_origin_pymrio.index).to_numpy(),
                               by_origin_pymrio.to_numpy(), rtol=1e-9)


def test_groups_partition_gives_total(mrio: MRIO) -> None:
    """Invariant 6: groups whose weights partition y add up to the whole footprint."""
    table = pd.DataFrame(
        {"group": ["a"] * 4 + ["b"] * 4, "subgroup": "", "pxp_code": "",
         "pxp_name": list(mrio.sectors), "ixi_code": "", "ixi_name": "",
         "role": "final_demand", "weight": 1.0, "note": ""}
    )
    long = attribute(mrio, factorise(mrio.A), select_pressures(_pressure_table(), mrio),
                     _consumer(direct=False), group_weights(table, mrio))
    sums = long[long["indicator"] == "air1"].groupby("group")["value"].sum()
    assert sums["a"] + sums["b"] == pytest.approx(sums[TOTAL_GROUP], rel=1e-12)


def test_vocabulary_and_label(mrio: MRIO) -> None:
    long = _run(mrio, _consumer())
    assert list(long.columns) == ["year", "consumer", "group", "indicator", "unit",
                                  "origin_region", "origin_sector", "scenario", "value", "data"]
    assert set(long["data"]) == {"pymrio test system"}
    assert set(long["unit"]) == {"kg", "t"}


def test_unknown_consumer_region_and_category(mrio: MRIO) -> None:
    with pytest.raises(UnknownCodeError, match=r"'reg7' is not in the data.*close matches"):
        consumer_columns(mrio, ConsumerConfig("reg7", ("F_HOUS",), False, False))
    with pytest.raises(UnknownCodeError, match=r"'F_HOSU'.*close matches: 'F_HOUS'"):
        consumer_columns(mrio, ConsumerConfig("reg1", ("F_HOSU",), False, False))
    cols = consumer_columns(mrio, ConsumerConfig("reg1", ("F_HOUS", "F_GOVE"), True, False))
    names = [mrio.fd_categories[c % len(mrio.fd_categories)] for c in cols]
    assert FD_CODES["F_HOUS"] in names and FD_CODES["I_CHIN"] in names


def test_unknown_product_and_group(mrio: MRIO) -> None:
    table = _group_table()
    table.loc[0, "pxp_name"] = "Products of meat catle"
    with pytest.raises(UnknownCodeError, match="'Products of meat catle'"):
        group_weights(table, mrio)
    with pytest.raises(UnknownCodeError, match="close matches: 'food'"):
        group_weights(_group_table(), mrio, ("fod",))


def test_exiobase_product_absent_from_system_is_a_note(mrio: MRIO) -> None:
    table = pd.concat([_group_table(), _group_table().iloc[[0]].assign(
        pxp_name="Products of meat cattle")], ignore_index=True)
    weights = group_weights(table, mrio)
    assert any("Products of meat cattle" in n for n in weights.notes)
    only_missing = _group_table().iloc[[0]].assign(pxp_name="Products of meat cattle")
    with pytest.raises(ConfigError, match="select no product"):
        group_weights(only_missing, mrio)
