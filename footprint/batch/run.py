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

import hashlib
import json
import os
import shutil
import signal
import threading
import time
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from footprint import files, pipeline
from footprint.config import RunConfig, load_config
from footprint.errors import ConfigError, FootprintError, OutputFolderError

__all__ = ["BASELINE", "BatchResult", "estimate_task_bytes", "plan_local_cluster", "read_dataset",
           "run_batch", "system_rows"]

BASELINE = "baseline"
GB = 1024**3
# Bytes per squared row: A (float64) + the LU factors (float64 below 4,000 rows, float32 with a
# float64 refinement above) + room for the solves' workspace; plus a process base (Python, NumPy,
# pandas, pymrio) measured at about 0.4 GB. See estimate_task_bytes.
BASE_BYTES = 0.4 * GB
EXIOBASE_PXP_ROWS = 9800
DATASET_VERSION = 1
"""Layout version of the dataset's tables; part of the fingerprint, so a rerun after a change of the
tables' layout refuses an old dataset instead of mixing partitions."""
Progress = Callable[[str], None]


def _print(line: str) -> None:
    print(line, flush=True)


# ------------------------------------------------------------------------------ sizing


def system_rows(cfg: RunConfig, year: int | None) -> tuple[int, str]:
    """The number of rows (regions x products) of a year's system, without loading it.

    Reads the line count of the system's ``x.txt`` (EXIOBASE 3 and pymrio layouts; one header
    line) from the zip or folder. Returns ``(rows, how)``; when no ``x.txt`` is found, EXIOBASE 3
    pxp's 9,800 rows, with ``how`` saying so.
    """
    if cfg.data.source == "demo":
        from footprint.demo import demo_path

        path = Path(demo_path(year or 2022))
    else:
        path = cfg.data.path_for(year) or Path()
    try:
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = sorted((n for n in archive.namelist() if n.endswith("x.txt")
                                and Path(n).name == "x.txt"), key=lambda n: n.count("/"))
                if names:
                    with archive.open(names[0]) as handle:
                        return sum(1 for _ in handle) - 1, f"x.txt in {path.name}"
        elif path.is_dir():
            found = sorted(path.rglob("x.txt"), key=lambda p: len(p.parts))
            if found:
                with found[0].open("rb") as handle:
                    return sum(1 for _ in handle) - 1, str(found[0])
    except (OSError, zipfile.BadZipFile):
        pass  # the task itself reports unreadable data with the proper error
    return EXIOBASE_PXP_ROWS, "not readable from the data; assumed EXIOBASE 3 pxp"


def estimate_task_bytes(rows: int) -> int:
    """Memory a year's task needs [bytes]: ``16 n^2 + 0.4 GB`` for ``n`` rows.

    ``n^2`` float64 for A plus the same again for the LU factors and the solves' workspace (the
    factors are float32 above 4,000 rows, which leaves the rest for the batched right-hand sides),
    and a process base of 0.4 GB. For EXIOBASE 3 pxp (9,800 rows) that is 1.8 GB; the engine's
    measured peak on the benchmark job is 1.24 GB (benchmarks/README.md).
    """
    return int(16 * rows * rows + BASE_BYTES)


