"""The installed package runs its own demo: ``pip install .`` (not editable) into a new virtual
environment, then ``footprint run demo --out DIR`` from a folder outside the repository.

Offline: the wheel is built with this environment's setuptools (``--no-build-isolation``) from a copy
of the source tree (nothing is written into the repository), and installed with ``--no-deps`` into a
new virtual environment that finds the dependencies through a path file naming this environment's
site-packages. That path file only adds the folder to ``sys.path``; the path files inside it (this
environment's editable install of footprint) are not run, so ``footprint`` can only come from the
wheel, which the test checks. What it proves: the wheel carries the packaged defaults (tables and run
files) and the demo archives, the version comes from the package metadata, and a run needs nothing of
the source tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from tests.support.paths import ROOT


def _call(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_installed_wheel_runs_the_packaged_demo_from_any_folder(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "footprint", src / "footprint",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "FOOTPRINT_CACHE": str(tmp_path / "cache"), "MPLBACKEND": "Agg",
           "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"}
    env.pop("PYTHONPATH", None)
    pip = [sys.executable, "-m", "pip"]
    _call([*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path / "wheels", src],
          tmp_path, env)
    wheel = next((tmp_path / "wheels").glob("footprint-*.whl"))

    venv = tmp_path / "venv"
    _call([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    python = venv / "bin" / "python"
    purelib = Path(_call([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         tmp_path, env).strip())
    (purelib / "_project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _call([*pip, "--python", python, "install", "--quiet", "--no-deps", wheel], tmp_path, env)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _call([python, "-c", "import footprint; print(footprint.__file__)"], work, env)
    assert Path(where.strip()).is_relative_to(purelib), where
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _call([venv / "bin" / "footprint", "--version"], work, env).strip() == f"footprint {version}"

    _call([venv / "bin" / "footprint", "run", "demo", "--out", "out", "--quiet"], work, env)
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    assert Path(manifest["inputs"]["config_file"]["path"]).is_relative_to(purelib / "footprint" / "defaults")
    assert manifest["versions"]["footprint"] == version
    assert {"summary.csv", "attribution.parquet", "impacts.parquet", "scenarios.parquet",
            "report.html"} <= {p.name for p in (work / "out").iterdir()}
    assert not list((purelib / "footprint").rglob("manifest.json")), "a run wrote into the package"

    _call([venv / "bin" / "footprint", "config", "export", "tables"], work, env)
    packaged = purelib / "footprint" / "defaults"
    for rel in ("demo.toml", "pressures.csv", "characterisation/factors.csv", "trade/areas.csv"):
        assert (work / "tables" / rel).read_bytes() == (packaged / rel).read_bytes(), rel
    loaded = _call([python, "-c", "from footprint.config import load_config; "
                    "print(load_config('tables/demo.toml').groups_table)"], work, env)
    assert Path(loaded.strip()) == work / "tables" / "product_groups.csv"
