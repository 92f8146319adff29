"""Where a run's trade rows come from: the vendored subset, or FAOSTAT's bulk file named in ``[trade] path``.

:class:`TradeSource` reads its file once (every item of the item table; of a bulk file the chosen
reporting side) and hands each part of the trade stage the rows it needs, filtered in memory (the
vendored parquet file is one row group: a filtered read decodes all of it anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from footprint.config.trade import TradeConfig
from footprint.trade.areas import read_items, resolve_items
from footprint.trade.read import read_faostat_bulk, read_vendored

__all__ = ["TradeSource"]


@dataclass(eq=False)
class TradeSource:
    """The trade rows of a run (see the module docstring).

    Parameters
    ----------
    settings : TradeConfig
        ``path`` (None: the vendored subset) and ``side``.
    """

    settings: TradeConfig
    _bulk: pd.DataFrame | None = field(default=None, init=False, repr=False)

    def rows(self, items: str | Iterable[str] | None = None, years: Iterable[int] | None = None,
             importers: Iterable[int] | None = None) -> pd.DataFrame:
        """Trade rows of ``items`` (default all), ``years`` (default all) and ``importers`` (FAO codes,
        default all); columns of :data:`footprint.trade.read.TRADE_COLUMNS`."""
        path = self.settings.path
        if self._bulk is None:
            self._bulk = (read_vendored() if path is None else
                          read_faostat_bulk(path, side=self.settings.side))
        keys = resolve_items(items, read_items())
        keep = self._bulk["item"].isin(keys)
        if years is not None:
            keep &= self._bulk["year"].isin([int(y) for y in years])
        if importers is not None:
            keep &= self._bulk["importer"].isin([int(c) for c in importers])
        return self._bulk[keep].reset_index(drop=True)
