"""MRIOs other than EXIOBASE 3 that pymrio parses: OECD ICIO, GLORIA, Eora26 and WIOD (2013 release).

Each is a ``[data] source`` value. pymrio's parser reads the download as published; footprint converts
and caches it like any other source (:mod:`footprint.inputs.sources`). This module knows, per format: the
parser call, how the year and the label follow from the files, the layout name that selects the rows
of a pressure table, and which of the data's final-demand categories stand for EXIOBASE's codes
(``F_HOUS`` ... ``I_CHIN``), so that one ``[consumer] final_demand`` list serves every MRIO.

FIGARO (Eurostat) has no parser in pymrio 0.7 (checked in its ``tools/ioparser.py``); such a table
can be used after building an ``IOSystem`` from it and saving it with ``save_all`` (source
``pymrio``). See README section "Other MRIOs".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from footprint.errors import ConfigError

__all__ = ["FORMATS", "MrioFormat", "category_for", "format_of", "layout_of"]


def _year_in(name: str, index: int = -1) -> int | None:
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", name)
    return int(years[index]) if years else None


def _need_year(source: str, path: Path, year: int | None) -> int:
    if year is None:
        raise ConfigError(
            f"source {source!r}: no year in the name of {path}; set [data] year (e.g. year = 2015)."
        )
    return year


def _parse_oecd(path: Path, year: int | None) -> Any:
    import pymrio

    return pymrio.parse_oecd(path, year=year)


def _oecd_year(path: Path, year: int | None) -> int | None:
    # ICIO<release>_<year>.csv: the second 4-digit number is the year of the table
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", path.name) if path.is_file() else []
    return int(found[1]) if len(found) > 1 else year


def _gloria_version(path: Path, year: int) -> int:
    found = sorted(path.glob(f"GLORIA_MRIOs_*_{year}*"))
    match = re.match(r"GLORIA_MRIOs_(\d+)_", found[0].name) if found else None
    if match is None:
        raise ConfigError(
            f"source 'gloria': {path} holds no folder or zip GLORIA_MRIOs_<version>_{year}; it must "
            "be the folder with GLORIA_MRIOs_..., GLORIA_SatelliteAccounts_... and GLORIA_ReadMe_... "
            "of one year (as pymrio.download_gloria stores them)."
        )
    return int(match.group(1))


def _parse_gloria(path: Path, year: int | None) -> Any:
    import pymrio

    year_ = _need_year("gloria", path, year)
    return pymrio.parse_gloria(path, year=year_, version=_gloria_version(path, year_))


def _parse_eora26(path: Path, year: int | None) -> Any:
    import pymrio

    if path.suffix == ".zip":
        return pymrio.parse_eora26(path)
    return pymrio.parse_eora26(path, year=_need_year("eora26", path, year), price="bp")


def _parse_wiod(path: Path, year: int | None) -> Any:
    """pymrio warns for every environmental account (and the SEA file) it does not find in the folder;
    those warnings are silenced (a pressure table that names a missing account stops the run with a
    message listing the accounts the data has), as are the deprecation and unclosed-file warnings that
    pymrio 0.7's WIOD reader raises under pandas 3."""
    import gc
    import warnings

    import pymrio

    with warnings.catch_warnings():
        for category in (pymrio.ParserWarning, DeprecationWarning, FutureWarning, ResourceWarning):
            warnings.simplefilter("ignore", category)
        io = pymrio.parse_wiod(path, year=year)
        gc.collect()  # pymrio leaves its workbooks open: close them while the filter holds
    return io


_HOUSEHOLDS_P3 = {  # SNA categories as GLORIA and Eora26 name them
    "F_HOUS": ("Household final consumption P.3h",),
    "F_NPSH": ("Non-profit institutions serving households P.3n",),
    "F_GOVE": ("Government final consumption P.3g",),
    "I_GFCF": ("Gross fixed capital formation P.51",),
    "I_CHIN": ("Changes in inventories P.52",),
    "I_CHVA": ("Acquisitions less disposals of valuables P.53",),
}


@dataclass(frozen=True)
class MrioFormat:
    """One MRIO format that pymrio parses.

    Attributes
    ----------
    source : str
        The ``[data] source`` value.
    title : str
        Name used in data labels.
    layout : str
        Layout name: selects the pressure-table rows for this format.
    parse : callable
        ``parse(path, year) -> pymrio.IOSystem``.
    year_from : callable
        ``year_from(path, year) -> year``: the table's year from the file name, else ``year``.
    get : str
        Where to get the data and which pymrio call prepares it.
    final_demand : mapping of str to tuple of str
        EXIOBASE final-demand code (``F_HOUS`` ...) to the category names that stand for it here.
    """

    source: str
    title: str
    layout: str
    parse: Callable[[Path, int | None], Any]
    year_from: Callable[[Path, int | None], int | None]
    get: str
    final_demand: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


