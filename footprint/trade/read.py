"""Read bilateral trade in tonnes: the vendored FAOSTAT subset, or FAOSTAT's own bulk download.

Both readers return the same long table, :data:`TRADE_COLUMNS`: ``item, year, exporter, importer,
tonnes, data``, with FAO area codes for exporter and importer, tonnes in [t] and ``data`` the label
that says what the numbers are (real FAOSTAT data, which reporting side). An exporter with no rows
for an item in a year did not report (or was not reported) that year: that is "not reported",
never zero exports (:mod:`footprint.trade.waterbed`).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from footprint.config.trade import SIDES
from footprint.errors import ConfigError, CorruptDataError, DataFileNotFoundError
from footprint.trade.areas import ITEMS_TABLE, read_items, resolve_items

__all__ = [
    "BULK_COLUMNS",
    "SIDES",
    "TRADE_COLUMNS",
    "VENDORED",
    "VENDORED_LABEL",
    "bulk_label",
    "read_faostat_bulk",
    "read_vendored",
]

log = logging.getLogger(__name__)

VENDORED = Path(__file__).resolve().parent / "vendored" / "faostat_tm_subset.parquet"
"""The vendored subset (package data; rebuilt by ``make data-trade``)."""

VENDORED_LABEL = ("FAOSTAT, real data: detailed trade matrix, export quantity reported by the exporter "
                  "[t], 1995-2023 (vendored subset; FAO, CC BY 4.0)")
"""``data`` label of every row read from the vendored subset."""

TRADE_COLUMNS = ["item", "year", "exporter", "importer", "tonnes", "data"]

Side = Literal["exporter", "importer", "max"]

BULK_COLUMNS = ("Reporter Country Code", "Partner Country Code", "Item Code", "Element", "Year", "Unit",
                "Value")
"""Columns of FAOSTAT's normalized detailed-trade-matrix CSV that the bulk reader uses (others ignored)."""

_ELEMENTS = {"export quantity": "export", "import quantity": "import"}
_TONNES = {"t", "tonnes", "tonne"}
_AGGREGATE_AREAS = {351}  # "China" = mainland + Hong Kong + Macao + Taiwan; codes >= 5000 are regions


def _years_filter(years: Iterable[int] | None) -> set[int] | None:
    return None if years is None else {int(y) for y in years}


def _finish(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    frame = frame.sort_values(["item", "exporter", "importer", "year"], kind="mergesort")
    frame = frame.reset_index(drop=True)
    frame["data"] = pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=[label])
    return frame[TRADE_COLUMNS]


def read_vendored(items: str | Iterable[str] | None = None, years: Iterable[int] | None = None,
                  *, path: Path = VENDORED, item_table: Path = ITEMS_TABLE,
                  importers: Iterable[int] | None = None) -> pd.DataFrame:
    """Read the vendored FAOSTAT subset (export quantities reported by exporters, 1995-2023).

    Parameters
    ----------
    items : str or iterable of str, optional
        Item keys, short names or FAO names of ``footprint/defaults/trade/items.csv`` (default: all 28 items).
    years : iterable of int, optional
        Years to keep (default: all).
    path : Path
        The parquet file (default: the package's vendored file).
    item_table : Path
        The item table used to resolve ``items``.
    importers : iterable of int, optional
        FAO area codes of the importers to keep (default: all).

    Returns
    -------
    DataFrame
        :data:`TRADE_COLUMNS`: item, year, exporter and importer (FAO area codes), tonnes [t], data
        (:data:`VENDORED_LABEL`).

    Examples
    --------
    >>> soy = read_vendored("soybeans", [2020])
    >>> row = soy[(soy["exporter"] == 21) & (soy["importer"] == 150)]  # Brazil -> Netherlands
    >>> float(row["tonnes"].iloc[0])
    3250435.39
    """
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        raise DataFileNotFoundError(f"the vendored trade file {path} does not exist; rebuild it with "
                                    "`make data-trade`.")
    keys = resolve_items(items, read_items(item_table))
    filters: list[tuple[str, str, object]] = [("item", "in", keys)]
    wanted = _years_filter(years)
    if wanted is not None:
        filters.append(("year", "in", sorted(wanted)))
    if importers is not None:
        filters.append(("importer", "in", sorted(int(c) for c in importers)))
    frame = pq.read_table(path, filters=filters).to_pandas()
    frame["item"] = frame["item"].astype(str)
    return _finish(frame, VENDORED_LABEL)


