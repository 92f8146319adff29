"""Footprint algebra on a factorisation: multipliers ``S L``, stressors by origin ``diag(s) L Y``, and
the per-region accounts of pymrio's ``calc_all`` from one batched solve."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from footprint.engine.leontief import Leontief, factorise

if TYPE_CHECKING:  # pandas and the MRIO container are imported where used: the engine stays lean
    import pandas as pd

    from footprint.inputs.system import MRIO

__all__ = ["multipliers", "origin_footprints", "regional_accounts"]

Array = np.ndarray


def multipliers(S: Array, leontief: Leontief) -> Array:
    """Return the multipliers ``M = S L``, computed as ``(L^T S^T)^T`` without forming ``L``.

    Parameters
    ----------
    S : ndarray, shape (k, n) or (n,)
        Stressor intensities [unit / M EUR].
    leontief : Leontief
        Factorisation of ``I - A``.

    Returns
    -------
    ndarray, shape like ``S``
        Total (direct plus supply-chain) stressor per unit of final demand [unit / M EUR].

    Notes
    -----
    .. math:: M = S L = \\left(L^T S^T\\right)^T
    """
    S = np.asarray(S, dtype=np.float64)
    return np.asarray(leontief.solve_transposed(S.T).T)


def origin_footprints(s: Array, LY: Array) -> Array:
    """Return the stressor by origin row for each demand vector, ``P = diag(s) L Y``.

    Parameters
    ----------
    s : ndarray, shape (n,) or (k, n)
        Stressor intensities [unit / M EUR].
    LY : ndarray, shape (n,) or (n, m)
        Output required by each demand vector, ``leontief.solve(Y)`` [M EUR].

    Returns
    -------
    ndarray, shape (n,), (n, m), (k, n) or (k, n, m)
        ``P[..., i, c]``: stressor at origin row ``i`` caused by demand vector ``c`` [unit].

    Notes
    -----
    .. math:: P^{(k)}_{ic} = s_{ki} (L Y)_{ic}

    Summing ``P`` over the origin rows gives ``S L Y`` (the consumption-based account); summing
    over the rows of one region gives that region's share of it.
    """
    s = np.asarray(s, dtype=np.float64)
    LY = np.asarray(LY, dtype=np.float64)
    if LY.ndim == 1:
        return s * LY
    return s[..., np.newaxis] * LY


def _by_region(M: Array, n_regions: int) -> Array:
    """Sum the last axis of ``M`` in ``n_regions`` consecutive equal blocks."""
    return M.reshape(*M.shape[:-1], n_regions, -1).sum(axis=-1)


def _stressor_index(stressors: pd.DataFrame) -> pd.Index:
    import pandas as pd

    names = stressors["stressor"].astype(str)
    if names.is_unique:
        return pd.Index(names.to_list(), name="stressor")
    return pd.MultiIndex.from_arrays(
        [stressors["extension"].astype(str).to_list(), names.to_list()],
        names=["extension", "stressor"],
    )


def regional_accounts(mrio: MRIO, leontief: Leontief | None = None) -> dict[str, pd.DataFrame]:
    """Return the per-region accounts of pymrio's ``calc_all``, with one batched solve.

    Parameters
    ----------
    mrio : MRIO
        The system.
    leontief : Leontief, optional
        Factorisation of ``I - mrio.A``; computed (with checks) when not given.

    Returns
    -------
    dict of str to DataFrame
        ``"D_cba_reg"``, ``"D_pba_reg"``, ``"D_imp_reg"``, ``"D_exp_reg"``: stressors x regions
        [stressor unit]. The index holds the stressor names (a MultiIndex ``(extension,
        stressor)`` when names repeat across extensions); the columns are ``mrio.regions``.

    Notes
    -----
    With ``y_c`` the final demand of region ``c`` summed over its categories and
    ``X = L [y_1 ... y_R]`` (one batched solve), ``x = X e`` and ``F_Y(c)`` summed over c's
    categories, exactly as pymrio 0.7 ``calc_accounts`` plus ``calc_system``:

    .. math::

        D^{cba}(c) &= S X_{:,c} + F_Y(c) \\\\
        D^{pba}(r) &= \\sum_{i \\in r} s_i x_i + F_Y(r) \\\\
        D^{imp}(c) &= \\sum_{i \\notin c} s_i X_{ic} \\\\
        D^{exp}(r) &= \\sum_{i \\in r} s_i \\sum_{c \\ne r} X_{ic}

    ``x`` is recomputed from ``L`` and ``Y`` (as pymrio does), not taken from ``mrio.x``; on a
    balanced table they agree. ``F_Y`` enters ``D_cba_reg`` and ``D_pba_reg`` only. Final demand
    outside every region (``mrio.Y_outside``) is nobody's footprint, but its production enters
    ``D_pba_reg`` and, bought by no region, ``D_exp_reg`` (as in pymrio).
    """
    import pandas as pd

    if leontief is None:
        labels = [f"{r} | {s}" for r, s in mrio.row_index]
        leontief = factorise(mrio.A, labels=labels)
    R, ns = mrio.n_regions, mrio.n_sectors
    X = leontief.solve(_by_region(mrio.Y, R))  # (n, R): output for each region's final demand
    # final demand outside every region (OECD's statistical discrepancy): produced, so in D_pba,
    # and bought by no region, so exported by every producer (as pymrio counts its 'ALL' column)
    outside = (leontief.solve(mrio.Y_outside.sum(axis=1)) if mrio.Y_outside is not None
               else np.zeros(mrio.n))
    S = mrio.S
    FY = _by_region(mrio.F_Y, R)
    blocks = X.reshape(R, ns, R).copy()
    blocks[np.arange(R), :, np.arange(R)] = 0.0  # zero the domestic blocks
    Xtrade = blocks.reshape(-1, R)
    accounts = {
        "D_cba_reg": S @ X + FY,
        "D_pba_reg": _by_region(S * (X.sum(axis=1) + outside), R) + FY,
        "D_imp_reg": S @ Xtrade,
        "D_exp_reg": _by_region(S * (Xtrade.sum(axis=1) + outside), R),
    }
    index = _stressor_index(mrio.stressors)
    columns = pd.Index(list(mrio.regions), name="region")
    return {k: pd.DataFrame(v, index=index, columns=columns) for k, v in accounts.items()}
