"""HTML for the report, from Jinja2 templates and one stylesheet (``report/templates/``).

* ``index.html`` (:func:`render_index`): a short paper — title with the focus, partner and
  parameters, contents, numbered sections, numbered figures with computed captions and alt
  text and links to PNG, SVG and data, the claims as one row per claim, downloads, sources and
  how to cite. The context is built by :mod:`analysis.report.page`.
* One self-contained page per executed notebook (:func:`export_notebook`): nbconvert's ``lab``
  template with the code hidden, the house stylesheet, figures at full content width with alt
  text computed from the figures the notebook saved, and every block that would load a script
  from the internet (require.js, MathJax, mermaid, widgets) emptied, so a page opens offline.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from analysis.atomic import write_bytes

_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)
TEMPLATES = "templates"
"""The package folder (``analysis/report/templates``) of the templates and the stylesheet."""


def remote_references(page: str) -> list[str]:
    """Return the tags of ``page`` that load a script, style, image or frame over the network."""
    return [m.group(0) for m in _REMOTE.finditer(page)]


def template_text(name: str) -> str:
    """Return one file of the templates folder (a template or ``report.css``)."""
    return (resources.files("analysis.report") / TEMPLATES / name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """Return the one stylesheet of every page."""
    return template_text("report.css")


def finding_html(text: str) -> str:
    """Return a finding as HTML: lines printed as "- item" a list, aligned tables a table box."""
    lines = text.splitlines()
    if any("   " in line.strip() for line in lines):
        return _text_table(lines)
    parts: list[str] = []
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.startswith("#"):  # a heading printed by a notebook: bold, not a page heading
            parts.append(
                f"<p class='lead'><strong>{html.escape(line.lstrip('#').strip())}</strong></p>"
            )
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return f"<div class='finding'>{''.join(parts)}</div>"


def _text_table(lines: Sequence[str]) -> str:
    """Turn a printed table (columns separated by runs of two or more spaces) into HTML."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip()]
    width = max(len(r) for r in rows)
    header, body = rows[0], rows[1:]
    if len(header) < width:  # a right-aligned first column leaves the header one short
        header = [""] * (width - len(header)) + header
    cells = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in header)
    out = [
        f"<div class='table-box'><table class='text-table'><thead><tr>{cells}</tr></thead><tbody>"
    ]
    for row in body:
        row = row + [""] * (width - len(row))
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: template_text(name)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["finding"] = lambda text: jinja2.filters.Markup(finding_html(text))
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False)
    return env


def render_index(context: dict[str, Any]) -> str:
    """Return ``index.html`` from its context (see :func:`analysis.report.page.index_context`)."""
    return _environment().get_template("index.html.j2").render(css=stylesheet(), **context)


# --- per-notebook pages ---------------------------------------------------------------------------

_NB_TEMPLATE = "notebook.html.j2"


def _image_outputs(nb: Any) -> list[Any]:
    return [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def set_alt_texts(nb: Any, alts: Sequence[str], fallback: str) -> None:
    """Give every displayed image of ``nb`` its alt text (in the output's metadata).

    ``alts`` are the texts of the figures the notebook saved, in the order it saved them; when
    their number matches the displayed images they pair one to one, otherwise every image gets
    ``fallback`` plus the section heading above it.
    """
    outputs = _image_outputs(nb)
    if len(outputs) == len(alts):
        for output, alt in zip(outputs, alts, strict=True):
            output.setdefault("metadata", {})["alt"] = alt
        return
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {})["alt"] = f"{fallback}: {heading}".strip(": ")


def export_notebook(
    notebook: Path, target: Path, title: str, alts: Sequence[str] = (), stem: str = ""
) -> None:
    """Write ``notebook`` as a self-contained HTML page with its code hidden.

    Args:
        notebook: An executed ``.ipynb``.
        target: The ``.html`` file to write (replaced atomically).
        title: The page title.
        alts: Alt texts of the figures the notebook saved, in the order it saved them.
        stem: The notebook's name, for the fallback alt text.

    Raises:
        ValueError: if the page would still load anything from the internet.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({_NB_TEMPLATE: template_text(_NB_TEMPLATE)})],
        template_file=_NB_TEMPLATE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        mathjax_url="",
        require_js_url="",
    )
    exporter.log.setLevel(logging.ERROR)
    exporter.register_filter("finding", finding_html)
    nb = nbformat.read(notebook, as_version=4)
    set_alt_texts(nb, alts, f"Figure of {title or stem}")
    resources_ = {"metadata": {"name": title}, "report_css": stylesheet()}
    body, _ = exporter.from_notebook_node(nb, resources=resources_)
    remote = remote_references(body)
    if remote:
        raise ValueError(f"{target.name} would load from the internet: {remote[:3]}")
    write_bytes(target, body.encode("utf-8"))
