"""Convert a pymrio ``IOSystem`` into footprint's lean :class:`footprint.inputs.system.MRIO`.

Files written by others do not always carry every account. This module fills the gaps the way
pymrio's ``calc_all`` does and says so in ``MRIO.notes`` (which the run writes into the manifest):

* **Gross output.** ``x`` as stored; else ``x = Z e + Y e``; else, for systems that hold only ``A``
  and ``Y`` (EXIOBASE 3 folders without ``x.txt``, GLORIA as parsed by pymrio, systems saved before
  ``calc_system()``), ``x = (I - A)^-1 Y e``.
* **Final demand outside the model's regions**, e.g. OECD ICIO's statistical-discrepancy column
  ``('ALL', 'DISC')``: kept in ``MRIO.Y_outside``, so it counts in the balance and in ``x``, but it is
  nobody's consumption.
* **Units** come from the extension's unit table (a ``unit`` column, or, when a
  ``file_parameters.json`` declares the unit file with two index columns, the ``unit`` level of its
  index) or from a ``unit`` level of the stressor index.
* **Extension names.** Each stressor row carries the pymrio attribute name (``satellite``, ``AIR``;
  the primary key, also used for layout detection) and the display name (``Satellite Accounts``,
  ``Air Emission Accounts``); pressure tables may use either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg

from footprint.errors import CorruptDataError
from footprint.inputs import read_checks
from footprint.inputs.system import MRIO

__all__ = ["detect_layout", "extension_units", "from_iosystem"]

STRESSOR_COLUMNS = ("extension", "extension_name", "stressor", "unit")

_LAYOUT_38 = {"satellite"}
_LAYOUT_39 = {"land", "air_emissions", "material", "water", "nutrients"}


def detect_layout(extension_names: list[str]) -> str:
    """Name the extension layout of a system from its extension (attribute) names.

    Returns ``"exiobase3.8"`` when a ``satellite`` extension is present, ``"exiobase3.9"`` when the
    split extensions of EXIOBASE 3.9+ (``land``, ``air_emissions`` ...) are, else ``"pymrio"``.
    """
    names = {n.lower() for n in extension_names}
    if names & _LAYOUT_38:
        return "exiobase3.8"
    if len(names & _LAYOUT_39) >= 2:
        return "exiobase3.9"
    return "pymrio"


def _flat(index: pd.Index) -> list[str]:
    if isinstance(index, pd.MultiIndex):
        return [" | ".join(str(v) for v in tup) for tup in index]
    return [str(v) for v in index]


def _unit_series(unit: Any) -> pd.Series | None:
    """The unit table as a Series from stressor key to unit string, wherever pymrio put the unit."""
    if isinstance(unit, pd.Series):
        return unit.astype(str)
    if not isinstance(unit, pd.DataFrame):
        return None
    if "unit" in unit.columns:
        return unit["unit"]
    index = unit.index
    if isinstance(index, pd.MultiIndex) and unit.shape[1] == 0:
        # unit.txt read with two (or more) index columns: the unit is the last level (or "unit")
        level = "unit" if "unit" in index.names else index.nlevels - 1
        values = index.get_level_values(level).astype(str)
        return pd.Series(values, index=index.droplevel(level))
    if unit.shape[1] == 1:
        return unit.iloc[:, 0]
    return None


def extension_units(unit: Any, rows: pd.Index) -> list[str]:
    """Unit of each stressor row ``rows`` of an extension, ``""`` where none is given.

    Parameters
    ----------
    unit : DataFrame, Series or None
        The extension's ``unit`` attribute as pymrio read it: a frame with a ``unit`` column, or a
        frame whose index holds the unit as its last level (a unit file declared with two index
        columns), or a single-column frame.
    rows : Index
        The stressor index of ``F`` (it may itself carry a ``unit`` level).
    """
    if "unit" in (rows.names or []):
        return [str(u) for u in rows.get_level_values("unit")]
    series = _unit_series(unit)
    if series is None:
        return [""] * len(rows)
    if series.index.nlevels != rows.nlevels:  # e.g. units keyed by the first level only
        series = series.groupby(level=0).first()
        keys: pd.Index = rows.get_level_values(0) if rows.nlevels > 1 else rows
    else:
        keys = rows
    series = series[~series.index.duplicated()]
    found = series.reindex(keys)
    return ["" if pd.isna(u) else str(u) for u in found]


def _extension_arrays(
    io: Any, row_index: pd.Index, fd_index: pd.Index, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    F_parts, FY_parts, meta = [], [], []
    for attr in io.get_extensions():
        ext = getattr(io, attr)
        if ext.F is not None:
            rows = ext.F.index
            F = ext.F.reindex(columns=row_index).fillna(0.0).to_numpy(dtype=float)
        elif ext.S is not None:
            rows = ext.S.index
            F = ext.S.reindex(columns=row_index).fillna(0.0).to_numpy(dtype=float) * x
        else:
            continue
        if getattr(ext, "F_Y", None) is not None:
            FY = ext.F_Y.reindex(index=rows, columns=fd_index).fillna(0.0).to_numpy(dtype=float)
        else:
            FY = np.zeros((F.shape[0], len(fd_index)))
        F_parts.append(F)
        FY_parts.append(FY)
        meta.append(pd.DataFrame({"extension": str(attr), "extension_name": str(ext.name),
                                  "stressor": _flat(rows), "unit": extension_units(ext.unit, rows)}))
    if not F_parts:
        return (np.zeros((0, len(row_index))), np.zeros((0, len(fd_index))),
                pd.DataFrame({c: [] for c in STRESSOR_COLUMNS}))
    return np.vstack(F_parts), np.vstack(FY_parts), pd.concat(meta, ignore_index=True)


def _split_final_demand(Y: pd.DataFrame, regions: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Y's columns of the model's regions, and the columns of any other 'region' (e.g. ('ALL', 'DISC'))."""
    if not isinstance(Y.columns, pd.MultiIndex):
        return Y, Y.iloc[:, :0]
    inside = Y.columns.get_level_values(0).astype(str).isin(regions)
    return Y.loc[:, inside], Y.loc[:, ~inside]


