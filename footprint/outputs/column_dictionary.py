"""The column dictionary: what each column of each written table means, and its unit.

Every column a run or a batch writes needs its entry here (a test checks it); then
``python -m footprint.outputs.columns README.md`` renews the README's section from it.
"""

from __future__ import annotations

from footprint.outputs.column_common import COMMON, Entry, common
from footprint.outputs.impact_columns import IMPACT_TABLES
from footprint.trade.column_entries import SCENARIO_COLUMNS, TRADE_ROWS, TRADE_TABLE_ENTRIES

__all__ = ["COMMON", "ROWS", "TABLES", "Entry"]

_WATERBED_SHIFT: dict[str, Entry] = {
    "from_year": ("first year of the pair compared", ""),
    "to_year": ("second year of the pair compared", ""),
    "basis": ("`observed` (each year's own system) or `s and L of <year>` (every year evaluated with "
              "one year's intensities and structure: volume effects only)", ""),
    **common("consumer", "group", "indicator", "unit", "origin_region"),
    "total_from": ("the origin's pressure over all consuming regions, first year", "unit"),
    "total_to": ("the origin's pressure over all consuming regions, second year", "unit"),
    "sigma_from": ("importer share of the consumer in the origin's pressure, first year", "[-]"),
    "sigma_to": ("importer share of the consumer in the origin's pressure, second year", "[-]"),
    "iss": ("importer-share shift I1 = sigma_to - sigma_from", "[-]"),
    "iss_export": ("the same shift of export-only shares (the origin's own consumption left out)", "[-]"),
    "waterbed_flag": ("true when the consumer's share fell, the origin's total fell by no more than tau "
                      "and the consumer's pressure from the origin fell by more than min_fall", ""),
    "shifted_pressure": ("abs(iss) x total_to: the origin's pressure the consumer's change of share stands "
                         "for; rows are sorted by it", "unit"),
    "min_fall": ("the fall of d_consumer that counts as material: max(materiality x the consumer's "
                 "first-year pressure from the origin, floor x its whole first-year footprint)", "unit"),
    "d_consumer": ("change of the origin's pressure for the consumer", "unit"),
    "d_others": ("change of the origin's pressure for all other consuming regions", "unit"),
    "war": ("waterbed absorption ratio I2 = d_others / -d_consumer (net; only where the consumer's "
            "pressure fell by more than min_fall)", "[-]"),
    "war_gross": ("the same with only the other regions' increases (gross absorption)", "[-]"),
    "war_note": ("why war is missing", ""),
    "top_takers": ("regions that took most of the increase, with their taker shares (only with war)", ""),
    "tau": ("tolerance of the waterbed flag on the origin's total", "[-]"),
    "materiality": ("share of the consumer's first-year pressure from the origin whose fall counts", "[-]"),
    "floor": ("share of the consumer's whole first-year footprint whose fall counts", "[-]"),
    **common("data"),
}

