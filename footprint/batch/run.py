"""Batch runs: a run file's years x scenarios as tasks on Dask distributed, one dataset, the series.

A task is one year: :func:`footprint.pipeline.run_year` (the run's own stages: load from the cache
after the first read, factorise (I - A) once, attribute, characterise, the waterbed and the
scenarios), then every partition of that year that is not finished yet is written:

``<out>/dataset/year=<year>/scenario=baseline/``
    ``attribution.parquet`` (the long table), ``impacts.parquet`` and ``impact_ranking.parquet``
    (with impacts on), ``bilateral.parquet`` (origin x consumer values with importer shares; with
    the waterbed on), ``territorial.parquet`` (production-based pressures by region),
    ``material_accounts.parquet`` and ``pressure_rows.parquet``.
``<out>/dataset/year=<year>/scenario=<name>/``
    ``scenarios.parquet`` (I3 per variant and indicator) and ``scenario_absorption.parquet`` (I2
    per origin) of each declared scenario, evaluated on that year's system.

A partition is written into a hidden temporary folder and renamed into place, so it is either
complete or absent; a rerun skips finished partitions. A failed task is reported with its error;
the partitions of the other tasks stay. When every task has landed, the series and the halving
target tracker (:mod:`footprint.series`, :mod:`footprint.targets`) are computed from the dataset
into ``<out>/series/``, with the run's ``waterbed_indicators`` table between the years.

Memory-aware scheduling: each task declares the memory its year needs (estimated from the system
size, or ``[batch] memory_per_task_gb``) as the Dask resource ``MEMORY``; workers offer their memory
limit as that resource, so a small machine runs fewer years at once instead of running out of memory.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from footprint import files, preflight, series
from footprint.batch.cluster import dispatch
from footprint.batch.folder import prepare_folder
from footprint.batch.task import BatchResult, Runner
from footprint.config import RunConfig, load_config
from footprint.errors import ConfigError, DataFileNotFoundError
from footprint.inputs.regions import region_names
from footprint.outputs import series_plots
from footprint.outputs.dataset import finished, read_dataset
from footprint.progress import Progress, reporter
from footprint.vocabulary import BASELINE

__all__ = ["run_batch"]


def _check(cfg: RunConfig, years: tuple[int, ...]) -> None:
    if not years or any(y is None for y in years):
        raise ConfigError(
            "a batch needs [data] years (e.g. years = [2010, 2016, 2019, 2022]); "
            f"{cfg.config_file or 'the run configuration'} names none."
        )
    t = cfg.targets
    if t.enabled and t.base_year not in years:
        raise ConfigError(
            f"[targets] base_year = {t.base_year} is not among [data] years {list(years)}; add it, "
            "or set [targets] enabled = false."
        )


def _optional_table(root: Path, table: str) -> pd.DataFrame | None:
    """A baseline table of the dataset, or None for a dataset written before it existed."""
    try:
        return read_dataset(root, table, scenarios=[BASELINE])
    except DataFileNotFoundError:
        return None


def _series(cfg: RunConfig, out: Path, root: Path, say: Progress) -> dict[str, pd.DataFrame]:
    """Series and tracker tables and figures from the whole dataset into ``<out>/series/``."""
    attribution = read_dataset(root, "attribution", scenarios=[BASELINE])
    bilateral_long = _optional_table(root, "bilateral")  # none with the waterbed off
    territorial = read_dataset(root, "territorial", scenarios=[BASELINE])
    accounts, rows = (_optional_table(root, name) for name in ("material_accounts", "pressure_rows"))
    t = cfg.targets
    frames = series.series_tables(
        attribution, bilateral_long, territorial, cfg.consumer.region, tau=cfg.waterbed.tau,
        materiality=cfg.waterbed.materiality, floor=cfg.waterbed.materiality_floor,
        tracker=dict(pressure=t.pressure, companion=t.companion, base_year=t.base_year,
                     target_year=t.target_year, reduction=t.reduction) if t.enabled else None,
        accounts=accounts, pressure_rows=rows)
    label = str(attribution["data"].iloc[0])
    target = out / "series"
    with files.replace_folder(target, files.inside_own_folder) as tmp:
        files.write_tables(frames, tmp, label)
        if cfg.output.figures:
            series_plots.series_figures(frames, tmp / "figures", note=f"Data: {label}",
                                        names=region_names())
    say(f"series and tracker written to {target}")
    return frames


def run_batch(config: RunConfig | str | Path | Mapping[str, Any], *, out_dir: Path | str | None = None,
              scheduler: str | None = None, fresh: bool = False,
              progress: Progress | None = None, debug: bool = False) -> BatchResult:
    """Run every year x scenario of a run file as Dask tasks into one partitioned dataset.

    Parameters
    ----------
    config : RunConfig, path or mapping
        A run file with ``[data] years``; ``[batch]`` sets the scheduler and ``[targets]`` the
        tracker.
    out_dir : path, optional
        Default ``<output.dir>/<run name>-batch``.
    scheduler : str, optional
        Overrides ``[batch] scheduler``: ``"local"``, ``"sequential"`` or an address.
    fresh : bool
        Delete an earlier dataset of this batch first (otherwise finished partitions are kept).
    progress : callable, optional
        Receives a line per event; default the logger ``footprint`` (:mod:`footprint.progress`: the
        CLI prints its lines, notebooks show them only when asked).
    debug : bool
        Print the traceback of a task that failed with an error that is not a footprint error.

    Returns
    -------
    BatchResult
        ``failed`` lists the years whose task failed (the others' partitions are written).

    Raises
    ------
    FootprintError
        Configuration errors before any task runs (no years, unknown scenario, a dataset made
        with another configuration, not enough memory for one task).
    """
    say = reporter(progress)
    cfg = config if isinstance(config, RunConfig) else load_config(config)
    if scheduler:
        cfg = _with_scheduler(cfg, scheduler)
    years = tuple(y for y in cfg.data.years if y is not None)
    _check(cfg, years)
    inputs = preflight.read_inputs(cfg)  # fail early on broken tables, before any cluster
    preflight.check_codes(cfg, inputs)
    names = [BASELINE, *(s.name for s in inputs.scenarios)]
    out = Path(out_dir) if out_dir is not None else cfg.output.dir / f"{cfg.name}-batch"
    root = prepare_folder(cfg, out, fresh)
    result = BatchResult(out)
    todo = {}
    for year in years:
        done = finished(root, year, names)
        if done:
            result.skipped[year] = done
        if len(done) < len(names):
            todo[year] = [s for s in names if s not in done]
    say(f"batch '{cfg.name}': {len(years)} year(s) x {len(names)} partition(s) "
        f"(baseline + {len(names) - 1} scenario(s)); {sum(map(len, result.skipped.values()))} "
        f"finished earlier, {len(todo)} task(s) to run")
    if todo:
        try:
            runner = Runner(cfg, root, todo, say, result)
            runner.debug = debug
            dispatch(cfg, runner, todo, say)
        except KeyboardInterrupt:
            result.failed.update({y: "interrupted" for y in todo if y not in result.done})
            _write_status(cfg, out, result)
            raise
    if result.failed:
        say(f"{len(result.failed)} task(s) failed: {', '.join(map(str, sorted(result.failed)))}; "
            "the other partitions are kept. Fix the cause and rerun the same command: finished "
            "partitions are skipped. Series not written.")
    else:
        result.series = _series(cfg, out, root, say)
    _write_status(cfg, out, result)
    return result


def _with_scheduler(cfg: RunConfig, scheduler: str) -> RunConfig:
    from dataclasses import replace

    return replace(cfg, batch=replace(cfg.batch, scheduler=scheduler))


def _write_status(cfg: RunConfig, out: Path, result: BatchResult) -> None:
    status = {
        "run": cfg.name, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scheduler": cfg.batch.scheduler,
        "done": {str(k): v for k, v in result.done.items()},
        "skipped": {str(k): v for k, v in result.skipped.items()},
        "failed": {str(k): v for k, v in result.failed.items()},
        "series": sorted(result.series),
    }
    files.write_json(out / "batch.json", status)
