"""Structural checks of the characterisation tables prepared for issue 16 (not read by a run yet).

They read only the committed tables in ``config/characterisation/`` (made by the ``reduce_*.py`` scripts
there from ``../shared/data/`` and from package wheels; see that folder's README.md). Pinned values say
where they come from.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from footprint.config import CONFIG_DIR

CHAR = CONFIG_DIR / "characterisation"
LAND_USES = {"annual_crops", "permanent_crops", "pasture", "urban", "extensive_forestry",
             "intensive_forestry"}
WEIGHT_CLASSES = ("cropland", "pasture", "forest", "urban")
ROW = ("WA", "WL", "WE", "WF", "WM")
YEARS = range(2010, 2023)
# IBIF v2 gaps among the 44 EXIOBASE countries, as documented in README.md (edges 1.5.0 data)
IBIF_GAPS = {("MT", "pasture"), ("PL", "plantation"), ("TW", "plantation")}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(CHAR / name, keep_default_na=False, na_values=[""], dtype={"iso2": str})


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return pd.read_csv(CONFIG_DIR / "regions.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def lci() -> pd.DataFrame:
    return _read("lcimpact_country.csv")


@pytest.fixture(scope="module")
def weights() -> pd.DataFrame:
    return _read("row_area_weights.csv")


@pytest.fixture(scope="module")
def ibif() -> pd.DataFrame:
    return _read("ibif_country.csv")


@pytest.fixture(scope="module")
def concordance() -> pd.DataFrame:
    return _read("land_class_concordance.csv")


def test_every_column_is_documented_with_its_unit() -> None:
    manifest = _read("tables.csv")
    for name, cols in manifest.groupby("file", sort=False):
        header = pd.read_csv(CHAR / str(name), nrows=0).columns.tolist()
        assert header == cols["column"].tolist(), name
    numeric = manifest[manifest["column"].str.contains(
        r"^cf_|_km2$|^(?:overall|plants|vertebrates|value|cropland|pasture|forest|urban)$|^n[ho]\w_")]
    assert len(numeric) == 19  # 3 LC-IMPACT, 4 areas, 4 weights, 3 IBIF, 4 N deposition, 1 climate
    glam = manifest[manifest["file"] == "glam_country.csv"]
    assert glam.loc[glam["column"].isin(["low", "central", "high"]), "unit"].notna().all()
    assert numeric["unit"].notna().all(), numeric[numeric["unit"].isna()]


def test_lcimpact_covers_every_country_and_land_use(lci: pd.DataFrame, regions: pd.DataFrame) -> None:
    per_country = lci.groupby("iso3")["land_use"].apply(set)
    assert (per_country == LAND_USES).all()
    assert len(lci) == 6 * lci["iso3"].nunique()
    countries = regions[regions["type"] == "country"]
    assert set(countries["iso3"]) <= set(per_country.index)
    own = lci.set_index("iso3")["exio_region"].groupby(level=0).first()
    assert (own[countries["iso3"]].to_numpy() == countries["exio_code"].to_numpy()).all()
    assert set(lci["exio_region"]) == set(regions["exio_code"])
    # Taiwan has no LC-IMPACT row: it is flagged, not silently given a value
    assert set(lci.loc[lci["iso3"] == "TWN", "fallback"]) == {"continent (no country row)"}


def test_lcimpact_values_ordered_positive_and_fallbacks_flagged(lci: pd.DataFrame) -> None:
    assert (lci["cf_median"] > 0).all()
    assert (lci["cf_lower_95"] <= lci["cf_median"]).all()
    assert (lci["cf_median"] <= lci["cf_upper_95"]).all()
    fallback = lci["fallback"].fillna("")
    assert set(fallback) <= {"", "continent", "world", "continent (no country row)",
                             "world (no country row)"}
    # 126 all-zero triplets in the source (shared/data/lc-impact/README.md: 378 rows / 3 interventions)
    assert fallback.isin(["continent", "world"]).sum() == 126
    filled = lci[fallback != ""].assign(kind=fallback.str.split(" ").str[0])
    # every fallback row carries the one triplet of its continent (or of the world) for its land use
    keys = np.where(filled["kind"] == "continent", filled["continent"], "world")
    distinct = filled.groupby([keys, filled["land_use"]])[["cf_median", "cf_lower_95", "cf_upper_95"]]
    assert (distinct.nunique() == 1).all().all()
    assert filled.loc[filled["kind"] == "continent", "continent"].notna().all()
    assert filled.loc[filled["kind"] == "world", "continent"].isna().all()


def test_lcimpact_spot_values_match_the_source(lci: pd.DataFrame) -> None:
    # occupation average country, annual crops: the spot table of shared/data/lc-impact/README.md
    spots = {"NLD": (5.27485612891815e-16, -2.3060473203419923e-18, 8.40969776497669e-16),
             "BRA": (3.577753521830023e-15, -2.88003772504061e-17, 7.44483364199747e-15),
             "IDN": (1.1046263867895676e-14, -5.433185568086326e-16, 2.4144845443911955e-14),
             "ARG": (1.0750264699788e-15, -2.5666003600841885e-16, 2.973851939542327e-15)}
    rows = lci[lci["land_use"] == "annual_crops"].set_index("iso3")
    for iso3, want in spots.items():
        have = rows.loc[iso3, ["cf_median", "cf_lower_95", "cf_upper_95"]].to_numpy(float)
        np.testing.assert_allclose(have, want, rtol=5e-6)
        assert pd.isna(rows.loc[iso3, "fallback"])


def test_lcimpact_global_defaults_are_the_world_average(lci: pd.DataFrame) -> None:
    # factors.csv's pdf_lcimpact_glo is bw2-lcimpact 0.4.2's average global default / 40. Times 40 it must
    # be LC-IMPACT's World average (the rows lcimpact_country.csv fills from it, fallback = world, e.g.
    # Antarctica) rounded to the package's two significant digits, e.g. 40 x 2.10499e-15 = 8.42e-14 ->
    # 8.4e-14 (reduce_factors.py checks the same against the workbook when it rebuilds factors.csv)
    world = lci[lci["fallback"] == "world"].groupby("land_use")["cf_median"].first()
    glo = _read("factors.csv").query("method == 'pdf_lcimpact_glo'").set_index("land_type")
    pairs = {("crops_annual", "value"): "annual_crops", ("crops_paddy", "value"): "annual_crops",
             ("crops_permanent", "value"): "permanent_crops", ("pasture", "value"): "pasture",
             ("urban", "value"): "urban", ("forestry", "value"): "extensive_forestry",
             ("forestry", "value_high"): "intensive_forestry"}
    for (land_type, column), land_use in pairs.items():
        have, published = glo.loc[land_type, column], world[land_use]
        assert f"{have * 40:.1e}" == f"{published * 40:.1e}", (land_type, have, published)
        assert abs(have / published - 1) < 0.011  # pasture is furthest: 1.3e-15 vs 1.28773e-15
    assert glo["source"].str.contains("World average").all()


def test_weights_sum_to_one_per_region_class_and_year(weights: pd.DataFrame) -> None:
    assert set(weights["exio_region"]) == set(ROW)
    assert set(weights["year"]) == set(YEARS)
    sums = weights.groupby(["exio_region", "year"])[list(WEIGHT_CLASSES)].sum()
    assert len(sums) == len(ROW) * len(YEARS)
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-4)
    assert (weights[list(WEIGHT_CLASSES)].fillna(0) >= 0).all().all()


def test_every_row_member_is_weighted_or_listed_missing(weights: pd.DataFrame) -> None:
    members = _read("exio3_row_members.csv")
    missing = _read("row_area_missing.csv")
    for (region, year), block in weights.groupby(["exio_region", "year"]):
        expected = set(members.loc[members["exio_region"] == region, "iso2"])
        for wclass in WEIGHT_CLASSES:
            weighted = set(block.loc[block[wclass].notna(), "iso2"])
            absent = set(missing.loc[(missing["exio_region"] == region)
                                     & (missing["weight_class"] == wclass), "iso2"])
            assert weighted | absent == expected, (region, year, wclass)
            assert not weighted & absent, (region, year, wclass)
    # Sudan is absent from the FAOSTAT source table (README.md): flagged for every class
    assert set(missing.loc[missing["iso3"] == "SDN", "weight_class"]) == set(WEIGHT_CLASSES)


def test_weights_are_the_members_area_shares(weights: pd.DataFrame) -> None:
    area = _read("fao_land_area.csv").set_index(["iso3", "year"])
    columns = {"cropland": "cropland_km2", "pasture": "pasture_km2", "forest": "forest_km2",
               "urban": "artificial_km2"}
    checked = 0
    for (_, year), block in weights.groupby(["exio_region", "year"]):
        for wclass, column in columns.items():
            used = block[block[wclass].notna()]
            if used["filled"].fillna("").str.contains(f"{wclass}:").any():
                continue  # a nearest-year area; the other year is not in this block
            km2 = area[column].reindex(list(zip(used["iso3"], [year] * len(used), strict=True)))
            np.testing.assert_allclose(used[wclass].to_numpy(), (km2 / km2.sum()).to_numpy(),
                                       rtol=1e-4, atol=1e-9)
            checked += 1
    assert checked > 0.9 * len(ROW) * len(YEARS) * len(WEIGHT_CLASSES)


def test_area_weights_not_gdp_weights_for_wa_pasture(weights: pd.DataFrame) -> None:
    # FAOSTAT 2022 (reduce_fao_landuse.py --report 2022, 2026-12-01): Singapore, 73 % of WA's GLAM pasture
    # factor under GDP weights, has no permanent meadows and pastures; Kazakhstan leads WA pasture
    wa = weights[(weights["exio_region"] == "WA") & (weights["year"] == 2022)].set_index("iso2")
    assert pd.isna(wa.loc["SG", "pasture"])
    assert wa["pasture"].idxmax() == "KZ"
    assert wa.loc["KZ", "pasture"] == pytest.approx(0.433, abs=1e-3)


def test_concordance_covers_every_land_type(concordance: pd.DataFrame, ibif: pd.DataFrame,
                                            weights: pd.DataFrame) -> None:
    land_types = set(_read("land_type_map.csv")["land_type"])
    mapped = concordance.dropna(subset=["land_type"])
    assert sorted(mapped["land_type"]) == sorted(land_types)
    for _, row in mapped.iterrows():
        uses = str(row["lcimpact_land_use"]).split()
        assert set(uses) <= LAND_USES
        assert (row["lcimpact_rule"], len(uses) > 1) in {("one", False), ("mean", True)}
        assert row["ibif_class"] in set(ibif["ibif_class"])
        assert row["area_weight_class"] in weights.columns
    assert set(concordance["ibif_class"]) == set(ibif["ibif_class"])


def test_ibif_forestry_differs_from_pasture_where_classes_differ(concordance: pd.DataFrame,
                                                                 ibif: pd.DataFrame) -> None:
    cls = concordance.dropna(subset=["land_type"]).set_index("land_type")["ibif_class"]
    wide = ibif.pivot(index="iso2", columns="ibif_class", values="overall")
    both = wide[[cls["forestry"], cls["pasture"]]].dropna()
    assert len(both) > 150
    assert (both[cls["forestry"]] != both[cls["pasture"]]).all()
    # edges 1.5.0 IBIF_biodiversity_LU_overall.json, NL: pasture 5.85e-7, plantation 4.38e-7 (issue 16)
    assert wide.loc["NL", "pasture"] == pytest.approx(5.85e-7, rel=1e-9)
    assert wide.loc["NL", "plantation"] == pytest.approx(4.38e-7, rel=1e-9)


def test_ibif_covers_exiobase_countries_or_gap_is_documented(concordance: pd.DataFrame,
                                                            ibif: pd.DataFrame,
                                                            regions: pd.DataFrame) -> None:
    have = set(zip(ibif["iso2"], ibif["ibif_class"], strict=True))
    classes = set(concordance["ibif_class"]) - {"mines"}
    countries = regions.loc[regions["type"] == "country", "exio_code"]
    gaps = {(c, k) for c in countries for k in classes if (c, k) not in have}
    assert gaps == IBIF_GAPS
    values = ibif[["overall", "plants", "vertebrates"]]
    assert values.notna().all().all()
    assert (values > 0).all().all()


def test_ndep_factors_positive_and_overall_is_half_plants(regions: pd.DataFrame) -> None:
    ndep = _read("ibif_ndep_country.csv").set_index("iso2")
    assert (ndep > 0).all().all()
    countries = regions.loc[regions["type"] == "country", "exio_code"]
    assert set(countries) <= set(ndep.index)
    for gas in ("nh3", "nox"):
        np.testing.assert_allclose(ndep[f"{gas}_overall"], ndep[f"{gas}_plants"] / 2, rtol=0.02)


def test_climate_factors_cover_the_mapped_flows() -> None:
    climate = _read("climate_factors.csv")
    stressors = _read("emission_stressor_map.csv")
    assert (climate["value"] > 0).all()
    assert set(climate["unit"]) == {"MSA-loss*km2*yr/kg", "global PDF*yr/kg"}
    flows = set(stressors.loc[(stressors["pressure"] == "ghg") & (stressors["included"] == "yes"), "flow"])
    glam = set(climate.loc[climate["method"] == "pdf_glam1", "flow"])
    ibif = set(climate.loc[climate["method"] == "msa_ibif2", "flow"])
    assert flows <= glam
    assert flows - ibif == {"Sulfur hexafluoride"}  # IBIF v2 has no SF6 factor (README.md)
    co2 = climate.set_index(["method", "flow", "species_group"])["value"]
    # edges lists IBIF CH4 (fossil) at the AR6 GWP100 multiple 29.8 of CO2
    ratio = co2["msa_ibif2", "Methane, fossil", "overall"] / co2["msa_ibif2", "Carbon dioxide, fossil",
                                                                 "overall"]
    assert ratio == pytest.approx(29.8, rel=1e-6)


def test_stressor_map_rows_and_pressures_table_agree() -> None:
    stressors = _read("emission_stressor_map.csv")
    assert not stressors.duplicated(["layout", "stressor"]).any()
    assert stressors["stressor"].str.endswith(" - air").all()
    names = {layout: set(block["stressor"]) for layout, block in stressors.groupby("layout")}
    assert names["exiobase3.9"] - names["exiobase3.8"] == {
        "CO2_bio - combustion - air", "CH4_bio - combustion - air", "N2O_bio - combustion - air"}
    assert names["exiobase3.8"] <= names["exiobase3.9"]
    flows = stressors.groupby("pressure")["flow"].apply(set)
    assert flows["nh3"] == {"Ammonia"} and flows["nox"] == {"Nitrogen oxides"}
    pressures = pd.read_csv(CONFIG_DIR / "pressures.csv")
    for _, row in pressures[pressures["pressure"] == "ammonia"].iterrows():
        rows = stressors[stressors["layout"] == row["layout"]]
        matched = {s for s in rows["stressor"] if re.search(row["pattern"], s)}
        assert matched == set(rows.loc[rows["pressure"] == "nh3", "stressor"]), row["layout"]
