"""Run configuration: one TOML run file, validated once by a schema and frozen.

:mod:`footprint.config.schema` holds every section's keys, what a valid value is and every default
(:data:`DEFAULTS` is read off it); :mod:`footprint.config.load` reads a run file (or the name of a
packaged one, :mod:`footprint.defaults`) into a :class:`RunConfig`. Paths in a run file are relative
to the run file's folder; a table that is not there names the packaged default table of that name.
"""

from footprint.config.fields import FD_CODES, SOURCES
from footprint.config.load import DEFAULTS, RunConfig, load_config
from footprint.config.schema import (
    BatchConfig,
    ChecksConfig,
    ConsumerConfig,
    DataConfig,
    GroupsConfig,
    ImpactsConfig,
    OutputConfig,
    PressuresConfig,
    TargetsConfig,
    TradeConfig,
    UncertaintyConfig,
    WaterbedConfig,
)
from footprint.config.tables import read_groups_table, read_pressures_table
from footprint.defaults import DEFAULTS_DIR as CONFIG_DIR

__all__ = [
    "CONFIG_DIR",
    "DEFAULTS",
    "FD_CODES",
    "SOURCES",
    "BatchConfig",
    "ChecksConfig",
    "ConsumerConfig",
    "DataConfig",
    "GroupsConfig",
    "ImpactsConfig",
    "OutputConfig",
    "PressuresConfig",
    "RunConfig",
    "TargetsConfig",
    "TradeConfig",
    "UncertaintyConfig",
    "WaterbedConfig",
    "load_config",
    "read_groups_table",
    "read_pressures_table",
]
