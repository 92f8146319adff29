"""Empirical displacement: how much of a buyer's drop other buyers took up, estimated from history.

:func:`displacement_events` finds every year in which one or more buyers of an exporter cut their
purchases well below the exporter's trend, and measures what the other buyers did in that year, also
against the trend. :func:`estimate_displacement` pools the events per item (and per exporter where
there are enough of them) into one displacement rate ``d`` with a bootstrap interval. ``d = 1`` means
other buyers took up the whole drop (a full waterbed), ``d = 0`` that the exporter sold that much less.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from footprint.config.trade import TradeConfig
from footprint.errors import ConfigError
from footprint.trade._common import check_trade, label_of
from footprint.trade.areas import area_names, area_regions, read_areas, read_items, resolve_items

__all__ = [
    "DISPLACEMENT_COLUMNS",
    "EVENT_COLUMNS",
    "EventRules",
    "displacement_events",
    "estimate_displacement",
]

TRADE = TradeConfig()
"""The ``[trade]`` defaults of the run-file schema (``by_exporter``, ``min_events``, ``draws``,
``level``, ``seed``)."""

EVENT_COLUMNS = ["item", "exporter", "exporter_region", "year", "buyers", "n_buyers", "buyers_share_before",
                 "drop_t",
                 "others_change_t", "exporter_trend", "expected_exports_t", "drop_share", "ratio", "data"]
DISPLACEMENT_COLUMNS = ["item", "exporter", "exporter_region", "displacement", "displacement_low",
                        "displacement_high", "n_events", "n_buyer_drops", "drop_t", "years", "method", "data"]
ALL_EXPORTERS = "all exporters"


@dataclass(frozen=True)
class EventRules:
    """What counts as a buyer's drop (an event) and how the exporter's trend is measured.

    Attributes
    ----------
    min_share : float
        A buyer counts only if it took at least this share of the exporter's exports the year before [-].
    min_drop : float
        ... and bought at least this fraction less than the exporter's trend predicts [-].
    min_exporter_t : float
        Exporters that sold less than this the year before are skipped [t].
    trend_window : int
        The trend at year t comes from the annual growth of the exporter's total exports over the
        years t - window .. t + window, the step into t itself left out [years].
    min_trend_steps : int
        At least this many such growth steps (both years reported) are needed, else no event [-].
    trend : {"mean", "median"}
        ``"mean"``: the mean of the simple growth rates (an unbiased forecast of next year's exports
        when growth varies at random); ``"median"``: the median of the log growth rates (robust to
        outlier years, but below the mean growth of a volatile exporter, which inflates the others'
        gain). A sensitivity switch. Other drop years inside the window pull the trend (the synthetic
        tests keep drops ``trend_window`` + 1 years apart; in real data buyers drop most years).
    max_buyers_share : float
        Leave out years in which the dropping buyers together took more than this share of the
        exporter's exports the year before [-] (1 keeps all; 0.5 drops years in which most of the
        market fell at once, which looks more like a harvest failure or an export ban at the exporter
        than like a buyer's choice). A sensitivity switch.
    """

    min_share: float = 0.01
    min_drop: float = 0.2
    min_exporter_t: float = 10_000.0
    trend_window: int = 3
    min_trend_steps: int = 2
    trend: str = "mean"
    max_buyers_share: float = 1.0

    def __post_init__(self) -> None:
        if not (0 < self.min_share < 1 and 0 < self.min_drop <= 1 and 0 < self.max_buyers_share <= 1):
            raise ConfigError(f"event rules {self}: min_share must be in (0, 1), min_drop and "
                              "max_buyers_share in (0, 1].")
        if self.trend_window < 1 or self.min_trend_steps < 1 or self.min_exporter_t < 0:
            raise ConfigError(f"event rules {self}: trend_window and min_trend_steps must be >= 1, "
                              "min_exporter_t >= 0.")
        if self.trend not in ("mean", "median"):
            raise ConfigError(f"event rules: trend '{self.trend}' is not 'mean' or 'median'.")


def _trend(growth: dict[int, float], year: int, rules: EventRules) -> float | None:
    """Trend growth [-/yr] at ``year`` from the other steps within the window, or None."""
    near = np.array([r for y, r in growth.items() if y != year and abs(y - year) <= rules.trend_window])
    if len(near) < rules.min_trend_steps:
        return None
    if rules.trend == "mean":
        return float(np.mean(near))
    return float(np.expm1(np.median(np.log1p(near))))


def _one_event(before: np.ndarray, now: np.ndarray, trend: float, rules: EventRules
               ) -> tuple[np.ndarray, dict[str, float]] | None:
    """The dropping buyers (mask) and the event's figures for one step, or None when there is no event."""
    total_before = float(before.sum())
    expected = before * (1.0 + trend)
    deviation = now - expected
    dropper = (before >= rules.min_share * total_before) & (deviation <= -rules.min_drop * expected)
    share_before = float(before[dropper].sum()) / total_before
    if not dropper.any() or share_before > rules.max_buyers_share:
        return None
    drop = float(-deviation[dropper].sum())
    others = float(deviation[~dropper].sum())
    expected_total = total_before * (1.0 + trend)
    return dropper, {"buyers_share_before": share_before, "drop_t": drop, "others_change_t": others,
                     "exporter_trend": trend, "expected_exports_t": expected_total,
                     "drop_share": drop / expected_total, "ratio": others / drop}