def plan_local_cluster(task_bytes: int, n_tasks: int, *, cores: int, available: int,
                       workers: int = 0) -> tuple[int, int]:
    """Workers of a local cluster and the memory limit of each [bytes].

    At most one worker per core and per task, and no more than 80 % of the available memory
    divided by a task's need; ``workers > 0`` asks for that many (still capped by memory).

    Raises
    ------
    FootprintError
        Not even one task fits in 80 % of the available memory.
    """
    budget = int(0.8 * available)
    if task_bytes > budget:
        raise FootprintError(
            f"a year's task needs about {task_bytes / GB:.1f} GB but only {budget / GB:.1f} GB "
            "(80 % of the available memory) can be given to it; free memory, run on a larger "
            "machine or an existing cluster ([batch] scheduler = \"tcp://...\"), or set "
            "[batch] memory_per_task_gb if the estimate is too high."
        )
    n = min(workers or cores, max(n_tasks, 1), budget // task_bytes)
    return max(n, 1), budget // max(n, 1)


# ------------------------------------------------------------------------------ the dataset


def partition_dir(root: Path, year: int, scenario: str) -> Path:
    """The folder of one (year, scenario) partition."""
    return root / f"year={year}" / f"scenario={scenario}"


def _write_partition(root: Path, year: int, scenario: str, tables: Mapping[str, pd.DataFrame],
                     label: str) -> None:
    """Write one partition's tables into a hidden folder, then rename it into place."""
    with files.replace_folder(partition_dir(root, year, scenario), files.inside_own_folder) as tmp:
        files.write_tables({name: frame if "year" in frame.columns else frame.assign(year=year)
                            for name, frame in tables.items()}, tmp, label, csv=False)


def finished(root: Path, year: int, scenarios: Iterable[str]) -> list[str]:
    """The scenarios (``baseline`` included) whose partition of ``year`` is complete."""
    return [s for s in scenarios if partition_dir(root, year, s).is_dir()]


def read_dataset(root: Path | str, table: str, *, years: Iterable[int] | None = None,
                 scenarios: Iterable[str] | None = None) -> pd.DataFrame:
    """One table of a batch dataset, every finished partition concatenated.

    Parameters
    ----------
    root : path
        The dataset folder (``<out>/dataset``).
    table : str
        ``attribution``, ``impacts``, ``impact_ranking``, ``bilateral``, ``territorial``,
        ``material_accounts``, ``pressure_rows``,
        ``scenarios`` or ``scenario_absorption``.
    years, scenarios : iterable, optional
        Only these partitions.

    Returns
    -------
    DataFrame
        With ``year`` (int) and ``scenario`` (str) columns from the partition paths.

    Raises
    ------
    DataFileNotFoundError
        No partition holds the table.
    """
    from footprint.errors import DataFileNotFoundError

    root = Path(root)
    keep_y = set(years) if years is not None else None
    keep_s = set(scenarios) if scenarios is not None else None
    frames = []
    for path in sorted(root.glob(f"year=*/scenario=*/{table}.parquet")):
        year, scenario = int(path.parent.parent.name[5:]), path.parent.name[9:]
        if (keep_y is None or year in keep_y) and (keep_s is None or scenario in keep_s):
            frames.append(pd.read_parquet(path).assign(year=year, scenario=scenario))
    if not frames:
        raise DataFileNotFoundError(
            f"no partition of {root} holds a '{table}' table; run `python -m footprint batch "
            "CONFIG` first (tables: attribution, impacts, impact_ranking, bilateral, territorial, "
            "scenarios, scenario_absorption)."
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["year", "scenario"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------------ one task


BASELINE_TABLES = ("attribution", "impacts", "impact_ranking", "bilateral", "territorial",
                   "material_accounts", "pressure_rows")
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
    inputs = pipeline.read_inputs(cfg)
    todo = [s for s in inputs.scenarios if s.name in scenarios]
    done = pipeline.run_year(cfg, inputs, year, scenarios=todo, with_accounts=True)
    label, notes, tables = done.year.mrio.label, [*done.year.notes, *done.zero], done.tables
    if BASELINE in scenarios:
        _write_partition(root, year, BASELINE, {k: tables[k] for k in BASELINE_TABLES if k in tables},
                         label)
        notes += done.notes
    for scen in todo if "scenarios" in tables else ():  # one batched solve for all, one partition each
        _write_partition(root, year, scen.name, {
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


STAMP = "batch-config.json"
"""The batch folder's configuration record; it marks the folder as footprint's."""
_OWN = ("dataset", "series", "batch.json", STAMP)
"""What a batch writes into its folder (``--fresh`` removes only these)."""


_NOT_NUMBERS = ("batch", "checks", "output", "run", "targets")
"""Run-file sections that do not change the dataset's numbers (scheduling, output, the tracker
computed from the dataset, and the checks, which only accept or refuse data)."""


def _tables(cfg: RunConfig) -> dict[str, Path]:
    """The tables whose content enters the dataset's numbers."""
    impacts = cfg.impacts
    paths = {"groups": cfg.groups_table, "pressures": cfg.pressures_table,
             "scenarios": cfg.waterbed.scenarios,
             "impact factors": impacts.factors if impacts else None,
             "land types": impacts.land_types if impacts else None}
    return {k: v for k, v in paths.items() if v is not None and v.is_file()}


def _fingerprint(cfg: RunConfig) -> tuple[str, dict[str, Any]]:
    """Hash of everything that changes the dataset's numbers (not the scheduling or the output),
    and the record it is made of (configuration, versions, each table's sha256)."""
    raw = {k: v for k, v in cfg.resolved().items() if k not in _NOT_NUMBERS}
    from footprint import __version__

    raw["_versions"] = {"footprint": __version__, "dataset": DATASET_VERSION}
    blob = json.dumps(raw, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(blob)
    tables = {}
    for name, path in _tables(cfg).items():
        content = path.read_bytes()
        digest.update(content)
        tables[name] = {"path": str(path), "sha256": hashlib.sha256(content).hexdigest()}
    record = {"config": json.loads(json.dumps(raw, default=str)), "tables": tables}
    return digest.hexdigest(), record


def _differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The configuration keys and tables in which two fingerprint records differ."""
    before, after = old.get("config") or {}, new["config"]
    keys = []
    for section in sorted(set(before) | set(after)):
        if section in _NOT_NUMBERS:
            continue
        a, b = before.get(section) or {}, after.get(section) or {}
        if section == "_versions":
            if section in before:  # recorded since footprint recorded the tables too
                keys += [f"version of {k}" for k in sorted(set(a) | set(b))
                         if a.get(k) != b.get(k)]
            continue
        keys += [f"[{section}] {k}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    old_tables, new_tables = old.get("tables"), new["tables"]
    if not isinstance(old_tables, dict):
        return [*keys, "(the tables were not recorded by the footprint version that made it)"]
    for name in sorted(set(old_tables) | set(new_tables)):
        if (old_tables.get(name) or {}).get("sha256") != (new_tables.get(name) or {}).get("sha256"):
            keys.append(f"the {name} table ({(new_tables.get(name) or old_tables[name])['path']})")
    return keys


def _batch_folder(out: Path) -> dict[str, Any] | None:
    """The record of an existing batch folder (None when ``out`` does not exist); refuses a file, a
    link and any folder that a footprint batch did not write."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputFolderError(f"{out} is a file or a link; a batch writes into a folder of its "
                                "own. Choose another --out (e.g. results/<run name>-batch).")
    if not out.exists():
        return None
    stamp = files.read_marker(out / STAMP)
    if stamp is None or "fingerprint" not in stamp:
        raise OutputFolderError(
            f"the batch folder {out} exists and was not written by a footprint batch (it has no "
            f"{STAMP}); footprint writes into and clears only its own batch folders. Choose a path "
            "that does not exist yet (e.g. --out results/<run name>-batch), or move the folder away."
        )
    return stamp


def _clear(out: Path) -> None:
    """--fresh: remove what a batch wrote into ``out``, and nothing else."""
    for name in _OWN:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _prepare(cfg: RunConfig, out: Path, fresh: bool) -> Path:
    """Create (or check) the dataset folder; remove left-over temporary partitions."""
    root = out / "dataset"
    key, record = _fingerprint(cfg)
    stamp = _batch_folder(out)
    if fresh and stamp is not None:
        _clear(out)
    elif stamp is not None and stamp["fingerprint"] != key:
        differ = _differences(stamp, record)
        raise ConfigError(
            f"the dataset in {out} was made with another configuration or other tables (differing: "
            f"{'; '.join(differ) or 'the versions'}); rerun with --fresh to start it over, or give "
            "the run another [run] name."
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        files.write_json(out / STAMP, {"written_by": files.WRITTEN_BY, "fingerprint": key,
                                        **record, "resolved": cfg.resolved()})
    except OSError as exc:
        raise OutputFolderError(f"cannot write the batch folder {out} ({exc.strerror or exc}); choose "
                                "an --out in a folder you can write to.") from exc
    for tmp in root.glob("**/.*.tmp-*"):  # an interrupted write of an earlier batch
        shutil.rmtree(tmp, ignore_errors=True)
    return root


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


class _Runner:
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


@contextmanager
def _workers_ignore_sigint() -> Iterator[None]:
    """Start worker processes with SIGINT ignored (they inherit it), then restore this process's
    handler: Ctrl-C reaches the whole process group, and only this process should act on it (it
    closes the cluster); workers hit by it would print tracebacks of their interrupted loops."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _local_cluster(cfg: RunConfig, task_bytes: int, n_tasks: int, say: Progress) -> Any:
    import logging

    import psutil
    from distributed import Client, LocalCluster

    cores = os.cpu_count() or 1
    n, limit = plan_local_cluster(task_bytes, n_tasks, cores=cores,
                                  available=psutil.virtual_memory().available,
                                  workers=cfg.batch.workers)
    blas = str(max(cores // n, 1))  # the LU of a year uses the cores its worker may have
    with _workers_ignore_sigint():
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, memory_limit=limit,
                               processes=True, resources={"MEMORY": limit}, dashboard_address=":0",
                               # workers' own log lines at ERROR are shutdown noise (a heartbeat to a
                               # scheduler that a Ctrl-C closed, with its traceback); failed tasks are
                               # reported by the batch itself, from the futures
                               silence_logs=logging.CRITICAL,
                               env={"OMP_NUM_THREADS": blas, "OPENBLAS_NUM_THREADS": blas,
                                    "MKL_NUM_THREADS": blas})
    try:  # a Ctrl-C before the caller holds the client must not leave the workers running
        client = Client(cluster)
    except BaseException:
        cluster.close()
        raise
    say(f"local Dask cluster: {n} worker(s) x 1 thread, {limit / GB:.1f} GB each, BLAS threads "
        f"{blas}; a task declares {task_bytes / GB:.2f} GB")
    return client


def _remote(address: str, say: Progress) -> tuple[Any, bool]:
    from distributed import Client

    client = Client(address, timeout="30s")
    workers = client.scheduler_info().get("workers", {})
    with_memory = [w for w in workers.values() if "MEMORY" in (w.get("resources") or {})]
    say(f"Dask cluster at {address}: {len(workers)} worker(s), {len(with_memory)} declaring MEMORY")
    if workers and not with_memory:
        say("note: no worker declares a MEMORY resource, so tasks are not scheduled by memory; "
            "start workers with `dask worker ADDRESS --nthreads 1 --resources MEMORY=<bytes>`.")
    return client, bool(with_memory)


def _dispatch(cfg: RunConfig, runner: _Runner, todo: dict[int, list[str]], say: Progress) -> None:
    rows = max(system_rows(cfg, y)[0] for y in todo)
    task_bytes = int(cfg.batch.memory_per_task_gb * GB) or estimate_task_bytes(rows)
    scheduler = cfg.batch.scheduler
    if scheduler == "sequential":
        say("scheduler: sequential (this process, no Dask)")
        runner.sequential()
        return
    if scheduler == "local":
        client, use = _local_cluster(cfg, task_bytes, len(todo), say), True
    else:
        client, use = _remote(scheduler, say)
    try:
        runner.dask(client, task_bytes, use)
    except KeyboardInterrupt:  # close quietly: the interrupted workers' complaints are no news
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        raise
    finally:
        cluster = client.cluster
        client.close()
        if scheduler == "local" and cluster is not None:
            cluster.close()


def _optional_table(root: Path, table: str) -> pd.DataFrame | None:
    """A baseline table of the dataset, or None for a dataset written before it existed."""
    from footprint.errors import DataFileNotFoundError

    try:
        return read_dataset(root, table, scenarios=[BASELINE])
    except DataFileNotFoundError:
        return None


def _series(cfg: RunConfig, out: Path, root: Path, say: Progress) -> dict[str, pd.DataFrame]:
    """Series and tracker tables and figures from the whole dataset into ``<out>/series/``."""
    from footprint import series, tables
    from footprint.outputs import series_plots

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
                                        names=tables.region_names())
    say(f"series and tracker written to {target}")
    return frames


def run_batch(config: RunConfig | str | Path | Mapping[str, Any], *, out_dir: Path | str | None = None,
              scheduler: str | None = None, fresh: bool = False,
              progress: Progress | None = _print, debug: bool = False) -> BatchResult:
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
    progress : callable or None
        Receives a line per event (default: print); ``None`` for silence.
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
    say = progress or (lambda _: None)
    cfg = config if isinstance(config, RunConfig) else load_config(config)
    if scheduler:
        cfg = _with_scheduler(cfg, scheduler)
    years = tuple(y for y in cfg.data.years if y is not None)
    _check(cfg, years)
    inputs = pipeline.read_inputs(cfg)  # fail early on broken tables, before any cluster
    pipeline.check_codes(cfg, inputs)
    names = [BASELINE, *(s.name for s in inputs.scenarios)]
    out = Path(out_dir) if out_dir is not None else cfg.output.dir / f"{cfg.name}-batch"
    root = _prepare(cfg, out, fresh)
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
            runner = _Runner(cfg, root, todo, say, result)
            runner.debug = debug
            _dispatch(cfg, runner, todo, say)
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
