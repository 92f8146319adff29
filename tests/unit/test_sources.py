"""Tests of footprint.inputs.sources: reading, caching and input-file errors."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pymrio
import pytest

from footprint import files
from footprint.errors import ConfigError, CorruptDataError, DataFileNotFoundError
from footprint.inputs import cache, sources
from footprint.inputs.sources import SOURCES, from_iosystem, read_system
from footprint.inputs.system import MRIO

# --------------------------------------------------------------------------- fixtures


def _save(io: Any, folder: Path) -> Path:
    io.save_all(folder)
    return folder


def _zip(folder: Path, target: Path) -> Path:
    shutil.make_archive(str(target.with_suffix("")), "zip", folder)
    return target


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only copies of the pymrio test system: folder, zip, EXIOBASE-named zip, 3.9 layout."""
    root = tmp_path_factory.mktemp("store")
    folder = _save(pymrio.load_test(), root / "testmrio")
    _zip(folder, root / "testmrio.zip")
    shutil.copy(root / "testmrio.zip", root / "IOT_2011_pxp.zip")
    io = pymrio.load_test()
    io.land = io.emissions.copy("land")
    io.air_emissions = io.emissions.copy("air_emissions")
    del io.emissions
    _zip(_save(io, root / "testmrio39"), root / "IOT_2011_pxp_39" / "IOT_2011_pxp.zip")
    return root


@pytest.fixture
def work(store: Path, tmp_path: Path) -> Path:
    """A writable copy of the store (for tests that modify the source)."""
    target = tmp_path / "data"
    shutil.copytree(store, target)
    return target


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _assert_same(a: MRIO, b: MRIO) -> None:
    for name in ("A", "x", "Y", "F", "F_Y"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype
    assert (a.regions, a.sectors, a.fd_categories) == (b.regions, b.sectors, b.fd_categories)
    assert (a.label, a.year, a.layout, a.monetary_unit, a.meta, a.fd_outside, a.notes) == (
        b.label,
        b.year,
        b.layout,
        b.monetary_unit,
        b.meta,
        b.fd_outside,
        b.notes,
    )
    assert (a.Y_outside is None) == (b.Y_outside is None)
    if a.Y_outside is not None:
        assert np.array_equal(a.Y_outside, b.Y_outside)
    pd.testing.assert_frame_equal(
        a.stressors.astype(str).reset_index(drop=True),
        b.stressors.astype(str).reset_index(drop=True),
    )


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("pymrio must not be called on a cache hit")

    monkeypatch.setattr(pymrio, "load_all", boom)
    monkeypatch.setattr(pymrio, "parse_exiobase3", boom)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("name", ["testmrio", "testmrio.zip"])
def test_read_pymrio_folder_and_zip(store: Path, tmp_path: Path, name: str) -> None:
    mrio, prov = read_system("pymrio", store / name, cache_dir=tmp_path)
    assert mrio.A.shape == (48, 48) and mrio.Y.shape == (48, 42)
    assert mrio.regions == tuple(f"reg{i}" for i in range(1, 7))
    assert mrio.F.shape == (3, 48) and mrio.F_Y.shape == (3, 42)
    assert mrio.monetary_unit == "Mill USD"
    assert mrio.layout == "pymrio"
    assert prov["cache_hit"] == "false" and prov["source"] == "pymrio"
    assert prov["path"] == str((store / name).resolve())
    assert len(prov["sha256"]) == 64 and int(prov["size"]) > 0
    assert name in mrio.label


def test_matches_direct_pymrio_conversion(store: Path, tmp_path: Path) -> None:
    mrio, _ = read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)
    direct = from_iosystem(pymrio.load_all(store / "testmrio.zip"), label="x")
    for name in ("A", "x", "Y", "F", "F_Y"):
        assert np.array_equal(getattr(mrio, name), getattr(direct, name))


def test_exiobase3_source_year_and_label_from_file_name(store: Path, tmp_path: Path) -> None:
    mrio, prov = read_system("exiobase3", store / "IOT_2011_pxp.zip", cache_dir=tmp_path)
    assert mrio.year == 2011 and prov["year"] == "2011"
    assert mrio.label.startswith("EXIOBASE 3 pxp 2011 (IOT_2011_pxp.zip)")
    assert "version v1" in mrio.label
    assert mrio.meta["version"] == "v1"


