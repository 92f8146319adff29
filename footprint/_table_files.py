"""Table files: parquet with the data label in its metadata, and csv beside it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["write_parquet", "write_tables"]


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
