"""Folders footprint writes, and the rule that keeps everything else safe.

One mechanism writes every folder footprint produces (a run's results folder, a batch's
partitions and series, a cache entry): the content goes into a hidden temporary sibling
``.<name>.tmp-<pid>-<ns>`` that is created *before* any computing (so an unwritable place is found
at once), and only a complete folder is renamed into place. An existing folder is replaced only
when footprint itself wrote it:

- a run's results folder is recognised by its ``manifest.json`` (``"written_by": "footprint"``) and
  the list of files it wrote; a folder holding anything else is never replaced;
- a file is never replaced, and neither is a symbolic link;
- a batch folder is recognised by its ``batch-config.json``, a cache entry by its marker file.

Every refusal is an :class:`~footprint.errors.OutputFolderError` that names the folder and the fix.

Table files: parquet with the data label in its metadata (:func:`write_parquet`), and csv beside it
(:func:`write_tables`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from footprint.errors import OutputFolderError

__all__ = [
    "MANIFEST",
    "WRITTEN_BY",
    "file_list",
    "inside_own_folder",
    "read_marker",
    "regular_files",
    "remove_stale_temporaries",
    "replace_dir",
    "replace_folder",
    "results_folder_check",
    "sha256",
    "write_json",
    "write_parquet",
    "write_tables",
]

MANIFEST = "manifest.json"
WRITTEN_BY = "footprint"
"""Value of ``written_by`` in the JSON files that mark a folder as footprint's."""

Check = Callable[[Path], None]
"""Raises OutputFolderError when an existing folder may not be replaced (called only if it exists)."""


