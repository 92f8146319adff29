"""A seeded synthetic MRIO of EXIOBASE's size and shape, written once as ``.npy`` files.

Pattern (like EXIOBASE 3 pxp): dense domestic blocks; import blocks non-zero only where the
exporting region trades the product *and* the importing region uses it, so they are sparser;
column sums of ``A`` in [0.25, 0.80] (productive); final demand for every region x 7 categories,
mostly domestic; 24 stressors (9 land types, emissions, nutrients, water) whose land rows are
non-zero in the primary sectors only.

Folder layout written by :func:`write_system` and read by :func:`load_system`::

    A.npy (n, n)  x.npy (n,)  Y.npy (n, R*7)  F.npy (k, n)  F_Y.npy (k, R*7)  meta.json
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.linalg as sla

from footprint.inputs.npy import map_npy

__all__ = [
    "EXIO_REGIONS",
    "FD_CATEGORIES",
    "GROUPS",
    "STRESSORS",
    "SystemSpec",
    "load_system",
    "spec_for_n",
    "write_system",
]

#: EXIOBASE 3's 49 region codes, in file order.
EXIO_REGIONS = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK GB US JP "
    "CN CA KR BR IN MX RU AU CH TR TW NO ID ZA WA WL WE WF WM"
).split()
#: EXIOBASE 3's final-demand categories.
FD_CATEGORIES = (
    "Final consumption expenditure by households",
    "Final consumption expenditure by non-profit organisations serving households (NPISH)",
    "Final consumption expenditure by government",
    "Gross fixed capital formation",
    "Changes in inventories",
    "Changes in valuables",
    "Exports: Total (fob)",
)
#: Product groups of the job: consecutive thirds of the sector list.
GROUPS = ("food", "energy and transport", "other")
#: (extension, stressor, unit, primary-sector only) for every stressor row.
STRESSORS: tuple[tuple[str, str, str, bool], ...] = (
    *(
        ("land", f"{name}", "km2", True)
        for name in (
            "Cropland - Cereal grains nec",
            "Cropland - Vegetables, fruit, nuts",
            "Cropland - Oil seeds",
            "Cropland - Fodder crops",
            "Permanent pastures - Grazing-Meat",
            "Permanent pastures - Grazing-Milk",
            "Forest area - Forestry",
            "Forest area - Marginal use",
            "Infrastructure land",
        )
    ),
    *(
        ("air_emissions", f"{gas} - air", "kg", False)
        for gas in ("CO2 - combustion", "CH4 - agriculture", "N2O - agriculture", "NOx", "SOx")
    ),
    *(
        ("air_emissions", f"{gas} - air", "kg", False)
        for gas in ("NH3 - agriculture", "PM10", "CO2 - non combustion")
    ),
    ("nutrients", "N - agriculture - soil", "kg", True),
    ("nutrients", "P - agriculture - soil", "kg", True),
    ("nutrients", "Pesticides - soil", "kg", True),
    ("water", "Water Consumption Blue - Agriculture", "Mm3", True),
    ("water", "Water Consumption Blue - Industry", "Mm3", False),
    ("water", "Water Withdrawal Blue - Total", "Mm3", False),
)


@dataclass(frozen=True)
class SystemSpec:
    """Size and shape of a synthetic system.

    Attributes
    ----------
    n_regions : int
        Regions (49 like EXIOBASE 3); must be at least 2, ``"NL"`` is always one of them.
    n_sectors : int
        Products (200 for EXIOBASE pxp, n = 9,800) or industries (163, n = 7,987) per region.
    system : str
        ``"pxp"`` (products) or ``"ixi"`` (industries); only changes the sector names.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same spec always gives the same bytes.
    dom_density, trade_share : float
        Fraction of non-zeros in a domestic block; fraction of (exporter, product, importer)
        triples that trade, which thins the import blocks to about ``dom_density * trade_share``.
    """

    n_regions: int = 49
    n_sectors: int = 200
    system: str = "pxp"
    seed: int = 20241128
    dom_density: float = 0.7
    trade_share: float = 0.4

    @property
    def n(self) -> int:
        """Region-sector rows."""
        return self.n_regions * self.n_sectors

    def regions(self) -> list[str]:
        """Region codes: EXIOBASE's (a subset holding ``NL``), then ``R050``, ``R051``, ..."""
        if self.n_regions >= len(EXIO_REGIONS):
            extra = [f"R{i:03d}" for i in range(len(EXIO_REGIONS) + 1, self.n_regions + 1)]
            return EXIO_REGIONS + extra
        keep = set(["NL", *[r for r in EXIO_REGIONS if r != "NL"][: self.n_regions - 1]])
        return [r for r in EXIO_REGIONS if r in keep]

    def sectors(self) -> list[str]:
        """Sector names ``p001 ...`` (products) or ``i001 ...`` (industries)."""
        prefix = "i" if self.system == "ixi" else "p"
        return [f"{prefix}{j + 1:03d}" for j in range(self.n_sectors)]


def spec_for_n(
    n: int, system: str = "pxp", n_regions: int = 49, seed: int = 20241128
) -> SystemSpec:
    """The spec with ``n_regions`` regions whose size is closest to ``n`` rows (at least 3 sectors).

    ``spec_for_n(9800)`` is EXIOBASE pxp (49 x 200), ``spec_for_n(7987, "ixi")`` EXIOBASE ixi
    (49 x 163), ``spec_for_n(19680, n_regions=164)`` GLORIA's size (164 x 120).
    """
    return SystemSpec(n_regions, max(3, round(n / n_regions)), system, seed)


