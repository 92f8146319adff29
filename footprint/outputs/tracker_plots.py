"""Figures of the halving-target tracker: the tracked footprint against the straight path to the
target, with the gap, and its split by group or origin.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from footprint.outputs.series_axes import (
    axes_or_new,
    by_year,
    series_label,
    series_note,
    stacked_bars,
    year_axis,
)
from footprint.outputs.style import OTHER, PALETTE
from footprint.series import OTHER as OTHER_ORIGIN
from footprint.targets import SPLIT_GROUP, SPLIT_ORIGIN

__all__ = ["plot_tracker", "plot_tracker_split"]


def _series_name(tracker: pd.DataFrame, key: str, default: str) -> str:
    """The tracker's exact name of a series (:data:`footprint.targets.SERIES`), wrapped for a legend."""
    col = f"series_{key}"
    name = str(tracker[col].iloc[0]) if col in tracker.columns else default
    return textwrap.fill(name, 46)


def _tracker_lines(ax: Axes, tracker: pd.DataFrame) -> None:
    """Index lines of RMC (the tracked footprint), RMI, the domestic extraction and the companions."""
    first = tracker.iloc[0]
    ax.plot(tracker["year"], tracker["index"], marker="o", color=PALETTE[0], linewidth=2.2,
            label=_series_name(tracker, "rmc", f"footprint ({first['consumer']} consumption)"))
    if "rmi_index" in tracker.columns:
        ax.plot(tracker["year"], tracker["rmi_index"], marker="D", color=PALETTE[4], linewidth=1.6,
                label=_series_name(tracker, "rmi", "RMI"))
    if "domestic_extraction_index" in tracker.columns:
        ax.plot(tracker["year"], tracker["domestic_extraction_index"], marker="s", color=PALETTE[1],
                label=_series_name(tracker, "domestic_extraction",
                                   f"domestic extraction in {first['consumer']}"))
    own = ("index", "rmi_index", "domestic_extraction_index")
    companions = [c.removesuffix("_index") for c in tracker.columns
                  if c.endswith("_index") and c not in own]
    for i, name in enumerate(companions):
        ax.plot(tracker["year"], tracker[f"{name}_index"], marker=".", linestyle=":",
                color=PALETTE[2 + i % 2], label=f"{name} footprint (companion, no target)")


def _tracker_target(ax: Axes, tracker: pd.DataFrame) -> None:
    """The straight path (dashed) and the target point."""
    first = tracker.iloc[0]
    base, target, cut = int(first["base_year"]), int(first["target_year"]), float(first["reduction"])
    end = 100.0 * (1.0 - cut)
    ax.plot([base, target], [100.0, end], linestyle="--", color="#000000", linewidth=1.2,
            label=f"straight path to -{100 * cut:.0f} % in {target}")
    ax.plot([target], [end], marker="X", markersize=11, color=PALETTE[5], linestyle="none",
            label=f"target {target}: {end:.0f}")
    ax.annotate(f"target {target}: {end:.0f} % of {base}", (target, end), xytext=(-10, 6),
                textcoords="offset points", ha="right", va="bottom", fontsize=8, color=PALETTE[5])


def _tracker_gap(ax: Axes, tracker: pd.DataFrame) -> None:
    """Arrow and label of the latest year's gap to the path."""
    last = tracker.sort_values("year").iloc[-1]
    if not np.isfinite(last["gap_pp"]):
        return
    year = int(last["year"])
    ax.annotate("", xy=(year, last["path"]), xytext=(year, last["index"]),
                arrowprops={"arrowstyle": "<->", "color": PALETTE[5]})
    ax.annotate(f"gap {year}: {last['gap_pp']:+.1f} pp\n({last['gap']:+,.0f} {last['unit']})",
                (year, (last["path"] + last["index"]) / 2.0), xytext=(8, 0),
                textcoords="offset points", va="center", fontsize=8, color=PALETTE[5])


def plot_tracker(tracker: pd.DataFrame, *, note: str = "", ax: Axes | None = None) -> Axes:
    """The halving-target tracker: index lines against the straight path to the target.

    Parameters
    ----------
    tracker : DataFrame
        :func:`footprint.targets.tracker`.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    Solid lines: the tracked footprint (RMC proxy), the RMI proxy and the domestic extraction as
    indices (each 100 in the base year), labelled with the tracker's exact series names; dotted:
    companion pressures (no target); dashed: the straight path from 100 in the base year to the
    target in the target year (marked with a cross); the arrow gives the latest year's gap in
    percentage points and in the pressure's unit.
    """
    tracker = tracker.sort_values("year")
    first = tracker.iloc[0]
    base, target = int(first["base_year"]), int(first["target_year"])
    ax = axes_or_new(ax, (9, 5.5))
    ax.axhline(100.0, color=OTHER, linewidth=0.8)
    _tracker_lines(ax, tracker)
    _tracker_target(ax, tracker)
    _tracker_gap(ax, tracker)
    years = sorted({*(int(y) for y in tracker["year"]), target})
    year_axis(ax, years)
    ax.set_xlim(years[0] - 1, target + 2)
    ax.set_ylabel(f"index [% of {base}]")
    ax.set_title(f"{first['consumer']}: {first['indicator']} [{first['unit']}] against "
                 f"-{100 * float(first['reduction']):.0f} % by {target} (base {base})", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    series_note(ax, note)
    return ax


def plot_tracker_split(split: pd.DataFrame, by: str = SPLIT_GROUP, *, top_n: int = 6,
                       names: Mapping[str, str] | None = None, note: str = "",
                       ax: Axes | None = None) -> Axes:
    """Stacked bars per year of the tracked footprint by product group or by origin region.

    Parameters
    ----------
    split : DataFrame
        :func:`footprint.targets.tracker_split`.
    by : {"product group", "origin region"}
    top_n : int
        Items with their own colour (largest over all years); the rest join ``other``.
    names : mapping, optional
        Region code -> name, for the origin split.
    note : str
    ax : Axes, optional
    """
    sel = split[split["split"] == by]
    first = sel.iloc[0]
    ranked = sel.groupby("item")["value"].sum().sort_values(ascending=False, kind="stable")
    keep = [str(i) for i in ranked.index[:top_n]]
    wide, cols = by_year(sel, "item", keep)
    colours = [OTHER if c == OTHER_ORIGIN else PALETTE[i % len(PALETTE)] for i, c in enumerate(cols)]
    labels = [series_label(c, names) if by == SPLIT_ORIGIN else c for c in cols]
    ax = axes_or_new(ax, (8, 5))
    stacked_bars(ax, wide[cols], colours, labels)
    ax.set_ylabel(f"{first['indicator']} [{first['unit']}]")
    ax.set_title(f"{first['consumer']} consumption: {first['indicator']} by {by}", fontsize=10)
    series_note(ax, note)
    return ax
