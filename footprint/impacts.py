"""Biodiversity impact by origin: characterise land-use footprints with origin-specific factors.

Methods (DOMAIN.md 1.2, 1.3, 1.6; factor tables in ``config/characterisation/``, reduced from published
data by ``config/characterisation/reduce_factors.py``):

* ``msa_ibif2``: MSA loss, IBIF v2 (GLOBIO 4; Schipper et al. 2025), per country and land type, plus a
  global climate factor per t CO2-eq [MSA-loss*ha*yr].
* ``pdf_glam1``: potentially disappeared fraction of species, UNEP GLAM 1.0 land occupation per country
  [global PDF*yr].
* ``pdf_lcimpact_glo``, ``msa_globio3_default``: global (not region-specific) cross-checks: LC-IMPACT
  global defaults and GLOBIO3 default BIF_LU.

Land is characterised from the stressor rows, by land type (``land_type_map.csv``), so finer types
than the pressure table's (fodder, paddy rice, ...) keep their own factor::

    I[m, b, g, t, r] = CF[m, b, t, r] * Land[g, t, r]        Land = footprint by land type t and origin r
    = sum_i q[i] (L y_g)[i],   q[i] = sum_t CF[t, r(i)] (C_t S)[i]   (characterisation commutes)

with m method, b bound (low / central / high), g product group. Climate: ``CF_cc * GHG[g, r]`` with one
global factor, attributed to the origin where the gas is emitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from footprint.errors import (
    ConfigError,
    DataFileNotFoundError,
    MissingFactorError,
    UnknownCodeError,
    close_matches,
)
from footprint.pressures import PressureSet
from footprint.system import MRIO
from footprint.units import scale as unit_scale

__all__ = [
    "BOUNDS",
    "GLOBAL",
    "TARGET_UNITS",
    "characterise",
    "characterised_intensity",
    "factor_matrix",
    "impact_intensities",
    "land_type_pressures",
    "rank_change_notes",
    "ranking",
    "ranking_stability",
    "read_factors",
    "read_land_type_map",
]

BOUNDS = ("low", "central", "high")
BOUND_COLUMNS = {"low": "value_low", "central": "value", "high": "value_high"}
GLOBAL = "GLO"
CLIMATE = "climate"
LAND_UNIT = "ha*yr"  # land footprints are annual occupation: ha occupied during one year
TARGET_UNITS = {"msa_loss": "MSA-loss*ha*yr", "pdf": "global PDF*yr"}
FACTOR_COLUMNS = ("method", "indicator", "pressure", "land_type", "region", "value_low", "value",
                  "value_high", "impact_unit", "per_unit", "version", "source", "licence")
MAP_COLUMNS = ("layout", "extension", "pattern", "land_type", "source")

def _read_csv(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileNotFoundError(f"{what} {path} does not exist; fix the path in [impacts].")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)  # keep_default_na: Namibia is "NA"
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {missing}; the {what} needs {list(required)}.")
    return table


def read_factors(path: Path, methods: tuple[str, ...]) -> pd.DataFrame:
    """Read the factor table and keep the rows of ``methods``.

    Parameters
    ----------
    path : Path
        ``config/characterisation/factors.csv`` (columns :data:`FACTOR_COLUMNS`).
    methods : tuple of str
        Method names to use.

    Returns
    -------
    DataFrame
        Factor rows with numeric ``value_low, value, value_high`` [impact_unit / per_unit].

    Raises
    ------
    UnknownCodeError
        A method is not in the table (message lists close matches).
    ConfigError
        Non-numeric or negative values, bounds out of order, or an indicator without a target unit.
    """
    table = _read_csv(path, FACTOR_COLUMNS, "factor table")
    for method in methods:
        if method not in set(table["method"]):
            raise UnknownCodeError(
                f"impact method '{method}' is not in {path.name}; "
                f"{close_matches(method, table['method'])}. Fix [impacts] methods."
            )
    table = table[table["method"].isin(methods)].copy()
    for col in BOUND_COLUMNS.values():
        table[col] = pd.to_numeric(table[col], errors="coerce")
    bad = table[table[["value_low", "value", "value_high"]].isna().any(axis=1)
                | (table["value_low"] < 0) | (table["value_low"] > table["value"])
                | (table["value"] > table["value_high"])]
    if len(bad):
        first = bad.iloc[0]
        raise ConfigError(
            f"{path}: {len(bad)} factor row(s) have missing, negative or unordered values, e.g. "
            f"{first['method']} {first['region']} {first['land_type']}; need 0 <= value_low <= value "
            "<= value_high."
        )
    unknown = set(table["indicator"]) - set(TARGET_UNITS)
    if unknown:
        raise ConfigError(f"{path}: indicator(s) {sorted(unknown)} unknown; use {list(TARGET_UNITS)}.")
    return table.reset_index(drop=True)


def read_land_type_map(path: Path) -> pd.DataFrame:
    """Read the land-type map (layout, extension, regex pattern on stressor names, land_type, source)."""
    table = _read_csv(path, MAP_COLUMNS, "land-type map")
    for pattern in table["pattern"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: pattern {pattern!r} is not a regular expression ({exc}).") from exc
    return table


def land_type_pressures(land_map: pd.DataFrame, mrio: MRIO, pressures: PressureSet,
                        land_pressure: str = "land_total") -> PressureSet:
    """Split the land rows of ``land_pressure`` into land types, as pressures in [ha*yr].

    Parameters
    ----------
    land_map : DataFrame
        See :func:`read_land_type_map`.
    mrio : MRIO
    pressures : PressureSet
        The run's pressures; the stressor rows of ``land_pressure`` are the land rows to characterise.
    land_pressure : str
        Name of the pressure that holds all land rows.

    Returns
    -------
    PressureSet
        One pressure per land type, ``C`` in [ha / stressor unit].

    Raises
    ------
    UnknownCodeError
        ``land_pressure`` is not a pressure of the run.
    ConfigError
        A land row is matched by no land type or by two.
    UnitMismatchError
        A land row is not in an area unit.
    """
    if land_pressure not in pressures.names:
        land = [n for n in pressures.names if n.startswith("land")] or ["<a land pressure>"]
        raise UnknownCodeError(
            f"[impacts] land_pressure '{land_pressure}' is not a pressure of this run; "
            f"{close_matches(land_pressure, pressures.names)}. Either set land_pressure = "
            f'"{land[-1]}" (a pressure of the pressure table that holds every land row) in [impacts], '
            "or switch impacts off with [impacts] enabled = false."
        )
    rows = pressures.matched[pressures.matched["pressure"] == land_pressure]
    keys = pd.MultiIndex.from_frame(mrio.stressors[["extension", "stressor"]])
    index = keys.get_indexer(pd.MultiIndex.from_frame(rows[["extension", "stressor"]]))
    applicable = land_map[land_map["layout"].isin((mrio.layout, "*", "any"))]
    types = tuple(dict.fromkeys(applicable["land_type"]))
    C = np.zeros((len(types), len(mrio.stressors)))
    for k in index:
        ext, name, unit = mrio.stressors.loc[k, ["extension", "stressor", "unit"]]
        hits = [r for _, r in applicable.iterrows()
                if str(r["extension"]).lower() == str(ext).lower() and re.search(r["pattern"], name)]
        if len(hits) != 1:
            raise ConfigError(
                f"land row '{name}' ({ext}) is matched by {len(hits)} rows of the land-type map for "
                f"layout {mrio.layout}; every land row needs exactly one land type. Fix the patterns "
                "in config/characterisation/land_type_map.csv."
            )
        C[types.index(hits[0]["land_type"]), k] = unit_scale(str(unit), "ha")
    used = tuple(t for t, row in zip(types, C, strict=True) if row.any())
    keep = [types.index(t) for t in used]
    return PressureSet(used, tuple(LAND_UNIT for _ in used), C[keep], pd.DataFrame())


def _method_rows(factors: pd.DataFrame, method: str, pressure: str) -> pd.DataFrame:
    return factors[(factors["method"] == method) & (factors["pressure"] == pressure)]


def _fallback(method: str, land_type: str, region: str, fallback: Mapping[str, str],
              lookup: Mapping[tuple[str, str], object]) -> str:
    proxy = fallback.get(region)
    if proxy is None:
        raise MissingFactorError(
            f"impact method '{method}' has no factor for land type '{land_type}' in region '{region}', "
            f"which carries land use in this footprint. Name a fallback in the run file, e.g. "
            f"[impacts] fallback = {{ {region} = \"GLO\" }} (the method's global value, where it has "
            "one) or a neighbouring region, or drop the method from [impacts] methods."
        )
    if (land_type, proxy) not in lookup:
        have = sorted({r for (t, r) in lookup if t == land_type})
        raise MissingFactorError(
            f"impact method '{method}': the fallback '{proxy}' named for region '{region}' has no "
            f"'{land_type}' factor either; {close_matches(proxy, have)}. Fix [impacts] fallback."
        )
    return proxy


def factor_matrix(factors: pd.DataFrame, method: str, land_types: tuple[str, ...],
                  regions: tuple[str, ...], needed: np.ndarray,
                  fallback: Mapping[str, str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Land factors of one method for every land type and region, in target units per ha*yr.

    Parameters
    ----------
    factors : DataFrame
        See :func:`read_factors`.
    method : str
    land_types, regions : tuple of str
        Axes of the result.
    needed : ndarray of bool, shape (n_land_types, n_regions)
        Where a factor is required (the footprint is non-zero there).
    fallback : mapping, optional
        Region -> proxy region (or ``"GLO"``, the source's global value) for regions the method lacks.

    Returns
    -------
    cf : ndarray, shape (3, n_land_types, n_regions)
        low / central / high factor [TARGET_UNITS[indicator] / ha*yr]; 0 where not needed and absent.
    notes : list of str
        One line per fallback used.

    Raises
    ------
    MissingFactorError
        A needed (land type, region) has no factor and no fallback.
    UnitMismatchError
        The table's units cannot be converted.
    """
    rows = _method_rows(factors, method, "land")
    fallback = dict(fallback or {})
    is_global = set(rows["region"]) == {GLOBAL}
    target = TARGET_UNITS[str(rows["indicator"].iloc[0])]
    lookup = {(r["land_type"], r["region"]): r for _, r in rows.iterrows()}
    cf = np.zeros((3, len(land_types), len(regions)))
    used: dict[tuple[str, str], list[str]] = {}
    for t, land_type in enumerate(land_types):
        for j, region in enumerate(regions):
            key = (land_type, GLOBAL if is_global else region)
            if key not in lookup and needed[t, j]:
                key = (land_type, _fallback(method, land_type, region, fallback, lookup))
                used.setdefault((region, key[1]), []).append(land_type)
            if key not in lookup:
                continue
            row = lookup[key]
            scale = unit_scale(row["impact_unit"], target) / unit_scale(row["per_unit"], LAND_UNIT)
            cf[:, t, j] = [row[BOUND_COLUMNS[b]] * scale for b in BOUNDS]
    notes = [f"impacts {method}: no factor for region {region}; used {proxy} (named in [impacts] "
             f"fallback) for {', '.join(types)}" for (region, proxy), types in used.items()]
    return cf, notes


