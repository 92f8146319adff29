"""The run file's schema: one frozen pydantic dataclass per section, holding every default (``[trade]``'s
in :mod:`footprint.config.trade`).

Each field's ``description`` says what a valid value is; :mod:`footprint.config.load` turns a
validation error into a message ``<file>: [<section>] <key> must be <description>, got <value>.``
Relative paths are resolved while validating, against the folders in the validation context
(``tables``: the run file's folder, then the packaged defaults; ``here``: where outputs and data
paths are resolved, the run file's folder or, for a packaged run file, the current folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic.dataclasses import dataclass

from footprint.config.fields import (
    ALL_DOMESTIC,
    FD_CODES,
    SCHEMA,
    SOURCES,
    Bool,
    Names,
    Path_,
    Positive,
    Share,
    Table,
    default,
    not_empty,
)
from footprint.config.trade import TradeConfig

__all__ = ["SECTIONS", "BatchConfig", "ChecksConfig", "ConsumerConfig", "DataConfig",
           "GroupsConfig", "ImpactsConfig", "OutputConfig", "PressuresConfig", "RunSection",
           "TargetsConfig", "TradeConfig", "UncertaintyConfig", "WaterbedConfig"]

@dataclass(frozen=True, config=SCHEMA)
class RunSection:
    """``[run]``: the run's name (default: the run file's name)."""

    name: Annotated[str | None, Field(strict=True, description='a string such as "demo"')] = None


@dataclass(frozen=True, config=SCHEMA)
class DataConfig:
    """``[data]``: where the MRIO comes from; several ``years`` for the waterbed across years."""

    source: Annotated[Literal[SOURCES], Field(  # type: ignore[valid-type]
        description=f"a known source (use one of {', '.join(SOURCES)})")] = "demo"
    path: Annotated[Path_, Field(description='a path string such as "../data/IOT_2022_pxp.zip"')] = None
    year: Annotated[int | None, Field(strict=True, description="an integer such as 2022")] = None
    years: Annotated[tuple[Annotated[int, Field(strict=True)], ...], Field(description=(
        "a list of distinct years, e.g. [2016, 2022]"))] = ()
    """All years of the run (empty: just ``year``); ``year`` is the main one (default: the last)."""
    cache_dir: Annotated[Path_, Field(description="a path string")] = None

    @model_validator(mode="after")
    def _years(self) -> DataConfig:
        if len(set(self.years)) != len(self.years):
            raise ValueError("years must be a list of distinct years, e.g. [2016, 2022].")
        if self.years and self.year is not None and self.year not in self.years:
            raise ValueError(f"year = {self.year} (the main year) is not in years = {list(self.years)}.")
        if self.source != "demo" and self.path is None:
            raise ValueError(f"source = {self.source!r} needs a path to the zip or folder, e.g. "
                             'path = "../data/exiobase/IOT_2022_pxp.zip".')
        if len(self.years) > 1 and self.source != "demo" and "{year}" not in str(self.path):
            raise ValueError("with several years the path needs a {year} placeholder, e.g. "
                             'path = "../data/exiobase/IOT_{year}_pxp.zip".')
        object.__setattr__(self, "years", tuple(sorted(self.years)))
        if self.years and self.year is None:
            object.__setattr__(self, "year", self.years[-1])
        return self

    @property
    def all_years(self) -> tuple[int | None, ...]:
        """Years to load, ascending (``(year,)`` for a single-year run)."""
        return self.years or (self.year,)

    def path_for(self, year: int | None) -> Path | None:
        """The data path of ``year``: ``{year}`` in ``path`` is replaced by the year."""
        if self.path is None or year is None:
            return self.path
        return Path(str(self.path).replace("{year}", str(year)))


@dataclass(frozen=True, config=SCHEMA)
class ConsumerConfig:
    """``[consumer]``: whose consumption is attributed, and which final-demand categories count."""

    region: Annotated[str, Field(strict=True, min_length=1,
                                 description='a region code such as "NL"')] = "NL"
    final_demand: Annotated[Names, AfterValidator(not_empty), Field(
        description=f"a list of category codes, e.g. {list(FD_CODES)[:5]}")] = ALL_DOMESTIC
    include_inventories: Bool = True
    """I_CHIN (may be negative) counts as consumption."""
    include_household_direct: Bool = True
    """Households' own stressors (F_Y) are booked to the consumer."""

    @property
    def categories(self) -> tuple[str, ...]:
        """Final-demand codes or names in force, inventories included when switched on."""
        cats = tuple(c for c in self.final_demand if c != "I_CHIN")
        return (*cats, "I_CHIN") if self.include_inventories else cats


WEIGHTS = ('a table of groups mapping product codes to weights in [0, 1] (by pxp code of the group '
           'table), e.g. weights = { protein_plant = { "p01.e" = 0.3, "p01.d" = 0.1 } }')


