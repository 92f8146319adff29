"""A run never loses a user's files (issue 13, data loss): output, batch and cache folders.

Every reproduction of the issue is here: ``--out`` at a folder with the user's notes, at the
configuration folder, at the parent of all runs, at a file, at the current folder. Each is refused
before any computing (the data reader is never called), with exit code 2 and the fix named, and
leaves every file as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from footprint import pipeline
from footprint.batch.run import run_batch
from footprint.cli import main
from footprint.config import CONFIG_DIR
from footprint.errors import ConfigError, OutputFolderError
from footprint.inputs import sources
from footprint.inputs.cache import CACHE_MARKER
from footprint.pipeline import run
from tests.support.files import tree_hashes
from tests.support.runs import raw_run


def _raw(tmp: Path, name: str = "demo", **sections: dict[str, Any]) -> dict[str, Any]:
    return raw_run(tmp, name, **sections)


def _write_run_file(tmp: Path, name: str = "demo") -> Path:
    """A run file in ``tmp`` whose tables are copies in ``tmp/config`` (so --out config is real)."""
    conf = tmp / "config"
    conf.mkdir(exist_ok=True)
    for table in ("product_groups.csv", "pressures.csv"):
        shutil.copy(CONFIG_DIR / table, conf / table)
    path = tmp / f"{name}.toml"
    path.write_text(
        f'[run]\nname = "{name}"\n[data]\nsource = "demo"\nyear = 2022\n'
        '[groups]\ntable = "config/product_groups.csv"\nselect = ["protein"]\n'
        '[pressures]\ntable = "config/pressures.csv"\n'
        '[output]\ndir = "results"\nfigures = false\nexcel = false\n[impacts]\nenabled = false\n',
        encoding="utf-8")
    return path


@pytest.fixture
def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any data is read: refusals must come before any computing."""
    def boom(*_: Any, **__: Any) -> None:
        raise AssertionError("data were read although the output folder must be refused first")

    monkeypatch.setattr(sources, "read_system", boom)


@pytest.mark.parametrize("out", ["mywork", "config", "results", "config/pressures.csv", ".",
                                 "config/pressures.csv/sub"])
