"""Before / after figures of issue 16 part 3 (rest-of-world factors by land area instead of GDP).

Not part of a run. Compares WA and WL factors of two factor tables and the protein impact by origin of
two results folders of the demo (``python -m footprint run config/demo.toml --out DIR``)::

    git show dfa210c:config/characterisation/factors.csv > /tmp/factors_gdp.csv
    python config/characterisation/compare_row_weights.py --old-factors /tmp/factors_gdp.csv \\
        --before RESULTS_OF_dfa210c --after RESULTS_NOW [--consumer NL --group protein]

``--old-factors``: ``factors.csv`` before issue 16 (GDP-weighted RoW rows); the new factors are read
from the ``impact_factors.csv`` of ``--after``. Prints plain tables. Needs pandas (the project's
environment).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

TYPES = ("crops_annual", "pasture", "forestry")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--old-factors", type=Path, required=True)
    p.add_argument("--before", type=Path, required=True)
    p.add_argument("--after", type=Path, required=True)
    p.add_argument("--group", default="protein")
    args = p.parse_args()
    old = pd.read_csv(args.old_factors, keep_default_na=False)
    new = pd.read_csv(args.after / "impact_factors.csv", keep_default_na=False)
    keys = ["method", "land_type", "region"]
    pick = {"region": ["WA", "WL"], "land_type": list(TYPES), "pressure": ["land"]}
    rows = []
    for name, table in (("GDP-weighted (before)", old), ("area-weighted (after)", new)):
        sel = table
        for col, values in pick.items():
            sel = sel[sel[col].isin(values)]
        rows.append(sel.assign(weights=name)[[*keys, "value", "weights"]])
    both = pd.concat(rows).pivot_table(index=keys, columns="weights", values="value", aggfunc="first")
    print("Central factors of WA and WL [impact unit per m2*yr]\n")
    print(both.to_string(float_format="{:.3g}".format))
    for label, folder in (("before", args.before), ("after", args.after)):
        ranked = pd.read_csv(folder / "impact_ranking.csv", keep_default_na=False)
        sel = ranked[ranked["group"] == args.group].pivot_table(index="origin_region", columns="method",
                                                                values="impact", aggfunc="first")
        print(f"\n{args.group} impact by origin, {label} ({folder}), central factors [unit of the method]\n")
        print(sel.sort_values(sel.columns[0], ascending=False).to_string(float_format="{:.3g}".format))


if __name__ == "__main__":
    main()
