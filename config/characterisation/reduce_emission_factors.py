"""Extract the nitrogen-deposition and climate biodiversity factors, and the EXIOBASE rows they apply to.

Not part of a run: run by hand; the outputs (next to this file) are committed and documented in
``README.md`` here (issue 16 part 5: N deposition and climate side by side with land; wired in later).

Inputs (in ``--wheels``)
------------------------
``edges-1.5.0-py3-none-any.whl``:
    ``IBIF_biodiversity_NH3_{overall,plants}.json``, ``IBIF_biodiversity_NOx_{overall,plants}.json``:
    IBIF v2 (Schipper et al. 2025) MSA loss from N deposition per kg NH3 / NOx emitted in a country
    (no vertebrate file: GLOBIO's N-deposition response covers plants only).
    ``IBIF_biodiversity_CO2_{overall,plants,vertebrates}.json``: IBIF v2 climate factor per kg CO2
    (one value for every country; edges lists CH4 and N2O at AR6 GWP100 multiples of it).
    ``GLAM 1.0_Climate change, terrestrial biodiversity_damage_RCP4.5.json``: GLAM 1.0 (version
    1.0.2024.10) terrestrial ecosystem quality, climate change, aggregated taxa, average, RCP4.5
    (Iordan et al. 2023; Verones et al. 2026), global PDF*yr per kg, one global value per gas.
``bw2io-0.9.17-py3-none-any.whl``: ``bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv``, the EXIOBASE 3.8
    stressor -> ecoinvent flow map; edges keys its factors by the same ecoinvent flow names.

Outputs
-------
``ibif_ndep_country.csv``: iso2, nh3_overall, nh3_plants, nox_overall, nox_plants [MSA-loss*km2*yr/kg].
``climate_factors.csv``: method, flow, species_group, value, unit: IBIF v2 and GLAM 1.0 per kg of gas.
``emission_stressor_map.csv``: layout, extension, stressor, stressor_unit, flow, pressure, included,
note: every EXIOBASE 3.8 / 3.9 air-emission row of NH3, NOx, CO2, CH4, N2O, SF6, HFC and PFC.

How to run (from the repository root; standard library only)::

    pip download --no-deps edges==1.5.0 bw2io==0.9.17 -d /tmp/wheels
    python3 config/characterisation/reduce_emission_factors.py --wheels /tmp/wheels
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path

from _reduce_common import TABLES, edges_table, fail, num, wheel, wheel_text, write_csv

NDEP = {"nh3": ("NH3", "Ammonia"), "nox": ("NOx", "Nitrogen oxides")}
NDEP_SPECIES = ("overall", "plants")
CLIMATE_FLOWS = ("Carbon dioxide, fossil", "Carbon dioxide, non-fossil", "Methane, fossil",
                 "Methane, non-fossil", "Dinitrogen monoxide", "Sulfur hexafluoride")
GLAM_FILE = "GLAM 1.0_Climate change, terrestrial biodiversity_damage_RCP4.5"
STRESSOR = re.compile(r"^(NH3|NOx|NOX|CO2|CH4|N2O|SF6|HFC|PFC)\b.* - air$")
PRESSURE = {"NH3": "nh3", "NOx": "nox", "NOX": "nox", "CO2": "ghg", "CH4": "ghg", "N2O": "ghg",
            "SF6": "ghg", "HFC": "ghg", "PFC": "ghg"}
# rows of EXIOBASE 3.9 air_emissions that 3.8 lacks (biogenic split of combustion emissions), with the
# ecoinvent flow we assign by analogy with bw2io's 3.8 map
EXTRA_39 = {"CO2_bio - combustion - air": "Carbon dioxide, non-fossil",
            "CH4_bio - combustion - air": "Methane, non-fossil",
            "N2O_bio - combustion - air": "Dinitrogen monoxide"}
CO2EQ_NOTE = ("kg CO2-eq row without a gas: characterise with the 'Carbon dioxide, fossil' factor per kg "
              "CO2-eq (approximation; the GWP basis of EXIOBASE's CO2-eq is not stated in the row)")
BIOGENIC_NOTE = ("biogenic CO2: left out, as the project's ghg pressure leaves it out (carbon-neutral "
                 "convention); GLAM 1.0 and IBIF v2 give non-fossil CO2 the fossil factor")


def ndep_rows(edges: Path) -> list[list[object]]:
    """Rows of ibif_ndep_country.csv, after checking units, flows and the overall = plants / 2 relation."""
    tables = {}
    for key, (label, flow) in NDEP.items():
        for species in NDEP_SPECIES:
            unit, table = edges_table(edges, f"IBIF_biodiversity_{label}_{species}")
            if unit != "MSA-loss.km2.yr":
                fail(f"IBIF {label} {species}: unit {unit!r}")
            tables[(key, species)] = {loc: v for (f, loc), v in table.items() if f == flow}
    locations = sorted(set.intersection(*(set(t) for t in tables.values())))
    rows: list[list[object]] = []
    for loc in locations:
        vals = [tables[(k, s)][loc] for k in NDEP for s in NDEP_SPECIES]
        if any(v <= 0 for v in vals):
            fail(f"IBIF N deposition {loc}: non-positive factor {vals}")
        rows.append([loc, *(num(v) for v in vals)])
    ratios = {round(tables[(k, "overall")][loc] / tables[(k, "plants")][loc], 2)
              for k in NDEP for loc in locations}
    print(f"IBIF N deposition: {len(locations)} countries; overall / plants ratios {sorted(ratios)}")
    return rows


def climate_rows(edges: Path) -> list[list[object]]:
    """Rows of climate_factors.csv: IBIF v2 per species group and GLAM 1.0, per kg of each gas."""
    rows: list[list[object]] = []
    for species in ("overall", "plants", "vertebrates"):
        _, table = edges_table(edges, f"IBIF_biodiversity_CO2_{species}")
        for flow in CLIMATE_FLOWS:
            values = {v for (f, _), v in table.items() if f == flow}
            if len(values) > 1:
                fail(f"IBIF CO2 {species} {flow}: {len(values)} different values over countries")
            if values:
                rows.append(["msa_ibif2", flow, species, num(values.pop()), "MSA-loss*km2*yr/kg"])
    unit, glam = edges_table(edges, GLAM_FILE)
    if unit != "Global PDF*y":
        fail(f"{GLAM_FILE}: unit {unit!r}")
    for flow in CLIMATE_FLOWS:
        if (flow, "") not in glam:
            fail(f"{GLAM_FILE}: no {flow!r}")
        rows.append(["pdf_glam1", flow, "aggregated", num(glam[(flow, "")]), "global PDF*yr/kg"])
    return rows


def _map_row(layout: str, extension: str, name: str, unit: str, flow: str) -> list[object]:
    """One row of emission_stressor_map.csv."""
    head = name.split(" ", 1)[0].split("_")[0]
    biogenic = name.startswith("CO2_bio") or name == "CO2 - waste - biogenic - air"
    note = BIOGENIC_NOTE if biogenic else CO2EQ_NOTE if unit == "kg CO2-eq" else ""
    return [layout, extension, name, unit, flow or "Carbon dioxide, fossil", PRESSURE[head],
            "no" if biogenic else "yes", note]


def stressor_rows(bw2io: Path) -> list[list[object]]:
    """Rows of emission_stressor_map.csv: EXIOBASE 3.8 from bw2io, 3.9 = the same names + EXTRA_39."""
    text = wheel_text(bw2io, "bw2io/data/lci/EXIOBASE-ecoinvent-biosphere.csv").lstrip("\ufeff")
    found = [(r["exiobase name"], r["exiobase unit"], r["ecoinvent name"])
             for r in csv.DictReader(io.StringIO(text)) if STRESSOR.match(r["exiobase name"])]
    rows = [_map_row("exiobase3.8", "satellite", *f) for f in found]
    rows += [_map_row("exiobase3.9", "air_emissions", *f) for f in found]
    rows += [_map_row("exiobase3.9", "air_emissions", name, "kg", flow) for name, flow in EXTRA_39.items()]
    unknown = {str(r[4]) for r in rows} - set(CLIMATE_FLOWS) - {flow for _, flow in NDEP.values()}
    if unknown:
        fail(f"stressor rows map to flows without a factor: {sorted(unknown)}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the pinned wheels")
    args = parser.parse_args()
    edges = wheel(args.wheels, "edges")
    ndep = ndep_rows(edges)
    climate = climate_rows(edges)
    stressors = stressor_rows(wheel(args.wheels, "bw2io"))
    write_csv(TABLES / "ibif_ndep_country.csv",
              ["iso2", *(f"{k}_{s}" for k in NDEP for s in NDEP_SPECIES)], ndep)
    write_csv(TABLES / "climate_factors.csv", ["method", "flow", "species_group", "value", "unit"], climate)
    write_csv(TABLES / "emission_stressor_map.csv", ["layout", "extension", "stressor", "stressor_unit",
                                                   "flow", "pressure", "included", "note"], stressors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
