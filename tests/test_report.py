"""The run report: self-contained, labelled, with the headline figures; renders in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

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


@pytest.mark.browser
def test_report_renders_in_headless_chromium(demo: RunResult, tmp_path: Path) -> None:
    """Print the page to PDF with Debian's Chromium (installed by .ci/run; `make test-browser`)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is needed: apt-get install chromium (done by .ci/run)"
    assert demo.out_dir is not None
    pdf = tmp_path / "report.pdf"
    png = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    url = (demo.out_dir / "report.html").as_uri()
    for extra in ([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"],
                  [f"--screenshot={png}", "--window-size=1280,1600"]):
        subprocess.run([browser, *flags, *extra, url], check=True, capture_output=True, timeout=180)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 3  # headline, tables, figures: a real multi-page document
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


@pytest.mark.browser
def test_report_height_in_headless_chromium(demo: RunResult, tmp_path: Path) -> None:
    """Page height at 1280 px wide, measured in a copy with a script that reads it after loading:
    38,061 px before issue 13 (make run, 2026-12-01), 11,973 px after (same day, the demo)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is needed: apt-get install chromium (done by .ci/run)"
    probe = ("<script>addEventListener('load', () => {document.title = 'H=' + "
             "document.documentElement.scrollHeight});</script>")
    copy = tmp_path / "report.html"
    copy.write_text(_page(demo).replace("</body>", probe + "</body>"), encoding="utf-8")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
                           "--window-size=1280,1000", "--virtual-time-budget=20000", "--dump-dom",
                           copy.as_uri()], check=True, capture_output=True, text=True, timeout=180)
    height = int(re.search(r"<title>H=(\d+)</title>", done.stdout).group(1))  # type: ignore[union-attr]
    assert 3_000 < height < 15_000


def test_figures_shown_at_physical_size_in_their_section(tmp_path: Path) -> None:
    """A 10 in figure at 100 dpi is shown 960 CSS px wide (fonts at nominal size), under its section."""
    from matplotlib.figure import Figure

    from footprint.report import _figures, _png_width

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


def test_summary_sentences_by_hand() -> None:
    """Small tables: the largest |rank change| of all consumption and the flagged shift with the
    largest score are named; a missing table leaves its sentence out."""
    import pandas as pd

    from footprint.report_summary import summary_sentences

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
