"""What a run returns: :class:`RunResult`, every result table by name, with a short repr; and what
:func:`footprint.pipeline.run_year` returns for one year (:class:`YearRun`, with its loaded :class:`Year`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from footprint import tables as _tables
from footprint.config import RunConfig
from footprint.errors import UnknownCodeError, close_matches
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.waterbed.bilateral import Bilateral, YearSystem

__all__ = ["RunResult", "Year", "YearRun"]


@dataclass(frozen=True, eq=False, repr=False)
class RunResult:
    """Everything a run produced, in memory; ``out_dir`` holds the same on disk (if written).

    Every result table is reached by name: ``result.tables`` lists the names of this run and
    ``result.table(name)`` returns one. The column dictionary (:mod:`footprint.outputs.columns`, the README's
    "Column dictionary") says what each column means.

    * ``attribution``: long table by year, group, pressure, origin region and origin product
    * ``summary``: headline figures per group and pressure (``summary.csv``)
    * ``by_region``: the attribution summed over origin products (not written)
    * ``pressure_rows``: the stressor rows behind every pressure, with their factors
    * ``direct_stressors``: the consumer's own (F_Y) stressor rows behind each group's direct part
    * ``impacts``: biodiversity impact by group, origin, land type, method and bound
    * ``impact_ranking``: origins ranked by land and by impact, per group and method
    * ``impact_ranking_stability``: Kendall tau and top-n overlap between the rankings
    * ``bilateral``: waterbed, origin x consuming region, with importer shares
    * ``waterbed_indicators``: importer-share shifts and absorption between years
    * ``waterbed_takers``: who took over the consumer's cut, per origin
    * ``scenarios``: per scenario and (q, d): NGE, leakage, absorption
    * ``scenario_absorption``: per scenario and origin: absorption ratios and takers
    * ``trade_waterbed``, ``trade_gainers``, ``trade_consumer_shares``: who took over when the consumer
      bought less, in real FAOSTAT trade; ``trade_displacement``: displacement estimated from history;
      ``trade_scenario_d``: the estimate behind ``d = "faostat"`` scenarios
    * ``origin_countries``: land (and impact) by origin country, rest-of-world regions split by trade

    Each is written as ``<name>.parquet`` and ``<name>.csv`` (except ``by_region``).
    The impact tables exist with ``[impacts] enabled``, the waterbed tables with ``[waterbed]
    enabled`` (scenario tables with declared scenarios), the trade tables with ``[trade] enabled``.

    Attributes
    ----------
    config : RunConfig
    mrio : MRIO
        The main year's system.
    pressures : PressureSet
    attribution : DataFrame
        Long table (year, consumer, group, indicator, unit, origin_region, origin_sector, scenario,
        value, data); every year of a multi-year run.
    summary : DataFrame
        Headline figures per group and indicator (see :func:`footprint.tables.summary`).
    manifest : dict
        Resolved config, input checksums, versions, notes, ``timings_s``.
    out_dir : Path or None
        The results folder (None with ``write=False``).
    notes : tuple of str
        The manifest's notes.
    extra : dict of str to DataFrame
        The tables of the later stages (impacts, waterbed) by name; prefer :meth:`table`.

    Examples
    --------
    >>> import footprint
    >>> result = footprint.run("demo", write=False)  # doctest: +SKIP
    >>> result.tables                                             # doctest: +SKIP
    ('attribution', 'summary', 'by_region', 'pressure_rows', 'impacts', ...)
    >>> result.table("impact_ranking").head()                     # doctest: +SKIP
    """

    config: RunConfig
    mrio: MRIO
    pressures: PressureSet
    attribution: pd.DataFrame
    summary: pd.DataFrame
    manifest: dict[str, Any]
    out_dir: Path | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def by_region(self) -> pd.DataFrame:
        """The attribution summed over origin products."""
        return _tables.by_origin_region(self.attribution)

    @property
    def tables(self) -> tuple[str, ...]:
        """Names of every result table of this run, for :meth:`table`."""
        return ("attribution", "summary", "by_region", "pressure_rows", *self.extra)

    def table(self, name: str) -> pd.DataFrame:
        """One result table by name (see :attr:`tables` and the class docstring).

        Raises
        ------
        UnknownCodeError
            This run has no table ``name`` (the message lists close matches and how to get it).
        """
        fixed = {"attribution": lambda: self.attribution, "summary": lambda: self.summary,
                 "by_region": lambda: self.by_region, "pressure_rows": lambda: self.pressures.matched}
        if name in fixed:
            return fixed[name]()
        if name in self.extra:
            return self.extra[name]
        hint = ""
        if name.startswith(("impact", "bilateral", "waterbed", "scenario", "trade", "origin")):
            hint = (" Impact tables need [impacts] enabled = true; waterbed tables [waterbed] enabled = "
                    "true (scenario tables also declared scenarios); trade tables [trade] enabled = true.")
        raise UnknownCodeError(f"this run has no table {name!r}; {close_matches(name, self.tables)}.{hint}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{n} ({len(self.table(n)):,})" for n in self.tables if n != "by_region")
        year = self.mrio.year if self.mrio.year is not None else "-"
        return (f"<RunResult {self.config.name!r}: {self.config.consumer.region} consumption, year {year}, "
                f"{len(self.pressures.names)} pressures; data: {self.mrio.label}; tables (rows): {shown}; "
                f"out_dir: {self.out_dir}>")


@dataclass(frozen=True, eq=False)
class Year:
    """One loaded, checked and factorised year: the system with what every later stage needs."""

    system: YearSystem
    pressures: PressureSet
    provenance: dict[str, Any]
    notes: list[str]

    @property
    def mrio(self) -> MRIO:
        return self.system.mrio


@dataclass(frozen=True, eq=False)
class YearRun:
    """What :func:`footprint.pipeline.run_year` computed for one year.

    Attributes
    ----------
    year : Year
        The loaded, checked and factorised system with its pressures, provenance and loading notes.
    tables : dict of str to DataFrame
        The year's tables, each under its one name: ``attribution``; with impacts
        :data:`footprint.vocabulary.IMPACT_TABLES`; ``direct_stressors`` (households' own stressors);
        with ``with_accounts`` ``territorial``, ``material_accounts`` and ``pressure_rows``; with the
        waterbed :data:`footprint.vocabulary.WATERBED_YEAR_TABLES`.
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
    matrices: Bilateral | None
