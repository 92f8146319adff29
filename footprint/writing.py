"""Writing a run's results folder: tables, workbook, figures, report; with progress and timings.

Figures are the slowest part of writing (text layout and rendering in matplotlib), so they are drawn
by worker processes (:class:`FigureWorkers`, :mod:`footprint._figure_worker`), started with the run so
that they import matplotlib while it computes, and drawing while this process writes the tables and
the workbook. Every step's wall time goes into the manifest (``timings_s.writing``, with the CPU time
of this process and of the figure workers) and each step prints a progress line.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from footprint import _files, tables
from footprint._figure_worker import Job, run_job
from footprint._table_files import write_tables
from footprint.results import RunResult
from footprint.system import MRIO

__all__ = ["MAX_SHEET_CELLS", "FigureWorkers", "figure_jobs", "main_year", "regional_methods", "worker_count",
           "write_results"]

#: A table gets a workbook sheet when it has at most this many cells (rows x columns); larger ones
#: are in its csv and parquet files only (Excel users read the summary and group sheets; writing a
#: cell costs about 40 us in openpyxl).
MAX_SHEET_CELLS = 50_000

Progress = Callable[[str], None]


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


def regional_methods(impacts: pd.DataFrame) -> list[str]:
    """Methods whose land factors differ between origin regions (read off the impacts table: the
    impact per unit of land of one land type varies by origin). Global factors change an origin's
    rank only through its land-type mix."""
    land = impacts[(impacts["land_type"] != "climate") & (impacts["bound"] == "central")
                   & (impacts["pressure"] > 0)]
    per_ha = land["value"] / land["pressure"]
    ratio = per_ha.groupby([land["method"], land["land_type"]]).agg(["min", "max"])
    spread = (ratio["max"] - ratio["min"]) > 1e-9 * ratio["max"].abs()
    varying = set(spread[spread].index.get_level_values(0))
    return [m for m in dict.fromkeys(map(str, impacts["method"])) if m in varying]


def figure_jobs(result: RunResult, folder: Path) -> list[Job]:
    """The figures of a run as independent jobs (one per group and kind), in the report's order.

    Each job is ``(module, function, args, kwargs)`` of a ``*_figures`` function that writes PNG files
    into ``folder`` and returns their names; jobs share no state, so they can run in any process.
    """
    names = tables.region_names()
    note = f"Data: {result.mrio.label}"
    regional = main_year(result.by_region, result.mrio)
    extra = result.extra
    jobs: list[Job] = []
    for group in map(str, regional["group"].unique()):
        jobs.append(("footprint.plots", "attribution_figures",
                     (regional[regional["group"] == group], folder), {"note": note, "names": names}))
    if "impacts" in extra and len(extra["impacts"]):
        imp = extra["impacts"]
        for group in map(str, imp["group"].unique()):
            jobs.append(("footprint.map_plots", "impact_map_figures",
                         ({"impacts": imp[imp["group"] == group]}, folder, note, names),
                         {"regions": result.mrio.regions}))
    if "impact_ranking" in extra:
        ranked = extra["impact_ranking"]
        for group in map(str, ranked["group"].unique()):
            jobs.append(("footprint.plots", "impact_ranking_figures", (ranked[ranked["group"] == group],
                                                                       folder),
                         {"note": note, "names": names,
                          "methods": regional_methods(extra["impacts"]) if "impacts" in extra else None}))
    jobs += _waterbed_jobs(extra, folder, note, names)
    return jobs


def _waterbed_jobs(extra: Mapping[str, pd.DataFrame], folder: Path, note: str,
                   names: Mapping[str, str]) -> list[Job]:
    """One job per group's importer-share figure and one for the scenario figures."""
    jobs: list[Job] = []
    kw = {"note": note, "names": names}
    ind = extra.get("waterbed_indicators")
    if ind is not None and len(ind) and "bilateral" in extra:
        bil = extra["bilateral"]
        for group in ind["group"].unique():
            part = {"waterbed_indicators": ind[ind["group"] == group],
                    "bilateral": bil[bil["group"] == group]}
            jobs.append(("footprint.waterbed_plots", "waterbed_figures", (part, folder), kw))
    if "scenarios" in extra:
        jobs.append(("footprint.waterbed_plots", "waterbed_figures",
                     ({"scenarios": extra["scenarios"]}, folder), kw))
    return jobs


def worker_count() -> int:
    """Figure worker processes: ``FOOTPRINT_WORKERS`` if set (1 = draw in the run's process), else
    up to 2 (the project machine's cores; the figures are too few for more to pay)."""
    value = os.environ.get("FOOTPRINT_WORKERS", "")
    return max(1, int(value)) if value.strip().isdigit() else min(2, os.cpu_count() or 1)


