"""The embedded demonstration MRIO: a small synthetic system in the EXIOBASE 3 pxp file layout.

The archive ``IOT_<year>_pxp.zip`` shipped next to this module is made by
``python -m footprint.demo.make_demo`` (see :mod:`footprint.demo.make_demo`). It has 15
regions (NL, its neighbours, the main trade partners and the five EXIOBASE rest-of-world regions),
53 products with exact EXIOBASE 3 pxp names, the 7 EXIOBASE final-demand categories and the
EXIOBASE 3.8 ``satellite``/``impacts`` extensions with real EXIOBASE 3.8 row names (the generator also
writes the 3.9 layout with real 3.9 names). Every number in it is invented: use it to test and to learn
the tool, never to report a footprint.
"""

from __future__ import annotations

from pathlib import Path

from footprint.errors import DataFileNotFoundError

__all__ = ["DEMO_LABEL", "DEMO_YEARS", "demo_path"]

DEMO_YEARS: tuple[int, ...] = (2010, 2016, 2019, 2022)
"""Years for which a demo archive is shipped."""

DEMO_LABEL: str = (
    "ILLUSTRATIVE SYNTHETIC DEMO DATA - not EXIOBASE; "
    "numbers are invented for testing and teaching"
)
"""Label carried by the demo archive (metadata, README) and into every result made from it."""

_HERE = Path(__file__).resolve().parent


def demo_path(year: int = 2022) -> Path:
    """Return the path of the shipped demo archive for ``year``.

    Parameters
    ----------
    year : int
        Reference year of the demo table; one of :data:`DEMO_YEARS`.

    Returns
    -------
    pathlib.Path
        ``.../footprint/demo/IOT_<year>_pxp.zip``, readable with ``pymrio.parse_exiobase3``.

    Raises
    ------
    DataFileNotFoundError
        When no archive is shipped for ``year``; the message names the available years and how to
        make one.

    Examples
    --------
    >>> demo_path().name
    'IOT_2022_pxp.zip'
    """
    path = _HERE / f"IOT_{year}_pxp.zip"
    if year not in DEMO_YEARS or not path.is_file():
        available = ", ".join(str(y) for y in DEMO_YEARS)
        raise DataFileNotFoundError(
            f"No demo MRIO archive for year {year} at {path}. Available demo years: {available}. "
            "Pick one of those, or write one with "
            f"footprint.demo.make_demo.write_demo(Path('IOT_{year}_pxp.zip'), year={year})."
        )
    return path
