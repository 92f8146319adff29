"""footprint: supply-chain biodiversity-pressure footprints from multi-regional input-output models."""

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
    "SingularSystemError",
    "UnitMismatchError",
    "UnknownCodeError",
    "UnmatchedPatternError",
    "__version__",
]
