"""Time series over years (stage "series: years, targets"; the target tracker is in :mod:`footprint.targets`).

Pure functions on the tidy long tables of the other stages, stacked over years:

* ``attribution``: :func:`footprint.attribution.attribute` per year (``pipeline.run`` with
  ``[data] years`` returns exactly this). Group ``total`` is the consumer's whole consumption.
* ``bilateral``: :func:`footprint.waterbed.tables.shares_table` per year (scenario ``baseline``).
* ``territorial``: :func:`territorial` per year, the production-based view.

Tables: the footprint by origin region over years, the share abroad over years, the waterbed
indicators I1 and I2 between any two years (DOMAIN.md 4.4); :func:`series_tables` adds the tracker
of the NPCE target to halve primary abiotic raw material use by 2030 versus 2016 (DOMAIN.md 3.4,
:func:`footprint.targets.tracker`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from footprint._frames import _baseline, _consumer_rows, _labels, _need, _pick, _unique
from footprint.errors import UnknownCodeError, close_matches
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.targets import TARGET, tracker_split
from footprint.targets import tracker as _track
from footprint.waterbed.bilateral import Bilateral, Indicators
from footprint.waterbed.measures import WATERBED
from footprint.waterbed.stage import waterbed_indicators

__all__ = [
    "OTHER",
    "bilateral_from_table",
    "footprint_by_origin_series",
    "series_tables",
    "share_abroad_series",
    "territorial",
    "tracker_rows",
]

OTHER = "other"
"""``origin_region`` of the origins outside the top ones in :func:`footprint_by_origin_series`."""

TERRITORIAL_COLUMNS = ["year", "region", "indicator", "unit", "value", "data"]


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
    >>> from footprint.config import CONFIG_DIR
    >>> from footprint.inputs.tables import read_pressures_table
    >>> from footprint.pressures import select_pressures
    >>> from footprint.inputs.sources import read_system
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
        :func:`footprint.waterbed.tables.shares_table` (or ``bilateral_table``) rows, over years; only
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


def _waterbed_indicators(bilateral: pd.DataFrame, consumer: str, tau: float, materiality: float,
                         floor: float) -> pd.DataFrame | None:
    """The run's ``waterbed_indicators`` table from the long ``bilateral`` table over years."""
    frame = _baseline(bilateral, "bilateral")
    years = sorted({int(y) for y in frame["year"]})
    bils = {y: bilateral_from_table(bilateral, y) for y in years}
    if years and consumer not in bils[years[-1]].regions:
        raise UnknownCodeError(
            f"consumer '{consumer}' is not a region of the bilateral table; "
            f"{close_matches(consumer, bils[years[-1]].regions)}. Pass the run's [consumer] region."
        )
    label = str(_labels(frame).iloc[-1]) if years else ""
    return waterbed_indicators(bils, consumer, label, tau=tau, materiality=materiality, floor=floor)


TRACKER_DEFAULTS: Mapping[str, Any] = MappingProxyType({})
"""``series_tables(tracker=...)`` default: the tracker with :func:`footprint.targets.tracker`'s
defaults."""


def tracker_rows(pressure_rows: pd.DataFrame, pressures: Sequence[str]) -> pd.DataFrame:
    """The EXIOBASE rows behind each family of the tracked pressures, once per layout and row.

    Parameters
    ----------
    pressure_rows : DataFrame
        ``PressureSet.matched`` of every year (``pressure_rows`` of the dataset).
    pressures : sequence of str
        The tracked pressure and its companions.

    Returns
    -------
    DataFrame
        pressure, family, extension, stressor, input_unit, factor, unit, first_year, last_year.
    """
    _need(pressure_rows, ["year", "pressure", "family", "extension", "stressor"], "pressure_rows")
    rows = pressure_rows[pressure_rows["pressure"].isin(list(pressures))]
    keys = ["pressure", "family", "extension", "stressor", "input_unit", "factor", "unit"]
    out = rows.groupby(keys, sort=False, as_index=False)["year"].agg(["min", "max"])
    return out.rename(columns={"min": "first_year", "max": "last_year"})


def series_tables(attribution: pd.DataFrame, bilateral: pd.DataFrame | None,
                  territorial: pd.DataFrame | None, consumer: str, *, tau: float = WATERBED.tau,
                  top_n: int = 8, tracker: Mapping[str, Any] | None = TRACKER_DEFAULTS,
                  materiality: float = WATERBED.materiality, floor: float = WATERBED.materiality_floor,
                  accounts: pd.DataFrame | None = None, pressure_rows: pd.DataFrame | None = None,
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
    tau, materiality, floor : float
        Waterbed flag settings [-] (:func:`footprint.waterbed.measures.importer_share_shift`).
    top_n : int
        Foreign origins named in ``series_by_origin``.
    tracker : mapping or None
        Keyword arguments of :func:`footprint.targets.tracker` (pressure, companion, base_year,
        target_year, reduction); None leaves out the tracker tables.
    accounts : DataFrame, optional
        :func:`footprint.material_accounts.material_accounts` over years: the tracker's RMI columns.
    pressure_rows : DataFrame, optional
        The pressure rows of every year (with ``year``): the ``tracker_rows`` table.

    Returns
    -------
    dict of str to DataFrame
        ``series_by_origin`` (:func:`footprint_by_origin_series`, all groups and pressures),
        ``series_share_abroad``, ``waterbed_indicators`` (I1/I2 between consecutive years and
        first -> last, :func:`footprint.waterbed.stage.waterbed_indicators` of the matrices
        rebuilt from the bilateral table; with two or more years), ``tracker``,
        ``tracker_split`` and, with ``pressure_rows``, ``tracker_rows`` (:func:`tracker_rows`).
    """
    out = {"series_by_origin": footprint_by_origin_series(attribution, consumer, top_n=top_n),
           "series_share_abroad": share_abroad_series(attribution, consumer)}
    if bilateral is not None:
        shifts = _waterbed_indicators(bilateral, consumer, tau, materiality, floor)
        if shifts is not None:
            out["waterbed_indicators"] = shifts
    if tracker is not None:
        settings = dict(tracker)
        out["tracker"] = _track(attribution, territorial, consumer, **settings, accounts=accounts)
        tracked = settings.get("pressure", TARGET.pressure)
        out["tracker_split"] = tracker_split(attribution, consumer, tracked,
                                             settings.get("base_year", TARGET.base_year))
        if pressure_rows is not None:
            out["tracker_rows"] = tracker_rows(
                pressure_rows, [tracked, *settings.get("companion", TARGET.companion)])
    return out
