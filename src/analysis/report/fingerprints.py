"""Fingerprints of what a notebook's output depends on: code, packages, inputs, parameters, git."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from collections.abc import Mapping
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

_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".mplstyle", ".json", ".j2")


# --- fingerprints -------------------------------------------------------------------------------


def library_fingerprint(package_dir: Path | None = None) -> str:
    """Return a hash of every code and data file of the ``analysis`` package."""
    root = package_dir or Path(__file__).resolve().parents[1]  # the whole analysis package
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix not in _CODE_SUFFIXES:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
