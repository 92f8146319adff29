"""What the column dictionary's tables share: the entry type and the columns that mean the same in
every table that has them (:mod:`footprint.outputs.column_dictionary`)."""

from __future__ import annotations

__all__ = ["COMMON", "Entry", "common"]

Entry = tuple[str, str]  # meaning, unit

#: Columns that mean the same in every table that has them.
COMMON: dict[str, Entry] = {
    "year": ("year of the MRIO data", ""),
    "consumer": ("the consumer region (EXIOBASE 3 code) whose final demand is followed", ""),
    "group": ("product group (footprint/defaults/product_groups.csv); `total` = all of the consumer's "
              "final demand", ""),
    "indicator": ("pressure (footprint/defaults/pressures.csv) or impact indicator", ""),
    "unit": ("unit of the row's values", ""),
    "origin_region": ("region where the pressure occurs (the producing region)", ""),
    "scenario": ("`baseline` = the observed system; otherwise the scenario or structure variant", ""),
    "value": ("the footprint (pressure or impact) of the row", "unit"),
    "data": ("data label: the illustrative synthetic demo or the real data's name and version", ""),
}


def common(*names: str) -> dict[str, Entry]:
    """The :data:`COMMON` entries of ``names``, in that order."""
    return {name: COMMON[name] for name in names}
