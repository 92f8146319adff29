"""Time series over years and the halving-target tracker (stage "series: years, targets").

Pure functions on the tidy long tables of the other stages, stacked over years:

* ``attribution``: :func:`footprint.attribution.attribute` per year (``pipeline.run`` with
  ``[data] years`` returns exactly this). Group ``total`` is the consumer's whole consumption.
* ``bilateral``: :func:`footprint.waterbed.shares_table` per year (scenario ``baseline``).
* ``territorial``: :func:`territorial` per year, the production-based view.

Tables: the footprint by origin region over years, the share abroad over years, the waterbed
indicators I1 and I2 between any two years (DOMAIN.md 4.4), and the tracker of the NPCE target to
halve primary abiotic raw material use by 2030 versus 2016 (DOMAIN.md 3.4): footprint index against
the straight path to the target, the gap, the territorial view beside it and the biotic companion.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from footprint.attribution import DIRECT_SECTOR, TOTAL_GROUP
from footprint.errors import ConfigError, InvalidValuesError, UnknownCodeError, close_matches
from footprint.pressures import PressureSet
from footprint.system import MRIO
from footprint.waterbed import Bilateral, Indicators, ex_post_table

__all__ = [
    "OTHER",
    "bilateral_from_table",
    "footprint_by_origin_series",
    "importer_share_shifts",
    "series_tables",
    "share_abroad_series",
    "target_path",
    "territorial",
    "tracker",
    "tracker_split",
    "tracker_summary",
]

OTHER = "other"
"""``origin_region`` of the origins outside the top ones in :func:`footprint_by_origin_series`."""

BASELINE = "baseline"
SPLIT_GROUP, SPLIT_ORIGIN = "product group", "origin region"
OTHER_PRODUCTS, HOUSEHOLDS = "other products", "households' direct"
TERRITORIAL_COLUMNS = ["year", "region", "indicator", "unit", "value", "data"]


# ----------------------------------------------------------------------------------- helpers


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"the {what} table lacks the column(s) {missing} (it has {list(frame.columns)}); pass "
            f"the long table footprint produces for it (see footprint.series)."
        )


def _baseline(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Rows of scenario ``baseline`` (all rows when there is no scenario column)."""
    if "scenario" not in frame.columns:
        return frame
    out = frame[frame["scenario"] == BASELINE]
    if out.empty:
        raise ConfigError(
            f"the {what} table has no rows of scenario '{BASELINE}' (it has "
            f"{sorted(set(frame['scenario']))}); pass the baseline rows."
        )
    return out


def _pick(frame: pd.DataFrame, column: str, value: Any, what: str, fix: str) -> pd.DataFrame:
    """Rows where ``column == value``; an error naming the item and close matches otherwise."""
    out = frame[frame[column] == value]
    if out.empty:
        have = _unique(frame[column])
        raise UnknownCodeError(
            f"{column} '{value}' is not in the {what} table; {close_matches(str(value), have)}. "
            f"{fix}"
        )
    return out


def _consumer_rows(attribution: pd.DataFrame, consumer: str) -> pd.DataFrame:
    _need(attribution, ["year", "consumer", "group", "indicator", "unit", "origin_region", "value"],
          "attribution")
    return _pick(_baseline(attribution, "attribution"), "consumer", consumer, "attribution",
                 "Pass the consumer region of the run ([consumer] region).")


def _unique(values: pd.Series | np.ndarray) -> list[str]:
    """Distinct values in order of first appearance."""
    return [str(v) for v in pd.unique(np.asarray(values, dtype=object))]


def _labels(frame: pd.DataFrame) -> pd.Series:
    """The data label of each year (first label of the year; '' without a data column)."""
    if "data" not in frame.columns:
        return pd.Series("", index=sorted(set(frame["year"])), dtype=object)
    return frame.groupby("year")["data"].first()


# ------------------------------------------------------------------------------- territorial