#: table -> column -> (meaning, unit). Column names may hold a placeholder in angle brackets
#: (``top_<n>_overlap``, ``<pressure>_value``) that stands for any name.
TABLES: dict[str, dict[str, Entry]] = {
    "attribution": {
        **common("year", "consumer", "group", "indicator", "unit", "origin_region"),
        "origin_sector": ("product (or industry) whose production causes the pressure; `direct (final "
                          "demand)` = households' own stressors, booked to the consumer region", ""),
        **common("scenario", "value", "data"),
    },
    "by_region": {  # RunResult.by_region (in memory, not written)
        **common("year", "consumer", "scenario", "group", "indicator", "unit", "origin_region"),
        "value": ("footprint from the origin region, summed over its products", "unit"),
    },
    "summary": {
        **common("year", "consumer", "scenario", "group", "indicator", "unit"),
        "total": ("the group's footprint (0: the group carries none of this pressure)", "unit"),
        "domestic": ("part of total occurring in the consumer region", "unit"),
        "abroad": ("part of total occurring in other regions", "unit"),
        "share_abroad": ("abroad / total (empty when total is 0)", "[-]"),
        "share_of_total": ("the group's share of the consumer's total footprint of the indicator", "[-]"),
        "top_origins": ("the largest origin regions with their shares of total", ""),
        **common("data"),
        "group_label": ("what the group holds (footprint/defaults/product_groups.csv; `total`: all final "
                        "demand)", ""),
        "lens": ("what the figure measures: the consumption footprint (`total`) or the product-group "
                 "lens (the supply chains of the group's final products; a lower bound for a diet)", ""),
        "direct": ("part of total from the consumer's own (households' direct) stressors; 0 when none",
                   "unit"),
        "direct_rows": ("the direct stressor rows behind `direct`, largest first", ""),
    },
    "direct_stressors": {
        **common("year", "consumer", "group", "indicator", "unit"),
        "extension": ("extension of the data holding the stressor row", ""),
        "stressor": ("the consumer's own (F_Y) stressor row booked to the group", ""),
        "value": ("the row's part of the group's footprint", "unit"),
        **common("data"),
    },
    "pressure_rows": {
        "pressure": ("pressure the stressor row belongs to", ""),
        "family": ("family of stressor rows within the pressure (one row of "
                   "footprint/defaults/pressures.csv, e.g. the fossil fuels of abiotic_materials)", ""),
        "extension": ("extension (satellite account) of the data holding the row", ""),
        "stressor": ("stressor row name as in the data", ""),
        "input_unit": ("unit of the stressor row in the data", ""),
        "factor": ("output units per input unit: unit conversion x characterisation", "unit / input_unit"),
        "unit": ("output unit of the pressure", ""),
        "characterisation": ("part of factor that is not a unit conversion (e.g. GWP100 of CH4 = 28); 1 "
                             "for a pure conversion", "[-]"),
        "source": ("source of the row and its factor", ""),
        "year": ("batch dataset only: year of the partition", ""),
        "scenario": ("batch dataset only: scenario of the partition (`baseline`)", ""),
    },
    **IMPACT_TABLES,
    "mrio_uncertainty": {
        **common("year", "consumer", "group", "indicator", "unit"),
        "origin_region": ("region where the pressure occurs; `all` = the group's footprint summed over "
                          "origins (percentiles of the sum, not sums of percentiles)", ""),
        "deterministic": ("the footprint of the observed system (the attribution summed over the "
                          "origin's products)", "unit"),
        "mc_mean": ("mean over the Monte Carlo draws of the MRIO ([uncertainty] mrio_draws): Z, Y and F "
                    "drawn lognormal, mean preserved, cv falling with the size of the entry", "unit"),
        "mc_p5": ("5th percentile over the draws of the MRIO", "unit"),
        "mc_p50": ("median over the draws of the MRIO", "unit"),
        "mc_p95": ("95th percentile over the draws of the MRIO", "unit"),
        "draws": ("number of draws of the MRIO ([uncertainty] mrio_draws)", ""),
        "seed": ("seed of the draws ([uncertainty] mrio_seed; draw d uses numpy's default_rng([seed, d]))",
                 ""),
        **common("data"),
    },
    "bilateral": {
        **common("year"),
        "consumer": ("the consuming region of the cell (every region, not only the run's consumer)", ""),
        **common("group", "indicator", "unit", "origin_region"),
        "origin_sector": ("`all products` (summed over the origin's products)", ""),
        "scenario": ("`baseline`, or `structure_<base_year>`: final demand of the year with the base "
                     "year's intensities and structure (s and L)", ""),
        "value": ("pressure in origin_region caused by the consumer's final demand for the group "
                  "(households' direct stressors not included)", "unit"),
        **common("data"),
        "share": ("importer share sigma: the consumer's share of the origin's pressure over all "
                  "consuming regions", "[-]"),
        "share_export_only": ("the same over foreign consumers only (the origin's own consumption "
                              "left out)", "[-]"),
    },
    "waterbed_indicators": _WATERBED_SHIFT,
    "waterbed_takers": {
        "scenario": ("scenario name, or `<year>-><year> (<basis>)` for a change between years", ""),
        "group": ("product group (of a scenario: the group cut)", ""),
        "q": ("scenario cut (empty for a change between years)", "[-]"),
        "d": ("scenario displacement rate as declared (empty for a change between years)", "[-]"),
        **common("indicator", "unit", "origin_region"),
        "taker": ("buyer whose pressure from the origin rose: a region, or `<consumer> (other "
                  "buyers)` = the consumer region's industries and other final demand", ""),
        "delta": ("change of the taker's pressure from the origin", "unit"),
        "theta": ("taker share: the taker's part of all takers' increases", "[-]"),
        **common("data"),
    },
    "scenarios": {
        "scenario": ("scenario name (footprint/defaults/scenarios.toml)", ""),
        "kind": ("`final_demand` (a cut of the consumer's final demand) or `input_cut` (of its industries' "
                 "purchases)", ""),
        "group": ("what is cut: the product group, or `inputs: <products>` for an input cut", ""),
        "origins": ("origins whose sales to the consumer are cut (`all`), or the origin given up", ""),
        "allocation": ("who takes the freed supply: the allocation rule (with the receiving regions)", ""),
        "shift_to": ("region that replaces the cut purchases (sourcing shift; empty otherwise)", ""),
        "price_ratio": ("sourcing shift: M EUR of shift_to's product replacing 1 M EUR of the origin's",
                        "[-]"),
        "q": ("cut: fraction of the consumer's group final demand given up", "[-]"),
        "d": ("displacement rate as declared (or from elasticities)", "[-]"),
        "d_source": ("how d was set: `given` or from elasticities", ""),
        "d_effective": ("share of the freed supply other buyers actually take: d (1 - unallocated_share)",
                        "[-]"),
        "unallocated_share": ("share of the supply meant to be displaced that no buyer under the "
                              "allocation rule can take (production falls instead)", "[-]"),
        **common("indicator", "unit"),
        "footprint_base_embodied": ("the consumer's footprint of the cut group before the scenario, "
                                    "embodied in its final demand (households' direct stressors "
                                    "excluded)", "unit"),
        "d_consumer": ("change booked to the consumer: what its cut does (input cut: the pressure embodied "
                       "in its industries' cut purchases)", "unit"),
        "d_consumption": ("change of the consumer's consumption-based footprint (= d_consumer for a "
                          "final-demand cut)", "unit"),
        "d_global": ("change of world pressure (every buyer)", "unit"),
        "nge": ("net global effectiveness I3 = d_global / d_consumer (1 = no leakage)", "[-]"),
        "leakage": ("1 - nge: also the absorption ratio of all origins together", "[-]"),
        "description": ("the scenario's description", ""),
        "year": ("year of the system the scenario is evaluated on (the run's main year)", ""),
        **common("consumer", "data"),
    },
    "scenario_absorption": {
        "scenario": ("scenario name", ""),
        "group": ("product group cut", ""),
        "q": ("cut", "[-]"),
        "d": ("displacement rate as declared", "[-]"),
        "d_effective": ("share of the freed supply other buyers actually take", "[-]"),
        **common("indicator", "unit", "origin_region"),
        "d_consumer": ("change of the origin's pressure for the consumer (only origins where it fell)",
                       "unit"),
        "d_others": ("change of the origin's pressure for every other buyer (the consumer region's "
                     "other buyers included)", "unit"),
        "war": ("waterbed absorption ratio I2 = d_others / -d_consumer", "[-]"),
        "war_gross": ("the same with only the other regions' increases", "[-]"),
        "top_takers": ("regions that took most of the increase, with their taker shares", ""),
        **common("data"),
        "year": ("batch dataset only: year of the partition (the system the scenario is evaluated on)",
                 ""),
    },
    # batch dataset (also: attribution, impacts, impact_ranking, bilateral, scenarios, scenario_absorption)
    "territorial": {
        **common("year"),
        "region": ("region whose industries emit or extract (production-based account)", ""),
        **common("indicator", "unit"),
        "value": ("territorial pressure of the region's industries (households' direct stressors not "
                  "included)", "unit"),
        **common("data"),
        "scenario": ("batch dataset only: scenario of the partition (`baseline`)", ""),
    },
    # batch series (series/)
    "series_by_origin": {
        **common("year", "consumer", "group", "indicator", "unit", "origin_region"),
        "domestic": ("true for the consumer's own region", ""),
        "value": ("footprint from the origin (`other` = the origins not named)", "unit"),
        "share": ("share of the year's footprint", "[-]"),
        **common("data"),
    },
    "series_share_abroad": {
        **common("year", "consumer", "group", "indicator", "unit"),
        "total": ("the group's footprint", "unit"),
        "domestic": ("part occurring in the consumer region", "unit"),
        "abroad": ("part occurring in other regions", "unit"),
        "share_abroad": ("abroad / total", "[-]"),
        **common("data"),
    },
    "tracker": {
        **common("year", "consumer"),
        "indicator": ("the pressure with the target (e.g. abiotic raw materials)", ""),
        **common("unit"),
        "series_rmc": ("name of the value series: the RMC proxy (footprint of all final demand)", ""),
        "series_rmi": ("name of the rmi series: the RMI proxy (domestic extraction + raw-material "
                       "equivalents of imports)", ""),
        "series_domestic_extraction": ("name of the domestic_extraction series (neither RMI nor DMC)", ""),
        "value": ("the consumer's footprint of the pressure (RMC proxy for the abiotic materials)", "unit"),
        "index": ("value as % of the base year (exactly 100 in it)", "%"),
        "path": ("straight path from 100 in the base year to the target in the target year", "%"),
        "path_value": ("the path in the pressure's unit", "unit"),
        "gap_pp": ("index - path (positive: above the path, behind the target)", "percentage points"),
        "gap": ("value - path_value", "unit"),
        "required_change": ("constant yearly change from this year's value that reaches the target value "
                            "in the target year", "[-] per year"),
        "domestic_extraction_value": ("the consumer region's own extraction (production-based)", "unit"),
        "domestic_extraction_index": ("domestic_extraction_value as % of its base-year value", "%"),
        "domestic_extraction_gap_pp": ("domestic_extraction_index - path", "percentage points"),
        "rmi_value": ("RMI proxy: domestic extraction + raw-material equivalents of imports (= RMC + RME "
                      "of exports)", "unit"),
        "rmi_index": ("rmi_value as % of its base-year value", "%"),
        "rme_imports_value": ("raw-material equivalents of the consumer region's imports", "unit"),
        "rme_exports_value": ("raw-material equivalents of the consumer region's exports", "unit"),
        "<pressure>_value": ("footprint of a companion pressure reported beside the target (no target)",
                             "<pressure>_unit"),
        "<pressure>_unit": ("unit of the companion pressure", ""),
        "<pressure>_index": ("the companion footprint as % of its base-year value", "%"),
        "base_year": ("base year of the target", ""),
        "target_year": ("year the target is to be met", ""),
        "reduction": ("fraction to cut by the target year (0.5 = halve)", "[-]"),
        "target_value": ("base-year value x (1 - reduction)", "unit"),
        **common("data"),
    },
    "tracker_rows": {
        "pressure": ("the tracked pressure or a companion", ""),
        "family": ("family of stressor rows within the pressure", ""),
        "extension": ("extension of the data holding the row", ""),
        "stressor": ("stressor row name as in the data", ""),
        "input_unit": ("unit of the stressor row", ""),
        "factor": ("output units per input unit", "unit / input_unit"),
        "unit": ("output unit of the pressure", ""),
        "first_year": ("first year whose data has the row", ""),
        "last_year": ("last year whose data has the row", ""),
    },
    "material_accounts": {
        **common("year"),
        "region": ("the consumer region", ""),
        **common("indicator", "unit"),
        "account": ("`domestic_extraction`, `rme_imports`, `rme_exports` (raw-material equivalents of "
                    "imports and exports) or `rmi` (= domestic extraction + rme_imports)", ""),
        "value": ("the account's value", "unit"),
        **common("data"),
        "scenario": ("batch dataset only: scenario of the partition (`baseline`)", ""),
    },
    "tracker_split": {
        **common("year", "consumer", "indicator", "unit"),
        "split": ("`product group` or `origin region`: how the footprint is split", ""),
        "item": ("the group or origin region (and the rest outside the named groups)", ""),
        "value": ("the item's part of the footprint", "unit"),
        "share": ("share of the year's footprint", "[-]"),
        "index": ("value as % of the item's own base-year value", "%"),
        **common("data"),
    },
}
TABLES.update(TRADE_TABLE_ENTRIES)
TABLES["scenarios"].update(SCENARIO_COLUMNS)

