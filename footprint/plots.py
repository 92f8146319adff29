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

The world map is a tile map (:func:`plot_origin_map`): one square per EXIOBASE 3 region at the grid
position ``tile_col, tile_row`` of ``config/regions.csv``. The positions are schematic, chosen by hand
from rough geography (columns west to east, rows north to south); no package available offline ships
country polygons.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, LogNorm, Normalize, TwoSlopeNorm, to_rgb
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import EngFormatter, FuncFormatter, MaxNLocator, PercentFormatter

from footprint.errors import UnknownCodeError, close_matches
from footprint.tables import REGIONS_TABLE

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "DIVERGING",
    "PALETTE",
    "SEQUENTIAL",
    "STYLE",
    "attribution_figures",
    "impact_map_figures",
    "impact_ranking_figures",
    "plot_importer_shares",
    "plot_nge_heatmap",
    "plot_origin_map",
    "plot_pressures_by_origin",
    "plot_rank_comparison",
    "plot_scenario_changes",
    "plot_top_origins",
    "region_tiles",
    "style",
    "waterbed_figures",
]

# Okabe & Ito (2008) colour-blind-safe palette, plus grey for "other".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
OTHER = "#BBBBBB"
NO_DATA = "#EEEEEE"
NOTE_COLOUR = "#444444"
SEQUENTIAL = "cividis"  # Nunez et al. (2018): perceptually uniform, readable with colour-vision deficiency
MAP_CMAP = "cividis_r"  # the same, reversed for maps: darker = more
# Okabe-Ito vermillion/orange -> white -> sky blue/blue, lightness symmetric about the centre
DIVERGING = LinearSegmentedColormap.from_list(
    "okabe_ito_orange_blue", ["#D55E00", "#E69F00", "#F7F7F7", "#56B4E9", "#0072B2"])
MAX_WIDTH = 11.0  # [in] at 100 dpi: 1100 px, within the report's 1150 px column
DPI = 100
NOTE_SIZE = 8
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9,
    "legend.frameon": False,
    "figure.titlesize": 12,
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": SEQUENTIAL,
    "savefig.dpi": DPI,
    "hatch.linewidth": 0.8,
}

P = ParamSpec("P")


@contextmanager
def style() -> Iterator[None]:
    """Context in which matplotlib uses the package style :data:`STYLE` (restored on exit)."""
    with mpl.rc_context(STYLE):
        yield


def _styled(func: Callable[P, Axes]) -> Callable[P, Axes]:
    """Run a plot function inside :func:`style` and tidy the Axes it returns."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Axes:
        with style():
            ax = func(*args, **kwargs)
            # an Axes made before the context keeps the old tick size and spines: set them explicitly
            ax.tick_params(labelsize=STYLE["xtick.labelsize"])
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        return ax

    return wrapper


def _label(code: str, names: Mapping[str, str]) -> str:
    return f"{names[code]} ({code})" if code in names else code


def _new_axes(width: float, height: float) -> Axes:
    """An Axes on a new pyplot figure (for interactive use, ``ax=None``) with room for the footnote."""
    fig = plt.figure(figsize=(min(width, MAX_WIDTH), height), layout="constrained")
    _reserve_note(fig)
    return fig.add_subplot()


def _new_figure(width: float, height: float) -> Figure:
    """A figure outside pyplot (no backend or global state) with room for the footnote."""
    fig = Figure(figsize=(min(width, MAX_WIDTH), height), layout="constrained")
    _reserve_note(fig)
    return fig


def _reserve_note(fig: Figure) -> None:
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, 0.22 / fig.get_figheight(), 1, 1 - 0.22 / fig.get_figheight()))


def _note(ax: Axes, note: str) -> None:
    """The data-label footnote at the bottom left of the Axes' figure (once per figure)."""
    fig = ax.get_figure(root=True)
    if not note or fig is None or any(t.get_text() == note for t in fig.texts):
        return
    fig.text(0.005, 0.005, note, fontsize=NOTE_SIZE, color=NOTE_COLOUR, ha="left", va="bottom")


