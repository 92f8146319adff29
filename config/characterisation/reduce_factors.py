"""Reduce published biodiversity characterisation factors to small tables for the 49 EXIOBASE 3 regions.

This script is NOT part of a run: it is run once, by hand, in its own scratch virtual environment, and
its output ``factors.csv`` and ``exio3_row_members.csv`` (next to this file) are committed. The
footprint run reads only those CSV files and never imports the packages below.

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
    'certain' level, PDF*yr per m2*yr. The package's regional factors are per WWF ecoregion only
    (``data/land_use.gpkg``) with no country field and no uncertainty interval; without country
    boundaries they cannot be aggregated to EXIOBASE regions here, so only the global defaults are
    reduced (a non-regional cross-check).
bw2io 0.9.17 (BSD-3-Clause)
    ``bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv``: EXIOBASE land rows -> ecoinvent land flows;
    copied by hand into ``land_type_map.csv`` (this script only checks that the map agrees with it).
country_converter 1.3.2 (GPL-3.0)
    ``EXIO3`` classification: ISO2 members of the EXIOBASE rest-of-world regions WA, WL, WE, WF, WM.

Reduction
---------
* Each of our land types has a *central* ecoinvent flow (bw2io's mapping of the EXIOBASE row) and a set
  of *range* flows of the same land use at other intensities (LAND_TYPES below). Per country:
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

The script rewrites the two CSV files and then re-reads them and checks them against the package data
(self-check; exit status 1 on any difference).
"""

from __future__ import annotations

import ast
import csv
import json
import statistics
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS_CSV = HERE.parent / "regions.csv"
PINNED = {"edges": "1.5.0", "bw2-lcimpact": "0.4.2", "bw2io": "0.9.17", "country_converter": "1.3.2"}
ROW = ("WA", "WL", "WE", "WF", "WM")

# land type -> (central ecoinvent flow, flows spanning the intensity range). Central flows follow
# bw2io's EXIOBASE-ecoinvent-biosphere.csv; see land_type_map.csv.
LAND_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "crops_annual": ("Occupation, annual crop", (
        "Occupation, annual crop, non-irrigated, extensive",
        "Occupation, annual crop, non-irrigated, intensive",
        "Occupation, annual crop, irrigated, extensive",
        "Occupation, annual crop, irrigated, intensive")),
    "crops_paddy": ("Occupation, annual crop, irrigated, intensive", (
        "Occupation, annual crop, irrigated, extensive",)),
    "crops_permanent": ("Occupation, permanent crop", (
        "Occupation, permanent crop, non-irrigated, extensive",
        "Occupation, permanent crop, non-irrigated, intensive",
        "Occupation, permanent crop, irrigated, extensive",
        "Occupation, permanent crop, irrigated, intensive")),
    "pasture": ("Occupation, pasture, man made", (
        "Occupation, pasture, man made, extensive",
        "Occupation, pasture, man made, intensive",
        "Occupation, grassland, natural, for livestock grazing")),
    "forestry": ("Occupation, forest, extensive", ("Occupation, forest, intensive",)),
    "urban": ("Occupation, urban, discontinuously built", (
        "Occupation, urban, continuously built",
        "Occupation, industrial area",
        "Occupation, traffic area, road network")),
}
# LC-IMPACT global default keys (bw2_lcimpact.land_use.flow_mapping) per land type: central, range
# bw2-lcimpact values / 40 = global PDF*yr/m2*yr as published (see LCI["source"]) [verify]
LCIMPACT_TO_GLOBAL = 1 / 40
LCIMPACT_KEYS = {"crops_annual": ("annual", ()), "crops_paddy": ("annual", ()),
                 "crops_permanent": ("permanent", ()), "pasture": ("pasture", ()),
                 "forestry": ("extensive", ("intensive",)), "urban": ("urban", ())}

