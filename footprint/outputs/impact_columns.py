"""The column dictionary's entries of the impacts stage's tables (:mod:`footprint.impacts`), merged
into :data:`footprint.outputs.column_dictionary.TABLES`."""

from __future__ import annotations

from footprint.outputs.column_common import Entry, common

__all__ = ["IMPACT_TABLES"]

IMPACT_TABLES: dict[str, dict[str, Entry]] = {
    "impacts": {
        **common("year", "consumer", "scenario", "group"),
        "indicator": ("impact indicator: `msa_loss` (mean species abundance lost) or `pdf` (potentially "
                      "disappeared fraction of species)", ""),
        "method": ("characterisation method (e.g. `msa_ibif2`, `pdf_glam1`)", ""),
        "land_type": ("land type of footprint/defaults/characterisation/land_type_map.csv, or `climate`", ""),
        **common("origin_region"),
        "bound": ("`low`, `central` or `high` characterisation factor", ""),
        "range_kind": ("what low and high are: `uncertainty_95` = the source's 95 % interval "
                       "(LC-IMPACT), `sensitivity` = an intensity or taxon choice (GLAM, IBIF, global "
                       "defaults), not a statistical interval", ""),
        "unit": ("unit of value: MSA-loss*ha*yr or global PDF*yr", ""),
        "pressure": ("the pressure characterised: land occupation or greenhouse gases", "pressure_unit"),
        "pressure_unit": ("unit of pressure (ha*yr, t CO2-eq)", ""),
        "value": ("biodiversity impact", "unit"),
        **common("data"),
    },
    "impact_ranking": {
        **common("group"),
        "method": ("characterisation method", ""),
        "indicator": ("impact indicator (`msa_loss`, `pdf`)", ""),
        "unit": ("unit of the impact columns", ""),
        "range_kind": ("what impact_low and impact_high are: `uncertainty_95` or `sensitivity` (see "
                       "impacts)", ""),
        **common("origin_region"),
        "impact_low": ("land-use impact with the low factors", "unit"),
        "impact": ("land-use impact with the central factors (climate left out: its factor is global)",
                   "unit"),
        "impact_high": ("land-use impact with the high factors", "unit"),
        "pressure": ("land footprint from the origin", "ha*yr"),
        "pressure_rank": ("rank by land footprint (1 = largest)", ""),
        "impact_rank": ("rank by central impact (1 = largest)", ""),
        "rank_change": ("pressure_rank - impact_rank: positive = more important by impact than by area",
                        ""),
        "impact_per_ha_low": ("impact_low per ha*yr of land", "unit / ha*yr"),
        "impact_per_ha": ("impact per ha*yr of land", "unit / ha*yr"),
        "impact_per_ha_high": ("impact_high per ha*yr of land", "unit / ha*yr"),
        "mc_p5": ("Monte Carlo over the factors ([impacts] draws, seed): 5th percentile of the land-use "
                  "impact (factors drawn independently per country and land type)", "unit"),
        "mc_p50": ("Monte Carlo median of the land-use impact", "unit"),
        "mc_p95": ("Monte Carlo 95th percentile of the land-use impact", "unit"),
        "p_keep_rank": ("share of Monte Carlo draws in which the origin keeps its impact_rank", "[-]"),
        "p_top_n": ("share of Monte Carlo draws in which the origin is among the top n ([impacts] top_n)",
                    "[-]"),
        "mc_distribution": ("distribution fitted to (low, central, high): split normal for "
                            "`uncertainty_95`, triangular for `sensitivity` (a spread over choices)", ""),
        **common("data"),
        "year": ("batch dataset only: year of the partition", ""),
        "scenario": ("batch dataset only: scenario of the partition (`baseline`)", ""),
    },
    "impact_ranking_stability": {
        **common("group"),
        "ranking_a": ("first ranking compared: `land pressure` or `<method> <bound>`", ""),
        "ranking_b": ("second ranking compared", ""),
        "range_kind_a": ("what ranking_a's bound is: `uncertainty_95` (a published 95 % interval), "
                         "`sensitivity` (intensity or taxon choices), `central`, or `none` (land pressure)",
                         ""),
        "range_kind_b": ("the same for ranking_b", ""),
        "kendall_tau": ("Kendall tau-b between the two rankings over all origins (1 = same order)",
                        "[-]"),
        "top_<n>_overlap": ("share of the n largest origins the two rankings have in common "
                            "(n = [impacts] top_n)", "[-]"),
        **common("data"),
    },
    "impact_uncertainty": {
        **common("group"),
        "method": ("characterisation method", ""),
        "indicator": ("impact indicator (`msa_loss`, `pdf`)", ""),
        "unit": ("unit of the impact columns", ""),
        "range_kind": ("what impact_low and impact_high are: `uncertainty_95` or `sensitivity`", ""),
        "impact_low": ("land-use impact of the group, low factors in every origin at once", "unit"),
        "impact": ("land-use impact of the group, central factors", "unit"),
        "impact_high": ("land-use impact of the group, high factors in every origin at once", "unit"),
        "mc_p5": ("Monte Carlo 5th percentile of the group's land-use impact (factors drawn "
                  "independently per country and land type)", "unit"),
        "mc_p50": ("Monte Carlo median of the group's land-use impact", "unit"),
        "mc_p95": ("Monte Carlo 95th percentile of the group's land-use impact", "unit"),
        "draws": ("number of Monte Carlo draws ([impacts] draws)", ""),
        "seed": ("seed of the random generator ([impacts] seed)", ""),
        "mc_distribution": ("distribution fitted to (low, central, high)", ""),
        **common("data"),
    },
    "impact_emissions": {
        **common("year", "consumer", "scenario", "group"),
        "indicator": ("impact indicator (`msa_loss`, `pdf`)", ""),
        "method": ("characterisation method: `msa_ibif2` (N deposition) or `pdf_glam1` (climate per gas)",
                   ""),
        "category": ("`n_deposition_nh3`, `n_deposition_nox` (IBIF v2, per kg emitted in the origin) or "
                     "`climate` (GLAM 1.0 terrestrial, RCP4.5, one global factor per gas)", ""),
        **common("origin_region"),
        "bound": ("`low`, `central` or `high` factor", ""),
        "range_kind": ("what low and high are: `sensitivity` (IBIF: overall vs plants) or `none (one "
                       "value)`", ""),
        "unit": ("unit of value", ""),
        "pressure_unit": ("unit of pressure (kg; climate: the summed masses of the gases)", ""),
        "source": ("factor source", ""),
        **common("data"),
        "pressure": ("emission characterised, by origin", "pressure_unit"),
        "value": ("biodiversity impact of the emission", "unit"),
    },
    "impact_by_origin": {
        **common("group"),
        "method": ("characterisation method", ""),
        "indicator": ("impact indicator (`msa_loss`, `pdf`)", ""),
        "unit": ("unit of the impact columns", ""),
        **common("origin_region"),
        "land": ("land-use impact, central factors", "unit"),
        "climate": ("climate impact, central (msa_ibif2: CO2-eq route of factors.csv; pdf_glam1: GLAM per "
                    "gas); 0 where the method has no climate factor", "unit"),
        "n_deposition": ("N-deposition impact of NH3 and NOx, central (msa_ibif2 only; 0 otherwise)",
                         "unit"),
        "total": ("land + climate + n_deposition", "unit"),
        **common("data"),
    },
    "impact_factors": {
        "method": ("characterisation method", ""),
        "indicator": ("impact indicator (`msa_loss`, `pdf`)", ""),
        "pressure": ("`land` (per land type) or `ghg` (climate)", ""),
        "land_type": ("land type (footprint/defaults/characterisation/land_type_map.csv) or `climate`", ""),
        "region": ("region of the data the factor applies to (`GLO`: every region)", ""),
        "value_low": ("low factor (see range_kind)", "impact_unit / per_unit"),
        "value": ("central factor (LC-IMPACT: median; IBIF: plants and vertebrates combined; GLAM: the "
                  "land type's central flow)", "impact_unit / per_unit"),
        "value_high": ("high factor (see range_kind)", "impact_unit / per_unit"),
        "impact_unit": ("unit of the impact the factor gives", ""),
        "per_unit": ("unit of the pressure the factor applies to", ""),
        "range_kind": ("`uncertainty_95` (the source's 95 % interval) or `sensitivity` (intensity or "
                       "taxon choice)", ""),
        "aggregation": ("how the region's factor was made: `country`, or the area-weighted mean of a "
                        "rest-of-world region's members; fallbacks named", ""),
        "members": ("ISO2 countries behind the factor", ""),
        "version": ("source version", ""),
        "source": ("publication and file the factor comes from", ""),
        "licence": ("licence of the source data", ""),
        "data": ("label: these are published factors (real data), whatever the MRIO data", ""),
    },
    "impact_area_weights": {
        "exio_region": ("rest-of-world region of the data (WA, WL, WE, WF, WM)", ""),
        "iso3": ("member country, ISO 3166-1 alpha-3", ""),
        "iso2": ("member country, ISO 3166-1 alpha-2", ""),
        "weight_class": ("FAOSTAT area class: `cropland`, `pasture` (permanent meadows and pastures), "
                         "`forest` (forest land), `urban` (artificial surfaces)", ""),
        "land_types": ("land types weighted by the class", ""),
        "weight": ("member's share of the region's area of the class (sums to 1 per region and class)",
                   "[-]"),
        "area_year": ("FAOSTAT year used (nearest to the data year; ties: the later)", ""),
        "data_year": ("year of the MRIO data", ""),
        "filled": ("year whose value filled a member's gap in area_year, if any", ""),
        "source": ("FAOSTAT tables and the reduced table behind the weights", ""),
        "data": ("label: FAOSTAT areas are real data, whatever the MRIO data", ""),
    },
}
"""table -> column -> (meaning, unit) of ``impacts``, ``impact_ranking``, ``impact_ranking_stability``,
``impact_uncertainty``, ``impact_emissions``, ``impact_by_origin``, ``impact_factors`` and
``impact_area_weights``."""
