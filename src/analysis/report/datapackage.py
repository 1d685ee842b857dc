"""The run as a Frictionless Data Package: every CSV of the run with its fields, units and sources.

``reports/<run>/datapackage.json`` lists each figure's data (``figures/<nb>/<stem>.csv``, one row
per plotted point, see :mod:`analysis.viz.figure_data`) and the claims verdict table(s), so a
researcher loads the whole run with one call (``frictionless.Package("datapackage.json")``,
or ``datapackage.Package`` in R). Each resource carries a table schema (names, types and a
description per field), the units of its values and the sources behind it, with the
publisher's page and licence from the registry. Written with the standard library only.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from analysis.atomic import write_bytes

FILE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

_TYPES = {"year": "integer", "x": "number", "value": "number"}
"""Figure CSV columns that are not strings (empty cells are missing values)."""


def _registry() -> dict[str, Any]:
    try:
        from analysis.data.sources import registry

        return registry()
    except Exception:  # noqa: BLE001  a broken registry must not sink the report; sources go unnamed
        return {}


def _source_ids(values: Iterable[str]) -> list[str]:
    return sorted({i for v in values for i in re.split(r"\+|;\s*", v) if i.strip()})


def _sources(ids: Sequence[str], reg: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for sid in ids:
        src = reg.get(sid)
        if src is None:
            out.append({"title": sid})
            continue
        entry = {"title": f"{src.publisher}: {src.title}", "path": src.page}
        if src.licence:
            entry["licence"] = src.licence
        out.append(entry)
    return out


def _name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "table"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _infer(values: list[str]) -> str:
    """Return the Table Schema type that fits every non-empty value of a column."""
    present = [v for v in values if v != ""]
    if not present:
        return "string"
    if all(re.fullmatch(r"[+-]?\d+", v) for v in present):
        return "integer"
    if all(v in ("True", "False", "true", "false") for v in present):
        return "boolean"
    try:
        for v in present:
            float(v)
    except ValueError:
        return "string"
    return "number"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def figure_resource(run_dir: Path, path: Path, reg: dict[str, Any], taken: set[str]) -> dict:
    """Describe one figure CSV (and its ``.json`` description, when present) as a resource."""
    from analysis.viz.figure_data import DESCRIPTIONS

    header, rows = _read(path)
    meta_path = path.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    fields = [
        {"name": c, "type": _TYPES.get(c, "string"), "description": DESCRIPTIONS.get(c, "")}
        for c in header
    ]
    return {
        "name": _name(path.stem, taken),
        "path": path.relative_to(run_dir).as_posix(),
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": meta.get("title") or path.stem,
        "description": meta.get("footer", ""),
        "schema": {"fields": fields},
        "units": sorted({r.get("unit", "") for r in rows if r.get("unit")}),
        "sources": _sources(_source_ids(r.get("source", "") for r in rows), reg),
    }


def table_resource(
    run_dir: Path, path: Path, title: str, reg: dict[str, Any], taken: set[str]
) -> dict:
    """Describe another CSV of the run (a claims verdict table) with inferred field types."""
    header, rows = _read(path)
    fields = [{"name": c, "type": _infer([r.get(c) or "" for r in rows])} for c in header]
    return {
        "name": _name(f"{path.parent.name}-{path.stem}", taken),
        "path": path.relative_to(run_dir).as_posix(),
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "schema": {"fields": fields},
        "sources": _sources(_source_ids(r.get("source", "") for r in rows), reg),
    }


def build(run_dir: Path, run: dict, *, title: str, claims: Sequence[Path] = ()) -> dict:
    """Return the data package descriptor of a run folder.

    Args:
        run_dir: The run folder (``figures/<nb>/*.csv`` are the figure tables).
        run: The run record (id, start time, parameters).
        title: The report's title.
        claims: The claims verdict CSVs of the run.
    """
    reg = _registry()
    taken: set[str] = set()
    claim_set = {p.resolve() for p in claims}
    resources = [
        table_resource(run_dir, p, f"Claims verdicts ({p.name})", reg, taken) for p in claims
    ]
    for path in sorted((run_dir / "figures").glob("*/*.csv")):
        if path.resolve() in claim_set:
            continue
        if path.with_suffix(".png").is_file():
            resources.append(figure_resource(run_dir, path, reg, taken))
        else:  # another table a notebook wrote (a claims summary)
            title = f"{path.stem.replace('_', ' ').capitalize()} ({path.parent.name})"
            resources.append(table_resource(run_dir, path, title, reg, taken))
    params = ", ".join(f"{k} = {v}" for k, v in (run.get("parameters") or {}).items())
    used = sorted({s["title"]: s for r in resources for s in r.get("sources", [])}.items())
    return {
        "$schema": PROFILE,
        "name": _name(f"sino-russian-st-{run.get('run_id', 'run')}", set()),
        "title": title,
        "description": f"The data behind every figure and claim verdict of report run "
        f"{run.get('run_id', '')} ({params}). One row per plotted point.",
        "created": str(run.get("started", "")),
        "sources": [s for _, s in used],
        "resources": resources,
    }


def write(run_dir: Path, run: dict, *, title: str, claims: Sequence[Path] = ()) -> Path:
    """Write ``run_dir/datapackage.json`` (atomically) and return its path."""
    target = run_dir / FILE
    text = json.dumps(build(run_dir, run, title=title, claims=claims), indent=1, ensure_ascii=False)
    write_bytes(target, text.encode("utf-8") + b"\n")
    return target
