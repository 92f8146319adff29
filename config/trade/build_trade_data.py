"""Rebuild the vendored FAOSTAT trade subset and the FAO area table from their pinned wheels.

Run by ``make data-trade`` (needs the Python package index, not FAOSTAT); never by a run or a test.

Sources (downloaded with ``pip download``, not installed; their sha256 is checked, a different file stops
the script):

netviz-tools 0.2.0 (MIT licence, (c) 2025 Tyson Johnson)
    ``netviz_tools/data/example_data/faostat/items/<item>.csv``: FAOSTAT Detailed Trade Matrix (domain
    TM), export quantity as reported by the exporting country, tonnes, FAO area codes, 1986-2023. The
    data are FAO's (CC BY 4.0). The wheel needs Python 3.13 to install, so it is only downloaded.
country_converter 1.3.2 (GPL-3.0)
    ``country_converter/country_data.tsv``: FAO area code, ISO3 and EXIOBASE 3 region per country (read
    as a table; the package's API is not used).

Outputs (committed):

``footprint/trade/vendored/faostat_tm_subset.parquet``
    ``item, year, exporter, importer, tonnes`` for the items of ``footprint/defaults/trade/items.csv``,
    1995-2023.
``footprint/defaults/trade/areas.csv``
    ``fao_code, name, iso3, exio_region, source`` for every area of the subset.

``--check`` builds into a temporary folder and compares the bytes with the committed files (exit 1 when
they differ). The wheels are kept in ``--wheels`` (default ``.cache/trade-wheels``) between runs.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from footprint.trade._build import (  # noqa: E402  (the repository root is put on the path first)
    build_areas,
    build_subset,
    sha256_of,
    write_areas,
    write_subset,
)

WHEELS = {
    "netviz-tools": ("0.2.0", "netviz_tools-0.2.0-py3-none-any.whl", ["--python-version", "3.13"],
                     "196a7b6e8709c7ccc50189423ee968763266e547545d06bd145c5b5d8103f6d2"),
    "country_converter": ("1.3.2", "country_converter-1.3.2-py3-none-any.whl", [],
                          "50ef52b71daaf14220d2ba9a4eef1c335146793a051376de58e8a581fa448120"),
}
FIRST_YEAR, LAST_YEAR = 1995, 2023
ITEMS = ROOT / "footprint" / "defaults" / "trade" / "items.csv"
SUBSET = ROOT / "footprint" / "trade" / "vendored" / "faostat_tm_subset.parquet"
AREAS = ROOT / "footprint" / "defaults" / "trade" / "areas.csv"


def fetch(name: str, folder: Path) -> Path:
    """Download the pinned wheel into ``folder`` (once) and check its sha256."""
    version, filename, extra, sha = WHEELS[name]
    path = folder / filename
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"downloading {name}=={version} (not installed) ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        *extra, f"{name}=={version}", "-d", str(folder), "--quiet"], check=True)
    got = sha256_of(path)
    if got != sha:
        raise SystemExit(f"{path}: sha256 {got}, expected {sha}; delete it and run again.")
    return path


def build(out_subset: Path, out_areas: Path, wheels: Path) -> None:
    """Build both outputs from the pinned wheels."""
    items = pd.read_csv(ITEMS)["item"].tolist()
    subset, names = build_subset(fetch("netviz-tools", wheels), items, FIRST_YEAR, LAST_YEAR)
    write_subset(subset, out_subset)
    with zipfile.ZipFile(fetch("country_converter", wheels)) as archive:
        raw = archive.read("country_converter/country_data.tsv").decode("utf-8")
    cc = pd.read_csv(io.StringIO(raw), sep="\t", dtype=str, keep_default_na=False)
    write_areas(build_areas(cc, names), out_areas)
    print(f"{out_subset}: {len(subset):,} rows, {len(items)} items, {FIRST_YEAR}-{LAST_YEAR}, "
          f"{out_subset.stat().st_size:,} bytes, sha256 {sha256_of(out_subset)}")
    print(f"{out_areas}: {len(names)} areas, sha256 {sha256_of(out_areas)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=ROOT / ".cache" / "trade-wheels",
                        help="folder for the downloaded wheels (default .cache/trade-wheels)")
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary folder and compare bytes with the committed files")
    args = parser.parse_args(argv)
    if not args.check:
        build(SUBSET, AREAS, args.wheels)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subset, areas = Path(tmp) / SUBSET.name, Path(tmp) / AREAS.name
        build(subset, areas, args.wheels)
        differ = [str(c) for n, c in ((subset, SUBSET), (areas, AREAS)) if n.read_bytes() != c.read_bytes()]
    if differ:
        print(f"rebuild differs from the committed file(s): {differ}")
        return 1
    print("rebuild is byte-identical to the committed files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
