"""Maps of results by origin region, in the package's figure style (:mod:`footprint.outputs.plots`).

The world map is a tile map (:func:`plot_origin_map`): one square per EXIOBASE 3 region at the grid
position ``tile_col, tile_row`` of ``footprint/defaults/regions.csv``. The positions are schematic, chosen
by hand from rough geography (columns west to east, rows north to south); no package available offline
ships country polygons. :func:`impact_map_figures` writes the biodiversity-impact and land maps of a run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import EngFormatter, FuncFormatter

from footprint.errors import UnknownCodeError, close_matches
from footprint.inputs.regions import REGIONS_TABLE
from footprint.outputs.style import (
    MAP_CMAP,
    NO_DATA,
    add_note,
    ink_for,
    new_axes,
    region_label,
    save_figure,
    style,
    styled,
)

__all__ = ["impact_map_figures", "plot_origin_map", "region_tiles"]

ZERO = "zero"  # tile state of a region in the data whose value is exactly 0
NO_DATA_HATCH = "xx"
# tile kind -> face, edge, line style, hatch, text colour, label
_EMPTY_TILES = {"nodata": (NO_DATA, "#999999", "--", NO_DATA_HATCH, "#777777", ""),  # legend: "no data"
                "zero": ("white", "#555555", "-", None, "black", "0")}


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
            f"tile_col and tile_row to footprint/defaults/regions.csv or map it to an EXIOBASE 3 region.")
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


def _draw_tile(ax: Axes, code: str, col: int, row: int, colour: Any, row_group: bool) -> None:
    """One tile: ``colour`` a colour, :data:`ZERO` (a real zero) or ``None`` (no data)."""
    gap = 0.06

    def box(**style: Any) -> Rectangle:
        return Rectangle((col + gap, row + gap), 1 - 2 * gap, 1 - 2 * gap, **style)

    if colour is None or (isinstance(colour, str) and colour == ZERO):
        kind = "nodata" if colour is None else "zero"
        face, edge, dash, hatch, grey, text = _EMPTY_TILES[kind]
        ax.add_patch(box(facecolor=face, edgecolor=edge, linestyle=dash, lw=0.8, hatch=hatch,
                         gid=f"tile-{code}-{kind}"))
        ax.text(col + 0.5, row + (0.38 if text else 0.5), code, ha="center", va="center", fontsize=8,
                color=grey)
        if text:
            ax.text(col + 0.5, row + 0.68, text, ha="center", va="center", fontsize=8, color=grey)
        return
    ink = ink_for(colour)
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
               Patch(facecolor="white", edgecolor="#555555", label="0 (in the data, none from there)"),
               Patch(facecolor=NO_DATA, edgecolor="#999999", linestyle="--", hatch=NO_DATA_HATCH,
                     label="no data (not in this system)")]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(8.7, at), bbox_transform=ax.transData,
              fontsize=8, handlelength=1.6, handleheight=1.2)
    top = values.dropna().sort_values(ascending=False).head(5)
    if len(top) and top.iloc[0] > 0:
        lines = [f"{i}. {region_label(str(c), names)}: {_num(v)}" for i, (c, v) in enumerate(top.items(), 1)]
        ax.text(-0.1, at - 0.1, f"largest origins [{unit}]\n" + "\n".join(lines), ha="left", va="bottom",
                fontsize=8, linespacing=1.35)


@styled
def plot_origin_map(frame: pd.DataFrame, value_col: str, *, names: Mapping[str, str] | None = None,
                    title: str = "", unit: str = "", note: str = "", ax: Axes | None = None,
                    log: bool | None = None, tiles: pd.DataFrame | None = None,
                    regions: Sequence[str] | None = None) -> Axes:
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
        Tile table as returned by :func:`region_tiles` (default: ``footprint/defaults/regions.csv``).
    regions : sequence of str, optional
        The regions of the system the values come from: one of them without a row in ``frame`` is a
        real zero (result tables leave out zero values). Without it, only rows valued 0 are zeros.

    Returns
    -------
    Axes

    Raises
    ------
    UnknownCodeError
        A region of ``frame`` has no tile.

    Notes
    -----
    Colours: cividis reversed (darker = more). A zero is white with a solid outline and labelled "0";
    regions outside the data (absent from ``frame`` and from ``regions``) or with a NaN value are light
    grey, cross-hatched and dashed ("no data" in the legend). Rest-of-world regions (``type`` = ``RoW``: WA,
    WL, WE, WF, WM) stand for groups of countries and are hatched with a heavy outline.
    """
    tiles = region_tiles() if tiles is None else tiles
    names = names or {}
    values = _map_values(frame, value_col, tiles)
    if regions is not None:
        values = pd.concat([values, pd.Series(0.0, index=[r for r in regions if r not in values.index],
                                              dtype=float)])
    norm = _map_norm(values[values != 0], log)
    cmap = mpl.colormaps[MAP_CMAP]
    if ax is None:
        ax = new_axes(10, 6.2)
    for code, tile in tiles.iterrows():
        v = values.get(code, np.nan)
        colour = (ZERO if v == 0 else cmap(norm(v))) if np.isfinite(v) else None
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
    add_note(ax, note)
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
                       names: Mapping[str, str] | None = None, *, method: str | None = None,
                       regions: Sequence[str] | None = None) -> list[str]:
    """Write per group a tile map of biodiversity impact by origin above one of its land footprint.

    Parameters
    ----------
    extra : mapping
        The run's further tables; uses ``impacts``
        (:func:`footprint.impacts.characterise.characterise`). Nothing is written without it.
    folder : Path
        Existing folder the PNG files are written to.
    note : str
        Footnote (the data label).
    names : mapping, optional
        Region code -> name.
    method : str, optional
        Impact method; default the first of the table (the first configured, the main regional method
        ``msa_ibif2`` by default).
    regions : sequence of str, optional
        The system's regions: those without a row are drawn as zeros, not as "no data".

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
            # the tile grid is fixed, so is the layout (no layout engine: it would draw twice)
            fig = Figure(figsize=(10, 12.4))
            top, bottom = fig.subplots(2, 1, gridspec_kw={"left": 0.01, "right": 0.99, "top": 0.97,
                                                          "bottom": 0.05, "hspace": 0.17})
            unit, land_unit = str(rows["unit"].iloc[0]), str(rows["pressure_unit"].iloc[0])
            consumer = str(rows["consumer"].iloc[0])
            plot_origin_map(rows.rename(columns={"value": "land-use impact"}), "land-use impact",
                            names=names, unit=unit,
                            title=f"{consumer} consumption, {group}: biodiversity impact of land use by "
                                  f"origin ({method}, central)", ax=top, tiles=tiles, regions=regions)
            plot_origin_map(rows.rename(columns={"pressure": "land footprint"}), "land footprint",
                            names=names,
                            unit=land_unit, title=f"{consumer} consumption, {group}: land footprint by "
                                                  "origin", ax=bottom, tiles=tiles, regions=regions)
            written.append(save_figure(fig, folder, f"impact_map_{group}.png", note))
    return written
