"""Generate the synthetic demonstration MRIO in the EXIOBASE 3 pxp file layout.

Run ``python -m footprint.demo.make_demo`` to regenerate the archives shipped in this folder
(one per year in :data:`footprint.demo.DEMO_YEARS`). The output is reproducible byte for byte:
fixed seed, fixed zip timestamps, sorted entries and a metadata file without a time stamp.

How the system is built
-----------------------
1. A technology recipe gives, per product, the total input coefficient of every other product
   (feed for livestock, livestock for meat, fibres and chemicals for textiles, crude oil for fuels,
   coal and gas for electricity, plus overheads of transport, services and electricity). Each region
   gets a seeded log-normal perturbation of it.
2. Each input, and each final-demand purchase, is split over origins: a domestic share that falls
   with the product's tradability and the region's openness (NL and BE are very open), the rest over
   the four largest exporters of that product (with an intra-EU preference).
3. Final demand per region is a size (M EUR) times a category split times product budget shares.
4. ``x = (I - A)^-1 Y e``, ``Z = A diag(x)``; stressors ``F = S diag(x)`` from region-specific
   intensities ``S`` put on the sectors that really cause them; impacts are exact sums of the
   satellite rows.
5. Every stressor row carries a **real EXIOBASE row name** of the chosen layout (3.8 ``satellite``, or
   the 3.9 extensions ``land``, ``air_emissions``, ``material``, ``water``, ``nutrients``), checked
   against the reference lists in ``footprint/defaults/reference/``; :mod:`footprint.demo.layouts` maps the
   generator's rows to each layout's names (e.g. the three fossil rows of 3.9 are 3.8's one
   ``Domestic Extraction Used - Fossil Fuel: Total``).

All numbers are invented but chosen to look plausible (see :data:`footprint.demo.DEMO_LABEL`).

The shipped years
-----------------
``IOT_2010_pxp.zip``, ``IOT_2016_pxp.zip``, ``IOT_2019_pxp.zip`` and ``IOT_2022_pxp.zip``. Every
year uses the same random draws (:data:`REFERENCE_YEAR`); the years differ only by smooth,
deterministic, illustrative trends:

* size: final demand and export capacity grow 4.5 % a year in CN, IN, ID, WA and WF and 1.5 % a
  year elsewhere (:func:`_growth`), so the Asian importers gain weight from 2010 to 2022;
* intensities: land rows fall 1 % and kg rows (emissions, nutrients) 1.5 % a year; the
  domestic-extraction rows (kt) fell until 2016 (abiotic 3.5-4.5 %, biotic 1.5 % a year,
  :data:`_EXTRACTION_TREND`) and are flat from 2016 on. With the growth of demand this makes NL's
  abiotic material footprint (the NPCE halving target's proxy, rows ``Domestic Extraction Used -
  Fossil Fuels/Metal Ores/Non-Metallic Minerals``) higher in 2010 than in 2016, then rising slowly
  again to 2022: nowhere near a path to -50 % by 2030 (3.8 names these rows ``Fossil Fuel: Total``,
  ``Metal Ores - ...``, ``Non-Metallic Minerals - ...``). The biotic material footprint stays within
  10 % of 2016 in every year;
* sourcing: in 2010 and 2016 NL bought more oil seeds from BR and more fibres and textiles from
  IN, and CN less of both (:data:`SOURCING`); 2019 is half way to the generic shares of 2022
  (:data:`_SOURCING_BLEND`): the demo's ex-post waterbed.

The stressor rows added later (biogenic combustion gases, F-gases, crop residues, fodder crops, unused
extraction; :func:`_later_specs`) are drawn after all earlier ones, so the earlier rows kept their values
when the archives were regenerated with real row names.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio

from footprint.demo import DEMO_LABEL, DEMO_YEARS, layouts
from footprint.demo.economy import (
    a_matrix,
    capacity,
    final_demand,
    origin_shares,
    solve_output,
    technology,
    tilt,
)
from footprint.demo.recipe import DEFAULT_SEED, FD_CATEGORIES, PRODUCTS, REFERENCE_YEAR, REGIONS
from footprint.demo.stressor_rows import (
    IMPACTS,
    household_direct_rows,
    impact_rows,
    intensity_row,
    satellite_specs,
)

__all__ = ["build_system", "write_demo"]

README_TEMPLATE = """\
{label}

