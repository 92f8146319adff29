"""The run's Excel workbook: the summary and one wide sheet per group (origin regions x pressures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from footprint.inputs.regions import region_names
from footprint.outputs.columns import about_frame
from footprint.tables import by_origin_region

__all__ = ["wide_sheet", "write_workbook"]


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
