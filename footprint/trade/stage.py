"""The trade stage of a run: the ex-post waterbed on real trade, the displacement estimates and the
consumer's land footprint by origin country.

:func:`trade_tables` is all the pipeline calls (besides :func:`footprint.trade.scenario_d.resolve_scenarios`
for ``d = "faostat"`` scenarios, which must run before the waterbed stage): given the ``[trade]``
settings, the consumer region and the attribution, it returns the tables by name and the notes.
Every table is real FAOSTAT data and says so in its ``data`` column; ``origin_countries`` mixes the
MRIO (``data``) with the trade shares (``trade_data``).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd

from footprint.config.trade import TradeConfig, pairs_text
from footprint.trade.areas import read_areas, resolve_areas
from footprint.trade.displacement import displacement_events, estimate_displacement
from footprint.trade.gainers import gainers_table
from footprint.trade.origins import origin_countries
from footprint.trade.scenario_d import resolve_scenarios
from footprint.trade.source import TradeSource
from footprint.trade.waterbed import consumer_share_series, trade_waterbed
from footprint.waterbed.scenarios import Scenario

__all__ = ["TRADE_TABLES", "TradeStage", "trade_tables"]

TRADE_TABLES = ("trade_waterbed", "trade_gainers", "trade_consumer_shares", "trade_displacement",
                "origin_countries")
"""Tables of the trade stage (``trade_scenario_d`` comes from the scenarios, when any says
``d = "faostat"``)."""


def _waterbed(source: TradeSource, settings: TradeConfig, consumer: str) -> dict[str, pd.DataFrame]:
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


def trade_tables(settings: TradeConfig, consumer: str, attribution: pd.DataFrame | None = None,
                 source: TradeSource | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every table of the trade stage.

    Parameters
    ----------
    settings : TradeConfig
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
    return _finish(_waterbed(source, settings, consumer), settings, consumer, attribution, source)


def _finish(tables: dict[str, pd.DataFrame], settings: TradeConfig, consumer: str,
            attribution: pd.DataFrame | None, source: TradeSource
            ) -> tuple[dict[str, pd.DataFrame], list[str]]:
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


@dataclass(eq=False)
class TradeStage:
    """The trade stage run beside the MRIO stages: :meth:`start` computes, in a worker thread while the
    run loads and solves the MRIO, the tables that need no attribution (ex-post waterbed, gainers,
    shares, displacement) and the estimates of the ``d = "faostat"`` scenarios; :meth:`scenarios`
    returns the resolved scenarios, :meth:`finish` the tables with ``origin_countries`` added.

    The thread overlaps pandas work with the MRIO's reading and LAPACK solves (which release the GIL);
    the results are those of :func:`trade_tables` and
    :func:`footprint.trade.scenario_d.resolve_scenarios`.
    """

    settings: TradeConfig
    consumer: str
    source: TradeSource
    _pool: ThreadPoolExecutor
    _market: Future[dict[str, pd.DataFrame]] | None
    _resolved: Future[tuple[tuple[Scenario, ...], pd.DataFrame]] | None

    @classmethod
    def start(cls, settings: TradeConfig, consumer: str, source: TradeSource | None = None, *,
              tables: bool = True, scenarios: Sequence[Scenario] = (), groups: pd.DataFrame | None = None
              ) -> TradeStage:
        """Start the work in a worker thread: the tables (with ``tables``) and, when a scenario says
        ``d = "faostat"``, the estimates behind it (``groups``: the product-group table)."""
        source = source or TradeSource(settings)
        pool = ThreadPoolExecutor(1, thread_name_prefix="footprint-trade")
        resolved = None
        if any(s.d_faostat for s in scenarios) and groups is not None:
            resolved = pool.submit(resolve_scenarios, tuple(scenarios), source, groups, settings)
        market = pool.submit(_waterbed, source, settings, consumer) if tables else None
        return cls(settings, consumer, source, pool, market, resolved)

    def scenarios(self, scenarios: Sequence[Scenario]) -> tuple[tuple[Scenario, ...], pd.DataFrame | None]:
        """``scenarios`` with every ``d = "faostat"`` one resolved, and the estimates behind them (None
        when none says so); errors of the thread are raised here."""
        if self._resolved is None:
            return tuple(scenarios), None
        return self._resolved.result()

    def finish(self, attribution: pd.DataFrame | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
        """The stage's tables and notes (as :func:`trade_tables`); errors of the thread are raised here."""
        if self._market is None:
            return {}, []
        return _finish(self._market.result(), self.settings, self.consumer, attribution, self.source)

    def close(self) -> None:
        """Let the thread end (called when the run ends, also on error; results not asked for are
        dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
