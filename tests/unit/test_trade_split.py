"""Origins resolved to countries: the split of rest-of-world rows over member countries."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from footprint.defaults import DEFAULTS_DIR
from footprint.errors import ConfigError, UnknownCodeError
from footprint.trade import member_weights, read_areas, read_vendored, split_by_country
from footprint.trade.split import ROW_REGIONS, item_map, split_parts

LABEL = "FAOSTAT detailed trade matrix (real data): test rows"
AR, PY, BO, BR, NL = 9, 169, 19, 21, 150


def _trade(rows: list[tuple[str, int, int, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["item", "year", "exporter", "importer", "tonnes"])
    frame["data"] = LABEL
    return frame


TRADE = _trade([
    ("cake_of_soya_beans", 2020, AR, NL, 300.0),
    ("soya_beans", 2020, PY, NL, 100.0),
    ("soya_beans", 2020, BR, NL, 5000.0),    # Brazil is its own region: not a WL member
    ("soya_beans", 2020, AR, 41, 9000.0),    # to China: not to the consumer
    ("maize_corn", 2020, BO, NL, 50.0),      # another product
])

FRAME = pd.DataFrame({
    "year": [2020, 2020, 2020, 2021],
    "consumer": "NL",
    "indicator": ["Cropland", "Cropland", "Pasture", "Cropland"],
    "origin_region": ["WL", "BR", "WL", "WL"],
    "origin_sector": ["Oil seeds", "Oil seeds", "Cattle", "Oil seeds"],
    "value": [1.0, 7.0, 10.0, 4.0],
    "data": "ILLUSTRATIVE SYNTHETIC DEMO DATA - not EXIOBASE",
})
LAND = {"Cropland": {"ARG": 3.0, "PRY": 1.0, "BOL": 1.0}, "Pasture": {"ARG": 1.0, "PRY": 1.0, "BOL": 2.0}}


def test_hand_computed_split() -> None:
    got = split_by_country(FRAME, TRADE, consumer="NL", fallback=lambda indicator: LAND[indicator])
    by = got.set_index(["origin_region", "year", "indicator", "origin_country"])
    # oil seeds 2020: soy cake 300 t from Argentina, soybeans 100 t from Paraguay -> 3/4 and 1/4
    assert by.loc[("WL", 2020, "Cropland", "ARG"), "value"] == pytest.approx(0.75)
    assert by.loc[("WL", 2020, "Cropland", "PRY"), "value"] == pytest.approx(0.25)
    assert by.loc[("WL", 2020, "Cropland", "ARG"), "split_basis"] == "trade"
    assert by.loc[("WL", 2020, "Cropland", "ARG"), "origin_data"] == LABEL
    # cattle 2020: no cattle meat trade -> pasture area 1:1:2
    assert by.loc[("WL", 2020, "Pasture", "BOL"), "value"] == pytest.approx(5.0)
    assert by.loc[("WL", 2020, "Pasture", "BOL"), "split_basis"] == "fallback"
    # oil seeds 2021: no trade that year -> cropland area 3:1:1
    assert by.loc[("WL", 2021, "Cropland", "ARG"), "value"] == pytest.approx(2.4)
    brazil = got[got["origin_region"] == "BR"]
    assert len(brazil) == 1 and brazil["split_basis"].iloc[0] == "not split"
    assert brazil["value"].iloc[0] == 7.0
    assert brazil["origin_country"].isna().all()
    assert (got["data"] == FRAME["data"].iloc[0]).all()  # the MRIO's label stays; the trade label beside it
    assert got["value"].sum() == pytest.approx(FRAME["value"].sum())


def test_member_weights_and_errors() -> None:
    weights, basis = member_weights(TRADE, region="WL", consumer="NL",
                                    items=["soya_beans", "cake_of_soya_beans"], years=[2020])
    assert basis == "trade" and weights.to_dict() == {"ARG": 0.75, "PRY": 0.25}
    with pytest.raises(ConfigError, match="fallback weights"):
        member_weights(TRADE, region="WL", consumer="NL", items=["soya_beans"], years=[2021])
    with pytest.raises(ConfigError, match="give its members none"):
        member_weights(TRADE, region="WL", consumer="NL", items=["soya_beans"], years=[2021],
                       fallback={"FRA": 1.0})
    with pytest.raises(UnknownCodeError, match="XX"):
        member_weights(TRADE, region="XX", consumer="NL", items=["soya_beans"], years=[2020])
    with pytest.raises(ConfigError, match="origin_region"):
        split_by_country(FRAME.drop(columns=["origin_region"]), TRADE, consumer="NL")


def test_split_parts_preserve_the_sum() -> None:
    rng = np.random.default_rng(1)
    for _ in range(500):
        n = int(rng.integers(1, 40))
        weights = rng.random(n) ** 3
        weights /= weights.sum()
        value = float(rng.uniform(-1e9, 1e9))
        parts = split_parts(value, weights)
        assert abs(math.fsum(parts) - value) <= math.ulp(value)


def test_real_split_sums_to_the_region() -> None:
    """Every rest-of-world region x FAO-matched origin product x demo year, split over members by the
    vendored trade to the Netherlands (land-area fallback: equal weights here); sums kept per row."""
    trade = read_vendored(years=[2010, 2016, 2019, 2022])
    areas = read_areas()
    products = sorted({k for k in item_map() if not k.startswith("p")})
    rows = [(year, region, product, float(v)) for year in (2010, 2016, 2019, 2022) for region in ROW_REGIONS
            for product, v in zip(products, np.linspace(1.0, 9.0, len(products)), strict=True)]
    frame = pd.DataFrame(rows, columns=["year", "origin_region", "origin_sector", "value"])
    frame["indicator"] = "Cropland"
    frame["row"] = range(len(frame))
    equal = {iso3: 1.0 for iso3 in areas["iso3"] if iso3}
    got = split_by_country(frame, trade, consumer="NL", fallback=equal)
    sums = got.groupby("row")["value"].sum()
    np.testing.assert_allclose(sums.to_numpy(), frame["value"].to_numpy(), rtol=1e-14, atol=0)
    weights = got.groupby("row")["split_weight"].sum()
    np.testing.assert_allclose(weights.to_numpy(), 1.0, rtol=1e-12)
    soy_wl = got[(got["origin_region"] == "WL") & (got["origin_sector"] == "Oil seeds")
                 & (got["year"] == 2022)]
    assert (soy_wl["split_basis"] == "trade").all()
    assert soy_wl.set_index("origin_country")["split_weight"].idxmax() in {"ARG", "PRY"}
    assert set(got["split_basis"]) == {"trade", "fallback"}


def test_fallback_with_the_fao_land_area_table() -> None:
    """Where no trade is recorded the split follows the members' land area of the row's land type, here
    FAOSTAT land use as reduced for issue 16 (footprint/defaults/characterisation/fao_land_area.csv);
    the ratio of two members matches that of the RoW area weights of the same reduction."""
    land = pd.read_csv(DEFAULTS_DIR / "characterisation" / "fao_land_area.csv")
    land = land[land["year"] == 2022].set_index("iso3")
    column = {"Cropland": "cropland_km2", "Pasture": "pasture_km2"}

    def by_land_type(indicator: str) -> dict[str, float]:
        return land[column[indicator]].dropna().to_dict()

    frame = pd.DataFrame({"year": [2022, 2022], "indicator": ["Cropland", "Pasture"],
                          "origin_region": ["WL", "WL"], "origin_sector": ["Oil seeds", "Cattle"],
                          "value": [100.0, 50.0]})
    got = split_by_country(frame, TRADE.iloc[0:0], consumer="NL", fallback=by_land_type)
    assert (got["split_basis"] == "fallback").all()
    crop = got[got["indicator"] == "Cropland"].set_index("origin_country")["value"]
    assert crop.sum() == pytest.approx(100.0, rel=1e-14)
    weights = pd.read_csv(DEFAULTS_DIR / "characterisation" / "row_area_weights.csv")
    wl = weights[(weights["exio_region"] == "WL") & (weights["year"] == 2022)].set_index("iso3")["cropland"]
    assert crop["ARG"] / crop["PRY"] == pytest.approx(wl["ARG"] / wl["PRY"], rel=1e-4)
