"""Who took over, in numbers: every buyer's change per item, main exporter and pair of periods.

:func:`gainers_table` is the long companion of :func:`footprint.trade.waterbed.trade_waterbed`'s
``top_gainers`` text: the consumer's change, the largest gains of other buyers, and the rest of the
buyers together, so that the rows of one (item, exporter, pair) add up to the exporter's change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from footprint.config.trade import Period
from footprint.trade._common import label_of
from footprint.trade.waterbed import _Context, _period_flows, cells

__all__ = ["GAINER_COLUMNS", "gainers_table"]

GAINER_COLUMNS = ["item", "exporter", "exporter_region", "period_from", "period_to", "buyer", "role",
                  "change_t", "data"]


def _rows(flows: pd.DataFrame, pair: tuple[Period, Period], codes: Sequence[int], names: dict[int, str],
          top: int) -> list[dict[str, object]]:
    q_from, _ = _period_flows(flows, pair[0])
    q_to, _ = _period_flows(flows, pair[1])
    if q_from is None or q_to is None:
        return []  # not reported: the waterbed table says so; no numbers here
    index = q_from.index.union(q_to.index)
    change = q_to.reindex(index, fill_value=0.0) - q_from.reindex(index, fill_value=0.0)
    mine = change[change.index.isin(codes)]
    others = change[~change.index.isin(codes)]
    up = others[others > 0].sort_values(ascending=False, kind="mergesort").head(top)
    rest = others.drop(up.index)
    rows: list[dict[str, object]] = [{"buyer": "consumer", "role": "consumer", "change_t": float(mine.sum())}]
    rows += [{"buyer": names.get(int(c), str(c)), "role": "gainer", "change_t": float(v)}
             for c, v in up.items()]
    rows.append({"buyer": "all other buyers", "role": "rest", "change_t": float(rest.sum())})
    return rows


def gainers_table(trade: pd.DataFrame, *, consumer: int | str | Iterable[int | str],
                  periods: Sequence[tuple[Period, Period]], items: str | Iterable[str] | None = None,
                  exporters: Iterable[int | str] | None = None, top_exporters: int = 3, top_gainers: int = 3,
                  areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every buyer's change [t] per item, main exporter and pair of periods, the largest gainers named.

    Parameters
    ----------
    trade, consumer, periods, items, exporters, top_exporters, top_gainers, areas
        As in :func:`footprint.trade.waterbed.trade_waterbed` (the same main exporters).

    Returns
    -------
    DataFrame
        :data:`GAINER_COLUMNS`: item, exporter (FAO name), exporter_region, period_from, period_to,
        buyer (``consumer``, a gainer's FAO name, or ``all other buyers``), role (``consumer``,
        ``gainer``, ``rest``), change_t [t] (mean tonnes of the later period minus the earlier), data.
        The rows of one item, exporter and pair add up to the exporter's change; pairs in which the
        exporter did not report have no rows.
    """
    ctx = _Context.of(trade, consumer, items, areas)
    label = label_of(trade)
    out = [{**head, **row, "data": label}
           for head, flows, pair in cells(ctx, trade, periods, exporters, top_exporters)
           for row in _rows(flows, pair, ctx.codes, ctx.names, top_gainers)]
    return pd.DataFrame(out, columns=GAINER_COLUMNS)
