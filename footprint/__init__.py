"""footprint: supply-chain biodiversity-pressure footprints from multi-regional input-output models.

Which product groups and which regions of origin carry the pressures (land, greenhouse gases, water,
nutrients, raw materials) and the biodiversity impact of a region's consumption, and who takes over
when it buys less (the waterbed effect). Real data is EXIOBASE 3; an illustrative synthetic demo MRIO
is embedded so that everything runs offline.

Usage::

    import footprint

    result = footprint.run("demo")    # the packaged demo: writes results/demo/ (write=False: memory only)
    result                                         # short overview: data label, tables and rows
    result.summary                                 # headline figures per group and pressure
    result.tables                                  # names of every result table of the run
    result.table("impact_ranking")                 # one table by name (impacts, bilateral, ...)
    result.manifest["timings_s"]                   # where the time went

    batch = footprint.run_batch("demo-series")      # years x scenarios on Dask
    footprint.read_dataset(batch.dataset, "attribution")        # any table of the dataset

What each column of each table means: :mod:`footprint.outputs.columns` (also the README and the workbook's
``about`` sheet). Errors a user can cause are :class:`FootprintError` subclasses whose messages say
how to fix them. The command line is ``python -m footprint run CONFIG`` (``make run``).

The public names below are imported on first use (PEP 562 module ``__getattr__``), so that
``import footprint.engine.leontief`` alone does not pull in the pipeline, pandas and pymrio.
"""

from __future__ import annotations

import importlib
from importlib import metadata
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
    from footprint.batch.run import run_batch
    from footprint.batch.task import BatchResult
    from footprint.config import RunConfig, load_config
    from footprint.inputs.system import MRIO
    from footprint.outputs.dataset import read_dataset
    from footprint.pipeline import run
    from footprint.results import RunResult

try:  # the version is written once, in pyproject.toml; the installed metadata carries it here
    __version__ = metadata.version("footprint")
except metadata.PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "unknown (not installed: pip install .)"

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
    "MRIO": "footprint.inputs.system",
    "RunConfig": "footprint.config",
    "load_config": "footprint.config",
    "RunResult": "footprint.results",
    "run": "footprint.pipeline",
    "BatchResult": "footprint.batch.run",
    "run_batch": "footprint.batch.run",
    "read_dataset": "footprint.batch.run",
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
