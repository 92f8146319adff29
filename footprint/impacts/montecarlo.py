"""Monte Carlo over the characterisation factors: percentiles by origin and rank probabilities.

Factors are drawn independently per country (or region, or for a global factor once) and land type;
the land footprint by group, origin and land type is fixed, so no new solve is needed::

    I[d, g, r] = sum_t P[g, r, t] * CF_d[t, r]        d = draw, P = land [ha*yr]

A rest-of-world region's factor in a draw is the area-weighted mean of its members' independent draws
(:mod:`footprint.impacts.regional`), so its spread is narrower than its members'.

Distributions fitted to (low, central, high):

* ``uncertainty_95`` (LC-IMPACT): split normal with median ``central`` and 2.5 / 97.5 % points ``low``
  and ``high`` (sd below = (central - low) / 1.96, above = (high - central) / 1.96). Draws can be
  negative where the source's interval reaches below zero.
* anything else (``sensitivity``: an intensity or taxon choice, not a statistical interval):
  triangular on [low, high] with mode ``central``: a spread over the choices, labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from footprint.impacts.tables import LAND_UNIT, TARGET_UNITS
from footprint.units import scale as unit_scale

__all__ = ["DISTRIBUTIONS", "McSpec", "draw", "land_array", "percentiles", "rank_probabilities"]

Z975 = 1.959963984540054  # standard normal 97.5 % point
DISTRIBUTIONS = {
    "uncertainty_95": "split normal fitted to the median and the 95 % interval",
    "sensitivity": "triangular over [low, high], mode central (a spread over choices, not an interval)",
}


@dataclass(frozen=True)
class McSpec:
    """Monte Carlo settings: number of draws (0 = off) and the seed of the random generator."""

    draws: int
    seed: int


def draw(low: np.ndarray, central: np.ndarray, high: np.ndarray, kind: str, n: int,
         rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of each factor given by (low, central, high) [same unit], shape (n, k).

    Parameters
    ----------
    low, central, high : ndarray, shape (k,)
    kind : str
        ``uncertainty_95`` (split normal) or anything else (triangular), see the module docstring.
    n : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (n, k)
        A factor with ``low == central == high`` is drawn as that constant.
    """
    low, central, high = (np.asarray(a, dtype=float) for a in (low, central, high))
    if kind == "uncertainty_95":
        z = rng.standard_normal((n, low.size))
        below = (central - low) / Z975
        above = (high - central) / Z975
        return central + z * np.where(z < 0, below, above)
    u = rng.random((n, low.size))
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(width > 0, (central - low) / width, 0.5)
    left = low + np.sqrt(u * width * (central - low))
    right = high - np.sqrt((1 - u) * width * (high - central))
    return np.where(u < c, left, right)


def land_array(impacts: pd.DataFrame, groups: list[str], regions: list[str], land_types: list[str]
               ) -> np.ndarray:
    """Land by group, origin and land type from the impact table's ``pressure`` [ha*yr].

    Parameters
    ----------
    impacts : DataFrame
        :func:`footprint.impacts.characterise.characterise` output; the central rows of its first
        method are read (the land is the same under every method).
    groups, regions, land_types : list of str
        Axes of the result.

    Returns
    -------
    ndarray, shape (n_groups, n_regions, n_land_types)
    """
    first = impacts["method"].iloc[0]
    rows = impacts[(impacts["method"] == first) & (impacts["bound"] == "central")
                   & impacts["land_type"].isin(land_types)]
    out = np.zeros((len(groups), len(regions), len(land_types)))
    g = rows["group"].map({k: i for i, k in enumerate(groups)}).to_numpy()
    r = rows["origin_region"].map({k: i for i, k in enumerate(regions)}).to_numpy()
    t = rows["land_type"].map({k: i for i, k in enumerate(land_types)}).to_numpy()
    np.add.at(out, (g, r, t), rows["pressure"].to_numpy())
    return out


def to_target(impact_unit: str, per_unit: str, indicator: str) -> float:
    """Factor scale from ``impact_unit / per_unit`` to the indicator's target unit per ha*yr."""
    return unit_scale(impact_unit, TARGET_UNITS[indicator]) / unit_scale(per_unit, LAND_UNIT)


def percentiles(draws: np.ndarray, q: tuple[float, ...] = (5, 50, 95)) -> np.ndarray:
    """Percentiles over the first axis (draws), shape (len(q), ...)."""
    return np.percentile(draws, q, axis=0)


def rank_probabilities(draws: np.ndarray, central_rank: np.ndarray, top_n: int
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Share of draws in which each origin keeps its central rank, and is among the top ``top_n``.

    Parameters
    ----------
    draws : ndarray, shape (n_draws, n_groups, n_regions)
        Impact per draw; origins without land in a group must be masked out by the caller (NaN).
    central_rank : ndarray, shape (n_groups, n_regions)
        Rank by the central factors (1 = largest; NaN where the origin is not ranked).
    top_n : int

    Returns
    -------
    p_keep, p_top : ndarray, shape (n_groups, n_regions) [-]
    """
    ranks = stats.rankdata(-np.nan_to_num(draws, nan=-np.inf), method="min", axis=-1)
    p_keep = (ranks == central_rank[np.newaxis]).mean(axis=0)
    p_top = (ranks <= top_n).mean(axis=0)
    missing = np.isnan(central_rank)
    return np.where(missing, np.nan, p_keep), np.where(missing, np.nan, p_top)
