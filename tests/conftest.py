"""Session set-up shared by every layer of the suite (tests/unit, properties, integration, notebooks,
browser): the session's own cache folder, small random productive MRIO systems, and the one demo run
the integration tests share.

The cache is isolated for the whole session before anything else runs (``tests/__init__.py``,
:mod:`tests.support.isolation`): ``FOOTPRINT_CACHE`` points at a temporary folder before this file
is imported, so fixtures of every scope and every child process cache there, never in
``~/.cache/footprint``; ``tests/integration/test_cache_isolation.py`` proves it at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.inputs.system import MRIO
from tests.support import isolation
from tests.support.runs import DemoCommand

#: Tests that must run after every other test of the session (they check the whole session).
LAST = ("test_cache_isolation.py::test_the_suite_left_the_user_cache_alone",)

#: Session fixtures that take tens of seconds (the demo run, the batch demo): under pytest-xdist every
#: test that needs one runs on the same worker (:func:`xdist_groups`), so each is built once.
SHARED_RUNS = ("demo_command", "demo_batch")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the whole-session checks (:data:`LAST`) to the end of the run; mark the tests that share
    an expensive fixture with one ``xdist_group`` (:func:`xdist_groups`)."""
    last = [item for item in items if item.nodeid.endswith(LAST)]
    items[:] = [item for item in items if item not in last] + last
    for item, group in xdist_groups(items).items():
        marked = _marked_groups(item)
        if marked and marked != {group}:
            raise pytest.UsageError(f"{item.nodeid}: xdist_group {sorted(marked)} but it shares a fixture "
                                    f"with the group {group!r}; mark it {group!r} or not at all")
        if not marked:
            item.add_marker(pytest.mark.xdist_group(group))


def _marked_groups(item: pytest.Item) -> set[str]:
    return {str(m.args[0] if m.args else m.kwargs.get("name")) for m in item.iter_markers("xdist_group")}


def xdist_groups(items: list[pytest.Item]) -> dict[pytest.Item, str]:
    """One group name for every test that shares an expensive fixture with another test, so that
    ``pytest -n N --dist loadgroup`` (``make test``) runs them on one worker and builds the fixture
    once: the :data:`SHARED_RUNS` session fixtures, every module- or class-scoped fixture (one group
    per module), and the groups of ``xdist_group`` marks. Tests linked through any of these (a module
    fixture that takes the demo run) share one group, named by its mark if it has one. Other tests
    are not grouped (each goes to whichever worker is free)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    keys: dict[pytest.Item, list[str]] = {}
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else ()
        found = sorted(_marked_groups(item))
        found += [name for name in SHARED_RUNS if name in getattr(item, "fixturenames", ())]
        if any(d and d[-1].scope in ("module", "class", "package") for d in defs):
            found.append(item.nodeid.split("::")[0])
        if found:
            keys[item] = found
            for key in found[1:]:
                parent[root(key)] = root(found[0])
    named: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    for item, found in keys.items():
        members.setdefault(root(found[0]), set()).update(found)
        named.setdefault(root(found[0]), set()).update(_marked_groups(item))
    return {item: min(named[root(found[0])] or members[root(found[0])]) for item, found in keys.items()}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its accesses to the user's cache to the controller; the controller
    (or a run without workers that found some anyway) fails the run if any process made one."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # a worker: the controller checks
        output["user_cache_accesses"] = isolation.user_cache_accesses()
        return
    problem = isolation.verdict(isolation.user_cache_accesses() + _WORKER_ACCESSES)
    if problem is not None:
        session.config.stash[_PROBLEM] = problem
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


_WORKER_ACCESSES: list[tuple[str, str]] = []
_PROBLEM = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: a worker ended; keep what it recorded of the user's cache."""
    _WORKER_ACCESSES.extend(tuple(a) for a in getattr(node, "workeroutput", {}).get(
        "user_cache_accesses", []))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _PROBLEM in config.stash:
        terminalreporter.write_sep("=", "FAILED: the user's cache was touched", red=True)
        terminalreporter.write_line(config.stash[_PROBLEM])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker per core this process may use (its affinity mask), so a 2-core machine
    gets 2 and a 1-core box 1; ``PYTEST_XDIST_AUTO_NUM_WORKERS=k`` still sets k (pytest-xdist's own)."""
    from footprint.cluster import usable_cores

    return None if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") else usable_cores()


def pytest_unconfigure() -> None:
    isolation.stop()


def make_random_mrio(
    seed: int = 0,
    n_regions: int = 3,
    n_sectors: int = 4,
    k: int = 2,
    *,
    n_fd: int = 2,
    autarky: bool = False,
    max_colsum: float = 0.9,
) -> MRIO:
    """Build a small random productive, balanced MRIO.

    ``A >= 0`` with column sums drawn in [0.05, max_colsum], ``Y >= 0`` [M EUR],
    ``x = (I-A)^-1 Y e``, ``F >= 0`` and ``F_Y >= 0`` [kg]. With ``autarky=True`` every
    off-diagonal region block of ``A`` and ``Y`` is zero (no trade).
    """
    rng = np.random.default_rng(seed)
    n = n_regions * n_sectors
    region = np.repeat(np.arange(n_regions), n_sectors)
    fd_region = np.repeat(np.arange(n_regions), n_fd)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    Y = rng.random((n, n_regions * n_fd)) * 100.0
    if autarky:
        A *= region[:, None] == region[None, :]
        Y *= region[:, None] == fd_region[None, :]
    colsum = A.sum(axis=0)
    target = rng.uniform(0.05, max_colsum, n)
    A *= np.divide(target, colsum, out=np.zeros(n), where=colsum > 0)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    F = rng.random((k, n)) * x * rng.uniform(0.1, 10.0, (k, 1))
    F_Y = rng.random((k, n_regions * n_fd)) * 10.0
    stressors = pd.DataFrame(
        {"extension": "test", "stressor": [f"stressor{i}" for i in range(k)], "unit": "kg"}
    )
    return MRIO(
        regions=tuple(f"R{r}" for r in range(n_regions)),
        sectors=tuple(f"p{j}" for j in range(n_sectors)),
        fd_categories=tuple(f"fd{f}" for f in range(n_fd)),
        A=A,
        x=x,
        Y=Y,
        F=F,
        F_Y=F_Y,
        stressors=stressors,
        label=f"random test system (seed {seed}), synthetic",
    )


@pytest.fixture(scope="session")
def random_mrio() -> Callable[..., MRIO]:
    """Factory ``random_mrio(seed, n_regions, n_sectors, k, *, n_fd, autarky, max_colsum)``.

    Session-scoped so Hypothesis tests can use it.
    """
    return make_random_mrio


@pytest.fixture(scope="session")
def demo_command(tmp_path_factory: pytest.TempPathFactory) -> DemoCommand:
    """The packaged demo, ``footprint run demo`` as ``make run`` runs it (2016 and 2022, impacts and
    waterbed on, figures, workbook, report), run once for the session, through the command line,
    into a temporary results folder.
    The result object is the one :func:`footprint.pipeline.run` returned to the command (kept by a
    wrapper around it for this one call)."""
    from footprint import cli, pipeline

    out_dir = tmp_path_factory.mktemp("demo-run") / "demo"
    kept: list[Any] = []
    real_run = pipeline.run

    def run_and_keep(*args: Any, **kwargs: Any) -> Any:
        kept.append(real_run(*args, **kwargs))
        return kept[-1]

    out, err = io.StringIO(), io.StringIO()
    with (pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out),
          contextlib.redirect_stderr(err)):
        patch.setattr(cli, "run", run_and_keep)  # the command's own name for pipeline.run
        code = cli.main(["run", "demo", "--out", str(out_dir)])
    assert code == 0 and len(kept) == 1, f"footprint run demo: exit {code}\n{err.getvalue()}"
    return DemoCommand(code, out.getvalue(), err.getvalue(), kept[0])


