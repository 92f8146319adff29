"""Parts of the run report on small hand-made inputs: figure sizes and sections, summary sentences."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_figures_shown_at_physical_size_in_their_section(tmp_path: Path) -> None:
    """A 10 in figure at 100 dpi is shown 960 CSS px wide (fonts at nominal size), under its section."""
    from matplotlib.figure import Figure

    from footprint.outputs.report import _figures, _png_width

    paths = []
    for name in ("top_origins_protein", "impact_map_protein", "waterbed_scenarios", "series_land"):
        fig = Figure(figsize=(10, 2))
        fig.subplots()
        fig.savefig(tmp_path / f"{name}.png", dpi=100)
        paths.append(tmp_path / f"{name}.png")
    assert _png_width(paths[0].read_bytes()) == pytest.approx(960, rel=1e-3)  # pHYs: 3937 px/m
    assert _png_width(b"not a png") is None
    html = _figures(paths)
    assert [html[k].count("<img") for k in ("attribution", "impacts", "waterbed", "other")] == [1, 1, 1, 1]
    assert 'alt="impact_map_protein" style="width: 960px"' in html["impacts"]
    assert "rest-of-world" in html["impacts"]


def test_summary_sentences_by_hand() -> None:
    """Small tables: the largest |rank change| of all consumption and the flagged shift with the
    largest score are named; a missing table leaves its sentence out."""
    import pandas as pd

    from footprint.outputs.report_summary import summary_sentences

    summary = pd.DataFrame([{"year": 2022, "group": "total", "indicator": "land_total", "unit": "ha",
                             "total": 2_500_000.0, "share_abroad": 0.8, "share_of_total": 1.0,
                             "top_origins": "Aland (AA) 60%"}])
    ranked = pd.DataFrame({"group": "total", "method": "m", "origin_region": ["XX", "YY", "ZZ"],
                           "pressure_rank": [5, 1, 2], "impact_rank": [1, 2, 3]}).assign(
        rank_change=lambda f: f["pressure_rank"] - f["impact_rank"])
    shifts = pd.DataFrame({"from_year": 2016, "to_year": 2022, "basis": "observed", "group": "total",
                           "indicator": "land_total", "unit": "ha", "origin_region": ["XX", "YY"],
                           "sigma_from": [0.2, 0.5], "sigma_to": [0.1, 0.4], "total_from": 100.0,
                           "total_to": 110.0, "waterbed_flag": True, "shifted_pressure": [10.0, 20.0],
                           "top_takers": "ZZ 100%"})
    said = summary_sentences(summary, {"impact_ranking": ranked, "waterbed_indicators": shifts},
                             label="test data", consumer="NL", year=2022, names={"XX": "Xland"})
    assert said[0].startswith("The land footprint of NL's consumption in 2022 is <b>2.5 million ha</b>, "
                              "<b>80% of it abroad</b>; largest origins: Aland (AA) 60%.")
    assert "<b>Xland (XX)</b> is rank 5 by land area but 1 by impact (m)" in said[1]
    assert "3 rank changes in all" in said[1]
    assert "<b>YY</b> fell from 50.00% to 40.00%" in said[2]  # score 20 beats 10
    assert said[-1] == "<b>Data: test data</b>" and len(said) == 4  # no impacts, no scenarios
