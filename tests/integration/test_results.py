"""The RunResult API: every table by name, a short repr, the usage docstring of the package."""

from __future__ import annotations

import re

import pytest

import footprint
from footprint.errors import UnknownCodeError
from footprint.results import RunResult


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
