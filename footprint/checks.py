"""Input checks on a loaded MRIO: finite values, non-negativity, productivity, balance, units.

Every check either passes silently, returns a note for the run manifest, or raises an error from
:mod:`footprint.errors` that names the offending items and says how to fix the data.
``strict=False`` (in a run file: ``[checks] strict = false``) turns the checks that real EXIOBASE
versions are known to fail slightly (negative coefficients, small imbalances) into returned
warnings instead of errors; ``rtol`` (``[checks] balance_rtol``) is the balance tolerance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from footprint.config import ChecksConfig
from footprint.errors import (
    CorruptDataError,
    InvalidValuesError,
    NotProductiveError,
    UnitMismatchError,
    UnknownCodeError,
    close_matches,
)
from footprint.inputs.system import MRIO
from footprint.units import same as same_unit

__all__ = ["check_system", "check_units"]

_SHOW = 5  # how many offending items a message lists
CHECKS = ChecksConfig()
"""The ``[checks]`` defaults of the run-file schema, the defaults of :func:`check_system`."""
_LENIENT = ("set [checks] strict = false in the run file (Python: check_system(mrio, strict=False)) "
            "to proceed with a warning recorded in the manifest")


def _labels(mrio: MRIO, name: str) -> tuple[Sequence[object], Sequence[object]]:
    """Row and column labels of one of the arrays A, x, Y, F, F_Y."""
    rows, fd = list(mrio.row_index), list(mrio.fd_index)
    table_ = mrio.stressors
    stressors = [f"{e} | {s}" for e, s in zip(table_["extension"], table_["stressor"], strict=True)]
    table: dict[str, tuple[Sequence[object], Sequence[object]]] = {
        "A": (rows, rows),
        "x": (rows, []),
        "Y": (rows, fd),
        "F": (stressors, rows),
        "F_Y": (stressors, fd),
    }
    return table[name]


def _at(labels: Sequence[object], i: int) -> object:
    return labels[i] if i < len(labels) else f"#{i}"


def _where(mrio: MRIO, name: str, pos: tuple[int, ...]) -> str:
    """Human-readable position, e.g. ``row ('NL', 'Wheat'), column ('DE', 'Milk')``."""
    rows, cols = _labels(mrio, name)
    text = f"row {_at(rows, pos[0])!r}"
    return text + (f", column {_at(cols, pos[1])!r}" if len(pos) > 1 else "")


def _check_finite(mrio: MRIO) -> None:
    """Raise InvalidValuesError at the first array holding NaN or inf."""
    for name in ("A", "x", "Y", "F", "F_Y"):
        arr = np.asarray(getattr(mrio, name))
        bad = ~np.isfinite(arr)
        count = int(bad.sum())
        if count:
            pos = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidValuesError(
                f"{mrio.label}: {name} has {count} NaN/inf value(s); the first is {arr[pos]} at "
                f"{_where(mrio, name, pos)}. The source file is damaged or was parsed with the "
                "wrong layout: re-download it and delete its cache entry."
            )


def _check_nonnegative_a(mrio: MRIO, strict: bool) -> list[str]:
    neg = np.argwhere(mrio.A < 0)
    if not len(neg):
        return []
    shown = "; ".join(
        f"{_where(mrio, 'A', (int(i), int(j)))} = {mrio.A[i, j]:.3g}" for i, j in neg[:_SHOW]
    )
    message = (
        f"{mrio.label}: A has {len(neg)} negative coefficient(s), e.g. {shown}. Monetary input "
        f"coefficients must be >= 0: check the source table, or {_LENIENT} (footprints may then "
        "contain negative contributions)."
    )
    if strict:
        raise CorruptDataError(message)
    return ["warning: " + message]


def _check_productive(mrio: MRIO) -> None:
    sums = mrio.A.sum(axis=0)
    bad = np.flatnonzero(sums >= 1.0)
    if len(bad):
        rows = list(mrio.row_index)
        shown = "; ".join(f"{_at(rows, int(j))!r}: {sums[j]:.6g}" for j in bad[:_SHOW])
        raise NotProductiveError(
            f"{mrio.label}: {len(bad)} column(s) of A sum to >= 1, so (I - A) has no non-negative "
            f"inverse: {shown}. A sector cannot need one euro or more of inputs per euro of "
            "output: check that A is in monetary units and that x matches Z (A = Z / x), or "
            "correct the data of these sectors."
        )


def _check_balance(mrio: MRIO, strict: bool, rtol: float) -> list[str]:
    """Check x = A x + Y e row by row, relative to max(|x|, 1); Y e counts the columns outside the
    model's regions too (``MRIO.Y_outside``)."""
    residual = mrio.x - mrio.A @ mrio.x - mrio.final_demand_total()
    rel = np.abs(residual) / np.maximum(np.abs(mrio.x), 1.0)
    bad = np.flatnonzero(rel > rtol)
    if not len(bad):
        return []
    rows = list(mrio.row_index)
    worst = bad[np.argsort(rel[bad])[::-1][:_SHOW]]
    shown = "; ".join(
        f"{_at(rows, int(i))!r}: x = {mrio.x[i]:.6g}, x - Ax - Ye = {residual[i]:.3g}"
        for i in worst
    )
    message = (
        f"{mrio.label}: {len(bad)} row(s) break the balance x = A x + Y e beyond rtol={rtol:g} "
        f"([checks] balance_rtol); worst: {shown}. Some EXIOBASE versions carry small imbalances: "
        f"raise [checks] balance_rtol to a tolerance you accept, or {_LENIENT}, or re-download / "
        "re-parse the data."
    )
    if strict:
        raise CorruptDataError(message)
    return ["warning: " + message]


