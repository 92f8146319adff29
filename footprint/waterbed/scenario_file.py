"""Reading a scenarios file (``scenarios.toml``): each ``[[scenario]]`` table validated by the schema
of :class:`footprint.waterbed.scenarios.Scenario`, with a message that names the scenario, the key and
the fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from footprint.errors import ConfigError, DataFileNotFoundError, close_matches
from footprint.waterbed.scenarios import ALLOCATIONS, KINDS, MARKETS, SET_BY_THE_RUN, Scenario

__all__ = ["parse_scenarios", "read_scenarios"]

_OPTIONS = {"kind": KINDS, "allocation": ALLOCATIONS, "market": MARKETS}
_FIELDS = Scenario.__pydantic_fields__  # type: ignore[attr-defined]
_ADAPTER = TypeAdapter(Scenario)


def _message(error: ErrorDetails, where: str) -> str:
    """One validation error of a scenario as the sentence a user can act on."""
    key = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "unexpected_keyword_argument":
        keys = sorted(set(_FIELDS) - set(SET_BY_THE_RUN))
        return f"{where}: unknown key '{key}'; {close_matches(key, keys)}."
    if error["type"] == "value_error":
        return f"{where}: {error['ctx']['error']}"
    if error["type"] == "literal_error":
        options, given = _OPTIONS[key], str(error["input"])
        return (f"{where}: {key} '{given}' is not known; {close_matches(given, options)}. "
                f"Use one of {', '.join(options)}.")
    hint = _FIELDS[key].description
    return f"{where}: {key} must be {hint}, got {error['input']!r}."


def parse_scenarios(raw: Mapping[str, Any], where: str = "scenarios") -> tuple[Scenario, ...]:
    """Validate the content of a scenarios file (``[[scenario]]`` tables).

    Raises
    ------
    ConfigError
        Unknown keys, missing or contradictory keys, values out of range, unknown allocation rules
        or duplicate names; each message names the scenario and the fix.
    """
    extra = set(raw) - {"scenario"}
    if extra:
        raise ConfigError(f"{where}: unknown top-level key(s) {sorted(extra)}; declare [[scenario]] tables.")
    items = raw.get("scenario", [])
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise ConfigError(f"{where}: write each scenario as a [[scenario]] table.")
    out = []
    for i, item in enumerate(items):
        try:
            out.append(_ADAPTER.validate_python(item))
        except ValidationError as exc:
            raise ConfigError(_message(exc.errors()[0], f"{where}: scenario {i + 1} "
                                       f"({item.get('name', '?')!r})")) from None
    names = [s.name for s in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ConfigError(f"{where}: scenario name(s) {dup} are used twice; names must be unique.")
    return tuple(out)


def read_scenarios(path: Path) -> tuple[Scenario, ...]:
    """Read and validate a scenarios TOML file (see the packaged ``scenarios.toml``).

    Raises
    ------
    DataFileNotFoundError
        The file does not exist.
    ConfigError
        Malformed TOML or an invalid scenario (see :func:`parse_scenarios`).
    """
    if not path.is_file():
        raise DataFileNotFoundError(
            f"scenarios file {path} does not exist; fix [waterbed] scenarios in the run file "
            "(e.g. scenarios = \"scenarios.toml\") or set it to \"\" for no scenarios."
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc
    return parse_scenarios(raw, path.name)