This archive is a SMALL SYNTHETIC multi-regional input-output system laid out like an EXIOBASE 3
product-by-product (pxp) archive ({layout} extension layout), for testing and teaching the
`footprint` package. It is NOT EXIOBASE and contains no EXIOBASE data: every number was
invented by a seeded random generator around hand-picked, plausible-looking coefficients.

Contents: {n_regions} regions ({regions}), {n_products} products with exact EXIOBASE 3 pxp names,
the 7 EXIOBASE final-demand categories, monetary unit M.EUR, reference year {year}.

Made with:  python -m footprint.demo.make_demo   (footprint.demo.make_demo.write_demo, seed {seed})
Read with:  pymrio.parse_exiobase3(path)
"""
_ZIP_DATE = (2022, 1, 1, 0, 0, 0)


# --- assembly ----------------------------------------------------------------------------------


def _labels() -> tuple[pd.MultiIndex, pd.MultiIndex]:
    """EXIOBASE-style row (region, sector) and final-demand (region, category) labels."""
    rows = pd.MultiIndex.from_product([REGIONS, PRODUCTS], names=["region", "sector"])
    cols = pd.MultiIndex.from_product([REGIONS, FD_CATEGORIES], names=["region", "category"])
    return rows, cols


def _unit_frame(index: pd.Index, units: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"unit": units}, index=index)


def _satellite(
    rng: np.random.Generator, x: np.ndarray, Y: np.ndarray, year: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Satellite F, F_Y and unit tables in the 3.8 layout."""
    rows, cols = _labels()
    specs = satellite_specs()
    index = pd.Index([s[0] for s in specs], name="stressor")
    S = np.vstack([intensity_row(rng, spec, year) for spec in specs])
    F = pd.DataFrame(S * x[np.newaxis, :], index=index, columns=rows)
    F_Y = pd.DataFrame(household_direct_rows(specs, Y), index=index, columns=cols)
    return F, F_Y, _unit_frame(index, [s[1] for s in specs])


def _extensions_38(F: pd.DataFrame, F_Y: pd.DataFrame, unit: pd.DataFrame) -> dict[str, dict]:
    """The 3.8 ``satellite`` (real 3.8 row names) and ``impacts`` (sums of satellite rows)."""
    sat = layouts.extensions(F, F_Y, unit, "3.8")["satellite"]
    imp_index = pd.Index([i[0] for i in IMPACTS], name="impact")
    return {
        "satellite": sat,
        "impacts": {"name": "impacts", "F": impact_rows(sat["F"]), "F_Y": impact_rows(sat["F_Y"]),
                    "unit": _unit_frame(imp_index, [i[1] for i in IMPACTS])},
    }


def _extensions_39(F: pd.DataFrame, F_Y: pd.DataFrame, unit: pd.DataFrame) -> dict[str, dict]:
    """The EXIOBASE 3.9+ extensions (``land``, ``air_emissions``, ``material`` ...), real 3.9 names."""
    return layouts.extensions(F, F_Y, unit, "3.9")


