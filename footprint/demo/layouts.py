"""Real EXIOBASE 3 row names of the demo's stressors, in the 3.8 and the 3.9 extension layout.

The demo generator (:mod:`footprint.demo.make_demo`) computes its stressors under one internal name
each. This module gives every internal name its real row name in each layout, or none when the layout
has no such row, and assembles the extensions: rows that one layout names alike are summed. Every
name used here is a real row of ``footprint/defaults/reference/exiobase38_satellite.csv`` (3.8) or
``exiobase39_extensions.csv`` (3.9) (``tests/unit/test_demo_data.py`` checks it). Where the layouts differ:

* **3.8 has one fossil-fuel row**, ``Domestic Extraction Used - Fossil Fuel: Total``: the demo's coal,
  crude oil and natural gas extraction (three ``Fossil Fuels - ...`` rows in 3.9) are summed into it.
  Other 3.8 material rows are the FAO-style names (``Primary Crops - Soybeans``, ``Grazing``,
  ``Forestry - Coniferous wood - Industrial roundwood`` ...) where 3.9 has aggregates (``Primary
  Crops - Oil bearing crops``, ``Grazed biomass``, ``Forestry - Timber (Industrial roundwood)`` ...).
* **3.8 has no biogenic combustion rows.** The demo books its biomass-combustion CH4 and N2O in the 3.8
  rows ``CH4/N2O - combustion - air`` (3.9: ``CH4_bio``/``N2O_bio - combustion - air``) and drops the
  biogenic CO2 of combustion in 3.8 (3.9: ``CO2_bio - combustion - air``). This is the demo's own
  assumption about 3.8 (the reference list shows only that 3.8 has no separate rows).
* **Unused extraction exists in 3.8 only** (``Unused Domestic Extraction - ...``); it is dropped in 3.9.
* **Land**: 3.8 ``Cropland - <crop>`` / ``Cropland - Fodder crops-<animal>`` / ``Forest area - ...`` /
  ``Infrastructure land`` / ``Other land Use: Total`` become ``Cropland - cropped area - <crop>`` /
  ``Cropland - fallowed area-<animal>`` / ``Forest`` / ``Artificial Surfaces`` / (none) in 3.9.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["LAYOUTS", "extensions", "layout_name"]

LAYOUTS = ("3.8", "3.9")
_DEU = "Domestic Extraction Used - "

# Internal names that 3.8 names differently (None: no 3.8 row; the value is dropped). Internal names
# not listed are 3.8's own names.
_NAMES_38: dict[str, str | None] = {
    **{_DEU + f"Fossil Fuels - {k}": _DEU + "Fossil Fuel: Total"
       for k in ("Other Bituminous Coal", "Crude oil", "Natural gas")},
    _DEU + "Primary Crops - Cereals n.e.c.": _DEU + "Primary Crops - Cereals nec",
    _DEU + "Primary Crops - Vegetables": _DEU + "Primary Crops - Vegetables Fresh nec",
    _DEU + "Primary Crops - Oil bearing crops": _DEU + "Primary Crops - Soybeans",
    _DEU + "Primary Crops - Fibres": _DEU + "Primary Crops - Cotton Lint",
    _DEU + "Grazed biomass": _DEU + "Grazing",
    _DEU + "Fodder crops (including biomass harvest from grassland)":
        _DEU + "Fodder crops - Maize for Forage and Silage",
    _DEU + "Forestry - Timber (Industrial roundwood)":
        _DEU + "Forestry - Coniferous wood - Industrial roundwood",
    _DEU + "Fishery - Wild fish catch": _DEU + "Fishery - Marine fish catch",
    _DEU + "Non-Metallic Minerals - Sand gravel and crushed rock for construction":
        _DEU + "Non-Metallic Minerals - Gravel and sand",
    "CO2_bio - combustion - air": None,
    "CH4_bio - combustion - air": "CH4 - combustion - air",
    "N2O_bio - combustion - air": "N2O - combustion - air",
}

# Internal names that 3.9 names differently (None: no 3.9 row), beyond the cropland renames below.
_NAMES_39: dict[str, str | None] = {
    "Forest area - Forestry": "Forest",
    "Forest area - Marginal use": "Forest",
    "Infrastructure land": "Artificial Surfaces",
    "Other land Use: Total": None,
}

# 3.9 extension of a row, by the first pattern its (3.9) name matches.
_EXTENSIONS_39 = (
    ("land", r"^(?:Cropland - |Permanent pastures - |Forest$|Artificial Surfaces$)"),
    ("water", r"^Water "),
    ("material", r"^Domestic Extraction Used - "),
    ("nutrients", r"^[NP] - "),
    ("air_emissions", r" - air$"),
)


def _name_39(name: str) -> str | None:
    if name in _NAMES_39:
        return _NAMES_39[name]
    if name.startswith("Unused Domestic Extraction - "):
        return None
    if name.startswith("Cropland - Fodder crops-"):
        return "Cropland - fallowed area-" + name.removeprefix("Cropland - Fodder crops-")
    if name.startswith("Cropland - "):
        return "Cropland - cropped area - " + name.removeprefix("Cropland - ")
    return name


def layout_name(name: str, layout: str) -> tuple[str, str] | None:
    """``(extension, row name)`` of internal stressor ``name`` in ``layout`` ("3.8" or "3.9"), or
    None when that layout has no such row.

    Examples
    --------
    >>> layout_name("Domestic Extraction Used - Fossil Fuels - Crude oil", "3.8")
    ('satellite', 'Domestic Extraction Used - Fossil Fuel: Total')
    >>> layout_name("Forest area - Marginal use", "3.9")
    ('land', 'Forest')
    """
    if layout == "3.8":
        new = _NAMES_38.get(name, name)
        return None if new is None else ("satellite", new)
    new39 = _name_39(name)
    if new39 is None:
        return None
    for ext, pattern in _EXTENSIONS_39:
        if re.search(pattern, new39):
            return ext, new39
    raise ValueError(f"demo stressor {name!r} has no EXIOBASE 3.9 extension; extend _EXTENSIONS_39")


def extensions(F: pd.DataFrame, F_Y: pd.DataFrame, unit: pd.DataFrame, layout: str
               ) -> dict[str, dict[str, Any]]:
    """Rename and regroup the internal stressor rows into ``layout``'s extensions.

    Rows that the layout names alike are summed (F and F_Y alike); rows without a name in the layout
    are dropped. Extensions and rows keep the order of first appearance.

    Returns
    -------
    dict
        extension name -> {"name", "F", "F_Y", "unit"} as :class:`pymrio.IOSystem` takes them.
    """
    targets = [layout_name(str(n), layout) for n in F.index]
    exts: dict[str, dict[str, Any]] = {}
    for ext in dict.fromkeys(t[0] for t in targets if t is not None):
        sel = np.array([t is not None and t[0] == ext for t in targets])
        names = pd.Index([t[1] for t in targets if t is not None and t[0] == ext], name="stressor")
        units = unit[sel].set_axis(names, axis=0)
        if (units.groupby(level=0, sort=False)["unit"].nunique() > 1).any():
            raise ValueError(f"demo rows of different units share one {layout} name in {ext}")
        parts = [df[sel].set_axis(names, axis=0).groupby(level=0, sort=False).sum() for df in (F, F_Y)]
        exts[ext] = {"name": ext, "F": parts[0], "F_Y": parts[1],
                     "unit": units.groupby(level=0, sort=False).first()}
    return exts
