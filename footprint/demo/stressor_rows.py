"""The demo's stressor rows: which rows of the EXIOBASE layouts it fills, on which products, with
which intensities and trends; households' own (direct) rows; the impact rows as sums of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from footprint.demo.recipe import (
    CROPS,
    FD_CATEGORIES,
    LIVESTOCK,
    PRODUCT_INDEX,
    PRODUCT_KEYS,
    PRODUCT_NAMES,
    REGIONS,
)

# --- stressors ---------------------------------------------------------------------------------

# Region multipliers of stressor intensities [-].
PROFILE: dict[str, dict[str, float]] = {
    "crop": {"BE": 0.35, "DE": 0.6, "FR": 0.7, "NL": 0.25, "GB": 0.7, "US": 0.9, "CN": 0.7,
             "BR": 1.6, "IN": 1.3, "ID": 1.4, "WA": 1.3, "WL": 2.0, "WE": 1.5, "WF": 3.0,
             "WM": 2.0},
    "pasture": {"BE": 0.15, "DE": 0.3, "FR": 0.5, "NL": 0.1, "GB": 0.8, "US": 1.5, "CN": 1.5,
                "BR": 5.0, "IN": 0.6, "ID": 2.0, "WA": 4.0, "WL": 6.0, "WE": 1.5, "WF": 8.0,
                "WM": 5.0},
    "forest": {"BE": 0.5, "DE": 0.8, "FR": 1.0, "NL": 0.3, "GB": 0.7, "US": 1.2, "CN": 1.0,
               "BR": 3.0, "IN": 1.0, "ID": 2.5, "WA": 1.5, "WL": 2.5, "WE": 2.5, "WF": 4.0,
               "WM": 1.0},
    "irrigation": {"BE": 0.05, "DE": 0.1, "FR": 0.4, "NL": 0.05, "GB": 0.1, "US": 1.2, "CN": 1.5,
                   "BR": 0.4, "IN": 4.0, "ID": 1.0, "WA": 2.5, "WL": 0.8, "WE": 0.6, "WF": 2.0,
                   "WM": 5.0},
    "carbon": {"BE": 0.9, "DE": 0.9, "FR": 0.6, "NL": 0.9, "GB": 0.8, "US": 1.1, "CN": 1.6,
               "BR": 0.8, "IN": 1.7, "ID": 1.5, "WA": 1.4, "WL": 1.0, "WE": 1.3, "WF": 1.4,
               "WM": 1.5},
    "agri": {"BE": 0.7, "DE": 0.8, "FR": 0.9, "NL": 0.6, "GB": 0.9, "US": 0.9, "CN": 1.3,
             "BR": 1.6, "IN": 2.2, "ID": 1.6, "WA": 1.5, "WL": 1.6, "WE": 1.2, "WF": 2.5,
             "WM": 1.6},
    "none": {},
}

_Stressor = tuple[str, str, str, dict[str, float]]  # name, unit, profile, {product: intensity}

_CO2_COMB: dict[str, float] = {
    "el_coal": 8e6, "el_gas": 3e6, "gasoline": 4e5, "diesel": 4e5, "crude": 2e5, "natgas": 2e5,
    "coal": 2e5, "steel": 2.5e6, "chem": 6e5, "plastics": 6e5, "nfert": 1.5e6, "landtrans": 1.2e6,
    "seatrans": 2.5e6, "construction": 1.5e5, "fish": 8e5, "forest": 1e5, "ironore": 3e5,
    "sand": 3e5, "textiles": 2e5, "apparel": 5e4, "leather": 8e4, "machinery": 5e4,
    "gasdist": 5e4, **{c: 1.5e5 for c in CROPS}, **{a: 1e5 for a in LIVESTOCK},
    **{f: 1e5 for f in ("beef", "pork", "chicken", "vegoil", "dairy", "foodnec", "fishprod")},
    **{s: 2e4 for s in ("retail", "hotel", "realestate", "business", "publicadmin", "health")},
}
_LAND_CROP = {"wheat": 4.0, "cereal": 4.0, "veg": 0.8, "oilseed": 3.5, "fibre": 3.5, "cropnec": 1.5}
_FODDER = {"cattle": 1.5, "pigs": 0.2, "poultry": 0.2, "meatnec": 1.0, "milk": 1.5}
_FODDER_NAME = {"cattle": "Cattle", "pigs": "Pigs", "poultry": "Poultry",
                "meatnec": "Meat animals nec", "milk": "Raw milk"}
_WATER_AGRI = {"wheat": "wheat", "cereal": "other cereals", "veg": "vegetables",
               "oilseed": "oil crops", "fibre": "fibres", "cropnec": "other crops"}
_WATER_AGRI_I = {"wheat": 0.3, "cereal": 0.3, "veg": 0.15, "oilseed": 0.1, "fibre": 1.0,
                 "cropnec": 0.2}
_WATER_LIVESTOCK = {"milk": "dairy cattle", "cattle": "nondairy cattle", "pigs": "pigs",
                    "poultry": "chicken", "meatnec": "sheep"}
_WATER_MANUF = {"textiles": 0.02, "dairy": 0.005, "foodnec": 0.003, "chem": 0.01,
                "plastics": 0.008, "steel": 0.01}
_DEU = "Domestic Extraction Used - "
_DOMESTIC_WATER = "Water Consumption Blue - Domestic - domestic Water Consumption Blue"


def satellite_specs() -> list[_Stressor]:
    """Stressor rows of the 3.8 ``satellite`` extension with intensities [unit / M EUR]."""
    specs: list[_Stressor] = []
    for key, val in _LAND_CROP.items():
        specs.append((f"Cropland - {PRODUCT_NAMES[key]}", "km2", "crop", {key: val}))
    for key, val in _FODDER.items():
        specs.append((f"Cropland - Fodder crops-{_FODDER_NAME[key]}", "km2", "crop", {key: val}))
    specs += [
        ("Permanent pastures - Grazing-Cattle", "km2", "pasture", {"cattle": 5.0}),
        ("Permanent pastures - Grazing-Meat animals nec", "km2", "pasture",
         {"meatnec": 8.0, "wool": 10.0}),
        ("Permanent pastures - Grazing-Raw milk", "km2", "pasture", {"milk": 3.0}),
        ("Forest area - Forestry", "km2", "forest", {"forest": 15.0}),
        ("Forest area - Marginal use", "km2", "forest", {"forest": 2.0}),
        ("Infrastructure land", "km2", "crop",
         {"construction": 0.03, "realestate": 0.02, "landtrans": 0.06, "coal": 0.3, "sand": 0.3,
          "ironore": 0.3, "crude": 0.02, "natgas": 0.02, "el_coal": 0.05, "el_wind": 0.05,
          "publicadmin": 0.01, "retail": 0.01, "hotel": 0.01}),
        ("Other land Use: Total", "km2", "pasture", {"meatnec": 2.0, "cattle": 0.5}),
    ]
    specs += _air_specs() + _water_specs() + _material_specs() + _nutrient_specs()
    return specs + _later_specs()


def _air_specs() -> list[_Stressor]:
    """GHG and air-pollutant rows [kg / M EUR]."""
    return [
        ("CO2 - combustion - air", "kg", "carbon", _CO2_COMB),
        ("CH4 - combustion - air", "kg", "carbon", {k: v * 1e-4 for k, v in _CO2_COMB.items()}),
        ("N2O - combustion - air", "kg", "carbon", {k: v * 3e-5 for k, v in _CO2_COMB.items()}),
        ("NOx - combustion - air", "kg", "carbon", {k: v * 2.5e-3 for k, v in _CO2_COMB.items()}),
        ("CH4 - agriculture - air", "kg", "agri",
         {"cattle": 4e4, "milk": 3e4, "meatnec": 3e4, "wool": 3e4, "pigs": 6e3, "poultry": 1e3,
          "animnec": 1e3}),
        ("N2O - agriculture - air", "kg", "agri",
         {"wheat": 1.5e3, "cereal": 1.5e3, "oilseed": 1.5e3, "fibre": 1.5e3, "cropnec": 1.5e3,
          "veg": 6e2, "cattle": 8e2, "milk": 8e2, "pigs": 5e2, "poultry": 3e2, "meatnec": 5e2}),
        ("CO2 - agriculture - peat decay - air", "kg", "none", {}),
        ("NH3 - agriculture - air", "kg", "agri",
         {"cattle": 150, "milk": 200, "pigs": 180, "poultry": 150, **{c: 40 for c in CROPS}}),
    ]


def _water_specs() -> list[_Stressor]:
    """Blue water consumption rows [Mm3 / M EUR]."""
    pre = "Water Consumption Blue - "
    specs: list[_Stressor] = [
        (f"{pre}Agriculture - {name}", "Mm3", "irrigation", {key: _WATER_AGRI_I[key]})
        for key, name in _WATER_AGRI.items()
    ]
    specs.append((f"{pre}Agriculture - fodder crops", "Mm3", "irrigation",
                  {"cattle": 0.03, "milk": 0.03}))
    specs += [
        (f"{pre}Livestock - {name}", "Mm3", "irrigation", {key: 0.01})
        for key, name in _WATER_LIVESTOCK.items()
    ]
    specs += [(f"{pre}Manufacturing - {PRODUCT_NAMES[k]}", "Mm3", "none", {k: v}) for k, v in
              _WATER_MANUF.items()]
    specs += [
        (f"{pre}Electricity - tower - Electricity by coal", "Mm3", "none", {"el_coal": 0.03}),
        (f"{pre}Electricity - tower - Electricity by gas", "Mm3", "none", {"el_gas": 0.01}),
        (_DOMESTIC_WATER, "Mm3", "none", {}),
    ]
    return specs


def _material_specs() -> list[_Stressor]:
    """Domestic extraction rows [kt / M EUR] under their 3.9 names (3.8: :mod:`footprint.demo.layouts`)."""
    rows = [
        ("Primary Crops - Wheat", {"wheat": 5.0}),
        ("Primary Crops - Cereals n.e.c.", {"cereal": 5.0}),
        ("Primary Crops - Vegetables", {"veg": 1.5}),
        ("Primary Crops - Oil bearing crops", {"oilseed": 3.0}),
        ("Primary Crops - Fibres", {"fibre": 1.5}),
        ("Grazed biomass", {"cattle": 10.0, "meatnec": 10.0, "milk": 4.0, "wool": 10.0}),
        ("Forestry - Timber (Industrial roundwood)", {"forest": 8.0}),
        ("Fishery - Wild fish catch", {"fish": 0.6}),
        ("Fossil Fuels - Other Bituminous Coal", {"coal": 12.0}),
        ("Fossil Fuels - Crude oil", {"crude": 2.0}),
        ("Fossil Fuels - Natural gas", {"natgas": 3.0}),
        ("Metal Ores - Iron ores", {"ironore": 15.0}),
        ("Non-Metallic Minerals - Sand gravel and crushed rock for construction", {"sand": 60.0}),
    ]
    return [(_DEU + name, "kt", "none", intens) for name, intens in rows]


def _nutrient_specs() -> list[_Stressor]:
    """Nutrient emission rows [kg / M EUR]."""
    animals = ("cattle", "milk", "pigs", "poultry")
    food = {"beef": 60.0, "pork": 60.0, "chicken": 60.0, "dairy": 40.0, "foodnec": 50.0,
            "hotel": 10.0}
    return [
        ("N - agriculture - water", "kg", "agri",
         {**{c: 300.0 for c in CROPS}, **{a: 200.0 for a in animals}}),
        ("P - agriculture - water", "kg", "agri",
         {**{c: 15.0 for c in CROPS}, **{a: 10.0 for a in animals}}),
        ("P - agriculture - soil", "kg", "agri",
         {**{c: 40.0 for c in CROPS}, **{a: 30.0 for a in animals}}),
        ("N - waste - water", "kg", "none", food),
        ("P - waste - water", "kg", "none", {k: v * 0.15 for k, v in food.items()}),
    ]


def _later_specs() -> list[_Stressor]:
    """Rows added after the first demo (appended, so the earlier rows keep their random draws):
    biogenic combustion gases, F-gases, crop residues, fodder crops and unused extraction (3.8)."""
    bio = {"wood": 2e5, "paper": 3e5, "forest": 2e4}  # kg CO2 / M EUR from biomass boilers
    return [
        ("CO2_bio - combustion - air", "kg", "none", bio),
        ("CH4_bio - combustion - air", "kg", "none", {k: v * 3e-4 for k, v in bio.items()}),
        ("N2O_bio - combustion - air", "kg", "none", {k: v * 4e-5 for k, v in bio.items()}),
        ("HFC - air", "kg CO2-eq", "none",
         {"retail": 2e3, "hotel": 3e3, "chem": 2e4, "machinery": 5e3, "realestate": 1e3}),
        ("PFC - air", "kg CO2-eq", "none", {"chem": 5e3, "steel": 2e3}),
        ("SF6 - air", "kg", "none", {"el_coal": 0.5, "el_gas": 0.5, "el_wind": 0.5, "machinery": 0.2}),
        (_DEU + "Crop residues - Straw", "kt", "none", {"wheat": 2.0, "cereal": 2.0}),
        (_DEU + "Fodder crops (including biomass harvest from grassland)", "kt", "none",
         {"cattle": 6.0, "milk": 5.0}),
        ("Unused Domestic Extraction - Fossil Fuels - Other bituminous coal", "kt", "none",
         {"coal": 30.0}),
    ]


# Peat-decay CO2 where it happens: palm oil on drained peat (ID, WA), NL peat meadows [kg/M EUR].
_PEAT = {("ID", "oilseed"): 3e6, ("WA", "oilseed"): 1e6, ("NL", "milk"): 2e5}

# Direct household stressors per M EUR of the household purchases named (F_Y).
_HH_FUEL = {"gasdist": 2.2e6, "gasoline": 1.2e6, "diesel": 1.2e6}  # kg CO2 / M EUR bought
_HH_FIREWOOD = 0.002  # km2 marginal forest / M EUR household consumption, times forest profile
_HH_WATER = 2e-4  # Mm3 / M EUR household consumption, times irrigation profile ** 0.3
_HH_WOOD_CO2 = 5e6  # kg biogenic CO2 from burning the firewood of 1 km2 of marginal forest use

IMPACTS = (
    ("Land use Crop, Forest, Pasture", "km2",
     r"^(?:Cropland - |Permanent pastures - |Forest area - )"),
    ("GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 "
     "(IPCC, 2007)", "kg CO2 eq.", None),
    ("Water Consumption Blue - Total", "Mm3", r"^Water Consumption Blue - "),
)
_GWP100 = {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0}


# --- stressors ---------------------------------------------------------------------------------

_TREND = {"km2": 0.99, "kg": 0.985}

# Domestic extraction per M EUR of output fell until 2016 (rate per year by material kind, [-]);
# from 2016 on the extraction rows carry no intensity trend. So NL's abiotic material footprint is
# higher in 2010 than in 2016 and the biotic one about flat over 2010-2016.
_EXTRACTION_BEFORE = 2016
_EXTRACTION_TREND = {"Fossil Fuels": 0.035, "Metal Ores": 0.035, "Non-Metallic Minerals": 0.045,
                     "Primary Crops": 0.015, "Grazed biomass": 0.015, "Forestry": 0.015,
                     "Fishery": 0.015, "Crop residues": 0.015,
                     "Fodder crops (including biomass harvest from grassland)": 0.015}


def _extraction_trend(name: str, year: int) -> float:
    """Intensity multiplier of a domestic-extraction row before :data:`_EXTRACTION_BEFORE` [-]."""
    kind = name.removeprefix(_DEU).split(" - ")[0]
    return (1.0 + _EXTRACTION_TREND[kind]) ** (_EXTRACTION_BEFORE - year)


def intensity_row(rng: np.random.Generator, spec: _Stressor, year: int) -> np.ndarray:
    """Intensities of one stressor over (region, product) rows [unit / M EUR]."""
    name, unit, profile, per_product = spec
    base = np.zeros(len(PRODUCT_KEYS))
    for key, val in per_product.items():
        base[PRODUCT_INDEX[key]] = val
    mult = np.array([PROFILE[profile].get(r, 1.0) for r in REGIONS])
    row = mult[:, np.newaxis] * base[np.newaxis, :]
    if name == "CO2 - agriculture - peat decay - air":
        for (region, key), val in _PEAT.items():
            row[REGIONS.index(region), PRODUCT_INDEX[key]] = val
    row = row * rng.lognormal(0.0, 0.1, size=row.shape) * _TREND.get(unit, 1.0) ** (year - 2022)
    if name.startswith(_DEU) and year < _EXTRACTION_BEFORE:
        row = row * _extraction_trend(name, year)
    return row.ravel()


def household_direct_rows(specs: list[_Stressor], Y: np.ndarray) -> np.ndarray:
    """Stressors emitted by households themselves, shape (stressor, region x category)."""
    n_r, n_f = len(REGIONS), len(FD_CATEGORIES)
    hh = Y.reshape(n_r, len(PRODUCT_KEYS), n_r, n_f)[:, :, :, 0].sum(axis=0)  # (product, region)
    fuel_co2 = sum(coef * hh[PRODUCT_INDEX[k]] for k, coef in _HH_FUEL.items())
    spend = hh.sum(axis=0)
    forest = np.array([PROFILE["forest"][r] for r in REGIONS])
    dry = np.array([PROFILE["irrigation"][r] for r in REGIONS]) ** 0.3
    firewood = spend * _HH_FIREWOOD * forest  # km2 of marginal forest use
    direct = {
        "CO2 - combustion - air": fuel_co2,
        "CH4 - combustion - air": fuel_co2 * 1.5e-4,
        "N2O - combustion - air": fuel_co2 * 2e-5,
        "NOx - combustion - air": fuel_co2 * 1.5e-3,
        "Forest area - Marginal use": firewood,
        _DOMESTIC_WATER: spend * _HH_WATER * dry,
        "CO2_bio - combustion - air": firewood * _HH_WOOD_CO2,
        "CH4_bio - combustion - air": firewood * _HH_WOOD_CO2 * 3e-3,
        "N2O_bio - combustion - air": firewood * _HH_WOOD_CO2 * 4e-5,
    }
    F_Y = np.zeros((len(specs), n_r, n_f))
    for k, spec in enumerate(specs):
        if spec[0] in direct:
            F_Y[k, :, 0] = direct[spec[0]]
    return F_Y.reshape(len(specs), n_r * n_f)


def impact_rows(sat: pd.DataFrame) -> pd.DataFrame:
    """The 3.8 ``impacts`` rows as exact sums of satellite rows (works for F and F_Y)."""
    names = sat.index.to_series()
    rows = {}
    for name, _unit, pattern in IMPACTS:
        if pattern is None:
            gas = names.str.extract(r"^(CO2|CH4|N2O) - ", expand=False)
            weight = gas.map(_GWP100).fillna(0.0).to_numpy()
            rows[name] = (sat * weight[:, np.newaxis]).sum(axis=0)
        else:
            rows[name] = sat[names.str.contains(pattern).to_numpy()].sum(axis=0)
    out = pd.DataFrame(rows).T
    out.index.name = "impact"
    return out
