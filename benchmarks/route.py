"""One route of the benchmark job in its own process, so that its peak memory is its own.

Usage: ``python -m benchmarks.route pymrio|footprint|lu <system folder> <result folder>``.

The job, on the system written by :mod:`benchmarks.generate`:

* ``P`` (3, k, n): every stressor by origin row (region x product) caused by NL's final demand
  (all 7 categories) for each of 3 product groups;
* ``O`` (k, R, R): every stressor by origin region for the whole final demand of each of the R
  consumer regions (the origin x consumer matrices);
* ``M`` (k, n): the multipliers ``S L``.

Each route times load + compute (imports excluded), reports its peak RSS (``VmHWM``, see
:func:`peak_mb`), writes ``P.npy``, ``O.npy``, ``M.npy`` and ``P_scenario.npy`` into the result
folder and prints one JSON line of timings. footprint's route memory-maps ``A`` read-only (its
engine only reads it; :func:`footprint.inputs.npy.map_npy`): the file's pages, no private copy;
they count in its peak RSS all the same. After the job both routes time five further scenarios
(new NL demand vectors for the 3 groups on the same system: footprint solves against its
factorisation, pymrio multiplies by its ``L``); ``scenario_s`` is their median. The ``lu`` route
times a plain scipy dense LU of ``I - A`` and footprint's :func:`footprint.engine.leontief.factorise` of
the same matrix.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.generate import load_system

Timings = dict[str, Any]


def peak_mb() -> float:
    """Peak resident set size of this process so far [MB].

    Reads ``VmHWM`` from ``/proc/self/status`` (the high-water mark of this process's own memory
    map). ``getrusage(...).ru_maxrss`` is not used on Linux: at ``exec`` the kernel folds the
    high-water mark of the memory map being replaced - the parent's, for a child started by
    ``subprocess`` (vfork) - into it, so a route started by ``benchmarks.run`` reported the
    parent's peak (the generator's: A plus its LU at n = 9,800, about 1.6 GB) whenever that was
    larger than its own. Falls back to ``ru_maxrss`` (KiB) where ``/proc`` is missing.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # pragma: no cover


