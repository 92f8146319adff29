"""footprint: supply-chain biodiversity-pressure footprints from multi-regional input-output models.

The public names below are imported on first use (PEP 562 module ``__getattr__``), so that
``import footprint.engine`` alone does not pull in the pipeline, pandas and pymrio.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from footprint.batch import BatchResult, read_dataset, run_batch
    from footprint.config import RunConfig, load_config
    from footprint.pipeline import RunResult, run
    from footprint.system import MRIO

__version__ = "0.1.0"

__all__ = [
    "MRIO",
    "BatchResult",
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
    "read_dataset",
    "run",
    "run_batch",
]

#: Public name -> module that defines it, imported on first access.
_LAZY = {
    "MRIO": "footprint.system",
    "RunConfig": "footprint.config",
    "load_config": "footprint.config",
    "RunResult": "footprint.pipeline",
    "run": "footprint.pipeline",
    "BatchResult": "footprint.batch",
    "run_batch": "footprint.batch",
    "read_dataset": "footprint.batch",
}


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first access and keep it in the package namespace."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
