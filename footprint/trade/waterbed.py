"""The waterbed effect observed in real bilateral trade (ex post): who took over when a buyer bought less.

For an item, an exporter and a pair of periods, :func:`trade_waterbed` compares the consumer's
purchases from the exporter with everyone else's: the consumer's tonnes and share of the exporter's
exports in both periods, the change of all other buyers, the exporter's total change, and the absorption
ratio (other buyers' gain over the consumer's drop). An exporter with no rows for the item in a year of a
period did not report that year: the row says "not reported", never zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from footprint.config.trade import Period, period_years
from footprint.errors import UnknownCodeError, close_matches
from footprint.trade._common import check_trade, label_of, period_label, tonnes_text
from footprint.trade.areas import (
    area_names,
    area_regions,
    read_areas,
    read_items,
    resolve_areas,
    resolve_items,
)

__all__ = [
    "NOT_REPORTED",
    "WATERBED_COLUMNS",
    "cells",
    "consumer_share_series",
    "importer_shares",
    "main_exporters",
    "trade_waterbed",
]

WATERBED_COLUMNS = ["item", "exporter", "exporter_region", "period_from", "period_to", "consumer",
                    "consumer_t_from", "consumer_t_to", "consumer_share_from", "consumer_share_to",
                    "others_change_t", "exporter_change_t", "absorption_ratio", "top_gainers", "data"]

NOT_REPORTED = "not reported"
"""Start of ``top_gainers`` where the exporter has no rows in a year of a period (all numbers NaN)."""


def importer_shares(trade: pd.DataFrame) -> pd.DataFrame:
    """Each importer's share of its exporter's exports of an item in a year.

    Parameters
    ----------
    trade : DataFrame
        Trade table (:func:`footprint.trade.read.read_vendored`).

    Returns
    -------
    DataFrame
        The trade table plus ``share`` [-] = tonnes / the exporter's total tonnes of the item that
        year; shares sum to one per item, exporter and year.
    """
    check_trade(trade)
    total = trade.groupby(["item", "exporter", "year"], observed=True)["tonnes"].transform("sum")
    out = trade.copy()
    out["share"] = trade["tonnes"] / total
    return out


def _consumer_name(consumer: int | str | Iterable[int | str], codes: Sequence[int], areas: pd.DataFrame
                   ) -> str:
    if len(codes) == 1:
        return area_names(areas)[codes[0]]
    return consumer if isinstance(consumer, str) else ", ".join(str(c) for c in consumer)  # type: ignore[union-attr]


def _item_rows(trade: pd.DataFrame, item: str) -> pd.DataFrame:
    sub = trade[trade["item"] == item]
    if sub.empty:
        have = sorted(pd.unique(trade["item"]))
        raise UnknownCodeError(f"item '{item}' has no rows in the trade table; {close_matches(item, have)}.")
    return sub


@dataclass(frozen=True)
class _Context:
    """What both tables need: area names and regions, the consumer's codes and name, the items."""

    areas: pd.DataFrame
    names: dict[int, str]
    regions: dict[int, str]
    codes: tuple[int, ...]
    who: str
    items: list[str]

    @classmethod
    def of(cls, trade: pd.DataFrame, consumer: int | str | Iterable[int | str],
           items: str | Iterable[str] | None, areas: pd.DataFrame | None) -> _Context:
        check_trade(trade)
        areas = read_areas() if areas is None else areas
        codes = resolve_areas(consumer, areas)
        keys = resolve_items(items, read_items()) if items is not None else list(pd.unique(trade["item"]))
        who = _consumer_name(consumer, codes, areas)
        return cls(areas, area_names(areas), area_regions(areas), codes, who, keys)

    def exporters(self, sub: pd.DataFrame, item: str, chosen: Iterable[int | str] | None,
                  years: Iterable[int], top: int) -> list[int]:
        if chosen is not None:  # in the caller's order
            codes = [c for one in chosen for c in resolve_areas(one, self.areas)]
            return list(dict.fromkeys(codes))
        return main_exporters(sub, item, self.codes, years, top)


def main_exporters(trade: pd.DataFrame, item: str, consumer_codes: Sequence[int], years: Iterable[int],
                   n: int) -> list[int]:
    """The ``n`` exporters that sold most of ``item`` to the consumer over ``years`` (FAO codes)."""
    rows = trade[(trade["item"] == item) & trade["importer"].isin(consumer_codes)
                 & trade["year"].isin(list(years)) & ~trade["exporter"].isin(consumer_codes)]
    ranked = rows.groupby("exporter")["tonnes"].sum().sort_values(ascending=False, kind="mergesort")
    return [int(c) for c in ranked.index[:n]]


