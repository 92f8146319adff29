"""Reduce LC-IMPACT's country-level land-occupation factors (average approach) to a small cited table.

Not part of a run: run by hand; the output ``lcimpact_country.csv`` (next to this file) is committed and
documented in ``README.md`` here (issue 16 part 1; the method ``pdf_lcimpact`` is wired in later).

Inputs
------
``--source`` (default ``../shared/data/lc-impact/``): the tidy CSVs made from LC-IMPACT's workbook
``CFs_land_Use_average.xlsx`` (Chaudhary et al. 2015; Verones et al. 2020), see that folder's README:
``land_use_country_average.csv`` (244 countries), ``land_use_continent_average.csv`` (7 continents) and
``land_use_ecoregion_average.csv.gz`` (its ``World average`` row). Only ``intervention = occupation``.
``country_converter-1.3.2-py3-none-any.whl`` (in ``--wheels``): ``country_data.tsv`` gives each ISO3
country its EXIOBASE 3 region (column ``EXIO3``) and its continent (column ``Continent_7``).

Output ``lcimpact_country.csv``
-------------------------------
One row per ISO3 country and LC-IMPACT land use (annual_crops, permanent_crops, pasture, urban,
extensive_forestry, intensive_forestry): iso3, exio_region, continent, land_use, cf_median,
cf_lower_95, cf_upper_95 (6 significant digits; global PDF*yr per m2*yr, see ``tables.csv``),
fallback. Countries: every country of the
LC-IMPACT sheet that has an ISO3 code, plus every current country of country_converter's EXIO3
classification that LC-IMPACT lacks (e.g. Taiwan, Hong Kong, Kosovo).

* A triplet of zeros in LC-IMPACT means "no factor for this land use in this country" (the land use
  does not occur in the country's ecoregions), not "no impact". Such a cell takes the continent's
  triplet (``fallback = continent``), or the world average's where the continent has none or the
  country has no continent (``fallback = world``). A country LC-IMPACT lacks altogether gets
  ``continent (no country row)`` or ``world (no country row)``.
* Continent of a country: country_converter's ``Continent_7`` (Africa, Asia, Europe, North America,
  Oceania, South America) with one change: Australia (AUS) -> LC-IMPACT's own ``Australia`` row;
  ``Antarctica`` (ATA, BVT, HMD, ATF) -> none, so the world average. LC-IMPACT publishes the continent
  factors but not which countries it counted in each continent; this assignment is ours.

How to run (from the repository root; standard library only)::

    pip download --no-deps country_converter==1.3.2 -d /tmp/wheels
    python3 config/characterisation/reduce_lcimpact.py --wheels /tmp/wheels [--report 2022]

``--report YEAR`` prints the area-weighted factors of WA and WL for that year, computed from this
table and ``row_area_weights.csv`` (made by ``reduce_fao_landuse.py``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path

from _reduce_common import (
    SHARED_DATA,
    TABLES,
    coco_countries,
    exio_regions,
    fail,
    num,
    read_csv,
    sha256,
    wheel,
    write_csv,
)

SOURCE = SHARED_DATA / "lc-impact"
FILES = {  # file -> sha256 of the copy this table was made from
    "land_use_country_average.csv": "0d3d94978a3c74bc2ca36f76c75e2a636a1092716bc17051673e87c85667bcf9",
    "land_use_continent_average.csv": "0bf8065e7a470d65a71923a11d761d0ee2f29197392b28a84e62234ad4c69457",
    "land_use_ecoregion_average.csv.gz": "b5de1853fc08e7183272e40e59f18b57786895e60af8ab506abaa295d2b1f8d4",
}
LAND_USES = ("annual_crops", "permanent_crops", "pasture", "urban", "extensive_forestry",
             "intensive_forestry")
UNIT = "global PDF*yr/(m2*yr)"
SOURCE_UNIT = "PDF-eq/m2"
CONTINENT_FIX = {"AUS": "Australia"}
NO_CONTINENT = {"Antarctica", ""}
OUTPUT = TABLES / "lcimpact_country.csv"

Triple = tuple[float, float, float]


def _occupation(path: Path, key: str, only: str = "") -> dict[tuple[str, str], Triple]:
    """(key column, land_use) -> (median, lower, upper) of the occupation rows of one source CSV
    (only the rows whose key is ``only``, if given)."""
    opener = gzip.open if path.suffix == ".gz" else open
    out = {}
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["intervention"] != "occupation" or not row[key] or only not in ("", row[key]):
                continue
            if row["unit"] != SOURCE_UNIT or row["taxon"] != "all":
                fail(f"{path.name}: unit {row['unit']!r} / taxon {row['taxon']!r}, expected "
                     f"{SOURCE_UNIT!r} / 'all'")
            out[(row[key], row["land_use"])] = (float(row["cf_median"]), float(row["cf_lower_95"]),
                                                float(row["cf_upper_95"]))
    return out


def read_source(folder: Path) -> tuple[dict[tuple[str, str], Triple], dict[tuple[str, str], Triple],
                                       dict[str, Triple]]:
    """Country (ISO3), continent and world occupation factors, after checking the inputs."""
    for name, want in FILES.items():
        path = folder / name
        if not path.is_file():
            fail(f"{path} not found; pass --source FOLDER holding {', '.join(FILES)}")
        have = sha256(path)
        print(f"input {path}: sha256 {have}" + ("" if have == want else f" (made from {want})"))
    country = _occupation(folder / "land_use_country_average.csv", "country_code")
    continent = _occupation(folder / "land_use_continent_average.csv", "continent")
    eco = _occupation(folder / "land_use_ecoregion_average.csv.gz", "eco_code", "World average")
    world = {lu: eco[("World average", lu)] for lu in LAND_USES}
    return country, continent, world


def continent_of(iso3: str, coco: dict[str, dict[str, str]]) -> str:
    """LC-IMPACT continent used for a country's fallbacks ('' = none: world average)."""
    if iso3 in CONTINENT_FIX:
        return CONTINENT_FIX[iso3]
    name = coco[iso3]["Continent_7"] if iso3 in coco else ""
    return "" if name in NO_CONTINENT else name


