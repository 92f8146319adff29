"""Every notebook in notebooks/ runs top to bottom on the demo (DESIGN rule 12: thin, no outputs).

The notebooks run from a copy of ``notebooks/`` and ``config/`` in a temporary folder: their relative
paths (``../config/...``) resolve into the copy, so whatever a notebook writes (notebook 04's batch
writes ``../results/demo-series-batch``) lands in the copy, never in the checkout (a stale dataset in the
checkout's ``results/`` can neither break the test nor be replaced by it). Notebook 04 finds there a
copy of the session's batch demo (the ``demo_batch`` fixture, the same run file) and resumes it: its
cells run on the same dataset without computing it a second time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from footprint.demo import DEMO_YEARS
from tests.support import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A temporary copy of the checkout's notebooks/ and config/, side by side (a few hundred kB; one per
    notebook, so the notebooks need not share a pytest-xdist worker)."""
    root = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    shutil.copytree(paths.ROOT / "config", root / "config")
    return root


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS][:1] == ["01_quickstart.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", [  # 04 takes the session's batch demo: its xdist group (conftest)
    pytest.param(p, marks=[pytest.mark.xdist_group("demo_batch")] if p.name == "04_targets.ipynb" else [])
    for p in NOTEBOOKS], ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, workspace: Path, request: pytest.FixtureRequest) -> None:
    copy = workspace / "notebooks" / path.name
    batch = workspace / "results" / "demo-series-batch"
    if path.name == "04_targets.ipynb":  # it resumes the session's batch demo: every partition is done
        done = request.getfixturevalue("demo_batch")[0]
        shutil.copytree(done.out_dir, batch)
        stamps = {p: p.stat().st_mtime_ns for p in batch.glob("dataset/**/*.parquet")}
    nb = nbformat.read(copy, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(copy.parent)}})
    client.execute()  # raises CellExecutionError with the failing cell's traceback
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    if path.name == "04_targets.ipynb":  # the notebook's batch resumed below the temporary copy
        record = json.loads((batch / "batch.json").read_text(encoding="utf-8"))
        assert record["done"] == {} and set(record["skipped"]) == {str(y) for y in DEMO_YEARS}
        assert stamps and {p: p.stat().st_mtime_ns for p in stamps} == stamps  # nothing redone