class FigureWorkers:
    """Worker interpreters that draw a run's figures in parallel with the rest of the writing.

    :meth:`start` launches them at the start of a run (``python -m footprint._figure_worker``, fresh
    interpreters: the caller's main module is never imported again and nothing is forked), so they
    import matplotlib while the run computes. :meth:`draw` hands each its share of the jobs on stdin
    and returns at once (a thread per worker waits for it); :meth:`collect` returns the figure names.
    With one worker (:func:`worker_count`) the jobs are drawn in this process by :meth:`collect`.
    """

    def __init__(self, procs: Sequence[subprocess.Popen[bytes]]) -> None:
        self.procs = list(procs)
        self.jobs: list[Job] = []
        self.results: dict[int, tuple[list[str], float]] = {}
        self.worker_cpu: dict[int, float] = {}  # per worker (each thread writes its own key)
        self.failed: list[str] = []
        self.threads: list[threading.Thread] = []

    @classmethod
    def start(cls, n: int | None = None) -> FigureWorkers:
        """Launch ``n`` workers (default :func:`worker_count`; none when it is 1)."""
        n = worker_count() if n is None else n
        if n <= 1:
            return cls([])
        here = str(Path(__file__).resolve().parent.parent)  # the workers import this footprint
        path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
        cmd = [sys.executable, "-m", "footprint._figure_worker"]
        return cls([subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
                    for _ in range(n)])

    def draw(self, jobs: Sequence[Job]) -> None:
        """Hand out the jobs (round robin, in order) and return while they are drawn."""
        self.jobs = list(jobs)
        for k, proc in enumerate(self.procs):
            share = [(i, job) for i, job in enumerate(self.jobs) if i % len(self.procs) == k]
            thread = threading.Thread(target=self._wait, args=(k, proc, pickle.dumps(share)), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _wait(self, k: int, proc: subprocess.Popen[bytes], data: bytes) -> None:
        out, err = proc.communicate(data)
        if proc.returncode != 0:
            self.failed.append(err.decode(errors="replace").strip()[-3000:])
            return
        results, cpu = pickle.loads(out)
        self.results.update({i: (names, job_cpu) for i, names, job_cpu in results})
        self.worker_cpu[k] = cpu

    def collect(self, clock: _Clock) -> list[str]:
        """Every figure name in job order (drawn here without workers), a progress line per job."""
        for thread in self.threads:
            thread.join()
        if self.failed:
            raise RuntimeError(f"a figure worker failed:\n{self.failed[0]}")
        names: list[str] = []
        for i, job in enumerate(self.jobs):
            if not self.procs:
                self.results[i] = run_job(job)
                self.worker_cpu[0] = self.worker_cpu.get(0, 0.0) + self.results[i][1]
            names += self.results[i][0]
            clock.line(f"figures {i + 1}/{len(self.jobs)}: {', '.join(self.results[i][0])}")
        return names

    def close(self) -> None:
        """End the workers (those that got no jobs read an empty input and exit)."""
        for proc in self.procs:
            if proc.poll() is None and not any(t.is_alive() for t in self.threads):
                proc.communicate(b"")
        for thread in self.threads:
            thread.join()
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _sheets(result: RunResult) -> dict[str, pd.DataFrame]:
    return {k: v for k, v in result.extra.items() if v.size <= MAX_SHEET_CELLS}


def _write_workbook(result: RunResult, path: Path) -> None:
    units = dict(zip(result.pressures.names, result.pressures.units, strict=True))
    tables.write_workbook(main_year(result.attribution, result.mrio), result.summary, path,
                          result.mrio.label, extra_sheets=_sheets(result), pressures=units,
                          documented=["summary", "attribution", "pressure_rows", *result.extra])


def _write_report(result: RunResult, folder: Path, figures: Sequence[str]) -> None:
    from footprint.report import render_report

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
        Started figure workers (default: started here; the pipeline starts them with the run). They
        are closed on return.

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
    jobs = figure_jobs(result, folder / "figures") if out.figures else []
    if jobs:
        (folder / "figures").mkdir()
    drawing = workers if workers is not None else FigureWorkers.start()
    try:
        drawing.draw(jobs)
        if drawing.threads:
            clock.line(f"drawing {len(jobs)} figure jobs in {len(drawing.procs)} processes")
        with clock.step("tables", f"writing tables: attribution, {', '.join(result.extra)}"):
            write_tables({"attribution": result.attribution, **result.extra}, folder, result.mrio.label)
            result.summary.to_csv(folder / "summary.csv", index=False)
            result.pressures.matched.to_csv(folder / "pressure_rows.csv", index=False)
        if out.excel:
            with clock.step("workbook", f"writing attribution.xlsx ({len(_sheets(result))} table sheets; "
                                        f"tables over {MAX_SHEET_CELLS:,} cells only as csv/parquet)"):
                _write_workbook(result, folder / "attribution.xlsx")
        if jobs:
            with clock.step("figures", "waiting for figures" if drawing.threads else "drawing figures"):
                result.manifest["figures"] = drawing.collect(clock)
            with clock.step("report", "writing report.html"):
                _write_report(result, folder, result.manifest["figures"])
    finally:
        drawing.close()
    clock.spent["figures_cpu"] = round(sum(drawing.worker_cpu.values()), 3)
    clock.spent["cpu_this_process"] = round(time.process_time() - cpu0, 3)
    clock.spent["total"] = round(time.perf_counter() - t0, 3)
    (folder / "README.txt").write_text(
        f"footprint run '{result.config.name}'\nData: {result.mrio.label}\n"
        "See manifest.json for the configuration, input checksums, versions and timings.\n",
        encoding="utf-8")
    result.manifest.setdefault("timings_s", {})["writing"] = clock.spent
    # the marker and the file list let a later run recognise this folder as its own
    result.manifest.update(written_by=_files.WRITTEN_BY, files=_files.file_list(folder))
    (folder / _files.MANIFEST).write_text(json.dumps(result.manifest, indent=2), encoding="utf-8")
    return clock.spent
