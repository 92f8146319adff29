"""Time series and the halving-target tracker (footprint.series, footprint.outputs.series_plots).

On the four demo years through ``pipeline.run`` (ILLUSTRATIVE synthetic data), cross-checked against
pymrio and plain numpy, the waterbed module and ``tables.summary``; plus a hand-checkable tracker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio
import pytest
from matplotlib.axes import Axes

from footprint import series, targets
from footprint.config import CONFIG_DIR, read_pressures_table
from footprint.engine.leontief import factorise
from footprint.errors import ConfigError, FootprintError, InvalidValuesError, UnknownCodeError
from footprint.inputs.sources import read_system
from footprint.material_accounts import material_accounts
from footprint.outputs import series_plots
from footprint.pipeline import RunResult, run
from footprint.pressures import select_pressures
from footprint.tables import region_names, summary

YEARS = [2010, 2016, 2019, 2022]
# the shipped demo's layout is EXIOBASE 3.8: one fossil-fuel row (real 3.8 names, config/reference)
ABIOTIC = r"^Domestic Extraction Used - (?:Fossil Fuel: Total$|Metal Ores - |Non-Metallic Minerals - )"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    raw = {
        "run": {"name": "series"},
        "data": {"source": "demo", "years": YEARS},
        "groups": {"select": ["protein", "energy", "textiles"]},
        "impacts": {"enabled": False},
        "waterbed": {"enabled": True, "base_year": 2016},  # adds structure_2016 rows to bilateral
        "output": {"dir": str(tmp_path_factory.mktemp("series") / "results")},
    }
    return run(raw, write=False)


@pytest.fixture(scope="module")
def terr() -> pd.DataFrame:
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    frames = []
    for year in YEARS:
        mrio, _ = read_system("demo", year=year)
        frames.append(series.territorial(mrio, select_pressures(table, mrio)))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def parsed(pymrio_demo: Callable[[int], pymrio.IOSystem]) -> dict[int, pymrio.IOSystem]:
    return {year: pymrio_demo(year) for year in (2010, 2016, 2022)}


@pytest.fixture(scope="module")
def accounts(result: RunResult) -> pd.DataFrame:
    """The production-view accounts of NL in every year (footprint.material_accounts)."""
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    frames = []
    for year in YEARS:
        mrio, _ = read_system("demo", year=year)
        frames.append(material_accounts(mrio, factorise(mrio.A), select_pressures(table, mrio),
                                        result.config.consumer))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def tables(result: RunResult, terr: pd.DataFrame, accounts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return series.series_tables(result.attribution, result.extra["bilateral"], terr, "NL",
                                accounts=accounts)


def _total(attribution: pd.DataFrame, indicator: str, group: str = "total") -> pd.Series:
    rows = attribution[(attribution["group"] == group) & (attribution["indicator"] == indicator)]
    return rows.groupby("year")["value"].sum()


# --------------------------------------------------------------------------------- territorial


@pytest.mark.parametrize("year", [2010, 2022])
def test_territorial_equals_pymrio_F_by_region(terr: pd.DataFrame, parsed: dict[int, pymrio.IOSystem],
                                               year: int) -> None:
    io = parsed[year]
    F = io.satellite.F
    for indicator, pattern, factor in (
        ("abiotic_materials", ABIOTIC, 1.0),
        ("biotic_materials", r"^Domestic Extraction Used - (?:Primary Crops - |Crop residues - |"
                             r"Fodder crops - |Grazing$|Forestry - |Fishery - )", 1.0),
        ("land_total", r"^(?:Cropland - |Permanent pastures - Grazing-|Forest area - (?:Forestry|"
                       r"Marginal use)$|Infrastructure land$)", 100.0),  # km2 -> ha
    ):
        rows = F[[bool(re.search(pattern, n)) for n in F.index]]
        expected = factor * rows.T.groupby(level="region").sum().sum(axis=1)
        got = terr[(terr["year"] == year) & (terr["indicator"] == indicator)].set_index("region")
        assert list(got.index) == list(io.get_regions())
        np.testing.assert_allclose(got["value"], expected[got.index], rtol=1e-12)
    assert set(terr.columns) == {"year", "region", "indicator", "unit", "value", "data"}
    assert (terr.loc[terr["indicator"] == "abiotic_materials", "unit"] == "kt").all()


# ------------------------------------------------------------------------------------- tracker


def test_tracker_by_hand() -> None:
    """200 kt in 2016, 180 kt in 2023: index 90; the path is 75 in 2023 (halfway to -50 % in 2030),
    so the gap is 15 points = 30 kt; the target, 100 kt in 2030, needs (100/180)^(1/7) - 1 = -8.1 %
    a year from 2023."""
    att = pd.DataFrame({"year": [2016, 2023, 2016, 2023], "consumer": "NL", "group": "total",
                        "indicator": ["abiotic_materials"] * 2 + ["biotic_materials"] * 2,
                        "unit": "kt", "origin_region": "NL", "value": [200.0, 180.0, 50.0, 55.0]})
    t = targets.tracker(att, None, "NL").set_index("year")
    assert t.loc[2016, "index"] == 100.0 and t.loc[2023, "index"] == pytest.approx(90.0)
    assert t.loc[2023, "path"] == pytest.approx(75.0) and t.loc[2023, "path_value"] == pytest.approx(150)
    assert t.loc[2023, "gap_pp"] == pytest.approx(15.0) and t.loc[2023, "gap"] == pytest.approx(30.0)
    assert t.loc[2023, "required_change"] == pytest.approx((100 / 180) ** (1 / 7) - 1)
    assert t.loc[2023, "biotic_materials_index"] == pytest.approx(110.0)
    assert "domestic_extraction_index" not in t.columns and "rmi_index" not in t.columns
    assert t.loc[2016, "series_rmc"].startswith("RMC proxy: footprint of all NL final demand")
    assert "15.0 percentage points (30 kt) above the path" in targets.tracker_summary(t.reset_index())


def test_target_path() -> None:
    path = targets.target_path([2010, 2016, 2023, 2030, 2040])
    assert np.isnan(path[0]) and path[1:].tolist() == [100.0, 75.0, 50.0, 50.0]
    assert targets.target_path([2020], 2010, 2030, reduction=0.3).tolist() == [85.0]


def test_tracker_on_the_demo(tables: dict[str, pd.DataFrame], result: RunResult) -> None:
    t = tables["tracker"].set_index("year")
    assert t.index.tolist() == YEARS
    assert t.loc[2016, "index"] == 100.0  # exactly, not approximately
    assert t.loc[2016, "path"] == 100.0 and np.isnan(t.loc[2010, "path"])
    assert targets.target_path([2030])[0] == 50.0
    value = _total(result.attribution, "abiotic_materials")
    np.testing.assert_allclose(t["value"], value[t.index], rtol=1e-12)
    np.testing.assert_allclose(t["index"], 100 * value[t.index] / value[2016], rtol=1e-12)
    np.testing.assert_allclose(t.loc[2022, "path"], 100 - 50 * 6 / 14, rtol=1e-12)
    np.testing.assert_allclose(t["gap_pp"], t["index"] - t["path"], rtol=1e-12)
    np.testing.assert_allclose(t["gap"], t["value"] - value[2016] * t["path"] / 100, rtol=1e-12)
    np.testing.assert_allclose(t["value"] * (1 + t["required_change"]) ** (2030 - t.index),
                               0.5 * value[2016], rtol=1e-9)
    # the demo is built to miss the target: above the path in every year after the base year
    assert (t.loc[[2019, 2022], "gap_pp"] > 10).all() and t.loc[2010, "index"] > 110


def test_tracker_footprint_equals_plain_numpy(tables: dict[str, pd.DataFrame],
                                              parsed: dict[int, pymrio.IOSystem]) -> None:
    """NL's abiotic footprint ``s L y_NL`` from the archive with numpy alone (all NL final demand:
    the run's categories plus inventories; exports are zero)."""
    t = tables["tracker"].set_index("year")
    for year in (2016, 2022):
        io = parsed[year]
        A, x = io.A.to_numpy(), io.x.to_numpy().ravel()
        y = io.Y.loc[:, io.Y.columns.get_level_values("region") == "NL"].to_numpy().sum(axis=1)
        F = io.satellite.F[io.satellite.F.index.str.contains(ABIOTIC)].to_numpy().sum(axis=0)
        s = np.divide(F, x, out=np.zeros_like(F), where=x > 0)
        np.testing.assert_allclose(t.loc[year, "value"], s @ np.linalg.solve(np.eye(len(x)) - A, y),
                                   rtol=1e-9)
    # 109.26: this tracker on the shipped 2016 and 2022 archives (both unchanged since they were made)
    assert t.loc[2022, "index"] == pytest.approx(109.26, abs=0.01)


