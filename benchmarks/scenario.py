"""Where the time of one further scenario goes: its pieces timed one by one, many times each.

Usage::

    python -m benchmarks.scenario [--n 9800] [--workdir DIR] [--repeat 30] [--threads 1,2] [--load K]

A further scenario of the benchmark (:func:`benchmarks.route.time_scenarios`) is new NL demand
for the 3 product groups solved with :meth:`footprint.engine.leontief.Leontief.solve`, then
attributed by origin row. This script factorises the benchmark's system once (generated into
``--workdir`` or reused from it), then times, for each BLAS thread count, the whole scenario and
each of its pieces (and five or ten such scenarios solved in one call): the thread choice, the
float32 solves (the triangular sweeps of :func:`footprint.engine._lapack.lu_solve_blocked` and
the casts around them), the float64
residual over the memory-mapped ``A`` (:func:`footprint.engine._lapack.a_times`), the
attribution, and the memory-bound passes of the floor (one matrix-vector product over the float32
factors, one over ``A``). Each figure is the minimum and the median of ``--repeat`` runs: the
minimum is the robust one on a shared machine. With ``--load K``, K processes keep a core busy
each while the pieces are timed (as ``make bench LOAD=K``).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.generate import load_system, spec_for_n, write_system
from benchmarks.route import by_origin, job_demand, scenario_demand
from benchmarks.run import busy_cores, existing_system


def timed(f: Callable[[], object], repeat: int) -> dict[str, float]:
    """Minimum and median seconds of ``repeat`` calls of ``f`` (after one untimed call)."""
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return {"min": float(np.min(times)), "median": float(np.median(times))}


def pieces(lf: Any, A: np.ndarray, y: np.ndarray, S: np.ndarray, repeat: int) -> dict[str, Any]:
    """Time one scenario and its pieces on the threads currently set."""
    from footprint.engine import _lapack
    from footprint.engine import threads as th

    n = lf.n
    B = lf._rhs(y)
    X = lf.solve(y)
    scale = np.abs(B).max(axis=0)
    Z0 = np.asfortranarray((B / scale).astype(np.float32))
    ones32, ones64 = np.ones(n, dtype=np.float32), np.ones(n)
    # five (ten) rescaled copies of the scenario side by side, solved in one call as a run solves its
    # scenarios (not the route's seeded ones: a solve's time does not depend on the values)
    five = np.hstack([y * (1.0 + 0.05 * k) for k in range(5)])
    ten = np.hstack([five, 0.9 * five])

    def stale_choice() -> None:
        th._last = (-1.0, None)
        th.choose()

    def sweeps(m: int = 3) -> Callable[[], None]:
        def run() -> None:
            Z = Z0[:, :m].copy(order="F")
            _lapack.lu_solve_blocked(lf._lu, Z, trans=True)
        return run

    def enter_limit() -> None:
        with th.limit():
            pass

    def chosen() -> None:
        keep, lf.threads = lf.threads, None
        lf.solve(y)
        lf.threads = keep

    def attribute() -> None:
        by_origin(S, lf.solve(y))

    out: dict[str, Any] = {
        "scenario (solve + attribution)": timed(attribute, repeat),
        "solve": timed(lambda: lf.solve(y), repeat),
        "solve, threads chosen per call": timed(chosen, repeat),
        "attribution": timed(lambda: by_origin(S, X), repeat),
        "thread choice, count reused": timed(th.choose, repeat),
        "thread choice, /proc read": timed(stale_choice, repeat),
        "limit() (choice + threadpoolctl)": timed(enter_limit, repeat),
        "f32 solve (casts + sweeps)": timed(lambda: lf._f32_solve(B, False), repeat),
        "sweeps only (lu_solve_blocked)": timed(sweeps(), repeat),
        "sweeps, first column only": timed(sweeps(1), repeat),
        "residual a_times(A, X)": timed(lambda: _lapack.a_times(A, X, False), repeat),
        "residual, first column only": timed(lambda: _lapack.a_times(A, X[:, :1], False), repeat),
        "five scenarios in one solve (15 columns), all": timed(lambda: lf.solve(five), repeat),
        "ten scenarios in one solve (30 columns), all": timed(lambda: lf.solve(ten), repeat),
        "floor: pass over factors (lu.T @ 1)": timed(lambda: lf._lu.T @ ones32, repeat),
        "floor: pass over A (A @ 1)": timed(lambda: A @ ones64, repeat),
    }
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.scenario",
                                description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=9800)
    p.add_argument("--workdir", type=Path, required=True, help="system folder kept here")
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--threads", default="1,2", help="BLAS thread counts to time, comma-separated")
    p.add_argument("--load", type=int, default=0, help="processes keeping one core busy each")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Factorise the system, time the pieces for each thread count, print JSON lines."""
    from threadpoolctl import threadpool_limits

    from footprint.engine.leontief import factorise

    args = parse_args(argv)
    spec = spec_for_n(args.n)
    folder = args.workdir / f"n{spec.n}" / "system"
    if existing_system(spec, folder) is None:
        write_system(spec, folder)
        os.sync()
    arrays, meta = load_system(folder, mapped=("A",))
    x = arrays["x"]
    S = arrays["F"] * np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    groups = job_demand(arrays["Y"], meta)[:, : len(meta["groups"])]
    y = scenario_demand(groups, 7)
    lf = factorise(arrays["A"], method="dense-lu-f32")  # "auto" picks it at n = 9,800
    print(json.dumps({"n": spec.n, "method": lf.method, "load": args.load,
                      "loadavg": os.getloadavg()}))
    with busy_cores(args.load):
        for k in (int(t) for t in args.threads.split(",")):
            lf.threads = k
            with threadpool_limits(k, user_api="blas"):
                res = pieces(lf, arrays["A"], y, S, args.repeat)
            res["corrections"] = lf.corrections
            print(json.dumps({"threads": k} | res))
            for name, v in res.items():
                if isinstance(v, dict):
                    print(f"  {k} thr  {name:40s} min {1e3 * v['min']:8.2f} ms  "
                          f"median {1e3 * v['median']:8.2f} ms")
    print(json.dumps({"loadavg_end": os.getloadavg()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
