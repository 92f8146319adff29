"""Tests of footprint.engine.threads: the thread choice from given cores and load (no timing), that
the engine's calls run with the chosen BLAS threads, and the Dask workers' thread plan."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from footprint.cluster import GB, plan_local_cluster, worker_blas_threads
from footprint.engine import _lapack, threads
from footprint.engine.leontief import factorise


def _blas_threads_now() -> list[int]:
    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


@pytest.mark.parametrize(
    ("cores", "allowed", "others", "load1", "expected"),
    [
        (2, 2, 0, None, 2),  # idle 2-core machine: both cores
        (2, 2, 1, None, 1),  # one core kept busy by another process: one thread
        (2, 2, 7, None, 1),  # crowded: never fewer than one
        (8, 2, 0, None, 2),  # started with OPENBLAS_NUM_THREADS=2 (a Dask worker): at most 2
        (8, 0, 3, None, 5),  # no known start count: the free cores of the affinity mask
        (1, 4, 0, None, 1),  # pinned to one core
        (4, 4, None, 2.6, 1),  # no run queue (not Linux): round(load average) others
        (4, 4, None, None, 4),  # nothing known: every core allowed
    ],
)
def test_free_cores(cores: int, allowed: int, others: int | None, load1: float | None,
                    expected: int) -> None:
    assert threads.free_cores(cores, allowed, others, load1) == expected


def _stat(pid: int, comm: str, state: str, nice: int, ppid: int = 1) -> str:
    # proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    # utime stime cutime cstime priority nice num_threads ...
    return f"{pid} ({comm}) {state} {ppid} 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 {nice} 3 0 1\n"


def test_parse_stat() -> None:
    assert threads.parse_stat(_stat(7, "python", "R", 0).encode()) == (b"R", 1, 0)
    assert threads.parse_stat(_stat(8, "a b) (c", "S", 19, ppid=2).encode()) == (b"S", 2, 19)
    with pytest.raises(ValueError, match="stat"):
        threads.parse_stat(b"7 (python) R 1 2")


def test_count_running_skips_own_idle_and_low_priority_processes(tmp_path: Path) -> None:
    # a fake /proc: process 10 is this one; 20 runs; 21 sleeps; 30 runs at nice 19 (a background
    # test run); 40 runs at nice 4 (counts); "self" is not a process
    for pid, state, nice in [(10, "R", 0), (20, "R", 0), (21, "S", 0), (30, "R", 19), (40, "R", 4)]:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(_stat(pid, "python", state, nice))
    (tmp_path / "self").mkdir()
    assert threads.count_running(tmp_path, own_pid=10, own_nice=0) == 2
    assert threads.count_running(tmp_path, own_pid=10, own_nice=15) == 3  # we are nice ourselves
    # with autogroup scheduling, a nice process of another session (group) takes a full share
    (tmp_path / "sys" / "kernel").mkdir(parents=True)
    (tmp_path / "sys" / "kernel" / "sched_autogroup_enabled").write_text("1\n")
    for pid, group in [(10, 433), (20, 433), (21, 433), (30, 431), (40, 433)]:
        (tmp_path / str(pid) / "autogroup").write_text(f"/autogroup-{group} nice 0\n")
    assert threads.count_running(tmp_path, own_pid=10, own_nice=0) == 3
    (tmp_path / "30" / "autogroup").write_text("/autogroup-433 nice 0\n")  # same session: nice works
    assert threads.count_running(tmp_path, own_pid=10, own_nice=0) == 2


def test_count_running_remembers_kernel_threads(tmp_path: Path) -> None:
    # kthreadd (pid 2) and its children are the kernel's threads: read once, then skipped
    for pid, ppid, state in [(2, 0, "S"), (3, 2, "R"), (4, 2, "S"), (10, 1, "R"), (20, 1, "R")]:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(_stat(pid, "k" if ppid == 2 else "p", state, 0,
                                                        ppid=ppid))
    kernel: set[int] = set()
    # the running kernel thread 3 does not count; the kernel threads are remembered
    assert threads.count_running(tmp_path, own_pid=10, own_nice=0, kernel=kernel) == 1
    assert kernel == {2, 3, 4}
    # the next count does not read them: a kernel thread's stat that is gone is not even opened
    for pid in (2, 3, 4):
        (tmp_path / str(pid) / "stat").unlink()
    (tmp_path / "21").mkdir()
    (tmp_path / "21" / "stat").write_text(_stat(21, "p", "R", 0))
    opened: list[str] = []
    real_open = os.open

    def spy(path: str, flags: int) -> int:
        opened.append(path)
        return real_open(path, flags)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(threads.os, "open", spy)
        assert threads.count_running(tmp_path, own_pid=10, own_nice=0, kernel=kernel) == 2
    assert sorted(Path(p).parent.name for p in opened) == ["20", "21"]


def test_others_running_reuses_its_count_and_the_kernel_threads(monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    clock = [1000.0]
    calls: list[set[int]] = []

    def fake_count(proc: Path, own_pid: int, own_nice: int, kernel: set[int]) -> int:
        calls.append(kernel)
        kernel.add(2)
        return 1

    monkeypatch.setattr(threads.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(threads, "count_running", fake_count)
    monkeypatch.setattr(threads, "_last", (-1.0, None))
    monkeypatch.setattr(threads, "_kernel", (-1.0, set()))
    assert threads.others_running() == 1 and len(calls) == 2  # the smaller of two counts
    clock[0] += threads._REUSE_S / 2
    assert threads.others_running() == 1 and len(calls) == 2  # reused, not read
    clock[0] += threads._REUSE_S
    assert threads.others_running() == 1 and len(calls) == 4
    assert calls[2] is calls[0] and calls[0] == {2}  # the kernel threads found are kept
    clock[0] += threads._KERNEL_S + 1
    threads.others_running()
    assert calls[4] is not calls[0]  # ... for _KERNEL_S seconds, then found again


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_others_running_is_a_count() -> None:
    others = threads.others_running()
    assert isinstance(others, int) and others >= 0
    assert 1 <= threads.choose() <= len(os.sched_getaffinity(0))


def test_limit_sets_and_restores_blas_threads() -> None:
    before = _blas_threads_now()
    with threads.limit(1) as n:
        assert n == 1
        assert set(_blas_threads_now()) == {1}
    assert _blas_threads_now() == before


def test_limit_never_exceeds_the_start_count() -> None:
    with threads.limit(10_000) as n:
        assert n == threads.threads_allowed()


def test_start_count_follows_openblas_num_threads() -> None:
    # a Dask worker of a 2-worker cluster on 2 cores is started with OPENBLAS_NUM_THREADS=1
    code = "from footprint.engine import threads; print(threads.threads_allowed())"
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "1"


def _system(n: int = 300, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
    return A / A.sum(axis=0) * rng.uniform(0.3, 0.8, n)


@pytest.mark.parametrize("method", ["dense-lu", "dense-lu-f32"])
def test_engine_calls_run_on_the_chosen_threads(monkeypatch: pytest.MonkeyPatch,
                                                method: str) -> None:
    """The factorisation and every solve run with the count :func:`threads.choose` gives."""
    seen: list[tuple[str, list[int]]] = []
    getrf, solve = _lapack.getrf, _lapack.lu_solve_blocked

    def spy_getrf(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(("getrf", _blas_threads_now()))
        return getrf(*args, **kwargs)

    def spy_solve(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(("solve", _blas_threads_now()))
        return solve(*args, **kwargs)

    monkeypatch.setattr(_lapack, "getrf", spy_getrf)
    monkeypatch.setattr(_lapack, "lu_solve_blocked", spy_solve)
    monkeypatch.setattr(threads, "choose", lambda: 1)
    A = _system()
    lf = factorise(A, method=method)
    y = np.linspace(1.0, 2.0, A.shape[0])
    x = lf.solve(y)
    assert lf.last_threads == 1 and lf.threads is None
    assert seen and all(counts == [1] * len(counts) for _, counts in seen)
    np.testing.assert_allclose(x - A @ x, y, rtol=1e-12)


def test_explicit_threads_give_the_same_results() -> None:
    A = _system(seed=5)
    Y = np.random.default_rng(1).random((A.shape[0], 4))
    one = factorise(A, method="dense-lu-f32", threads=1)
    auto = factorise(A, method="dense-lu-f32")
    assert one.threads == 1 and one.last_threads == 1
    ref = np.linalg.solve(np.eye(A.shape[0]) - A, Y)
    for lf in (one, auto):
        np.testing.assert_allclose(lf.solve(Y), ref, rtol=1e-12)
    assert one.last_threads == 1


@pytest.mark.parametrize(("cores", "workers", "expected"), [(2, 1, 2), (2, 2, 1), (8, 3, 2),
                                                             (2, 4, 1), (1, 1, 1)])
def test_worker_blas_threads_never_oversubscribe(cores: int, workers: int, expected: int) -> None:
    blas = worker_blas_threads(cores, workers)
    assert blas == expected
    assert workers * blas <= max(cores, workers)


def test_local_cluster_has_at_most_one_worker_per_core() -> None:
    # asking for 4 workers on 2 cores gives 2: more would share cores
    n, _limit = plan_local_cluster(GB, 4, cores=2, available=24 * GB, workers=4)
    assert n == 2 and n * worker_blas_threads(2, n) <= 2