def _check_unused_z(mrio: MRIO, strict: bool, rtol: float) -> list[str]:
    """Negative entries of a Z that was read but not used (A was): as strict as negative A."""
    count = mrio.meta.get("unused_Z_negative")
    if not count:
        return []
    worst = float(mrio.meta.get("unused_Z_min_rel", "0"))
    if worst >= -rtol:
        return [f"note: Z (read, not used: A was) has {count} negative entries within the "
                f"tolerance ([checks] balance_rtol = {rtol:g} of the column's output)."]
    message = (
        f"{mrio.label}: Z (read but not used: footprints use A) has {count} negative entries; the "
        f"most negative is {mrio.meta.get('unused_Z_worst')} ({worst:.3g} of its column's output, "
        f"beyond [checks] balance_rtol = {rtol:g}). Z and A describe the same flows, so the file is "
        f"inconsistent or damaged: re-download / re-save it, or {_LENIENT}."
    )
    if strict:
        raise CorruptDataError(message)
    return ["warning: " + message]


def _note_negative_y(mrio: MRIO) -> list[str]:
    neg = mrio.Y < 0
    if not neg.any():
        return []
    n_fd = len(mrio.fd_categories)
    cats = sorted({mrio.fd_categories[j % n_fd] for j in np.flatnonzero(neg.any(axis=0))})
    total = float(mrio.Y[neg].sum())
    return [
        f"note: Y has {int(neg.sum())} negative entries (sum {total:.6g} {mrio.monetary_unit}) "
        f"in: {', '.join(cats)}. Allowed (e.g. stock decreases in changes in inventories), "
        "but footprints of these categories can be negative."
    ]


def _note_zero_output(mrio: MRIO) -> list[str]:
    zero = mrio.x == 0
    cols = np.flatnonzero(zero & (mrio.F != 0).any(axis=0)) if mrio.F.size else np.array([])
    if not len(cols):
        return []
    rows = list(mrio.row_index)
    shown = ", ".join(repr(_at(rows, int(j))) for j in cols[:_SHOW])
    return [
        f"note: {len(cols)} sector(s) have zero output but non-zero stressors, e.g. {shown}; "
        "their stressors get no intensity (S = 0 where x = 0) and are left out of footprints."
    ]


