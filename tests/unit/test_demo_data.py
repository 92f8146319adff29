"""The embedded synthetic demo MRIO: EXIOBASE 3 layout, labels, balance, extensions, reruns."""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint.checks import check_system
from footprint.defaults import DEFAULTS_DIR
from footprint.demo import DEMO_LABEL, DEMO_YEARS, demo_path
from footprint.demo.layouts import LAYOUTS
from footprint.demo.make_demo import build_system, write_demo
from footprint.demo.recipe import FD_CATEGORIES, PRODUCTS, REGIONS
from footprint.errors import DataFileNotFoundError
from footprint.inputs.convert import detect_layout, from_iosystem

DEMO_REGIONS = {"NL", "DE", "BE", "FR", "GB", "US", "BR", "CN", "IN", "ID",
                "WA", "WL", "WE", "WF", "WM"}  # fmt: skip
CORE_FILES = {"file_parameters.json", "A.txt", "Z.txt", "Y.txt", "x.txt", "unit.txt"}
EXT_FILES = {"file_parameters.json", "F.txt", "F_Y.txt", "unit.txt"}


@pytest.fixture(scope="module")
def io(pymrio_demo: Callable[[int], pymrio.IOSystem]) -> pymrio.IOSystem:
    """The shipped 2022 archive parsed by pymrio (the session's copy: read only)."""
    return pymrio_demo(2022)


@pytest.fixture(scope="module")
def years(pymrio_demo: Callable[[int], pymrio.IOSystem]) -> dict[int, pymrio.IOSystem]:
    """Every shipped year, parsed by pymrio (the session's copies: read only)."""
    return {year: pymrio_demo(year) for year in DEMO_YEARS}


@pytest.fixture(scope="module")
def io39(tmp_path_factory: pytest.TempPathFactory) -> pymrio.IOSystem:
    folder = write_demo(tmp_path_factory.mktemp("demo39") / "IOT_2022_pxp", layout="3.9")
    return pymrio.parse_exiobase3(folder)


def _rows(ext: pymrio.Extension, pattern: str) -> pd.DataFrame:
    return ext.F[ext.F.index.str.contains(pattern)]


# --- the shipped file ------------------------------------------------------------------------


def test_demo_path_and_size() -> None:
    path = demo_path()
    assert path.name == "IOT_2022_pxp.zip" and path.is_file()
    assert DEMO_YEARS == (2010, 2016, 2019, 2022)
    for year in DEMO_YEARS:
        assert demo_path(year).name == f"IOT_{year}_pxp.zip"
        assert demo_path(year).stat().st_size < 1_000_000


def test_demo_path_unknown_year_names_available_years() -> None:
    with pytest.raises(DataFileNotFoundError, match="Available demo years: 2010, 2016, 2019, 2022"):
        demo_path(1999)
    with pytest.raises(FileNotFoundError):
        demo_path(1999)


def test_label_wording() -> None:
    low = DEMO_LABEL.lower()
    assert "illustrative" in low and "synthetic" in low and "not exiobase" in low


def test_archive_layout_like_exiobase() -> None:
    with zipfile.ZipFile(demo_path()) as zf:
        names = zf.namelist()
        readme = zf.read("IOT_2022_pxp/README.txt").decode("utf-8")
        meta = json.loads(zf.read("IOT_2022_pxp/metadata.json"))
    assert names == sorted(names)
    assert {f"IOT_2022_pxp/{f}" for f in CORE_FILES} <= set(names)
    for ext in ("satellite", "impacts"):
        assert {f"IOT_2022_pxp/{ext}/{f}" for f in EXT_FILES} <= set(names)
    assert DEMO_LABEL in readme and "python -m footprint.demo.make_demo" in readme
    assert "not EXIOBASE" in readme
    assert meta["description"] == DEMO_LABEL and meta["history"] == []


def test_metadata_label(io: pymrio.IOSystem) -> None:
    assert io.meta.description == DEMO_LABEL
    assert "synthetic" in io.meta.name


# --- labels ----------------------------------------------------------------------------------


def test_regions_in_exiobase_order(io: pymrio.IOSystem) -> None:
    regions = list(io.get_regions())
    assert set(regions) == DEMO_REGIONS and regions == list(REGIONS)
    # EXIOBASE 3's region order, from the project's region table (its source column cites it); tests
    # never read /work/shared
    table = pd.read_csv(DEFAULTS_DIR / "regions.csv", keep_default_na=False).sort_values("exio_order")
    order = table["exio_code"].tolist()
    assert len(order) == 49 and order[:3] == ["AT", "BE", "BG"]
    assert order[-5:] == ["WA", "WL", "WE", "WF", "WM"]
    assert regions == [r for r in order if r in DEMO_REGIONS]


