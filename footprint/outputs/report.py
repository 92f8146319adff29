"""The run report: one self-contained HTML page (figures embedded) that can be forwarded or printed.

It opens with a one-screen summary in sentences (:mod:`footprint.outputs.report_summary`: the largest origins,
the share abroad, the largest rank change from land to impact, the strongest waterbed signal, with the
data label), then what was run, the headline figures, and one section each for the origins, the
biodiversity impact and the waterbed, with compact tables (:mod:`footprint.outputs.report_sections`) and the
figures of all consumption and of each group's top origins. The long tables (attribution by origin
and pressure, every ranking comparison and flagged shift) and the other groups' figures are in an
appendix of collapsed blocks (opened in print). No network access is needed to open it: styles are
inline, figures are PNG data URIs.
"""

from __future__ import annotations

import base64
import html
import re
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from footprint.inputs.regions import region_names
from footprint.outputs import report_sections as sections
from footprint.outputs.report_summary import summary_sentences
from footprint.outputs.report_trade import trade_section
from footprint.vocabulary import TOTAL_GROUP

__all__ = ["render_report"]

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1150px;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #0072B2;
       padding-bottom: 0.2em; margin-top: 1.8em; } h3 { margin-top: 1.2em; }
.label { border: 2px solid #D55E00; background: #fff4ec; padding: 0.6em 1em; font-weight: bold; }
.label.real { border-color: #009E73; background: #eefaf5; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.82em; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
th { background: #eef3f8; } td:first-child, th:first-child { text-align: left; }
.wrap { overflow-x: auto; } td.text, th.text { text-align: left; }
figure { margin: 1em 0 1.6em 0; } figcaption { font-size: 0.85em; color: #444; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; margin: 0.3em 0; }
code, pre { background: #f4f4f4; padding: 0.1em 0.3em; } pre { padding: 0.6em; }
.small { font-size: 0.8em; color: #555; }
ul.summary { font-size: 1.05em; } ul.summary li { margin: 0.35em 0; }
details { margin: 0.5em 0; } summary { cursor: pointer; font-weight: bold; }
h4 { margin: 0.8em 0 0.2em 0; }
@page { size: A4 landscape; margin: 12mm; }
@media print { .wrap { overflow: visible; } body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-before: always; } h2.first { page-break-before: avoid; }
  figure, img, table { page-break-inside: avoid; } img { max-width: 100% !important; }
  details::details-content { content-visibility: visible; display: contents; } }
"""


def _png_width(png: bytes) -> float | None:
    """Display width [CSS px] of a PNG at its physical size: pixels x 96 / dpi (``pHYs`` chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    width = struct.unpack(">I", png[16:20])[0]
    pos = 8
    while pos + 8 <= len(png):
        size, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"pHYs" and size == 9:
            per_metre, _, unit = struct.unpack(">IIB", png[pos + 8:pos + 17])
            return width * 96 / (per_metre * 0.0254) if unit == 1 and per_metre else float(width)
        if kind == b"IDAT":
            break
        pos += size + 12
    return float(width)


def _img(path: Path, alt: str) -> str:
    """A figure embedded as data URI, shown at its physical size (capped at the page width by CSS).

    Figures are drawn with fonts of 8-12 pt; at their physical size on screen (96 CSS px per inch)
    the text is read at that size.
    """
    png = path.read_bytes()
    width = _png_width(png)
    size = f' style="width: {width:.0f}px"' if width else ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{html.escape(alt)}"{size} src="data:image/png;base64,{data}">'


CAPTIONS = {
    "top_origins": "largest origin regions of each pressure (share of the group's total)",
    "pressures_by_origin": "origin regions' shares of each pressure",
    "impact_map": "tile map of biodiversity impact (main method, central) and land footprint by origin; "
                  "hatched tiles are EXIOBASE rest-of-world regions (groups of countries)",
    "impact_ranking": "origins ranked by land area vs by biodiversity impact, per method",
    "waterbed_importer_shares": "importer shares of the top origins before and after",
    "waterbed_scenarios": "the consumer's change vs the global change per scenario",
    "waterbed_nge": "net global effectiveness over the cut x displacement sweep",
    "trade_takers": "who took over when the consumer bought less: every buyer's change per main exporter "
                    "(FAOSTAT, real data)",
    "trade_consumer_shares": "the consumer's share of each main exporter's exports over time (FAOSTAT, "
                             "real data)",
    "origin_countries": "land and impact by origin country: rest-of-world regions split by trade shares "
                        "(MRIO label and FAOSTAT label)",
}
SECTIONS = {"attribution": ("top_origins", "pressures_by_origin"), "impacts": ("impact_",),
            "waterbed": ("waterbed_",), "trade": ("trade_", "origin_countries")}
#: Figures of every group shown in their section; of the others only the all-consumption one is, the
#: rest go to the appendix.
EVERY_GROUP = ("top_origins_", "origin_countries_")
#: Figures always in the appendix: one per traded item, whose gist is in the section's table (top gainers).
APPENDIX_ONLY = ("trade_takers_",)


def _figure(path: Path) -> str:
    stem = path.stem
    prefix = max((p for p in CAPTIONS if stem.startswith(p)), key=len, default="")
    subject = stem[len(prefix):].strip("_").replace("_", " ") if prefix else stem
    text = f"{subject}: {CAPTIONS[prefix]}" if prefix and subject else CAPTIONS.get(prefix, stem)
    return (f"<figure>{_img(path, stem)}<figcaption>Figure {html.escape(path.name)}: "
            f"{html.escape(text)}</figcaption></figure>")


def _figures(figures: Sequence[Path], groups: Sequence[str] = ()) -> dict[str, str]:
    """The figures' HTML per report section (``attribution``, ``impacts``, ``waterbed``, ``other``)
    and ``appendix``: the figures of a group other than ``total`` (:data:`TOTAL_GROUP`), except the
    kinds in :data:`EVERY_GROUP`, and the kinds in :data:`APPENDIX_ONLY`."""
    out: dict[str, list[str]] = {key: [] for key in (*SECTIONS, "other", "appendix")}
    for path in figures:
        section = next((k for k, prefixes in SECTIONS.items() if path.stem.startswith(prefixes)), "other")
        of_group = any(path.stem.endswith(f"_{g}") for g in groups if g != TOTAL_GROUP)
        if (of_group and not path.stem.startswith(EVERY_GROUP)) or path.stem.startswith(APPENDIX_ONLY):
            section = "appendix"
        out[section].append(_figure(path))
    return {key: "\n".join(parts) for key, parts in out.items()}


def _consumer_text(cfg: Mapping[str, Any]) -> str:
    c = cfg.get("consumer", {})
    fd = ", ".join(map(str, c.get("final_demand", [])))
    return (f"final demand categories {fd}; changes in inventories "
            f"{'included' if c.get('include_inventories') else 'excluded'}; households' direct "
            f"stressors {'included' if c.get('include_household_direct') else 'excluded'}")


def _impact_section(extra: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> str:
    if "impacts" not in extra:
        return "<p>Impacts were not computed in this run ([impacts] enabled = false).</p>"
    return "\n".join([
        "<p>Land use (and climate, where the method has a factor) characterised with origin-specific "
        "factors (published data, also when the MRIO is the demo; every factor used, with its source, "
        "is in impact_factors). Each range says what it is: a 95 % interval where the source gives one "
        "(LC-IMPACT), a sensitivity to intensity or taxon choices otherwise (GLAM, IBIF).</p>",
        sections.impact_totals(extra),
        "<h3>Uncertainty (Monte Carlo over the factors)</h3>", sections.impact_uncertainty(extra),
        "<h3>Land, climate and nitrogen by origin</h3>", sections.impact_side_by_side(extra),
        "<h3>Rank changes from land area to impact</h3>",
        "<p>Every origin with land use is compared; positive moves mean more important by impact than "
        "by area.</p>", sections.rank_changes(extra, names),
        "<h3>Stability of the origin ranking</h3>", sections.stability_matrix(extra)])


def _details(title: str, body: str) -> str:
    return f"<details><summary>{html.escape(title)}</summary>\n{body}\n</details>" if body else ""


def _appendix(long: pd.DataFrame, extra: Mapping[str, pd.DataFrame], names: Mapping[str, str],
              figures: str) -> str:
    """Collapsed blocks: long tables and the figures of each group (open them, or print)."""
    return "\n".join(filter(None, [
        _details("Attribution by origin region and pressure, per group",
                 sections.attribution_tables(long, names)),
        _details("Every comparison of the origin rankings", sections.stability_full(extra)),
        _details("Every scenario variant (land and impact indicators)", sections.scenarios_full(extra)),
        _details("Every importer-share shift flagged as waterbed (land)", sections.waterbed_appendix(extra)),
        _details("Further figures: each product group, each traded item", figures)]))


def render_report(*, name: str, label: str, long: pd.DataFrame, summary: pd.DataFrame,
                  extra: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any],
                  figures: Sequence[Path], reproduce: str) -> str:
    """Build the report page.

    Parameters
    ----------
    name : str
        Run name.
    label : str
        Data label (illustrative-data warning for the demo).
    long : DataFrame
        Attribution long table of the main year.
    summary : DataFrame
        Headline table (:func:`footprint.tables.summary`).
    extra : mapping
        Further tables of the run (impacts, waterbed).
    manifest : mapping
        The run manifest (config, inputs, versions, notes).
    figures : sequence of Path
        PNG files to embed, in order, each shown at its physical size (capped at the page width) in
        the section its name belongs to: ``top_origins_*``, ``pressures_by_origin_*`` under the
        origins, ``impact_*`` under the impacts, ``waterbed_*`` under the waterbed, any other under
        "Further figures"; a group's figure other than its top origins goes to the appendix unless
        the group is ``total``.
    reproduce : str
        Command line that reproduces the run.

    Returns
    -------
    str
        A complete HTML document without external references.
    """
    names = region_names()
    year = long["year"].max()
    consumer = str(long["consumer"].iloc[0])
    groups = list(map(str, long["group"].unique()))
    illustrative = bool(re.search(r"illustrative|synthetic", label, re.IGNORECASE))
    cfg = manifest.get("config", {})
    data_in = manifest.get("inputs", {}).get("data", {})
    notes = "".join(f"<li>{html.escape(str(n))}</li>" for n in manifest.get("notes", []))
    versions = ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
    figs = _figures(figures, groups)
    other = f"<h2>Further figures</h2>\n{figs['other']}" if figs["other"] else ""
    source = f"{data_in.get('path', '')} (sha256 {data_in.get('sha256', '')})"
    said = "".join(f"<li>{s}</li>" for s in summary_sentences(summary, extra, label=label,
                                                              consumer=consumer, year=year, names=names))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>footprint run {html.escape(name)}</title><style>{CSS}</style></head><body>
<h1>Footprint of {html.escape(consumer)} consumption: run '{html.escape(name)}'</h1>
<p class="label{'' if illustrative else ' real'}">Data: {html.escape(label)}</p>
<h2 class="first">Summary</h2>
<ul class="summary">{said}</ul>
<p class="small">Created {html.escape(str(manifest.get("created", "")))}; main year {year}. Details
below; every table in full in the results folder (csv, parquet, attribution.xlsx) and the
appendix.</p>
<h2>What was run</h2>
<ul><li>Consumer: {html.escape(consumer)}; {html.escape(_consumer_text(cfg))}</li>
<li>Product groups: {html.escape(", ".join(groups))}</li>
<li>Data file: {html.escape(source)}</li>
<li>Software: {html.escape(versions)}</li></ul>
<h2>Headline figures ({year})</h2>
<p>Footprint of the consumer's final demand by product group (group <em>total</em> = all final
demand): the footprint, the share of it occurring abroad and the group's share of the consumer's total
footprint of each headline pressure, and the largest origins of land. Every pressure: summary.csv.</p>
{sections.headline_table(summary, year)}
{sections.mrio_uncertainty(extra)}
<h2>Origins of the footprint ({year})</h2>
<p>The largest origins of the headline pressures per group, and every pressure's origins for all
consumption; the table by origin region and pressure of each group is in the appendix.</p>
{figs["attribution"]}
<h2>Biodiversity impact by origin</h2>
{_impact_section(extra, names)}
{figs["impacts"]}
<h2>Waterbed: who takes over when the consumer buys less</h2>
{sections.waterbed_tables(extra)}
{figs["waterbed"]}
<h2>Real trade (FAOSTAT): the waterbed measured, displacement, origin countries</h2>
{trade_section(extra)}
{figs["trade"]}
{other}
<h2>Notes and reproduction</h2>
<ul class="small">{notes}</ul>
<p>Reproduce with:</p><pre>{html.escape(reproduce)}</pre>
<p class="small">manifest.json in the results folder holds the resolved configuration, checksums of
every input, the package versions and the timings.</p>
<h2>Appendix</h2>
{_appendix(long, extra, names, figs["appendix"])}
</body></html>
"""