@pytest.fixture(scope="session")
def demo_written(demo_command: DemoCommand) -> Any:
    """The session's one run of the packaged demo (see :func:`demo_command`), written to a temporary
    results folder: a :class:`footprint.results.RunResult` with ``out_dir`` set. The integration tests
    share it: read it, never change it (its tables, its folder)."""
    return demo_command.result


@pytest.fixture(scope="session")
def demo_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[str], Any]:
    """The packaged batch demo as ``make batch`` runs it (``demo-series``: four years x every scenario
    on a local Dask cluster), once for the session into ``<tmp>/demo-series-batch``: the batch result,
    its progress lines and ``<tmp>``. The batch tests read it, and notebook 04 resumes it (every
    partition finished) instead of computing the same dataset again. Read it, never change it."""
    from footprint.batch.run import run_batch

    tmp = tmp_path_factory.mktemp("demo-batch")
    lines: list[str] = []
    result = run_batch("demo-series", out_dir=tmp / "demo-series-batch", scheduler="local",
                       progress=lines.append)
    return result, lines, tmp


@pytest.fixture(scope="session")
def pymrio_demo() -> Callable[[int], Any]:
    """Factory ``pymrio_demo(year)``: the shipped demo archive of ``year`` parsed by pymrio
    (``parse_exiobase3``), once per session. Read it, never change it (no ``calc_all`` on it: take
    :func:`pymrio_demo_calc` for that)."""
    import pymrio

    from footprint.demo import demo_path

    parsed: dict[int, Any] = {}

    def get(year: int = 2022) -> Any:
        if year not in parsed:
            parsed[year] = pymrio.parse_exiobase3(demo_path(year))
        return parsed[year]

    return get


@pytest.fixture(scope="session")
def pymrio_demo_calc() -> Any:
    """The 2022 demo parsed by pymrio and completed by its ``calc_all`` (the independent reference of the
    engine and pipeline cross-checks), once per session; read it, never change it."""
    import pymrio

    from footprint.demo import demo_path

    io = pymrio.parse_exiobase3(demo_path(2022))
    io.calc_all()
    return io
