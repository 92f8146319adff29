"""Extract IBIF v2 land-occupation factors per country by IBIF's own land classes.

Not part of a run: run by hand; the output ``ibif_country.csv`` (next to this file) is committed and
documented in ``README.md`` here (issue 16 part 2; wired into the run later).

IBIF v2 (Schipper et al. 2025, Sci. Data 12:1660, doi 10.1038/s41597-025-05946-1) gives land-use
factors for five classes: urban land, cropland, pasture, forest plantations and mines. The edges
package ships them per country spread over ecoinvent's land-occupation flows, so each class appears
under several flow names (``Occupation, forest, extensive`` for instance carries the pasture class).
This script reads one flow per class, checks that every other flow of the file carries exactly one
class's value in every country (and prints which), and writes the per-class values.

Input: ``edges-1.5.0-py3-none-any.whl`` (in ``--wheels``), files
``edges/data/IBIF_biodiversity_LU_{overall,plants,vertebrates}.json`` (MSA-loss*km2*yr per m2*yr;
edges converted IBIF's MSA*km2/km2 to per m2).

Output ``ibif_country.csv``: iso2, ibif_class, overall, plants, vertebrates (MSA-loss*km2*yr per m2*yr,
see ``tables.csv``); one row per country and class that IBIF covers (a missing row = IBIF v2 has no
factor for that class in that country).

How to run (from the repository root; standard library only)::

    pip download --no-deps edges==1.5.0 -d /tmp/wheels
    python3 config/characterisation/reduce_ibif.py --wheels /tmp/wheels
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from _reduce_common import TABLES, edges_table, exio_regions, fail, num, read_csv, wheel, write_csv

SPECIES = ("overall", "plants", "vertebrates")
# IBIF v2 class -> the edges flow read for it (any flow of the class carries the same value)
CLASS_FLOWS = {
    "cropland": "Occupation, annual crop",
    "pasture": "Occupation, pasture, man made",
    "plantation": "Occupation, forest, intensive",
    "urban": "Occupation, urban, discontinuously built",
    "mines": "Occupation, mineral extraction site",
}
OUTPUT = TABLES / "ibif_country.csv"
SHOW = ("NL", "BR", "ID", "AR")

Table = dict[tuple[str, str], float]  # (flow, ISO2 location) -> value


def read_species(edges: Path) -> dict[str, Table]:
    """Species group -> (flow, location) -> value, checking the file's unit."""
    out = {}
    for species in SPECIES:
        unit, out[species] = edges_table(edges, f"IBIF_biodiversity_LU_{species}")
        if unit != "MSA-loss.km2.yr":
            fail(f"IBIF_biodiversity_LU_{species}: unit {unit!r}, expected 'MSA-loss.km2.yr'")
    return out


def flow_classes(table: Table) -> dict[str, str]:
    """Flow -> IBIF class whose value it carries in every location (from the 'overall' file)."""
    found: dict[str, set[str]] = defaultdict(set)
    for (flow, loc), value in table.items():
        hits = [c for c, ref in CLASS_FLOWS.items() if table.get((ref, loc)) == value]
        if len(hits) != 1:
            fail(f"{flow} in {loc} = {value} matches classes {hits}, expected exactly one")
        found[flow].add(hits[0])
    mixed = {f: c for f, c in found.items() if len(c) > 1}
    if mixed:
        fail(f"flows carrying different classes in different countries: {mixed}")
    return {flow: classes.pop() for flow, classes in found.items()}


def rows(tables: dict[str, Table]) -> list[list[object]]:
    """Rows of ibif_country.csv, sorted by country and class."""
    locations = sorted({loc for _, loc in tables["overall"]})
    out: list[list[object]] = []
    for loc in locations:
        for cls, flow in CLASS_FLOWS.items():
            vals = [tables[s].get((flow, loc)) for s in SPECIES]
            if vals[0] is None:
                continue
            if None in vals:
                fail(f"{loc} {cls}: overall value but no plants or vertebrates value")
            out.append([loc, cls, *(num(v) for v in vals if v is not None)])
    return out


def check_concordance(table: list[list[object]]) -> list[str]:
    """Problems of land_class_concordance.csv against the classes and countries written."""
    have = {(str(r[0]), str(r[1])) for r in table}
    problems = []
    for row in read_csv(TABLES / "land_class_concordance.csv"):
        if row["ibif_class"] not in CLASS_FLOWS:
            problems.append(f"concordance: unknown IBIF class {row['ibif_class']!r}")
        elif row["land_type"]:
            gaps = [r for r in exio_regions()[:44] if (r, row["ibif_class"]) not in have]
            print(f"{row['land_type']} -> IBIF {row['ibif_class']}: no IBIF value for EXIOBASE "
                  f"countries {gaps or 'none'}")
    return problems


def show(tables: dict[str, Table]) -> None:
    """Print pasture vs plantation per species for a few countries, and today's forestry flow."""
    today = "Occupation, forest, extensive"
    for loc in SHOW:
        parts = [f"{s}: pasture {tables[s][(CLASS_FLOWS['pasture'], loc)]:.3g} vs plantation "
                 f"{tables[s].get((CLASS_FLOWS['plantation'], loc), float('nan')):.3g}" for s in SPECIES]
        print(f"{loc}  " + "; ".join(parts) +
              f"; factors.csv forestry today ('{today}', overall) {tables['overall'][(today, loc)]:.3g}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the pinned wheels")
    args = parser.parse_args()
    tables = read_species(wheel(args.wheels, "edges"))
    classes = flow_classes(tables["overall"])
    for cls in CLASS_FLOWS:
        print(f"IBIF class {cls}: carried by edges flows "
              + "; ".join(sorted(f.removeprefix("Occupation, ") for f, c in classes.items() if c == cls)))
    table = rows(tables)
    write_csv(OUTPUT, ["iso2", "ibif_class", *SPECIES], table)
    show(tables)
    problems = check_concordance(table)
    for problem in problems:
        print("CHECK FAILED:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
