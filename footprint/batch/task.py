"""A batch's tasks: one year each (:func:`footprint.pipeline.run_year`, then its unfinished
partitions), submitted in this process or on Dask, and the record of what they did.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from footprint import pipeline, preflight
from footprint.config import RunConfig
from footprint.errors import FootprintError
from footprint.outputs.dataset import write_partition
from footprint.progress import Progress
from footprint.vocabulary import BASELINE

__all__ = ["BASELINE_TABLES", "SCENARIO_TABLES", "BatchResult", "Runner", "year_task"]


# ------------------------------------------------------------------------------ one task


BASELINE_TABLES = ("attribution", "impacts", "impact_ranking", "bilateral", "territorial",
                   "material_accounts", "pressure_rows", "mrio_uncertainty")
"""The tables of :func:`footprint.pipeline.run_year` a baseline partition holds (those that exist)."""
SCENARIO_TABLES = ("scenarios", "scenario_absorption")
"""The tables of :func:`footprint.pipeline.run_year` a scenario's partition holds (its rows)."""


def year_task(cfg: RunConfig, year: int, scenarios: list[str], root: Path) -> dict[str, Any]:
    """One batch task: :func:`footprint.pipeline.run_year` once, then its unfinished partitions.

    Parameters
    ----------
    cfg : RunConfig
    year : int
    scenarios : list of str
        Partitions to write: ``baseline`` and/or declared scenario names.
    root : Path
        The dataset folder.

    Returns
    -------
    dict
        ``year``, ``written`` (partition names), ``seconds``, ``rows``, ``notes``.
    """
    start = time.perf_counter()
    inputs = preflight.read_inputs(cfg)
    todo = [s for s in inputs.scenarios if s.name in scenarios]
    done = pipeline.run_year(cfg, inputs, year, scenarios=todo, with_accounts=True,
                             uncertainty="here" if BASELINE in scenarios else "off")
    label, notes, tables = done.year.mrio.label, [*done.year.notes, *done.zero], done.tables
    if BASELINE in scenarios:
        write_partition(root, year, BASELINE, {k: tables[k] for k in BASELINE_TABLES if k in tables},
                         label)
        notes += done.notes
    for scen in todo if "scenarios" in tables else ():  # one batched solve for all, one partition each
        write_partition(root, year, scen.name, {
            name: tables[name][tables[name]["scenario"] == scen.name].reset_index(drop=True)
            for name in SCENARIO_TABLES
        }, label)
    return {"year": year, "written": list(scenarios), "seconds": time.perf_counter() - start,
            "rows": done.year.mrio.n_regions * done.year.mrio.n_sectors, "notes": notes}


# ------------------------------------------------------------------------------ the batch


@dataclass
class BatchResult:
    """What a batch did.

    Attributes
    ----------
    out_dir : Path
        ``dataset/``, ``series/`` and ``batch.json`` live here.
    done : dict of int to dict
        Per year that ran now: partitions written, seconds, notes.
    skipped : dict of int to list of str
        Per year: partitions that were finished before and not redone.
    failed : dict of int to str
        Per year whose task failed: the error (type and message).
    series : dict of str to DataFrame
        The series and tracker tables (empty when a task failed).
    """

    out_dir: Path
    done: dict[int, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[int, list[str]] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)
    series: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def dataset(self) -> Path:
        """The partitioned dataset folder."""
        return self.out_dir / "dataset"

    @property
    def ok(self) -> bool:
        """True when no task failed."""
        return not self.failed


class Runner:
    """Submits the tasks (sequentially or on Dask) and reports progress over the whole batch."""

    def __init__(self, cfg: RunConfig, root: Path, todo: dict[int, list[str]], say: Progress,
                 result: BatchResult) -> None:
        self.cfg, self.root, self.todo, self.say, self.result = cfg, root, todo, say, result
        self.start = time.perf_counter()
        self.count = 0
        self.debug = False

    def report(self, year: int, outcome: dict[str, Any] | BaseException) -> None:
        self.count += 1
        head = f"[{self.count}/{len(self.todo)}] {time.perf_counter() - self.start:6.1f} s  {year}:"
        if isinstance(outcome, BaseException):
            kind = type(outcome).__name__
            self.result.failed[year] = f"{kind}: {outcome}"
            detail = ""
            if not isinstance(outcome, FootprintError):  # a bug: its traceback helps, on request
                detail = ("\n" + "".join(traceback.format_exception(outcome)).rstrip() if self.debug
                          else " (an internal error: rerun with --debug for its traceback)")
            self.say(f"{head} FAILED ({kind}) {outcome}{detail}")
        else:
            self.result.done[year] = outcome
            self.say(f"{head} wrote {', '.join(outcome['written'])} ({outcome['rows']:,} rows, "
                     f"{outcome['seconds']:.1f} s in the task)")

    def sequential(self) -> None:
        for year, parts in self.todo.items():
            try:
                self.report(year, year_task(self.cfg, year, parts, self.root))
            except Exception as exc:
                self.report(year, exc)

    def dask(self, client: Any, task_bytes: int, use_resources: bool) -> None:
        from distributed import as_completed

        extra = {"resources": {"MEMORY": task_bytes}} if use_resources else {}
        futures = {client.submit(year_task, self.cfg, year, parts, self.root, key=f"footprint-{year}",
                                 pure=False, retries=0, **extra): year
                   for year, parts in self.todo.items()}
        for fut in as_completed(futures):
            year = futures[fut]
            if fut.status == "error":
                self.report(year, fut.exception())
            else:
                self.report(year, fut.result())
            fut.release()
