"""Sizing a batch: the rows of a year's system without loading it, the memory a year's task needs,
and the workers of a local cluster that fit in this machine's memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from footprint.cluster import GB, plan_local_cluster
from footprint.config import RunConfig
from footprint.demo import demo_path

__all__ = ["GB", "estimate_task_bytes", "plan_local_cluster", "system_rows"]

# Bytes per squared row: A (float64) + the LU factors (float64 below 4,000 rows, float32 with a
# float64 refinement above) + room for the solves' workspace; plus a process base (Python, NumPy,
# pandas, pymrio) measured at about 0.4 GB. See estimate_task_bytes.
BASE_BYTES = 0.4 * GB
EXIOBASE_PXP_ROWS = 9800


# ------------------------------------------------------------------------------ sizing


def system_rows(cfg: RunConfig, year: int | None) -> tuple[int, str]:
    """The number of rows (regions x products) of a year's system, without loading it.

    Reads the line count of the system's ``x.txt`` (EXIOBASE 3 and pymrio layouts; one header
    line) from the zip or folder. Returns ``(rows, how)``; when no ``x.txt`` is found, EXIOBASE 3
    pxp's 9,800 rows, with ``how`` saying so.
    """
    if cfg.data.source == "demo":
        path = Path(demo_path(year or 2022))
    else:
        path = cfg.data.path_for(year) or Path()
    try:
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = sorted((n for n in archive.namelist() if n.endswith("x.txt")
                                and Path(n).name == "x.txt"), key=lambda n: n.count("/"))
                if names:
                    with archive.open(names[0]) as handle:
                        return sum(1 for _ in handle) - 1, f"x.txt in {path.name}"
        elif path.is_dir():
            found = sorted(path.rglob("x.txt"), key=lambda p: len(p.parts))
            if found:
                with found[0].open("rb") as handle:
                    return sum(1 for _ in handle) - 1, str(found[0])
    except (OSError, zipfile.BadZipFile):
        pass  # the task itself reports unreadable data with the proper error
    return EXIOBASE_PXP_ROWS, "not readable from the data; assumed EXIOBASE 3 pxp"


def estimate_task_bytes(rows: int) -> int:
    """Memory a year's task needs [bytes]: ``16 n^2 + 0.4 GB`` for ``n`` rows.

    ``n^2`` float64 for A plus the same again for the LU factors and the solves' workspace (the
    factors are float32 above 4,000 rows, which leaves the rest for the batched right-hand sides),
    and a process base of 0.4 GB. For EXIOBASE 3 pxp (9,800 rows) that is 1.8 GB; the engine's
    measured peak on the benchmark job is 1.24 GB (benchmarks/README.md).
    """
    return int(16 * rows * rows + BASE_BYTES)
