"""The one module that knows the order of the stages.

:func:`run_year` runs every stage of one year in order: load (sources), check, pressures, groups,
factorise (engine), attribution, impacts, direct stressors, territorial and material accounts (for
the series), the bilateral waterbed matrices and the year's scenarios. :func:`run` runs it for the
main year and every further year, then the stages across years (the summary, the waterbed between
years) and writes the results folder; a batch (:mod:`footprint.batch.run`) schedules
:func:`run_year` per year and writes its tables as partitions. Every entry point (``make run``, the
CLI, notebooks, ``make batch``) goes through these two functions.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from footprint import checks, direct, files, group_scope, tables
from footprint.attribution import GroupWeights, attribute, consumer_notes, group_weights
from footprint.config import RunConfig, load_config
from footprint.engine.leontief import Leontief, factorise
from footprint.errors import ConfigError
from footprint.impacts.stage import impact_indicators, impact_stage
from footprint.inputs import gwp, sources
from footprint.inputs.system import MRIO
from footprint.material_accounts import material_accounts
from footprint.outputs.figure_jobs import FigureWorkers
from footprint.outputs.manifest import run_manifest
from footprint.outputs.writing import write_results
from footprint.preflight import Inputs, check_codes, read_inputs
from footprint.pressures import PressureSet, select_pressures
from footprint.progress import Progress, quiet, reporter
from footprint.results import RunResult, Year, YearRun
from footprint.series import territorial
from footprint.trade.scenario_d import fold_interval
from footprint.trade.stage import TradeStage
from footprint.uncertainty.mrio import MrioProblem, problem_for_run
from footprint.uncertainty.stage import law_of, mrio_stage
from footprint.vocabulary import TOTAL_GROUP, WATERBED_YEAR_TABLES
from footprint.waterbed import bilateral
from footprint.waterbed.scenario_tables import scenario_frames
from footprint.waterbed.scenarios import Scenario, check_scenarios
from footprint.waterbed.stage import analyse
from footprint.waterbed.tables import shares_table

__all__ = ["RunResult", "Year", "YearRun", "load_year", "mrio_problem", "run", "run_year"]

Ready = Callable[[str, MRIO, Mapping[str, pd.DataFrame]], None]
"""Receives a stage's name (``attribution``, ``impacts``), the year's system and the stage's tables."""