GLAM = {
    "method": "pdf_glam1",
    "indicator": "pdf",
    "version": "GLAM 1.0 (1.0.2024.10) via edges 1.5.0",
    "source": ("UNEP Life Cycle Initiative GLAM 1.0 ecosystem quality, land use, occupation, aggregated "
               "taxa, average, land-use weighted (Verones et al. 2026; Scherer et al. 2023 ES&T "
               "doi 10.1021/acs.est.3c04191); file edges/data/GLAM 1.0_Land use, "
               "biodiversity_damage.json of edges 1.5.0"),
    "licence": "edges package MIT; GLAM 1.0 data: UNEP Life Cycle Initiative terms [verify]",
    "impact_unit": "global PDF*yr",
    "per_unit": "m2*yr",
}
IBIF = {
    "method": "msa_ibif2",
    "indicator": "msa_loss",
    "version": "IBIF v2 (2.0) via edges 1.5.0",
    "source": ("IBIF v2, GLOBIO 4 MSA, Schipper et al. 2025 Sci. Data doi 10.1038/s41597-025-05946-1; "
               "files edges/data/IBIF_biodiversity_LU_{overall,plants,vertebrates}.json of edges 1.5.0; "
               "central = overall, low/high = min/max over plants, vertebrates and intensity flows"),
    "licence": "edges package MIT; IBIF v2 data: Sci. Data open licence [verify]",
    "impact_unit": "MSA-loss*km2*yr",
    "per_unit": "m2*yr",
}
LCI = {
    "method": "pdf_lcimpact_glo",
    "indicator": "pdf",
    "version": "LC-IMPACT (Chaudhary et al. 2015) global defaults via bw2-lcimpact 0.4.2",
    "source": ("LC-IMPACT land occupation, average, certain, global default CFs (Chaudhary et al. 2015 "
               "ES&T 49:9987 doi 10.1021/acs.est.5b02507); bw2_lcimpact/land_use.py "
               "LandUseOccupationAverage.global_cf_dict of bw2-lcimpact 0.4.2 DIVIDED BY 40: the "
               "package's values are 40x the published global PDF (its ecoregions IM0118 / IM0120 hold "
               "6.87e-14 / 8.39e-14 vs 1.73e-15 to 2.28e-15 in Chaudhary 2015; the UN-LCI land-use "
               "harmonisation script divides by 40) [verify]; NOT region-specific"),
    "licence": "bw2-lcimpact BSD-3-Clause; LC-IMPACT data: lc-impact.eu terms [verify]",
    "impact_unit": "global PDF*yr",
    "per_unit": "m2*yr",
}
GLOBIO3 = {
    "method": "msa_globio3_default",
    "indicator": "msa_loss",
    "version": "GLOBIO3 MSA_LU (Alkemade et al. 2009) default BIF_LU per DOMAIN.md 1.2",
    "source": ("1 - MSA_LU of GLOBIO3 land-use classes, Alkemade et al. 2009 Ecosystems 12:374, as "
               "tabulated in the InVEST GLOBIO guide Table 3; default intensity mix = scenario "
               "parameters of DOMAIN.md 1.2, not published BIFs [verify against PBL BIF table]; "
               "NOT region-specific"),
    "licence": "values from the literature",
    "impact_unit": "MSA-loss*ha*yr",
    "per_unit": "ha*yr",
}
# DOMAIN.md 1.2 default BIF_LU: (low, central, high) = (low-input or rangeland, default, intensive)
GLOBIO3_VALUES = {"crops_annual": (0.7, 0.8, 0.9), "crops_paddy": (0.7, 0.8, 0.9),
                  "crops_permanent": (0.7, 0.8, 0.9), "pasture": (0.3, 0.6, 0.9),
                  "forestry": (0.5, 0.5, 0.8), "urban": (0.95, 0.95, 0.95)}
# Climate: DOMAIN.md 1.2 derivation of BIF_CC (a derivation, not a published number) [MSA*km2*yr/kg]
DOMAIN_BIF_CC = (1.5e-7, 4.2e-7)

