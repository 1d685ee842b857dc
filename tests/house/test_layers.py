"""The house rules: imports go down the layers only, and no topic uses another's private names.

Layers, lowest first (ARCHITECTURE.md): the foundation (paths, errors, atomic), data (raw to
processed), viz (house style and chart builders, which know no topic), topics (measures and
sentences), the notebook helpers, the report, and the command line on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "analysis"
LAYERS = {
    "analysis.paths": 0,
    "analysis.errors": 0,
    "analysis.atomic": 0,
    "analysis.formats": 0,
    "analysis.data": 1,
    "analysis.viz": 2,
    "analysis.topics": 3,
    "analysis.params": 4,
    "analysis.notebook": 4,
    "analysis.explorer": 4,
    "analysis.report": 5,
    "analysis.cli": 6,
    "analysis.__main__": 6,
}
MAX_LINES = 700


def layer(module: str) -> int | None:
    """Return the layer of a dotted module name (None for the package root)."""
    best = None
    for prefix, level in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            best = level
    return best


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Return (module, imported names, line) for every ``analysis`` import in a file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            names = [a.name for a in node.names]
            if node.module == "analysis":  # `from analysis import paths`: each name is a module
                out += [(f"analysis.{n}", [], node.lineno) for n in names]
            else:
                out.append((node.module, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("analysis")]
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_down_the_layers(path: Path) -> None:
    own = layer(module_name(path))
    assert own is not None, (
        f"{module_name(path)} is in no layer: add it to LAYERS and ARCHITECTURE.md"
    )
    upward = [
        f"line {line}: {module} (layer {layer(module)})"
        for module, _, line in imports(path)
        if layer(module) is not None and layer(module) > own  # type: ignore[operator]
    ]
    assert not upward, f"{module_name(path)} (layer {own}) imports upward: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_reaches_into_another_modules_private_names(path: Path) -> None:
    mine = module_name(path)
    package = mine.rsplit(".", 1)[0]

    def own(module: str) -> bool:  # a sub-package may share private helpers among its modules
        return package != "analysis" and module.startswith(package + ".")

    private = [
        f"line {line}: {module}.{name}"
        for module, names, line in imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__") and not own(module)
    ]
    private += [
        f"line {line}: {module}"
        for module, _, line in imports(path)
        if any(p.startswith("_") and not p.startswith("__") for p in module.split("."))
        and not own(module)
    ]
    assert not private, f"{mine} uses private names of other modules: {private}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_is_too_big(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it along its concerns"


TOPICS = sorted((PACKAGE / "topics").rglob("*.py"))


@pytest.mark.parametrize("path", TOPICS, ids=lambda p: module_name(p))
def test_topics_draw_nothing(path: Path) -> None:
    """Topics compute tables and sentences; ``analysis.viz`` draws them (neither imports the other)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    drawing = [
        f"line {node.lineno}: {name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
        if name.startswith(("analysis.viz", "matplotlib", "seaborn"))
    ]
    drawing += [
        f"line {line}: {module}" for module, _, line in imports(path) if module == "analysis.viz"
    ]
    assert not drawing, (
        f"{module_name(path)} imports drawing code {drawing}: move the figure into analysis/viz/ "
        "as a builder that takes the topic's tables, and call it from the notebook"
    )
