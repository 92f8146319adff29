"""Pieces of the run-file schema: field types, value sets and the path resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo

from footprint.defaults import DEFAULTS_DIR, find

__all__ = ["ALL_DOMESTIC", "FD_CODES", "SCHEMA", "SOURCES", "Bool", "Names", "Path_", "Positive",
           "Share", "Table", "default", "not_empty"]

# Final-demand category labels of EXIOBASE 3 (pymrio's exio3_pxp classification, finaldemand.tsv).
FD_CODES: dict[str, str] = {
    "F_HOUS": "Final consumption expenditure by households",
    "F_NPSH": "Final consumption expenditure by non-profit organisations serving households (NPISH)",
    "F_GOVE": "Final consumption expenditure by government",
    "I_GFCF": "Gross fixed capital formation",
    "I_CHIN": "Changes in inventories",
    "I_CHVA": "Changes in valuables",
    "X_TOTA": "Exports: Total (fob)",
}
SOURCES = ("demo", "exiobase3", "pymrio", "oecd", "gloria", "eora26", "wiod")  # = sources.SOURCES
SCHEMA = ConfigDict(extra="forbid", validate_default=True)
"""Unknown keys are errors; defaults pass the same validation (their paths are resolved too)."""


def _path(value: Any, info: ValidationInfo) -> Any:
    """A path string resolved against the context folder of its kind: a table's (the run file's
    folder, then the packaged defaults) or ``here`` (outputs and data)."""
    if info.field_name == "dir" and value in (None, ""):
        value = "results"
    if value == "" and info.field_name in REQUIRED:
        raise ValueError(f"{info.field_name} must name a file; leave the key out for the packaged "
                         "default.")
    if value in (None, "") or isinstance(value, Path) or info.context is None:
        return None if value == "" else value
    if not isinstance(value, str):
        raise ValueError(f"{info.field_name} must be a path string, got {value!r}.")
    if info.field_name in ("dir", "path", "cache_dir"):
        path = Path(value).expanduser()
        return path if path.is_absolute() else (info.context["here"] / path).resolve()
    return find(value, info.context["tables"])


def _listed(value: Any) -> Any:
    """A single name stands for a list of one."""
    return [value] if isinstance(value, str) else value


def not_empty(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise ValueError("final_demand must not be empty: name at least one category, e.g. "
                         f"final_demand = {list(ALL_DOMESTIC)} (all domestic final demand).")
    return value


REQUIRED = ("table", "gwp_table", "factors", "land_types")
"""Table keys that must name a file ("" switches the others off)."""
Path_ = Annotated[Path | None, BeforeValidator(_path)]
Table = Annotated[Path, BeforeValidator(_path)]
"""A required path (a table, or the output folder)."""
Names = Annotated[tuple[Annotated[str, Field(strict=True, min_length=1)], ...], BeforeValidator(_listed)]
Bool = Annotated[bool, Field(strict=True, description="true or false")]
Share = Annotated[float, Field(strict=True, ge=0, lt=1)]
Positive = Annotated[int, Field(strict=True, ge=1, description="a positive integer")]
ALL_DOMESTIC = ("F_HOUS", "F_NPSH", "F_GOVE", "I_GFCF", "I_CHVA")


def default(name: str) -> Any:
    """The default of a table key: the packaged table ``name`` (as a path string)."""
    return str(DEFAULTS_DIR / name)
