"""Smoke run of the benchmark code at a tiny size: it runs and the routes agree; no timing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import run
from benchmarks.generate import generate, spec_for_n


def test_generator_is_seeded_and_productive() -> None:
    spec = spec_for_n(40, n_regions=5)
    a, b = generate(spec), generate(spec)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert a["A"].shape == (40, 40) and a["A"].sum(axis=0).max() < 1.0
    assert a["Y"].shape == (40, 35) and a["F"].shape[0] >= 20
    np.testing.assert_allclose(a["x"] - a["A"] @ a["x"], a["Y"].sum(axis=1), rtol=1e-10)


@pytest.mark.parametrize("order", ["C", "F"])
def test_map_npy_equals_np_load(tmp_path: Path, order: str) -> None:
    from benchmarks.generate import map_npy

    arr = np.asarray(np.arange(12.0).reshape(3, 4), order=order)
    np.save(tmp_path / "a.npy", arr)
    mapped = map_npy(tmp_path / "a.npy")
    np.testing.assert_array_equal(mapped, arr)
    assert not mapped.flags.writeable  # read-only: the engine only reads A


@pytest.mark.slow
def test_benchmark_json_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--n", "40", "--regions", "5", "--workdir", str(tmp_path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    record = json.loads(last)
    assert list(record) == list(run.KEYS)
    assert record["n"] == 40
    assert record["max_rel_dev"] < 1e-9