def _gross_output(io: Any, row_index: pd.Index, demand: np.ndarray, label: str
                  ) -> tuple[np.ndarray, str | None]:
    """x as stored, else Z e + Y e, else (I - A)^-1 Y e; with a note when it was derived."""
    if io.x is not None:
        return io.x.reindex(row_index).fillna(0.0).to_numpy(dtype=float).ravel(), None
    if io.Z is not None:
        Z = io.Z.reindex(index=row_index, columns=row_index).fillna(0.0).to_numpy(dtype=float)
        return Z.sum(axis=1) + demand, (
            "note: the source has no gross output x; derived as x = Z e + Y e (as pymrio's calc_x)")
    A = io.A.reindex(index=row_index, columns=row_index).fillna(0.0).to_numpy(dtype=float)
    try:
        x = scipy.linalg.solve(np.eye(len(A)) - A, demand, check_finite=True)
    except (np.linalg.LinAlgError, ValueError) as exc:
        raise CorruptDataError(
            f"{label}: the system has A and Y but neither x nor Z, and x = (I - A)^-1 Y e cannot be "
            f"derived ({exc}); check A for NaN values and column sums >= 1."
        ) from exc
    return x, ("note: the source has no gross output x and no Z; derived as x = (I - A)^-1 Y e "
               "(as pymrio's calc_x_from_L)")


def _outside_note(outside: pd.DataFrame, unit: str) -> str | None:
    if outside.shape[1] == 0:
        return None
    names = ", ".join(repr(tuple(str(v) for v in c)) if isinstance(c, tuple) else repr(c)
                      for c in outside.columns)
    total = float(outside.to_numpy(dtype=float).sum())
    return (f"note: {outside.shape[1]} final-demand column(s) outside the model's regions ({names}; "
            f"sum {total:.6g} {unit}) are kept in the balance and in gross output x but are "
            "nobody's consumption (as pymrio's calc_x counts them)")


def _frames_read(io: Any) -> dict[str, Any]:
    """Every core and extension matrix the system holds, used or not (for the finiteness check)."""
    frames: dict[str, Any] = {name: getattr(io, name, None) for name in ("Z", "A", "x", "Y")}
    for attr in io.get_extensions():
        ext = getattr(io, attr)
        for name in ("F", "S", "F_Y"):
            frames[f"{attr} {name}"] = getattr(ext, name, None)
    return frames


