"""Compare two results folders table by table.

``python -m footprint.testing compare A B`` compares every file of two results folders (a run's
``results/<run>/`` or a batch folder with ``dataset/`` and ``series/``) and prints one line per file:

* tables: parquet files are read back and compared with pandas, exactly (values, dtypes, column
  order) and with the data label in their metadata; csv files byte for byte, and where the bytes
  differ the columns that differ are named;
* the workbook cell by cell, every sheet;
* figures byte for byte, and where the bytes differ pixel by pixel;
* JSON records (``manifest.json``, ``batch.json``, ``batch-config.json``) and the report with what
  belongs to one run only masked: the keys :data:`VOLATILE` (times, the command line, cache folders,
  the batch fingerprint, which hashes absolute paths), time stamps, durations in seconds and absolute
  paths, of which only the file name is kept (a table moved to another folder with the same content
  still compares equal; its sha256 is compared as it is).

A file may have another name in ``B`` (``--rename series/old.csv=series/new.csv``, or a whole stem
``--rename old=new`` for every extension and folder). Exit status 0 when nothing differs, 1
otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["VOLATILE", "Finding", "compare_folders", "main"]

VOLATILE = frozenset({"created", "command", "timings_s", "seconds", "cache", "cache_hit",
                      "fingerprint"})
"""JSON keys whose values belong to one run only (times, command line, cache folders, the batch
fingerprint); masked before JSON records are compared."""

_ABS_PATH = re.compile(r"(?<![\w.])/(?:[\w.+@~-]+/)*([\w.+@~-]+)")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}")
_SECONDS = re.compile(r"\b\d+(?:\.\d+)? s\b")
_SAME, _EQUAL, _MASKED, _DIFFERS = "identical", "equal", "equal after masking", "DIFFERS"


@dataclass(frozen=True)
class Finding:
    """The comparison of one file: its path (relative, as in A), the verdict and details."""

    path: str
    status: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True unless the file differs or exists on one side only."""
        return self.status in (_SAME, _EQUAL, _MASKED)


def _mask_paths(text: str) -> str:
    """Absolute paths replaced by ``<path>/<file name>``, time stamps by ``<time>``, durations
    (``9.23 s``, e.g. in a note or the report's timings) by ``<seconds> s``."""
    text = _TIMESTAMP.sub("<time>", _ABS_PATH.sub(lambda m: f"<path>/{m.group(1)}", text))
    return _SECONDS.sub("<seconds> s", text)


def _masked_json(value: Any, masked: set[str]) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in VOLATILE:
                masked.add(key)
                out[key] = "<masked>"
            else:
                out[key] = _masked_json(item, masked)
        return out
    if isinstance(value, list):
        return [_masked_json(v, masked) for v in value]
    return _mask_paths(value) if isinstance(value, str) else value


