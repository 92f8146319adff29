"""Fuzz test of the whole class of bad input (issue 13): Hypothesis writes invalid run files,
tables, scenario files and output paths, and every case must end the same way:

- exit status 2 and a ``footprint: error:`` message that names the key or file at fault;
- no traceback;
- no file created, changed or removed anywhere in the workspace (an earlier results folder stays
  byte-identical; a fresh output folder is not even created).

The command line runs in this process (``footprint.cli.main``) on the demo, whose cache is warm
after the first case, so a case takes milliseconds (refused before loading) to about a second (a
table checked against the loaded data). Bounded to about a minute by ``max_examples``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from footprint.cli import main
from footprint.config import CONFIG_DIR, DEFAULTS
from tests.support.files import tree_hashes

DEMO_REGIONS = ("BE", "DE", "FR", "NL", "GB", "US", "CN", "BR", "IN", "ID", "WA", "WL", "WE", "WF",
                "WM")
TABLES = ("product_groups.csv", "pressures.csv", "scenarios.toml")


@dataclass
class Case:
    """One invalid input: how to write it into the workspace, the command, what the message names."""

    what: str
    write: Callable[[Path], list[str]]  # writes the case's files, returns the command's arguments
    names: str  # a key or file name the error message must contain


# ------------------------------------------------------------------ the valid baseline


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {float("inf"): "inf", float("-inf"): "-inf"}.get(value, "nan" if value != value
                                                                 else repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # JSON's escapes are TOML's; TOML also wants DEL escaped
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    raise TypeError(value)


def _base() -> dict[str, dict[str, Any]]:
    """A valid, fast run: the demo's main year, one group, figures and workbook off."""
    return {
        "run": {"name": "case"},
        "data": {"source": "demo", "year": 2022},
        "consumer": {"region": "NL"},
        "groups": {"table": "config/product_groups.csv", "select": ["protein", "energy", "textiles"]},
        "pressures": {"table": "config/pressures.csv"},
        "output": {"dir": "results", "figures": False, "excel": False},
        "impacts": {"enabled": True},
        "waterbed": {"enabled": True, "scenarios": "config/scenarios.toml"},
        "checks": {"strict": True},
    }


def _write_run_file(root: Path, raw: dict[str, dict[str, Any]], name: str = "case.toml") -> Path:
    text = "".join(f"[{section}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in keys.items())
                   for section, keys in raw.items())
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def _run_args(root: Path, raw: dict[str, dict[str, Any]], *extra: str) -> list[str]:
    return ["run", str(_write_run_file(root, raw)), "--quiet", *extra]


# ------------------------------------------------------------------ invalid run-file values


def _text(size: int) -> st.SearchStrategy[str]:
    """Any text a TOML string can hold (no lone surrogates)."""
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=size)


def _not_bool() -> st.SearchStrategy[Any]:
    return st.one_of(st.integers(), _text(4), st.floats(allow_nan=False))


def _not_positive_int() -> st.SearchStrategy[Any]:
    return st.one_of(st.integers(max_value=0), st.booleans(), _text(3),
                     st.floats(allow_nan=True))


def _not_fraction(low_open: bool = False, high_closed: bool = False) -> st.SearchStrategy[Any]:
    """Values outside [0, 1): 0 too where the range is open below, 1 not where it is closed above."""
    return st.one_of(st.floats(min_value=1.0, exclude_min=high_closed), st.floats(max_value=-1e-9),
                     st.just(0.0) if low_open else st.nothing(), st.just(float("nan")),
                     st.booleans(), _text(3))


_CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)

