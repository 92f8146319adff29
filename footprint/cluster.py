"""Dask clusters for footprint's parallel work (a batch's years, the MRIO Monte Carlo's draws): a
local cluster sized to this machine's cores and memory, or a connection to an existing scheduler.

Every task declares the memory it needs as the Dask resource ``MEMORY``; the workers of a local
cluster offer their memory limit as that resource, so a small machine runs fewer tasks at once
instead of running out of memory.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from footprint.errors import FootprintError
from footprint.progress import Progress

__all__ = ["GB", "close_client", "local_client", "plan_local_cluster", "remote_client", "usable_cores",
           "worker_blas_threads"]

GB = 1024**3


def plan_local_cluster(task_bytes: int, n_tasks: int, *, cores: int, available: int,
                       workers: int = 0, what: str = "a year's task") -> tuple[int, int]:
    """Workers of a local cluster and the memory limit of each [bytes].

    At most one worker per core and per task, and no more than 80 % of the available memory
    divided by a task's need; ``workers > 0`` asks for that many (still capped by cores and
    memory: workers x threads per worker x BLAS threads per worker never exceed the cores, see
    :func:`worker_blas_threads`).

    Raises
    ------
    FootprintError
        Not even one task fits in 80 % of the available memory.
    """
    budget = int(0.8 * available)
    if task_bytes > budget:
        raise FootprintError(
            f"{what} needs about {task_bytes / GB:.1f} GB but only {budget / GB:.1f} GB "
            "(80 % of the available memory) can be given to it; free memory, run on a larger "
            "machine or an existing cluster ([batch] scheduler = \"tcp://...\"), or set "
            "[batch] memory_per_task_gb if the estimate is too high."
        )
    n = min(workers or cores, cores, max(n_tasks, 1), budget // task_bytes)
    return max(n, 1), budget // max(n, 1)


def worker_blas_threads(cores: int, workers: int) -> int:
    """BLAS threads per worker of a local cluster of ``workers`` one-thread workers on ``cores``.

    ``workers x 1 x threads <= cores`` (at least 1): each worker's factorisation gets its share
    of the cores and no more. The workers are started with ``OPENBLAS_NUM_THREADS`` (and the
    OpenMP / MKL equivalents) set to it; the engine never exceeds that count and uses fewer when
    cores are busy (:mod:`footprint.engine.threads`).
    """
    return max(cores // max(workers, 1), 1)


def usable_cores() -> int:
    """Cores this process may run on (its affinity mask; all cores where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _blas_threads_here() -> int:
    """BLAS threads of scipy's OpenBLAS (the engine's) in this process (run on each worker)."""
    import scipy.linalg  # noqa: F401  (loads scipy's OpenBLAS)
    from threadpoolctl import threadpool_info

    counts = [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]
    return min(counts) if counts else 0


@contextmanager
def _workers_ignore_sigint() -> Iterator[None]:
    """Start worker processes with SIGINT ignored (they inherit it), then restore this process's
    handler: Ctrl-C reaches the whole process group, and only this process should act on it (it
    closes the cluster); workers hit by it would print tracebacks of their interrupted loops."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def local_client(task_bytes: int, n_tasks: int, say: Progress, *, workers: int = 0,
                 what: str = "a year's task") -> Any:
    """A client of a new local cluster: :func:`plan_local_cluster` workers of one thread each, the
    BLAS threads split between them, each offering its memory limit as the resource ``MEMORY``."""
    import psutil
    from distributed import Client, LocalCluster

    cores = usable_cores()
    n, limit = plan_local_cluster(task_bytes, n_tasks, cores=cores,
                                  available=psutil.virtual_memory().available, workers=workers, what=what)
    if workers > cores:
        say(f"[batch] workers = {workers} asks for more workers than the {cores} cores this "
            f"process may use; starting at most {cores} (more would share cores and slow every "
            "worker's factorisation down)")
    blas = str(worker_blas_threads(cores, n))  # the LU of a task uses the cores its worker may have
    with _workers_ignore_sigint():
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, memory_limit=limit,
                               processes=True, resources={"MEMORY": limit}, dashboard_address=":0",
                               # workers' own log lines at ERROR are shutdown noise (a heartbeat to a
                               # scheduler that a Ctrl-C closed, with its traceback); failed tasks are
                               # reported by the caller, from the futures
                               silence_logs=logging.CRITICAL,
                               env={"OMP_NUM_THREADS": blas, "OPENBLAS_NUM_THREADS": blas,
                                    "MKL_NUM_THREADS": blas})
    try:  # a Ctrl-C before the caller holds the client must not leave the workers running
        client = Client(cluster)
    except BaseException:
        cluster.close()
        raise
    seen = sorted(set(client.run(_blas_threads_here).values()))  # what the workers got
    say(f"local Dask cluster: {n} worker(s) x 1 thread, {limit / GB:.1f} GB each, BLAS threads "
        f"{blas} (workers report {', '.join(map(str, seen))}); a task declares "
        f"{task_bytes / GB:.2f} GB")
    return client


def remote_client(address: str, say: Progress) -> tuple[Any, bool]:
    """A client of the scheduler at ``address`` and whether its workers declare ``MEMORY``."""
    from distributed import Client

    client = Client(address, timeout="30s")
    workers = client.scheduler_info().get("workers", {})
    with_memory = [w for w in workers.values() if "MEMORY" in (w.get("resources") or {})]
    say(f"Dask cluster at {address}: {len(workers)} worker(s), {len(with_memory)} declaring MEMORY")
    if workers and not with_memory:
        say("note: no worker declares a MEMORY resource, so tasks are not scheduled by memory; "
            "start workers with `dask worker ADDRESS --nthreads 1 --resources MEMORY=<bytes>`.")
    return client, bool(with_memory)


def close_client(client: Any, own_cluster: bool) -> None:
    """Close ``client`` and, when this process started it (a local cluster), its cluster."""
    cluster = client.cluster
    client.close()
    if own_cluster and cluster is not None:
        cluster.close()
