"""Reduce FAOSTAT land use by country to the land areas and area weights of the EXIOBASE RoW regions.

Not part of a run: run by hand; the outputs (next to this file) are committed and documented in
``README.md`` here. Issue 16 part 3: the five rest-of-world regions WA, WL, WE, WF and WM get the
factor of each land type as the mean of their member countries weighted by the members' area of
that land type, instead of by GDP.

Inputs
------
``land_use_by_country.csv.gz`` (``--source``, default ``../shared/data/fao-landuse/``): FAOSTAT land use
(domain RL) and land cover (domain LC, artificial surfaces) by ISO3 country and year, km2, as cleaned
by the EXIOBASE team's ``fao_extension`` repository (see the README of that folder).
``country_converter-1.3.2-py3-none-any.whl`` (in ``--wheels``): its ``country_data.tsv`` gives ISO2 ->
ISO3 of the RoW members listed in ``exio3_row_members.csv`` (country_converter's EXIO3 classification).
``edges-1.5.0-py3-none-any.whl`` (``--report`` only): GDP (``edges/data/metadata/gdp.yaml``) and GLAM 1.0
land-use factors, to compare the new weights with the GDP weights that ``reduce_factors.py`` uses.

Outputs
-------
``fao_land_area.csv``
    iso3, year, areas in km2 of cropland (item 6620), permanent meadows and pastures (6655), forest
    land (6646) and artificial surfaces (6970); empty = FAOSTAT has no value. Years ``--first-year``
    to ``--last-year`` (default 2010-2022, the last year of the source).
``row_area_weights.csv``
    exio_region, iso2, iso3, year, weight of the member in the region for the weight classes cropland
    (crops), pasture, forest (forestry) and urban (artificial surfaces), and ``filled``: the classes
    whose area was taken from the nearest year with a value (``class:year``). A member without any
    value of a class has an empty cell there and a row in ``row_area_missing.csv``.
``row_area_missing.csv``
    exio_region, iso2, iso3, weight_class, reason: members that carry no weight for lack of data.

How to run (from the repository root; standard library only)::

    pip download --no-deps country_converter==1.3.2 edges==1.5.0 -d /tmp/wheels
    python3 config/characterisation/reduce_fao_landuse.py --wheels /tmp/wheels [--report 2022]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections import defaultdict
from pathlib import Path

from _reduce_common import (
    ROW,
    SHARED_DATA,
    TABLES,
    coco_countries,
    edges_table,
    fail,
    num,
    row_members,
    sha256,
    wheel,
    wheel_text,
    write_csv,
)

SOURCE = SHARED_DATA / "fao-landuse" / "land_use_by_country.csv.gz"
SOURCE_SHA256 = "b40c94ad460c658ed82be9033276e3ecce0c35f26d111bda9d35169050b8ede8"
# column of fao_land_area.csv -> FAOSTAT item code
ITEMS = {"cropland": "6620", "pasture": "6655", "forest": "6646", "artificial": "6970"}
# weight class (what a land type is weighted by) -> column of fao_land_area.csv
WEIGHT_CLASSES = {"cropland": "cropland", "pasture": "pasture", "forest": "forest", "urban": "artificial"}
# GLAM 1.0 central flow per weight class, as in reduce_factors.py (report only)
GLAM_FLOWS = {"cropland": "Occupation, annual crop", "pasture": "Occupation, pasture, man made",
              "forest": "Occupation, forest, extensive", "urban": "Occupation, urban, discontinuously built"}

Areas = dict[tuple[str, str], dict[int, float]]  # (iso3, column) -> year -> km2


def read_source(path: Path) -> tuple[Areas, set[str]]:
    """(iso3, column) -> {year: km2} of the kept items (checked for units and signs); all ISO3 codes."""
    digest = sha256(path)
    print(f"input {path}: sha256 {digest}")
    if digest != SOURCE_SHA256:
        print(f"  note: sha256 differs from the one this table was made from ({SOURCE_SHA256})")
    by_code = {code: col for col, code in ITEMS.items()}
    areas: Areas = defaultdict(dict)
    countries: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            countries.add(row["iso3"])
            col = by_code.get(row["item_code"])
            if col is None:
                continue
            if row["unit"] != "km2":
                fail(f"{path}: unit {row['unit']!r} for {row['iso3']} {row['item']}, expected km2")
            value = float(row["value"])
            if value < 0:
                fail(f"{path}: negative area {value} for {row['iso3']} {row['item']} {row['year']}")
            areas[(row["iso3"], col)][int(row["year"])] = value
    return areas, countries


def nearest(series: dict[int, float], year: int) -> tuple[int, float] | None:
    """(year used, value) of the nearest year with a value; ties go to the later year."""
    if not series:
        return None
    used = min(series, key=lambda y: (abs(y - year), -y))
    return used, series[used]


def area_rows(areas: Areas, years: range) -> list[list[object]]:
    """Rows of fao_land_area.csv: every country with any kept value in the years."""
    countries = sorted({iso for iso, _ in areas})
    rows = []
    for iso in countries:
        for year in years:
            cells = [areas.get((iso, col), {}).get(year) for col in ITEMS]
            if any(c is not None for c in cells):
                rows.append([iso, year, *("" if c is None else num(c, 8) for c in cells)])
    return rows


def member_iso3(coco: dict[str, dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """RoW region -> [(iso2, iso3)] of exio3_row_members.csv."""
    iso3_of = {row["ISO2"]: iso3 for iso3, row in coco.items()}
    out = {}
    for region, isos in row_members().items():
        missing = [i for i in isos if i not in iso3_of]
        if missing:
            fail(f"exio3_row_members.csv: ISO2 {missing} unknown to country_converter 1.3.2")
        out[region] = [(i, iso3_of[i]) for i in isos]
    return out


def weights(areas: Areas, countries: set[str], members: dict[str, list[tuple[str, str]]], years: range
            ) -> tuple[list[list[object]], list[list[object]]]:
    """Rows of row_area_weights.csv and of row_area_missing.csv (``countries``: ISO3 in the source)."""
    rows: list[list[object]] = []
    missing: list[list[object]] = []
    for region in ROW:
        for wclass, col in WEIGHT_CLASSES.items():
            for iso2, iso3 in members[region]:
                if not areas.get((iso3, col)):
                    reason = (f"no value of item {ITEMS[col]} in the source (1995-2022)"
                              if iso3 in countries else "country absent from the source table")
                    missing.append([region, iso2, iso3, wclass, reason])
        for year in years:
            rows += _region_year(areas, region, members[region], year)
    return rows, missing


def _region_year(areas: Areas, region: str, members: list[tuple[str, str]], year: int
                 ) -> list[list[object]]:
    """Weight rows of one region and year."""
    got: dict[str, dict[str, tuple[int, float]]] = {}
    for wclass, col in WEIGHT_CLASSES.items():
        got[wclass] = {iso3: hit for _, iso3 in members
                       if (hit := nearest(areas.get((iso3, col), {}), year)) is not None}
        if sum(v for _, v in got[wclass].values()) <= 0:
            fail(f"{region} {year}: no {wclass} area for any member")
    rows = []
    for iso2, iso3 in members:
        if not any(iso3 in got[c] for c in WEIGHT_CLASSES):
            continue
        cells, filled = [], []
        for wclass in WEIGHT_CLASSES:
            hit = got[wclass].get(iso3)
            total = sum(v for _, v in got[wclass].values())
            cells.append("" if hit is None else num(hit[1] / total, 5))
            if hit is not None and hit[0] != year:
                filled.append(f"{wclass}:{hit[0]}")
        rows.append([region, iso2, iso3, year, *cells, " ".join(filled)])
    return rows


def _gdp(edges: Path) -> dict[str, float]:
    """ISO2 -> GDP [USD, 2023] of edges' data/metadata/gdp.yaml ('XX: number' lines)."""
    out = {}
    for line in wheel_text(edges, "edges/data/metadata/gdp.yaml").splitlines():
        key, _, value = line.partition(":")
        if value.strip().isdigit():
            out[key.strip()] = float(value)
    return out