def _save(fig: Figure, folder: Path, name: str, note: str) -> str:
    if note:
        _note(fig.axes[0], note)
    fig.savefig(folder / name, dpi=DPI)
    return name


# --- attribution ------------------------------------------------------------------------------


@_styled
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
    labels = [_label(r, names) + (", domestic" if r == consumer else "") for r in top["origin_region"]]
    values = list(top["value"])
    rest = sel["value"].iloc[top_n:].sum()
    if rest:
        labels.append("other regions")
        values.append(rest)
    colours = [PALETTE[2] if r == consumer else PALETTE[0] for r in top["origin_region"]]
    colours += [OTHER] * (len(values) - len(colours))
    if ax is None:
        ax = _new_axes(7, 0.32 * len(values) + 1.6)
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
    _note(ax, note)
    return ax


@_styled
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
        ax = _new_axes(9, 0.36 * len(plot) + 2)
    left = np.zeros(len(plot))
    for i, col in enumerate(plot.columns):
        colour = OTHER if col == "other" else PALETTE[i % len(PALETTE)]
        label = "other regions" if col == "other" else _label(col, names)
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
    _note(ax, note)
    return ax


def attribution_figures(regional: pd.DataFrame, folder: Path, *, note: str = "",
                        names: Mapping[str, str] | None = None, top_n: int = 8) -> list[str]:
    """Write per group a grid of top-origin bars (one panel per pressure) and the pressures by origin.

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

    Returns
    -------
    list of str
        ``top_origins_<group>.png`` and ``pressures_by_origin_<group>.png`` per group.
    """
    written = []
    with style():
        for group in map(str, regional["group"].unique()):
            sel = regional[regional["group"] == group]
            indicators = list(sel["indicator"].unique())
            rows = -(-len(indicators) // 3)
            fig = _new_figure(MAX_WIDTH, 2.7 * rows + 0.8)
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
            written.append(_save(fig, folder, f"top_origins_{group}.png", note))
            fig = _new_figure(10, 0.36 * len(indicators) + 2.2)
            plot_pressures_by_origin(regional, group, names=names, ax=fig.subplots())
            written.append(_save(fig, folder, f"pressures_by_origin_{group}.png", note))
    return written


# --- impacts ------------------------------------------------------------------------------------


@_styled
def plot_rank_comparison(ranked: pd.DataFrame, group: str, method: str, *, top_n: int = 8,
                         names: Mapping[str, str] | None = None, note: str = "",
                         ax: Axes | None = None) -> Axes:
    """Origins ranked by land pressure (left) and by biodiversity impact (right), lines joining each origin.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`footprint.impacts.ranking`.
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
        ax = _new_axes(8, 0.4 * top_n + 2)
    p_total, i_total = every["pressure"].sum(), every["impact"].sum()
    for _, row in sel.sort_values("impact_rank").iterrows():
        p_rank, i_rank = int(row["pressure_rank"]), int(row["impact_rank"])
        colour = PALETTE[5] if p_rank != i_rank else PALETTE[0]
        ax.plot([0, 1], [p_rank, i_rank], color=colour, marker="o", lw=2.2 if p_rank != i_rank else 1.2)
        share_p = row["pressure"] / p_total if p_total else 0.0
        name = _label(row["origin_region"], names)
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
    _note(ax, note)
    return ax


def impact_ranking_figures(ranked: pd.DataFrame, folder: Path, *, note: str = "",
                           names: Mapping[str, str] | None = None, top_n: int = 8) -> list[str]:
    """Write per group the rank comparison of every method (two panels a row).

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`footprint.impacts.ranking`.
    folder : Path
        Existing folder the PNG files are written to.
    note : str
        Footnote (the data label).
    names : mapping, optional
        Region code -> name.
    top_n : int
        Origins drawn per panel.

    Returns
    -------
    list of str
        ``impact_ranking_<group>.png`` per group.
    """
    methods = list(map(str, ranked["method"].unique()))
    cols = min(len(methods), 2)
    rows = -(-len(methods) // 2)
    written = []
    with style():
        for group in map(str, ranked["group"].unique()):
            fig = _new_figure(MAX_WIDTH, (0.36 * top_n + 1.4) * rows + 0.8)
            axes = fig.subplots(rows, cols, squeeze=False)
            for ax, method in zip(axes.flat, methods, strict=False):
                plot_rank_comparison(ranked, group, method, top_n=top_n, names=names, ax=ax)
                ax.set_title(method)
            for ax in axes.flat[len(methods):]:
                ax.set_visible(False)
            fig.suptitle(f"{group}: origins ranked by land area (left, share of the land footprint) and "
                         "by biodiversity impact\n(right, share of the central impact, low-high range); "
                         "vermillion = rank changes")
            written.append(_save(fig, folder, f"impact_ranking_{group}.png", note))
    return written


# --- tile map -----------------------------------------------------------------------------------


def region_tiles(path: Path = REGIONS_TABLE) -> pd.DataFrame:
    """Tile positions of the EXIOBASE 3 regions for :func:`plot_origin_map`.

    Parameters
    ----------
    path : Path
        Region table with columns ``exio_code, name, type, tile_col, tile_row`` (``type`` = ``RoW``
        marks the rest-of-world regions, which stand for groups of countries).

    Returns
    -------
    DataFrame
        Indexed by region code: ``name, type, col, row`` (integers; columns run west to east, rows
        north to south).
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({"name": table["name"].to_numpy(), "type": table["type"].to_numpy(),
                        "col": table["tile_col"].astype(int).to_numpy(),
                        "row": table["tile_row"].astype(int).to_numpy()},
                       index=pd.Index(table["exio_code"], name="region"))
    return out


def _map_values(frame: pd.DataFrame, value_col: str, tiles: pd.DataFrame) -> pd.Series:
    """One value per region (duplicates summed); unknown region codes are an error."""
    unknown = sorted(set(map(str, frame["origin_region"])) - set(tiles.index))
    if unknown:
        raise UnknownCodeError(
            f"plot_origin_map: region code {unknown[0]!r} has no tile ({len(unknown)} unknown: "
            f"{', '.join(unknown[:8])}); {close_matches(unknown[0], tiles.index)}. Add the region with "
            f"tile_col and tile_row to config/regions.csv or map it to an EXIOBASE 3 region.")
    return frame.groupby("origin_region", sort=False)[value_col].sum(min_count=1)


def _map_norm(values: pd.Series, log: bool | None) -> Normalize:
    """Log scale when asked, or (``log=None``) when positive values span more than two decades."""
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if len(finite) else 1.0
    positive = finite[finite > 0]
    if log is None:
        log = bool(len(positive)) and float(finite.min()) >= 0 and top / float(positive.min()) > 100
    if log and len(positive):
        return LogNorm(vmin=max(float(positive.min()), top * 1e-4), vmax=top, clip=True)
    return Normalize(vmin=min(0.0, float(finite.min()) if len(finite) else 0.0), vmax=top or 1.0)


def _num(value: float) -> str:
    """A compact number: 3 significant digits, engineering prefixes k, M, G from 1000 on."""
    if abs(value) >= 1e3:
        return str(EngFormatter(places=1, sep="")(value))
    return f"{value:.3g}"


def _ink(colour: Any) -> str:
    """Black or white text, whichever reads better on ``colour`` (any matplotlib colour)."""
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _draw_tile(ax: Axes, code: str, col: int, row: int, colour: Any, row_group: bool) -> None:
    gap = 0.06

    def box(**style: Any) -> Rectangle:
        return Rectangle((col + gap, row + gap), 1 - 2 * gap, 1 - 2 * gap, **style)

    if colour is None:
        ax.add_patch(box(facecolor=NO_DATA, edgecolor="#999999", linestyle="--", lw=0.8,
                         gid=f"tile-{code}-nodata"))
        ax.text(col + 0.5, row + 0.38, code, ha="center", va="center", fontsize=8, color="#777777")
        ax.text(col + 0.5, row + 0.68, "no data", ha="center", va="center", fontsize=6,
                color="#777777")
        return
    ink = _ink(colour)
    ax.add_patch(box(facecolor=colour, edgecolor="none", gid=f"tile-{code}"))
    if row_group:  # rest-of-world: a group of countries, hatched and outlined
        ax.add_patch(box(fill=False, hatch="///", edgecolor=ink, lw=0, alpha=0.45))
        ax.add_patch(box(fill=False, edgecolor="black", lw=1.8, gid=f"row-{code}"))
    ax.text(col + 0.5, row + 0.5, code, ha="center", va="center", fontsize=9, fontweight="bold",
            color=ink)


def _map_legend(ax: Axes, values: pd.Series, names: Mapping[str, str], unit: str, at: float) -> None:
    """Legend of the tile kinds and the largest origins by name, in the empty south-west corner."""
    handles = [Patch(facecolor="white", edgecolor="black", hatch="///", lw=1.8,
                     label="rest-of-world region (group of countries)"),
               Patch(facecolor=NO_DATA, edgecolor="#999999", linestyle="--", label="no data")]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(8.7, at), bbox_transform=ax.transData,
              fontsize=8, handlelength=1.6, handleheight=1.2)
    top = values.dropna().sort_values(ascending=False).head(5)
    if len(top) and top.iloc[0] > 0:
        lines = [f"{i}. {_label(str(c), names)}: {_num(v)}" for i, (c, v) in enumerate(top.items(), 1)]
        ax.text(-0.1, at - 0.1, f"largest origins [{unit}]\n" + "\n".join(lines), ha="left", va="bottom",
                fontsize=8, linespacing=1.35)


