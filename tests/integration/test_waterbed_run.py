"""The waterbed stage through the pipeline: the two-year demo run (bilateral tables, I1-I3, scenarios,
figures) and the pipeline's scenario errors and main-year rule."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.config import CONFIG_DIR, load_config
from footprint.errors import UnknownCodeError
from footprint.outputs.figure_jobs import figure_jobs
from footprint.pipeline import RunResult, run

# --- through the pipeline: the two-year demo ----------------------------------------------------


@pytest.fixture(scope="module")
def two_year(demo_written: RunResult) -> RunResult:
    """The session's run of config/demo.toml: 2016 and 2022, waterbed and scenarios on."""
    return demo_written


def test_two_year_demo_run(two_year: RunResult) -> None:
    long = two_year.attribution
    assert set(long["year"]) == {2016, 2022} and two_year.mrio.year == 2022
    # the 2022 rows are the single-year run's (pinned in tests/integration/test_pipeline.py)
    land = long[(long["year"] == 2022) & (long["group"] == "protein")
                & (long["indicator"] == "land_total")]["value"].sum()
    assert land == pytest.approx(5395484.754206309, rel=1e-9)
    assert {"bilateral", "waterbed_indicators", "waterbed_takers", "scenarios",
            "scenario_absorption"} <= set(two_year.extra)
    assert "data_2016" in two_year.manifest["inputs"]
    out = two_year.out_dir
    assert out is not None
    for name in ("bilateral.parquet", "waterbed_indicators.csv", "scenarios.csv"):
        assert (out / name).is_file(), name
    figures = {p.name for p in (out / "figures").glob("waterbed_*.png")}
    assert {"waterbed_importer_shares_total.png", "waterbed_scenarios.png",
            "waterbed_nge_protein_sweep.png"} <= figures
    assert "waterbed_importer_shares_protein.png" not in figures  # [output] group_figures = false


