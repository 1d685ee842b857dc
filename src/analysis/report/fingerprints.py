"""Fingerprints of what a notebook's output depends on: code, packages, inputs, parameters, git."""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from analysis import paths

log = logging.getLogger(__name__)

KEY_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "pyarrow",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "country_converter",
)
"""Packages whose versions enter every cache key and ``run.json``."""

_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".toml", ".mplstyle", ".json", ".j2", ".css")

_TEMPLATES = ("report", "templates")
"""The page templates and stylesheet, relative to the package: in the page key, not the
execution key (:func:`page_fingerprint`)."""


# --- fingerprints -------------------------------------------------------------------------------


def library_fingerprint(
    package_dir: Path | None = None, modules: set[str] | None = None, templates: bool = True
) -> str:
    """Return a hash of the ``analysis`` package's code and data files.

    Args:
        package_dir: The package folder (default: the installed one).
        modules: Only these modules' ``.py`` files (dotted names, see :func:`notebook_modules`);
            data files (YAML, CSV) always count. None: every file.
        templates: Whether the report's templates and stylesheet count (False for a
            notebook's execution key: they shape its page, see :func:`page_fingerprint`).
    """
    root = package_dir or Path(__file__).resolve().parents[1]
    wanted = None if modules is None else {_module_path(root, m) for m in modules}
    skipped = None if templates else root.joinpath(*_TEMPLATES)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix not in _CODE_SUFFIXES:
            continue
        if wanted is not None and path.suffix == ".py" and path not in wanted:
            continue
        if skipped is not None and path.is_relative_to(skipped):
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _module_path(root: Path, module: str) -> Path:
    parts = module.split(".")[1:]
    folder = root.joinpath(*parts)
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def _imported(source: str, package_root: Path) -> set[str]:
    """Return the ``analysis`` modules a piece of code imports (``from analysis import x`` too)."""
    out: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name == "analysis" or name.startswith("analysis."):
                out |= _resolve(name, package_root)
    return out


def _resolve(name: str, root: Path) -> set[str]:
    """Return ``name`` and its parent packages if it is a module of the package (else nothing)."""
    parts = name.split(".")
    found = set()
    for i in range(1, len(parts) + 1):
        dotted = ".".join(parts[:i])
        if _module_path(root, dotted).is_file():
            found.add(dotted)
    return found


@cache
def _module_imports(path: Path, mtime_ns: int, root: Path) -> frozenset[str]:
    """Return the package modules one module imports (parsed once per run and version)."""
    return frozenset(_imported(path.read_text(encoding="utf-8"), root))


EXECUTE_MODULE = "analysis.report.execute"
"""How a notebook is executed (Papermill's settings, the executed file's paths): in every
execution key, on its own (the page modules it imports are in the page key)."""

PAGE_MODULES = frozenset(
    {"analysis.report.execute", "analysis.report.html", "analysis.report.page"}
)
"""The modules that turn an executed notebook into its page: a change to them (or to the
templates and stylesheet) re-renders every page (:func:`page_fingerprint`), although no
notebook imports them, without executing any notebook again."""


def execution_modules(notebook: Path, package_dir: Path | None = None) -> set[str]:
    """Return the modules a notebook's execution depends on: those it imports, and the executor.

    This is what a notebook's execution key hashes (:func:`library_fingerprint`, without the
    templates); how its page is rendered is the page key's (:func:`page_fingerprint`).
    """
    return notebook_modules(notebook, package_dir) | {EXECUTE_MODULE}


def page_modules(package_dir: Path | None = None) -> set[str]:
    """Return :data:`PAGE_MODULES` and every package module they import, transitively."""
    return _closure(set(PAGE_MODULES), package_dir or Path(__file__).resolve().parents[1])


def page_fingerprint(package_dir: Path | None = None, templates: Path | None = None) -> str:
    """Return a hash of what renders every notebook's page: renderer code, templates, stylesheet.

    Args:
        package_dir: The package folder (default: the installed one).
        templates: The templates folder (default: the one the pages are rendered with,
            :func:`analysis.report.html.templates_folder`).
    """
    from analysis.report import html as report_html

    root = package_dir or Path(__file__).resolve().parents[1]
    folder = templates or (
        root.joinpath(*_TEMPLATES) if package_dir else report_html.templates_folder()
    )
    digest = hashlib.sha256()
    for module in sorted(page_modules(root)):
        path = _module_path(root, module)
        if path.is_file():
            digest.update(module.encode() + b"\0" + path.read_bytes())
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def page_key(execution_key: str, fingerprint: str) -> str:
    """Return a notebook page's cache key: its execution key and the page fingerprint."""
    return hashlib.sha256(f"{execution_key}\0{fingerprint}".encode()).hexdigest()


def notebook_modules(
    notebook: Path, package_dir: Path | None = None, also: frozenset[str] = frozenset()
) -> set[str]:
    """Return every ``analysis`` module a notebook's code imports, directly or transitively.

    A notebook's cache key depends on these files only, so editing the claims code re-runs the
    notebooks that import it and reuses the others. ``also`` adds modules (and what they
    import) that the notebook does not import itself.
    """
    root = package_dir or Path(__file__).resolve().parents[1]
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = "\n".join(
        "".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code"
    )
    return _closure(_imported(code, root) | {"analysis"} | set(also), root)


def _closure(todo: set[str], root: Path) -> set[str]:
    """Return the modules ``todo`` and every package module they import, transitively."""
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_path(root, module)
        if path.is_file():
            todo |= _module_imports(path, path.stat().st_mtime_ns, root) - seen
    return seen


def package_versions() -> dict[str, str]:
    """Return the installed versions of Python, this package and :data:`KEY_PACKAGES`."""
    out = {"python": sys.version.split()[0]}
    for name in ("sino-russian-st-asymmetry", *KEY_PACKAGES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def processed_sidecars(processed: Path | None = None) -> dict[str, dict]:
    """Return ``{dataset: sidecar}`` for every ``*.provenance.json`` of the processed folder."""
    folder = processed or paths.processed_dir()
    out = {}
    for path in sorted(folder.glob("*.provenance.json")):
        try:
            side = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        out[path.name.removesuffix(".provenance.json")] = side
    return out


def input_hashes(sidecars: Mapping[str, dict]) -> dict[str, list[dict]]:
    """Return ``{dataset: [{source, file, sha256}, ...]}`` from the provenance sidecars."""
    return {
        name: [
            {"source": i.get("source"), "file": i.get("file"), "sha256": i.get("sha256")}
            for i in side.get("inputs", [])
        ]
        for name, side in sidecars.items()
    }


def cache_key(notebook: Path, params: Mapping, environment: Mapping) -> str:
    """Return the hash deciding whether ``notebook`` must run again.

    Args:
        notebook: The source notebook.
        params: The shared parameters (not ``output_dir``, which differs per run).
        environment: Library fingerprint, package versions and input hashes.
    """
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    digest.update(json.dumps(environment, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def git_state(root: Path | None = None) -> dict:
    """Return ``{"commit": sha or None, "dirty": bool}`` of the project checkout."""
    root = root or paths.project_root()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(status.strip())}