@dataclass(frozen=True, config=SCHEMA)
class GroupsConfig:
    """``[groups]``: the product-group table, the selected groups, overlaps and weight overrides."""

    table: Annotated[Table, Field(description="a path string")] = default("product_groups.csv")
    select: Annotated[Names, Field(description="a list of group names")] = ()
    direct_table: Annotated[Path_, Field(description='a path string ("" = none)')] = default(
        "direct_use.csv")
    """Households' own (F_Y) stressor rows booked to groups (:mod:`footprint.direct`)."""
    allow_overlap: Bool = False
    """Whether two selected groups may hold the same product."""
    weights: Annotated[dict[str, dict[str, Annotated[float, Field(strict=True, ge=0, le=1)]]],
                       Field(strict=True, description=WEIGHTS)] = Field(default_factory=dict)
    """Group -> product code -> weight, replacing the table's weight (e.g. protein shares)."""


@dataclass(frozen=True, config=SCHEMA)
class PressuresConfig:
    """``[pressures]``: the pressure table and the GWP100 set of its greenhouse-gas rows."""

    table: Annotated[Table, Field(description="a path string")] = default("pressures.csv")
    gwp: Annotated[str, Field(strict=True, min_length=1, description=(
        'the name of a GWP100 set, e.g. gwp = "AR5" or "AR6"'))] = "AR5"
    gwp_table: Annotated[Table, Field(description="a path string")] = default("gwp100.csv")


@dataclass(frozen=True, config=SCHEMA)
class ChecksConfig:
    """``[checks]``: how strictly the loaded data are checked (:func:`footprint.checks.check_system`)."""

    strict: Bool = True
    """Negative coefficients and balance errors stop the run (false: warnings in the manifest)."""
    balance_rtol: Annotated[float, Field(strict=True, gt=0, lt=1,
                                         description="a number in (0, 1), e.g. 1e-6")] = 1e-6
    """Tolerance of the balance x = A x + Y e per row, relative to max(|x_i|, 1) [-]."""


@dataclass(frozen=True, config=SCHEMA)
class OutputConfig:
    """``[output]``: where and what to write."""

    dir: Annotated[Table, Field(description="a path string")] = "results"  # type: ignore[assignment]
    figures: Bool = True
    group_figures: Bool = False
    """Also every product group's map, rankings and importer shares (by default those are drawn for
    all consumption, ``total``; every group gets its top origins and pressures by origin)."""
    excel: Bool = True


@dataclass(frozen=True, config=SCHEMA)
class ImpactsConfig:
    """``[impacts]``: biodiversity impact characterisation (:mod:`footprint.impacts`)."""

    enabled: Bool = True
    methods: Annotated[Names, Field(description="a list of method names, e.g. ['msa_ibif2', "
                                    "'pdf_glam1', 'pdf_lcimpact', 'msa_globio3_default']")] = (
        "msa_ibif2", "pdf_glam1", "pdf_lcimpact", "msa_globio3_default")
    factors: Annotated[Table, Field(description="a CSV file")] = default("characterisation/factors.csv")
    land_types: Annotated[Table, Field(description="a CSV file")] = default(
        "characterisation/land_type_map.csv")
    land_pressure: Annotated[str, Field(strict=True, description="a pressure name")] = "land_total"
    """The pressure whose stressor rows are characterised."""
    climate_pressure: Annotated[str, Field(strict=True, description="a pressure name")] = "ghg"
    """t CO2-eq, for methods with a climate factor."""
    fallback: Annotated[dict[str, str], Field(strict=True, description=(
        'a table of region codes mapped to a proxy region or to "GLO", e.g. fallback = '
        '{ TW = "GLO" }'))] = Field(default_factory=dict)
    top_n: Positive = 5
    """Size of the top-origin sets compared for stability."""
    draws: Annotated[int, Field(strict=True, ge=0, description=(
        "an integer >= 0 (Monte Carlo draws over the factors; 0 = off)"))] = 1000
    seed: Annotated[int, Field(strict=True, ge=0, description=(
        "an integer >= 0 (the seed of the Monte Carlo's random generator)"))] = 16


@dataclass(frozen=True, config=SCHEMA)
class WaterbedConfig:
    """``[waterbed]``: bilateral matrices, importer shares across years, scenarios (DOMAIN 4).

    A waterbed flag and an ex-post WAR need the origin's total to fall by at most ``tau`` and the
    consumer's pressure from the origin to fall by more than ``materiality`` x its earlier value and
    ``materiality_floor`` x the consumer's earlier footprint (same group and indicator) [-].
    """

    enabled: Bool = False
    scenarios: Annotated[Path_, Field(description='a path string ("" = no scenarios)')] = ""  # type: ignore[assignment]
    base_year: Annotated[int | None, Field(strict=True, description="one of [data] years")] = None
    tau: Annotated[Share, Field(description="a number in [0, 1), e.g. 0.02")] = 0.02
    top_n: Positive = 10
    materiality: Annotated[Share, Field(description="a number in [0, 1), e.g. 0.01")] = 0.01
    materiality_floor: Annotated[Share, Field(description="a number in [0, 1), e.g. 0.001")] = 0.001


