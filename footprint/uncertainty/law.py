"""The perturbation law: a mean-preserving lognormal whose coefficient of variation shrinks with size.

Every non-zero entry ``v`` of ``Z``, ``Y`` and ``F`` is multiplied by an independent lognormal factor

    v' = v * exp(sigma z - sigma^2 / 2),      z ~ N(0, 1),      sigma^2 = ln(1 + cv(v)^2)

so ``E[v'] = v`` (the lognormal with ``mu = ln|v| - sigma^2 / 2``: the mean, not the median, is the
observed value) and the coefficient of variation of ``v'`` is exactly ``cv(v)``. Zeros stay zero (the
factor multiplies them), and a negative entry (changes in inventories in ``Y``) keeps its sign: its
magnitude is drawn like a positive entry's and its mean is preserved the same way.

The coefficient of variation falls with the size of the entry, as a power law clipped to a range:

    cv(v) = clip(cv_ref * (|v| / v_ref)^(-exponent), cv_min, cv_max)

``v_ref`` is the median non-zero magnitude of the entry's block: ``Z`` and ``Y`` together (both in the
table's monetary unit), and each stressor row of ``F`` (with its ``F_Y`` entries) on its own, so the
law does not depend on the unit a table is kept in (M EUR or k EUR, kg or t).

Source and status (read 2026-12-01 with the project's search tool; say so when citing). Lenzen, Wood &
Wiedmann (2010), "Uncertainty analysis for multi-region input-output models - a case study of the UK's
carbon footprint", Economic Systems Research 22(1). What could be checked: the publisher's abstract
(SEI publication page) says they vary the MRIO's underlying data at random and ran 5,000 Monte Carlo
runs for the standard deviations of the multipliers; a secondary account (a public study's uncertainty
notes) says they perturb transactions, output and direct intensities together with standard deviations
derived by regressing the dispersion of raw data on the size of the flow, and argue for lognormal
distributions. What could NOT be checked: the fitted function itself, its parameters, and the page or
table that gives them (the paper's full text was not available). So the power law above and its
defaults (``cv_ref = 0.1`` at the block's median size, ``exponent = 0.5``, clipped to [0.01, 1.0]) are
this project's choice, not figures from the paper: the exponent 0.5 is the square-root law of a total
made of independent, equally uncertain parts. All four are run-file keys (``[uncertainty]
mrio_cv_ref``, ``mrio_cv_exponent``, ``mrio_cv_min``, ``mrio_cv_max``), to be set from a study's own
error estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CvLaw", "factors", "reference_size"]


@dataclass(frozen=True)
class CvLaw:
    """``cv(v) = clip(cv_ref * (|v| / v_ref)^(-exponent), cv_min, cv_max)`` [-].

    Attributes
    ----------
    cv_ref : float
        Coefficient of variation of an entry of the block's reference size [-].
    exponent : float
        How fast the coefficient of variation falls with size (0: the same for every entry) [-].
    cv_min, cv_max : float
        The range the coefficient of variation is clipped to [-].
    """

    cv_ref: float = 0.1
    exponent: float = 0.5
    cv_min: float = 0.01
    cv_max: float = 1.0

    def cv(self, values: np.ndarray, v_ref: float | np.ndarray) -> np.ndarray:
        """Coefficient of variation of each entry [-] (``cv_max`` for a zero entry, which stays zero).

        Parameters
        ----------
        values : ndarray
            The entries [block unit].
        v_ref : float or ndarray broadcasting against ``values``
            The block's reference size [block unit], > 0.
        """
        values = np.asarray(values)
        if not np.issubdtype(values.dtype, np.floating):
            values = values.astype(np.float64)
        size = np.abs(values) / v_ref  # float32 entries stay float32 (the n x n block of Z)
        with np.errstate(divide="ignore", over="ignore"):
            raw = self.cv_ref * np.power(size, -self.exponent)
        return np.clip(raw, self.cv_min, self.cv_max)

    def sigma(self, values: np.ndarray, v_ref: float | np.ndarray) -> np.ndarray:
        """Standard deviation of ``ln`` of each entry's factor, ``sqrt(ln(1 + cv^2))``, as float32 [-]."""
        cv = self.cv(values, v_ref)
        return np.sqrt(np.log1p(cv * cv)).astype(np.float32)

    def describe(self) -> str:
        """One line for the manifest and the report."""
        return (f"lognormal, mean preserved; cv = clip({self.cv_ref:g} x (|v| / median non-zero |v| of "
                f"the block)^-{self.exponent:g}, {self.cv_min:g}, {self.cv_max:g})")


def reference_size(*blocks: np.ndarray | None) -> float:
    """Median non-zero magnitude of the entries of ``blocks`` together (1.0 if all are zero)."""
    parts = [np.abs(b[b != 0]).ravel().astype(np.float64) for b in blocks if b is not None and b.size]
    values = np.concatenate(parts) if parts else np.zeros(0)
    return float(np.median(values)) if values.size else 1.0


def factors(sigma: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw of the mean-one lognormal factors ``exp(sigma z - sigma^2 / 2)``, shape of ``sigma``.

    ``z`` is drawn as float32 standard normals in C order over ``sigma``'s shape, so the same
    generator state always gives the same factors.
    """
    z = rng.standard_normal(sigma.shape, dtype=np.float32)
    z *= sigma
    z -= 0.5 * sigma * sigma
    return np.exp(z, out=z)