def read_marker(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path`` when it is a regular file holding one, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(target: Path, data: Mapping[str, Any]) -> None:
    """Write JSON atomically: a temporary file in the same folder, then one rename."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, default=str)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_list(folder: Path) -> list[str]:
    """Relative paths (posix) of every file below ``folder``, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def _not_a_folder(path: Path) -> str | None:
    if path.is_symlink():
        return f"{path} is a symbolic link; footprint never replaces one (pass the folder it points to)"
    if path.exists() and not path.is_dir():
        return f"{path} is a file; footprint never replaces a file"
    return None


def results_folder_check(name: str, *, force: bool = False) -> Check:
    """The rule for a run's results folder: replace only a folder a footprint run wrote.

    An existing folder may be replaced when its ``manifest.json`` says footprint wrote it, it holds
    no file the manifest does not list, and it is the results of the run ``name`` (another run's
    results only with ``force``). Manifests of footprint versions before the marker (keys ``run``
    and ``versions.footprint``, no file list) are accepted as footprint's.
    """

    def check(target: Path) -> None:
        manifest = read_marker(target / MANIFEST)
        legacy = manifest is not None and "written_by" not in manifest and isinstance(
            manifest.get("versions"), dict) and "footprint" in manifest["versions"] and "run" in manifest
        if manifest is None or (manifest.get("written_by") != WRITTEN_BY and not legacy):
            raise OutputFolderError(
                f"the output folder {target} exists and was not written by footprint (it has no "
                f"footprint {MANIFEST}); footprint replaces only its own results folders. Choose a "
                f"path that does not exist yet (e.g. --out results/{name}), or move the folder away."
            )
        listed = manifest.get("files")
        extra = sorted(set(file_list(target)) - {*listed, MANIFEST}) if isinstance(listed, list) else []
        if extra:
            shown = ", ".join(extra[:5]) + (f" (and {len(extra) - 5} more)" if len(extra) > 5 else "")
            raise OutputFolderError(
                f"the results folder {target} holds files footprint did not write: {shown}. Move "
                "them out of it, or choose another output path: a rerun replaces the whole folder."
            )
        other = str(manifest.get("run"))
        if other != name and not force:
            raise OutputFolderError(
                f"{target} holds the results of the run '{other}', not of '{name}'; rerun with "
                f"--force to replace them, or choose another output path (e.g. --out results/{name})."
            )

    return check


def inside_own_folder(_: Path) -> None:
    """Check for folders inside a folder footprint owns (a batch's partitions, a cache entry's
    place): an existing one may be replaced."""
    return None


def _missing_parents(target: Path) -> list[Path]:
    """Folders to create for ``target``'s parent to exist (outermost first); the first existing one
    must be a folder."""
    missing: list[Path] = []
    probe = target.parent
    while not probe.exists() and not probe.is_symlink():
        missing.insert(0, probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise OutputFolderError(
            f"{target} cannot be created: {probe} is a file, not a folder. Choose another output path."
        )
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return


def _temporary(target: Path) -> Path:
    return target.parent / f".{target.name}.tmp-{os.getpid()}-{time.time_ns()}"


def remove_stale_temporaries(target: Path) -> None:
    """Remove temporary siblings of ``target`` left by footprint processes that no longer run."""
    for tmp in target.parent.glob(f".{target.name}.tmp-*-*"):
        pid = tmp.name.rsplit("-", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def replace_dir(tmp: Path, target: Path) -> None:
    """Rename the finished folder ``tmp`` to ``target``; an existing ``target`` (checked by the
    caller) is first renamed aside and removed after the new one is in place."""
    old = target.parent / f".{target.name}.old-{os.getpid()}-{time.time_ns()}"
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _check_target(target: Path, check: Check | None) -> None:
    problem = _not_a_folder(target)
    if problem:
        raise OutputFolderError(f"{problem}. Choose an output path that does not exist yet.")
    if target.exists():
        if check is None:
            raise OutputFolderError(f"{target} exists already; footprint does not replace it.")
        check(target)


@contextmanager
def replace_folder(target: Path, check: Check | None = None) -> Iterator[Path]:
    """Claim ``target`` now, yield a temporary sibling to write into, and on success rename it to
    ``target``.

    On entry the target is checked (an existing one must pass ``check``; without ``check`` it must
    not exist), missing parent folders are created and the temporary folder is made: so a folder
    that may not be replaced, a file in the way or a place that cannot be written is reported
    before the caller computes anything. On any error (or interrupt) the temporary folder and the
    parents created here are removed and an earlier ``target`` stays as it was. Before the rename
    the check runs again.

    Raises
    ------
    OutputFolderError
        The target may not be replaced, or cannot be created or written.
    """
    target = Path(os.path.abspath(target))
    _check_target(target, check)
    created = _missing_parents(target)
    if not created:
        remove_stale_temporaries(target)
    tmp = _temporary(target)
    try:
        for folder in created:
            folder.mkdir()
        tmp.mkdir()
    except OSError as exc:
        _remove_empty(created)
        raise OutputFolderError(
            f"cannot write into {target.parent} ({exc.strerror or exc}); choose an output path in a "
            "folder you can write to."
        ) from exc
    try:
        yield tmp
        _check_target(target, check)
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(created)
        raise


def write_parquet(frame: pd.DataFrame, path: Path, label: str) -> None:
    """Write a table as parquet with the data label in the file metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"footprint.data_label"] = label.encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def write_tables(frames: Mapping[str, pd.DataFrame], folder: Path, label: str, *,
                 csv: bool = True) -> None:
    """Write each table as ``<name>.parquet`` (with the data label) and, with ``csv``, ``<name>.csv``."""
    for name, frame in frames.items():
        write_parquet(frame, folder / f"{name}.parquet", label)
        if csv:
            frame.to_csv(folder / f"{name}.csv", index=False)


def regular_files(path: Path) -> list[Path]:
    """Regular files of a file or folder: the file itself, or the folder's files in sorted order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file())


def sha256(path: Path) -> str:
    """sha256 of a file's content, or of a folder's relative file names and contents in sorted order."""
    digest = hashlib.sha256()
    folder = path.is_dir()
    for file in regular_files(path):
        if folder:
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as fh:
            while chunk := fh.read(1 << 22):
                digest.update(chunk)
    return digest.hexdigest()
