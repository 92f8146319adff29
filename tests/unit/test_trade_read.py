"""The reader of FAOSTAT's bulk detailed trade matrix, on self-written fixtures in its layout.

The layout (normalized CSV in a zip, one row per reporter, partner, item, element and year; FAO and M49
area codes, M49 and CPC codes with a leading apostrophe; elements "Export quantity" 5910 and "Import
quantity" 5610 in t, values in 1000 USD) is FAOSTAT's "Trade_DetailedTradeMatrix_E_All_Data_(Normalized)";
the rows below are invented for the test.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from footprint.errors import ConfigError, CorruptDataError, DataFileNotFoundError
from footprint.trade import read_faostat_bulk
from footprint.trade.read import TRADE_COLUMNS

HEADER = ["Reporter Country Code", "Reporter Country Code (M49)", "Reporter Countries",
          "Partner Country Code", "Partner Country Code (M49)", "Partner Countries", "Item Code",
          "Item Code (CPC)", "Item", "Element Code", "Element", "Year Code", "Year", "Unit", "Value", "Flag",
          "Note"]
AREAS = {21: ("'076", "Brazil"), 150: ("'528", "Netherlands (Kingdom of the)"),
         41: ("'156", "China, mainland"), 9: ("'032", "Argentina"), 169: ("'600", "Paraguay"),
         223: ("'792", "Türkiye"),
         107: ("'384", "Côte d'Ivoire"), 5000: ("'001", "World"), 351: ("'159", "China")}
ITEMS = {236: ("'0141", "Soya beans"), 257: ("'2165", "Palm oil"), 15: ("'0111", "Wheat")}
ELEMENTS = {"Export quantity": "5910", "Import quantity": "5610", "Export value": "5922"}

# reporter, partner, item, element, year, unit, value
ROWS = [
    (21, 150, 236, "Export quantity", 2020, "t", "3000"),
    (150, 21, 236, "Import quantity", 2020, "t", "2300"),      # the mirror is lower
    (21, 41, 236, "Export quantity", 2020, "t", "50000"),
    (41, 21, 236, "Import quantity", 2020, "t", "52000"),      # the mirror is higher
    (9, 150, 236, "Export quantity", 2021, "t", "100"),        # reported by the exporter only
    (150, 169, 236, "Import quantity", 2021, "t", "40"),       # reported by the importer only
    (21, 150, 236, "Export value", 2020, "1000 USD", "1200"),  # a value: ignored
    (21, 5000, 236, "Export quantity", 2020, "t", "53000"),    # a regional aggregate: dropped
    (351, 21, 236, "Import quantity", 2020, "t", "52500"),     # FAO's "China" total: dropped
    (21, 150, 15, "Export quantity", 2020, "t", "777"),        # an item outside the table: ignored
    (21, 223, 236, "Export quantity", 2020, "t", ""),          # empty value: dropped
    (21, 107, 236, "Export quantity", 2020, "t", "0"),         # zero: dropped
    (107, 150, 257, "Export quantity", 2019, "t", "12.5"),
    (107, 150, 257, "Export quantity", 2019, "An", "3"),       # another unit: ignored
]


def write_bulk(path: Path, rows: list[tuple[int, int, int, str, int, str, str]] = ROWS, *,
               encoding: str = "utf-8", bom: bool = False, header: list[str] = HEADER,
               member: str = "Trade_DetailedTradeMatrix_E_All_Data_(Normalized).csv") -> Path:
    """Write a FAOSTAT-layout bulk zip (with the flags file FAOSTAT ships beside the data)."""
    text = io.StringIO()
    writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for rep, par, item, element, year, unit, value in rows:
        writer.writerow([rep, *AREAS[rep], par, *AREAS[par], item, *ITEMS[item], ELEMENTS[element], element,
                         year, year, unit, value, "A", ""])
    data = ("\ufeff" if bom else "") + text.getvalue()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data.encode(encoding))
        archive.writestr("Trade_DetailedTradeMatrix_E_Flags.csv", "Flag,Description\nA,Official figure\n")
    return path


def _pairs(frame: pd.DataFrame) -> dict[tuple[str, int, int, int], float]:
    return {(r.item, r.year, r.exporter, r.importer): r.tonnes for r in frame.itertuples()}


def test_exporter_side(tmp_path: Path) -> None:
    got = read_faostat_bulk(write_bulk(tmp_path / "tm.zip"), side="exporter")
    assert list(got.columns) == TRADE_COLUMNS
    assert _pairs(got) == {("soya_beans", 2020, 21, 150): 3000.0, ("soya_beans", 2020, 21, 41): 50000.0,
                           ("soya_beans", 2021, 9, 150): 100.0, ("palm_oil", 2019, 107, 150): 12.5}
    assert set(got["data"]) == {"FAOSTAT, real data: detailed trade matrix, export quantity reported by the "
                                "exporter [t], bulk file tm.zip (FAO, CC BY 4.0)"}


def test_importer_side(tmp_path: Path) -> None:
    got = read_faostat_bulk(write_bulk(tmp_path / "tm.zip"), side="importer")
    assert _pairs(got) == {("soya_beans", 2020, 21, 150): 2300.0, ("soya_beans", 2020, 21, 41): 52000.0,
                           ("soya_beans", 2021, 169, 150): 40.0}
    assert "import quantity reported by the importer" in got["data"].iloc[0]


def test_larger_side(tmp_path: Path) -> None:
    got = read_faostat_bulk(write_bulk(tmp_path / "tm.zip"), side="max", items=["soybeans"])
    assert _pairs(got) == {("soya_beans", 2020, 21, 150): 3000.0, ("soya_beans", 2020, 21, 41): 52000.0,
                           ("soya_beans", 2021, 9, 150): 100.0, ("soya_beans", 2021, 169, 150): 40.0}


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("latin-1", False)])
def test_encodings_and_byte_order_mark(tmp_path: Path, encoding: str, bom: bool) -> None:
    got = read_faostat_bulk(write_bulk(tmp_path / "tm.zip", encoding=encoding, bom=bom), years=[2019],
                            chunksize=3)
    assert _pairs(got) == {("palm_oil", 2019, 107, 150): 12.5}


def test_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(DataFileNotFoundError, match="Normalized"):
        read_faostat_bulk(tmp_path / "missing.zip")
    not_zip = tmp_path / "tm.csv"
    not_zip.write_text("Reporter Country Code\n")
    with pytest.raises(CorruptDataError, match="not a zip"):
        read_faostat_bulk(not_zip)
    with pytest.raises(CorruptDataError, match="All_Data"):
        read_faostat_bulk(write_bulk(tmp_path / "a.zip", member="something_else.csv"))
    with pytest.raises(CorruptDataError, match=r"\['Value'\]"):
        read_faostat_bulk(write_bulk(tmp_path / "b.zip", rows=[], header=[h for h in HEADER if h != "Value"]))
    with pytest.raises(ConfigError, match="exporter"):
        read_faostat_bulk(write_bulk(tmp_path / "c.zip"), side="both")  # type: ignore[arg-type]
