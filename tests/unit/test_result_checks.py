"""The assertion helpers for result tables pass on consistent tables and fail, naming the fault, on
tables broken in each way they guard against."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from footprint.testing import (
    assert_data_label,
    assert_finite,
    assert_origins_sum_to_totals,
    assert_shares_sum_to_one,
)

KEYS = {"year": 2022, "consumer": "NL", "scenario": "baseline", "unit": "ha", "data": "test data"}


def _long() -> pd.DataFrame:
    rows = [("total", "NL", 1.0), ("total", "BR", 3.0), ("protein", "NL", 0.5), ("protein", "BR", 2.5)]
    return pd.DataFrame([{**KEYS, "group": g, "indicator": "land", "origin_region": r, "origin_sector": "p",
                          "value": v} for g, r, v in rows])


def _summary() -> pd.DataFrame:
    return pd.DataFrame([{**KEYS, "group": g, "indicator": "land", "total": t, "domestic": d, "abroad": t - d}
                         for g, t, d in (("total", 4.0, 1.0), ("protein", 3.0, 0.5))])


def test_consistent_tables_pass() -> None:
    long, summary = _long(), _summary()
    assert_origins_sum_to_totals(long, summary)
    assert_finite(summary)
    assert_data_label(summary, "test data")
    assert_data_label(long)
    shares = long.assign(share=long["value"] / long.groupby("group")["value"].transform("sum"))
    assert_shares_sum_to_one(shares, "share", ["group"])


def test_a_total_that_is_not_the_sum_over_origins_fails() -> None:
    summary = _summary()
    summary.loc[1, "total"] = 3.1
    with pytest.raises(AssertionError, match=r"summary: total differs .* in 1 row"):
        assert_origins_sum_to_totals(_long(), summary)


def test_domestic_plus_abroad_must_be_the_total() -> None:
    summary = _summary()
    summary.loc[0, "abroad"] = 2.0
    with pytest.raises(AssertionError, match=r"domestic \+ abroad differs"):
        assert_origins_sum_to_totals(_long(), summary)


def test_a_footprint_missing_from_the_long_table_must_be_zero() -> None:
    summary = pd.concat([_summary(), _summary().iloc[[1]].assign(group="energy")], ignore_index=True)
    with pytest.raises(AssertionError, match="total differs"):
        assert_origins_sum_to_totals(_long(), summary)
    summary.loc[2, ["total", "domestic", "abroad"]] = 0.0
    assert_origins_sum_to_totals(_long(), summary)


def test_nan_and_inf_fail() -> None:
    for bad in (np.nan, np.inf):
        summary = _summary()
        summary.loc[0, "domestic"] = bad
        with pytest.raises(AssertionError, match=r"table: 1 row\(s\) with NaN or inf in 'domestic'"):
            assert_finite(summary)
    with pytest.raises(AssertionError, match=r"no column\(s\) \['share'\]"):
        assert_finite(_summary(), ["share"])


def test_missing_or_wrong_data_label_fails() -> None:
    with pytest.raises(AssertionError, match="no 'data' column"):
        assert_data_label(_summary().drop(columns="data"))
    blank = _summary()
    blank.loc[0, "data"] = " "
    with pytest.raises(AssertionError, match=r"1 row\(s\) without a data label"):
        assert_data_label(blank)
    with pytest.raises(AssertionError, match="labelled other than 'real data'"):
        assert_data_label(_summary(), "real data")
    mixed = _summary()
    mixed.loc[0, "data"] = "other data"
    with pytest.raises(AssertionError, match="more than one data label in a year"):
        assert_data_label(mixed)


def test_shares_that_do_not_sum_to_one_fail() -> None:
    frame = pd.DataFrame({"origin": ["BR", "BR", "US", "US", "CN"], "share": [0.4, 0.6, 0.5, 0.4, np.nan]})
    with pytest.raises(AssertionError, match=r"'share' does not sum to one in 1 of 2 group"):
        assert_shares_sum_to_one(frame, "share", ["origin"])