def characterised_intensity(land: PressureSet, S: np.ndarray, cf: np.ndarray,
                            region_of_row: np.ndarray) -> np.ndarray:
    """Impact per unit of output, ``q[i] = sum_t cf[t, r(i)] (C_t S)[i]`` [impact / M EUR].

    ``q @ L y`` equals the characterised footprint (characterisation commutes with the solve).

    Parameters
    ----------
    land : PressureSet
        Land types, see :func:`land_type_pressures`.
    S : ndarray, shape (n_stressors, n)
        Stressor intensities.
    cf : ndarray, shape (n_land_types, n_regions)
        One bound of :func:`factor_matrix`.
    region_of_row : ndarray of int, shape (n,)
    """
    return np.einsum("ti,ti->i", cf[:, region_of_row], land.C @ S)


def impact_intensities(factors: pd.DataFrame, methods: tuple[str, ...], land: PressureSet,
                       mrio: MRIO, climate: np.ndarray | None = None,
                       climate_unit: str = "t CO2-eq",
                       fallback: Mapping[str, str] | None = None
                       ) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, list[str]]:
    """Central impact per unit of output of each method, land plus climate [impact unit / M EUR].

    These rows follow the Leontief solve like any pressure row, so waterbed matrices and scenario
    indicators (NGE, leakage, absorption) come out in impact units as well (characterisation
    commutes: ``q L y = CF (S L y)``).

    Parameters
    ----------
    factors : DataFrame
        See :func:`read_factors`.
    methods : tuple of str
    land : PressureSet
        Land types in [ha*yr] per stressor unit (:func:`land_type_pressures`).
    mrio : MRIO
    climate : ndarray, shape (n,), optional
        Climate pressure intensity (e.g. ``ghg``) [``climate_unit`` / M EUR]; used by methods that
        have a climate factor.
    climate_unit : str
    fallback : mapping, optional
        See :func:`factor_matrix`.

    Returns
    -------
    names, units : tuple of str
        One per method: ``"<method> (central)"`` and the method's impact unit.
    q : ndarray, shape (n_methods, n)
    notes : list of str
    """
    per_type = land.C @ mrio.S  # (t, n) land occupation per M EUR [ha*yr / M EUR]
    region = mrio.region_of_row()
    needed = np.zeros((len(land.names), mrio.n_regions), dtype=bool)
    np.logical_or.at(needed.T, region, (per_type != 0).T)
    names, units, rows, notes = [], [], [], []
    for method in methods:
        indicator = str(factors.loc[factors["method"] == method, "indicator"].iloc[0])
        cf, used = factor_matrix(factors, method, land.names, mrio.regions, needed, fallback)
        q = characterised_intensity(land, mrio.S, cf[BOUNDS.index("central")], region)
        cc = _method_rows(factors, method, "ghg")
        if len(cc) and climate is not None:
            row = cc.iloc[0]
            scale = (unit_scale(row["impact_unit"], TARGET_UNITS[indicator])
                     * unit_scale(climate_unit, row["per_unit"]))
            q = q + climate * row["value"] * scale
        names.append(f"{method} (central)")
        units.append(TARGET_UNITS[indicator])
        rows.append(q)
        notes += used
    return tuple(names), tuple(units), np.array(rows).reshape(len(rows), mrio.n), notes


