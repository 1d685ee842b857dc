"""The house's shape: no function longer than 80 lines, no circle of imports between modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "analysis"
MAX_FUNCTION_LINES = 80

LONG_FUNCTIONS_ALLOWED: dict[str, str] = {}
"""``module:function`` -> why it may still be longer (dated, with who splits it), else empty."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(PACKAGE.rglob("*.py"))


def long_functions(path: Path) -> list[str]:
    """``module:function (N lines)`` for every function or method over the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > MAX_FUNCTION_LINES:
                out.append(f"{module_name(path)}:{node.name} ({lines} lines)")
    return out


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_function_is_longer_than_80_lines(path: Path) -> None:
    found = [f for f in long_functions(path) if f.split(" (")[0] not in LONG_FUNCTIONS_ALLOWED]
    assert not found, f"split into steps a reader can follow: {found}"


def test_the_allowed_long_functions_are_still_long() -> None:
    """An entry of the allow-list goes once its function is split (the list only shrinks)."""
    every = {f.split(" (")[0] for path in MODULES for f in long_functions(path)}
    stale = sorted(set(LONG_FUNCTIONS_ALLOWED) - every)
    assert not stale, f"remove from LONG_FUNCTIONS_ALLOWED, they are short now: {stale}"


def _imports(path: Path) -> set[str]:
    """The package modules a module imports at any level (functions included)."""
    me = module_name(path)
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: from . import x
                base = ".".join(me.split(".")[: -node.level] + [node.module])
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        out |= {n for n in names if n in KNOWN and n != me}
    return out


KNOWN = {module_name(p) for p in MODULES}


def _graph() -> dict[str, set[str]]:
    """Module -> modules it imports, a package standing for its ``__init__``.

    ``from analysis.topics import rd`` counts as an import of ``analysis.topics.rd`` (and of the
    package, whose ``__init__`` runs first); a package's own ``__init__`` importing its modules
    is not a circle with them.
    """
    graph = {}
    for path in MODULES:
        me = module_name(path)
        graph[me] = {m for m in _imports(path) if not me.startswith(m + ".")}
        if path.name == "__init__.py":
            graph[me] = {m for m in graph[me] if not m.startswith(me + ".")} | {
                m for m in _imports(path) if m.startswith(me + ".")
            }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_between_modules() -> None:
    circles = _cycles(_graph())
    assert not circles, f"modules that import each other (directly or round a circle): {circles}"
