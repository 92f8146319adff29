"""What each row of the summary covers: the group's contents, the lens, households' own stressors.

The group footprints are the *product-group lens*: the supply chains of the final products in the group
(plus the households' own stressors booked to it, :mod:`footprint.direct`). Food bought processed
(``Food products nec``) or in restaurants is outside the protein groups, so for a diet the group
footprint is a lower bound. :func:`annotate_summary` adds this to the summary table, with the group's
label from the group table and the direct (``F_Y``) part of each figure and the rows behind it.
"""

from __future__ import annotations

import pandas as pd

from footprint.vocabulary import DIRECT_SECTOR, TOTAL_GROUP

__all__ = ["GROUP_LENS", "TOTAL_LENS", "annotate_summary"]

TOTAL_LENS = ("consumption footprint: all of the consumer's final demand, households' own (direct) "
              "stressors included when switched on")
GROUP_LENS = ("product-group lens: the supply chains of the group's final products (plus the direct "
              "stressors booked to the group); processed food and restaurants are outside the groups, "
              "so for a diet this is a lower bound")
KEYS = ["year", "consumer", "scenario", "group", "indicator"]


def _labels(groups_table: pd.DataFrame) -> dict[str, str]:
    if "group_label" not in groups_table.columns:
        return {}
    first = groups_table.drop_duplicates("group")
    return {str(g): str(lab) for g, lab in zip(first["group"], first["group_label"], strict=True)}


def annotate_summary(summary: pd.DataFrame, long: pd.DataFrame, groups_table: pd.DataFrame,
                     direct_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``group_label``, ``lens``, ``direct`` and ``direct_rows`` to a summary table.

    Parameters
    ----------
    summary : DataFrame
        :func:`footprint.tables.summary` of ``long``.
    long : DataFrame
        The attribution table (rows with origin_sector ``direct (final demand)`` are the direct part).
    groups_table : DataFrame
        The group table (its optional ``group_label`` column says what a group holds).
    direct_rows : DataFrame, optional
        :func:`footprint.direct.direct_rows` (group, indicator, stressor, value): the ``F_Y`` rows
        behind the direct part, listed in ``direct_rows`` (largest first).

    Returns
    -------
    DataFrame
        The summary with ``group_label`` (``total``: all final demand), ``lens`` (:data:`TOTAL_LENS`
        or :data:`GROUP_LENS`), ``direct`` [unit] (households' own stressors inside ``total``; 0 when
        none) and ``direct_rows`` ("; "-joined stressor names; empty when none).
    """
    out = summary.copy()
    labels = _labels(groups_table)
    out["group_label"] = [("all final demand of the consumer" if g == TOTAL_GROUP else labels.get(g, ""))
                          for g in out["group"]]
    out["lens"] = [TOTAL_LENS if g == TOTAL_GROUP else GROUP_LENS for g in out["group"]]
    direct = long[long["origin_sector"] == DIRECT_SECTOR].groupby(KEYS)["value"].sum()
    idx = pd.MultiIndex.from_frame(out[KEYS])
    out["direct"] = direct.reindex(idx).fillna(0.0).to_numpy()
    names: dict[tuple[str, str], str] = {}
    if direct_rows is not None and len(direct_rows):
        ranked = direct_rows.sort_values("value", ascending=False, key=abs, kind="stable")
        for (g, ind), part in ranked.groupby(["group", "indicator"], sort=False):
            names[(str(g), str(ind))] = "; ".join(dict.fromkeys(part["stressor"].astype(str)))
    out["direct_rows"] = [names.get((str(g), str(i)), "") if d else ""
                          for g, i, d in zip(out["group"], out["indicator"], out["direct"], strict=True)]
    return out
