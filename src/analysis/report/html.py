"""HTML for the report: one self-contained page per executed notebook, and the run's ``index.html``.

Notebook pages come from nbconvert's ``lab`` template with the code hidden and every block that
would load a script from the internet (require.js, MathJax, mermaid, widgets) emptied, so a page
opens offline and shows no broken requests. Figures are inline (base64) in those pages.

``index.html`` is rendered with the standard library only (no nbconvert, no pandas), so a re-run
in which nothing changed can rebuild it in milliseconds: the overview first, the claims verdict
table, every figure with a caption, and the provenance of every source.
"""

from __future__ import annotations

import csv
import html
import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.atomic import write_bytes

VERDICT_TAGS = ("verdicts", "claims-table", "nbval-check-output")
"""Cell tags whose HTML table output is taken as the claims verdict table (first match wins)."""

CLAIMS_CSV = "claims.csv"
"""A claims notebook may write its verdict table as ``<output_dir>/claims.csv``; it is preferred."""

_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)

# Blocks of nbconvert's lab template that reference a CDN, emptied for self-contained pages.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style>/* findings are sentences: JupyterLab's output CSS breaks them inside words (break-all) */
body .jp-OutputArea-output pre{word-break:normal;overflow-wrap:break-word}</style>
{%- endblock extra_css -%}
"""
_TEMPLATE_NAME = "analysis_report.html.j2"


def remote_references(page: str) -> list[str]:
    """Return the tags of ``page`` that load a script, style, image or frame over the network."""
    return [m.group(0) for m in _REMOTE.finditer(page)]


def export_notebook(notebook: Path, target: Path, title: str) -> None:
    """Write ``notebook`` as a self-contained HTML page with its code hidden.

    Args:
        notebook: An executed ``.ipynb``.
        target: The ``.html`` file to write (replaced atomically).
        title: The page title.

    Raises:
        ValueError: if the page would still load anything from the internet.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        template_file=_TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        mathjax_url="",
        require_js_url="",
    )
    exporter.log.setLevel(logging.ERROR)  # not "Alternative text is missing on N image(s)"
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    remote = remote_references(body)
    if remote:
        raise ValueError(f"{target.name} would load from the internet: {remote[:3]}")
    write_bytes(target, body.encode("utf-8"))


# --- reading executed notebooks (plain JSON: no nbformat import on the fast path) ----------------


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


def verdict_table_from_csv(path: Path) -> str:
    """Render a ``claims.csv`` as an HTML table; rows get a class from their ``verdict`` column."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return "<table class='verdicts'></table>"
    header, body = rows[0], rows[1:]
    verdict_col = next((i for i, h in enumerate(header) if h.strip().lower() == "verdict"), None)
    parts = ["<table class='verdicts'><thead><tr>"]
    parts += [f"<th>{html.escape(h)}</th>" for h in header]
    parts.append("</tr></thead><tbody>")
    for row in body:
        verdict = row[verdict_col] if verdict_col is not None and verdict_col < len(row) else ""
        css = re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
        parts.append(f"<tr class='verdict-{css}'>" if css else "<tr>")
        parts += [f"<td>{html.escape(v)}</td>" for v in row]
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


# --- index.html ---------------------------------------------------------------------------------


@dataclass
class NotebookEntry:
    """What the index shows about one notebook of a run."""

    stem: str
    title: str
    status: str
    duration: float
    reused: bool
    html: str | None
    notebook: str | None
    findings: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:72rem;
  margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;font-size:.88rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}
code{font-size:.82rem;word-break:break-all}
.ok{color:#0a6b2b}
.failed{color:#b00020;font-weight:bold}
.finding{white-space:pre-wrap;background:#f7f7f2;border-left:3px solid #c9b458;
  padding:.4rem .7rem;margin:.4rem 0;font-size:.92rem}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(21rem,1fr));gap:1.2rem}
figure{margin:0;border:1px solid #e3e3e3;padding:.5rem;background:#fff}
figure img{width:100%;height:auto}
figcaption{font-size:.85rem;color:#333;margin-top:.3rem}
.overview figure img{max-width:60rem}
.overview .gallery{grid-template-columns:1fr}
.verdict-supported td{background:#eef8ee}
.verdict-not-supported td{background:#fbeaea}
.verdict-partly-supported td{background:#fdf6e3}
.missing{color:#777;font-style:italic}
.table-text{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem;overflow-x:auto}
"""


def _finding(text: str) -> str:
    """Return a finding's box; printed tables (aligned with runs of spaces) keep a fixed font."""
    tabular = any("   " in line.strip() for line in text.splitlines())
    if tabular:
        return f"<div class='finding table-text'>{html.escape(text)}</div>"
    # Lines printed as "- item" are a list: show them as one, with any text before as a lead.
    parts: list[str] = []
    items: list[str] = []
    for line in text.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return f"<div class='finding'>{''.join(parts)}</div>"