@_styled
def plot_origin_map(frame: pd.DataFrame, value_col: str, *, names: Mapping[str, str] | None = None,
                    title: str = "", unit: str = "", note: str = "", ax: Axes | None = None,
                    log: bool | None = None, tiles: pd.DataFrame | None = None) -> Axes:
    """Tile map of a value by origin region: one square per EXIOBASE 3 region at a schematic position.

    Parameters
    ----------
    frame : DataFrame
        Columns ``origin_region`` (EXIOBASE 3 code) and ``value_col``; rows of one region are summed.
    value_col : str
        Column shaded on the map.
    names : mapping, optional
        Region code -> name, for the list of the largest origins.
    title : str
        Axes title; the colour bar is labelled with ``value_col`` and ``unit``.
    unit : str
        Unit of ``value_col``, e.g. ``"ha*yr"``.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional
    log : bool, optional
        Logarithmic colour scale; by default when positive values span more than two decades (values
        below 1e-4 of the maximum get the lowest colour).
    tiles : DataFrame, optional
        Tile table as returned by :func:`region_tiles` (default: ``config/regions.csv``).

    Returns
    -------
    Axes

    Raises
    ------
    UnknownCodeError
        A region of ``frame`` has no tile.

    Notes
    -----
    Colours: cividis reversed (darker = more). Regions absent from ``frame`` or with a NaN value are light
    grey, dashed and labelled "no data". Rest-of-world regions (``type`` = ``RoW``: WA, WL, WE, WF, WM)
    stand for groups of countries and are hatched with a heavy outline.
    """
    tiles = region_tiles() if tiles is None else tiles
    names = names or {}
    values = _map_values(frame, value_col, tiles)
    norm = _map_norm(values, log)
    cmap = mpl.colormaps[MAP_CMAP]
    if ax is None:
        ax = _new_axes(10, 6.2)
    for code, tile in tiles.iterrows():
        v = values.get(code, np.nan)
        colour = cmap(norm(v)) if np.isfinite(v) else None
        _draw_tile(ax, str(code), int(tile["col"]), int(tile["row"]), colour, tile["type"] == "RoW")
    width, depth = int(tiles["col"].max()) + 1, int(tiles["row"].max()) + 1
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(depth + 0.2, -0.2)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    _map_legend(ax, values.reindex(tiles.index), names, unit, at=float(depth))
    fig = ax.get_figure(root=False)
    assert fig is not None
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, orientation="horizontal",
                       fraction=0.04, pad=0.01, shrink=0.7, aspect=35,
                       extend="min" if isinstance(norm, LogNorm) else "neither")
    scale = ", log scale" if isinstance(norm, LogNorm) else ""
    bar.set_label(f"{value_col} [{unit}]{scale}")
    if not isinstance(norm, LogNorm):
        bar.formatter = FuncFormatter(lambda v, _: _num(v))
    ax.set_title(title or f"{value_col} by origin region")
    _note(ax, note)
    return ax