def test_out_at_a_folder_or_file_footprint_did_not_write_is_refused(
        out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_loading: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    run_file = _write_run_file(tmp_path)
    (tmp_path / "mywork").mkdir()
    (tmp_path / "mywork" / "notes.txt").write_text("x")
    (tmp_path / "results" / "other").mkdir(parents=True)  # another run's folder under results/
    (tmp_path / "results" / "other" / "keep.txt").write_text("y")
    before = tree_hashes(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["run", str(run_file), "--out", out])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("footprint: error: ") and "Traceback" not in err
    assert "Choose" in err  # the fix is named
    assert tree_hashes(tmp_path) == before  # nothing deleted, nothing added, no hidden leftovers


def test_force_does_not_open_a_foreign_folder(tmp_path: Path, no_loading: None) -> None:
    (tmp_path / "mywork").mkdir()
    (tmp_path / "mywork" / "notes.txt").write_text("x")
    with pytest.raises(OutputFolderError, match="was not written by footprint"):
        run(_raw(tmp_path), out_dir=tmp_path / "mywork", force=True)
    assert (tmp_path / "mywork" / "notes.txt").read_text() == "x"


def test_rerun_replaces_own_results_and_force_is_needed_for_another_run(tmp_path: Path) -> None:
    out = tmp_path / "results" / "demo"
    run(_raw(tmp_path), out_dir=out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["written_by"] == "footprint" and "summary.csv" in manifest["files"]
    run(_raw(tmp_path), out_dir=out)  # the same run again (make run twice): no --force needed
    with pytest.raises(OutputFolderError, match=r"results of the run 'demo'.*--force"):
        run(_raw(tmp_path, name="other"), out_dir=out)
    assert json.loads((out / "manifest.json").read_text())["run"] == "demo"
    run(_raw(tmp_path, name="other"), out_dir=out, force=True)
    assert json.loads((out / "manifest.json").read_text())["run"] == "other"
    assert [p.name for p in out.parent.iterdir()] == ["demo"]  # no temporary folder is left


def test_results_folder_with_a_users_file_is_not_replaced(tmp_path: Path, no_loading: None) -> None:
    out = tmp_path / "results" / "demo"
    out.mkdir(parents=True)
    (out / "manifest.json").write_text(json.dumps(
        {"written_by": "footprint", "run": "demo", "files": ["summary.csv"]}))
    (out / "summary.csv").write_text("a\n")
    (out / "my-analysis.ipynb").write_text("{}")
    with pytest.raises(OutputFolderError, match=r"my-analysis\.ipynb"):
        run(_raw(tmp_path), out_dir=out, force=True)
    assert (out / "my-analysis.ipynb").is_file()


def test_manifest_of_earlier_versions_is_recognised(tmp_path: Path) -> None:
    out = tmp_path / "results" / "demo"
    out.mkdir(parents=True)
    (out / "manifest.json").write_text(json.dumps({"run": "demo", "versions": {"footprint": "0.1.0"}}))
    run(_raw(tmp_path), out_dir=out)
    assert json.loads((out / "manifest.json").read_text())["written_by"] == "footprint"


def test_unwritable_output_is_found_before_computing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_loading: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that cannot be written is reported before any data is read (as root, permission
    bits do not stop writes, so the refusal of the file system is simulated at mkdir)."""
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
        if ".tmp-" in self.name:
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    run_file = _write_run_file(tmp_path)
    code = main(["run", str(run_file), "--out", str(tmp_path / "ro" / "deeper" / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write into" in err and "Permission denied" in err
    assert not (tmp_path / "ro").exists()  # the parents it made are removed again


def test_failed_run_removes_its_temporary_folder_and_new_parents(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        run(_raw(tmp_path, consumer={"final_demand": ["F_HOUS"]}, groups={"select": ["nope"]}),
            out_dir=tmp_path / "a" / "b" / "out")
    assert not (tmp_path / "a").exists()


def test_stale_temporary_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "results" / "demo"
    stale = tmp_path / "results" / ".demo.tmp-999999999-1"  # no such process
    stale.mkdir(parents=True)
    (stale / "half.parquet").write_text("x")
    foreign = tmp_path / "results" / ".demo.tmp-notes"  # not footprint's naming: left alone
    foreign.mkdir()
    run(_raw(tmp_path), out_dir=out)
    assert not stale.exists() and foreign.is_dir()


# ------------------------------------------------------------------ batch folder


def _batch_raw(tmp: Path) -> dict[str, Any]:
    raw = _raw(tmp, name="series", data={"years": [2016, 2022]})
    raw["data"].pop("year")
    raw["targets"] = {"enabled": False}
    return raw


def test_batch_refuses_a_foreign_folder_and_fresh_clears_only_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mywork"
    mine.mkdir()
    (mine / "notes.txt").write_text("x")
    for fresh in (False, True):
        with pytest.raises(OutputFolderError, match="not written by a footprint batch"):
            run_batch(_batch_raw(tmp_path), out_dir=mine, scheduler="sequential", fresh=fresh,
                      progress=None)
    assert tree_hashes(mine) == {"notes.txt": hashlib.sha256(b"x").hexdigest()}
    out = tmp_path / "batch"
    assert run_batch(_batch_raw(tmp_path), out_dir=out, scheduler="sequential", progress=None).ok
    (out / "notes.txt").write_text("mine")  # a user's file inside the batch folder
    again = run_batch(_batch_raw(tmp_path), out_dir=out, scheduler="sequential", fresh=True,
                      progress=None)
    assert again.ok and set(again.done) == {2016, 2022}  # everything was redone
    assert (out / "notes.txt").read_text() == "mine"
    stamp = json.loads((out / "batch-config.json").read_text())
    assert stamp["written_by"] == "footprint" and "groups" in stamp["tables"]


def test_batch_out_at_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    run_file = tmp_path / "b.toml"
    run_file.write_text(f'[data]\nyears = [2016, 2022]\n[targets]\nenabled = false\n'
                        f'[output]\ndir = "{tmp_path}"\n')
    assert main(["batch", str(run_file), "--out", str(path), "--scheduler", "sequential"]) == 2
    assert "is a file" in capsys.readouterr().err and path.read_text() == "a,b\n"


# ------------------------------------------------------------------ cache folders


def test_cache_never_removes_a_folder_it_did_not_write(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _, prov = sources.read_system("demo", cache_dir=cache)
    entry = Path(prov["cache"])
    assert (entry / CACHE_MARKER).is_file()
    # a broken entry of footprint's own is rebuilt
    (entry / "A.npy").unlink()
    lines: list[str] = []
    sources.read_system("demo", cache_dir=cache, progress=lines.append)
    assert any("broken" in line for line in lines) and (entry / "A.npy").is_file()
    # a folder of the same name that footprint did not write is neither removed nor replaced
    shutil.rmtree(entry)
    entry.mkdir()
    (entry / "thesis.tex").write_text("x")
    with pytest.raises(OutputFolderError, match="not written by footprint"):
        sources.read_system("demo", cache_dir=cache)
    assert (entry / "thesis.tex").read_text() == "x"


def test_cache_that_cannot_be_written_does_not_stop_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "cache-file"
    blocker.write_text("not a folder")
    lines: list[str] = []
    mrio, prov = sources.read_system("demo", cache_dir=blocker, progress=lines.append)
    assert mrio.n_regions > 0 and prov["cache_hit"] == "false"
    assert any("cache entry was not written" in line for line in lines)
    assert blocker.read_text() == "not a folder"


def test_one_atomic_writer_for_runs_partitions_series_and_cache() -> None:
    """The folder writers all go through footprint.files (one mechanism, not three)."""
    assert not hasattr(pipeline, "atomic_folder")
    for module in ("pipeline", "batch/run", "outputs/dataset", "inputs/cache"):
        text = (Path(pipeline.__file__).parent / f"{module}.py").read_text()
        assert "files.replace_folder(" in text, module
        assert ".rename(" not in text and "os.replace(" not in text, module
