"""Issue 16 parts 1-3 and 6: country-level factors, IBIF's own land classes, RoW regions by land area.

The country tables are the committed reductions in ``footprint/defaults/characterisation/`` (real
published data; the scripts are in ``config/characterisation/``); the hand-made tables check the aggregation
arithmetic on numbers small enough to follow by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from footprint.config import CONFIG_DIR
from footprint.errors import UnknownCodeError
from footprint.impacts.country import COUNTRY_COLUMNS, COUNTRY_METHODS, country_factors
from footprint.impacts.regional import area_weights, region_factors, weight_matrix

CHAR = CONFIG_DIR / "characterisation"
LAND_TYPES = {"crops_annual", "crops_paddy", "crops_permanent", "pasture", "forestry", "urban"}


@pytest.fixture(scope="module")
def country() -> pd.DataFrame:
    return country_factors()


def test_one_row_per_method_country_and_land_type(country: pd.DataFrame) -> None:
    assert list(country.columns) == list(COUNTRY_COLUMNS)
    assert set(country["method"]) == set(COUNTRY_METHODS)
    assert not country.duplicated(["method", "iso3", "land_type"]).any()
    countries = pd.read_csv(CHAR / "countries.csv", keep_default_na=False)
    assert len(countries) == 250 and "NA" in set(countries["iso2"])  # Namibia is not NaN
    for _, rows in country.groupby("method"):
        assert len(rows) == 250 * len(LAND_TYPES)
        assert set(rows["land_type"]) == LAND_TYPES
    assert country[["value_low", "value", "value_high"]].notna().all().all()
    assert (country["value_low"] <= country["value"]).all()
    assert (country["value"] <= country["value_high"]).all()
    assert (country["value"] > 0).all()  # zeros are "no factor" in LC-IMPACT: replaced, flagged
    kinds = country.groupby("method")["range_kind"].unique().map(list).to_dict()
    assert kinds == {"pdf_lcimpact": ["uncertainty_95"], "msa_ibif2": ["sensitivity"],
                     "pdf_glam1": ["sensitivity"]}
    assert country["data"].str.contains("real").all()


def test_unknown_method_names_the_country_methods() -> None:
    with pytest.raises(UnknownCodeError, match="close matches: 'pdf_lcimpact'"):
        country_factors(["pdf_lcimpac"])


def test_ibif_forestry_is_plantation_not_pasture(country: pd.DataFrame) -> None:
    """Forestry takes IBIF v2's forest-plantation class, pasture its pasture class: they differ in
    every country where IBIF's two classes differ, and equal the classes' values."""
    ibif = pd.read_csv(CHAR / "ibif_country.csv", keep_default_na=False)
    overall = ibif.pivot(index="iso2", columns="ibif_class", values="overall")
    both = overall.dropna(subset=["pasture", "plantation"])
    assert len(both) == 170  # IBIF v2 countries with both classes (ibif_country.csv)
    differ = both[both["pasture"] != both["plantation"]]
    ours = country[country["method"] == "msa_ibif2"].pivot(index="iso2", columns="land_type",
                                                           values="value")
    pd.testing.assert_series_equal(ours.loc[differ.index, "forestry"], differ["plantation"],
                                   check_names=False)
    pd.testing.assert_series_equal(ours.loc[differ.index, "pasture"], differ["pasture"],
                                   check_names=False)
    assert (ours.loc[differ.index, "forestry"] != ours.loc[differ.index, "pasture"]).all()
    # Schipper et al. 2025 via edges 1.5.0: NL pasture 5.85e-7, forest plantations 4.38e-7 per m2*yr
    assert ours.loc["NL", "pasture"] == 5.85e-7 and ours.loc["NL", "forestry"] == 4.38e-7


def test_lcimpact_zero_triplets_fall_back_flagged(country: pd.DataFrame) -> None:
    source = pd.read_csv(CHAR / "lcimpact_country.csv", keep_default_na=False)
    flagged = source[source["fallback"] != ""]
    assert len(flagged) == 126 + 12 * 6  # zero triplets + six land uses of 12 countries without a row
    lci = country[country["method"] == "pdf_lcimpact"].set_index(["iso3", "land_type"])
    # Antarctica has no continent in LC-IMPACT: every land use takes the world average
    assert lci.loc[("ATA", "pasture"), "fallback"] == "world"
    tw = lci.loc[("TWN", "crops_annual")]
    assert tw["fallback"] == "continent (no country row)"
    asia = source[(source["iso3"] == "TWN") & (source["land_use"] == "annual_crops")].iloc[0]
    assert tw["value"] == asia["cf_median"]


def test_lcimpact_forestry_is_the_mean_of_extensive_and_intensive(country: pd.DataFrame) -> None:
    source = pd.read_csv(CHAR / "lcimpact_country.csv", keep_default_na=False)
    nl = source[source["iso3"] == "NLD"].set_index("land_use")
    got = country[(country["method"] == "pdf_lcimpact") & (country["iso3"] == "NLD")
                  & (country["land_type"] == "forestry")].iloc[0]
    for ours, theirs in (("value", "cf_median"), ("value_low", "cf_lower_95"),
                         ("value_high", "cf_upper_95")):
        expected = (nl.loc["extensive_forestry", theirs] + nl.loc["intensive_forestry", theirs]) / 2
        assert got[ours] == pytest.approx(expected, rel=1e-12)


def _tiny_country() -> pd.DataFrame:
    rows = []
    for method, scale in (("pdf_lcimpact", 1.0), ("msa_ibif2", 10.0)):
        for iso3, iso2, region, value in (("AAA", "AA", "WL", 1.0), ("BBB", "BB", "WL", 3.0),
                                          ("CCC", "CC", "WL", 100.0), ("NLD", "NL", "NL", 7.0)):
            rows.append({"method": method, "indicator": "pdf", "iso3": iso3, "iso2": iso2,
                         "exio_region": region, "land_type": "pasture", "value_low": value * scale / 2,
                         "value": value * scale, "value_high": value * scale * 2, "fallback": "",
                         "impact_unit": "global PDF*yr", "per_unit": "m2*yr", "version": "v",
                         "source": "s", "licence": "l"})
    return pd.DataFrame(rows)


def _tiny_weights() -> pd.DataFrame:
    # WL pasture: AAA 3 parts, BBB 1 part, CCC none (no pasture area: no weight)
    return pd.DataFrame({"exio_region": "WL", "iso3": ["AAA", "BBB"], "iso2": ["AA", "BB"],
                         "weight_class": "pasture", "land_types": "pasture", "weight": [0.6, 0.2],
                         "area_year": 2022, "data_year": 2022, "filled": "", "source": "test"})


def test_row_region_is_the_area_weighted_mean_by_hand() -> None:
    """WL = (0.6 * 1 + 0.2 * 3) / 0.8 = 1.5 (CCC has no pasture area); NL keeps its own 7."""
    out = region_factors(_tiny_country(), ("NL", "WL", "XX"), _tiny_weights())
    got = out.set_index(["method", "region"])
    assert got.loc[("pdf_lcimpact", "WL"), "value"] == pytest.approx(1.5, rel=1e-12)
    assert got.loc[("pdf_lcimpact", "WL"), "value_low"] == pytest.approx(0.75, rel=1e-12)
    assert got.loc[("pdf_lcimpact", "WL"), "value_high"] == pytest.approx(3.0, rel=1e-12)
    assert got.loc[("pdf_lcimpact", "NL"), "value"] == 7.0
    # the same weights in every method
    assert got.loc[("msa_ibif2", "WL"), "value"] == pytest.approx(15.0, rel=1e-12)
    assert got.loc[("msa_ibif2", "WL"), "members"] == got.loc[("pdf_lcimpact", "WL"), "members"] == "AA BB"
    assert "mean of 2 of 3 member countries" in got.loc[("pdf_lcimpact", "WL"), "aggregation"]
    assert "XX" not in set(out["region"])  # not a country, not a RoW region: no row (fallback decides)
    np.testing.assert_allclose(weight_matrix(_tiny_weights(), "WL", "pasture", ["AAA", "BBB", "CCC"]),
                               [0.75, 0.25, 0.0])


def test_area_weights_nearest_year_and_sums() -> None:
    w = area_weights(2030)
    assert set(w["area_year"]) == {2022} and set(w["data_year"]) == {2030}
    assert set(area_weights(2001)["area_year"]) == {2010}
    sums = w.groupby(["exio_region", "weight_class"])["weight"].sum()
    np.testing.assert_allclose(sums, 1.0, atol=2e-5)  # 5 significant digits in the table
    assert set(w["exio_region"]) == {"WA", "WL", "WE", "WF", "WM"}
    # FAOSTAT 2022: Argentina holds about half of WL's cropland (reduce_fao_landuse.py --report 2022)
    arg = w[(w["iso3"] == "ARG") & (w["weight_class"] == "cropland")]["weight"].iloc[0]
    assert 0.45 < arg < 0.55
    sgp = w[(w["iso3"] == "SGP") & (w["weight_class"] == "pasture")]
    assert sgp.empty  # Singapore has no pasture: no weight (it carried 73 % of WA's GLAM pasture by GDP)


def test_real_row_factors_use_the_same_members_in_every_method(country: pd.DataFrame) -> None:
    out = region_factors(country, ("WA", "WL", "WE", "WF", "WM", "NL"), area_weights(2022))
    for (region, land_type), rows in out.groupby(["region", "land_type"]):
        assert rows["members"].nunique() == 1, (region, land_type)
        assert rows["aggregation"].nunique() == 1, (region, land_type)
    wa = out[(out["region"] == "WA") & (out["land_type"] == "pasture")].set_index("method")
    # area weights drop WA's GLAM pasture factor from 2.38e-14 (GDP weights, factors.csv before
    # issue 16) to about 8e-16 (Kazakhstan and Mongolia lead WA's pasture area)
    assert 5e-16 < wa.loc["pdf_glam1", "value"] < 1.2e-15