def report(year: int, wheels: Path, weight_rows: list[list[object]]) -> None:
    """Print, for WA and WL, the top-5 area weights per class beside today's GDP weights."""
    edges = wheel(wheels, "edges")
    gdp = _gdp(edges)
    _, glam = edges_table(edges, "GLAM 1.0_Land use, biodiversity_damage")
    for region in ("WA", "WL"):
        for k, wclass in enumerate(WEIGHT_CLASSES):
            area = {str(r[1]): float(str(r[4 + k])) for r in weight_rows
                    if r[0] == region and r[3] == year and r[4 + k] != ""}
            _report_class(region, wclass, area, gdp, glam)


def _report_class(region: str, wclass: str, area: dict[str, float], gdp: dict[str, float],
                  glam: dict[tuple[str, str], float]) -> None:
    """Top-5 by area and by GDP, and the GLAM 1.0 factor of the class under both weightings."""
    members = row_members()[region]
    flow = GLAM_FLOWS[wclass]
    has_gdp = {m: gdp[m] for m in members if m in gdp}
    gdp_w = {m: v / sum(has_gdp.values()) for m, v in has_gdp.items()}
    print(f"\n{region} {wclass}: top 5 by area weight (GDP weight among the {len(has_gdp)} members "
          "with a GDP figure)")
    for iso, w in sorted(area.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {iso}  area {w:.3f}  GDP " + (f"{gdp_w[iso]:.3f}" if iso in gdp_w else "(no GDP figure)"))
    print("  top 5 by GDP weight: " + ", ".join(
        f"{iso} {w:.3f} (area {area.get(iso, 0.0):.3f})"
        for iso, w in sorted(gdp_w.items(), key=lambda kv: -kv[1])[:5]))
    for label, wts in (("GDP", has_gdp), ("area", area)):
        used = {m: w for m, w in wts.items() if (flow, m) in glam}
        total = sum(used.values())
        contrib = {m: w * glam[(flow, m)] for m, w in used.items()}
        mean = sum(contrib.values()) / total
        top = sorted(contrib.items(), key=lambda kv: -kv[1])[:3]
        print(f"  GLAM 1.0 '{flow}', {label}-weighted over {len(used)} members: {mean:.4g} "
              "global PDF*yr/m2*yr; largest shares " +
              ", ".join(f"{m} {c / sum(contrib.values()):.0%}" for m, c in top))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the pinned wheels")
    parser.add_argument("--first-year", type=int, default=2010)
    parser.add_argument("--last-year", type=int, default=2022)
    parser.add_argument("--report", type=int, metavar="YEAR", help="print WA/WL weights vs GDP weights")
    args = parser.parse_args()
    if not args.source.is_file():
        fail(f"{args.source} not found; pass --source PATH/land_use_by_country.csv.gz")
    years = range(args.first_year, args.last_year + 1)
    areas, countries = read_source(args.source)
    members = member_iso3(coco_countries(wheel(args.wheels, "country_converter")))
    weight_rows, missing = weights(areas, countries, members, years)
    write_csv(TABLES / "fao_land_area.csv", ["iso3", "year", *(f"{c}_km2" for c in ITEMS)],
              area_rows(areas, years))
    write_csv(TABLES / "row_area_weights.csv", ["exio_region", "iso2", "iso3", "year",
                                              *WEIGHT_CLASSES, "filled"], weight_rows)
    write_csv(TABLES / "row_area_missing.csv", ["exio_region", "iso2", "iso3", "weight_class", "reason"],
              missing)
    if args.report is not None:
        report(args.report, args.wheels, weight_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
