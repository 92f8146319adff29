"""The trade stage in `make run`: tables, labels, sums, the d = "faostat" scenario, figures, report."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.config import load_config
from footprint.errors import ConfigError
from footprint.preflight import read_inputs
from footprint.results import RunResult
from tests.support import paths

ROOT = paths.ROOT
TRADE = ("trade_waterbed", "trade_gainers", "trade_consumer_shares", "trade_displacement", "trade_scenario_d")


def test_demo_run_writes_the_trade_tables_labelled_as_real_data(demo_written: RunResult) -> None:
    out = demo_written.out_dir
    assert out is not None
    for name in (*TRADE, "origin_countries"):
        assert (out / f"{name}.parquet").is_file() and (out / f"{name}.csv").is_file()
    for name in TRADE:
        frame = demo_written.table(name)
        assert len(frame) and frame["data"].str.startswith("FAOSTAT, real data").all(), name
    with pd.ExcelFile(out / "attribution.xlsx") as book:
        sheets = book.sheet_names
    assert {"trade_waterbed", "trade_displacement", "origin_countries"} <= set(sheets)
    wb = demo_written.table("trade_waterbed").set_index(["item", "exporter", "period_from"])
    brazil = wb.loc[("soya_beans", "Brazil", "2016")]
    shares = (round(brazil["consumer_share_from"], 4), round(brazil["consumer_share_to"], 4))
    assert shares == (0.0289, 0.0249)
    disp = demo_written.table("trade_displacement").set_index(["item", "exporter"])
    assert disp.loc[("soya_beans", "all exporters"), "n_events"] == 669
    assert disp.loc[("palm_oil", "all exporters"), "displacement"] == pytest.approx(0.456, abs=5e-4)


def test_origin_countries_is_mixed_and_sums_to_the_attribution(demo_written: RunResult) -> None:
    """Both labels; every (year, group, land pressure, origin region, product) of the attribution is
    preserved exactly by its countries."""
    origin = demo_written.table("origin_countries")
    attribution = demo_written.attribution
    assert set(origin["data"]) == {demo_written.mrio.label}
    trade_rows = origin[origin["split_basis"] == "trade"]
    assert len(trade_rows) and trade_rows["trade_data"].str.startswith("FAOSTAT, real data").all()
    keys = ["year", "group", "indicator", "origin_region", "origin_sector"]
    land = origin[origin["method"] == ""]
    got = land.groupby(keys)["value"].apply(math.fsum)
    want = attribution[attribution["indicator"].isin(set(land["indicator"]))].set_index(keys)["value"]
    np.testing.assert_allclose(got.reindex(want.index).to_numpy(), want.to_numpy(), rtol=4 * 2 ** -52, atol=0)
    wl = land[(land["origin_region"] == "WL") & (land["origin_sector"] == "Oil seeds")]
    assert {"ARG", "PRY"} <= set(wl["origin_country"])
    assert set(origin.loc[origin["method"] != "", "indicator"]) == {"pdf", "msa_loss"}


def test_faostat_scenario_carries_the_interval(demo_written: RunResult) -> None:
    """protein_cut_faostat runs at the estimate; nge_low <= nge <= nge_high; other scenarios have no
    interval; the takers keep the central d only."""
    est = demo_written.table("trade_scenario_d").iloc[0]
    scen = demo_written.table("scenarios")
    rows = scen[scen["scenario"] == "protein_cut_faostat"]
    assert len(rows) == rows["indicator"].nunique()  # one variant: the interval's runs are folded
    assert (rows["d"] == min(max(est["displacement"], 0.0), 1.0)).all()
    valid = rows.dropna(subset=["nge"])  # an indicator the cut does not change has no NGE
    assert len(valid) >= 10 and valid["nge_low"].notna().all()
    assert (valid["nge_low"] <= valid["nge"] + 1e-12).all()
    assert (valid["nge"] <= valid["nge_high"] + 1e-12).all()
    assert rows["d_source"].str.startswith("FAOSTAT, real data: estimated d").all()
    assert scen.loc[scen["scenario"] != "protein_cut_faostat", "nge_low"].isna().all()
    takers = demo_written.table("waterbed_takers")
    assert set(takers.loc[takers["scenario"] == "protein_cut_faostat", "d"]) == {rows["d"].iloc[0]}


def test_trade_figures_and_report_section(demo_written: RunResult) -> None:
    out = demo_written.out_dir
    assert out is not None
    figures = {p.name for p in (out / "figures").glob("*.png")}
    assert {"trade_takers_soya_beans.png", "trade_takers_palm_oil.png", "trade_consumer_shares.png",
            "origin_countries_protein.png"} <= figures
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Real trade (FAOSTAT)" in page and "FAOSTAT, real data" in page
    section = page[page.index("Real trade (FAOSTAT)"):]
    assert "trade_takers_soya_beans.png" in section and "origin_countries_protein.png" in section
    assert "the land is the MRIO's (<strong>ILLUSTRATIVE SYNTHETIC DEMO DATA" in section  # both labels


def test_faostat_scenario_without_fao_items_is_a_clear_error(tmp_path: Path) -> None:
    """The demo's textiles group holds manufactured textiles, which no FAO item of the subset covers
    (cotton lint and wool are origin products): d = "faostat" stops with what to do instead."""
    scen = tmp_path / "s.toml"
    scen.write_text('[[scenario]]\nname = "x"\ngroup = "textiles"\norigins = ["NL"]\nq = 0.2\n'
                    'd = "faostat"\n')
    cfg = load_config({"data": {"source": "demo", "year": 2022}, "groups": {"select": ["textiles"]},
                       "waterbed": {"enabled": True, "scenarios": str(scen)}}, base=ROOT / "config")
    fix = r"scenario 'x' \(d = \"faostat\"\): no FAO item .* behind textiles; give d as a number"
    with pytest.raises(ConfigError, match=fix):
        read_inputs(cfg)
