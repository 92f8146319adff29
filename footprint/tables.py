"""Report tables from the long attribution table: by origin region, summaries, the Excel workbook.

This is the only module that pivots long tables into wide, spreadsheet-friendly sheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from footprint.attribution import consumer_columns
from footprint.config import ConsumerConfig
from footprint.inputs.regions import region_names
from footprint.inputs.system import MRIO
from footprint.vocabulary import TOTAL_GROUP

__all__ = ["by_origin_region", "summary", "zero_footprint_notes", "zero_notes"]

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


def zero_footprint_notes(consumer: ConsumerConfig, mrio: MRIO, long: pd.DataFrame) -> list[str]:
    """A note when the consumer's whole footprint is zero, saying why (empty otherwise)."""
    if long["value"].ne(0.0).any():
        return []
    spend = float(mrio.Y[:, consumer_columns(mrio, consumer)].sum())
    why = (f"the chosen final demand ([consumer] final_demand = {list(consumer.categories)}) "
           f"of {consumer.region} is zero in this system" if spend == 0.0 else
           f"the chosen pressures are zero along the supply chains of {consumer.region}'s "
           f"chosen final demand ({spend:,.6g} {mrio.monetary_unit})")
    return [f"note: the footprint is zero for every group and pressure: {why}. The tables hold one "
            "zero row per group and pressure; choose other final-demand categories or pressures for "
            "a non-zero result."]
