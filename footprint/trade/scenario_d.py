"""``d = "faostat"``: a scenario's displacement rate estimated from the trade history of its items.

A scenario that says ``d = "faostat"`` takes the displacement estimated (:mod:`footprint.trade.displacement`)
from every drop of a buyer in the history of the FAO items behind its product group (or its cut
products) and sold by exporters in its origin regions: :func:`items_behind` finds the items,
:func:`scenario_estimate` pools their events into one estimate with a bootstrap interval, and
:func:`resolve_scenarios` gives each such scenario the three rates (central, low, high) to run.
:func:`fold_interval` then keeps the central rows of the scenario tables and carries the interval's
net global effectiveness as ``nge_low`` and ``nge_high``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from footprint.config.trade import TradeConfig
from footprint.errors import ConfigError
from footprint.trade.areas import read_areas, read_items
from footprint.trade.displacement import displacement_events, estimate_displacement
from footprint.trade.source import TradeSource
from footprint.waterbed.scenarios import Scenario

__all__ = ["SCENARIO_D_COLUMNS", "fold_interval", "items_behind", "resolve_scenarios", "scenario_estimate"]

SCENARIO_D_COLUMNS = ["scenario", "group", "origins", "items", "n_exporters", "displacement",
                      "displacement_low", "displacement_high", "n_events", "years", "method", "data"]


def items_behind(scenario: Scenario, groups: pd.DataFrame, items: pd.DataFrame | None = None) -> list[str]:
    """FAO items behind a scenario: those whose EXIOBASE product or origin product is in its group
    (a final-demand cut: the group table's products with a weight > 0) or among its cut products (an
    input cut, by product name)."""
    table = read_items() if items is None else items
    if scenario.kind == "input_cut":
        names = set(scenario.products)
        hit = table["exio_product_name"].isin(names) | table["exio_origin_name"].isin(names)
    else:
        rows = groups[(groups["group"] == scenario.group) & (groups["weight"].astype(float) > 0)]
        codes = set(rows["pxp_code"])
        hit = table["exio_product_code"].isin(codes) | table["exio_origin_code"].isin(codes)
    return list(table.loc[hit, "item"])


def _exporters(origins: Sequence[str]) -> list[int] | None:
    """FAO codes of the exporters in the origin regions (None: every exporter)."""
    if not origins:
        return None
    areas = read_areas()
    return [int(c) for c in areas.loc[areas["exio_region"].isin(list(origins)), "fao_code"]]


def scenario_estimate(source: TradeSource, scenario: Scenario, groups: pd.DataFrame,
                      settings: TradeConfig) -> dict[str, object]:
    """The pooled displacement estimate behind one ``d = "faostat"`` scenario (a row of
    :data:`SCENARIO_D_COLUMNS`).

    Raises
    ------
    ConfigError
        No FAO item is behind the scenario, or its items and origins have fewer than
        ``[trade] min_events`` events.
    """
    items = items_behind(scenario, groups)
    what = f"scenario '{scenario.name}' (d = \"faostat\")"
    if not items:
        raise ConfigError(f"{what}: no FAO item of footprint/defaults/trade/items.csv is behind "
                          f"{scenario.cut}; give d as a number or elasticities.")
    trade = source.rows(items)
    exporters = _exporters(scenario.origins)
    if exporters is not None:
        trade = trade[trade["exporter"].isin(exporters)]
    events = displacement_events(trade, items=items).assign(item="pooled")
    est = estimate_displacement(events, by_exporter=False, min_events=settings.min_events,
                                draws=settings.draws, level=settings.level, seed=settings.seed)
    if est.empty:
        raise ConfigError(f"{what}: the trade history of {items} from {list(scenario.origins) or 'all'} "
                          f"exporters has {len(events)} event(s), fewer than [trade] min_events = "
                          f"{settings.min_events}; give d as a number or widen the origins.")
    row = est.iloc[0]
    return {"scenario": scenario.name, "group": scenario.cut, "origins": ", ".join(scenario.origins) or "all",
            "items": ", ".join(items), "n_exporters": int(trade["exporter"].nunique()),
            **{k: row[k] for k in ("displacement", "displacement_low", "displacement_high", "n_events",
                                   "years", "method", "data")}}


def resolve_scenarios(scenarios: Sequence[Scenario], source: TradeSource, groups: pd.DataFrame,
                      settings: TradeConfig) -> tuple[tuple[Scenario, ...], pd.DataFrame]:
    """Give every ``d = "faostat"`` scenario its three rates (central, low, high), each clipped to [0, 1].

    Returns
    -------
    scenarios : tuple of Scenario
        The scenarios, those with ``d = "faostat"`` now with ``d = (central, low, high)`` and a
        ``d_note`` saying where they come from.
    estimates : DataFrame
        :data:`SCENARIO_D_COLUMNS`, one row per such scenario (the estimate before clipping).
    """
    out, rows = [], []
    for s in scenarios:
        if not s.d_faostat:
            out.append(s)
            continue
        row = scenario_estimate(source, s, groups, settings)
        rows.append(row)
        d = tuple(float(np.clip(float(row[k]), 0.0, 1.0))  # type: ignore[arg-type]
                  for k in ("displacement", "displacement_low", "displacement_high"))
        note = (f"FAOSTAT, real data: estimated d = {row['displacement']:.2f} "
                f"[{row['displacement_low']:.2f}, "
                f"{row['displacement_high']:.2f}] from {row['n_events']} events, items {row['items']}")
        out.append(replace(s, d=d, d_note=note))
    return tuple(out), pd.DataFrame(rows, columns=SCENARIO_D_COLUMNS)


def fold_interval(frames: Mapping[str, pd.DataFrame], scenarios: Sequence[Scenario]
                  ) -> dict[str, pd.DataFrame]:
    """Keep the central rows of the ``d = "faostat"`` scenarios; carry the interval in the scenarios table.

    The scenarios table gets ``d_low``, ``d_high`` (the interval's rates) and ``nge_low``, ``nge_high``
    (the smaller and the larger NGE at those rates) on every row (NaN for other scenarios); the
    absorption and takers tables keep the central rate's rows.
    """
    out = dict(frames)
    faostat = {s.name: s.d for s in scenarios if s.d_faostat and len(s.d) == 3}
    scen = out.get("scenarios")
    if scen is None:
        return out
    scen = scen.assign(d_low=np.nan, d_high=np.nan, nge_low=np.nan, nge_high=np.nan)
    keep = ~scen["scenario"].isin(list(faostat))
    keys = ["scenario", "q", "indicator"]
    for name, (central, low, high) in faostat.items():
        rows = scen[scen["scenario"] == name]
        mid = rows[rows["d"] == central].drop_duplicates(keys)
        ends = rows[rows["d"].isin([low, high])].groupby(["q", "indicator"])["nge"].agg(["min", "max"])
        at = pd.MultiIndex.from_frame(mid[["q", "indicator"]])
        scen.loc[mid.index, ["d_low", "d_high"]] = [low, high]
        scen.loc[mid.index, "nge_low"] = ends["min"].reindex(at).to_numpy()
        scen.loc[mid.index, "nge_high"] = ends["max"].reindex(at).to_numpy()
        keep |= scen.index.isin(mid.index)
    out["scenarios"] = scen[keep].reset_index(drop=True)
    for name in ("scenario_absorption", "waterbed_takers"):
        table = out.get(name)
        if table is not None and "scenario" in table.columns and "d" in table.columns:
            central = table["scenario"].map({n: d[0] for n, d in faostat.items()})
            drop = central.notna() & (table["d"] != central)
            out[name] = table[~drop].drop_duplicates().reset_index(drop=True)
    return out