def territorial(mrio: MRIO, pressures: PressureSet) -> pd.DataFrame:
    """Production-based (territorial) pressure of every region: what its industries emit.

    Parameters
    ----------
    mrio : MRIO
        One year's system.
    pressures : PressureSet
        The pressures selected for it (:func:`footprint.pressures.select_pressures`).

    Returns
    -------
    DataFrame
        Columns year, region, indicator, unit, value [pressure unit], data; one row per region and
        pressure (zeros kept: a region that extracts nothing shows 0).

    Notes
    -----
    .. math:: T_{p,r} = \\sum_{i \\in r} (C F)_{p,i}

    with ``C`` the pressure table's factors. Households' own stressors (``F_Y``) are not included:
    this is the production of the region's industries (pymrio's ``D_pba`` without ``F_Y``), e.g.
    for the abiotic materials the domestic extraction used in the region.

    Examples
    --------
    >>> from footprint.config import CONFIG_DIR, read_pressures_table
    >>> from footprint.pressures import select_pressures
    >>> from footprint.sources import read_system
    >>> mrio, _ = read_system("demo", year=2022)
    >>> table = territorial(mrio, select_pressures(read_pressures_table(
    ...     CONFIG_DIR / "pressures.csv"), mrio))
    >>> table.columns.tolist()
    ['year', 'region', 'indicator', 'unit', 'value', 'data']
    """
    per_row = pressures.C @ mrio.F  # (pressures, n)
    values = per_row.reshape(len(pressures.names), mrio.n_regions, mrio.n_sectors).sum(axis=2)
    k, r = values.shape
    return pd.DataFrame({
        "year": mrio.year if mrio.year is not None else -1,
        "region": np.tile(np.array(mrio.regions, dtype=object), k),
        "indicator": np.repeat(np.array(pressures.names, dtype=object), r),
        "unit": np.repeat(np.array(pressures.units, dtype=object), r),
        "value": values.ravel(),
        "data": mrio.label,
    })[TERRITORIAL_COLUMNS]


# --------------------------------------------------------------------------- origin and abroad


def _top_origins(frame: pd.DataFrame, consumer: str, top_n: int) -> list[str]:
    """The ``top_n`` foreign origins by their value summed over all years."""
    foreign = frame[frame["origin_region"] != consumer]
    ranked = foreign.groupby("origin_region")["value"].sum().sort_values(ascending=False,
                                                                            kind="stable")
    return [str(r) for r in ranked.index[:top_n]]


def _by_origin_one(frame: pd.DataFrame, consumer: str, top_n: int) -> pd.DataFrame:
    """One group and indicator: domestic, the top foreign origins and ``other`` per year."""
    top = _top_origins(frame, consumer, top_n)
    order = [consumer, *top, OTHER]
    origin = frame["origin_region"].where(frame["origin_region"].isin(order[:-1]), OTHER)
    out = frame.assign(origin_region=origin).groupby(
        ["year", "group", "indicator", "unit", "origin_region"], as_index=False)["value"].sum()
    out["rank"] = out["origin_region"].map({r: i for i, r in enumerate(order)})
    return out.sort_values(["year", "rank"], kind="stable").drop(columns="rank")