def test_products_are_exiobase_names_in_order(io: pymrio.IOSystem) -> None:
    sectors = list(io.get_sectors())
    assert sectors == list(PRODUCTS) and len(sectors) >= 25
    exio = pymrio.get_classification("exio3_pxp").sectors["ExioName"].tolist()
    assert set(sectors) <= set(exio), set(sectors) - set(exio)
    positions = [exio.index(s) for s in sectors]
    assert positions == sorted(positions)
    for must in ("Oil seeds", "Cattle", "Raw milk", "Dairy products", "Plant-based fibers",
                 "Textiles (17)", "Wearing apparel; furs (18)", "Electricity by coal",
                 "Gas/Diesel Oil", "Chemicals nec", "Construction work (45)"):  # fmt: skip
        assert must in sectors


def test_final_demand_categories(io: pymrio.IOSystem) -> None:
    cats = list(dict.fromkeys(io.Y.columns.get_level_values("category")))
    exio = pymrio.get_classification("exio3_pxp").finaldemand["ExioName"].tolist()
    assert cats == exio == list(FD_CATEGORIES)
    assert io.Y.columns.names == ["region", "category"]
    assert io.Z.index.names == ["region", "sector"]
    assert io.satellite.F.index.name == "stressor" and io.impacts.F.index.name == "impact"


# --- economics -------------------------------------------------------------------------------


def test_balance_and_coefficients(io: pymrio.IOSystem) -> None:
    Z, Y, A = io.Z.to_numpy(), io.Y.to_numpy(), io.A.to_numpy()
    x = io.x.to_numpy().ravel()
    np.testing.assert_allclose(Z.sum(axis=1) + Y.sum(axis=1), x, rtol=1e-9, atol=1e-9)
    pos = x > 0
    np.testing.assert_allclose(Z[:, pos] / x[pos], A[:, pos], rtol=1e-9, atol=1e-15)
    assert np.all(A[:, ~pos] == 0) and np.all(Z[:, ~pos] == 0)
    assert np.all(A >= 0) and A.sum(axis=0).max() < 0.8
    assert pos.mean() > 0.8


def test_values_finite_and_signs(io: pymrio.IOSystem) -> None:
    frames = [io.Z, io.A, io.Y, io.x]
    frames += [getattr(e, m) for e in io.get_extensions(data=True) for m in ("F", "F_Y")]
    for df in frames:
        assert np.isfinite(df.to_numpy()).all()
    cats = io.Y.columns.get_level_values("category")
    inventories = cats == "Changes in inventories"
    assert (io.Y.loc[:, ~inventories].to_numpy() >= 0).all()
    inv = io.Y.loc[:, inventories].to_numpy()
    assert (inv < 0).any() and abs(inv.sum()) < 0.01 * io.Y.to_numpy().sum()
    assert (io.Y.loc[:, cats == "Exports: Total (fob)"].to_numpy() == 0).all()
    for ext in io.get_extensions(data=True):
        assert (ext.F.to_numpy() >= 0).all() and (ext.F_Y.to_numpy() >= 0).all()


def test_nl_open_economy_and_magnitudes(io: pymrio.IOSystem) -> None:
    reg = io.Y.columns.get_level_values("region")
    y_nl = io.Y.loc[:, reg == "NL"]
    total = y_nl.to_numpy().sum()
    assert 4e5 < total < 9e5  # M EUR
    imported = y_nl[io.Y.index.get_level_values("region") != "NL"].to_numpy().sum()
    assert 0.1 < imported / total < 0.5


# --- extensions ------------------------------------------------------------------------------

