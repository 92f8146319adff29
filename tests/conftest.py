"""Shared test fixtures: small random productive MRIO systems."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.system import MRIO


def make_random_mrio(
    seed: int = 0,
    n_regions: int = 3,
    n_sectors: int = 4,
    k: int = 2,
    *,
    n_fd: int = 2,
    autarky: bool = False,
    max_colsum: float = 0.9,
) -> MRIO:
    """Build a small random productive, balanced MRIO.

    ``A >= 0`` with column sums drawn in [0.05, max_colsum], ``Y >= 0`` [M EUR],
    ``x = (I-A)^-1 Y e``, ``F >= 0`` and ``F_Y >= 0`` [kg]. With ``autarky=True`` every
    off-diagonal region block of ``A`` and ``Y`` is zero (no trade).
    """
    rng = np.random.default_rng(seed)
    n = n_regions * n_sectors
    region = np.repeat(np.arange(n_regions), n_sectors)
    fd_region = np.repeat(np.arange(n_regions), n_fd)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    Y = rng.random((n, n_regions * n_fd)) * 100.0
    if autarky:
        A *= region[:, None] == region[None, :]
        Y *= region[:, None] == fd_region[None, :]
    colsum = A.sum(axis=0)
    target = rng.uniform(0.05, max_colsum, n)
    A *= np.divide(target, colsum, out=np.zeros(n), where=colsum > 0)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    F = rng.random((k, n)) * x * rng.uniform(0.1, 10.0, (k, 1))
    F_Y = rng.random((k, n_regions * n_fd)) * 10.0
    stressors = pd.DataFrame(
        {"extension": "test", "stressor": [f"stressor{i}" for i in range(k)], "unit": "kg"}
    )
    return MRIO(
        regions=tuple(f"R{r}" for r in range(n_regions)),
        sectors=tuple(f"p{j}" for j in range(n_sectors)),
        fd_categories=tuple(f"fd{f}" for f in range(n_fd)),
        A=A,
        x=x,
        Y=Y,
        F=F,
        F_Y=F_Y,
        stressors=stressors,
        label=f"random test system (seed {seed}), synthetic",
    )


@pytest.fixture(scope="session")
def random_mrio() -> Callable[..., MRIO]:
    """Factory ``random_mrio(seed, n_regions, n_sectors, k, *, n_fd, autarky, max_colsum)``.

    Session-scoped so Hypothesis tests can use it.
    """
    return make_random_mrio


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache (~/.cache/footprint): one session cache folder."""
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path_factory.getbasetemp() / "footprint-cache"))


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below ``root`` (folders as ``"dir"``): compare two
    snapshots to prove that nothing was created, changed or removed."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="session")
def demo_written(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``config/demo.toml`` (impacts and waterbed on) run once for the session, written to a temporary
    results folder: a :class:`footprint.results.RunResult` with ``out_dir`` set."""
    from footprint.config import CONFIG_DIR
    from footprint.pipeline import run

    return run(CONFIG_DIR / "demo.toml", out_dir=tmp_path_factory.mktemp("demo-run") / "demo")
