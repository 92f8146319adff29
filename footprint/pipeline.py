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

import hashlib
import json
import platform
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from footprint import checks, direct, files, group_scope, tables
from footprint.attribution import (
    TOTAL_GROUP,
    GroupWeights,
    attribute,
    consumer_columns,
    consumer_notes,
    group_weights,
)
from footprint.config import RunConfig, load_config, read_groups_table, read_pressures_table
from footprint.engine.leontief import Leontief, factorise
from footprint.errors import ConfigError, UnknownCodeError, close_matches
from footprint.impacts.stage import ImpactInputs, impact_indicators, impact_stage, read_impact_inputs
from footprint.impacts.tables import GLOBAL
from footprint.inputs import gwp, peek, sources
from footprint.inputs.system import MRIO
from footprint.material_accounts import material_accounts
from footprint.outputs.figure_jobs import FigureWorkers
from footprint.outputs.writing import write_results
from footprint.pressures import PressureSet, select_pressures
from footprint.results import RunResult
from footprint.series import territorial
from footprint.trade.scenario_d import fold_interval, resolve_scenarios
from footprint.trade.source import TradeSource
from footprint.trade.stage import TradeStage
from footprint.waterbed import bilateral
from footprint.waterbed.scenario_tables import scenario_frames
from footprint.waterbed.scenarios import Scenario, check_scenarios, read_scenarios

__all__ = [
    "Inputs",
    "RunResult",
    "Year",
    "YearRun",
    "check_codes",
    "load_year",
    "read_inputs",
    "run",
    "run_year",
]

Progress = Callable[[str], None]
Ready = Callable[[str, MRIO, Mapping[str, pd.DataFrame]], None]
"""Receives a stage's name (``attribution``, ``impacts``), the year's system and the stage's tables."""