#: What one row of each table is, for the about sheet and the README.
ROWS: dict[str, str] = {
    "attribution": "one row per year, group, pressure, origin region and origin product (zeros left out)",
    "by_region": "in memory only (RunResult.by_region): one row per year, group, pressure and origin",
    "summary": "one row per year, group and pressure",
    "direct_stressors": "one row per group, pressure and direct (F_Y) stressor row with a value",
    "pressure_rows": "one row per stressor row of the data used by a pressure",
    "impacts": "one row per group, method, land type, origin region and bound",
    "impact_ranking": "one row per group, method and origin region with land use",
    "impact_ranking_stability": "one row per group and pair of rankings compared",
    "impact_factors": "one row per method, land type (or climate) and region of the data",
    "impact_uncertainty": "one row per group and method (Monte Carlo over the factors)",
    "mrio_uncertainty": "one row per group, pressure and origin region with a footprint, and per group "
                        "and pressure summed over origins (`all`)",
    "impact_emissions": "one row per group, method, category, origin region and bound",
    "impact_by_origin": "one row per group, method and origin region",
    "impact_area_weights": "one row per rest-of-world region of the data, FAOSTAT area class and member "
                           "country with area",
    "bilateral": "one row per year, group, indicator, origin region and consuming region (zeros left out)",
    "waterbed_indicators": "one row per pair of years (consecutive years, then first -> last), basis, "
                           "group, indicator and origin region; a batch writes it to series/",
    "waterbed_takers": "one row per change (scenario or pair of years), indicator, origin and taker",
    "scenarios": "one row per scenario, (q, d) variant and indicator",
    "scenario_absorption": "one row per scenario, variant, indicator and origin whose sales to the consumer "
                           "fell",
    "territorial": "batch dataset: one row per year, region and pressure",
    "series_by_origin": "batch series: one row per year, group, pressure and origin (top origins, `other`)",
    "series_share_abroad": "batch series: one row per year, group and pressure",
    "tracker": "batch series: one row per year",
    "tracker_split": "batch series: one row per year, split and item",
    "tracker_rows": "batch series: one row per stressor row behind the tracked pressures",
    "material_accounts": "batch dataset: one row per year, pressure and account of the consumer region",
}
ROWS.update(TRADE_ROWS)
