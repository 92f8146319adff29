"""Origins resolved to countries: split a region's footprint over its member countries by their trade.

EXIOBASE places many feed, oil and fibre origins in its rest-of-world regions (WL holds Argentina and
Paraguay, WA Malaysia and Thailand). :func:`split_by_country` splits such a region-level footprint over
the region's member countries in proportion to their exports of the matching FAO items to the consumer
in the same year; where the members recorded no such trade it falls back to weights the caller passes
(the member countries' area of the land type). This is a first-trader approximation: a country's
exports are taken as its own production, and re-exports through third countries are not traced.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from footprint.errors import ConfigError, UnknownCodeError, close_matches
from footprint.trade._common import check_trade, label_of
from footprint.trade.areas import read_areas, read_items, resolve_areas

__all__ = [
    "ROW_REGIONS",
    "item_map",
    "member_weights",
    "split_by_country",
    "split_parts",
]

ROW_REGIONS = ("WA", "WL", "WE", "WF", "WM")
"""EXIOBASE 3 rest-of-world regions: Asia-Pacific, America, Europe, Africa, Middle East."""

Fallback = Mapping[str, float] | Callable[[str], Mapping[str, float]]
"""Fallback weights: ISO3 -> weight (e.g. land area [km2]), or a function of the row's indicator
(e.g. the land type) that returns such a mapping."""


def item_map(items: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """EXIOBASE origin product (code and name) -> the FAO items that reflect its land.

    Examples
    --------
    >>> item_map()["Raw milk"][:2]
    ['whole_milk_powder', 'skim_milk_and_whey_powder']
    """
    table = read_items() if items is None else items
    out: dict[str, list[str]] = {}
    for code, name, item in zip(table["exio_origin_code"], table["exio_origin_name"], table["item"],
                                strict=True):
        for key in (code, name):
            out.setdefault(key, []).append(item)
    return out


def _origin_id(iso3: str, code: int) -> str:
    return iso3 if iso3 else f"FAO:{code}"


def _members(region: str, areas: pd.DataFrame) -> dict[int, str]:
    """FAO code -> origin country id of the region's members."""
    members = areas[areas["exio_region"] == region]
    if members.empty:
        raise UnknownCodeError(
            f"EXIOBASE region '{region}' has no member in the FAO area table; "
            f"{close_matches(region, sorted(set(areas['exio_region'])))}."
        )
    return {int(c): _origin_id(i, int(c)) for c, i in zip(members["fao_code"], members["iso3"], strict=True)}


def _index(trade: pd.DataFrame, buyers: Sequence[int]) -> dict[tuple[str, int, int], float]:
    """(item, year, exporter) -> tonnes exported to the buyers (buyers themselves left out as exporters)."""
    rows = trade[trade["importer"].isin(buyers) & ~trade["exporter"].isin(buyers)]
    sums = rows.groupby(["item", "year", "exporter"], observed=True)["tonnes"].sum()
    return {(str(i), int(y), int(e)): float(v) for (i, y, e), v in sums.items()}


def _weights(exports: Mapping[tuple[str, int, int], float], members: Mapping[int, str], items: Sequence[str],
             years: Sequence[int], fallback: Mapping[str, float] | None, what: str) -> tuple[pd.Series, str]:
    tonnes: dict[str, float] = {}
    for code, origin in members.items():
        got = sum(exports.get((item, year, code), 0.0) for item in items for year in years)
        if got > 0:
            tonnes[origin] = tonnes.get(origin, 0.0) + got
    if tonnes:
        series = pd.Series(tonnes, dtype=float).sort_index()
        return series / series.sum(), "trade"
    if fallback is not None:
        weights = pd.Series({o: float(fallback[o]) for o in sorted(set(members.values()))
                             if o in fallback and float(fallback[o]) > 0}, dtype=float)
        if weights.sum() > 0:
            return weights / weights.sum(), "fallback"
    why = ("no fallback weights were given" if fallback is None
           else "the fallback weights give its members none")
    raise ConfigError(
        f"{what}: the members exported none of {list(items)} to the consumer in {list(years)}, and "
        f"{why}; pass fallback weights (ISO3 -> member land area) that cover the region's members."
    )


def member_weights(trade: pd.DataFrame, *, region: str, consumer: int | str | Iterable[int | str],
                   items: Sequence[str], years: Iterable[int], fallback: Mapping[str, float] | None = None,
                   areas: pd.DataFrame | None = None) -> tuple[pd.Series, str]:
    """Weights of a region's member countries: their share of the region's exports to the consumer.

    Parameters
    ----------
    trade : DataFrame
        Trade table (:func:`footprint.trade.read.read_vendored`).
    region : str
        EXIOBASE 3 region code (e.g. ``"WL"``).
    consumer : int, str or iterable
        The importing country or region (any area specification, e.g. ``"NL"``).
    items : sequence of str
        Item keys whose exports count (tonnes of all of them are added).
    years : iterable of int
        Years whose exports count (summed).
    fallback : mapping, optional
        ISO3 -> weight used when the members exported none of the items to the consumer in those
        years (e.g. the members' area of the land type [km2]).
    areas : DataFrame, optional
        FAO area table.

    Returns
    -------
    weights : Series
        Index origin_country (ISO3, or ``FAO:<code>`` for an area without one), values summing to one.
    basis : str
        ``"trade"`` or ``"fallback"``.

    Raises
    ------
    ConfigError
        No trade was recorded and the fallback is missing or gives the members no weight.
    """
    check_trade(trade)
    areas = read_areas() if areas is None else areas
    buyers = resolve_areas(consumer, areas)
    return _weights(_index(trade, buyers), _members(region, areas), list(items), [int(y) for y in years],
                    fallback, f"region {region}")


