"""Helpers for checking footprint's outputs, for its own tests and for anyone who builds on it.

* :mod:`footprint.testing.checks`: assertion helpers for result tables, the identities every result
  keeps (DOMAIN.md 5.2): :func:`assert_origins_sum_to_totals` (a group's footprint summed over origins
  is its total, domestic + abroad = total), :func:`assert_shares_sum_to_one`, :func:`assert_finite`
  and :func:`assert_data_label`. Each raises :class:`AssertionError` naming the table, the rows at
  fault and the numbers.
* :mod:`footprint.testing.compare`: ``python -m footprint.testing compare A B`` compares every file
  of two results folders (tables exactly, the workbook cell by cell, figures, JSON and the report
  with times and paths masked); :func:`compare_folders` is the same in Python.

Usage, on a run in memory::

    import footprint
    from footprint.testing import assert_data_label, assert_origins_sum_to_totals

    result = footprint.run("demo", write=False)
    assert_origins_sum_to_totals(result.attribution, result.summary)
    assert_data_label(result.summary, result.manifest["data_label"], table="summary")
"""

from __future__ import annotations

from footprint.testing.checks import (
    assert_data_label,
    assert_finite,
    assert_origins_sum_to_totals,
    assert_shares_sum_to_one,
)
from footprint.testing.compare import VOLATILE, Finding, compare_folders, main

__all__ = ["VOLATILE", "Finding", "assert_data_label", "assert_finite", "assert_origins_sum_to_totals",
           "assert_shares_sum_to_one", "compare_folders", "main"]