COLUMNS = ["method", "indicator", "pressure", "land_type", "region", "value_low", "value",
           "value_high", "impact_unit", "per_unit", "aggregation", "members", "flow", "version",
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


def _members() -> dict[str, list[str]]:
    import country_converter as coco

    data = coco.CountryConverter().data
    data = data[data["obsolete"].isna() | (data["obsolete"].astype(str) == "")]
    return {r: sorted(data.loc[data["EXIO3"] == r, "ISO2"].astype(str)) for r in ROW}


def _regions() -> list[str]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [row["exio_code"] for row in csv.DictReader(handle)]


def _bounds(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def _gdp() -> dict[str, float]:
    """ISO2 -> GDP [USD, 2023] from edges' metadata/gdp.yaml (plain 'XX: number' lines)."""
    text = _data_file("edges", "edges/data/metadata/gdp.yaml").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if value.strip().replace(".", "", 1).isdigit():
            out[key.strip()] = float(value)
    return out


def _country_rows(meta: dict[str, str], species: list[dict[tuple[str, str], float]],
                  regions: list[str], members: dict[str, list[str]]) -> list[dict[str, object]]:
    """Rows of one regional method: species[0] gives the central value, all give the range."""
    main = species[0]
    gdp = _gdp()
    rows: list[dict[str, object]] = []
    for land_type, (central, spread) in LAND_TYPES.items():
        flows = (central, *spread)

        def triple(loc: str, flows: tuple[str, ...] = flows, central: str = central
                   ) -> tuple[float, float, float] | None:
            if (central, loc) not in main:
                return None
            vals = [s[(f, loc)] for s in species for f in flows if (f, loc) in s]
            low, high = _bounds(vals)
            return low, main[(central, loc)], high

        def add(region: str, t: tuple[float, float, float], aggregation: str, used: str,
                land_type: str = land_type, central: str = central,
                spread: tuple[str, ...] = spread) -> None:
            rows.append({**meta, "pressure": "land", "land_type": land_type, "region": region,
                         "value_low": t[0], "value": t[1], "value_high": t[2],
                         "aggregation": aggregation, "members": used,
                         "flow": f"{central} (range: {'; '.join(spread)})" if spread else central})

        for region in [*regions, "GLO"]:
            if region in ROW:
                got = {m: t for m in members[region]
                       if (t := triple(m)) is not None and m in gdp}
                if not got:
                    continue
                w = [gdp[m] for m in got]
                mean = tuple(sum(wi * t[i] for wi, t in zip(w, got.values(), strict=True)) / sum(w)
                             for i in range(3))
                plain = statistics.fmean(t[1] for t in got.values())
                add(region, mean, f"GDP-weighted mean of {len(got)} of {len(members[region])} "  # type: ignore[arg-type]
                    "EXIO3 member countries (members: country_converter 1.3.2; weights: edges "
                    f"1.5.0 data/metadata/gdp.yaml, 2023); unweighted mean of central {plain:.4g}",
                    " ".join(sorted(got)))
            elif (t := triple(region)) is not None:
                add(region, t, "global value of the source" if region == "GLO" else "country", region)
    return rows


def build() -> list[dict[str, object]]:
    """All factor rows."""
    regions = _regions()
    members = _members()
    rows = _country_rows(GLAM, [_edges("GLAM 1.0_Land use, biodiversity_damage")], regions, members)
    ibif = [_edges(f"IBIF_biodiversity_LU_{s}") for s in ("overall", "plants", "vertebrates")]
    rows += _country_rows(IBIF, ibif, regions, members)
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
    for land_type, (key, spread) in LCIMPACT_KEYS.items():
        vals = [lci[k] * LCIMPACT_TO_GLOBAL for k in (key, *spread)]
        rows.append({**LCI, "pressure": "land", "land_type": land_type, "region": "GLO",
                     "value_low": min(vals), "value": vals[0], "value_high": max(vals),
                     "aggregation": "global default", "members": "",
                     "flow": f"bw2-lcimpact key '{key}'" + (f" (range: {spread})" if spread else "")})
    for land_type, (low, mid, high) in GLOBIO3_VALUES.items():
        rows.append({**GLOBIO3, "pressure": "land", "land_type": land_type, "region": "GLO",
                     "value_low": low, "value": mid, "value_high": high,
                     "aggregation": "global default", "members": "", "flow": "GLOBIO3 land-use classes"})
    return rows


def write(rows: list[dict[str, object]], members: dict[str, list[str]]) -> None:
    with (HERE / "factors.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: (repr(v) if isinstance(v, float) else v) for k, v in r.items()}
                         for r in rows)
    with (HERE / "exio3_row_members.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["exio_region", "iso2", "source"])
        for region, isos in members.items():
            for iso in isos:
                writer.writerow([region, iso, "country_converter 1.3.2, EXIO3 classification"])


def self_check() -> list[str]:
    """Re-read factors.csv and compare every country row with the package data."""
    problems = []
    with (HERE / "factors.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    glam = _edges("GLAM 1.0_Land use, biodiversity_damage")
    ibif = _edges("IBIF_biodiversity_LU_overall")
    sources = {"pdf_glam1": glam, "msa_ibif2": ibif}
    regions = _regions()
    for method, src in sources.items():
        for land_type in LAND_TYPES:
            have = {r["region"] for r in table if r["method"] == method and r["land_type"] == land_type}
            missing = sorted(set(regions) - have)
            print(f"{method} {land_type}: {len(have & set(regions))} of {len(regions)} EXIOBASE "
                  f"regions; missing {missing}")
        for r in table:
            if r["method"] != method or r["aggregation"] != "country":
                continue
            flow = LAND_TYPES[r["land_type"]][0]
            if float(r["value"]) != src[(flow, r["region"])]:
                problems.append(f"{method} {r['region']} {r['land_type']}: {r['value']} != "
                                f"{src[(flow, r['region'])]}")
            if not float(r["value_low"]) <= float(r["value"]) <= float(r["value_high"]):
                problems.append(f"{method} {r['region']} {r['land_type']}: bounds out of order")
    bridge = _data_file("bw2io", "bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv")
    with bridge.open(encoding="utf-8-sig") as handle:
        flows = {r["exiobase name"]: r["ecoinvent name"] for r in csv.DictReader(handle)}
    with (HERE / "land_type_map.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["layout"] == "exiobase3.8" and r["example_row"] in flows:
                if flows[r["example_row"]] != r["ecoinvent_flow"]:
                    problems.append(f"land_type_map: {r['example_row']} -> {r['ecoinvent_flow']}, "
                                    f"bw2io says {flows[r['example_row']]}")
    import sqlite3

    gpkg = _data_file("bw2-lcimpact", "bw2_lcimpact/data/land_use.gpkg")
    with sqlite3.connect(gpkg) as db:
        eco = dict(db.execute("SELECT eco_code, occup_average_annual FROM OGRGeoJSON "
                              "WHERE eco_code IN ('IM0118', 'IM0120')").fetchall())
    print("LC-IMPACT annual crops, bw2-lcimpact / 40 (Chaudhary 2015: 1.73e-15 to 2.28e-15):",
          {k: v * LCIMPACT_TO_GLOBAL for k, v in eco.items()})
    return problems


def main() -> int:
    _check_versions()
    rows = build()
    write(rows, _members())
    problems = self_check()
    size = sum(p.stat().st_size for p in HERE.glob("*.csv"))
    print(f"wrote {len(rows)} factor rows; config/characterisation/*.csv = {size / 1024:.0f} kB")
    for p in problems:
        print("SELF-CHECK FAILED:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
