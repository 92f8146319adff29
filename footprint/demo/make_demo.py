"""Generate the synthetic demonstration MRIO in the EXIOBASE 3 pxp file layout.

Run ``python -m footprint.demo.make_demo`` to regenerate the archives shipped in this folder
(one per year in :data:`footprint.demo.DEMO_YEARS`). The output is reproducible byte for byte:
fixed seed, fixed zip timestamps, sorted entries and a metadata file without a time stamp.

How the system is built
-----------------------
1. A technology recipe gives, per product, the total input coefficient of every other product
   (feed for livestock, livestock for meat, fibres and chemicals for textiles, crude oil for fuels,
   coal and gas for electricity, plus overheads of transport, services and electricity). Each region
   gets a seeded log-normal perturbation of it.
2. Each input, and each final-demand purchase, is split over origins: a domestic share that falls
   with the product's tradability and the region's openness (NL and BE are very open), the rest over
   the four largest exporters of that product (with an intra-EU preference).
3. Final demand per region is a size (M EUR) times a category split times product budget shares.
4. ``x = (I - A)^-1 Y e``, ``Z = A diag(x)``; stressors ``F = S diag(x)`` from region-specific
   intensities ``S`` put on the sectors that really cause them; impacts are exact sums of the
   satellite rows.
5. Every stressor row carries a **real EXIOBASE row name** of the chosen layout (3.8 ``satellite``, or
   the 3.9 extensions ``land``, ``air_emissions``, ``material``, ``water``, ``nutrients``), checked
   against the reference lists in ``config/reference/``; :mod:`footprint.demo.layouts` maps the
   generator's rows to each layout's names (e.g. the three fossil rows of 3.9 are 3.8's one
   ``Domestic Extraction Used - Fossil Fuel: Total``).

All numbers are invented but chosen to look plausible (see :data:`footprint.demo.DEMO_LABEL`).

The shipped years
-----------------
``IOT_2010_pxp.zip``, ``IOT_2016_pxp.zip``, ``IOT_2019_pxp.zip`` and ``IOT_2022_pxp.zip``. Every
year uses the same random draws (:data:`REFERENCE_YEAR`); the years differ only by smooth,
deterministic, illustrative trends:

* size: final demand and export capacity grow 4.5 % a year in CN, IN, ID, WA and WF and 1.5 % a
  year elsewhere (:func:`_growth`), so the Asian importers gain weight from 2010 to 2022;
* intensities: land rows fall 1 % and kg rows (emissions, nutrients) 1.5 % a year; the
  domestic-extraction rows (kt) fell until 2016 (abiotic 3.5-4.5 %, biotic 1.5 % a year,
  :data:`_EXTRACTION_TREND`) and are flat from 2016 on. With the growth of demand this makes NL's
  abiotic material footprint (the NPCE halving target's proxy, rows ``Domestic Extraction Used -
  Fossil Fuels/Metal Ores/Non-Metallic Minerals``) higher in 2010 than in 2016, then rising slowly
  again to 2022: nowhere near a path to -50 % by 2030 (3.8 names these rows ``Fossil Fuel: Total``,
  ``Metal Ores - ...``, ``Non-Metallic Minerals - ...``). The biotic material footprint stays within
  10 % of 2016 in every year;
* sourcing: in 2010 and 2016 NL bought more oil seeds from BR and more fibres and textiles from
  IN, and CN less of both (:data:`_SOURCING`); 2019 is half way to the generic shares of 2022
  (:data:`_SOURCING_BLEND`): the demo's ex-post waterbed.

The stressor rows added later (biogenic combustion gases, F-gases, crop residues, fodder crops, unused
extraction; :func:`_later_specs`) are drawn after all earlier ones, so the earlier rows kept their values
when the archives were regenerated with real row names.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio

from footprint.config import FD_CODES
from footprint.demo import DEMO_LABEL, DEMO_YEARS, layouts

__all__ = ["DEFAULT_SEED", "FD_CATEGORIES", "PRODUCTS", "REGIONS", "build_system", "write_demo"]

DEFAULT_SEED = 20220
"""Seed of the shipped archives (mixed with :data:`REFERENCE_YEAR`)."""

REFERENCE_YEAR = 2022
"""Every year uses the random draws of this year, so that the demo years differ only by the
deterministic trends (sizes, intensities) and the sourcing shifts of :data:`_SOURCING`."""

REGIONS: tuple[str, ...] = (
    "BE", "DE", "FR", "NL", "GB", "US", "CN", "BR", "IN", "ID", "WA", "WL", "WE", "WF", "WM",
)
"""Demo regions, in EXIOBASE file order."""

FD_CATEGORIES: tuple[str, ...] = tuple(FD_CODES.values())
"""The 7 EXIOBASE 3 final-demand categories, exact names."""

_P: dict[str, str] = {
    "wheat": "Wheat",
    "cereal": "Cereal grains nec",
    "veg": "Vegetables, fruit, nuts",
    "oilseed": "Oil seeds",
    "fibre": "Plant-based fibers",
    "cropnec": "Crops nec",
    "cattle": "Cattle",
    "pigs": "Pigs",
    "poultry": "Poultry",
    "meatnec": "Meat animals nec",
    "animnec": "Animal products nec",
    "milk": "Raw milk",
    "wool": "Wool, silk-worm cocoons",
    "forest": "Products of forestry, logging and related services (02)",
    "fish": "Fish and other fishing products; services incidental of fishing (05)",
    "coal": "Other Bituminous Coal",
    "crude": "Crude petroleum and services related to crude oil extraction, excluding surveying",
    "natgas": "Natural gas and services related to natural gas extraction, excluding surveying",
    "ironore": "Iron ores",
    "sand": "Sand and clay",
    "beef": "Products of meat cattle",
    "pork": "Products of meat pigs",
    "chicken": "Products of meat poultry",
    "meatprod": "Meat products nec",
    "vegoil": "products of Vegetable oils and fats",
    "dairy": "Dairy products",
    "foodnec": "Food products nec",
    "fishprod": "Fish products",
    "textiles": "Textiles (17)",
    "apparel": "Wearing apparel; furs (18)",
    "leather": "Leather and leather products (19)",
    "wood": "Wood and products of wood and cork (except furniture); articles of straw and "
    "plaiting materials (20)",
    "paper": "Paper and paper products",
    "gasoline": "Motor Gasoline",
    "diesel": "Gas/Diesel Oil",
    "plastics": "Plastics, basic",
    "nfert": "N-fertiliser",
    "chem": "Chemicals nec",
    "steel": "Basic iron and steel and of ferro-alloys and first products thereof",
    "machinery": "Machinery and equipment n.e.c. (29)",
    "el_coal": "Electricity by coal",
    "el_gas": "Electricity by gas",
    "el_wind": "Electricity by wind",
    "gasdist": "Distribution services of gaseous fuels through mains",
    "construction": "Construction work (45)",
    "retail": "Retail  trade services, except of motor vehicles and motorcycles; "
    "repair services of personal and household goods (52)",
    "hotel": "Hotel and restaurant services (55)",
    "landtrans": "Other land transportation services",
    "seatrans": "Sea and coastal water transportation services",
    "realestate": "Real estate services (70)",
    "business": "Other business services (74)",
    "publicadmin": "Public administration and defence services; "
    "compulsory social security services (75)",
    "health": "Health and social work services (85)",
}
_KEYS: tuple[str, ...] = tuple(_P)
_IDX: dict[str, int] = {k: i for i, k in enumerate(_KEYS)}
PRODUCTS: tuple[str, ...] = tuple(_P.values())
"""Demo products: exact EXIOBASE 3 pxp names, in EXIOBASE order."""

_CROPS = ("wheat", "cereal", "veg", "oilseed", "fibre", "cropnec")
_LIVESTOCK = ("cattle", "pigs", "poultry", "meatnec", "animnec", "milk", "wool")
_SERVICES = ("construction", "retail", "hotel", "landtrans", "seatrans", "realestate", "business",
             "publicadmin", "health")
_ELEC = ("el_coal", "el_gas", "el_wind")

# --- technology -------------------------------------------------------------------------------

_FARM = {"nfert": 0.08, "chem": 0.04, "diesel": 0.04, "machinery": 0.03}
_RECIPE: dict[str, dict[str, float]] = {
    **{c: _FARM for c in _CROPS},
    "cattle": {"cereal": 0.10, "oilseed": 0.03, "vegoil": 0.06, "foodnec": 0.06, "cropnec": 0.04},
    "pigs": {"cereal": 0.16, "wheat": 0.04, "vegoil": 0.10, "foodnec": 0.12},
    "poultry": {"cereal": 0.18, "wheat": 0.04, "vegoil": 0.12, "foodnec": 0.10},
    "meatnec": {"cereal": 0.05, "foodnec": 0.04},
    "animnec": {"cereal": 0.15, "vegoil": 0.08, "foodnec": 0.08},
    "milk": {"cereal": 0.06, "vegoil": 0.06, "foodnec": 0.10, "cropnec": 0.04},
    "wool": {"cereal": 0.04},
    "forest": {"diesel": 0.04, "machinery": 0.03},
    "fish": {"diesel": 0.12, "machinery": 0.02},
    "coal": {"diesel": 0.04, "machinery": 0.06, "steel": 0.02},
    "crude": {"machinery": 0.06, "steel": 0.03},
    "natgas": {"machinery": 0.05, "steel": 0.02},
    "ironore": {"diesel": 0.05, "machinery": 0.06},
    "sand": {"diesel": 0.06},
    "beef": {"cattle": 0.55},
    "pork": {"pigs": 0.55},
    "chicken": {"poultry": 0.50},
    "meatprod": {"meatnec": 0.45, "pork": 0.05},
    "vegoil": {"oilseed": 0.60},
    "dairy": {"milk": 0.50},
    "foodnec": {"wheat": 0.08, "cereal": 0.08, "veg": 0.08, "vegoil": 0.04, "dairy": 0.03,
                "cropnec": 0.05, "plastics": 0.02, "paper": 0.02},
    "fishprod": {"fish": 0.45},
    "textiles": {"fibre": 0.18, "wool": 0.03, "chem": 0.12, "plastics": 0.05},
    "apparel": {"textiles": 0.40, "chem": 0.02},
    "leather": {"beef": 0.10, "chem": 0.05, "textiles": 0.05},
    "wood": {"forest": 0.35},
    "paper": {"forest": 0.20, "chem": 0.05},
    "gasoline": {"crude": 0.60},
    "diesel": {"crude": 0.60},
    "plastics": {"natgas": 0.15, "chem": 0.15, "crude": 0.12},
    "nfert": {"natgas": 0.40},
    "chem": {"crude": 0.12, "natgas": 0.10, "plastics": 0.05},
    "steel": {"ironore": 0.20, "coal": 0.12},
    "machinery": {"steel": 0.20, "plastics": 0.03, "chem": 0.02},
    "el_coal": {"coal": 0.35},
    "el_gas": {"natgas": 0.45},
    "el_wind": {"machinery": 0.10, "steel": 0.03},
    "gasdist": {"natgas": 0.55},
    "construction": {"sand": 0.06, "wood": 0.04, "steel": 0.10, "machinery": 0.05, "chem": 0.03,
                     "plastics": 0.03, "diesel": 0.02},
    "retail": {"plastics": 0.01, "paper": 0.01},
    "hotel": {"beef": 0.02, "pork": 0.02, "chicken": 0.02, "dairy": 0.03, "foodnec": 0.08,
              "veg": 0.02, "fishprod": 0.01},
    "landtrans": {"diesel": 0.18},
    "seatrans": {"diesel": 0.25},
    "realestate": {"construction": 0.08},
    "business": {"paper": 0.01},
    "publicadmin": {"construction": 0.02},
    "health": {"chem": 0.06},
}
_OVERHEAD_GOODS = {"business": 0.04, "landtrans": 0.015, "seatrans": 0.004, "realestate": 0.01,
                   "elec": 0.025}
_OVERHEAD_SERVICES = {"business": 0.06, "landtrans": 0.005, "realestate": 0.03, "elec": 0.015}

# Region size (final demand, M EUR in 2022), openness, electricity mix (coal, gas, wind).
_SIZE = {"BE": 450e3, "DE": 3.2e6, "FR": 2.4e6, "NL": 600e3, "GB": 2.6e6, "US": 2.0e7,
         "CN": 1.4e7, "BR": 1.5e6, "IN": 3.0e6, "ID": 1.1e6, "WA": 6.0e6, "WL": 3.0e6,
         "WE": 4.0e6, "WF": 2.4e6, "WM": 3.0e6}
_OPEN = {"BE": 1.0, "DE": 0.6, "FR": 0.5, "NL": 1.0, "GB": 0.55, "US": 0.25, "CN": 0.2,
         "BR": 0.2, "IN": 0.25, "ID": 0.3, "WA": 0.35, "WL": 0.3, "WE": 0.5, "WF": 0.35,
         "WM": 0.4}
_ELMIX = {"BE": (0.05, 0.55, 0.40), "DE": (0.35, 0.25, 0.40), "FR": (0.05, 0.35, 0.60),
          "NL": (0.15, 0.55, 0.30), "GB": (0.05, 0.55, 0.40), "US": (0.30, 0.50, 0.20),
          "CN": (0.70, 0.05, 0.25), "BR": (0.10, 0.20, 0.70), "IN": (0.75, 0.05, 0.20),
          "ID": (0.65, 0.25, 0.10), "WA": (0.50, 0.35, 0.15), "WL": (0.10, 0.50, 0.40),
          "WE": (0.30, 0.45, 0.25), "WF": (0.45, 0.35, 0.20), "WM": (0.05, 0.90, 0.05)}
_EU = frozenset({"BE", "DE", "FR", "NL"})

# Tradability of each product (share imported in a fully open economy); default 0.5.
_TRADE = {"veg": 0.6, "oilseed": 0.8, "fibre": 0.9, "cattle": 0.15, "pigs": 0.2, "poultry": 0.15,
          "meatnec": 0.15, "animnec": 0.3, "milk": 0.1, "wool": 0.9, "forest": 0.4, "coal": 0.9,
          "crude": 0.9, "ironore": 0.95, "sand": 0.1, "dairy": 0.35, "foodnec": 0.35,
          "fishprod": 0.6, "textiles": 0.8, "apparel": 0.9, "leather": 0.85, "gasoline": 0.35,
          "diesel": 0.35, "machinery": 0.6, "el_coal": 0.05, "el_gas": 0.05, "el_wind": 0.05,
          "gasdist": 0.02, "construction": 0.02, "retail": 0.02, "hotel": 0.02,
          "landtrans": 0.08, "seatrans": 0.5, "realestate": 0.0, "business": 0.12,
          "publicadmin": 0.0, "health": 0.01}

# Production advantage per product and region (default 1; 0 = the region does not produce it).
_ADV: dict[str, dict[str, float]] = {
    "oilseed": {"BR": 12, "US": 2, "WL": 8, "ID": 2, "CN": 0.3, "NL": 0.1, "BE": 0.1, "GB": 0.3},
    "fibre": {"IN": 5, "CN": 4, "US": 3, "WA": 4, "WF": 4, "BR": 1, "BE": 0.05, "DE": 0, "FR": 0.1,
              "NL": 0, "GB": 0},
    "cattle": {"BR": 8, "WL": 6, "US": 1.5, "NL": 0.8},
    "beef": {"BR": 8, "WL": 6, "US": 1.5},
    "pigs": {"DE": 2, "NL": 2.5, "BE": 2, "CN": 1.5},
    "pork": {"DE": 2, "NL": 2.5, "BE": 2, "CN": 1.5},
    "milk": {"NL": 2.5, "FR": 1.5, "DE": 1.5},
    "dairy": {"NL": 2.5, "FR": 1.5, "DE": 1.5},
    "veg": {"NL": 2, "WL": 1.5, "WF": 1.5, "WE": 1.5},
    "wool": {"WA": 6, "CN": 2, "WL": 1.5, "NL": 0.02, "BE": 0.02, "DE": 0.05},
    "forest": {"WE": 3, "BR": 2, "US": 2, "ID": 2, "WA": 1.5, "NL": 0.1, "BE": 0.2},
    "fish": {"WE": 3, "WA": 2, "CN": 2, "WL": 2, "ID": 1.5},
    "coal": {"US": 2, "CN": 2, "ID": 5, "WA": 4, "WF": 2, "WL": 1.5, "DE": 0.3, "NL": 0, "BE": 0,
             "FR": 0, "GB": 0.05, "BR": 0.1},
    "crude": {"WM": 8, "US": 2, "WE": 4, "WF": 3, "WL": 1.5, "BR": 1.5, "GB": 0.6, "NL": 0.03,
              "BE": 0, "DE": 0.05, "FR": 0.02, "CN": 0.3, "IN": 0.2, "ID": 0.5, "WA": 0.5},
    "natgas": {"WE": 4, "NL": 1.5, "US": 2, "WM": 4, "GB": 0.6, "WF": 1.5, "BE": 0, "FR": 0.02,
               "DE": 0.1, "CN": 0.3, "IN": 0.2, "BR": 0.2},
    "ironore": {"BR": 6, "WA": 6, "IN": 1, "CN": 1, "WF": 1.5, "NL": 0, "BE": 0, "DE": 0, "FR": 0,
                "GB": 0, "WM": 0.2},
    "textiles": {"CN": 5, "IN": 3, "WA": 3, "WE": 2},
    "apparel": {"CN": 5, "WA": 5, "IN": 2.5, "WE": 2, "NL": 0.2, "BE": 0.2, "DE": 0.3},
    "leather": {"CN": 4, "WA": 3, "IN": 2, "WE": 1.5},
    "gasoline": {"NL": 2, "BE": 1.5, "WM": 2},
    "diesel": {"NL": 2, "BE": 1.5, "WM": 2},
    "chem": {"NL": 1.5, "BE": 2, "DE": 1.5},
    "plastics": {"NL": 1.5, "BE": 2, "DE": 1.5},
    "machinery": {"DE": 2.5, "CN": 2},
}
_PARTNERS = 4  # import origins per input (besides domestic)

# Year-specific sourcing, so that the demo shows an ex-post waterbed between its years: in 2016 NL
# bought more of its oil seeds (feed, soy) from BR and more of its fibres and textiles from IN, while
# CN bought fewer oil seeds from BR and fewer fibres from IN; by 2022 (no entry: the generic shares)
# NL sources those elsewhere and CN has grown into that supply.
# (destination, product) -> {origin: share of the destination's purchases}; the other import
# origins are scaled so that the import total stays the same.
_SOURCING: dict[int, dict[tuple[str, str], dict[str, float]]] = {
    2016: {("NL", "oilseed"): {"BR": 0.45}, ("NL", "fibre"): {"IN": 0.40},
           ("NL", "textiles"): {"IN": 0.25}, ("CN", "oilseed"): {"BR": 0.02},
           ("CN", "fibre"): {"IN": 0.012}},
}
# The other demo years mix the 2016 sourcing (weight w) with the generic shares (1 - w): 2010 still
# sources like 2016, and 2019 is half way to 2022's sourcing. Years in neither table use the generic
# shares.
_SOURCING_BLEND: dict[int, tuple[int, float]] = {2010: (2016, 1.0), 2019: (2016, 0.5)}

# Final demand: category split and product budget weights.
_FD_SPLIT = (0.50, 0.02, 0.22, 0.22, 0.004, 0.003, 0.0)
_FD_WEIGHTS: tuple[dict[str, float], ...] = (
    {"beef": 0.8, "pork": 0.6, "chicken": 0.6, "meatprod": 0.4, "dairy": 1.2, "fishprod": 0.3,
     "foodnec": 5.0, "veg": 1.0, "animnec": 0.2, "fish": 0.1, "vegoil": 0.2, "textiles": 0.5,
     "apparel": 2.5,
     "leather": 0.5, "gasoline": 1.2, "diesel": 0.5, "elec": 1.8, "gasdist": 1.5, "retail": 5.0,
     "hotel": 4.0, "landtrans": 1.5, "realestate": 14.0, "business": 3.0, "health": 4.0,
     "publicadmin": 0.5, "chem": 1.0, "machinery": 3.0, "wood": 0.4, "paper": 0.4},
    {"health": 40.0, "business": 30.0, "publicadmin": 30.0},
    {"publicadmin": 45.0, "health": 35.0, "business": 5.0, "construction": 5.0, "landtrans": 2.0,
     "elec": 1.0, "chem": 2.0},
    {"construction": 55.0, "machinery": 35.0, "business": 10.0},
    {"foodnec": 2.0, "vegoil": 1.0, "cereal": 1.0, "oilseed": 1.0, "crude": 2.0, "diesel": 1.0,
     "chem": 1.0, "steel": 1.0, "apparel": 1.0},
    {"machinery": 1.0, "retail": 1.0},
    {},
)
_INVENTORY = 4  # index of "Changes in inventories" in FD_CATEGORIES

# --- stressors ---------------------------------------------------------------------------------

# Region multipliers of stressor intensities [-].
_PROFILE: dict[str, dict[str, float]] = {
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
    "gasdist": 5e4, **{c: 1.5e5 for c in _CROPS}, **{a: 1e5 for a in _LIVESTOCK},
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


def _satellite_specs() -> list[_Stressor]:
    """Stressor rows of the 3.8 ``satellite`` extension with intensities [unit / M EUR]."""
    specs: list[_Stressor] = []
    for key, val in _LAND_CROP.items():
        specs.append((f"Cropland - {_P[key]}", "km2", "crop", {key: val}))
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
         {"cattle": 150, "milk": 200, "pigs": 180, "poultry": 150, **{c: 40 for c in _CROPS}}),
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
    specs += [(f"{pre}Manufacturing - {_P[k]}", "Mm3", "none", {k: v}) for k, v in
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
         {**{c: 300.0 for c in _CROPS}, **{a: 200.0 for a in animals}}),
        ("P - agriculture - water", "kg", "agri",
         {**{c: 15.0 for c in _CROPS}, **{a: 10.0 for a in animals}}),
        ("P - agriculture - soil", "kg", "agri",
         {**{c: 40.0 for c in _CROPS}, **{a: 30.0 for a in animals}}),
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

_IMPACTS = (
    ("Land use Crop, Forest, Pasture", "km2",
     r"^(?:Cropland - |Permanent pastures - |Forest area - )"),
    ("GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 "
     "(IPCC, 2007)", "kg CO2 eq.", None),
    ("Water Consumption Blue - Total", "Mm3", r"^Water Consumption Blue - "),
)
_GWP100 = {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0}

_README = """\
{label}