def split_parts(value: float, weights: np.ndarray) -> np.ndarray:
    """Split ``value`` by ``weights`` (summing to one), the rounding residual put on the largest part.

    The parts add up to ``value`` to the last bits: ``math.fsum(parts)`` differs from ``value`` by at
    most one unit in the last place.
    """
    parts = value * np.asarray(weights, dtype=float)
    if len(parts):
        biggest = int(np.argmax(np.abs(parts)))
        parts[biggest] += value - math.fsum(parts)
    return parts


def _fallback_for(fallback: Fallback | None, indicator: str) -> Mapping[str, float] | None:
    if fallback is None or isinstance(fallback, Mapping):
        return fallback
    return fallback(indicator)


def split_by_country(frame: pd.DataFrame, trade: pd.DataFrame, *, consumer: int | str | Iterable[int | str],
                     key: str = "origin_sector", regions: Sequence[str] = ROW_REGIONS,
                     items: Mapping[str, Sequence[str]] | None = None, fallback: Fallback | None = None,
                     areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split the rows of region-level origins over member countries (first-trader approximation).

    Parameters
    ----------
    frame : DataFrame
        A long footprint table with columns year, indicator, origin_region, ``key`` and value (e.g.
        :func:`footprint.attribution.attribute`'s table).
    trade : DataFrame
        Trade table (:func:`footprint.trade.read.read_vendored`).
    consumer : int, str or iterable
        The consumer as an area specification (e.g. ``"NL"``).
    key : str
        Column naming the origin product (default ``origin_sector``, EXIOBASE names or codes).
    regions : sequence of str
        Regions whose rows are split (default: the five rest-of-world regions).
    items : mapping, optional
        Origin product -> FAO items (default :func:`item_map`: e.g. ``Oil seeds`` -> soybeans, soy
        cake, soy oil, palm oil, ...). Rows of other products are not split.
    fallback : mapping or callable, optional
        ISO3 -> weight (member land area [km2]), or a function of the row's indicator returning one,
        used where the members recorded no trade of the items to the consumer that year.
    areas : DataFrame, optional
        FAO area table.

    Returns
    -------
    DataFrame
        ``frame``'s columns plus origin_country (ISO3; missing for rows not split), split_weight [-],
        split_basis (``trade``, ``fallback`` or ``not split``) and origin_data (the trade table's
        ``data`` label, or the fallback's, on split rows). Each split row becomes one row per member
        country with a weight; ``value`` is split so that the parts add up to the row's value.

    Notes
    -----
    For a row of region :math:`R`, product :math:`p` and year :math:`t` with value :math:`v`, member
    :math:`m` gets :math:`v\\, w_m` with

    .. math::
        w_m = \\frac{\\sum_{i \\in I(p)} E_{m \\to c, i, t}}
                   {\\sum_{m' \\in R} \\sum_{i \\in I(p)} E_{m' \\to c, i, t}}

    where :math:`E` are the exports [t] to the consumer :math:`c` of the items :math:`I(p)` matching
    :math:`p`. It assumes that what a member exports it produced (first trader): soy crushed in
    Argentina from Paraguayan beans counts for Argentina, and goods re-exported through a third
    country (e.g. via Rotterdam or Singapore) are not traced back.
    """
    check_trade(trade)
    needed = ["year", "indicator", "origin_region", key, "value"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ConfigError(f"the footprint table lacks the column(s) {missing}; it needs {needed}.")
    areas = read_areas() if areas is None else areas
    matches = item_map() if items is None else dict(items)
    label = label_of(trade)
    buyers = resolve_areas(consumer, areas)
    exports = _index(trade, buyers)
    todo = frame["origin_region"].isin(list(regions)) & frame[key].isin(list(matches))
    kept = frame[~todo].assign(origin_country=None, split_weight=np.nan, split_basis="not split",
                               origin_data=None)
    pieces = [kept]
    cache: dict[tuple[str, str, int, str], tuple[pd.Series, str]] = {}
    split_rows = frame[todo]
    for index, region, product, year, indicator, value in zip(
            split_rows.index, split_rows["origin_region"], split_rows[key], split_rows["year"],
            split_rows["indicator"], split_rows["value"], strict=True):
        lookup = (str(region), str(product), int(year), str(indicator))
        if lookup not in cache:
            cache[lookup] = _weights(exports, _members(lookup[0], areas), matches[lookup[1]], [lookup[2]],
                                     _fallback_for(fallback, lookup[3]),
                                     f"region {lookup[0]}, {lookup[1]}, {lookup[2]}")
        weights, basis = cache[lookup]
        part = frame.loc[[index] * len(weights)].reset_index(drop=True)
        part["value"] = split_parts(float(value), weights.to_numpy())
        part["origin_country"] = list(weights.index)
        part["split_weight"] = weights.to_numpy()
        part["split_basis"] = basis
        part["origin_data"] = label if basis == "trade" else "fallback weights passed by the caller"
        pieces.append(part)
    return pd.concat(pieces, ignore_index=True)
