"""The test session's own cache folder, and a watch on the user's cache folder.

:func:`start` runs when ``tests/conftest.py`` is imported, before any test module, fixture or
subprocess exists: it points ``FOOTPRINT_CACHE`` (read by :func:`footprint.inputs.cache.default_cache_dir`
at every call) at a fresh temporary folder for the whole session, so fixtures of every scope
(function, class, module, session) and every child process (the command line, Dask workers,
notebook kernels, figure workers inherit the environment) cache there. It also installs an audit
hook (:func:`sys.addaudithook`, PEP 578) that records every file access of this process below the
user's cache folders: ``~/.cache/footprint`` and, if the user had set it, their own
``FOOTPRINT_CACHE``. Python raises an audit event for every ``open``, ``os.mkdir``, ``os.rename``
(also ``os.replace``), ``os.remove``, ``os.rmdir``, ``os.listdir``, ``os.scandir`` and
``shutil.rmtree``, so a cache lookup (it opens ``meta.json``), a cache write (a temporary folder,
then a rename) and a cleanup are all seen; a bare ``stat`` raises none and is neither a read nor a
write. ``tests/integration/test_cache_isolation.py`` asserts, after every other test of the session,
that nothing was recorded.

Why a watch and not a before/after snapshot of ``~/.cache/footprint``: the folder is shared with
every other footprint process of the user (a ``make run`` in another shell writes there during the
suite), so a snapshot would blame the suite for others' writes. The watch sees this process only.

With pytest-xdist (``make test`` runs ``pytest -n auto``) every worker process imports the ``tests``
package too, and so gets its own session folder and its own watch. The user's own ``FOOTPRINT_CACHE``
(the controller has already replaced it by its session folder when it starts the workers) reaches the
workers through :data:`USER_ENV`. Each worker hands its records to the controller when it ends
(``conftest.pytest_sessionfinish`` and ``pytest_testnodedown``), and the controller fails the run if
any process of the session recorded an access (:func:`verdict`): the whole-session proof, where the
last test of a worker can only speak for that worker.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["USER_ENV", "CacheWatch", "session_cache", "start", "stop", "unwatch", "user_cache_accesses",
           "user_cache_folders", "verdict", "watch"]

#: The user's own ``FOOTPRINT_CACHE`` as the session's first process found it ("" = not set), for the
#: worker processes of pytest-xdist, which inherit ``FOOTPRINT_CACHE`` already pointing elsewhere.
USER_ENV = "FOOTPRINT_TESTS_USER_CACHE"

#: Audit events whose first argument is a path this process reads, writes, lists or removes.
EVENTS = frozenset({"open", "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.listdir",
                    "os.scandir", "shutil.rmtree", "os.utime", "os.chmod", "os.truncate",
                    "shutil.copyfile", "shutil.copytree", "shutil.move", "os.link", "os.symlink"})


class CacheWatch:
    """Record every audited file access below ``roots``.

    One audit hook serves every watch; a watch records only while it is in ``_ACTIVE``.
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        roots = [Path(os.path.abspath(r.expanduser())) for r in roots]
        # as given and with symlinks resolved (a bare realpath per event would cost a stat per part)
        self.roots = tuple(sorted({str(r) for r in roots} | {str(r.resolve(strict=False)) for r in roots}))
        self.seen: list[tuple[str, str]] = []

    def _below(self, path: str) -> bool:
        return any(path == root or path.startswith(root + os.sep) for root in self.roots)

    def record(self, event: str, path: str) -> None:
        if self._below(path):
            self.seen.append((event, path))


_ACTIVE: list[CacheWatch] = []
_STATE: dict[str, Any] = {}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in EVENTS or not _ACTIVE or not args:
        return
    target = args[0]
    if isinstance(target, int) or target is None:  # an open file descriptor: no path to check
        return
    try:
        path = os.path.abspath(os.fsdecode(target))
    except TypeError:
        return
    for w in _ACTIVE:
        w.record(event, path)


def watch(w: CacheWatch) -> CacheWatch:
    """Start recording ``w`` (the audit hook is installed once per process)."""
    if not _STATE.get("hooked"):
        sys.addaudithook(_hook)
        _STATE["hooked"] = True
    _ACTIVE.append(w)
    return w


def unwatch(w: CacheWatch) -> None:
    """Stop recording ``w``."""
    _ACTIVE.remove(w)


def user_cache_folders() -> list[Path]:
    """The folders footprint would cache in for this user: ``~/.cache/footprint`` (the default of
    :func:`footprint.inputs.cache.default_cache_dir`) and the user's own ``FOOTPRINT_CACHE`` if set."""
    folders = [Path.home() / ".cache" / "footprint"]
    own = _STATE.get("user_env", os.environ.get("FOOTPRINT_CACHE"))
    if own:
        folders.append(Path(own).expanduser())
    return folders


def start() -> None:
    """Point ``FOOTPRINT_CACHE`` at a new temporary folder and watch the user's cache folders."""
    if "session_cache" in _STATE:
        return
    _STATE["env_before"] = os.environ.get("FOOTPRINT_CACHE")
    inherited = os.environ.get(USER_ENV)
    if inherited is None:  # the session's first process: pytest itself, or pytest-xdist's controller
        _STATE["user_env"] = _STATE["env_before"]
        os.environ[USER_ENV] = _STATE["user_env"] or ""
        _STATE["set_user_env"] = True
    else:  # a pytest-xdist worker: FOOTPRINT_CACHE is the controller's session folder
        _STATE["user_env"] = inherited or None
    _STATE["user_watch"] = watch(CacheWatch(user_cache_folders()))
    folder = Path(tempfile.mkdtemp(prefix="footprint-tests-cache-"))
    _STATE["session_cache"] = folder
    os.environ["FOOTPRINT_CACHE"] = str(folder)


def stop() -> None:
    """Remove this process's session cache folder and give ``FOOTPRINT_CACHE`` back as it was."""
    folder = _STATE.pop("session_cache", None)
    if folder is None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    if _STATE["env_before"] is None:
        os.environ.pop("FOOTPRINT_CACHE", None)
    else:
        os.environ["FOOTPRINT_CACHE"] = _STATE["env_before"]
    if _STATE.pop("set_user_env", False):
        os.environ.pop(USER_ENV, None)


def session_cache() -> Path:
    """The session's cache folder (set by :func:`start`)."""
    return Path(_STATE["session_cache"])


def user_cache_accesses() -> list[tuple[str, str]]:
    """Every (audit event, path) of this process below the user's cache folders since :func:`start`."""
    return list(_STATE["user_watch"].seen)


def verdict(accesses: Iterable[tuple[str, str]]) -> str | None:
    """What the controller of a pytest-xdist run reports when any process of the session (itself or a
    worker, :func:`user_cache_accesses` of each) touched the user's cache; None when none did."""
    seen = sorted({(str(event), str(path)) for event, path in accesses})
    if not seen:
        return None
    listed = "\n".join(f"  {event} {path}" for event, path in seen[:20])
    more = f"\n  ... and {len(seen) - 20} more" if len(seen) > 20 else ""
    return (f"the suite touched the user's footprint cache ({len(seen)} file accesses below "
            f"{', '.join(str(f) for f in user_cache_folders())}):\n{listed}{more}")
