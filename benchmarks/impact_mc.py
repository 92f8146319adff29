"""Time the Monte Carlo over the characterisation factors (issue 16 part 4) at a given size.

Usage::

    python -m benchmarks.impact_mc [--regions 49] [--groups 6] [--draws 1000] [--seed 16]

The Monte Carlo needs no new solve: it draws factors and multiplies them with the land footprint by
group, origin and land type, whose size is groups x regions x land types whatever the number of
products (n = regions x products). So the land is generated here (seeded, every origin with every land
type; the real system's land comes out of the one solve the run does anyway), the factors are the
real country tables of ``config/characterisation/`` with the FAOSTAT 2022 area weights, and the
regions are the first ``--regions`` EXIOBASE 3 codes (49: all, with the five RoW regions drawn member
by member). Timed: building the year's factors, the ranking and :func:`monte_carlo` for the four
default methods. Prints one JSON line ``{"regions", "groups", "draws", "impact_mc_s"}``.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

import numpy as np
import pandas as pd

from footprint.config import CONFIG_DIR, DEFAULTS, load_config
from footprint.impacts.characterise import characterise
from footprint.impacts.montecarlo import McSpec
from footprint.impacts.ranking import ranking
from footprint.impacts.stage import factors_for, read_impact_inputs
from footprint.impacts.uncertainty import monte_carlo

LAND_TYPES = ("crops_annual", "crops_permanent", "pasture", "forestry", "urban")


def land_long(regions: list[str], groups: int, seed: int) -> pd.DataFrame:
    """A seeded land footprint by group, origin and land type in the attribution's layout [ha*yr]."""
    rng = np.random.default_rng(seed)
    rows = [{"year": 2022, "consumer": "NL", "scenario": "baseline", "group": f"g{g}",
             "indicator": t, "unit": "ha*yr", "origin_region": r, "data": "benchmark (synthetic land)",
             "value": float(rng.lognormal(10, 2))}
            for g in range(groups) for r in regions for t in LAND_TYPES]
    return pd.DataFrame(rows)


def time_mc(n_regions: int, groups: int, draws: int, seed: int) -> dict[str, float]:
    """Seconds for the factors, the ranking and the Monte Carlo of the default methods."""
    regions = list(pd.read_csv(CONFIG_DIR / "regions.csv", keep_default_na=False)["exio_code"])[:n_regions]
    methods = tuple(DEFAULTS["impacts"]["methods"])
    base = load_config(CONFIG_DIR / "demo.toml").impacts
    assert base is not None
    spec = replace(base, methods=methods, draws=draws, seed=seed)
    inputs = read_impact_inputs(spec)
    assert inputs is not None
    land = land_long(regions, groups, seed)
    pressure = land.groupby(["group", "origin_region"], as_index=False)["value"].sum()
    t0 = time.perf_counter()
    factors, weights = factors_for(inputs, tuple(regions), 2022)
    table, _ = characterise(land, land.iloc[:0], factors, spec.methods, tuple(regions))
    ranked = ranking(table, pressure)
    t1 = time.perf_counter()
    monte_carlo(ranked, table, factors, tuple(regions), McSpec(draws, seed), spec.top_n, inputs.country,
                weights)
    t2 = time.perf_counter()
    return {"characterise_s": t1 - t0, "impact_mc_s": t2 - t1}


def main(argv: list[str] | None = None) -> int:
    """Run once and print the JSON line."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.impact_mc", description=__doc__.split("\n")[0])
    p.add_argument("--regions", type=int, default=49)
    p.add_argument("--groups", type=int, default=6)
    p.add_argument("--draws", type=int, default=1000)
    p.add_argument("--seed", type=int, default=16)
    args = p.parse_args(argv)
    times = time_mc(args.regions, args.groups, args.draws, args.seed)
    print(json.dumps({"regions": args.regions, "groups": args.groups, "draws": args.draws, **times}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
