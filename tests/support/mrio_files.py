"""Writers of small MRIO files in the formats others publish, for tests of the real-data path.

Each writer builds one small, balanced, productive system from a seed (:func:`core`) and writes it in
the file layout of a published MRIO, as pymrio's parsers read it: EXIOBASE 3 (a pymrio folder, here
without ``x.txt`` and with a two-column unit table), OECD ICIO (2016 and 2018 releases), Eora26 and
GLORIA. The layouts were learned from the mock tables in pymrio's repository (IndEcol/pymrio,
``tests/mock_mrios/``) and from pymrio 0.7's parsers; the numbers and names here are our own
(synthetic: they describe no real economy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Core:
    """A synthetic balanced system: ``x = Z e + Y e`` with ``Z = A diag(x)``."""

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    categories: tuple[str, ...]
    A: np.ndarray
    Y: np.ndarray  # (n, regions * categories)
    x: np.ndarray
    F: np.ndarray  # (k, n)
    F_Y: np.ndarray  # (k, regions * categories)

    @property
    def Z(self) -> np.ndarray:
        return self.A * self.x[np.newaxis, :]

    @property
    def rows(self) -> list[tuple[str, str]]:
        return [(r, s) for r in self.regions for s in self.sectors]

    @property
    def fd_cols(self) -> list[tuple[str, str]]:
        return [(r, c) for r in self.regions for c in self.categories]


def core(regions: tuple[str, ...], sectors: tuple[str, ...], categories: tuple[str, ...], k: int,
         seed: int, *, negative_last_category: bool = False, extra_demand: np.ndarray | None = None,
         zero_stressor: int | None = None) -> Core:
    """A random productive system; ``extra_demand`` (n, m) is final demand outside the regions.

    ``zero_stressor`` names a stressor row that is zero everywhere (for all-zero results).
    """
    rng = np.random.default_rng(seed)
    n, nf = len(regions) * len(sectors), len(regions) * len(categories)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    A *= rng.uniform(0.1, 0.7, n) / np.where(A.sum(axis=0) > 0, A.sum(axis=0), 1.0)
    Y = rng.random((n, nf)) * 100.0
    if negative_last_category:  # changes in inventories: small and of either sign
        last = np.arange(nf) % len(categories) == len(categories) - 1
        Y[:, last] = rng.uniform(-2.0, 2.0, (n, int(last.sum())))
    demand = Y.sum(axis=1) + (extra_demand.sum(axis=1) if extra_demand is not None else 0.0)
    x = np.linalg.solve(np.eye(n) - A, demand)
    F = rng.random((k, n)) * x * rng.uniform(0.1, 10.0, (k, 1))
    F_Y = rng.random((k, nf)) * 5.0
    if zero_stressor is not None:
        F[zero_stressor] = 0.0
        F_Y[zero_stressor] = 0.0
    return Core(regions, sectors, categories, A, Y, x, F, F_Y)


# --------------------------------------------------------------------------- EXIOBASE 3 (pymrio folder)


def _write_txt(frame: pd.DataFrame, path: Path) -> dict[str, str]:
    """A tab-separated table as pymrio's load reads it; returns its file_parameters entry."""
    frame.to_csv(path, sep="\t")
    n_index = frame.index.nlevels
    n_header = frame.columns.nlevels
    return {"name": path.name, "nr_index_col": str(n_index), "nr_header": str(n_header)}