This archive is a SMALL SYNTHETIC multi-regional input-output system laid out like an EXIOBASE 3
product-by-product (pxp) archive ({layout} extension layout), for testing and teaching the
`footprint` package. It is NOT EXIOBASE and contains no EXIOBASE data: every number was
invented by a seeded random generator around hand-picked, plausible-looking coefficients.

Contents: {n_regions} regions ({regions}), {n_products} products with exact EXIOBASE 3 pxp names,
the 7 EXIOBASE final-demand categories, monetary unit M.EUR, reference year {year}.

Made with:  python -m footprint.demo.make_demo   (footprint.demo.make_demo.write_demo, seed {seed})
Read with:  pymrio.parse_exiobase3(path)
"""
_ZIP_DATE = (2022, 1, 1, 0, 0, 0)


# --- economics ---------------------------------------------------------------------------------


def _round_sig(a: np.ndarray, digits: int = 4) -> np.ndarray:
    """Round to ``digits`` significant digits (keeps the text files short)."""
    out = np.zeros_like(a)
    nz = a != 0
    mag = np.floor(np.log10(np.abs(a[nz])))
    scale = 10.0 ** (digits - 1 - mag)
    out[nz] = np.round(a[nz] * scale) / scale
    return out


def _expand_elec(weights: Mapping[str, float], region: str) -> dict[str, float]:
    """Split a pseudo-product ``elec`` over the region's electricity mix."""
    out = {k: v for k, v in weights.items() if k != "elec"}
    for key, share in zip(_ELEC, _ELMIX[region], strict=True):
        out[key] = out.get(key, 0.0) + weights.get("elec", 0.0) * share
    return out


