"""Where a batch's tasks run: in this process, on a local Dask cluster sized to the machine, or on
an existing cluster; each task declares the memory its year needs as the Dask resource ``MEMORY``.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from footprint.batch.sizing import GB, estimate_task_bytes, plan_local_cluster, system_rows
from footprint.batch.task import Runner
from footprint.config import RunConfig
from footprint.progress import Progress

__all__ = ["dispatch"]


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


def _local_cluster(cfg: RunConfig, task_bytes: int, n_tasks: int, say: Progress) -> Any:
    import logging

    import psutil
    from distributed import Client, LocalCluster

    cores = os.cpu_count() or 1
    n, limit = plan_local_cluster(task_bytes, n_tasks, cores=cores,
                                  available=psutil.virtual_memory().available,
                                  workers=cfg.batch.workers)
    blas = str(max(cores // n, 1))  # the LU of a year uses the cores its worker may have
    with _workers_ignore_sigint():
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, memory_limit=limit,
                               processes=True, resources={"MEMORY": limit}, dashboard_address=":0",
                               # workers' own log lines at ERROR are shutdown noise (a heartbeat to a
                               # scheduler that a Ctrl-C closed, with its traceback); failed tasks are
                               # reported by the batch itself, from the futures
                               silence_logs=logging.CRITICAL,
                               env={"OMP_NUM_THREADS": blas, "OPENBLAS_NUM_THREADS": blas,
                                    "MKL_NUM_THREADS": blas})
    try:  # a Ctrl-C before the caller holds the client must not leave the workers running
        client = Client(cluster)
    except BaseException:
        cluster.close()
        raise
    say(f"local Dask cluster: {n} worker(s) x 1 thread, {limit / GB:.1f} GB each, BLAS threads "
        f"{blas}; a task declares {task_bytes / GB:.2f} GB")
    return client


def _remote(address: str, say: Progress) -> tuple[Any, bool]:
    from distributed import Client

    client = Client(address, timeout="30s")
    workers = client.scheduler_info().get("workers", {})
    with_memory = [w for w in workers.values() if "MEMORY" in (w.get("resources") or {})]
    say(f"Dask cluster at {address}: {len(workers)} worker(s), {len(with_memory)} declaring MEMORY")
    if workers and not with_memory:
        say("note: no worker declares a MEMORY resource, so tasks are not scheduled by memory; "
            "start workers with `dask worker ADDRESS --nthreads 1 --resources MEMORY=<bytes>`.")
    return client, bool(with_memory)


def dispatch(cfg: RunConfig, runner: Runner, todo: dict[int, list[str]], say: Progress) -> None:
    rows = max(system_rows(cfg, y)[0] for y in todo)
    task_bytes = int(cfg.batch.memory_per_task_gb * GB) or estimate_task_bytes(rows)
    scheduler = cfg.batch.scheduler
    if scheduler == "sequential":
        say("scheduler: sequential (this process, no Dask)")
        runner.sequential()
        return
    if scheduler == "local":
        client, use = _local_cluster(cfg, task_bytes, len(todo), say), True
    else:
        client, use = _remote(scheduler, say)
    try:
        runner.dask(client, task_bytes, use)
    except KeyboardInterrupt:  # close quietly: the interrupted workers' complaints are no news
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        raise
    finally:
        cluster = client.cluster
        client.close()
        if scheduler == "local" and cluster is not None:
            cluster.close()