def build_system(
    year: int = 2022, layout: str = "3.8", seed: int = DEFAULT_SEED
) -> pymrio.IOSystem:
    """Build the synthetic demo system in memory.

    Parameters
    ----------
    year : int
        Reference year; shifts sizes and intensities mildly and deterministically.
    layout : {"3.8", "3.9"}
        Extension layout: ``satellite``/``impacts`` (3.8) or ``land``, ``air_emissions``,
        ``material``, ``water``, ``nutrients`` (3.9+).
    seed : int
        Random seed, mixed with :data:`REFERENCE_YEAR` (the same draws for every year).

    Returns
    -------
    pymrio.IOSystem
        With ``Z``, ``A``, ``Y``, ``x`` [M EUR], ``unit`` and the extensions.

    Raises
    ------
    ValueError
        For an unknown ``layout``.
    """
    if layout not in ("3.8", "3.9"):
        raise ValueError(f"layout must be '3.8' or '3.9', not {layout!r}")
    rng = np.random.default_rng([seed, REFERENCE_YEAR])
    cap = capacity(year)
    src = tilt(origin_shares(cap), year)
    A = a_matrix(technology(rng), src)
    Y = final_demand(rng, src, year)
    produced = cap.ravel() > 0
    x = solve_output(A, Y, produced)
    A[:, ~produced] = 0.0  # no output, no recipe (as in EXIOBASE)
    rows, cols = _labels()
    F, F_Y, unit = _satellite(rng, x, Y, year)
    make = _extensions_38 if layout == "3.8" else _extensions_39
    return pymrio.IOSystem(
        Z=pd.DataFrame(A * x[np.newaxis, :], index=rows, columns=rows),
        A=pd.DataFrame(A, index=rows, columns=rows),
        Y=pd.DataFrame(Y, index=rows, columns=cols),
        x=pd.DataFrame({"indout": x}, index=rows),
        unit=_unit_frame(rows, ["M.EUR"] * len(rows)),
        name="footprint demo MRIO (synthetic)",
        description=DEMO_LABEL,
        system="pxp",
        version=f"demo-{layout}",
        **make(F, F_Y, unit),
    )


# --- writing -----------------------------------------------------------------------------------


def _write_folder(io: pymrio.IOSystem, folder: Path, year: int, layout: str, seed: int) -> None:
    """Save ``io`` with pymrio, then replace the time-stamped metadata and add the README."""
    io.save_all(folder, float_format=None)  # shortest round-trip repr: lossless and fast
    meta = {
        "name": "footprint demo MRIO (synthetic, not EXIOBASE)",
        "description": DEMO_LABEL,
        "system": "pxp",
        "version": f"demo-{layout}",
        "history": [],
    }
    (folder / "metadata.json").write_text(json.dumps(meta, indent=4) + "\n", encoding="utf-8")
    readme = README_TEMPLATE.format(
        label=DEMO_LABEL, layout=f"EXIOBASE {layout}", n_regions=len(REGIONS),
        regions=", ".join(REGIONS), n_products=len(PRODUCTS), year=year, seed=seed,
    )
    (folder / "README.txt").write_text(readme, encoding="utf-8")


def _zip_folder(folder: Path, archive: Path) -> None:
    """Zip ``folder`` (as its own top-level directory) with sorted entries and fixed dates."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w") as zf:
        for path in files:
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)


def write_demo(
    path: Path, year: int = 2022, layout: str = "3.8", seed: int = DEFAULT_SEED
) -> Path:
    """Write the synthetic demo MRIO in the EXIOBASE 3 pxp file layout.

    Parameters
    ----------
    path : pathlib.Path
        Target. Ending in ``.zip``: an archive holding folder ``IOT_<year>_pxp/`` (like the
        EXIOBASE download); otherwise the folder itself (created; existing files overwritten).
    year : int
        Reference year.
    layout : {"3.8", "3.9"}
        Extension layout, see :func:`build_system`.
    seed : int
        Random seed (the shipped archives use :data:`DEFAULT_SEED`).

    Returns
    -------
    pathlib.Path
        ``path``; readable with ``pymrio.parse_exiobase3(path)``.

    Examples
    --------
    >>> import tempfile, pymrio
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     io = pymrio.parse_exiobase3(write_demo(Path(tmp) / "demo.zip"))
    >>> io.get_regions()[:4].tolist()
    ['BE', 'DE', 'FR', 'NL']
    """
    path = Path(path)
    io = build_system(year=year, layout=layout, seed=seed)
    if path.suffix.lower() != ".zip":
        _write_folder(io, path, year, layout, seed)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"IOT_{year}_pxp"
        _write_folder(io, folder, year, layout, seed)
        partial = path.with_name(path.name + ".partial")
        _zip_folder(folder, partial)
        shutil.move(partial, path)
    return path


def main() -> None:
    """Regenerate the shipped demo archives next to this module."""
    here = Path(__file__).resolve().parent
    for year in DEMO_YEARS:
        out = write_demo(here / f"IOT_{year}_pxp.zip", year=year)
        print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
