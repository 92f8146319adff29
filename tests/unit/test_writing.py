"""Writing a results folder: progress lines, timings in the manifest, figures drawn by worker
processes (the same files as drawn in the run's process), workbook sheets only for tables that fit."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from footprint.outputs.figure_jobs import FigureWorkers, regional_methods
from footprint.outputs.writing import MAX_SHEET_CELLS, write_results
from footprint.results import RunResult


def test_in_process_writing_matches_the_workers(demo_written: RunResult, tmp_path: Path) -> None:
    """The demo run drew its figures in worker processes (two on a machine with two cores); drawn in
    this process they are the same files in the same order; every step printed a line and its time
    is in the manifest."""
    result = dataclasses.replace(demo_written, manifest=copy.deepcopy(demo_written.manifest))
    lines: list[str] = []
    spent = write_results(result, tmp_path, lines.append, workers=FigureWorkers())
    assert result.manifest["figures"] == demo_written.manifest["figures"]
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) == sorted(
        demo_written.manifest["figures"])
    text = "\n".join(lines)
    for step in ("writing tables", "writing attribution.xlsx", "drawing figures",
                 "figures 1/", "writing report.html"):
        assert step in text, step
    written = json.loads((tmp_path / "manifest.json").read_text())["timings_s"]["writing"]
    assert written == spent
    assert set(spent) == {"tables", "workbook", "figures", "report", "total", "figures_cpu",
                          "cpu_this_process"}
    assert all(v >= 0 for v in spent.values()) and spent["total"] >= spent["workbook"]
    default = demo_written.manifest["timings_s"]["writing"]  # the run's own (worker) timings
    assert default["figures_cpu"] > 0 and default["total"] > 0


def test_a_failing_worker_is_reported(tmp_path: Path) -> None:
    workers = FigureWorkers.start(tmp_path / "figures", n=2)
    try:
        workers.draw([("footprint.outputs.plots", "no_such_figures", (), {})] * 2)
        with pytest.raises(RuntimeError, match=r"(?s)figure worker failed.*no_such_figures"):
            workers.collect(lambda _: None)
    finally:
        workers.close()
    assert all(w.proc.poll() is not None for w in workers.workers)  # none left running


def test_workers_stopped_when_the_run_fails(tmp_path: Path) -> None:
    """Jobs handed out early, then the run fails: close() stops the workers at once."""
    workers = FigureWorkers.start(tmp_path / "figures", n=2)
    workers.draw([("time", "sleep", (60,), {})] * 2)  # a job that would keep a worker busy
    workers.close()
    assert all(w.proc.poll() is not None for w in workers.workers)


def test_workbook_sheets_only_for_tables_that_fit(demo_written: RunResult) -> None:
    assert demo_written.out_dir is not None
    with pd.ExcelFile(demo_written.out_dir / "attribution.xlsx") as book:
        sheets = set(book.sheet_names)
    for name, frame in demo_written.extra.items():
        if name == "origin_countries":  # always a sheet: the main year summed over products (writing._sheets)
            assert name in sheets
            continue
        assert (name[:31] in sheets) == (frame.size <= MAX_SHEET_CELLS), name
    assert "impacts" in sheets and "waterbed_indicators" not in sheets  # the demo has both kinds


def test_regional_methods_from_the_impacts_table() -> None:
    """Per-region factors vary impact per ha across origins; a global factor does not."""
    rows = [{"method": m, "land_type": "pasture", "bound": "central", "origin_region": r,
             "pressure": p, "value": p * (f if m == "regional" else 0.5)}
            for m in ("regional", "global") for r, p, f in (("BR", 10.0, 0.9), ("NL", 2.0, 0.1))]
    assert regional_methods(pd.DataFrame(rows)) == ["regional"]


def test_group_figures_switch() -> None:
    """By default the maps, rankings and importer shares are drawn for all consumption only; with
    [output] group_figures = true for every group (every group always gets its top origins and
    pressures by origin)."""
    from footprint.outputs.figure_jobs import figure_jobs

    groups = ["total", "protein", "energy"]
    regional = pd.DataFrame({"group": groups})
    extra = {"impacts": pd.DataFrame({"group": groups, "method": "m", "land_type": "pasture",
                                      "bound": "central", "pressure": 1.0, "value": 1.0}),
             "impact_ranking": pd.DataFrame({"group": groups}),
             "waterbed_indicators": pd.DataFrame({"group": groups}),
             "bilateral": pd.DataFrame({"group": groups})}

    def count(every: bool) -> dict[str, int]:
        jobs = figure_jobs(regional, extra, ("NL",), "test", Path("."), every=every)
        return {f: sum(j[1] == f for j in jobs) for f in ("attribution_figures", "impact_map_figures",
                                                           "impact_ranking_figures", "waterbed_figures")}

    assert count(False) == {"attribution_figures": 3, "impact_map_figures": 1, "impact_ranking_figures": 1,
                            "waterbed_figures": 1}
    assert count(True) == {"attribution_figures": 3, "impact_map_figures": 3, "impact_ranking_figures": 3,
                           "waterbed_figures": 3}
