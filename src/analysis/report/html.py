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

import base64
import binascii
import html
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
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


def templates_folder() -> Path:
    """Return the folder of the templates and the stylesheet the pages are rendered with.

    Every page reads them from here, and each notebook page's cache key hashes this folder
    (:func:`analysis.report.fingerprints.page_fingerprint`); a test points it at a copy.
    """
    return Path(str(resources.files("analysis.report") / TEMPLATES))


def template_text(name: str) -> str:
    """Return one file of the templates folder (a template or ``report.css``)."""
    return (templates_folder() / name).read_text(encoding="utf-8")


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


@dataclass(frozen=True)
class SavedFigure:
    """A figure a notebook saved: its PNG (path from the notebook page), alt text and size."""

    src: str
    alt: str
    width: int
    height: int
    path: Path | None = None  # the PNG itself, to tell apart figures of the same shape


_THUMB = (48, 32)


def _thumbnail(image: Any) -> list[int]:
    """Return a tiny grey-scale copy of an image (PIL) as a list of pixel values."""
    small = image.convert("L").resize(_THUMB)
    return list(small.tobytes())  # one byte per pixel in mode "L"


@cache
def _saved_thumbnail(path: Path) -> tuple[int, ...]:
    from PIL import Image

    with Image.open(path) as image:
        return tuple(_thumbnail(image))


def _difference(preview: str, figure: SavedFigure) -> float:
    """Return how unlike a preview (base64 PNG) and a saved figure look (0 = the same)."""
    if figure.path is None:
        return 0.0
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(base64.b64decode(preview))) as image:
            mine = _thumbnail(image)
        theirs = _saved_thumbnail(figure.path)
    except (OSError, ValueError):
        return float("inf")
    return sum(abs(a - b) for a, b in zip(mine, theirs, strict=True)) / len(mine)


def _preview_size(data: str) -> tuple[int, int] | None:
    """Return (width, height) of a base64 PNG from its header."""
    try:
        head = base64.b64decode(data.strip()[:44])
    except (ValueError, binascii.Error):
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _same_shape(size: tuple[int, int], figure: SavedFigure) -> bool:
    """A preview is the saved PNG scaled down: the same aspect ratio, up to rounding."""
    w, h = size
    return (
        h > 0
        and figure.height > 0
        and abs(w / h - figure.width / figure.height)
        <= (0.01 * figure.width / figure.height + 2 / h)
    )


def pair_figures(nb: Any, saved: Sequence[SavedFigure], fallback: str) -> int:
    """Give every displayed image of ``nb`` its alt text, and the saved PNG where it is one.

    A notebook shows a scaled preview of (some of) the figures it saves, in the order it saves
    them: each preview is paired with the most alike of the following saved figures of the same
    shape (compared as tiny grey-scale copies), and then shows that full-resolution PNG
    (``metadata.src``) with its computed alt text. An image that pairs with none gets
    ``fallback`` and the section heading above it.

    Returns:
        How many images were paired.
    """
    paired, position, heading = 0, 0, ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data is None:
                continue
            meta = output.setdefault("metadata", {})
            text = data if isinstance(data, str) else "".join(data)
            size = _preview_size(text)
            shaped = [
                i for i in range(position, len(saved)) if size and _same_shape(size, saved[i])
            ]
            match = min(shaped, key=lambda i: _difference(text, saved[i])) if shaped else None
            if match is None:
                meta["alt"] = f"{fallback}: {heading}".strip(": ")
                continue
            meta["alt"], meta["src"] = saved[match].alt, saved[match].src
            position, paired = match + 1, paired + 1
    return paired


def export_notebook(
    notebook: Path,
    target: Path,
    title: str,
    saved: Sequence[SavedFigure] = (),
    stem: str = "",
) -> None:
    """Write ``notebook`` as a self-contained HTML page with its code hidden.

    Args:
        notebook: An executed ``.ipynb``.
        target: The ``.html`` file to write (replaced atomically).
        title: The page title.
        saved: The figures the notebook saved, in the order it saved them (:func:`pair_figures`).
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
    pair_figures(nb, saved, f"Figure of {title or stem}")
    resources_ = {"metadata": {"name": title}, "report_css": stylesheet()}
    body, _ = exporter.from_notebook_node(nb, resources=resources_)
    remote = remote_references(body)
    if remote:
        raise ValueError(f"{target.name} would load from the internet: {remote[:3]}")
    write_bytes(target, body.encode("utf-8"))