def write_exiobase3_folder(folder: Path, c: Core, stressors: list[tuple[str, str]], *,
                           with_x: bool = False, two_column_units: bool = True,
                           extension: str = "satellite", display_name: str = "Satellite Accounts",
                           version: str = "3.8.2-like synthetic") -> Path:
    """An EXIOBASE 3 style pymrio folder: ``A.txt``, ``Y.txt`` (no ``x.txt`` unless ``with_x``).

    ``stressors`` are (name, unit) of the extension's rows. With ``two_column_units`` the
    extension's ``unit.txt`` is declared with two index columns (stressor, unit) in its
    ``file_parameters.json``, so pymrio reads the unit into the index (as in pymrio's EXIOBASE 3 mock).
    """
    folder.mkdir(parents=True)
    rows = pd.MultiIndex.from_tuples(c.rows, names=["region", "sector"])
    fd = pd.MultiIndex.from_tuples(c.fd_cols, names=["region", "category"])
    files = {
        "A": _write_txt(pd.DataFrame(c.A, index=rows, columns=rows), folder / "A.txt"),
        "Y": _write_txt(pd.DataFrame(c.Y, index=rows, columns=fd), folder / "Y.txt"),
        "unit": _write_txt(pd.DataFrame({"unit": "M.EUR"}, index=rows), folder / "unit.txt"),
    }
    if with_x:
        files["x"] = _write_txt(pd.DataFrame({"indout": c.x}, index=rows), folder / "x.txt")
    (folder / "file_parameters.json").write_text(json.dumps({"files": files, "systemtype": "IOSystem"}))
    (folder / "metadata.json").write_text(json.dumps(
        {"description": "synthetic test system in the EXIOBASE 3 layout (not EXIOBASE data)",
         "name": "EXIO3-like", "system": "pxp", "version": version, "history": []}))
    ext = folder / extension
    ext.mkdir()
    names = pd.Index([s for s, _ in stressors], name="stressor")
    ext_files = {
        "F": _write_txt(pd.DataFrame(c.F, index=names, columns=rows), ext / "F.txt"),
        "F_Y": _write_txt(pd.DataFrame(c.F_Y, index=names, columns=fd), ext / "F_Y.txt"),
    }
    units = pd.DataFrame({"stressor": names, "unit": [u for _, u in stressors]})
    if two_column_units:
        units.to_csv(ext / "unit.txt", sep="\t", index=False)
        ext_files["unit"] = {"name": "unit.txt", "nr_index_col": "2", "nr_header": "1"}
    else:
        ext_files["unit"] = _write_txt(units.set_index("stressor"), ext / "unit.txt")
    (ext / "file_parameters.json").write_text(json.dumps(
        {"files": ext_files, "systemtype": "Extension", "name": display_name}))
    return folder


# --------------------------------------------------------------------------- OECD ICIO


def write_oecd_icio(path: Path, c: Core, *, release: int = 2016, discrepancy: np.ndarray | None = None
                    ) -> Path:
    """An OECD ICIO csv: ``<REG>_<SECTOR>`` rows and columns, final demand, value added and output.

    Release 2016 names final-demand columns ``<CAT>_<REG>`` and has a ``DISC`` column (statistical
    discrepancy, outside every region) and a ``VA+TAXSUB`` row; release 2018 names them
    ``<REG>_<CAT>`` with ``TAXSUB``/``VALU`` rows and ``OUTPUT``/``TOTAL`` totals; release 2021 has
    ``TLS``/``VA`` rows and ``OUT`` totals.
    """
    labels = [f"{r}_{s}" for r, s in c.rows]
    if release == 2016:
        fd_labels = [f"{cat}_{r}" for r, cat in c.fd_cols]
    else:
        fd_labels = [f"{r}_{cat}" for r, cat in c.fd_cols]
    body = pd.DataFrame(np.hstack([c.Z, c.Y]), index=labels, columns=labels + fd_labels)
    if discrepancy is not None:
        body["DISC"] = discrepancy
    va = c.x - c.Z.sum(axis=0)
    if release == 2016:
        extra = pd.DataFrame([va, c.x], index=["VA+TAXSUB", "OUT"], columns=labels)
    else:
        rows = ["TAXSUB", "VALU", "OUTPUT"] if release == 2018 else ["TLS", "VA", "OUT"]
        extra = pd.DataFrame([0.1 * va, 0.9 * va, c.x], index=rows, columns=labels)
        body["TOTAL" if release == 2018 else "OUT"] = c.x
    table = pd.concat([body, extra])
    table.to_csv(path, float_format="%.17g")
    return path


# --------------------------------------------------------------------------- Eora26


