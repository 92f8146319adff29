"""Nitrogen deposition and per-gas climate impacts by origin, beside land (issue 16 part 5).

* ``msa_ibif2``: IBIF v2 nitrogen-deposition factors per kg NH3 and per kg NOx emitted in the origin
  country (Schipper et al. 2025, via edges 1.5.0; ``ibif_ndep_country.csv``) [MSA-loss*km2*yr / kg];
  central = ``overall`` (plants and vertebrates combined: GLOBIO's N response is for plants, so
  ``overall`` = plants / 2), low = overall, high = plants: a ``sensitivity``. Rest-of-world regions:
  the members' mean weighted by cropland area for NH3 and by artificial-surface area for NOx (a proxy
  for where each gas is emitted: emissions by member are not in these data).
* ``pdf_glam1``: GLAM 1.0 terrestrial climate change, aggregated taxa, RCP4.5, per kg of CO2, CH4, N2O
  and SF6 (``climate_factors.csv``) [global PDF*yr / kg], one global value per gas, applied to the
  EXIOBASE emission rows of ``emission_stressor_map.csv`` (HFC and PFC rows, in kg CO2-eq, take the
  CO2 factor). ``msa_ibif2``'s climate stays the CO2-eq route of ``factors.csv`` (same IBIF CO2
  factor; IBIF uses AR6 GWP100 for CH4 and N2O, the run's ``ghg`` the table's GWP set).

The emission rows go through the run's one solve like any pressure. The impact rows (table
``impact_emissions``, ``category`` ``n_deposition_nh3``, ``n_deposition_nox`` or ``climate``) are not in
the origin ranking (which is about land) nor in the waterbed's ``<method> (central)`` rows (land and the
CO2-eq climate only); :func:`by_origin` puts land, climate and nitrogen side by side per origin.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from footprint.impacts.country import CHAR_DIR
from footprint.impacts.regional import ROW_REGIONS
from footprint.impacts.tables import CLIMATE, TARGET_UNITS
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.units import scale as unit_scale

__all__ = ["NDEP", "by_origin", "emission_factor_rows", "emission_impacts", "emission_pressures"]

NDEP = {"nh3": "n_deposition_nh3", "nox": "n_deposition_nox"}
NDEP_WEIGHT = {"nh3": "cropland", "nox": "urban"}
GLAM_CLIMATE = "pdf_glam1"
SOURCES = {
    "msa_ibif2": ("IBIF v2 nitrogen deposition (Schipper et al. 2025 Sci. Data doi "
                  "10.1038/s41597-025-05946-1) via edges 1.5.0, "
                  "footprint/defaults/characterisation/ibif_ndep_country.csv; central overall, high plants"),
    "pdf_glam1": ("GLAM 1.0 climate change, terrestrial biodiversity, aggregated taxa, RCP4.5 (Iordan et "
                  "al. 2023; Verones et al. 2026) via edges 1.5.0, "
                  "footprint/defaults/characterisation/climate_factors.csv; one global factor per gas"),
}


def emission_pressures(mrio: MRIO, folder: Path | None = None) -> PressureSet:
    """NH3, NOx and each greenhouse gas (by ecoinvent flow) as pressures in [kg].

    Rows of ``emission_stressor_map.csv`` for the data's layout with ``included = yes``, matched by
    extension and exact stressor name; rows the data lacks are left out.
    """
    path = (CHAR_DIR if folder is None else folder) / "emission_stressor_map.csv"
    emap = pd.read_csv(path, keep_default_na=False)
    emap = emap[(emap["layout"] == mrio.layout) & (emap["included"] == "yes")]
    emap = emap.assign(name=np.where(emap["pressure"].isin(list(NDEP)), emap["pressure"], emap["flow"]))
    names = tuple(dict.fromkeys(emap["name"]))
    keys = {(str(e).lower(), str(s)): k for k, (e, s) in
            enumerate(zip(mrio.stressors["extension"], mrio.stressors["stressor"], strict=True))}
    C = np.zeros((len(names), len(mrio.stressors)))
    for _, row in emap.iterrows():
        k = keys.get((str(row["extension"]).lower(), str(row["stressor"])))
        if k is None:
            continue
        unit = str(mrio.stressors["unit"].iloc[k])
        co2_eq = "CO2-eq" in unit or "CO2 eq" in unit  # HFC, PFC: kg CO2-eq, counted as kg CO2
        C[names.index(row["name"]), k] = 1.0 if co2_eq else unit_scale(unit, "kg")
    used = tuple(n for n, c in zip(names, C, strict=True) if c.any())
    return PressureSet(used, tuple("kg" for _ in used), C[[names.index(n) for n in used]], pd.DataFrame())


def _ndep_rows(countries: pd.DataFrame, weights: pd.DataFrame, regions: tuple[str, ...]
               ) -> list[dict[str, object]]:
    table = pd.read_csv(CHAR_DIR / "ibif_ndep_country.csv", keep_default_na=False, na_values=[""])
    table = table.merge(countries[["iso2", "iso3", "exio_region", "continent"]], on="iso2", how="right")
    rows = []
    for gas, label in NDEP.items():
        central, high = table[f"{gas}_overall"], table[f"{gas}_plants"]
        frame = table.assign(value=central, high=high)
        for column in ("value", "high"):  # gaps: the continent's mean, else the world's
            frame[column] = frame[column].fillna(frame.groupby("continent")[column].transform("mean"))
            frame[column] = frame[column].fillna(frame[column].mean())
        w = weights[weights["weight_class"] == NDEP_WEIGHT[gas]]
        for region in regions:
            if region in ROW_REGIONS:
                ww = w[w["exio_region"] == region].set_index("iso3")["weight"]
                if ww.sum() <= 0:
                    continue
                sel = frame.set_index("iso3").loc[ww.index]
                vals = (float(ww @ sel["value"]) / ww.sum(), float(ww @ sel["high"]) / ww.sum())
                how = f"members weighted by {NDEP_WEIGHT[gas]} area (proxy for where {gas} is emitted)"
            else:
                sel = frame[frame["iso2"] == region]
                if sel.empty:
                    continue
                vals, how = (float(sel["value"].iloc[0]), float(sel["high"].iloc[0])), "country"
            rows.append({"method": "msa_ibif2", "category": label, "gas": gas, "region": region,
                         "value_low": vals[0], "value": vals[0], "value_high": vals[1],
                         "impact_unit": "MSA-loss*km2*yr", "per_unit": "kg", "range_kind": "sensitivity",
                         "aggregation": how, "source": SOURCES["msa_ibif2"]})
    return rows


def emission_factor_rows(countries: pd.DataFrame, weights: pd.DataFrame, regions: tuple[str, ...],
                         methods: tuple[str, ...]) -> pd.DataFrame:
    """Factor rows per method, category, gas (or flow) and region (``GLO`` for global factors).

    Columns ``method, category, gas, region, value_low, value, value_high, impact_unit, per_unit,
    range_kind, aggregation, source``.
    """
    rows: list[dict[str, object]] = _ndep_rows(countries, weights, regions) if "msa_ibif2" in methods else []
    if GLAM_CLIMATE in methods:
        climate = pd.read_csv(CHAR_DIR / "climate_factors.csv")
        for _, c in climate[climate["method"] == GLAM_CLIMATE].iterrows():
            rows.append({"method": GLAM_CLIMATE, "category": "climate", "gas": c["flow"], "region": "GLO",
                         "value_low": c["value"], "value": c["value"], "value_high": c["value"],
                         "impact_unit": "global PDF*yr", "per_unit": "kg", "range_kind": "none (one value)",
                         "aggregation": "global", "source": SOURCES[GLAM_CLIMATE]})
    return pd.DataFrame(rows)


def emission_impacts(long: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Impact rows of the emission pressures, in the layout of the ``impacts`` table.

    Parameters
    ----------
    long : DataFrame
        Attribution of :func:`emission_pressures` (indicator = gas or flow, [kg]).
    factors : DataFrame
        :func:`emission_factor_rows`.
    """
    keys = ["year", "consumer", "scenario", "group", "indicator", "origin_region", "data"]
    by_region = long.groupby(keys, as_index=False, sort=False)["value"].sum()
    frames = []
    for (method, category), rows in factors.groupby(["method", "category"], sort=False):
        indicator = "msa_loss" if method == "msa_ibif2" else "pdf"
        target = TARGET_UNITS[indicator]
        scale = unit_scale(str(rows["impact_unit"].iloc[0]), target)
        glo = rows[rows["region"] == "GLO"].set_index("gas")
        own = rows[rows["region"] != "GLO"].set_index(["gas", "region"])
        part = by_region[by_region["indicator"].isin(set(rows["gas"]))]
        for bound, column in (("low", "value_low"), ("central", "value"), ("high", "value_high")):
            if len(glo):
                cf = part["indicator"].map(glo[column]).to_numpy(dtype=float)
            else:
                idx = pd.MultiIndex.from_arrays([part["indicator"], part["origin_region"]])
                cf = own[column].reindex(idx).to_numpy(dtype=float)
            frames.append(part.assign(method=method, indicator=indicator, category=category,
                                      bound=bound, range_kind=str(rows["range_kind"].iloc[0]),
                                      unit=target, pressure=part["value"],
                                      pressure_unit="kg" if category != CLIMATE else
                                      "kg (sum of the gases' masses)", source=str(rows["source"].iloc[0]),
                                      value=np.nan_to_num(cf) * part["value"].to_numpy() * scale))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    keys = ["year", "consumer", "scenario", "group", "indicator", "method", "category", "origin_region",
            "bound", "range_kind", "unit", "pressure_unit", "source", "data"]
    return out.groupby(keys, as_index=False, sort=False)[["pressure", "value"]].sum()