def _technology(rng: np.random.Generator) -> np.ndarray:
    """Input coefficients summed over origins, shape (region, input, output) [EUR/EUR]."""
    n_p = len(_KEYS)
    tech = np.zeros((len(REGIONS), n_p, n_p))
    for r, region in enumerate(REGIONS):
        for j, out in enumerate(_KEYS):
            overhead = _OVERHEAD_SERVICES if out in _SERVICES else _OVERHEAD_GOODS
            column = _expand_elec({**overhead, **_RECIPE[out]}, region)
            for inp, coef in column.items():
                tech[r, _IDX[inp], j] += coef
    tech *= rng.lognormal(0.0, 0.12, size=tech.shape)
    colsum = tech.sum(axis=1, keepdims=True)
    return tech * np.minimum(1.0, 0.75 / colsum)


def _capacity(year: int) -> np.ndarray:
    """Export capacity by region and product (size^0.6 x advantage), shape (region, product) [-]."""
    adv = np.array([[_ADV.get(p, {}).get(r, 1.0) for p in _KEYS] for r in REGIONS])
    size = np.array([_SIZE[r] for r in REGIONS])[:, np.newaxis]
    cap = size**0.6 * adv
    return cap * _growth(year)


def _growth(year: int) -> np.ndarray:
    """Mild deterministic size trend per region relative to 2022 [-]."""
    rate = np.array([0.045 if r in {"CN", "IN", "ID", "WA", "WF"} else 0.015 for r in REGIONS])
    return (1.0 + rate[:, np.newaxis]) ** (year - 2022)