SATELLITE_PATTERNS = {
    r"^Cropland - (?!Fodder)": "km2",
    r"^Cropland - Fodder crops-": "km2",
    r"^Permanent pastures - Grazing-": "km2",
    r"^Forest area - Forestry$": "km2",
    r"^Forest area - Marginal use$": "km2",
    r"^Infrastructure land$": "km2",
    r"^Other land Use: Total$": "km2",
    r"^(?:CO2|CH4|N2O) - combustion - air$": "kg",
    r"^(?:CH4|N2O) - agriculture - air$": "kg",
    r"^CO2 - agriculture - peat decay - air$": "kg",
    r"^Water Consumption Blue - (?:Agriculture|Livestock|Manufacturing|Electricity|Domestic) - ": (
        "Mm3"
    ),
    r"^Domestic Extraction Used - Fossil Fuel: Total$": "kt",
    r"^Domestic Extraction Used - (?:Metal Ores|Non-Metallic Minerals) - ": "kt",
    r"^Domestic Extraction Used - (?:Primary Crops|Crop residues|Fodder crops|Fishery|Forestry) - ": "kt",
    r"^Domestic Extraction Used - Grazing$": "kt",
    r"^Unused Domestic Extraction - ": "kt",
    r"^(?:HFC|PFC) - air$": "kg CO2-eq",
    r"^SF6 - air$": "kg",
    r"^[NP] - agriculture - water$": "kg",
    r"^P - agriculture - soil$": "kg",
    r"^[NP] - waste - water$": "kg",
    r"^NH3 - agriculture - air$": "kg",
    r"^NOx - combustion - air$": "kg",
}


@pytest.mark.parametrize(("pattern", "unit"), SATELLITE_PATTERNS.items())
def test_satellite_rows_and_units(io: pymrio.IOSystem, pattern: str, unit: str) -> None:
    sat = io.satellite
    hit = sat.F.index[sat.F.index.str.contains(pattern)]
    assert len(hit) > 0, pattern
    assert set(sat.unit.loc[hit, "unit"]) == {unit}
    assert sat.F.loc[hit].to_numpy().sum() > 0


def test_cropland_rows_complete(io: pymrio.IOSystem) -> None:
    crop = set(_rows(io.satellite, r"^Cropland - ").index)
    for tail in ("Wheat", "Cereal grains nec", "Vegetables, fruit, nuts", "Oil seeds",
                 "Plant-based fibers", "Crops nec", "Fodder crops-Cattle", "Fodder crops-Pigs",
                 "Fodder crops-Poultry", "Fodder crops-Meat animals nec", "Fodder crops-Raw milk"):
        assert f"Cropland - {tail}" in crop  # fmt: skip
    assert len(_rows(io.satellite, r"^Permanent pastures - Grazing-")) == 3


def test_stressors_sit_on_causing_sectors(io: pymrio.IOSystem) -> None:
    F = io.satellite.F
    sector = F.columns.get_level_values("sector")
    assert F.loc["Cropland - Oil seeds", sector != "Oil seeds"].sum() == 0
    assert F.loc["Permanent pastures - Grazing-Cattle", sector != "Cattle"].sum() == 0
    fish = F.loc["Domestic Extraction Used - Fishery - Marine fish catch"]
    assert fish[sector != PRODUCTS[14]].sum() == 0 and fish.sum() > 0
    co2 = F.loc["CO2 - combustion - air"].groupby(level="sector").sum()
    assert co2["Electricity by coal"] > co2["Health and social work services (85)"]
    ch4 = F.loc["CH4 - agriculture - air"].groupby(level="sector").sum()
    assert ch4.idxmax() in {"Cattle", "Raw milk"}


def test_pasture_intensity_region_specific(io: pymrio.IOSystem) -> None:
    x = io.x["indout"]
    pasture = _rows(io.satellite, r"^Permanent pastures - Grazing-Cattle$").iloc[0]
    s = pasture / x.where(x > 0)
    assert s[("BR", "Cattle")] > 5 * s[("NL", "Cattle")]
    assert s[("WL", "Cattle")] > 5 * s[("NL", "Cattle")]


def test_household_direct_stressors(io: pymrio.IOSystem) -> None:
    FY = io.satellite.F_Y
    cats = FY.columns.get_level_values("category")
    hh = cats == "Final consumption expenditure by households"
    assert (FY.loc[:, ~hh].to_numpy() == 0).all()
    nonzero = set(FY.index[(FY.loc[:, hh] > 0).any(axis=1)])
    assert {"CO2 - combustion - air", "CH4 - combustion - air", "N2O - combustion - air",
            "Forest area - Marginal use"} <= nonzero  # fmt: skip
    assert any(n.startswith("Water Consumption Blue - Domestic - ") for n in nonzero)


