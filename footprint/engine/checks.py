"""Checks of a coefficient matrix before it is factorised: shape, finite values, productivity, and a
cheap bound of the condition of ``I - A`` where one exists. Errors name the rows and the fix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from footprint.errors import InvalidValuesError, NotProductiveError, SingularSystemError

__all__ = ["RCOND_MIN", "as_matrix", "check_finite", "check_productive", "dominance_bound",
           "raise_if_hopeless"]

#: Reciprocal condition estimate below which (I - A) counts as singular: results would keep fewer
#: than about four significant digits.
RCOND_MIN = 1e-12
#: How many offending rows or columns a message lists.
N_LISTED = 5

Array = np.ndarray


# --------------------------------------------------------------------------------------------
# input checks


def label(pos: int, labels: Sequence[str] | None) -> str:
    return f"{pos} ({labels[pos]!r})" if labels is not None else str(pos)


def check_finite(A: Array, colsum: Array, labels: Sequence[str] | None) -> None:
    if np.isfinite(colsum).all():  # NaN or inf anywhere in a column makes its sum non-finite
        return
    bad = ~np.isfinite(A)
    if not bad.any():
        return
    rows, cols = np.nonzero(bad)
    shown = "; ".join(
        f"row {label(int(r), labels)}, column {label(int(c), labels)}: {A[r, c]}"
        for r, c in zip(rows[:N_LISTED], cols[:N_LISTED], strict=True)
    )
    more = f" (and {len(rows) - N_LISTED} more)" if len(rows) > N_LISTED else ""
    raise InvalidValuesError(
        f"A has {len(rows)} NaN or infinite value(s): {shown}{more}. "
        "They usually come from dividing Z by an output x of 0; set the coefficients of "
        "zero-output columns to 0 (footprint.inputs.system.MRIO and sources do this) and reload."
    )


def check_productive(colsum: Array, labels: Sequence[str] | None) -> None:
    bad = np.flatnonzero(colsum >= 1.0)
    if bad.size == 0:
        return
    worst = bad[np.argsort(-colsum[bad], kind="stable")][:N_LISTED]
    shown = "; ".join(f"column {label(int(j), labels)}: {colsum[j]:.6g}" for j in worst)
    more = f" (and {bad.size - N_LISTED} more)" if bad.size > N_LISTED else ""
    raise NotProductiveError(
        f"A is not productive: {bad.size} column sum(s) of A are >= 1, worst: {shown}{more}. "
        "A monetary coefficient matrix needs every column sum (inputs per unit of output) below 1. "
        "Check that A = Z / x used the gross output x of the same table and unit as Z, that x has "
        "no near-zero entries, and that no product row was duplicated; or pass check=False if the "
        "table is known to be productive in another sense."
    )


def as_matrix(A: Any, labels: Sequence[str] | None) -> Array:
    A = np.asarray(A, dtype=np.float64)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise InvalidValuesError(f"A must be a square 2-D array, got shape {A.shape}.")
    if A.shape[0] == 0:
        raise InvalidValuesError("A is empty (shape (0, 0)); load a system with at least one row.")
    if labels is not None and len(labels) != A.shape[0]:
        raise InvalidValuesError(
            f"labels has {len(labels)} entries but A has {A.shape[0]} columns; pass one label per "
            "region-sector column (e.g. mrio.row_index)."
        )
    return A


# --------------------------------------------------------------------------------------------
# condition of I - A


def dominance_bound(colsum: Array, amin: float) -> float | None:
    """Lower bound of the reciprocal 1-norm condition number of ``I - A``, if one is cheap.

    With ``A >= 0`` and ``c = max_j colsum_j < 1``, ``||I - A||_1 <= 1 + c`` and
    ``||(I - A)^-1||_1 <= 1 / (1 - c)`` (Neumann series), so ``rcond >= (1 - c) / (1 + c)``.
    Returns ``None`` where the premise fails.
    """
    if amin < 0.0 or colsum.size == 0:
        return None
    c = float(colsum.max())
    return (1.0 - c) / (1.0 + c) if c < 1.0 else None


def raise_if_hopeless(rcond: float) -> None:
    if not rcond >= RCOND_MIN:  # also catches NaN
        raise SingularSystemError(
            f"(I - A) is numerically singular: reciprocal condition estimate {rcond:.3g} is below "
            f"{RCOND_MIN:g}, so no solve can be trusted. Check A for columns summing to ~1 and for "
            "sectors that only supply themselves."
        )
