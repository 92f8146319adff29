"""Households' own (direct) stressors booked to the product groups they come from.

The consumer's direct stressors (``F_Y``: what households emit or use themselves, not through a purchase's
supply chain) always count in group ``total``. Some of them belong to a product group as well: the fuel
that households burn in their boilers, stoves and cars is the use of energy carriers, so its combustion
emissions are part of the ``energy`` group's footprint (DOMAIN.md 3.2). Which ``F_Y`` rows a group carries
is a table, ``footprint/defaults/direct_use.csv`` (group, layout, extension, regex pattern, description,
source): by default ``energy`` carries every ``<gas> - combustion - air`` row of both EXIOBASE layouts
(fossil and, in 3.9, biogenic ``CO2_bio``/``CH4_bio``/``N2O_bio``; households' firewood land, ``Forest
area - Marginal use``, and water use are not combustion and stay in ``total`` only).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from footprint.attribution import GroupWeights, consumer_columns
from footprint.config import ConsumerConfig
from footprint.defaults import DEFAULTS_DIR
from footprint.errors import ConfigError, DataFileNotFoundError, UnknownCodeError, close_matches
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.vocabulary import TOTAL_GROUP

__all__ = ["DIRECT_COLUMNS", "DIRECT_TABLE", "direct_masks", "direct_rows", "household_direct",
           "read_direct_table"]

DIRECT_TABLE = DEFAULTS_DIR / "direct_use.csv"
DIRECT_COLUMNS = ("group", "layout", "extension", "pattern", "description", "source")


def read_direct_table(path: Path = DIRECT_TABLE) -> pd.DataFrame:
    """Read the table of direct (F_Y) rows booked to product groups; patterns are checked."""
    if not Path(path).is_file():
        raise DataFileNotFoundError(f"direct-use table {path} does not exist; fix [groups] direct_table.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in DIRECT_COLUMNS if c not in table.columns]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {missing}; need {list(DIRECT_COLUMNS)}.")
    for i, pattern in table["pattern"].items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: row {int(str(i)) + 2} pattern {pattern!r} is not a valid regular "
                              f"expression ({exc}).") from exc
    return table


def direct_masks(table: pd.DataFrame, mrio: MRIO, groups: tuple[str, ...], known: tuple[str, ...]
                 ) -> np.ndarray:
    """Which stressor rows each group carries from the consumer's ``F_Y``.

    Parameters
    ----------
    table : DataFrame
        :func:`read_direct_table`.
    mrio : MRIO
        Its ``layout`` selects the table's rows; its stressor names are matched.
    groups : tuple of str
        The run's groups, in order.
    known : tuple of str
        Every group of the group table (a table row naming another group is an error).

    Returns
    -------
    ndarray of bool, shape (len(groups), n_stressors)
    """
    rows = table[table["layout"].isin((mrio.layout, "*", "any"))]
    masks = np.zeros((len(groups), len(mrio.stressors)), dtype=bool)
    for _, row in rows.iterrows():
        if row["group"] not in known:
            raise UnknownCodeError(f"direct-use table: group '{row['group']}' is not in the group table; "
                                   f"{close_matches(row['group'], known)}.")
        if row["group"] not in groups:
            continue
        ext = mrio.stressors["extension"].str.lower() == row["extension"].lower()
        names = mrio.stressors["stressor"].astype(str)
        hit = ext & names.map(lambda s, p=re.compile(row["pattern"]): bool(p.search(s)))
        masks[groups.index(row["group"])] |= hit.to_numpy()
    return masks


def direct_rows(mrio: MRIO, pressures: PressureSet, cols: np.ndarray, groups: tuple[str, ...],
                masks: np.ndarray, consumer: str) -> pd.DataFrame:
    """The direct stressor rows behind each group's direct part, per pressure.

    Returns
    -------
    DataFrame
        year, consumer, group, indicator, unit, extension, stressor, value [pressure unit] (rows with
        a nonzero value only), data.
    """
    fy = mrio.F_Y[:, cols].sum(axis=1)
    records = []
    for g, mask in zip(groups, masks, strict=True):
        for p, name in enumerate(pressures.names):
            for k in np.flatnonzero(mask & (pressures.C[p] != 0) & (fy != 0)):
                records.append((g, name, pressures.units[p], mrio.stressors.at[k, "extension"],
                                mrio.stressors.at[k, "stressor"], float(pressures.C[p, k] * fy[k])))
    frame = pd.DataFrame(records, columns=["group", "indicator", "unit", "extension", "stressor", "value"])
    frame.insert(0, "consumer", consumer)
    frame.insert(0, "year", mrio.year if mrio.year is not None else -1)
    frame["data"] = mrio.label
    return frame


def household_direct(consumer: ConsumerConfig, mrio: MRIO, pressures: PressureSet, groups: GroupWeights
                     ) -> pd.DataFrame | None:
    """The consumer's own (F_Y) stressor rows behind ``total`` and each group's direct part (None
    unless ``[consumer] include_household_direct``)."""
    if not consumer.include_household_direct:
        return None
    masks = groups.direct if groups.direct is not None else np.zeros(
        (len(groups.names), len(mrio.stressors)), dtype=bool)
    every = np.ones((1, len(mrio.stressors)), dtype=bool)
    return direct_rows(mrio, pressures, consumer_columns(mrio, consumer), (TOTAL_GROUP, *groups.names),
                       np.vstack([every, masks]), consumer.region)
