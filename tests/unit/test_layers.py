"""The layer rule of the package (issue 15): data flows one way.

Every module of ``footprint`` belongs to one layer; a module imports only modules of its own or an
earlier layer, and never imports a footprint module inside a function (a late import hides a
cycle). Imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted. A new
module must be placed in :data:`LAYERS` (longest matching prefix wins).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import footprint

ROOT = Path(footprint.__file__).resolve().parent

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("footprint", "footprint.errors", "footprint.units", "footprint.vocabulary",
              "footprint.progress", "footprint.files", "footprint._frames", "footprint.frames",
              "footprint.defaults", "footprint.cluster")),
    ("inputs", ("footprint.inputs", "footprint.demo")),
    ("config", ("footprint.config",)),
    ("engine", ("footprint.engine",)),
    ("stages", ("footprint.checks", "footprint.pressures", "footprint.direct", "footprint.attribution",
                "footprint.group_scope", "footprint.tables", "footprint.material_accounts",
                "footprint.series", "footprint.targets", "footprint.impacts", "footprint.waterbed",
                "footprint.trade", "footprint.uncertainty")),
    ("results", ("footprint.results",)),
    ("outputs", ("footprint.outputs",)),
    ("pipeline", ("footprint.preflight", "footprint.pipeline")),
    ("batch", ("footprint.batch",)),
    ("entry points and tools", ("footprint.cli", "footprint.__main__", "footprint.testing",
                                "footprint.demo.make_demo", "footprint.demo.recipe",
                                "footprint.demo.economy", "footprint.demo.stressor_rows")),
]
"""Layers in the order data flows: base pieces, inputs, config, engine, the analysis stages, the
result object, outputs, the one orchestrator, the batch that schedules it, entry points."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def layer_of(module: str) -> int:
    """Index in :data:`LAYERS` of the longest prefix that matches ``module``."""
    best, found = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), i
    if found < 0 or (best == len("footprint") and module != "footprint"):
        raise AssertionError(f"module {module} is in no layer; add it to LAYERS in {__file__}")
    return found


def _target(node: ast.ImportFrom | ast.Import, module: str, is_package: bool) -> list[str]:
    """The footprint modules an import statement imports (``from footprint import files`` is the
    module ``footprint.files``; ``from footprint import __version__`` the package itself)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "footprint"]
    base = node.module or ""
    if node.level:  # relative import
        here = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
    if base.split(".")[0] != "footprint":
        return []
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module) -> tuple[list[ast.Import | ast.ImportFrom], list[ast.Import | ast.ImportFrom]]:
    """(module-level imports, imports inside a function), leaving out ``if TYPE_CHECKING:`` blocks."""
    top: list[ast.Import | ast.ImportFrom] = []
    late: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for sub in child.orelse:
                    visit(sub, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (late if in_function else top).append(child)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                           ast.Lambda)))

    visit(tree, False)
    return top, late


def _graph() -> dict[str, set[str]]:
    """Module -> the footprint modules it imports at module level (as Python runs them)."""
    out = {}
    for module, path in MODULES.items():
        top, _ = _imports(ast.parse(path.read_text(encoding="utf-8")))
        is_package = path.name == "__init__.py"
        out[module] = {t for node in top for t in _target(node, module, is_package) if t != module}
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (empty when there is none)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def _violations() -> tuple[list[str], list[str]]:
    upward, late_imports = [], []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top, late = _imports(tree)
        mine = layer_of(module)
        is_package = path.name == "__init__.py"
        for node in top:
            for target in _target(node, module, is_package):
                theirs = layer_of(target)
                if theirs > mine:
                    upward.append(f"{module} ({LAYERS[mine][0]}) imports {target} "
                                  f"({LAYERS[theirs][0]}), line {node.lineno}")
        for node in late:
            for target in _target(node, module, is_package):
                late_imports.append(f"{module} imports {target} inside a function, line {node.lineno}")
    return upward, late_imports


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 50
    for module in MODULES:
        layer_of(module)


def test_no_module_imports_a_later_layer() -> None:
    upward, _ = _violations()
    assert upward == [], "imports against the flow of data:\n" + "\n".join(upward)


def test_no_function_level_import_of_a_footprint_module() -> None:
    _, late = _violations()
    assert late == [], "late imports (move them to the top; a cycle they hide must be cut):\n" + \
        "\n".join(late)


def test_no_import_cycle() -> None:
    """Within a layer too: a cycle makes the import order matter (a partially initialised module)."""
    cycle = _cycle(_graph())
    assert cycle == [], "import cycle: " + " -> ".join(cycle)


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_check_sees_an_upward_and_a_late_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    """The rule can fail: a stage that imports the pipeline, and a late import, are both found."""
    bad = ("from footprint.pipeline import run\n\n"
           "def f():\n    from footprint.outputs import plots\n    return plots\n")
    fake = tmp_path / "footprint" / "checks.py"
    fake.parent.mkdir()
    fake.write_text(bad)
    monkeypatch.setitem(MODULES, "footprint.checks", fake)
    upward, late = _violations()
    assert any(v.startswith("footprint.checks (stages) imports footprint.pipeline") for v in upward)
    assert any(v.startswith("footprint.checks imports footprint.outputs.plots inside") for v in late)