def check_system(mrio: MRIO, *, strict: bool = CHECKS.strict, rtol: float = CHECKS.balance_rtol) -> list[str]:
    """Check an MRIO before any footprint is computed from it.

    Parameters
    ----------
    mrio : MRIO
        The loaded system.
    strict : bool
        If True (default), negative coefficients in ``A``, negative entries beyond ``rtol`` in a
        ``Z`` that was read but not used (see :mod:`footprint.inputs.read_checks`) and a balance error
        beyond ``rtol`` raise; if False they are returned as ``"warning: ..."`` strings. A run
        file sets it as ``[checks] strict``.
    rtol : float
        Relative tolerance of the balance ``x = A x + Y e``, per row relative to ``max(|x_i|, 1)``
        [-]. Use about 1e-6 for EXIOBASE-size systems (a run file: ``[checks] balance_rtol``).

    Returns
    -------
    list of str
        Notes (``"note: ..."``) and, with ``strict=False``, warnings (``"warning: ..."``) for the
        run manifest: negative final demand, zero-output sectors with stressors, tolerated errors.

    Raises
    ------
    InvalidValuesError
        NaN or inf in ``A``, ``x``, ``Y``, ``F`` or ``F_Y``; names the array, count and first item.
    CorruptDataError
        Negative ``A`` entries, negative unused ``Z`` entries or a balance error (strict mode
        only); names the worst items.
    NotProductiveError
        A column sum of ``A`` is >= 1; names the (region, sector) columns and their sums.

    Notes
    -----
    The balance checked is :math:`x = A x + Y e`, i.e. row sums of :math:`Z = A \\hat{x}` plus final
    demand equal gross output.
    """
    _check_finite(mrio)
    notes = _check_nonnegative_a(mrio, strict)
    notes += _check_unused_z(mrio, strict, rtol)
    _check_productive(mrio)
    notes += _check_balance(mrio, strict, rtol)
    notes += _note_negative_y(mrio)
    notes += _note_zero_output(mrio)
    return notes


def check_units(
    stressors: pd.DataFrame, expected: Mapping[str, str], *, where: str = "the pressure table"
) -> None:
    """Check that stressors carry the units a table expects for them.

    Parameters
    ----------
    stressors : DataFrame
        ``MRIO.stressors``: columns ``extension``, ``stressor`` and ``unit``.
    expected : mapping of str to str
        Stressor name (as in the ``stressor`` column, or ``"<extension> | <stressor>"``) to the
        unit the table's numbers assume, e.g. ``{"Cropland - Wheat": "km2"}``. Units are compared
        with :func:`footprint.units.same` (``kg CO2 eq.`` is ``kg CO2-eq``; ``kg`` is not ``t``).
    where : str
        Name of the table the expectations come from, used in messages.

    Raises
    ------
    UnknownCodeError
        An expected stressor is not in ``stressors``; lists close matches.
    UnitMismatchError
        Any stressor whose unit differs; lists every mismatch with found and expected unit.
    """
    full = stressors["extension"].astype(str) + " | " + stressors["stressor"].astype(str)
    names = stressors["stressor"].astype(str)
    units = stressors["unit"].astype(str).str.strip()
    mismatches = []
    for name, unit in expected.items():
        hit = (names == name) | (full == name)
        if not hit.any():
            raise UnknownCodeError(
                f"{where}: stressor {name!r} is not in the loaded system; "
                f"{close_matches(name, names)}."
            )
        found = sorted({u for u in units[hit] if not same_unit(u, unit)})
        mismatches += [f"{name!r}: data in {f!r}, {where} expects {unit!r}" for f in found]
    if mismatches:
        raise UnitMismatchError(
            f"unit mismatch for {len(mismatches)} stressor(s): {'; '.join(mismatches)}. Fix: set "
            f"the `input_unit` column of {where} to the data's unit (with a conversion factor), "
            "or convert the data before characterisation."
        )
