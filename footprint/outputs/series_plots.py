"""Figures of the time series and the halving-target tracker (:mod:`footprint.series`,
:mod:`footprint.targets`).

Each ``plot_*`` function takes a tidy frame and ``ax=None`` and returns the Axes, like
:mod:`footprint.outputs.plots`; :func:`series_figures` writes them all as PNG files without pyplot's global
state.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import EngFormatter

from footprint.outputs.plots import OTHER, PALETTE, style
from footprint.series import OTHER as OTHER_ORIGIN
from footprint.targets import SPLIT_GROUP, SPLIT_ORIGIN

__all__ = [
    "plot_importer_shift",
    "plot_origin_series",
    "plot_share_abroad_series",
    "plot_tracker",
    "plot_tracker_split",
    "series_figures",
]

_NOTE_COLOUR = "#555555"
_DOMESTIC = PALETTE[2]                       # green, as the consumer's own region in plots.py
_FOREIGN = [c for c in PALETTE if c != _DOMESTIC]


def _name(code: str, names: Mapping[str, str] | None) -> str:
    names = names or {}
    return f"{names[code]} ({code})" if code in names else code


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else Figure(figsize=size).subplots()


def _note(ax: Axes, note: str) -> None:
    if note:
        ax.annotate(note, (0, 0), xycoords="figure fraction", xytext=(4, 4),
                    textcoords="offset points", fontsize=7, color=_NOTE_COLOUR)


def _year_axis(ax: Axes, years: Sequence[int]) -> None:
    ax.set_xticks(list(years), [str(y) for y in years])
    ax.set_xlabel("year")


def _bar_width(years: Sequence[int]) -> float:
    gaps = np.diff(sorted(set(years)))
    return 0.6 * float(gaps.min()) if len(gaps) else 0.8


def _stacked_bars(ax: Axes, wide: pd.DataFrame, colours: Sequence[str], labels: Sequence[str]) -> None:
    """Stack the columns of ``wide`` (index: years); negative parts stack below zero."""
    years = [int(y) for y in wide.index]
    width = _bar_width(years)
    up = np.zeros(len(wide))
    down = np.zeros(len(wide))
    for col, colour, label in zip(wide.columns, colours, labels, strict=True):
        v = wide[col].to_numpy(dtype=float)
        base = np.where(v >= 0, up, down)
        ax.bar(years, v, width=width, bottom=base, color=colour, label=label)
        up, down = up + np.clip(v, 0, None), down + np.clip(v, None, 0)
    _year_axis(ax, years)
    ax.yaxis.set_major_formatter(EngFormatter(sep=""))
    handles, texts = ax.get_legend_handles_labels()  # legend top-down like the stack
    ax.legend(handles[::-1], texts[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False)


def _by_year(sel: pd.DataFrame, column: str, keep: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Values by year (rows) and ``column`` (columns), items outside ``keep`` summed as ``other``;
    returns the table and its columns in ``keep`` order, ``other`` last."""
    item = sel[column].where(sel[column].isin(keep), OTHER_ORIGIN)
    wide = sel.assign(**{column: item}).pivot_table(index="year", columns=column, values="value",
                                                    aggfunc="sum").fillna(0.0)
    return wide, [c for c in [*keep, OTHER_ORIGIN] if c in wide.columns]


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
    wide, cols = _by_year(sel, "origin_region", keep)
    colours = [_DOMESTIC if c == consumer else OTHER if c == OTHER_ORIGIN
               else _FOREIGN[i % len(_FOREIGN)] for i, c in enumerate(cols, start=-1)]
    labels = [f"{_name(c, names)}, domestic" if c == consumer else "other regions"
              if c == OTHER_ORIGIN else _name(c, names) for c in cols]
    ax = _axes(ax, (8, 5))
    _stacked_bars(ax, wide[cols], colours, labels)
    ax.set_ylabel(f"{indicator} [{unit}]")
    ax.set_title(f"{consumer} consumption, {group}: {indicator} by origin region", fontsize=10)
    _note(ax, note)
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
    ax = _axes(ax, (7, 4.5))
    for i, group in enumerate(groups):
        line = sel[sel["group"] == group].sort_values("year")
        colour = "#000000" if group == "total" else PALETTE[i % (len(PALETTE) - 1)]
        ax.plot(line["year"], 100.0 * line["share_abroad"], marker="o", color=colour, label=group,
                linewidth=2.2 if group == "total" else 1.5)
    _year_axis(ax, sorted({int(y) for y in sel["year"]}))
    ax.set_ylim(0, 100)
    ax.set_ylabel("share abroad [% of the footprint]")
    ax.set_title(f"{consumer} consumption: share of the {indicator} footprint that occurs abroad",
                 fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    _note(ax, note)
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
    ax = _axes(ax, (8, 0.35 * len(top) + 1.8))
    ax.barh([_name(r, names) for r in top["origin_region"]], 100.0 * top["iss"], color=colours)
    ax.axvline(0.0, color="#000000", linewidth=0.8)
    ax.set_xlabel(f"change of {consumer}'s share of the origin's {indicator} [percentage points]")
    ax.set_title(f"{group}: {consumer}'s importer share shift {years[0]} -> {years[1]} (I1)",
                 fontsize=10)
    ax.legend(handles=[Patch(color=PALETTE[5], label="waterbed flag"),
                       Patch(color=PALETTE[0], label="no flag")], fontsize=8, frameon=False)
    _note(ax, note)
    return ax


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
    ax = _axes(ax, (9, 5.5))
    ax.axhline(100.0, color=OTHER, linewidth=0.8)
    _tracker_lines(ax, tracker)
    _tracker_target(ax, tracker)
    _tracker_gap(ax, tracker)
    years = sorted({*(int(y) for y in tracker["year"]), target})
    _year_axis(ax, years)
    ax.set_xlim(years[0] - 1, target + 2)
    ax.set_ylabel(f"index [% of {base}]")
    ax.set_title(f"{first['consumer']}: {first['indicator']} [{first['unit']}] against "
                 f"-{100 * float(first['reduction']):.0f} % by {target} (base {base})", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    _note(ax, note)
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
    wide, cols = _by_year(sel, "item", keep)
    colours = [OTHER if c == OTHER_ORIGIN else PALETTE[i % len(PALETTE)] for i, c in enumerate(cols)]
    labels = [_name(c, names) if by == SPLIT_ORIGIN else c for c in cols]
    ax = _axes(ax, (8, 5))
    _stacked_bars(ax, wide[cols], colours, labels)
    ax.set_ylabel(f"{first['indicator']} [{first['unit']}]")
    ax.set_title(f"{first['consumer']} consumption: {first['indicator']} by {by}", fontsize=10)
    _note(ax, note)
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
    with style():  # the package's one figure style (footprint.outputs.plots.STYLE)
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
