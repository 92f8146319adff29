"""Figures of the waterbed tables (:mod:`footprint.waterbed.bilateral`), in the package's figure style.

Importer shares of the consumer's biggest origins over years (:func:`plot_importer_shares`), the
change of each scenario by region (:func:`plot_scenario_changes`) and the net global effect of the
scenarios as a heat map (:func:`plot_nge_heatmap`); :func:`waterbed_figures` writes those of a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.ticker import EngFormatter, PercentFormatter

from footprint.outputs.style import (
    DIVERGING,
    MAX_WIDTH,
    OTHER,
    PALETTE,
    add_note,
    ink_for,
    new_axes,
    new_figure,
    region_label,
    save_figure,
    style,
    styled,
)
from footprint.vocabulary import BASELINE

__all__ = ["plot_importer_shares", "plot_nge_heatmap", "plot_scenario_changes", "waterbed_figures"]


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
        ax.barh(y, v, left=left, color=colour, label=region_label(c, names) if c not in seen else None)
        seen.add(c)
        left += v
    ax.barh(y, 1.0 - left, left=left, color=OTHER,
            label="other consumers" if "other" not in seen else None)
    seen.add("other")


@styled
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
        The ``waterbed_indicators`` table (observed basis); origins are ranked by its
        ``shifted_pressure`` (|ISS| x P_r) and its first pair of years is shown.
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
    ind = ind[(ind["from_year"] == y0) & (ind["to_year"] == y1)].nlargest(top_n, "shifted_pressure")
    consumer = str(ind["consumer"].iloc[0])
    sel = shares[(shares["group"] == group) & (shares["indicator"] == indicator)
                 & (shares["scenario"] == BASELINE) & shares["year"].isin([y0, y1])
                 & shares["origin_region"].isin(ind["origin_region"])]
    others = sel[sel["consumer"] != consumer].groupby("consumer")["share"].sum()
    colour_of = {consumer: PALETTE[5]}
    for i, c in enumerate(others.nlargest(n_consumers).index):
        colour_of[str(c)] = PALETTE[i % 5]
    if ax is None:
        ax = new_axes(10, 0.55 * len(ind) + 1.8)
    labels: list[tuple[int, str]] = []
    seen: set[str] = set()
    for pos, (origin, flag) in enumerate(zip(ind["origin_region"], ind["waterbed_flag"], strict=True)):
        for j, year in enumerate((y0, y1)):
            y = pos * 3 + j
            head = f"{region_label(str(origin), names)}{' *' if flag else ''}  " if j == 0 else ""
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
    add_note(ax, note)
    return ax


@styled
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
        ax = new_axes(10, 0.7 * len(sel) + 2)
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
    add_note(ax, note)
    return ax


@styled
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
        ax = new_axes(7, 5)
    norm = TwoSlopeNorm(vcenter=0.0, vmin=min(-1.0, float(np.nanmin(values))),
                        vmax=max(1.0, float(np.nanmax(values))))
    image = ax.imshow(values, cmap=DIVERGING, norm=norm, origin="lower", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), [f"{d:g}" for d in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{q:g}" for q in grid.index])
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = values[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color=ink_for(DIVERGING(norm(value))))
    ax.set_xlabel("displacement rate d [-]")
    ax.set_ylabel("cut fraction q [-]")
    ax.set_title(f"{scenario}: net global effectiveness ({indicator})")
    fig = ax.get_figure(root=False)
    assert fig is not None
    fig.colorbar(image, ax=ax, label="NGE [-]: 1 = no leakage, 0 = all leaks, < 0 = backfire")
    add_note(ax, note)
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
                fig = new_figure(MAX_WIDTH, 0.85 * n + 1.8)
                plot_importer_shares(extra["bilateral"], ind, str(group), indicator,
                                     names=names, ax=fig.subplots())
                written.append(save_figure(fig, folder, f"waterbed_importer_shares_{group}.png", note))
        scen = extra.get("scenarios")
        if scen is not None and len(scen):
            indicator = _waterbed_indicator(scen)
            fig = new_figure(MAX_WIDTH, 0.75 * scen["scenario"].nunique() + 2)
            plot_scenario_changes(scen, indicator, ax=fig.subplots())
            written.append(save_figure(fig, folder, "waterbed_scenarios.png", note))
            for name, frame in scen[scen["indicator"] == indicator].groupby("scenario"):
                if frame["q"].nunique() > 1 and frame["d"].nunique() > 1:
                    fig = new_figure(7.5, 5)
                    plot_nge_heatmap(scen, str(name), indicator, ax=fig.subplots())
                    written.append(save_figure(fig, folder, f"waterbed_nge_{name}.png", note))
    return written
