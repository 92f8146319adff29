"""Figures from tidy attribution tables. Each function takes a frame and ``ax=None`` and returns the Axes."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import EngFormatter, MaxNLocator

__all__ = [
    "PALETTE",
    "plot_importer_shares",
    "plot_nge_heatmap",
    "plot_pressures_by_origin",
    "plot_rank_comparison",
    "plot_scenario_changes",
    "plot_top_origins",
    "waterbed_figures",
]

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


def plot_rank_comparison(ranked: pd.DataFrame, group: str, method: str, *, top_n: int = 8,
                         names: dict[str, str] | None = None, note: str = "",
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
    names : dict, optional
        Region code -> name for labels.
    note : str
        Footnote, e.g. the data label.
    ax : Axes, optional
    """
    names = names or {}
    sel = ranked[(ranked["group"] == group) & (ranked["method"] == method)]
    sel = sel[(sel["pressure_rank"] <= top_n) | (sel["impact_rank"] <= top_n)]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.4 * top_n + 2))
    p_total = ranked.loc[(ranked["group"] == group) & (ranked["method"] == method), "pressure"].sum()
    i_total = ranked.loc[(ranked["group"] == group) & (ranked["method"] == method), "impact"].sum()
    for _, row in sel.sort_values("impact_rank").iterrows():
        moved = row["pressure_rank"] != row["impact_rank"]
        colour = PALETTE[5] if moved else PALETTE[0]
        ax.plot([0, 1], [row["pressure_rank"], row["impact_rank"]], color=colour, marker="o",
                lw=2 if moved else 1)
        share_p = row["pressure"] / p_total if p_total else 0.0
        rng = f"{row['impact_low'] / i_total:.0%}-{row['impact_high'] / i_total:.0%}" if i_total else ""
        ax.annotate(f"{_label(row['origin_region'], names)} {share_p:.0%}", (0, row["pressure_rank"]),
                    xytext=(-6, 0), textcoords="offset points", ha="right", va="center", fontsize=8)
        ax.annotate(f"{_label(row['origin_region'], names)} {row['impact'] / i_total:.0%} ({rng})"
                    if i_total else row["origin_region"], (1, row["impact_rank"]), xytext=(6, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=8)
    ax.set_xlim(-0.9, 1.9)
    ax.set_xticks([0, 1], ["rank by land pressure [ha]", f"rank by impact ({method})"])
    ax.invert_yaxis()
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("rank")
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    ax.set_title(f"{group}: origins by land area vs by {method} [{unit}]\n"
                 "(share of the group's total; impact low-high as share of the central total)", fontsize=9)
    if note:
        ax.annotate(note, (0, 0), xycoords="figure fraction", xytext=(4, 4),
                    textcoords="offset points", fontsize=7, color="#555555")
    return ax


# --- waterbed (footprint.waterbed tables) ------------------------------------------------------


def _waterbed_indicator(frame: pd.DataFrame) -> str:
    """The indicator the waterbed figures show: total land when present, else the first."""
    names = list(dict.fromkeys(frame["indicator"]))
    return "land_total" if "land_total" in names else str(names[0])


def plot_importer_shares(shares: pd.DataFrame, indicators: pd.DataFrame, group: str,
                         indicator: str, *, top_n: int = 6, n_consumers: int = 4,
                         names: dict[str, str] | None = None, ax: Axes | None = None) -> Axes:
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
    names : dict, optional
        Region code -> name.
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
        _, ax = plt.subplots(figsize=(8, 0.6 * len(ind) + 1.5))
    labels, seen = [], set()
    for pos, (origin, flag) in enumerate(zip(ind["origin_region"], ind["waterbed_flag"],
                                             strict=True)):
        for j, year in enumerate((y0, y1)):
            row = sel[(sel["origin_region"] == origin) & (sel["year"] == year)]
            y = pos * 3 + j
            labels.append((y, f"{origin}{' *' if flag else ''} {year}"))
            left = 0.0
            for c, colour in colour_of.items():
                v = float(row.loc[row["consumer"] == c, "share"].sum())
                ax.barh(y, v, left=left, color=colour,
                        label=_label(c, names) if c not in seen else None)
                seen.add(c)
                left += v
            ax.barh(y, 1.0 - left, left=left, color=OTHER,
                    label="other consumers" if "other" not in seen else None)
            seen.add("other")
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of the origin's {group} {indicator} by consumer [-]")
    ax.set_title(f"{group}: importer shares of the top origins, {y0} vs {y1} (* waterbed flag)",
                 fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return ax


def plot_scenario_changes(scenarios: pd.DataFrame, indicator: str, *, ax: Axes | None = None
                          ) -> Axes:
    """The consumer's footprint change beside the global change, per single-variant scenario.

    Parameters
    ----------
    scenarios : DataFrame
        The ``scenarios`` table; sweeps (several q or d) are left to :func:`plot_nge_heatmap`.
    indicator : str
    ax : Axes, optional

    Notes
    -----
    Labels carry q, d (and where d came from) and NGE = dP_global / dF_consumer.
    """
    sel = scenarios[scenarios["indicator"] == indicator]
    single = sel.groupby("scenario")["q"].transform("size") == 1
    sel = sel[single]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.8 * len(sel) + 1.5))
    ys = range(len(sel))
    consumer = str(sel["consumer"].iloc[0]) if len(sel) else ""
    ax.barh([y - 0.2 for y in ys], sel["d_consumer"], height=0.4, color=PALETTE[5],
            label=f"{consumer} footprint change")
    ax.barh([y + 0.2 for y in ys], sel["d_global"], height=0.4, color=PALETTE[0],
            label="global pressure change")
    labels = [f"{s}\nq={q:g}, d={d:.2f} ({'elast.' if src != 'given' else 'given'}), NGE={n:.2f}"
              for s, q, d, src, n in zip(sel["scenario"], sel["q"], sel["d"], sel["d_source"],
                                         sel["nge"], strict=True)]
    ax.set_yticks(list(ys), labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))
    unit = str(sel["unit"].iloc[0]) if len(sel) else ""
    ax.set_xlabel(f"change of {indicator} [{unit}]")
    ax.set_title(f"Scenarios: {consumer} change vs global change ({indicator})", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    return ax


def plot_nge_heatmap(scenarios: pd.DataFrame, scenario: str, indicator: str, *,
                     ax: Axes | None = None) -> Axes:
    """Heat map of net global effectiveness over the q x d sweep of one scenario.

    Parameters
    ----------
    scenarios : DataFrame
        The ``scenarios`` table.
    scenario, indicator : str
    ax : Axes, optional

    Notes
    -----
    NGE = dP_global / dF_consumer [-]; for a same-product cut NGE = 1 - d whatever q is.
    """
    sel = scenarios[(scenarios["scenario"] == scenario) & (scenarios["indicator"] == indicator)]
    grid = sel.pivot_table(index="q", columns="d", values="nge", aggfunc="first")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    image = ax.imshow(grid.to_numpy(), cmap="viridis", vmin=0.0, vmax=1.0, origin="lower",
                      aspect="auto")
    ax.set_xticks(range(grid.shape[1]), [f"{d:g}" for d in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{q:g}" for q in grid.index])
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = grid.iat[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if value < 0.6 else "black")
    ax.set_xlabel("displacement rate d [-]")
    ax.set_ylabel("cut fraction q [-]")
    ax.set_title(f"{scenario}: net global effectiveness ({indicator})", fontsize=10)
    ax.figure.colorbar(image, ax=ax, label="NGE [-]")
    return ax


def waterbed_figures(extra: dict[str, pd.DataFrame], folder: Path, *, note: str = "",
                     names: dict[str, str] | None = None) -> list[str]:
    """Write the waterbed figures of a run's tables into ``folder``; return the file names.

    Importer shares before/after per group (with two or more years), the consumer's change vs the
    global change per scenario, and a q x d heat map of NGE per sweep.
    """
    from matplotlib.figure import Figure  # no pyplot state

    written: list[str] = []

    def save(fig: Figure, name: str) -> None:
        if note:
            fig.text(0.005, 0.005, note, fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        fig.savefig(folder / name, dpi=100)
        written.append(name)

    ind = extra.get("waterbed_indicators")
    if ind is not None and len(ind) and "bilateral" in extra:
        indicator = _waterbed_indicator(ind)
        for group in ind["group"].unique():
            fig = Figure(figsize=(10, 6))
            plot_importer_shares(extra["bilateral"], ind, str(group), indicator,
                                 names=names, ax=fig.subplots())
            save(fig, f"waterbed_importer_shares_{group}.png")
    scen = extra.get("scenarios")
    if scen is not None and len(scen):
        indicator = _waterbed_indicator(scen)
        fig = Figure(figsize=(10, 1.0 * scen["scenario"].nunique() + 2))
        plot_scenario_changes(scen, indicator, ax=fig.subplots())
        save(fig, "waterbed_scenarios.png")
        sizes = scen[scen["indicator"] == indicator].groupby("scenario")
        for name, frame in sizes:
            if frame["q"].nunique() > 1 and frame["d"].nunique() > 1:
                fig = Figure(figsize=(7, 5))
                plot_nge_heatmap(scen, str(name), indicator, ax=fig.subplots())
                save(fig, f"waterbed_nge_{name}.png")
    return written
