"""The column dictionary: what every column of every table a run or a batch writes means, and its unit.

One place for it: the workbook's ``about`` sheet (:func:`about_frame`) and the README's section
"Column dictionary" (:func:`markdown`) are rendered from :data:`TABLES`
(:mod:`footprint.outputs.column_dictionary`), and a test checks that every column of every table
written by the demo run, the batch dataset and the series has an entry. A table that gains a column
needs its entry there; then ``python -m footprint.outputs.columns README.md`` renews the README
section.

Units: ``unit`` means the unit given in the row's ``unit`` column (it differs per indicator);
``[-]`` a fraction (0.25 = 25 %); an empty unit a label or a count.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from footprint.outputs.column_dictionary import ROWS, TABLES, Entry

__all__ = ["TABLES", "about_frame", "describe", "markdown", "undocumented"]


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"<[a-z_]+>", ".+", re.escape(name)) + "$")


def describe(table: str, column: str) -> Entry | None:
    """The (meaning, unit) of a table's column, or None when the dictionary lacks it."""
    entries = TABLES.get(table, {})
    if column in entries:
        return entries[column]
    return next((e for name, e in entries.items() if "<" in name and _pattern(name).match(column)), None)


def undocumented(table: str, columns: Iterable[str]) -> list[str]:
    """The columns of ``table`` without an entry in :data:`TABLES` (every one for an unknown table)."""
    return [c for c in columns if describe(table, str(c)) is None]


def about_frame(tables: Sequence[str] | None = None) -> pd.DataFrame:
    """The dictionary as one long table (table, column, meaning, unit) for the workbook's about sheet.

    Parameters
    ----------
    tables : sequence of str, optional
        Tables to include, in this order (default: all).
    """
    rows = [{"table": t, "column": c, "meaning": meaning, "unit": unit}
            for t in (tables if tables is not None else list(TABLES))
            for c, (meaning, unit) in TABLES.get(t, {}).items()]
    return pd.DataFrame(rows, columns=["table", "column", "meaning", "unit"])


def markdown(tables: Mapping[str, dict[str, Entry]] = TABLES) -> str:
    """The dictionary in Markdown, one collapsible block per table (the README section)."""
    parts = []
    for table, entries in tables.items():
        lines = [f"<details><summary><code>{table}</code>: {ROWS.get(table, '')}</summary>", "",
                 "| column | meaning | unit |", "|---|---|---|"]
        lines += [f"| `{c}` | {meaning} | {unit} |" for c, (meaning, unit) in entries.items()]
        parts.append("\n".join([*lines, "", "</details>"]))
    return "\n\n".join(parts) + "\n"


BEGIN, END = "<!-- column dictionary: begin -->", "<!-- column dictionary: end -->"


def readme_section(text: str) -> str:
    """The text between the README's column-dictionary markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m footprint.outputs.columns README.md``: renew the README section from :data:`TABLES`."""
    path = Path((argv if argv is not None else sys.argv[1:])[0])
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    path.write_text(f"{head}{BEGIN}\n{markdown()}{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
