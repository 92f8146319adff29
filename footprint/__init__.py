"""footprint: supply-chain biodiversity-pressure footprints from multi-regional input-output models."""

from footprint.config import RunConfig, load_config
from footprint.errors import (
    ConfigError,
    CorruptDataError,
    DataFileNotFoundError,
    FootprintError,
    InvalidValuesError,
    NotProductiveError,
    SingularSystemError,
    UnitMismatchError,
    UnknownCodeError,
    UnmatchedPatternError,
)
from footprint.pipeline import RunResult, run
from footprint.system import MRIO

__version__ = "0.1.0"

__all__ = [
    "MRIO",
    "ConfigError",
    "CorruptDataError",
    "DataFileNotFoundError",
    "FootprintError",
    "InvalidValuesError",
    "NotProductiveError",
    "RunConfig",
    "RunResult",
    "SingularSystemError",
    "UnitMismatchError",
    "UnknownCodeError",
    "UnmatchedPatternError",
    "__version__",
    "load_config",
    "run",
]
