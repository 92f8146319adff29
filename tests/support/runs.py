"""Types of the session's shared runs (fixtures in ``tests/conftest.py``) and a small run file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint.config import CONFIG_DIR

__all__ = ["DemoCommand", "raw_run"]


@dataclass(frozen=True)
class DemoCommand:
    """What ``footprint run demo --out DIR`` did: its exit code, what it printed, and the
    :class:`footprint.results.RunResult` it produced (``out_dir`` is DIR)."""

    code: int
    out: str
    err: str
    result: Any


def raw_run(tmp: Path, name: str = "t", **sections: dict[str, Any]) -> dict[str, Any]:
    """A small run configuration as a dict (demo 2022, protein only, no figures, workbook or impacts,
    results below ``tmp``); each keyword updates that section."""
    raw: dict[str, Any] = {
        "run": {"name": name},
        "data": {"source": "demo", "year": 2022},
        "groups": {"table": str(CONFIG_DIR / "product_groups.csv"), "select": ["protein"]},
        "pressures": {"table": str(CONFIG_DIR / "pressures.csv")},
        "output": {"dir": str(tmp / "results"), "figures": False, "excel": False},
        "impacts": {"enabled": False},
    }
    for key, value in sections.items():
        raw.setdefault(key, {}).update(value)
    return raw
