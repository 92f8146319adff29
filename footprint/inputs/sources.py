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
import hashlib
import importlib
import json
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pymrio

from footprint import files
from footprint.errors import ConfigError, CorruptDataError, DataFileNotFoundError, OutputFolderError
from footprint.inputs.convert import detect_layout, from_iosystem
from footprint.inputs.npy import map_npy
from footprint.inputs.other_mrios import FORMATS, format_of, layout_of
from footprint.inputs.system import MRIO

__all__ = [
    "CACHE_FORMAT",
    "SOURCES",
    "default_cache_dir",
    "detect_layout",
    "download_exiobase3",
    "from_iosystem",
    "read_system",
]

#: Valid values of ``read_system``'s ``source`` argument (see :mod:`footprint.inputs.other_mrios` for the
#: formats after ``pymrio``).
SOURCES: tuple[str, ...] = ("demo", "exiobase3", "pymrio", *FORMATS)
#: Version of the cache layout; entries with another version are rebuilt.
CACHE_FORMAT = 2
#: File in every cache entry that marks it as footprint's (only marked folders are replaced).
CACHE_MARKER = "footprint-cache-entry.txt"

_ARRAYS = ("A", "x", "Y", "F", "F_Y", "Y_outside")
_PARAMS = "file_parameters.json"
_IOT_NAME = re.compile(r"IOT_(\d{4})_(pxp|ixi)", re.IGNORECASE)
_ZENODO = "10.5281/zenodo.3583070"
_CHUNK = 1 << 22

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """Progress callback that ignores its message."""


# --------------------------------------------------------------------------- source files