def _figure_html(src: str, caption: str) -> str:
    return (
        f"<figure><img src='{html.escape(src)}' alt='{html.escape(caption)}' loading='eager'>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _provenance_rows(sidecars: Iterable[dict]) -> list[str]:
    rows = []
    for side in sidecars:
        for rec in side.get("inputs", []):
            link = rec.get("page") or rec.get("url") or ""
            publisher = html.escape(str(rec.get("publisher", "")))
            if link:
                publisher = f"<a href='{html.escape(link)}'>{publisher}</a>"
            rows.append(
                "<tr>"
                f"<td>{html.escape(str(side.get('dataset', '')))}</td>"
                f"<td>{publisher}</td>"
                f"<td>{html.escape(str(rec.get('source', '')))}/"
                f"{html.escape(str(rec.get('file', '')))}</td>"
                f"<td>{html.escape(str(rec.get('vintage', '')))}</td>"
                f"<td>{html.escape(str(rec.get('licence', '')))}</td>"
                f"<td><code>{html.escape(str(rec.get('sha256', '')))}</code></td>"
                "</tr>"
            )
    return rows


def render_index(
    *,
    run: dict,
    entries: Sequence[NotebookEntry],
    verdicts: str | None,
    verdicts_from: str | None,
    sidecars: Sequence[dict],
    changes: dict | None = None,
) -> str:
    """Return the run's ``index.html``.

    Args:
        run: The run record (``run_id``, ``status``, ``git``, ``parameters``, times).
        entries: One entry per notebook, the overview first.
        verdicts: The claims verdict table as HTML, or None when no claims notebook ran.
        verdicts_from: Where the table came from (shown under it).
        sidecars: The provenance sidecars of the processed tables the run used.
        changes: What changed since the previous published run (:mod:`analysis.report.changes`),
            shown first; None for a first run.
    """
    from analysis.report.changes import render_html

    esc = html.escape
    git = run.get("git") or {}
    commit = (git.get("commit") or "unknown")[:12] + (
        " (uncommitted changes)" if git.get("dirty") else ""
    )
    params = ", ".join(f"{k} = {json.dumps(v)}" for k, v in run.get("parameters", {}).items())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Report {esc(run.get('run_id', ''))}</title><style>{_CSS}</style></head><body>",
        "<h1>How lopsided is the Sino-Russian high-tech partnership?</h1>",
        f"<p class='meta'>Run <code>{esc(run.get('run_id', ''))}</code> · "
        f"<span class='{esc(run.get('status', ''))}'>{esc(run.get('status', ''))}</span> · "
        f"started {esc(str(run.get('started', '')))} · commit <code>{esc(commit)}</code> · "
        f"parameters: {esc(params)} · <a href='run.json'>run.json</a></p>",
    ]
    missing = run.get("missing_sources") or []
    if missing:
        parts.append(
            "<section id='missing' class='missing'><h2>Incomplete run: sources not obtained</h2>"
            "<p>This run is not published as <code>latest</code>. The notebooks that need these "
            "sources could not use them. Get them with <code>analysis fetch</code> (network), "
            "<code>--mirror DIR</code> or <code>--base-url URL</code>, then run again.</p><ul>"
        )
        parts += [
            f"<li><b>{esc(m['source'])}</b> ({len(m['files'])} file(s)): {esc(m['reason'])}</li>"
            for m in missing
        ]
        parts.append("</ul></section>")
    parts.append(render_html(changes))

    overview = [e for e in entries if e.stem.startswith("00")]
    parts.append("<section id='overview' class='overview'><h2>Overview</h2>")
    if overview:
        for e in overview:
            parts.append(f"<h3>{esc(e.title)}</h3>")
            parts += [_finding(f) for f in e.findings]
            parts.append("<div class='gallery'>")
            parts += [_figure_html(src, cap) for src, cap in e.figures]
            parts.append("</div>")
    else:
        parts.append("<p class='missing'>No overview notebook (00-*) in this run.</p>")
    parts.append("</section>")

    parts.append("<section id='claims'><h2>Claims against the data</h2>")
    claims = [e for e in entries if "claim" in e.stem]
    for e in claims:
        parts += [_finding(f) for f in e.findings]
    if verdicts:
        parts.append(f"<div id='verdicts'>{verdicts}</div>")
        if verdicts_from:
            parts.append(f"<p class='meta'>From {esc(verdicts_from)}.</p>")
    else:
        parts.append("<p class='missing'>No claims verdict table in this run.</p>")
    parts.append("</section>")

    parts.append(
        "<section id='notebooks'><h2>Notebooks</h2><table><thead><tr><th>notebook</th>"
        "<th>status</th><th>seconds</th><th>finding</th></tr></thead><tbody>"
    )
    for e in entries:
        links = []
        if e.html:
            links.append(f"<a href='{esc(e.html)}'>report</a>")
        if e.notebook:
            links.append(f"<a href='{esc(e.notebook)}'>notebook</a>")
        state = e.status + (" (reused)" if e.reused else "")
        detail = "".join(_finding(f) for f in e.findings)
        if e.error:
            detail += f"<div class='finding failed'>{esc(e.error)}</div>"
        parts.append(
            f"<tr><td><b>{esc(e.stem)}</b><br>{esc(e.title)}<br>{' · '.join(links)}</td>"
            f"<td class='{esc(e.status)}'>{esc(state)}</td><td>{e.duration:.1f}</td>"
            f"<td>{detail}</td></tr>"
        )
    parts.append("</tbody></table></section>")

    parts.append("<section id='gallery'><h2>Figures</h2><div class='gallery'>")
    figures = [fig for e in entries for fig in e.figures]
    parts += [_figure_html(src, cap) for src, cap in figures]
    if not figures:
        parts.append("<p class='missing'>No figures in this run.</p>")
    parts.append("</div></section>")

    parts.append(
        "<section id='provenance'><h2>Sources</h2><table><thead><tr><th>dataset</th>"
        "<th>publisher</th><th>file</th><th>vintage</th><th>licence</th><th>sha256</th>"
        "</tr></thead><tbody>"
    )
    parts += _provenance_rows(sidecars)
    parts.append("</tbody></table></section></body></html>\n")
    return "\n".join(parts)
