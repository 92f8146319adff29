"""Assertion helpers for footprint's result tables.

Each helper raises :class:`AssertionError` with a message that names the table, the rows at fault and
the numbers, and returns nothing. They check the identities every result must keep (DOMAIN.md 5.2):
a group's footprint summed over origins equals its total in the summary, domestic plus abroad equals
the total, shares sum to one, no NaN or infinity where a number is due, and the data label on every
row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["assert_data_label", "assert_finite", "assert_origins_sum_to_totals", "assert_shares_sum_to_one"]

#: Columns that identify one footprint (a group's pressure for a consumer, year and scenario).
KEYS = ["year", "consumer", "scenario", "group", "indicator", "unit"]


def _describe(rows: pd.DataFrame, limit: int = 5) -> str:
    text = rows.head(limit).to_string(index=False)
    more = f"\n... and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"\n{text}{more}"


def assert_finite(frame: pd.DataFrame, columns: Sequence[str] | None = None, *, table: str = "table") -> None:
    """Every value of ``columns`` (default: every numeric column) is a finite number (no NaN, no inf).

    Parameters
    ----------
    frame : DataFrame
    columns : sequence of str, optional
        Columns to check; each must exist.
    table : str
        Name of the table in the message.
    """
    cols = list(frame.select_dtypes("number").columns) if columns is None else list(columns)
    missing = [c for c in cols if c not in frame.columns]
    assert not missing, f"{table}: no column(s) {missing}; it has {list(frame.columns)}"
    for col in cols:
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        assert not bad.any(), f"{table}: {int(bad.sum())} row(s) with NaN or inf in {col!r}:" + _describe(
            frame[bad])


def assert_data_label(frame: pd.DataFrame, label: str | None = None, *, table: str = "table") -> None:
    """The table has a ``data`` column, filled on every row; with ``label``, equal to it everywhere.

    Parameters
    ----------
    frame : DataFrame
    label : str, optional
        The expected data label (e.g. :data:`footprint.demo.DEMO_LABEL`); default: any one non-empty label
        per year (one label for the table when it has no ``year`` column).
    table : str
        Name of the table in the message.
    """
    assert "data" in frame.columns, (f"{table}: no 'data' column (the data label); "
                                     f"columns {list(frame.columns)}")
    empty = frame["data"].isna() | (frame["data"].astype(str).str.strip() == "")
    assert not empty.any(), (f"{table}: {int(empty.sum())} row(s) without a data label:"
                             + _describe(frame[empty]))
    if label is not None:
        wrong = frame["data"] != label
        assert not wrong.any(), (f"{table}: {int(wrong.sum())} row(s) labelled other than {label!r}: "
                                 f"{sorted(set(frame.loc[wrong, 'data']))[:3]}")
        return
    per = (frame.groupby("year")["data"].nunique() if "year" in frame.columns
           else pd.Series([frame["data"].nunique()]))
    assert (per <= 1).all(), f"{table}: more than one data label in a year: {sorted(set(frame['data']))[:5]}"


def assert_origins_sum_to_totals(long: pd.DataFrame, summary: pd.DataFrame, *, rtol: float = 1e-9,
                                 table: str = "summary") -> None:
    """The summary's ``total`` of each footprint equals the long table summed over origins, and
    ``domestic + abroad == total`` with ``domestic`` the origins in the consumer's own region.

    Parameters
    ----------
    long : DataFrame
        Attribution long table (columns :data:`KEYS`, ``origin_region``, ``origin_sector``, ``value``).
    summary : DataFrame
        Headline table (columns :data:`KEYS`, ``total``, ``domestic``, ``abroad``); a footprint
        absent from ``long`` (zero everywhere) must have ``total`` 0.
    rtol : float
        Relative tolerance; the absolute floor is ``rtol`` times the largest total of that indicator.
    table : str
        Name of the summary in the message.
    """
    sums = long.groupby(KEYS, sort=False)["value"].sum()
    home = long[long["origin_region"] == long["consumer"]].groupby(KEYS, sort=False)["value"].sum()
    got = summary.set_index(KEYS)
    want_total = sums.reindex(got.index, fill_value=0.0)
    want_home = home.reindex(got.index, fill_value=0.0)
    scale = got["total"].abs().groupby(level="indicator").transform("max").to_numpy()
    atol = rtol * np.maximum(scale, 1e-300)
    for name, have, want in (("total", got["total"], want_total), ("domestic", got["domestic"], want_home),
                             ("domestic + abroad", got["domestic"] + got["abroad"], got["total"])):
        off = ~np.isclose(have.to_numpy(dtype=float), want.to_numpy(dtype=float), rtol=rtol, atol=atol)
        assert not off.any(), (
            f"{table}: {name} differs from the attribution summed over origins in {int(off.sum())} "
            "row(s):" + _describe(pd.DataFrame({"have": have[off], "want": want[off]}).reset_index()))


def assert_shares_sum_to_one(frame: pd.DataFrame, share: str, by: Sequence[str], *, rtol: float = 1e-9,
                             table: str = "table") -> None:
    """Within every group of ``by``, the column ``share`` sums to one (groups whose shares are all NaN,
    e.g. of a zero total, are left out).

    Parameters
    ----------
    frame : DataFrame
    share : str
        Column of shares [-].
    by : sequence of str
        Columns that define one whole (e.g. the origin region, group, indicator and year of importer
        shares).
    rtol : float
        Tolerance on the sum.
    table : str
        Name of the table in the message.
    """
    missing = [c for c in (share, *by) if c not in frame.columns]
    assert not missing, f"{table}: no column(s) {missing}; it has {list(frame.columns)}"
    grouped = frame.groupby(list(by), sort=False, dropna=False)[share]
    sums = grouped.sum(min_count=1)
    sums = sums[grouped.count() > 0]
    off = ~np.isclose(sums.to_numpy(dtype=float), 1.0, rtol=0.0, atol=rtol)
    assert not off.any(), (f"{table}: {share!r} does not sum to one in {int(off.sum())} of {len(sums)} "
                           f"group(s) of {list(by)}:" + _describe(sums[off].rename("sum").reset_index()))