def test_layout_39_detected(store: Path, tmp_path: Path) -> None:
    mrio, prov = read_system(
        "exiobase3", store / "IOT_2011_pxp_39" / "IOT_2011_pxp.zip", cache_dir=tmp_path
    )
    assert mrio.layout == "exiobase3.9" and prov["layout"] == "exiobase3.9"
    assert set(mrio.stressors["extension"]) >= {"land", "air_emissions"}
    cached, _ = read_system("pymrio", store / "testmrio39", cache_dir=tmp_path)
    assert cached.layout == "exiobase3.9"


# --------------------------------------------------------------------------- cache


@pytest.mark.parametrize("name", ["testmrio", "testmrio.zip", "IOT_2011_pxp.zip"])
def test_cache_hit_skips_pymrio_and_equals_fresh_parse(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    source = "exiobase3" if name.startswith("IOT") else "pymrio"
    fresh, first = read_system(source, store / name, cache_dir=tmp_path)
    _forbid_parsing(monkeypatch)
    messages: list[str] = []
    cached, second = read_system(source, store / name, cache_dir=tmp_path, progress=messages.append)
    assert first["cache_hit"] == "false" and second["cache_hit"] == "true"
    assert first["cache"] == second["cache"] and first["sha256"] == second["sha256"]
    assert any("from cache" in m for m in messages)
    _assert_same(fresh, cached)
    # A comes back as a read-only map of the cached file: no copy, shared between processes
    assert not cached.A.flags.writeable and not cached.A.flags.owndata
    with pytest.raises(ValueError):
        cached.A[0, 0] = 1.0


def test_cache_files_and_meta(store: Path, tmp_path: Path) -> None:
    mrio, prov = read_system("exiobase3", store / "IOT_2011_pxp.zip", cache_dir=tmp_path)
    entry = Path(prov["cache"])
    assert entry.parent == tmp_path
    assert _files(entry) == sorted(
        ["A.npy", "x.npy", "Y.npy", "F.npy", "F_Y.npy", "Y_outside.npy", "stressors.parquet",
         "meta.json", cache.CACHE_MARKER]
    )
    meta = json.loads((entry / "meta.json").read_text())
    assert meta["format_version"] == cache.CACHE_FORMAT
    assert meta["source_sha256"] == prov["sha256"]
    assert meta["regions"] == list(mrio.regions) and meta["year"] == 2011
    assert meta["layout"] == "pymrio" and meta["monetary_unit"] == "Mill USD"


def test_no_hashing_on_cached_runs(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)

    def no_hash(path: Path) -> str:
        raise AssertionError("the source must not be hashed when size and mtime match")

    monkeypatch.setattr(files, "sha256", no_hash)
    _, prov = read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)
    assert prov["cache_hit"] == "true"


def test_cache_rebuilt_when_source_changes(work: Path, tmp_path: Path) -> None:
    folder = work / "testmrio"
    first, _ = read_system("pymrio", folder, cache_dir=tmp_path / "c")
    io = pymrio.load_all(folder)
    io.Y = io.Y * 2.0
    io.save_all(folder)
    messages: list[str] = []
    second, prov = read_system("pymrio", folder, cache_dir=tmp_path / "c", progress=messages.append)
    assert prov["cache_hit"] == "false"
    assert any("changed" in m for m in messages)
    np.testing.assert_allclose(second.Y, 2.0 * first.Y)
    third, prov3 = read_system("pymrio", folder, cache_dir=tmp_path / "c")
    assert prov3["cache_hit"] == "true" and prov3["sha256"] == prov["sha256"]
    _assert_same(second, third)
    assert len(_files(tmp_path / "c")) == 1


