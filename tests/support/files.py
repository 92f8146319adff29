"""File-tree snapshots for tests that prove nothing was created, changed or removed."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["tree_hashes"]


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below ``root`` (folders as ``"dir"``): compare two
    snapshots to prove that nothing was created, changed or removed."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out
