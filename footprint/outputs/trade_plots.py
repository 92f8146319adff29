"""Figures of the trade stage (:mod:`footprint.trade.stage`), in the package's figure style.

Who took over when the consumer bought less, per item and main exporter (:func:`plot_takers`); the
consumer's share of each main exporter's exports over time (:func:`plot_consumer_shares`); a
product group's land and impact by origin country (:func:`plot_origin_countries`);
:func:`trade_figures` writes those of a run. Every figure carries the FAOSTAT label (real data),
the origin-country figure also the MRIO's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import EngFormatter, PercentFormatter

from footprint.outputs.style import OTHER, PALETTE, add_note, new_axes, new_figure, save_figure, style, styled

__all__ = ["plot_consumer_shares", "plot_origin_countries", "plot_takers", "trade_figures"]

_ROLE_COLOUR = {"consumer": PALETTE[5], "gainer": PALETTE[0], "rest": OTHER}
_BASIS_COLOUR = {"trade": PALETTE[0], "fallback: land area": PALETTE[1], "single-country region": PALETTE[2]}


def _short(name: str, n: int = 26) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


@styled
def plot_takers(gainers: pd.DataFrame, item: str, exporter: str, period_from: str, period_to: str, *,
                note: str = "", ax: Axes | None = None) -> Axes:
    """Every buyer's change of one exporter's exports of an item between two periods [t].

    Parameters
    ----------
    gainers : DataFrame
        The ``trade_gainers`` table (:func:`footprint.trade.gainers.gainers_table`).
    item, exporter, period_from, period_to : str
        The row to show.
    note : str
        Footnote (the data label).
    ax : Axes, optional

    Notes
    -----
    The consumer's bar (vermillion) beside the largest gainers (blue) and all other buyers together
    (grey); the bars add up to the exporter's change, so a growing exporter's market shows as gains
    larger than the consumer's drop (the market-growth caveat of the absorption ratio).
    """
    sel = gainers[(gainers["item"] == item) & (gainers["exporter"] == exporter)
                  & (gainers["period_from"] == period_from) & (gainers["period_to"] == period_to)]
    if ax is None:
        ax = new_axes(7, 0.4 * len(sel) + 1.5)
    labels = [_short(str(b)) for b in sel["buyer"]]
    ax.barh(range(len(sel)), sel["change_t"], color=[_ROLE_COLOUR[str(r)] for r in sel["role"]])
    ax.set_yticks(range(len(sel)), labels)
    ax.invert_yaxis()
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(EngFormatter(unit="t"))
    ax.set_title(f"{_short(exporter, 30)}, {period_from} → {period_to}", fontsize=10)
    add_note(ax, note)
    return ax


@styled
def plot_consumer_shares(shares: pd.DataFrame, item: str, *, note: str = "", ax: Axes | None = None) -> Axes:
    """The consumer's share of each main exporter's exports of an item, year by year [%].

    Years in which an exporter did not report are gaps, not zeros.
    """
    sel = shares[shares["item"] == item]
    if ax is None:
        ax = new_axes(8, 4)
    for i, (exporter, rows) in enumerate(sel.groupby("exporter", sort=False)):
        full = rows.set_index("year")["consumer_share"].reindex(range(int(rows["year"].min()),
                                                                      int(rows["year"].max()) + 1))
        ax.plot(full.index, full.to_numpy(), marker=".", color=PALETTE[i % len(PALETTE)],
                label=_short(str(exporter)))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(bottom=0)
    who = str(sel["consumer"].iloc[0]) if len(sel) else ""
    ax.set_title(f"{item}: {_short(who, 30)}'s share of each main exporter's exports")
    ax.set_xlabel("year")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="exporter")
    add_note(ax, note)
    return ax


@styled
def plot_origin_countries(origin: pd.DataFrame, group: str, indicator: str, *, method: str = "",
                          top_n: int = 12, note: str = "", ax: Axes | None = None) -> Axes:
    """A group's land (or impact) by origin country, the top ``top_n``, coloured by how the country
    was found (trade shares, land-area fallback, single-country region)."""
    sel = origin[(origin["group"] == group) & (origin["indicator"] == indicator)
                 & (origin["method"] == method)]
    sums = sel.groupby(["origin_country", "split_basis"], sort=False)["value"].sum().reset_index()
    total = sums.groupby("origin_country")["value"].sum().nlargest(top_n)
    if ax is None:
        ax = new_axes(7, 0.3 * len(total) + 1.5)
    seen: set[str] = set()
    for pos, country in enumerate(total.index):
        left = 0.0
        for basis, value in sums.loc[sums["origin_country"] == country, ["split_basis", "value"]].itertuples(
                index=False):
            colour = _BASIS_COLOUR.get(str(basis), OTHER)
            ax.barh(pos, value, left=left, color=colour, label=None if basis in seen else str(basis))
            seen.add(str(basis))
            left += float(value)
    ax.set_yticks(range(len(total)), list(total.index))
    ax.invert_yaxis()
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    ax.set_xlabel(f"{indicator}{f' ({method})' if method else ''} [{unit}]")
    ax.legend(loc="lower right", title="country from")
    add_note(ax, note)
    return ax


def _taker_figures(gainers: pd.DataFrame, folder: Path, note: str) -> list[str]:
    written = []
    for item, rows in gainers.groupby("item", sort=False):
        cells = rows[["exporter", "period_from", "period_to"]].drop_duplicates()
        exporters = list(dict.fromkeys(cells["exporter"]))
        pairs = list(dict.fromkeys(zip(cells["period_from"], cells["period_to"], strict=True)))
        fig = new_figure(5.2 * len(pairs), 2.4 * len(exporters) + 0.8)
        axes = fig.subplots(len(exporters), len(pairs), squeeze=False)
        for i, exporter in enumerate(exporters):
            for j, (p0, p1) in enumerate(pairs):
                plot_takers(rows, str(item), str(exporter), str(p0), str(p1), ax=axes[i][j])
        fig.suptitle(f"{item}: who took over when the consumer bought less (change of purchases) [t]")
        written.append(save_figure(fig, folder, f"trade_takers_{item}.png", note))
    return written


def trade_figures(tables: Mapping[str, pd.DataFrame], folder: Path, *, note: str = "", mixed_note: str = "",
                  group: str = "protein") -> list[str]:
    """Write the trade figures of a run's tables into ``folder``; return the file names.

    Parameters
    ----------
    tables : mapping
        ``trade_gainers``, ``trade_consumer_shares`` and ``origin_countries`` (each optional).
    folder : Path
    note : str
        Footnote of the trade figures (the FAOSTAT label).
    mixed_note : str
        Footnote of the origin-country figure (the MRIO's and the FAOSTAT label).
    group : str
        The group of the origin-country figure (``total`` when the run has no such group).
    """
    written: list[str] = []
    with style():
        gainers = tables.get("trade_gainers")
        if gainers is not None and len(gainers):
            written += _taker_figures(gainers, folder, note)
        shares = tables.get("trade_consumer_shares")
        if shares is not None and len(shares):
            items = list(dict.fromkeys(shares["item"]))
            fig = new_figure(10, 3.2 * len(items) + 0.6)
            for ax, item in zip(fig.subplots(len(items), 1, squeeze=False)[:, 0], items, strict=True):
                plot_consumer_shares(shares, str(item), ax=ax)
            written.append(save_figure(fig, folder, "trade_consumer_shares.png", note))
        origin = tables.get("origin_countries")
        if origin is not None and len(origin):
            year = int(origin["year"].max())
            main = origin[origin["year"] == year]
            show = group if group in set(main["group"]) else "total"
            fig = new_figure(11, 4.6)
            left, right = fig.subplots(1, 2)
            plot_origin_countries(main, show, "land_total", ax=left)
            left.set_title(f"{show}: land by origin country, {year}")
            method = "pdf_lcimpact"
            plot_origin_countries(main, show, "pdf", method=method, ax=right)
            right.set_title(f"{show}: impact by origin country ({method})")
            written.append(save_figure(fig, folder, f"origin_countries_{show}.png", mixed_note))
    return written
