"""Reading executed notebooks as plain JSON (no nbformat import on the fast path).

What the report page and the run comparison take from a notebook: its title, its findings (the
printed text of the cells tagged ``nbval-check-output``), the section heading above each figure
it saves, and a verdict table shown as HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

VERDICT_TAGS = ("verdicts", "claims-table", "nbval-check-output")
"""Cell tags whose HTML table output is taken as the claims verdict table (first match wins)."""

CLAIMS_CSV = "claims.csv"
"""A claims notebook may write its verdict table as ``<output_dir>/claims.csv``; it is preferred."""


def _text(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else "".join(value)


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def read_notebook(path: Path) -> dict:
    """Return an ``.ipynb`` file as a dict (empty notebook when missing or unreadable)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {"cells": []}


def notebook_title(nb: dict, default: str) -> str:
    """Return the first Markdown heading of a notebook, else ``default``."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _text(cell.get("source")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return default


def findings(nb: dict) -> list[str]:
    """Return the printed text of the cells tagged ``nbval-check-output`` (the findings)."""
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or "nbval-check-output" not in _tags(cell):
            continue
        text = "".join(
            _text(o.get("text"))
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream"
        ).strip()
        if text:
            out.append(text)
    return out


def figure_sections(nb: dict) -> dict[str, str]:
    """Map each figure stem saved by a notebook to the Markdown heading of the section saving it.

    A figure is recognised by its stem appearing as a string literal (``"fig01-1-name"``) in a
    code cell; the caption is the nearest heading above that cell.
    """
    sections: dict[str, str] = {}
    heading = ""
    for cell in nb.get("cells", []):
        source = _text(cell.get("source"))
        if cell.get("cell_type") == "markdown":
            for line in source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif cell.get("cell_type") == "code":
            for literal in re.findall(r"[\"']([A-Za-z0-9][\w.-]*)[\"']", source):
                sections.setdefault(literal, heading)
                sections.setdefault(Path(literal).stem, heading)
    return sections


def _html_tables(nb: dict, tag: str | None = None) -> Iterator[str]:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or (tag is not None and tag not in _tags(cell)):
            continue
        for output in cell.get("outputs", []):
            table = _text(output.get("data", {}).get("text/html"))
            if "<table" in table:
                yield table


def verdict_table_from_notebook(nb: dict) -> str | None:
    """Return the claims verdict table shown by an executed claims notebook, if any.

    The first HTML table of a cell tagged with one of :data:`VERDICT_TAGS`, else the first HTML
    table with a ``verdict`` column.
    """
    for tag in VERDICT_TAGS:
        for table in _html_tables(nb, tag):
            return table
    for table in _html_tables(nb):
        if re.search(r"<th[^>]*>\s*verdict\s*</th>", table, re.IGNORECASE):
            return table
    return None