def test_tracker_territorial_and_companion(tables: dict[str, pd.DataFrame], terr: pd.DataFrame,
                                          result: RunResult) -> None:
    t = tables["tracker"].set_index("year")
    nl = terr[(terr["region"] == "NL") & (terr["indicator"] == "abiotic_materials")].set_index("year")
    np.testing.assert_allclose(t["domestic_extraction_value"], nl.loc[t.index, "value"], rtol=1e-12)
    assert t.loc[2016, "domestic_extraction_index"] == 100.0
    np.testing.assert_allclose(t["domestic_extraction_gap_pp"], t["domestic_extraction_index"] - t["path"],
                               rtol=1e-12)
    assert (t["series_domestic_extraction"] == "domestic extraction used in NL (neither RMI nor DMC)").all()
    biotic = _total(result.attribution, "biotic_materials")
    np.testing.assert_allclose(t["biotic_materials_value"], biotic[t.index], rtol=1e-12)
    assert t.loc[2016, "biotic_materials_index"] == 100.0
    assert (t["biotic_materials_unit"] == "kt").all() and (t["unit"] == "kt").all()
    assert t["data"].str.contains("ILLUSTRATIVE").all()


@pytest.mark.parametrize("pressure", ["abiotic_materials", "ghg", "land_total"])
def test_tracker_split_sums_to_the_total(result: RunResult, pressure: str) -> None:
    split = targets.tracker_split(result.attribution, "NL", pressure)
    total = _total(result.attribution, pressure)
    for by in (targets.SPLIT_GROUP, targets.SPLIT_ORIGIN):
        part = split[split["split"] == by]
        np.testing.assert_allclose(part.groupby("year")["value"].sum(), total[YEARS], rtol=1e-12)
        np.testing.assert_allclose(part.groupby("year")["share"].sum(), 1.0, rtol=1e-12)
        assert (part.loc[part["year"] == 2016, "index"] == 100.0).all()
    groups = split[split["split"] == targets.SPLIT_GROUP]
    for group in ("protein", "energy", "textiles"):
        got = groups[groups["item"] == group].set_index("year")["value"]
        np.testing.assert_allclose(got, _total(result.attribution, pressure, group)[YEARS], rtol=1e-12)
    # households' own GHG (F_Y) is fuel combustion, all booked to energy
    # (footprint/defaults/direct_use.csv), so no item of its own is left; their firewood land stays
    # an item of its own; extraction has none
    assert (targets.HOUSEHOLDS in set(groups["item"])) == (pressure == "land_total")
    if pressure == "ghg":
        direct = result.attribution[(result.attribution["origin_sector"] == "direct (final demand)")
                                    & (result.attribution["indicator"] == "ghg")]
        assert set(direct["group"]) == {"total", "energy"}
    origins = split[split["split"] == targets.SPLIT_ORIGIN]
    att = result.attribution
    for year in YEARS:
        rows = att[(att["year"] == year) & (att["group"] == "total") & (att["indicator"] == pressure)]
        assert sorted(origins.loc[origins["year"] == year, "item"]) == sorted(set(rows["origin_region"]))


