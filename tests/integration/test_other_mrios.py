"""OECD ICIO, Eora26 and GLORIA through their pymrio parsers, and the ready tables of
``config/other_mrios/`` (pressure and group tables, run files) on files in those layouts.

Fixtures are our own numbers written in each published layout (``mrio_files``). Every footprint is
compared with pymrio ``calc_all`` ``D_cba_reg`` on the same files; the deviations are printed
(``pytest -s -k deviation tests/integration/test_other_mrios.py``).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint.config import CONFIG_DIR, read_pressures_table
from footprint.errors import ConfigError
from footprint.inputs.other_mrios import FORMATS, layout_of
from footprint.inputs.sources import SOURCES, read_system
from footprint.pipeline import run
from footprint.pressures import select_pressures
from footprint.vocabulary import TOTAL_GROUP
from tests.support import mrio_compare as cmp
from tests.support import mrio_files as mf
from tests.support import paths

HERE = CONFIG_DIR / "other_mrios"  # the packaged tables
RUN_FILES = paths.ROOT / "config" / "other_mrios"  # the run-file templates of the checkout
P3 = ("Household final consumption P.3h", "Non-profit institutions serving households P.3n",
      "Government final consumption P.3g", "Gross fixed capital formation P.51",
      "Changes in inventories P.52", "Acquisitions less disposals of valuables P.53")
EORA_SECTORS = ("Agriculture", "Fishing", "Mining and Quarrying", "Food & Beverages",
                "Textiles and Wearing Apparel", "Petroleum, Chemical and Non-Metallic Mineral Products",
                "Electricity, Gas and Water", "Construction")
EORA_STRESSORS = [("Total CO2 emissions from EDGAR", "Gg", "Total"),
                  ("CO2 emissions from EDGAR", "Gg", "1A1a"), ("Cropland", "ha", "FAO")]
GLORIA_STRESSORS = [("Cropland", "Land use", "1000 ha"), ("Pasture", "Land use", "1000 ha"),
                    ("Iron ores", "Material", "kt"), ("Wheat", "Material", "kt"),
                    ("Blue water crops", "Blue_water_consumption", "Mm3"),
                    ("CO2 total", "Emissions (EDGAR)", "Gg")]
OECD16_SECTORS = ("C01T05AGR", "C10T14MIN", "C15T16FOD", "C17T19TEX", "C23PET", "C40T41EGW", "C45CON")
OECD18_SECTORS = ("01T03", "05T06", "10T12", "13T15", "19", "35T39", "45T47")
OECD21_SECTORS = ("01T02", "03", "05T06", "10T12", "13T15", "19", "35", "45T47")
REGIONS = ("AUT", "BRA", "NLD")
WIOD_REGIONS = ("AUS", "NLD", "USA", "RoW")  # pymrio reads WIOD's labels from the USA rows
WIOD_CODES = ("AtB", "C", "15t16", "17t18", "19", "23", "E", "F")  # WIOD 2013 industry codes


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("other")
    n16 = len(REGIONS) * len(OECD16_SECTORS)
    disc = np.linspace(-5.0, 40.0, n16)
    oecd16 = mf.core(REGIONS, OECD16_SECTORS, ("HFCE", "NPS", "GGFC", "GFCF", "INV"), 0, 21,
                     negative_last_category=True, extra_demand=disc[:, np.newaxis])
    oecd18 = mf.core(REGIONS, OECD18_SECTORS, ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT"), 0, 22,
                     negative_last_category=True)
    oecd21 = mf.core(REGIONS, OECD21_SECTORS, ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"), 0,
                     26, negative_last_category=False)
    eora = mf.core(REGIONS, EORA_SECTORS, P3, len(EORA_STRESSORS), 23, negative_last_category=True)
    gloria = mf.core(REGIONS, ("Wheat", "Cattle", "Iron ores", "Electricity"), P3,
                     len(GLORIA_STRESSORS), 24, negative_last_category=True)
    wiod = mf.core(WIOD_REGIONS, tuple(f"industry {code}" for code in WIOD_CODES),
                   ("c37", "c38", "c39", "c41", "c42"), 4, 25, negative_last_category=True)
    return {
        "oecd16": mf.write_oecd_icio(root / "ICIO2016_2011.csv", oecd16, discrepancy=disc),
        "oecd18": mf.write_oecd_icio(root / "ICIO2018_2015.csv", oecd18, release=2018),
        "oecd21": mf.write_oecd_icio(root / "ICIO2021_2018.csv", oecd21, release=2021),
        "eora26": mf.write_eora26_folder(root / "eora" / "2015", eora, EORA_STRESSORS, year=2015),
        "gloria": mf.write_gloria_folder(root / "gloria", gloria, GLORIA_STRESSORS, year=2022),
        "wiod": mf.write_wiod_folder(root / "wiod", wiod, WIOD_CODES, ("CO2", "CH4", "N2O", "NH3"),
                                     year=2009),
    }


def _parse_wiod(path: Path) -> Any:
    """pymrio.parse_wiod, with the warnings of pymrio's reader silenced as footprint does."""
    return FORMATS["wiod"].parse(path, 2009)


