"""Country-level land characterisation factors and land areas for the origins resolved to countries.

:func:`country_factors` takes issue 16's country factor tables
(:func:`footprint.impacts.country.country_factors`: LC-IMPACT per country with its 95 % interval, IBIF v2
per country with the range over taxa) for the land types the attribution's land pressures map to
(:data:`LAND_TYPES`). :func:`land_areas` gives the members' land area by class (FAOSTAT land use,
``fao_land_area.csv``), the fallback weights of the country split.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pandas as pd

from footprint.defaults import DEFAULTS_DIR
from footprint.errors import DataFileNotFoundError
from footprint.impacts.country import country_factors as impact_country_factors

__all__ = ["COUNTRY_FACTOR_COLUMNS", "LAND_CLASSES", "LAND_TYPES", "METHODS", "country_factors", "land_areas"]

TABLES = DEFAULTS_DIR / "characterisation"

LAND_CLASSES: dict[str, str] = {"land_cropland": "cropland", "land_pasture": "pasture",
                                "land_forestry": "forest", "land_builtup": "urban"}
"""Land pressure of the attribution -> land class of the land areas (:func:`land_areas`)."""

LAND_TYPES: dict[str, str] = {"land_cropland": "crops_annual", "land_pasture": "pasture",
                              "land_forestry": "forestry", "land_builtup": "urban"}
"""Land pressure of the attribution -> land type of the country factors (issue 16's vocabulary)."""

METHODS = ("pdf_lcimpact", "msa_ibif2")
"""Country-factor methods applied to the origin countries."""

_AREA = {"cropland": "cropland_km2", "pasture": "pasture_km2", "forest": "forest_km2",
         "urban": "artificial_km2"}

COUNTRY_FACTOR_COLUMNS = ["method", "indicator", "land_type", "iso3", "value_low", "value", "value_high",
                          "range_kind", "impact_unit", "per_unit", "source"]


def _csv(name: str, folder: Path) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataFileNotFoundError(f"the characterisation table {path} does not exist; it is rebuilt by "
                                    "the scripts in config/characterisation/ (see its README).")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])  # Namibia is "NA"


@cache
def _factors(methods: tuple[str, ...]) -> pd.DataFrame:
    table = impact_country_factors(list(methods))
    table = table[table["land_type"].isin(set(LAND_TYPES.values()))]
    return table[COUNTRY_FACTOR_COLUMNS].reset_index(drop=True)


def country_factors(methods: tuple[str, ...] = METHODS) -> pd.DataFrame:
    """Per-country land-occupation factors by land type (issue 16's tables).

    Parameters
    ----------
    methods : tuple of str
        Country-factor methods of :func:`footprint.impacts.country.country_factors`.

    Returns
    -------
    DataFrame
        :data:`COUNTRY_FACTOR_COLUMNS`: method (``pdf_lcimpact``: LC-IMPACT, median with the 95 %
        interval; ``msa_ibif2``: IBIF v2, overall with the range over taxa, a sensitivity), indicator
        (``pdf`` or ``msa_loss``), land_type (crops_annual, pasture, forestry, urban), iso3, value_low,
        value, value_high [impact_unit / per_unit], range_kind, impact_unit, per_unit, source.

    Notes
    -----
    Cropland takes the annual-crop factor (the EXIOBASE cropland rows split here are mostly annual
    crops; oil palm is a permanent crop, so palm-oil origins are characterised as annual cropland, an
    approximation).
    """
    return _factors(tuple(methods)).copy()


@cache
def _areas(folder: Path) -> pd.DataFrame:
    return _csv("fao_land_area.csv", folder)


def land_areas(year: int, folder: Path = TABLES) -> Mapping[str, Mapping[str, float]]:
    """Land area by class and country in ``year`` (the nearest year with data when it has none) [km2].

    Returns
    -------
    dict
        land class -> ISO3 -> area [km2] (FAOSTAT land use, reduced in ``fao_land_area.csv``);
        ``"all"`` -> cropland plus pasture.
    """
    return _land_areas(int(year), Path(folder))


@cache
def _land_areas(year: int, folder: Path) -> Mapping[str, Mapping[str, float]]:
    table = _areas(folder)
    years = sorted(set(table["year"].astype(int)))
    nearest = min(years, key=lambda y: (abs(y - year), -y))
    rows = table[table["year"] == nearest].set_index("iso3")
    out = {cls: rows[column].dropna().astype(float).to_dict() for cls, column in _AREA.items()}
    out["all"] = (rows["cropland_km2"].fillna(0.0) + rows["pasture_km2"].fillna(0.0)).to_dict()
    return out
