"""FAO areas and trade items: the two cited tables of ``footprint/defaults/trade/`` and lookups in them.

``areas.csv``: FAO area code -> FAO name, ISO3 and EXIOBASE 3 region (reduced from country_converter
1.3.2's table, with the areas it misses added by hand; rebuilt by ``make data-trade``).
``items.csv``: the FAO items of the vendored subset, their FAO item codes and the EXIOBASE 3 products
they match (the origin product whose land they reflect, and the product itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from footprint.defaults import DEFAULTS_DIR
from footprint.errors import ConfigError, DataFileNotFoundError, UnknownCodeError, close_matches

__all__ = [
    "AREAS_TABLE",
    "ITEMS_TABLE",
    "area_names",
    "area_regions",
    "read_areas",
    "read_items",
    "resolve_areas",
    "resolve_items",
]

TRADE_TABLES_DIR = DEFAULTS_DIR / "trade"
"""The packaged default tables (``footprint/defaults/trade/``; rebuilt by ``config/trade/``)."""
AREAS_TABLE = TRADE_TABLES_DIR / "areas.csv"
ITEMS_TABLE = TRADE_TABLES_DIR / "items.csv"

_AREA_COLUMNS = ("fao_code", "name", "iso3", "exio_region", "source")
_ITEM_COLUMNS = ("item", "fao_item_code", "fao_item", "short_name", "exio_origin_code",
                 "exio_origin_name", "exio_product_code", "exio_product_name", "source")


def _read(path: Path, columns: Sequence[str], what: str) -> pd.DataFrame:
    path = Path(path)
    stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path.is_file() else None
    return _read_cached(path, tuple(columns), what, stamp).copy()


@cache
def _read_cached(path: Path, columns: tuple[str, ...], what: str, stamp: tuple[int, int] | None
                 ) -> pd.DataFrame:
    """The table as read (cached per file version: the run reads the same tables many times)."""
    if stamp is None:
        raise DataFileNotFoundError(f"the {what} table {path} does not exist; rebuild it with "
                                    "`make data-trade` or pass the path of your own table.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ConfigError(f"the {what} table {path} lacks the column(s) {missing}; it needs {list(columns)}.")
    return table


def read_areas(path: Path = AREAS_TABLE) -> pd.DataFrame:
    """Read the FAO area table.

    Parameters
    ----------
    path : Path
        Default ``footprint/defaults/trade/areas.csv``.

    Returns
    -------
    DataFrame
        Columns fao_code (int), name, iso3 (empty where ISO 3166 has no code), exio_region
        (EXIOBASE 3 region code), source.

    Examples
    --------
    >>> areas = read_areas()
    >>> areas.set_index("fao_code").loc[21, ["name", "iso3", "exio_region"]].tolist()
    ['Brazil', 'BRA', 'BR']
    """
    table = _read(path, _AREA_COLUMNS, "FAO area")
    table["fao_code"] = table["fao_code"].astype(int)
    if table["fao_code"].duplicated().any():
        dup = sorted(table.loc[table["fao_code"].duplicated(), "fao_code"].tolist())
        raise ConfigError(f"the FAO area table {path} repeats the code(s) {dup}; keep one row each.")
    return table


def read_items(path: Path = ITEMS_TABLE) -> pd.DataFrame:
    """Read the trade item table.

    Parameters
    ----------
    path : Path
        Default ``footprint/defaults/trade/items.csv``.

    Returns
    -------
    DataFrame
        Columns item (key, as the vendored file spells it), fao_item_code (int), fao_item,
        short_name, item_group, exio_origin_code and exio_origin_name (the EXIOBASE 3 product whose
        land the item reflects, e.g. ``p01.e`` Oil seeds for soy cake), exio_product_code and
        exio_product_name (the product the item itself is in), source.
    """
    table = _read(path, _ITEM_COLUMNS, "trade item")
    table["fao_item_code"] = table["fao_item_code"].astype(int)
    return table


def area_names(areas: pd.DataFrame) -> dict[int, str]:
    """FAO area code -> FAO name."""
    return dict(zip(areas["fao_code"].astype(int), areas["name"], strict=True))


def area_regions(areas: pd.DataFrame) -> dict[int, str]:
    """FAO area code -> EXIOBASE 3 region code."""
    return dict(zip(areas["fao_code"].astype(int), areas["exio_region"], strict=True))


def _one_area(spec: int | str, areas: pd.DataFrame) -> list[int]:
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        code = int(spec)
        if code in set(areas["fao_code"]):
            return [code]
        hint = close_matches(str(code), areas["fao_code"].astype(str))
    else:
        text = spec.strip()
        code_column = {3: "iso3", 2: "exio_region"}.get(len(text))
        hit = areas.loc[areas["name"].str.casefold() == text.casefold(), "fao_code"]
        if code_column is not None and (areas[code_column] == text.upper()).any():
            hit = areas.loc[areas[code_column] == text.upper(), "fao_code"]
        if not hit.empty:
            return sorted(hit.astype(int))
        hint = close_matches(text, list(areas["name"]) + list(areas["iso3"]) + list(areas["exio_region"]))
    raise UnknownCodeError(
        f"area '{spec}' is not in the FAO area table (a FAO code, an ISO3 code, an EXIOBASE 3 region "
        f"code or a FAO name); {hint}. See footprint/defaults/trade/areas.csv."
    )


def resolve_areas(spec: int | str | Iterable[int | str], areas: pd.DataFrame) -> tuple[int, ...]:
    """FAO area codes named by a specification.

    Parameters
    ----------
    spec : int, str or iterable of them
        Each a FAO area code (``150``), an ISO3 code (``"NLD"``), an EXIOBASE 3 region code (``"NL"``,
        ``"WL"``: every FAO area placed in that region) or a FAO name (``"Brazil"``, any case).
    areas : DataFrame
        The FAO area table (:func:`read_areas`).

    Returns
    -------
    tuple of int
        Sorted FAO area codes.

    Raises
    ------
    UnknownCodeError
        A name or code is not in the table (the message lists close matches).

    Examples
    --------
    >>> areas = read_areas()
    >>> resolve_areas("NL", areas), resolve_areas("NLD", areas), resolve_areas(150, areas)
    ((150,), (150,), (150,))
    """
    specs = [spec] if isinstance(spec, int | str) else list(spec)
    codes: set[int] = set()
    for one in specs:
        codes.update(_one_area(one, areas))
    return tuple(sorted(codes))


def resolve_items(items: str | Iterable[str] | None, table: pd.DataFrame) -> list[str]:
    """Item keys named by ``items`` (keys, short names or FAO names; None = every item of the table).

    Raises
    ------
    UnknownCodeError
        An item is not in the table (the message lists close matches).
    """
    if items is None:
        return list(table["item"])
    wanted = [items] if isinstance(items, str) else list(items)
    lookup: dict[str, str] = {}
    for column in ("fao_item", "short_name", "item"):
        lookup.update({str(v).casefold(): k for v, k in zip(table[column], table["item"], strict=True)})
    out = []
    for one in wanted:
        key = lookup.get(str(one).casefold())
        if key is None:
            raise UnknownCodeError(
                f"trade item '{one}' is not in the item table; {close_matches(str(one), lookup)}. "
                "Use an item key, short name or FAO name of footprint/defaults/trade/items.csv."
            )
        if key not in out:
            out.append(key)
    return out
