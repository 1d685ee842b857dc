"""One way to load: in each topic only its loader module, ``load.py``, reads processed data.

A topic package ``analysis/topics/<topic>/`` has one ``load.py`` that calls ``analysis.load`` /
``processed.load``; its other modules compute from the tables they are given and word the
computed tables, so their unit tests feed them tables (ARCHITECTURE.md, "Loading apart from
computing"). The check reads the source (AST), so it also catches a ``load(`` inside a function,
and a call of another topic's loader (``ai.ai_ranks(...)``, ``rd.load.spending(...)``) outside a
loader module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TOPICS = Path(__file__).resolve().parents[2] / "src" / "analysis" / "topics"
SHARED = {"__init__.py", "compare.py", "text.py"}
"""Modules of ``topics/`` that are no topic: the package and the shared helpers."""

LOADER = "load.py"

READERS = {"load", "series_marks"}
"""Calls that read the processed data (``processed.load``) or what its metadata declare for a
window of countries and years (``marks.series_marks``)."""


def _module(path: Path) -> str:
    return ".".join(path.relative_to(TOPICS.parents[1]).with_suffix("").parts)


def loads(source: str) -> list[str]:
    """``line N: <what>`` for every call of a :data:`READERS` (``load(``, ``<x>.load(``,
    ``series_marks(``) and every import of ``load``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in READERS:
                found.append(f"line {node.lineno}: {ast.unparse(func)}(...)")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
            if any(a.name == "load" for a in node.names) and not (node.module or "").startswith(
                "analysis.topics"
            ):
                found.append(f"line {node.lineno}: from {node.module} import load")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name == "analysis.data.processed"
            ]
    return found


def loader_functions() -> dict[str, set[str]]:
    """Topic package -> the public functions of its ``load.py`` (what ``<topic>.<name>`` loads)."""
    out = {}
    for path in TOPICS.glob(f"*/{LOADER}"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[path.parent.name] = {
            n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name[0] != "_"
        }
    return out


def loader_calls(source: str, loaders: dict[str, set[str]]) -> list[str]:
    """``line N: <call>`` for every ``<topic>.<loader>(`` and ``<x>.load.<function>(``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner, name = node.func.value, node.func.attr
        through_loader = isinstance(owner, ast.Attribute) and owner.attr == "load"
        of_topic = isinstance(owner, ast.Name) and name in loaders.get(owner.id, set())
        if through_loader or of_topic:
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found


MODULES = sorted(p for p in TOPICS.rglob("*.py") if p.parent != TOPICS or p.name not in SHARED)


def test_every_topic_is_a_package_with_one_loader_module() -> None:
    """No single-module topic: each topic is ``topics/<topic>/`` with a ``load.py``."""
    singles = [p.name for p in TOPICS.glob("*.py") if p.name not in SHARED]
    assert not singles, (
        f"topic modules outside a package {singles}: make each a package "
        f"topics/<topic>/ with {LOADER} (the loading) and the computing modules beside it"
    )
    packages = [p for p in TOPICS.iterdir() if (p / "__init__.py").is_file()]
    assert packages
    without = [p.name for p in packages if not (p / LOADER).is_file()]
    assert not without, f"topic packages without a {LOADER}: {without}"


@pytest.mark.parametrize("path", MODULES, ids=_module)
def test_only_the_loader_module_loads(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if path.name == LOADER:
        return
    found = loads(source) + loader_calls(source, loader_functions())
    assert not found, (
        f"{_module(path)} loads data {found}: move the loading into "
        f"{_module(path.parent / LOADER)} and pass this module the tables"
    )


@pytest.mark.parametrize(
    "source",
    [
        "from analysis.data.processed import load\n",
        "import analysis.data.processed\n",
        "def f():\n    return load('wdi')\n",
        "def f():\n    return processed.load('wdi')\n",
        "from analysis import load\n",
        "def f(c, y):\n    return series_marks('wdi', ['population'], c, y)\n",
    ],
)
def test_the_check_sees_every_way_to_load(source: str) -> None:
    assert loads(source)


def test_the_load_check_lets_an_import_of_a_topics_loader_module_pass() -> None:
    assert not loads("from analysis.topics.rd import load\nrd.spending(None, (2000, 2020))\n")


def test_the_check_sees_a_call_of_another_topics_loader() -> None:
    loaders = {"ai": {"ai_ranks"}, "rd": {"spending"}}
    assert loader_calls("def f(c):\n    return ai.ai_ranks(c)\n", loaders)
    assert loader_calls("rd.load.spending(None, (2000, 2020))\n", loaders)
    assert not loader_calls("rd.spending_from(table)\nai.rank_rows(t, c)\n", loaders)
    assert "ai" in loader_functions() and "ai_ranks" in loader_functions()["ai"]


def public_functions(path: Path) -> set[str]:
    """The public functions a module defines at its top level (not those it imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name[0] != "_"}


def name_collisions(package: Path) -> list[str]:
    """``<topic>.load.<f> and <topic>.<module>.<f> (...)`` for every public function of the
    topic's ``load.py`` whose name a public function of another module of the package also has."""
    loader = package / LOADER
    loading = public_functions(loader)
    found = []
    for path in sorted(package.rglob("*.py")):
        if path == loader:
            continue
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for name in sorted(loading & public_functions(path)):
            found.append(
                f"{package.name}.load.{name} and {module}.{name} (rename it {module}.{name}_from)"
            )
    return found


@pytest.mark.parametrize(
    "package", sorted(p.parent for p in TOPICS.glob(f"*/{LOADER}")), ids=lambda p: p.name
)
def test_loaders_and_pure_functions_are_named_apart(package: Path) -> None:
    """A loader keeps the notebook-facing name (``bilateral.copub_pairs(countries, years)``), the
    pure function it delegates to says what it takes (``copub.copub_pairs_from(..., table=...)``):
    one name never means both "loads" and "computes from what it is given"."""
    found = name_collisions(package)
    assert not found, (
        f"a loader and a pure function share a name: {found}; rename the pure function "
        "<name>_from (it computes from the tables it is given) and keep the loader's name, "
        "which is what the notebooks call"
    )


def test_the_name_check_sees_a_loader_named_like_a_pure_function(tmp_path: Path) -> None:
    package = tmp_path / "topic"
    package.mkdir()
    (package / LOADER).write_text("def spending(c, y):\n    return measures.spending(load())\n")
    (package / "measures.py").write_text("def spending(table):\n    return table\n")
    (package / "__init__.py").write_text("from .load import spending\n")
    assert len(name_collisions(package)) == 1
    (package / "measures.py").write_text("def spending_from(table):\n    return table\n")
    assert not name_collisions(package)
