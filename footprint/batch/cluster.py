"""Where a batch's tasks run: in this process, on a local Dask cluster sized to the machine, or on
an existing cluster; each task declares the memory its year needs as the Dask resource ``MEMORY``.
"""

from __future__ import annotations

from footprint.batch.sizing import GB, estimate_task_bytes, system_rows
from footprint.batch.task import Runner
from footprint.cluster import close_client, local_client, remote_client
from footprint.config import RunConfig
from footprint.progress import Progress

__all__ = ["dispatch"]


def dispatch(cfg: RunConfig, runner: Runner, todo: dict[int, list[str]], say: Progress) -> None:
    rows = max(system_rows(cfg, y)[0] for y in todo)
    # with [uncertainty] mrio_draws a task also holds the draws' sigma of Z (4 n^2), Z' (8 n^2) and LU (4 n^2)
    draws = 16 * rows * rows if cfg.uncertainty.mrio_draws else 0
    task_bytes = int(cfg.batch.memory_per_task_gb * GB) or estimate_task_bytes(rows) + draws
    scheduler = cfg.batch.scheduler
    if scheduler == "sequential":
        say("scheduler: sequential (this process, no Dask)")
        runner.sequential()
        return
    if scheduler == "local":
        client, use = local_client(task_bytes, len(todo), say, workers=cfg.batch.workers), True
    else:
        client, use = remote_client(scheduler, say)
    try:
        runner.dask(client, task_bytes, use)
    except KeyboardInterrupt:  # close quietly: the interrupted workers' complaints are no news
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        raise
    finally:
        close_client(client, scheduler == "local")
