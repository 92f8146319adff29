"""A run's figures as independent jobs, drawn by worker processes while the run goes on.

Each job is ``(module, function, args, kwargs)`` of a ``*_figures`` function that writes PNG files
into a folder and returns their names; jobs share no state. :class:`FigureWorkers` starts worker
interpreters (:mod:`footprint.outputs.figure_worker`) with the run, so they import matplotlib while it
computes; the pipeline hands them the attribution figures as soon as the attribution is done and the
impact figures as soon as the impacts are (:meth:`FigureWorkers.early`), so that most figures are
drawn on the second core while the first one still computes; the rest follow at writing time.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from footprint.inputs.regions import region_names
from footprint.outputs.figure_worker import Job, run_job
from footprint.progress import Progress
from footprint.vocabulary import TOTAL_GROUP

__all__ = ["FigureWorkers", "attribution_jobs", "figure_jobs", "impact_jobs", "regional_methods",
           "trade_jobs", "waterbed_jobs", "worker_count"]

KINDS = ("attribution", "impacts", "trade", "waterbed")
TRADE_FIGURE_TABLES = ("trade_gainers", "trade_consumer_shares", "origin_countries")


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


def _groups(frame: pd.DataFrame, every: bool) -> list[str]:
    """The groups that get a figure: every group, or only ``total`` (all consumption) when it is there."""
    groups = list(map(str, frame["group"].unique()))
    return groups if every or TOTAL_GROUP not in groups else [TOTAL_GROUP]


def attribution_jobs(regional: pd.DataFrame, folder: Path, note: str,
                     names: Mapping[str, str]) -> list[Job]:
    """Per group: the top origins of the headline pressures and every pressure by origin."""
    return [("footprint.outputs.plots", "attribution_figures", (regional[regional["group"] == g], folder),
             {"note": note, "names": names}) for g in map(str, regional["group"].unique())]


def impact_jobs(extra: Mapping[str, pd.DataFrame], regions: Sequence[str], folder: Path, note: str,
                names: Mapping[str, str], every: bool = True) -> list[Job]:
    """The map of impact and land by origin and the origin rankings of the regional methods, of all
    consumption (and of every group with ``every``)."""
    imp = extra.get("impacts")
    if imp is None or imp.empty:
        return []
    jobs: list[Job] = [("footprint.outputs.maps", "impact_map_figures",
                        ({"impacts": imp[imp["group"] == g]}, folder, note, names),
                        {"regions": tuple(regions)}) for g in _groups(imp, every)]
    ranked = extra.get("impact_ranking")
    if ranked is not None:
        methods = regional_methods(imp)
        jobs += [("footprint.outputs.plots", "impact_ranking_figures", (ranked[ranked["group"] == g], folder),
                  {"note": note, "names": names, "methods": methods}) for g in _groups(ranked, every)]
    return jobs


def waterbed_jobs(extra: Mapping[str, pd.DataFrame], folder: Path, note: str,
                  names: Mapping[str, str], every: bool = True) -> list[Job]:
    """The importer-share figure of all consumption (and of every group with ``every``), and one job
    for the scenario figures."""
    jobs: list[Job] = []
    kw = {"note": note, "names": names}
    ind = extra.get("waterbed_indicators")
    if ind is not None and len(ind) and "bilateral" in extra:
        bil = extra["bilateral"]
        for group in _groups(ind, every):
            part = {"waterbed_indicators": ind[ind["group"] == group],
                    "bilateral": bil[bil["group"] == group]}
            jobs.append(("footprint.outputs.waterbed_plots", "waterbed_figures", (part, folder), kw))
    if "scenarios" in extra:
        jobs.append(("footprint.outputs.waterbed_plots", "waterbed_figures",
                     ({"scenarios": extra["scenarios"]}, folder), kw))
    return jobs


def trade_jobs(extra: Mapping[str, pd.DataFrame], folder: Path, label: str) -> list[Job]:
    """The trade figures (:func:`footprint.outputs.trade_plots.trade_figures`): footnote the FAOSTAT
    label, and on the origin-country figure both labels (MRIO and trade)."""
    tables = {k: extra[k] for k in TRADE_FIGURE_TABLES if k in extra}
    if "trade_waterbed" not in extra or not tables:
        return []
    trade = str(extra["trade_waterbed"]["data"].iloc[0]) if len(extra["trade_waterbed"]) else "FAOSTAT"
    return [("footprint.outputs.trade_plots", "trade_figures", (tables, folder),
             {"note": f"Data: {trade}", "mixed_note": f"Data: {label} (MRIO); country shares: {trade}"})]


def figure_jobs(regional: pd.DataFrame, extra: Mapping[str, pd.DataFrame], regions: Sequence[str],
                label: str, folder: Path, skip: Sequence[str] = (), every: bool = False) -> list[Job]:
    """Every figure job of a run, in the report's order, leaving out the kinds in ``skip``.

    Parameters
    ----------
    regional : DataFrame
        The main year's attribution by origin region (:func:`footprint.tables.by_origin_region`).
    extra : mapping
        The run's further tables (impacts, waterbed).
    regions : sequence of str
        The system's regions (a region without a row is a zero on the maps).
    label : str
        The data label (the figures' footnote).
    folder : Path
        Where the figures go.
    skip : sequence of str
        Kinds of :data:`KINDS` already handed out.
    every : bool
        Every group's map, rankings and importer shares (``[output] group_figures``); by default
        those of all consumption only (every group gets its top origins and pressures by origin).
    """
    names, note = region_names(), f"Data: {label}"
    jobs: dict[str, Callable[[], list[Job]]] = {
        "attribution": lambda: attribution_jobs(regional, folder, note, names),
        "impacts": lambda: impact_jobs(extra, regions, folder, note, names, every),
        "trade": lambda: trade_jobs(extra, folder, label),
        "waterbed": lambda: waterbed_jobs(extra, folder, note, names, every)}
    return [job for kind in KINDS if kind not in skip for job in jobs[kind]()]


def worker_count() -> int:
    """Figure worker processes: ``FOOTPRINT_WORKERS`` if set (0 = draw in the run's own process),
    else one core less than the machine has, at most 2: the run's process keeps a core for computing
    (with 2 workers on 2 cores the early figures slowed the computing 1.5-3 times, measured on the
    project machine; the figures are too few for more than 2 to pay)."""
    value = os.environ.get("FOOTPRINT_WORKERS", "")
    return int(value) if value.strip().isdigit() else max(0, min(2, (os.cpu_count() or 1) - 1))


class _Worker:
    """One worker interpreter: a thread feeds it batches of jobs, then reads its results."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.batches: queue.Queue[list[tuple[int, Job]] | None] = queue.Queue()
        self.results: list[tuple[int, list[str], float]] = []
        self.cpu, self.error, self.jobs = 0.0, "", 0
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        try:
            while (batch := self.batches.get()) is not None:
                stdin.write(pickle.dumps(batch))
                stdin.flush()
        except OSError:  # BrokenPipeError: the worker died; its stderr says why
            while self.batches.get() is not None:
                pass
        out, err = self.proc.communicate()  # closes the input: the worker finishes and reports
        if self.proc.returncode != 0:
            self.error = err.decode(errors="replace").strip()[-3000:] or f"exit {self.proc.returncode}"
        elif out:
            self.results, self.cpu = pickle.loads(out)

    def finish(self) -> None:
        self.batches.put(None)
        self.thread.join()


class FigureWorkers:
    """Worker interpreters that draw a run's figures while the run computes and writes.

    :meth:`start` launches them (``python -m footprint.outputs.figure_worker``, fresh interpreters: the
    caller's main module is never imported again and nothing is forked). :meth:`draw` hands out jobs
    and returns at once; :meth:`early` does so for the attribution and the impact figures as soon as
    their tables exist; :meth:`collect` returns every figure name in the order the jobs were given.
    With no worker (:func:`worker_count` = 0) the jobs are drawn in this process by :meth:`collect`.
    """

    def __init__(self, workers: Sequence[_Worker] = (), folder: Path | None = None) -> None:
        self.workers = list(workers)
        self.folder = folder
        self.jobs: list[Job] = []
        self.sent: list[str] = []
        self.in_process_cpu = 0.0

    @classmethod
    def start(cls, folder: Path | None = None, n: int | None = None) -> FigureWorkers:
        """Launch ``n`` workers (default :func:`worker_count`; 0: the figures are drawn in this
        process) that will draw into ``folder`` (created here)."""
        n = worker_count() if n is None else n
        if folder is not None:
            folder.mkdir(exist_ok=True)
        if n < 1:
            return cls([], folder)
        here = str(Path(__file__).resolve().parents[2])  # the workers import this footprint
        path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        command = [sys.executable, "-m", "footprint.outputs.figure_worker"]
        return cls([_Worker(command, env) for _ in range(n)], folder)

    @property
    def cpu(self) -> float:
        """CPU time of the figure workers (or of the drawing in this process) [s]."""
        return self.in_process_cpu + sum(w.cpu for w in self.workers)

    def draw(self, jobs: Sequence[Job]) -> None:
        """Hand out ``jobs`` (each to the worker with the fewest so far) and return at once."""
        batches: dict[int, list[tuple[int, Job]]] = {}
        for job in jobs:
            i = len(self.jobs)
            self.jobs.append(job)
            if self.workers:
                k = min(range(len(self.workers)), key=lambda w: self.workers[w].jobs)
                self.workers[k].jobs += 1
                batches.setdefault(k, []).append((i, job))
        for k, batch in batches.items():
            self.workers[k].batches.put(batch)

    def early(self, kind: str, regional: pd.DataFrame | None, extra: Mapping[str, pd.DataFrame],
              regions: Sequence[str], label: str, every: bool = False) -> None:
        """Hand out the figures of ``kind`` (``attribution``, ``impacts``, ``trade``) as soon as their tables
        exist; only with worker processes (drawing here would hold up the computing)."""
        if not self.workers or self.folder is None:
            return
        frame = regional if regional is not None else pd.DataFrame(columns=["group"])
        jobs = figure_jobs(frame, extra, regions, label, self.folder,
                           skip=[k for k in KINDS if k != kind], every=every)
        self.draw(jobs)
        self.sent.append(kind)

    def collect(self, line: Progress) -> list[str]:
        """Every figure name in the order the jobs were given; ``line`` gets a line per job."""
        for worker in self.workers:
            worker.finish()
        failed = [w.error for w in self.workers if w.error]
        if failed:
            raise RuntimeError(f"a figure worker failed:\n{failed[0]}")
        done = {i: (names, cpu) for w in self.workers for i, names, cpu in w.results}
        names: list[str] = []
        for i, job in enumerate(self.jobs):
            if not self.workers:
                done[i] = run_job(job)
                self.in_process_cpu += done[i][1]
            names += done[i][0]
            line(f"figures {i + 1}/{len(self.jobs)}: {', '.join(done[i][0])}")
        return names

    def close(self) -> None:
        """End the workers: those still drawing when the run failed are stopped."""
        for worker in self.workers:
            if worker.proc.poll() is None and worker.thread.is_alive():
                worker.proc.kill()
            worker.finish()