def job_demand(Y: np.ndarray, meta: dict[str, Any]) -> np.ndarray:
    """Demand vectors of the job, (n, 3 + R): NL's demand split into 3 groups, then each consumer.

    Group ``g`` keeps the rows of sectors in the ``g``-th third of the sector list.
    """
    R, nf = len(meta["regions"]), len(meta["fd_categories"])
    ns = len(meta["sectors"])
    by_consumer = Y.reshape(Y.shape[0], R, nf).sum(axis=2)  # (n, R)
    nl = by_consumer[:, meta["regions"].index(meta["consumer"])]
    sector = np.tile(np.arange(ns), R)
    group = np.minimum(sector * len(meta["groups"]) // ns, len(meta["groups"]) - 1)
    groups = np.stack([np.where(group == g, nl, 0.0) for g in range(len(meta["groups"]))], axis=1)
    return np.hstack([groups, by_consumer])


def scenario_demand(groups: np.ndarray, seed: int = 7) -> np.ndarray:
    """A further NL scenario: each product's demand scaled by a seeded factor in [0.5, 1.5]."""
    rng = np.random.default_rng(seed)
    return groups * rng.uniform(0.5, 1.5, size=(groups.shape[0], 1))


#: Seeds of the further scenarios each route times; ``scenario_s`` is the median of their times
#: and the first one's result (``P_scenario``) is compared between the routes.
SCENARIO_SEEDS = (7, 8, 9, 10, 11)


def by_origin(S: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Stressors of each demand vector by origin row: ``S[k, i] X[i, g]`` as (g, k, n).

    The product of :func:`footprint.engine.accounts.origin_footprints` in the benchmark's layout,
    written here so that pymrio's route does not import footprint (it would count in its memory).
    """
    return S[np.newaxis] * X.T[:, np.newaxis, :]


def time_scenarios(
    groups: np.ndarray, S: np.ndarray, solve: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, list[float], float]:
    """Solve and attribute one further scenario per seed; return the first result and the times.

    Each scenario is new NL demand for the 3 groups (:func:`scenario_demand`), solved with
    ``solve`` and attributed by origin row like ``P``; only the solve and the attribution are
    timed. Then all of them once more in one call (``solve`` of their demand side by side, as a
    run solves every final-demand scenario of its file together); the third value is that call's
    time divided by the number of scenarios [s per scenario].
    """
    first: np.ndarray | None = None
    times = []
    demands = [scenario_demand(groups, seed) for seed in SCENARIO_SEEDS]
    for new in demands:
        t0 = time.perf_counter()
        Xs = solve(new)
        scen = by_origin(S, Xs)
        times.append(time.perf_counter() - t0)
        first = scen if first is None else first
    assert first is not None
    t0 = time.perf_counter()
    by_origin(S, solve(np.hstack(demands)))
    batched = (time.perf_counter() - t0) / len(demands)
    return first, times, batched


def job_results(S: np.ndarray, X: np.ndarray, n_groups: int, n_regions: int) -> dict[str, Any]:
    """``P`` (groups, k, n) and ``O`` (k, R, R) from intensities ``S`` and outputs ``X = L B``."""
    k, n = S.shape
    P = by_origin(S, X[:, :n_groups])
    ns = n // n_regions
    by_consumer = X[:, n_groups:].reshape(n_regions, ns, -1)
    origin = np.einsum("krs,rsc->krc", S.reshape(k, n_regions, ns), by_consumer)
    return {"P": P, "O": origin}


def pymrio_system(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Any:
    """A pymrio ``IOSystem`` of A, Y, x and one ``stressors`` extension (F, F_Y), as DataFrames.

    Pops ``A`` from ``arrays`` so that the caller does not keep a second reference to it.
    """
    import pandas as pd
    import pymrio

    names = ["region", "sector"]
    idx = pd.MultiIndex.from_product([meta["regions"], meta["sectors"]], names=names)
    fd = pd.MultiIndex.from_product(
        [meta["regions"], meta["fd_categories"]], names=["region", "category"]
    )
    rows = pd.MultiIndex.from_tuples([tuple(s[:2]) for s in meta["stressors"]])
    units = pd.DataFrame({"unit": [s[2] for s in meta["stressors"]]}, index=rows)
    return pymrio.IOSystem(
        A=pd.DataFrame(arrays.pop("A"), index=idx, columns=idx),
        Y=pd.DataFrame(arrays["Y"], index=idx, columns=fd),
        x=pd.DataFrame(arrays["x"], index=idx, columns=["indout"]),
        unit=pd.DataFrame({"unit": "M.EUR"}, index=idx),
        name="synthetic",
        stressors={
            "name": "stressors",
            "F": pd.DataFrame(arrays["F"], index=rows, columns=idx),
            "F_Y": pd.DataFrame(arrays["F_Y"], index=rows, columns=fd),
            "unit": units,
        },
    )


def run_pymrio(folder: Path) -> tuple[dict[str, Any], Timings]:
    """pymrio's route: IOSystem from DataFrames, ``calc_all()``, then the job from its L and S."""
    t0 = time.perf_counter()
    arrays, meta = load_system(folder)
    io = pymrio_system(arrays, meta)
    t1 = time.perf_counter()
    io.calc_all()
    t2 = time.perf_counter()
    B = job_demand(arrays["Y"], meta)
    L, S = io.L.to_numpy(), io.stressors.S.to_numpy()
    X = L @ B  # a pymrio user multiplies by pymrio's own L
    out = job_results(S, X, len(meta["groups"]), len(meta["regions"]))
    out["M"] = io.stressors.M.to_numpy()
    t3 = time.perf_counter()
    out["P_scenario"], scen, batched = time_scenarios(B[:, : len(meta["groups"])], S, lambda y: L @ y)
    times = {"load_s": t1 - t0, "calc_all_s": t2 - t1, "job_s": t3 - t2, "total_s": t3 - t0}
    return out, times | {"scenario_s": float(np.median(scen)), "scenario_times_s": scen,
                         "scenario_batched_s": batched}


def run_footprint(folder: Path) -> tuple[dict[str, Any], Timings]:
    """footprint's route: factorise (I - A) once, one batched solve for all demand vectors."""
    from footprint.engine.accounts import multipliers
    from footprint.engine.leontief import factorise

    t0 = time.perf_counter()
    arrays, meta = load_system(folder, mapped=("A",))  # A is only read: no private copy
    x = arrays["x"]
    S = arrays["F"] * np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    B = job_demand(arrays["Y"], meta)
    t1 = time.perf_counter()
    lf = factorise(arrays["A"], blocks=len(meta["regions"]))
    t2 = time.perf_counter()
    threads = {"factorise": lf.last_threads}
    X = lf.solve(B)
    out = job_results(S, X, len(meta["groups"]), len(meta["regions"]))
    out["M"] = multipliers(S, lf)
    t3 = time.perf_counter()
    scenario_threads: list[int] = []
    counts: list[tuple[int, int]] = []  # (GMRES iterations, corrections) of each call

    def solve(y: np.ndarray) -> np.ndarray:
        Xs = lf.solve(y)
        scenario_threads.append(lf.last_threads)
        counts.append((lf.iterations, lf.corrections))
        return Xs

    out["P_scenario"], scen, batched = time_scenarios(B[:, : len(meta["groups"])], S, solve)
    times = {"load_s": t1 - t0, "factorise_s": t2 - t1, "job_s": t3 - t2, "total_s": t3 - t0}
    times |= {"scenario_s": float(np.median(scen)), "scenario_times_s": scen,
              "scenario_batched_s": batched}
    # counts[-2]: the last scenario solved alone; counts[-1]: all of them in one call
    times |= {"method": lf.method, "threads": threads | {"scenarios": scenario_threads},
              "iterations": counts[-2][0], "batched_iterations": counts[-1][0]}
    times |= {"scenario_corrections": counts[-2][1]} | scenario_floor(arrays["A"], lf)
    return out, times


def _best_of(f: Callable[[], object], repeat: int = 5) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return float(best)


def scenario_floor(A: np.ndarray, lf: Any) -> dict[str, float]:
    """Memory-bound floor of one refined scenario solve, measured after the timed part.

    A refined solve must read the float32 factors twice (initial solve, one correction) and ``A``
    once (the float64 residual). One pass over each is timed as a matrix-vector product (reads the
    array once, both cores): ``floor = 2 t(factors) + t(A)``, whatever the number of vectors.
    """
    lu = getattr(lf, "_lu", None)
    if lu is None or lu.dtype != np.float32:
        return {}
    ones32 = np.ones(lu.shape[0], dtype=np.float32)
    ones64 = np.ones(A.shape[0])
    t_lu = _best_of(lambda: lu.T @ ones32)
    t_a = _best_of(lambda: A @ ones64)
    return {"pass_factors_s": t_lu, "pass_A_s": t_a, "scenario_floor_s": 2 * t_lu + t_a}


def run_lu(folder: Path) -> tuple[dict[str, Any], Timings]:
    """Time a plain scipy dense LU (float64) of ``I - A`` and footprint's factorisation of it."""
    import scipy.linalg as sla

    from footprint.engine.leontief import factorise

    A = np.load(folder / "A.npy")
    M = np.negative(A, order="F")
    M.flat[:: A.shape[0] + 1] += 1.0
    t0 = time.perf_counter()
    sla.lu_factor(M, overwrite_a=True, check_finite=False)
    t1 = time.perf_counter()
    del M
    lf = factorise(A, method="dense-lu-f32")  # the factorisation, whatever route "auto" picks
    t2 = time.perf_counter()
    times = {"dense_lu_s": t1 - t0, "factorise_s": t2 - t1, "method": lf.method}
    return {}, times  # type: ignore[return-value]


ROUTES: dict[str, Callable[[Path], tuple[dict[str, Any], Timings]]] = {
    "pymrio": run_pymrio,
    "footprint": run_footprint,
    "lu": run_lu,
}


def main(argv: list[str]) -> int:
    """Run the route ``argv[0]`` on system folder ``argv[1]``, writing results to ``argv[2]``."""
    if len(argv) != 3 or argv[0] not in ROUTES:
        routes = "|".join(ROUTES)
        print(f"usage: python -m benchmarks.route {routes} SYSTEM_DIR OUT_DIR", file=sys.stderr)
        return 2
    out_dir = Path(argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    results, times = ROUTES[argv[0]](Path(argv[1]))
    for name, arr in results.items():
        np.save(out_dir / f"{name}.npy", arr)
    print(json.dumps({"route": argv[0], **times, "peak_mb": peak_mb()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