def _cube(sub: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One item's trade as a cube exporter x importer x year [t], and which exporter-years have rows."""
    exp_codes, exp_idx = np.unique(sub["exporter"].to_numpy(), return_inverse=True)
    imp_codes, imp_idx = np.unique(sub["importer"].to_numpy(), return_inverse=True)
    years, year_idx = np.unique(sub["year"].to_numpy(), return_inverse=True)
    cube = np.zeros((len(exp_codes), len(imp_codes), len(years)))
    np.add.at(cube, (exp_idx, imp_idx, year_idx), sub["tonnes"].to_numpy(dtype=float))
    reported = np.zeros((len(exp_codes), len(years)), dtype=bool)
    reported[exp_idx, year_idx] = True
    return exp_codes, imp_codes, years.astype(int), cube, reported


def _exporter_events(q: np.ndarray, reported: np.ndarray, years: np.ndarray, importers: np.ndarray,
                     rules: EventRules, names: dict[int, str]) -> list[dict[str, object]]:
    """Events of one item and exporter: ``q`` importer x year [t], ``reported`` per year."""
    col = {int(y): i for i, y in enumerate(years) if reported[i]}
    total = q.sum(axis=0)
    steps = [y for y in col if y - 1 in col]
    growth = {y: float(total[col[y]] / total[col[y - 1]] - 1.0) for y in steps if total[col[y - 1]] > 0}
    events: list[dict[str, object]] = []
    for year in steps:
        if total[col[year - 1]] < rules.min_exporter_t:  # checked first: it is cheap
            continue
        trend = _trend(growth, year, rules)
        if trend is None:
            continue
        found = _one_event(q[:, col[year - 1]], q[:, col[year]], trend, rules)
        if found is None:
            continue
        dropper, figures = found
        buyers = [names.get(int(c), str(c)) for c in importers[dropper]]
        events.append({"year": year, "buyers": ", ".join(buyers), "n_buyers": len(buyers), **figures})
    return events


def displacement_events(trade: pd.DataFrame, *, items: str | Iterable[str] | None = None,
                        rules: EventRules | None = None, areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every year in which buyers of an exporter dropped well below trend, and what the others did.

    Parameters
    ----------
    trade : DataFrame
        Trade table (:func:`footprint.trade.read.read_vendored`).
    items : str or iterable of str, optional
        Items (default: every item in ``trade``).
    rules : EventRules, optional
        Thresholds (defaults: buyers with >= 1 % of the exporter's exports, >= 20 % below trend).
    areas : DataFrame, optional
        FAO area table (names, regions).

    Returns
    -------
    DataFrame
        :data:`EVENT_COLUMNS`, one row per item, exporter and year with at least one dropping buyer:
        buyers (names), n_buyers, buyers_share_before [-] (the droppers' share of the exporter's
        exports the year before), drop_t [t] (the droppers' shortfall against trend), others_change_t
        [t] (every other buyer's change against trend, new buyers included), exporter_trend [-/yr],
        expected_exports_t [t], drop_share [-] (drop over expected exports), ratio [-]
        (others_change_t / drop_t), data.

    Notes
    -----
    For exporter :math:`e` and year :math:`t` with total exports :math:`X_t`, the trend growth is
    :math:`g_t = \\operatorname{mean}_{s} (X_s / X_{s-1} - 1)` over the steps :math:`s \\ne t` within
    ``trend_window`` years (or the median of the log growth, ``EventRules.trend``), and each buyer's
    expected tonnes are
    :math:`\\hat q_{j,t} = q_{j,t-1}(1 + g_t)`. Buyer :math:`j` drops when
    :math:`q_{j,t-1} \\ge` ``min_share`` :math:`X_{t-1}` and
    :math:`q_{j,t} - \\hat q_{j,t} \\le -` ``min_drop`` :math:`\\hat q_{j,t}`. With :math:`J` the droppers,

    .. math::
        D_t = -\\sum_{j \\in J} (q_{j,t} - \\hat q_{j,t}), \\qquad
        O_t = \\sum_{k \\notin J} (q_{k,t} - \\hat q_{k,t}).

    Years in which the exporter has no rows are not reported and break the steps around them.
    """
    check_trade(trade)
    rules = EventRules() if rules is None else rules
    areas = read_areas() if areas is None else areas
    names, regions = area_names(areas), area_regions(areas)
    keys = resolve_items(items, read_items()) if items is not None else list(pd.unique(trade["item"]))
    label = label_of(trade)
    rows = []
    for item in keys:
        sub = trade[trade["item"] == item]
        if sub.empty:
            continue
        exporters, importers, years, cube, reported = _cube(sub)
        for e, exporter in enumerate(exporters):
            for event in _exporter_events(cube[e], reported[e], years, importers, rules, names):
                rows.append({"item": item, "exporter": names.get(int(exporter), str(exporter)),
                             "exporter_region": regions.get(int(exporter), ""), **event, "data": label})
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _bootstrap(drop: np.ndarray, others: np.ndarray, draws: int, level: float, rng: np.random.Generator
               ) -> tuple[float, float]:
    idx = rng.integers(0, len(drop), size=(draws, len(drop)))
    estimates = others[idx].sum(axis=1) / drop[idx].sum(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(estimates, [tail, 100.0 - tail])
    return float(low), float(high)


def _summary(group: pd.DataFrame, item: str, exporter: str, region: str, draws: int, level: float,
             seed: int) -> dict[str, object]:
    drop = group["drop_t"].to_numpy(dtype=float)
    others = group["others_change_t"].to_numpy(dtype=float)
    # one generator per (item, exporter), seeded from the names: a row does not depend on the others
    rng = np.random.default_rng([seed, *(ord(c) for c in f"{item}|{exporter}")])
    low, high = _bootstrap(drop, others, draws, level, rng)
    years = group["year"].astype(int)
    return {"item": item, "exporter": exporter, "exporter_region": region,
            "displacement": float(others.sum() / drop.sum()), "displacement_low": low,
            "displacement_high": high, "n_events": len(group), "n_buyer_drops": int(group["n_buyers"].sum()),
            "drop_t": float(drop.sum()), "years": f"{years.min()}-{years.max()}",
            "method": (f"others' gain over buyers' drops, both against the exporter's trend, summed over "
                       f"events; {level:.0%} bootstrap interval over events ({draws} draws, seed {seed})"),
            "data": group["data"].iloc[0]}


def estimate_displacement(events: pd.DataFrame, *, by_exporter: bool = TRADE.by_exporter,
                          min_events: int = TRADE.min_events, draws: int = TRADE.draws,
                          level: float = TRADE.level, seed: int = TRADE.seed,
                          items: Sequence[str] | None = None) -> pd.DataFrame:
    """Pool displacement events into a rate per item (and per exporter) with a bootstrap interval.

    Parameters
    ----------
    events : DataFrame
        :func:`displacement_events`.
    by_exporter : bool
        Also estimate per exporter, for exporters with at least ``min_events`` events.
    min_events : int
        Fewest events for an estimate (fewer: no row).
    draws : int
        Bootstrap resamples of the events.
    level : float
        Coverage of the interval [-] (0.95: the 2.5th and 97.5th percentiles).
    seed : int
        Seed of the bootstrap (results are reproducible).
    items : sequence of str, optional
        Items to estimate (default: every item in ``events``).

    Returns
    -------
    DataFrame
        :data:`DISPLACEMENT_COLUMNS`: item, exporter (``"all exporters"`` for the item's pooled row),
        exporter_region, displacement [-] with displacement_low and displacement_high, n_events,
        n_buyer_drops, drop_t [t], years (first-last event year), method, data.

    Notes
    -----
    With :math:`D_k` the buyers' shortfall against the exporter's trend in event :math:`k` and
    :math:`O_k` the other buyers' change against the same trend (:func:`displacement_events`),

    .. math::
        \\hat d = \\frac{\\sum_k O_k}{\\sum_k D_k},

    the share of all the tonnes that buyers dropped that other buyers took up. It is the
    least-squares slope of :math:`O_k = d\\,D_k + \\varepsilon_k` through the origin when the noise
    variance grows in proportion to the drop; the interval does not rest on that: it resamples the
    events with replacement (nonparametric bootstrap, percentile interval). Events are exporter-years
    (several buyers dropping in one year make one event), so the resampling keeps their common
    response together.

    Because :math:`O_k - D_k` is the exporter's own deviation from trend, :math:`\\hat d = 1 +
    \\sum_k \\Delta X_k / \\sum_k D_k`: the estimate asks whether exporters sold less than their trend
    in the years their buyers cut. Annual data catch the short-run waterbed (a harvest is sold to
    someone); a harvest failure or export ban makes every buyer drop at once and pulls :math:`\\hat d`
    down (``EventRules.max_buyers_share`` leaves such years out), and the trend's own error adds
    noise of the size of the exporter's volatility. :math:`\\hat d` is not clipped to [0, 1].
    """
    if draws < 100 or not 0 < level < 1 or min_events < 1:
        raise ConfigError(f"displacement estimate: draws ({draws}) must be >= 100, level ({level}) in "
                          f"(0, 1), min_events ({min_events}) >= 1.")
    rows = []
    chosen = list(pd.unique(events["item"])) if items is None else list(items)
    for item in chosen:
        sub = events[events["item"] == item]
        if len(sub) >= min_events:
            rows.append(_summary(sub, item, ALL_EXPORTERS, "", draws, level, seed))
        if not by_exporter:
            continue
        for exporter, group in sub.groupby("exporter", sort=True):
            if len(group) >= min_events:
                rows.append(_summary(group, item, str(exporter), str(group["exporter_region"].iloc[0]),
                                     draws, level, seed))
    return pd.DataFrame(rows, columns=DISPLACEMENT_COLUMNS)