def footprint_by_origin_series(attribution: pd.DataFrame, consumer: str, group: str | None = None,
                               indicator: str | None = None, top_n: int = 8) -> pd.DataFrame:
    """The consumer's footprint by origin region in every year.

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years.
    consumer : str
        Consumer region code, e.g. ``"NL"``.
    group, indicator : str, optional
        One product group (``"total"`` = all consumption) and one pressure; default all.
    top_n : int
        Foreign origins listed by name per group and indicator, the largest summed over all
        years (so the same origins in every year); the rest is ``"other"``.

    Returns
    -------
    DataFrame
        Columns year, consumer, group, indicator, unit, origin_region, domestic (bool: the
        consumer's own region, always listed, first), value [unit], share (of the year's
        footprint) [-], data. Values sum to the year's footprint.

    Raises
    ------
    UnknownCodeError
        The consumer, group or indicator is not in the table.
    """
    frame = _consumer_rows(attribution, consumer)
    if group is not None:
        frame = _pick(frame, "group", group, "attribution", "Use a group of [groups] select or 'total'.")
    if indicator is not None:
        frame = _pick(frame, "indicator", indicator, "attribution",
                      "Use a pressure of the pressure table.")
    labels = _labels(frame)
    frame = frame.groupby(["year", "group", "indicator", "unit", "origin_region"], as_index=False,
                          sort=False)["value"].sum()  # over origin products first: small slices
    parts = [_by_origin_one(part, consumer, top_n)
             for _, part in frame.groupby(["group", "indicator"], sort=False)]
    out = pd.concat(parts, ignore_index=True)
    total = out.groupby(["year", "group", "indicator"])["value"].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share"] = np.where(total != 0, out["value"] / total, np.nan)
    out.insert(1, "consumer", consumer)
    out.insert(6, "domestic", out["origin_region"] == consumer)
    out["data"] = out["year"].map(labels)
    return out.reset_index(drop=True)


