"""Checks of the matrices as read from a source, before they are converted into an :class:`MRIO`.

A pymrio system can hold more than footprint uses: ``Z`` next to ``A`` (footprint then takes ``A``),
``S`` next to ``F``. Every matrix that was read is checked here, used or not, so that damaged data
never pass silently:

- NaN or infinite values in any core matrix (``Z``, ``A``, ``x``, ``Y``) or stressor matrix by
  producing sector (``F``, ``S``) are an error (:func:`check_finite`), before the conversion would
  turn missing entries into zeros; in the final-demand stressors ``F_Y`` a NaN is read as "none"
  (pymrio's WIOD parser writes NaN where value added has no final-demand entry) and counted in a
  note;
- negative entries of an unused ``Z`` are measured (:func:`unused_z_findings`) and recorded in the
  system's ``meta``; :func:`footprint.checks.check_system` then treats them like negative
  coefficients of ``A`` (an error, or with ``[checks] strict = false`` a warning).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from footprint.errors import InvalidValuesError

__all__ = ["check_finite", "unused_z_findings"]


def _cell(frame: pd.DataFrame | pd.Series, pos: tuple[int, ...]) -> str:
    text = f"row {frame.index[pos[0]]!r}"
    if len(pos) > 1 and isinstance(frame, pd.DataFrame):
        text += f", column {frame.columns[pos[1]]!r}"
    return text


def check_finite(frames: Mapping[str, pd.DataFrame | pd.Series | None], label: str) -> list[str]:
    """Raise at the first matrix read that holds NaN or infinite values (``F_Y``: NaN noted).

    Parameters
    ----------
    frames : mapping of str to DataFrame, Series or None
        Name (e.g. ``"Z"``, ``"satellite F_Y"``) to the matrix as read; None entries are skipped.
    label : str
        What the data is, for the message.

    Returns
    -------
    list of str
        A note per ``... F_Y`` matrix whose NaN values are read as zero.

    Raises
    ------
    InvalidValuesError
        Names the matrix, the number of bad values and the first cell (infinite values in ``F_Y``
        too).
    """
    notes = []
    for name, frame in frames.items():
        if frame is None:
            continue
        values = frame.to_numpy()
        try:
            bad = ~np.isfinite(values.astype(float, copy=False))
        except (TypeError, ValueError):
            bad = pd.isna(frame).to_numpy()
        if name.endswith(" F_Y") and bad.any() and not np.isinf(frame.to_numpy(dtype=float)).any():
            notes.append(f"note: {name} holds {int(bad.sum())} NaN value(s) (no final-demand "
                         "entry), read as 0")
            continue
        count = int(bad.sum())
        if count:
            pos = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidValuesError(
                f"{label}: the matrix {name} as read holds {count} NaN/inf value(s); the first is at "
                f"{_cell(frame, pos)}. The source file is damaged or was written with missing "
                "cells: re-download or re-save it (an empty cell is not read as 0)."
            )
    return notes


def unused_z_findings(Z: np.ndarray, x: np.ndarray, rows: pd.Index) -> dict[str, str]:
    """Negative entries of a ``Z`` that was read but not used (``A`` was), for ``MRIO.meta``.

    Each entry is measured relative to its column's output, ``Z_ij / max(|x_j|, 1)`` (the
    coefficient it implies); :func:`footprint.checks.check_system` compares the most negative one
    with ``[checks] balance_rtol``.

    Returns
    -------
    dict of str to str
        Empty without negative entries; else ``unused_Z_negative`` (count), ``unused_Z_min_rel``
        (the most negative relative value) and ``unused_Z_worst`` (its cell and value).
    """
    neg = np.argwhere(Z < 0)
    if not len(neg):
        return {}
    scale = np.maximum(np.abs(x), 1.0)
    rel = Z[neg[:, 0], neg[:, 1]] / scale[neg[:, 1]]
    i, j = (int(v) for v in neg[int(np.argmin(rel))])
    return {
        "unused_Z_negative": str(len(neg)),
        "unused_Z_min_rel": repr(float(rel.min())),
        "unused_Z_worst": f"row {rows[i]!r}, column {rows[j]!r} = {Z[i, j]:.6g}",
    }
