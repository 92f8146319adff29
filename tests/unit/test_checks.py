"""Tests of footprint.checks: system checks and unit checks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pymrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footprint.checks import check_system, check_units
from footprint.errors import (
    CorruptDataError,
    InvalidValuesError,
    NotProductiveError,
    UnitMismatchError,
    UnknownCodeError,
)
from footprint.inputs.sources import from_iosystem
from footprint.inputs.system import MRIO

REGIONS = ("NL", "DE")
SECTORS = ("Wheat", "Dairy products")
CATS = ("Final consumption expenditure by households", "Changes in inventories")


def make(
    A: np.ndarray | None = None, Y: np.ndarray | None = None, F: np.ndarray | None = None
) -> MRIO:
    """A balanced 2-region x 2-sector system; x solves x = A x + Y e."""
    A = np.array(
        [
            [0.10, 0.20, 0.05, 0.00],
            [0.00, 0.10, 0.00, 0.05],
            [0.05, 0.00, 0.10, 0.20],
            [0.00, 0.05, 0.00, 0.10],
        ]
        if A is None
        else A
    )
    if Y is None:
        Y = np.array([[5, 0, 1, 0], [10, 1, 2, 0], [1, 0, 6, 0], [2, 0, 9, 1]], dtype=float)
    x = np.linalg.solve(np.eye(4) - A, Y.sum(axis=1))
    F = np.array([[1.0, 2, 3, 4], [0.5, 0, 0, 1]]) if F is None else F
    return MRIO(
        regions=REGIONS,
        sectors=SECTORS,
        fd_categories=CATS,
        A=A,
        x=x,
        Y=Y,
        F=F,
        F_Y=np.zeros((2, 4)),
        stressors=pd.DataFrame(
            {
                "extension": ["land", "air_emissions"],
                "stressor": ["Cropland - Wheat", "CO2 - combustion - air"],
                "unit": ["km2", "kg"],
            }
        ),
        label="fixture",
    )


def test_good_system_has_no_notes() -> None:
    assert check_system(make()) == []


def test_pymrio_test_system_passes() -> None:
    mrio = from_iosystem(pymrio.load_test(), label="pymrio test")
    assert check_system(mrio, rtol=1e-9) == []


@pytest.mark.parametrize(
    ("array", "pos", "where"),
    [
        ("A", (1, 2), "row ('NL', 'Dairy products'), column ('DE', 'Wheat')"),
        ("x", (3,), "row ('DE', 'Dairy products')"),
        ("Y", (0, 3), "row ('NL', 'Wheat'), column ('DE', 'Changes in inventories')"),
        ("F", (1, 0), "row 'air_emissions | CO2 - combustion - air', column ('NL', 'Wheat')"),
        ("F_Y", (0, 1), "row 'land | Cropland - Wheat', column ('NL', 'Changes in inventories')"),
    ],
)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf(array: str, pos: tuple[int, ...], where: str, bad: float) -> None:
    mrio = make()
    values = getattr(mrio, array).copy()
    values[pos] = bad
    broken = dataclasses.replace(mrio, **{array: values})
    with pytest.raises(InvalidValuesError) as info:
        check_system(broken)
    assert isinstance(info.value, ValueError)
    text = str(info.value)
    assert f"{array} has 1 NaN/inf" in text and where in text and "re-download" in text


def test_count_of_bad_values() -> None:
    mrio = make()
    A = mrio.A.copy()
    A[0, :3] = np.nan
    with pytest.raises(InvalidValuesError, match="A has 3 NaN/inf"):
        check_system(dataclasses.replace(mrio, A=A))


def test_first_offender_named() -> None:
    mrio = make()
    F = mrio.F.copy()
    F[1, 0] = np.nan
    with pytest.raises(InvalidValuesError, match=r"CO2 - combustion - air.*\('NL', 'Wheat'\)"):
        check_system(dataclasses.replace(mrio, F=F))


def test_negative_a_strict_and_lenient() -> None:
    A = make().A.copy()
    A[2, 1] = -0.01
    broken = make(A=A)
    with pytest.raises(CorruptDataError) as info:
        check_system(broken)
    text = str(info.value)
    assert "1 negative" in text and "('DE', 'Wheat')" in text and "('NL', 'Dairy products')" in text
    assert "strict=False" in text
    notes = check_system(broken, strict=False)
    assert len(notes) == 1 and notes[0].startswith("warning:") and "negative" in notes[0]


def test_not_productive() -> None:
    A = make().A.copy()
    A[:, 3] = [0.5, 0.3, 0.1, 0.2]
    broken = dataclasses.replace(make(), A=A)
    with pytest.raises(NotProductiveError) as info:
        check_system(broken, strict=False)
    assert isinstance(info.value, ArithmeticError)
    text = str(info.value)
    assert "('DE', 'Dairy products'): 1.1" in text and "monetary units" in text


def test_imbalance_strict_and_lenient() -> None:
    mrio = make()
    x = mrio.x.copy()
    x[2] *= 1.01
    broken = dataclasses.replace(mrio, x=x)
    with pytest.raises(CorruptDataError) as info:
        check_system(broken)
    text = str(info.value)
    assert "balance" in text and "('DE', 'Wheat')" in text and "strict=False" in text
    notes = check_system(broken, strict=False)
    assert len(notes) == 1 and notes[0].startswith("warning:")
    assert check_system(broken, rtol=0.1) == []


def test_tiny_imbalance_within_tolerance() -> None:
    mrio = make()
    broken = dataclasses.replace(mrio, x=mrio.x * (1 + 1e-9))
    assert check_system(broken) == []


def test_negative_final_demand_is_a_note() -> None:
    Y = make().Y.copy()
    Y[1, 3] = -0.5
    notes = check_system(make(Y=Y))
    assert len(notes) == 1 and notes[0].startswith("note:")
    assert "Changes in inventories" in notes[0] and "-0.5" in notes[0]


def test_zero_output_with_stressors_is_a_note() -> None:
    A = make().A.copy()
    A[3, :] = 0.0
    Y = make().Y.copy()
    Y[3, :] = 0.0
    mrio = make(A=A, Y=Y)
    assert mrio.x[3] == 0
    notes = check_system(mrio)
    assert len(notes) == 1 and "zero output" in notes[0] and "('DE', 'Dairy products')" in notes[0]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.0, 0.24), min_size=16, max_size=16),
    st.lists(st.floats(0.0, 100.0), min_size=16, max_size=16),
)
def test_any_productive_nonnegative_system_passes(a: list[float], y: list[float]) -> None:
    mrio = make(A=np.array(a).reshape(4, 4), Y=np.array(y).reshape(4, 4))
    assert [n for n in check_system(mrio) if not n.startswith("note:")] == []


# --------------------------------------------------------------------------- units


def test_units_match() -> None:
    stressors = make().stressors
    check_units(
        stressors, {"Cropland - Wheat": "km2", "air_emissions | CO2 - combustion - air": "kg"}
    )
    check_units(stressors, {"Cropland - Wheat": " km2 "})


def test_unit_mismatch() -> None:
    with pytest.raises(UnitMismatchError) as info:
        check_units(make().stressors, {"Cropland - Wheat": "ha", "CO2 - combustion - air": "kg"})
    assert isinstance(info.value, ValueError)
    text = str(info.value)
    assert "'Cropland - Wheat'" in text and "'km2'" in text and "'ha'" in text
    assert "input_unit" in text and "CO2" not in text


def test_unit_check_unknown_stressor() -> None:
    with pytest.raises(UnknownCodeError, match="close matches: 'Cropland - Wheat'"):
        check_units(make().stressors, {"Cropland - Wheet": "km2"}, where="pressures.csv")
