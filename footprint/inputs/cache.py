"""The binary cache of read systems: one folder per (source, path, year) with each array as ``.npy``
(memory-mapped on load) and a record of the source file it came from.

An entry is used only while its source file is unchanged (size and time, else its sha256); a
broken or outdated entry is rebuilt. Entries are written through :mod:`footprint.files` (complete
or absent) and carry a marker file: only marked folders are ever replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pymrio

from footprint import files
from footprint.errors import OutputFolderError
from footprint.inputs.npy import map_npy
from footprint.inputs.system import MRIO
from footprint.progress import Progress

__all__ = [
    "CACHE_FORMAT",
    "CACHE_MARKER",
    "default_cache_dir",
    "entry_dir",
    "from_cache",
    "save_entry",
    "source_stamp",
]
#: Version of the cache layout; entries with another version are rebuilt.
CACHE_FORMAT = 2
#: File in every cache entry that marks it as footprint's (only marked folders are replaced).
CACHE_MARKER = "footprint-cache-entry.txt"

_ARRAYS = ("A", "x", "Y", "F", "F_Y", "Y_outside")


# --------------------------------------------------------------------------- source files


def default_cache_dir() -> Path:
    """Return the cache folder: ``$FOOTPRINT_CACHE`` if set, else ``~/.cache/footprint``."""
    env = os.environ.get("FOOTPRINT_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "footprint"


def source_stamp(path: Path) -> dict[str, int]:
    """Quick fingerprint of a file or folder: total size, newest mtime_ns, number of files."""
    stats = [p.stat() for p in files.regular_files(path)]
    return {
        "size": sum(s.st_size for s in stats),
        "mtime_ns": max((s.st_mtime_ns for s in stats), default=0),
        "n_files": len(stats),
    }


# --------------------------------------------------------------------------- cache


class _BrokenCacheError(Exception):
    """A cache entry is missing a file or holds unreadable or inconsistent data."""


def entry_dir(root: Path, source: str, path: Path, year: int | None) -> Path:
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


def save_entry(entry: Path, mrio: MRIO, source_meta: dict[str, Any]) -> None:
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
    stamp = source_stamp(path)
    if all(meta.get(k) == v for k, v in stamp.items()):
        return True
    progress(f"{path} changed on disk (size or time); hashing it to compare with the cache")
    if files.sha256(path) != meta.get("source_sha256"):
        return False
    meta.update(stamp)
    files.write_json(entry / "meta.json", meta)
    return True


def from_cache(entry: Path, path: Path, progress: Progress) -> tuple[MRIO, dict[str, Any]] | None:
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
