"""Bad input gets a footprint message, never a traceback or a silently wrong number (issue 13;
issue 14 parts 2 and 6; issue 12 part 10).

Systems with damaged matrices are the demo archive extracted into a folder with one cell edited as
text, read as source "exiobase3" (the same reader as real EXIOBASE downloads).
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.attribution import consumer_columns
from footprint.batch.folder import differences, fingerprint
from footprint.cli import main
from footprint.config import CONFIG_DIR, ConsumerConfig, load_config
from footprint.demo import demo_path
from footprint.errors import CorruptDataError, InvalidValuesError, UnknownCodeError, close_matches
from footprint.inputs import sources
from footprint.inputs.system import MRIO
from footprint.pipeline import run
from footprint.vocabulary import NO_SECTOR
from tests.support.runs import raw_run as _raw


def _demo_folder(tmp: Path) -> Path:
    """The 2022 demo archive extracted: ``<tmp>/IOT_2022_pxp`` (A, Z, x, Y, extensions as text)."""
    with zipfile.ZipFile(demo_path(2022)) as archive:
        archive.extractall(tmp)
    return tmp / "IOT_2022_pxp"


def _set_cell(table: Path, row: int, col: int, value: str) -> tuple[str, str]:
    """Replace data cell (row, col) of a pymrio text table (2 index columns; 2 header lines and a
    line of index names); returns the cell's (row label, column label) as region/sector."""
    lines = table.read_text(encoding="utf-8").split("\n")
    cells = lines[3 + row].split("\t")
    cells[2 + col] = value
    lines[3 + row] = "\t".join(cells)
    table.write_text("\n".join(lines), encoding="utf-8")
    head = [line.split("\t") for line in lines[:2]]
    return f"{cells[0]}/{cells[1]}", f"{head[0][2 + col]}/{head[1][2 + col]}"


# ------------------------------------------------------------------ all-zero footprints


