"""The column dictionary: every column of every table a run writes is documented, in one place."""

from __future__ import annotations

import pandas as pd

from footprint.outputs import columns
from footprint.results import RunResult
from tests.support import paths

README = paths.README


def test_every_written_column_is_documented(demo_written: RunResult) -> None:
    """Every csv of the demo run: each column has a meaning in footprint/outputs/column_dictionary.py.
    A table that gains a column fails here until its entry is added (then renew the README section)."""
    assert demo_written.out_dir is not None
    written = sorted(demo_written.out_dir.glob("*.csv"))
    assert {p.stem for p in written} >= {"attribution", "summary", "pressure_rows", "impacts",
                                          "bilateral", "scenarios", "waterbed_takers"}
    found = {p.stem: list(pd.read_csv(p, nrows=0).columns) for p in written}
    missing = {name: columns.undocumented(name, cols) for name, cols in found.items()}
    assert {k: v for k, v in missing.items() if v} == {}
    # and no entry describes a column the table no longer has (placeholders and batch-only aside)
    stale = {name: [c for c, (meaning, _) in columns.TABLES[name].items()
                    if c not in cols and "<" not in c and "batch dataset only" not in meaning]
             for name, cols in found.items()}
    assert {k: v for k, v in stale.items() if v} == {}
    by_region = demo_written.by_region.columns
    assert columns.undocumented("by_region", by_region) == [] and len(columns.TABLES["by_region"]) == len(
        by_region)


def test_placeholders_and_unknown_columns() -> None:
    assert columns.describe("impact_ranking_stability", "top_5_overlap") is not None
    assert columns.describe("tracker", "biotic_materials_index") is not None
    assert columns.undocumented("summary", ["total", "not_a_column"]) == ["not_a_column"]
    assert columns.undocumented("no_such_table", ["year"]) == ["year"]


def test_readme_holds_the_rendered_dictionary() -> None:
    """The README section is rendered from the code (fix: python -m footprint.outputs.columns README.md)."""
    assert columns.readme_section(README.read_text(encoding="utf-8")) == columns.markdown()


def test_workbook_about_sheet_holds_the_dictionary(demo_written: RunResult) -> None:
    assert demo_written.out_dir is not None
    about = pd.read_excel(demo_written.out_dir / "attribution.xlsx", sheet_name="about", header=None)
    header = about.index[about[0] == "table"][0]
    table = about.iloc[header + 1:, :4].set_axis(["table", "column", "meaning", "unit"], axis=1)
    assert set(table["table"]) == {"summary", "attribution", "pressure_rows", *demo_written.extra}
    row = table[(table["table"] == "summary") & (table["column"] == "share_abroad")].iloc[0]
    assert row["meaning"] == columns.TABLES["summary"]["share_abroad"][0] and row["unit"] == "[-]"