def _impact_expected(sat: pd.DataFrame) -> dict[str, pd.Series]:
    names = sat.index.to_series()
    land = names.str.contains(r"^(?:Cropland - |Permanent pastures - |Forest area - )")
    gwp = names.str.extract(r"^(CO2|CH4|N2O) - ", expand=False).map(
        {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0}
    ).fillna(0.0)
    water = names.str.contains(r"^Water Consumption Blue - ")
    return {
        "Land use Crop, Forest, Pasture": sat[land.to_numpy()].sum(),
        "GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 "
        "(IPCC, 2007)": sat.mul(gwp.to_numpy(), axis=0).sum(),
        "Water Consumption Blue - Total": sat[water.to_numpy()].sum(),
    }


@pytest.mark.parametrize("matrix", ["F", "F_Y"])
def test_impacts_equal_satellite_sums(io: pymrio.IOSystem, matrix: str) -> None:
    sat, imp = getattr(io.satellite, matrix), getattr(io.impacts, matrix)
    for name, expected in _impact_expected(sat).items():
        np.testing.assert_allclose(imp.loc[name].to_numpy(), expected.to_numpy(), rtol=1e-9)
    units = io.impacts.unit["unit"]
    assert units["Land use Crop, Forest, Pasture"] == "km2"
    assert units["Water Consumption Blue - Total"] == "Mm3"
    assert units.str.startswith("kg CO2").sum() == 1


def test_nl_footprint_plausible(io: pymrio.IOSystem) -> None:
    A, x = io.A.to_numpy(), io.x.to_numpy().ravel()
    reg = io.Y.columns.get_level_values("region")
    y_nl = io.Y.loc[:, reg == "NL"].to_numpy().sum(axis=1)
    out = np.linalg.solve(np.eye(len(x)) - A, y_nl)
    F = io.impacts.F.to_numpy()
    S = np.divide(F, x, out=np.zeros_like(F), where=x > 0)
    P = S * out
    home = io.A.index.get_level_values("region") == "NL"
    land, ghg = P[0], P[1]
    assert 5e4 < land.sum() < 3e5  # km2, order 1e5
    assert 1e11 < ghg.sum() < 6e11  # kg CO2-eq
    assert land[~home].sum() / land.sum() > 0.75
    assert 0.3 < ghg[~home].sum() / ghg.sum() < 0.7


# --- reproducibility and layouts -------------------------------------------------------------


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_regeneration_reproduces_shipped_archive(tmp_path: Path, year: int,
                                                years: dict[int, pymrio.IOSystem]) -> None:
    new_zip = write_demo(tmp_path / f"IOT_{year}_pxp.zip", year=year)
    with zipfile.ZipFile(new_zip) as new, zipfile.ZipFile(demo_path(year)) as old:
        assert new.namelist() == old.namelist()
        top = f"IOT_{year}_pxp"
        for name in (f"{top}/README.txt", f"{top}/metadata.json", f"{top}/satellite/unit.txt",
                     f"{top}/file_parameters.json"):
            assert new.read(name) == old.read(name), name  # fmt: skip
    io = years[year]  # the shipped archive, parsed
    again = pymrio.parse_exiobase3(new_zip)
    # Files hold the shortest round-trip repr, so one machine reproduces them exactly; another
    # LAPACK may move the last bits of x (hence the tiny rtol).
    for attr in ("Z", "A", "Y", "x"):
        pd.testing.assert_frame_equal(getattr(again, attr), getattr(io, attr), rtol=1e-11)
    for ext in ("satellite", "impacts"):
        for m in ("F", "F_Y"):
            pd.testing.assert_frame_equal(
                getattr(getattr(again, ext), m), getattr(getattr(io, ext), m), rtol=1e-11
            )


def test_2016_sourcing_shift(io: pymrio.IOSystem, years: dict[int, pymrio.IOSystem]) -> None:
    """2016: NL bought more oil seeds from BR and more fibres from IN, CN fewer (the ex-post
    waterbed of the demo); the economy is otherwise the 2022 one scaled by the trends."""
    old = years[2016]

    def share(sys_: pymrio.IOSystem, dest: str, product: str, origin: str) -> float:
        z = sys_.Z.xs(product, level="sector").T.groupby(level="region").sum().T[dest]
        return float(z[origin] / z.drop(dest).sum())

    assert share(old, "NL", "Oil seeds", "BR") > share(io, "NL", "Oil seeds", "BR") + 0.1
    assert share(old, "CN", "Oil seeds", "BR") < share(io, "CN", "Oil seeds", "BR")
    assert share(old, "NL", "Plant-based fibers", "IN") > share(io, "NL", "Plant-based fibers", "IN")
    assert share(old, "CN", "Plant-based fibers", "IN") < share(io, "CN", "Plant-based fibers", "IN")
    growth = old.Y.T.groupby(level="region").sum().sum(axis=1) / io.Y.T.groupby(
        level="region").sum().sum(axis=1)
    assert growth["CN"] < growth["NL"] < 1.0  # CN grew faster into 2022