def _impacts(cfg: RunConfig, inputs: Inputs, mrio: MRIO, leontief: Leontief,
             pressures: PressureSet, groups: GroupWeights, long: pd.DataFrame
             ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Biodiversity impact by origin (:func:`footprint.impacts.stage.impact_stage`)."""
    spec = cfg.impacts
    if spec is None or not spec.enabled or inputs.impacts is None:
        return {}, []
    return impact_stage(spec, inputs.impacts, mrio, leontief, pressures, cfg.consumer, groups, long)


def _indicators(cfg: RunConfig, inputs: Inputs, mrio: MRIO, pressures: PressureSet
                ) -> bilateral.Indicators:
    """What the waterbed follows: every pressure and, with impacts on, each method's central impact."""
    base = bilateral.pressure_indicators(pressures, mrio)
    spec = cfg.impacts
    if spec is None or not spec.enabled or inputs.impacts is None:
        return base
    names, units, q = impact_indicators(spec, inputs.impacts, mrio, pressures, base.s)
    return bilateral.Indicators((*base.names, *names), (*base.units, *units), np.vstack([base.s, q]))


def _prepare(cfg: RunConfig, inputs: Inputs, year: int | None, say: Progress = quiet
             ) -> tuple[MRIO, dict[str, Any], list[str], PressureSet, GroupWeights]:
    """Load one year of the run's data, check it, select pressures and groups (no factorisation)."""
    mrio, provenance = sources.read_system(cfg.data.source, cfg.data.path_for(year), year=year,
                                           cache_dir=cfg.data.cache_dir, progress=say)
    label = f"{year}: " if year is not None and year != cfg.data.year else ""
    checked = checks.check_system(mrio, strict=cfg.checks.strict, rtol=cfg.checks.balance_rtol)
    notes = [f"{label}{n}" for n in (*mrio.notes, *checked, *consumer_notes(mrio, cfg.consumer))]
    pressures = select_pressures(inputs.pressures, mrio)
    notes += [f"{label}{n}" for n in pressures.notes]  # families absent from this data, stated
    groups = group_weights(inputs.groups, mrio, cfg.group_select, allow_overlap=cfg.allow_overlap,
                           overrides=cfg.weight_overrides)
    if inputs.direct is not None:
        known = tuple(dict.fromkeys(inputs.groups["group"]))
        groups = replace(groups, direct=direct.direct_masks(inputs.direct, mrio, groups.names, known))
    return mrio, dict(provenance), notes, pressures, groups


def load_year(cfg: RunConfig, inputs: Inputs, year: int | None, say: Progress = quiet) -> Year:
    """Load one year of the run's data, check it, select pressures and groups, factorise (I - A).

    Raises
    ------
    FootprintError
        Missing or corrupt data, failed checks, unmatched pressure rows, unknown group codes.
    """
    mrio, provenance, notes, pressures, groups = _prepare(cfg, inputs, year, say)
    say(f"factorising (I - A) of {mrio.n_regions * mrio.n_sectors} rows")
    leontief = factorise(mrio.A, labels=[f"{r}/{s}" for r, s in mrio.row_index],
                         blocks=mrio.n_regions)  # regions: the iterative route's preconditioner
    system = bilateral.YearSystem(mrio, leontief, _indicators(cfg, inputs, mrio, pressures), groups)
    return Year(system, pressures, provenance, notes)


def mrio_problem(cfg: RunConfig, year: int | None) -> MrioProblem:
    """The MRIO Monte Carlo's problem of ``year``, read afresh (in a Dask worker; from the cache)."""
    mrio, _, _, pressures, groups = _prepare(cfg, read_inputs(cfg, resolve=False), year)
    return problem_for_run(mrio, pressures, cfg.consumer, groups, law_of(cfg))


def run_year(cfg: RunConfig, inputs: Inputs, year: int | None, *,
             scenarios: Sequence[Scenario] | Callable[[], Sequence[Scenario]] = (),
             with_impacts: bool = True, with_accounts: bool = False, uncertainty: str = "off",
             say: Progress = quiet, step: Progress | None = None, ready: Ready | None = None) -> YearRun:
    """Every stage of one year, in order: load, check, pressures, groups, factorise, attribution,
    impacts, direct stressors, territorial and material accounts, bilateral matrices, scenarios.

    Parameters
    ----------
    cfg : RunConfig
    inputs : Inputs
        :func:`read_inputs` of ``cfg``.
    year : int or None
        The year of the data (None: the data's only year).
    scenarios : sequence of Scenario, or a callable that returns them
        Evaluated on this year (with the waterbed on and a non-zero footprint); a callable is called
        only then (a run resolves ``d = "faostat"`` scenarios in the trade stage's thread meanwhile).
    with_impacts : bool
        Run the impacts stage (when ``[impacts]`` is enabled).
    with_accounts : bool
        Also the tables the series and the target tracker read: ``territorial``,
        ``material_accounts``, ``pressure_rows``.
    uncertainty : {"off", "here", "scheduler"}
        With ``[uncertainty] mrio_draws``: the Monte Carlo over the MRIO (``mrio_uncertainty``), its
        draws in this process (``"here"``: a batch task) or where ``[batch] scheduler`` says
        (:mod:`footprint.uncertainty.stage`).
    say, step : callable
        Receive the detail lines and the stage headings (default: ``say``).
    ready : callable, optional
        Receives each stage's tables as soon as they exist (the run starts drawing their figures).

    Returns
    -------
    YearRun

    Raises
    ------
    FootprintError
        Missing or corrupt data, failed checks, unmatched pressure rows, unknown codes.
    """
    step = step or say
    y = load_year(cfg, inputs, year, say)
    mrio, sys_, pressures = y.mrio, y.system, y.pressures
    step(f"attributing {cfg.consumer.region} consumption{f' in {year}' if year != cfg.data.year else ''}: "
         f"{len(sys_.groups.names)} groups x {len(pressures.names)} pressures")
    long = attribute(mrio, sys_.leontief, pressures, cfg.consumer, sys_.groups)
    out: dict[str, pd.DataFrame] = {"attribution": long}
    notes: list[str] = []
    if ready is not None:
        ready("attribution", mrio, out)
    if with_impacts:
        if cfg.impacts is not None and cfg.impacts.enabled:
            step("characterising biodiversity impacts by origin")
        extra, notes = _impacts(cfg, inputs, mrio, sys_.leontief, pressures, sys_.groups, long)
        out.update(extra)
        if ready is not None:
            ready("impacts", mrio, extra)
    if uncertainty != "off" and cfg.uncertainty.mrio_draws:
        step(f"MRIO Monte Carlo: {cfg.uncertainty.mrio_draws} draws")
        load = functools.partial(mrio_problem, cfg, year) if uncertainty == "scheduler" else None
        mc, mc_notes = mrio_stage(cfg, mrio, pressures, sys_.groups, sys_.leontief, load, say)
        out.update(mc)
        notes += mc_notes
    direct_tab = direct.household_direct(cfg.consumer, mrio, pressures, sys_.groups)
    if direct_tab is not None:
        out["direct_stressors"] = direct_tab
    if with_accounts:
        out["territorial"] = territorial(mrio, pressures)
        out["material_accounts"] = material_accounts(mrio, sys_.leontief, pressures, cfg.consumer)
        out["pressure_rows"] = pressures.matched.astype({"factor": float})
    zero = tables.zero_footprint_notes(cfg.consumer, mrio, long)
    bil = None
    if cfg.waterbed.enabled and not zero:
        step("waterbed: bilateral matrices" + (" and scenarios" if scenarios else ""))
        bil = bilateral.bilateral(mrio, sys_.leontief, sys_.indicators, cfg.consumer, sys_.groups)
        out["bilateral"] = shares_table(bil, mrio.label)
        todo = scenarios() if callable(scenarios) else scenarios
        if todo:
            check_scenarios(todo, mrio.regions, sys_.groups.names, cfg.consumer.region, mrio.sectors)
            out.update(scenario_frames(sys_, cfg.consumer, todo, bil, mrio.label, cfg.waterbed.top_n))
    return YearRun(y, out, notes, zero, bil)


def run(config: RunConfig | str | Path | Mapping[str, Any], *, out_dir: Path | str | None = None,
        write: bool = True, progress: Progress | None = None, force: bool = False) -> RunResult:
    """Run a footprint job end to end.

    Parameters
    ----------
    config : RunConfig, path or mapping
        A validated config, a TOML run file, or its content as a dict.
    out_dir : path, optional
        The results folder of this run (default ``<output.dir>/<run name>``). It must not exist yet,
        or be a results folder that footprint wrote for this run (see ``force``); anything else is
        refused before any computing. Replaced atomically: on any error nothing is left behind and
        an earlier result stays as it was.
    write : bool
        Write outputs (tables, workbook, figures, manifest); ``False`` only computes.
    progress : callable, optional
        Receives a line per step; default the logger ``footprint`` (:mod:`footprint.progress`: the
        CLI prints its lines, notebooks show them only when asked).
    force : bool
        Also replace a results folder that footprint wrote for a run of another name. A folder
        footprint did not write, or one holding files it did not write, is never replaced.

    Returns
    -------
    RunResult

    Raises
    ------
    OutputFolderError
        ``out_dir`` may not be replaced or cannot be written (raised before any computing).
    FootprintError
        Any other error of the configuration, its tables or the data.
    """
    say = reporter(progress)
    cfg = config if isinstance(config, RunConfig) else load_config(config)
    start = time.perf_counter()
    target = Path(out_dir) if out_dir is not None else cfg.output.dir / cfg.name
    if not write:
        return _compute(cfg, None, say, start)
    with files.replace_folder(target, files.results_folder_check(cfg.name, force=force)) as tmp:
        # the figure workers start now: they import matplotlib while the run computes
        workers = FigureWorkers.start(tmp / "figures") if cfg.output.figures else FigureWorkers()
        try:
            result = _compute(cfg, target, say, start, workers)
            say(f"[{time.perf_counter() - start:6.1f} s] writing {target}")
            write_results(result, tmp, say, start, workers)
        finally:
            workers.close()
    return result


def _compute(cfg: RunConfig, target: Path | None, say: Progress, start: float,
             figures: FigureWorkers | None = None) -> RunResult:
    """Every stage of a run in memory; ``target`` is only recorded as the result's ``out_dir``;
    ``figures`` get the attribution and impact figures to draw as soon as their tables exist."""
    early = figures or FigureWorkers()
    timings: dict[str, float] = {}

    def step(name: str) -> None:
        now = time.perf_counter() - start
        timings[name] = now
        say(f"[{now:6.1f} s] {name}")

    inputs = read_inputs(cfg, resolve=False)
    check_codes(cfg, inputs)
    trade = None  # the trade tables that need no attribution and the d = "faostat" estimates: in a thread
    if inputs.trade is not None:
        trade = TradeStage.start(cfg.trade, cfg.consumer.region, inputs.trade, tables=cfg.trade.enabled,
                                 scenarios=inputs.scenarios, groups=inputs.groups)
    try:
        return _stages(cfg, inputs, trade, target, early, step, say, timings)
    finally:
        if trade is not None:
            trade.close()


def _stages(cfg: RunConfig, inputs: Inputs, trade: TradeStage | None, target: Path | None,
            early: FigureWorkers, step: Progress, say: Progress, timings: dict[str, float]) -> RunResult:
    """:func:`run_year` for the main year and every further year, then the stages across years:
    the summary, the trade tables, the waterbed between years, the manifest."""
    def ready(kind: str, mrio: MRIO, frames: Mapping[str, pd.DataFrame]) -> None:
        regional = tables.by_origin_region(frames["attribution"]) if kind == "attribution" else None
        early.early(kind, regional, {} if regional is not None else frames, mrio.regions, mrio.label,
                    cfg.output.group_figures)

    resolved: dict[str, Any] = {"scenarios": inputs.scenarios, "scenario_d": inputs.scenario_d}

    def scenarios() -> Sequence[Scenario]:  # d = "faostat" estimates from the trade stage's thread
        if trade is not None:
            resolved["scenarios"], resolved["scenario_d"] = trade.scenarios(inputs.scenarios)
        return tuple(resolved["scenarios"])

    step(f"loading {cfg.data.source} data")
    wb = cfg.waterbed
    main = run_year(cfg, inputs, cfg.data.year, scenarios=scenarios if wb.enabled else (),
                    uncertainty="scheduler", say=say, step=step, ready=ready)
    runs, more_inputs, more = _other_years(cfg, inputs, main, say)
    mrio, pressures, groups = main.year.mrio, main.year.pressures, main.year.system.groups
    long = main.tables["attribution"]
    if len(runs) > 1:  # multi-year: the long table and the summary hold every year
        long = pd.concat([*(r.tables["attribution"] for r in runs.values() if r is not main), long],
                         ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)
    direct_tab = main.tables.get("direct_stressors")
    every = (TOTAL_GROUP, *groups.names)
    units = dict(zip(pressures.names, pressures.units, strict=True))
    summ = group_scope.annotate_summary(tables.summary(long, top_n=3, groups=every, pressures=units),
                                        long, inputs.groups, direct_tab)
    # the main year's impact tables and direct stressors (the waterbed's go through its stage below)
    extra = {k: t for k, t in main.tables.items() if k not in ("attribution", *WATERBED_YEAR_TABLES)}
    trade_notes: list[str] = []
    if trade is not None:
        step("trade: FAOSTAT bilateral trade (real data), displacement, origin countries")
        trade_extra, trade_notes = trade.finish(long)
        extra.update(trade_extra)
        early.early("trade", None, extra, mrio.regions, mrio.label, cfg.output.group_figures)
    zero = list(main.zero)
    if wb.enabled and zero:
        zero.append("note: the waterbed stage was skipped: with a zero footprint there is nothing "
                    "to displace.")
    elif wb.enabled:
        step(f"waterbed across {len(runs)} year(s)")
        done = {y: r for y, r in runs.items() if r.matrices is not None}
        frames = analyse({y: r.year.system for y, r in done.items()},
                         {y: r.matrices for y, r in done.items() if r.matrices is not None},
                         {y: r.tables for y, r in done.items()}, cfg.consumer,
                         tau=wb.tau, top_n=wb.top_n, base_year=wb.base_year,
                         materiality=wb.materiality, floor=wb.materiality_floor, label=mrio.label)
        extra.update(fold_interval(frames, resolved["scenarios"]))
        if resolved["scenario_d"] is not None:
            extra["trade_scenario_d"] = resolved["scenario_d"]
    step("done computing")
    manifest = run_manifest(cfg, mrio, main.year.provenance,
                            [*main.year.notes, *zero, *groups.notes,
                             *([] if zero else tables.zero_notes(summ)), *main.notes, *more, *trade_notes],
                            timings, main.year.system.leontief.method)
    manifest["inputs"].update(json.loads(json.dumps(more_inputs, default=str)))
    manifest["gwp100"] = gwp.describe(gwp.read_gwp_table(cfg.gwp_table), cfg.gwp)
    return RunResult(cfg, mrio, pressures, long, summ, manifest, target, tuple(manifest["notes"]),
                     extra)


def _other_years(cfg: RunConfig, inputs: Inputs, main: YearRun, say: Progress
                 ) -> tuple[dict[int, YearRun], dict[str, Any], list[str]]:
    """:func:`run_year` for every further year of a multi-year run (no impacts, no scenarios);
    returns every year's run (the main year's under its year, -1 without one), their data
    provenance and their loading notes."""
    main_year = main.year.mrio.year
    runs = {main_year if main_year is not None else -1: main}
    provenance, notes = {}, []
    for year in cfg.data.all_years:
        if year == main_year or year is None:
            continue
        say(f"loading {cfg.data.source} data for {year}")
        run_ = run_year(cfg, inputs, year, with_impacts=False, say=say)
        names, main_names = run_.year.system.indicators.names, main.year.system.indicators.names
        if names != main_names:
            raise ConfigError(
                f"the {year} system gives indicators {names}, the main year "
                f"{main_names}; use systems of the same layout (or pressure rows for "
                "both layouts)."
            )
        runs[year] = run_
        provenance[f"data_{year}"] = run_.year.provenance
        notes += run_.year.notes
    return runs, provenance, notes