def by_origin(impacts: pd.DataFrame, emissions: pd.DataFrame) -> pd.DataFrame:
    """Land, climate and nitrogen deposition side by side per group, method and origin (central).

    Returns
    -------
    DataFrame
        Columns ``group, method, indicator, unit, origin_region, land, climate, n_deposition, total,
        data``; a method without a category has 0 there (``climate``: the CO2-eq route of
        ``factors.csv`` for msa_ibif2, GLAM's per-gas factors for pdf_glam1).
    """
    imp = impacts[impacts["bound"] == "central"]
    parts = [imp.assign(category=np.where(imp["land_type"] == CLIMATE, "climate", "land"))]
    if len(emissions):
        em = emissions[emissions["bound"] == "central"]
        parts.append(em.assign(category=np.where(em["category"] == CLIMATE, "climate", "n_deposition")))
    rows = pd.concat(parts, ignore_index=True)
    wide = rows.pivot_table(index=["group", "method", "indicator", "unit", "origin_region", "data"],
                            columns="category", values="value", aggfunc="sum", fill_value=0.0,
                            sort=False).reset_index()
    for column in ("land", "climate", "n_deposition"):
        if column not in wide:
            wide[column] = 0.0
    wide["total"] = wide["land"] + wide["climate"] + wide["n_deposition"]
    cols = ["group", "method", "indicator", "unit", "origin_region", "land", "climate", "n_deposition",
            "total", "data"]
    return wide[cols].sort_values(["group", "method", "total"], ascending=[True, True, False],
                                  kind="stable").reset_index(drop=True)
