"""Helpers shared by the ``reduce_*.py`` scripts of this folder (not part of a footprint run).

The scripts use the standard library only. Package data (country_converter, edges) is read straight
out of the wheel files that ``pip download --no-deps`` puts in a folder: nothing is installed or
imported, so the package's own code (and its pandas pins) never runs. Every input is identified by
its sha256, which the scripts print and check against the pins below.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TABLES = REPO / "footprint" / "defaults" / "characterisation"  # the packaged tables these scripts write
SHARED_DATA = REPO.parent / "shared" / "data"
REGIONS_CSV = REPO / "footprint" / "defaults" / "regions.csv"
MEMBERS_CSV = TABLES / "exio3_row_members.csv"
ROW = ("WA", "WL", "WE", "WF", "WM")

# wheel file name -> sha256, as downloaded from the package index on 2026-12-01
WHEELS = {
    "country_converter": ("country_converter-1.3.2-py3-none-any.whl",
                          "50ef52b71daaf14220d2ba9a4eef1c335146793a051376de58e8a581fa448120"),
    "edges": ("edges-1.5.0-py3-none-any.whl",
              "6aec92d46207bf66d9bebf2afe26266e37e72c7fe07ca664d4d070e7e4118bb2"),
    "bw2io": ("bw2io-0.9.17-py3-none-any.whl",
              "974588746b9019de3807d5269107b56ae73b723efdd5184cb9d737133c1ed7d3"),
}
DOWNLOAD = "pip download --no-deps country_converter==1.3.2 edges==1.5.0 bw2io==0.9.17 -d {folder}"


def fail(message: str) -> None:
    """Stop the script with a message and exit status 1 (nothing has been written yet)."""
    sys.exit(f"error: {message}")


def sha256(path: Path) -> str:
    """sha256 hex digest of a file."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def wheel(folder: Path, dist: str) -> Path:
    """Path of the pinned wheel of ``dist`` in ``folder``, checked against its sha256 pin."""
    name, want = WHEELS[dist]
    path = folder / name
    if not path.is_file():
        fail(f"{name} not found in {folder}; fetch it with: {DOWNLOAD.format(folder=folder)}")
    have = sha256(path)
    if have != want:
        fail(f"{path} has sha256 {have}, expected {want} (another build of the wheel?)")
    print(f"input {path.name}: sha256 {have}")
    return path


def wheel_text(path: Path, member: str) -> str:
    """Text of one file inside a wheel, plus its sha256 printed for the record."""
    with zipfile.ZipFile(path) as archive:
        try:
            data = archive.read(member)
        except KeyError:
            fail(f"{member} is not in {path.name}")
    print(f"  {member}: sha256 {hashlib.sha256(data).hexdigest()}")
    return data.decode("utf-8")


def edges_json(path: Path, name: str) -> dict[str, object]:
    """One data file of the edges wheel (``edges/data/<name>.json``) as parsed JSON."""
    parsed: dict[str, object] = json.loads(wheel_text(path, f"edges/data/{name}.json"))
    return parsed


def edges_table(path: Path, name: str) -> tuple[str, dict[tuple[str, str], float]]:
    """Unit and (flow name, location or '') -> value of one edges data file.

    A flow listed under several compartments must carry one value only (checked).
    """
    data = edges_json(path, name)
    table: dict[tuple[str, str], float] = {}
    for exchange in data["exchanges"]:  # type: ignore[attr-defined]
        key = (exchange["supplier"]["name"], exchange["consumer"].get("location", ""))
        value = float(exchange["value"])
        if table.setdefault(key, value) != value:
            fail(f"{name}: {key} carries {table[key]} and {value}")
        table[key] = value
    return str(data["unit"]), table


def coco_countries(path: Path) -> dict[str, dict[str, str]]:
    """ISO3 -> row of country_converter's ``country_data.tsv`` (current countries only)."""
    text = wheel_text(path, "country_converter/country_data.tsv")
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return {r["ISO3"]: r for r in rows if not r["obsolete"]}


def exio_regions() -> list[str]:
    """The 49 EXIOBASE 3 region codes in file order (footprint/defaults/regions.csv)."""
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [row["exio_code"] for row in csv.DictReader(handle)]


def row_members() -> dict[str, list[str]]:
    """RoW region -> ISO2 members, from the committed exio3_row_members.csv (country_converter 1.3.2)."""
    out: dict[str, list[str]] = {r: [] for r in ROW}
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[row["exio_region"]].append(row["iso2"])
    return out


def num(value: float, digits: int = 6) -> str:
    """A number as text with ``digits`` significant digits (``0`` for zero)."""
    return "0" if value == 0 else f"{value:.{digits}g}"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a CSV (``\\n`` line ends); return the number of data rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    print(f"wrote {path.relative_to(REPO)}: {count} rows, {path.stat().st_size / 1024:.1f} kB")
    return count


def read_csv(path: Path) -> list[dict[str, str]]:
    """All rows of a committed CSV as dicts."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
