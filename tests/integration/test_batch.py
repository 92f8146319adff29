"""Batch runs on Dask: same numbers as sequential runs, resume, failures, memory-aware planning.

The demo (illustrative synthetic data) in four years is the system; the reference for every number
is :func:`footprint.pipeline.run` on the same year, which the rest of the suite checks against
pymrio and plain numpy.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.batch.run import run_batch
from footprint.batch.sizing import GB, estimate_task_bytes, plan_local_cluster, system_rows
from footprint.batch.task import BatchResult
from footprint.cli import main
from footprint.config import CONFIG_DIR, load_config
from footprint.demo import DEMO_YEARS, demo_path
from footprint.errors import ConfigError, DataFileNotFoundError, FootprintError
from footprint.outputs.dataset import partition_dir, read_dataset
from footprint.pipeline import run
from footprint.waterbed.scenario_file import read_scenarios

SCENARIOS = [s.name for s in read_scenarios(CONFIG_DIR / "scenarios.toml")]
KEYS = ["consumer", "group", "indicator", "unit", "origin_region", "origin_sector"]


def _config(tmp: Path, years: list[int], **sections: dict[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "run": {"name": "series"},
        "data": {"source": "demo", "years": years},
        "groups": {"table": str(CONFIG_DIR / "product_groups.csv"),
                   "select": ["protein", "energy", "textiles"]},
        "pressures": {"table": str(CONFIG_DIR / "pressures.csv")},
        "output": {"dir": str(tmp / "results")},
        "waterbed": {"enabled": True, "scenarios": str(CONFIG_DIR / "scenarios.toml")},
    }
    for key, value in sections.items():
        raw.setdefault(key, {}).update(value)
    return raw


@pytest.fixture(scope="module")
def batch(demo_batch: tuple[BatchResult, list[str], Path]) -> tuple[BatchResult, list[str], Path]:
    """The demo's four years on a local Dask cluster: the session's packaged batch demo (``demo-series``,
    the same groups, pressures and scenarios as :func:`_config`)."""
    return demo_batch


def test_demo_has_four_years() -> None:
    assert len(DEMO_YEARS) >= 4 and 2016 in DEMO_YEARS


def test_every_partition_lands(batch: tuple[BatchResult, list[str], Path]) -> None:
    result, lines, _ = batch
    assert result.ok and set(result.done) == set(DEMO_YEARS) and not result.skipped
    for year in DEMO_YEARS:
        assert sorted(result.done[year]["written"]) == sorted(["baseline", *SCENARIOS])
        for scenario in ["baseline", *SCENARIOS]:
            assert partition_dir(result.dataset, year, scenario).is_dir()
    assert not list(result.dataset.glob("**/.*.tmp-*"))
    assert any("local Dask cluster" in line for line in lines)
    assert sum(line.startswith("[") and "wrote" in line for line in lines) == len(DEMO_YEARS)
    assert (result.out_dir / "batch.json").is_file()


@pytest.mark.parametrize("year", [min(DEMO_YEARS), max(DEMO_YEARS)])
def test_batch_equals_sequential_run(batch: tuple[BatchResult, list[str], Path], year: int) -> None:
    result, _, tmp = batch
    raw = _config(tmp, [])
    raw["data"]["year"] = year
    ref = run(raw, write=False)
    got = read_dataset(result.dataset, "attribution", years=[year], scenarios=["baseline"])
    merged = ref.attribution.merge(got, on=KEYS, suffixes=("_run", "_batch"), validate="1:1")
    assert len(merged) == len(ref.attribution) == len(got)
    np.testing.assert_allclose(merged["value_batch"], merged["value_run"], rtol=1e-12, atol=0)
    imp_keys = ["group", "method", "bound", "land_type", "origin_region"]
    imp = ref.extra["impacts"].merge(read_dataset(result.dataset, "impacts", years=[year]),
                                     on=imp_keys, suffixes=("_run", "_batch"))
    assert len(imp) == len(ref.extra["impacts"])
    np.testing.assert_allclose(imp["value_batch"], imp["value_run"], rtol=1e-12, atol=0)
    scen = read_dataset(result.dataset, "scenarios", years=[year])
    cols = ["scenario", "q", "d", "indicator"]
    both = ref.extra["scenarios"].merge(scen, on=cols, suffixes=("_run", "_batch"), validate="1:1")
    assert len(both) == len(ref.extra["scenarios"]) and set(scen["scenario"]) == set(SCENARIOS)
    np.testing.assert_allclose(both["d_global_batch"], both["d_global_run"], rtol=1e-12, atol=1e-12)


def test_series_and_tracker_from_the_dataset(batch: tuple[BatchResult, list[str], Path]) -> None:
    result, _, _ = batch
    tracker = result.series["tracker"]
    base = tracker[tracker["year"] == 2016]
    assert base["index"].tolist() == [100.0]  # the baseline year is exactly 100 %
    assert set(tracker["year"]) == set(DEMO_YEARS)
    folder = result.out_dir / "series"
    assert (folder / "tracker.csv").is_file()
    figures = list((folder / "figures").glob("*.png"))
    assert figures and all(f.stat().st_size > 1000 for f in figures)


def test_every_dataset_and_series_column_is_documented(batch: tuple[BatchResult, list[str], Path]
                                                        ) -> None:
    """The column dictionary (footprint/outputs/column_dictionary.py) covers every table of the dataset (as
    read_dataset returns it, with the partition columns) and of the series folder."""
    from footprint.outputs import columns

    result, _, _ = batch
    names = {p.stem for p in result.dataset.glob("year=*/scenario=*/*.parquet")}
    assert names >= {"attribution", "bilateral", "territorial", "scenarios", "scenario_absorption"}
    found = {n: list(read_dataset(result.dataset, n).columns) for n in names}
    series = sorted((result.out_dir / "series").glob("*.csv"))
    assert {p.stem for p in series} >= {"tracker", "tracker_split", "series_by_origin"}
    found |= {p.stem: list(pd.read_csv(p, nrows=0).columns) for p in series}
    missing = {n: columns.undocumented(n, cols) for n, cols in found.items()}
    assert {k: v for k, v in missing.items() if v} == {}
    batch_only = set(found) - {"attribution", "bilateral", "impacts", "impact_ranking", "scenarios",
                               "scenario_absorption", "pressure_rows"}  # the run's test checks those
    stale = {n: [c for c in columns.TABLES[n] if c not in found[n] and "<" not in c] for n in batch_only}
    assert {k: v for k, v in stale.items() if v} == {}


# The tests below are about the batch's folder, its tasks and its command line, not about what a task
# computes: they run without the impacts stage (its Monte Carlo is most of a demo task's time); the
# demo batch above (the `batch` fixture) has every stage, its impact tables checked against a run.
NO_IMPACTS = {"enabled": False}


def test_rerun_skips_finished_and_redoes_a_missing_partition(tmp_path: Path) -> None:
    raw = _config(tmp_path, [2016, 2022], output={"figures": False}, impacts=NO_IMPACTS)
    first = run_batch(raw, scheduler="sequential", progress=None)
    assert first.ok and set(first.done) == {2016, 2022}
    keep = partition_dir(first.dataset, 2016, "baseline") / "attribution.parquet"
    stamp = keep.stat().st_mtime_ns
    shutil.rmtree(partition_dir(first.dataset, 2022, SCENARIOS[0]))  # as if interrupted
    left_over = first.dataset / "year=2022" / f".scenario={SCENARIOS[1]}.tmp-1-2"
    left_over.mkdir()                                                 # a half-written partition
    lines: list[str] = []
    again = run_batch(raw, scheduler="sequential", progress=lines.append)
    assert set(again.done) == {2022} and again.done[2022]["written"] == [SCENARIOS[0]]
    assert again.skipped[2016] == ["baseline", *SCENARIOS]
    assert keep.stat().st_mtime_ns == stamp  # finished work not redone
    assert partition_dir(again.dataset, 2022, SCENARIOS[0]).is_dir()
    assert not left_over.exists()
    nothing = run_batch(raw, scheduler="sequential", progress=None)
    assert not nothing.done and nothing.ok


def _corrupt_copy(tmp: Path) -> Path:
    for year in (2016, 2022):
        shutil.copy(demo_path(year), tmp / f"IOT_{year}_pxp.zip")
    bad = tmp / "IOT_2022_pxp.zip"
    shutil.copy(bad, tmp / "good_2022.zip")
    bad.write_bytes(b"PK\x03\x04 this is not a complete zip archive")
    return bad


def test_failed_task_is_reported_and_the_others_land(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from distributed import LocalCluster

    bad = _corrupt_copy(tmp_path)
    raw = _config(tmp_path, [2016, 2022], output={"figures": False}, impacts=NO_IMPACTS,
                  data={"source": "exiobase3", "path": str(tmp_path / "IOT_{year}_pxp.zip")})
    result = run_batch(raw, scheduler="local", progress=None)
    assert set(result.failed) == {2022} and "CorruptDataError" in result.failed[2022]
    assert set(result.done) == {2016} and not result.series
    assert partition_dir(result.dataset, 2016, "baseline").is_dir()
    assert not (result.dataset / "year=2022").exists() or \
        not any((result.dataset / "year=2022").iterdir())
    shutil.copy(tmp_path / "good_2022.zip", bad)  # fix the cause, rerun on an existing cluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as cluster:
        lines: list[str] = []
        again = run_batch(raw, scheduler=cluster.scheduler_address, progress=lines.append)
    assert again.ok and set(again.done) == {2022} and set(again.skipped) == {2016}
    assert any("no worker declares a MEMORY resource" in line for line in lines)
    assert again.series["tracker"]["year"].tolist() == [2016, 2022]


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corrupt_copy(tmp_path)
    run_file = tmp_path / "series.toml"
    run_file.write_text(
        '[run]\nname = "cli"\n[data]\nsource = "exiobase3"\npath = "IOT_{year}_pxp.zip"\n'
        f'years = [2016, 2022]\ncache_dir = "cache"\n[output]\ndir = "results"\nfigures = false\n'
        f'[groups]\ntable = "{CONFIG_DIR / "product_groups.csv"}"\n'
        f'[pressures]\ntable = "{CONFIG_DIR / "pressures.csv"}"\n'
        '[impacts]\nenabled = false\n', encoding="utf-8")
    assert main(["batch", str(run_file), "--scheduler", "sequential", "--quiet"]) == 1
    assert "failed: 2022: CorruptDataError" in capsys.readouterr().err
    shutil.copy(tmp_path / "good_2022.zip", tmp_path / "IOT_2022_pxp.zip")
    assert main(["batch", str(run_file), "--scheduler", "sequential", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Halving-target tracker" in out and "Dataset:" in out


def test_other_configuration_is_refused(tmp_path: Path) -> None:
    raw = _config(tmp_path, [2016, 2022], output={"figures": False}, impacts=NO_IMPACTS)
    raw["waterbed"]["enabled"] = False
    run_batch(raw, scheduler="sequential", progress=None)
    raw["consumer"] = {"region": "DE"}
    with pytest.raises(ConfigError, match=r"another configuration .*differing: \[consumer\] region\)"):
        run_batch(raw, scheduler="sequential", progress=None)
    fresh = run_batch(raw, scheduler="sequential", progress=None, fresh=True)
    assert fresh.ok and set(read_dataset(fresh.dataset, "attribution")["consumer"]) == {"DE"}


def test_configuration_errors_before_any_task(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[data\] years"):
        run_batch(_config(tmp_path, []), progress=None)
    with pytest.raises(ConfigError, match="base_year = 2016"):
        run_batch(_config(tmp_path, [2019, 2022]), progress=None)
    with pytest.raises(ConfigError, match="target_year"):
        load_config(_config(tmp_path, [2016], targets={"target_year": 2010}))
    with pytest.raises(ConfigError, match="scheduler"):
        load_config(_config(tmp_path, [2016], batch={"scheduler": ""}))
    with pytest.raises(DataFileNotFoundError, match="no partition"):
        read_dataset(tmp_path, "attribution")


def test_memory_aware_plan() -> None:
    # EXIOBASE 3 pxp: 16 n^2 + 0.4 GB for n = 9,800 (estimate_task_bytes' docstring)
    assert estimate_task_bytes(9800) == int(16 * 9800**2 + 0.4 * GB)
    need = estimate_task_bytes(9800)
    # a small machine runs fewer years at once: 2 cores but memory for one task only
    assert plan_local_cluster(need, 4, cores=2, available=int(2.5 * GB))[0] == 1
    assert plan_local_cluster(need, 4, cores=2, available=24 * GB)[0] == 2
    assert plan_local_cluster(need, 1, cores=8, available=24 * GB)[0] == 1  # never more than tasks
    n, limit = plan_local_cluster(need, 4, cores=8, available=8 * GB)
    assert n == 3 and limit >= need
    with pytest.raises(FootprintError, match="memory_per_task_gb"):
        plan_local_cluster(need, 1, cores=2, available=2 * GB)


def test_system_rows_without_loading(tmp_path: Path) -> None:
    cfg = load_config(_config(tmp_path, [2016, 2022]))
    assert system_rows(cfg, 2022) == (15 * 53, "x.txt in IOT_2022_pxp.zip")
    raw = _config(tmp_path, [2016], data={"source": "exiobase3", "path": str(tmp_path / "none.zip")})
    rows, how = system_rows(load_config(raw), 2016)
    assert rows == 9800 and "assumed EXIOBASE 3 pxp" in how


def test_dataset_columns(batch: tuple[BatchResult, list[str], Path]) -> None:
    result, _, _ = batch
    frame = read_dataset(result.dataset, "territorial")
    assert {"year", "region", "indicator", "value", "scenario"} <= set(frame.columns)
    assert set(frame["year"]) == set(DEMO_YEARS) and pd.api.types.is_integer_dtype(frame["year"])
    absorb = read_dataset(result.dataset, "scenario_absorption", scenarios=SCENARIOS[:1])
    assert set(absorb["scenario"]) == {SCENARIOS[0]} and set(absorb["year"]) == set(DEMO_YEARS)
