"""The demo economy's recipe: its regions, products and final-demand categories, the technology
(input coefficients per product), sizes, openness, trade preferences, the sourcing shifts of the
earlier years and the final-demand split. Invented, plausible-looking numbers (see
:mod:`footprint.demo.make_demo`).
"""

from __future__ import annotations

from footprint.config import FD_CODES

__all__ = ["DEFAULT_SEED", "FD_CATEGORIES", "PRODUCTS", "REGIONS"]

DEFAULT_SEED = 20220
"""Seed of the shipped archives (mixed with :data:`REFERENCE_YEAR`)."""

REFERENCE_YEAR = 2022
"""Every year uses the random draws of this year, so that the demo years differ only by the
deterministic trends (sizes, intensities) and the sourcing shifts of :data:`SOURCING`."""

REGIONS: tuple[str, ...] = (
    "BE", "DE", "FR", "NL", "GB", "US", "CN", "BR", "IN", "ID", "WA", "WL", "WE", "WF", "WM",
)
"""Demo regions, in EXIOBASE file order."""

FD_CATEGORIES: tuple[str, ...] = tuple(FD_CODES.values())
"""The 7 EXIOBASE 3 final-demand categories, exact names."""

PRODUCT_NAMES: dict[str, str] = {
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
PRODUCT_KEYS: tuple[str, ...] = tuple(PRODUCT_NAMES)
PRODUCT_INDEX: dict[str, int] = {k: i for i, k in enumerate(PRODUCT_KEYS)}
PRODUCTS: tuple[str, ...] = tuple(PRODUCT_NAMES.values())
"""Demo products: exact EXIOBASE 3 pxp names, in EXIOBASE order."""

CROPS = ("wheat", "cereal", "veg", "oilseed", "fibre", "cropnec")
LIVESTOCK = ("cattle", "pigs", "poultry", "meatnec", "animnec", "milk", "wool")
_SERVICES = ("construction", "retail", "hotel", "landtrans", "seatrans", "realestate", "business",
             "publicadmin", "health")
ELEC = ("el_coal", "el_gas", "el_wind")

# --- technology -------------------------------------------------------------------------------

_FARM = {"nfert": 0.08, "chem": 0.04, "diesel": 0.04, "machinery": 0.03}
_RECIPE: dict[str, dict[str, float]] = {
    **{c: _FARM for c in CROPS},
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
OVERHEAD_GOODS = {"business": 0.04, "landtrans": 0.015, "seatrans": 0.004, "realestate": 0.01,
                   "elec": 0.025}
OVERHEAD_SERVICES = {"business": 0.06, "landtrans": 0.005, "realestate": 0.03, "elec": 0.015}

# Region size (final demand, M EUR in 2022), openness, electricity mix (coal, gas, wind).
_SIZE = {"BE": 450e3, "DE": 3.2e6, "FR": 2.4e6, "NL": 600e3, "GB": 2.6e6, "US": 2.0e7,
         "CN": 1.4e7, "BR": 1.5e6, "IN": 3.0e6, "ID": 1.1e6, "WA": 6.0e6, "WL": 3.0e6,
         "WE": 4.0e6, "WF": 2.4e6, "WM": 3.0e6}
OPEN = {"BE": 1.0, "DE": 0.6, "FR": 0.5, "NL": 1.0, "GB": 0.55, "US": 0.25, "CN": 0.2,
         "BR": 0.2, "IN": 0.25, "ID": 0.3, "WA": 0.35, "WL": 0.3, "WE": 0.5, "WF": 0.35,
         "WM": 0.4}
ELMIX = {"BE": (0.05, 0.55, 0.40), "DE": (0.35, 0.25, 0.40), "FR": (0.05, 0.35, 0.60),
          "NL": (0.15, 0.55, 0.30), "GB": (0.05, 0.55, 0.40), "US": (0.30, 0.50, 0.20),
          "CN": (0.70, 0.05, 0.25), "BR": (0.10, 0.20, 0.70), "IN": (0.75, 0.05, 0.20),
          "ID": (0.65, 0.25, 0.10), "WA": (0.50, 0.35, 0.15), "WL": (0.10, 0.50, 0.40),
          "WE": (0.30, 0.45, 0.25), "WF": (0.45, 0.35, 0.20), "WM": (0.05, 0.90, 0.05)}
EU = frozenset({"BE", "DE", "FR", "NL"})

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
ADV: dict[str, dict[str, float]] = {
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
SOURCING: dict[int, dict[tuple[str, str], dict[str, float]]] = {
    2016: {("NL", "oilseed"): {"BR": 0.45}, ("NL", "fibre"): {"IN": 0.40},
           ("NL", "textiles"): {"IN": 0.25}, ("CN", "oilseed"): {"BR": 0.02},
           ("CN", "fibre"): {"IN": 0.012}},
}
# The other demo years mix the 2016 sourcing (weight w) with the generic shares (1 - w): 2010 still
# sources like 2016, and 2019 is half way to 2022's sourcing. Years in neither table use the generic
# shares.
_SOURCING_BLEND: dict[int, tuple[int, float]] = {2010: (2016, 1.0), 2019: (2016, 0.5)}

# Final demand: category split and product budget weights.
FD_SPLIT = (0.50, 0.02, 0.22, 0.22, 0.004, 0.003, 0.0)
FD_WEIGHTS: tuple[dict[str, float], ...] = (
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
INVENTORY = 4  # index of "Changes in inventories" in FD_CATEGORIES
