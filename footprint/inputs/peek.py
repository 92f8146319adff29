"""What a data source holds, read without parsing it: the region codes of its core tables.

A pymrio-saved system or an EXIOBASE 3 archive (zip or folder) describes its core tables in a
``file_parameters.json`` (file name, number of index columns). The first header line of ``A`` (or
``Z``) lists the region of every column, so one line gives the region list in milliseconds,
where parsing the system takes seconds (the demo) to minutes (EXIOBASE). Run files can then be
checked against the data's regions before anything is loaded or factorised.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from footprint.demo import demo_path

__all__ = ["data_regions"]

_PARAMS = "file_parameters.json"
_SEPARATORS = {".txt": "\t", ".tsv": "\t", ".csv": ","}


def _regions_from_header(line: str, name: str, index_cols: int) -> tuple[str, ...] | None:
    sep = _SEPARATORS.get(PurePosixPath(name).suffix.lower())
    if sep is None:  # parquet or pickle: no cheap header line
        return None
    cells = [c.strip().strip('"') for c in line.rstrip("\r\n").split(sep)[index_cols:]]
    regions = tuple(dict.fromkeys(c for c in cells if c))
    return regions or None


def _core(params: dict[str, object]) -> tuple[str, int] | None:
    """(file name, index columns) of A or Z from a file_parameters.json."""
    files = params.get("files")
    if not isinstance(files, dict):
        return None
    for key in ("A", "Z"):
        entry = files.get(key)
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            return entry["name"], int(str(entry.get("nr_index_col", "2")))
    return None


def _from_zip(path: Path) -> tuple[str, ...] | None:
    with zipfile.ZipFile(path) as archive:
        params = sorted((n for n in archive.namelist() if PurePosixPath(n).name == _PARAMS),
                        key=lambda n: n.count("/"))
        for member in params:
            core = _core(json.loads(archive.read(member)))
            if core is None:
                continue
            name = str(PurePosixPath(member).parent / core[0]).removeprefix("./")
            with archive.open(name) as handle:
                return _regions_from_header(handle.readline().decode("utf-8"), name, core[1])
    return None


def _from_folder(path: Path) -> tuple[str, ...] | None:
    params = sorted(path.rglob(_PARAMS), key=lambda p: len(p.parts))
    for file in params:
        core = _core(json.loads(file.read_text(encoding="utf-8")))
        if core is None:
            continue
        with (file.parent / core[0]).open(encoding="utf-8") as handle:
            return _regions_from_header(handle.readline(), core[0], core[1])
    return None


def data_regions(source: str, path: Path | None, year: int | None) -> tuple[str, ...] | None:
    """Region codes of a source's core tables in file order, or None when they cannot be read
    cheaply (no such file, another layout, a binary table format): the full read then reports
    the problem or checks the codes itself.

    Parameters
    ----------
    source : {"demo", "exiobase3", "pymrio"}
    path : Path or None
        The zip or folder (ignored for the demo).
    year : int or None
        The year (chooses the demo archive).
    """
    try:
        if source == "demo":
            path = Path(demo_path(year or 2022))
        if path is None:
            return None
        if path.is_file() and zipfile.is_zipfile(path):
            return _from_zip(path)
        if path.is_dir():
            return _from_folder(path)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return None
