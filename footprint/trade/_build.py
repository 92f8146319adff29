"""Build the vendored FAOSTAT trade subset and the area table from their pinned sources.

Used by ``config/trade/build_trade_data.py`` (``make data-trade``); never by a run. Both outputs are
written deterministically (sorted rows, fixed dtypes, pinned writer options, no timestamps or
library versions in the file's key-value metadata), so that a rebuild from the same wheels with the
same pyarrow major version gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from footprint.errors import CorruptDataError, UnknownCodeError, close_matches

__all__ = [
    "AREA_COLUMNS",
    "AREA_SUPPLEMENTS",
    "ITEMS_FOLDER",
    "SUBSET_COLUMNS",
    "build_areas",
    "build_subset",
    "sha256_of",
    "write_areas",
    "write_subset",
]

ITEMS_FOLDER = "netviz_tools/data/example_data/faostat/items/"
"""Folder of the per-item CSV files inside the ``netviz-tools`` 0.2.0 wheel."""

SUBSET_COLUMNS = ("item", "year", "exporter", "importer", "tonnes")
_SOURCE_COLUMNS = ("o_code", "d_code", "year", "item", "weight")

AREA_COLUMNS = ("fao_code", "name", "iso3", "exio_region", "source")

AREA_SUPPLEMENTS: dict[int, tuple[str, str, str]] = {
    41: ("CHN", "CN", "China mainland: FAO reports it apart from Hong Kong, Macao and Taiwan "
                      "(country_converter carries only the aggregate 351)"),
    276: ("SDN", "WF", "Sudan since 2012 (country_converter has no FAO code for it)"),
    206: ("SDN", "WF", "Sudan (former), until 2011, including South Sudan; ISO3 of its time"),
    186: ("SCG", "WE", "Serbia and Montenegro, until 2005; ISO 3166 code withdrawn in 2006"),
    15: ("", "BE", "Belgium-Luxembourg, until 1999; no ISO 3166 code; placed in BE, the larger part"),
    111: ("UMI", "WA", "Johnston Island: a United States Minor Outlying Island, region as "
                       "country_converter's UMI"),
    242: ("UMI", "WA", "Wake Island: a United States Minor Outlying Island, region as "
                       "country_converter's UMI"),
}
"""FAO areas that country_converter's table does not carry: FAO code -> (ISO3, EXIOBASE 3 region, why).

