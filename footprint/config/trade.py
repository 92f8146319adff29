"""The ``[trade]`` section of a run file: what the trade stage (:mod:`footprint.trade`) reads and
computes, validated once.

:class:`TradeSettings` holds the section; :func:`parse_trade` checks a section's keys and values
and resolves ``path`` against the run file's folder. Defaults:
:data:`footprint.config.schema.TRADE_DEFAULTS` (the dataclass's field defaults are read off it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint.config.schema import TRADE_DEFAULTS
from footprint.errors import ConfigError, close_matches

__all__ = ["SIDES", "TRADE_DEFAULTS", "Period", "TradeSettings", "pairs_text", "parse_trade", "period_years"]

SIDES = ("exporter", "importer", "max")
"""Reporting sides of FAOSTAT's bulk file: the exporter's report, the importer's, or the larger."""

Period = int | tuple[int, int]
"""A year (``2016``) or an inclusive window of years (``(2014, 2016)``: the mean over those years)."""



@dataclass(frozen=True)
class TradeSettings:
    """The trade stage's settings (``[trade]``).

    Attributes
    ----------
    enabled : bool
        Run the trade stage.
    path : Path or None
        FAOSTAT's bulk download of the detailed trade matrix (zip); None: the vendored subset.
    side : str
        Reporting side read from ``path``: ``exporter``, ``importer`` or ``max``.
    items : tuple of str
        Items of the ex-post waterbed and the displacement estimates (keys, short or FAO names of
        ``footprint/defaults/trade/items.csv``).
    exporters : tuple of str
        Exporters of the ex-post waterbed (any area specification); empty: per item the
        ``top_exporters`` that sold most to the consumer.
    top_exporters, top_gainers : int
        Main exporters per item, gainers named per row.
    periods : tuple of (Period, Period)
        Pairs of periods compared (a period is a year or an inclusive window of years).
    by_exporter : bool
        Displacement also per exporter.
    min_events, draws, seed : int
        Fewest events per estimate, bootstrap resamples, bootstrap seed.
    level : float
        Coverage of the displacement interval [-].
    origin_countries : bool
        Split the consumer's rest-of-world origins over member countries (table
        ``origin_countries``).
    """

    enabled: bool = TRADE_DEFAULTS["enabled"]
    path: Path | None = None  # TRADE_DEFAULTS["path"] = "": the vendored subset
    side: str = TRADE_DEFAULTS["side"]
    items: tuple[str, ...] = tuple(TRADE_DEFAULTS["items"])
    exporters: tuple[str, ...] = tuple(TRADE_DEFAULTS["exporters"])
    top_exporters: int = TRADE_DEFAULTS["top_exporters"]
    top_gainers: int = TRADE_DEFAULTS["top_gainers"]
    periods: tuple[tuple[Period, Period], ...] = tuple(  # each a year or a window (window 1)
        (tuple(a) if isinstance(a, list) else a, tuple(b) if isinstance(b, list) else b)
        for a, b in TRADE_DEFAULTS["periods"])
    by_exporter: bool = TRADE_DEFAULTS["by_exporter"]
    min_events: int = TRADE_DEFAULTS["min_events"]
    draws: int = TRADE_DEFAULTS["draws"]
    level: float = TRADE_DEFAULTS["level"]
    seed: int = TRADE_DEFAULTS["seed"]
    origin_countries: bool = TRADE_DEFAULTS["origin_countries"]

    @property
    def years(self) -> tuple[int, ...]:
        """Every year a period of the ex-post waterbed reads, ascending."""
        return tuple(sorted({y for pair in self.periods for p in pair for y in period_years(p)}))


def period_years(period: Period) -> tuple[int, ...]:
    """Years of a period: ``2016`` -> (2016,); ``(2014, 2016)`` -> (2014, 2015, 2016)."""
    if isinstance(period, int):
        return (period,)
    if isinstance(period, Sequence) and not isinstance(period, str) and len(period) == 2:
        first, last = int(period[0]), int(period[1])
        if first <= last:
            return tuple(range(first, last + 1))
    raise ConfigError(
        f"period {period!r} is neither a year nor a window (first, last) with first <= last; write e.g. "
        "2016 or (2014, 2016)."
    )


def _count(sec: Mapping[str, Any], key: str, where: str, minimum: int) -> int:
    value = sec[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"{where}: [trade] {key} must be an integer >= {minimum}, got {value!r}.")
    return value