def _tilt(src: np.ndarray, year: int) -> np.ndarray:
    """Set the year's sourcing shares (:data:`_SOURCING`, :data:`_SOURCING_BLEND`), keeping each
    import total."""
    if year in _SOURCING_BLEND:
        like, weight = _SOURCING_BLEND[year]
        shifted = _tilt(src.copy(), like)
        return shifted if weight == 1.0 else weight * shifted + (1.0 - weight) * src
    for (dest, key), shares in _SOURCING.get(year, {}).items():
        r, p = REGIONS.index(dest), _IDX[key]
        row = src[r, p].copy()
        imported = row.sum() - row[r]
        fixed = np.zeros(len(REGIONS), dtype=bool)
        for origin, share in shares.items():
            row[REGIONS.index(origin)] = share
            fixed[REGIONS.index(origin)] = True
        free = ~fixed
        free[r] = False
        row[free] *= (imported - row[fixed].sum()) / row[free].sum()
        src[r, p] = row
    return src


def _origin_shares(cap: np.ndarray) -> np.ndarray:
    """Share of each origin in a region's purchases of a product, shape (dest, product, origin)."""
    n_r, n_p = cap.shape
    src = np.zeros((n_r, n_p, n_r))
    eu = np.array([r in _EU for r in REGIONS])
    for r in range(n_r):
        pref = np.where(eu & eu[r], 2.5, 1.0)
        for p, key in enumerate(_KEYS):
            share = min(0.95, _TRADE.get(key, 0.5) * _OPEN[REGIONS[r]])
            imported = 1.0 if cap[r, p] == 0 else share
            weight = cap[:, p] * pref
            weight[r] = 0.0
            top = np.argsort(-weight, kind="stable")[:_PARTNERS]
            src[r, p, top] = imported * weight[top] / weight[top].sum()
            src[r, p, r] = 1.0 - imported
    return src