def share_abroad_series(attribution: pd.DataFrame, consumer: str) -> pd.DataFrame:
    """Total, domestic and abroad part of the consumer's footprint per year, group and pressure.

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years.
    consumer : str
        Consumer region code.

    Returns
    -------
    DataFrame
        Columns year, consumer, group, indicator, unit, total, domestic, abroad [unit],
        share_abroad [-], data. ``domestic`` is the part that occurs in the consumer region
        (households' own stressors included), ``abroad = total - domestic`` and
        ``share_abroad = abroad / total`` (NaN for a zero total).
    """
    frame = _consumer_rows(attribution, consumer)
    keys = ["year", "group", "indicator", "unit"]
    home = frame["value"].where(frame["origin_region"] == consumer, 0.0)
    out = frame.assign(domestic=home).groupby(keys, as_index=False, sort=False)[
        ["value", "domestic"]].sum().rename(columns={"value": "total"})
    out["abroad"] = out["total"] - out["domestic"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_abroad"] = np.where(out["total"] != 0, out["abroad"] / out["total"], np.nan)
    out.insert(1, "consumer", consumer)
    out["data"] = out["year"].map(_labels(frame))
    return out.sort_values("year", kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------- importer share shifts


def bilateral_from_table(bilateral: pd.DataFrame, year: int,
                         regions: Sequence[str] | None = None) -> Bilateral:
    """Rebuild one year's origin x consumer matrices from the long ``bilateral`` table.

    Parameters
    ----------
    bilateral : DataFrame
        :func:`footprint.waterbed.shares_table` (or ``bilateral_table``) rows, over years; only
        scenario ``baseline`` is used.
    year : int
    regions : sequence of str, optional
        Region order (default: the order in which the table lists them, i.e. the system's order).

    Returns
    -------
    Bilateral
        ``P[group, indicator, origin, consumer]`` [unit]; cells missing from the table (zero
        cells are dropped when it is written) are 0. ``indicators.s`` is empty: the table does not
        hold the intensities.

    Raises
    ------
    UnknownCodeError
        The year is not in the table.
    """
    _need(bilateral, ["year", "consumer", "group", "indicator", "unit", "origin_region", "value"],
          "bilateral")
    frame = _pick(_baseline(bilateral, "bilateral"), "year", year, "bilateral",
                  "Compute the bilateral table for that year ([waterbed] enabled) or pick another.")
    order = list(regions) if regions is not None else _unique(
        np.concatenate([bilateral["origin_region"].to_numpy(str), bilateral["consumer"].to_numpy(str)]))
    groups, names = _unique(bilateral["group"]), _unique(bilateral["indicator"])
    units = bilateral.groupby("indicator")["unit"].first()
    P = np.zeros((len(groups), len(names), len(order), len(order)))
    pos = [pd.Categorical(frame[col], categories=vals).codes
           for col, vals in (("group", groups), ("indicator", names), ("origin_region", order),
                             ("consumer", order))]
    np.add.at(P, tuple(pos), frame["value"].to_numpy(dtype=float))
    indicators = Indicators(tuple(names), tuple(str(units[n]) for n in names), np.zeros((len(names), 0)))
    return Bilateral(int(year), tuple(order), tuple(groups), indicators, P)


def importer_share_shifts(bilateral: pd.DataFrame, y0: int, y1: int, consumer: str,
                          tau: float = 0.02, label: str | None = None) -> pd.DataFrame:
    """I1 (importer share shift, waterbed flag) and I2 (absorption) between any two years.

    Parameters
    ----------
    bilateral : DataFrame
        The long ``bilateral`` table over years (:func:`footprint.waterbed.shares_table`).
    y0, y1 : int
        From and to year.
    consumer : str
        Consumer region code.
    tau : float
        Tolerance of the waterbed flag on the origin's total [-].
    label : str, optional
        Data label for the ``data`` column (default: the ``data`` of year ``y1``).

    Returns
    -------
    DataFrame
        :func:`footprint.waterbed.ex_post_table` of the rebuilt matrices: per group, indicator
        and origin, ``sigma_from``, ``sigma_to``, ``iss``, ``waterbed_flag``, ``war`` ...

    Raises
    ------
    UnknownCodeError
        A year or the consumer is not in the table.
    """
    b0, b1 = (bilateral_from_table(bilateral, y) for y in (y0, y1))
    if consumer not in b1.regions:
        raise UnknownCodeError(
            f"consumer '{consumer}' is not a region of the bilateral table; "
            f"{close_matches(consumer, b1.regions)}. Pass the run's [consumer] region."
        )
    if label is None:
        label = str(_labels(bilateral[bilateral["year"] == y1]).iloc[0])
    return ex_post_table(b0, b1, consumer, tau, label)


def _pairs(years: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive pairs of years plus first -> last."""
    pairs = list(itertools.pairwise(years))
    if len(years) > 2:
        pairs.append((years[0], years[-1]))
    return pairs


# ------------------------------------------------------------------------------------ tracker


def target_path(years: Sequence[int] | np.ndarray, base_year: int = 2016, target_year: int = 2030,
                reduction: float = 0.5) -> np.ndarray:
    """Straight target path from 100 % in the base year to ``100 (1 - reduction)`` in the target year.

    Parameters
    ----------
    years : sequence of int
    base_year, target_year : int
    reduction : float
        Fraction to cut by the target year, e.g. 0.5 for halving [-].

    Returns
    -------
    ndarray
        Index of the path [% of the base year]: NaN before the base year (no path yet), held at
        the target after the target year.

    Examples
    --------
    >>> target_path([2010, 2016, 2023, 2030, 2035]).tolist()
    [nan, 100.0, 75.0, 50.0, 50.0]
    """
    t = np.asarray(years, dtype=float)
    frac = np.clip((t - base_year) / (target_year - base_year), 0.0, 1.0)
    return np.where(t < base_year, np.nan, 100.0 * (1.0 - reduction * frac))


def _check_target(base_year: int, target_year: int, reduction: float) -> None:
    if target_year <= base_year:
        raise ConfigError(f"target_year ({target_year}) must come after base_year ({base_year}); "
                          "fix [targets].")
    if not 0.0 < reduction <= 1.0:
        raise ConfigError(f"reduction must be a fraction in (0, 1], e.g. 0.5 for halving, got "
                          f"{reduction}; fix [targets] reduction.")


def _footprint(frame: pd.DataFrame, pressure: str, role: str) -> pd.Series:
    """The consumer's total footprint of ``pressure`` per year (frame: the consumer's rows)."""
    fix = (f"Add the {role} pressure '{pressure}' to the pressure table (config/pressures.csv) or "
           "change [targets].")
    rows = _pick(frame[frame["group"] == TOTAL_GROUP], "indicator", pressure, "attribution", fix)
    return rows.groupby("year")["value"].sum()


def _index(series: pd.Series, base_year: int, what: str) -> pd.Series:
    """``100 series / series[base_year]``; exactly 100 in the base year."""
    if base_year not in series.index:
        raise ConfigError(
            f"the base year {base_year} is not among the years of the {what} ({sorted(series.index)}); "
            f"add {base_year} to [data] years or change [targets] base_year."
        )
    base = float(series[base_year])
    if base == 0.0 or not np.isfinite(base):
        raise InvalidValuesError(
            f"the {what} is {base} in the base year {base_year}, so no index can be formed; choose "
            "another base year or pressure."
        )
    out = 100.0 * series / base
    out[base_year] = 100.0
    return out


def _territorial(territorial: pd.DataFrame, consumer: str, pressure: str) -> pd.Series:
    _need(territorial, ["year", "region", "indicator", "value"], "territorial")
    rows = _pick(_baseline(territorial, "territorial"), "region", consumer, "territorial",
                 "Compute the territorial table (footprint.series.territorial) for the consumer's data.")
    rows = _pick(rows, "indicator", pressure, "territorial",
                 "Compute the territorial table with the same pressure table as the attribution.")
    return rows.groupby("year")["value"].sum()


def tracker(attribution: pd.DataFrame, territorial: pd.DataFrame | None, consumer: str,
            pressure: str = "abiotic_materials", companion: Sequence[str] = ("biotic_materials",),
            base_year: int = 2016, target_year: int = 2030, reduction: float = 0.5) -> pd.DataFrame:
    """Track the consumer's footprint of a pressure against a reduction target (NPCE halving).

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years; group ``total`` is used.
    territorial : DataFrame or None
        :func:`territorial` over years (the consumer region's rows are used); None leaves out the
        territorial columns.
    consumer : str
        Consumer region code.
    pressure : str
        The pressure with the target (default the abiotic raw materials, kt).
    companion : sequence of str
        Pressures reported beside it without a target (default the biotic raw materials).
    base_year, target_year : int
        The target: ``reduction`` less than in ``base_year`` by ``target_year``.
    reduction : float
        Fraction to cut [-] (0.5 = halve).

    Returns
    -------
    DataFrame
        One row per year: year, consumer, indicator, unit, value [unit] (the footprint), index
        [% of the base year; exactly 100 in it], path [%] (:func:`target_path`), path_value [unit],
        gap_pp [percentage points] = index - path and gap [unit] = value - path_value (positive:
        above the path, i.e. behind), required_change [-/yr] (the constant yearly change from this
        year's value that reaches the target value in the target year), territorial_value [unit],
        territorial_index [%], territorial_gap_pp (the consumer region's own extraction, on its own
        base), then for each companion ``<name>_value`` [its unit], ``<name>_unit``,
        ``<name>_index`` [%], and base_year, target_year, reduction, target_value [unit], data.

    Raises
    ------
    UnknownCodeError
        The consumer, the pressure or a companion is not in the tables.
    ConfigError
        The base year is not among the years, or the target is malformed.
    InvalidValuesError
        The footprint is zero in the base year.
    """
    _check_target(base_year, target_year, reduction)
    frame = _consumer_rows(attribution, consumer)
    value = _footprint(frame, pressure, "target")
    index = _index(value, base_year, f"{consumer} {pressure} footprint")
    years = value.index.to_numpy()
    path = target_path(years, base_year, target_year, reduction)
    base = float(value[base_year])
    target_value = base * (1.0 - reduction)
    out = pd.DataFrame({"year": years, "consumer": consumer, "indicator": pressure,
                        "unit": str(frame.loc[frame["indicator"] == pressure, "unit"].iloc[0]),
                        "value": value.to_numpy(), "index": index.to_numpy(), "path": path,
                        "path_value": base * path / 100.0})
    out["gap_pp"] = out["index"] - out["path"]
    out["gap"] = out["value"] - out["path_value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ahead = np.where(years < target_year, target_year - years, np.nan)
        out["required_change"] = (target_value / out["value"]) ** (1.0 / ahead) - 1.0
    if territorial is not None:
        terr = _territorial(territorial, consumer, pressure).reindex(value.index)
        out["territorial_value"] = terr.to_numpy()
        out["territorial_index"] = _index(terr, base_year, f"{consumer} territorial {pressure}").to_numpy()
        out["territorial_gap_pp"] = out["territorial_index"] - out["path"]
    for name in companion:
        comp = _footprint(frame, name, "companion").reindex(value.index)
        out[f"{name}_value"] = comp.to_numpy()
        out[f"{name}_unit"] = str(frame.loc[frame["indicator"] == name, "unit"].iloc[0])
        out[f"{name}_index"] = _index(comp, base_year, f"{consumer} {name} footprint").to_numpy()
    out = out.assign(base_year=base_year, target_year=target_year, reduction=reduction,
                     target_value=target_value)
    out["data"] = out["year"].map(_labels(frame))
    return out.reset_index(drop=True)


_track = tracker  # series_tables' keyword ``tracker`` shadows the function


def tracker_summary(tracker: pd.DataFrame) -> str:
    """One sentence on the latest year of a :func:`tracker` table: index, path and gap.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2016, 2022], "consumer": "NL", "indicator": "abiotic_materials",
    ...                   "unit": "kt", "value": [100.0, 95.0], "index": [100.0, 95.0],
    ...                   "path": [100.0, 100 - 50 * 6 / 14], "gap_pp": [0.0, 95 - 100 + 50 * 6 / 14],
    ...                   "gap": [0.0, 95 - 100 + 50 * 6 / 14], "base_year": 2016,
    ...                   "target_year": 2030, "reduction": 0.5})
    >>> tracker_summary(t)  # doctest: +NORMALIZE_WHITESPACE
    'NL abiotic_materials footprint 2022: 95 kt, index 95.0 (2016 = 100); the straight path to -50 %
    in 2030 is at 78.6: 16.4 percentage points (16 kt) above the path.'
    """
    last = tracker.sort_values("year").iloc[-1]
    side = "above" if last["gap_pp"] > 0 else "below"
    return (
        f"{last['consumer']} {last['indicator']} footprint {int(last['year'])}: "
        f"{last['value']:,.0f} {last['unit']}, index {last['index']:.1f} ({int(last['base_year'])} = 100); "
        f"the straight path to -{100 * last['reduction']:.0f} % in {int(last['target_year'])} is at "
        f"{last['path']:.1f}: {abs(last['gap_pp']):.1f} percentage points "
        f"({abs(last['gap']):,.0f} {last['unit']}) {side} the path."
    )


def _split_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year: each product group, households' direct stressors and the other products."""
    total = frame[frame["group"] == TOTAL_GROUP]
    direct = total["origin_sector"] == DIRECT_SECTOR if "origin_sector" in total.columns else \
        pd.Series(False, index=total.index)
    groups = frame[frame["group"] != TOTAL_GROUP].groupby(["year", "group"])["value"].sum()
    rows = []
    for year, part in total.groupby("year"):
        named = groups.loc[year] if year in groups.index.get_level_values(0) else pd.Series(dtype=float)
        rows += [(year, str(g), float(v)) for g, v in named.items()]
        hh = float(part.loc[direct[part.index], "value"].sum())
        if hh:
            rows.append((year, HOUSEHOLDS, hh))
        rows.append((year, OTHER_PRODUCTS, float(part["value"].sum()) - hh - float(named.sum())))
    return pd.DataFrame(rows, columns=["year", "item", "value"])


def tracker_split(attribution: pd.DataFrame, consumer: str, pressure: str = "abiotic_materials",
                  base_year: int | None = 2016) -> pd.DataFrame:
    """The tracked footprint of every year split by product group and by origin region.

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years.
    consumer : str
    pressure : str
    base_year : int, optional
        Each item's ``index`` is relative to its own value in this year (NaN where that is zero
        or the year is missing); None leaves the index out.

    Returns
    -------
    DataFrame
        Columns year, consumer, indicator, unit, split (``"product group"`` or ``"origin
        region"``), item, value [unit], share (of the year's footprint) [-], index [%], data.
        By product group the items are the groups, ``households' direct`` (the consumer's own
        stressors, when not zero) and ``other products`` (the rest of the consumption: products in
        no group; the groups must not overlap, as in ``config/product_groups.csv``). Both splits
        sum to the year's footprint (group ``total``).
    """
    frame = _pick(_consumer_rows(attribution, consumer), "indicator", pressure, "attribution",
                  "Add the pressure to the pressure table or change [targets] pressure.")
    by_group = _split_groups(frame).assign(split=SPLIT_GROUP)
    by_origin = frame[frame["group"] == TOTAL_GROUP].groupby(["year", "origin_region"], as_index=False)[
        "value"].sum().rename(columns={"origin_region": "item"}).assign(split=SPLIT_ORIGIN)
    out = pd.concat([by_group, by_origin], ignore_index=True)
    total = out.groupby(["split", "year"])["value"].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share"] = np.where(total != 0, out["value"] / total, np.nan)
        if base_year is not None:
            base = out[out["year"] == base_year].set_index(["split", "item"])["value"]
            ref = pd.MultiIndex.from_frame(out[["split", "item"]]).map(base.to_dict()).to_numpy(float)
            out["index"] = np.where(ref != 0, 100.0 * (out["value"] / ref), np.nan)  # 100 exactly in the base
    out = out.assign(consumer=consumer, indicator=pressure,
                     unit=str(frame["unit"].iloc[0]), data=out["year"].map(_labels(frame)))
    cols = ["year", "consumer", "indicator", "unit", "split", "item", "value", "share",
            *(["index"] if base_year is not None else []), "data"]
    return out[cols].sort_values(["split", "year"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------------------ all tables

TRACKER_DEFAULTS: Mapping[str, Any] = MappingProxyType({})
"""``series_tables(tracker=...)`` default: the tracker with :func:`tracker`'s defaults."""


def series_tables(attribution: pd.DataFrame, bilateral: pd.DataFrame | None,
                  territorial: pd.DataFrame | None, consumer: str, *, tau: float = 0.02,
                  top_n: int = 8, tracker: Mapping[str, Any] | None = TRACKER_DEFAULTS
                  ) -> dict[str, pd.DataFrame]:
    """Every series table of a multi-year run or batch, for the batch to write.

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years.
    bilateral : DataFrame or None
        Long bilateral table over years; None (waterbed off) leaves out the importer shifts.
    territorial : DataFrame or None
        :func:`territorial` over years; None leaves the territorial view out of the tracker.
    consumer : str
    tau : float
        Waterbed flag tolerance [-].
    top_n : int
        Foreign origins named in ``series_by_origin``.
    tracker : mapping or None
        Keyword arguments of :func:`tracker` (pressure, companion, base_year, target_year,
        reduction); None leaves out the tracker tables.

    Returns
    -------
    dict of str to DataFrame
        ``series_by_origin`` (:func:`footprint_by_origin_series`, all groups and pressures),
        ``series_share_abroad``, ``series_importer_shifts`` (I1/I2 between consecutive years and
        first -> last; with a bilateral table and two or more years), ``tracker`` and
        ``tracker_split``.
    """
    out = {"series_by_origin": footprint_by_origin_series(attribution, consumer, top_n=top_n),
           "series_share_abroad": share_abroad_series(attribution, consumer)}
    if bilateral is not None:
        years = sorted({int(y) for y in _baseline(bilateral, "bilateral")["year"]})
        shifts = [importer_share_shifts(bilateral, y0, y1, consumer, tau) for y0, y1 in _pairs(years)]
        if shifts:
            out["series_importer_shifts"] = pd.concat(shifts, ignore_index=True)
    if tracker is not None:
        settings = dict(tracker)
        out["tracker"] = _track(attribution, territorial, consumer, **settings)
        out["tracker_split"] = tracker_split(
            attribution, consumer, settings.get("pressure", "abiotic_materials"),
            settings.get("base_year", 2016))
    return out
