"""The real-data path on files others write (issue 14): EXIOBASE 3 folders without ``x.txt``, systems
saved by pymrio with A and Y only, OECD ICIO with a final-demand column outside the regions, unit
tables read into the index, extension attribute vs display names, and the messages around them.

Every fixture is written by ``mrio_files`` (our own numbers in the published layouts) and every
footprint is compared with pymrio ``calc_all`` ``D_cba_reg`` on the same files (``mrio_compare``);
the deviations are printed (``pytest -s -k deviation tests/integration/test_real_data.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint import checks
from footprint.attribution import consumer_columns, consumer_notes, group_weights
from footprint.config import CONFIG_DIR, FD_CODES, ConsumerConfig, read_groups_table, read_pressures_table
from footprint.errors import ConfigError, UnknownCodeError
from footprint.inputs.convert import extension_units, from_iosystem
from footprint.inputs.sources import read_system
from footprint.pipeline import run
from footprint.pressures import select_pressures
from tests.support import mrio_compare as cmp
from tests.support import mrio_files as mf

EXIO_CATEGORIES = tuple(v for k, v in FD_CODES.items() if k != "X_TOTA")


def _exio_stressors() -> list[tuple[str, str]]:
    """Real EXIOBASE 3.8 satellite rows (config/reference, cited there), one for each 3.8 row of the
    shipped pressure table: the first reference row its pattern matches, with its unit."""
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    ref = pd.read_csv(CONFIG_DIR / "reference" / "exiobase38_satellite.csv")
    picked: dict[str, str] = {}
    for pattern in table.loc[table["layout"] == "exiobase3.8", "pattern"]:
        hit = ref[ref["stressor"].str.contains(pattern, regex=True)]
        if len(hit):
            picked.setdefault(str(hit["stressor"].iloc[0]), str(hit["unit"].iloc[0]))
    return list(picked.items())


EXIO_STRESSORS = _exio_stressors()
OECD_2016_CATS = ("HFCE", "NPS", "GGFC", "GFCF", "INV")


def _exio_sectors() -> tuple[str, ...]:
    """One product of each default group (names from footprint/defaults/product_groups.csv) and one other."""
    table = read_groups_table(CONFIG_DIR / "product_groups.csv")
    table = table[(table["role"] == "final_demand") & (table["weight"] == 1.0)]
    picks = [str(table.loc[table["group"] == g, "pxp_name"].iloc[0])
             for g in ("protein", "energy", "textiles")]
    return (*picks, "Wheat")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("published")
    exio = mf.core(("NL", "DE", "BR"), _exio_sectors(), EXIO_CATEGORIES, len(EXIO_STRESSORS), 11,
                   negative_last_category=False)
    out = {"exio3": mf.write_exiobase3_folder(root / "IOT_2019_pxp", exio, EXIO_STRESSORS)}
    # the same system saved by pymrio with A and Y only (no x, no Z)
    io = pymrio.load_all(out["exio3"])
    saved = pymrio.IOSystem(A=io.A, Y=io.Y, unit=io.unit, name="A and Y only",
                            description="synthetic test system (not real data)")
    saved.stressors = pymrio.Extension("stressors", F=io.satellite.F, F_Y=io.satellite.F_Y,
                                       unit=pd.DataFrame({"unit": [u for _, u in EXIO_STRESSORS]},
                                                         index=io.satellite.F.index))
    saved.save_all(root / "a_and_y")
    out["a_and_y"] = root / "a_and_y"
    n = 3 * 3
    disc = np.linspace(1.0, 30.0, n)  # statistical discrepancy: outside every region
    oecd = mf.core(("AUS", "NZL", "PER"), ("C01T05AGR", "C15T16FOD", "C23PET"), OECD_2016_CATS, 0, 5,
                   negative_last_category=True, extra_demand=disc[:, np.newaxis])
    out["oecd2016"] = mf.write_oecd_icio(root / "ICIO2016_2011.csv", oecd, discrepancy=disc)
    return out


# --------------------------------------------------------------------------- part 1: x derived


def test_exiobase3_folder_without_x(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("exiobase3", files["exio3"], cache_dir=tmp_path)
    assert not (files["exio3"] / "x.txt").exists()
    assert mrio.year == 2019 and "synthetic" in mrio.label
    assert any("derived as x = (I - A)^-1 Y e" in n for n in mrio.notes)
    residual = mrio.x - mrio.A @ mrio.x - mrio.Y.sum(axis=1)
    assert np.abs(residual).max() <= 1e-9 * np.abs(mrio.x).max()
    assert checks.check_system(mrio, strict=True) == []


def test_exiobase3_deviation_from_pymrio(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("exiobase3", files["exio3"], cache_dir=tmp_path)
    dev = cmp.pymrio_deviation(mrio, pymrio.parse_exiobase3(files["exio3"]))
    print(f"deviation exiobase3 folder without x.txt (A, Y only): {dev:.3g}")
    assert dev <= 1e-9


def test_pymrio_saved_a_and_y_only(files: dict[str, Path], tmp_path: Path) -> None:
    folder = files["a_and_y"]
    assert not (folder / "x.txt").exists() and not (folder / "Z.txt").exists()
    mrio, _ = read_system("pymrio", folder, cache_dir=tmp_path)
    assert any("(I - A)^-1 Y e" in n for n in mrio.notes)
    dev = cmp.pymrio_deviation(mrio, pymrio.load_all(folder))
    print(f"deviation pymrio-saved system with A and Y only: {dev:.3g}")
    assert dev <= 1e-9


def test_derived_x_note_in_manifest(files: dict[str, Path], tmp_path: Path) -> None:
    result = _run(files["exio3"], "exiobase3", tmp_path)
    assert any("(I - A)^-1 Y e" in n for n in result.manifest["notes"])


def test_cache_keeps_notes_and_outside_columns(files: dict[str, Path], tmp_path: Path) -> None:
    fresh, p1 = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    cached, p2 = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    assert (p1["cache_hit"], p2["cache_hit"]) == ("false", "true")
    assert cached.notes == fresh.notes and cached.fd_outside == fresh.fd_outside
    assert cached.Y_outside is not None and fresh.Y_outside is not None
    assert np.array_equal(cached.Y_outside, fresh.Y_outside)
    assert np.array_equal(cached.x, fresh.x)


# --------------------------------------------------------------------------- part 3: outside columns


def test_oecd_discrepancy_kept_in_balance_and_x(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    assert mrio.layout == "oecd" and mrio.regions == ("AUS", "NZL", "PER")
    assert mrio.fd_categories == OECD_2016_CATS  # DISC is no category of any region
    assert mrio.fd_outside == ("ALL | DISC",)
    assert mrio.Y_outside is not None
    assert np.allclose(mrio.Y_outside[:, 0], np.linspace(1.0, 30.0, 9))
    # the balance holds only with the discrepancy counted
    assert np.allclose(mrio.x, mrio.A @ mrio.x + mrio.final_demand_total(), rtol=1e-12)
    assert not np.allclose(mrio.x, mrio.A @ mrio.x + mrio.Y.sum(axis=1), rtol=1e-6)
    assert not any("balance" in n for n in checks.check_system(mrio, strict=True))
    note = next(n for n in mrio.notes if "outside the model's regions" in n)
    assert "('ALL', 'DISC')" in note and "nobody's consumption" in note


def test_oecd_deviation_from_pymrio(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    theirs = cmp.pymrio_footprints(pymrio.parse_oecd(files["oecd2016"]), mrio.regions)
    dev = cmp.deviation(cmp.footprints(mrio), theirs)
    print(f"deviation OECD ICIO 2016 with ('ALL', 'DISC'): {dev:.3g}")
    assert dev <= 1e-9
    # dropping the column (the old behaviour) moves the footprints far beyond that
    io = pymrio.parse_oecd(files["oecd2016"])
    io.Y = io.Y.drop(columns=[("ALL", "DISC")])
    dropped = from_iosystem(io, label="DISC dropped", layout="oecd")
    assert cmp.deviation(cmp.footprints(dropped), theirs) > 1e-4


def test_oecd_regional_accounts_equal_pymrio(files: dict[str, Path], tmp_path: Path) -> None:
    """Production of the discrepancy column counts in D_pba and D_exp, as pymrio counts it."""
    from footprint.engine.accounts import regional_accounts

    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    ours = regional_accounts(mrio)
    io = pymrio.parse_oecd(files["oecd2016"])
    io.calc_all()
    worst = 0.0
    for name in ("D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"):
        theirs = getattr(io.factor_inputs, name).reindex(columns=list(mrio.regions)).to_numpy()
        worst = max(worst, cmp.deviation(ours[name].to_numpy(), theirs))
    print(f"deviation OECD ICIO 2016 regional accounts (cba, pba, imp, exp): {worst:.3g}")
    assert worst <= 1e-9


# --------------------------------------------------------------------------- part 4: units


def test_units_read_from_the_index(files: dict[str, Path], tmp_path: Path) -> None:
    io = pymrio.parse_exiobase3(files["exio3"])
    assert io.satellite.unit.shape[1] == 0  # pymrio put the unit into the index
    mrio, _ = read_system("exiobase3", files["exio3"], cache_dir=tmp_path)
    assert list(mrio.stressors["unit"]) == [u for _, u in EXIO_STRESSORS]
    checks.check_units(mrio.stressors, dict(EXIO_STRESSORS[:3]))


def test_extension_units_shapes() -> None:
    rows = pd.Index(["a", "b"], name="stressor")
    column = pd.DataFrame({"unit": ["kg", "t"]}, index=rows)
    in_index = pd.DataFrame(index=pd.MultiIndex.from_tuples([("a", "kg"), ("b", "t")],
                                                            names=["stressor", "unit"]))
    assert extension_units(column, rows) == ["kg", "t"]
    assert extension_units(in_index, rows) == ["kg", "t"]
    assert extension_units(None, rows) == ["", ""]
    two = pd.MultiIndex.from_tuples([("a", "air"), ("b", "water")], names=["stressor", "compartment"])
    by_first = pd.DataFrame({"unit": ["kg", "t"]}, index=rows)
    assert extension_units(by_first, two) == ["kg", "t"]
    with_unit = pd.MultiIndex.from_tuples([("a", "kg")], names=["stressor", "unit"])
    assert extension_units(None, with_unit) == ["kg"]


# --------------------------------------------------------------------------- part 5: extension names


def test_attribute_and_display_names(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("exiobase3", files["exio3"], cache_dir=tmp_path)
    assert set(mrio.stressors["extension"]) == {"satellite"}
    assert set(mrio.stressors["extension_name"]) == {"Satellite Accounts"}
    assert mrio.layout == "exiobase3.8"  # detected from the attribute name
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")  # the shipped table: 'satellite'
    by_attribute = select_pressures(table, mrio)
    display = table.assign(extension=table["extension"].replace({"satellite": "Satellite Accounts"}))
    by_display = select_pressures(display, mrio)
    assert by_attribute.names == by_display.names and np.array_equal(by_attribute.C, by_display.C)
    assert (by_attribute.C != 0).any(axis=1).all()


def test_unknown_extension_lists_both_names(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("exiobase3", files["exio3"], cache_dir=tmp_path)
    table = read_pressures_table(CONFIG_DIR / "pressures.csv")
    table = table[table["layout"] == "exiobase3.8"].assign(extension="satelite")
    with pytest.raises(UnknownCodeError, match=r"'satelite' is not in the data.*'satellite'"):
        select_pressures(table, mrio)


# --------------------------------------------------------------------------- part 6: messages


def test_other_mrio_final_demand_codes(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    consumer = ConsumerConfig("NZL", ("F_HOUS", "F_NPSH", "F_GOVE", "I_GFCF"), True, True)
    cols = consumer_columns(mrio, consumer)
    assert [mrio.fd_index[c] for c in cols] == [("NZL", c) for c in OECD_2016_CATS]
    assert consumer_notes(mrio, consumer) == []
    with pytest.raises(UnknownCodeError, match=r"'I_CHVA'.*The data's categories are: 'HFCE', 'NPS'"):
        consumer_columns(mrio, ConsumerConfig("NZL", ("F_HOUS", "I_CHVA"), False, True))


def test_inventories_switch_without_inventories_is_noted(files: dict[str, Path], tmp_path: Path
                                                        ) -> None:
    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    keep = [i for i, c in enumerate(mrio.fd_index) if c[1] != "INV"]
    no_inv = _replace(mrio, Y=mrio.Y[:, keep], F_Y=mrio.F_Y[:, keep],
                      fd_categories=tuple(c for c in mrio.fd_categories if c != "INV"),
                      Y_outside=np.hstack([mrio.Y_outside, mrio.Y[:, [i for i in range(mrio.Y.shape[1])
                                                                       if i not in keep]]]))
    consumer = ConsumerConfig("AUS", ("F_HOUS",), include_inventories=True, include_household_direct=True)
    assert len(consumer_columns(no_inv, consumer)) == 1
    (note,) = consumer_notes(no_inv, consumer)
    assert "include_inventories = true" in note and "'HFCE', 'NPS', 'GGFC', 'GFCF'" in note


def test_group_message_lists_the_data_sectors(files: dict[str, Path], tmp_path: Path) -> None:
    mrio, _ = read_system("oecd", files["oecd2016"], cache_dir=tmp_path)
    table = read_groups_table(CONFIG_DIR / "product_groups.csv")
    with pytest.raises(ConfigError,
                       match=r"'C01T05AGR', 'C15T16FOD', 'C23PET'.*footprint/defaults/other_mrios/"):
        group_weights(table, mrio, ("protein",))


@pytest.mark.parametrize(("source", "key", "slow"), [("exiobase3", "exio3", True),
                                                     ("pymrio", "a_and_y", False),
                                                     ("oecd", "oecd2016", False)])
def test_parsing_time_hint_only_for_exiobase3(files: dict[str, Path], tmp_path: Path, source: str,
                                              key: str, slow: bool) -> None:
    lines: list[str] = []
    read_system(source, files[key], cache_dir=tmp_path, progress=lines.append)
    parsing = next(line for line in lines if line.startswith("parsing"))
    assert ("a full EXIOBASE 3 table takes minutes" in parsing) is slow


# --------------------------------------------------------------------------- end to end


def _run(path: Path, source: str, tmp: Path, **sections: dict[str, Any]) -> Any:
    raw: dict[str, Any] = {
        "run": {"name": "real"},
        "data": {"source": source, "path": str(path), "cache_dir": str(tmp / "cache")},
        "groups": {"select": ["protein", "energy", "textiles"]},
        "output": {"dir": str(tmp / "results"), "figures": False, "excel": False},
        "impacts": {"enabled": False},
    }
    for key, value in sections.items():
        raw.setdefault(key, {}).update(value)
    return run(raw, out_dir=tmp / "results" / "real")


def test_exiobase3_folder_runs_with_the_shipped_tables(files: dict[str, Path], tmp_path: Path) -> None:
    result = _run(files["exio3"], "exiobase3", tmp_path)
    assert set(result.attribution["group"]) == {"total", "protein", "energy", "textiles"}
    assert {"land_total", "ghg", "blue_water"} <= set(result.attribution["indicator"])
    assert (result.out_dir / "manifest.json").is_file()


def _replace(mrio: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(mrio, **changes)
