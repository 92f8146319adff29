"""Draws per minute of the Monte Carlo over the MRIO (issue 18 part 4) at EXIOBASE size.

Usage::

    python -m benchmarks.mrio_mc [--n 9800] [--draws 8] [--setups sequential,2x1,1x2] [--workdir DIR]

The seeded synthetic system of :mod:`benchmarks.generate` (49 regions x 200 products at n = 9,800, 24
stressors) is written once as ``.npy`` files; every setup then runs the same draws of
:class:`footprint.uncertainty.mrio.MrioProblem` (consumer NL, its six domestic final-demand categories,
the generator's three product groups, every stressor as a pressure, the default perturbation law):

* ``sequential``: in this process, one draw after another (BLAS threads as the environment sets them);
* ``WxT``: a local Dask cluster of W worker processes with one task thread each and T BLAS threads per
  worker (``2x1``: two workers, one BLAS thread each; ``1x2``: one worker using both cores in BLAS),
  the draws in chunks (:func:`footprint.uncertainty.distribute.run_draws`).

Each worker (and the sequential route) memory-maps ``A`` and builds its problem once (the perturbation
law's sizes); that time is inside the measured wall time, the cluster's start is not. Prints a JSON
line per setup, then one line ``{"n", "draws", "setups": {name: draws_per_min}, "load"}`` with the
load average (1, 5, 15 min) at the end. Not a test: a measurement, to be run on a quiet machine.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.generate import FD_CATEGORIES, GROUPS, spec_for_n, write_system

__all__ = ["load_problem", "main", "time_setup"]


def load_problem(folder: Path) -> Any:
    """The benchmark's problem from the generator's folder (``A`` memory-mapped, read-only)."""
    from benchmarks.generate import load_system
    from footprint.uncertainty.mrio import MrioProblem

    arrays, meta = load_system(folder, mapped=("A",))
    regions, n_sectors = meta["regions"], len(meta["sectors"])
    nl = regions.index(meta["consumer"])
    n_fd = len(FD_CATEGORIES)
    columns = np.arange(nl * n_fd, nl * n_fd + 6)  # NL's categories except exports
    W = np.zeros((len(GROUPS), n_sectors))
    for g, part in enumerate(np.array_split(np.arange(n_sectors), len(GROUPS))):
        W[g, part] = 1.0
    k = arrays["F"].shape[0]
    return MrioProblem(A=arrays["A"], x=arrays["x"], Y=arrays["Y"], F=arrays["F"], F_Y=arrays["F_Y"],
                       C=np.eye(k), columns=columns, W=W, n_regions=len(regions), consumer=nl)


def time_setup(setup: str, folder: Path, draws: int, seed: int) -> dict[str, Any]:
    """Wall time of ``draws`` draws in one setup (``sequential`` or ``WxT``), and draws per minute."""
    from footprint.uncertainty.distribute import run_draws

    load = functools.partial(load_problem, folder)
    key = f"bench-{folder}"
    if setup == "sequential":
        t0 = time.perf_counter()
        out = run_draws(load, key, draws, seed)
        wall = time.perf_counter() - t0
        return _record(setup, draws, wall, out, os.environ.get("OPENBLAS_NUM_THREADS", "default"))
    workers, blas = (int(v) for v in setup.split("x"))
    from distributed import Client, LocalCluster

    env = {"OMP_NUM_THREADS": str(blas), "OPENBLAS_NUM_THREADS": str(blas), "MKL_NUM_THREADS": str(blas)}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      env=env) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        t0 = time.perf_counter()
        out = run_draws(load, key, draws, seed, client=client)
        wall = time.perf_counter() - t0
    return _record(setup, draws, wall, out, str(blas))


def _record(setup: str, draws: int, wall: float, out: np.ndarray, blas: str) -> dict[str, Any]:
    total = out[:, 0].sum(axis=2)  # (draws, pressures): group total over origins
    return {"setup": setup, "draws": draws, "wall_s": round(wall, 2),
            "draws_per_min": round(60.0 * draws / wall, 2), "blas_threads": blas,
            "checksum": float(np.round(total.sum(), 6))}


def main(argv: list[str] | None = None) -> int:
    """Generate the system, time every setup, print the JSON lines."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.mrio_mc", description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=9800)
    p.add_argument("--regions", type=int, default=49)
    p.add_argument("--draws", type=int, default=8)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--setups", default="sequential,2x1,1x2")
    p.add_argument("--workdir", type=Path, help="keep (and reuse) the system here; default: a temp folder")
    args = p.parse_args(argv)
    spec = spec_for_n(args.n, n_regions=args.regions)
    root = args.workdir or Path(tempfile.mkdtemp(prefix="footprint-mrio-mc-"))
    folder = root / f"system-{spec.n}"
    if not (folder / "meta.json").is_file():
        write_system(spec, folder)
    setups, rates = args.setups.split(","), {}
    for setup in setups:
        record = time_setup(setup, folder, args.draws, args.seed)
        print(json.dumps(record), flush=True)
        rates[setup] = record["draws_per_min"]
    print(json.dumps({"n": spec.n, "draws": args.draws, "setups": rates,
                      "load": [round(v, 2) for v in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
