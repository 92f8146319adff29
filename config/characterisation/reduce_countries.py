"""Write ``countries.csv``: every current country of country_converter's EXIO3 classification.

Not part of a run: run by hand; the output is committed. The run reads it to join the country tables
(LC-IMPACT by ISO3; IBIF v2 and GLAM 1.0 by ISO2) and to name each country's EXIOBASE 3 region.

Source: country_converter 1.3.2 (GPL-3.0), ``country_converter/country_data.tsv``, columns
``ISO2``, ``ISO3``, ``EXIO3``, ``name_short`` (rows marked ``obsolete`` are left out).

How to run (from the repository root; standard library only)::

    pip download --no-deps country_converter==1.3.2 -d /tmp/wheels
    python3 config/characterisation/reduce_countries.py --wheels /tmp/wheels
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _reduce_common import TABLES, coco_countries, exio_regions, fail, read_csv, wheel, write_csv

OUTPUT = TABLES / "countries.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the country_converter wheel")
    args = parser.parse_args()
    countries = coco_countries(wheel(args.wheels, "country_converter"))
    regions = set(exio_regions())
    # ISO2 is a regex for a few countries (e.g. ``^GB$|^UK$``): its first alternative is the code
    rows = sorted((iso3, r["ISO2"].split("|")[0].strip("^$"), r["EXIO3"], r["name_short"])
                  for iso3, r in countries.items())
    bad = [row for row in rows if row[2] not in regions]
    if bad:
        fail(f"EXIO3 region not among the 49 EXIOBASE regions: {bad[:5]}")
    write_csv(OUTPUT, ("iso3", "iso2", "exio_region", "name"), rows)
    lcimpact = {r["iso3"] for r in read_csv(TABLES / "lcimpact_country.csv")}
    missing = sorted({r[0] for r in rows} - lcimpact)
    print(f"countries without an lcimpact_country.csv row: {missing or 'none'}")


if __name__ == "__main__":
    main()
