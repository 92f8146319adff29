"""Extract UNEP GLAM 1.0 land-occupation factors per country and EXIOBASE land type.

Not part of a run: run by hand; the output ``glam_country.csv`` (next to this file) is committed and
documented in ``README.md`` here (issue 16: the run aggregates countries to EXIOBASE regions itself,
with the area weights of ``row_area_weights.csv``, and exposes the country table to origins resolved
to countries).

Source: GLAM 1.0 (version 1.0.2024.10) ecosystem quality, land use, occupation, aggregated taxa,
average approach, land-use weighted, global PDF*yr per m2*yr (Verones et al. 2026, Int. J. LCA 31:181;
Scherer et al. 2023, ES&T, doi 10.1021/acs.est.3c04191), as shipped in edges 1.5.0 (MIT),
``edges/data/GLAM 1.0_Land use, biodiversity_damage.json``.

Reduction (the same flows as ``reduce_factors.py``): per country and land type, ``central`` = the
factor of the land type's central ecoinvent flow (bw2io's mapping of the EXIOBASE row), ``low`` /
``high`` = min / max over the central flow and the flows of the same land use at other intensities.
That range is a **sensitivity** to the intensity choice, not a statistical interval: edges ships no
uncertainty for GLAM 1.0. Locations: the ISO2 countries of the file and its global value ``GLO``
(edges' location codes starting with ``x`` are sub-national or composite and are left out).

How to run (from the repository root; standard library only)::

    pip download --no-deps edges==1.5.0 -d /tmp/wheels
    python3 config/characterisation/reduce_glam.py --wheels /tmp/wheels
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _reduce_common import TABLES, edges_table, exio_regions, fail, num, read_csv, wheel, write_csv

FILE = "GLAM 1.0_Land use, biodiversity_damage"
OUTPUT = TABLES / "glam_country.csv"
# land type -> (central ecoinvent flow, flows of the same land use at other intensities)
LAND_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "crops_annual": ("Occupation, annual crop", (
        "Occupation, annual crop, non-irrigated, extensive",
        "Occupation, annual crop, non-irrigated, intensive",
        "Occupation, annual crop, irrigated, extensive",
        "Occupation, annual crop, irrigated, intensive")),
    "crops_paddy": ("Occupation, annual crop, irrigated, intensive", (
        "Occupation, annual crop, irrigated, extensive",)),
    "crops_permanent": ("Occupation, permanent crop", (
        "Occupation, permanent crop, non-irrigated, extensive",
        "Occupation, permanent crop, non-irrigated, intensive",
        "Occupation, permanent crop, irrigated, extensive",
        "Occupation, permanent crop, irrigated, intensive")),
    "pasture": ("Occupation, pasture, man made", (
        "Occupation, pasture, man made, extensive",
        "Occupation, pasture, man made, intensive",
        "Occupation, grassland, natural, for livestock grazing")),
    "forestry": ("Occupation, forest, extensive", ("Occupation, forest, intensive",)),
    "urban": ("Occupation, urban, discontinuously built", (
        "Occupation, urban, continuously built",
        "Occupation, industrial area",
        "Occupation, traffic area, road network")),
}


def rows(table: dict[tuple[str, str], float]) -> list[tuple[str, str, str, str, str]]:
    """(location, land type, low, central, high) for every location with the central flow."""
    locations = sorted({loc for (_, loc) in table if len(loc) == 2 or loc == "GLO"})
    out = []
    for loc in locations:
        for land_type, (central, others) in LAND_TYPES.items():
            if (central, loc) not in table:
                continue
            values = [table[(f, loc)] for f in (central, *others) if (f, loc) in table]
            out.append((loc, land_type, num(min(values)), num(table[(central, loc)]), num(max(values))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the edges wheel")
    args = parser.parse_args()
    unit, table = edges_table(wheel(args.wheels, "edges"), FILE)
    if unit != "Global PDF*y":
        fail(f"{FILE}: unit {unit!r}, expected 'Global PDF*y'")
    out = rows(table)
    write_csv(OUTPUT, ("iso2", "land_type", "low", "central", "high"), out)
    # self-check: re-read and compare every value with the source within the 6 printed digits
    for row in read_csv(OUTPUT):
        central = table[(LAND_TYPES[row["land_type"]][0], row["iso2"])]
        if abs(float(row["central"]) - central) > 5e-6 * abs(central):
            fail(f"{row['iso2']} {row['land_type']}: {row['central']} != {central}")
    have = {r[0] for r in out}
    lacking = [r for r in exio_regions() if len(r) == 2 and r not in have and r not in
               ("WA", "WL", "WE", "WF", "WM")]
    print(f"EXIOBASE country regions without a GLAM 1.0 value: {lacking or 'none'}")


if __name__ == "__main__":
    main()
