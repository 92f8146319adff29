"""Real bilateral trade (FAOSTAT detailed trade matrix): readers, ex-post waterbed, empirical
displacement and origins resolved to countries.

Every table of this layer is real data and says so in its ``data`` column. Modules:

* :mod:`footprint.trade.read`: the vendored subset (28 protein and fibre items, 1995-2023, export
  quantities reported by exporters; package data) and FAOSTAT's own bulk download (either reporting side).
* :mod:`footprint.trade.areas`: FAO area codes -> names, ISO3, EXIOBASE 3 regions; the item table.
* :mod:`footprint.trade.waterbed`: :func:`trade_waterbed`, who took over when a consumer bought less.
* :mod:`footprint.trade.displacement`: the displacement rate estimated from all buyers' drops.
* :mod:`footprint.trade.split`: a rest-of-world region's footprint split over its member countries.
* :mod:`footprint.trade.gainers`: every buyer's change, the largest gainers named (who took over).
* :mod:`footprint.trade.origins`: the land footprint by origin country, characterised per country
  (:mod:`footprint.trade.country_factors`).
* :mod:`footprint.trade.scenario_d`: ``d = "faostat"`` scenarios, their estimate and NGE interval.
* :mod:`footprint.config.trade`, :mod:`footprint.trade.source`, :mod:`footprint.trade.stage`: the
  ``[trade]`` section of a run file, where its rows come from, and the stage a run calls.
"""

from __future__ import annotations

from footprint.trade.areas import read_areas, read_items, resolve_areas
from footprint.trade.displacement import EventRules, displacement_events, estimate_displacement
from footprint.trade.read import VENDORED_LABEL, read_faostat_bulk, read_vendored
from footprint.trade.split import member_weights, split_by_country
from footprint.trade.waterbed import consumer_share_series, importer_shares, trade_waterbed

__all__ = [
    "VENDORED_LABEL",
    "EventRules",
    "consumer_share_series",
    "displacement_events",
    "estimate_displacement",
    "importer_shares",
    "member_weights",
    "read_areas",
    "read_faostat_bulk",
    "read_items",
    "read_vendored",
    "resolve_areas",
    "split_by_country",
    "trade_waterbed",
]