# ----------------------------------------------------------------------- origin and share abroad


def test_share_abroad_identities(tables: dict[str, pd.DataFrame], result: RunResult) -> None:
    sa = tables["series_share_abroad"]
    np.testing.assert_allclose(sa["domestic"] + sa["abroad"], sa["total"], rtol=1e-12)
    np.testing.assert_allclose(sa["share_abroad"], sa["abroad"] / sa["total"], rtol=1e-12)
    ref = summary(result.attribution)  # the run's own summary, one row per year, group, indicator
    both = sa.merge(ref, on=["year", "group", "indicator"], suffixes=("", "_ref"), validate="1:1")
    assert len(both) == len(sa) == len(ref)
    for col in ("total", "domestic", "abroad", "share_abroad"):
        np.testing.assert_allclose(both[col], both[f"{col}_ref"], rtol=1e-12)
    assert set(sa["year"]) == set(YEARS)


def test_by_origin_series(tables: dict[str, pd.DataFrame], result: RunResult) -> None:
    bo = tables["series_by_origin"]
    sums = bo.groupby(["year", "group", "indicator"])["value"].sum()
    truth = result.attribution.groupby(["year", "group", "indicator"])["value"].sum()
    np.testing.assert_allclose(sums, truth[sums.index], rtol=1e-10)
    np.testing.assert_allclose(bo.groupby(["year", "group", "indicator"])["share"].sum(), 1.0,
                               rtol=1e-10)
    one = series.footprint_by_origin_series(result.attribution, "NL", "protein", "land_total", top_n=4)
    per_year = [list(f["origin_region"]) for _, f in one.groupby("year")]
    assert all(o == per_year[0] for o in per_year)  # the same origins in every year
    assert per_year[0][0] == "NL" and per_year[0][-1] == series.OTHER and len(per_year[0]) == 6
    assert one["domestic"].tolist() == (one["origin_region"] == "NL").tolist()
    land = result.attribution[(result.attribution["group"] == "protein")
                              & (result.attribution["indicator"] == "land_total")
                              & (result.attribution["origin_region"] != "NL")]
    largest = land.groupby("origin_region")["value"].sum().nlargest(4).index
    assert set(per_year[0][1:5]) == set(largest)


