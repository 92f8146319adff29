"""The demo economy's matrices: per-region technology, capacities and growth over the years,
origin shares of every purchase, ``A``, final demand and the output that balances them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from footprint.demo.recipe import (
    _PARTNERS,
    _RECIPE,
    _SERVICES,
    _SIZE,
    _SOURCING_BLEND,
    _TRADE,
    ADV,
    ELEC,
    ELMIX,
    EU,
    FD_CATEGORIES,
    FD_SPLIT,
    FD_WEIGHTS,
    INVENTORY,
    OPEN,
    OVERHEAD_GOODS,
    OVERHEAD_SERVICES,
    PRODUCT_INDEX,
    PRODUCT_KEYS,
    REGIONS,
    SOURCING,
)

# --- economics ---------------------------------------------------------------------------------


def _round_sig(a: np.ndarray, digits: int = 4) -> np.ndarray:
    """Round to ``digits`` significant digits (keeps the text files short)."""
    out = np.zeros_like(a)
    nz = a != 0
    mag = np.floor(np.log10(np.abs(a[nz])))
    scale = 10.0 ** (digits - 1 - mag)
    out[nz] = np.round(a[nz] * scale) / scale
    return out


def _expand_elec(weights: Mapping[str, float], region: str) -> dict[str, float]:
    """Split a pseudo-product ``elec`` over the region's electricity mix."""
    out = {k: v for k, v in weights.items() if k != "elec"}
    for key, share in zip(ELEC, ELMIX[region], strict=True):
        out[key] = out.get(key, 0.0) + weights.get("elec", 0.0) * share
    return out


def technology(rng: np.random.Generator) -> np.ndarray:
    """Input coefficients summed over origins, shape (region, input, output) [EUR/EUR]."""
    n_p = len(PRODUCT_KEYS)
    tech = np.zeros((len(REGIONS), n_p, n_p))
    for r, region in enumerate(REGIONS):
        for j, out in enumerate(PRODUCT_KEYS):
            overhead = OVERHEAD_SERVICES if out in _SERVICES else OVERHEAD_GOODS
            column = _expand_elec({**overhead, **_RECIPE[out]}, region)
            for inp, coef in column.items():
                tech[r, PRODUCT_INDEX[inp], j] += coef
    tech *= rng.lognormal(0.0, 0.12, size=tech.shape)
    colsum = tech.sum(axis=1, keepdims=True)
    return tech * np.minimum(1.0, 0.75 / colsum)


def capacity(year: int) -> np.ndarray:
    """Export capacity by region and product (size^0.6 x advantage), shape (region, product) [-]."""
    adv = np.array([[ADV.get(p, {}).get(r, 1.0) for p in PRODUCT_KEYS] for r in REGIONS])
    size = np.array([_SIZE[r] for r in REGIONS])[:, np.newaxis]
    cap = size**0.6 * adv
    return cap * _growth(year)


def _growth(year: int) -> np.ndarray:
    """Mild deterministic size trend per region relative to 2022 [-]."""
    rate = np.array([0.045 if r in {"CN", "IN", "ID", "WA", "WF"} else 0.015 for r in REGIONS])
    return (1.0 + rate[:, np.newaxis]) ** (year - 2022)


def tilt(src: np.ndarray, year: int) -> np.ndarray:
    """Set the year's sourcing shares (:data:`SOURCING`, :data:`_SOURCING_BLEND`), keeping each
    import total."""
    if year in _SOURCING_BLEND:
        like, weight = _SOURCING_BLEND[year]
        shifted = tilt(src.copy(), like)
        return shifted if weight == 1.0 else weight * shifted + (1.0 - weight) * src
    for (dest, key), shares in SOURCING.get(year, {}).items():
        r, p = REGIONS.index(dest), PRODUCT_INDEX[key]
        row = src[r, p].copy()
        imported = row.sum() - row[r]
        fixed = np.zeros(len(REGIONS), dtype=bool)
        for origin, share in shares.items():
            row[REGIONS.index(origin)] = share
            fixed[REGIONS.index(origin)] = True
        free = ~fixed
        free[r] = False
        row[free] *= (imported - row[fixed].sum()) / row[free].sum()
        src[r, p] = row
    return src


def origin_shares(cap: np.ndarray) -> np.ndarray:
    """Share of each origin in a region's purchases of a product, shape (dest, product, origin)."""
    n_r, n_p = cap.shape
    src = np.zeros((n_r, n_p, n_r))
    eu = np.array([r in EU for r in REGIONS])
    for r in range(n_r):
        pref = np.where(eu & eu[r], 2.5, 1.0)
        for p, key in enumerate(PRODUCT_KEYS):
            share = min(0.95, _TRADE.get(key, 0.5) * OPEN[REGIONS[r]])
            imported = 1.0 if cap[r, p] == 0 else share
            weight = cap[:, p] * pref
            weight[r] = 0.0
            top = np.argsort(-weight, kind="stable")[:_PARTNERS]
            src[r, p, top] = imported * weight[top] / weight[top].sum()
            src[r, p, r] = 1.0 - imported
    return src


def a_matrix(tech: np.ndarray, src: np.ndarray) -> np.ndarray:
    """Technical coefficients, rows (origin, input), columns (dest, output) [EUR/EUR]."""
    n_r, n_p, _ = tech.shape
    # A[s, i, r, j] = tech[r, i, j] * src[r, i, s]
    a4 = np.einsum("rij,ris->sirj", tech, src)
    return _round_sig(a4.reshape(n_r * n_p, n_r * n_p))


def final_demand(rng: np.random.Generator, src: np.ndarray, year: int) -> np.ndarray:
    """Final demand, rows (origin, product), columns (region, category) [M EUR]."""
    n_r, n_p, _ = src.shape
    n_f = len(FD_CATEGORIES)
    growth = _growth(year)[:, 0]
    Y = np.zeros((n_r, n_p, n_r, n_f))
    for r, region in enumerate(REGIONS):
        for f, weights in enumerate(FD_WEIGHTS):
            vec = _category_vector(rng, _expand_elec(weights, region), f)
            total = _SIZE[region] * growth[r] * FD_SPLIT[f]
            Y[:, :, r, f] = (src[r] * (total * vec)[:, np.newaxis]).T
    return _round_sig(Y.reshape(n_r * n_p, n_r * n_f))


def _category_vector(rng: np.random.Generator, weights: Mapping[str, float], f: int) -> np.ndarray:
    """Budget shares of one region's final-demand category over products (sum 1, or 0)."""
    vec = np.zeros(len(PRODUCT_KEYS))
    for key, w in weights.items():
        vec[PRODUCT_INDEX[key]] = w
    vec *= rng.lognormal(0.0, 0.15, size=vec.shape)
    if vec.sum() == 0:
        return vec
    vec /= vec.sum()
    if f == INVENTORY:
        vec *= np.where(rng.random(vec.shape) < 0.3, -0.5, 1.0)
    return vec


def solve_output(A: np.ndarray, Y: np.ndarray, produced: np.ndarray) -> np.ndarray:
    """Gross output ``x = (I - A)^-1 Y e`` [M EUR]; exactly 0 where nothing is ``produced``."""
    x = np.linalg.solve(np.eye(A.shape[0]) - A, Y.sum(axis=1))
    x[~produced] = 0.0  # those rows of A and Y are all zero, so this is exact
    if not np.all(x[produced] > 0):  # pragma: no cover - guards edits of the tables above
        raise ValueError("demo generator produced non-positive output; check the demo tables")
    return x
