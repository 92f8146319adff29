"""The shipped pressure table against the real EXIOBASE 3 row names (config/reference), both layouts.

Each pressure of ``footprint/defaults/pressures.csv`` is selected with
:func:`footprint.pressures.select_pressures` on a stand-in system whose stressors are exactly the
real rows of a layout (names and units from ``config/reference``, the values are irrelevant).
Every family of every pressure must select at least
one real row (so ``Domestic Extraction Used - Fossil Fuel: Total``, the only fossil row of 3.8, and
``Domestic Extraction Used - Grazing`` can no longer be dropped silently), the families must cover the
rows they are meant to cover, and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.config import CONFIG_DIR, read_pressures_table
from footprint.errors import UnmatchedPatternError
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet, select_pressures

REFERENCE = Path(CONFIG_DIR) / "reference"
FILES = {"exiobase3.8": "exiobase38_satellite.csv", "exiobase3.9": "exiobase39_extensions.csv"}
DEU = "Domestic Extraction Used - "


def _real(layout: str) -> MRIO:
    """A one-region, one-sector system whose stressors are the real rows of ``layout``."""
    rows = pd.read_csv(REFERENCE / FILES[layout], dtype=str, keep_default_na=False)
    k = len(rows)
    return MRIO(("R",), ("s",), ("F_HOUS",), np.zeros((1, 1)), np.ones(1), np.zeros((1, 1)),
                np.ones((k, 1)), np.zeros((k, 1)), rows.reset_index(drop=True),
                label=f"real {layout} row names", layout=layout)


@pytest.fixture(scope="module", params=sorted(FILES))
def real(request: pytest.FixtureRequest) -> tuple[MRIO, PressureSet]:
    mrio = _real(request.param)
    return mrio, select_pressures(read_pressures_table(CONFIG_DIR / "pressures.csv"), mrio)


def _rows(ps: PressureSet, pressure: str, family: str | None = None) -> set[str]:
    m = ps.matched[ps.matched["pressure"] == pressure]
    if family is not None:
        m = m[m["family"] == family]
    return set(m["stressor"])


def _names(mrio: MRIO, pattern: str) -> set[str]:
    return {s for s in mrio.stressors["stressor"] if re.search(pattern, s)}


def test_reference_lists_are_complete_as_cited() -> None:
    """1,113 rows for 3.8 (bw2io 0.9.17), the per-extension counts the 3.9 listing states."""
    r38 = pd.read_csv(REFERENCE / FILES["exiobase3.8"])
    r39 = pd.read_csv(REFERENCE / FILES["exiobase3.9"])
    assert len(r38) == 1113 and set(r38["extension"]) == {"satellite"}
    assert r39.groupby("extension").size().to_dict() == {
        "air_emissions": 420, "employment": 12, "energy": 4, "factor_inputs": 9, "land": 26,
        "material": 62, "nutrients": 6, "water": 194}
    assert not r38["stressor"].duplicated().any() and not r39["stressor"].duplicated().any()


def test_every_family_selects_real_rows(real: tuple[MRIO, PressureSet]) -> None:
    """Every (pressure, family) row of the table for this layout matches at least one real row (no
    note: select_pressures raised for required families; optional ones must be present too)."""
    mrio, ps = real
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    families = table[table["layout"] == mrio.layout][["pressure", "family"]].drop_duplicates()
    got = set(map(tuple, ps.matched[["pressure", "family"]].drop_duplicates().to_numpy()))
    assert set(map(tuple, families.to_numpy())) == got
    assert ps.notes == ()


def test_abiotic_families_and_exactly_the_used_extraction(real: tuple[MRIO, PressureSet]) -> None:
    mrio, ps = real
    fossil = {"exiobase3.8": {DEU + "Fossil Fuel: Total"},
              "exiobase3.9": _names(mrio, "^" + DEU + "Fossil Fuels - ")}[mrio.layout]
    assert _rows(ps, "abiotic_materials", "fossil fuels") == fossil and fossil
    assert _rows(ps, "abiotic_materials", "metal ores (gross ore)") == _names(mrio, "^" + DEU + "Metal Ores")
    assert _rows(ps, "abiotic_materials", "non-metallic minerals") == _names(mrio, "^" + DEU + "Non-Metallic")
    every = _names(mrio, "^" + DEU)
    abiotic, biotic = _rows(ps, "abiotic_materials"), _rows(ps, "biotic_materials")
    assert abiotic | biotic == every and not abiotic & biotic  # all used extraction, once
    assert not _names(mrio, "^Unused") & (abiotic | biotic)


def test_biotic_families(real: tuple[MRIO, PressureSet]) -> None:
    mrio, ps = real
    grazing = {"exiobase3.8": DEU + "Grazing", "exiobase3.9": DEU + "Grazed biomass"}[mrio.layout]
    assert _rows(ps, "biotic_materials", "grazing") == {grazing}
    for family, start in (("primary crops", "Primary Crops"), ("crop residues", "Crop residues"),
                          ("fodder crops", "Fodder crops"), ("forestry", "Forestry"),
                          ("fishery", "Fishery")):
        assert _rows(ps, "biotic_materials", family) == _names(mrio, "^" + DEU + start)
    assert _rows(ps, "fish_catch") < _rows(ps, "biotic_materials", "fishery")
    assert not any("plants" in s for s in _rows(ps, "fish_catch"))


def test_greenhouse_gases_complete_and_only_biogenic_co2_left_out(real: tuple[MRIO, PressureSet]) -> None:
    """Every CO2, CH4, N2O (biogenic combustion rows of 3.9 included), SF6, HFC and PFC row is in
    ``ghg``; the only rows left out are biogenic CO2."""
    mrio, ps = real
    gases = _names(mrio, r"^(?:CO2|CH4|N2O)(?:_bio)? - .* - air$|^(?:SF6|HFC|PFC) - air$")
    excluded = gases - _rows(ps, "ghg")
    assert excluded == {"exiobase3.8": {"CO2 - waste - biogenic - air"},
                        "exiobase3.9": {"CO2 - waste - biogenic - air",
                                        "CO2_bio - combustion - air"}}[mrio.layout]
    assert _rows(ps, "ghg") <= gases
    if mrio.layout == "exiobase3.9":
        assert {"CH4_bio - combustion - air", "N2O_bio - combustion - air"} <= _rows(ps, "ghg")
    else:
        assert not _names(mrio, "_bio")  # 3.8 has no biogenic combustion rows to find
    # the input units hold: F-gases HFC/PFC are supplied in kg CO2-eq, SF6 in kg
    assert set(ps.matched.loc[ps.matched["stressor"].isin(["HFC - air", "PFC - air"]), "input_unit"]) == {
        "kg CO2-eq"}
    C = dict(zip(ps.matched["stressor"], ps.matched["factor"], strict=True))
    assert C["SF6 - air"] == pytest.approx(23.5) and C["HFC - air"] == 0.001


def test_land_water_nutrients_cover_their_rows(real: tuple[MRIO, PressureSet]) -> None:
    mrio, ps = real
    parts = [_rows(ps, p) for p in ("land_cropland", "land_pasture", "land_forestry", "land_builtup")]
    total = _rows(ps, "land_total")
    assert total == set().union(*parts) and sum(map(len, parts)) == len(total)
    land_rows = {"exiobase3.8": _names(mrio, r"^(?:Cropland|Permanent pastures|Forest area|Infrastructure"
                                          r"|Other land)"),
                 "exiobase3.9": set(mrio.stressors.loc[mrio.stressors["extension"] == "land", "stressor"])}
    left = land_rows[mrio.layout] - _rows(ps, "land_total")
    assert left == ({"Other land Use: Total"} if mrio.layout == "exiobase3.8" else set())
    assert _rows(ps, "land_cropland") == _names(mrio, "^Cropland - ")
    assert _rows(ps, "blue_water") == _names(mrio, "^Water Consumption Blue - ")
    assert _rows(ps, "nitrogen_water") == _names(mrio, r"^N - .* - water$")
    assert _rows(ps, "phosphorus") == _names(mrio, r"^P - ")
    assert _rows(ps, "ammonia") == _names(mrio, r"^NH3 - ")


def test_a_family_missing_from_the_data_is_an_error_or_a_note() -> None:
    """On a 3.8 system without the fossil row (the demo's old invented names), abiotic materials
    stop with an error naming the family; an optional family (F-gases) gives a note instead."""
    mrio = _real("exiobase3.8")
    keep = ~mrio.stressors["stressor"].isin([DEU + "Fossil Fuel: Total", "SF6 - air", "HFC - air",
                                             "PFC - air"])
    k = int(keep.sum())
    cut = MRIO(mrio.regions, mrio.sectors, mrio.fd_categories, mrio.A, mrio.x, mrio.Y,
               np.ones((k, 1)), np.zeros((k, 1)), mrio.stressors[keep].reset_index(drop=True),
               label="cut", layout="exiobase3.8")
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    with pytest.raises(UnmatchedPatternError, match="abiotic_materials', family 'fossil fuels'"):
        select_pressures(table, cut)
    ps = select_pressures(table[table["pressure"] != "abiotic_materials"], cut)
    assert len(ps.notes) == 2 and all("pressure 'ghg': family 'F-gas" in n for n in ps.notes)
    assert all("not part of the footprint" in n for n in ps.notes)


def test_run_states_a_missing_optional_family_in_the_manifest(tmp_path: Path) -> None:
    """At run time an optional family that the loaded data lacks is a manifest note, never silence."""
    from footprint.pipeline import run

    table = pd.read_csv(CONFIG_DIR / "pressures.csv", dtype=str, keep_default_na=False)
    sf6 = table["family"] == "F-gas SF6"
    table.loc[sf6, "pattern"] = "^NF3 - air$"  # a gas the demo does not have
    table.to_csv(tmp_path / "pressures.csv", index=False)
    result = run({"data": {"source": "demo", "year": 2022},
                  "groups": {"select": ["protein"]}, "impacts": {"enabled": False},
                  "pressures": {"table": str(tmp_path / "pressures.csv")}}, write=False)
    notes = [n for n in result.manifest["notes"] if "F-gas SF6" in n]
    assert notes == ["pressure 'ghg': family 'F-gas SF6' has no row in this data (pattern '^NF3 - air$' "
                     "in extension 'satellite'); it is not part of the footprint."]
    assert "SF6 - air" not in set(result.pressures.matched["stressor"])
