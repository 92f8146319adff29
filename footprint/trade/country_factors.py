"""Country-level land characterisation factors and land areas for the origins resolved to countries.

A small seam: :func:`country_factors` returns one table of per-country land-occupation factors, read
from the reduced tables of ``config/characterisation/`` (issue 16: LC-IMPACT per country,
``lcimpact_country.csv``; IBIF v2 per country, ``ibif_country.csv``), in the columns and vocabulary of
issue 16's ``footprint.impacts.country.country_factors`` (method, indicator, iso3, land_type,
value_low, value, value_high, impact_unit, per_unit); when that function lands, this module
delegates to it.
:func:`land_areas` gives the members' land area by class (FAOSTAT land use, ``fao_land_area.csv``),
the fallback weights of the country split.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pandas as pd

from footprint.errors import DataFileNotFoundError

__all__ = ["COUNTRY_FACTOR_COLUMNS", "LAND_CLASSES", "country_factors", "land_areas"]

TABLES = Path(__file__).resolve().parents[2] / "config" / "characterisation"

LAND_CLASSES: dict[str, str] = {"land_cropland": "cropland", "land_pasture": "pasture",
                                "land_forestry": "forest", "land_builtup": "urban"}
"""Land pressure of the attribution -> land class of the land areas (:func:`land_areas`)."""

LAND_TYPES: dict[str, str] = {"land_cropland": "crops_annual", "land_pasture": "pasture",
                              "land_forestry": "forestry", "land_builtup": "urban"}
"""Land pressure of the attribution -> land type of the country factors (issue 16's vocabulary)."""

COUNTRY_FACTOR_COLUMNS = ["method", "indicator", "land_type", "iso3", "value_low", "value", "value_high",
                          "impact_unit", "per_unit", "source"]

_LCIMPACT = {"crops_annual": ["annual_crops"], "pasture": ["pasture"],
             "forestry": ["extensive_forestry", "intensive_forestry"], "urban": ["urban"]}
_IBIF = {"crops_annual": "cropland", "pasture": "pasture", "forestry": "plantation", "urban": "urban"}
_AREA = {"cropland": "cropland_km2", "pasture": "pasture_km2", "forest": "forest_km2",
         "urban": "artificial_km2"}


def _csv(name: str, folder: Path) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataFileNotFoundError(f"the characterisation table {path} does not exist; it is rebuilt by "
                                    "the scripts in config/characterisation/ (see its README).")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])  # Namibia is "NA"


def _lcimpact(folder: Path) -> pd.DataFrame:
    table = _csv("lcimpact_country.csv", folder)
    parts = []
    for land_type, uses in _LCIMPACT.items():
        rows = table[table["land_use"].isin(uses)]
        mean = rows.groupby("iso3")[["cf_lower_95", "cf_median", "cf_upper_95"]].mean()
        parts.append(pd.DataFrame({
            "method": "pdf_lcimpact", "indicator": "pdf", "land_type": land_type,
            "iso3": mean.index, "value_low": mean["cf_lower_95"].to_numpy(),
            "value": mean["cf_median"].to_numpy(), "value_high": mean["cf_upper_95"].to_numpy(),
            "impact_unit": "global PDF*yr", "per_unit": "m2*yr",
            "source": ("LC-IMPACT land occupation, average, per country (Chaudhary et al. 2015; Verones "
                       f"et al. 2020): {' / '.join(uses)} (mean), median and 95 % interval")}))
    return pd.concat(parts, ignore_index=True)


def _iso2_iso3(folder: Path) -> pd.DataFrame:
    """ISO2 -> ISO3 of the rest-of-world members (``row_area_weights.csv``) and of the single-country
    EXIOBASE regions (whose region code is the ISO2 code; ``lcimpact_country.csv`` gives the ISO3)."""
    members = _csv("row_area_weights.csv", folder)[["iso2", "iso3"]]
    lci = _csv("lcimpact_country.csv", folder)[["iso3", "exio_region"]].drop_duplicates()
    lci = lci[~lci["exio_region"].isin(["WA", "WL", "WE", "WF", "WM"])]
    single = lci.groupby("exio_region")["iso3"].agg(lambda s: sorted(s)[0] if len(s) == 1 else "")
    single = single[single != ""]
    regions = pd.DataFrame({"iso2": single.index, "iso3": single.to_numpy()})
    return pd.concat([members, regions], ignore_index=True).drop_duplicates("iso2")


def _ibif(folder: Path) -> pd.DataFrame:
    table = _csv("ibif_country.csv", folder)
    codes = _iso2_iso3(folder)
    table = table.merge(codes, on="iso2", how="inner")  # the rest-of-world members (what is split)
    parts = []
    for land_type, ibif_class in _IBIF.items():
        rows = table[table["ibif_class"] == ibif_class]
        parts.append(pd.DataFrame({
            "method": "msa_ibif2", "indicator": "msa_loss", "land_type": land_type,
            "iso3": rows["iso3"].to_numpy(), "value_low": float("nan"), "value": rows["overall"].to_numpy(),
            "value_high": float("nan"), "impact_unit": "MSA-loss*km2*yr", "per_unit": "m2*yr",
            "source": (f"IBIF v2 land occupation per country, class {ibif_class}, plants and vertebrates "
                       "(Schipper et al. 2025); central value only (the source gives no interval)")}))
    return pd.concat(parts, ignore_index=True)


@cache
def _factors(folder: Path) -> pd.DataFrame:
    return pd.concat([_lcimpact(folder), _ibif(folder)], ignore_index=True)[COUNTRY_FACTOR_COLUMNS]


def country_factors(folder: Path = TABLES) -> pd.DataFrame:
    """Per-country land-occupation factors of two methods, by land class.

    Parameters
    ----------
    folder : Path
        The characterisation tables (default ``config/characterisation/``).

    Returns
    -------
    DataFrame
        :data:`COUNTRY_FACTOR_COLUMNS`: method (``pdf_lcimpact``: LC-IMPACT, median with the 95 %
        interval; ``msa_ibif2``: IBIF v2, central only, bounds NaN), indicator (``pdf`` or
        ``msa_loss``), land_type (crops_annual, pasture, forestry, urban), iso3, value_low, value,
        value_high [impact_unit / per_unit], impact_unit, per_unit, source.

    Notes
    -----
    Cropland takes LC-IMPACT's annual-crop factor (the EXIOBASE cropland rows split here are mostly
    annual crops; oil palm is a permanent crop, so palm-oil origins are characterised as annual
    cropland, an approximation); forest the mean of extensive and intensive forestry (as
    ``land_class_concordance.csv``); IBIF v2 forest the plantation class. IBIF rows cover the
    countries whose ISO2 code ``row_area_weights.csv`` lists (the rest-of-world members, which is
    what the country split needs).
    """
    return _factors(Path(folder)).copy()


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
