"""Reduce published biodiversity characterisation factors to small tables for the 49 EXIOBASE 3 regions.

This script is NOT part of a run: it is run once, by hand, in its own scratch virtual environment, and
its output ``factors.csv`` and ``exio3_row_members.csv`` (next to this file) are committed. Since
issue 16 ``factors.csv`` holds the global methods only (``pdf_lcimpact_glo``, ``msa_globio3_default``)
and IBIF's climate row; the region-specific land factors are built by the run from the country tables
(``footprint.impacts.country`` and ``footprint.impacts.regional``). Every range here is a
``sensitivity`` (intensity, taxon or key choice), not a statistical interval. ``pdf_lcimpact_glo`` is a
global (not region-specific) check; ``pdf_lcimpact`` (LC-IMPACT per country) replaces it in the
defaults. The footprint run reads only those CSV files and never imports the packages below.

The factor 40 (``LCIMPACT_TO_GLOBAL``). bw2-lcimpact's average-approach occupation values are 40 times
LC-IMPACT's published ones: divided by 40, each of the six ``global_cf_dict`` values equals, to the
package's two significant digits, the ``World average`` occupation median of LC-IMPACT's workbook
``CFs_land_Use_average.xlsx`` (``../shared/data/lc-impact/land_use_ecoregion_average.csv.gz``, the
workbook's global area-weighted average, in PDF-eq/m2 = global PDF*yr per m2*yr of occupation), at most
1 % apart (pasture 1.3e-15 vs 1.28773e-15). ``build`` checks this for every key and stops otherwise. The
package's per-ecoregion average values (``data/land_use.gpkg``, ``occup_average_*``) are 40 times the
workbook's as well: median ratio 40.00, 39.81 to 40.19 (their 3-digit rounding) over 713 to 792
ecoregions per land use, checked by ``self_check`` for every ecoregion. Its per-ecoregion marginal
values (``occup_marginal_*``) are 40 times the marginal workbook's too (checked by hand on 2026-12-02),
while its *marginal* global defaults (``LandUseOccupationMarginal``) equal the marginal ``World
average`` without the factor. The factor is the package's, not LC-IMPACT's; dividing by it restores
the published values.

Sources (all from the Python package index; versions are checked, a different version stops the script)
--------------------------------------------------------------------------------------------------------
edges 1.5.0 (MIT licence)
    ``edges/data/GLAM 1.0_Land use, biodiversity_damage.json``: UNEP Life Cycle Initiative GLAM 1.0
    (version 1.0.2024.10) ecosystem-quality land-use factors, occupation, aggregated taxa, average
    approach, land-use weighted, per country, in global PDF*yr per m2*yr (flow names as in ecoinvent).
    ``edges/data/IBIF_biodiversity_LU_{overall,plants,vertebrates}.json``: IBIF v2 (Intactness-based
    Biodiversity Impact Factors, GLOBIO 4, Schipper et al. 2025, Sci. Data,
    doi 10.1038/s41597-025-05946-1), land occupation, per country, in MSA-loss*km2*yr per m2*yr
    (the package converted the original MSA*km2/km2 to per m2).
    ``edges/data/IBIF_biodiversity_CO2_{overall,plants,vertebrates}.json``: IBIF v2 climate factor for
    CO2 (one global value repeated per country), MSA-loss*km2*yr per kg CO2(-eq).
bw2-lcimpact 0.4.2 (BSD-3-Clause, (c) Chris Mutel and Paul Scherrer Institut)
    ``bw2_lcimpact/land_use.py``, class ``LandUseOccupationAverage.global_cf_dict``: LC-IMPACT
    (Chaudhary et al. 2015, ES&T 49:9987) global default occupation factors, average approach,
    'certain' level, 40 x global PDF*yr per m2*yr (see above). The package's regional factors are per
    WWF ecoregion only (``data/land_use.gpkg``) with no country field and no uncertainty interval;
    without country boundaries they cannot be aggregated to EXIOBASE regions here, so only the global
    defaults are reduced (a non-regional cross-check).
LC-IMPACT workbook (not a package; read, never shipped)
    ``../shared/data/lc-impact/land_use_ecoregion_average.csv.gz`` (sha256 pinned in
    ``reduce_lcimpact.py``), its ``World average`` occupation rows: the published values the factor 40
    is checked against (``reduce_lcimpact.read_source``).
bw2io 0.9.17 (BSD-3-Clause)
    ``bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv``: EXIOBASE land rows -> ecoinvent land flows;
    copied by hand into ``land_type_map.csv`` (this script only checks that the map agrees with it).
country_converter 1.3.2 (GPL-3.0)
    ``EXIO3`` classification: ISO2 members of the EXIOBASE rest-of-world regions WA, WL, WE, WF, WM.

Reduction
---------
* Each of our land types has a *central* ecoinvent flow (bw2io's mapping of the EXIOBASE row) and a set
  of *range* flows of the same land use at other intensities (LAND_TYPES of reduce_glam.py). Per country:
  value = factor of the central flow; value_low / value_high = min / max over the central and range
  flows (GLAM: intensity spread; IBIF: intensity spread and the plants / vertebrates split).
* The five RoW regions: GDP-weighted mean of the member countries that have a factor and a GDP, for
  each of low, central and high. Weights: ``edges/data/metadata/gdp.yaml`` (worldometers, 2023), the
  weights edges itself uses to aggregate country factors to composite regions. Land area (the better
  weight) is not shipped by any of these packages; an unweighted mean lets small island states with
  high endemism dominate (e.g. WL, GLAM annual crops), so it is only reported in ``aggregation``.
  The members used are listed in ``members``.
* A country the source lacks gets no row (e.g. Taiwan in GLAM 1.0); the run then stops unless the run
  file names a fallback (``[impacts] fallback``). The source's own global value is kept as region GLO.

How to run (from the repository root)::

    python3 -m venv /tmp/reduce-venv
    /tmp/reduce-venv/bin/pip install "pandas<3" country_converter==1.3.2
    /tmp/reduce-venv/bin/pip install --no-deps edges==1.5.0 bw2-lcimpact==0.4.2 bw2io==0.9.17
    /tmp/reduce-venv/bin/python config/characterisation/reduce_factors.py

It also needs ``../shared/data/lc-impact/`` (the LC-IMPACT workbook as CSV, see its README). The script
rewrites the two CSV files and then re-reads them and checks them against the package data
(self-check; exit status 1 on any difference).
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = HERE.parents[1] / "footprint" / "defaults" / "characterisation"  # the packaged tables written here
PINNED = {"edges": "1.5.0", "bw2-lcimpact": "0.4.2", "bw2io": "0.9.17", "country_converter": "1.3.2"}
ROW = ("WA", "WL", "WE", "WF", "WM")

# land type -> (central ecoinvent flow, flows spanning the intensity range). Central flows follow
# bw2io's EXIOBASE-ecoinvent-biosphere.csv; see land_type_map.csv.
# The GLAM 1.0 and IBIF v2 land flows per land type: reduce_glam.py and reduce_ibif.py.
# LC-IMPACT global default keys (bw2_lcimpact.land_use.flow_mapping) per land type: central, range
# bw2-lcimpact average values / 40 = LC-IMPACT's published World average, global PDF*yr/m2*yr (module
# docstring; build() checks every key against the workbook's World average row)
LCIMPACT_TO_GLOBAL = 1 / 40
# bw2-lcimpact key -> LC-IMPACT workbook land use (column group of CFs_land_Use_average.xlsx)
LCIMPACT_LAND_USE = {"annual": "annual_crops", "permanent": "permanent_crops", "pasture": "pasture",
                     "urban": "urban", "extensive": "extensive_forestry", "intensive": "intensive_forestry"}
LCIMPACT_KEYS = {"crops_annual": ("annual", ()), "crops_paddy": ("annual", ()),
                 "crops_permanent": ("permanent", ()), "pasture": ("pasture", ()),
                 "forestry": ("extensive", ("intensive",)), "urban": ("urban", ())}

IBIF = {
    "method": "msa_ibif2",
    "indicator": "msa_loss",
    "version": "IBIF v2 (2.0) via edges 1.5.0",
    "source": ("IBIF v2, GLOBIO 4 MSA, Schipper et al. 2025 Sci. Data doi 10.1038/s41597-025-05946-1; "
               "files edges/data/IBIF_biodiversity_LU_{overall,plants,vertebrates}.json of edges 1.5.0; "
               "central = overall, low/high = min/max over plants, vertebrates and intensity flows"),
    "licence": ("edges 1.5.0 package MIT; IBIF v2 data: from the open-access article Schipper et al. 2025, "
                "Sci. Data 12:1660; the licence of the article and of its data record was not verified "
                "(config/characterisation/README.md)"),
    "impact_unit": "MSA-loss*km2*yr",
    "per_unit": "m2*yr",
}
LCI = {
    "method": "pdf_lcimpact_glo",
    "indicator": "pdf",
    "version": "LC-IMPACT (Chaudhary et al. 2015) global defaults via bw2-lcimpact 0.4.2",
    "source": ("LC-IMPACT land occupation, average, certain, global default CFs (Chaudhary et al. 2015 "
               "ES&T 49:9987 doi 10.1021/acs.est.5b02507); bw2_lcimpact/land_use.py "
               "LandUseOccupationAverage.global_cf_dict of bw2-lcimpact 0.4.2 DIVIDED BY 40, as the "
               "package's average values are 40x the published ones. Checked against LC-IMPACT's "
               "workbook CFs_land_Use_average.xlsx, sheet 'occupation average ecoregion', row 'World "
               "average' (area-weighted global mean; median, PDF-eq/m2 = PDF*yr per m2*yr; "
               "shared/data/lc-impact/land_use_ecoregion_average.csv.gz): {check}; NOT region-specific"),
    "licence": ("bw2-lcimpact 0.4.2 package BSD-3-Clause; LC-IMPACT data: published for free download by "
                "the LC-IMPACT consortium (www.lc-impact.eu; v1.0 doi 10.5281/zenodo.3663305 as cited by "
                "Verones et al. 2020); the licence of the data record was not verified "
                "(config/characterisation/README.md)"),
    "impact_unit": "global PDF*yr",
    "per_unit": "m2*yr",
}
GLOBIO3 = {
    "method": "msa_globio3_default",
    "indicator": "msa_loss",
    "version": "GLOBIO3 MSA_LU (Alkemade et al. 2009) default BIF_LU per DOMAIN.md 1.2",
    "source": ("1 - MSA_LU of GLOBIO3 land-use classes, Alkemade et al. 2009 Ecosystems 12:374, as "
               "tabulated in the InVEST GLOBIO guide Table 3 (natcap/invest.users-guide "
               "source/en/globio.rst at commit 5a17d014: agriculture 0.3 low-input / 0.1 intensive, "
               "livestock grazing 0.7, man-made pasture 0.1, forest 1 / 0.5 / 0.2, built-up 0.05); "
               "central = the default intensity mix of DOMAIN.md 1.2, a scenario parameter, not a "
               "published BIF. PBL's published country BIFs (IBIF v2 overall land factors, "
               "ibif_country.csv, x 1e6 = MSA-loss per area occupied) for comparison: {check}; "
               "NOT region-specific"),
    "licence": "values from the literature",
    "impact_unit": "MSA-loss*ha*yr",
    "per_unit": "ha*yr",
}
# DOMAIN.md 1.2 default BIF_LU: (low, central, high) = (low-input or rangeland, default, intensive)
# land type -> IBIF v2 land class it is compared with (ibif_country.csv, as land_class_concordance.csv)
GLOBIO3_IBIF = {"crops_annual": "cropland", "crops_paddy": "cropland", "crops_permanent": "cropland",
                "pasture": "pasture", "forestry": "plantation", "urban": "urban"}
GLOBIO3_VALUES = {"crops_annual": (0.7, 0.8, 0.9), "crops_paddy": (0.7, 0.8, 0.9),
                  "crops_permanent": (0.7, 0.8, 0.9), "pasture": (0.3, 0.6, 0.9),
                  "forestry": (0.5, 0.5, 0.8), "urban": (0.95, 0.95, 0.95)}
# Climate: DOMAIN.md 1.2 derivation of BIF_CC (a derivation, not a published number) [MSA*km2*yr/kg]
DOMAIN_BIF_CC = (1.5e-7, 4.2e-7)

COLUMNS = ["method", "indicator", "pressure", "land_type", "region", "value_low", "value",
           "value_high", "impact_unit", "per_unit", "range_kind", "aggregation", "members", "flow", "version",
           "source", "licence"]


def _check_versions() -> None:
    for dist, want in PINNED.items():
        have = metadata.version(dist)
        if have != want:
            sys.exit(f"{dist} {have} is installed; this script is written for {want}.")


def _data_file(dist: str, rel: str) -> Path:
    path = Path(str(metadata.distribution(dist).locate_file(rel)))
    if not path.is_file():
        sys.exit(f"{rel} not found in {dist}")
    return path


def _edges(name: str) -> dict[tuple[str, str], float]:
    """(flow name, location) -> value of one edges data file."""
    data = json.loads(_data_file("edges", f"edges/data/{name}.json").read_text(encoding="utf-8"))
    return {(e["supplier"]["name"], e["consumer"]["location"]): float(e["value"])
            for e in data["exchanges"]}


def _lcimpact_global() -> dict[str, float]:
    """LandUseOccupationAverage.global_cf_dict, read from the source without importing the package."""
    tree = ast.parse(_data_file("bw2-lcimpact", "bw2_lcimpact/land_use.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "LandUseOccupationAverage":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "global_cf_dict":
                    return {k: float(v) for k, v in ast.literal_eval(stmt.value).items()}
    sys.exit("LandUseOccupationAverage.global_cf_dict not found in bw2-lcimpact")


def _world_average_check(lci: dict[str, float]) -> dict[str, str]:
    """bw2-lcimpact key -> its comparison with LC-IMPACT's ``World average``; stops if a key disagrees.

    The package keeps two significant digits, so ``40 x World average`` rounded to two digits must be the
    package's value (for example 40 x 2.10499e-15 = 8.42e-14 -> 8.4e-14).
    """
    from reduce_lcimpact import SOURCE, read_source

    world = read_source(SOURCE)[2]
    text = {}
    for key, land_use in LCIMPACT_LAND_USE.items():
        published = world[land_use][0]
        if f"{lci[key]:.1e}" != f"{published / LCIMPACT_TO_GLOBAL:.1e}":
            sys.exit(f"bw2-lcimpact '{key}' = {lci[key]:g} is not 40 x LC-IMPACT's World average {land_use} "
                     f"{published:.6g} to two significant digits: the factor 40 does not hold")
        ours = lci[key] * LCIMPACT_TO_GLOBAL
        text[key] = (f"{land_use.replace('_', ' ')} {ours:.4g} vs World average {published:.6g} "
                     f"({abs(ours / published - 1):.1%} apart)")
    return text


def _ibif_land_summary() -> dict[str, str]:
    """IBIF v2 land class -> median and range over countries of its overall factor, as MSA-loss per area.

    IBIF's factors are MSA-loss*km2*yr per m2*yr; times 1e6 m2/km2 they are MSA-loss per unit area
    occupied, the unit of 1 - MSA_LU.
    """
    with (TABLES / "ibif_country.csv").open(encoding="utf-8") as handle:
        values: dict[str, list[float]] = {}
        for r in csv.DictReader(handle):
            if r["overall"]:
                values.setdefault(r["ibif_class"], []).append(float(r["overall"]) * 1e6)
    return {cls: (f"{cls} median {sorted(v)[len(v) // 2]:.2f} over {len(v)} countries "
                  f"({min(v):.2f} to {max(v):.2f})") for cls, v in values.items()}


def _members() -> dict[str, list[str]]:
    import country_converter as coco

    data = coco.CountryConverter().data
    data = data[data["obsolete"].isna() | (data["obsolete"].astype(str) == "")]
    return {r: sorted(data.loc[data["EXIO3"] == r, "ISO2"].astype(str)) for r in ROW}


def build() -> list[dict[str, object]]:
    """All factor rows."""
    # Issue 16: the land factors of pdf_glam1 and msa_ibif2 are no longer written here (they were
    # GDP-weighted for the RoW regions, and msa_ibif2 forestry took IBIF's pasture class). The run now
    # builds them per EXIOBASE region from the country tables glam_country.csv (reduce_glam.py) and
    # ibif_country.csv (reduce_ibif.py), weighting RoW members by land area (footprint.impacts.regional).
    rows: list[dict[str, object]] = []
    co2 = [_edges(f"IBIF_biodiversity_CO2_{s}")[("Carbon dioxide, fossil", "NL")]
           for s in ("overall", "plants", "vertebrates")]
    rows.append({**IBIF, "pressure": "ghg", "land_type": "climate", "region": "GLO",
                 "value_low": min([*co2, DOMAIN_BIF_CC[0]]), "value": co2[0],
                 "value_high": max([*co2, DOMAIN_BIF_CC[1]]), "per_unit": "kg CO2-eq",
                 "aggregation": "one global value (IBIF v2 repeats it per country)", "members": "",
                 "flow": "Carbon dioxide, fossil",
                 "source": ("IBIF v2 CO2 factor, Schipper et al. 2025 (overall = central; plants / "
                            "vertebrates span the range), widened by the DOMAIN.md 1.2 derivation "
                            "BIF_CC 1.5e-7 to 4.2e-7 (a derivation from the GLOBIO4 curve and IAGTP, "
                            "not a published number); IBIF uses AR6 GWP100 for CH4/N2O, our ghg uses "
                            "AR5 (difference a few percent)")})
    lci = _lcimpact_global()
    checked = _world_average_check(lci)
    for land_type, (key, spread) in LCIMPACT_KEYS.items():
        vals = [lci[k] * LCIMPACT_TO_GLOBAL for k in (key, *spread)]
        source = LCI["source"].format(check="; ".join(checked[k] for k in (key, *spread)))
        rows.append({**LCI, "source": source, "pressure": "land", "land_type": land_type, "region": "GLO",
                     "value_low": min(vals), "value": vals[0], "value_high": max(vals),
                     "aggregation": "global default", "members": "",
                     "flow": f"bw2-lcimpact key '{key}'" + (f" (range: {spread})" if spread else "")})
    ibif = _ibif_land_summary()
    for land_type, (low, mid, high) in GLOBIO3_VALUES.items():
        source = GLOBIO3["source"].format(check=ibif[GLOBIO3_IBIF[land_type]])
        rows.append({**GLOBIO3, "source": source, "pressure": "land", "land_type": land_type, "region": "GLO",
                     "value_low": low, "value": mid, "value_high": high,
                     "aggregation": "global default", "members": "", "flow": "GLOBIO3 land-use classes"})
    return rows


def write(rows: list[dict[str, object]], members: dict[str, list[str]]) -> None:
    with (TABLES / "factors.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**{k: (repr(v) if isinstance(v, float) else v) for k, v in r.items()},
                          "range_kind": "sensitivity"} for r in rows)
    with (TABLES / "exio3_row_members.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["exio_region", "iso2", "source"])
        for region, isos in members.items():
            for iso in isos:
                writer.writerow([region, iso, "country_converter 1.3.2, EXIO3 classification"])


def self_check() -> list[str]:
    """Re-read factors.csv and compare every country row with the package data."""
    problems = []
    with (TABLES / "factors.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if not float(r["value_low"]) <= float(r["value"]) <= float(r["value_high"]):
                problems.append(f"{r['method']} {r['region']} {r['land_type']}: bounds out of order")
    bridge = _data_file("bw2io", "bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv")
    with bridge.open(encoding="utf-8-sig") as handle:
        flows = {r["exiobase name"]: r["ecoinvent name"] for r in csv.DictReader(handle)}
    with (TABLES / "land_type_map.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["layout"] == "exiobase3.8" and r["example_row"] in flows:
                if flows[r["example_row"]] != r["ecoinvent_flow"]:
                    problems.append(f"land_type_map: {r['example_row']} -> {r['ecoinvent_flow']}, "
                                    f"bw2io says {flows[r['example_row']]}")
    return problems + _ecoregion_ratios()


def _ecoregion_ratios() -> list[str]:
    """Check that bw2-lcimpact's per-ecoregion average values are 40 x the workbook's as well.

    The package keeps three significant digits, so every ratio lies within 40 +- 0.5 % (+- 0.2).
    """
    import gzip
    import sqlite3

    from reduce_lcimpact import SOURCE

    with gzip.open(SOURCE / "land_use_ecoregion_average.csv.gz", "rt", encoding="utf-8") as handle:
        eco = {(r["eco_code"], r["land_use"]): float(r["cf_median"]) for r in csv.DictReader(handle)
               if r["intervention"] == "occupation" and r["cf_median"]}  # empty: no such land use there
    gpkg = _data_file("bw2-lcimpact", "bw2_lcimpact/data/land_use.gpkg")
    problems = []
    with sqlite3.connect(gpkg) as db:
        for key, land_use in LCIMPACT_LAND_USE.items():
            ratios = sorted(value / eco[(code, land_use)] for code, value in db.execute(
                f"SELECT eco_code, occup_average_{key} FROM OGRGeoJSON")  # column from our own keys
                if value and eco.get((code, land_use), 0.0) > 0)
            print(f"bw2-lcimpact / workbook, average occupation {land_use}, {len(ratios)} ecoregions: "
                  f"median {ratios[len(ratios) // 2]:.3f}, {ratios[0]:.3f} to {ratios[-1]:.3f}")
            if not 39.75 <= ratios[0] <= ratios[-1] <= 40.25:
                problems.append(f"bw2-lcimpact {key}: ecoregion ratios to the workbook are not 40")
    return problems


def main() -> int:
    _check_versions()
    rows = build()
    write(rows, _members())
    problems = self_check()
    size = sum(p.stat().st_size for p in TABLES.glob("*.csv"))
    print(f"wrote {len(rows)} factor rows; config/characterisation/*.csv = {size / 1024:.0f} kB")
    for p in problems:
        print("SELF-CHECK FAILED:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
