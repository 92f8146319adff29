"""The packaged defaults: default tables and run files shipped inside the package (package data).

This folder holds the one copy of every default table (``product_groups.csv``, ``pressures.csv``,
``regions.csv``, ``gwp100.csv``, ``direct_use.csv``, ``scenarios.toml``, ``characterisation/``,
``other_mrios/``, ``trade/``, ``reference/``) and the packaged run files (``demo.toml``,
``demo-series.toml``). The scripts that rebuild the tables from their sources live in the
repository's top ``config/`` folder (with their READMEs); ``footprint config export DIR`` copies
these files into a folder where they can be edited.

A run file names a table by a path relative to its own folder; a relative path that does not exist
there is looked up here (so ``table = "pressures.csv"`` in any run file means the packaged table
unless the run file's folder holds its own). The package is read from the file system: an
installation from a wheel (``pip install``) or a source tree, not a zip archive.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from footprint.errors import ConfigError, DataFileNotFoundError, close_matches

__all__ = ["DEFAULTS_DIR", "export", "find", "run_file", "run_files"]

DEFAULTS_DIR = Path(str(resources.files(__name__)))
"""Folder of the packaged default tables and run files."""


def find(relative: str | Path, folder: Path | None = None) -> Path:
    """Resolve a relative table path: ``folder / relative`` if it exists, else the packaged copy.

    Parameters
    ----------
    relative : str or Path
        A path as written in a run file (absolute paths and ``~`` are returned as they are).
    folder : Path, optional
        The run file's folder (the current directory when None).

    Returns
    -------
    Path
        The path in ``folder`` when it exists or when no packaged file has that name (so that the
        error that follows names the user's path), else the packaged file.
    """
    path = Path(relative).expanduser()
    if path.is_absolute():
        return path
    own = ((folder or Path.cwd()) / path).resolve()
    packaged = DEFAULTS_DIR / path
    return packaged if not own.exists() and packaged.is_file() else own


def run_files() -> list[str]:
    """Names of the packaged run files (``demo``, ``demo-series``), for ``footprint run NAME``."""
    return sorted(p.stem for p in DEFAULTS_DIR.glob("*.toml") if p.stem != "scenarios")


def run_file(name: str) -> Path | None:
    """The packaged run file ``name`` (with or without ``.toml``), or None if there is none."""
    stem = name.removesuffix(".toml")
    return DEFAULTS_DIR / f"{stem}.toml" if stem in run_files() else None


def unknown_run_file(name: str) -> str:
    """Message for a run file that is neither a file nor a packaged run file."""
    return (f"run file {name} does not exist; pass a TOML file such as my-run.toml or the name of a "
            f"packaged run file ({close_matches(name.removesuffix('.toml'), run_files())}; "
            "footprint config export DIR copies them into DIR to edit).")


def _packaged() -> list[Path]:
    """Every packaged default file, relative to :data:`DEFAULTS_DIR` (this module excluded)."""
    return sorted(p.relative_to(DEFAULTS_DIR) for p in DEFAULTS_DIR.rglob("*")
                  if p.is_file() and p.suffix in (".csv", ".toml"))


def export(dest: Path) -> list[Path]:
    """Copy the packaged default tables and run files into ``dest`` (made if missing), to edit.

    Parameters
    ----------
    dest : Path
        Target folder; it may exist, but none of the files may (nothing is overwritten).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ConfigError
        ``dest`` already holds a file of the same name (nothing is copied then).
    DataFileNotFoundError
        ``dest`` exists and is not a folder.
    """
    if dest.exists() and not dest.is_dir():
        raise DataFileNotFoundError(f"{dest} is not a folder; name a new or existing folder to export "
                                    "the packaged defaults into.")
    files = _packaged()
    taken = [str(f) for f in files if (dest / f).exists()]
    if taken:
        raise ConfigError(f"{dest} already holds {', '.join(taken[:5])}"
                          f"{f' and {len(taken) - 5} more' if len(taken) > 5 else ''}; nothing was "
                          "copied. Export into a new folder, or move those files away first.")
    written = []
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULTS_DIR / rel, dest / rel)
        written.append(dest / rel)
    return written
