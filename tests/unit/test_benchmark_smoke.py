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
    from footprint.inputs.npy import map_npy

    arr = np.asarray(np.arange(12.0).reshape(3, 4), order=order)
    np.save(tmp_path / "a.npy", arr)
    mapped = map_npy(tmp_path / "a.npy")
    np.testing.assert_array_equal(mapped, arr)
    assert not mapped.flags.writeable  # read-only: the engine only reads A


@pytest.mark.slow
def test_benchmark_json_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--n", "40", "--regions", "5", "--workdir", str(tmp_path), "--repeat", "2"]
    assert run.main(args) == 0
    out = capsys.readouterr().out.strip().splitlines()
    record = json.loads(out[-1])
    assert list(record) == list(run.KEYS)
    assert record["n"] == 40
    assert record["max_rel_dev"] < 1e-9
    # two rounds of each route, each its own process and JSON line
    assert sum(line.lstrip().startswith("footprint {") for line in out) == 2
    assert sum(line.lstrip().startswith("pymrio    {") for line in out) == 2
    # both routes also time the five scenarios solved in one call
    for name in ("footprint {", "pymrio    {"):
        routes = [json.loads("{" + line.split("{", 1)[1]) for line in out
                  if line.lstrip().startswith(name)]
        assert all(r["scenario_batched_s"] > 0 for r in routes)
    batched = [line for line in out if "scenarios in one call" in line]
    assert len(batched) == 1 and "footprint" in batched[0] and "pymrio" in batched[0]


def test_summarise_takes_medians_and_largest_peak() -> None:
    py = [{"total_s": t, "peak_mb": m} for t, m in [(40.0, 5000.0), (50.0, 5100.0), (44.0, 5050.0)]]
    fp = [{"total_s": t, "peak_mb": 1200.0 + i, "scenario_times_s": [t / 50, t / 40]}
          for i, t in enumerate([4.0, 6.0, 5.0])]
    lu = [{"dense_lu_s": d, "factorise_s": f} for d, f in [(7.0, 3.0), (6.0, 4.0), (8.0, 3.5)]]
    rec = run.summarise(9800, py, fp, lu, {"P": 1e-13, "M": 3e-13})
    assert rec["pymrio_s"] == 44.0 and rec["footprint_s"] == 5.0
    assert rec["speedup"] == pytest.approx(44.0 / 5.0)
    assert rec["pymrio_peak_mb"] == 5100.0 and rec["footprint_peak_mb"] == 1202.0
    assert rec["memory_ratio"] == pytest.approx(1202.0 / 5100.0)
    # pooled scenario times 0.08, 0.1, 0.1, 0.12, 0.125, 0.15: median 0.11
    assert rec["scenario_s"] == pytest.approx(0.11)
    assert rec["lu_efficiency"] == pytest.approx(7.0 / 3.5)
    assert rec["max_rel_dev"] == 3e-13
    assert run.summarise(19680, None, fp, lu, None)["speedup"] is None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_busy_cores_are_stopped_on_every_exit() -> None:
    with run.busy_cores(2) as procs:
        pids = [p.pid for p in procs]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
    assert not any(_alive(pid) for pid in pids)
    with pytest.raises(KeyboardInterrupt), run.busy_cores(1) as procs:  # Ctrl-C inside the rounds
        pids = [p.pid for p in procs]
        raise KeyboardInterrupt
    assert not any(_alive(pid) for pid in pids)
    with run.busy_cores(0) as procs:
        assert procs == []


def test_targets_under_load_include_pymrio_scenarios() -> None:
    rec = {"n": 9800, "load": 1, "max_rel_dev": 1e-13, "speedup": 9.0, "memory_ratio": 0.23,
           "scenario_s": 0.2, "lu_efficiency": 1.9,
           "detail": {"pymrio": [{"scenario_times_s": [0.1, 0.15, 0.2]}]}}
    lines = run.check_targets(rec)
    assert any("speedup" in line and ">= 8" in line and line.endswith(": met") for line in lines)
    # 0.2 s against pymrio's median 0.15 s: slower than pymrio, target not met
    assert any("scenario_vs_pymrio" in line and "NOT met" in line for line in lines)
    idle = run.check_targets(rec | {"load": 0})
    assert any("speedup" in line and ">= 10" in line and "NOT met" in line for line in idle)
    # pymrio skipped (too large): no ratio to judge, said as such rather than "NOT met"
    big = run.check_targets(rec | {"speedup": None, "memory_ratio": None, "detail": {"pymrio": []}})
    assert any("speedup" in line and line.endswith(": not measured (route skipped)") for line in big)
    assert any("scenario_vs_pymrio" in line and line.endswith(": not measured (route skipped)")
               for line in big)


def test_existing_system_is_reused_only_for_the_same_spec(tmp_path: Path) -> None:
    from benchmarks.generate import write_system

    spec = spec_for_n(40, n_regions=5)
    assert run.existing_system(spec, tmp_path / "system") is None
    meta = write_system(spec, tmp_path / "system")
    assert run.existing_system(spec, tmp_path / "system") == meta
    assert run.existing_system(spec_for_n(40, n_regions=5, seed=1), tmp_path / "system") is None
    (tmp_path / "system" / "Y.npy").unlink()
    assert run.existing_system(spec, tmp_path / "system") is None


def test_scenario_profile_times_every_piece(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    from benchmarks import scenario

    assert scenario.main(["--n", "300", "--workdir", str(tmp_path), "--repeat", "2",
                          "--threads", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()
             if line.startswith("{")]
    head, piece = lines[0], lines[1]
    assert head["method"] == "dense-lu-f32" and head["n"] == 294  # 49 regions x 6 products
    assert piece["threads"] == 1 and piece["corrections"] >= 1
    timed = {k: v for k, v in piece.items() if isinstance(v, dict)}
    assert len(timed) == 16  # 14 pieces + five and ten scenarios in one call
    assert all(0 <= v["min"] <= v["median"] for v in timed.values())
