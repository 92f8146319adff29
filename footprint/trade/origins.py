"""The consumer's land footprint by origin country, characterised with each country's factors.

:func:`origin_countries` takes the attribution's land rows and resolves their origin to countries:
rows of a single-country region keep that country; rows of a rest-of-world region (WA, WL, WE, WF, WM)
in a product that FAO items cover are split over the member countries by their share of the region's
exports of the matching items to the consumer in the same year (:mod:`footprint.trade.split`, a
first-trader approximation: re-exports through third countries are not traced), falling back to the
members' area of the land class where no trade is recorded; other rows stay at region level. Each
country's land is then characterised with that country's factors (:mod:`footprint.trade.country_factors`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from footprint.trade.areas import read_areas, resolve_areas
from footprint.trade.country_factors import LAND_CLASSES, LAND_TYPES, country_factors, land_areas
from footprint.trade.split import ROW_REGIONS, _index, _members, _weights, item_map
from footprint.units import scale

__all__ = ["ORIGIN_COLUMNS", "origin_countries", "origin_summary"]

ORIGIN_COLUMNS = ["year", "consumer", "group", "indicator", "method", "unit", "origin_region",
                  "origin_sector",
                  "origin_country", "split_basis", "split_weight", "scenario", "value", "value_low",
                  "value_high", "data", "trade_data"]
LAND_TOTAL = "land_total"
TARGET = {"pdf": "global PDF*yr", "msa_loss": "MSA-loss*ha*yr"}
_NOT_SPLIT = "region (no FAO item covers the product)"


def _region_country(regions: Sequence[str]) -> dict[str, str]:
    """Single-country EXIOBASE region -> its ISO3 (the FAO area table's member; region code if none)."""
    areas = read_areas()
    out = {}
    for region in regions:
        members = areas.loc[(areas["exio_region"] == region) & (areas["iso3"] != ""), "iso3"]
        iso = sorted(m for m in set(members) if m[:2] == region[:2]) or sorted(set(members))
        out[region] = iso[0] if iso else region
    return out


def _weights_of(rows: pd.DataFrame, trade: pd.DataFrame, consumer: str, items: Mapping[str, Sequence[str]]
                ) -> pd.DataFrame:
    """One row per (origin_region, origin_sector, year, indicator) and member: origin_country,
    split_weight, split_basis. Trade shares are the same for every land pressure of a (region,
    product, year); the land-area fallback depends on the pressure's land class."""
    areas = read_areas()
    exports = _index(trade, resolve_areas(consumer, areas))
    keys = rows[["origin_region", "origin_sector", "year", "indicator"]].drop_duplicates()
    members = {str(r): _members(str(r), areas) for r in set(keys["origin_region"])}
    found: dict[tuple[str, str, int, str], tuple[pd.Series, str]] = {}
    shares: dict[tuple[str, str, int, str], tuple[list[str], list[float], str]] = {}
    codes, countries, weights, bases = [], [], [], []
    for key in keys.itertuples(index=False):
        region, sector, year, indicator = str(key[0]), str(key[1]), int(key[2]), str(key[3])
        traded = (region, sector, year, "")
        if traded not in found:
            tonnes = {m: sum(exports.get((i, year, c), 0.0) for i in items[sector]) for c, m in
                      members[region].items()}
            found[traded] = (pd.Series(tonnes, dtype=float), "trade")
        lookup = traded if found[traded][0].sum() > 0 else (region, sector, year, indicator)
        if lookup not in found:
            fallback = land_areas(year)[LAND_CLASSES.get(indicator, "all")]
            found[lookup] = _weights({}, members[region], list(items[sector]), [year], fallback,
                                     f"region {region}, {sector}, {year}")
        if lookup not in shares:
            series, basis = found[lookup]
            series = series[series > 0].groupby(level=0).sum().sort_index()
            shares[lookup] = (list(series.index), list(series.to_numpy() / series.sum()), basis)
        share_index, share, basis = shares[lookup]
        codes += [(key[0], key[1], key[2], key[3])] * len(share)
        countries += share_index
        weights += share
        bases += ["trade" if basis == "trade" else "fallback: land area"] * len(share)
    frame = pd.DataFrame(codes, columns=["origin_region", "origin_sector", "year", "indicator"])
    return frame.assign(origin_country=countries, split_weight=weights, split_basis=bases)


def _exact(split: pd.DataFrame, row_id: str) -> pd.Series:
    """Split values with the rounding residual of each source row on its largest part (sums exact)."""
    value = split["value"].to_numpy(dtype=float, copy=True)
    source = split["source_value"].to_numpy(dtype=float)
    for _, idx in split.groupby(row_id, sort=False).indices.items():
        if len(idx) > 1:
            biggest = idx[int(np.argmax(np.abs(value[idx])))]
            value[biggest] += source[idx[0]] - math.fsum(value[idx])
    return pd.Series(value, index=split.index)


def _land(long: pd.DataFrame, trade: pd.DataFrame, consumer: str, regions: Sequence[str]) -> pd.DataFrame:
    items = item_map()
    land = long[long["indicator"].isin([*LAND_CLASSES, LAND_TOTAL])].reset_index(drop=True)
    land = land.assign(row_id=np.arange(len(land)), method="", split_weight=1.0)
    todo = land["origin_region"].isin(list(ROW_REGIONS)) & land["origin_sector"].isin(list(items))
    single = ~land["origin_region"].isin(list(ROW_REGIONS))
    countries = _region_country(sorted(set(land.loc[single, "origin_region"])))
    kept = land[~todo].assign(
        origin_country=np.where(single[~todo], land.loc[~todo, "origin_region"].map(countries),
                                land.loc[~todo, "origin_region"]),
        split_basis=np.where(single[~todo], "single-country region", _NOT_SPLIT))
    rows = land[todo & land["value"].ne(0.0)]
    if rows.empty:
        return kept
    weights = _weights_of(rows, trade, consumer, items)
    split = rows.drop(columns="split_weight").merge(
        weights, on=["origin_region", "origin_sector", "year", "indicator"], how="left")
    split["source_value"] = split["value"]
    split["value"] = split["value"] * split["split_weight"]
    split["value"] = _exact(split, "row_id")
    return pd.concat([kept, split.drop(columns="source_value")], ignore_index=True)


def _impacts(land: pd.DataFrame, factors: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = land[land["indicator"].isin(list(LAND_TYPES))].assign(
        land_type=lambda f: f["indicator"].map(LAND_TYPES))
    rows = rows.rename(columns={"value": "land", "unit": "land_unit"}).drop(columns=["method"])
    got = rows.merge(factors, left_on=["land_type", "origin_country"],
                     right_on=["land_type", "iso3"], how="inner", suffixes=("", "_factor"))
    notes = []
    for method in sorted(set(factors["method"])):
        have = set(factors.loc[factors["method"] == method, "iso3"])
        lack = sorted(set(rows["origin_country"]) - have)
        if lack:
            notes.append(f"note: origin_countries: no {method} factor for {', '.join(lack[:12])}"
                         f"{' ...' if len(lack) > 12 else ''}; their land is listed, not characterised.")
    out = []
    for (land_unit, per, impact, indicator), part in got.groupby(
            ["land_unit", "per_unit", "impact_unit", "indicator_factor"], sort=False):
        k = scale(f"{land_unit}*yr", str(per)) * scale(str(impact), TARGET[str(indicator)])
        part = part.assign(indicator=indicator, unit=TARGET[str(indicator)],
                           value=part["land"] * part["value"] * k,
                           value_low=part["land"] * part["value_low"] * k,
                           value_high=part["land"] * part["value_high"] * k)
        out.append(part)
    return (pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=ORIGIN_COLUMNS)), notes


def origin_countries(attribution: pd.DataFrame, trade: pd.DataFrame, *, consumer: str,
                     factors: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The attribution's land by origin country, and its impact with each country's factors.

    Parameters
    ----------
    attribution : DataFrame
        The run's long attribution table (year, consumer, group, indicator, unit, origin_region,
        origin_sector, scenario, value, data); its land pressures (``land_cropland``,
        ``land_pasture``, ``land_forestry``, ``land_builtup``, ``land_total``) are resolved.
    trade : DataFrame
        Trade table with every year of the attribution and the consumer's imports of every item
        (:func:`footprint.trade.read.read_vendored`).
    consumer : str
        The consumer (area specification, e.g. the EXIOBASE region ``"NL"``).
    factors : DataFrame, optional
        :func:`footprint.trade.country_factors.country_factors` (default: read).

    Returns
    -------
    table : DataFrame
        :data:`ORIGIN_COLUMNS`. Land rows (``method`` empty) per origin country; impact rows
        (``indicator`` ``pdf`` or ``msa_loss``, ``method`` the country-factor method) with
        ``value_low``/``value_high`` where the factors have an interval. ``split_basis``: ``trade``,
        ``fallback: land area``, ``single-country region`` or region level (not split).
        ``data`` is the MRIO's label, ``trade_data`` the trade table's (both labels: mixed table).
    notes : list of str
        Countries without a factor of a method.

    Notes
    -----
    Split rows add up to the region's row exactly (the rounding residual goes to the largest part);
    every split is the same share for every group of a (region, product, year, land pressure).
    """
    land = _land(attribution, trade, consumer, sorted(set(attribution["origin_region"])))
    label = " + ".join(sorted({str(v) for v in pd.unique(trade["data"])})) if len(trade) else ""
    impacts, notes = _impacts(land, country_factors() if factors is None else factors)
    table = pd.concat([land.assign(value_low=np.nan, value_high=np.nan), impacts], ignore_index=True)
    table["trade_data"] = np.where(table["split_basis"] == "trade", label, "")
    table["method"] = table["method"].fillna("")
    return table[ORIGIN_COLUMNS].reset_index(drop=True), notes


def origin_summary(table: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """``origin_countries`` in short (the workbook's sheet): one year, summed over origin products,
    ``land_total`` and the impact rows only.

    Parameters
    ----------
    table : DataFrame
        :func:`origin_countries`'s table.
    year : int, optional
        The year shown (default: the latest).

    Returns
    -------
    DataFrame
        year, consumer, group, indicator, method, unit, origin_region, origin_country, split_basis (the
        bases of the country's rows), value, value_low, value_high, data, trade_data; largest first.
    """
    year = int(table["year"].max()) if year is None or year not in set(table["year"]) else year
    sel = table[(table["year"] == year) & ((table["indicator"] == LAND_TOTAL) | (table["method"] != ""))]
    keys = ["year", "consumer", "group", "indicator", "method", "unit", "origin_region", "origin_country"]
    out = sel.groupby(keys, sort=False).agg(
        split_basis=("split_basis", lambda s: ", ".join(sorted(set(s)))), value=("value", "sum"),
        value_low=("value_low", lambda s: s.sum(min_count=1)),
        value_high=("value_high", lambda s: s.sum(min_count=1)),
        data=("data", "first"), trade_data=("trade_data", lambda s: " + ".join(sorted(set(s) - {""}))))
    out = out.reset_index()
    return out.sort_values(["group", "indicator", "method", "value"], ascending=[True, True, True, False],
                           kind="mergesort").reset_index(drop=True)
