"""Country factors to EXIOBASE regions: countries as they are, rest-of-world regions by land area.

The factor of a rest-of-world region (WA, WL, WE, WF, WM) for a land type is the mean of its member
countries' factors weighted by each member's area of that land type: cropland for the crop land types,
permanent meadows and pastures for pasture, forest land for forestry, artificial surfaces for urban
(``land_class_concordance.csv``, column ``area_weight_class``), FAOSTAT land use in the data year or the
nearest year the table has (``row_area_weights.csv``; FAO 2024, CC BY 4.0). The same weights serve
every method. Members without any area of a class carry no weight (``row_area_missing.csv``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from footprint.impacts.country import CHAR_DIR, COUNTRY_METHODS

__all__ = ["ROW_REGIONS", "WEIGHT_COLUMNS", "area_weights", "region_factors", "weight_matrix"]

ROW_REGIONS = ("WA", "WL", "WE", "WF", "WM")
WEIGHT_COLUMNS = ("exio_region", "iso3", "iso2", "weight_class", "land_types", "weight", "area_year",
                  "data_year", "filled", "source")
WEIGHT_SOURCE = ("FAOSTAT land use (RL, items 6620, 6655, 6646) and land cover (LC, item 6970), FAO 2024, "
                 "CC BY 4.0, via footprint/defaults/characterisation/row_area_weights.csv "
                 "(config/characterisation/reduce_fao_landuse.py)")


def area_weights(year: int | None, folder: Path | None = None) -> pd.DataFrame:
    """Member shares of each rest-of-world region's area of each weight class, nearest year to ``year``.

    Parameters
    ----------
    year : int or None
        Data year (None: the table's latest year).
    folder : Path, optional
        Folder of the tables (default ``footprint/defaults/characterisation/``).

    Returns
    -------
    DataFrame
        Columns :data:`WEIGHT_COLUMNS`; ``weight`` [-] sums to 1 per region and class; ``area_year`` is
        the table year used (nearest to ``year``, ties: the later), ``land_types`` the land types the
        class weights.
    """
    folder = CHAR_DIR if folder is None else folder
    table = pd.read_csv(folder / "row_area_weights.csv", keep_default_na=False, na_values=[""])
    years = sorted(set(table["year"]))
    use = years[-1] if year is None else min(years, key=lambda y: (abs(y - year), -y))
    table = table[table["year"] == use]
    classes = ("cropland", "pasture", "forest", "urban")
    long = table.melt(id_vars=["exio_region", "iso2", "iso3", "filled"], value_vars=list(classes),
                      var_name="weight_class", value_name="weight").dropna(subset=["weight"])
    concordance = pd.read_csv(folder / "land_class_concordance.csv", keep_default_na=False)
    concordance = concordance[concordance["land_type"] != ""]
    types = concordance.groupby("area_weight_class")["land_type"].agg(" ".join)
    long = long.assign(land_types=long["weight_class"].map(types).fillna(""), area_year=use,
                       data_year=year if year is not None else use, source=WEIGHT_SOURCE,
                       filled=long["filled"].fillna(""))
    long = long[long["weight"] > 0]
    return long[list(WEIGHT_COLUMNS)].sort_values(["exio_region", "weight_class", "iso3"]).reset_index(
        drop=True)


def weight_matrix(weights: pd.DataFrame, region: str, land_type: str,
                  members: Sequence[str]) -> np.ndarray:
    """Weights of ``members`` (ISO3) for one region and land type, normalised to sum 1 [-]."""
    rows = _per_type(weights)
    rows = rows[(rows["exio_region"] == region) & (rows["land_type"] == land_type)]
    w = rows.set_index("iso3")["weight"].reindex(list(members)).fillna(0.0).to_numpy()
    total = w.sum()
    return w / total if total > 0 else w


def _per_type(weights: pd.DataFrame) -> pd.DataFrame:
    """One weight row per region, member and land type."""
    return (weights.assign(land_type=weights["land_types"].str.split()).explode("land_type")
            .dropna(subset=["land_type"]))


TRIPLE = ["value_low", "value", "value_high"]
KEEP = ["method", "indicator", "land_type", "impact_unit", "per_unit", "version", "source", "licence"]


def region_factors(country: pd.DataFrame, regions: Sequence[str], weights: pd.DataFrame
                   ) -> pd.DataFrame:
    """Factor rows per EXIOBASE region in the layout of ``factors.csv``, from country factors.

    Parameters
    ----------
    country : DataFrame
        :func:`footprint.impacts.country.country_factors`.
    regions : sequence of str
        The data's region codes; a code that is an ISO2 country takes that country's factor, a
        rest-of-world code the area-weighted mean of its members; other codes get no row.
    weights : DataFrame
        :func:`area_weights`.

    Returns
    -------
    DataFrame
        Columns of ``factors.csv`` (``method, indicator, pressure, land_type, region, value_low, value,
        value_high, impact_unit, per_unit, version, source, licence``) plus ``range_kind``,
        ``aggregation`` and ``members``.
    """
    own = country[country["iso2"].isin([r for r in regions if r not in ROW_REGIONS])]
    own = own.assign(region=own["iso2"], members=own["iso2"],
                     aggregation=np.where(own["fallback"] == "", "country",
                                          "country (" + own["fallback"] + ")"))
    row = country[country["exio_region"].isin([r for r in regions if r in ROW_REGIONS])]
    w = _per_type(weights)[["exio_region", "iso3", "land_type", "weight"]]
    row = row.merge(w, on=["exio_region", "iso3", "land_type"])
    row = row[row["weight"] > 0]
    keys = ["method", "land_type", "exio_region"]
    row = row.assign(weight=row["weight"] / row.groupby(keys)["weight"].transform("sum"))
    row[TRIPLE] = row[TRIPLE].multiply(row["weight"], axis=0)
    size = country[country["exio_region"].isin(ROW_REGIONS)].groupby(keys).size()
    agg = row.groupby(keys, as_index=False, sort=False).agg(
        **{c: (c, "sum") for c in TRIPLE}, **{c: (c, "first") for c in KEEP if c not in keys},
        members=("iso2", " ".join), used=("iso2", "size"))
    year = int(weights["area_year"].iloc[0]) if len(weights) else 0
    agg["aggregation"] = [f"mean of {u} of {size.get((m, t, r), u)} member countries weighted by their "
                          f"area of the land type (FAOSTAT, {year})"
                          for m, t, r, u in zip(agg["method"], agg["land_type"], agg["exio_region"],
                                                agg["used"], strict=True)]
    agg = agg.rename(columns={"exio_region": "region"})
    out = pd.concat([own, agg], ignore_index=True)
    out = out.assign(pressure="land", range_kind=out["method"].map(
        {k: m.range_kind for k, m in COUNTRY_METHODS.items()}))
    order = {r: i for i, r in enumerate(regions)}
    out = out.sort_values(["method", "land_type", "region"], key=lambda c: c.map(order)
                          if c.name == "region" else c, kind="stable")
    cols = ["method", "indicator", "pressure", "land_type", "region", *TRIPLE, "impact_unit",
            "per_unit", "version", "source", "licence", "range_kind", "aggregation", "members"]
    return out[cols].reset_index(drop=True)