def _a_matrix(tech: np.ndarray, src: np.ndarray) -> np.ndarray:
    """Technical coefficients, rows (origin, input), columns (dest, output) [EUR/EUR]."""
    n_r, n_p, _ = tech.shape
    # A[s, i, r, j] = tech[r, i, j] * src[r, i, s]
    a4 = np.einsum("rij,ris->sirj", tech, src)
    return _round_sig(a4.reshape(n_r * n_p, n_r * n_p))


def _final_demand(rng: np.random.Generator, src: np.ndarray, year: int) -> np.ndarray:
    """Final demand, rows (origin, product), columns (region, category) [M EUR]."""
    n_r, n_p, _ = src.shape
    n_f = len(FD_CATEGORIES)
    growth = _growth(year)[:, 0]
    Y = np.zeros((n_r, n_p, n_r, n_f))
    for r, region in enumerate(REGIONS):
        for f, weights in enumerate(_FD_WEIGHTS):
            vec = _category_vector(rng, _expand_elec(weights, region), f)
            total = _SIZE[region] * growth[r] * _FD_SPLIT[f]
            Y[:, :, r, f] = (src[r] * (total * vec)[:, np.newaxis]).T
    return _round_sig(Y.reshape(n_r * n_p, n_r * n_f))


def _category_vector(rng: np.random.Generator, weights: Mapping[str, float], f: int) -> np.ndarray:
    """Budget shares of one region's final-demand category over products (sum 1, or 0)."""
    vec = np.zeros(len(_KEYS))
    for key, w in weights.items():
        vec[_IDX[key]] = w
    vec *= rng.lognormal(0.0, 0.15, size=vec.shape)
    if vec.sum() == 0:
        return vec
    vec /= vec.sum()
    if f == _INVENTORY:
        vec *= np.where(rng.random(vec.shape) < 0.3, -0.5, 1.0)
    return vec


