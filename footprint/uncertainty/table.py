"""The ``mrio_uncertainty`` table: p5 / p50 / p95 of the footprint over MRIO draws, beside the
deterministic value, by group, origin region and pressure (and each group's sum over origins)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from footprint.impacts.montecarlo import percentiles

__all__ = ["ALL_ORIGINS", "COLUMNS", "mrio_table"]

ALL_ORIGINS = "all"
"""``origin_region`` of the rows that sum every origin (the group's footprint)."""
COLUMNS = ("year", "consumer", "group", "indicator", "unit", "origin_region", "deterministic", "mc_mean",
           "mc_p5", "mc_p50", "mc_p95", "draws", "seed", "data")


def mrio_table(draws: np.ndarray, deterministic: np.ndarray, *, groups: Sequence[str],
               pressures: Sequence[str], units: Sequence[str], regions: Sequence[str],
               year: int | None, consumer: str, label: str, seed: int) -> pd.DataFrame:
    """Percentiles of the draws per group, pressure and origin, and of each group's sum over origins.

    Parameters
    ----------
    draws : ndarray, shape (d, g, p, R)
        Footprint per draw (:meth:`footprint.uncertainty.mrio.MrioProblem.run`) [unit].
    deterministic : ndarray, shape (g, p, R)
        The observed system's footprint [unit].
    groups, pressures, units, regions : sequence of str
        Labels of the axes (``groups`` with ``total`` first, as the draws).
    year, consumer, label, seed
        Written to their columns (``label``: the data label, into ``data``).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``mc_p5 <= mc_p50 <= mc_p95`` (numpy's linear percentiles, as the
        Monte Carlo over the impact factors); origins whose footprint is zero in every draw and in
        the observed system are left out; ``origin_region`` :data:`ALL_ORIGINS` rows hold the sum
        over origins (the percentiles of the sum, not the sum of percentiles).
    """
    n = draws.shape[0]
    with_all = np.concatenate([draws, draws.sum(axis=3, keepdims=True)], axis=3)
    det = np.concatenate([deterministic, deterministic.sum(axis=2, keepdims=True)], axis=2)
    pct = percentiles(with_all) if n else np.full((3, *det.shape), np.nan)
    mean = with_all.mean(axis=0) if n else np.full(det.shape, np.nan)
    origins = np.array([*regions, ALL_ORIGINS], dtype=object)
    g, p, r = np.nonzero((det != 0) | (np.abs(with_all).max(axis=0, initial=0.0) != 0)
                         | (np.arange(det.shape[2]) == det.shape[2] - 1))
    frame = pd.DataFrame({
        "year": year, "consumer": consumer,
        "group": np.asarray(groups, dtype=object)[g], "indicator": np.asarray(pressures, dtype=object)[p],
        "unit": np.asarray(units, dtype=object)[p], "origin_region": origins[r],
        "deterministic": det[g, p, r], "mc_mean": mean[g, p, r],
        "mc_p5": pct[0][g, p, r], "mc_p50": pct[1][g, p, r], "mc_p95": pct[2][g, p, r],
        "draws": n, "seed": seed, "data": label,
    }, columns=list(COLUMNS))
    return frame.reset_index(drop=True)
