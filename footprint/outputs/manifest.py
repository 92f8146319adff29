"""The run's manifest (``manifest.json``): configuration, inputs with their sha256, the system,
the checks, package versions, notes and timings.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from footprint import files
from footprint.config import RunConfig
from footprint.inputs.system import MRIO

__all__ = ["package_versions", "run_manifest"]


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("footprint", "pymrio", "numpy", "pandas", "scipy", "matplotlib", "pyarrow",
                "openpyxl"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def run_manifest(cfg: RunConfig, mrio: MRIO, provenance: Mapping[str, Any], notes: list[str],
              timings: dict[str, float], method: str) -> dict[str, Any]:
    inputs = {"data": dict(provenance)}
    for name, path in (("groups_table", cfg.groups_table), ("pressures_table", cfg.pressures_table),
                       ("config_file", cfg.config_file)):
        if path is not None:
            inputs[name] = {"path": str(path), "sha256": files.sha256(path)}
    return {
        "run": cfg.name,
        "data_label": mrio.label,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(sys.argv),
        "config": json.loads(json.dumps(cfg.resolved(), default=str)),
        "inputs": json.loads(json.dumps(inputs, default=str)),
        "system": {"layout": mrio.layout, "year": mrio.year, "regions": mrio.n_regions,
                   "sectors": mrio.n_sectors, "stressors": len(mrio.stressors),
                   "engine": method, "A_from": mrio.meta.get("A_from", "A")},
        "checks": {"strict": cfg.checks.strict, "balance_rtol": cfg.checks.balance_rtol,
                   "warnings": [n for n in notes if "warning: " in n]},
        "versions": package_versions(),
        "notes": notes,
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
    }
