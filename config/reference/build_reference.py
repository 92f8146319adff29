"""Rebuild the reference lists of real EXIOBASE 3 stressor row names (names and units only).

This script is NOT part of a run: it is run by hand and its outputs, in ``footprint/defaults/reference/``,
are committed. The tests read them to check that every pressure of ``footprint/defaults/pressures.csv``
selects real rows in both EXIOBASE layouts, and the demo generator (``footprint/demo/make_demo.py``) is
checked against them so that the demo only uses real row names.

Sources
-------
``exiobase38_satellite.csv`` (1,113 rows: extension ``satellite``, stressor, unit)
    EXIOBASE 3.8 ``satellite`` rows as listed in column ``exiobase name`` / ``exiobase unit`` of
    ``bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv`` in the wheel of the package bw2io 0.9.17 on the
    Python package index (file ``bw2io-0.9.17-py3-none-any.whl``, sha256 :data:`BW2IO_WHEEL_SHA256`;
    the CSV itself has sha256 :data:`BW2IO_CSV_SHA256`). Order as in that file.
``exiobase39_extensions.csv`` (733 rows: extension, stressor, unit)
    EXIOBASE 3.9 extensions (``employment``, ``air_emissions``, ``energy``, ``material``, ``water``,
    ``land``, ``nutrients``, ``factor_inputs``) as listed in the public repository
    ``Humanmademovies/world4``, file ``docs/data/exiobase-stressors.md`` at commit
    ``b0336ec433eb405245b95f2b093ae06412d06c4e`` ("EXIOBASE 3 - all satellite-account stressors
    (exhaustive)": read from ``IOT_2022_pxp.zip`` of the EXIOBASE 3 Zenodo concept record
    10.5281/zenodo.3583070 with pymrio 0.6.3). This is the listing that ``DOMAIN.md`` 1.1 cites. No
    package on the index ships the 3.9 names; the file was read through a code-search index and its
    tables transcribed; the script parses such a copy (``--exiobase39-md``) and checks the per-extension
    counts the file states (``EXPECTED_39``).

How to run (from the repository root)::

    python config/reference/build_reference.py --exiobase39-md PATH/exiobase-stressors.md
    # without --bw2io-wheel the wheel is fetched with ``pip download bw2io==0.9.17 --no-deps``

Without ``--exiobase39-md`` only the 3.8 table is rebuilt. With ``--check`` nothing is written: the
rebuilt tables are compared with the committed ones (exit status 1 on any difference).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BW2IO_VERSION = "0.9.17"
BW2IO_WHEEL_SHA256 = "974588746b9019de3807d5269107b56ae73b723efdd5184cb9d737133c1ed7d3"
BW2IO_CSV_SHA256 = "bc48c6f06fed6f252cafe0e883cf8b785716e235ae986159cc4aa5c60156c84b"
BW2IO_MEMBER = "bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv"
TABLES = HERE.parents[1] / "footprint" / "defaults" / "reference"  # the packaged tables written here
OUT_38 = TABLES / "exiobase38_satellite.csv"
OUT_39 = TABLES / "exiobase39_extensions.csv"
# Rows per extension as the 3.9 listing's own summary table states them.
EXPECTED_39 = {"employment": 12, "air_emissions": 420, "energy": 4, "material": 62, "water": 194,
               "land": 26, "nutrients": 6, "factor_inputs": 9}
EXPECTED_38 = 1113
HEADER = ["extension", "stressor", "unit"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _wheel(path: Path | None, tmp: Path) -> Path:
    if path is not None:
        return path
    subprocess.run([sys.executable, "-m", "pip", "download", f"bw2io=={BW2IO_VERSION}", "--no-deps",
                    "-d", str(tmp)], check=True)
    return next(tmp.glob(f"bw2io-{BW2IO_VERSION}-*.whl"))


def rows_38(wheel: Path) -> list[list[str]]:
    """The 3.8 satellite rows from the bw2io wheel, checked against the pinned checksums."""
    if _sha256(wheel.read_bytes()) != BW2IO_WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 differs from bw2io {BW2IO_VERSION}'s wheel; not the cited source")
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(BW2IO_MEMBER)
    if _sha256(data) != BW2IO_CSV_SHA256:
        raise SystemExit(f"{BW2IO_MEMBER}: sha256 differs from the cited file")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    rows = [["satellite", r["exiobase name"], r["exiobase unit"]] for r in reader]
    if len(rows) != EXPECTED_38:
        raise SystemExit(f"{BW2IO_MEMBER}: {len(rows)} rows, expected {EXPECTED_38}")
    return rows


_SECTION = re.compile(r"^## (\w+)\s*$")
_ROW = re.compile(r"^\| (\d+) \| (.+) \| ([^|]+) \|\s*$")


def rows_39(markdown: Path) -> list[list[str]]:
    """The 3.9 rows from the listing's markdown tables (``## <extension>`` then ``| # | name | unit |``)."""
    rows: list[list[str]] = []
    section = ""
    numbers: dict[str, int] = {}
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if m := _SECTION.match(line):
            section = m.group(1)
        elif (m := _ROW.match(line)) and section in EXPECTED_39:
            numbers[section] = numbers.get(section, 0) + 1
            if int(m.group(1)) != numbers[section]:
                raise SystemExit(f"{markdown}: [{section}] row {m.group(1)} out of order")
            rows.append([section, m.group(2).strip(), m.group(3).strip()])
    if numbers != EXPECTED_39:
        raise SystemExit(f"{markdown}: rows per extension {numbers}, the listing states {EXPECTED_39}")
    return rows


def _text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def _emit(path: Path, rows: list[list[str]], check: bool) -> bool:
    text = _text(rows)
    if check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print(f"{path.name}: {'matches' if same else 'DIFFERS FROM'} the source")
        return same
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(rows)} rows)")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bw2io-wheel", type=Path, help="bw2io 0.9.17 wheel (default: pip download)")
    parser.add_argument("--exiobase39-md", type=Path, help="copy of the cited 3.9 listing (markdown)")
    parser.add_argument("--check", action="store_true", help="compare with the committed tables only")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ok &= _emit(OUT_38, rows_38(_wheel(args.bw2io_wheel, Path(tmp))), args.check)
    if args.exiobase39_md is not None:
        ok &= _emit(OUT_39, rows_39(args.exiobase39_md), args.check)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