def _main_method(impacts: pd.DataFrame, method: str | None) -> str:
    methods = list(map(str, impacts["method"].unique()))
    if method is None:
        return methods[0]
    if method not in methods:
        raise UnknownCodeError(f"impact_map_figures: method {method!r} is not in the impacts table; "
                               f"{close_matches(method, methods)}.")
    return method


def impact_map_figures(extra: Mapping[str, pd.DataFrame], folder: Path, note: str = "",
                       names: Mapping[str, str] | None = None, *, method: str | None = None) -> list[str]:
    """Write per group a tile map of biodiversity impact by origin above one of its land footprint.

    Parameters
    ----------
    extra : mapping
        The run's further tables; uses ``impacts`` (:func:`footprint.impacts.characterise`). Nothing is
        written without it.
    folder : Path
        Existing folder the PNG files are written to.
    note : str
        Footnote (the data label).
    names : mapping, optional
        Region code -> name.
    method : str, optional
        Impact method; default the first of the table (the first configured, the main regional method
        ``msa_ibif2`` by default).

    Returns
    -------
    list of str
        ``impact_map_<group>.png`` per group.

    Notes
    -----
    Impact = land-use impact, central bound (climate rows, which have no origin-specific factor, are
    left out); land = the land pressure behind it, summed over land types [ha*yr].
    """
    impacts = extra.get("impacts")
    if impacts is None or not len(impacts):
        return []
    method = _main_method(impacts, method)
    sel = impacts[(impacts["method"] == method) & (impacts["bound"] == "central")
                  & (impacts["land_type"] != "climate")]
    written = []
    with style():
        tiles = region_tiles()
        for group in map(str, sel["group"].unique()):
            rows = sel[sel["group"] == group]
            fig = _new_figure(10, 12.4)
            top, bottom = fig.subplots(2, 1)
            unit, land_unit = str(rows["unit"].iloc[0]), str(rows["pressure_unit"].iloc[0])
            consumer = str(rows["consumer"].iloc[0])
            plot_origin_map(rows.rename(columns={"value": "land-use impact"}), "land-use impact",
                            names=names, unit=unit,
                            title=f"{consumer} consumption, {group}: biodiversity impact of land use by "
                                  f"origin ({method}, central)", ax=top, tiles=tiles)
            plot_origin_map(rows.rename(columns={"pressure": "land footprint"}), "land footprint",
                            names=names,
                            unit=land_unit, title=f"{consumer} consumption, {group}: land footprint by "
                                                  "origin", ax=bottom, tiles=tiles)
            written.append(_save(fig, folder, f"impact_map_{group}.png", note))
    return written


