"""Figures from tidy attribution tables. Each function takes a frame and ``ax=None`` and returns the Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import EngFormatter, MaxNLocator

__all__ = ["PALETTE", "plot_pressures_by_origin", "plot_top_origins"]

# Okabe & Ito (2008) colour-blind-safe palette, plus grey for "other".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
OTHER = "#BBBBBB"


def _label(code: str, names: dict[str, str]) -> str:
    return f"{names.get(code, code)} ({code})" if code in names else code


def plot_top_origins(regional: pd.DataFrame, group: str, indicator: str, *, top_n: int = 10,
                     names: dict[str, str] | None = None, note: str = "",
                     ax: Axes | None = None) -> Axes:
    """Horizontal bars of the largest origin regions of one group's footprint of one indicator.

    Parameters
    ----------
    regional : DataFrame
        Output of :func:`footprint.tables.by_origin_region`.
    group, indicator : str
        Which slice to draw.
    top_n : int
        Number of origins shown; the rest are summed into "other".
    names : dict, optional
        Region code -> name for labels.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional
    """
    names = names or {}
    sel = regional[(regional["group"] == group) & (regional["indicator"] == indicator)]
    sel = sel.sort_values("value", ascending=False)
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    top = sel.head(top_n)
    labels = [_label(r, names) for r in top["origin_region"]]
    values = list(top["value"])
    rest = sel["value"].iloc[top_n:].sum()
    if rest:
        labels.append("other regions")
        values.append(rest)
    colours = [PALETTE[2] if r == consumer else PALETTE[0] for r in top["origin_region"]]
    colours += [OTHER] * (len(values) - len(colours))
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * len(values) + 1.5))
    ax.barh(labels[::-1], values[::-1], color=colours[::-1])
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 250k, 1.5M: no overlapping long numbers
    ax.set_xlabel(f"{indicator} [{unit}]")
    ax.set_title(f"{consumer} consumption, {group}: top origins of {indicator}")
    if note:
        ax.annotate(note, (0, 0), xycoords="figure fraction", xytext=(4, 4),
                    textcoords="offset points", fontsize=7, color="#555555")
    return ax


def plot_pressures_by_origin(regional: pd.DataFrame, group: str, *, top_n: int = 6,
                             names: dict[str, str] | None = None, note: str = "",
                             ax: Axes | None = None) -> Axes:
    """Stacked 100 % bars: for each indicator, the share of each origin region in the group's footprint.

    The ``top_n`` origins over all indicators (ranked by their mean share) get their own colour.
    """
    names = names or {}
    sel = regional[regional["group"] == group]
    shares = sel.pivot_table(index="indicator", columns="origin_region", values="value",
                             aggfunc="sum", sort=False).fillna(0.0)
    shares = shares.div(shares.sum(axis=1).replace(0.0, 1.0), axis=0)
    top = list(shares.mean().sort_values(ascending=False).index[:top_n])
    plot = shares[top].copy()
    plot["other"] = 1.0 - plot.sum(axis=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.4 * len(plot) + 2))
    left = pd.Series(0.0, index=plot.index)
    for i, col in enumerate(plot.columns):
        colour = OTHER if col == "other" else PALETTE[i % len(PALETTE)]
        label = "other regions" if col == "other" else _label(col, names)
        ax.barh(plot.index, plot[col], left=left, color=colour, label=label)
        left += plot[col]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's footprint [-]")
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    ax.set_title(f"{consumer} consumption, {group}: pressures by origin region")
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if note:
        ax.annotate(note, (0, 0), xycoords="figure fraction", xytext=(4, 4),
                    textcoords="offset points", fontsize=7, color="#555555")
    return ax