def write_eora26_folder(folder: Path, c: Core, stressors: list[tuple[str, str, str]], *,
                        year: int = 2015, full_names: dict[str, str] | None = None) -> Path:
    """An unpacked Eora26 year folder: ``Eora26_<year>_bp_{T,FD,Q,QY,VA}.txt`` and the label files.

    ``stressors`` are (name, unit, source): Eora writes the unit in brackets after the name, which
    pymrio moves into the unit table. Tables are tab-separated without headers, as Eora ships them.
    """
    folder.mkdir(parents=True)
    names = full_names or {r: f"Region {r}" for r in c.regions}

    def write(frame: np.ndarray | pd.DataFrame, name: str) -> None:
        pd.DataFrame(frame).to_csv(folder / name, sep="\t", header=False, index=False,
                                   float_format="%.17g")

    write(pd.DataFrame([[names[r], r, "Industries", s] for r, s in c.rows]), "labels_T.txt")
    write(pd.DataFrame([[names[r], r, "Final Demand", cat] for r, cat in c.fd_cols]), "labels_FD.txt")
    write(pd.DataFrame([[f"{s} ({u})", src] for s, u, src in stressors]), "labels_Q.txt")
    va_rows = ["Compensation of employees D.1", "Net operating surplus B.2n"]
    write(pd.DataFrame([["Primary input", v] for v in va_rows]), "labels_VA.txt")
    va = c.x - c.Z.sum(axis=0)
    prefix = f"Eora26_{year}_bp_"
    write(c.Z, f"{prefix}T.txt")
    write(c.Y, f"{prefix}FD.txt")
    write(c.F, f"{prefix}Q.txt")
    write(c.F_Y, f"{prefix}QY.txt")
    write(np.vstack([0.6 * va, 0.4 * va]), f"{prefix}VA.txt")
    return folder


# --------------------------------------------------------------------------- GLORIA

#: Value-added rows of GLORIA's ReadMe (names as in GLORIA v059 analyses; national-accounts codes).
GLORIA_VALUE_ADDED = ("Compensation of employees D.1", "Taxes on production D.29",
                      "Subsidies on production D.39", "Net operating surplus B.2n",
                      "Net mixed income B.3n", "Consumption of fixed capital K.1")


def write_gloria_folder(folder: Path, c: Core, stressors: list[tuple[str, str, str]], *,
                        year: int = 2022, version: int = 59,
                        region_names: dict[str, str] | None = None) -> Path:
    """A GLORIA download for one year: ``GLORIA_MRIOs_<v>_<year>/`` (T, Y, V results),
    ``GLORIA_SatelliteAccounts_0<v>_<year>/`` (TQ, YQ results) and ``GLORIA_ReadMe_0<v>.xlsx``.

    The transaction matrix T is a supply-use table over (region, Industry|Product, sector) with a
    diagonal supply block (one industry per product, as in GLORIA), so pymrio's product-by-product
    construction returns ``c``'s system. ``stressors`` are (indicator, head indicator, unit).
    """
    n_s, R = len(c.sectors), len(c.regions)
    size = 2 * R * n_s
    region = np.repeat(np.arange(R), n_s)
    ind = region * 2 * n_s + np.tile(np.arange(n_s), R)  # (region, Industry, sector) positions
    prod = ind + n_s  # (region, Product, sector)
    T = np.zeros((size, size))
    T[ind, prod] = c.x  # supply: industry s makes product s only
    T[np.ix_(prod, ind)] = c.Z  # use of products by industries
    Q = np.zeros((len(stressors), size))
    Q[:, ind] = c.F
    Ybig = np.zeros((size, c.Y.shape[1]))
    Ybig[prod] = c.Y
    va_names = list(GLORIA_VALUE_ADDED[: len(c.categories)])  # the ReadMe lists both side by side
    V = np.zeros((R * len(va_names), size))  # value added by (region, category) x T columns
    V[region * len(va_names), ind] = c.x - c.Z.sum(axis=0)

    mrio_dir = folder / f"GLORIA_MRIOs_{version}_{year}"
    sat_dir = folder / f"GLORIA_SatelliteAccounts_0{version}_{year}"
    mrio_dir.mkdir(parents=True)
    sat_dir.mkdir()
    stem = "20240101_120secMother_AllCountries_002_{}-Results_{}_0{}_{}.csv"

    def write(frame: np.ndarray, where: Path, kind: str, markup: str) -> None:
        pd.DataFrame(frame).to_csv(where / stem.format(kind, year, version, markup), header=False,
                                   index=False, float_format="%.17g")

    write(T, mrio_dir, "T", "Markup001(full)")
    write(Ybig, mrio_dir, "Y", "Markup001(full)")
    write(V, mrio_dir, "V", "Markup001(full)")
    write(Q, sat_dir, "TQ", "Markup001(full)")
    write(c.F_Y, sat_dir, "YQ", "Markup001(full)")
    names = region_names or {r: f"Region {r}" for r in c.regions}
    with pd.ExcelWriter(folder / f"GLORIA_ReadMe_0{version}.xlsx", engine="openpyxl") as xl:
        pd.DataFrame({"Region_acronyms": list(c.regions),
                      "Region_names": [names[r] for r in c.regions]}).to_excel(
            xl, sheet_name="Regions", index=False)
        pd.DataFrame({"Sector_names": list(c.sectors)}).to_excel(xl, sheet_name="Sectors", index=False)
        pd.DataFrame({"Value_added_names": va_names,
                      "Final_demand_names": list(c.categories)}).to_excel(
            xl, sheet_name="Value added and final demand", index=False)
        pd.DataFrame({"Sat_indicator": [s for s, _, _ in stressors],
                      "Sat_head_indicator": [h for _, h, _ in stressors],
                      "Sat_unit": [u for _, _, u in stressors]}).to_excel(
            xl, sheet_name="Satellites", index=False)
    return folder


