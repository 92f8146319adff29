"""Country-level land-occupation factors: one row per method, ISO3 country and EXIOBASE land type.

:func:`country_factors` is the one entry point. It joins the reduced, cited country tables of
``footprint/defaults/characterisation/`` (each rebuilt by a ``reduce_*.py`` script of
``config/characterisation/``, see the README there):

* ``pdf_lcimpact``: LC-IMPACT land stress, occupation, average approach (Chaudhary et al. 2015; Verones
  et al. 2020), ``lcimpact_country.csv``: median (central) and 95 % interval (low, high) [global
  PDF*yr / m2*yr]; ``range_kind = uncertainty_95``. The lower bound may be negative (the source's
  interval reaches below zero). Zeros of the source were replaced by the continent's or the world's
  value there (``fallback``). Forestry = mean of extensive and intensive forestry.
* ``msa_ibif2``: IBIF v2 (Schipper et al. 2025) by IBIF's own land classes (cropland, pasture, forest
  plantations, urban; ``land_class_concordance.csv``), ``ibif_country.csv``: overall (central), min /
  max of overall, plants and vertebrates (low, high) [MSA-loss*km2*yr / m2*yr]; ``range_kind =
  sensitivity`` (a taxon choice, not a statistical interval).
* ``pdf_glam1``: UNEP GLAM 1.0 land use, occupation, aggregated taxa, average (``glam_country.csv``):
  central flow, min / max over land-use intensities [global PDF*yr / m2*yr]; ``range_kind =
  sensitivity`` (the intensity choice).

A (country, land type) a source lacks takes the mean of the countries of the same continent that have
a value, else the mean of all countries (``fallback`` says which). The table covers the 250 current
countries of country_converter 1.3.2's EXIO3 classification (``countries.csv``). All values are real
published data (``data`` column), not the demo's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from footprint.config import CONFIG_DIR
from footprint.errors import DataFileNotFoundError, UnknownCodeError, close_matches

__all__ = ["CHAR_DIR", "COUNTRY_COLUMNS", "COUNTRY_METHODS", "CountryMethod", "country_factors"]

CHAR_DIR = CONFIG_DIR / "characterisation"
COUNTRY_COLUMNS = ("method", "indicator", "iso3", "iso2", "name", "exio_region", "continent",
                   "land_type", "value_low", "value", "value_high", "range_kind", "impact_unit",
                   "per_unit", "fallback", "version", "source", "licence", "data")
REAL_DATA = "real published factors (not demo data)"


@dataclass(frozen=True)
class CountryMethod:
    """A method with country-level land factors, its unit and where its numbers come from."""

    name: str
    indicator: str
    impact_unit: str
    per_unit: str
    range_kind: str
    version: str
    source: str
    licence: str


COUNTRY_METHODS: dict[str, CountryMethod] = {m.name: m for m in (
    CountryMethod(
        "pdf_lcimpact", "pdf", "global PDF*yr", "m2*yr", "uncertainty_95",
        "LC-IMPACT land stress, occupation, average (CFs_land_Use_average.xlsx)",
        "Chaudhary, Verones, de Baan, Hellweg 2015 ES&T 49:9987 doi 10.1021/acs.est.5b02507; LC-IMPACT, "
        "Verones et al. 2020 J. Ind. Ecol. 24:1201 doi 10.1111/jiec.13018; median and 95 % interval; "
        "footprint/defaults/characterisation/lcimpact_country.csv "
        "(config/characterisation/reduce_lcimpact.py)",
        "LC-IMPACT data published openly (lc-impact.eu, Zenodo); licence field not checked"),
    CountryMethod(
        "msa_ibif2", "msa_loss", "MSA-loss*km2*yr", "m2*yr", "sensitivity",
        "IBIF v2 (2.0) land classes via edges 1.5.0",
        "Schipper et al. 2025 Sci. Data 12:1660 doi 10.1038/s41597-025-05946-1 (GLOBIO 4, MSA); IBIF's "
        "classes cropland, pasture, forest plantations, urban; central = overall, low/high = min/max of "
        "overall, plants, vertebrates; footprint/defaults/characterisation/ibif_country.csv "
        "(config/characterisation/reduce_ibif.py)",
        "edges MIT; IBIF v2 data published with the open-access paper [licence not checked]"),
    CountryMethod(
        "pdf_glam1", "pdf", "global PDF*yr", "m2*yr", "sensitivity",
        "GLAM 1.0 (1.0.2024.10) via edges 1.5.0",
        "UNEP Life Cycle Initiative GLAM 1.0 ecosystem quality, land use, occupation, aggregated taxa, "
        "average, land-use weighted (Verones et al. 2026 Int. J. LCA 31:181; Scherer et al. 2023 ES&T "
        "doi 10.1021/acs.est.3c04191); low/high = min/max over intensities; "
        "footprint/defaults/characterisation/glam_country.csv (config/characterisation/reduce_glam.py)",
        "edges MIT; GLAM 1.0 data: UNEP Life Cycle Initiative terms [not checked]"),
)}
TRIPLE = ["value_low", "value", "value_high"]


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataFileNotFoundError(f"country factor table {path} does not exist; rebuild it with the "
                                    f"reduce_*.py scripts of config/characterisation/ (see its README).")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])  # Namibia is "NA"


def _countries(folder: Path) -> pd.DataFrame:
    countries = _read(folder, "countries.csv")
    continent = _read(folder, "lcimpact_country.csv").drop_duplicates("iso3")[["iso3", "continent"]]
    return countries.merge(continent, on="iso3", how="left").fillna({"continent": ""})


def _concordance(folder: Path) -> pd.DataFrame:
    table = _read(folder, "land_class_concordance.csv")
    return table[table["land_type"].notna()].reset_index(drop=True)


def _lcimpact(folder: Path, countries: pd.DataFrame, concordance: pd.DataFrame) -> pd.DataFrame:
    table = _read(folder, "lcimpact_country.csv").fillna({"fallback": ""})
    table = table.rename(columns={"cf_lower_95": "value_low", "cf_median": "value",
                                  "cf_upper_95": "value_high"})
    frames = []
    for _, row in concordance.iterrows():
        uses = str(row["lcimpact_land_use"]).split()
        part = table[table["land_use"].isin(uses)]
        merged = part.groupby("iso3", as_index=False).agg(
            value_low=("value_low", "mean"), value=("value", "mean"), value_high=("value_high", "mean"),
            fallback=("fallback", lambda s: "; ".join(sorted({f for f in s if f}))))
        if len(uses) > 1:
            merged["fallback"] = merged["fallback"].where(
                merged["fallback"] == "", "mean of " + " and ".join(uses) + ": " + merged["fallback"])
        frames.append(merged.assign(land_type=row["land_type"]))
    return countries.merge(pd.concat(frames, ignore_index=True), on="iso3")


def _fill(by_iso2: pd.DataFrame, countries: pd.DataFrame, land_types: Sequence[str]) -> pd.DataFrame:
    """Every country x land type; gaps from the continent's mean, else the mean of all countries."""
    full = countries.merge(pd.DataFrame({"land_type": list(land_types)}), how="cross")
    full = full.merge(by_iso2, on=["iso2", "land_type"], how="left")
    full["fallback"] = ""
    gap = full["value"].isna()
    if gap.any():
        have = full[~gap]
        by_continent = have.groupby(["continent", "land_type"])[TRIPLE].mean()
        world = have.groupby("land_type")[TRIPLE].mean()
        keys = pd.MultiIndex.from_frame(full.loc[gap, ["continent", "land_type"]])
        filled = by_continent.reindex(keys).to_numpy()
        no_continent = np.isnan(filled[:, 1])
        filled[no_continent] = world.reindex(full.loc[gap, "land_type"]).to_numpy()[no_continent]
        full.loc[gap, TRIPLE] = filled
        full.loc[gap, "fallback"] = np.where(no_continent, "world mean (no value for the country)",
                                             "continent mean (no value for the country)")
    return full


