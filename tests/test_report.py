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
