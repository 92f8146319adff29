"""The region table ``footprint/defaults/regions.csv``: EXIOBASE 3 codes, English names and map tiles.

Its own small module, so that the figure modules read it without importing the pipeline's stages.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from footprint.defaults import DEFAULTS_DIR

__all__ = ["REGIONS_TABLE", "region_names"]

REGIONS_TABLE = DEFAULTS_DIR / "regions.csv"


def region_names(path: Path = REGIONS_TABLE) -> dict[str, str]:
    """EXIOBASE region code -> English name, from ``footprint/defaults/regions.csv`` (read once per
    file version)."""
    if not path.is_file():
        return {}
    stat = path.stat()
    return dict(_read_names(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _read_names(path: Path, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(zip(table["exio_code"], table["name"], strict=True))