KEY_VALUES: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("run", "name"): st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
                                       max_size=8).filter(
        lambda s: not re.fullmatch(r"[A-Za-z0-9_.-]+", s)), st.integers()),
    ("data", "source"): _WORD.filter(lambda s: s not in ("demo", "exiobase3", "pymrio")),
    ("data", "year"): st.one_of(st.integers(1900, 2009), _text(4), st.floats()),
    ("data", "years"): st.one_of(st.just([2016, 2016]), st.lists(_text(3), min_size=1,
                                                                 max_size=2)),
    ("consumer", "region"): st.one_of(_CODE.filter(lambda c: c not in DEMO_REGIONS),
                                      st.integers(), st.just("")),
    ("consumer", "final_demand"): st.one_of(
        st.just([]), st.lists(_CODE.map(lambda c: f"F_{c}9"), min_size=1, max_size=2),
        st.lists(st.integers(), min_size=1, max_size=2)),
    ("consumer", "include_inventories"): _not_bool(),
    ("consumer", "include_household_direct"): _not_bool(),
    ("groups", "select"): st.lists(_WORD.map(lambda w: f"zz{w}"), min_size=1, max_size=2),
    ("groups", "table"): _WORD.map(lambda w: f"config/missing_{w}.csv"),
    ("groups", "allow_overlap"): _not_bool(),
    ("groups", "direct_table"): _WORD.map(lambda w: f"config/missing_{w}.csv"),
    ("groups", "weights"): st.one_of(st.integers(), _WORD.map(lambda w: {"protein": w})),
    ("pressures", "gwp"): st.one_of(_WORD.map(lambda w: f"AR{w}"), st.integers()),
    ("pressures", "table"): st.one_of(_WORD.map(lambda w: f"config/missing_{w}.csv"),
                                      st.just("config"), st.integers()),
    ("output", "top_n"): _not_positive_int(),
    ("output", "figures"): _not_bool(),
    ("impacts", "methods"): st.lists(_WORD.map(lambda w: f"zz{w}"), min_size=1, max_size=2),
    ("impacts", "land_pressure"): _WORD.map(lambda w: f"zz{w}"),
    ("impacts", "top_n"): _not_positive_int(),
    ("impacts", "factors"): _WORD.map(lambda w: f"missing_{w}.csv"),
    ("impacts", "fallback"): _CODE.filter(lambda c: c not in DEMO_REGIONS).map(lambda c: {c: "GLO"}),
    ("waterbed", "tau"): _not_fraction(),
    ("waterbed", "top_n"): _not_positive_int(),
    ("waterbed", "base_year"): st.integers(1900, 2015),
    ("waterbed", "scenarios"): _WORD.map(lambda w: f"config/missing_{w}.toml"),
    ("batch", "workers"): st.one_of(st.integers(max_value=-1), _text(3)),
    ("batch", "memory_per_task_gb"): st.one_of(st.floats(max_value=-1e-9), st.booleans()),
    ("targets", "reduction"): _not_fraction(low_open=True, high_closed=True),  # (0, 1]: 1 = all
    ("checks", "strict"): _not_bool(),
    ("checks", "balance_rtol"): st.one_of(st.floats(max_value=0.0), st.floats(min_value=1.0),
                                          _text(3)),
}


@st.composite
def run_file_cases(draw: st.DrawFn) -> Case:
    section, key = draw(st.sampled_from(sorted(KEY_VALUES)))
    value = draw(KEY_VALUES[(section, key)])

    def write(root: Path) -> list[str]:
        raw = _base()
        raw.setdefault(section, {})[key] = value
        return _run_args(root, raw)

    # a missing table is named by its file; every other error names its key
    names = value.split("/")[-1] if key in ("table", "factors", "scenarios", "direct_table") and \
        isinstance(value, str) and value != "config" else key
    if (section, key) == ("impacts", "fallback"):
        names = next(iter(value))
    return Case(f"[{section}] {key} = {value!r}", write, names)


@st.composite
def unknown_key_cases(draw: st.DrawFn) -> Case:
    section = draw(st.sampled_from([*DEFAULTS, "zz_section"]))
    key = draw(_WORD.filter(lambda w: section not in DEFAULTS or w not in DEFAULTS[section]))

    def write(root: Path) -> list[str]:
        raw = _base()
        raw.setdefault(section, {})[key] = 1
        return _run_args(root, raw)

    return Case(f"unknown [{section}] {key}", write, section if section == "zz_section" else key)


# ------------------------------------------------------------------ invalid tables


