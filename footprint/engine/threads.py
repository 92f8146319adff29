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
  :mod:`footprint.batch.run`): the engine never uses more threads than it was allowed;
* minus the *other* processes that are running or waiting for a core at this instant and take
  a share of it (:func:`count_running`: state ``R`` in ``/proc/<pid>/stat``, nice value at most
  :data:`NICE_MARGIN` above ours or another session's scheduling group), the smaller of two
  counts. The kernel's
  own run-queue count (``/proc/loadavg``) was tried first: it also counts background jobs
  started with ``nice -n 19``, which take about 1.5 % of a core from a process of nice 0, and
  this process's own threads.

The load average (``os.getloadavg``) is a one-minute mean: it still shows a job that ended half a
minute ago, does not yet show one that just started, and includes this process's own past
threads (a process that just factorised on both cores sees a load of about 2 from itself). It is
used only where ``/proc`` is missing (not Linux), as ``round(load1)`` other tasks.

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

from footprint.cluster import usable_cores

__all__ = ["choose", "count_running", "free_cores", "limit", "others_running", "parse_stat",
           "threads_allowed"]


def parse_stat(text: bytes) -> tuple[bytes, int, int]:
    """State, parent pid and nice value from the bytes of ``/proc/<pid>/stat``.

    The state follows the command name in brackets (which may itself hold spaces or ``)``), the
    parent pid comes next; nice is the 17th field after the state (``proc(5)``: fields 4 and 19).
    The layout is checked up to the thread count (field 20), which every kernel since 2.6 writes.

    Raises
    ------
    ValueError
        The text is not in that layout.
    """
    rest = text[text.rfind(b")") + 2 :].split()
    if len(rest) < 18:
        raise ValueError(f"unexpected /proc stat layout: {text[:80]!r}")
    return rest[0], int(rest[1]), int(rest[16])


#: Parent pid of the kernel's threads (``kthreadd``, itself pid 2).
_KTHREADD = 2


def count_running(proc: Path, own_pid: int, own_nice: int, kernel: set[int] | None = None) -> int:
    """Other processes that are running or runnable and compete for a core now.

    A process counts when its main thread is in state ``R`` and either its nice value is at most
    ``own_nice +`` :data:`NICE_MARGIN` or it belongs to another scheduling group. Within one
    group the scheduler gives a task of nice 10 about a tenth of a core shared with one of nice 0
    (weights 110 against 1024), so a background job started with ``nice -n 10`` from this
    session does not take a core from this process. But with autogroup scheduling
    (``/proc/sys/kernel/sched_autogroup_enabled`` = 1, the default of most distributions, and so
    on the project machine) each session is one group and groups share the cores equally,
    whatever the nice values inside them: there another session's ``nice -n 19`` test run took
    about half a core from the benchmark (measured 2026-12-02 00:11 UTC, its pytest at 55 % CPU
    beside the benchmark's routes), so it counts. Reading each process's own ``stat`` (not each
    thread's) is enough; a process whose worker threads run while its main thread waits is
    missed (then more threads are used than would be best).

    The kernel's own threads (pid 2 and its children: writeback, RCU, ...) run in short bursts
    and do not count. ``kernel``, if given, holds their pids, which are then not read again; the
    count adds the ones it meets. On the project machine 58 of 96 processes are kernel threads;
    a count took 0.6-1.0 ms when it skipped them, 1.5-3.4 ms when it read them too, and 2.5-7.8
    ms with Python file objects instead of ``os.read`` (minimum and median of 50, 2026-12-02,
    load 8).
    """
    own_group = _autogroup(proc / str(own_pid)) if _autogroup_enabled(proc) else None
    skip = kernel if kernel is not None else set()
    count = 0
    for name in os.listdir(proc):
        if not name.isdigit():
            continue
        pid = int(name)
        if pid == own_pid or pid in skip:
            continue
        try:
            fd = os.open(os.path.join(proc, name, "stat"), os.O_RDONLY)
            try:
                text = os.read(fd, 1024)
            finally:
                os.close(fd)
            state, ppid, nice = parse_stat(text)
        except (OSError, ValueError):  # the process ended meanwhile
            continue
        if _KTHREADD in (pid, ppid):  # a kernel thread: short bursts, not a competing job
            skip.add(pid)
            continue
        if state != b"R":
            continue
        if nice <= own_nice + NICE_MARGIN:
            count += 1
        elif own_group is not None and _autogroup(proc / name) != own_group:
            count += 1
    return count


def _autogroup_enabled(proc: Path) -> bool:
    try:
        return (proc / "sys" / "kernel" / "sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def _autogroup(pid_dir: Path) -> str | None:
    """The scheduling group of a process (``/autogroup-433`` of ``/proc/<pid>/autogroup``)."""
    try:
        return (pid_dir / "autogroup").read_text().split()[0]
    except (OSError, IndexError):
        return None


#: Tasks whose nice value exceeds this process's by more than this do not count as competing.
NICE_MARGIN = 4
#: Seconds a count of competing processes is reused (a count reads every process's stat).
_REUSE_S = 0.5
#: Seconds the set of kernel-thread pids is kept before it is rebuilt (a pid may be reused).
_KERNEL_S = 60.0
_last: tuple[float, int | None] = (-1.0, None)
_kernel: tuple[float, set[int]] = (-1.0, set())


def others_running(proc: Path = Path("/proc")) -> int | None:
    """Other processes competing for a core now; ``None`` where ``/proc`` is missing.

    The smaller of two counts (:func:`count_running`) taken one after the other, so that a task
    that runs for an instant does not count; reused for :data:`_REUSE_S` seconds. The kernel's
    threads found by a count are skipped by the counts of the next :data:`_KERNEL_S` seconds.
    """
    global _last, _kernel
    now = time.monotonic()
    if now - _last[0] < _REUSE_S:
        return _last[1]
    if now - _kernel[0] > _KERNEL_S:
        _kernel = (now, set())
    try:
        own = os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)
        value: int | None = min(count_running(proc, *own, _kernel[1]) for _ in range(2))
    except OSError:
        value = None
    _last = (now, value)
    return value


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


def choose() -> int:
    """Threads for the next engine call (:func:`free_cores` with this machine's readings)."""
    others = others_running()
    load1 = None
    if others is None:  # pragma: no cover - not Linux
        try:
            load1 = os.getloadavg()[0]
        except OSError:
            load1 = None
    return free_cores(usable_cores(), threads_allowed(), others, load1)


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
