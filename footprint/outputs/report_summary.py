"""The report's one-screen summary: the run's main findings in sentences, from its tables.

Each sentence comes from one table and is left out when the run has no such table (impacts or
waterbed off): the land footprint with its largest origins and share abroad, the groups' parts, the
other headline pressures, the biodiversity impact, the largest rank change from land to impact, the
strongest waterbed signal and the scenarios' leakage. The data label closes the list.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from footprint.vocabulary import TOTAL_GROUP

__all__ = ["summary_sentences"]

LAND = "land_total"
OTHER_HEADLINES = ("ghg", "blue_water")
WORDS = {"land_total": "land", "ghg": "greenhouse gas", "blue_water": "blue water"}


def _scale(value: float) -> tuple[float, str]:
    magnitude = abs(value)
    return (1e9, " billion") if magnitude >= 1e9 else (1e6, " million") if magnitude >= 1e6 else (1.0, "")


def _num(value: float, unit: str, low: float | None = None, high: float | None = None) -> str:
    """A number with its unit, grouped for reading (14.2 million ha, 5,395 t, 0.000748 PDF), with a
    low-high range in the same scale when given."""
    div, word = _scale(value)
    if div == 1.0 and abs(value) < 100:
        text = f"{value:.3g}"
        span = f" ({low:.3g}-{high:.3g})" if low is not None and high is not None else ""
    else:
        digits = 1 if div > 1 else 0
        text = f"{value / div:,.{digits}f}"
        span = (f" ({low / div:,.{digits}f}-{high / div:,.{digits}f})" if low is not None and
                high is not None else "")
    return f"{text}{span}{word} {unit}"


def _e(value: object) -> str:
    return html.escape(str(value))


def _name(code: str, names: Mapping[str, str]) -> str:
    return f"{names[code]} ({code})" if code in names else code


def _footprint(summary: pd.DataFrame, consumer: str, year: object) -> list[str]:
    sel = summary[(summary["year"] == year) & (summary["group"] == TOTAL_GROUP)].set_index("indicator")
    if sel.empty:
        return []
    land = LAND if LAND in sel.index else str(sel.index[0])
    row = sel.loc[land]
    out = [f"The {WORDS.get(land, land)} footprint of {consumer}'s consumption in {year} is "
           f"<b>{_e(_num(row['total'], row['unit']))}</b>, <b>{row['share_abroad']:.0%} of it abroad</b>; "
           f"largest origins: {_e(row['top_origins'])}."]
    groups = summary[(summary["year"] == year) & (summary["indicator"] == land)
                     & (summary["group"] != TOTAL_GROUP)]
    if len(groups):
        parts = [f"{_e(g)} {s:.1%} ({a:.0%} abroad)" if a == a else f"{_e(g)} {s:.1%}"
                 for g, s, a in zip(groups["group"], groups["share_of_total"], groups["share_abroad"],
                                    strict=True)]
        out.append(f"Of it, the product groups take: {'; '.join(parts)}.")
    others = [f"{WORDS[p]} {_e(_num(sel.at[p, 'total'], sel.at[p, 'unit']))} "
              f"({sel.at[p, 'share_abroad']:.0%} abroad)" for p in OTHER_HEADLINES if p in sel.index]
    if others:
        out.append(f"Other pressures of all consumption: {'; '.join(others)}.")
    return out


def _impact(extra: Mapping[str, pd.DataFrame]) -> list[str]:
    imp = extra.get("impacts")
    if imp is None or imp.empty:
        return []
    method = str(imp["method"].iloc[0])
    sel = imp[(imp["method"] == method) & (imp["group"] == TOTAL_GROUP)]
    if sel.empty:
        return []
    unit = str(sel["unit"].iloc[0])
    parts = []
    for kind, rows in (("land use", sel[sel["land_type"] != "climate"]),
                       ("climate", sel[sel["land_type"] == "climate"])):
        if len(rows):
            b = rows.groupby("bound")["value"].sum()
            parts.append(f"{kind} {_e(_num(b['central'], unit, b['low'], b['high']))}")
    kind = str(sel["range_kind"].iloc[0]) if "range_kind" in sel else "unspecified"
    what = {"uncertainty_95": "the 95 % interval", "sensitivity": "the sensitivity range"}.get(kind, "range")
    return [f"Biodiversity impact of all consumption ({_e(method)}, central factors, {what} in "
            f"brackets): {'; '.join(parts)}."]


def _move(row: pd.Series, names: Mapping[str, str]) -> str:
    return (f"<b>{_name(str(row['origin_region']), names)}</b> is rank {row['pressure_rank']} by land area "
            f"but {row['impact_rank']} by impact ({_e(row['method'])}")


def _rank_change(extra: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> list[str]:
    ranked = extra.get("impact_ranking")
    if ranked is None or ranked.empty:
        return []
    moved = ranked[ranked["rank_change"] != 0]
    if moved.empty:
        return [f"No origin changes rank between land area and biodiversity impact (all "
                f"{ranked['origin_region'].nunique()} origins with land use compared)."]
    total = moved[moved["group"] == TOTAL_GROUP]
    largest = moved.loc[moved["rank_change"].abs().idxmax()]
    text = "The largest rank change from land to impact"
    if len(total):
        top = total.loc[total["rank_change"].abs().idxmax()]
        text += f", all consumption: {_move(top, names)})"
        if largest["group"] != TOTAL_GROUP and abs(largest["rank_change"]) > abs(top["rank_change"]):
            text += f"; in any group: {_move(largest, names)}, {_e(largest['group'])})"
    else:
        text += f": {_move(largest, names)}, {_e(largest['group'])})"
    return [f"{text}. {len(moved)} rank changes in all; every origin is compared."]


def _waterbed(extra: Mapping[str, pd.DataFrame], consumer: str, names: Mapping[str, str]) -> list[str]:
    out = []
    ind = extra.get("waterbed_indicators")
    key = next((c for c in ("shifted_pressure", "score") if ind is not None and c in ind.columns), "")
    if ind is not None and len(ind) and key and "waterbed_flag" in ind.columns:
        flagged = ind[ind["waterbed_flag"].astype(bool) & (ind["indicator"] == LAND)]
        observed = flagged[flagged["basis"] == "observed"] if "basis" in flagged.columns else flagged
        pick = observed if len(observed) else flagged
        if len(pick):
            r = pick.loc[pick[key].idxmax()]
            before, after = _e(_num(r["total_from"], r["unit"])), _e(_num(r["total_to"], r["unit"]))
            out.append(
                f"Strongest waterbed signal ({r['from_year']} to {r['to_year']}, {_e(r['basis'])}, group "
                f"{_e(r['group'])}): {consumer}'s share of the land footprint of "
                f"<b>{_name(str(r['origin_region']), names)}</b> fell from {r['sigma_from']:.2%} to "
                f"{r['sigma_to']:.2%} while the origin's total went from {before} to {after}; largest "
                f"takers: {_e(r['top_takers'] or 'none')}.")
        else:
            out.append("No importer-share shift of land is flagged as a waterbed.")
    scen = extra.get("scenarios")
    if scen is not None and len(scen) and "nge" in scen.columns:
        land = scen[(scen["indicator"] == LAND) & scen["nge"].notna()]
        if len(land):
            low = land.loc[land["nge"].idxmin()]
            out.append(
                f"Scenarios ({land['scenario'].nunique()}): net global effectiveness of land "
                f"{land['nge'].min():.2f} to {land['nge'].max():.2f}; the lowest, '{_e(low['scenario'])}' "
                f"(q = {low['q']:g}, d = {low['d']:g}), leaks {1 - low['nge']:.0%} of the consumer's cut.")
    return out


def summary_sentences(summary: pd.DataFrame, extra: Mapping[str, pd.DataFrame], *, label: str,
                      consumer: str, year: object, names: Mapping[str, str]) -> list[str]:
    """The summary's sentences as HTML fragments (text escaped, numbers in ``<b>``).

    Parameters
    ----------
    summary : DataFrame
        :func:`footprint.tables.summary` of the run.
    extra : mapping
        The run's further tables (``impacts``, ``impact_ranking``, ``waterbed_indicators``,
        ``scenarios``); a sentence whose table is missing is left out.
    label : str
        The data label, the last sentence.
    consumer : str
    year : int
        The main year.
    names : mapping
        Region code -> name.

    Returns
    -------
    list of str
    """
    esc = {k: _e(v) for k, v in names.items()}
    parts = [*_footprint(summary, _e(consumer), year), *_impact(extra), *_rank_change(extra, esc),
             *_waterbed(extra, _e(consumer), esc)]
    return [*parts, f"<b>Data: {_e(label)}</b>"]
