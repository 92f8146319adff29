"""Column-dictionary entries of the trade stage's tables (merged into
:data:`footprint.outputs.columns.TABLES`).

Each entry is ``column -> (meaning, unit)``; ``[t]`` tonnes, ``[-]`` a fraction, ``unit`` the row's
``unit`` column.
"""

from __future__ import annotations

__all__ = ["SCENARIO_COLUMNS", "TRADE_ROWS", "TRADE_TABLE_ENTRIES"]

Entry = tuple[str, str]

_LABEL: Entry = ("data label of the trade rows: `FAOSTAT, real data: ...` (which file, which reporting "
                 "side), also when the MRIO of the run is the illustrative demo", "")
_HEAD: dict[str, Entry] = {
    "item": ("FAO item (key of footprint/defaults/trade/items.csv)", ""),
    "exporter": ("exporting country (FAO name)", ""),
    "exporter_region": ("EXIOBASE 3 region of the exporter (footprint/defaults/trade/areas.csv)", ""),
}
_PERIODS: dict[str, Entry] = {
    "period_from": ("earlier period: a year or `<first>-<last> mean` ([trade] periods, window)", ""),
    "period_to": ("later period, as period_from", ""),
}
_ESTIMATE: dict[str, Entry] = {
    "displacement": ("share of buyers' drops (against the exporter's trend) that other buyers took up, "
                     "summed over events; 1 = full waterbed, 0 = the exporter sold that much less; not "
                     "clipped", "[-]"),
    "displacement_low": ("lower end of the bootstrap interval over events ([trade] level)", "[-]"),
    "displacement_high": ("upper end of the bootstrap interval over events", "[-]"),
    "n_events": ("events: exporter-years in which buyers dropped well below the exporter's trend", ""),
    "years": ("first-last year of the events", ""),
    "method": ("the estimator and its bootstrap settings", ""),
}