@dataclass(frozen=True, config=SCHEMA)
class BatchConfig:
    """``[batch]``: how a batch run is scheduled (:mod:`footprint.batch`)."""

    scheduler: Annotated[str, Field(strict=True, min_length=1, description=(
        '"local" (a cluster sized to this machine), "sequential" (in this process, no Dask) or a '
        'scheduler address such as "tcp://10.0.0.5:8786"'))] = "local"
    workers: Annotated[int, Field(strict=True, ge=0, description=(
        "an integer >= 0 (0 = as many as cores and memory allow)"))] = 0
    memory_per_task_gb: Annotated[float, Field(strict=True, ge=0, description=(
        "a number >= 0 (0 = estimated from the system size)"))] = 0.0


@dataclass(frozen=True, config=SCHEMA)
class TargetsConfig:
    """``[targets]``: the halving-target tracker (NPCE: halve primary abiotic raw material use by
    2030 versus 2016; DOMAIN 3.4), on the consumption and the territorial view."""

    enabled: Bool = True
    pressure: Annotated[str, Field(strict=True, description="a pressure name, e.g. "
                                   '"abiotic_materials"')] = "abiotic_materials"
    companion: Annotated[Names, Field(description="a list of pressure names")] = ("biotic_materials",)
    base_year: Annotated[int, Field(strict=True, ge=1, description="a year such as 2016")] = 2016
    target_year: Annotated[int, Field(strict=True, ge=1, description="a year such as 2030")] = 2030
    reduction: Annotated[float, Field(strict=True, gt=0, le=1, description=(
        "a fraction in (0, 1], e.g. 0.5 for halving"))] = 0.5

    @model_validator(mode="after")
    def _order(self) -> TargetsConfig:
        if self.target_year <= self.base_year:
            raise ValueError(f"target_year ({self.target_year}) must come after base_year "
                             f"({self.base_year}).")
        return self


@dataclass(frozen=True, config=SCHEMA)
class UncertaintyConfig:
    """``[uncertainty]``: Monte Carlo over the MRIO itself (:mod:`footprint.uncertainty`): lognormal
    draws of Z, Y and F, mean preserved, with a coefficient of variation that falls with the size of
    the entry, ``clip(mrio_cv_ref * (|v| / median non-zero |v| of its block)^-mrio_cv_exponent,
    mrio_cv_min, mrio_cv_max)``; one factorisation per draw."""

    mrio_draws: Annotated[int, Field(strict=True, ge=0, description=(
        "an integer >= 0 (Monte Carlo draws of the MRIO; 0 = off)"))] = 0
    mrio_seed: Annotated[int, Field(strict=True, ge=0, description=(
        "an integer >= 0 (the seed; draw d uses numpy.random.default_rng([seed, d]))"))] = 18
    mrio_cv_ref: Annotated[float, Field(strict=True, gt=0, description=(
        "a number > 0 (coefficient of variation of an entry of its block's median size), e.g. 0.1"))] = 0.1
    mrio_cv_exponent: Annotated[float, Field(strict=True, ge=0, description=(
        "a number >= 0 (how fast the coefficient of variation falls with size; 0 = the same for all), "
        "e.g. 0.5"))] = 0.5
    mrio_cv_min: Annotated[float, Field(strict=True, ge=0, description=(
        "a number >= 0 (the smallest coefficient of variation), e.g. 0.01"))] = 0.01
    mrio_cv_max: Annotated[float, Field(strict=True, gt=0, le=10, description=(
        "a number in (0, 10] (the largest coefficient of variation), e.g. 1.0"))] = 1.0

    @model_validator(mode="after")
    def _range(self) -> UncertaintyConfig:
        if self.mrio_cv_min > self.mrio_cv_max:
            raise ValueError(f"mrio_cv_min ({self.mrio_cv_min}) must not exceed mrio_cv_max "
                             f"({self.mrio_cv_max}).")
        return self


SECTIONS: Mapping[str, type] = {
    "run": RunSection, "data": DataConfig, "consumer": ConsumerConfig, "groups": GroupsConfig,
    "pressures": PressuresConfig, "checks": ChecksConfig, "output": OutputConfig,
    "impacts": ImpactsConfig, "waterbed": WaterbedConfig, "batch": BatchConfig,
    "targets": TargetsConfig, "uncertainty": UncertaintyConfig, "trade": TradeConfig,
}
"""Section name -> its schema, in the order of a run file."""