# ------------------------------------------------------------------------ importer share shifts


def test_waterbed_indicators_rebuilt_from_the_bilateral_table_equal_the_runs(result: RunResult) -> None:
    """One table, one builder: a batch's series rebuild the matrices from the long bilateral table
    and get exactly the run's observed waterbed_indicators (every pair of years)."""
    wb = result.config.waterbed
    got = series.series_tables(result.attribution, result.extra["bilateral"], None, "NL", tau=wb.tau,
                               materiality=wb.materiality, floor=wb.materiality_floor,
                               tracker=None)["waterbed_indicators"]
    ref = result.extra["waterbed_indicators"]
    pd.testing.assert_frame_equal(got, ref[ref["basis"] == "observed"].reset_index(drop=True))
    pairs = got[["from_year", "to_year"]].drop_duplicates().to_numpy().tolist()
    assert pairs == [[2010, 2016], [2016, 2019], [2019, 2022], [2010, 2022]]
    assert got["waterbed_flag"].any()  # the demo's sourcing shift shows up


def test_series_waterbed_indicators_pairs(tables: dict[str, pd.DataFrame]) -> None:
    pairs = tables["waterbed_indicators"][["from_year", "to_year"]].drop_duplicates()
    assert sorted(map(tuple, pairs.to_numpy().tolist())) == [
        (2010, 2016), (2010, 2022), (2016, 2019), (2019, 2022)]
    assert set(tables) == {"series_by_origin", "series_share_abroad", "waterbed_indicators",
                           "tracker", "tracker_split"}


def test_series_tables_without_optional_inputs(result: RunResult) -> None:
    out = series.series_tables(result.attribution, None, None, "NL", tracker=None)
    assert set(out) == {"series_by_origin", "series_share_abroad"}
    two = series.series_tables(result.attribution[result.attribution["year"].isin([2016, 2022])],
                               None, None, "NL", tracker={"companion": ()})
    assert two["tracker"]["year"].tolist() == [2016, 2022]
    assert not any(c.startswith("biotic") for c in two["tracker"].columns)


# ------------------------------------------------------------------------------------- figures


def test_figures_written(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    names = series_plots.series_figures(tables, tmp_path / "figures", note="Data: demo",
                                        names=region_names())
    assert "tracker.png" in names and "tracker_split_group.png" in names
    assert any(n.startswith("series_importer_shift_total_abiotic_materials_2010-2022") for n in names)
    assert any(n.startswith("series_by_origin_protein_land_total") for n in names)
    files = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert files == sorted(names)
    assert all((tmp_path / "figures" / n).stat().st_size > 5000 for n in names)


def test_plot_functions_return_axes(tables: dict[str, pd.DataFrame]) -> None:
    ax = series_plots.plot_tracker(tables["tracker"], note="Data: demo")
    assert isinstance(ax, Axes) and ax.get_ylabel() == "index [% of 2016]"
    labels = ax.get_legend_handles_labels()[1]
    assert any("straight path to -50 % in 2030" in t for t in labels)
    assert any(t.startswith("domestic extraction used in NL") for t in labels)
    assert any(t.startswith("RMC proxy") for t in labels) and any(t.startswith("RMI proxy") for t in labels)
    assert any("biotic" in t for t in labels)
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("gap 2022: +30.7 pp") for t in texts)  # = the tracker's gap_pp
    ax = series_plots.plot_origin_series(tables["series_by_origin"], "total", "abiotic_materials")
    assert ax.get_ylabel() == "abiotic_materials [kt]" and ax.get_xlabel() == "year"
    ax = series_plots.plot_share_abroad_series(tables["series_share_abroad"], "land_total")
    assert ax.get_ylabel().startswith("share abroad [%")
    ax = series_plots.plot_importer_shift(tables["waterbed_indicators"], "protein", "land_total")
    assert "2010 -> 2022" in ax.get_title() and "percentage points" in ax.get_xlabel()
    ax = series_plots.plot_tracker_split(tables["tracker_split"], targets.SPLIT_ORIGIN)
    assert ax.get_ylabel() == "abiotic_materials [kt]"