def bulk_label(path: Path, side: str) -> str:
    """``data`` label of the rows read by :func:`read_faostat_bulk`."""
    what = {"exporter": "export quantity reported by the exporter",
            "importer": "import quantity reported by the importer",
            "max": "larger of the exporter's and the importer's report"}[side]
    return (f"FAOSTAT, real data: detailed trade matrix, {what} [t], bulk file {Path(path).name} "
            "(FAO, CC BY 4.0)")


def _member(archive: zipfile.ZipFile, path: Path) -> str:
    names = [n for n in archive.namelist() if n.lower().endswith(".csv") and "all_data" in n.lower()]
    if not names:
        raise CorruptDataError(
            f"{path} holds no '*All_Data*.csv' (it has {archive.namelist()}); pass FAOSTAT's "
            "'Trade_DetailedTradeMatrix_E_All_Data_(Normalized).zip'."
        )
    return sorted(names, key=lambda n: ("normalized" not in n.lower(), n))[0]


_BOM = b"\xef\xbb\xbf"


def _text(archive: zipfile.ZipFile, member: str) -> io.TextIOWrapper:
    """The member as Latin-1 text, a UTF-8 byte-order mark skipped.

    Latin-1 accepts any byte: the columns used are codes, numbers and ASCII words, so this reads UTF-8
    (newer FAOSTAT files) and Latin-1 (older ones) alike.
    """
    raw = archive.open(member)
    if raw.read(3) != _BOM:  # no mark: start again from the first byte
        raw.close()
        raw = archive.open(member)
    return io.TextIOWrapper(raw, encoding="latin-1", newline="")


def _chunks(path: Path, chunksize: int) -> Iterator[pd.DataFrame]:
    """The used columns of the CSV member, ``chunksize`` rows at a time, as strings."""
    with zipfile.ZipFile(path) as archive:
        member = _member(archive, path)
        with _text(archive, member) as text:
            header = [str(c).strip() for c in pd.read_csv(text, nrows=0).columns]
        missing = [c for c in BULK_COLUMNS if c not in header]
        if missing:
            raise CorruptDataError(
                f"{path}!{member} lacks the column(s) {missing} (it has {header}); pass the normalized "
                "detailed trade matrix ('Trade_DetailedTradeMatrix_E_All_Data_(Normalized)')."
            )
        used = [header.index(c) for c in BULK_COLUMNS]
        with _text(archive, member) as text:
            for chunk in pd.read_csv(text, header=0, usecols=used, dtype=str, keep_default_na=False,
                                     chunksize=chunksize):
                chunk.columns = [str(c).strip() for c in chunk.columns]
                yield chunk


def _filter_chunk(chunk: pd.DataFrame, codes: dict[int, str], years: set[int] | None) -> pd.DataFrame:
    element = chunk["Element"].str.strip().str.lower().map(_ELEMENTS)
    unit = chunk["Unit"].str.strip().str.lower()
    item = pd.to_numeric(chunk["Item Code"], errors="coerce").map(codes)
    keep = element.notna() & unit.isin(_TONNES) & item.notna()
    if years is not None:
        keep &= pd.to_numeric(chunk["Year"], errors="coerce").isin(years)
    sub = chunk[keep]
    value = pd.to_numeric(sub["Value"], errors="coerce")
    out = pd.DataFrame({
        "element": element[keep].to_numpy(dtype=object),
        "item": item[keep].to_numpy(dtype=object),
        "year": pd.to_numeric(sub["Year"]).to_numpy(dtype=np.int64),
        "reporter": pd.to_numeric(sub["Reporter Country Code"]).to_numpy(dtype=np.int64),
        "partner": pd.to_numeric(sub["Partner Country Code"]).to_numpy(dtype=np.int64),
        "tonnes": value.to_numpy(dtype=np.float64),
    })
    areas_ok = ~(out["reporter"].isin(_AGGREGATE_AREAS) | out["partner"].isin(_AGGREGATE_AREAS)
                 | (out["reporter"] >= 5000) | (out["partner"] >= 5000))
    return out[areas_ok & (out["tonnes"] > 0) & (out["reporter"] != out["partner"])]