def _ibif(folder: Path, countries: pd.DataFrame, concordance: pd.DataFrame) -> pd.DataFrame:
    table = _read(folder, "ibif_country.csv")
    table = table.assign(value=table["overall"],
                         value_low=table[["overall", "plants", "vertebrates"]].min(axis=1),
                         value_high=table[["overall", "plants", "vertebrates"]].max(axis=1))
    classes = concordance[["land_type", "ibif_class"]]
    by_type = classes.merge(table, on="ibif_class")[["iso2", "land_type", *TRIPLE]]
    return _fill(by_type, countries, concordance["land_type"])


def _glam(folder: Path, countries: pd.DataFrame, concordance: pd.DataFrame) -> pd.DataFrame:
    table = _read(folder, "glam_country.csv").rename(
        columns={"low": "value_low", "central": "value", "high": "value_high"})
    return _fill(table[table["iso2"] != "GLO"], countries, concordance["land_type"])


def country_factors(methods: Sequence[str] | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Country-level land-occupation factors of every country method (ISO3 x land type x method).

    For origins resolved to countries: characterise a country's land with its own factor rather than
    its EXIOBASE region's. The run's region factors are area-weighted means of these rows
    (:mod:`footprint.impacts.regional`), so a country and its region use the same source values.

    Parameters
    ----------
    methods : sequence of str, optional
        Methods to return (default: all of :data:`COUNTRY_METHODS`: ``pdf_lcimpact``, ``msa_ibif2``,
        ``pdf_glam1``).
    folder : Path, optional
        Folder of the country tables (default ``footprint/defaults/characterisation/``).

    Returns
    -------
    DataFrame
        Columns :data:`COUNTRY_COLUMNS`: one row per method, country (``iso3``, ``iso2``, ``name``, its
        EXIOBASE 3 region ``exio_region`` and ``continent``) and EXIOBASE land type (``crops_annual``,
        ``crops_paddy``, ``crops_permanent``, ``pasture``, ``forestry``, ``urban``); ``value_low``,
        ``value``, ``value_high`` in ``impact_unit`` per ``per_unit`` (e.g. global PDF*yr per m2*yr);
        ``range_kind`` (``uncertainty_95`` or ``sensitivity``); ``fallback`` (empty, or where a gap's
        value came from).

    Raises
    ------
    UnknownCodeError
        A method has no country table (message lists the ones that have).
    DataFileNotFoundError
        A country table is missing.

    Examples
    --------
    >>> table = country_factors(["pdf_lcimpact"])
    >>> row = table[(table["iso3"] == "ARG") & (table["land_type"] == "crops_annual")].iloc[0]
    >>> row["range_kind"], row["impact_unit"], row["per_unit"]
    ('uncertainty_95', 'global PDF*yr', 'm2*yr')
    """
    names = list(COUNTRY_METHODS) if methods is None else list(methods)
    for name in names:
        if name not in COUNTRY_METHODS:
            raise UnknownCodeError(f"'{name}' has no country-level factors; "
                                   f"{close_matches(name, list(COUNTRY_METHODS))}.")
    folder = CHAR_DIR if folder is None else folder
    countries, concordance = _countries(folder), _concordance(folder)
    build = {"pdf_lcimpact": _lcimpact, "msa_ibif2": _ibif, "pdf_glam1": _glam}
    frames = []
    for name in names:
        m = COUNTRY_METHODS[name]
        frame = build[name](folder, countries, concordance)
        frames.append(frame.assign(method=m.name, indicator=m.indicator, range_kind=m.range_kind,
                                   impact_unit=m.impact_unit, per_unit=m.per_unit, version=m.version,
                                   source=m.source, licence=m.licence, data=REAL_DATA))
    out = pd.concat(frames, ignore_index=True)[list(COUNTRY_COLUMNS)]
    return out.sort_values(["method", "iso3", "land_type"], kind="stable").reset_index(drop=True)
