"""Folders of the checkout that tests read (never write: every test writes into its own tmp folder)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["NOTEBOOKS", "README", "ROOT"]

#: The repository checkout the tests run from.
ROOT = Path(__file__).resolve().parents[2]
#: The project's README (its column dictionary and module map are checked).
README = ROOT / "README.md"
#: The notebooks the tests execute.
NOTEBOOKS = ROOT / "notebooks"