FORMATS: dict[str, MrioFormat] = {
    f.source: f for f in (
        MrioFormat(
            "oecd", "OECD ICIO", "oecd", _parse_oecd, _oecd_year,
            "download ICIO<release>_<year>.csv (or its zip) from the OECD Inter-Country Input-Output "
            "tables page, e.g. with pymrio.download_oecd(folder, version='v2018', years=[2015]) "
            "(ICIO2018_2015.zip; releases 2021 and 2023 are unpacked to ICIO2021_<year>.csv, "
            "ICIO2023_<year>.csv); read by pymrio.parse_oecd",
            {"F_HOUS": ("HFCE",), "F_NPSH": ("NPISH", "NPS"), "F_GOVE": ("GGFC",),
             "I_GFCF": ("GFCF",), "I_CHIN": ("INVNT", "INV")},
        ),
        MrioFormat(
            "gloria", "GLORIA", "gloria", _parse_gloria, lambda p, y: _year_in(p.name) or y,
            "download one year of GLORIA (MRIO tables, satellite accounts and the ReadMe) into one "
            "folder, e.g. with pymrio.download_gloria(folder, year=2022, version=59); read by "
            "pymrio.parse_gloria",
            _HOUSEHOLDS_P3,
        ),
        MrioFormat(
            "eora26", "Eora26", "eora26", _parse_eora26, lambda p, y: _year_in(p.name, 0) or y,
            "download Eora26_<year>_bp.zip (basic prices) from the Eora website (free account), e.g. "
            "with pymrio.download_eora26(folder, email, password, years=[2015]); read by "
            "pymrio.parse_eora26",
            _HOUSEHOLDS_P3,
        ),
        MrioFormat(
            "wiod", "WIOD 2013 release", "wiod", _parse_wiod, lambda p, y: y,
            "download the WIOD 2013 release world input-output tables (wiot<yy>_row_apr12.xlsx) and "
            "the environmental accounts (AIR, CO2, EM, EU, lan, mat, wat zips) into one folder, e.g. "
            "with pymrio.download_wiod2013(folder, years=[2009]); read by pymrio.parse_wiod",
            {"F_HOUS": ("c37",), "F_NPSH": ("c38",), "F_GOVE": ("c39",), "I_GFCF": ("c41",),
             "I_CHIN": ("c42",)},
        ),
    )
}


def format_of(source: str) -> MrioFormat | None:
    """The format of ``source``, or None for demo, exiobase3 and pymrio."""
    return FORMATS.get(source)


def _ext_index_names(io: Any, attr: str) -> list[str]:
    ext = getattr(io, attr, None)
    frame = None if ext is None else (ext.F if ext.F is not None else ext.S)
    return [] if frame is None else [str(n) for n in frame.index.names]


def layout_of(io: Any) -> str | None:
    """Recognise a system of one of :data:`FORMATS` (e.g. parsed, then saved with pymrio).

    OECD ICIO by its metadata name; Eora26 and GLORIA by their ``Q``/``VA`` extensions and the
    second level of the ``Q`` index (``source`` in Eora, ``category`` in GLORIA); WIOD by its
    environmental accounts. None when nothing fits (EXIOBASE layouts are detected elsewhere).
    """
    meta = getattr(io, "meta", None)
    if str(getattr(meta, "name", "") or "").upper().startswith("OECD-ICIO"):
        return "oecd"
    names = {str(e) for e in io.get_extensions()}
    if {"Q", "VA"} <= names:
        second = _ext_index_names(io, "Q")[1:2]
        return {"source": "eora26", "category": "gloria"}.get(second[0]) if second else None
    if "factor_inputs" in names and names & {"AIR", "CO2", "EM", "EU", "lan", "mat", "wat"}:
        return "wiod"
    return None


def category_for(code: str, layout: str, categories: tuple[str, ...]) -> str | None:
    """The data's final-demand category that stands for EXIOBASE code ``code`` in ``layout``."""
    fmt = next((f for f in FORMATS.values() if f.layout == layout), None)
    aliases = fmt.final_demand.get(code, ()) if fmt is not None else ()
    return next((a for a in aliases if a in categories), None)
