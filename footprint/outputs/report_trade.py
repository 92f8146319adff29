"""The report's section on real trade (FAOSTAT): the ex-post waterbed, the estimated displacement and
the origins resolved to countries. :func:`trade_section` returns the HTML fragment (without figures)."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from footprint.outputs.report_sections import table_html

__all__ = ["trade_section"]

ALL = "all exporters"


def _pct(value: float) -> str:
    return "" if value != value else f"{value:.2%}"


def _waterbed(table: pd.DataFrame) -> str:
    view = pd.DataFrame({
        "item": table["item"], "exporter": table["exporter"],
        "periods": table["period_from"] + " → " + table["period_to"],
        "consumer share": (table["consumer_share_from"].map(_pct) + " → "
                           + table["consumer_share_to"].map(_pct)),
        "consumer change [kt]": (table["consumer_t_to"] - table["consumer_t_from"]) / 1e3,
        "others' change [kt]": table["others_change_t"] / 1e3,
        "exporter's change [kt]": table["exporter_change_t"] / 1e3,
        "absorption ratio": table["absorption_ratio"], "top gainers": table["top_gainers"]})
    return table_html(view)


def _displacement(table: pd.DataFrame, exporters: set[str]) -> str:
    sel = table[(table["exporter"] == ALL) | table["exporter"].isin(exporters)]
    view = sel[["item", "exporter", "displacement", "displacement_low", "displacement_high", "n_events",
                "years"]].rename(columns={"displacement_low": "low", "displacement_high": "high",
                                          "n_events": "events"})
    return table_html(view)


def _origins(table: pd.DataFrame, group: str) -> str:
    year = int(table["year"].max())
    sel = table[(table["year"] == year) & (table["group"] == group)]
    land = sel[sel["indicator"] == "land_total"].groupby("origin_country")["value"].sum()
    impact = sel[(sel["indicator"] == "pdf") & (sel["method"] == "pdf_lcimpact")]
    pdf = impact.groupby("origin_country")["value"].sum()
    basis = sel[sel["indicator"] == "land_total"].groupby("origin_country")["split_basis"].agg(
        lambda s: ", ".join(sorted(set(s))))
    view = pd.DataFrame({"land_total [ha]": land, "share of land": land / land.sum(),
                         "pdf (LC-IMPACT per country) [global PDF*yr]": pdf.reindex(land.index),
                         "country from": basis.reindex(land.index)}).nlargest(12, "land_total [ha]")
    view["share of land"] = view["share of land"].map(_pct)
    view.index.name = "origin country"
    return f"<h3>{html.escape(group)}: land and impact by origin country ({year})</h3>" + table_html(
        view.reset_index())


def trade_section(extra: Mapping[str, pd.DataFrame], group: str = "protein") -> str:
    """The trade section's text and tables (empty when the run has no trade tables).

    Parameters
    ----------
    extra : mapping
        The run's tables; uses ``trade_waterbed``, ``trade_displacement``, ``trade_scenario_d`` and
        ``origin_countries`` where present.
    group : str
        The group whose origin countries are listed (``total`` when the run has no such group).
    """
    wb = extra.get("trade_waterbed")
    if wb is None:
        return "<p>The trade stage was not run ([trade] enabled = false).</p>"
    label = str(wb["data"].iloc[0]) if len(wb) else "FAOSTAT, real data"
    parts = [f'<p class="label real">Trade data: {html.escape(label)}. These tables are real data, also '
             "where the MRIO beside them is the illustrative demo.</p>",
             "<h3>Who took over when the consumer bought less</h3>",
             "<p>The consumer's tonnes and share of each main exporter's exports in two periods, the change "
             "of every other buyer and of the exporter's total (the market-growth caveat: a growing "
             "exporter gives absorption ratios above one). Exporters without rows in a period are "
             "<em>not reported</em>, never zero. Quantities are exports as the exporter reported them: "
             "cargo declared for Rotterdam and shipped on counts for the Netherlands.</p>", _waterbed(wb)]
    disp = extra.get("trade_displacement")
    if disp is not None and len(disp):
        parts += ["<h3>Displacement estimated from the trade history</h3>",
                  "<p>Share of a buyer's drop (against the exporter's trend) that other buyers took up, "
                  "summed over every such event in 1995-2023, with a bootstrap interval over events; "
                  "per item and per main exporter. It is sensitive to the estimator's choices (trend, "
                  "which events count): see footprint.trade.displacement.</p>",
                  _displacement(disp, set(wb["exporter"]))]
    scen = extra.get("trade_scenario_d")
    if scen is not None and len(scen):
        parts += ["<h3>Scenarios with d = \"faostat\"</h3>",
                  table_html(scen.drop(columns=["method", "data"]))]
    origin = extra.get("origin_countries")
    if origin is not None and len(origin):
        show = group if group in set(origin["group"]) else "total"
        mrio = html.escape(str(origin["data"].iloc[0]))
        parts += ["<p>Rest-of-world origins split over their member countries by the members' share of the "
                  "region's exports of the matching FAO items to the consumer (first-trader approximation: "
                  "re-exports through third countries are not traced), falling back to land area; each "
                  f"country characterised with its own factors. Mixed table: the land is the MRIO's "
                  f"(<strong>{mrio}</strong>), the country shares are FAOSTAT's (real data).</p>",
                  _origins(origin, show)]
    return "\n".join(parts)