def from_iosystem(
    io: Any, *, label: str, year: int | None = None, layout: str | None = None,
    monetary_unit: str = "M.EUR",
) -> MRIO:
    """Convert a pymrio ``IOSystem`` into an :class:`MRIO`.

    Uses ``A`` when present (else computes it from ``Z`` and ``x``), ``Y``, ``x`` (derived when
    missing, see the module notes) and every extension's ``F`` (or ``S`` times ``x``) and ``F_Y``.
    Every matrix the system holds is checked first, used or not (:mod:`footprint.inputs.read_checks`):
    NaN or infinite values are an error; negative entries of an unused ``Z`` go into ``meta`` for
    :func:`footprint.checks.check_system`.

    Parameters
    ----------
    io : pymrio.IOSystem
        A parsed or loaded system. It is not modified.
    label : str
        What the data is; carried into every output.
    year : int, optional
        Reference year.
    layout : str, optional
        Override the detected extension layout.
    monetary_unit : str
        Unit of the monetary flows, for notes [e.g. ``M.EUR``].

    Returns
    -------
    MRIO
        ``notes`` says which accounts were derived and which columns lie outside the regions.

    Raises
    ------
    CorruptDataError
        When the system lacks ``Y`` or both ``A`` and ``Z``, or ``x`` cannot be derived.
    InvalidValuesError
        A matrix as read holds NaN or infinite values.
    """
    if io.Y is None or (io.A is None and io.Z is None):
        raise CorruptDataError(
            f"{label}: the system has no final demand Y or no A/Z matrix; "
            "check that the file is a complete MRIO (EXIOBASE 3 'IOT_<year>_pxp' archive)."
        )
    read_notes = read_checks.check_finite(_frames_read(io), label)  # before reindexing fills gaps
    regions = tuple(str(r) for r in io.get_regions())
    sectors = tuple(str(s) for s in io.get_sectors())
    row_index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    inside, outside = _split_final_demand(io.Y, regions)
    cats = list(dict.fromkeys(str(c) for c in inside.columns.get_level_values(-1)))
    fd_index = pd.MultiIndex.from_product([regions, cats], names=["region", "category"])
    Y = inside.reindex(index=row_index, columns=fd_index).fillna(0.0).to_numpy(dtype=float)
    Y_out = outside.reindex(index=row_index).fillna(0.0).to_numpy(dtype=float)
    x, x_note = _gross_output(io, row_index, Y.sum(axis=1) + Y_out.sum(axis=1), label)
    meta = {"A_from": "A" if io.A is not None else "Z / x"}
    if io.A is not None:
        A = io.A.reindex(index=row_index, columns=row_index).fillna(0.0).to_numpy(dtype=float)
        if io.Z is not None:  # read but not used: still checked (check_system judges its negatives)
            Z = io.Z.reindex(index=row_index, columns=row_index).fillna(0.0).to_numpy(dtype=float)
            meta.update(read_checks.unused_z_findings(Z, x, row_index))
    else:
        Z = io.Z.reindex(index=row_index, columns=row_index).fillna(0.0).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            A = Z * np.where(x != 0, 1.0 / x, 0.0)[np.newaxis, :]
    F, F_Y, stressors = _extension_arrays(io, row_index, fd_index, x)
    notes = tuple(n for n in (x_note, _outside_note(outside, monetary_unit), *read_notes) if n)
    return MRIO(
        regions=regions, sectors=sectors, fd_categories=tuple(cats),
        A=np.ascontiguousarray(A), x=x, Y=Y, F=F, F_Y=F_Y, stressors=stressors,
        label=label, year=year,
        layout=layout or detect_layout([str(e) for e in io.get_extensions()]),
        monetary_unit=monetary_unit,
        Y_outside=Y_out if outside.shape[1] else None,
        fd_outside=tuple(" | ".join(map(str, c)) if isinstance(c, tuple) else str(c)
                         for c in outside.columns),
        notes=notes,
        meta=meta,
    )
