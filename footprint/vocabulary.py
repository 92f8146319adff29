"""The long tables' vocabulary: the names every stage, output and batch writes and reads.

The tidy long tables (attribution, impacts, the waterbed's, a batch's partitions) share these column
names and these reserved values; defined once here so that a stage and the code that reads its
table cannot drift apart.
"""

from __future__ import annotations

__all__ = ["BASELINE", "DIRECT_SECTOR", "IMPACT_TABLES", "LONG_COLUMNS", "NO_SECTOR", "TOTAL_GROUP",
           "WATERBED_YEAR_TABLES"]

LONG_COLUMNS = ["year", "consumer", "group", "indicator", "unit", "origin_region", "origin_sector",
                "scenario", "value", "data"]
"""Columns of the long attribution table, in order (:func:`footprint.attribution.attribute`)."""
BASELINE = "baseline"
"""``scenario`` of the baseline rows (no scenario applied), in runs and in a batch's partitions."""
TOTAL_GROUP = "total"
"""``group`` of the consumer's whole footprint (all of its chosen final demand)."""
DIRECT_SECTOR = "direct (final demand)"
"""``origin_sector`` of households' own (direct) stressors, booked to the consumer region."""
NO_SECTOR = "none (the footprint is zero)"
"""``origin_sector`` of the zero rows that stand for an all-zero footprint (no origin has any)."""
IMPACT_TABLES = ("impacts", "impact_ranking", "impact_ranking_stability", "impact_uncertainty",
                 "impact_emissions", "impact_by_origin", "impact_factors", "impact_area_weights")
"""The tables of the impacts stage (with ``[impacts] enabled``)."""
WATERBED_YEAR_TABLES = ("bilateral", "scenarios", "scenario_absorption", "waterbed_takers")
"""The tables of one year's waterbed stage (with ``[waterbed] enabled``; the last three with scenarios)."""
