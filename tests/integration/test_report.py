"""The run report: self-contained, labelled, with the headline figures; renders in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from footprint.pipeline import RunResult


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("src", "href") and value is not None:
                self.refs.append((tag, key, value))


@pytest.fixture(scope="module")
def demo(demo_written: RunResult) -> RunResult:
    return demo_written


def _page(result: RunResult) -> str:
    assert result.out_dir is not None
    return (result.out_dir / "report.html").read_text(encoding="utf-8")


def test_report_is_self_contained(demo: RunResult) -> None:
    parser = _Collect()
    parser.feed(_page(demo))
    images = [v for tag, key, v in parser.refs if tag == "img"]
    assert len(images) == len(demo.manifest["figures"]) > 0
    assert all(v.startswith("data:image/png;base64,") for v in images)
    external = [v for _, _, v in parser.refs if re.match(r"(https?:)?//", v)]
    assert external == []
    assert "link" not in parser.tags and "script" not in parser.tags


def test_report_says_what_data_and_headlines(demo: RunResult) -> None:
    page = _page(demo)
    assert demo.mrio.label in page
    assert "ILLUSTRATIVE" in page
    protein = demo.summary[(demo.summary["group"] == "protein")
                           & (demo.summary["indicator"] == "land_total")
                           & (demo.summary["year"] == 2022)].iloc[0]
    assert f"{protein['total']:,.0f}" in page  # e.g. 5,395,485 ha
    assert protein["top_origins"] in page
    for section in ("What was run", "Headline figures", "Attribution by origin region",
                    "Biodiversity impact by origin", "Waterbed", "Reproduce with"):
        assert section in page
    assert "python -m footprint run" in page


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_report_leads_with_a_one_screen_summary(demo: RunResult) -> None:
    """Issue 13: sentences first: land footprint with share abroad and largest origins, the largest
    rank change from land to impact, the strongest waterbed signal, the data label."""
    page = _page(demo)
    assert page.index("<h2") == page.index('<h2 class="first">Summary</h2>')
    summary = _between(page, "Summary</h2>", "What was run")
    total = demo.summary[(demo.summary["group"] == "total") & (demo.summary["indicator"] == "land_total")
                         & (demo.summary["year"] == 2022)].iloc[0]
    assert f"<b>{total['total'] / 1e6:,.1f} million ha</b>" in summary  # 14.2 million ha
    assert f"<b>{total['share_abroad']:.0%} of it abroad</b>" in summary
    assert total["top_origins"] in summary
    ranked = demo.extra["impact_ranking"]
    moved = ranked[(ranked["group"] == "total") & (ranked["rank_change"] != 0)]
    top = moved.loc[moved["rank_change"].abs().idxmax()]
    assert (f"({top['origin_region']})</b> is rank {top['pressure_rank']} by land area but "
            f"{top['impact_rank']} by impact") in summary
    assert "Strongest waterbed signal" in summary and "Scenarios (" in summary
    assert f"<b>Data: {demo.mrio.label}</b>" in summary
    assert summary.count("<li>") <= 10  # one screen: a handful of sentences, no table
    assert "<table" not in summary and "<img" not in summary


def test_report_tables_are_compact(demo: RunResult) -> None:
    """No empty `bound` column; stability as method x group matrices; one scenario row per scenario;
    the long tables only in the appendix's collapsed blocks."""
    page = _page(demo)
    body, appendix = page.split("<h2>Appendix</h2>")
    impacts = _between(body, "Biodiversity impact by origin</h2>", "Rank changes")
    assert "<th>bound</th>" not in impacts and "land use (central)" in impacts
    stability = _between(body, "Stability of the origin ranking", "<figure")
    methods = demo.extra["impacts"]["method"].nunique()
    assert stability.count("<tr") == 2 * (2 + methods)  # two matrices: 2 header rows + one per method
    scenarios = _between(body, "Scenarios: net global", "Importer-share shifts")
    assert scenarios.count("<tr") == 1 + demo.extra["scenarios"]["scenario"].nunique()  # header + one each
    assert "Netherlands (NL)" not in body  # the attribution tables by origin are in the appendix
    assert appendix.count("<details>") == 5 and "Netherlands (NL)" in appendix
    assert all(f"{n}_total.png" in body for n in ("impact_map", "impact_ranking"))
    assert "pressures_by_origin_protein.png" in appendix and "top_origins_protein.png" in body
    assert "impact_map_protein.png" not in page  # a group's own map: [output] group_figures = true


def test_report_size(demo: RunResult) -> None:
    """4,783,566 bytes before issue 13 (make run, 2026-12-01); figures as 256-colour PNGs, the other
    groups' figures only once (appendix): 1,424,100 bytes measured on the demo the same day."""
    assert demo.out_dir is not None
    assert (demo.out_dir / "report.html").stat().st_size < 2_000_000
