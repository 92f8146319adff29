"""Pressure selection: regex rows on the loaded stressor names, units, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint.errors import ConfigError, UnitMismatchError, UnknownCodeError, UnmatchedPatternError
from footprint.inputs.sources import from_iosystem
from footprint.inputs.system import MRIO
from footprint.pressures import select_pressures


@pytest.fixture(scope="module")
def mrio() -> MRIO:
    return from_iosystem(pymrio.load_test(), label="pymrio test system")


def _table(**overrides: object) -> pd.DataFrame:
    row = {"pressure": "air", "layout": "*", "extension": "Emissions",
           "pattern": "^emission_type1", "input_unit": "kg", "factor": 0.001, "unit": "t",
           "source": "test"}
    row.update(overrides)
    return pd.DataFrame([row])


def test_conversion_matrix(mrio: MRIO) -> None:
    ps = select_pressures(_table(), mrio)
    assert ps.names == ("air",) and ps.units == ("t",)
    k = int(np.flatnonzero(mrio.stressors["stressor"] == "emission_type1 | air")[0])
    assert ps.C[0, k] == 0.001 and np.count_nonzero(ps.C) == 1
    assert list(ps.matched["stressor"]) == ["emission_type1 | air"]


def test_unmatched_pattern_lists_close_matches(mrio: MRIO) -> None:
    with pytest.raises(UnmatchedPatternError, match=r"matches no stressor.*emission_type1"):
        select_pressures(_table(pattern="^emission_typ1"), mrio)


def test_unknown_extension(mrio: MRIO) -> None:
    with pytest.raises(UnknownCodeError, match=r"extension 'Emisions'.*close matches: '[Ee]missions'"):
        select_pressures(_table(extension="Emisions"), mrio)


def test_unit_mismatch(mrio: MRIO) -> None:
    with pytest.raises(UnitMismatchError, match="is in 'kg' but the pressure table expects 't'"):
        select_pressures(_table(input_unit="t"), mrio)


def test_no_rows_for_layout(mrio: MRIO) -> None:
    with pytest.raises(ConfigError, match="no rows for data layout 'pymrio'"):
        select_pressures(_table(layout="exiobase3.8"), mrio)


def test_double_count_is_refused(mrio: MRIO) -> None:
    table = pd.concat([_table(), _table(pattern="type1")], ignore_index=True)
    with pytest.raises(ConfigError, match="counted twice"):
        select_pressures(table, mrio)
