"""Figures from tidy result tables, all in one style.

Every ``plot_*`` function takes a tidy frame and ``ax=None`` and returns the Axes; every ``*_figures``
function writes PNG files into a folder and returns their names. One style holds for all of them:

* :data:`STYLE`, applied by :func:`style` as an rc context around each function (never global pyplot
  state): fonts of at least 8 pt, 9-11 pt for ticks, labels and titles;
* figures at most :data:`MAX_WIDTH` inches wide at 100 dpi, so the report (which shows a PNG at its
  physical size, capped at the page width) shows text at its nominal size;
* the Okabe & Ito colour-blind-safe :data:`PALETTE` for categories, ``cividis`` (:data:`SEQUENTIAL`) for
  magnitudes and an orange-white-blue map (:data:`DIVERGING`) centred at a meaningful value;
* axes labelled with units in brackets, origin regions as "name (code)", and the data label as a
  footnote on every figure.

Maps of results by origin region are in :mod:`footprint.outputs.maps`, waterbed figures in
:mod:`footprint.outputs.waterbed_plots` and time series in :mod:`footprint.outputs.series_plots`, all
drawn in this style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import EngFormatter, MaxNLocator, PercentFormatter

from footprint.outputs.style import (
    MAX_WIDTH,
    OTHER,
    PALETTE,
    add_note,
    new_axes,
    new_figure,
    region_label,
    save_figure,
    style,
    styled,
)

__all__ = [
    "HEADLINE",
    "attribution_figures",
    "impact_ranking_figures",
    "plot_pressures_by_origin",
    "plot_rank_comparison",
    "plot_top_origins",
]


# --- attribution ------------------------------------------------------------------------------


@styled
def plot_top_origins(regional: pd.DataFrame, group: str, indicator: str, *, top_n: int = 10,
                     names: Mapping[str, str] | None = None, note: str = "",
                     ax: Axes | None = None) -> Axes:
    """Horizontal bars of the largest origin regions of one group's footprint of one indicator.

    Parameters
    ----------
    regional : DataFrame
        Output of :func:`footprint.tables.by_origin_region`.
    group, indicator : str
        Which slice to draw.
    top_n : int
        Number of origins shown; the rest are summed into "other regions".
    names : mapping, optional
        Region code -> name for labels.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    The consumer's own region is green and marked "domestic"; each bar carries its share of the total.
    """
    names = names or {}
    sel = regional[(regional["group"] == group) & (regional["indicator"] == indicator)]
    sel = sel.sort_values("value", ascending=False)
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    top = sel.head(top_n)
    labels = [region_label(r, names) + (", domestic" if r == consumer else "") for r in top["origin_region"]]
    values = list(top["value"])
    rest = sel["value"].iloc[top_n:].sum()
    if rest:
        labels.append("other regions")
        values.append(rest)
    colours = [PALETTE[2] if r == consumer else PALETTE[0] for r in top["origin_region"]]
    colours += [OTHER] * (len(values) - len(colours))
    if ax is None:
        ax = new_axes(7, 0.32 * len(values) + 1.6)
    bars = ax.barh(labels[::-1], values[::-1], color=colours[::-1])
    total = sel["value"].sum()
    if total:
        ax.bar_label(bars, labels=[f"{v / total:.0%}" for v in values[::-1]], padding=2, fontsize=8)
        ax.set_xlim(0, max(values) * 1.18)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 250k, 1.5M: no overlapping long numbers
    ax.set_xlabel(f"{indicator} [{unit}]")
    ax.set_ylabel("origin region")
    ax.set_title(f"{consumer} consumption, {group}: top origins of {indicator}")
    add_note(ax, note)
    return ax


@styled
def plot_pressures_by_origin(regional: pd.DataFrame, group: str, *, top_n: int = 6,
                             names: Mapping[str, str] | None = None, note: str = "",
                             ax: Axes | None = None) -> Axes:
    """Stacked 100 % bars: for each indicator, the share of each origin region in the group's footprint.

    The ``top_n`` origins over all indicators (ranked by their mean share) get their own colour; the
    tick labels carry each indicator's unit.
    """
    names = names or {}
    sel = regional[regional["group"] == group]
    shares = sel.pivot_table(index="indicator", columns="origin_region", values="value",
                             aggfunc="sum", sort=False).fillna(0.0)
    shares = shares.div(shares.sum(axis=1).replace(0.0, 1.0), axis=0)
    top = list(shares.mean().sort_values(ascending=False).index[:top_n])
    plot = shares[top].copy()
    plot["other"] = 1.0 - plot.sum(axis=1)
    units = sel.drop_duplicates("indicator").set_index("indicator")["unit"]
    ticks = [f"{i} [{units.get(i, '')}]" for i in plot.index]
    if ax is None:
        ax = new_axes(9, 0.36 * len(plot) + 2)
    left = np.zeros(len(plot))
    for i, col in enumerate(plot.columns):
        colour = OTHER if col == "other" else PALETTE[i % len(PALETTE)]
        label = "other regions" if col == "other" else region_label(col, names)
        ax.barh(ticks, plot[col].to_numpy(), left=left, color=colour, label=label)
        left += plot[col].to_numpy()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of the group's footprint of each pressure [%]")
    ax.set_ylabel("pressure [its unit]")
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    ax.set_title(f"{consumer} consumption, {group}: pressures by origin region")
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="origin region")
    add_note(ax, note)
    return ax


#: Pressures of the top-origin panels (those the data has; else its first three): the headline
#: pressures of the report. Every pressure is in the pressures-by-origin figure and the tables.
HEADLINE = ("land_total", "ghg", "blue_water")


def attribution_figures(regional: pd.DataFrame, folder: Path, *, note: str = "",
                        names: Mapping[str, str] | None = None, top_n: int = 8,
                        pressures: Sequence[str] = HEADLINE) -> list[str]:
    """Write per group the top-origin bars of the headline pressures and the pressures by origin.

    Parameters
    ----------
    regional : DataFrame
        :func:`footprint.tables.by_origin_region` of one year.
    folder : Path
        Existing folder the PNG files are written to.
    note : str
        Footnote (the data label).
    names : mapping, optional
        Region code -> name.
    top_n : int
        Origins per panel.
    pressures : sequence of str
        Pressures with a top-origins panel (default :data:`HEADLINE`; those the group does not carry
        are left out; when none is there, the group's first three).

    Returns
    -------
    list of str
        ``top_origins_<group>.png`` and ``pressures_by_origin_<group>.png`` per group.
    """
    written = []
    with style():
        for group in map(str, regional["group"].unique()):
            sel = regional[regional["group"] == group]
            every = list(sel["indicator"].unique())
            indicators = [p for p in pressures if p in every] or every[:3]
            rows = -(-len(indicators) // 3)
            fig = new_figure(MAX_WIDTH, 2.7 * rows + 0.8)
            axes = fig.subplots(rows, 3, squeeze=False)
            for ax, indicator in zip(axes.flat, indicators, strict=False):
                plot_top_origins(regional, group, indicator, names=names, top_n=top_n, ax=ax)
                unit = sel.loc[sel["indicator"] == indicator, "unit"].iloc[0]
                ax.set_title(indicator)
                ax.set_xlabel(f"footprint [{unit}]")
                ax.set_ylabel("")
            for ax in axes.flat[len(indicators):]:
                ax.set_visible(False)
            consumer = str(sel["consumer"].iloc[0])
            fig.suptitle(f"{consumer} consumption, {group}: top origins per pressure "
                         "(share of the group's total; green = domestic)")
            written.append(save_figure(fig, folder, f"top_origins_{group}.png", note))
            fig = new_figure(10, 0.36 * len(every) + 2.2)
            plot_pressures_by_origin(regional, group, names=names, ax=fig.subplots())
            written.append(save_figure(fig, folder, f"pressures_by_origin_{group}.png", note))
    return written


# --- impacts ------------------------------------------------------------------------------------


@styled
def plot_rank_comparison(ranked: pd.DataFrame, group: str, method: str, *, top_n: int = 8,
                         names: Mapping[str, str] | None = None, note: str = "",
                         ax: Axes | None = None) -> Axes:
    """Origins ranked by land pressure (left) and by biodiversity impact (right), lines joining each origin.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`footprint.impacts.ranking.ranking`.
    group, method : str
        Which slice to draw.
    top_n : int
        Origins in the top ``top_n`` of either ranking are drawn.
    names : mapping, optional
        Region code -> name for labels.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    Left labels: the origin's share of the group's land pressure; right labels: its share of the
    central impact with the low-high range (as shares of the central total). Origins whose rank
    changes are drawn in vermillion with a thicker line.
    """
    names = names or {}
    every = ranked[(ranked["group"] == group) & (ranked["method"] == method)]
    sel = every[(every["pressure_rank"] <= top_n) | (every["impact_rank"] <= top_n)]
    if ax is None:
        ax = new_axes(8, 0.4 * top_n + 2)
    p_total, i_total = every["pressure"].sum(), every["impact"].sum()
    for _, row in sel.sort_values("impact_rank").iterrows():
        p_rank, i_rank = int(row["pressure_rank"]), int(row["impact_rank"])
        colour = PALETTE[5] if p_rank != i_rank else PALETTE[0]
        ax.plot([0, 1], [p_rank, i_rank], color=colour, marker="o", lw=2.2 if p_rank != i_rank else 1.2)
        share_p = row["pressure"] / p_total if p_total else 0.0
        name = region_label(row["origin_region"], names)
        ax.annotate(f"{p_rank}. {name} {share_p:.0%}", (0, p_rank), xytext=(-6, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8)
        right = (f"{i_rank}. {name} {row['impact'] / i_total:.0%} "
                 f"({100 * row['impact_low'] / i_total:.0f}-{100 * row['impact_high'] / i_total:.0f}%)"
                 if i_total else f"{i_rank}. {name}")
        ax.annotate(right, (1, i_rank), xytext=(6, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=8)
    # labels carry the ranks; the layout engine makes room for them beside the Axes
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(max(int(sel[["pressure_rank", "impact_rank"]].max().max()) if len(sel) else 1, 1) + 0.6,
                0.4)
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    ax.xaxis.tick_top()
    ax.set_xticks([0, 1], ["rank by land area [ha]\n(share)", f"rank by impact [{unit}]\n(share, low-high)"],
                  fontsize=8)
    left_tick, right_tick = ax.get_xticklabels()
    left_tick.set_horizontalalignment("right")
    right_tick.set_horizontalalignment("left")
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_visible(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"{group}: origin ranks by land area vs by impact ({method})")
    add_note(ax, note)
    return ax


def impact_ranking_figures(ranked: pd.DataFrame, folder: Path, *, note: str = "",
                           names: Mapping[str, str] | None = None, top_n: int = 8,
                           methods: Sequence[str] | None = None) -> list[str]:
    """Write per group the rank comparison of each method (two panels a row).

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`footprint.impacts.ranking.ranking`.
    folder : Path
        Existing folder the PNG files are written to.
    note : str
        Footnote (the data label).
    names : mapping, optional
        Region code -> name.
    top_n : int
        Origins drawn per panel.
    methods : sequence of str, optional
        Methods drawn (default: every method of ``ranked``); the run draws the region-specific
        ones, as global factors change ranks only through the land-type mix.

    Returns
    -------
    list of str
        ``impact_ranking_<group>.png`` per group.
    """
    have = list(map(str, ranked["method"].unique()))
    methods = [m for m in methods if m in have] if methods is not None else have
    methods = methods or have
    cols = min(len(methods), 2)
    rows = -(-len(methods) // 2)
    written = []
    with style():
        for group in map(str, ranked["group"].unique()):
            fig = new_figure(MAX_WIDTH, (0.36 * top_n + 1.4) * rows + 0.8)
            axes = fig.subplots(rows, cols, squeeze=False)
            for ax, method in zip(axes.flat, methods, strict=False):
                plot_rank_comparison(ranked, group, method, top_n=top_n, names=names, ax=ax)
                ax.set_title(method)
            for ax in axes.flat[len(methods):]:
                ax.set_visible(False)
            fig.suptitle(f"{group}: origins ranked by land area (left, share of the land footprint) and "
                         "by biodiversity impact\n(right, share of the central impact, low-high range); "
                         "vermillion = rank changes")
            written.append(save_figure(fig, folder, f"impact_ranking_{group}.png", note))
    return written
