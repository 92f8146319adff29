"""The RunResult API: every table by name, a short repr, the usage docstring of the package."""

from __future__ import annotations

import re

import pytest

import footprint
from footprint.demo import DEMO_LABEL
from footprint.errors import UnknownCodeError
from footprint.results import RunResult
from footprint.testing import (
    assert_data_label,
    assert_finite,
    assert_origins_sum_to_totals,
    assert_shares_sum_to_one,
)
from footprint.trade.read import VENDORED_LABEL


def test_every_table_by_name(demo_written: RunResult) -> None:
    result = demo_written
    assert result.tables[:4] == ("attribution", "summary", "by_region", "pressure_rows")
    for name in ("impacts", "impact_ranking", "impact_ranking_stability", "bilateral",
                 "waterbed_indicators", "waterbed_takers", "scenarios", "scenario_absorption"):
        assert name in result.tables
        assert result.table(name) is result.extra[name]  # extra keeps working
    assert result.table("summary") is result.summary
    assert result.table("pressure_rows") is result.pressures.matched
    assert list(result.table("by_region").columns) == list(result.by_region.columns)
    with pytest.raises(UnknownCodeError, match=r"no table 'impact'; close matches: 'impacts'.*\[impacts\]"):
        result.table("impact")


def test_repr_is_short_and_says_what_it_holds(demo_written: RunResult) -> None:
    text = repr(demo_written)
    assert len(text) < 1_000  # was 54,071 characters (the frames' reprs)
    assert demo_written.mrio.label in text and "NL consumption" in text
    rows = len(demo_written.attribution)
    assert f"attribution ({rows:,})" in text and "impact_ranking (" in text


def test_package_docstring_shows_usage() -> None:
    doc = footprint.__doc__ or ""
    assert "footprint.run(" in doc and 'result.table("' in doc
    for attribute in set(re.findall(r"result\.(\w+)", doc)):  # every attribute it shows exists
        assert hasattr(RunResult, attribute) or attribute in RunResult.__dataclass_fields__, attribute


def test_the_demo_tables_keep_the_identities(demo_written: RunResult) -> None:
    """footprint.testing's checks on the session's demo run: totals are the attribution summed over
    origins, domestic + abroad = total, every consumer's importer shares of an origin's pressure sum to
    one, no NaN where a number is due, and every table carries its data's label: the demo's on the
    tables computed on the demo MRIO, FAOSTAT's on the trade tables that come from the vendored trade
    data alone, a label of its own on every other table (published factors, FAOSTAT areas)."""
    result = demo_written
    assert_origins_sum_to_totals(result.attribution, result.summary)
    tables = {"attribution": result.attribution, "summary": result.summary, **result.extra}
    for name, table in tables.items():  # every row of every table labelled, one label per year
        assert_data_label(table, table=name)
    for name in ("attribution", "summary", "impacts", "impact_ranking", "impact_ranking_stability",
                 "impact_uncertainty", "impact_emissions", "impact_by_origin", "direct_stressors",
                 "bilateral", "scenarios", "scenario_absorption", "waterbed_indicators", "waterbed_takers",
                 "origin_countries"):
        assert_data_label(tables[name], DEMO_LABEL, table=name)  # computed on the demo MRIO
    for name in ("trade_waterbed", "trade_gainers", "trade_consumer_shares", "trade_displacement"):
        assert_data_label(tables[name], VENDORED_LABEL, table=name)  # the vendored FAOSTAT data alone
    assert_finite(result.attribution, ["value"], table="attribution")
    assert_finite(result.extra["impacts"], ["value"], table="impacts")
    zero = result.summary["total"] == 0  # share_abroad of a zero total is NaN
    assert (~zero).any() and result.summary.loc[zero, "share_abroad"].isna().all()
    assert_finite(result.summary[~zero], ["total", "domestic", "abroad", "share_abroad", "share_of_total"])
    assert_shares_sum_to_one(result.extra["bilateral"], "share",
                             ["year", "scenario", "group", "indicator", "origin_region", "origin_sector"],
                             table="bilateral")
