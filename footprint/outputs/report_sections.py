"""The report's tables: compact views of the run's tables for the sections, long ones for the appendix.

Every function takes the run's tables and returns an HTML fragment (empty when its table is missing).
Numbers are formatted by :func:`table_html` (4 significant digits, thousands separators).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from footprint.outputs import workbook
from footprint.uncertainty.present import report_parts
from footprint.vocabulary import TOTAL_GROUP
from footprint.waterbed.scenario_tables import unallocated_warnings

__all__ = ["attribution_tables", "compact_scenarios", "headline_table", "impact_side_by_side",
           "impact_totals", "impact_uncertainty", "mrio_uncertainty", "rank_changes",
           "scenarios_full", "stability_full", "stability_matrix", "table_html", "waterbed_appendix",
           "waterbed_tables"]

HEADLINE = ("land_total", "ghg", "blue_water")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def table_html(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A frame as an HTML table with readable numbers (4 significant digits, thousands separators)."""
    return f'<div class="wrap">{frame.map(_fmt).to_html(index=index, border=0, escape=True)}</div>'


def headline_table(summary: pd.DataFrame, year: object) -> str:
    """One row per group: each headline pressure's footprint, share abroad and share of the total,
    and the largest origins of land."""
    sel = summary[summary["year"] == year]
    rows = {}
    for group, frame in sel.groupby("group", sort=False):
        by = frame.set_index("indicator")
        row: dict[str, str] = {}
        for p in (p for p in HEADLINE if p in by.index):
            row[f"{p} [{by.at[p, 'unit']}]"] = _fmt(float(by.at[p, "total"]))
            row[f"{p} abroad"] = f"{by.at[p, 'share_abroad']:.0%}" if by.at[p, "share_abroad"] == by.at[
                p, "share_abroad"] else ""
            row[f"{p} of total"] = f"{by.at[p, 'share_of_total']:.1%}"
        if "land_total" in by.index:
            row["largest origins of land"] = str(by.at["land_total", "top_origins"])
        rows[str(group)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "group"
    return table_html(frame.reset_index())


def impact_totals(extra: Mapping[str, pd.DataFrame]) -> str:
    """Impact per group and method: land use and climate, central with the low-high range."""
    imp = extra.get("impacts")
    if imp is None or imp.empty:
        return ""
    kind = imp["land_type"].eq("climate").map({True: "climate", False: "land use"})
    ranges = imp.get("range_kind", pd.Series("unspecified", index=imp.index))
    sums = imp.assign(kind=kind, range_kind=ranges).pivot_table(
        index=["group", "method", "unit", "kind", "range_kind"], columns="bound", values="value",
        aggfunc="sum", sort=False)
    rows = []
    for (group, method, unit), frame in sums.groupby(level=[0, 1, 2], sort=False):
        row = {"group": group, "method": method, "unit": unit}
        for (_, _, _, k, label), b in frame.iterrows():
            row[f"{k} (central)"] = _fmt(float(b["central"]))
            row[f"{k} low-high"] = f"{b['low']:.3g} to {b['high']:.3g} ({RANGE_LABELS.get(label, label)})"
        rows.append(row)
    return table_html(pd.DataFrame(rows).fillna(""))


#: How the report names each range_kind.
RANGE_LABELS = {"uncertainty_95": "95 % interval", "sensitivity": "sensitivity",
                "unspecified": "unlabelled range"}


def impact_side_by_side(extra: Mapping[str, pd.DataFrame], top_n: int = 5) -> str:
    """Land, climate and N deposition side by side for the largest origins of all consumption."""
    wide = extra.get("impact_by_origin")
    if wide is None or wide.empty:
        return ""
    group = "total" if "total" in set(wide["group"]) else str(wide["group"].iloc[0])
    rows = []
    for method, frame in wide[wide["group"] == group].groupby("method", sort=False):
        if not (frame["climate"].any() or frame["n_deposition"].any()):
            continue
        for _, r in frame.nlargest(top_n, "total").iterrows():
            rows.append({"method": method, "origin": r["origin_region"], "unit": r["unit"],
                         "land": _fmt(float(r["land"])), "climate": _fmt(float(r["climate"])),
                         "N deposition": _fmt(float(r["n_deposition"])), "total": _fmt(float(r["total"]))})
    head = (f"<p>Group {html.escape(group)}, central factors, the {top_n} largest origins per method "
            "(all origins in impact_by_origin). Climate: msa_ibif2 by CO2-eq (IBIF v2), pdf_glam1 per "
            "gas (GLAM 1.0 terrestrial, RCP4.5); N deposition: IBIF v2 per kg NH3 and NOx emitted in the "
            "origin.</p>")
    return head + table_html(pd.DataFrame(rows)) if rows else ""


def impact_uncertainty(extra: Mapping[str, pd.DataFrame], top_n: int = 5) -> str:
    """Monte Carlo over the factors: each group's land-use impact (p5-p95 beside the summed bounds)
    and, for all consumption, how often each of the top origins keeps its rank."""
    totals, ranked = extra.get("impact_uncertainty"), extra.get("impact_ranking")
    if totals is None or totals.empty or ranked is None or "p_keep_rank" not in ranked:
        return ""
    first = totals.iloc[0]
    head = (f"<p>Monte Carlo over the factors: {int(first['draws']):,} draws (seed {int(first['seed'])}), "
            "each country's and land type's factor drawn independently (split normal fitted to a 95 % "
            "interval; triangular over a sensitivity range, which is a spread over choices, not an "
            "interval). The summed low and high bounds assume every origin's extreme at once; the "
            "Monte Carlo 5-95 % range does not.</p>")
    sums = pd.DataFrame({
        "group": totals["group"], "method": totals["method"], "unit": totals["unit"],
        "range": totals["range_kind"].map(lambda k: RANGE_LABELS.get(k, k)),
        "central": totals["impact"].map(_fmt),
        "low-high summed": [f"{a:.3g} to {b:.3g}" for a, b in zip(totals["impact_low"],
                                                                   totals["impact_high"], strict=True)],
        "Monte Carlo p5-p95": [f"{a:.3g} to {b:.3g}" for a, b in zip(totals["mc_p5"], totals["mc_p95"],
                                                                      strict=True)]})
    rows = []
    group = str(ranked["group"].iloc[0]) if "total" not in set(ranked["group"]) else "total"
    for method, frame in ranked[ranked["group"] == group].groupby("method", sort=False):
        top = frame.sort_values("impact_rank").head(top_n)
        rows.append({"group": group, "method": method, f"top {top_n} by impact: rank (share of draws "
                     "keeping it)": ", ".join(f"{r} {k} ({p:.0%})" for r, k, p in zip(
                         top["origin_region"], top["impact_rank"], top["p_keep_rank"], strict=True))})
    return head + table_html(sums) + table_html(pd.DataFrame(rows))


def mrio_uncertainty(extra: Mapping[str, pd.DataFrame]) -> str:
    """The Monte Carlo over the MRIO (``[uncertainty] mrio_draws``): each group's headline footprint
    beside its 5 / 50 / 95 % points; empty when it was not run."""
    head, rows = report_parts(extra.get("mrio_uncertainty"))
    if rows is None:
        return ""
    return "<h3>Uncertainty of the MRIO itself</h3>" + head + table_html(rows)


def rank_changes(extra: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> str:
    """Every origin whose rank changes from land area to impact, per group and method."""
    ranked = extra.get("impact_ranking")
    if ranked is None or ranked.empty:
        return ""
    rows = []
    for (group, method), frame in ranked.groupby(["group", "method"], sort=False):
        moved = frame[frame["rank_change"] != 0].sort_values("impact_rank")
        rows.append({"group": group, "method": method, "origins compared": len(frame),
                     "rank changes (land -> impact)": ", ".join(
                         f"{r} {p}->{i}" for r, p, i in zip(moved["origin_region"], moved["pressure_rank"],
                                                             moved["impact_rank"], strict=True)) or "none"})
    return table_html(pd.DataFrame(rows))


def _matrix(stab: pd.DataFrame, a: pd.Series, b: pd.Series, overlap: str,
            with_kind: bool = False) -> pd.DataFrame:
    sel = stab[a & b]
    cell = sel["kendall_tau"].map("{:.2f}".format) + " / " + sel[overlap].map("{:.0%}".format)
    method = sel["ranking_b"].str.rsplit(" ", n=1).str[0]
    if with_kind and "range_kind_b" in sel.columns:  # what the low-high range is, beside the method
        method = method + " (" + sel["range_kind_b"].astype(str) + ")"
    return (sel.assign(cell=cell, method=method)
            .pivot_table(index="method", columns="group", values="cell", aggfunc="first", sort=False))


def stability_matrix(extra: Mapping[str, pd.DataFrame]) -> str:
    """Kendall tau / top-n overlap as two small matrices (method x group): land area vs each method's
    central ranking, and each method's low vs high ranking."""
    stab = extra.get("impact_ranking_stability")
    if stab is None or stab.empty:
        return ""
    overlap = next(c for c in stab.columns if c.startswith("top_") and c.endswith("_overlap"))
    n = overlap.split("_")[1]
    vs_land = _matrix(stab, stab["ranking_a"] == "land pressure", stab["ranking_b"].str.endswith(" central"),
                      overlap)
    bounds = _matrix(stab, stab["ranking_a"].str.endswith(" low"), stab["ranking_b"].str.endswith(" high"),
                     overlap, with_kind=True)
    return (f"<p>Kendall tau (1 = same order) / share of the top {n} origins in common.</p>"
            f"<h4>Land area vs impact (central factors)</h4>{table_html(vs_land, index=True)}"
            f"<h4>Low vs high factors (range kind in brackets: uncertainty_95 = a published 95 % "
            f"interval, sensitivity = intensity or taxon choices)</h4>{table_html(bounds, index=True)}")


def stability_full(extra: Mapping[str, pd.DataFrame]) -> str:
    stab = extra.get("impact_ranking_stability")
    return "" if stab is None else table_html(stab.drop(columns=["data"], errors="ignore"))


#: The scenario table's columns in the report (the rest are in scenarios.csv).
SCENARIO_COLUMNS = ["scenario", "description", "group", "origins", "shift_to", "allocation", "q", "d",
                    "d_effective", "unallocated_share", "d_source", "indicator", "unit", "d_consumer",
                    "d_global", "nge", "leakage"]
#: The flagged importer-share shifts' columns in the report (the rest: waterbed_indicators.csv).
SHIFT_COLUMNS = ["from_year", "to_year", "basis", "group", "origin_region", "sigma_from", "sigma_to",
                 "iss", "total_from", "total_to", "war", "top_takers"]


def _flagged(extra: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    ind = extra.get("waterbed_indicators")
    if ind is None or "waterbed_flag" not in ind.columns or "indicator" not in ind.columns:
        return ind
    flagged = ind[(ind["indicator"] == "land_total") & ind["waterbed_flag"].astype(bool)]
    key = next((c for c in ("shifted_pressure", "score") if c in flagged.columns), None)
    return flagged.sort_values(key, ascending=False) if key else flagged


def waterbed_tables(extra: Mapping[str, pd.DataFrame]) -> str:
    """The scenarios (land and the impact indicators) and the ten strongest flagged shifts of land."""
    parts = []
    if "scenarios" in extra:
        sc = extra["scenarios"]
        parts += ["<h3>Scenarios: net global effectiveness (NGE) and leakage of land</h3>",
                  "<p>NGE = change in world pressure / change in the consumer's footprint; "
                  "leakage = 1 - NGE; d = displacement rate assumed; d_effective = share of the "
                  "freed supply other buyers actually take; unallocated_share = part of the supply "
                  "meant to be displaced that no buyer under the allocation rule can take. A q x d "
                  "sweep is one row with the ranges; every variant and the impact indicators are in the "
                  "appendix and scenarios.csv.</p>",
                  *(f'<p class="label">Warning: {html.escape(w)}</p>' for w in unallocated_warnings(sc)),
                  table_html(compact_scenarios(sc))]
    flagged = _flagged(extra)
    if flagged is not None:
        parts += [f"<h3>Importer-share shifts flagged as waterbed (land): the strongest 10 of "
                  f"{len(flagged)}</h3>",
                  "<p>The consumer's share of the origin's land footprint fell while the origin's total "
                  "did not fall by more than tau; sorted by |shift| x the origin's total (all in the "
                  "appendix and waterbed_indicators.csv).</p>",
                  table_html(flagged[[c for c in SHIFT_COLUMNS if c in flagged.columns]].head(10))]
    return "\n".join(parts) or "<p>The waterbed stage was not run.</p>"


def _span(values: pd.Series) -> object:
    """One value, or the range ``min to max`` of a sweep's values."""
    values = values.dropna()
    if values.empty:
        return float("nan")
    low, high = values.min(), values.max()
    if low == high:
        return low

    def short(v: object) -> str:
        return ("0" if abs(v) < 1e-12 else f"{v:.3g}") if isinstance(v, float) else str(v)

    return f"{short(low)} to {short(high)}"


def compact_scenarios(scenarios: pd.DataFrame, indicator: str = "land_total") -> pd.DataFrame:
    """The scenario table of one indicator (default land; else the first), one row per scenario:
    a q x d sweep's numbers as ranges (``min to max``)."""
    if indicator not in set(scenarios["indicator"]):
        indicator = str(scenarios["indicator"].iloc[0])
    sel = scenarios[scenarios["indicator"] == indicator]
    cols = [c for c in SCENARIO_COLUMNS if c in sel.columns]
    rows = [{c: (_span(frame[c]) if pd.api.types.is_numeric_dtype(frame[c]) else frame[c].iloc[0])
             for c in cols} | {"variants": len(frame)}
            for _, frame in sel.groupby("scenario", sort=False)]
    return pd.DataFrame(rows, columns=[*cols, "variants"])


def waterbed_appendix(extra: Mapping[str, pd.DataFrame]) -> str:
    flagged = _flagged(extra)
    if flagged is None or flagged.empty:
        return ""
    return table_html(flagged.drop(columns=["data"], errors="ignore"))


def scenarios_full(extra: Mapping[str, pd.DataFrame]) -> str:
    """Every scenario variant of land and of the impact indicators (``<method> (central)``)."""
    sc = extra.get("scenarios")
    if sc is None or sc.empty:
        return ""
    sel = sc[sc["indicator"].str.contains("land_total|central", regex=True)]
    return table_html(sel[[c for c in SCENARIO_COLUMNS if c in sel.columns]])


def attribution_tables(long: pd.DataFrame, names: Mapping[str, str]) -> str:
    """Per group: origin regions as rows, pressures as columns, ``Total`` and ``Share abroad``."""
    parts = []
    for group in long["group"].unique():
        wide = workbook.wide_sheet(long, str(group), dict(names))
        share = wide.loc["Share abroad"].map("{:.1%}".format)
        body = wide.drop(index="Share abroad").map(lambda v: f"{v:,.1f}")
        body.loc["Share abroad"] = share
        body.columns.name = None
        title = "all consumption" if group == TOTAL_GROUP else str(group)
        table = body.reset_index().to_html(index=False, border=0)
        parts += [f"<h4>{html.escape(title)}</h4>", f'<div class="wrap">{table}</div>']
    return "\n".join(parts)
