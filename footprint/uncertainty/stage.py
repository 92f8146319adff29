"""The run's MRIO Monte Carlo stage (``[uncertainty] mrio_draws``): where the draws run, the table.

Where the draws run follows ``[batch] scheduler``:

* ``"sequential"``: in the run's own process;
* ``"local"`` (the default): a local Dask cluster sized like a batch's (:mod:`footprint.cluster`: one
  worker per core and per chunk of draws, within 80 % of the available memory, BLAS threads split
  between the workers), except for a small system (fewer than :data:`LOCAL_MIN_ROWS` rows, such as the
  795-row demo) or fewer than two draws: a draw then takes milliseconds and starting workers would take
  longer than all draws, so they run in the run's own process;
* an address (``"tcp://..."``): that cluster's workers, which must reach the run's data and cache.

Each worker builds the problem itself with the ``load`` callable it is given (the pipeline's: the
main year's system from footprint's cache, ``A`` memory-mapped) and keeps it for its next chunk. A batch
task computes its year's draws in its own process (it is already one of the batch's Dask tasks). The
result does not depend on the route: draw ``d`` always uses ``numpy.random.default_rng([mrio_seed, d])``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from footprint.attribution import GroupWeights
from footprint.cluster import close_client, local_client, remote_client
from footprint.config import RunConfig
from footprint.engine.leontief import Leontief
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.progress import Progress
from footprint.uncertainty.distribute import Loader, run_draws
from footprint.uncertainty.law import CvLaw
from footprint.uncertainty.mrio import problem_for_run
from footprint.uncertainty.table import mrio_table
from footprint.vocabulary import TOTAL_GROUP

__all__ = ["LOCAL_MIN_ROWS", "law_of", "mrio_stage", "task_bytes"]

LOCAL_MIN_ROWS = 2000
"""Below this many rows a ``"local"`` scheduler runs the draws in the run's own process."""


def law_of(cfg: RunConfig) -> CvLaw:
    """The perturbation law of ``[uncertainty]``."""
    u = cfg.uncertainty
    return CvLaw(u.mrio_cv_ref, u.mrio_cv_exponent, u.mrio_cv_min, u.mrio_cv_max)


def task_bytes(rows: int) -> int:
    """Memory a worker needs for the draws of an ``n``-row system [bytes]: ``24 n^2 + 0.4 GB``.

    ``sigma`` of ``Z`` (float32, 4 n^2), the draw's ``Z'`` then ``A'`` (float64, 8 n^2), the LU factors
    (float32 above 4,000 rows, 4 n^2; float64 below) and the pages of the memory-mapped ``A`` (8 n^2),
    plus a process base of 0.4 GB (2.7 GB at n = 9,800; measured peak of benchmarks/mrio_mc.py's
    problem in one process: 2.6 GB, 2026-12-01).
    """
    return int(24 * rows * rows + 0.4 * 1024**3)


def _key(cfg: RunConfig, year: int | None) -> str:
    blob = json.dumps([cfg.resolved(), str(cfg.config_file), year], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _client(cfg: RunConfig, rows: int, draws: int, say: Progress) -> tuple[Any, dict[str, float] | None]:
    """A Dask client for the draws and the resources a chunk declares; None: run in this process."""
    scheduler = cfg.batch.scheduler
    if scheduler == "sequential" or (scheduler == "local" and (rows < LOCAL_MIN_ROWS or draws < 2)):
        return None, None
    need = task_bytes(rows)
    if scheduler == "local":
        client = local_client(need, draws, say, workers=cfg.batch.workers,
                              what="a worker of the MRIO Monte Carlo")
        return client, {"MEMORY": need}
    client, with_memory = remote_client(scheduler, say)
    return client, ({"MEMORY": need} if with_memory else None)


def mrio_stage(cfg: RunConfig, mrio: MRIO, pressures: PressureSet, groups: GroupWeights,
               leontief: Leontief, load: Loader | None, say: Progress
               ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """``mrio_uncertainty`` of one year (empty with ``mrio_draws = 0``) and a note for the manifest.

    Parameters
    ----------
    cfg : RunConfig
    mrio, pressures, groups, leontief
        The year's system, pressures, groups and factorisation (for the deterministic value).
    load : callable or None
        Builds the year's problem in a Dask worker (picklable); None: the draws run in this process.
    say : callable

    Raises
    ------
    FootprintError
        A draw's system is not productive or has a non-positive output (the message names the fix).
    """
    u = cfg.uncertainty
    if u.mrio_draws == 0:
        return {}, []
    law = law_of(cfg)
    local = problem_for_run(mrio, pressures, cfg.consumer, groups, law)
    deterministic = local.deterministic(leontief)
    client, resources = _client(cfg, mrio.n, u.mrio_draws, say) if load is not None else (None, None)
    where = "this process" if client is None else "Dask workers"
    say(f"MRIO Monte Carlo: {u.mrio_draws} draws of Z, Y and F ({mrio.n:,} rows) in {where}")
    try:
        if client is None:
            draws = run_draws(lambda: local, f"run-{id(local)}", u.mrio_draws, u.mrio_seed, progress=say)
        else:
            assert load is not None
            draws = run_draws(load, _key(cfg, mrio.year), u.mrio_draws, u.mrio_seed, client=client,
                              resources=resources, progress=say)
    finally:
        if client is not None:
            close_client(client, cfg.batch.scheduler == "local")
    table = mrio_table(draws, deterministic, groups=(TOTAL_GROUP, *groups.names), pressures=pressures.names,
                       units=pressures.units, regions=mrio.regions, year=mrio.year,
                       consumer=cfg.consumer.region, label=mrio.label, seed=u.mrio_seed)
    ok = (table["mc_p5"] <= table["deterministic"]) & (table["deterministic"] <= table["mc_p95"])
    note = (f"note: MRIO Monte Carlo: {u.mrio_draws} draws ({law.describe()}; seed {u.mrio_seed}); the "
            f"deterministic value lies within p5-p95 in {float(np.mean(ok)):.0%} of the rows of "
            "mrio_uncertainty.")
    return {"mrio_uncertainty": table}, [note]
