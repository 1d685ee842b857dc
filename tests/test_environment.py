"""environment.yml must carry exactly the pins of pyproject.toml (the single source)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(spec: str) -> tuple[str, str]:
    name, pins = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(.*)", spec).groups()  # type: ignore[union-attr]
    return name.lower().replace("_", "-"), ",".join(
        sorted(p.strip() for p in pins.split(",") if p.strip())
    )


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _norm(s) for s in project["dependencies"] + project["optional-dependencies"]["dev"]
    )
    wanted["python"] = _norm("python" + project["requires-python"])[1]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and d != "pip"]
    have = dict(_norm(s) for s in conda)
    assert have == wanted, (
        "environment.yml drifted from pyproject.toml; make its conda dependencies carry the same "
        f"pins.\n only in pyproject: {set(wanted.items()) - set(have.items())}\n"
        f" only in environment.yml: {set(have.items()) - set(wanted.items())}"
    )
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e .[dev]"]
    assert env["channels"] == ["conda-forge"]