def _column_block(
    rng: np.random.Generator, spec: SystemSpec, c: int, traded: np.ndarray
) -> np.ndarray:
    """Columns of importing region ``c``: (n, n_sectors), column sums in [0.25, 0.80]."""
    R, ns = spec.n_regions, spec.n_sectors
    use = rng.random((ns, ns)) < spec.dom_density  # which products sector j of c uses
    block = rng.lognormal(0.0, 1.5, size=(R, ns, ns))
    block *= use[np.newaxis]
    block *= traded[:, :, c, np.newaxis]  # import rows only where r exports product p to c
    block[np.arange(R) != c] *= 0.15  # imports are a smaller share of inputs
    block = block.reshape(R * ns, ns)
    sums = block.sum(axis=0)
    target = rng.uniform(0.25, 0.80, size=ns)
    return block * np.divide(target, sums, out=np.zeros(ns), where=sums > 0)


def _final_demand(rng: np.random.Generator, spec: SystemSpec) -> np.ndarray:
    """Y (n, R * 7): mostly domestic, households largest; import columns sparse."""
    R, ns, nf = spec.n_regions, spec.n_sectors, len(FD_CATEGORIES)
    weight = np.array([1.0, 0.05, 0.3, 0.35, 0.02, 0.005, 0.0])  # exports column left empty
    Y = rng.lognormal(0.0, 1.0, size=(R, ns, R, nf)) * weight
    domestic = np.eye(R, dtype=bool)[:, np.newaxis, :, np.newaxis]
    imported = rng.random((R, ns, R, 1)) < 0.3
    Y *= np.where(domestic, 1000.0, 40.0 * imported)
    return Y.reshape(R * ns, R * nf)


def _output(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x = (I - A)^-1 y: float32 LU plus float64 iterative refinement (generation only).

    The C-ordered float32 ``I - A`` is factorised as its Fortran-ordered transpose in place
    (no second copy: at n = 30,807 that copy alone is 3.8 GB) and solved with ``trans=1``.
    """
    M = np.negative(A, dtype=np.float32)
    M.flat[:: A.shape[0] + 1] += 1.0
    lu = sla.lu_factor(M.T, overwrite_a=True, check_finite=False)
    x = sla.lu_solve(lu, y.astype(np.float32), trans=1).astype(np.float64)
    for _ in range(6):
        x += sla.lu_solve(lu, (y - (x - A @ x)).astype(np.float32), trans=1).astype(np.float64)
    return x


def _stressors(rng: np.random.Generator, spec: SystemSpec, x: np.ndarray) -> np.ndarray:
    """F (k, n): intensities per unit output times x; land etc. only in primary sectors."""
    R, ns = spec.n_regions, spec.n_sectors
    primary = np.zeros(ns, dtype=bool)
    primary[: max(1, ns // 8)] = True  # the first eighth: agriculture, forestry, fishing
    rows = []
    for _, _, _, primary_only in STRESSORS:
        s = rng.lognormal(0.0, 2.0, size=(R, ns)) * (rng.random((R, ns)) < 0.8)
        if primary_only:
            s *= primary
        rows.append(s.ravel())
    return np.array(rows) * x


def generate(spec: SystemSpec) -> dict[str, np.ndarray]:
    """Build the arrays ``A``, ``x``, ``Y``, ``F``, ``F_Y`` of ``spec`` (same seed, same bytes)."""
    rng = np.random.default_rng(spec.seed)
    R, ns, n = spec.n_regions, spec.n_sectors, spec.n
    traded = rng.random((R, ns, R)) < spec.trade_share
    traded[np.arange(R), :, np.arange(R)] = True
    A = np.empty((n, n))
    for c in range(R):
        A[:, c * ns : (c + 1) * ns] = _column_block(rng, spec, c, traded)
    Y = _final_demand(rng, spec)
    x = _output(A, Y.sum(axis=1))
    F = _stressors(rng, spec, x)
    F_Y = np.zeros((len(STRESSORS), Y.shape[1]))
    households = np.arange(R) * len(FD_CATEGORIES)
    for k, (ext, *_rest) in enumerate(STRESSORS):
        if ext == "air_emissions":  # households burn fuel themselves
            F_Y[k, households] = rng.lognormal(5.0, 1.0, size=R)
    return {"A": A, "x": x, "Y": Y, "F": F, "F_Y": F_Y}


def write_system(spec: SystemSpec, folder: Path) -> dict[str, Any]:
    """Generate ``spec`` and write it to ``folder`` as ``.npy`` files plus ``meta.json``.

    Returns the metadata written (labels, stressors, groups, density of ``A``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    arrays = generate(spec)
    for name, arr in arrays.items():
        np.save(folder / f"{name}.npy", arr)
    A = arrays["A"]
    meta: dict[str, Any] = {
        "spec": spec.__dict__,
        "n": spec.n,
        "regions": spec.regions(),
        "sectors": spec.sectors(),
        "fd_categories": list(FD_CATEGORIES),
        "stressors": [list(s[:3]) for s in STRESSORS],
        "groups": list(GROUPS),
        "consumer": "NL",
        "density_A": float(np.count_nonzero(A) / A.size),
        "max_colsum_A": float(A.sum(axis=0).max()),
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def load_system(folder: Path, mapped: tuple[str, ...] = ()) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Read the arrays and metadata written by :func:`write_system`.

    The arrays named in ``mapped`` are memory-mapped read-only (:func:`footprint.inputs.npy.map_npy`):
    no copy into the process's own memory; their pages still count in its resident set.
    """
    arrays = {
        n: map_npy(folder / f"{n}.npy") if n in mapped else np.load(folder / f"{n}.npy")
        for n in ("A", "x", "Y", "F", "F_Y")
    }
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return arrays, meta