def _period_flows(flows: pd.DataFrame, period: Period) -> tuple[pd.Series | None, list[int]]:
    """Mean tonnes per importer over the period's years, or (None, missing years) if not reported."""
    years = period_years(period)
    reported = set(flows["year"].astype(int))
    missing = [y for y in years if y not in reported]
    if missing:
        return None, missing
    rows = flows[flows["year"].isin(years)]
    return rows.groupby("importer")["tonnes"].sum() / len(years), []


def _gainers(change: pd.Series, consumer_codes: Sequence[int], names: dict[int, str], top: int) -> str:
    others = change[~change.index.isin(consumer_codes)]
    up = others[others > 0].sort_values(ascending=False, kind="mergesort").head(top)
    if up.empty:
        return "none"
    return "; ".join(f"{names.get(int(code), str(code))} {tonnes_text(float(v))}" for code, v in up.items())


def _row(flows: pd.DataFrame, pair: tuple[Period, Period], consumer_codes: Sequence[int],
         names: dict[int, str], top: int) -> dict[str, object]:
    q_from, miss_from = _period_flows(flows, pair[0])
    q_to, miss_to = _period_flows(flows, pair[1])
    if q_from is None or q_to is None:
        missing = sorted(set(miss_from) | set(miss_to))
        return {"consumer_t_from": np.nan, "consumer_t_to": np.nan, "consumer_share_from": np.nan,
                "consumer_share_to": np.nan, "others_change_t": np.nan, "exporter_change_t": np.nan,
                "absorption_ratio": np.nan,
                "top_gainers": f"{NOT_REPORTED} (no rows for the exporter in {missing})"}
    c_from = float(q_from[q_from.index.isin(consumer_codes)].sum())
    c_to = float(q_to[q_to.index.isin(consumer_codes)].sum())
    t_from, t_to = float(q_from.sum()), float(q_to.sum())
    others = (t_to - c_to) - (t_from - c_from)
    drop = c_from - c_to
    change = q_to.reindex(q_to.index.union(q_from.index), fill_value=0.0) - q_from.reindex(
        q_to.index.union(q_from.index), fill_value=0.0)
    return {"consumer_t_from": c_from, "consumer_t_to": c_to,
            "consumer_share_from": c_from / t_from if t_from > 0 else np.nan,
            "consumer_share_to": c_to / t_to if t_to > 0 else np.nan,
            "others_change_t": others, "exporter_change_t": t_to - t_from,
            "absorption_ratio": others / drop if drop > 0 else np.nan,
            "top_gainers": _gainers(change, consumer_codes, names, top)}


