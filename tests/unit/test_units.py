"""Units through one pint registry: conversions, the pressure-row check, the shipped tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pymrio
import pytest

from footprint import units
from footprint.config import CONFIG_DIR, read_pressures_table
from footprint.errors import UnitMismatchError
from footprint.inputs.sources import from_iosystem
from footprint.pressures import select_pressures


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("km2", "m2", 1e6), ("km2", "ha", 100), ("m2", "ha", 1e-4), ("ha", "m2", 1e4),
    ("m2*yr", "ha*yr", 1e-4), ("MSA-loss*km2*yr", "MSA-loss*ha*yr", 100),
    ("t CO2-eq", "kg CO2-eq", 1000), ("global PDF*yr", "global PDF*yr", 1),
    ("kt", "t", 1000),            # a kilotonne (pint's default registry reads a knot)
    ("Mm3", "m3", 1e6),           # EXIOBASE's million m3 (not a cubic megametre)
    ("TJ", "MJ", 1e6), ("M.EUR", "EUR", 1e6), ("1000 p", "p", 1000), ("M.hr", "hr", 1e6),
    ("kg CO2 eq.", "kg CO2-eq", 1),  # EXIOBASE 3.8 impacts spelling
    ("kg", "t N", 1e-3),          # an unlabelled mass converts to a labelled one
    ("Mha", "ha", 1e6),
])
def test_conversions(a: str, b: str, expected: float) -> None:
    assert units.scale(a, b) == pytest.approx(expected, rel=1e-12)


def test_ibif_factor_per_hectare() -> None:
    # an IBIF factor of 6.25e-7 MSA-loss*km2 per m2*yr is 0.625 MSA-loss*ha per ha*yr (by hand:
    # 6.25e-7 * 100 ha/km2 / 1e-4 ha/m2)
    scale = units.scale("MSA-loss*km2*yr", "MSA-loss*ha*yr") / units.scale("m2*yr", "ha*yr")
    assert 6.25e-7 * scale == pytest.approx(0.625)


@pytest.mark.parametrize(("a", "b"), [("m2", "kg"), ("global PDF*yr", "MSA-loss*ha*yr"),
                                      ("m2*yr", "ha"), ("t CO2-eq", "t N"),
                                      ("PDF*m2*yr", "global PDF*yr"), ("kg", "kg CO2-eq"),
                                      ("M.EUR", "Mill USD")])
def test_different_quantities_do_not_convert(a: str, b: str) -> None:
    with pytest.raises(UnitMismatchError, match="different quantities"):
        units.scale(a, b)


def test_unknown_unit_is_named() -> None:
    with pytest.raises(UnitMismatchError, match=r"'furlong\?' is neither a known unit"):
        units.parse("furlong?")
    assert not units.same("furlong?", "kg") and units.same("furlong?", " furlong? ")


def test_conversion_row_needs_the_conversion_factor() -> None:
    """The issue's case: land_total in Mha with the factor 100 of ha left: refused, fix named."""
    assert units.check_factor("km2", 100, "ha", where="row") == 1.0
    with pytest.raises(UnitMismatchError) as info:
        units.check_factor("km2", 100, "Mha", where="config/pressures.csv row 6 (pressure 'land_total')")
    text = str(info.value)
    assert "row 6 (pressure 'land_total')" in text and "'km2'" in text and "'Mha'" in text
    assert "set factor to 0.0001" in text and "set unit to 'ha'" in text
    with pytest.raises(UnitMismatchError, match="cannot become unit 'kg'"):
        units.check_factor("km2", 100, "kg", where="row")


def test_characterisation_row_returns_its_factor() -> None:
    """kg of CH4 -> t CO2-eq: factor 0.028 = 0.001 (kg -> t) x 28 (GWP100, AR5)."""
    assert units.check_factor("kg", 0.028, "t CO2-eq", where="row") == pytest.approx(28)
    with pytest.raises(UnitMismatchError, match="cannot become"):
        units.check_factor("km2", 0.028, "t CO2-eq", where="row")
    units.check_reference("CO2", 1.0, ["CO2 - combustion - air"], where="row")
    units.check_reference("CO2", 28.0, ["CH4 - combustion - air"], where="row")
    with pytest.raises(UnitMismatchError, match="CO2 is the reference of CO2-eq"):
        units.check_reference("CO2", 1000.0, ["CO2 - combustion - air"], where="row")


