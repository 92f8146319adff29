"""Report tables from the long attribution table: by origin region, summaries, the Excel workbook.

This is the only module that pivots long tables into wide, spreadsheet-friendly sheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from footprint.attribution import TOTAL_GROUP
from footprint.inputs.regions import region_names
from footprint.outputs.columns import about_frame

__all__ = ["by_origin_region", "region_names", "summary", "wide_sheet", "write_workbook", "zero_notes"]

KEYS = ["year", "consumer", "scenario", "group", "indicator", "unit"]


def by_origin_region(long: pd.DataFrame) -> pd.DataFrame:
    """Sum the long table over origin products: one row per group, indicator and origin region."""
    return long.groupby([*KEYS, "origin_region"], as_index=False, sort=False)["value"].sum()


def _top(frame: pd.DataFrame, n: int, names: dict[str, str]) -> str:
    total = frame["value"].sum()
    top = frame[frame["value"] != 0.0].nlargest(n, "value")
    return "; ".join(
        f"{names.get(r, r)} ({r}) {v / total:.0%}" if total else f"{r}"
        for r, v in zip(top["origin_region"], top["value"], strict=True)
    )


def _complete(out: pd.DataFrame, groups: Sequence[str], pressures: Mapping[str, str]) -> pd.DataFrame:
    """Add a zero row for every group and pressure the long table has no value for."""
    frames = [out]
    for (year, consumer, scenario), have in out.groupby(["year", "consumer", "scenario"], sort=False):
        seen = set(zip(have["group"], have["indicator"], strict=True))
        missing = [{"year": year, "consumer": consumer, "scenario": scenario, "group": g,
                    "indicator": p, "unit": u, "total": 0.0, "domestic": 0.0, "abroad": 0.0,
                    "share_abroad": np.nan, "top_origins": ""}
                   for g in groups for p, u in pressures.items() if (g, p) not in seen]
        frames.append(pd.DataFrame(missing, columns=out.columns))
    full = pd.concat([f for f in frames if len(f)], ignore_index=True)
    rank = {"year": {y: i for i, y in enumerate(dict.fromkeys(out["year"]))},
            "group": {g: i for i, g in enumerate(groups)},
            "indicator": {p: i for i, p in enumerate(pressures)}}
    return full.sort_values(["year", "group", "indicator"], kind="stable", ignore_index=True,
                            key=lambda col: col.map(rank[str(col.name)]).fillna(len(rank[str(col.name)])))


def summary(long: pd.DataFrame, top_n: int = 3, names: dict[str, str] | None = None, *,
            groups: Sequence[str] = (), pressures: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Headline figures per group and indicator.

    Columns: ``total``, ``domestic`` (origin = consumer region), ``abroad``, ``share_abroad`` [-],
    ``share_of_total`` (the group's share of the consumer's total footprint of that indicator, where
    the total includes direct final-demand stressors when those are switched on), ``top_origins``
    (the ``top_n`` largest origin regions with their shares) and ``data`` (the data label).

    With ``groups`` and ``pressures`` (name -> unit) given, every group has a row for every pressure:
    one that is zero in the system (the long table drops zero values) shows ``total`` 0.
    """
    names = names if names is not None else region_names()
    regional = by_origin_region(long)
    if regional.empty:  # nothing to attribute (all-zero final demand or pressures): no rows
        return pd.DataFrame(columns=[*KEYS, "total", "domestic", "abroad", "share_abroad",
                                     "share_of_total", "top_origins", "data"])
    rows = []
    for key, frame in regional.groupby(KEYS, sort=False):
        consumer = key[1]
        total = frame["value"].sum()
        domestic = frame.loc[frame["origin_region"] == consumer, "value"].sum()
        rows.append(
            {
                **dict(zip(KEYS, key, strict=True)),
                "total": total,
                "domestic": domestic,
                "abroad": total - domestic,
                "share_abroad": (total - domestic) / total if total else np.nan,
                "top_origins": _top(frame, top_n, names),
            }
        )
    out = pd.DataFrame(rows, columns=[*KEYS, "total", "domestic", "abroad", "share_abroad", "top_origins"])
    if groups and pressures:
        out = _complete(out, groups, pressures)
    totals = out[out["group"] == TOTAL_GROUP].set_index(["year", "consumer", "scenario", "indicator"])
    idx = pd.MultiIndex.from_frame(out[["year", "consumer", "scenario", "indicator"]])
    grand = totals["total"].reindex(idx).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out.insert(len(out.columns) - 1, "share_of_total", out["total"].to_numpy() / grand)
    labels = long.groupby("year", sort=False)["data"].first() if "data" in long.columns else pd.Series()
    out["data"] = out["year"].map(labels).fillna("") if len(labels) else ""
    return out


