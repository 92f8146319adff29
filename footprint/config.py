"""Run configuration: one TOML file plus the tables it names, validated once and frozen.

All defaults live in :data:`DEFAULTS`. Paths in a run file are relative to the run file's folder.
The product-group and pressure tables are read and checked here; whether their codes exist in the
data is checked once the data are loaded (:mod:`footprint.pressures`, :mod:`footprint.attribution`).
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from footprint.defaults import DEFAULTS_DIR, find, run_file, unknown_run_file
from footprint.errors import ConfigError, DataFileNotFoundError, close_matches
from footprint.trade.settings import TRADE_DEFAULTS, TradeSettings, parse_trade
from footprint.units import check_factor

__all__ = [
    "DEFAULTS",
    "FD_CODES",
    "BatchConfig",
    "ChecksConfig",
    "ConsumerConfig",
    "DataConfig",
    "ImpactsConfig",
    "OutputConfig",
    "RunConfig",
    "TargetsConfig",
    "WaterbedConfig",
    "load_config",
    "read_groups_table",
    "read_pressures_table",
]

CONFIG_DIR = DEFAULTS_DIR
"""The packaged default tables and run files (:mod:`footprint.defaults`)."""

# Final-demand category labels of EXIOBASE 3 (pymrio's exio3_pxp classification, finaldemand.tsv).
FD_CODES: dict[str, str] = {
    "F_HOUS": "Final consumption expenditure by households",
    "F_NPSH": "Final consumption expenditure by non-profit organisations serving households (NPISH)",
    "F_GOVE": "Final consumption expenditure by government",
    "I_GFCF": "Gross fixed capital formation",
    "I_CHIN": "Changes in inventories",
    "I_CHVA": "Changes in valuables",
    "X_TOTA": "Exports: Total (fob)",
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "run": {"name": None},
    # years: several years/systems (waterbed across years); path may hold "{year}"
    "data": {"source": "demo", "path": None, "year": None, "years": [], "cache_dir": None},
    "consumer": {
        "region": "NL",
        # all domestic final demand; inventories and household direct stressors are switches
        "final_demand": ["F_HOUS", "F_NPSH", "F_GOVE", "I_GFCF", "I_CHVA"],
        "include_inventories": True,
        "include_household_direct": True,
    },
    # direct_table: households' own (F_Y) stressor rows booked to groups (footprint.direct);
    # allow_overlap: may two selected groups hold the same product; weights: per group, product code
    # -> weight overriding the table (e.g. the protein share of plant products)
    "groups": {"table": str(CONFIG_DIR / "product_groups.csv"), "select": [],
               "direct_table": str(CONFIG_DIR / "direct_use.csv"), "allow_overlap": False,
               "weights": {}},
    # gwp: the IPCC GWP100 set of the ghg rows with a gas ("AR5" or "AR6", from gwp_table)
    "pressures": {"table": str(CONFIG_DIR / "pressures.csv"), "gwp": "AR5",
                  "gwp_table": str(CONFIG_DIR / "gwp100.csv")},
    # checks of the loaded data (footprint.checks): strict = false turns negative coefficients (in
    # A, or in Z read but unused) and balance errors beyond balance_rtol into manifest warnings
    "checks": {"strict": True, "balance_rtol": 1e-6},
    "output": {"dir": "results", "top_n": 10, "figures": True, "group_figures": False, "excel": True},
    "impacts": {
        # biodiversity impact by origin (footprint.impacts package); factor tables and sources in
        # config/characterisation/ (reduced from published data by reduce_factors.py there)
        "enabled": True,
        "methods": ["msa_ibif2", "pdf_glam1", "pdf_lcimpact", "msa_globio3_default"],
        "factors": str(CONFIG_DIR / "characterisation" / "factors.csv"),
        "land_types": str(CONFIG_DIR / "characterisation" / "land_type_map.csv"),
        "land_pressure": "land_total",      # the pressure whose stressor rows are characterised
        "climate_pressure": "ghg",          # t CO2-eq, for methods with a climate factor
        "fallback": {},                     # region -> proxy region or "GLO", e.g. {TW = "GLO"}
        "top_n": 5,                         # size of the top-origin sets compared for stability
        "draws": 1000,                      # Monte Carlo draws over the factors (0 = off)
        "seed": 16,                         # seed of the Monte Carlo's random generator
    },
    # waterbed stage (DOMAIN 4): bilateral matrices, importer shares across years, scenarios
    # ex post, a waterbed flag and a WAR need the consumer's pressure from the origin to fall by
    # more than `materiality` of its earlier value and `materiality_floor` of its whole footprint
    "waterbed": {"enabled": False, "scenarios": "", "base_year": None, "tau": 0.02,
                 "top_n": 10, "materiality": 0.01, "materiality_floor": 0.001},
    # batch runs (python -m footprint batch): years x scenarios as Dask tasks (footprint.batch.run)
    "batch": {
        "scheduler": "local",     # "local" (a cluster sized to this machine), "sequential"
                                  # (in this process, no Dask), or a scheduler address tcp://host:8786
        "workers": 0,             # local cluster workers; 0 = as many as cores and memory allow
        "memory_per_task_gb": 0,  # memory a year's task needs; 0 = estimated from the system size
    },
    # the Dutch goal to halve primary abiotic raw material use by 2030 versus 2016 (NPCE;
    # DOMAIN 3.4), tracked on the consumption (footprint) and the territorial view
    # real bilateral trade (FAOSTAT; footprint.trade): ex-post waterbed, displacement estimates,
    # origins resolved to countries; keys and meanings in footprint/trade/settings.py
    "trade": dict(TRADE_DEFAULTS),
    "targets": {"enabled": True, "pressure": "abiotic_materials",
                "companion": ["biotic_materials"], "base_year": 2016, "target_year": 2030,
                "reduction": 0.5},
}

SOURCES = ("demo", "exiobase3", "pymrio", "oecd", "gloria", "eora26", "wiod")  # = sources.SOURCES
GROUP_COLUMNS = ("group", "subgroup", "pxp_code", "pxp_name", "ixi_code", "ixi_name", "role",
                 "weight", "note")
PRESSURE_COLUMNS = ("pressure", "layout", "extension", "pattern", "input_unit", "factor", "unit",
                    "source")
IF_MISSING = ("error", "note")
"""What a pressure-table row whose family matches no stressor of the data does (``if_missing``)."""


@dataclass(frozen=True)
class DataConfig:
    """Where the MRIO comes from."""

    source: str
    path: Path | None
    year: int | None
    cache_dir: Path | None
    years: tuple[int, ...] = ()
    """All years of the run (empty: just ``year``); ``year`` is the main one."""

    @property
    def all_years(self) -> tuple[int | None, ...]:
        """Years to load, ascending (``(year,)`` for a single-year run)."""
        return self.years or (self.year,)

    def path_for(self, year: int | None) -> Path | None:
        """The data path of ``year``: ``{year}`` in ``path`` is replaced by the year."""
        if self.path is None or year is None:
            return self.path
        return Path(str(self.path).replace("{year}", str(year)))


@dataclass(frozen=True)
class ConsumerConfig:
    """Whose consumption is attributed, and which final-demand categories count as consumption."""

    region: str
    final_demand: tuple[str, ...]
    include_inventories: bool
    include_household_direct: bool

    @property
    def categories(self) -> tuple[str, ...]:
        """Final-demand codes or names in force, inventories included when switched on."""
        cats = tuple(c for c in self.final_demand if c != "I_CHIN")
        return (*cats, "I_CHIN") if self.include_inventories else cats


@dataclass(frozen=True)
class ChecksConfig:
    """How strictly the loaded data are checked (see :func:`footprint.checks.check_system`)."""

    strict: bool = True
    """Negative coefficients and balance errors stop the run (else: warnings in the manifest)."""
    balance_rtol: float = 1e-6
    """Tolerance of the balance x = A x + Y e per row, relative to max(|x_i|, 1) [-]."""


@dataclass(frozen=True)
class OutputConfig:
    """Where and what to write."""

    dir: Path
    top_n: int
    figures: bool
    excel: bool
    group_figures: bool = False
    """Also every product group's map, rankings and importer shares (by default those are drawn for
    all consumption, ``total``; every group gets its top origins and pressures by origin)."""


@dataclass(frozen=True)
class ImpactsConfig:
    """Biodiversity impact characterisation (see the package :mod:`footprint.impacts`)."""

    enabled: bool
    methods: tuple[str, ...]
    factors: Path
    land_types: Path
    land_pressure: str
    climate_pressure: str
    fallback: Mapping[str, str]
    top_n: int
    draws: int = 1000
    """Monte Carlo draws over the factors (0 = no Monte Carlo)."""
    seed: int = 16
    """Seed of the Monte Carlo's random generator."""


