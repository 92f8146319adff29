"""Origins resolved to countries and characterised per country: hand-computed cases and exact sums."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from footprint.trade.country_factors import COUNTRY_FACTOR_COLUMNS, country_factors, land_areas
from footprint.trade.origins import ORIGIN_COLUMNS, origin_countries
from tests.support import paths

ROOT = paths.ROOT
LABEL = "FAOSTAT, real data: test rows"
DEMO = "ILLUSTRATIVE test attribution"


def _attribution(rows: list[tuple[str, str, str, float]], year: int = 2022) -> pd.DataFrame:
    return pd.DataFrame([{"year": year, "consumer": "NL", "group": "protein", "indicator": ind, "unit": "ha",
                          "origin_region": reg, "origin_sector": sec, "scenario": "baseline", "value": v,
                          "data": DEMO} for reg, sec, ind, v in rows])


def _trade(rows: list[tuple[str, int, int, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["item", "year", "exporter", "importer", "tonnes"])
    return frame.assign(data=LABEL)


def _factors() -> pd.DataFrame:
    rows = [("ARG", 2e-15, 1e-15, 3e-15), ("PRY", 4e-15, 3e-15, 5e-15), ("BRA", 1e-15, 0.5e-15, 2e-15)]
    return pd.DataFrame([{"method": "pdf_lcimpact", "indicator": "pdf", "land_type": "crops_annual",
                          "iso3": iso, "value_low": lo, "value": v, "value_high": hi,
                          "impact_unit": "global PDF*yr", "per_unit": "m2*yr", "source": "test"}
                         for iso, v, lo, hi in rows], columns=COUNTRY_FACTOR_COLUMNS)


def test_hand_computed_split_and_characterisation() -> None:
    """WL oil seeds split 3:1 over Argentina and Paraguay by their soybean exports to NL (300 t and
    100 t); Brazil is a single-country region; WL wheat has no FAO item and stays at region level.
    Impact = land [ha] x 1e4 m2/ha x factor [global PDF*yr per m2*yr]."""
    long = _attribution([("WL", "Oil seeds", "land_cropland", 100.0),
                         ("WL", "Oil seeds", "land_total", 100.0),
                         ("BR", "Oil seeds", "land_cropland", 50.0), ("WL", "Wheat", "land_cropland", 10.0)])
    trade = _trade([("soya_beans", 2022, 9, 150, 300.0), ("soya_beans", 2022, 169, 150, 100.0),
                    ("soya_beans", 2022, 9, 41, 9999.0)])  # to China: not the consumer's
    got, notes = origin_countries(long, trade, consumer="NL", factors=_factors())
    assert list(got.columns) == ORIGIN_COLUMNS
    land = got[(got["indicator"] == "land_cropland")]
    land = land.set_index(["origin_region", "origin_sector", "origin_country"])
    assert land.loc[("WL", "Oil seeds", "ARG"), "value"] == pytest.approx(75.0, rel=1e-15)
    assert land.loc[("WL", "Oil seeds", "PRY"), "value"] == pytest.approx(25.0, rel=1e-15)
    assert land.loc[("WL", "Oil seeds", "ARG"), "split_basis"] == "trade"
    assert land.loc[("WL", "Oil seeds", "ARG"), "trade_data"] == LABEL
    assert land.loc[("BR", "Oil seeds", "BRA"), "split_basis"] == "single-country region"
    assert land.loc[("WL", "Wheat", "WL"), "value"] == 10.0
    assert (got["data"] == DEMO).all()
    pdf = got[got["indicator"] == "pdf"].set_index("origin_country")
    assert pdf.loc["ARG", "value"] == pytest.approx(75.0 * 1e4 * 2e-15, rel=1e-12)
    assert pdf.loc["PRY", "value_low"] == pytest.approx(25.0 * 1e4 * 3e-15, rel=1e-12)
    assert pdf.loc["BRA", "value_high"] == pytest.approx(50.0 * 1e4 * 2e-15, rel=1e-12)
    assert set(pdf["unit"]) == {"global PDF*yr"} and set(pdf["method"]) == {"pdf_lcimpact"}
    assert any("no pdf_lcimpact factor for WL" in n for n in notes)  # wheat: region level, no factor


def test_fallback_to_land_area_and_exact_sums() -> None:
    """No trade recorded: WF cattle pasture is split by the members' pasture area (FAOSTAT land use of
    footprint/defaults/characterisation/fao_land_area.csv, 2022); the parts add up to the row to the
    last bits."""
    value = 1234.5678901234567
    long = _attribution([("WF", "Cattle", "land_pasture", value), ("WF", "Cattle", "land_total", value / 3)])
    got, _ = origin_countries(long, _trade([]), consumer="NL", factors=_factors())
    past = got[got["indicator"] == "land_pasture"].set_index("origin_country")
    assert (past["split_basis"] == "fallback: land area").all()
    assert math.fsum(past["value"]) == pytest.approx(value, rel=2 ** -52)
    area = land_areas(2022)["pasture"]
    top = past["value"].idxmax()
    other = past["value"].drop(top).idxmax()
    ratio = past.loc[top, "value"] / past.loc[other, "value"]
    assert ratio == pytest.approx(area[top] / area[other], rel=1e-9)
    total = got[got["indicator"] == "land_total"]
    assert math.fsum(total["value"]) == pytest.approx(value / 3, rel=2 ** -52)


def test_real_trade_split_sums_to_each_region_row() -> None:
    """On the vendored trade (NL's imports, 2016 and 2022) every split row's parts add up to it."""
    from footprint.trade.read import read_vendored

    rows = [(r, s, i, v) for r in ("WL", "WA", "WE", "WF", "WM") for s, v in (("Oil seeds", 10.0 / 3),
            ("Cattle", 7.1), ("Raw milk", 2.9), ("Plant-based fibers", 1.3))
            for i in ("land_cropland", "land_pasture", "land_total")]
    frames = [_attribution(rows, year) for year in (2016, 2022)]
    long = pd.concat(frames, ignore_index=True)
    trade = read_vendored(years=[2016, 2022], importers=[150])
    got, _ = origin_countries(long, trade, consumer="NL")
    land = got[got["method"] == ""]
    keys = ["year", "origin_region", "origin_sector", "indicator"]
    sums = land.groupby(keys)["value"].apply(math.fsum)
    want = long.set_index(keys)["value"]
    np.testing.assert_allclose(sums.reindex(want.index).to_numpy(), want.to_numpy(), rtol=4 * 2 ** -52)
    oil = land[(land["origin_region"] == "WA") & (land["origin_sector"] == "Oil seeds")
               & (land["year"] == 2022)]
    assert {"MYS"} <= set(oil["origin_country"]) and (oil["split_basis"] == "trade").all()


def test_country_factors_cover_the_split_countries() -> None:
    factors = country_factors()
    assert list(factors.columns) == COUNTRY_FACTOR_COLUMNS
    lci = factors[factors["method"] == "pdf_lcimpact"]
    assert lci.groupby("land_type")["iso3"].nunique().min() >= 240
    assert (lci["value_low"] <= lci["value"]).all() and (lci["value"] <= lci["value_high"]).all()
    ibif = factors[factors["method"] == "msa_ibif2"]
    assert {"ARG", "PRY", "MYS", "BRA", "NLD"} <= set(ibif["iso3"])
    assert (ibif["value_low"] <= ibif["value"]).all() and (ibif["value"] <= ibif["value_high"]).all()
    assert set(ibif["range_kind"]) == {"sensitivity"} and set(lci["range_kind"]) == {"uncertainty_95"}
