"""The MRIO Monte Carlo in the printed summary and in the report: each group's footprint (summed
over origins) with its 5-95 % range, for the headline pressure (land by default)."""

from __future__ import annotations

import pandas as pd

from footprint.uncertainty.table import ALL_ORIGINS

__all__ = ["report_parts", "summary_lines"]


def _headline(table: pd.DataFrame, prefix: str) -> pd.DataFrame:
    rows = table[table["origin_region"] == ALL_ORIGINS]
    sel = rows[rows["indicator"].str.startswith(prefix)]
    return sel if len(sel) else rows[rows["indicator"] == rows["indicator"].iloc[0]]


def summary_lines(table: pd.DataFrame, prefix: str = "land_total") -> list[str]:
    """Lines for the command line: per group, deterministic value and the Monte Carlo p5-p95."""
    if table is None or table.empty:
        return []
    sel = _headline(table, prefix)
    first = sel.iloc[0]
    lines = [f"Uncertainty of the MRIO itself ({int(first['draws']):,} draws of Z, Y and F, seed "
             f"{int(first['seed'])}): {first['indicator']}, summed over origins [{first['unit']}]", ""]
    for _, row in sel.iterrows():
        lines.append(f"{row['group']:<10} {row['deterministic']:>14,.0f}   p5-p95 {row['mc_p5']:,.0f} to "
                     f"{row['mc_p95']:,.0f} (median {row['mc_p50']:,.0f})")
    return lines


def report_parts(table: pd.DataFrame | None, prefix: str = "land_total") -> tuple[str, pd.DataFrame | None]:
    """The report's paragraph (HTML) on what was drawn and the rows it shows: per group the
    deterministic footprint of the headline pressure beside the Monte Carlo p5 / p50 / p95."""
    if table is None or table.empty:
        return "", None
    sel = _headline(table, prefix)
    first = sel.iloc[0]
    head = (f"<p>Monte Carlo over the MRIO itself: {int(first['draws']):,} draws (seed "
            f"{int(first['seed'])}). In each, every non-zero entry of Z, Y and of the stressor rows the "
            "pressures use is drawn independently from a lognormal with its observed value as mean and a "
            "coefficient of variation that falls with the entry's size (the law and its parameters: "
            "the manifest's notes and the README; they are this project's choice, not Lenzen et al. "
            "(2010)'s fitted values); x, A and S are recomputed and I - A is factorised once. Every "
            "group, pressure and origin: the table mrio_uncertainty.</p>")
    shown = pd.DataFrame({
        "group": sel["group"], "pressure": sel["indicator"], "unit": sel["unit"],
        "deterministic": sel["deterministic"], "p5": sel["mc_p5"], "p50": sel["mc_p50"],
        "p95": sel["mc_p95"]})
    return head, shown
