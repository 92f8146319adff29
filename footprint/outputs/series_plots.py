"""Figures of the time series and the halving-target tracker (:mod:`footprint.series`,
:mod:`footprint.targets`).

Each ``plot_*`` function takes a tidy frame and ``ax=None`` and returns the Axes, like
:mod:`footprint.outputs.plots`; :func:`series_figures` writes them all as PNG files without pyplot's global
state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from footprint.outputs.series_axes import (
    DOMESTIC,
    FOREIGN,
    axes_or_new,
    by_year,
    series_label,
    series_note,
    stacked_bars,
    year_axis,
)
from footprint.outputs.style import OTHER, PALETTE, style
from footprint.outputs.tracker_plots import plot_tracker, plot_tracker_split
from footprint.series import OTHER as OTHER_ORIGIN
from footprint.targets import SPLIT_GROUP, SPLIT_ORIGIN

__all__ = ["plot_importer_shift", "plot_origin_series", "plot_share_abroad_series", "plot_tracker",
           "plot_tracker_split", "series_figures"]


def plot_origin_series(by_origin: pd.DataFrame, group: str, indicator: str, *, top_n: int = 6,
                       names: Mapping[str, str] | None = None, note: str = "",
                       ax: Axes | None = None) -> Axes:
    """Stacked bars per year: the consumer's footprint by origin region, domestic at the bottom.

    Parameters
    ----------
    by_origin : DataFrame
        :func:`footprint.series.footprint_by_origin_series`.
    group, indicator : str
    top_n : int
        Foreign origins with their own colour (the table's order, i.e. the largest over all
        years); the rest join ``other``.
    names : mapping, optional
        Region code -> name (:func:`footprint.tables.region_names`).
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional
    """
    sel = by_origin[(by_origin["group"] == group) & (by_origin["indicator"] == indicator)]
    consumer, unit = str(sel["consumer"].iloc[0]), str(sel["unit"].iloc[0])
    order = list(dict.fromkeys(sel["origin_region"]))
    foreign = [r for r in order if r not in (consumer, OTHER_ORIGIN)]
    keep = [consumer, *foreign[:top_n]]
    wide, cols = by_year(sel, "origin_region", keep)
    colours = [DOMESTIC if c == consumer else OTHER if c == OTHER_ORIGIN
               else FOREIGN[i % len(FOREIGN)] for i, c in enumerate(cols, start=-1)]
    labels = [f"{series_label(c, names)}, domestic" if c == consumer else "other regions"
              if c == OTHER_ORIGIN else series_label(c, names) for c in cols]
    ax = axes_or_new(ax, (8, 5))
    stacked_bars(ax, wide[cols], colours, labels)
    ax.set_ylabel(f"{indicator} [{unit}]")
    ax.set_title(f"{consumer} consumption, {group}: {indicator} by origin region", fontsize=10)
    series_note(ax, note)
    return ax


def plot_share_abroad_series(share_abroad: pd.DataFrame, indicator: str, *,
                             groups: Sequence[str] | None = None, note: str = "",
                             ax: Axes | None = None) -> Axes:
    """Lines per product group: the share of the footprint that occurs abroad, over years.

    Parameters
    ----------
    share_abroad : DataFrame
        :func:`footprint.series.share_abroad_series`.
    indicator : str
    groups : sequence of str, optional
        Groups drawn (default all, ``total`` first, in black).
    note : str
    ax : Axes, optional
    """
    sel = share_abroad[share_abroad["indicator"] == indicator]
    consumer = str(sel["consumer"].iloc[0])
    groups = list(groups) if groups is not None else list(dict.fromkeys(sel["group"]))
    ax = axes_or_new(ax, (7, 4.5))
    for i, group in enumerate(groups):
        line = sel[sel["group"] == group].sort_values("year")
        colour = "#000000" if group == "total" else PALETTE[i % (len(PALETTE) - 1)]
        ax.plot(line["year"], 100.0 * line["share_abroad"], marker="o", color=colour, label=group,
                linewidth=2.2 if group == "total" else 1.5)
    year_axis(ax, sorted({int(y) for y in sel["year"]}))
    ax.set_ylim(0, 100)
    ax.set_ylabel("share abroad [% of the footprint]")
    ax.set_title(f"{consumer} consumption: share of the {indicator} footprint that occurs abroad",
                 fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    series_note(ax, note)
    return ax


def plot_importer_shift(shifts: pd.DataFrame, group: str, indicator: str, *,
                        years: tuple[int, int] | None = None, top_n: int = 10,
                        names: Mapping[str, str] | None = None, note: str = "",
                        ax: Axes | None = None) -> Axes:
    """Horizontal bars: the consumer's importer share shift (I1) per origin between two years.

    Parameters
    ----------
    shifts : DataFrame
        The ``waterbed_indicators`` table (of a run, or of a batch's series).
    group, indicator : str
    years : (int, int), optional
        From and to year (default the widest pair in the table).
    top_n : int
        Origins shown, the largest by ``shifted_pressure`` (|ISS| x the origin's total); the consumer's own
        region is left out (its share is not an import).
    names : mapping, optional
    note : str
    ax : Axes, optional

    Notes
    -----
    Bars of origins with the waterbed flag (the consumer's share fell while the origin's total
    did not fall by more than tau) are drawn in vermillion.
    """
    sel = shifts[(shifts["group"] == group) & (shifts["indicator"] == indicator)]
    if years is None:
        span = sel["to_year"] - sel["from_year"]
        years = (int(sel.loc[span.idxmax(), "from_year"]), int(sel.loc[span.idxmax(), "to_year"]))
    sel = sel[(sel["from_year"] == years[0]) & (sel["to_year"] == years[1])]
    consumer = str(sel["consumer"].iloc[0])
    top = sel[sel["origin_region"] != consumer].nlargest(top_n, "shifted_pressure").iloc[::-1]
    colours = [PALETTE[5] if flag else PALETTE[0] for flag in top["waterbed_flag"]]
    ax = axes_or_new(ax, (8, 0.35 * len(top) + 1.8))
    ax.barh([series_label(r, names) for r in top["origin_region"]], 100.0 * top["iss"], color=colours)
    ax.axvline(0.0, color="#000000", linewidth=0.8)
    ax.set_xlabel(f"change of {consumer}'s share of the origin's {indicator} [percentage points]")
    ax.set_title(f"{group}: {consumer}'s importer share shift {years[0]} -> {years[1]} (I1)",
                 fontsize=10)
    ax.legend(handles=[Patch(color=PALETTE[5], label="waterbed flag"),
                       Patch(color=PALETTE[0], label="no flag")], fontsize=8, frameon=False)
    series_note(ax, note)
    return ax


def _indicators(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The tracker's pressure and total land, where present (else the first indicator)."""
    have = list(dict.fromkeys(tables["series_by_origin"]["indicator"])) \
        if "series_by_origin" in tables else []
    wanted = [str(tables["tracker"]["indicator"].iloc[0])] if "tracker" in tables else []
    wanted.append("land_total")
    chosen = [i for i in dict.fromkeys(wanted) if i in have]
    return chosen or have[:1]


def series_figures(tables: Mapping[str, pd.DataFrame], folder: Path, note: str = "",
                   names: Mapping[str, str] | None = None,
                   indicators: Sequence[str] | None = None) -> list[str]:
    """Write the series and tracker figures as PNG files into ``folder``; return the file names.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        :func:`footprint.series.series_tables` (missing tables are skipped).
    folder : Path
        Created if needed.
    note : str
        Footnote on every figure (the data label).
    names : mapping, optional
        Region code -> name (:func:`footprint.tables.region_names`).
    indicators : sequence of str, optional
        Pressures drawn by origin, share abroad and importer shift (default the tracker's pressure
        and ``land_total``).

    Returns
    -------
    list of str
        ``tracker.png``, ``tracker_split_group.png``, ``tracker_split_origin.png``, then per
        indicator ``series_share_abroad_<indicator>.png`` and per group
        ``series_by_origin_<group>_<indicator>.png`` and
        ``series_importer_shift_<group>_<indicator>_<y0>-<y1>.png`` (first to last year).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with style():  # the package's one figure style (footprint.outputs.style.STYLE)
        return _write_all(tables, folder, note, names, indicators)


def _write_all(tables: Mapping[str, pd.DataFrame], folder: Path, note: str,
               names: Mapping[str, str] | None, indicators: Sequence[str] | None) -> list[str]:
    written: list[str] = []

    def save(fig: Figure, name: str) -> None:
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        fig.savefig(folder / name, dpi=100)
        written.append(name)

    if "tracker" in tables:
        fig = Figure(figsize=(10, 5.5))
        plot_tracker(tables["tracker"], note=note, ax=fig.subplots())
        save(fig, "tracker.png")
    if "tracker_split" in tables:
        for by, tag in ((SPLIT_GROUP, "group"), (SPLIT_ORIGIN, "origin")):
            fig = Figure(figsize=(9, 5))
            plot_tracker_split(tables["tracker_split"], by, names=names, note=note, ax=fig.subplots())
            save(fig, f"tracker_split_{tag}.png")
    for indicator in indicators if indicators is not None else _indicators(tables):
        _indicator_figures(tables, indicator, note, names, save)
    return written


def _indicator_figures(tables: Mapping[str, pd.DataFrame], indicator: str, note: str,
                       names: Mapping[str, str] | None, save: Callable[[Figure, str], None]) -> None:
    """Share abroad, footprint by origin and first-to-last importer shift of one indicator."""
    if "series_share_abroad" in tables:
        fig = Figure(figsize=(8, 4.5))
        plot_share_abroad_series(tables["series_share_abroad"], indicator, note=note, ax=fig.subplots())
        save(fig, f"series_share_abroad_{indicator}.png")
    by_origin = tables.get("series_by_origin")
    for group in dict.fromkeys(by_origin["group"]) if by_origin is not None else []:
        fig = Figure(figsize=(9, 5))
        plot_origin_series(by_origin, str(group), indicator, names=names, note=note, ax=fig.subplots())
        save(fig, f"series_by_origin_{group}_{indicator}.png")
    shifts = tables.get("waterbed_indicators")
    if shifts is not None and len(shifts):
        y0, y1 = int(shifts["from_year"].min()), int(shifts["to_year"].max())
        for group in dict.fromkeys(shifts["group"]):
            fig = Figure(figsize=(8, 5))
            plot_importer_shift(shifts, str(group), indicator, years=(y0, y1), names=names, note=note,
                                ax=fig.subplots())
            save(fig, f"series_importer_shift_{group}_{indicator}_{y0}-{y1}.png")
