"""Issue 16 on the session's demo run: labelled ranges, Monte Carlo columns, land / climate / nitrogen
side by side, in the tables, the workbook and the report (take ``demo_written``, read only)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from footprint.impacts.emissions import by_origin


def test_demo_ranking_carries_monte_carlo_and_labelled_ranges(demo_written: Any) -> None:
    ranked = demo_written.extra["impact_ranking"]
    assert ranked[["mc_p5", "mc_p50", "mc_p95", "p_keep_rank", "p_top_n"]].notna().all().all()
    assert (ranked["mc_p5"] <= ranked["mc_p50"]).all() and (ranked["mc_p50"] <= ranked["mc_p95"]).all()
    assert ranked["p_keep_rank"].between(0, 1).all() and ranked["p_top_n"].between(0, 1).all()
    kinds = ranked.groupby("method")["range_kind"].first().to_dict()
    assert kinds["pdf_lcimpact"] == "uncertainty_95" and kinds["pdf_glam1"] == "sensitivity"
    assert kinds["msa_ibif2"] == "sensitivity"
    stab = demo_written.extra["impact_ranking_stability"]
    low_high = stab[stab["ranking_a"].str.endswith(" low")]
    by_method = dict(zip(low_high["ranking_a"].str.rsplit(" ", n=1).str[0], low_high["range_kind_a"],
                         strict=True))
    assert by_method["pdf_lcimpact"] == "uncertainty_95" and by_method["msa_ibif2"] == "sensitivity"
    imp = demo_written.extra["impacts"]
    assert imp["range_kind"].isin(["uncertainty_95", "sensitivity"]).all()
    totals = demo_written.extra["impact_uncertainty"]
    assert set(totals["draws"]) == {1000} and set(totals["seed"]) == {16}
    lci = totals[totals["method"] == "pdf_lcimpact"]
    # independent draws: the Monte Carlo 5-95 % range lies inside the sum of the 95 % bounds
    assert (lci["mc_p5"] > lci["impact_low"]).all() and (lci["mc_p95"] < lci["impact_high"]).all()
    assert any(n.startswith("impacts: Monte Carlo over the factors, 1,000 draws (seed 16)")
               for n in demo_written.notes)
    out = demo_written.out_dir
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Monte Carlo over the factors" in report and "95 % interval" in report
    assert "sensitivity" in report and "pdf_lcimpact (uncertainty_95)" in report
    with pd.ExcelFile(out / "attribution.xlsx") as book:
        sheet = pd.read_excel(book, "impact_ranking", nrows=2)
    assert {"range_kind", "mc_p5", "p_keep_rank"} <= set(sheet.columns)


def test_demo_has_land_climate_and_nitrogen_side_by_side(demo_written: Any) -> None:
    emissions = demo_written.extra["impact_emissions"]
    assert set(emissions["category"]) == {"n_deposition_nh3", "n_deposition_nox", "climate"}
    assert set(emissions.loc[emissions["category"] == "climate", "method"]) == {"pdf_glam1"}
    wide = demo_written.extra["impact_by_origin"]
    ibif = wide[(wide["group"] == "protein") & (wide["method"] == "msa_ibif2")].set_index("origin_region")
    assert (ibif["land"] > 0).all() and (ibif["climate"] > 0).all() and (ibif["n_deposition"] > 0).all()
    ranked = demo_written.extra["impact_ranking"]
    land = ranked[(ranked["group"] == "protein") & (ranked["method"] == "msa_ibif2")].set_index(
        "origin_region")["impact"]
    pd.testing.assert_series_equal(ibif["land"].loc[land.index], land, check_names=False, rtol=1e-12)
    again = by_origin(demo_written.extra["impacts"], emissions)
    assert len(again) == len(wide)
    assert "Land, climate and nitrogen by origin" in (demo_written.out_dir / "report.html").read_text(
        encoding="utf-8")