PARSE = {
    "oecd16": ("oecd", None, lambda p: pymrio.parse_oecd(p)),
    "oecd18": ("oecd", None, lambda p: pymrio.parse_oecd(p)),
    "oecd21": ("oecd", None, lambda p: pymrio.parse_oecd(p)),
    "eora26": ("eora26", None, lambda p: pymrio.parse_eora26(p, year=2015)),
    "gloria": ("gloria", 2022, lambda p: pymrio.parse_gloria(p, year=2022, version=59)),
    "wiod": ("wiod", 2009, _parse_wiod),
}


def test_sources_listed() -> None:
    from footprint import config

    assert set(FORMATS) <= set(SOURCES)
    assert config.SOURCES == SOURCES  # the run file accepts exactly what read_system reads


@pytest.mark.parametrize("key", list(PARSE))
def test_deviation_from_pymrio(files: dict[str, Path], tmp_path: Path, key: str) -> None:
    source, year, parse = PARSE[key]
    mrio, prov = read_system(source, files[key], year=year, cache_dir=tmp_path)
    assert mrio.layout == FORMATS[source].layout == prov["layout"]
    assert mrio.regions == (WIOD_REGIONS if key == "wiod" else REGIONS)
    theirs = cmp.pymrio_footprints(parse(files[key]), mrio.regions)
    dev = cmp.deviation(cmp.footprints(mrio), theirs)
    print(f"deviation {key} ({mrio.label}): {dev:.3g}")
    assert dev <= 1e-9


def test_years_and_labels(files: dict[str, Path], tmp_path: Path) -> None:
    oecd, _ = read_system("oecd", files["oecd18"], cache_dir=tmp_path)
    assert oecd.year == 2015 and oecd.label.startswith("OECD ICIO 2015 (ICIO2018_2015.csv)")
    assert oecd.monetary_unit == "Million USD"
    eora, _ = read_system("eora26", files["eora26"], cache_dir=tmp_path)
    assert eora.year == 2015 and eora.monetary_unit == "000 USD"
    with pytest.raises(ConfigError, match="year 2016 was requested"):
        read_system("eora26", files["eora26"], year=2016, cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="no year in the name"):
        read_system("gloria", files["gloria"], cache_dir=tmp_path)