def _edit_csv(path: Path, column: str, row: int | None, value: str) -> None:
    """Set one cell of a CSV table (``row`` None: drop the column), quoting as the csv module does."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    if row is None:
        rows = [[c for i, c in enumerate(r) if i != index] for r in rows]
    else:
        rows[1 + row][index] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


TABLE_EDITS: list[tuple[str, str, st.SearchStrategy[str]]] = [
    ("product_groups.csv", "weight", st.one_of(st.sampled_from(["2", "-0.5", "1.01"]),
                                               _WORD.map(lambda w: f"x{w}"))),
    ("product_groups.csv", "role", _WORD.map(lambda w: f"zz{w}")),
    ("product_groups.csv", "pxp_name", _WORD.map(lambda w: f"Products of zz{w}")),
    ("pressures.csv", "factor", _WORD.map(lambda w: f"x{w}")),
    ("pressures.csv", "pattern", _WORD.map(lambda w: f"({w}")),
    ("pressures.csv", "pattern", _WORD.map(lambda w: f"^zzq{w}$")),
    ("pressures.csv", "extension", _WORD.map(lambda w: f"zz{w}")),
    ("pressures.csv", "unit", _WORD.map(lambda w: f"zz{w}")),
]


@st.composite
def table_cases(draw: st.DrawFn) -> Case:
    table, column, values = draw(st.sampled_from(TABLE_EDITS))
    value = draw(values)
    drop = draw(st.booleans()) and column in ("role", "factor")

    def write(root: Path) -> list[str]:
        # drop: a required column missing altogether; else row 0, a protein row (groups) and a
        # land row of the demo's layout (pressures)
        _edit_csv(root / "config" / table, column, None if drop else 0, value)
        return _run_args(root, _base())

    return Case(f"{table}: {'drop' if drop else 'set'} {column} {value!r}", write,
                table if column not in ("pxp_name", "extension", "pattern") or drop else value)


SCENARIO_LINES: list[tuple[str, st.SearchStrategy[str], str]] = [
    ("q", st.floats(min_value=1.0001, max_value=1e6).map(repr), "q"),
    ("d", st.floats(max_value=-1e-6, min_value=-1e6).map(repr), "d"),
    ("group", _WORD.map(lambda w: f'"zz{w}"'), "group"),
    ("origins", _CODE.filter(lambda c: c not in DEMO_REGIONS).map(lambda c: f'["{c}"]'), "origin"),
    ("allocation", _WORD.map(lambda w: f'"zz{w}"'), "allocation"),
    ("zz_key", st.just("1"), "zz_key"),
    ("name", st.just("[1, 2"), "scenarios.toml"),  # not TOML at all
]


@st.composite
def scenario_cases(draw: st.DrawFn) -> Case:
    key, values, names = draw(st.sampled_from(SCENARIO_LINES))
    value = draw(values)

    def write(root: Path) -> list[str]:
        lines = {"name": '"s1"', "group": '"protein"', "q": "0.5", "d": "0.5", key: value}
        (root / "config" / "scenarios.toml").write_text(
            "[[scenario]]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items()), encoding="utf-8")
        return _run_args(root, _base())

    return Case(f"scenario {key} = {value}", write, names)


# ------------------------------------------------------------------ output paths and files


OUT_PATHS = {
    "a folder of the user's": "mywork",
    "the configuration folder": "config",
    "the parent of all runs": "results",
    "the current folder": ".",
    "a file": "config/pressures.csv",
    "below a file": "config/pressures.csv/sub",
    "another run's results": "results/earlier",
}


@st.composite
def out_cases(draw: st.DrawFn) -> Case:
    what = draw(st.sampled_from(sorted(OUT_PATHS)))
    out = OUT_PATHS[what]

    def write(root: Path) -> list[str]:
        return _run_args(root, _base(), "--out", out)

    # the message names the folder, as an absolute path ({root}: the workspace)
    return Case(f"--out {out} ({what})", write, "{root}/" + out.removesuffix("/sub").strip("."))


@st.composite
def missing_file_cases(draw: st.DrawFn) -> Case:
    name = draw(_WORD)
    kind = draw(st.sampled_from(["run file", "data path", "bad toml"]))

    def write(root: Path) -> list[str]:
        if kind == "run file":
            return ["run", str(root / f"missing_{name}.toml")]
        if kind == "bad toml":
            path = root / f"{name}.toml"
            path.write_text(f"[run]\nname = {name}\n[[", encoding="utf-8")
            return ["run", str(path)]
        raw = _base()
        raw["data"] = {"source": "exiobase3", "path": f"missing_{name}.zip", "year": 2022}
        return _run_args(root, raw)

    return Case(f"{kind} {name}", write,
                f"missing_{name}.toml" if kind == "run file" else
                f"{name}.toml" if kind == "bad toml" else f"missing_{name}.zip")


ALL_CASES = st.one_of(run_file_cases(), unknown_key_cases(), table_cases(), scenario_cases(),
                      out_cases(), missing_file_cases())


# ------------------------------------------------------------------ the workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """config/ (copies of the shipped tables), mywork/notes.txt and results/earlier/ (a real run)."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "config").mkdir()
    for table in TABLES:
        shutil.copy(CONFIG_DIR / table, root / "config" / table)
    (root / "mywork").mkdir()
    (root / "mywork" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    raw = _base()
    raw["run"]["name"] = "earlier"
    args = _run_args(root, raw, "--out", str(root / "results" / "earlier"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(args) == 0
    (root / "case.toml").unlink()
    return root


def _reset(root: Path, pristine: Path) -> None:
    """Put the tables back (a case edits its own copy) and remove the case's run files."""
    for table in TABLES:
        shutil.copy(pristine / table, root / "config" / table)
    for path in root.glob("*.toml"):
        path.unlink()


@settings(max_examples=200, deadline=None, print_blob=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=ALL_CASES)
def test_every_bad_input_exits_2_with_a_message_and_touches_nothing(case: Case, workspace: Path) -> None:
    event(case.what.split(" ")[0])  # the kind of case, for --hypothesis-show-statistics
    _reset(workspace, CONFIG_DIR)
    cwd = Path.cwd()
    os.chdir(workspace)
    try:
        args = case.write(workspace)
        before = tree_hashes(workspace)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        after = tree_hashes(workspace)
    finally:
        os.chdir(cwd)
    message = err.getvalue()
    assert code == 2, f"{case.what}: exit {code}\n{message}{out.getvalue()[-2000:]}"
    assert message.startswith("footprint: error: "), f"{case.what}: {message}"
    assert "Traceback" not in message, f"{case.what}: {message}"
    names = case.names.format(root=workspace).rstrip("/")
    assert names in message, f"{case.what}: the message does not name {names!r}: {message}"
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"{case.what}: files created, changed or removed: {changed}"