def _by_region(long: pd.DataFrame) -> pd.DataFrame:
    keys = ["year", "consumer", "scenario", "group", "indicator", "unit", "origin_region", "data"]
    return long.groupby(keys, as_index=False, sort=False)["value"].sum()


def _apply(pressure: pd.DataFrame, cf: np.ndarray, land_types: tuple[str, ...],
           regions: tuple[str, ...]) -> pd.DataFrame:
    t = pressure["indicator"].map({k: i for i, k in enumerate(land_types)}).to_numpy()
    r = pressure["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
    frames = []
    for b, bound in enumerate(BOUNDS):
        frames.append(pressure.assign(bound=bound, value=cf[b, t, r] * pressure["pressure"].to_numpy()))
    return pd.concat(frames, ignore_index=True)


def characterise(land_long: pd.DataFrame, climate_long: pd.DataFrame, factors: pd.DataFrame,
                 methods: tuple[str, ...], regions: tuple[str, ...],
                 fallback: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Impact by group, origin region, land type, method and bound.

    Parameters
    ----------
    land_long : DataFrame
        Attribution long table whose indicators are land types [ha*yr] (see :func:`land_type_pressures`).
    climate_long : DataFrame
        Attribution rows of the climate pressure (e.g. ``ghg`` [t CO2-eq]); may be empty.
    factors : DataFrame
        See :func:`read_factors`.
    methods : tuple of str
    regions : tuple of str
        Region order of the system.
    fallback : mapping, optional
        See :func:`factor_matrix`.

    Returns
    -------
    impacts : DataFrame
        Columns ``year, consumer, scenario, group, indicator, method, land_type, origin_region, bound,
        unit, pressure, pressure_unit, value, data``; ``value`` in ``unit`` (:data:`TARGET_UNITS`).
    notes : list of str
    """
    land = _by_region(land_long).rename(columns={"value": "pressure", "unit": "pressure_unit"})
    land_types = tuple(dict.fromkeys(land["indicator"]))
    t_idx = land["indicator"].map({k: i for i, k in enumerate(land_types)}).to_numpy()
    r_idx = land["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
    needed = np.zeros((len(land_types), len(regions)), dtype=bool)
    needed[t_idx, r_idx] = land["pressure"].to_numpy() != 0.0
    frames, notes = [], []
    for method in methods:
        indicator = str(factors.loc[factors["method"] == method, "indicator"].iloc[0])
        cf, used = factor_matrix(factors, method, land_types, regions, needed, fallback)
        notes += used
        out = _apply(land, cf, land_types, regions).rename(columns={"indicator": "land_type"})
        frames.append(out.assign(method=method, indicator=indicator, unit=TARGET_UNITS[indicator]))
        climate = _method_rows(factors, method, "ghg")
        if len(climate) and len(climate_long):
            row = climate.iloc[0]
            cc = _by_region(climate_long).rename(columns={"value": "pressure", "unit": "pressure_unit"})
            scale = (unit_scale(row["impact_unit"], TARGET_UNITS[indicator])
                     * unit_scale(str(cc["pressure_unit"].iloc[0]), row["per_unit"]))
            for bound in BOUNDS:
                frames.append(cc.assign(method=method, indicator=indicator, land_type=CLIMATE,
                                        bound=bound, unit=TARGET_UNITS[indicator],
                                        value=cc["pressure"] * row[BOUND_COLUMNS[bound]] * scale))
    cols = ["year", "consumer", "scenario", "group", "indicator", "method", "land_type",
            "origin_region", "bound", "unit", "pressure", "pressure_unit", "value", "data"]
    return pd.concat(frames, ignore_index=True)[cols], notes


def ranking(impacts: pd.DataFrame, pressure: pd.DataFrame) -> pd.DataFrame:
    """Origins ranked by land-use impact beside their rank by land pressure, per group and method.

    Parameters
    ----------
    impacts : DataFrame
        See :func:`characterise`; climate rows are left out (no origin-specific factor).
    pressure : DataFrame
        Land pressure by group and origin region (columns ``group, origin_region, value``) [ha].

    Returns
    -------
    DataFrame
        One row per group, method and origin region: ``pressure`` [ha] and its rank, ``impact_low,
        impact, impact_high`` [unit] and the rank by ``impact``, ``impact_per_ha`` (central, low and
        high) [unit / ha*yr], ``rank_change`` = pressure rank - impact rank (positive: more important
        by impact than by area).
    """
    land = impacts[impacts["land_type"] != CLIMATE]
    wide = land.pivot_table(index=["group", "method", "indicator", "unit", "origin_region"],
                            columns="bound", values="value", aggfunc="sum", sort=False).reset_index()
    wide = wide.rename(columns={"low": "impact_low", "central": "impact", "high": "impact_high"})
    area = pressure.groupby(["group", "origin_region"], as_index=False)["value"].sum()
    out = wide.merge(area.rename(columns={"value": "pressure"}), on=["group", "origin_region"])
    grouped = out.groupby(["group", "method"], sort=False)
    out["pressure_rank"] = grouped["pressure"].rank(ascending=False, method="min").astype(int)
    out["impact_rank"] = grouped["impact"].rank(ascending=False, method="min").astype(int)
    out["rank_change"] = out["pressure_rank"] - out["impact_rank"]
    with np.errstate(divide="ignore", invalid="ignore"):
        for col in ("impact_low", "impact", "impact_high"):
            out[col.replace("impact", "impact_per_ha")] = out[col] / out["pressure"]
    return out.sort_values(["group", "method", "impact_rank"], kind="stable").reset_index(drop=True)


def _compare(a: pd.Series, b: pd.Series, top_n: int) -> tuple[float, float]:
    both = pd.concat([a, b], axis=1).fillna(0.0)
    x, y = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    tau = float("nan")
    if len(both) > 1 and np.ptp(x) > 0 and np.ptp(y) > 0:
        tau = float(stats.kendalltau(x, y).statistic)
    n = min(top_n, len(both))
    overlap = len(set(a.nlargest(n).index) & set(b.nlargest(n).index)) / n if n else float("nan")
    return tau, overlap


def ranking_stability(ranked: pd.DataFrame, top_n: int = 5) -> pd.DataFrame:
    """How stable the origin ranking is: pressure vs each method and bound, and low vs high, per group.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`ranking`.
    top_n : int
        Size of the top set compared.

    Returns
    -------
    DataFrame
        Columns ``group, ranking_a, ranking_b, kendall_tau`` (tau-b over all origins, [-1, 1]) and
        ``top_n_overlap`` (shared share of the two top-``top_n`` sets, [0, 1]).
    """
    rows = []
    for group, frame in ranked.groupby("group", sort=False):
        series = {"land pressure": frame.drop_duplicates("origin_region")
                  .set_index("origin_region")["pressure"]}
        for method, m in frame.groupby("method", sort=False):
            m = m.set_index("origin_region")
            for bound, col in (("low", "impact_low"), ("central", "impact"), ("high", "impact_high")):
                series[f"{method} {bound}"] = m[col]
        names = list(series)
        pairs = [("land pressure", n) for n in names[1:]]
        pairs += [(f"{m} low", f"{m} high") for m in frame["method"].unique()]
        centrals = [n for n in names if n.endswith(" central")]
        pairs += [(a, b) for i, a in enumerate(centrals) for b in centrals[i + 1:]]
        for a, b in pairs:
            tau, overlap = _compare(series[a], series[b], top_n)
            rows.append({"group": group, "ranking_a": a, "ranking_b": b, "kendall_tau": tau,
                         f"top_{top_n}_overlap": overlap})
    return pd.DataFrame(rows)


def rank_change_notes(ranked: pd.DataFrame, methods: tuple[str, ...], top_n: int = 5) -> list[str]:
    """One line per group and method: the top origins by land and by impact, and every rank change.

    Every origin of the ranking is compared (not only the top ``top_n``); the line says how many.

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`ranking`.
    methods : tuple of str
        Methods to report (e.g. the region-specific ones).
    top_n : int
        Size of the top lists shown.

    Returns
    -------
    list of str
        E.g. ``"impact ranking protein, pdf_glam1: top 5 by land WL BR US CN NL; by impact WL BR US CN
        NL; rank changes (land -> impact) among all 13 origins with land use: WA 8->6, DE 6->8"``; the
        changes are in the order of the impact rank.
    """
    lines = []
    for (group, method), frame in ranked[ranked["method"].isin(methods)].groupby(
            ["group", "method"], sort=False):
        by_p = list(frame.sort_values("pressure_rank", kind="stable")["origin_region"][:top_n])
        by_i = frame.sort_values("impact_rank", kind="stable")
        moved = by_i[by_i["rank_change"] != 0]
        moves = ", ".join(f"{r} {p}->{i}" for r, p, i in
                          zip(moved["origin_region"], moved["pressure_rank"], moved["impact_rank"],
                              strict=True))
        lines.append(f"impact ranking {group}, {method}: top {top_n} by land {' '.join(by_p)}; by impact "
                     f"{' '.join(by_i['origin_region'][:top_n])}; rank changes (land -> impact) among all "
                     f"{len(frame)} origins with land use: {moves or 'none'}")
    return lines