def test_gloria_is_derived_from_a_and_y(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("gloria", files["gloria"], year=2022, cache_dir=tmp_path)
    assert any("(I - A)^-1 Y e" in n for n in mrio.notes)  # pymrio's GLORIA has A and Y only
    units = dict(zip(mrio.stressors["stressor"], mrio.stressors["unit"], strict=True))
    assert units["Cropland | Land use"] == "1000 ha"


def test_saved_systems_are_recognised(files: dict[str, Path], tmp_path: Path) -> None:
    for key, layout in (("oecd18", "oecd"), ("eora26", "eora26"), ("gloria", "gloria"),
                        ("wiod", "wiod")):
        io = PARSE[key][2](files[key])
        assert layout_of(io) == layout
        io.save_all(tmp_path / key)
        mrio, _ = read_system("pymrio", tmp_path / key, cache_dir=tmp_path / "cache")
        assert mrio.layout == layout


def test_wrong_folder_for_gloria(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="GLORIA_MRIOs_<version>_2022"):
        read_system("gloria", tmp_path / "empty", year=2022, cache_dir=tmp_path)


# --------------------------------------------------------------------------- ready tables


def _run_file(name: str, path: Path, tmp: Path, groups: Path | None = None,
              extra_demand: tuple[str, ...] = (), **changes: Any) -> Any:
    """Run a run file of config/other_mrios/ (tables: the packaged ones) on a fixture (data path and
    outputs moved; optionally another group table and further final-demand categories)."""
    raw = tomllib.loads((RUN_FILES / f"{name}.toml").read_text(encoding="utf-8"))
    if groups is not None:
        raw["groups"]["table"] = str(groups)
    raw["consumer"]["final_demand"] += list(extra_demand)
    raw["data"].update(path=str(path), cache_dir=str(tmp / "cache"), **changes)
    raw["output"].update(dir=str(tmp / "results"), figures=False, excel=False)
    from footprint.config import load_config

    return run(load_config(raw, base=RUN_FILES), out_dir=tmp / "results" / name)


READY = {  # fixture: run file, data changes, groups the run must show
    "oecd16": ("oecd", {}, {"food_agriculture", "energy", "textiles"}),
    "oecd18": ("oecd", {}, {"food_agriculture", "energy", "textiles"}),
    "oecd21": ("oecd", {}, {"food_agriculture", "energy", "textiles"}),
    "eora26": ("eora26", {"year": 2015}, {"food_agriculture", "energy", "textiles"}),
    "gloria": ("gloria", {}, set()),
    "wiod": ("wiod", {}, {"food_agriculture", "energy", "textiles"}),
}


@pytest.mark.parametrize("key", list(READY))
def test_ready_tables(files: dict[str, Path], tmp_path: Path, key: str) -> None:
    name, changes, groups = READY[key]
    release_table = {"oecd16": HERE / "groups_oecd_icio2016.csv",
                     "oecd21": HERE / "groups_oecd_icio2021.csv"}.get(key)
    # ICIO 2021's DPABR (direct purchases abroad by residents) is in pymrio's D_cba_reg: add it
    extra = ("DPABR",) if key == "oecd21" else ()
    result = _run_file(name, files[key], tmp_path, release_table, extra, **changes)
    long = result.attribution
    assert set(long["group"]) == {TOTAL_GROUP, *groups}
    # every pressure of the shipped table equals pymrio's D_cba_reg of its rows times the factors
    table = read_pressures_table(Path(result.config.pressures_table))
    selected = select_pressures(table, result.mrio)
    _, _, parse = PARSE[key]
    theirs = cmp.pymrio_footprints(parse(files[key]), result.mrio.regions)
    expected = selected.C @ theirs[:, result.mrio.regions.index("NLD")]
    ours = long[long["group"] == TOTAL_GROUP].groupby("indicator")["value"].sum()
    ours = ours.reindex(list(selected.names)).fillna(0.0).to_numpy()
    dev = cmp.deviation(ours[:, np.newaxis], expected[:, np.newaxis])
    print(f"deviation ready tables {key} ({', '.join(selected.names)}): {dev:.3g}")
    assert dev <= 1e-9
    assert not any("include_inventories" in n for n in result.manifest["notes"])


def test_gloria_patterns_pick_their_head_indicators(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("gloria", files["gloria"], year=2022, cache_dir=tmp_path)
    chosen = select_pressures(read_pressures_table(HERE / "pressures_gloria.csv"), mrio).matched
    by = chosen.groupby("pressure")["stressor"].apply(set).to_dict()
    assert by["land_total"] == {"Cropland | Land use", "Pasture | Land use"}
    assert by["materials"] == {"Iron ores | Material", "Wheat | Material"}
    assert by["blue_water"] == {"Blue water crops | Blue_water_consumption"}


def test_eora_co2_takes_the_total_row_only(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("eora26", files["eora26"], cache_dir=tmp_path)
    chosen = select_pressures(read_pressures_table(HERE / "pressures_eora26.csv"), mrio).matched
    assert list(chosen.loc[chosen["pressure"] == "co2", "stressor"]) == [
        "Total CO2 emissions from EDGAR | Total"]


def test_inventories_switch_in_a_release_without_them(files: dict[str, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """ICIO 2016 names inventories INV, 2018 INVNT: both found; a table without any is noted in the
    manifest and under the printed summary."""
    from footprint.cli import main

    io = pymrio.parse_oecd(files["oecd18"])
    io.Y = io.Y.drop(columns=[c for c in io.Y.columns if c[1] == "INVNT"])
    io.save_all(tmp_path / "no_inventories")
    cfg = tmp_path / "run.toml"
    cfg.write_text(
        f'[run]\nname = "oecd-icio"\n[data]\nsource = "pymrio"\npath = "{tmp_path / "no_inventories"}"\n'
        f'cache_dir = "{tmp_path / "cache"}"\n[consumer]\nregion = "NLD"\n'
        'final_demand = ["F_HOUS", "F_NPSH", "F_GOVE", "I_GFCF"]\ninclude_inventories = true\n'
        f'[groups]\ntable = "{HERE / "groups_oecd_icio2018.csv"}"\n'
        f'[pressures]\ntable = "{HERE / "pressures_oecd.csv"}"\n'
        f'[output]\ndir = "{tmp_path / "results"}"\nfigures = false\nexcel = false\n'
        "[impacts]\nenabled = false\n", encoding="utf-8")
    assert main(["run", str(cfg), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "include_inventories = true, but the data" in out and "'HFCE', 'NPISH'" in out
    manifest = json.loads((tmp_path / "results" / "oecd-icio" / "manifest.json").read_text())
    assert any("include_inventories = true, but the data" in n for n in manifest["notes"])


def test_all_zero_pressure_for_the_consumer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14 part 2 on a file in Eora26's layout: the chosen stressor (the EDGAR CO2 total of the
    shipped table) is zero for the consumer's whole supply chain, as pymrio's D_cba_reg confirms. The
    run gives a valid all-zero result with a note (exit 0), no traceback."""
    from footprint.cli import main

    c = mf.core(("AUT", "NLD"), EORA_SECTORS, P3, 1, 27, negative_last_category=True, zero_stressor=0)
    folder = mf.write_eora26_folder(tmp_path / "2015", c, [EORA_STRESSORS[0]], year=2015)
    io = pymrio.parse_eora26(folder, year=2015)
    io.calc_all()
    assert (io.Q.D_cba_reg["NLD"] == 0.0).all()
    shipped = read_pressures_table(HERE / "pressures_eora26.csv")
    shipped[shipped["pressure"] == "co2"].to_csv(tmp_path / "co2.csv", index=False)
    cfg = tmp_path / "run.toml"
    cfg.write_text(
        f'[run]\nname = "zero"\n[data]\nsource = "eora26"\npath = "{folder}"\n'
        f'cache_dir = "{tmp_path / "cache"}"\n[consumer]\nregion = "NLD"\n'
        f'[groups]\ntable = "{HERE / "groups_eora26.csv"}"\n'
        'select = ["food_agriculture", "energy", "textiles"]\n'
        f'[pressures]\ntable = "{tmp_path / "co2.csv"}"\n'
        f'[output]\ndir = "{tmp_path / "results"}"\nfigures = false\nexcel = false\n'
        "[impacts]\nenabled = false\n", encoding="utf-8")
    assert main(["run", str(cfg), "--quiet"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    out = tmp_path / "results" / "zero"
    manifest = json.loads((out / "manifest.json").read_text())
    assert any("zero" in n for n in manifest["notes"])
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["group"]) == {TOTAL_GROUP, "food_agriculture", "energy", "textiles"}
    assert (summary["total"] == 0.0).all()