# --- waterbed (footprint.waterbed tables) ------------------------------------------------------


def _waterbed_indicator(frame: pd.DataFrame) -> str:
    """The indicator the waterbed figures show: total land when present, else the first."""
    names = list(dict.fromkeys(frame["indicator"]))
    return "land_total" if "land_total" in names else str(names[0])


def _share_bar(ax: Axes, y: int, row: pd.DataFrame, colour_of: Mapping[str, str],
               names: Mapping[str, str], seen: set[str]) -> None:
    """One 100 % bar of importer shares: the coloured consumers, then the rest in grey."""
    left = 0.0
    for c, colour in colour_of.items():
        v = float(row.loc[row["consumer"] == c, "share"].sum())
        ax.barh(y, v, left=left, color=colour, label=_label(c, names) if c not in seen else None)
        seen.add(c)
        left += v
    ax.barh(y, 1.0 - left, left=left, color=OTHER,
            label="other consumers" if "other" not in seen else None)
    seen.add("other")


@_styled
def plot_importer_shares(shares: pd.DataFrame, indicators: pd.DataFrame, group: str,
                         indicator: str, *, top_n: int = 6, n_consumers: int = 4,
                         names: Mapping[str, str] | None = None, note: str = "",
                         ax: Axes | None = None) -> Axes:
    """Importer shares of the top origins before and after: one pair of 100 % bars per origin.

    Parameters
    ----------
    shares : DataFrame
        The ``bilateral`` table with importer shares (scenario ``baseline`` is used).
    indicators : DataFrame
        The ``waterbed_indicators`` table (observed basis); origins are ranked by its ``score``
        (|ISS| x P_r) and its first pair of years is shown.
    group, indicator : str
    top_n : int
        Origins shown.
    n_consumers : int
        Consumers with their own colour besides the run's consumer (largest shares); the rest are
        "other".
    names : mapping, optional
        Region code -> name.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    Bars are labelled ``origin year``; a ``*`` marks the waterbed flag of I1 (the consumer's share
    fell while the origin's total did not fall by more than tau).
    """
    names = names or {}
    ind = indicators[(indicators["group"] == group) & (indicators["indicator"] == indicator)
                     & (indicators["basis"] == "observed")]
    y0, y1 = int(ind["from_year"].iloc[0]), int(ind["to_year"].iloc[0])
    ind = ind[(ind["from_year"] == y0) & (ind["to_year"] == y1)].nlargest(top_n, "score")
    consumer = str(ind["consumer"].iloc[0])
    sel = shares[(shares["group"] == group) & (shares["indicator"] == indicator)
                 & (shares["scenario"] == "baseline") & shares["year"].isin([y0, y1])
                 & shares["origin_region"].isin(ind["origin_region"])]
    others = sel[sel["consumer"] != consumer].groupby("consumer")["share"].sum()
    colour_of = {consumer: PALETTE[5]}
    for i, c in enumerate(others.nlargest(n_consumers).index):
        colour_of[str(c)] = PALETTE[i % 5]
    if ax is None:
        ax = _new_axes(10, 0.55 * len(ind) + 1.8)
    labels: list[tuple[int, str]] = []
    seen: set[str] = set()
    for pos, (origin, flag) in enumerate(zip(ind["origin_region"], ind["waterbed_flag"], strict=True)):
        for j, year in enumerate((y0, y1)):
            y = pos * 3 + j
            head = f"{_label(str(origin), names)}{' *' if flag else ''}  " if j == 0 else ""
            labels.append((y, f"{head}{year}"))
            _share_bar(ax, y, sel[(sel["origin_region"] == origin) & (sel["year"] == year)],
                       colour_of, names, seen)
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(f"share of the origin's {group} {indicator} taken by each consumer [%]")
    ax.set_ylabel("origin region, year")
    ax.set_title(f"{group}: importer shares of the top origins, {y0} vs {y1} (* waterbed flag)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="consumer")
    _note(ax, note)
    return ax


@_styled
def plot_scenario_changes(scenarios: pd.DataFrame, indicator: str, *, note: str = "",
                          ax: Axes | None = None) -> Axes:
    """The consumer's footprint change beside the global change, per single-variant scenario.

    Parameters
    ----------
    scenarios : DataFrame
        The ``scenarios`` table; sweeps (several q or d) are left to :func:`plot_nge_heatmap`.
    indicator : str
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    Labels carry q, d (and where d came from) and NGE = dP_global / dF_consumer.
    """
    sel = scenarios[scenarios["indicator"] == indicator]
    single = sel.groupby("scenario")["q"].transform("size") == 1
    sel = sel[single]
    if ax is None:
        ax = _new_axes(10, 0.7 * len(sel) + 2)
    ys = range(len(sel))
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    ax.barh([y - 0.2 for y in ys], sel["d_consumer"], height=0.4, color=PALETTE[5],
            label=f"{consumer} footprint change")
    ax.barh([y + 0.2 for y in ys], sel["d_global"], height=0.4, color=PALETTE[0],
            label="global pressure change")
    labels = [f"{s}\nq={q:g}, d={d:.2f} ({'elast.' if src != 'given' else 'given'}), NGE={n:.2f}"
              for s, q, d, src, n in zip(sel["scenario"], sel["q"], sel["d"], sel["d_source"],
                                         sel["nge"], strict=True)]
    ax.set_yticks(list(ys), labels)
    ax.invert_yaxis()
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    ax.set_xlabel(f"change of {indicator} [{unit}]")
    ax.set_ylabel("scenario (cut q, displacement d)")
    ax.set_title(f"Scenarios: {consumer} change vs global change ({indicator})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _note(ax, note)
    return ax


@_styled
def plot_nge_heatmap(scenarios: pd.DataFrame, scenario: str, indicator: str, *, note: str = "",
                     ax: Axes | None = None) -> Axes:
    """Heat map of net global effectiveness over the q x d sweep of one scenario.

    Parameters
    ----------
    scenarios : DataFrame
        The ``scenarios`` table.
    scenario, indicator : str
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional

    Notes
    -----
    NGE = dP_global / dF_consumer [-]; for a same-product cut NGE = 1 - d whatever q is. Colours:
    :data:`DIVERGING` centred at 0 (white: the cut changes world pressure not at all), blue where world
    pressure falls (1 = by as much as the consumer's footprint), orange where it rises (backfire).
    """
    sel = scenarios[(scenarios["scenario"] == scenario) & (scenarios["indicator"] == indicator)]
    grid = sel.pivot_table(index="q", columns="d", values="nge", aggfunc="first")
    values = grid.to_numpy(dtype=float)
    if ax is None:
        ax = _new_axes(7, 5)
    norm = TwoSlopeNorm(vcenter=0.0, vmin=min(-1.0, float(np.nanmin(values))),
                        vmax=max(1.0, float(np.nanmax(values))))
    image = ax.imshow(values, cmap=DIVERGING, norm=norm, origin="lower", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), [f"{d:g}" for d in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{q:g}" for q in grid.index])
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = values[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color=_ink(DIVERGING(norm(value))))
    ax.set_xlabel("displacement rate d [-]")
    ax.set_ylabel("cut fraction q [-]")
    ax.set_title(f"{scenario}: net global effectiveness ({indicator})")
    fig = ax.get_figure(root=False)
    assert fig is not None
    fig.colorbar(image, ax=ax, label="NGE [-]: 1 = no leakage, 0 = all leaks, < 0 = backfire")
    _note(ax, note)
    return ax


def waterbed_figures(extra: Mapping[str, pd.DataFrame], folder: Path, *, note: str = "",
                     names: Mapping[str, str] | None = None) -> list[str]:
    """Write the waterbed figures of a run's tables into ``folder``; return the file names.

    Importer shares before/after per group (with two or more years), the consumer's change vs the
    global change per scenario, and a q x d heat map of NGE per sweep.
    """
    written: list[str] = []
    with style():
        ind = extra.get("waterbed_indicators")
        if ind is not None and len(ind) and "bilateral" in extra:
            indicator = _waterbed_indicator(ind)
            for group in ind["group"].unique():
                n = min(6, ind.loc[ind["group"] == group, "origin_region"].nunique())
                fig = _new_figure(MAX_WIDTH, 0.85 * n + 1.8)
                plot_importer_shares(extra["bilateral"], ind, str(group), indicator,
                                     names=names, ax=fig.subplots())
                written.append(_save(fig, folder, f"waterbed_importer_shares_{group}.png", note))
        scen = extra.get("scenarios")
        if scen is not None and len(scen):
            indicator = _waterbed_indicator(scen)
            fig = _new_figure(MAX_WIDTH, 0.75 * scen["scenario"].nunique() + 2)
            plot_scenario_changes(scen, indicator, ax=fig.subplots())
            written.append(_save(fig, folder, "waterbed_scenarios.png", note))
            for name, frame in scen[scen["indicator"] == indicator].groupby("scenario"):
                if frame["q"].nunique() > 1 and frame["d"].nunique() > 1:
                    fig = _new_figure(7.5, 5)
                    plot_nge_heatmap(scen, str(name), indicator, ax=fig.subplots())
                    written.append(_save(fig, folder, f"waterbed_nge_{name}.png", note))
    return written
