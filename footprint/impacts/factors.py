"""Factor matrices of one method: land type x region, low / central / high, in target units."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from footprint.errors import MissingFactorError, close_matches
from footprint.impacts.tables import BOUND_COLUMNS, BOUNDS, GLOBAL, LAND_UNIT, TARGET_UNITS
from footprint.units import scale as unit_scale

__all__ = ["factor_matrix", "method_rows"]


def method_rows(factors: pd.DataFrame, method: str, pressure: str) -> pd.DataFrame:
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
    rows = method_rows(factors, method, "land")
    fallback = dict(fallback or {})
    is_global = set(rows["region"]) == {GLOBAL}
    target = TARGET_UNITS[str(rows["indicator"].iloc[0])]
    lookup = {(r["land_type"], r["region"]): r for _, r in rows.iterrows()}
    cf = np.zeros((3, len(land_types), len(regions)))
    used: dict[tuple[str, str], list[str]] = {}
    scales: dict[tuple[str, str], float] = {}
    for t, land_type in enumerate(land_types):
        for j, region in enumerate(regions):
            key = (land_type, GLOBAL if is_global else region)
            if key not in lookup and needed[t, j]:
                key = (land_type, _fallback(method, land_type, region, fallback, lookup))
                used.setdefault((region, key[1]), []).append(land_type)
            if key not in lookup:
                continue
            row = lookup[key]
            units = (str(row["impact_unit"]), str(row["per_unit"]))
            if units not in scales:  # pint is slow: one conversion per pair of units
                scales[units] = unit_scale(units[0], target) / unit_scale(units[1], LAND_UNIT)
            cf[:, t, j] = [row[BOUND_COLUMNS[b]] * scales[units] for b in BOUNDS]
    notes = [f"impacts {method}: no factor for region {region}; used {proxy} (named in [impacts] "
             f"fallback) for {', '.join(types)}" for (region, proxy), types in used.items()]
    return cf, notes
