"""The command line's exit codes and messages (issue 13): 2 and one ``footprint: error:`` line for
every error a user can cause, a traceback only with ``--debug``, 130 when interrupted, ``--version``.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from footprint import cli, pipeline
from footprint.batch.run import run_batch
from footprint.cli import main
from footprint.outputs import writing
from footprint.outputs.dataset import read_dataset


def _run_file(tmp: Path, body: str = "") -> Path:
    path = tmp / "r.toml"
    path.write_text('[run]\nname = "r"\n[output]\nfigures = false\nexcel = false\n'
                    f'dir = "{tmp / "results"}"\n[impacts]\nenabled = false\n{body}', encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"footprint {metadata.version('footprint')}"


def test_usage_error_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "footprint run: error: the following arguments are required: config" in err
    assert "Traceback" not in err


def test_footprint_error_is_one_line_and_debug_shows_the_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_file = _run_file(tmp_path, '[consumer]\nregion = "NLD"\n')
    assert main(["run", str(run_file)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("footprint: error: consumer region 'NLD'")
    assert "close matches: 'NL'" in err
    with pytest.raises(Exception, match="'NLD' is not in the data"):
        main(["run", str(run_file), "--debug"])
    with pytest.raises(Exception, match="'NLD' is not in the data"):
        main(["--debug", "run", str(run_file)])


def test_interrupt_ends_quietly_with_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "read_inputs", interrupted)
    out = tmp_path / "results" / "r"
    assert main(["run", str(_run_file(tmp_path)), "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "footprint: interrupted; rerun the same command" in err and "Traceback" not in err
    assert not (tmp_path / "results").exists()  # neither the folder nor its temporary sibling


def test_internal_error_says_bug_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def bug(*_: Any, **__: Any) -> None:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(cli, "print_summary", bug)
    assert main(["run", str(_run_file(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "footprint: internal error (TypeError: unsupported operand)" in err
    assert "--debug" in err and "Traceback" not in err


def test_os_error_on_a_users_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    def full(*_: Any, **__: Any) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "results" / "x.parquet"))

    monkeypatch.setattr(writing, "write_tables", full)  # the results folder's table writer
    assert main(["run", str(_run_file(tmp_path)), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "footprint: error: cannot read or write" in err and "No space left" in err
    assert not (tmp_path / "results").exists()


def _default_sigint() -> None:
    """Give the child the default Ctrl-C handling: a test started as a background job (``make test
    &``) inherits SIGINT ignored, and Python keeps ignoring it, so the batch would run to the end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_a_dask_batch_ends_quietly_and_the_rerun_resumes(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group (the batch and its Dask worker processes): the batch
    says "interrupted" once, exits 130, prints no traceback (workers ignore SIGINT; once tornado's
    NameError and the workers' KeyboardInterrupt tracebacks), and the same command resumes."""
    run_file = _run_file(tmp_path, '[data]\nyears = [2010, 2016, 2019, 2022]\n[targets]\n'
                         'enabled = false\n[groups]\nselect = ["protein"]\n')
    env = {**os.environ, "FOOTPRINT_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "footprint", "batch", str(run_file)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_default_sigint)
    assert proc.stderr is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    seen, deadline = "", time.monotonic() + 240
    while "local Dask cluster" not in seen and time.monotonic() < deadline and proc.poll() is None:
        if sel.select(timeout=1):
            seen += proc.stderr.readline()
    assert "local Dask cluster" in seen, (proc.poll(), seen)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
    _, err = proc.communicate(timeout=240)
    err = seen + err
    assert proc.returncode == 130, err
    assert "footprint: interrupted; rerun the same command to resume" in err, err
    assert "Traceback" not in err and "Error" not in err.replace("footprint: interrupted", ""), err
    again = run_batch(run_file, scheduler="sequential", progress=None)
    assert again.ok and set(read_dataset(again.dataset, "attribution")["year"]) == {2010, 2016, 2019,
                                                                                    2022}


def test_failed_batch_task_traceback_only_with_debug(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*_: Any, **__: Any) -> None:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(pipeline, "run_year", bug)
    run_file = _run_file(tmp_path, "[data]\nyears = [2016, 2022]\n[targets]\nenabled = false\n")
    for debug in (False, True):
        lines: list[str] = []
        result = run_batch(run_file, scheduler="sequential", progress=lines.append, debug=debug,
                           fresh=True)
        assert set(result.failed) == {2016, 2022}
        text = "\n".join(lines)
        assert "FAILED (TypeError) unsupported operand" in text
        assert ("Traceback" in text) is debug
        assert ("rerun with --debug" in text) is not debug