def test_year_shifts_values_mildly(io: pymrio.IOSystem) -> None:
    other = build_system(year=2019)
    assert list(other.get_sectors()) == list(io.get_sectors())
    ratio = other.Y.to_numpy().sum() / io.Y.to_numpy().sum()
    assert 0.8 < ratio < 1.0


def test_layout_39_parses_and_is_detected(io39: pymrio.IOSystem, io: pymrio.IOSystem) -> None:
    names = set(io39.get_extensions())
    assert {"land", "air_emissions", "material", "water", "nutrients"} <= names
    assert detect_layout(list(names)) == "exiobase3.9"
    assert detect_layout(list(io.get_extensions())) == "exiobase3.8"
    land = io39.land.F.index
    assert "Forest" in land and "Artificial Surfaces" in land
    assert any(re.match(r"^Cropland - cropped area - ", n) for n in land)
    assert "Permanent pastures - Grazing-Cattle" in land
    assert "CO2 - combustion - air" in io39.air_emissions.F.index
    assert (io39.land.unit["unit"] == "km2").all()
    # same economy, same totals where the row sets coincide
    sat_forest = _rows(io.satellite, r"^Forest area - ").to_numpy().sum()
    np.testing.assert_allclose(io39.land.F.loc["Forest"].sum(), sat_forest, rtol=1e-9)
    np.testing.assert_allclose(io39.Z.to_numpy(), io.Z.to_numpy(), rtol=1e-12)


def test_from_iosystem_converts_both_layouts(io: pymrio.IOSystem, io39: pymrio.IOSystem) -> None:
    m38 = from_iosystem(io, label=DEMO_LABEL, year=2022)
    m39 = from_iosystem(io39, label=DEMO_LABEL, year=2022)
    assert m38.layout == "exiobase3.8" and m39.layout == "exiobase3.9"
    for m in (m38, m39):
        assert m.regions == REGIONS and m.sectors == PRODUCTS
        assert m.fd_categories == FD_CATEGORIES
        assert m.F.shape == (len(m.stressors), m.n) and m.F_Y.shape[1] == m.Y.shape[1]
        assert np.isfinite(m.F).all()
    assert set(m38.stressors["extension"]) == {"satellite", "impacts"}
    assert {"land", "water"} <= set(m39.stressors["extension"])


# --- the four demo years ---------------------------------------------------------------------

# The 3.8 rows (the shipped layout): one fossil-fuel row, FAO-style biotic rows, 'Grazing'.
ABIOTIC = r"^Domestic Extraction Used - (?:Fossil Fuel: Total$|Metal Ores - |Non-Metallic Minerals - )"
BIOTIC = (r"^Domestic Extraction Used - (?:Primary Crops - |Crop residues - |Fodder crops - |Grazing$|"
          r"Forestry - |Fishery - )")


def _nl_footprint(io: pymrio.IOSystem, pattern: str) -> float:
    """NL's footprint of the satellite rows matching ``pattern``: ``s L y_NL`` [kt], plain numpy."""
    A, x = io.A.to_numpy(), io.x.to_numpy().ravel()
    y_nl = io.Y.loc[:, io.Y.columns.get_level_values("region") == "NL"].to_numpy().sum(axis=1)
    F = _rows(io.satellite, pattern).to_numpy().sum(axis=0)
    s = np.divide(F, x, out=np.zeros_like(F), where=x > 0)
    return float(s @ np.linalg.solve(np.eye(len(x)) - A, y_nl))


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_every_year_parses_balances_and_passes_the_strict_checks(
        years: dict[int, pymrio.IOSystem], year: int) -> None:
    io = years[year]
    assert io.meta.description == DEMO_LABEL
    with zipfile.ZipFile(demo_path(year)) as zf:
        assert f"reference year {year}" in zf.read(f"IOT_{year}_pxp/README.txt").decode("utf-8")
    Z, Y, x = io.Z.to_numpy(), io.Y.to_numpy(), io.x.to_numpy().ravel()
    np.testing.assert_allclose(Z.sum(axis=1) + Y.sum(axis=1), x, rtol=1e-9, atol=1e-9)
    assert list(io.get_regions()) == list(REGIONS) and list(io.get_sectors()) == list(PRODUCTS)
    mrio = from_iosystem(io, label=DEMO_LABEL, year=year)
    notes = check_system(mrio, strict=True)  # raises on any error
    assert not [n for n in notes if n.startswith("warning")]
    assert demo_path(year).stat().st_size < 1_000_000


