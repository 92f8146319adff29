"""Run MRIO Monte Carlo draws in this process or as chunks of draws on a Dask cluster.

A chunk is a task: ``run_chunk(key, load, indices, seed)``. The worker builds the problem once with
``load()`` (a picklable callable that reads the system, e.g. from footprint's cache, where ``A`` is
memory-mapped and shared between the workers of a machine) and keeps it for the next chunk of the same
``key``. A draw's random numbers depend only on the seed and the draw's index
(:mod:`footprint.uncertainty.mrio`), so the stacked result is the same however the draws are chunked
and whichever worker computes them: bit for bit where the workers use as many BLAS threads as each
other (the factorisation's sums are ordered by its threads), otherwise to rounding (at n = 9,800 the
sum of the total group's draws agreed to 1e-15 relative between 2 BLAS threads in this process and 1
in each of two workers; ``benchmarks/mrio_mc.py``'s checksums, 2026-12-01).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from footprint.uncertainty.mrio import MrioProblem

__all__ = ["Loader", "chunks", "run_chunk", "run_draws"]

Loader = Callable[[], MrioProblem]
Progress = Callable[[str], None]
_CACHE: dict[str, MrioProblem] = {}
_LOCK = threading.Lock()  # a worker with two threads builds its problem once


def _problem(key: str, load: Loader) -> MrioProblem:
    """The problem of ``key`` in this process (built once; one problem kept at a time)."""
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = load()
        return _CACHE[key]


def run_chunk(key: str, load: Loader, indices: list[int], seed: int) -> np.ndarray:
    """Footprints of the draws ``indices``, shape (len(indices), g + 1, p, R) (a Dask task)."""
    return _problem(key, load).run(indices, seed)


def chunks(n_draws: int, workers: int, per_worker: int = 4) -> list[list[int]]:
    """Draw indices in consecutive chunks: about ``per_worker`` chunks per worker (so a slow worker
    does not hold the end back), never empty."""
    if n_draws <= 0:
        return []
    size = max(1, math.ceil(n_draws / max(1, workers * per_worker)))
    return [list(range(start, min(start + size, n_draws))) for start in range(0, n_draws, size)]


def run_draws(load: Loader, key: str, n_draws: int, seed: int, *, client: Any | None = None,
              resources: dict[str, float] | None = None, progress: Progress | None = None) -> np.ndarray:
    """Every draw's footprint, in draw order, shape (n_draws, g + 1, p, R) [unit].

    Parameters
    ----------
    load : callable
        Builds the :class:`~footprint.uncertainty.mrio.MrioProblem` (picklable for Dask).
    key : str
        Names the problem: workers reuse a problem built for the same key.
    n_draws, seed : int
    client : distributed.Client, optional
        Run the chunks on its cluster; None: in this process, one draw after another.
    resources : dict, optional
        Dask resources each chunk declares (e.g. ``{"MEMORY": bytes}``).
    progress : callable, optional
        Receives a line as chunks finish.

    Raises
    ------
    FootprintError
        From a draw (:meth:`~footprint.uncertainty.mrio.MrioProblem.run`); the first failed chunk's
        error is raised once every chunk has ended.
    """
    say = progress or (lambda _: None)
    if client is None:
        return _in_process(_problem(key, load), n_draws, seed, say)
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    todo = chunks(n_draws, workers)
    extra = {"resources": resources} if resources else {}
    futures = {client.submit(run_chunk, key, load, part, seed, pure=False, retries=0,
                             key=f"footprint-mrio-mc-{key}-{i}", **extra): i for i, part in enumerate(todo)}
    results: dict[int, np.ndarray] = {}
    error: BaseException | None = None
    done = 0
    for fut in as_completed(futures):
        i = futures[fut]
        if fut.status == "error":
            error = error or fut.exception()
        else:
            results[i] = fut.result()
            done += len(todo[i])
            say(f"MRIO Monte Carlo: {done}/{n_draws} draws")
        fut.release()
    if error is not None:
        raise error
    if not todo:
        return _problem(key, load).run([], seed)
    return np.concatenate([results[i] for i in range(len(todo))], axis=0)


def _in_process(problem: MrioProblem, n_draws: int, seed: int, say: Progress) -> np.ndarray:
    """The draws one after another in this process, with a progress line every tenth of the way."""
    parts = []
    step = max(1, n_draws // 10)
    for i in range(n_draws):
        parts.append(problem.run([i], seed))
        if (i + 1) % step == 0 or i + 1 == n_draws:
            say(f"MRIO Monte Carlo: {i + 1}/{n_draws} draws")
    return np.concatenate(parts, axis=0) if parts else problem.run([], seed)
