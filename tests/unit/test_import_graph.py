"""The import graph of our own code, read from the source (nothing is imported): it has no
cycles, and it runs only downward, ``app.py`` -> ``cli`` -> ``dashboard`` -> ``queries`` ->
``geodata``. ``dashboard`` never imports ``duckdb`` (it reaches the warehouse only through
``queries``)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Higher imports lower, never the reverse; ``cli`` (the command line) is optional.
LAYERS = {"app": 5, "cli": 4, "dashboard": 3, "queries": 2, "geodata": 1}


def module_files() -> dict[str, Path]:
    """Module name -> file, for app.py and every module of our packages."""
    found = {"app": ROOT / "app.py"}
    for package in LAYERS:
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, wherever it is, except under ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped
    ]


def imported_names(name: str, path: Path) -> set[str]:
    """What module ``name`` (at ``path``) imports: dotted names, ``from x import y`` giving
    both ``x`` and ``x.y`` (the caller keeps those that are modules)."""
    names: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        names.add(base)
        names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (a ``from package import module`` counts
    as importing that module, not the package)."""
    files = module_files()
    graph = {}
    for name, path in files.items():
        names = imported_names(name, path)
        targets = {n for n in names if n in files}
        # ``from dashboard import figures`` imports dashboard.figures, not dashboard itself
        graph[name] = {
            t
            for t in targets
            if not any(other.startswith(t + ".") and other in targets for other in names)
        } - {name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The modules ``start`` imports, directly or through others (itself only via a cycle)."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (sorted)."""
    reach = {node: reachable(graph, node) for node in graph}
    groups = {
        frozenset({node} | {other for other in reach[node] if node in reach[other]})
        for node in graph
        if node in reach[node]
    }
    return sorted(sorted(group) for group in groups)


def layer_of(module: str) -> str:
    """The layer a module belongs to: its top-level package (or ``app``)."""
    return module.split(".")[0]


def test_the_graph_reads_the_known_edges():
    graph = import_graph()
    assert "dashboard.appstate" in graph["dashboard.factory"]
    assert "dashboard.figures" in graph["dashboard.maps"]  # from dashboard import figures
    assert "dashboard" not in graph["dashboard.maps"]
    assert "queries.db" in graph["queries.incidents"]


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(
    "package",
    ["dashboard", "queries", "geodata"],
)
def test_no_import_cycles(package):
    graph = {
        name: {t for t in targets if layer_of(t) == package}
        for name, targets in import_graph().items()
        if layer_of(name) == package
    }
    assert cycles(graph) == []


def test_imports_run_only_downward():
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in import_graph().items()
        for target in targets
        if LAYERS[layer_of(target)] > LAYERS[layer_of(name)]
    )
    assert upward == []


def test_the_dashboard_never_imports_duckdb():
    files = module_files()
    users = sorted(
        name
        for name, path in files.items()
        if layer_of(name) == "dashboard"
        and any(n.split(".")[0] == "duckdb" for n in imported_names(name, path))
    )
    assert users == []
