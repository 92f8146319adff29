"""The in-memory MRIO every stage works on: plain numpy arrays plus their labels.

pymrio's ``IOSystem`` is used to *read* data (see :mod:`footprint.inputs.sources`); the engine works on this
lean holder instead, which is what the cache stores. Rows and columns are region-major: row
``i = r * n_sectors + j`` is sector ``j`` of region ``r``; final-demand column ``c * n_fd + f`` is
category ``f`` of region ``c``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["MRIO"]


@dataclass(frozen=True, eq=False)
class MRIO:
    """A monetary multi-regional input-output system with environmental extensions.

    Attributes
    ----------
    regions : tuple of str
        Region codes in file order (EXIOBASE: ``AT`` ... ``WM``).
    sectors : tuple of str
        Product (pxp) or industry (ixi) names, the same list in every region.
    fd_categories : tuple of str
        Final-demand category names (EXIOBASE: ``Final consumption expenditure by households`` ...).
    A : ndarray, shape (n, n)
        Technical coefficients [M EUR / M EUR]. A system read from footprint's cache holds a
        read-only memory map of the cached file here (no copy; shared between processes): copy it
        (``mrio.A.copy()``) before changing coefficients.
    x : ndarray, shape (n,)
        Gross output [M EUR].
    Y : ndarray, shape (n, n_regions * n_fd)
        Final demand [M EUR].
    F : ndarray, shape (k, n)
        Stressors by producing sector [stressor unit, see ``stressors.unit``].
    F_Y : ndarray, shape (k, n_regions * n_fd)
        Stressors emitted directly by final demand (households' own fuel, firewood, ...).
    stressors : DataFrame
        One row per row of ``F``: columns ``extension``, ``stressor`` (the name as in the source; levels
        of a multi-level index joined with ``" | "``) and ``unit``.
    label : str
        What the data is, e.g. ``"EXIOBASE 3.8.2 pxp 2022"``; for the demo it states that the data are
        illustrative and synthetic.
    year : int or None
        Reference year of the table.
    layout : str
        ``"exiobase3.8"`` (extensions ``satellite``/``impacts``), ``"exiobase3.9"`` (``land``,
        ``air_emissions``, ...) or ``"pymrio"`` (any other pymrio-saved system).
    monetary_unit : str
        Unit of ``A``'s flows, ``x`` and ``Y``.
    meta : dict of str to str
        Name, system and version of the source, where it says.
    Y_outside : ndarray, shape (n, m), or None
        Final demand in columns that belong to none of the model's regions (OECD ICIO's statistical
        discrepancy ``ALL | DISC``) [M EUR]. It counts in the balance ``x = A x + Y e`` and in ``x``,
        but it is nobody's consumption. ``None`` when the source has no such column.
    fd_outside : tuple of str
        Labels of the columns of ``Y_outside`` (levels joined with ``" | "``).
    notes : tuple of str
        What the reader derived or set aside (gross output derived from ``A`` and ``Y``, columns
        outside the regions); the run copies them into the manifest notes.
    """

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    fd_categories: tuple[str, ...]
    A: np.ndarray
    x: np.ndarray
    Y: np.ndarray
    F: np.ndarray
    F_Y: np.ndarray
    stressors: pd.DataFrame
    label: str
    year: int | None = None
    layout: str = "pymrio"
    monetary_unit: str = "M.EUR"
    meta: dict[str, str] = field(default_factory=dict)
    Y_outside: np.ndarray | None = None
    fd_outside: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """Number of region-sector rows."""
        return len(self.regions) * len(self.sectors)

    @property
    def n_regions(self) -> int:
        """Number of regions."""
        return len(self.regions)

    @property
    def n_sectors(self) -> int:
        """Number of sectors (products) per region."""
        return len(self.sectors)

    @cached_property
    def row_index(self) -> pd.MultiIndex:
        """(region, sector) labels of the rows of ``A``, ``x`` and ``Y``."""
        return pd.MultiIndex.from_product([self.regions, self.sectors], names=["region", "sector"])

    @cached_property
    def fd_index(self) -> pd.MultiIndex:
        """(region, category) labels of the columns of ``Y`` and ``F_Y``."""
        return pd.MultiIndex.from_product(
            [self.regions, self.fd_categories], names=["region", "category"]
        )

    def final_demand_total(self) -> np.ndarray:
        """Row sums of all final demand, ``Y e`` plus any columns outside the regions [M EUR]."""
        total = self.Y.sum(axis=1)
        return total if self.Y_outside is None else total + self.Y_outside.sum(axis=1)

    @cached_property
    def Z(self) -> np.ndarray:
        """Inter-industry flows ``Z = A diag(x)`` [M EUR]."""
        return self.A * self.x[np.newaxis, :]

    @cached_property
    def S(self) -> np.ndarray:
        """Stressor intensities ``S = F diag(x)^-1``; zero where output is zero [unit / M EUR]."""
        with np.errstate(divide="ignore", invalid="ignore"):
            inv = np.where(self.x != 0, 1.0 / self.x, 0.0)
        return self.F * inv[np.newaxis, :]

    def region_of_row(self) -> np.ndarray:
        """Region position of every row, shape (n,)."""
        return np.repeat(np.arange(self.n_regions), self.n_sectors)