def _sides(rows: pd.DataFrame, side: str) -> pd.DataFrame:
    exp = rows[rows["element"] == "export"].rename(columns={"reporter": "exporter", "partner": "importer"})
    imp = rows[rows["element"] == "import"].rename(columns={"reporter": "importer", "partner": "exporter"})
    keys = ["item", "year", "exporter", "importer"]
    exp = exp.groupby(keys, as_index=False)["tonnes"].sum()
    imp = imp.groupby(keys, as_index=False)["tonnes"].sum()
    if side == "exporter":
        return exp
    if side == "importer":
        return imp
    both = pd.concat([exp, imp], ignore_index=True)
    return both.groupby(keys, as_index=False)["tonnes"].max()


def read_faostat_bulk(path: str | Path, *, side: Side = "exporter",
                      items: str | Iterable[str] | None = None, years: Iterable[int] | None = None,
                      item_table: Path = ITEMS_TABLE, chunksize: int = 1_000_000) -> pd.DataFrame:
    """Read FAOSTAT's bulk download of the detailed trade matrix (normalized CSV in a zip).

    Parameters
    ----------
    path : str or Path
        ``Trade_DetailedTradeMatrix_E_All_Data_(Normalized).zip`` as downloaded from FAOSTAT (domain
        TM, bulk download "All Data Normalized"). Columns used: :data:`BULK_COLUMNS` (FAO area codes,
        FAO item codes, element "Export quantity" / "Import quantity", unit ``t``, value).
    side : {"exporter", "importer", "max"}
        Whose report to use: ``"exporter"`` the exporting country's export quantity (as the vendored
        subset), ``"importer"`` the importing country's import quantity (the mirror), ``"max"`` the
        larger of the two per item, year and pair (a pair reported by one side only keeps that report).
    items : str or iterable of str, optional
        Items of the item table (default: all); matched on ``fao_item_code``.
    years : iterable of int, optional
        Years to keep (default: all in the file).
    item_table : Path
        The item table (FAO item codes -> item keys).
    chunksize : int
        Rows read at a time (the full file has tens of millions of rows; memory stays bounded).

    Returns
    -------
    DataFrame
        :data:`TRADE_COLUMNS`, as :func:`read_vendored`. Regional aggregates (area codes >= 5000 and
        351 "China", the sum of 41, 96, 128 and 214), zero or empty values and self-flows are dropped;
        rows of other units (heads, numbers) are ignored.

    Raises
    ------
    DataFileNotFoundError
        ``path`` does not exist.
    CorruptDataError
        The zip holds no ``*All_Data*.csv`` or its header lacks a needed column.
    ConfigError
        ``side`` is not one of :data:`SIDES`.
    """
    path = Path(path)
    if side not in SIDES:
        raise ConfigError(f"trade side '{side}' is not one of {list(SIDES)}; choose the reporting side.")
    if not path.is_file():
        raise DataFileNotFoundError(f"the FAOSTAT bulk file {path} does not exist; download "
                                    "'Trade_DetailedTradeMatrix_E_All_Data_(Normalized).zip' from FAOSTAT.")
    if not zipfile.is_zipfile(path):
        raise CorruptDataError(f"{path} is not a zip archive; pass FAOSTAT's bulk download as downloaded.")
    table = read_items(item_table)
    keys = resolve_items(items, table)
    codes = {int(c): k for c, k in zip(table["fao_item_code"], table["item"], strict=True) if k in keys}
    wanted = _years_filter(years)
    parts = []
    for n, chunk in enumerate(_chunks(path, chunksize), start=1):
        parts.append(_filter_chunk(chunk, codes, wanted))
        if n % 10 == 0:
            log.info("FAOSTAT bulk file: %d rows read", n * chunksize)
    rows = pd.concat(parts, ignore_index=True)
    return _finish(_sides(rows, side), bulk_label(path, side))