The first five are the issue's rule (issue 17); the two islands appear in the subset once each
(1998, 1999) and follow country_converter's row for ISO3 ``UMI``."""


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_item(archive: zipfile.ZipFile, item: str) -> pd.DataFrame:
    name = f"{ITEMS_FOLDER}{item}.csv"
    try:
        raw = archive.read(name)
    except KeyError:
        have = [n[len(ITEMS_FOLDER):-4] for n in archive.namelist() if n.startswith(ITEMS_FOLDER)]
        raise UnknownCodeError(
            f"item '{item}' has no file {name} in the wheel; {close_matches(item, have)}. Fix the item "
            "name in footprint/defaults/trade/items.csv."
        ) from None
    frame = pd.read_csv(io.BytesIO(raw), dtype={"o_code": "int64", "d_code": "int64",
                                                "year": "int64", "weight": "float64"})
    missing = [c for c in _SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise CorruptDataError(f"{name} lacks the column(s) {missing}; is this netviz-tools 0.2.0?")
    if not (frame["item"] == item).all():
        raise CorruptDataError(f"{name} holds rows of other items than '{item}'.")
    return frame


def build_subset(wheel: Path, items: Sequence[str], first_year: int, last_year: int
                 ) -> tuple[pd.DataFrame, dict[int, str]]:
    """Read the item files of the wheel into the compact subset table.

    Parameters
    ----------
    wheel : Path
        The ``netviz_tools-0.2.0-py3-none-any.whl`` file (a zip archive).
    items : sequence of str
        Item file names (without ``.csv``), as in ``footprint/defaults/trade/items.csv``.
    first_year, last_year : int
        Years kept, both included.

    Returns
    -------
    subset : DataFrame
        Columns item (str), year (int16), exporter (int16), importer (int16) [FAO area codes],
        tonnes (float64) [t]; sorted by item, exporter, importer, year. Rows with exporter ==
        importer (a few hundred self-flows, < 0.01 % of the tonnes) are dropped.
    names : dict
        FAO area code -> area name as the wheel spells it.
    """
    frames = []
    with zipfile.ZipFile(wheel) as archive:
        for item in items:
            frames.append(_read_item(archive, item))
    raw = pd.concat(frames, ignore_index=True)
    raw = raw[(raw["year"] >= first_year) & (raw["year"] <= last_year) & (raw["o_code"] != raw["d_code"])]
    if raw.duplicated(["item", "year", "o_code", "d_code"]).any():
        raise CorruptDataError("the wheel's item files repeat an (item, year, exporter, importer) row.")
    names: dict[int, str] = {}
    for code_col, name_col in (("o_code", "o_name"), ("d_code", "d_name")):
        pairs = raw[[code_col, name_col]].drop_duplicates()
        names.update(zip(pairs[code_col].astype(int), pairs[name_col].astype(str), strict=True))
    subset = pd.DataFrame({
        "item": raw["item"].astype(str).to_numpy(dtype=object),
        "year": raw["year"].to_numpy(dtype=np.int16),
        "exporter": raw["o_code"].to_numpy(dtype=np.int16),
        "importer": raw["d_code"].to_numpy(dtype=np.int16),
        "tonnes": raw["weight"].to_numpy(dtype=np.float64),
    })
    subset = subset.sort_values(["item", "exporter", "importer", "year"], kind="mergesort")
    return subset.reset_index(drop=True), dict(sorted(names.items()))


def write_subset(subset: pd.DataFrame, path: Path) -> None:
    """Write the subset as zstd parquet with pinned options and no key-value metadata.

    One row group, dictionary encoding for ``item`` only, zstd level 19, no statistics, no page
    index, no pandas or Arrow schema metadata: the bytes depend only on the rows and on the pyarrow
    major version (its ``created_by`` string).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("item", pa.string()), ("year", pa.int16()), ("exporter", pa.int16()),
                        ("importer", pa.int16()), ("tonnes", pa.float64())])
    table = pa.Table.from_pandas(subset[list(SUBSET_COLUMNS)], schema=schema, preserve_index=False)
    table = table.replace_schema_metadata(None)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, row_group_size=len(subset) + 1, version="2.6", use_dictionary=["item"],
                   compression="zstd", compression_level=19, write_statistics=False,
                   store_schema=False, write_page_index=False, write_page_checksum=False,
                   data_page_version="1.0")
    tmp.replace(path)


def build_areas(cc_table: pd.DataFrame, names: Mapping[int, str],
                supplements: Mapping[int, tuple[str, str, str]] = AREA_SUPPLEMENTS,
                cc_label: str = "country_converter 1.3.2") -> pd.DataFrame:
    """FAO area code -> name, ISO3 and EXIOBASE 3 region, for every area in ``names``.

    Parameters
    ----------
    cc_table : DataFrame
        country_converter's ``country_data.tsv`` read as strings (columns ``FAOcode``, ``ISO3``,
        ``EXIO3``, ``name_short``).
    names : mapping
        FAO area code -> FAO name of the areas to map (those of the subset).
    supplements : mapping
        Areas the table misses: FAO code -> (ISO3, EXIOBASE region, reason).
    cc_label : str
        How the ``source`` column cites country_converter.

    Returns
    -------
    DataFrame
        Columns fao_code, name, iso3, exio_region, source; sorted by fao_code.

    Raises
    ------
    UnknownCodeError
        An area of ``names`` is in neither the table nor ``supplements``.
    """
    cc = cc_table[cc_table["FAOcode"].astype(str).str.strip() != ""]
    by_code = {int(code): (iso3, region) for code, iso3, region
               in zip(cc["FAOcode"], cc["ISO3"], cc["EXIO3"], strict=True)}
    rows = []
    missing = []
    for code, name in sorted(names.items()):
        if code in supplements:
            iso3, region, why = supplements[code]
            rows.append((code, name, iso3, region, f"added by hand (issue 17): {why}"))
        elif code in by_code:
            iso3, region = by_code[code]
            rows.append((code, name, iso3, region, f"{cc_label} country_data.tsv (FAOcode, ISO3, EXIO3)"))
        else:
            missing.append(f"{code} {name}")
    if missing:
        raise UnknownCodeError(
            f"FAO area(s) {missing} are in neither country_converter's table nor the supplements; add "
            "them to AREA_SUPPLEMENTS in footprint/trade/_build.py with their ISO3 and EXIOBASE region."
        )
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS))


def write_areas(areas: pd.DataFrame, path: Path) -> None:
    """Write the area table as UTF-8 CSV with Unix line ends (deterministic)."""
    tmp = path.with_name(path.name + ".tmp")
    areas.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    tmp.replace(path)

