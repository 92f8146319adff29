"""``[uncertainty] mrio_draws`` in a run: the mrio_uncertainty table on the demo (written, in the
report, the summary line, the manifest note), its agreement with the attribution, reproducibility, and
the run file's errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.config import load_config
from footprint.errors import ConfigError
from footprint.outputs.columns import undocumented
from footprint.outputs.report import render_report
from footprint.pipeline import run
from footprint.uncertainty.present import summary_lines
from footprint.uncertainty.table import ALL_ORIGINS
from tests.support.runs import raw_run

DRAWS = 60


@pytest.fixture(scope="module")
def mc_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("mrio-mc")
    # "local" with the 795-row demo: the draws run in this process (footprint.uncertainty.stage)
    raw = raw_run(tmp, "mc", uncertainty={"mrio_draws": DRAWS}, batch={"scheduler": "local"})
    return run(raw, out_dir=tmp / "out")


def test_table_is_written_reported_and_summarised(mc_run: Any) -> None:
    table = mc_run.extra["mrio_uncertainty"]
    out = Path(mc_run.out_dir)
    written = pd.read_parquet(out / "mrio_uncertainty.parquet")
    assert len(written) == len(table) and (out / "mrio_uncertainty.csv").is_file()
    assert set(table["data"]) == {mc_run.mrio.label}  # the demo's label carried
    assert undocumented("mrio_uncertainty", written.columns) == []  # every column in the dictionary
    assert (table["draws"] == DRAWS).all()
    page = render_report(name="mc", label=mc_run.mrio.label, long=mc_run.attribution, summary=mc_run.summary,
                         extra=mc_run.extra, manifest=mc_run.manifest, figures=[], reproduce="")
    assert "Uncertainty of the MRIO itself" in page  # (the run wrote no report: figures are off)
    assert any(n.startswith("note: MRIO Monte Carlo") for n in mc_run.manifest["notes"])
    lines = summary_lines(table)
    assert lines[0].startswith(f"Uncertainty of the MRIO itself ({DRAWS} draws")
    assert any(line.startswith("total") and "p5-p95" in line for line in lines)


def test_percentiles_ordered_and_deterministic_is_the_attribution(mc_run: Any) -> None:
    table = mc_run.extra["mrio_uncertainty"]
    assert (table["mc_p5"] <= table["mc_p50"]).all() and (table["mc_p50"] <= table["mc_p95"]).all()
    by_origin = mc_run.attribution.groupby(["group", "indicator", "origin_region"])["value"].sum()
    rows = table[table["origin_region"] != ALL_ORIGINS].set_index(["group", "indicator", "origin_region"])
    joined = rows["deterministic"].to_frame().join(by_origin.rename("attributed"), how="outer").fillna(0.0)
    np.testing.assert_allclose(joined["deterministic"], joined["attributed"], rtol=1e-10, atol=1e-9)


def test_deterministic_value_inside_the_band_on_the_demo(mc_run: Any) -> None:
    table = mc_run.extra["mrio_uncertainty"]
    whole = table[table["origin_region"] == ALL_ORIGINS]
    inside = (whole["mc_p5"] <= whole["deterministic"]) & (whole["deterministic"] <= whole["mc_p95"])
    assert inside.all(), whole[~inside]
    spread = (whole["mc_p95"] - whole["mc_p5"]) / whole["deterministic"].abs()
    assert (spread[whole["deterministic"] != 0] > 0).all()  # the draws do move every group's footprint


def test_same_seed_same_table_on_dask_workers(mc_run: Any, tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        raw = raw_run(tmp_path, "mc", uncertainty={"mrio_draws": DRAWS},
                      batch={"scheduler": cluster.scheduler_address})
        on_workers = run(raw, write=False).extra["mrio_uncertainty"]
    # each worker read the demo itself (pipeline.mrio_problem); equal to rounding (BLAS threads differ)
    pd.testing.assert_frame_equal(on_workers, mc_run.extra["mrio_uncertainty"], rtol=1e-12, atol=0)
    other = run(raw_run(tmp_path, "mc", uncertainty={"mrio_draws": DRAWS, "mrio_seed": 19},
                        batch={"scheduler": "sequential"}), write=False).extra["mrio_uncertainty"]
    assert not np.allclose(other["mc_p50"], on_workers["mc_p50"])


@pytest.mark.parametrize(("values", "message"), [
    ({"mrio_draws": -1}, r"\[uncertainty\] mrio_draws must be an integer >= 0"),
    ({"mrio_draws": "10"}, r"\[uncertainty\] mrio_draws must be an integer >= 0"),
    ({"mrio_cv_ref": 0}, r"\[uncertainty\] mrio_cv_ref must be a number > 0"),
    ({"mrio_cv_min": 0.5, "mrio_cv_max": 0.2}, r"mrio_cv_min \(0.5\) must not exceed mrio_cv_max"),
    ({"mrio_draw": 10}, r"unknown key 'mrio_draw' in \[uncertainty\]; close matches: 'mrio_draws'"),
])
def test_bad_values_are_clear_errors(tmp_path: Path, values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(raw_run(tmp_path, uncertainty=values))


def test_off_by_default(tmp_path: Path, demo_written: Any) -> None:
    assert load_config(raw_run(tmp_path)).uncertainty.mrio_draws == 0
    assert "mrio_uncertainty" not in demo_written.extra