# -------------------------------------------------------------------------------------- errors


def test_errors(result: RunResult, terr: pd.DataFrame) -> None:
    att = result.attribution
    with pytest.raises(ConfigError, match=r"base year 2016 is not among the years.*add 2016 to \[data\]"):
        targets.tracker(att[att["year"] != 2016], None, "NL")
    with pytest.raises(UnknownCodeError, match=r"indicator 'abiotic'.*'abiotic_materials'.*pressures\.csv"):
        targets.tracker(att, None, "NL", pressure="abiotic")
    with pytest.raises(UnknownCodeError, match="companion pressure 'biotic'"):
        targets.tracker(att, None, "NL", companion=("biotic",))
    with pytest.raises(UnknownCodeError, match=r"consumer 'NLD'.*'NL'.*\[consumer\] region"):
        targets.tracker(att, None, "NLD")
    with pytest.raises(ConfigError, match=r"target_year \(2016\) must come after base_year"):
        targets.tracker(att, None, "NL", target_year=2016)
    with pytest.raises(ConfigError, match="reduction must be a fraction"):
        targets.tracker(att, None, "NL", reduction=0.0)
    with pytest.raises(UnknownCodeError, match="region 'NL' is not in the territorial table"):
        targets.tracker(att, terr[terr["region"] != "NL"], "NL")
    with pytest.raises(ConfigError, match=r"territorial table lacks the column\(s\) \['region'\]"):
        targets.tracker(att, terr.drop(columns="region"), "NL")
    with pytest.raises(UnknownCodeError, match="group 'meat'"):
        series.footprint_by_origin_series(att, "NL", group="meat")
    bil = result.extra["bilateral"]
    with pytest.raises(UnknownCodeError, match="year '2015' is not in the bilateral table"):
        series.bilateral_from_table(bil, 2015)
    with pytest.raises(ConfigError, match="no rows of scenario 'baseline'"):
        series.series_tables(att, bil[bil["scenario"] != "baseline"], None, "NL", tracker=None)
    with pytest.raises(UnknownCodeError, match=r"consumer 'NLD' is not in the attribution table.*'NL'"):
        series.series_tables(att, bil, None, "NLD", tracker=None)
    # a consumer of the attribution that the bilateral table lacks
    with pytest.raises(UnknownCodeError, match="consumer 'NLD' is not a region of the bilateral table"):
        series.series_tables(att.assign(consumer="NLD"), bil, None, "NLD", tracker=None)
    zero = pd.DataFrame({"year": [2016, 2022], "consumer": "NL", "group": "total",
                         "indicator": "abiotic_materials", "unit": "kt", "origin_region": "NL",
                         "value": [0.0, 1.0]})
    with pytest.raises(InvalidValuesError, match=r"is 0\.0 in the base year 2016"):
        targets.tracker(zero, None, "NL", companion=())


def test_errors_are_footprint_errors_and_builtins() -> None:
    with pytest.raises(FootprintError):
        targets.tracker(pd.DataFrame({"year": [2016]}), None, "NL")
    with pytest.raises(LookupError):
        series.share_abroad_series(pd.DataFrame(
            {"year": [2016], "consumer": "DE", "group": "total", "indicator": "ghg", "unit": "t",
             "origin_region": "DE", "value": [1.0]}), "NL")


def test_tracker_rmi_equals_rmc_plus_rme_of_exports(tables: dict[str, pd.DataFrame]) -> None:
    """RMI = domestic extraction + RME of imports = RMC + RME of exports (the run's final demand is
    all of NL's final demand: every category, inventories included), in every year."""
    t = tables["tracker"].set_index("year")
    np.testing.assert_allclose(t["rmi_value"], t["value"] + t["rme_exports_value"], rtol=1e-9)
    np.testing.assert_allclose(t["rmi_value"], t["domestic_extraction_value"] + t["rme_imports_value"],
                               rtol=1e-12)
    assert t.loc[2016, "rmi_index"] == 100.0
    assert (t["series_rmi"].str.startswith("RMI proxy: NL domestic extraction + raw-material")).all()