def test_all_zero_final_demand_gives_a_zero_result_with_a_note(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's reproduction: exports only, inventories and household direct off (the demo's
    export column is zero); once a KeyError: 'group' traceback in tables.summary."""
    run_file = tmp_path / "zero.toml"
    run_file.write_text(
        '[consumer]\nfinal_demand = ["Exports: Total (fob)"]\ninclude_inventories = false\n'
        'include_household_direct = false\n[data]\nyears = [2016, 2022]\n'
        f'[output]\ndir = "{tmp_path / "results"}"\n'
        f'[waterbed]\nenabled = true\nscenarios = "{CONFIG_DIR / "scenarios.toml"}"\n',
        encoding="utf-8")
    assert main(["run", str(run_file), "--quiet"]) == 0  # with figures, workbook and impacts
    out = capsys.readouterr().out
    assert "the footprint is zero for every group and pressure" in out
    assert "final_demand = ['Exports: Total (fob)']" in out
    folder = tmp_path / "results" / "zero"
    summary = pd.read_csv(folder / "summary.csv")
    assert (summary["total"] == 0).all() and len(summary) > 0
    long = pd.read_parquet(folder / "attribution.parquet")
    assert (long["value"] == 0).all() and set(long["origin_sector"]) == {NO_SECTOR}
    notes = json.loads((folder / "manifest.json").read_text())["notes"]
    assert any("waterbed stage was skipped" in n for n in notes)
    assert (folder / "report.html").is_file() and (folder / "attribution.xlsx").is_file()


def test_all_zero_stressors_give_a_zero_result_with_a_note(tmp_path: Path) -> None:
    """Issue 14 part 2: chosen stressors that are zero for the consumer (the demo's domestic blue
    water row is zero in F; household direct use off)."""
    table = tmp_path / "pressures.csv"
    table.write_text(
        "pressure,layout,extension,pattern,input_unit,factor,unit,source\n"
        "water_domestic,exiobase3.8,satellite,^Water Consumption Blue - Domestic,Mm3,1,Mm3,test\n",
        encoding="utf-8")
    result = run(_raw(tmp_path, pressures={"table": str(table)},
                      consumer={"include_household_direct": False}), write=False)
    assert (result.summary["total"] == 0).all()
    assert any("the chosen pressures are zero along the supply chains" in n for n in result.notes)


# ------------------------------------------------------------------ strict switch


def test_strict_switch_in_the_run_file(tmp_path: Path) -> None:
    folder = _demo_folder(tmp_path)
    lines = (folder / "x.txt").read_text(encoding="utf-8").split("\n")
    cells = lines[5].split("\t")  # data row 4 (one header line)
    cells[2] = repr(float(cells[2]) * 1.01)
    lines[5] = "\t".join(cells)
    (folder / "x.txt").write_text("\n".join(lines), encoding="utf-8")
    data = {"source": "exiobase3", "path": str(folder), "cache_dir": str(tmp_path / "cache")}
    with pytest.raises(CorruptDataError) as info:
        run(_raw(tmp_path, data=data), write=False)
    text = str(info.value)
    assert "[checks] strict = false" in text and "[checks] balance_rtol" in text
    assert f"('{cells[0]}', '{cells[1]}')" in text
    out = tmp_path / "lenient"
    result = run(_raw(tmp_path, data=data, checks={"strict": False}), out_dir=out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["checks"]["strict"] is False and manifest["checks"]["balance_rtol"] == 1e-6
    assert any("balance" in w for w in manifest["checks"]["warnings"])
    assert any(n.startswith("warning: ") for n in result.notes)
    # a tolerance that covers the 1 % change passes strictly
    run(_raw(tmp_path, data=data, checks={"balance_rtol": 0.05}), write=False)


# ------------------------------------------------------------------ matrices read but not used


def test_nan_in_an_unused_z_is_an_error(tmp_path: Path) -> None:
    folder = _demo_folder(tmp_path)
    row, _ = _set_cell(folder / "Z.txt", 3, 7, "nan")
    with pytest.raises(InvalidValuesError, match=r"the matrix Z as read holds 1 NaN/inf") as info:
        sources.read_system("exiobase3", folder, cache_dir=tmp_path / "cache")
    assert "('{}', '{}')".format(*row.split("/", 1)) in str(info.value)


def test_nan_in_final_demand_is_not_read_as_zero(tmp_path: Path) -> None:
    folder = _demo_folder(tmp_path)
    _set_cell(folder / "Y.txt", 0, 0, "nan")
    with pytest.raises(InvalidValuesError, match=r"matrix Y as read"):
        sources.read_system("exiobase3", folder, cache_dir=tmp_path / "cache")


def test_nan_in_final_demand_stressors_is_read_as_none_with_a_note(tmp_path: Path) -> None:
    """pymrio's WIOD parser writes NaN where value added has no final-demand entry: F_Y's NaN
    counts as 0 and is noted, an infinite value stays an error."""
    folder = _demo_folder(tmp_path)
    _set_cell(folder / "satellite" / "F_Y.txt", 0, 0, "nan")
    mrio, _ = sources.read_system("exiobase3", folder, cache_dir=tmp_path / "cache")
    assert any("satellite F_Y holds 1 NaN value(s)" in n for n in mrio.notes)
    _set_cell(folder / "satellite" / "F_Y.txt", 0, 1, "inf")
    with pytest.raises(InvalidValuesError, match=r"satellite F_Y as read holds 2 NaN/inf"):
        sources.read_system("exiobase3", folder, cache_dir=tmp_path / "cache2")


def test_huge_negative_in_an_unused_z_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    folder = _demo_folder(tmp_path)
    row, col = _set_cell(folder / "Z.txt", 3, 7, "-1e9")
    data = {"source": "exiobase3", "path": str(folder), "cache_dir": str(tmp_path / "cache")}
    with pytest.raises(CorruptDataError) as info:
        run(_raw(tmp_path, data=data), write=False)
    text = str(info.value)
    r_region, r_sector = row.split("/", 1)
    c_region, c_sector = col.split("/", 1)
    assert "Z (read but not used" in text and "-1e+09" in text
    assert f"('{r_region}', '{r_sector}')" in text and f"('{c_region}', '{c_sector}')" in text
    lenient = run(_raw(tmp_path, data=data, checks={"strict": False}), write=False)
    assert any(n.startswith("warning: ") and "Z (read but not used" in n for n in lenient.notes)
    assert lenient.manifest["system"]["A_from"] == "A"


# ------------------------------------------------------------------ codes checked before loading


@pytest.fixture
def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any, **__: Any) -> None:
        raise AssertionError("the data were loaded before the codes were checked")

    monkeypatch.setattr(sources, "read_system", boom)


def test_region_codes_are_checked_before_loading(tmp_path: Path, no_loading: None) -> None:
    with pytest.raises(UnknownCodeError, match=r"consumer region 'NLD'.*close matches: 'NL'"):
        run(_raw(tmp_path, consumer={"region": "NLD"}), write=False)
    scenarios = tmp_path / "s.toml"
    for key, value in (("origins", '["BRA"]'), ("to_regions", '["XX"]')):
        extra = 'allocation = "to_regions"\n' if key == "to_regions" else ""
        scenarios.write_text(f'[[scenario]]\nname = "s"\ngroup = "protein"\nq = 0.1\nd = 0.5\n'
                             f'{key} = {value}\n{extra}', encoding="utf-8")
        with pytest.raises(UnknownCodeError, match="scenario 's'"):
            run(_raw(tmp_path, waterbed={"enabled": True, "scenarios": str(scenarios)}), write=False)


def test_region_codes_of_a_folder_source_before_loading(tmp_path: Path, no_loading: None) -> None:
    folder = _demo_folder(tmp_path)
    data = {"source": "exiobase3", "path": str(folder)}
    with pytest.raises(UnknownCodeError, match="consumer region 'XX'"):
        run(_raw(tmp_path, data=data, consumer={"region": "XX"}), write=False)


# ------------------------------------------------------------------ close matches


def test_close_matches_never_offer_the_rejected_code_and_list_valid_names() -> None:
    assert "'F_NPSH'" not in close_matches("F_NPSH", ["F_NPSH", "F_HOUS"]).split(":", 1)[1]
    oecd = ["HFCE", "NPS", "GGFC", "GFCF", "INV"]
    assert close_matches("I_CHVA", oecd) == "valid names are: 'HFCE', 'NPS', 'GGFC', 'GFCF', 'INV'"
    many = [f"sector {i}" for i in range(40)]
    assert close_matches("zzz", many).endswith("(and 10 more)")
    assert close_matches("Sector 3", many).startswith("close matches: 'sector 3'")  # case differs


def test_final_demand_message_on_oecd_categories(random_mrio: Any) -> None:
    """Issue 12 part 10 / 14 part 6: an EXIOBASE label whose category the data lack is not offered
    back; the data's categories are listed."""
    base: MRIO = random_mrio(0, n_fd=5)
    mrio = dataclasses.replace(base, fd_categories=("HFCE", "NPS", "GGFC", "GFCF", "INV"))
    with pytest.raises(UnknownCodeError) as info:
        consumer_columns(mrio, ConsumerConfig("R0", ("F_NPSH",), False, False))
    text = str(info.value)
    assert "'F_NPSH' is not in the data" in text and "close matches: 'F_NPSH'" not in text
    assert "'NPS'" in text
    with pytest.raises(UnknownCodeError, match="valid names are: 'HFCE', 'NPS', 'GGFC', 'GFCF', 'INV'"):
        consumer_columns(mrio, ConsumerConfig("R0", ("X_TOTA",), False, False))


# ------------------------------------------------------------------ batch refused: what differs


def test_batch_refusal_names_the_keys_and_tables_that_differ(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text((CONFIG_DIR / "product_groups.csv").read_text(encoding="utf-8"))
    raw = _raw(tmp_path, groups={"table": str(groups)})
    _, before = fingerprint(load_config(raw))
    groups.write_text(groups.read_text(encoding="utf-8") + "\n")  # any change of the content
    raw["consumer"] = {"region": "DE"}
    raw["output"]["group_figures"] = True  # output settings do not change the dataset
    _, after = fingerprint(load_config(raw))
    differ = differences(json.loads(json.dumps(before)), after)
    assert differ == ["[consumer] region", f"the groups table ({groups})"]
    # the checks only accept or refuse data: they do not make a dataset another one
    raw["checks"] = {"strict": False, "balance_rtol": 1e-3}
    assert fingerprint(load_config(raw))[0] == fingerprint(load_config({**raw, "checks": {}}))[0]


def test_no_traceback_for_an_unreadable_cache_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    result = run(_raw(tmp_path, data={"cache_dir": str(blocker)}), write=False)
    assert np.isfinite(result.summary["total"]).all()