def _table(path: Path, unit: str, factor: str) -> Path:
    table = pd.read_csv(CONFIG_DIR / "pressures.csv", dtype=str, keep_default_na=False)
    table.loc[table["pressure"] == "land_total", ["unit", "factor"]] = [unit, factor]
    table.to_csv(path, index=False)
    return path


def test_pressure_table_refuses_mha_with_factor_100(tmp_path: Path) -> None:
    path = _table(tmp_path / "p.csv", "Mha", "100")
    line = int(pd.read_csv(path)["pressure"].eq("land_total").idxmax()) + 2  # header is line 1
    with pytest.raises(UnitMismatchError, match=rf"p\.csv row {line} \(pressure 'land_total'\): "
                       r"input_unit 'km2' x factor 100 does not give unit 'Mha'"):
        read_pressures_table(path)
    assert set(read_pressures_table(_table(tmp_path / "p.csv", "Mha", "0.0001"))["unit"]) >= {"Mha"}


def test_scaled_co2_eq_with_factor_left_is_refused() -> None:
    """ghg in kt CO2-eq with the factor of t CO2-eq: the CO2 rows would characterise by 1000."""
    mrio = from_iosystem(pymrio.load_test(), label="pymrio test system")
    named = mrio.stressors.assign(stressor=mrio.stressors["stressor"].str.replace(
        "emission_type1", "CO2 - combustion"))
    co2 = dataclasses.replace(mrio, stressors=named)
    row = {"pressure": "ghg", "layout": "*", "extension": "Emissions", "pattern": "^CO2 - ",
           "input_unit": "kg", "factor": 0.001, "unit": "kt CO2-eq", "source": "test"}
    with pytest.raises(UnitMismatchError, match="reference of CO2-eq"):
        select_pressures(pd.DataFrame([row]), co2)
    ok = select_pressures(pd.DataFrame([{**row, "unit": "t CO2-eq"}]), co2)
    assert ok.matched["characterisation"].tolist() == [pytest.approx(1.0)]


def test_shipped_tables_parse_and_convert() -> None:
    """Every unit of the shipped pressure and factor tables is known and converts to its target."""
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")  # checks every row's factor
    assert len(table)
    factors = pd.read_csv(CONFIG_DIR / "characterisation" / "factors.csv", dtype=str,
                          keep_default_na=False)
    targets = {"msa_loss": "MSA-loss*ha*yr", "pdf": "global PDF*yr"}
    for (indicator, impact, per), _ in factors.groupby(["indicator", "impact_unit", "per_unit"]):
        assert units.scale(impact, targets[indicator]) > 0
        assert units.scale(per, "ha*yr" if "yr" in per else "kg CO2-eq") > 0


def test_exiobase_unit_spellings_parse() -> None:
    """Units of EXIOBASE 3 extensions (3.8 satellite/impacts, 3.9+) and pymrio's test system."""
    for text in ("M.EUR", "1000 p", "M.hr", "kg", "kg CO2 eq.", "kg SO2 eq.", "kg PO4 eq.",
                 "kg 1,4-DB eq.", "TJ", "km2", "Mm3", "kt", "Mill USD", "MJ"):
        assert units.parse(text).text == text


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("000 USD", "M USD", 1e-3), ("‘000 US$", "M USD", 1e-3), ("Million USD", "M USD", 1),
    ("Mill USD", "USD", 1e6), ("1000 ha", "ha", 1e3), ("Gg", "t", 1e3), ("m", "km", 1e-3),
])
def test_other_mrios_spellings(a: str, b: str, expected: float) -> None:
    """Eora26, GLORIA, OECD ICIO and WIOD spell money and mass like this (pymrio 0.7's parsers)."""
    assert units.scale(a, b) == pytest.approx(expected, rel=1e-12)


def test_every_shipped_pressure_table_passes() -> None:
    for path in sorted(CONFIG_DIR.glob("**/pressures*.csv")):
        assert len(read_pressures_table(path)), path  # checks every row's units and factor


def test_unit_kept_as_it_is_passes_even_outside_the_registry() -> None:
    assert units.scale("millions of US$", "M USD") == 1.0  # WIOD through pymrio 0.7
    assert units.check_factor("capita", 1.0, "capita", where="row") == 1.0
    with pytest.raises(UnitMismatchError, match="x factor 2 does not give unit 'capita'"):
        units.check_factor("capita", 2.0, "capita", where="row")
