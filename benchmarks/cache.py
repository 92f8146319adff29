"""First parse of a system through pymrio vs loading it from footprint's cache.

The system written by :mod:`benchmarks.generate` is turned into a pymrio ``IOSystem`` (A, Y, x
and one ``stressors`` extension with F and F_Y) and written with ``IOSystem.save_all`` as a text
folder (the EXIOBASE 3 text layout). Then ``footprint.inputs.sources.read_system("pymrio", folder,
cache_dir=...)`` runs twice, each in a fresh process: the first parses the text with pymrio and
writes the cache, the second loads the cache.

Usage: ``python -m benchmarks.cache <work folder>`` (holding ``system/`` from the generator), or
through ``python -m benchmarks.run --cache``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.route import peak_mb, pymrio_system


def save_text(system: Path, folder: Path) -> float:
    """Write the system as a pymrio text folder; return the seconds ``save_all`` took."""
    from benchmarks.generate import load_system

    arrays, meta = load_system(system)
    io = pymrio_system(arrays, meta)
    t0 = time.perf_counter()
    io.save_all(folder)
    return time.perf_counter() - t0


def read_once(folder: Path, cache_dir: Path) -> dict[str, Any]:
    """``read_system("pymrio", folder)`` in this process: wall seconds, cache hit, peak RSS."""
    from footprint.inputs.sources import read_system

    t0 = time.perf_counter()
    mrio, prov = read_system("pymrio", folder, cache_dir=cache_dir)
    seconds = time.perf_counter() - t0
    return {"n": mrio.n, "seconds": seconds, "cache_hit": prov["cache_hit"], "peak_mb": peak_mb()}


def _read_in_subprocess(folder: Path, cache_dir: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.cache", "--read", str(folder), str(cache_dir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"read_system failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def time_parse_and_cache(work: Path) -> dict[str, Any]:
    """Save ``work/system`` as text, then time the first (parse) and second (cache) read."""
    text, cache_dir = work / "pymrio_text", work / "cache"
    save_s = save_text(work / "system", text)
    size_mb = sum(p.stat().st_size for p in text.rglob("*") if p.is_file()) / 2**20
    first = _read_in_subprocess(text, cache_dir)
    second = _read_in_subprocess(text, cache_dir)
    return {
        "n": first["n"],
        "text_mb": size_mb,
        "save_all_s": save_s,
        "first_read_parse_s": first["seconds"],
        "first_read_peak_mb": first["peak_mb"],
        "cached_read_s": second["seconds"],
        "cached_read_peak_mb": second["peak_mb"],
        "cache_hits": [first["cache_hit"], second["cache_hit"]],
    }


def main(argv: list[str]) -> int:
    """``--read FOLDER CACHE_DIR`` (one timed read) or ``WORK`` (the whole comparison)."""
    if len(argv) == 3 and argv[0] == "--read":
        print(json.dumps(read_once(Path(argv[1]), Path(argv[2]))))
        return 0
    if len(argv) == 1:
        print(json.dumps(time_parse_and_cache(Path(argv[0]))))
        return 0
    print("usage: python -m benchmarks.cache WORK | --read FOLDER CACHE_DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