def _quiet(_: str) -> None:
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("footprint", "pymrio", "numpy", "pandas", "scipy", "matplotlib", "pyarrow",
                "openpyxl"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _manifest(cfg: RunConfig, mrio: MRIO, provenance: Mapping[str, Any], notes: list[str],
              timings: dict[str, float], method: str) -> dict[str, Any]:
    inputs = {"data": dict(provenance)}
    for name, path in (("groups_table", cfg.groups_table), ("pressures_table", cfg.pressures_table),
                       ("config_file", cfg.config_file)):
        if path is not None:
            inputs[name] = {"path": str(path), "sha256": _sha256(path)}
    return {
        "run": cfg.name,
        "data_label": mrio.label,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(sys.argv),
        "config": json.loads(json.dumps(cfg.resolved(), default=str)),
        "inputs": json.loads(json.dumps(inputs, default=str)),
        "system": {"layout": mrio.layout, "year": mrio.year, "regions": mrio.n_regions,
                   "sectors": mrio.n_sectors, "stressors": len(mrio.stressors),
                   "engine": method, "A_from": mrio.meta.get("A_from", "A")},
        "checks": {"strict": cfg.checks.strict, "balance_rtol": cfg.checks.balance_rtol,
                   "warnings": [n for n in notes if "warning: " in n]},
        "versions": _versions(),
        "notes": notes,
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
    }


@dataclass(frozen=True, eq=False)
class Inputs:
    """The tables a run reads once, before any data: groups, pressures, scenarios and, with
    impacts on, the characterisation factors and the land-type map."""

    groups: pd.DataFrame
    pressures: pd.DataFrame
    scenarios: tuple[Scenario, ...] = ()
    impacts: ImpactInputs | None = None
    """:func:`footprint.impacts.stage.read_impact_inputs` (None with impacts off)."""
    direct: pd.DataFrame | None = None
    """:func:`footprint.direct.read_direct_table` (None: no direct stressors booked to groups)."""
    scenario_d: pd.DataFrame | None = None
    """The estimates behind the ``d = "faostat"`` scenarios (:mod:`footprint.trade.scenario_d`)."""
    trade: TradeSource | None = None
    """Where the trade rows come from (with ``[trade] enabled`` or a ``d = "faostat"`` scenario)."""


def read_inputs(cfg: RunConfig, *, resolve: bool = True) -> Inputs:
    """Read and check every table the run file names (once per run, or once per batch task).

    With ``resolve`` the ``d = "faostat"`` scenarios get their estimates from the trade history here;
    without, they stay unresolved (:func:`run` resolves them in the trade stage's thread)."""
    wb, spec = cfg.waterbed, cfg.impacts
    scenarios = read_scenarios(wb.scenarios) if wb.enabled and wb.scenarios is not None else ()
    groups = read_groups_table(cfg.groups_table)
    faostat = any(s.d_faostat for s in scenarios)
    source = TradeSource(cfg.trade) if cfg.trade.enabled or faostat else None
    scenario_d = None
    if faostat and source is not None and resolve:  # d = "faostat": estimated from the trade history
        scenarios, scenario_d = resolve_scenarios(scenarios, source, groups, cfg.trade)
    return Inputs(groups,
                  read_pressures_table(cfg.pressures_table, cfg.gwp, cfg.gwp_table),
                  scenarios,
                  read_impact_inputs(spec),
                  direct.read_direct_table(cfg.direct_table) if cfg.direct_table else None,
                  scenario_d, source)


def _check_fallback(cfg: RunConfig, regions: tuple[str, ...]) -> None:
    """``[impacts] fallback`` maps regions of the data to a proxy region of the data or "GLO"."""
    spec = cfg.impacts
    if spec is None or not spec.enabled:
        return
    for region, proxy in spec.fallback.items():
        for code, what in ((region, "region"), (proxy, "proxy")):
            if code not in regions and (what == "region" or code != GLOBAL):
                options = regions if what == "region" else (*regions, GLOBAL)
                raise UnknownCodeError(
                    f"[impacts] fallback {{ {region} = \"{proxy}\" }}: the {what} '{code}' is not "
                    f"in the data; {close_matches(code, options)}. Fix [impacts] fallback."
                )


def check_codes(cfg: RunConfig, inputs: Inputs) -> None:
    """Check the run's region codes against the data's region list before anything is loaded.

    The consumer region, the regions of ``[impacts] fallback`` and the scenarios' ``origins``,
    ``to_regions`` and ``shift_to`` (with the waterbed on) are checked against the regions of the
    main year's data, read from its core table's header line (:mod:`footprint.inputs.peek`); where that
    cannot be read cheaply the same checks run after loading.

    Raises
    ------
    UnknownCodeError
        A code is not among the data's regions; the message lists close matches.
    """
    regions = peek.data_regions(cfg.data.source, cfg.data.path_for(cfg.data.year), cfg.data.year)
    if regions is None:
        return
    region = cfg.consumer.region
    if region not in regions:
        raise UnknownCodeError(
            f"consumer region '{region}' is not in the data ({cfg.data.source}, year "
            f"{cfg.data.year}); {close_matches(region, regions)}. Fix [consumer] region."
        )
    _check_fallback(cfg, regions)
    table_groups = tuple(dict.fromkeys(inputs.groups["group"]))
    if cfg.waterbed.enabled and set(cfg.group_select) <= set(table_groups):
        names = tuple(g for g in table_groups if not cfg.group_select or g in cfg.group_select)
        check_scenarios(inputs.scenarios, regions, names, region)


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


@dataclass(frozen=True, eq=False)
class Year:
    """One loaded, checked and factorised year: the system with what every later stage needs."""

    system: bilateral.YearSystem
    pressures: PressureSet
    provenance: dict[str, Any]
    notes: list[str]

    @property
    def mrio(self) -> MRIO:
        return self.system.mrio


def load_year(cfg: RunConfig, inputs: Inputs, year: int | None, say: Progress = _quiet) -> Year:
    """Load one year of the run's data, check it, select pressures and groups, factorise (I - A).

    Raises
    ------
    FootprintError
        Missing or corrupt data, failed checks, unmatched pressure rows, unknown group codes.
    """
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
    say(f"factorising (I - A) of {mrio.n_regions * mrio.n_sectors} rows")
    leontief = factorise(mrio.A, labels=[f"{r}/{s}" for r, s in mrio.row_index])
    system = bilateral.YearSystem(mrio, leontief, _indicators(cfg, inputs, mrio, pressures), groups)
    return Year(system, pressures, dict(provenance), notes)


def _zero_note(cfg: RunConfig, mrio: MRIO, long: pd.DataFrame) -> list[str]:
    """A note when the consumer's whole footprint is zero, saying why."""
    if long["value"].ne(0.0).any():
        return []
    spend = float(mrio.Y[:, consumer_columns(mrio, cfg.consumer)].sum())
    why = (f"the chosen final demand ([consumer] final_demand = {list(cfg.consumer.categories)}) "
           f"of {cfg.consumer.region} is zero in this system" if spend == 0.0 else
           f"the chosen pressures are zero along the supply chains of {cfg.consumer.region}'s "
           f"chosen final demand ({spend:,.6g} {mrio.monetary_unit})")
    return [f"note: the footprint is zero for every group and pressure: {why}. The tables hold one "
            "zero row per group and pressure; choose other final-demand categories or pressures for "
            "a non-zero result."]


def _direct_rows(cfg: RunConfig, mrio: MRIO, pressures: PressureSet, groups: GroupWeights
                 ) -> pd.DataFrame | None:
    """The consumer's own (F_Y) stressor rows behind ``total`` and each group's direct part."""
    if not cfg.consumer.include_household_direct:
        return None
    masks = groups.direct if groups.direct is not None else np.zeros(
        (len(groups.names), len(mrio.stressors)), dtype=bool)
    every = np.ones((1, len(mrio.stressors)), dtype=bool)
    return direct.direct_rows(mrio, pressures, consumer_columns(mrio, cfg.consumer),
                              (TOTAL_GROUP, *groups.names), np.vstack([every, masks]), cfg.consumer.region)


IMPACT_TABLES = ("impacts", "impact_ranking", "impact_ranking_stability")
"""The tables of the impacts stage (with ``[impacts] enabled``)."""
WATERBED_YEAR_TABLES = ("bilateral", "scenarios", "scenario_absorption", "waterbed_takers")
"""The tables of one year's waterbed stage (with ``[waterbed] enabled``; the last three with scenarios)."""


@dataclass(frozen=True, eq=False)
class YearRun:
    """What :func:`run_year` computed for one year.

    Attributes
    ----------
    year : Year
        The loaded, checked and factorised system with its pressures, provenance and loading notes.
    tables : dict of str to DataFrame
        The year's tables, each under its one name: ``attribution``; with impacts
        :data:`IMPACT_TABLES`; ``direct_stressors`` (households' own stressors);
        with ``with_accounts`` ``territorial``, ``material_accounts`` and ``pressure_rows``; with the
        waterbed :data:`WATERBED_YEAR_TABLES`.
    notes : list of str
        The stages' notes (impact rank changes).
    zero : list of str
        A note when the consumer's whole footprint is zero (then the waterbed stage was skipped).
    matrices : Bilateral or None
        The year's origin x consumer matrices (with the waterbed), for the stages across years.
    """

    year: Year
    tables: dict[str, pd.DataFrame]
    notes: list[str]
    zero: list[str]
    matrices: bilateral.Bilateral | None


def run_year(cfg: RunConfig, inputs: Inputs, year: int | None, *,
             scenarios: Sequence[Scenario] | Callable[[], Sequence[Scenario]] = (),
             with_impacts: bool = True, with_accounts: bool = False, say: Progress = _quiet,
             step: Progress | None = None, ready: Ready | None = None) -> YearRun:
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
    direct_tab = _direct_rows(cfg, mrio, pressures, sys_.groups)
    if direct_tab is not None:
        out["direct_stressors"] = direct_tab
    if with_accounts:
        out["territorial"] = territorial(mrio, pressures)
        out["material_accounts"] = material_accounts(mrio, sys_.leontief, pressures, cfg.consumer)
        out["pressure_rows"] = pressures.matched.astype({"factor": float})
    zero = _zero_note(cfg, mrio, long)
    bil = None
    if cfg.waterbed.enabled and not zero:
        step("waterbed: bilateral matrices" + (" and scenarios" if scenarios else ""))
        bil = bilateral.bilateral(mrio, sys_.leontief, sys_.indicators, cfg.consumer, sys_.groups)
        out["bilateral"] = bilateral.shares_table(bil, mrio.label)
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
        Receives a line per step (the CLI prints them); silent by default.
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
    say = progress or _quiet
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
                    say=say, step=step, ready=ready)
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
    extra = {k: main.tables[k] for k in (*IMPACT_TABLES, "direct_stressors") if k in main.tables}
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
        frames = bilateral.analyse({y: r.year.system for y, r in done.items()},
                                   {y: r.matrices for y, r in done.items() if r.matrices is not None},
                                   {y: r.tables for y, r in done.items()}, cfg.consumer,
                                   tau=wb.tau, top_n=wb.top_n, base_year=wb.base_year,
                                   materiality=wb.materiality, floor=wb.materiality_floor,
                                   label=mrio.label)
        extra.update(fold_interval(frames, resolved["scenarios"]))
        if resolved["scenario_d"] is not None:
            extra["trade_scenario_d"] = resolved["scenario_d"]
    step("done computing")
    manifest = _manifest(cfg, mrio, main.year.provenance,
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
