"""The comparison of two results folders (``python -m footprint.testing compare A B``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from footprint.files import write_tables
from footprint.testing import compare_folders, main


def _folder(root: Path, value: float = 1.5, created: str = "2026-12-01T19:00:00+0000") -> Path:
    root.mkdir(parents=True)
    frame = pd.DataFrame({"region": ["NL", "DE"], "value": [value, 2.0]})
    write_tables({"summary": frame}, root, "Synthetic demo")
    manifest = {"created": created, "config": f"{root}/run.toml", "years": [2022], "timings_s": {"a": 1.0}}
    (root / "manifest.json").write_text(json.dumps(manifest))
    (root / "figures").mkdir()
    (root / "figures" / "a.txt").write_text(f"written to {root}/a.txt\n")
    return root


def test_equal_folders_compare_equal_with_paths_and_times_masked(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    a = _folder(tmp_path / "a" / "demo")
    b = _folder(tmp_path / "b" / "demo", created="2026-12-02T08:00:00+0000")
    findings = {f.path: f for f in compare_folders(a, b)}
    assert all(f.ok for f in findings.values()), findings
    assert findings["summary.parquet"].status in ("identical", "equal")
    assert findings["manifest.json"].status == "equal after masking"
    assert "created" in findings["manifest.json"].detail
    assert main(["compare", str(a), str(b)]) == 0
    assert "0 DIFFERS" not in capsys.readouterr().out


def test_a_changed_value_a_missing_figure_and_a_manifest_key_are_differences(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _folder(tmp_path / "a")
    b = _folder(tmp_path / "b", value=1.5000001)
    (b / "figures" / "a.txt").unlink()
    manifest = json.loads((b / "manifest.json").read_text())
    manifest["years"] = [2016]
    (b / "manifest.json").write_text(json.dumps(manifest))
    bad = {f.path: f for f in compare_folders(a, b) if not f.ok}
    assert set(bad) == {"summary.parquet", "summary.csv", "manifest.json", "figures/a.txt"}
    assert bad["figures/a.txt"].status == "only in A"
    assert "value" in bad["summary.csv"].detail
    assert "/years" in bad["manifest.json"].detail
    assert main(["compare", str(a), str(b), "--quiet"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any("summary.parquet" in line for line in out)
    assert not any(line.startswith(("identical", "equal")) for line in out)  # --quiet: differences only


def test_a_renamed_table_is_found_under_its_new_name(tmp_path: Path) -> None:
    a = _folder(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    for suffix in (".csv", ".parquet"):
        (b / f"summary{suffix}").rename(b / f"overview{suffix}")
    assert not all(f.ok for f in compare_folders(a, b))
    assert all(f.ok for f in compare_folders(a, b, {"summary": "overview"}))
