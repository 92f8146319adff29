"""A batch's dataset: one folder per (year, scenario) partition, each table one parquet file.

``<root>/year=<year>/scenario=<name>/<table>.parquet``; a partition is written into a hidden
temporary folder and renamed into place, so it is either complete or absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from footprint import files
from footprint.errors import DataFileNotFoundError

__all__ = ["finished", "partition_dir", "read_dataset", "write_partition"]


# ------------------------------------------------------------------------------ the dataset


def partition_dir(root: Path, year: int, scenario: str) -> Path:
    """The folder of one (year, scenario) partition."""
    return root / f"year={year}" / f"scenario={scenario}"


def write_partition(root: Path, year: int, scenario: str, tables: Mapping[str, pd.DataFrame],
                     label: str) -> None:
    """Write one partition's tables into a hidden folder, then rename it into place."""
    with files.replace_folder(partition_dir(root, year, scenario), files.inside_own_folder) as tmp:
        files.write_tables({name: frame if "year" in frame.columns else frame.assign(year=year)
                            for name, frame in tables.items()}, tmp, label, csv=False)


def finished(root: Path, year: int, scenarios: Iterable[str]) -> list[str]:
    """The scenarios (``baseline`` included) whose partition of ``year`` is complete."""
    return [s for s in scenarios if partition_dir(root, year, s).is_dir()]


def read_dataset(root: Path | str, table: str, *, years: Iterable[int] | None = None,
                 scenarios: Iterable[str] | None = None) -> pd.DataFrame:
    """One table of a batch dataset, every finished partition concatenated.

    Parameters
    ----------
    root : path
        The dataset folder (``<out>/dataset``).
    table : str
        ``attribution``, ``impacts``, ``impact_ranking``, ``bilateral``, ``territorial``,
        ``material_accounts``, ``pressure_rows``,
        ``scenarios`` or ``scenario_absorption``.
    years, scenarios : iterable, optional
        Only these partitions.

    Returns
    -------
    DataFrame
        With ``year`` (int) and ``scenario`` (str) columns from the partition paths.

    Raises
    ------
    DataFileNotFoundError
        No partition holds the table.
    """
    root = Path(root)
    keep_y = set(years) if years is not None else None
    keep_s = set(scenarios) if scenarios is not None else None
    frames = []
    for path in sorted(root.glob(f"year=*/scenario=*/{table}.parquet")):
        year, scenario = int(path.parent.parent.name[5:]), path.parent.name[9:]
        if (keep_y is None or year in keep_y) and (keep_s is None or scenario in keep_s):
            frames.append(pd.read_parquet(path).assign(year=year, scenario=scenario))
    if not frames:
        raise DataFileNotFoundError(
            f"no partition of {root} holds a '{table}' table; run `python -m footprint batch "
            "CONFIG` first (tables: attribution, impacts, impact_ranking, bilateral, territorial, "
            "scenarios, scenario_absorption)."
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["year", "scenario"], kind="stable").reset_index(drop=True)
