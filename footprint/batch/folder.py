"""A batch's folder: its configuration record (``batch-config.json``, the fingerprint of everything
that changes the dataset's numbers), the refusal of folders a batch did not write, ``--fresh``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint import __version__, files
from footprint.config import RunConfig
from footprint.errors import ConfigError, OutputFolderError

__all__ = ["DATASET_VERSION", "STAMP", "differences", "fingerprint", "prepare_folder"]
DATASET_VERSION = 1
"""Layout version of the dataset's tables; part of the fingerprint, so a rerun after a change of the
tables' layout refuses an old dataset instead of mixing partitions."""


STAMP = "batch-config.json"
"""The batch folder's configuration record; it marks the folder as footprint's."""
_OWN = ("dataset", "series", "batch.json", STAMP)
"""What a batch writes into its folder (``--fresh`` removes only these)."""


_NOT_NUMBERS = ("batch", "checks", "output", "run", "targets")
"""Run-file sections that do not change the dataset's numbers (scheduling, output, the tracker
computed from the dataset, and the checks, which only accept or refuse data)."""


def _tables(cfg: RunConfig) -> dict[str, Path]:
    """The tables whose content enters the dataset's numbers."""
    impacts = cfg.impacts
    paths = {"groups": cfg.groups_table, "pressures": cfg.pressures_table,
             "scenarios": cfg.waterbed.scenarios,
             "impact factors": impacts.factors if impacts else None,
             "land types": impacts.land_types if impacts else None}
    return {k: v for k, v in paths.items() if v is not None and v.is_file()}


def fingerprint(cfg: RunConfig) -> tuple[str, dict[str, Any]]:
    """Hash of everything that changes the dataset's numbers (not the scheduling or the output),
    and the record it is made of (configuration, versions, each table's sha256)."""
    raw = {k: v for k, v in cfg.resolved().items() if k not in _NOT_NUMBERS}
    raw["_versions"] = {"footprint": __version__, "dataset": DATASET_VERSION}
    blob = json.dumps(raw, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(blob)
    tables = {}
    for name, path in _tables(cfg).items():
        digest.update(path.read_bytes())
        tables[name] = {"path": str(path), "sha256": files.sha256(path)}
    record = {"config": json.loads(json.dumps(raw, default=str)), "tables": tables}
    return digest.hexdigest(), record


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The configuration keys and tables in which two fingerprint records differ."""
    before, after = old.get("config") or {}, new["config"]
    keys = []
    for section in sorted(set(before) | set(after)):
        if section in _NOT_NUMBERS:
            continue
        a, b = before.get(section) or {}, after.get(section) or {}
        if section == "_versions":
            if section in before:  # recorded since footprint recorded the tables too
                keys += [f"version of {k}" for k in sorted(set(a) | set(b))
                         if a.get(k) != b.get(k)]
            continue
        keys += [f"[{section}] {k}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    old_tables, new_tables = old.get("tables"), new["tables"]
    if not isinstance(old_tables, dict):
        return [*keys, "(the tables were not recorded by the footprint version that made it)"]
    for name in sorted(set(old_tables) | set(new_tables)):
        if (old_tables.get(name) or {}).get("sha256") != (new_tables.get(name) or {}).get("sha256"):
            keys.append(f"the {name} table ({(new_tables.get(name) or old_tables[name])['path']})")
    return keys


def _batch_folder(out: Path) -> dict[str, Any] | None:
    """The record of an existing batch folder (None when ``out`` does not exist); refuses a file, a
    link and any folder that a footprint batch did not write."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputFolderError(f"{out} is a file or a link; a batch writes into a folder of its "
                                "own. Choose another --out (e.g. results/<run name>-batch).")
    if not out.exists():
        return None
    stamp = files.read_marker(out / STAMP)
    if stamp is None or "fingerprint" not in stamp:
        raise OutputFolderError(
            f"the batch folder {out} exists and was not written by a footprint batch (it has no "
            f"{STAMP}); footprint writes into and clears only its own batch folders. Choose a path "
            "that does not exist yet (e.g. --out results/<run name>-batch), or move the folder away."
        )
    return stamp


def _clear(out: Path) -> None:
    """--fresh: remove what a batch wrote into ``out``, and nothing else."""
    for name in _OWN:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def prepare_folder(cfg: RunConfig, out: Path, fresh: bool) -> Path:
    """Create (or check) the dataset folder; remove left-over temporary partitions."""
    root = out / "dataset"
    key, record = fingerprint(cfg)
    stamp = _batch_folder(out)
    if fresh and stamp is not None:
        _clear(out)
    elif stamp is not None and stamp["fingerprint"] != key:
        differ = differences(stamp, record)
        raise ConfigError(
            f"the dataset in {out} was made with another configuration or other tables (differing: "
            f"{'; '.join(differ) or 'the versions'}); rerun with --fresh to start it over, or give "
            "the run another [run] name."
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        files.write_json(out / STAMP, {"written_by": files.WRITTEN_BY, "fingerprint": key,
                                        **record, "resolved": cfg.resolved()})
    except OSError as exc:
        raise OutputFolderError(f"cannot write the batch folder {out} ({exc.strerror or exc}); choose "
                                "an --out in a folder you can write to.") from exc
    for tmp in root.glob("**/.*.tmp-*"):  # an interrupted write of an earlier batch
        shutil.rmtree(tmp, ignore_errors=True)
    return root
