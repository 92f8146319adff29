"""The ``[trade]`` section of a run file: what the trade stage (:mod:`footprint.trade`) reads and
computes, with every default, validated by the schema like the other sections
(:data:`footprint.config.schema.SECTIONS`); and the periods' helpers the trade stage uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic.dataclasses import dataclass

from footprint.config.fields import SCHEMA, Bool, Path_
from footprint.errors import ConfigError

__all__ = ["SIDES", "Period", "TradeConfig", "pairs_text", "period_years"]

SIDES = ("exporter", "importer", "max")
"""Reporting sides of FAOSTAT's bulk file: the exporter's report, the importer's, or the larger."""

Period = int | tuple[int, int]
"""A year (``2016``) or an inclusive window of years (``(2014, 2016)``: the mean over those years)."""

PAIRS = ("write pairs (from, to), e.g. periods = [[2016, 2022], [2020, 2023]]; a period may be a window "
         "[first, last] or a year averaged over [trade] window years")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _names(value: Any) -> Any:
    """A single name stands for a list of one; an area may be given by its FAO code (a number)."""
    values = [value] if isinstance(value, str) else value
    return [str(v) if _is_int(v) else v for v in values] if isinstance(values, list) else values


def _some(items: tuple[str, ...]) -> tuple[str, ...]:
    if not items:
        raise ValueError("items must name at least one item of footprint/defaults/trade/items.csv.")
    return items


def _period(value: Any) -> Period:
    if _is_int(value):
        return int(value)
    pair = isinstance(value, list | tuple) and len(value) == 2 and all(map(_is_int, value))
    if pair and value[0] <= value[1]:
        return (value[0], value[1])
    raise ValueError(f"periods: {value!r} is neither a year nor a window [first, last] with first <= last; "
                     "write e.g. periods = [[2016, 2022], [[2014, 2016], [2021, 2023]]].")


def _pairs(value: Any) -> tuple[tuple[Period, Period], ...]:
    if not isinstance(value, list | tuple) or not value or not all(
            isinstance(pair, list | tuple) and len(pair) == 2 for pair in value):
        raise ValueError(f"periods must be a non-empty list of pairs; {PAIRS}.")
    return tuple((_period(a), _period(b)) for a, b in value)


BULK = ('a path string such as "Trade_DetailedTradeMatrix_E_All_Data_(Normalized).zip" ("" = the vendored '
        'subset)')
Names = Annotated[tuple[Annotated[str, Field(strict=True)], ...], BeforeValidator(_names)]
Count = Annotated[int, Field(strict=True, ge=1, description="an integer >= 1")]


@dataclass(frozen=True, config=SCHEMA)
class TradeConfig:
    """``[trade]``: real bilateral trade (FAOSTAT), the ex-post waterbed, displacement estimates and
    origins split over countries (:mod:`footprint.trade.stage`)."""

    enabled: Bool = False
    path: Annotated[Path_, Field(description=BULK)] = ""  # type: ignore[assignment]
    """FAOSTAT's bulk download of the detailed trade matrix (zip); None: the vendored subset."""
    side: Annotated[Literal[SIDES], Field(description=(  # type: ignore[valid-type]
        f"one of {list(SIDES)} (whose report to read from the bulk file)"))] = "exporter"
    items: Annotated[Names, AfterValidator(_some), Field(
        description='a list of names, e.g. items = ["soybeans", "palm oil"]')] = ("soybeans", "palm oil")
    """Items of the ex-post waterbed and the displacement estimates (keys, short or FAO names of
    ``footprint/defaults/trade/items.csv``)."""
    exporters: Annotated[Names, Field(description='a list of names, e.g. exporters = ["Brazil", "USA"]')] = ()
    """Exporters of the ex-post waterbed (any area specification); empty: per item the
    ``top_exporters`` that sold most to the consumer."""
    top_exporters: Count = 3
    top_gainers: Count = 3
    periods: Annotated[tuple[tuple[Period, Period], ...], BeforeValidator(_pairs), Field(
        description=f"a non-empty list of pairs; {PAIRS}")] = ((2016, 2022), (2020, 2023))
    """Pairs of periods compared (a period is a year or an inclusive window of years)."""
    window: Count = 1
    """Years averaged per period year: with 3, 2016 stands for the 2014-2016 mean."""
    by_exporter: Bool = True
    """Displacement also per exporter (with at least ``min_events`` events)."""
    min_events: Count = 5
    draws: Annotated[int, Field(strict=True, ge=100, description="an integer >= 100")] = 2000
    """Bootstrap resamples of the events."""
    level: Annotated[float, Field(strict=True, gt=0, lt=1,
                                  description="a number in (0, 1), e.g. 0.95")] = 0.95
    """Coverage of the displacement interval [-]."""
    seed: Annotated[int, Field(strict=True, ge=0, description="an integer >= 0")] = 0
    origin_countries: Bool = True
    """Split the consumer's rest-of-world origins over member countries (table ``origin_countries``)."""

    @model_validator(mode="after")
    def _windows(self) -> TradeConfig:
        """A period given as one year stands for the ``window`` years ending there."""
        def widen(p: Period) -> Period:
            return (p - self.window + 1, p) if isinstance(p, int) else p
        if self.window > 1:
            object.__setattr__(self, "periods", tuple((widen(a), widen(b)) for a, b in self.periods))
        return self

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


def pairs_text(periods: Sequence[tuple[Period, Period]]) -> str:
    """``((2016, 2022),)`` -> '2016 -> 2022' (for notes and the report)."""
    def one(p: Period) -> str:
        years = period_years(p)
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return "; ".join(f"{one(a)} -> {one(b)}" for a, b in periods)