def zero_notes(summ: pd.DataFrame) -> list[str]:
    """One note per pressure that is zero for some group (of the summary's last year)."""
    last = summ[summ["year"] == summ["year"].iloc[-1]] if len(summ) else summ
    zero = last[last["total"] == 0]
    return [f"{indicator}: zero for group(s) {', '.join(map(str, frame['group']))} in this system "
            "(shown as 0 in summary.csv and the workbook)"
            for indicator, frame in zero.groupby("indicator", sort=False)]


def wide_sheet(long: pd.DataFrame, group: str, names: dict[str, str] | None = None,
               pressures: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One group as a table: origin regions as rows, indicators as columns (unit in the header).

    The last two rows are ``Total`` and ``Share abroad`` (the share of the total whose origin is not
    the consumer region). With ``pressures`` (name -> unit), a pressure the group does not carry gets
    a column of zeros.
    """
    names = names if names is not None else region_names()
    frame = by_origin_region(long[long["group"] == group])
    frame = frame.assign(column=frame["indicator"] + " [" + frame["unit"] + "]")
    wide = frame.pivot_table(index="origin_region", columns="column", values="value",
                             aggfunc="sum", sort=False).fillna(0.0)
    order = list(dict.fromkeys(frame["column"]))
    if pressures:
        named = [f"{p} [{u}]" for p, u in pressures.items()]
        order = named + [c for c in order if c not in named]
    wide = wide.reindex(columns=order, fill_value=0.0)
    first_land = next((c for c in order if c.startswith("land_total")), order[0])
    wide = wide.sort_values(first_land, ascending=False)
    consumer = str(long["consumer"].iloc[0])
    total = wide.sum()
    abroad = total - (wide.loc[consumer] if consumer in wide.index else 0.0)
    wide.index = [f"{names.get(r, r)} ({r})" for r in wide.index]
    wide.loc["Total"] = total
    wide.loc["Share abroad"] = abroad / total.replace(0.0, np.nan)
    wide.index.name = "origin region"
    return wide


def _format_group_sheet(ws: Any, n_rows: int, n_cols: int) -> None:
    """Readable widths and number formats: thousands separators, the share-abroad row in %."""
    ws.column_dimensions["A"].width = 34
    for col in range(2, n_cols + 2):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 22
        for row in range(2, n_rows + 1):
            ws.cell(row=row, column=col).number_format = "#,##0.0"
        ws.cell(row=n_rows + 1, column=col).number_format = "0.0%"
    ws.freeze_panes = "B2"


def write_workbook(long: pd.DataFrame, summ: pd.DataFrame, path: Path, label: str,
                   names: dict[str, str] | None = None,
                   extra_sheets: Mapping[str, pd.DataFrame] | None = None,
                   pressures: Mapping[str, str] | None = None,
                   documented: Sequence[str] | None = None) -> None:
    """Write the workbook: ``about``, ``summary``, one sheet per group, then ``extra_sheets``.

    The ``about`` sheet names the data, consumer and years, then holds the column dictionary
    (:mod:`footprint.outputs.columns`) of the tables ``documented`` (default: summary, attribution and the
    extra sheets).
    """

    names = names if names is not None else region_names()
    about = pd.DataFrame(
        {"item": ["data", "consumer", "year", "note"],
         "value": [label, ", ".join(map(str, long["consumer"].unique())),
                   ", ".join(map(str, long["year"].unique())),
                   "Rows 'Total' and 'Share abroad' close each group sheet; units are in the "
                   "column headers. 'total' is all final demand of the consumer."]}
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name="about", index=False)
        tables = documented if documented is not None else ["summary", "attribution", *(extra_sheets or {})]
        about_frame(tables).to_excel(writer, sheet_name="about", index=False, startrow=len(about) + 2)
        writer.sheets["about"].column_dimensions["A"].width = 26
        writer.sheets["about"].column_dimensions["B"].width = 24
        writer.sheets["about"].column_dimensions["C"].width = 90
        summ.to_excel(writer, sheet_name="summary", index=False)
        for group in long["group"].unique():
            sheet = str(group)[:31]
            wide = wide_sheet(long, str(group), names, pressures)
            wide.to_excel(writer, sheet_name=sheet)
            _format_group_sheet(writer.sheets[sheet], n_rows=len(wide), n_cols=wide.shape[1])
        for name, frame in (extra_sheets or {}).items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
