"""Writing a run's results folder: tables, workbook, figures, report; with progress and timings.

Figures are the slowest part of writing (text layout and rendering in matplotlib), so they are drawn
by worker processes (:class:`footprint.outputs.figure_jobs.FigureWorkers`), started with the run so that they
import matplotlib and draw the first figures while it computes, and the rest while this process
writes the tables and the workbook. Every step's wall time goes into the manifest
(``timings_s.writing``, with the CPU time of this process and of the figure workers) and each step
prints a progress line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from footprint import files
from footprint.files import write_tables
from footprint.inputs.system import MRIO
from footprint.outputs import workbook
from footprint.outputs.figure_jobs import FigureWorkers, figure_jobs
from footprint.outputs.report import render_report
from footprint.progress import Progress
from footprint.results import RunResult
from footprint.trade.origins import origin_summary

__all__ = ["MAX_SHEET_CELLS", "main_year", "write_results"]

#: A table gets a workbook sheet when it has at most this many cells (rows x columns); larger ones
#: are in its csv and parquet files only. A cell costs about 40 us in openpyxl: on the demo (made
#: 2026-12-01) the sheets up to this size (impacts, 35,028 cells, included; the waterbed tables of
#: 49,410 cells and more not) take about 1.5 s of CPU, every table 2.7 s and more.
MAX_SHEET_CELLS = 40_000



def main_year(frame: pd.DataFrame, mrio: MRIO) -> pd.DataFrame:
    """Rows of the main year (a multi-year run's attribution holds every year)."""
    year = mrio.year if mrio.year is not None else -1
    return frame if frame["year"].nunique() <= 1 else frame[frame["year"] == year]


class _Clock:
    """Progress lines stamped with the time since the run started, and the time of each step."""

    def __init__(self, say: Progress, start: float) -> None:
        self.say, self.start = say, start
        self.spent: dict[str, float] = {}

    def line(self, text: str) -> None:
        self.say(f"[{time.perf_counter() - self.start:6.1f} s] {text}")

    @contextmanager
    def step(self, name: str, text: str) -> Iterator[None]:
        self.line(text)
        t0 = time.perf_counter()
        yield
        self.spent[name] = round(self.spent.get(name, 0.0) + time.perf_counter() - t0, 3)


def _sheets(result: RunResult) -> dict[str, pd.DataFrame]:
    sheets = {k: v for k, v in result.extra.items() if v.size <= MAX_SHEET_CELLS}
    origin = result.extra.get("origin_countries")
    if origin is not None and "origin_countries" not in sheets:  # the main year, summed over products
        sheets["origin_countries"] = origin_summary(origin, result.mrio.year)
    return sheets


def _write_workbook(result: RunResult, path: Path) -> None:
    units = dict(zip(result.pressures.names, result.pressures.units, strict=True))
    workbook.write_workbook(main_year(result.attribution, result.mrio), result.summary, path,
                          result.mrio.label, extra_sheets=_sheets(result), pressures=units,
                          documented=["summary", "attribution", "pressure_rows", *result.extra])


def _write_report(result: RunResult, folder: Path, figures: Sequence[str]) -> None:
    config = result.config.config_file or "<run configuration>"
    page = render_report(
        name=result.config.name, label=result.mrio.label,
        long=main_year(result.attribution, result.mrio), summary=result.summary,
        extra=result.extra, manifest=result.manifest,
        figures=[folder / "figures" / f for f in figures],
        reproduce=f"python -m footprint run {config} --out {result.out_dir or folder.name}",
    )
    (folder / "report.html").write_text(page, encoding="utf-8")


def write_results(result: RunResult, folder: Path, say: Progress, start: float | None = None,
                  workers: FigureWorkers | None = None) -> dict[str, float]:
    """Write every output of ``result`` into the (empty, temporary) ``folder``.

    Parameters
    ----------
    result : RunResult
    folder : Path
        Where to write (the pipeline's temporary results folder).
    say : callable
        Receives the progress lines.
    start : float, optional
        ``time.perf_counter()`` of the run's start, for the progress stamps.
    workers : FigureWorkers, optional
        Started figure workers drawing into ``folder / "figures"`` (default: started here; the
        pipeline starts them with the run and hands them some figures early). Closed on return.

    Returns
    -------
    dict of str to float
        Wall time of each writing step [s] (``tables``, ``workbook``, ``figures`` = drawing or waiting
        for the figures after the other steps, ``report``, ``total``) and CPU time [s]
        (``figures_cpu`` summed over the figure processes, ``cpu_this_process``); also written to the
        manifest as ``timings_s.writing``, the figure names as ``figures``.
    """
    clock = _Clock(say, start if start is not None else time.perf_counter())
    t0, cpu0 = time.perf_counter(), time.process_time()
    out = result.config.output
    drawing = workers if workers is not None else FigureWorkers.start(folder / "figures" if out.figures
                                                                       else None)
    try:
        if out.figures:
            (folder / "figures").mkdir(exist_ok=True)
            drawing.draw(figure_jobs(main_year(result.by_region, result.mrio), result.extra,
                                     result.mrio.regions, result.mrio.label, folder / "figures",
                                     skip=drawing.sent, every=out.group_figures))
            if drawing.workers:
                clock.line(f"drawing {len(drawing.jobs)} figure jobs in {len(drawing.workers)} processes")
        with clock.step("tables", f"writing tables: attribution, {', '.join(result.extra)}"):
            write_tables({"attribution": result.attribution, **result.extra}, folder, result.mrio.label)
            result.summary.to_csv(folder / "summary.csv", index=False)
            result.pressures.matched.to_csv(folder / "pressure_rows.csv", index=False)
        if out.excel:
            with clock.step("workbook", f"writing attribution.xlsx ({len(_sheets(result))} table sheets; "
                                        f"tables over {MAX_SHEET_CELLS:,} cells only as csv/parquet)"):
                _write_workbook(result, folder / "attribution.xlsx")
        if out.figures:
            with clock.step("figures", "waiting for figures" if drawing.workers else "drawing figures"):
                result.manifest["figures"] = drawing.collect(clock.line)
            with clock.step("report", "writing report.html"):
                _write_report(result, folder, result.manifest["figures"])
    finally:
        drawing.close()
    clock.spent["figures_cpu"] = round(drawing.cpu, 3)
    clock.spent["cpu_this_process"] = round(time.process_time() - cpu0, 3)
    clock.spent["total"] = round(time.perf_counter() - t0, 3)
    (folder / "README.txt").write_text(
        f"footprint run '{result.config.name}'\nData: {result.mrio.label}\n"
        "See manifest.json for the configuration, input checksums, versions and timings.\n",
        encoding="utf-8")
    result.manifest.setdefault("timings_s", {})["writing"] = clock.spent
    # the marker and the file list let a later run recognise this folder as its own
    result.manifest.update(written_by=files.WRITTEN_BY, files=files.file_list(folder))
    (folder / files.MANIFEST).write_text(json.dumps(result.manifest, indent=2), encoding="utf-8")
    return clock.spent
