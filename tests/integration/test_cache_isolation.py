"""The suite never reads or writes the user's cache (``~/.cache/footprint``), whatever a fixture's scope.

How (``tests/support/isolation.py``): importing the ``tests`` package, the first thing any run of the
suite does, points ``FOOTPRINT_CACHE`` at a fresh temporary folder and installs an audit hook that records
every file access of this process below the user's cache folders. The last test of the session
(``conftest.LAST``) asserts that nothing was recorded; the tests before it show that fixtures of
session and module scope, and child processes, see the session folder, and that the watch does see
a cache's reads and writes (so the final check can fail).

Under pytest-xdist (``make test``) each worker process has its own session folder and watch, and the last
test speaks for its own worker only; the controller gathers every worker's records when the workers end
and fails the run if there is any (``conftest.pytest_sessionfinish``).
:func:`test_an_access_by_a_worker_fails_a_distributed_run` shows that this check fails a run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from footprint.inputs.cache import default_cache_dir
from footprint.inputs.sources import read_system
from tests.support import isolation
from tests.support.paths import ROOT


@pytest.fixture(scope="session")
def cache_seen_by_a_session_fixture() -> Path:
    return default_cache_dir()


@pytest.fixture(scope="module")
def cache_seen_by_a_module_fixture() -> Path:
    return default_cache_dir()


@pytest.fixture(scope="class")
def cache_seen_by_a_class_fixture() -> Path:
    return default_cache_dir()


def test_every_fixture_scope_caches_in_the_session_folder(
        cache_seen_by_a_session_fixture: Path, cache_seen_by_a_module_fixture: Path,
        cache_seen_by_a_class_fixture: Path) -> None:
    session = isolation.session_cache()
    assert session.is_dir() and not session.is_relative_to(Path.home() / ".cache")
    assert cache_seen_by_a_session_fixture == cache_seen_by_a_module_fixture == session
    assert cache_seen_by_a_class_fixture == default_cache_dir() == session
    assert all(not session.is_relative_to(f) for f in isolation.user_cache_folders())


def test_child_processes_cache_in_the_session_folder() -> None:
    code = "from footprint.inputs.cache import default_cache_dir; print(default_cache_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()) == isolation.session_cache()


def test_a_read_without_cache_dir_caches_in_the_session_folder() -> None:
    _, prov = read_system("demo", None, year=2022)
    assert Path(prov["cache"]).parent == isolation.session_cache()


def test_the_watch_sees_a_cache_being_written_and_read(tmp_path: Path) -> None:
    """The same hook on a folder of our own: writing a cache entry and reading it back are seen."""
    folder = tmp_path / "somebody's cache"
    watch = isolation.watch(isolation.CacheWatch([folder]))
    try:
        read_system("demo", None, year=2022, cache_dir=folder)  # parse and write the entry
        written = list(watch.seen)
        read_system("demo", None, year=2022, cache_dir=folder)  # read it back
    finally:
        isolation.unwatch(watch)
    assert {"os.mkdir", "os.rename", "open"} <= {event for event, _ in written}
    read = watch.seen[len(written):]
    assert any(event == "open" and path.endswith("meta.json") for event, path in read)
    assert any(event == "open" and path.endswith("A.npy") for event, path in read)


def test_an_access_by_a_worker_fails_a_distributed_run(tmp_path: Path) -> None:
    """A run on two pytest-xdist workers in which a plugin lists the user's own cache folder (its
    ``FOOTPRINT_CACHE``, here a folder of the test's) during every test, and no test of the run checks
    the cache: the controller fails the run with exit 1 and names the access."""
    users = tmp_path / "the user's cache"
    users.mkdir()
    (tmp_path / "touch_user_cache.py").write_text(
        "import os\n\n\ndef pytest_runtest_call(item):\n"
        f"    os.listdir({str(users)!r})\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != isolation.USER_ENV}  # a session of its own
    env |= {"FOOTPRINT_CACHE": str(users), "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "-p", "touch_user_cache",
                           "-p", "no:cacheprovider", "-q", "tests/unit/test_units.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert "passed" in last and "failed" not in last, done.stdout  # every test passed: the check failed it
    assert "FAILED: the user's cache was touched" in done.stdout
    assert f"os.listdir {users}" in done.stdout, done.stdout


def test_the_controllers_message_lists_each_access_once() -> None:
    assert isolation.verdict([]) is None
    text = isolation.verdict([("open", "/u/.cache/footprint/a/meta.json")] * 2 + [("os.mkdir", "/u/b")])
    assert text is not None and "(2 file accesses below" in text
    assert text.count("open /u/.cache/footprint/a/meta.json") == 1 and "os.mkdir /u/b" in text


def test_the_suite_left_the_user_cache_alone() -> None:
    """Runs last (``conftest.LAST``): no file access of this session below ``~/.cache/footprint`` (or
    the user's own ``FOOTPRINT_CACHE``), and the session's caching went to its own folder."""
    assert isolation.user_cache_accesses() == []
    assert os.environ["FOOTPRINT_CACHE"] == str(isolation.session_cache())
    assert any(isolation.session_cache().iterdir())  # the suite did cache, here