def _solve_output(A: np.ndarray, Y: np.ndarray, produced: np.ndarray) -> np.ndarray:
    """Gross output ``x = (I - A)^-1 Y e`` [M EUR]; exactly 0 where nothing is ``produced``."""
    x = np.linalg.solve(np.eye(A.shape[0]) - A, Y.sum(axis=1))
    x[~produced] = 0.0  # those rows of A and Y are all zero, so this is exact
    if not np.all(x[produced] > 0):  # pragma: no cover - guards edits of the tables above
        raise ValueError("demo generator produced non-positive output; check the demo tables")
    return x


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


def _intensity_row(rng: np.random.Generator, spec: _Stressor, year: int) -> np.ndarray:
    """Intensities of one stressor over (region, product) rows [unit / M EUR]."""
    name, unit, profile, per_product = spec
    base = np.zeros(len(_KEYS))
    for key, val in per_product.items():
        base[_IDX[key]] = val
    mult = np.array([_PROFILE[profile].get(r, 1.0) for r in REGIONS])
    row = mult[:, np.newaxis] * base[np.newaxis, :]
    if name == "CO2 - agriculture - peat decay - air":
        for (region, key), val in _PEAT.items():
            row[REGIONS.index(region), _IDX[key]] = val
    row = row * rng.lognormal(0.0, 0.1, size=row.shape) * _TREND.get(unit, 1.0) ** (year - 2022)
    if name.startswith(_DEU) and year < _EXTRACTION_BEFORE:
        row = row * _extraction_trend(name, year)
    return row.ravel()


