"""Read MRIO systems into :class:`footprint.inputs.system.MRIO`, with a fast binary cache.

Sources: the embedded demo archive, an EXIOBASE 3 zip or folder (3.8 and 3.9+ layouts), or any
system saved by pymrio. pymrio does the parsing; :mod:`footprint.inputs.convert` turns its ``IOSystem``
into the lean array holder the engine uses, and this module caches that holder as ``.npy`` arrays
plus a ``meta.json``, so that only the first run on a file pays for pymrio's text parsing.

Cache layout (``CACHE_FORMAT`` 2), one folder per source under ``cache_dir``::

    <cache_dir>/<file stem>-<16 hex key>/
        A.npy  x.npy  Y.npy  F.npy  F_Y.npy     float64 arrays, see :class:`MRIO`
        Y_outside.npy                           final demand outside the regions (n x 0 if none)
        stressors.parquet                       extension, extension_name, stressor, unit per row of F
        meta.json                               labels, label, year, layout, monetary unit, notes,
                                                source sha256 / size / mtime_ns, format version

The key hashes the source kind, the resolved path and the year. An entry is used as is when the
source's size and modification time match ``meta.json``; otherwise the source is hashed again and
the entry is reused (and its stamp refreshed) only when the sha256 is unchanged, else rebuilt.
Entries are written into a temporary folder next to their final place and renamed into it, so an
interrupted write never leaves a half entry. Each entry holds a marker file (``CACHE_MARKER``):
footprint replaces or removes only folders that carry it (or, from before the marker, a
``meta.json`` of this cache), never another folder that happens to sit in ``cache_dir``. An entry
that cannot be written (a read-only or full disk, a file in the way) does not stop the run: it is
reported and the next run parses the source again.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pymrio

from footprint import files
from footprint.errors import ConfigError, CorruptDataError, DataFileNotFoundError, OutputFolderError
from footprint.inputs.cache import default_cache_dir, entry_dir, from_cache, save_entry, source_stamp
from footprint.inputs.convert import from_iosystem
from footprint.inputs.other_mrios import FORMATS, format_of, layout_of
from footprint.inputs.system import MRIO
from footprint.progress import Progress, reporter

__all__ = ["SOURCES", "download_exiobase3", "read_system"]

#: Valid values of ``read_system``'s ``source`` argument (see :mod:`footprint.inputs.other_mrios` for the
#: formats after ``pymrio``).
SOURCES: tuple[str, ...] = ("demo", "exiobase3", "pymrio", *FORMATS)
_PARAMS = "file_parameters.json"
_IOT_NAME = re.compile(r"IOT_(\d{4})_(pxp|ixi)", re.IGNORECASE)
_ZENODO = "10.5281/zenodo.3583070"


def _how_to_get(source: str, year: int | None) -> str:
    fmt = format_of(source)
    if fmt is not None:
        return fmt.get
    if source == "pymrio":
        return "save a system with pymrio's `IOSystem.save_all(folder)` or `archive(...)` first"
    return (
        f'run `make data YEARS="{year or 2022}"` (downloads into data/exiobase) or download '
        f"IOT_{year or '<year>'}_pxp.zip from Zenodo (EXIOBASE 3, concept DOI {_ZENODO}) and "
        "pass its path"
    )


def _year_from_name(path: Path, year: int | None, source: str = "exiobase3") -> int | None:
    """Year from an ``IOT_<year>_pxp`` name (or another format's file name, see
    :mod:`footprint.inputs.other_mrios`); a given year must agree with it."""
    fmt = format_of(source)
    if fmt is not None:
        named = fmt.year_from(path, None)
    else:
        match = _IOT_NAME.search(path.name)
        named = int(match.group(1)) if match else None
    if named is None:
        return year
    if year is not None and year != named:
        raise ConfigError(
            f"year {year} was requested but the file {path} is named for {named}; "
            f"pass year={named} or the file of year {year}."
        )
    return named


def _check_mrio_files(path: Path, source: str) -> None:
    """Raise CorruptDataError unless ``path`` looks like a pymrio/EXIOBASE 3 zip or folder."""
    expected = (
        "an EXIOBASE 3 'IOT_<year>_pxp.zip' (or ixi) archive or its extracted folder"
        if source != "pymrio"
        else "a system saved by pymrio's save_all/archive"
    )
    if path.is_dir():
        reason = None if (path / _PARAMS).is_file() else f"the folder has no {_PARAMS}"
    elif not zipfile.is_zipfile(path):
        reason = "it is not a zip archive (or the download is truncated)"
    else:
        try:
            with zipfile.ZipFile(path) as zz:
                names = zz.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            raise CorruptDataError(f"{path}: cannot open the zip archive ({exc}).") from exc
        has_params = any(Path(n).name == _PARAMS for n in names)
        reason = None if has_params else f"the zip archive contains no {_PARAMS}"
    if reason is not None:
        raise CorruptDataError(
            f"{path} is not a readable MRIO: {reason}. Expected {expected}, with {_PARAMS} "
            "next to the core tables. Re-download or re-save the data."
        )


def _resolve(source: str, path: str | Path | None, year: int | None) -> tuple[Path, str]:
    """Check the source kind and find the data path; return (path, demo label or "")."""
    if source not in SOURCES:
        raise ConfigError(
            f"unknown data source {source!r}; valid sources are: {', '.join(SOURCES)} "
            "(demo = the small illustrative archive shipped with footprint)."
        )
    if source == "demo":
        try:
            demo = importlib.import_module("footprint.demo")
        except ImportError as exc:
            raise DataFileNotFoundError(
                "the demo archive module footprint.demo is not installed; reinstall footprint "
                "(`make install`)."
            ) from exc
        found, label = Path(demo.demo_path(year or 2022)), str(demo.DEMO_LABEL)
    elif path is None:
        raise ConfigError(f"source {source!r} needs a path: {_how_to_get(source, year)}.")
    else:
        found, label = Path(path).expanduser(), ""
    if not found.exists():
        raise DataFileNotFoundError(
            f"MRIO data not found: {found} does not exist. To get it, {_how_to_get(source, year)}."
        )
    return found.resolve(), label


# --------------------------------------------------------------------------- parsing


def _parse(source: str, path: Path, year: int | None) -> Any:
    """Parse with pymrio, turning its many failure types into CorruptDataError."""
    fmt = format_of(source)
    if fmt is None:
        _check_mrio_files(path, source)
    reader = pymrio.load_all if source == "pymrio" else pymrio.parse_exiobase3
    try:
        return fmt.parse(path, year) if fmt is not None else reader(path)
    except ConfigError:
        raise
    except Exception as exc:  # pymrio raises KeyError, ReadError, BadZipFile, ParserError, ...
        raise CorruptDataError(
            f"{path}: pymrio could not parse it as {source!r} data "
            f"({type(exc).__name__}: {exc}). The file may be truncated or of another layout; "
            f"re-download it, or choose the matching source ({', '.join(SOURCES[1:])})."
        ) from exc


def _meta_attr(io: Any, name: str) -> str:
    value = getattr(io.meta, name, None) if getattr(io, "meta", None) is not None else None
    return "" if value is None else str(value)


def _label(source: str, path: Path, io: Any, year: int | None) -> str:
    description = _meta_attr(io, "description")
    if re.search(r"illustrative|synthetic", description, flags=re.IGNORECASE):
        return f"{description} ({path.name})"  # never pass synthetic data off as EXIOBASE
    if source == "pymrio":
        name = _meta_attr(io, "name") or "system"
        return f"pymrio system '{name}' ({path.name})"
    fmt = format_of(source)
    if fmt is not None:
        version = _meta_attr(io, "version")
        version = f", version {version}" if version and version != "n/a" else ""
        return f"{fmt.title} {'' if year is None else year} ({path.name}){version}".replace("  ", " ")
    match = _IOT_NAME.search(path.name)
    system = match.group(2).lower() if match else (_meta_attr(io, "system") or "pxp")
    version = _meta_attr(io, "version")
    label = f"EXIOBASE 3 {system} {year if year is not None else ''}".rstrip()
    return f"{label} ({path.name})" + (f", version {version}" if version else "")


def _monetary_unit(io: Any) -> str:
    unit = getattr(io, "unit", None)
    if isinstance(unit, pd.DataFrame) and "unit" in unit.columns and len(unit):
        return str(unit["unit"].iloc[0])
    return "M.EUR"


def _convert(io: Any, *, source: str, path: Path, label: str, year: int | None) -> MRIO:
    fmt = format_of(source)
    mrio = from_iosystem(io, label=label or _label(source, path, io, year), year=year,
                         monetary_unit=_monetary_unit(io),
                         layout=fmt.layout if fmt is not None else layout_of(io))
    meta = {k: v for k in ("name", "system", "version") if (v := _meta_attr(io, k))}
    return dataclasses.replace(mrio, meta={**mrio.meta, **meta})


# --------------------------------------------------------------------------- public API


def read_system(
    source: str,
    path: str | Path | None = None,
    *,
    year: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> tuple[MRIO, dict[str, str]]:
    """Read an MRIO from the demo archive, an EXIOBASE 3 file or a pymrio-saved system.

    The first read of a file parses it with pymrio (minutes for a full EXIOBASE 3 table) and
    caches the arrays under ``cache_dir``; later reads of the same, unchanged file load the cache
    (seconds).

    Parameters
    ----------
    source : {"demo", "exiobase3", "pymrio"}
        ``"demo"``: the small illustrative archive shipped with footprint (``path`` is ignored).
        ``"exiobase3"``: an EXIOBASE 3 ``IOT_<year>_pxp.zip`` / ``ixi`` archive or its extracted
        folder, 3.8 (``satellite``/``impacts``) or 3.9+ (``land``, ``air_emissions`` ...) layout.
        ``"pymrio"``: any system written by pymrio's ``save_all`` or ``archive``.
    path : str or Path, optional
        The zip file or folder. Required unless ``source == "demo"``.
    year : int, optional
        Reference year. Default: taken from an ``IOT_<year>_`` file name; 2022 for the demo.
    cache_dir : Path, optional
        Cache folder. Default: ``$FOOTPRINT_CACHE`` or ``~/.cache/footprint``.
    progress : callable, optional
        Called with one-line status messages (parsing, hashing, cache hits and rebuilds).

    Returns
    -------
    mrio : MRIO
        The system, monetary flows in ``mrio.monetary_unit``.
    provenance : dict of str to str
        ``source``, ``path``, ``sha256``, ``size`` [bytes], ``layout``, ``label``, ``year``,
        ``cache`` (the entry folder), ``cache_hit`` (``"true"``/``"false"``) and ``seconds``.

    Raises
    ------
    ConfigError
        Unknown ``source``; no ``path`` for a file source; ``year`` contradicting the file name.
    DataFileNotFoundError
        ``path`` does not exist; the message says how to get the data.
    CorruptDataError
        ``path`` exists but is not a readable MRIO (not a zip, no ``file_parameters.json``,
        truncated, or pymrio fails to parse it).
    """
    say = reporter(progress)
    start = time.perf_counter()
    path_, demo_label = _resolve(source, path, year)
    year = _year_from_name(path_, year, source) if source != "demo" else (year or 2022)
    entry = entry_dir(cache_dir or default_cache_dir(), source, path_, year)
    cached = from_cache(entry, path_, say)
    if cached is not None:
        mrio, meta = cached
        say(f"loaded {mrio.label} from cache {entry}")
    else:
        mrio, meta = _build(source, path_, year, demo_label, entry, say)
    provenance = {
        "source": source,
        "path": str(path_),
        "sha256": str(meta["source_sha256"]),
        "size": str(meta["size"]),
        "layout": mrio.layout,
        "label": mrio.label,
        "year": "" if mrio.year is None else str(mrio.year),
        "cache": str(entry),
        "cache_hit": "true" if cached is not None else "false",
        "seconds": f"{time.perf_counter() - start:.3f}",
    }
    return mrio, provenance


def _build(
    source: str, path: Path, year: int | None, label: str, entry: Path, say: Progress
) -> tuple[MRIO, dict[str, Any]]:
    """Parse ``path`` with pymrio, convert it and write the cache entry."""
    slow = " (a full EXIOBASE 3 table takes minutes)" if source == "exiobase3" else ""
    say(f"parsing {path} with pymrio{slow}")
    mrio = _convert(_parse(source, path, year), source=source, path=path, label=label, year=year)
    say(f"hashing {path}")
    source_meta: dict[str, Any] = {
        "source": source,
        "source_path": str(path),
        "source_sha256": files.sha256(path),
        **source_stamp(path),
    }
    say(f"writing cache {entry}")
    try:
        save_entry(entry, mrio, source_meta)
    except OutputFolderError as exc:  # the run goes on; the next one parses again
        say(f"note: the cache entry was not written: {exc}")
    except OSError as exc:
        say(f"note: the cache entry {entry} was not written ({exc}); the next run parses the data "
            "again. Point [data] cache_dir or FOOTPRINT_CACHE to a folder you can write to.")
    return mrio, source_meta


def download_exiobase3(years: Sequence[int], out: Path, system: str = "pxp") -> list[Path]:
    """Download EXIOBASE 3 ``IOT_<year>_<system>.zip`` files from Zenodo (needs internet).

    Wraps :func:`pymrio.download_exiobase3` with the latest version of the concept DOI
    10.5281/zenodo.3583070. Files already in ``out`` are not downloaded again.

    Parameters
    ----------
    years : sequence of int
        Four-digit years, e.g. ``[2016, 2022]``.
    out : Path
        Folder to store the archives in; created if missing.
    system : {"pxp", "ixi"}
        Product-by-product (use this for product groups) or industry-by-industry tables.

    Returns
    -------
    list of Path
        The archives, one per year, in the order of ``years``.

    Raises
    ------
    ConfigError
        ``system`` is neither ``"pxp"`` nor ``"ixi"``.
    DataFileNotFoundError
        A requested year was not found on Zenodo or its download failed.
    """
    if system not in ("pxp", "ixi"):
        raise ConfigError(f"system must be 'pxp' or 'ixi', not {system!r}.")
    out = Path(out)
    pymrio.download_exiobase3(
        storage_folder=str(out), years=[int(y) for y in years], system=system, doi=_ZENODO
    )
    files = [out / f"IOT_{int(y)}_{system}.zip" for y in years]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise DataFileNotFoundError(
            f"download of {', '.join(missing)} failed or the year is not published; see the "
            f"download log in {out} and the Zenodo record (concept DOI {_ZENODO})."
        )
    return files
