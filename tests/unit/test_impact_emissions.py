"""Issue 16 part 5: N deposition (IBIF v2) and per-gas climate (GLAM 1.0) beside land, per origin."""

from __future__ import annotations

import pandas as pd
import pytest

from footprint.config import CONFIG_DIR
from footprint.impacts.country import country_factors
from footprint.impacts.emissions import emission_factor_rows, emission_impacts, emission_pressures
from footprint.impacts.regional import area_weights
from footprint.inputs import sources

CHAR = CONFIG_DIR / "characterisation"


def test_emission_rows_of_the_demo() -> None:
    mrio, _ = sources.read_system("demo", None, year=2022)
    p = emission_pressures(mrio)
    assert {"nh3", "nox", "Carbon dioxide, fossil", "Dinitrogen monoxide"} <= set(p.names)
    names = list(mrio.stressors["stressor"])
    nh3 = p.C[p.names.index("nh3")]
    assert nh3[names.index("NH3 - agriculture - air")] == 1.0  # kg -> kg
    assert nh3.sum() == 1.0  # the demo's only NH3 row
    co2 = p.C[p.names.index("Carbon dioxide, fossil")]
    assert co2[names.index("HFC - air")] == 1.0  # kg CO2-eq counted as kg CO2 (map's approximation)


def _long(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"year": 2022, "consumer": "NL", "scenario": "baseline", "group": "g",
                          "indicator": gas, "origin_region": region, "data": "hand-made", "value": kg,
                          "unit": "kg"} for gas, region, kg in rows])


def test_hand_computed_n_deposition_and_glam_climate() -> None:
    """10 kg NH3 emitted in NL x IBIF NL NH3 (MSA-loss*km2*yr/kg, x 100 for ha); 2 kg fossil CH4 x GLAM."""
    countries = country_factors(["msa_ibif2"]).drop_duplicates("iso3")
    factors = emission_factor_rows(countries, area_weights(2022), ("NL", "WL"), ("msa_ibif2", "pdf_glam1"))
    ndep = pd.read_csv(CHAR / "ibif_ndep_country.csv", keep_default_na=False).set_index("iso2")
    out = emission_impacts(_long([("nh3", "NL", 10.0), ("Methane, fossil", "WL", 2.0)]), factors)
    got = out.set_index(["method", "category", "bound"])["value"]
    assert got[("msa_ibif2", "n_deposition_nh3", "central")] == pytest.approx(
        10.0 * ndep.loc["NL", "nh3_overall"] * 100, rel=1e-12)
    assert got[("msa_ibif2", "n_deposition_nh3", "high")] == pytest.approx(
        10.0 * ndep.loc["NL", "nh3_plants"] * 100, rel=1e-12)
    # GLAM 1.0 climate change, terrestrial, RCP4.5: 1.8955e-15 global PDF*yr per kg fossil CH4
    assert got[("pdf_glam1", "climate", "central")] == pytest.approx(2.0 * 1.8955e-15, rel=1e-12)
    wl = factors[(factors["region"] == "WL") & (factors["gas"] == "nh3")].iloc[0]
    assert "cropland area" in wl["aggregation"]