@dataclass(frozen=True)
class WaterbedConfig:
    """The waterbed stage: on/off, scenarios file, base year of constant structure, flag settings.

    ``tau``: the origin's total may fall by at most this share for a waterbed flag [-];
    ``materiality`` and ``materiality_floor``: the consumer's pressure from the origin must fall by
    more than ``materiality`` x its earlier value and ``materiality_floor`` x the consumer's earlier
    footprint (same group and indicator) for a flag and an ex-post WAR [-].
    """

    enabled: bool = False
    scenarios: Path | None = None
    base_year: int | None = None
    tau: float = 0.02
    top_n: int = 10
    materiality: float = 0.01
    materiality_floor: float = 0.001


@dataclass(frozen=True)
class BatchConfig:
    """How a batch run is scheduled (see :mod:`footprint.batch.run`)."""

    scheduler: str = "local"
    workers: int = 0
    memory_per_task_gb: float = 0.0


@dataclass(frozen=True)
class TargetsConfig:
    """The halving-target tracker: pressure, companion pressures, base and target year, reduction."""

    enabled: bool = True
    pressure: str = "abiotic_materials"
    companion: tuple[str, ...] = ("biotic_materials",)
    base_year: int = 2016
    target_year: int = 2030
    reduction: float = 0.5


@dataclass(frozen=True)
class RunConfig:
    """A validated, frozen run configuration."""

    name: str
    data: DataConfig
    consumer: ConsumerConfig
    groups_table: Path
    group_select: tuple[str, ...]
    pressures_table: Path
    output: OutputConfig
    config_file: Path | None
    raw: Mapping[str, Any]
    impacts: ImpactsConfig | None = None
    direct_table: Path | None = CONFIG_DIR / "direct_use.csv"
    """Households' own stressor rows booked to groups (``[groups] direct_table``; "" = none)."""
    allow_overlap: bool = False
    """Whether two selected groups may hold the same product (``[groups] allow_overlap``)."""
    weight_overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """``[groups] weights``: group -> product code -> weight, replacing the table's weight."""
    gwp: str = "AR5"
    """IPCC GWP100 set of the greenhouse-gas rows (``[pressures] gwp``; see :mod:`footprint.inputs.gwp`)."""
    gwp_table: Path = CONFIG_DIR / "gwp100.csv"
    waterbed: WaterbedConfig = field(default_factory=WaterbedConfig)
    batch: BatchConfig = field(default_factory=BatchConfig)
    targets: TargetsConfig = field(default_factory=TargetsConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    trade: TradeSettings = field(default_factory=TradeSettings)
    """``[trade]``: the trade stage (:mod:`footprint.trade.stage`)."""

    def resolved(self) -> dict[str, Any]:
        """The resolved configuration as plain data (for the manifest)."""
        return copy.deepcopy(dict(self.raw))


def _merge(user: Mapping[str, Any], where: str) -> dict[str, dict[str, Any]]:
    merged = copy.deepcopy(DEFAULTS)
    for section, values in user.items():
        if section not in DEFAULTS:
            raise ConfigError(
                f"{where}: unknown section [{section}]; {close_matches(section, DEFAULTS)}. "
                "Remove it or fix its name."
            )
        if not isinstance(values, Mapping):
            raise ConfigError(f"{where}: [{section}] must be a table of keys, got {values!r}.")
        for key, value in values.items():
            if key not in DEFAULTS[section]:
                raise ConfigError(
                    f"{where}: unknown key '{key}' in [{section}]; "
                    f"{close_matches(key, DEFAULTS[section])}."
                )
            merged[section][key] = value
    return merged


def _path(value: Any, base: Path, what: str) -> Path | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{what} must be a path string, got {value!r}.")
    p = Path(value).expanduser()
    return p if p.is_absolute() else (base / p).resolve()


def _table(value: Any, base: Path, what: str) -> Path | None:
    """A table path: relative to the run file's folder, else the packaged default of that name."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{what} must be a path string, got {value!r}.")
    return find(value, base)


def _bool(section: Mapping[str, Any], key: str, where: str) -> bool:
    value = section[key]
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, got {value!r}.")
    return value


def _consumer(sec: Mapping[str, Any], where: str) -> ConsumerConfig:
    region = sec["region"]
    if not isinstance(region, str) or not region:
        raise ConfigError(f"{where}: [consumer] region must be a region code such as \"NL\".")
    fd = sec["final_demand"]
    if isinstance(fd, str):
        fd = [fd]
    if isinstance(fd, list) and not fd:
        raise ConfigError(
            f"{where}: [consumer] final_demand must not be empty: name at least one category, e.g. "
            f"final_demand = {DEFAULTS['consumer']['final_demand']} (all domestic final demand)."
        )
    if not isinstance(fd, list) or not all(isinstance(c, str) and c for c in fd):
        raise ConfigError(
            f"{where}: [consumer] final_demand must be a list of category codes, e.g. "
            f"{list(FD_CODES)[:5]}."
        )
    return ConsumerConfig(
        region=region,
        final_demand=tuple(fd),
        include_inventories=_bool(sec, "include_inventories", where),
        include_household_direct=_bool(sec, "include_household_direct", where),
    )


def _data(sec: Mapping[str, Any], base: Path, where: str) -> DataConfig:
    source = sec["source"]
    if source not in SOURCES:
        raise ConfigError(
            f"{where}: [data] source = {source!r} is not known; use one of {', '.join(SOURCES)}."
        )
    path = _path(sec["path"], base, f"{where}: [data] path")
    if source != "demo" and path is None:
        raise ConfigError(
            f"{where}: [data] source = {source!r} needs a path to the zip or folder, e.g. "
            'path = "../data/exiobase/IOT_2022_pxp.zip".'
        )
    year = sec["year"]
    if year is not None and not isinstance(year, int):
        raise ConfigError(f"{where}: [data] year must be an integer such as 2022, got {year!r}.")
    years = sec["years"]
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years) or \
            len(set(years)) != len(years):
        raise ConfigError(f"{where}: [data] years must be a list of distinct years, e.g. [2016, 2022].")
    if years and year is not None and year not in years:
        raise ConfigError(f"{where}: [data] year = {year} (the main year) is not in years = {years}.")
    if len(years) > 1 and source != "demo" and "{year}" not in str(sec["path"]):
        raise ConfigError(
            f"{where}: with several [data] years the path needs a {{year}} placeholder, e.g. "
            'path = "../data/exiobase/IOT_{year}_pxp.zip".'
        )
    if years and year is None:
        year = max(years)
    return DataConfig(source, path, year, _path(sec["cache_dir"], base, f"{where}: cache_dir"),
                      tuple(sorted(years)))


def _waterbed(sec: Mapping[str, Any], base: Path, where: str, years: tuple[int | None, ...]
              ) -> WaterbedConfig:
    tau, top_n, base_year = sec["tau"], sec["top_n"], sec["base_year"]
    for key, example in (("tau", 0.02), ("materiality", 0.01), ("materiality_floor", 0.001)):
        value = sec[key]
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1:
            raise ConfigError(f"{where}: [waterbed] {key} must be a number in [0, 1), e.g. {example}.")
    if not isinstance(top_n, int) or isinstance(top_n, bool) or top_n < 1:
        raise ConfigError(f"{where}: [waterbed] top_n must be a positive integer, got {top_n!r}.")
    if base_year is not None and base_year not in years:
        raise ConfigError(
            f"{where}: [waterbed] base_year = {base_year!r} must be one of [data] years {list(years)}."
        )
    return WaterbedConfig(_bool(sec, "enabled", where),
                          _table(sec["scenarios"], base, f"{where}: [waterbed] scenarios"),
                          base_year, float(tau), top_n, float(sec["materiality"]),
                          float(sec["materiality_floor"]))


def _output(sec: Mapping[str, Any], base: Path, where: str) -> OutputConfig:
    top_n = sec["top_n"]
    if not isinstance(top_n, int) or isinstance(top_n, bool) or top_n < 1:
        raise ConfigError(f"{where}: [output] top_n must be a positive integer, got {top_n!r}.")
    out = _path(sec["dir"], base, f"{where}: [output] dir") or base / "results"
    return OutputConfig(out, top_n, _bool(sec, "figures", where), _bool(sec, "excel", where),
                        _bool(sec, "group_figures", where))


def _impacts(sec: Mapping[str, Any], base: Path, where: str) -> ImpactsConfig:
    methods = [sec["methods"]] if isinstance(sec["methods"], str) else sec["methods"]
    if not isinstance(methods, list) or not all(isinstance(m, str) and m for m in methods):
        raise ConfigError(f"{where}: [impacts] methods must be a list of method names, e.g. "
                          f"{DEFAULTS['impacts']['methods']}.")
    fallback = sec["fallback"]
    if not isinstance(fallback, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in fallback.items()):
        raise ConfigError(f"{where}: [impacts] fallback must map region codes to a proxy region or "
                          'to "GLO", e.g. fallback = { TW = "GLO" }.')
    top_n = sec["top_n"]
    if not isinstance(top_n, int) or isinstance(top_n, bool) or top_n < 1:
        raise ConfigError(f"{where}: [impacts] top_n must be a positive integer, got {top_n!r}.")
    for key in ("land_pressure", "climate_pressure"):
        if not isinstance(sec[key], str):
            raise ConfigError(f"{where}: [impacts] {key} must be a pressure name, got {sec[key]!r}.")
    factors = _table(sec["factors"], base, f"{where}: [impacts] factors")
    land_types = _table(sec["land_types"], base, f"{where}: [impacts] land_types")
    if factors is None or land_types is None:
        raise ConfigError(f"{where}: [impacts] factors and land_types must name CSV files.")
    return ImpactsConfig(_bool(sec, "enabled", where), tuple(methods), factors, land_types,
                         sec["land_pressure"], sec["climate_pressure"], dict(fallback), top_n,
                         _int(sec, "draws", f"{where}: [impacts]"), _int(sec, "seed", f"{where}: [impacts]"))


def _int(sec: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> int:
    value = sec[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"{where}: {key} must be an integer >= {minimum}, got {value!r}.")
    return value


def _checks(sec: Mapping[str, Any], where: str) -> ChecksConfig:
    rtol = sec["balance_rtol"]
    if not isinstance(rtol, int | float) or isinstance(rtol, bool) or not 0 < rtol < 1:
        raise ConfigError(f"{where}: [checks] balance_rtol must be a number in (0, 1), e.g. 1e-6, got "
                          f"{rtol!r}.")
    return ChecksConfig(_bool(sec, "strict", f"{where}: [checks]"), float(rtol))


def _batch(sec: Mapping[str, Any], where: str) -> BatchConfig:
    scheduler, memory = sec["scheduler"], sec["memory_per_task_gb"]
    if not isinstance(scheduler, str) or not scheduler:
        raise ConfigError(f'{where}: [batch] scheduler must be "local", "sequential" or an address '
                          'such as "tcp://10.0.0.5:8786".')
    if not isinstance(memory, int | float) or isinstance(memory, bool) or memory < 0:
        raise ConfigError(f"{where}: [batch] memory_per_task_gb must be a number >= 0 (0 = estimate).")
    return BatchConfig(scheduler, _int(sec, "workers", f"{where}: [batch]"), float(memory))


def _targets(sec: Mapping[str, Any], where: str) -> TargetsConfig:
    companion = [sec["companion"]] if isinstance(sec["companion"], str) else sec["companion"]
    if not isinstance(sec["pressure"], str) or not isinstance(companion, list) or \
            not all(isinstance(c, str) for c in companion):
        raise ConfigError(f"{where}: [targets] pressure must be a pressure name and companion a list "
                          'of names, e.g. pressure = "abiotic_materials".')
    base, target = (_int(sec, k, f"{where}: [targets]", 1) for k in ("base_year", "target_year"))
    reduction = sec["reduction"]
    if target <= base:
        raise ConfigError(f"{where}: [targets] target_year ({target}) must come after base_year ({base}).")
    if not isinstance(reduction, int | float) or isinstance(reduction, bool) or not 0 < reduction <= 1:
        raise ConfigError(f"{where}: [targets] reduction must be a fraction in (0, 1], e.g. 0.5 for "
                          "halving.")
    return TargetsConfig(_bool(sec, "enabled", where), sec["pressure"], tuple(companion), base, target,
                         float(reduction))


def _weights(value: Any, where: str) -> dict[str, dict[str, float]]:
    """``[groups] weights``: {group = {product code = weight in [0, 1]}}."""
    fix = ('e.g. weights = { protein_plant = { "p01.e" = 0.3, "p01.d" = 0.1 } } (weights in [0, 1], '
           "by pxp code of the group table).")
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: [groups] weights must map groups to product weights, {fix}")
    out: dict[str, dict[str, float]] = {}
    for group, codes in value.items():
        if not isinstance(codes, Mapping) or not all(
                isinstance(w, int | float) and not isinstance(w, bool) and 0 <= w <= 1
                for w in codes.values()):
            raise ConfigError(f"{where}: [groups] weights.{group} must map product codes to weights, {fix}")
        out[str(group)] = {str(c): float(w) for c, w in codes.items()}
    return out


def load_config(source: str | Path | Mapping[str, Any], *, base: Path | None = None) -> RunConfig:
    """Read and validate a run configuration.

    Parameters
    ----------
    source : path or mapping
        A TOML run file, the name of a packaged run file (``"demo"``, ``"demo-series"``; see
        :mod:`footprint.defaults`), or the content of a run file as a dict (sections ``run``,
        ``data``, ``consumer``, ``groups``, ``pressures``, ``output``; see :data:`DEFAULTS`).
    base : Path, optional
        Folder that relative paths are resolved against (default: the run file's folder, or the
        current directory for a mapping). A relative table path that does not exist there names a
        packaged default table. A packaged run file resolves its output folder and data paths
        against the current directory.

    Returns
    -------
    RunConfig

    Raises
    ------
    DataFileNotFoundError
        The run file does not exist.
    ConfigError
        Unknown sections or keys (with close matches), wrong types, malformed TOML.
    """
    config_file: Path | None = None
    if isinstance(source, Mapping):
        user: Mapping[str, Any] = source
        where = "run configuration"
        base = base or Path.cwd()
    else:
        config_file = Path(source).resolve()
        if not config_file.is_file():
            packaged = None if Path(source).suffix not in ("", ".toml") else run_file(str(source))
            if packaged is None:
                raise DataFileNotFoundError(unknown_run_file(str(source)))
            config_file = packaged
        try:
            user = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: not valid TOML ({exc}).") from exc
        where = config_file.name
        base = base or config_file.parent
    merged = _merge(user, where)
    # a packaged run file writes its results (and finds its data) from the current folder
    here = Path.cwd() if config_file and config_file.is_relative_to(DEFAULTS_DIR) else base
    name = merged["run"]["name"]
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{where}: [run] name must be a string such as \"demo\", got {name!r}.")
    name = name or (config_file.stem if config_file else "run")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", str(name)):
        raise ConfigError(f"{where}: [run] name {name!r} may only use letters, digits, _ . -")
    groups_table = _table(merged["groups"]["table"], base, f"{where}: [groups] table")
    pressures_table = _table(merged["pressures"]["table"], base, f"{where}: [pressures] table")
    assert groups_table is not None and pressures_table is not None
    select = merged["groups"]["select"]
    if isinstance(select, str):
        select = [select]
    overrides = _weights(merged["groups"]["weights"], where)
    gwp = merged["pressures"]["gwp"]
    if not isinstance(gwp, str) or not gwp:
        raise ConfigError(f'{where}: [pressures] gwp must name a GWP100 set, e.g. gwp = "AR5" or "AR6".')
    gwp_table = _table(merged["pressures"]["gwp_table"], base, f"{where}: [pressures] gwp_table")
    assert gwp_table is not None
    data = _data(merged["data"], here, where)
    return RunConfig(
        name=str(name),
        data=data,
        consumer=_consumer(merged["consumer"], where),
        groups_table=groups_table,
        group_select=tuple(select),
        pressures_table=pressures_table,
        output=_output(merged["output"], here, where),
        config_file=config_file,
        raw=merged,
        impacts=_impacts(merged["impacts"], base, where),
        direct_table=_table(merged["groups"]["direct_table"], base, f"{where}: [groups] direct_table"),
        allow_overlap=_bool(merged["groups"], "allow_overlap", where),
        weight_overrides=overrides,
        gwp=gwp,
        gwp_table=gwp_table,
        waterbed=_waterbed(merged["waterbed"], base, where, data.all_years),
        batch=_batch(merged["batch"], where),
        targets=_targets(merged["targets"], where),
        checks=_checks(merged["checks"], where),
        trade=parse_trade(merged["trade"], base, where),
    )


def _read_table(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileNotFoundError(f"{what} table {path} does not exist; fix the path in the run file.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as CSV ({exc}).") from exc
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ConfigError(
            f"{path}: missing column(s) {missing}; the {what} table needs {list(required)}."
        )
    return table


def _numeric(table: pd.DataFrame, column: str, path: Path) -> pd.Series:
    values = pd.to_numeric(table[column].replace("", "0"), errors="coerce")
    bad = table.loc[values.isna(), column]
    if len(bad):
        raise ConfigError(
            f"{path}: column '{column}' must be numeric; row(s) {list(bad.index + 2)} hold "
            f"{list(bad)[:5]}."
        )
    return values.astype(float)


def read_groups_table(path: Path) -> pd.DataFrame:
    """Read the product-group table (group, subgroup, pxp/ixi code and name, role, weight, note).

    Weights must lie in [0, 1]; ``role`` is ``final_demand`` (the product enters the group's final
    demand vector with its weight) or ``origin_only`` (listed for reference as an upstream origin).
    """
    table = _read_table(path, GROUP_COLUMNS, "product-group")
    table["weight"] = _numeric(table, "weight", path)
    if "group_label" not in table.columns:  # optional: what the group holds, shown in the outputs
        table["group_label"] = ""
    out_of_range = table[(table["weight"] < 0) | (table["weight"] > 1)]
    if len(out_of_range):
        raise ConfigError(
            f"{path}: weights must lie between 0 and 1; offending products: "
            f"{list(out_of_range['pxp_code'])}."
        )
    roles = set(table["role"]) - {"final_demand", "origin_only"}
    if roles:
        raise ConfigError(f"{path}: unknown role(s) {sorted(roles)}; use final_demand or origin_only.")
    return table


def read_pressures_table(path: Path, gwp: str = "AR5", gwp_table: Path | None = None) -> pd.DataFrame:
    """Read the pressure table (pressure, layout, extension, regex pattern, units, factor, source).

    Optional columns: ``family`` (the group of stressor rows a row stands for, e.g. "fossil fuels";
    default: the pressure name), ``if_missing`` (``error``, the default, or ``note``: what a family
    that matches no row of the loaded data does, see :func:`footprint.pressures.select_pressures`) and
    ``gas`` (a greenhouse gas: the row's factor is multiplied by its GWP100 in the set ``gwp`` of
    ``gwp_table``, default ``config/gwp100.csv``; see :func:`footprint.inputs.gwp.apply_gwp`).
    """
    from footprint.inputs.gwp import GWP_TABLE, apply_gwp, read_gwp_table

    table = _read_table(path, PRESSURE_COLUMNS, "pressure")
    table["factor"] = _numeric(table, "factor", path)
    table = apply_gwp(table, read_gwp_table(gwp_table or GWP_TABLE), gwp)
    if "family" not in table.columns:
        table["family"] = table["pressure"]
    table["family"] = table["family"].where(table["family"] != "", table["pressure"])
    if "if_missing" not in table.columns:
        table["if_missing"] = "error"
    table["if_missing"] = table["if_missing"].replace("", "error")
    wrong = sorted(set(table["if_missing"]) - set(IF_MISSING))
    if wrong:
        raise ConfigError(f"{path}: if_missing must be one of {list(IF_MISSING)} (empty = error), got "
                          f"{wrong}.")
    for i, pattern in table["pattern"].items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{path}: row {int(str(i)) + 2} pattern {pattern!r} is not a valid regular "
                f"expression ({exc})."
            ) from exc
    units = table.groupby("pressure")["unit"].nunique()
    if (units > 1).any():
        raise ConfigError(
            f"{path}: pressure(s) {list(units[units > 1].index)} have rows with different output "
            "units; every row of one pressure must give the same unit."
        )
    for i, row in table.iterrows():
        check_factor(row["input_unit"], float(row["factor"]), row["unit"],
                     where=f"{path} row {int(str(i)) + 2} (pressure '{row['pressure']}')")
    return table
