"""Types of the session's shared runs (fixtures in ``tests/conftest.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DemoCommand"]


@dataclass(frozen=True)
class DemoCommand:
    """What ``footprint run demo --out DIR`` did: its exit code, what it printed, and the
    :class:`footprint.results.RunResult` it produced (``out_dir`` is DIR)."""

    code: int
    out: str
    err: str
    result: Any