def _cell(own: Triple | None, cont: Triple | None, world: Triple) -> tuple[Triple, str]:
    """The triplet of one country and land use, and how it was found."""
    suffix = "" if own is not None else " (no country row)"
    if own is not None and own != (0.0, 0.0, 0.0):
        return own, ""
    if cont is not None and cont[0] > 0:
        return cont, "continent" + suffix
    return world, "world" + suffix


def build(country: dict[tuple[str, str], Triple], continent: dict[tuple[str, str], Triple],
          world: dict[str, Triple], coco: dict[str, dict[str, str]]) -> list[list[object]]:
    """Rows of lcimpact_country.csv."""
    regions = set(exio_regions())
    wanted = {iso for iso, _ in country} | {iso for iso, row in coco.items() if row["EXIO3"] in regions}
    rows: list[list[object]] = []
    for iso3 in sorted(wanted):
        cont = continent_of(iso3, coco)
        region = coco[iso3]["EXIO3"] if iso3 in coco else ""
        for lu in LAND_USES:
            (med, low, high), how = _cell(country.get((iso3, lu)), continent.get((cont, lu)), world[lu])
            rows.append([iso3, region, cont, lu, num(med), num(low), num(high), how])
    return rows


def self_check(country: dict[tuple[str, str], Triple], continent: dict[tuple[str, str], Triple],
               world: dict[str, Triple]) -> list[str]:
    """Re-read the written table and compare every row with the source triplet it came from."""
    problems = []
    for row in read_csv(OUTPUT):
        key, how = (row["iso3"], row["land_use"]), row["fallback"]
        want = (country.get(key) if not how else
                continent.get((row["continent"], row["land_use"])) if how.startswith("continent")
                else world[row["land_use"]])
        have = (float(row["cf_median"]), float(row["cf_lower_95"]), float(row["cf_upper_95"]))
        if want is None or any(abs(h - w) > 5e-6 * abs(w) for h, w in zip(have, want, strict=True)):
            problems.append(f"{key} {how or 'own'}: {have} != {want}")
    zeros = sum(1 for v in country.values() if v == (0.0, 0.0, 0.0))
    flagged = sum(1 for r in read_csv(OUTPUT) if r["fallback"] in ("continent", "world"))
    if zeros != flagged:
        problems.append(f"{zeros} zero triplets in the source but {flagged} fallbacks in the table")
    print(f"self-check: {zeros} zero triplets in the source -> {flagged} fallback rows")
    return problems


def report(year: int) -> None:
    """Area-weighted LC-IMPACT medians of WA and WL for one year (from the committed tables)."""
    weight_class = {"annual_crops": "cropland", "permanent_crops": "cropland", "pasture": "pasture",
                    "urban": "urban", "extensive_forestry": "forest", "intensive_forestry": "forest"}
    factors = {(r["iso3"], r["land_use"]): r for r in read_csv(OUTPUT)}
    weights = [r for r in read_csv(TABLES / "row_area_weights.csv") if int(r["year"]) == year]
    for region in ("WA", "WL"):
        for lu, wclass in weight_class.items():
            used = [(float(w[wclass]), factors[(w["iso3"], lu)]) for w in weights
                    if w["exio_region"] == region and w[wclass]]
            mean = [sum(w * float(f[c]) for w, f in used) for c in ("cf_median", "cf_lower_95",
                                                                      "cf_upper_95")]
            fell = sum(w for w, f in used if f["fallback"])
            print(f"{region} {lu} {year}: median {mean[0]:.4g} (weighted bounds {mean[1]:.3g} to "
                  f"{mean[2]:.3g}) {UNIT}; weight on fallback values {fell:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the pinned wheels")
    parser.add_argument("--report", type=int, metavar="YEAR", help="print WA/WL area-weighted factors")
    args = parser.parse_args()
    country, continent, world = read_source(args.source)
    coco = coco_countries(wheel(args.wheels, "country_converter"))
    write_csv(OUTPUT, ["iso3", "exio_region", "continent", "land_use", "cf_median", "cf_lower_95",
                       "cf_upper_95", "fallback"], build(country, continent, world, coco))
    problems = self_check(country, continent, world)
    for problem in problems:
        print("SELF-CHECK FAILED:", problem)
    if args.report is not None:
        report(args.report)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
