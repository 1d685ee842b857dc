"""The notebooks' parameters as the runner sees them: declared names, types, and checks.

Papermill injects whatever it is given: a misspelt name only logs "Passed unknown parameter"
and the notebook runs with its default; a wrong type fails six kernels later, six times. The
runner therefore reads each notebook's ``parameters`` cell, checks every value once, before
any kernel starts, and hands each notebook only the parameters it declares.
"""

from __future__ import annotations

import ast
import difflib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.errors import ParameterError, ReportError

REPORT_FLAG = ("analysis", "report")
"""Notebook metadata ``{"analysis": {"report": false}}`` keeps a notebook out of the report."""


def in_report(notebook: Path) -> bool:
    """Return False for a notebook whose metadata says it has no place in the static report.

    ``07-explorer`` is an interactive tool (``make explore``): its widgets show nothing in a
    static page, and its default view repeats a figure of ``02-rd-investment``. It opts out
    with ``"analysis": {"report": false}`` in its notebook metadata; every other notebook is in.
    """
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return meta.get(REPORT_FLAG[0], {}).get(REPORT_FLAG[1], True) is not False


def pair_overrides(items: Sequence[str]) -> list[str]:
    """Return ``-p`` overrides as ``NAME=VALUE``, joining papermill's form ``NAME VALUE``.

    ``analysis report -p countries '["IND","BRA"]'`` (as one would type it for papermill) gives
    ``["countries", '["IND","BRA"]']``: a bare name followed by a value becomes
    ``'countries=["IND","BRA"]'``. Anything else is left for the runner to check.
    """
    out: list[str] = []
    rest = list(items)
    while rest:
        item = rest.pop(0)
        if "=" not in item and item.isidentifier() and rest:
            item = f"{item}={rest.pop(0)}"
        out.append(item)
    return out


def declared(notebook: Path) -> dict[str, Any]:
    """Return ``{name: default}`` of the cell tagged ``parameters`` (literal defaults only).

    Raises:
        ReportError: if the notebook has no parameters cell or it cannot be parsed.
    """
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell.get("source", ""))
            break
    else:
        raise ReportError(f"{notebook.name} has no cell tagged 'parameters'; tag one")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportError(
            f"{notebook.name}: the parameters cell is not valid Python: {exc}"
        ) from exc
    out: dict[str, Any] = {}
    for node in tree.body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and value is not None:
            try:
                out[target.id] = ast.literal_eval(value)
            except ValueError:
                out[target.id] = None  # computed default: its type is not checked
    return out


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)  # fmt: skip


def _same_kind(value: object, default: object) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list | tuple):  # and each element like the default's (break_years)
        return isinstance(value, list | tuple) and all(
            _same_kind(v, default[0]) for v in value[: len(value) * bool(default)]
        )
    return isinstance(value, type(default))


def check(params: Mapping[str, Any], notebooks: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """Check the run's parameters against every notebook; return each notebook's own parameters.

    A list parameter given as text that spells a list (``'["IND","BRA"]'``) is read as that
    list; other text for a list (``IND,BRA``) is refused with the exact way to pass it. The
    ``countries`` are returned as checked, upper-cased: the runner hands exactly that list to
    the kernels, with :func:`kernel_env`, so ``notebook.setup`` does not check them again.

    Raises:
        ReportError: one message for all problems: an unknown name (with "did you mean"), a
            value of the wrong type, an unknown ISO3 code, a reversed year range.
    """
    from analysis import params as notebook_params

    declared_by = {nb.stem: declared(nb) for nb in notebooks}
    known: dict[str, Any] = {}
    for names in declared_by.values():
        for name, default in names.items():
            known.setdefault(name, default)
    problems = []
    params = dict(params)
    for name, value in params.items():
        if isinstance(value, str) and isinstance(known.get(name), list | tuple):
            parsed = notebook_params.list_from_text(value)
            if parsed is None:
                example = ", ".join(str(v) for v in known[name][:2])
                problems.append(
                    f"{name} = {value!r} should be a list, like {known[name]!r}; "
                    + notebook_params.how_to_pass(name, example)
                )
                continue
            params[name] = value = parsed
        # output_dir is refused earlier, by runner.load_params: the runner sets it.
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                f"unknown parameter {name!r}{hint} (the notebooks take: {', '.join(sorted(known))})"
            )
        elif not _same_kind(value, known[name]):
            problems.append(
                f"{name} = {value!r} should be {_type_name(known[name])}, like {known[name]!r}"
            )
    if not problems:
        try:
            if "countries" in params:  # checked here once: the kernels trust this list
                params["countries"] = list(notebook_params.check_countries(params["countries"]))
            if {"start_year", "end_year", "reference_year"} & set(params):
                merged = {**known, **params}  # a range checks against the other end's default
                notebook_params.check_years(
                    merged["start_year"], merged["end_year"], merged.get("reference_year")
                )
        except ParameterError as exc:
            problems.append(str(exc))
    if problems:
        raise ReportError(
            "parameters refused before any notebook ran (nothing was written):\n  "
            + "\n  ".join(problems)
        )
    return {
        stem: {k: v for k, v in params.items() if k in names} for stem, names in declared_by.items()
    }


def kernel_env(own: Mapping[str, Any]) -> dict[str, str]:
    """Return the environment a notebook's kernel gets on top of the runner's.

    ``{ANALYSIS_CHECKED_COUNTRIES: "RUS,CHN,..."}`` when the run passes ``countries`` (already
    checked by :func:`check`), so :func:`analysis.params.runner_checked` takes them without a
    second check; the variable set empty when the notebook keeps its default countries (its
    kernel checks them), so a value left in the runner's own environment never reaches it.
    """
    from analysis import paths

    codes = own.get("countries")
    return {paths.CHECKED_COUNTRIES_ENV: ",".join(codes) if isinstance(codes, list) else ""}
