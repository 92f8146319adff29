"""Attribute a consumer region's final demand, by product group, to origin regions, products and pressures.

For product group g with weights w_g over products and consumer c (DOMAIN.md section 0):

    y_c^(g) = W_g y_c                     (final-product approach)
    P^(g)[p, i] = s_p[i] (L y_c^(g))[i]   (pressure p occurring in origin region-product i)

One batched solve ``L [y_c, y_c^(g1), y_c^(g2), ...]`` answers every group and pressure. The group
``total`` is the consumer's whole final demand; with ``include_household_direct`` it also carries the
consumer's own direct stressors (F_Y), booked to the consumer region as origin (origin_sector
``direct (final demand)``), and each group carries those of them that :mod:`footprint.direct` books to
it (households' fuel combustion: ``energy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pymrio

from footprint.config import FD_CODES, ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.errors import ConfigError, UnknownCodeError, close_matches
from footprint.inputs.other_mrios import category_for
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.vocabulary import BASELINE, DIRECT_SECTOR, LONG_COLUMNS, NO_SECTOR, TOTAL_GROUP

__all__ = [
    "GroupWeights",
    "attribute",
    "consumer_columns",
    "consumer_notes",
    "group_weights",
]



@dataclass(frozen=True, eq=False)
class GroupWeights:
    """Product-group selectors.

    Attributes
    ----------
    names : tuple of str
        Group names in table order.
    W : ndarray, shape (n_groups, n_sectors)
        Weight of each product in each group's final demand [-].
    notes : tuple of str
        One line per group naming its table products absent from this system (e.g. the demo holds
        a subset of EXIOBASE).
    direct : ndarray of bool, shape (n_groups, n_stressors), optional
        Which of the consumer's own (``F_Y``) stressor rows each group carries besides its supply
        chains (:mod:`footprint.direct`: households' fuel combustion for ``energy``); None: none.
    """

    names: tuple[str, ...]
    W: np.ndarray
    notes: tuple[str, ...]
    direct: np.ndarray | None = None


def _category(code: str, mrio: MRIO) -> str | None:
    """The data's category for a code: EXIOBASE label, the other MRIO's name for it, or the code."""
    name = FD_CODES.get(code, code)
    if name in mrio.fd_categories:
        return name
    return category_for(code, mrio.layout, mrio.fd_categories)


def consumer_notes(mrio: MRIO, consumer: ConsumerConfig) -> list[str]:
    """Notes on the consumer's final demand for the manifest and the run summary: an
    ``include_inventories = true`` that finds no inventories category in the data."""
    if not consumer.include_inventories or _category("I_CHIN", mrio) is not None:
        return []
    return [
        f"note: [consumer] include_inventories = true, but the data ({mrio.label}) has no "
        "changes-in-inventories category, so none is included. Its final-demand categories are: "
        f"{', '.join(repr(c) for c in mrio.fd_categories)}; list the one holding inventories in "
        "[consumer] final_demand, or set include_inventories = false."
    ]


def consumer_columns(mrio: MRIO, consumer: ConsumerConfig) -> np.ndarray:
    """Positions of the consumer's final-demand columns in ``mrio.Y``.

    Category entries may be EXIOBASE labels (``F_HOUS`` ...), which also stand for the matching
    categories of OECD ICIO, GLORIA, Eora26 and WIOD (:mod:`footprint.inputs.other_mrios`), or the category
    names of the data. ``I_CHIN`` (changes in inventories) is used only when ``include_inventories``
    is on, and only where the data has such a category (see :func:`consumer_notes`).

    Raises
    ------
    UnknownCodeError
        An unknown region or category; the message lists close matches.
    """
    if consumer.region not in mrio.regions:
        raise UnknownCodeError(
            f"consumer region '{consumer.region}' is not in the data ({mrio.label}); "
            f"{close_matches(consumer.region, mrio.regions)}. Fix [consumer] region."
        )
    r = mrio.regions.index(consumer.region)
    cols = []
    for code in consumer.categories:
        name = _category(code, mrio)
        if name is None:
            if code == "I_CHIN":
                continue  # no inventories category: consumer_notes says so
            raise UnknownCodeError(
                f"final-demand category '{code}' is not in the data; "
                f"{_fd_hint(code, mrio)}. Fix [consumer] final_demand (EXIOBASE labels such as "
                "F_HOUS, or category names)."
            )
        cols.append(r * len(mrio.fd_categories) + mrio.fd_categories.index(name))
    return np.array(sorted(set(cols)), dtype=int)


def _fd_hint(code: str, mrio: MRIO) -> str:
    """Close matches among the valid final-demand entries (the data's category names and the
    EXIOBASE labels that stand for one of them; never the rejected code), and the data's
    categories."""
    options = [*(c for c in FD_CODES if _category(c, mrio) is not None), *mrio.fd_categories]
    hint = close_matches(code, options)
    if hint.startswith("close matches"):  # else the hint already lists every valid name
        hint += f". The data's categories are: {', '.join(repr(c) for c in mrio.fd_categories)}"
    return hint


def _known_products() -> set[str]:
    names: set[str] = set()
    for system in ("exio3_pxp", "exio3_ixi"):
        names |= set(pymrio.get_classification(system).sectors["ExioName"].astype(str))
    return names


def _override(table: pd.DataFrame, overrides: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """The group table with ``[groups] weights`` applied (group -> pxp code -> weight)."""
    table = table.copy()
    for group, codes in overrides.items():
        for code, weight in codes.items():
            rows = (table["group"] == group) & (table["pxp_code"] == code)
            if not rows.any():
                have = table.loc[table["group"] == group, "pxp_code"].tolist() or list(
                    dict.fromkeys(table["group"]))
                raise UnknownCodeError(
                    f"[groups] weights: group '{group}' has no product '{code}' in the group table; "
                    f"{close_matches(code if group in set(table['group']) else group, have)}.")
            table.loc[rows, "weight"] = weight
    return table


def _check_overlap(names: tuple[str, ...], W: np.ndarray, sectors: tuple[str, ...]) -> None:
    both = [(sectors[j], names[a], names[b]) for j in range(W.shape[1])
            for a in range(len(names)) for b in range(a + 1, len(names)) if W[a, j] > 0 and W[b, j] > 0]
    if both:
        product, a, b = both[0]
        raise ConfigError(
            f"product '{product}' is selected by two groups, '{a}' and '{b}' ({len(both)} product(s) "
            "overlap); their footprints would be counted twice in any sum over groups. Remove it from "
            "one group (weight 0), select only one of them, or set [groups] allow_overlap = true."
        )


def group_weights(table: pd.DataFrame, mrio: MRIO, select: tuple[str, ...] = (), *,
                  allow_overlap: bool = False,
                  overrides: Mapping[str, Mapping[str, float]] | None = None) -> GroupWeights:
    """Build each group's product weights for the system's sectors.

    Products are matched by name: ``pxp_name`` for product-by-product systems, ``ixi_name`` for
    industry-by-industry ones (chosen by which column matches more sectors). Only rows with role
    ``final_demand`` enter the weights. A name neither in the system nor in the EXIOBASE 3
    classification is an error; a valid EXIOBASE product the system lacks is reported as a note.

    Parameters
    ----------
    table : DataFrame
        The group table (:func:`footprint.config.read_groups_table`).
    mrio : MRIO
    select : tuple of str
        Groups to build (default: every group of the table).
    allow_overlap : bool
        Allow a product with a positive weight in two of the built groups (their footprints then
        overlap and must not be summed).
    overrides : mapping, optional
        Group -> pxp code -> weight, replacing the table's weights (``[groups] weights``, e.g. the
        protein share of the plant-protein products).

    Raises
    ------
    UnknownCodeError
        A selected group is not in the table, or a product name (or override code) is unknown.
    ConfigError
        A selected group selects no product, or two selected groups share a product and
        ``allow_overlap`` is off.
    """
    table = _override(table, overrides or {})
    sectors = {s: j for j, s in enumerate(mrio.sectors)}
    key = max(("pxp_name", "ixi_name"), key=lambda c: table[c].isin(list(sectors)).sum())
    groups = tuple(dict.fromkeys(table["group"]))
    for g in select:
        if g not in groups:
            raise UnknownCodeError(
                f"product group '{g}' is not in the group table; {close_matches(g, groups)}. "
                "Fix [groups] select (or add the group to the table)."
            )
    names = tuple(g for g in groups if not select or g in select)
    W = np.zeros((len(names), mrio.n_sectors))
    absent: dict[str, list[str]] = {}
    known: set[str] | None = None
    for _, row in table[table["role"] == "final_demand"].iterrows():
        if row["group"] not in names:
            continue
        j = sectors.get(row[key])
        if j is None:
            known = known if known is not None else _known_products()
            if row[key] not in known:
                raise UnknownCodeError(
                    f"product '{row[key]}' (group {row['group']}) is neither in the data nor in "
                    f"the EXIOBASE 3 classification; {close_matches(row[key], sectors)}. "
                    f"Fix the {key} column of the group table."
                )
            absent.setdefault(str(row["group"]), []).append(str(row[key]))
            continue
        W[names.index(row["group"]), j] = max(W[names.index(row["group"]), j], row["weight"])
    notes = [f"{group}: {len(products)} product(s) of the group table are not in this system: "
             + "; ".join(products) for group, products in absent.items()]
    empty = [g for g, w in zip(names, W, strict=True) if not w.any()]
    if empty and not select and len(empty) < len(names):  # all groups asked for: drop empty ones
        keep = [i for i, g in enumerate(names) if g not in empty]
        notes += [f"group '{g}' selects no product of this system (weights 0 or products absent); "
                  "left out" for g in empty]
        names, W = tuple(names[i] for i in keep), W[keep]
        empty = []
    if empty:
        shown = ", ".join(repr(s) for s in mrio.sectors[:30])
        more = f" (and {mrio.n_sectors - 30} more)" if mrio.n_sectors > 30 else ""
        raise ConfigError(
            f"product group(s) {empty} select no product of this system ({mrio.label}); check the "
            f"group table's names and weights against the data's sectors: {shown}{more}. For OECD "
            "ICIO, GLORIA, Eora26 or WIOD data use the group table of that classification, e.g. "
            '[groups] table = "other_mrios/groups_wiod.csv" (footprint/defaults/other_mrios/; run files for '
            "them: config/other_mrios/). Weights of 0 can be set in the run file, e.g. [groups] weights = "
            '{ protein_plant = { "p01.e" = 0.3 } } (the protein share).'
        )
    if not allow_overlap:
        _check_overlap(names, W, mrio.sectors)
    return GroupWeights(names, W, tuple(notes))


def _long(values: np.ndarray, groups: tuple[str, ...], pressures: PressureSet, mrio: MRIO,
          origin_sector: list[str], origin_region: list[str]) -> pd.DataFrame:
    """Flatten values (groups, pressures, rows) into the long vocabulary."""
    g_n, p_n, r_n = values.shape
    frame = pd.DataFrame(
        {
            "group": np.repeat(np.array(groups, dtype=object), p_n * r_n),
            "indicator": np.tile(np.repeat(np.array(pressures.names, dtype=object), r_n), g_n),
            "unit": np.tile(np.repeat(np.array(pressures.units, dtype=object), r_n), g_n),
            "origin_region": np.tile(np.array(origin_region, dtype=object), g_n * p_n),
            "origin_sector": np.tile(np.array(origin_sector, dtype=object), g_n * p_n),
            "value": values.ravel(),
        }
    )
    return frame


def attribute(
    mrio: MRIO,
    leontief: Leontief,
    pressures: PressureSet,
    consumer: ConsumerConfig,
    groups: GroupWeights,
    *,
    scenario: str = BASELINE,
) -> pd.DataFrame:
    """Footprint of the consumer's final demand by group, pressure, origin region and origin product.

    Parameters
    ----------
    mrio : MRIO
    leontief : Leontief
        Factorisation of ``I - mrio.A``.
    pressures : PressureSet
    consumer : ConsumerConfig
    groups : GroupWeights
    scenario : str
        Label written to the ``scenario`` column.

    Returns
    -------
    DataFrame
        Long table with columns :data:`footprint.vocabulary.LONG_COLUMNS` (the last, ``data``, is
        the data label); rows with value 0 are dropped, except when the whole footprint is zero
        (the chosen final demand or the chosen pressures are all zero): then one zero row per group
        and pressure, origin the consumer region and origin sector
        :data:`footprint.vocabulary.NO_SECTOR`. Group ``total`` is all of the consumer's final
        demand (plus direct stressors when switched on).

    Notes
    -----
    ``P[g, p, i] = (C S)[p, i] * (L Y_g)[i]`` with ``Y_g = [y_c, W_1 y_c, W_2 y_c, ...]``.
    """
    cols = consumer_columns(mrio, consumer)
    y = mrio.Y[:, cols].sum(axis=1)
    sector_of_row = np.tile(np.arange(mrio.n_sectors), mrio.n_regions)
    Yg = np.column_stack([y, *(y * w[sector_of_row] for w in groups.W)])
    LY = leontief.solve(Yg)  # (n, G+1)
    s = pressures.C @ mrio.S  # (p, n) pressure intensities
    values = np.einsum("pi,ig->gpi", s, LY)
    names = (TOTAL_GROUP, *groups.names)
    rows = mrio.row_index
    frame = _long(values, names, pressures, mrio, list(rows.get_level_values("sector")),
                  list(rows.get_level_values("region")))
    if consumer.include_household_direct:
        fy = mrio.F_Y[:, cols].sum(axis=1)
        masks = groups.direct if groups.direct is not None else np.zeros((len(groups.names), len(fy)))
        direct = np.vstack([pressures.C @ fy, *(pressures.C @ (fy * m) for m in masks)])
        frame = pd.concat(
            [frame, _long(direct[:, :, np.newaxis], names, pressures, mrio, [DIRECT_SECTOR],
                          [consumer.region])],
            ignore_index=True,
        )
    nonzero = frame[frame["value"] != 0.0]
    if nonzero.empty:  # an all-zero footprint: one zero row per group and pressure says so
        nonzero = _long(np.zeros((len(names), len(pressures.names), 1)), names, pressures, mrio,
                        [NO_SECTOR], [consumer.region])
    frame = nonzero.reset_index(drop=True)
    frame.insert(0, "consumer", consumer.region)
    frame.insert(0, "year", mrio.year if mrio.year is not None else -1)
    frame["scenario"] = scenario
    frame["data"] = mrio.label  # every row says what data it comes from (illustrative demo or not)
    return frame[LONG_COLUMNS]
