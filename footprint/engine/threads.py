"""BLAS threads of the engine, chosen per call from the cores that are free at that moment.

OpenBLAS splits every call between its threads and makes them wait for each other (spinning) at
the end of each step. When another process keeps one of the cores busy, the thread that shares
that core runs at half speed and every other thread waits for it: on the 2-core project machine a
3-vector refined solve took 0.28-0.65 s with one core taken against 0.12 s idle (issue 18), while
the same work on one thread takes about 1.5 times the idle time. So each engine call (the
factorisation, every solve) first counts the cores free *now* and runs on that many threads.

How the free cores are counted (:func:`free_cores`):

* the cores this process may run on: ``os.sched_getaffinity(0)`` (a Dask worker or a job
  scheduler may have pinned it), capped by the BLAS threads the process started with (the
  ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` a Dask worker is given, see
  :func:`footprint.batch.run`): the engine never uses more threads than it was allowed;
* minus the tasks of *other* processes that are running or waiting for a core at this instant:
  the kernel's run-queue count (``/proc/loadavg``, 4th field, which counts this process's own
  running threads as well, so those are read from ``/proc/self/task/*/stat`` and subtracted),
  the smallest of three readings a few microseconds apart, so that a task that runs for an
  instant does not count.

The load average (``os.getloadavg``) is a one-minute mean: it still shows a job that ended half a
minute ago, does not yet show one that just started, and includes this process's own past
threads (a process that just factorised on both cores sees a load of about 2 from itself). It is
used only where ``/proc/loadavg`` is missing (not Linux), as ``round(load1)`` other tasks.

The count is set through threadpoolctl (:func:`limit`), for the BLAS libraries loaded in the
process (scipy's OpenBLAS, which the engine calls, and numpy's), and restored after the call.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["choose", "free_cores", "limit", "others_running", "parse_run_queue", "threads_allowed"]

#: Readings of the run queue per choice; the smallest counts.
_READINGS = 3


def parse_run_queue(loadavg_text: str) -> int:
    """Tasks running or runnable now from the text of ``/proc/loadavg`` (``"0.5 0.4 0.3 2/99 123"``).

    Raises
    ------
    ValueError
        The text is not in that layout.
    """
    fields = loadavg_text.split()
    if len(fields) < 4 or "/" not in fields[3]:
        raise ValueError(f"unexpected /proc/loadavg layout: {loadavg_text!r}")
    return int(fields[3].split("/")[0])


def _own_running(task_dir: Path = Path("/proc/self/task")) -> int:
    """This process's threads in state R (running or runnable), from ``/proc/self/task/*/stat``."""
    count = 0
    for task in task_dir.iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        # the state follows the command name in brackets, which may itself hold spaces or ')'
        if stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] == "R":
            count += 1
    return count


def others_running() -> int | None:
    """Tasks of other processes running or waiting for a core now; ``None`` without ``/proc``.

    The smallest of :data:`_READINGS` readings of the run queue less this process's own running
    threads (at least the reading thread itself).
    """
    path = Path("/proc/loadavg")
    try:
        readings = []
        for _ in range(_READINGS):
            total = parse_run_queue(path.read_text())
            readings.append(total - max(_own_running(), 1))
    except (OSError, ValueError):
        return None
    return max(min(readings), 0)


def free_cores(cores: int, allowed: int, others: int | None, load1: float | None = None) -> int:
    """Threads to use: the cores this process may use that no other task is using.

    Parameters
    ----------
    cores : int
        Cores in this process's affinity mask.
    allowed : int
        Upper bound from the process's start (BLAS threads it was given); ``0`` for none.
    others : int or None
        Tasks of other processes running or runnable now (:func:`others_running`); ``None``
        where unknown, then ``load1`` is used.
    load1 : float, optional
        One-minute load average, only used when ``others`` is ``None``.

    Returns
    -------
    int
        At least 1, at most ``min(cores, allowed)``.

    Examples
    --------
    >>> free_cores(2, 2, 0), free_cores(2, 2, 1), free_cores(2, 2, 5), free_cores(8, 2, 0)
    (2, 1, 1, 2)
    """
    top = max(1, min(cores, allowed) if allowed > 0 else cores)
    if others is None:
        others = round(load1) if load1 is not None else 0
    return max(1, min(top, cores - others))


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def threads_allowed() -> int:
    """BLAS threads this process was started with (read once), at most its cores; 0 if unknown.

    OpenBLAS reads ``OPENBLAS_NUM_THREADS`` (or ``OMP_NUM_THREADS``) when it is loaded; a Dask
    worker given ``OPENBLAS_NUM_THREADS=1`` starts with one thread, and the engine keeps to it.
    """
    import scipy.linalg  # noqa: F401  (loads scipy's OpenBLAS, the one the engine calls)

    counts = [int(info["num_threads"]) for info in _controller().select(user_api="blas").info()]
    return min(counts) if counts else 0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def choose() -> int:
    """Threads for the next engine call (:func:`free_cores` with this machine's readings)."""
    others = others_running()
    load1 = None
    if others is None:  # pragma: no cover - not Linux
        try:
            load1 = os.getloadavg()[0]
        except OSError:
            load1 = None
    return free_cores(_cores(), threads_allowed(), others, load1)


#: Seconds spent choosing and setting the threads, summed over calls (for the benchmark's notes).
overhead_s = 0.0


@contextmanager
def limit(threads: int | None = None) -> Iterator[int]:
    """Run the block with ``threads`` BLAS threads (default: :func:`choose`); yields the count.

    Restores the previous counts afterwards. An explicit ``threads`` is still capped by
    :func:`threads_allowed`.
    """
    global overhead_s
    t0 = time.perf_counter()
    allowed = threads_allowed()
    n = choose() if threads is None else max(1, min(threads, allowed) if allowed else threads)
    with _controller().limit(limits=n, user_api="blas"):
        overhead_s += time.perf_counter() - t0
        yield n