def test_group_figures_draw_every_groups_importer_shares(two_year: RunResult, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """[output] group_figures = true: the run's writer draws every group's importer shares too. The
    session's result is written again with that switch (no second run); only the waterbed figure jobs
    are drawn (the other kinds are the same code with the same switch, test_writing counts them)."""
    from footprint.outputs import writing

    raw = tomllib.loads((CONFIG_DIR / "demo.toml").read_text(encoding="utf-8"))
    raw["output"].update(excel=False, group_figures=True)
    result = replace(two_year, config=load_config(raw, base=CONFIG_DIR),
                     manifest=copy.deepcopy(two_year.manifest))
    before = copy.deepcopy(two_year.manifest)
    every: list[bool] = []

    def waterbed_only(*args: Any, **kwargs: Any) -> list[Any]:
        every.append(kwargs["every"])
        return [job for job in figure_jobs(*args, **kwargs) if job[0].endswith("waterbed_plots")]

    monkeypatch.setattr(writing, "figure_jobs", waterbed_only)
    folder = tmp_path / "demo"
    folder.mkdir()
    writing.write_results(result, folder, say=lambda line: None)
    assert every == [True]
    figures = {p.name for p in (folder / "figures").glob("waterbed_*.png")}
    groups = ("total", "protein", "energy", "textiles")
    assert {f"waterbed_importer_shares_{g}.png" for g in groups} <= figures
    assert {"waterbed_scenarios.png", "waterbed_nge_protein_sweep.png"} <= figures
    assert two_year.manifest == before  # the shared result is unchanged


def test_two_year_demo_bilateral_matches_attribution(two_year: RunResult) -> None:
    bil = two_year.extra["bilateral"]
    long = two_year.attribution
    for year in (2016, 2022):
        nl = bil[(bil["year"] == year) & (bil["consumer"] == "NL") & (bil["scenario"] == "baseline")
                 & (bil["indicator"] == "land_total")].groupby("group")["value"].sum()
        att = long[(long["year"] == year) & (long["indicator"] == "land_total")
                   & (long["origin_sector"] != "direct (final demand)")].groupby("group")["value"].sum()
        pd.testing.assert_series_equal(nl.sort_index(), att.sort_index(), rtol=1e-9,
                                       check_names=False)


def test_two_year_demo_waterbed_shows(two_year: RunResult) -> None:
    ind = two_year.extra["waterbed_indicators"]
    obs = ind[(ind["basis"] == "observed") & (ind["indicator"] == "land_total")]
    # BR, protein: NL's share of BR's land fell while BR's total grew, but NL's own land from BR
    # rose (2016 -> 2022): no waterbed (issue 12 part 5; flagged before that fix)
    br = obs[(obs["group"] == "protein") & (obs["origin_region"] == "BR")].iloc[0]
    assert br["iss"] < 0 and br["total_to"] > br["total_from"] and br["d_consumer"] > 0
    assert not br["waterbed_flag"] and np.isnan(br["war"]) and br["war_note"].endswith("rose")
    # IN, textiles: NL's land from IN fell (by far more than min_fall) while others took it up
    india = obs[(obs["group"] == "textiles") & (obs["origin_region"] == "IN")].iloc[0]
    assert india["waterbed_flag"] and india["sigma_from"] > india["sigma_to"]
    assert india["d_consumer"] < -india["min_fall"] and india["war"] > 0
    assert set(ind["basis"]) == {"observed", "s and L of 2016"}
    # issue 12 part 5: a flag and a WAR only where NL's pressure from the origin fell materially
    flagged = ind[ind["waterbed_flag"]]
    assert len(flagged) and (flagged["d_consumer"] < -flagged["min_fall"]).all()
    assert (ind["war"].isna() == (ind["war_note"] != "")).all()
    sc = two_year.extra["scenarios"]
    oil = sc[sc["scenario"] == "nl_industries_cut_br_oilseeds"]
    assert (oil["kind"] == "input_cut").all() and (oil["group"] == "inputs: Oil seeds").all()
    assert (oil.loc[oil["indicator"] == "land_total", "d_consumer"] < 0).all()
    sc = sc[sc["d_consumer"] != 0]
    np.testing.assert_allclose(sc["nge"] * sc["d_consumer"], sc["d_global"], rtol=1e-9)
    assert (sc.loc[sc["scenario"] == "protein_cut_elastic", "d_source"]
            .str.startswith("elasticities")).all()


def test_pipeline_scenario_errors_name_the_item(tmp_path: Path) -> None:
    bad = tmp_path / "scenarios.toml"
    bad.write_text('[[scenario]]\nname = "x"\ngroup = "proteins"\nq = 0.5\nd = 0.5\n')
    raw = {"data": {"source": "demo", "year": 2022},
           "groups": {"select": ["protein"]}, "impacts": {"enabled": False},
           "waterbed": {"enabled": True, "scenarios": str(bad)}}
    with pytest.raises(UnknownCodeError, match=r"scenario 'x': group 'proteins'.*'protein'"):
        run(raw, write=False)


def test_scenarios_run_on_the_main_year(tmp_path: Path) -> None:
    """Issue 12 part 10: with year = 2016 and years = [2016, 2022] the scenarios use 2016's system."""
    path = tmp_path / "scenarios.toml"
    path.write_text('[[scenario]]\nname = "cut"\ngroup = "protein"\nq = 0.5\nd = 0.5\n',
                    encoding="utf-8")
    raw = {"data": {"source": "demo", "year": 2016, "years": [2016, 2022]},
           "groups": {"select": ["protein"]}, "impacts": {"enabled": False},
           "waterbed": {"enabled": True, "scenarios": str(path)}}
    result = run(raw, write=False)
    sc = result.extra["scenarios"]
    assert set(sc["year"]) == {2016} and result.mrio.year == 2016
    # the reference footprint is 2016's: the consumer's protein land footprint without F_Y
    long = result.attribution
    land16 = long[(long["year"] == 2016) & (long["group"] == "protein")
                  & (long["indicator"] == "land_total")
                  & (long["origin_sector"] != "direct (final demand)")]["value"].sum()
    land22 = long[(long["year"] == 2022) & (long["group"] == "protein")
                  & (long["indicator"] == "land_total")]["value"].sum()
    base = sc.loc[sc["indicator"] == "land_total", "footprint_base_embodied"]
    np.testing.assert_allclose(base, land16, rtol=1e-9)
    assert abs(land22 - land16) > 1e-3 * land16  # the two years differ, so the test can fail