def _names(value: Any, key: str, where: str, example: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str | int) and not isinstance(v, bool)
                                               for v in values):
        raise ConfigError(f"{where}: [trade] {key} must be a list of names, e.g. {key} = {example}.")
    return tuple(str(v) for v in values)


def _period(value: Any, window: int, where: str) -> Period:
    """A year (with ``window``: the ``window`` years ending there) or an explicit [first, last]."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if window == 1 else (value - window + 1, value)
    if isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value) and value[0] <= value[1]:
        return (int(value[0]), int(value[1]))
    raise ConfigError(f"{where}: [trade] periods: {value!r} is neither a year nor a window [first, last] "
                      "with first <= last; write e.g. periods = [[2016, 2022], [[2014, 2016], "
                      "[2021, 2023]]].")


def _periods(value: Any, window: int, where: str) -> tuple[tuple[Period, Period], ...]:
    fix = ("write pairs (from, to), e.g. periods = [[2016, 2022], [2020, 2023]]; a period may be a "
           "window [first, last] or a year averaged over [trade] window years")
    if not isinstance(value, list) or not value or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in value):
        raise ConfigError(f"{where}: [trade] periods must be a non-empty list of pairs; {fix}.")
    return tuple((_period(a, window, where), _period(b, window, where)) for a, b in value)


def _number(sec: Mapping[str, Any], key: str, where: str) -> float:
    value = sec[key]
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1:
        raise ConfigError(f"{where}: [trade] {key} must be a number in (0, 1), e.g. 0.95, got {value!r}.")
    return float(value)


def _flag(sec: Mapping[str, Any], key: str, where: str) -> bool:
    value = sec[key]
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: [trade] {key} must be true or false, got {value!r}.")
    return value


def _path(value: Any, base: Path, where: str) -> Path | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: [trade] path must be a path string (FAOSTAT's bulk zip), got {value!r}.")
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def parse_trade(section: Mapping[str, Any] | None, base: Path, where: str = "run configuration"
                ) -> TradeSettings:
    """Validate a ``[trade]`` section (keys of :data:`TRADE_DEFAULTS`).

    Parameters
    ----------
    section : mapping or None
        The section as read from TOML (None or empty: every default, the stage off).
    base : Path
        Folder that a relative ``path`` is resolved against (the run file's folder).
    where : str
        The run file's name, for the messages.

    Raises
    ------
    ConfigError
        An unknown key (with close matches) or a value of the wrong type or range.
    """
    sec = dict(TRADE_DEFAULTS)
    for key, value in (section or {}).items():
        if key not in TRADE_DEFAULTS:
            raise ConfigError(f"{where}: unknown key '{key}' in [trade]; "
                              f"{close_matches(key, TRADE_DEFAULTS)}.")
        sec[key] = value
    side = sec["side"]
    if side not in SIDES:
        raise ConfigError(f"{where}: [trade] side = {side!r} is not one of {list(SIDES)}; choose whose "
                          "report to read from the bulk file.")
    window = _count(sec, "window", where, 1)
    items = _names(sec["items"], "items", where, '["soybeans", "palm oil"]')
    if not items:
        raise ConfigError(f"{where}: [trade] items must name at least one item of "
                          "footprint/defaults/trade/items.csv.")
    return TradeSettings(
        enabled=_flag(sec, "enabled", where), path=_path(sec["path"], base, where), side=str(side),
        items=items, exporters=_names(sec["exporters"], "exporters", where, '["Brazil", "USA"]'),
        top_exporters=_count(sec, "top_exporters", where, 1),
        top_gainers=_count(sec, "top_gainers", where, 1),
        periods=_periods(sec["periods"], window, where), by_exporter=_flag(sec, "by_exporter", where),
        min_events=_count(sec, "min_events", where, 1), draws=_count(sec, "draws", where, 100),
        level=_number(sec, "level", where), seed=_count(sec, "seed", where, 0),
        origin_countries=_flag(sec, "origin_countries", where))


def pairs_text(periods: Sequence[tuple[Period, Period]]) -> str:
    """``((2016, 2022),)`` -> '2016 -> 2022' (for notes and the report)."""
    def one(p: Period) -> str:
        years = period_years(p)
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return "; ".join(f"{one(a)} -> {one(b)}" for a, b in periods)
