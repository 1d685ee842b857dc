"""The pre-commit hooks run the checks of `make lint`, on the same folders, with the venv's tools."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _lint_commands() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = text.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in recipe.splitlines()[1:] if line.startswith("\t")]


def test_pre_commit_runs_what_make_lint_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    entries = [hook["entry"].replace(".venv/bin/", "$(BIN)/") for hook in hooks]
    lint = _lint_commands()
    folders = {m for line in lint for m in re.findall(r"\b(src|tests|benchmarks)\b", line)}
    for entry in entries:
        assert any(line.startswith(entry) for line in lint), (
            f"pre-commit runs {entry!r}, which `make lint` does not: {lint}"
        )
    for line in lint:
        assert any(line.startswith(entry) for entry in entries), (
            f"`make lint` runs {line!r} and no pre-commit hook does"
        )
    for hook in hooks:
        if hook.get("pass_filenames", True):
            covered = set(re.findall(r"src|tests|benchmarks", hook.get("files", "")))
            assert covered == folders, f"{hook['id']} checks {covered}, make lint {folders}"
