"""Reading a run file: TOML (or a dict), merged over the defaults, validated by the schema, frozen.

Every validation error becomes one :class:`~footprint.errors.ConfigError` that names the file, the
section and key, what a valid value is, and the value given (unknown sections and keys: with close
matches).
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from footprint.config.schema import (
    SECTIONS,
    BatchConfig,
    ChecksConfig,
    ConsumerConfig,
    DataConfig,
    GroupsConfig,
    ImpactsConfig,
    OutputConfig,
    PressuresConfig,
    RunSection,
    TargetsConfig,
    TradeConfig,
    UncertaintyConfig,
    WaterbedConfig,
)
from footprint.defaults import DEFAULTS_DIR, run_file, unknown_run_file
from footprint.errors import ConfigError, DataFileNotFoundError, close_matches

__all__ = ["DEFAULTS", "RunConfig", "load_config"]


def _raw(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


DEFAULTS: dict[str, dict[str, Any]] = {
    name: {key: _raw(field.get_default(call_default_factory=True))
           for key, field in schema.__pydantic_fields__.items()}  # type: ignore[attr-defined]
    for name, schema in SECTIONS.items()
}
"""Every key of a run file with its default, as written in a run file (read off the schema)."""

REMOVED = {("output", "top_n"): "it was never used (the summary, the figures and the impact "
                                "ranking have their own sizes); delete the line"}
"""Keys that were removed, with what to do instead."""


@dataclass(frozen=True)
class RunConfig:
    """A validated, frozen run configuration: one object per run-file section."""

    run: RunSection
    data: DataConfig
    consumer: ConsumerConfig
    groups: GroupsConfig
    pressures: PressuresConfig
    checks: ChecksConfig
    output: OutputConfig
    impacts: ImpactsConfig
    waterbed: WaterbedConfig
    batch: BatchConfig
    targets: TargetsConfig
    uncertainty: UncertaintyConfig
    """``[uncertainty]``: Monte Carlo over the MRIO (:mod:`footprint.uncertainty`)."""
    trade: TradeConfig
    """``[trade]``: the trade stage (:mod:`footprint.trade.stage`)."""
    config_file: Path | None
    raw: Mapping[str, Any]
    """The run file's values over the defaults, as written (for the manifest)."""

    @property
    def name(self) -> str:
        """The run's name: ``[run] name``, else the run file's name, else ``run``."""
        return self.run.name or (self.config_file.stem if self.config_file else "run")

    @property
    def groups_table(self) -> Path:
        """``[groups] table``."""
        return self.groups.table

    @property
    def group_select(self) -> tuple[str, ...]:
        """``[groups] select``."""
        return self.groups.select

    @property
    def direct_table(self) -> Path | None:
        """``[groups] direct_table`` (None: no households' own rows booked to groups)."""
        return self.groups.direct_table

    @property
    def allow_overlap(self) -> bool:
        """``[groups] allow_overlap``."""
        return self.groups.allow_overlap

    @property
    def weight_overrides(self) -> Mapping[str, Mapping[str, float]]:
        """``[groups] weights``: group -> product code -> weight, replacing the table's weight."""
        return self.groups.weights

    @property
    def pressures_table(self) -> Path:
        """``[pressures] table``."""
        return self.pressures.table

    @property
    def gwp(self) -> str:
        """``[pressures] gwp``: the IPCC GWP100 set of the greenhouse-gas rows."""
        return self.pressures.gwp

    @property
    def gwp_table(self) -> Path:
        """``[pressures] gwp_table``."""
        return self.pressures.gwp_table

    def resolved(self) -> dict[str, Any]:
        """The configuration as plain data (for the manifest)."""
        return copy.deepcopy(dict(self.raw))


_ADAPTERS: dict[str, TypeAdapter[Any]] = {name: TypeAdapter(schema) for name, schema in SECTIONS.items()}


def _message(section: str, error: ErrorDetails, where: str) -> str:
    """One validation error of a section as the sentence a user can act on."""
    key = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "unexpected_keyword_argument":
        if (section, key) in REMOVED:
            return f"{where}: [{section}] {key} is no longer a setting: {REMOVED[(section, key)]}."
        return f"{where}: unknown key '{key}' in [{section}]; {close_matches(key, DEFAULTS[section])}."
    if error["type"] == "value_error":
        return f"{where}: [{section}] {error['ctx']['error']}"
    if not key:
        return f"{where}: [{section}] must be a table of keys, got {error['input']!r}."
    hint = SECTIONS[section].__pydantic_fields__[key].description  # type: ignore[attr-defined]
    return f"{where}: [{section}] {key} must be {hint}, got {error['input']!r}."


def _validate(merged: Mapping[str, Any], where: str, context: dict[str, Path]) -> dict[str, Any]:
    """Each section validated by its schema; the first error found stops the run."""
    sections: dict[str, Any] = {}
    for name, value in merged.items():
        if name not in SECTIONS:
            raise ConfigError(f"{where}: unknown section [{name}]; {close_matches(name, DEFAULTS)}. "
                              "Remove it or fix its name.")
        try:
            sections[name] = _ADAPTERS[name].validate_python(value, context=context)
        except ValidationError as exc:
            raise ConfigError(_message(name, exc.errors()[0], where)) from None
    return sections


def _read(source: str | Path) -> tuple[Path, dict[str, Any]]:
    """The run file (or the packaged run file of that name) and its content."""
    path = Path(source).resolve()
    if not path.is_file():
        packaged = run_file(str(source)) if Path(source).suffix in ("", ".toml") else None
        if packaged is None:
            raise DataFileNotFoundError(unknown_run_file(str(source)))
        path = packaged
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc


def load_config(source: str | Path | Mapping[str, Any], *, base: Path | None = None) -> RunConfig:
    """Read and validate a run configuration.

    Parameters
    ----------
    source : path or mapping
        A TOML run file, the name of a packaged run file (``"demo"``, ``"demo-series"``; see
        :mod:`footprint.defaults`), or the content of a run file as a dict (sections ``run``,
        ``data``, ``consumer``, ``groups``, ``pressures``, ``output``, ...; see :data:`DEFAULTS`).
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
        Unknown sections or keys (with close matches), wrong types or values, malformed TOML.
    """
    config_file: Path | None = None
    if isinstance(source, Mapping):
        user, where = source, "run configuration"
    else:
        config_file, user = _read(source)
        where = config_file.name
    tables = base or (config_file.parent if config_file else Path.cwd())
    here = Path.cwd() if config_file and config_file.is_relative_to(DEFAULTS_DIR) else tables
    merged = copy.deepcopy(DEFAULTS)
    for name, value in user.items():
        merged[name] = {**merged[name], **value} if name in merged and isinstance(value, Mapping) \
            else value
    sections = _validate(merged, where, {"tables": tables, "here": here})
    cfg = RunConfig(**sections, config_file=config_file, raw=merged)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", cfg.name):
        raise ConfigError(f"{where}: [run] name {cfg.name!r} may only use letters, digits, _ . -")
    if cfg.waterbed.base_year is not None and cfg.waterbed.base_year not in cfg.data.all_years:
        raise ConfigError(f"{where}: [waterbed] base_year = {cfg.waterbed.base_year!r} must be one "
                          f"of [data] years {list(cfg.data.all_years)}.")
    return cfg
