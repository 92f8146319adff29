"""Read MRIO systems into :class:`footprint.system.MRIO`.

Sources: the embedded demo archive, an EXIOBASE 3 zip or folder (3.8 and 3.9+ layouts), or any
system saved by pymrio. pymrio does the parsing; this module converts its ``IOSystem`` into the lean
array holder the engine uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio

from footprint.errors import CorruptDataError
from footprint.system import MRIO

__all__ = ["detect_layout", "from_iosystem"]

_LAYOUT_38 = {"satellite"}
_LAYOUT_39 = {"land", "air_emissions", "material", "water", "nutrients"}


def detect_layout(extension_names: list[str]) -> str:
    """Name the extension layout of a system from its extension names.

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


def _extension_arrays(
    io: pymrio.IOSystem, row_index: pd.Index, fd_index: pd.Index
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    F_parts, FY_parts, meta = [], [], []
    for ext in io.get_extensions(data=True):
        if ext.F is None:
            if ext.S is None:
                continue
            F = ext.S.reindex(columns=row_index).to_numpy(dtype=float) * io.x.to_numpy().ravel()
        else:
            F = ext.F.reindex(columns=row_index).to_numpy(dtype=float)
        k = F.shape[0]
        rows = ext.F.index if ext.F is not None else ext.S.index
        if getattr(ext, "F_Y", None) is not None:
            FY = ext.F_Y.reindex(index=rows, columns=fd_index).fillna(0.0).to_numpy(dtype=float)
        else:
            FY = np.zeros((k, len(fd_index)))
        unit = ext.unit
        if unit is not None and "unit" in unit.columns:
            units = [str(u) for u in unit.reindex(rows)["unit"].fillna("")]
        else:
            units = [""] * k
        F_parts.append(F)
        FY_parts.append(FY)
        meta.append(pd.DataFrame({"extension": ext.name, "stressor": _flat(rows), "unit": units}))
    if not F_parts:
        return np.zeros((0, len(row_index))), np.zeros((0, len(fd_index))), pd.DataFrame(
            {"extension": [], "stressor": [], "unit": []}
        )
    return np.vstack(F_parts), np.vstack(FY_parts), pd.concat(meta, ignore_index=True)


def from_iosystem(
    io: pymrio.IOSystem, *, label: str, year: int | None = None, layout: str | None = None
) -> MRIO:
    """Convert a pymrio ``IOSystem`` into an :class:`MRIO`.

    Uses ``A`` when present (else computes it from ``Z`` and ``x``), ``Y``, ``x`` and every extension's
    ``F`` (or ``S`` times ``x``) and ``F_Y``.

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

    Raises
    ------
    CorruptDataError
        When the system lacks ``Y`` or both ``A`` and ``Z``.
    """
    if io.Y is None or (io.A is None and io.Z is None):
        raise CorruptDataError(
            f"{label}: the system has no final demand Y or no A/Z matrix; "
            "check that the file is a complete MRIO (EXIOBASE 3 'IOT_<year>_pxp' archive)."
        )
    regions = tuple(str(r) for r in io.get_regions())
    sectors = tuple(str(s) for s in io.get_sectors())
    row_index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    cats = list(dict.fromkeys(str(c) for c in io.Y.columns.get_level_values(-1)))
    fd_index = pd.MultiIndex.from_product([regions, cats], names=["region", "category"])
    Y = io.Y.reindex(index=row_index, columns=fd_index).fillna(0.0).to_numpy(dtype=float)
    if io.x is not None:
        x = io.x.reindex(row_index).to_numpy(dtype=float).ravel()
    elif io.Z is not None:
        x = io.Z.reindex(index=row_index).sum(axis=1).to_numpy() + Y.sum(axis=1)
    else:
        raise CorruptDataError(f"{label}: the system has A but neither x nor Z; cannot get output.")
    if io.A is not None:
        A = io.A.reindex(index=row_index, columns=row_index).to_numpy(dtype=float)
    else:
        Z = io.Z.reindex(index=row_index, columns=row_index).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            A = Z * np.where(x != 0, 1.0 / x, 0.0)[np.newaxis, :]
    F, F_Y, stressors = _extension_arrays(io, row_index, fd_index)
    ext_names = [str(e) for e in io.get_extensions()]
    return MRIO(
        regions=regions,
        sectors=sectors,
        fd_categories=tuple(cats),
        A=np.ascontiguousarray(A),
        x=x,
        Y=Y,
        F=F,
        F_Y=F_Y,
        stressors=stressors,
        label=label,
        year=year,
        layout=layout or detect_layout(ext_names),
    )