TRADE_TABLE_ENTRIES: dict[str, dict[str, Entry]] = {
    "trade_waterbed": {
        **_HEAD, **_PERIODS,
        "consumer": ("the buying country or region (FAO name)", ""),
        "consumer_t_from": ("the consumer's purchases from the exporter, earlier period (mean per year)",
                            "[t]"),
        "consumer_t_to": ("the same, later period", "[t]"),
        "consumer_share_from": ("the consumer's share of the exporter's exports of the item, earlier period",
                                "[-]"),
        "consumer_share_to": ("the same, later period", "[-]"),
        "others_change_t": ("change of every other buyer's purchases together", "[t]"),
        "exporter_change_t": ("change of the exporter's total exports (market growth)", "[t]"),
        "absorption_ratio": ("others_change_t / the consumer's drop, only where the consumer bought less; "
                             "above 1 where the market grew", "[-]"),
        "top_gainers": ("largest gains of other buyers, or `not reported` (no rows for the exporter in a "
                        "year of a period: never zero)", ""),
        "data": _LABEL,
    },
    "trade_gainers": {
        **_HEAD, **_PERIODS,
        "buyer": ("`consumer`, a gaining buyer (FAO name) or `all other buyers`", ""),
        "role": ("`consumer`, `gainer` or `rest`", ""),
        "change_t": ("the buyer's change of purchases from the exporter (later minus earlier period); the "
                     "rows of an item, exporter and pair add up to the exporter's change", "[t]"),
        "data": _LABEL,
    },
    "trade_consumer_shares": {
        **_HEAD,
        "year": ("year of the trade data (years without rows of the exporter are absent: not reported)", ""),
        "consumer": ("the buying country or region (FAO name)", ""),
        "consumer_t": ("the consumer's purchases from the exporter", "[t]"),
        "exporter_t": ("the exporter's exports of the item to every buyer", "[t]"),
        "consumer_share": ("consumer_t / exporter_t", "[-]"),
        "data": _LABEL,
    },
    "trade_displacement": {
        "item": ("FAO item", ""),
        "exporter": ("exporting country, or `all exporters` (the item's pooled estimate)", ""),
        "exporter_region": ("EXIOBASE 3 region of the exporter (empty for all exporters)", ""),
        **_ESTIMATE,
        "n_buyer_drops": ("buyers' drops in those events (several buyers may drop in one year)", ""),
        "drop_t": ("the dropping buyers' shortfall against trend, summed over events", "[t]"),
        "data": _LABEL,
    },
    "trade_scenario_d": {
        "scenario": ("scenario with d = \"faostat\"", ""),
        "group": ("what it cuts: the product group, or `inputs: <products>`", ""),
        "origins": ("its origin regions (`all`): exporters in them are pooled", ""),
        "items": ("the FAO items behind the group or products (footprint/defaults/trade/items.csv)", ""),
        "n_exporters": ("exporters of those items in the origins", ""),
        **_ESTIMATE,
        "data": _LABEL,
    },
    "origin_countries": {
        "year": ("year of the MRIO data (the trade shares are of the same year)", ""),
        "consumer": ("the consumer region (EXIOBASE 3 code)", ""),
        "group": ("product group", ""),
        "indicator": ("land pressure of the attribution, or `pdf` / `msa_loss` (its impact with the origin "
                      "country's factors)", ""),
        "method": ("country-factor method of an impact row (`pdf_lcimpact`, `msa_ibif2`); empty for land",
                   ""),
        "unit": ("unit of the row's values", ""),
        "origin_region": ("EXIOBASE 3 region the MRIO places the land in", ""),
        "origin_sector": ("EXIOBASE 3 product whose land it is", ""),
        "origin_country": ("origin country (ISO3); the region code where the product has no FAO item", ""),
        "split_basis": ("`trade` (member's share of the region's exports of the matching items to the "
                        "consumer; first-trader approximation: re-exports are not traced), `fallback: land "
                        "area` (FAOSTAT land use), `single-country region`, or region level", ""),
        "split_weight": ("the country's share of the region's row", "[-]"),
        "scenario": ("`baseline`", ""),
        "value": ("land, or impact with the country's central factor; parts add up to the region's row",
                  "unit"),
        "value_low": ("impact with the factor's lower bound (LC-IMPACT: 95 % interval; IBIF v2: the range "
                      "over taxa, a sensitivity)", "unit"),
        "value_high": ("impact with the factor's upper bound", "unit"),
        "data": ("data label of the MRIO (the illustrative demo or EXIOBASE)", ""),
        "trade_data": ("data label of the trade shares on `trade` rows (FAOSTAT, real data); mixed table",
                       ""),
    },
}
"""table -> column -> (meaning, unit) of the trade stage's tables."""

SCENARIO_COLUMNS: dict[str, Entry] = {
    "d_low": ("d = \"faostat\": lower end of the estimated displacement's interval (clipped to [0, 1]); "
              "empty for other scenarios", "[-]"),
    "d_high": ("d = \"faostat\": upper end of the interval", "[-]"),
    "nge_low": ("d = \"faostat\": the smaller NGE at d_low and d_high", "[-]"),
    "nge_high": ("d = \"faostat\": the larger NGE at d_low and d_high", "[-]"),
}
"""Columns the ``scenarios`` table gains from ``d = "faostat"`` scenarios."""

TRADE_ROWS: dict[str, str] = {
    "trade_waterbed": "one row per item, main exporter and pair of periods (FAOSTAT, real data)",
    "trade_gainers": "one row per item, main exporter, pair of periods and buyer (the consumer, the largest "
                     "gainers, all other buyers together)",
    "trade_consumer_shares": "one row per item, main exporter and year the exporter reported",
    "trade_displacement": "one row per item (`all exporters`) and per exporter with enough events",
    "trade_scenario_d": "one row per scenario with d = \"faostat\"",
    "origin_countries": "one row per year, group, land pressure (or impact method), origin region, origin "
                        "product and origin country; the workbook sheet: the main year summed over products",
}
"""table -> what one row is."""