def _json_diff(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{where}/{k}: only in {'A' if k in a else 'B'}" for k in sorted(set(a) ^ set(b))]
        for key in [k for k in a if k in b]:
            out += _json_diff(a[key], b[key], f"{where}/{key}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _json_diff(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {str(a)[:80]!r} != {str(b)[:80]!r}"]


def _compare_json(a: Path, b: Path) -> tuple[str, str]:
    masked: set[str] = set()
    left = _masked_json(json.loads(a.read_text(encoding="utf-8")), masked)
    right = _masked_json(json.loads(b.read_text(encoding="utf-8")), masked)
    diffs = _json_diff(left, right)
    if diffs:
        return _DIFFERS, "; ".join(diffs[:5]) + (f" (and {len(diffs) - 5} more)" if len(diffs) > 5 else "")
    return _MASKED, f"masked: {', '.join(sorted(masked))}; absolute paths" if masked else "absolute paths"


def _compare_parquet(a: Path, b: Path) -> tuple[str, str]:
    import pyarrow.parquet as pq

    left, right = pd.read_parquet(a), pd.read_parquet(b)
    try:
        pd.testing.assert_frame_equal(left, right, check_exact=True)
    except AssertionError as exc:
        return _DIFFERS, " ".join(str(exc).split())[:300]
    label = [(pq.read_schema(p).metadata or {}).get(b"footprint.data_label") for p in (a, b)]
    if label[0] != label[1]:
        return _DIFFERS, f"data label in the metadata: {label[0]!r} != {label[1]!r}"
    return _EQUAL, f"{len(left):,} rows x {left.shape[1]} columns"


def _compare_csv(a: Path, b: Path) -> tuple[str, str]:
    left, right = (pd.read_csv(p, dtype=str, keep_default_na=False) for p in (a, b))
    if list(left.columns) != list(right.columns) or len(left) != len(right):
        return _DIFFERS, f"shape or columns: {left.shape} {list(left.columns)[:8]} vs {right.shape}"
    cols = [c for c in left.columns if not left[c].equals(right[c])]
    return _DIFFERS, f"columns that differ: {cols}"


def _compare_xlsx(a: Path, b: Path) -> tuple[str, str]:
    import openpyxl

    books = [openpyxl.load_workbook(p, read_only=True, data_only=True) for p in (a, b)]
    try:
        if books[0].sheetnames != books[1].sheetnames:
            return _DIFFERS, f"sheets {books[0].sheetnames} != {books[1].sheetnames}"
        cells = 0
        for name in books[0].sheetnames:
            rows = [list(book[name].iter_rows(values_only=True)) for book in books]
            if rows[0] != rows[1]:
                return _DIFFERS, f"sheet {name!r}: cell values differ"
            cells += sum(len(r) for r in rows[0])
        return _EQUAL, f"{len(books[0].sheetnames)} sheets, {cells:,} cells equal"
    finally:
        for book in books:
            book.close()


def _compare_png(a: Path, b: Path) -> tuple[str, str]:
    from PIL import Image

    with Image.open(a) as left, Image.open(b) as right:
        pa, pb = np.asarray(left.convert("RGB")), np.asarray(right.convert("RGB"))
    if pa.shape != pb.shape:
        return _DIFFERS, f"size {pa.shape[:2]} != {pb.shape[:2]}"
    n = int((pa != pb).any(axis=-1).sum())
    return (_EQUAL, "same pixels") if n == 0 else (_DIFFERS, f"{n:,} pixels differ")


def _compare_text(a: Path, b: Path) -> tuple[str, str]:
    left, right = (_mask_paths(p.read_text(encoding="utf-8")) for p in (a, b))
    if left == right:
        return _MASKED, "absolute paths, time stamps"
    at = next(i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y) if any(
        x != y for x, y in zip(left, right, strict=False)) else min(len(left), len(right))
    return _DIFFERS, f"from character {at}: {left[at:at + 60]!r} != {right[at:at + 60]!r}"


_BY_SUFFIX: dict[str, Callable[[Path, Path], tuple[str, str]]] = {
    ".parquet": _compare_parquet, ".csv": _compare_csv, ".xlsx": _compare_xlsx, ".png": _compare_png,
    ".json": _compare_json, ".html": _compare_text, ".txt": _compare_text, ".md": _compare_text,
}


def _compare_file(a: Path, b: Path) -> tuple[str, str]:
    if a.read_bytes() == b.read_bytes():
        return _SAME, ""
    compare = _BY_SUFFIX.get(a.suffix)
    return compare(a, b) if compare else (_DIFFERS, "bytes differ")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def _renamed(rel: str, renames: Mapping[str, str]) -> str:
    if rel in renames:
        return renames[rel]
    path = Path(rel)
    stem = renames.get(path.stem)
    return (path.parent / f"{stem}{path.suffix}").as_posix() if stem else rel


def compare_folders(a: Path | str, b: Path | str, renames: Mapping[str, str] | None = None
                    ) -> list[Finding]:
    """Compare every file of results folder ``a`` with its counterpart in ``b``.

    Parameters
    ----------
    a, b : path
        Two results folders (of a run or a batch).
    renames : mapping, optional
        Relative path (or file stem) in ``a`` -> its name in ``b``.

    Returns
    -------
    list of Finding
        One per file of either folder, in ``a``'s order, then the files only in ``b``.
    """
    a, b = Path(a), Path(b)
    renames = dict(renames or {})
    left, right = _files(a), set(_files(b))
    out = []
    for rel in left:
        other = _renamed(rel, renames)
        if other not in right:
            out.append(Finding(rel, "only in A"))
            continue
        right.discard(other)
        status, detail = _compare_file(a / rel, b / other)
        note = f" (B: {other})" if other != rel else ""
        out.append(Finding(rel, status, f"{detail}{note}".strip()))
    out += [Finding(rel, "only in B") for rel in sorted(right)]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m footprint.testing compare A B [--rename OLD=NEW ...] [--quiet]``."""
    parser = argparse.ArgumentParser(prog="python -m footprint.testing",
                                     description="Compare two footprint results folders table by table.")
    sub = parser.add_subparsers(dest="command", required=True)
    cmp = sub.add_parser("compare", help="compare every file of two results folders")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    cmp.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                     help="a file (relative path) or file stem of A that has another name in B")
    cmp.add_argument("--quiet", action="store_true", help="print only the files that differ")
    args = parser.parse_args(argv)
    renames = dict(item.split("=", 1) for item in args.rename)
    findings = compare_folders(args.a, args.b, renames)
    for f in findings:
        if not (args.quiet and f.ok):
            print(f"{f.status:<20} {f.path}{'  ' + f.detail if f.detail else ''}")
    bad = [f for f in findings if not f.ok]
    counts = pd.Series([f.status for f in findings]).value_counts()
    print(f"{len(findings)} files: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return 1 if bad else 0