# --------------------------------------------------------------------------- WIOD (2013 release)


def write_wiod_folder(folder: Path, c: Core, codes: tuple[str, ...], air: tuple[str, ...], *,
                      year: int = 2009) -> Path:
    """A WIOD 2013 release folder: ``wiot<yy>_row_apr12.xlsx`` and the ``AIR_may12`` accounts.

    The world table has four header rows and columns (code, name, region, c-code), a title, the
    system and the unit in its first cells, final-demand columns c37-c42 after the industries and a
    total column; industry c-codes must end with ``c35`` (pymrio finds the end of Z there) and the
    regions must include USA (pymrio reads the labels from its rows). Each country's air emissions are
    a workbook ``<REG>_AIR_May12.xls`` with a sheet per year: an unnamed first column, the code column
    (``sec<code>``, then ``FC_HH`` for households' own emissions) and one column per gas of ``air``.
    ``c.F`` rows are the gases; households' emissions are ``c.F_Y`` summed over each region's
    categories. pandas recognises the workbook format from the content, whatever the file suffix.
    """
    folder.mkdir(parents=True)
    n_s = len(c.sectors)
    head = 4
    n = len(c.rows)
    width = head + n + len(c.fd_cols) + 1
    grid = np.full((6 + n + 2, width), None, dtype=object)
    grid[0, 0] = f"World Input-Output Table {year}"
    grid[2, 0], grid[3, 0] = "(industry-by-industry)", "(millions of US$)"
    for j, (r, s) in enumerate(c.rows):
        k = c.sectors.index(s)
        grid[2:6, head + j] = [codes[k], s, r, f"c{35 - (n_s - 1 - k)}"]
        grid[6 + j, :head] = [codes[k], s, r, f"c{35 - (n_s - 1 - k)}"]
    for j, (r, cat) in enumerate(c.fd_cols):
        grid[2:6, head + n + j] = [cat, f"final use {cat}", r, cat]
    grid[2:6, width - 1] = ["GO", "Total output", "TOT", "c62"]
    grid[6:6 + n, head:head + n] = c.Z
    grid[6:6 + n, head + n:width - 1] = c.Y
    grid[6:6 + n, width - 1] = c.x
    va = c.x - c.Z.sum(axis=0)
    grid[6 + n, :head] = ["r64", "Value added at basic prices", "TOT", "r64"]
    grid[6 + n, head:head + n] = va
    grid[6 + n + 1, :head] = ["r69", "Output at basic prices", "TOT", "r69"]
    grid[6 + n + 1, head:head + n] = c.x
    pd.DataFrame(grid).to_excel(folder / f"wiot{str(year)[-2:]}_row_apr12.xlsx", header=False,
                                index=False)
    air_dir = folder / "AIR_may12"
    air_dir.mkdir()
    n_fd = len(c.categories)
    for r_i, region in enumerate(c.regions):
        cols = slice(r_i * n_s, (r_i + 1) * n_s)
        sheet = pd.DataFrame({"description": [*c.sectors, "households"],
                              "code": [f"sec{code}" for code in codes] + ["FC_HH"]})
        for g, gas in enumerate(air):
            sheet[gas] = [*c.F[g, cols], c.F_Y[g, r_i * n_fd:(r_i + 1) * n_fd].sum()]
        with pd.ExcelWriter(air_dir / f"{region.upper()}_AIR_May12.xls", engine="openpyxl") as xl:
            sheet.to_excel(xl, sheet_name=str(year), index=False)
    return folder