def _household_direct(specs: list[_Stressor], Y: np.ndarray) -> np.ndarray:
    """Stressors emitted by households themselves, shape (stressor, region x category)."""
    n_r, n_f = len(REGIONS), len(FD_CATEGORIES)
    hh = Y.reshape(n_r, len(_KEYS), n_r, n_f)[:, :, :, 0].sum(axis=0)  # (product, region)
    fuel_co2 = sum(coef * hh[_IDX[k]] for k, coef in _HH_FUEL.items())
    spend = hh.sum(axis=0)
    forest = np.array([_PROFILE["forest"][r] for r in REGIONS])
    dry = np.array([_PROFILE["irrigation"][r] for r in REGIONS]) ** 0.3
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


def _impacts(sat: pd.DataFrame) -> pd.DataFrame:
    """The 3.8 ``impacts`` rows as exact sums of satellite rows (works for F and F_Y)."""
    names = sat.index.to_series()
    rows = {}
    for name, _unit, pattern in _IMPACTS:
        if pattern is None:
            gas = names.str.extract(r"^(CO2|CH4|N2O) - ", expand=False)
            weight = gas.map(_GWP100).fillna(0.0).to_numpy()
            rows[name] = (sat * weight[:, np.newaxis]).sum(axis=0)
        else:
            rows[name] = sat[names.str.contains(pattern).to_numpy()].sum(axis=0)
    out = pd.DataFrame(rows).T
    out.index.name = "impact"
    return out


# --- assembly ----------------------------------------------------------------------------------


def _labels() -> tuple[pd.MultiIndex, pd.MultiIndex]:
    """EXIOBASE-style row (region, sector) and final-demand (region, category) labels."""
    rows = pd.MultiIndex.from_product([REGIONS, PRODUCTS], names=["region", "sector"])
    cols = pd.MultiIndex.from_product([REGIONS, FD_CATEGORIES], names=["region", "category"])
    return rows, cols


def _unit_frame(index: pd.Index, units: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"unit": units}, index=index)


