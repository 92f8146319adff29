"""The tracker of a reduction target for a consumer's footprint (stage "series: targets").

The Dutch circular-economy programme (NPCE) aims to halve primary abiotic raw material use by 2030
against 2016 (DOMAIN.md 3.4). :func:`tracker` sets the consumer's footprint of a pressure over years
(group ``total`` of the attribution table, :func:`footprint.attribution.attribute` per year) against
the straight path to such a target (:func:`target_path`), with the gap, and beside it the production
view RMI and the consumer region's own domestic extraction (:data:`SERIES`) and companion pressures
(the biotic materials); :func:`tracker_summary` says it in one sentence and :func:`tracker_split`
splits the footprint by product group and by origin region.

What is tracked, by default: the footprint of all Dutch final demand in *used* domestic extraction of
fossil fuels, metal ores (gross ore) and non-metallic minerals, anywhere in the world (the EXIOBASE
rows of the pressure ``abiotic_materials``; 3.8: ``Domestic Extraction Used - Fossil Fuel: Total``,
``- Metal Ores - ...``, ``- Non-Metallic Minerals - ...``; 3.9: ``- Fossil Fuels - ...`` and the
same two families). That is an MRIO proxy for abiotic RMC (raw material consumption); unused
extraction is excluded. PBL's operationalisation of the target asks for the consumption and the
production view, hence RMI beside it (:mod:`footprint.material_accounts`). The consumer's domestic
extraction alone is neither RMI nor DMC; on real data it mostly follows the Groningen gas phase-out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from footprint._frames import _baseline, _consumer_rows, _labels, _need, _pick
from footprint.config import TargetsConfig
from footprint.errors import ConfigError, InvalidValuesError
from footprint.vocabulary import DIRECT_SECTOR, TOTAL_GROUP

__all__ = [
    "HOUSEHOLDS",
    "OTHER_PRODUCTS",
    "SERIES",
    "SPLIT_GROUP",
    "SPLIT_ORIGIN",
    "target_path",
    "tracker",
    "tracker_split",
    "tracker_summary",
]

SERIES: dict[str, str] = {
    "rmc": "RMC proxy: footprint of all {consumer} final demand (consumption view)",
    "rmi": "RMI proxy: {consumer} domestic extraction + raw-material equivalents of imports "
           "(= RMC + RME of exports; production view)",
    "domestic_extraction": "domestic extraction used in {consumer} (neither RMI nor DMC)",
}
"""Exact names of the tracker's series, as the tables' ``series_*`` columns, the figure legend and the
report give them (``{consumer}`` is filled in). For the abiotic materials all three count *used*
domestic extraction of fossil fuels, metal ores (gross ore) and non-metallic minerals in EXIOBASE's
rows (``pressure_rows`` / ``tracker_rows`` list them); unused extraction is excluded. RMC and RMI are
MRIO proxies of the abiotic raw material consumption and input (:mod:`footprint.material_accounts`)."""

SPLIT_GROUP, SPLIT_ORIGIN = "product group", "origin region"
"""``split`` values of :func:`tracker_split`: by product group, by origin region."""
TARGET = TargetsConfig()
"""The ``[targets]`` defaults of the run-file schema, the defaults of the functions here."""
OTHER_PRODUCTS, HOUSEHOLDS = "other products", "households' direct"
"""``item`` of the products outside the named groups and of households' own use, in
:func:`tracker_split`."""


def target_path(years: Sequence[int] | np.ndarray, base_year: int = TARGET.base_year,
                target_year: int = TARGET.target_year, reduction: float = TARGET.reduction) -> np.ndarray:
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
    fix = (f"Add the {role} pressure '{pressure}' to the pressure table "
           "(footprint/defaults/pressures.csv) or change [targets].")
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


def _accounts(accounts: pd.DataFrame, consumer: str, pressure: str, account: str) -> pd.Series:
    _need(accounts, ["year", "region", "indicator", "account", "value"], "material_accounts")
    rows = _pick(_baseline(accounts, "material_accounts"), "region", consumer, "material_accounts",
                 "Compute the accounts (footprint.material_accounts) for the consumer region.")
    rows = _pick(rows[rows["account"] == account], "indicator", pressure, "material_accounts",
                 "Compute the accounts with the same pressure table as the attribution.")
    return rows.groupby("year")["value"].sum()


def _add_accounts(out: pd.DataFrame, accounts: pd.DataFrame, consumer: str, pressure: str,
                  base_year: int, years: pd.Index) -> None:
    """RMI (value, index) and the RME of imports and exports beside the RMC footprint."""
    rmi = _accounts(accounts, consumer, pressure, "rmi").reindex(years)
    out["rmi_value"] = rmi.to_numpy()
    out["rmi_index"] = _index(rmi, base_year, f"{consumer} {pressure} RMI").to_numpy()
    for account in ("rme_imports", "rme_exports"):
        out[f"{account}_value"] = _accounts(accounts, consumer, pressure, account).reindex(years).to_numpy()


def tracker(attribution: pd.DataFrame, territorial: pd.DataFrame | None, consumer: str,
            pressure: str = TARGET.pressure, companion: Sequence[str] = TARGET.companion,
            base_year: int = TARGET.base_year, target_year: int = TARGET.target_year,
            reduction: float = TARGET.reduction, accounts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Track the consumer's footprint of a pressure against a reduction target (NPCE halving).

    Parameters
    ----------
    attribution : DataFrame
        Long attribution table over years; group ``total`` is used.
    territorial : DataFrame or None
        :func:`footprint.series.territorial` over years (the consumer region's rows are used: its
        domestic extraction); None leaves out the ``domestic_extraction_*`` columns.
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
    accounts : DataFrame, optional
        :func:`footprint.material_accounts.material_accounts` over years: adds the production view
        ``rmi_value`` [unit], ``rmi_index`` [%] (RMI = domestic extraction + RME of imports = RMC +
        RME of exports), ``rme_imports_value`` and ``rme_exports_value`` [unit].

    Returns
    -------
    DataFrame
        One row per year: year, consumer, indicator, unit, series_rmc, series_rmi,
        series_domestic_extraction (the exact names of :data:`SERIES`), value [unit] (the footprint,
        RMC proxy for the abiotic materials), index
        [% of the base year; exactly 100 in it], path [%] (:func:`target_path`), path_value [unit],
        gap_pp [percentage points] = index - path and gap [unit] = value - path_value (positive:
        above the path, i.e. behind), required_change [-/yr] (the constant yearly change from this
        year's value that reaches the target value in the target year), domestic_extraction_value
        [unit], domestic_extraction_index [%], domestic_extraction_gap_pp (the consumer region's own
        extraction, on its own base; neither RMI nor DMC), the RMI columns (with ``accounts``), then
        for each companion ``<name>_value`` [its unit], ``<name>_unit``,
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
    for key, name in SERIES.items():
        out.insert(4 + list(SERIES).index(key), f"series_{key}", name.format(consumer=consumer))
    if territorial is not None:
        terr = _territorial(territorial, consumer, pressure).reindex(value.index)
        out["domestic_extraction_value"] = terr.to_numpy()
        out["domestic_extraction_index"] = _index(
            terr, base_year, f"{consumer} domestic extraction of {pressure}").to_numpy()
        out["domestic_extraction_gap_pp"] = out["domestic_extraction_index"] - out["path"]
    if accounts is not None:
        _add_accounts(out, accounts, consumer, pressure, base_year, value.index)
    for name in companion:
        comp = _footprint(frame, name, "companion").reindex(value.index)
        out[f"{name}_value"] = comp.to_numpy()
        out[f"{name}_unit"] = str(frame.loc[frame["indicator"] == name, "unit"].iloc[0])
        out[f"{name}_index"] = _index(comp, base_year, f"{consumer} {name} footprint").to_numpy()
    out = out.assign(base_year=base_year, target_year=target_year, reduction=reduction,
                     target_value=target_value)
    out["data"] = out["year"].map(_labels(frame))
    return out.reset_index(drop=True)




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
    what = f"{last['consumer']} {last['indicator']} footprint"
    if "series_rmc" in tracker.columns:
        what = f"{last['series_rmc']}, {last['indicator']},"
    return (
        f"{what} {int(last['year'])}: "
        f"{last['value']:,.0f} {last['unit']}, index {last['index']:.1f} ({int(last['base_year'])} = 100); "
        f"the straight path to -{100 * last['reduction']:.0f} % in {int(last['target_year'])} is at "
        f"{last['path']:.1f}: {abs(last['gap_pp']):.1f} percentage points "
        f"({abs(last['gap']):,.0f} {last['unit']}) {side} the path."
    )


def _split_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year: each product group (with the direct stressors booked to it), the households' direct
    stressors booked to no group, and the other products."""
    is_direct = frame["origin_sector"] == DIRECT_SECTOR if "origin_sector" in frame.columns else \
        pd.Series(False, index=frame.index)
    in_total = frame["group"] == TOTAL_GROUP
    groups = frame[~in_total].groupby(["year", "group"])["value"].sum()
    booked = frame[~in_total & is_direct].groupby("year")["value"].sum()
    rows = []
    for year, part in frame[in_total].groupby("year"):
        named = groups.loc[year] if year in groups.index.get_level_values(0) else pd.Series(dtype=float)
        rows += [(year, str(g), float(v)) for g, v in named.items()]
        hh = float(part.loc[is_direct[part.index], "value"].sum()) - float(booked.get(year, 0.0))
        if hh:
            rows.append((year, HOUSEHOLDS, hh))
        rows.append((year, OTHER_PRODUCTS, float(part["value"].sum()) - hh - float(named.sum())))
    return pd.DataFrame(rows, columns=["year", "item", "value"])


def tracker_split(attribution: pd.DataFrame, consumer: str, pressure: str = TARGET.pressure,
                  base_year: int | None = TARGET.base_year) -> pd.DataFrame:
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
        By product group the items are the groups (each with the households' own stressors booked to
        it, e.g. fuel combustion in ``energy``), ``households' direct`` (the consumer's own stressors
        booked to no group, when not zero) and ``other products`` (the rest of the consumption: products in
        no group; the groups must not overlap, as in ``footprint/defaults/product_groups.csv``). Both splits
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
