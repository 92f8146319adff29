"""The run report: one self-contained HTML page (figures embedded) that can be forwarded or printed.

It states what was run on which data (with the illustrative-data label where it applies), the headline
figures per group, the attribution tables, the impact rankings with ranges, the waterbed indicators and
how to reproduce the run. No network access is needed to open it: styles are inline, figures are PNG
data URIs.
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

from footprint import tables

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
@page { size: A4 landscape; margin: 12mm; }
@media print { .wrap { overflow: visible; } body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-before: always; } h2.first { page-break-before: avoid; }
  figure, img, table { page-break-inside: avoid; } img { max-width: 100% !important; } }
"""


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _table(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A frame as an HTML table with readable numbers (4 significant digits, thousands separators)."""
    return str(frame.map(_fmt).to_html(index=index, border=0, escape=True))


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
}
SECTIONS = {"attribution": ("top_origins", "pressures_by_origin"), "impacts": ("impact_",),
            "waterbed": ("waterbed_",)}


def _figure(path: Path) -> str:
    stem = path.stem
    prefix = max((p for p in CAPTIONS if stem.startswith(p)), key=len, default="")
    subject = stem[len(prefix):].strip("_").replace("_", " ") if prefix else stem
    text = f"{subject}: {CAPTIONS[prefix]}" if prefix and subject else CAPTIONS.get(prefix, stem)
    return (f"<figure>{_img(path, stem)}<figcaption>Figure {html.escape(path.name)}: "
            f"{html.escape(text)}</figcaption></figure>")


def _figures(figures: Sequence[Path]) -> dict[str, str]:
    """The figures' HTML per report section (``attribution``, ``impacts``, ``waterbed``, ``other``)."""
    out: dict[str, list[str]] = {key: [] for key in (*SECTIONS, "other")}
    for path in figures:
        section = next((k for k, prefixes in SECTIONS.items() if path.stem.startswith(prefixes)), "other")
        out[section].append(_figure(path))
    return {key: "\n".join(parts) for key, parts in out.items()}


def _consumer_text(cfg: Mapping[str, Any]) -> str:
    c = cfg.get("consumer", {})
    fd = ", ".join(map(str, c.get("final_demand", [])))
    return (f"final demand categories {fd}; changes in inventories "
            f"{'included' if c.get('include_inventories') else 'excluded'}; households' direct "
            f"stressors {'included' if c.get('include_household_direct') else 'excluded'}")


def _headlines(summary: pd.DataFrame, year: Any) -> str:
    sel = summary[(summary["year"] == year)
                  & summary["indicator"].isin(["land_total", "ghg", "blue_water"])]
    out = sel[["group", "indicator", "unit", "total", "share_abroad", "share_of_total",
               "top_origins"]].copy()
    out["share_abroad"] = out["share_abroad"].map("{:.1%}".format)
    out["share_of_total"] = out["share_of_total"].map("{:.1%}".format)
    return _table(out)


def _impacts(extra: Mapping[str, pd.DataFrame]) -> str:
    if "impacts" not in extra:
        return "<p>Impacts were not computed in this run ([impacts] enabled = false).</p>"
    imp = extra["impacts"]
    totals = imp.pivot_table(index=["group", "method", "unit"], columns="bound", values="value",
                             aggfunc="sum").reset_index()
    totals = totals[["group", "method", "unit", "central", "low", "high"]]
    parts = ["<p>Land use (and climate, where the method has a factor) characterised with "
             "origin-specific factors; low and high bound every figure.</p>", _table(totals)]
    if "impact_ranking_stability" in extra:
        parts += ["<h3>Stability of the origin ranking</h3>",
                  _table(extra["impact_ranking_stability"].drop(columns=["data"], errors="ignore"))]
    return "\n".join(parts)


def _waterbed(extra: Mapping[str, pd.DataFrame]) -> str:
    parts = []
    if "scenarios" in extra:
        from footprint.scenario_tables import unallocated_warnings

        sc = extra["scenarios"]
        keep = ["scenario", "description", "group", "origins", "shift_to", "allocation", "q", "d",
                "d_effective", "unallocated_share", "d_source", "indicator", "unit", "d_consumer",
                "d_global", "nge", "leakage"]
        sel = sc[sc["indicator"].str.contains("land_total|central", regex=True)]
        warn = unallocated_warnings(sc)
        parts += ["<h3>Scenarios: net global effectiveness (NGE) and leakage</h3>",
                  "<p>NGE = change in world pressure / change in the consumer's footprint; "
                  "leakage = 1 - NGE; d = displacement rate assumed; d_effective = share of the "
                  "freed supply other buyers actually take; unallocated_share = part of the supply "
                  "meant to be displaced that no buyer under the allocation rule can take.</p>",
                  *(f'<p class="label">Warning: {html.escape(w)}</p>' for w in warn),
                  _table(sel[[c for c in keep if c in sel.columns]])]
    if "waterbed_indicators" in extra:
        ind = extra["waterbed_indicators"]
        if "waterbed_flag" in ind.columns and "indicator" in ind.columns:
            ind = ind[(ind["indicator"] == "land_total") & ind["waterbed_flag"].astype(bool)]
        parts += ["<h3>Importer-share shifts flagged as waterbed (land)</h3>",
                  _table(ind.drop(columns=["data"], errors="ignore").head(40))]
    return "\n".join(parts) or "<p>The waterbed stage was not run.</p>"


def _attribution(long: pd.DataFrame, names: Mapping[str, str]) -> str:
    parts = []
    for group in long["group"].unique():
        wide = tables.wide_sheet(long, str(group), dict(names))
        share = wide.loc["Share abroad"].map("{:.1%}".format)
        body = wide.drop(index="Share abroad").map(lambda v: f"{v:,.1f}")
        body.loc["Share abroad"] = share
        body.columns.name = None
        table = body.reset_index().to_html(index=False, border=0)
        parts += [f"<h3>{html.escape(str(group))}</h3>", f'<div class="wrap">{table}</div>']
    return "\n".join(parts)


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
        attribution, ``impact_*`` under the impacts, ``waterbed_*`` under the waterbed; any other
        under "Further figures".
    reproduce : str
        Command line that reproduces the run.

    Returns
    -------
    str
        A complete HTML document without external references.
    """
    names = tables.region_names()
    year = long["year"].max()
    consumer = str(long["consumer"].iloc[0])
    illustrative = bool(re.search(r"illustrative|synthetic", label, re.IGNORECASE))
    cfg = manifest.get("config", {})
    data_in = manifest.get("inputs", {}).get("data", {})
    notes = "".join(f"<li>{html.escape(str(n))}</li>" for n in manifest.get("notes", []))
    versions = ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
    figs = _figures(figures)
    other = f"<h2>Further figures</h2>\n{figs['other']}" if figs["other"] else ""
    source = f"{data_in.get('path', '')} (sha256 {data_in.get('sha256', '')})"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>footprint run {html.escape(name)}</title><style>{CSS}</style></head><body>
<h1>Footprint of {html.escape(consumer)} consumption: run '{html.escape(name)}'</h1>
<p class="label{'' if illustrative else ' real'}">Data: {html.escape(label)}</p>
<p class="small">Created {html.escape(str(manifest.get("created", "")))}; main year {year}.</p>
<h2 class="first">What was run</h2>
<ul><li>Consumer: {html.escape(consumer)}; {html.escape(_consumer_text(cfg))}</li>
<li>Product groups: {html.escape(", ".join(map(str, long["group"].unique())))}</li>
<li>Data file: {html.escape(source)}</li>
<li>Software: {html.escape(versions)}</li></ul>
<h2>Headline figures ({year})</h2>
<p>Footprint of the consumer's final demand by product group (group <em>total</em> = all final
demand), share of it occurring abroad, the group's share of the consumer's total footprint and the
largest origins.</p>
{_headlines(summary, year)}
<h2>Attribution by origin region ({year})</h2>
<p>Origin regions as rows, pressures as columns (unit in the header).</p>
{_attribution(long, names)}
{figs["attribution"]}
<h2>Biodiversity impact by origin</h2>
{_impacts(extra)}
{figs["impacts"]}
<h2>Waterbed: who takes over when the consumer buys less</h2>
{_waterbed(extra)}
{figs["waterbed"]}
{other}
<h2>Notes and reproduction</h2>
<ul>{notes}</ul>
<p>Reproduce with:</p><pre>{html.escape(reproduce)}</pre>
<p class="small">manifest.json in the results folder holds the resolved configuration, checksums of
every input and the package versions.</p>
</body></html>
"""
