"""Drawing helpers of the time-series figures (series and tracker): region labels, year axes,
stacked bars by year, the data-label note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import EngFormatter

from footprint.outputs.style import PALETTE
from footprint.series import OTHER as OTHER_ORIGIN

__all__ = [
    "DOMESTIC",
    "FOREIGN",
    "SERIES_NOTE_COLOUR",
    "axes_or_new",
    "bar_width",
    "by_year",
    "series_label",
    "series_note",
    "stacked_bars",
    "year_axis",
]

SERIES_NOTE_COLOUR = "#555555"
DOMESTIC = PALETTE[2]                       # green, as the consumer's own region in plots.py
FOREIGN = [c for c in PALETTE if c != DOMESTIC]


def series_label(code: str, names: Mapping[str, str] | None) -> str:
    names = names or {}
    return f"{names[code]} ({code})" if code in names else code


def axes_or_new(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else Figure(figsize=size).subplots()


def series_note(ax: Axes, note: str) -> None:
    if note:
        ax.annotate(note, (0, 0), xycoords="figure fraction", xytext=(4, 4),
                    textcoords="offset points", fontsize=7, color=SERIES_NOTE_COLOUR)


def year_axis(ax: Axes, years: Sequence[int]) -> None:
    ax.set_xticks(list(years), [str(y) for y in years])
    ax.set_xlabel("year")


def bar_width(years: Sequence[int]) -> float:
    gaps = np.diff(sorted(set(years)))
    return 0.6 * float(gaps.min()) if len(gaps) else 0.8


def stacked_bars(ax: Axes, wide: pd.DataFrame, colours: Sequence[str], labels: Sequence[str]) -> None:
    """Stack the columns of ``wide`` (index: years); negative parts stack below zero."""
    years = [int(y) for y in wide.index]
    width = bar_width(years)
    up = np.zeros(len(wide))
    down = np.zeros(len(wide))
    for col, colour, label in zip(wide.columns, colours, labels, strict=True):
        v = wide[col].to_numpy(dtype=float)
        base = np.where(v >= 0, up, down)
        ax.bar(years, v, width=width, bottom=base, color=colour, label=label)
        up, down = up + np.clip(v, 0, None), down + np.clip(v, None, 0)
    year_axis(ax, years)
    ax.yaxis.set_major_formatter(EngFormatter(sep=""))
    handles, texts = ax.get_legend_handles_labels()  # legend top-down like the stack
    ax.legend(handles[::-1], texts[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False)


def by_year(sel: pd.DataFrame, column: str, keep: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Values by year (rows) and ``column`` (columns), items outside ``keep`` summed as ``other``;
    returns the table and its columns in ``keep`` order, ``other`` last."""
    item = sel[column].where(sel[column].isin(keep), OTHER_ORIGIN)
    wide = sel.assign(**{column: item}).pivot_table(index="year", columns=column, values="value",
                                                    aggfunc="sum").fillna(0.0)
    return wide, [c for c in [*keep, OTHER_ORIGIN] if c in wide.columns]
