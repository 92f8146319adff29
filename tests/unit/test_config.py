"""Run-file and table validation: every documented config error, and the shipped files load."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.config import (
    CONFIG_DIR,
    DEFAULTS,
    load_config,
    read_groups_table,
    read_pressures_table,
)
from footprint.errors import ConfigError, DataFileNotFoundError
from tests.support import paths

TEMPLATES = paths.ROOT / "config"  # run-file templates for real data


@pytest.mark.parametrize("path", [CONFIG_DIR / "demo.toml", TEMPLATES / "exiobase.toml"],
                         ids=["packaged demo", "template exiobase"])
def test_shipped_run_files_load(path: Path) -> None:
    cfg = load_config(path)
    assert cfg.consumer.region == "NL"
    assert cfg.groups_table.is_file() and cfg.pressures_table.is_file()
    assert cfg.group_select == ("protein", "energy", "textiles")


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.toml")), ids=lambda p: p.name)
def test_templates_name_packaged_tables(path: Path) -> None:
    """Every template of config/ finds its tables among the packaged defaults (bare names)."""
    cfg = load_config(path)
    for table in (cfg.groups_table, cfg.pressures_table, cfg.gwp_table, cfg.waterbed.scenarios):
        assert table is None or (table.is_relative_to(CONFIG_DIR) and table.is_file()), table
    assert cfg.output.dir == (TEMPLATES.parent / "results").resolve()


def test_packaged_run_file_by_name_and_own_tables_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """``load_config("demo")`` is the packaged demo; its results go to the current folder; a table
    next to a run file wins over the packaged one of the same name."""
    monkeypatch.chdir(tmp_path)
    cfg = load_config("demo")
    assert cfg.config_file == CONFIG_DIR / "demo.toml" and cfg.name == "demo"
    assert cfg.output.dir == tmp_path / "results"
    assert cfg.groups_table == CONFIG_DIR / "product_groups.csv"
    (tmp_path / "product_groups.csv").write_bytes((CONFIG_DIR / "product_groups.csv").read_bytes())
    (tmp_path / "mine.toml").write_text('[groups]\ntable = "product_groups.csv"\n', encoding="utf-8")
    mine = load_config(tmp_path / "mine.toml")
    assert mine.groups_table == tmp_path / "product_groups.csv"
    assert mine.pressures_table == CONFIG_DIR / "pressures.csv"  # the default
    with pytest.raises(DataFileNotFoundError, match=r"run file dmeo does not exist.*close matches: 'demo'"):
        load_config("dmeo")


def test_defaults_and_switches() -> None:
    cfg = load_config({"consumer": {"include_inventories": False}})
    assert cfg.data.source == "demo"
    assert "I_CHIN" not in cfg.consumer.categories
    assert load_config({}).consumer.categories[-1] == "I_CHIN"
    assert cfg.resolved()["consumer"]["region"] == DEFAULTS["consumer"]["region"]


def test_relative_paths_resolve_against_run_file(tmp_path: Path) -> None:
    run = tmp_path / "sub" / "r.toml"
    run.parent.mkdir()
    run.write_text('[data]\nsource = "exiobase3"\npath = "../x/IOT_2022_pxp.zip"\n')
    cfg = load_config(run)
    assert cfg.data.path == (tmp_path / "x" / "IOT_2022_pxp.zip").resolve()
    assert cfg.name == "r"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"consumr": {}}, "unknown section [consumr]; close matches: 'consumer'"),
        ({"consumer": {"regoin": "NL"}}, "close matches: 'region'"),
        ({"data": {"source": "exio"}}, "use one of demo, exiobase3, pymrio"),
        ({"data": {"source": "exiobase3"}}, "needs a path"),
        ({"data": {"year": "2022"}}, "year must be an integer"),
        ({"consumer": {"final_demand": []}}, "final_demand must not be empty"),
        ({"consumer": {"final_demand": [1]}}, "final_demand must be a list"),
        ({"checks": {"strict": "no"}}, "[checks] strict must be true or false, got 'no'"),
        ({"checks": {"balance_rtol": 0}}, "[checks] balance_rtol must be a number in (0, 1)"),
        ({"consumer": {"include_inventories": "yes"}}, "must be true or false"),
        ({"impacts": {"top_n": 0}}, "[impacts] top_n must be a positive integer, got 0"),
        ({"output": {"top_n": 10}}, "[output] top_n is no longer a setting"),  # never read; removed
        ({"run": {"name": "a b"}}, "may only use letters"),
    ],
)
def test_config_errors_name_the_item(content: dict, expected: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        load_config(content)
    assert expected in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_and_malformed_run_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileNotFoundError, match="does not exist"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[data\nsource=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_shipped_tables_are_valid() -> None:
    groups = read_groups_table(CONFIG_DIR / "product_groups.csv")
    assert {"protein", "energy", "textiles"} <= set(groups["group"])
    assert groups["weight"].between(0, 1).all()
    pressures = read_pressures_table(CONFIG_DIR / "pressures.csv")
    for layout in ("exiobase3.8", "exiobase3.9"):
        names = set(pressures.loc[pressures["layout"] == layout, "pressure"])
        assert {"land_cropland", "land_pasture", "ghg", "blue_water", "abiotic_materials"} <= names
    assert (pressures["source"] != "").all()


def test_table_errors(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("group,subgroup,pxp_code,pxp_name,ixi_code,ixi_name,role,weight,note\n"
                    "protein,meat,p15.a,Products of meat cattle,i15.a,x,final_demand,1.5,\n")
    with pytest.raises(ConfigError, match=r"weights must lie between 0 and 1.*p15\.a"):
        read_groups_table(path)
    path.write_text("group,weight\nprotein,1\n")
    with pytest.raises(ConfigError, match="missing column"):
        read_groups_table(path)
    p = tmp_path / "p.csv"
    p.write_text("pressure,layout,extension,pattern,input_unit,factor,unit,source\n"
                 "land,*,satellite,^Crop(,km2,100,ha,x\n")
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        read_pressures_table(p)
    p.write_text("pressure,layout,extension,pattern,input_unit,factor,unit,source\n"
                 "land,*,satellite,^Crop,km2,abc,ha,x\n")
    with pytest.raises(ConfigError, match="must be numeric"):
        read_pressures_table(p)
    with pytest.raises(DataFileNotFoundError, match="fix the path"):
        read_pressures_table(tmp_path / "missing.csv")