def trade_waterbed(trade: pd.DataFrame, *, consumer: int | str | Iterable[int | str],
                   periods: Sequence[tuple[Period, Period]], items: str | Iterable[str] | None = None,
                   exporters: Iterable[int | str] | None = None, top_exporters: int = 5,
                   top_gainers: int = 3, areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ex-post waterbed on real trade: the consumer's drop and who took it over, per item and exporter.

    Parameters
    ----------
    trade : DataFrame
        Trade table (:func:`footprint.trade.read.read_vendored` or ``read_faostat_bulk``).
    consumer : int, str or iterable
        The buying country or region: FAO code, ISO3, EXIOBASE region code or FAO name (e.g. ``"NL"``).
    periods : sequence of (period, period)
        Pairs (from, to); a period is a year or an inclusive window (first, last) whose annual
        tonnes are averaged, e.g. ``[(2016, 2022), ((2014, 2016), (2021, 2023))]``.
    items : str or iterable of str, optional
        Items (default: every item in ``trade``).
    exporters : iterable, optional
        Exporters (any area specification); default: per item, the ``top_exporters`` that sold most
        to the consumer over all years of all periods.
    top_exporters, top_gainers : int
        How many main exporters per item, and how many gainers to name.
    areas : DataFrame, optional
        FAO area table (default ``footprint/defaults/trade/areas.csv``).

    Returns
    -------
    DataFrame
        :data:`WATERBED_COLUMNS`: item, exporter (FAO name), exporter_region (EXIOBASE 3), period_from,
        period_to, consumer, consumer_t_from, consumer_t_to [t], consumer_share_from,
        consumer_share_to [-], others_change_t, exporter_change_t [t], absorption_ratio [-],
        top_gainers, data.

    Notes
    -----
    With :math:`c` the consumer's tonnes from the exporter, :math:`T` the exporter's total exports of
    the item and :math:`o = T - c` the other buyers' tonnes, in the periods 0 and 1:

    .. math::
        \\Delta o = (T_1 - c_1) - (T_0 - c_0), \\qquad \\Delta c + \\Delta o = \\Delta T, \\qquad
        \\mathrm{absorption} = \\Delta o / (c_0 - c_1) \\text{ where } c_1 < c_0

    An absorption ratio near one means other buyers took up what the consumer bought less; it also
    carries market growth, which ``exporter_change_t`` shows (a growing exporter gives ratios above
    one). Quantities are exports as reported (by the exporter for the vendored subset): cargo declared
    for a port such as Rotterdam and shipped on counts for that port's country.
    """
    ctx = _Context.of(trade, consumer, items, areas)
    label = label_of(trade)
    rows = []
    for head, flows, pair in cells(ctx, trade, periods, exporters, top_exporters):
        row: dict[str, object] = {**head, "consumer": ctx.who}
        row.update(_row(flows, pair, ctx.codes, ctx.names, top_gainers))
        row["data"] = label
        rows.append(row)
    return pd.DataFrame(rows, columns=WATERBED_COLUMNS)


def cells(ctx: _Context, trade: pd.DataFrame, periods: Sequence[tuple[Period, Period]],
          exporters: Iterable[int | str] | None, top_exporters: int
          ) -> Iterator[tuple[dict[str, object], pd.DataFrame, tuple[Period, Period]]]:
    """Every (item, main exporter, pair of periods): the row head (item, exporter, exporter_region,
    period_from, period_to), the exporter's rows of the item, and the pair."""
    all_years = sorted({y for pair in periods for p in pair for y in period_years(p)})
    for item in ctx.items:
        sub = _item_rows(trade, item)
        for exporter in ctx.exporters(sub, item, exporters, all_years, top_exporters):
            flows = sub[sub["exporter"] == exporter]
            for pair in periods:
                yield ({"item": item, "exporter": ctx.names.get(exporter, str(exporter)),
                        "exporter_region": ctx.regions.get(exporter, ""),
                        "period_from": period_label(pair[0]), "period_to": period_label(pair[1])},
                       flows, pair)


def consumer_share_series(trade: pd.DataFrame, *, consumer: int | str | Iterable[int | str],
                          items: str | Iterable[str] | None = None,
                          exporters: Iterable[int | str] | None = None, top_exporters: int = 5,
                          areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """The consumer's share of each main exporter's exports, year by year.

    Parameters
    ----------
    trade, consumer, items, exporters, top_exporters, areas
        As in :func:`trade_waterbed` (main exporters ranked over all years of ``trade``).

    Returns
    -------
    DataFrame
        Columns item, exporter, exporter_region, year, consumer, consumer_t [t], exporter_t [t],
        consumer_share [-], data; one row per year in which the exporter reported (years without
        rows are absent: not reported, not zero).
    """
    ctx = _Context.of(trade, consumer, items, areas)
    names, regions, codes, who = ctx.names, ctx.regions, ctx.codes, ctx.who
    frames = []
    for item in ctx.items:
        sub = _item_rows(trade, item)
        for exporter in ctx.exporters(sub, item, exporters, pd.unique(sub["year"]), top_exporters):
            flows = sub[sub["exporter"] == exporter]
            total = flows.groupby("year")["tonnes"].sum()
            mine = flows[flows["importer"].isin(codes)].groupby("year")["tonnes"].sum()
            mine = mine.reindex(total.index, fill_value=0.0)
            frames.append(pd.DataFrame({
                "item": item, "exporter": names.get(exporter, str(exporter)),
                "exporter_region": regions.get(exporter, ""), "year": total.index.astype(int),
                "consumer": who, "consumer_t": mine.to_numpy(), "exporter_t": total.to_numpy(),
                "consumer_share": (mine / total).to_numpy(), "data": label_of(trade)}))
    columns = ["item", "exporter", "exporter_region", "year", "consumer", "consumer_t", "exporter_t",
               "consumer_share", "data"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