def _satellite(
    rng: np.random.Generator, x: np.ndarray, Y: np.ndarray, year: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Satellite F, F_Y and unit tables in the 3.8 layout."""
    rows, cols = _labels()
    specs = _satellite_specs()
    index = pd.Index([s[0] for s in specs], name="stressor")
    S = np.vstack([_intensity_row(rng, spec, year) for spec in specs])
    F = pd.DataFrame(S * x[np.newaxis, :], index=index, columns=rows)
    F_Y = pd.DataFrame(_household_direct(specs, Y), index=index, columns=cols)
    return F, F_Y, _unit_frame(index, [s[1] for s in specs])


def _extensions_38(F: pd.DataFrame, F_Y: pd.DataFrame, unit: pd.DataFrame) -> dict[str, dict]:
    """The 3.8 ``satellite`` (real 3.8 row names) and ``impacts`` (sums of satellite rows)."""
    sat = layouts.extensions(F, F_Y, unit, "3.8")["satellite"]
    imp_index = pd.Index([i[0] for i in _IMPACTS], name="impact")
    return {
        "satellite": sat,
        "impacts": {"name": "impacts", "F": _impacts(sat["F"]), "F_Y": _impacts(sat["F_Y"]),
                    "unit": _unit_frame(imp_index, [i[1] for i in _IMPACTS])},
    }


def _extensions_39(F: pd.DataFrame, F_Y: pd.DataFrame, unit: pd.DataFrame) -> dict[str, dict]:
    """The EXIOBASE 3.9+ extensions (``land``, ``air_emissions``, ``material`` ...), real 3.9 names."""
    return layouts.extensions(F, F_Y, unit, "3.9")


def build_system(
    year: int = 2022, layout: str = "3.8", seed: int = DEFAULT_SEED
) -> pymrio.IOSystem:
    """Build the synthetic demo system in memory.

    Parameters
    ----------
    year : int
        Reference year; shifts sizes and intensities mildly and deterministically.
    layout : {"3.8", "3.9"}
        Extension layout: ``satellite``/``impacts`` (3.8) or ``land``, ``air_emissions``,
        ``material``, ``water``, ``nutrients`` (3.9+).
    seed : int
        Random seed, mixed with :data:`REFERENCE_YEAR` (the same draws for every year).

    Returns
    -------
    pymrio.IOSystem
        With ``Z``, ``A``, ``Y``, ``x`` [M EUR], ``unit`` and the extensions.

    Raises
    ------
    ValueError
        For an unknown ``layout``.
    """
    if layout not in ("3.8", "3.9"):
        raise ValueError(f"layout must be '3.8' or '3.9', not {layout!r}")
    rng = np.random.default_rng([seed, REFERENCE_YEAR])
    cap = _capacity(year)
    src = _tilt(_origin_shares(cap), year)
    A = _a_matrix(_technology(rng), src)
    Y = _final_demand(rng, src, year)
    produced = cap.ravel() > 0
    x = _solve_output(A, Y, produced)
    A[:, ~produced] = 0.0  # no output, no recipe (as in EXIOBASE)
    rows, cols = _labels()
    F, F_Y, unit = _satellite(rng, x, Y, year)
    make = _extensions_38 if layout == "3.8" else _extensions_39
    return pymrio.IOSystem(
        Z=pd.DataFrame(A * x[np.newaxis, :], index=rows, columns=rows),
        A=pd.DataFrame(A, index=rows, columns=rows),
        Y=pd.DataFrame(Y, index=rows, columns=cols),
        x=pd.DataFrame({"indout": x}, index=rows),
        unit=_unit_frame(rows, ["M.EUR"] * len(rows)),
        name="footprint demo MRIO (synthetic)",
        description=DEMO_LABEL,
        system="pxp",
        version=f"demo-{layout}",
        **make(F, F_Y, unit),
    )


# --- writing -----------------------------------------------------------------------------------


def _write_folder(io: pymrio.IOSystem, folder: Path, year: int, layout: str, seed: int) -> None:
    """Save ``io`` with pymrio, then replace the time-stamped metadata and add the README."""
    io.save_all(folder, float_format=None)  # shortest round-trip repr: lossless and fast
    meta = {
        "name": "footprint demo MRIO (synthetic, not EXIOBASE)",
        "description": DEMO_LABEL,
        "system": "pxp",
        "version": f"demo-{layout}",
        "history": [],
    }
    (folder / "metadata.json").write_text(json.dumps(meta, indent=4) + "\n", encoding="utf-8")
    readme = _README.format(
        label=DEMO_LABEL, layout=f"EXIOBASE {layout}", n_regions=len(REGIONS),
        regions=", ".join(REGIONS), n_products=len(PRODUCTS), year=year, seed=seed,
    )
    (folder / "README.txt").write_text(readme, encoding="utf-8")


def _zip_folder(folder: Path, archive: Path) -> None:
    """Zip ``folder`` (as its own top-level directory) with sorted entries and fixed dates."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w") as zf:
        for path in files:
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)


def write_demo(
    path: Path, year: int = 2022, layout: str = "3.8", seed: int = DEFAULT_SEED
) -> Path:
    """Write the synthetic demo MRIO in the EXIOBASE 3 pxp file layout.

    Parameters
    ----------
    path : pathlib.Path
        Target. Ending in ``.zip``: an archive holding folder ``IOT_<year>_pxp/`` (like the
        EXIOBASE download); otherwise the folder itself (created; existing files overwritten).
    year : int
        Reference year.
    layout : {"3.8", "3.9"}
        Extension layout, see :func:`build_system`.
    seed : int
        Random seed (the shipped archives use :data:`DEFAULT_SEED`).

    Returns
    -------
    pathlib.Path
        ``path``; readable with ``pymrio.parse_exiobase3(path)``.

    Examples
    --------
    >>> import tempfile, pymrio
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     io = pymrio.parse_exiobase3(write_demo(Path(tmp) / "demo.zip"))
    >>> io.get_regions()[:4].tolist()
    ['BE', 'DE', 'FR', 'NL']
    """
    path = Path(path)
    io = build_system(year=year, layout=layout, seed=seed)
    if path.suffix.lower() != ".zip":
        _write_folder(io, path, year, layout, seed)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"IOT_{year}_pxp"
        _write_folder(io, folder, year, layout, seed)
        partial = path.with_name(path.name + ".partial")
        _zip_folder(folder, partial)
        shutil.move(partial, path)
    return path


def main() -> None:
    """Regenerate the shipped demo archives next to this module."""
    here = Path(__file__).resolve().parent
    for year in DEMO_YEARS:
        out = write_demo(here / f"IOT_{year}_pxp.zip", year=year)
        print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
