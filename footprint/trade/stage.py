"""The trade stage of a run: the ex-post waterbed on real trade, the displacement estimates and the
consumer's land footprint by origin country.

:func:`trade_tables` is all the pipeline calls (besides :func:`footprint.trade.scenario_d.resolve_scenarios`
for ``d = "faostat"`` scenarios, which must run before the waterbed stage): given the ``[trade]``
settings, the consumer region and the attribution, it returns the tables by name and the notes.
Every table is real FAOSTAT data and says so in its ``data`` column; ``origin_countries`` mixes the
MRIO (``data``) with the trade shares (``trade_data``).
"""

from __future__ import annotations

import pandas as pd

from footprint.trade.areas import read_areas, resolve_areas
from footprint.trade.displacement import displacement_events, estimate_displacement
from footprint.trade.gainers import gainers_table
from footprint.trade.origins import origin_countries
from footprint.trade.settings import TradeSettings, pairs_text
from footprint.trade.source import TradeSource
from footprint.trade.waterbed import consumer_share_series, trade_waterbed

__all__ = ["TRADE_TABLES", "trade_tables"]

TRADE_TABLES = ("trade_waterbed", "trade_gainers", "trade_consumer_shares", "trade_displacement",
                "origin_countries")
"""Tables of the trade stage (``trade_scenario_d`` comes from the scenarios, when any says
``d = "faostat"``)."""


def _waterbed(source: TradeSource, settings: TradeSettings, consumer: str) -> dict[str, pd.DataFrame]:
    trade = source.rows(settings.items)
    kw = {"consumer": consumer, "items": settings.items, "exporters": settings.exporters or None,
          "top_exporters": settings.top_exporters}
    out = {"trade_waterbed": trade_waterbed(trade, periods=settings.periods, top_gainers=settings.top_gainers,
                                            **kw),  # type: ignore[arg-type]
           "trade_gainers": gainers_table(trade, periods=settings.periods, top_gainers=settings.top_gainers,
                                          **kw),  # type: ignore[arg-type]
           "trade_consumer_shares": consumer_share_series(trade, **kw)}  # type: ignore[arg-type]
    events = displacement_events(trade, items=settings.items)
    out["trade_displacement"] = estimate_displacement(
        events, by_exporter=settings.by_exporter, min_events=settings.min_events, draws=settings.draws,
        level=settings.level, seed=settings.seed)
    return out


def trade_tables(settings: TradeSettings, consumer: str, attribution: pd.DataFrame | None = None,
                 source: TradeSource | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every table of the trade stage.

    Parameters
    ----------
    settings : TradeSettings
        The ``[trade]`` section.
    consumer : str
        The consumer: the run's consumer region (an EXIOBASE region code such as ``"NL"``; any area
        specification of :func:`footprint.trade.areas.resolve_areas` works).
    attribution : DataFrame, optional
        The run's attribution (long table); with it and ``settings.origin_countries`` the table
        ``origin_countries`` is made.
    source : TradeSource, optional
        Where the trade rows come from (default: from ``settings``).

    Returns
    -------
    tables : dict of str to DataFrame
        ``trade_waterbed`` (:func:`footprint.trade.waterbed.trade_waterbed`), ``trade_gainers``
        (:func:`footprint.trade.gainers.gainers_table`), ``trade_consumer_shares``
        (:func:`footprint.trade.waterbed.consumer_share_series`), ``trade_displacement``
        (:func:`footprint.trade.displacement.estimate_displacement`) and ``origin_countries``
        (:func:`footprint.trade.origins.origin_countries`).
    notes : list of str
        What was compared, and countries without a factor.

    Raises
    ------
    FootprintError
        An unknown item or area, a missing or corrupt bulk file.
    """
    source = source or TradeSource(settings)
    tables = _waterbed(source, settings, consumer)
    what = "FAOSTAT bulk file" if settings.path else "vendored FAOSTAT subset"
    notes = [f"trade: {consumer}'s purchases of {', '.join(settings.items)} from the {what}, periods "
             f"{pairs_text(settings.periods)}; {len(tables['trade_displacement'])} displacement estimate(s)"]
    if attribution is not None and settings.origin_countries:
        years = sorted({int(y) for y in attribution["year"]})
        codes = resolve_areas(consumer, read_areas())
        trade = source.rows(None, years, importers=codes)
        table, more = origin_countries(attribution, trade, consumer=consumer)
        tables["origin_countries"] = table
        notes += more
    return tables, notes