def test_touched_source_is_rehashed_once_and_reused(
    work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = work / "testmrio.zip"
    _, first = read_system("pymrio", path, cache_dir=tmp_path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _forbid_parsing(monkeypatch)
    _, second = read_system("pymrio", path, cache_dir=tmp_path)
    assert second["cache_hit"] == "true" and second["sha256"] == first["sha256"]
    meta = json.loads((Path(second["cache"]) / "meta.json").read_text())
    assert meta["mtime_ns"] == stat.st_mtime_ns + 10**9

    def no_hash(path: Path) -> str:
        raise AssertionError("the refreshed stamp must spare the hash")

    monkeypatch.setattr(files, "sha256", no_hash)
    assert read_system("pymrio", path, cache_dir=tmp_path)[1]["cache_hit"] == "true"


def _break_missing(entry: Path) -> None:
    (entry / "A.npy").unlink()


def _break_garbage_array(entry: Path) -> None:
    (entry / "Y.npy").write_bytes(b"not an npy file")


def _break_garbage_mapped_array(entry: Path) -> None:
    (entry / "A.npy").write_bytes(b"not an npy file")  # A is memory-mapped, not np.load-ed


def _break_truncated_array(entry: Path) -> None:
    data = (entry / "A.npy").read_bytes()
    (entry / "A.npy").write_bytes(data[: len(data) // 2])


def _break_meta(entry: Path) -> None:
    (entry / "meta.json").write_text("{not json")


def _break_shapes(entry: Path) -> None:
    np.save(entry / "F.npy", np.zeros((2, 48)))


def _break_parquet(entry: Path) -> None:
    (entry / "stressors.parquet").write_bytes(b"PAR1garbage")


def _break_format(entry: Path) -> None:
    meta = json.loads((entry / "meta.json").read_text())
    meta["format_version"] = -1
    (entry / "meta.json").write_text(json.dumps(meta))


@pytest.mark.parametrize(
    "damage",
    [
        _break_missing,
        _break_garbage_array,
        _break_garbage_mapped_array,
        _break_truncated_array,
        _break_meta,
        _break_shapes,
        _break_parquet,
        _break_format,
    ],
)
def test_corrupt_cache_entry_is_rebuilt(
    store: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    fresh, prov = read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)
    damage(Path(prov["cache"]))
    messages: list[str] = []
    again, prov2 = read_system(
        "pymrio", store / "testmrio.zip", cache_dir=tmp_path, progress=messages.append
    )
    assert prov2["cache_hit"] == "false"
    assert any("broken" in m or "rebuild" in m for m in messages)
    _assert_same(fresh, again)
    assert read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)[1]["cache_hit"] == (
        "true"
    )


def test_atomic_write_leaves_no_temporaries(store: Path, tmp_path: Path) -> None:
    read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)
    read_system("pymrio", store / "testmrio", cache_dir=tmp_path)
    names = _files(tmp_path)
    assert len(names) == 2 and not [n for n in names if n.startswith(".")]


def test_interrupted_write_leaves_nothing(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = np.save
    calls: list[int] = []

    def dying_save(file: Any, arr: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_save(file, arr, *args, **kwargs)

    monkeypatch.setattr(np, "save", dying_save)
    with pytest.raises(KeyboardInterrupt):
        read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)
    assert _files(tmp_path) == []
    monkeypatch.setattr(np, "save", real_save)
    assert read_system("pymrio", store / "testmrio.zip", cache_dir=tmp_path)[1]["cache_hit"] == (
        "false"
    )


def test_rebuild_replaces_entry_atomically(work: Path, tmp_path: Path) -> None:
    folder = work / "testmrio"
    _, prov = read_system("pymrio", folder, cache_dir=tmp_path / "c")
    (folder / "metadata.json").write_text(
        (folder / "metadata.json").read_text().replace('"v1"', '"v2"')
    )
    mrio, prov2 = read_system("pymrio", folder, cache_dir=tmp_path / "c")
    assert prov2["cache"] == prov["cache"] and mrio.meta["version"] == "v2"
    assert _files(tmp_path / "c") == [Path(prov["cache"]).name]


def test_default_cache_dir_from_environment(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path / "envcache"))
    assert cache.default_cache_dir() == tmp_path / "envcache"
    _, prov = read_system("pymrio", store / "testmrio.zip")
    assert Path(prov["cache"]).parent == tmp_path / "envcache"
    monkeypatch.delenv("FOOTPRINT_CACHE")
    assert cache.default_cache_dir() == Path.home() / ".cache" / "footprint"


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "IOT_2022_pxp.zip"
    with pytest.raises(DataFileNotFoundError) as info:
        read_system("exiobase3", missing, cache_dir=tmp_path / "c")
    assert isinstance(info.value, FileNotFoundError)
    text = str(info.value)
    assert str(missing) in text
    assert 'make data YEARS="2022"' in text and "10.5281/zenodo.3583070" in text


def test_missing_folder_pymrio(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="save_all"):
        read_system("pymrio", tmp_path / "nothing", cache_dir=tmp_path / "c")


def test_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_system("exiobase4", tmp_path, cache_dir=tmp_path)
    assert isinstance(info.value, ValueError)
    assert "'exiobase4'" in str(info.value)
    assert all(s in str(info.value) for s in SOURCES)


def test_path_required(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs a path"):
        read_system("exiobase3", None, cache_dir=tmp_path)


def test_year_contradicting_file_name(store: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="2011"):
        read_system("exiobase3", store / "IOT_2011_pxp.zip", year=2022, cache_dir=tmp_path)


def _random_bytes(path: Path) -> None:
    path.write_bytes(np.random.default_rng(0).bytes(5000))


def _zip_without_params(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zz:
        zz.writestr("IOT_2011_pxp/readme.txt", "hello")


def _params_not_json(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zz:
        zz.writestr("IOT_2011_pxp/file_parameters.json", "{broken")


def _truncated_zip(path: Path, store: Path) -> None:
    data = (store / "testmrio.zip").read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("maker", "expected"),
    [
        (_random_bytes, "not a zip archive"),
        (_zip_without_params, "contains no file_parameters.json"),
        (_params_not_json, "could not parse"),
        (_truncated_zip, "truncated"),
    ],
)
def test_file_that_is_not_an_mrio(
    store: Path, tmp_path: Path, maker: Callable[..., None], expected: str
) -> None:
    path = tmp_path / "IOT_2011_pxp.zip"
    params = inspect.signature(maker).parameters
    maker(path, store) if len(params) == 2 else maker(path)
    with pytest.raises(CorruptDataError) as info:
        read_system("exiobase3", path, cache_dir=tmp_path / "c")
    assert isinstance(info.value, ValueError)
    text = str(info.value)
    assert str(path) in text and expected in text
    assert "EXIOBASE 3" in text or "pymrio" in text
    assert _files(tmp_path / "c") == []


def test_folder_without_parameters(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorruptDataError, match=r"no file_parameters\.json"):
        read_system("pymrio", tmp_path / "empty", cache_dir=tmp_path / "c")


# --------------------------------------------------------------------------- download


def test_download_exiobase3_wraps_pymrio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = inspect.signature(pymrio.download_exiobase3)

    def fake(**kwargs: Any) -> None:
        real.bind(**kwargs)  # the keywords we pass exist in pymrio's signature
        calls.append(kwargs)
        for year in kwargs["years"]:
            (Path(kwargs["storage_folder"]) / f"IOT_{year}_pxp.zip").write_bytes(b"")

    monkeypatch.setattr(pymrio, "download_exiobase3", fake)
    files = sources.download_exiobase3([2016, 2022], tmp_path)
    assert files == [tmp_path / "IOT_2016_pxp.zip", tmp_path / "IOT_2022_pxp.zip"]
    assert calls[0]["years"] == [2016, 2022] and calls[0]["system"] == "pxp"


def test_download_reports_missing_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pymrio, "download_exiobase3", lambda **kwargs: None)
    with pytest.raises(DataFileNotFoundError, match=r"IOT_1990_pxp\.zip"):
        sources.download_exiobase3([1990], tmp_path)
    with pytest.raises(ConfigError, match="pxp"):
        sources.download_exiobase3([2022], tmp_path, system="xxx")


# --------------------------------------------------------------------------- demo


def _demo_available() -> bool:
    try:
        from footprint.demo import demo_path

        return Path(demo_path(2022)).is_file()
    except Exception:
        return False


needs_demo = pytest.mark.skipif(not _demo_available(), reason="demo archive not built yet")


@needs_demo
def test_read_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from footprint.demo import DEMO_LABEL, demo_path

    fresh, prov = read_system("demo", cache_dir=tmp_path)
    assert fresh.label == DEMO_LABEL and fresh.year == 2022
    assert fresh.layout == "exiobase3.8" and prov["layout"] == "exiobase3.8"
    assert prov["path"] == str(Path(demo_path(2022)).resolve())
    _forbid_parsing(monkeypatch)
    cached, prov2 = read_system("demo", "ignored/path", cache_dir=tmp_path)
    assert prov2["cache_hit"] == "true"
    _assert_same(fresh, cached)


@needs_demo
def test_demo_unknown_year(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_system("demo", year=1900, cache_dir=tmp_path)


@needs_demo
@pytest.mark.parametrize(("layout", "expected"), [("3.8", "exiobase3.8"), ("3.9", "exiobase3.9")])
def test_demo_layouts_as_exiobase3(tmp_path: Path, layout: str, expected: str) -> None:
    from footprint.demo.make_demo import write_demo

    path = tmp_path / "IOT_2022_pxp.zip"
    write_demo(path, year=2022, layout=layout)
    mrio, _ = read_system("exiobase3", path, cache_dir=tmp_path / "c")
    assert mrio.layout == expected and mrio.year == 2022
    assert mrio.label.startswith("ILLUSTRATIVE SYNTHETIC DEMO DATA")  # synthetic data keeps its label
    assert mrio.label.endswith("(IOT_2022_pxp.zip)")
    again, prov2 = read_system("exiobase3", path, cache_dir=tmp_path / "c")
    assert prov2["cache_hit"] == "true"
    _assert_same(mrio, again)