def test_trends_over_the_demo_years(years: dict[int, pymrio.IOSystem]) -> None:
    """The illustrative trends of make_demo's docstring: Asian importers grow fastest; NL's
    abiotic material footprint is clearly higher in 2010 than in 2016 and far off a path to -50 %
    by 2030; the biotic one stays within 10 % of 2016; 2019 sources half way between 2016 and 2022."""
    size = {y: io.Y.T.groupby(level="region").sum().sum(axis=1) for y, io in years.items()}
    for a, b in itertools.pairwise(DEMO_YEARS):
        growth = size[b] / size[a]
        assert growth["CN"] > growth["NL"] > 1.0 and growth["IN"] > growth["NL"]
    abiotic = {y: _nl_footprint(io, ABIOTIC) for y, io in years.items()}
    biotic = {y: _nl_footprint(io, BIOTIC) for y, io in years.items()}
    assert abiotic[2010] > 1.1 * abiotic[2016]
    path_2022 = 1.0 - 0.5 * (2022 - 2016) / (2030 - 2016)  # straight path to -50 % in 2030
    assert abiotic[2022] / abiotic[2016] > path_2022 + 0.2
    assert abiotic[2016] < abiotic[2019] < abiotic[2022]
    for year in DEMO_YEARS:
        assert abs(biotic[year] / biotic[2016] - 1.0) < 0.1

    def share(io: pymrio.IOSystem) -> float:
        z = io.Z.xs("Oil seeds", level="sector").T.groupby(level="region").sum().T["NL"]
        return float(z["BR"] / z.drop("NL").sum())

    assert share(years[2010]) == pytest.approx(share(years[2016]), rel=0.05)
    assert share(years[2016]) > share(years[2019]) > share(years[2022])


# --- real row names --------------------------------------------------------------------------

REFERENCE = DEFAULTS_DIR / "reference"


def _reference(layout: str) -> set[tuple[str, str, str]]:
    name = "exiobase38_satellite.csv" if layout == "3.8" else "exiobase39_extensions.csv"
    ref = pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)
    return set(zip(ref["extension"], ref["stressor"], ref["unit"], strict=True))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_demo_row_is_a_real_exiobase_row(layout: str) -> None:
    """Each stressor row of the demo, with its unit, is a row of the real EXIOBASE list of its layout
    (config/reference: bw2io 0.9.17 for 3.8, the cited 3.9 listing for 3.9)."""
    io = build_system(2022, layout)
    real = _reference(layout)
    for ext in io.get_extensions(data=True):
        if ext.name == "impacts":
            continue
        rows = {(ext.name, str(n), str(u)) for n, u in ext.unit["unit"].items()}
        assert rows <= real, sorted(rows - real)


def test_layouts_differ_where_exiobase_does(io: pymrio.IOSystem, io39: pymrio.IOSystem) -> None:
    """3.8: one fossil-fuel row (the three 3.9 rows summed), biomass-combustion CH4/N2O inside the
    combustion rows, unused extraction; 3.9: Fossil Fuels - ..., CH4_bio/N2O_bio/CO2_bio rows."""
    sat, mat, air = io.satellite.F, io39.material.F, io39.air_emissions.F
    fossil39 = mat[mat.index.str.startswith("Domestic Extraction Used - Fossil Fuels - ")]
    assert len(fossil39) == 3
    np.testing.assert_allclose(sat.loc["Domestic Extraction Used - Fossil Fuel: Total"].to_numpy(),
                               fossil39.sum().to_numpy(), rtol=1e-12)
    for gas in ("CH4", "N2O"):
        np.testing.assert_allclose(
            sat.loc[f"{gas} - combustion - air"].to_numpy(),
            (air.loc[f"{gas} - combustion - air"] + air.loc[f"{gas}_bio - combustion - air"]).to_numpy(),
            rtol=1e-12)
        assert air.loc[f"{gas}_bio - combustion - air"].sum() > 0
    assert "CO2_bio - combustion - air" in air.index and not sat.index.str.contains("_bio").any()
    assert sat.index.str.startswith("Unused Domestic Extraction - ").any()
    assert not mat.index.str.startswith("Unused").any()