def default_cache_dir() -> Path:
    """Return the cache folder: ``$FOOTPRINT_CACHE`` if set, else ``~/.cache/footprint``."""
    env = os.environ.get("FOOTPRINT_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "footprint"


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


def _files_of(path: Path) -> list[Path]:
    """Regular files of a source: the file itself, or a folder's files in sorted order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file())


def _stamp(path: Path) -> dict[str, int]:
    """Quick fingerprint of a file or folder: total size, newest mtime_ns, number of files."""
    stats = [p.stat() for p in _files_of(path)]
    return {
        "size": sum(s.st_size for s in stats),
        "mtime_ns": max((s.st_mtime_ns for s in stats), default=0),
        "n_files": len(stats),
    }


def _sha256(path: Path) -> str:
    """sha256 of a file, or of a folder's relative file names and contents in sorted order."""
    digest = hashlib.sha256()
    folder = path.is_dir()
    for file in _files_of(path):
        if folder:
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


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


# --------------------------------------------------------------------------- cache


class _BrokenCacheError(Exception):
    """A cache entry is missing a file or holds unreadable or inconsistent data."""


def _entry_dir(root: Path, source: str, path: Path, year: int | None) -> Path:
    key = hashlib.sha256(f"{source}\0{path}\0{year}".encode()).hexdigest()[:16]
    stem = path.name.split(".")[0] or "mrio"
    return root / f"{stem}-{key}"


def _owned_entry(entry: Path) -> None:
    """Refuse to replace or remove a folder of ``cache_dir`` that is not a footprint cache entry."""
    if (entry / CACHE_MARKER).is_file():
        return
    meta = files.read_marker(entry / "meta.json")  # entries from before the marker file
    if meta is not None and "format_version" in meta and "source_sha256" in meta:
        return
    raise OutputFolderError(
        f"the cache folder {entry} was not written by footprint (no {CACHE_MARKER}); footprint "
        "does not replace or remove it. Move it away, or point [data] cache_dir (or the "
        "FOOTPRINT_CACHE variable) to a folder of its own."
    )


def _save_cache(entry: Path, mrio: MRIO, source_meta: dict[str, Any]) -> None:
    """Write ``mrio`` into the cache folder ``entry`` atomically (temp folder, then rename)."""
    with files.replace_folder(entry, _owned_entry) as tmp:
        (tmp / CACHE_MARKER).write_text(
            "A cache entry of footprint (the arrays of one MRIO source); safe to delete.\n",
            encoding="utf-8")
        for name in _ARRAYS:
            np.save(tmp / f"{name}.npy", np.asarray(_array(mrio, name), dtype=float))
        mrio.stressors.astype(str).to_parquet(tmp / "stressors.parquet", index=False)
        meta = {
            "format_version": CACHE_FORMAT,
            "regions": list(mrio.regions),
            "sectors": list(mrio.sectors),
            "fd_categories": list(mrio.fd_categories),
            "label": mrio.label,
            "year": mrio.year,
            "layout": mrio.layout,
            "monetary_unit": mrio.monetary_unit,
            "meta": mrio.meta,
            "shapes": {name: list(_array(mrio, name).shape) for name in _ARRAYS},
            "fd_outside": list(mrio.fd_outside),
            "notes": list(mrio.notes),
            "pymrio_version": pymrio.__version__,
            **source_meta,
        }
        files.write_json(tmp / "meta.json", meta)


def _array(mrio: MRIO, name: str) -> np.ndarray:
    """An array of ``mrio`` as cached: ``Y_outside`` is stored with zero columns when absent."""
    value = getattr(mrio, name)
    return np.zeros((mrio.n, 0)) if value is None else np.asarray(value)


def _read_meta(entry: Path) -> dict[str, Any]:
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _BrokenCacheError(f"meta.json unreadable ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format_version") != CACHE_FORMAT:
        raise _BrokenCacheError(f"cache format is not version {CACHE_FORMAT}")
    return meta


def _load_cache(entry: Path, meta: dict[str, Any]) -> MRIO:
    """Build the MRIO stored in ``entry``; raise _BrokenCacheError on any inconsistency."""
    try:
        # A, by far the largest, is mapped read-only: no copy, pages shared between processes
        arrays = {
            n: map_npy(entry / f"{n}.npy") if n == "A" else np.load(entry / f"{n}.npy",
                                                                    allow_pickle=False)
            for n in _ARRAYS
        }
        stressors = pd.read_parquet(entry / "stressors.parquet")
        shapes = {n: list(arrays[n].shape) for n in _ARRAYS}
        if shapes != meta["shapes"] or len(stressors) != shapes["F"][0]:
            raise _BrokenCacheError(f"array shapes {shapes} differ from meta.json")
        return MRIO(
            regions=tuple(meta["regions"]),
            sectors=tuple(meta["sectors"]),
            fd_categories=tuple(meta["fd_categories"]),
            stressors=stressors,
            label=meta["label"],
            year=meta["year"],
            layout=meta["layout"],
            monetary_unit=meta["monetary_unit"],
            meta=dict(meta["meta"]),
            fd_outside=tuple(meta["fd_outside"]),
            notes=tuple(meta["notes"]),
            A=arrays["A"], x=arrays["x"], Y=arrays["Y"], F=arrays["F"], F_Y=arrays["F_Y"],
            Y_outside=arrays["Y_outside"] if arrays["Y_outside"].shape[1] else None,
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise _BrokenCacheError(f"{type(exc).__name__}: {exc}") from exc


def _still_valid(entry: Path, meta: dict[str, Any], path: Path, progress: Progress) -> bool:
    """Whether a cache entry still matches its source; refresh the stamp if only mtime moved."""
    stamp = _stamp(path)
    if all(meta.get(k) == v for k, v in stamp.items()):
        return True
    progress(f"{path} changed on disk (size or time); hashing it to compare with the cache")
    if _sha256(path) != meta.get("source_sha256"):
        return False
    meta.update(stamp)
    files.write_json(entry / "meta.json", meta)
    return True


def _from_cache(entry: Path, path: Path, progress: Progress) -> tuple[MRIO, dict[str, Any]] | None:
    """The cached MRIO and its meta, or None when there is no usable, current entry."""
    if not entry.exists():
        return None
    try:
        meta = _read_meta(entry)
        if not _still_valid(entry, meta, path, progress):
            progress(f"{path} has changed since it was cached; rebuilding {entry}")
            return None
        return _load_cache(entry, meta), meta
    except _BrokenCacheError as exc:
        _owned_entry(entry)
        progress(f"cache entry {entry} is broken ({exc}); discarding and rebuilding it")
        shutil.rmtree(entry, ignore_errors=True)
        return None


# --------------------------------------------------------------------------- public API


def read_system(
    source: str,
    path: str | Path | None = None,
    *,
    year: int | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
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
    say = progress or _quiet
    start = time.perf_counter()
    path_, demo_label = _resolve(source, path, year)
    year = _year_from_name(path_, year, source) if source != "demo" else (year or 2022)
    entry = _entry_dir(cache_dir or default_cache_dir(), source, path_, year)
    cached = _from_cache(entry, path_, say)
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
        "source_sha256": _sha256(path),
        **_stamp(path),
    }
    say(f"writing cache {entry}")
    try:
        _save_cache(entry, mrio, source_meta)
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
