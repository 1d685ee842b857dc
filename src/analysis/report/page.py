"""The run's ``index.html`` and ``datapackage.json``: what the page says, computed from the run folder.

:func:`write_index` reads the run folder (executed notebooks, figures with their CSV and JSON
descriptions written by :mod:`analysis.viz.figure_data`, the claims verdict table, provenance
sidecars), numbers the sections and figures, computes each figure's caption (its finding and
source line) and alt text, writes ``datapackage.json`` and renders the page with
:func:`analysis.report.html.render_index`. Standard library only (plus Jinja2), so a re-run
rebuilds the page quickly.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.atomic import write_bytes
from analysis.report import claims_view, datapackage
from analysis.report import html as report_html
from analysis.report import notebooks as nbread

TITLE = "How lopsided is the Sino-Russian high-tech partnership?"
"""The report's title; the focus, partner and parameters follow in the subtitle."""

OVERVIEW_PREFIX = "00"
"""The overview notebook's number: it is shown first, once."""


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
    error: str | None = None
    reason: str | None = None  # the error's last line, shown in the notebooks table
    cell_index: int | None = None  # the failing cell of the source notebook, when one failed


# --- figures ----------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int] | None:
    """Return a PNG's (width, height) from its header, or None if it is not a PNG."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _listing(items: Sequence[str], limit: int = 6) -> str:
    items = [i for i in items if i]
    if len(items) <= limit:
        return (
            ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""
        )
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def alt_text(meta: Mapping[str, Any], fallback: str) -> str:
    """Say in words what a figure shows: its title, panels, series and years (never its file name).

    Args:
        meta: The figure's description (:func:`analysis.viz.figure_data.describe`).
        fallback: What to say when the figure has no description (its section heading).
    """
    title = str(meta.get("title") or "").strip()
    parts = [f"Chart: {title or fallback}".rstrip(".") + "."]
    panels = [p for p in meta.get("panels", []) if isinstance(p, dict)]
    named = [str(p.get("title", "")) for p in panels if p.get("title")]
    if len(panels) > 1:
        parts.append(
            f"{len(panels)} panels: {'; '.join(named)}." if named else f"{len(panels)} panels."
        )
    series = list(dict.fromkeys(s for p in panels for s in p.get("series", [])))
    if series:
        parts.append(f"Shows {_listing(series)}.")
    years = meta.get("years") or []
    if len(years) == 2:
        parts.append(
            f"Years {years[0]}–{years[1]}." if years[0] != years[1] else f"Year {years[0]}."
        )
    return " ".join(parts)


def _stem_order(folder: Path) -> list[Path]:
    """Return a notebook's saved figures (PNG, else SVG), in file-name order."""
    files = sorted(folder.glob("*.png"))
    pngs = {p.stem for p in files}
    return files + sorted(p for p in folder.glob("*.svg") if p.stem not in pngs)


def figure_entries(run_dir: Path, stem: str, nb: dict, section: int) -> list[dict[str, Any]]:
    """Return the figures of one notebook, numbered ``section.k``, with captions and links."""
    folder = run_dir / "figures" / stem
    if not folder.is_dir():
        return []
    headings = nbread.figure_sections(nb)
    out = []
    for k, path in enumerate(_stem_order(folder), start=1):
        meta = _meta(path)
        heading = headings.get(path.stem) or nbread.notebook_title(nb, stem)
        rel = path.relative_to(run_dir).as_posix()
        size = png_size(path) if path.suffix == ".png" else None
        svg, csv_path = path.with_suffix(".svg"), path.with_suffix(".csv")
        out.append(
            {
                "id": f"fig-{path.stem}",
                "stem": path.stem,
                "number": f"{section}.{k}",
                "png": rel,
                "svg": svg.relative_to(run_dir).as_posix() if svg.is_file() else None,
                "csv": csv_path.relative_to(run_dir).as_posix() if csv_path.is_file() else None,
                "finding": str(meta.get("title") or heading),
                "source": str(meta.get("footer") or ""),
                "alt": alt_text(meta, heading),
                "wide": len(meta.get("panels", [])) != 1,
                "empty": meta.get("points") == 0,
                "width": size[0] if size else None,
                "height": size[1] if size else None,
            }
        )
    return out


def notebook_figures(folder: Path, title: str) -> list[report_html.SavedFigure]:
    """Return a notebook's saved figures in the order it saved them, for its notebook page.

    Each with its PNG's path from the page (``../figures/<nb>/<stem>.png``), alt text and size.
    """
    metas = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    out = []
    for meta in metas:
        png = meta.with_suffix(".png")
        size = png_size(png)
        if size is not None:
            src = f"../figures/{folder.name}/{png.name}"
            alt = alt_text(_meta(meta), title)
            out.append(report_html.SavedFigure(src, alt, *size, path=png))
    return out


# --- the page ---------------------------------------------------------------------------------


def _short(title: str) -> str:
    """Drop a notebook title's number: "01 · Patents" → "Patents"."""
    return re.sub(r"^\d+\s*[·.:-]\s*", "", title).strip() or title


def subtitle(run: Mapping[str, Any]) -> str:
    """Return the focus and partner by name and the parameters, e.g. "Russia and China, 2000–2023 …"."""
    params = dict(run.get("parameters") or {})
    codes = [str(c).upper() for c in params.pop("countries", [])]
    try:
        from analysis.data.countries import name

        names = [name(c) for c in codes]
    except Exception:  # noqa: BLE001  names are a nicety: codes will do
        names = codes
    who = ""
    if len(names) >= 2:
        who = f"{names[0]} (focus) and {names[1]} (partner)"
        if len(names) > 2:
            who += f", against {', '.join(names[2:])}"
    elif names:
        who = names[0]
    years = ""
    if "start_year" in params and "end_year" in params:
        years = f"{params.pop('start_year')}–{params.pop('end_year')}"
    rest = ", ".join(
        f"{k.replace('_', ' ')} {', '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in params.items()
    )
    return " · ".join(p for p in (who, years, rest) if p)


def _claims_csvs(run_dir: Path, stems: Sequence[str]) -> list[Path]:
    return [p for s in stems if (p := run_dir / "figures" / s / nbread.CLAIMS_CSV).is_file()]


def _sources(sidecars: Sequence[dict]) -> list[dict[str, str]]:
    rows = []
    for side in sidecars:
        for rec in side.get("inputs", []):
            rows.append(
                {
                    "dataset": str(side.get("dataset", "")),
                    "publisher": str(rec.get("publisher", "")),
                    "link": str(rec.get("page") or rec.get("url") or ""),
                    "file": f"{rec.get('source', '')}/{rec.get('file', '')}",
                    "vintage": str(rec.get("vintage", "")),
                    "licence": str(rec.get("licence", "")),
                    "sha256": str(rec.get("sha256", "")),
                }
            )
    return rows


def citation(run: Mapping[str, Any], commit: str) -> str:
    """Return the line to cite the report by (title, run, commit; authors from CITATION.cff)."""
    authors, url = "The sino-russian-st-asymmetry authors", ""
    try:
        import yaml

        from analysis import paths

        cff = yaml.safe_load((paths.project_root() / "CITATION.cff").read_text(encoding="utf-8"))
        names = [
            " ".join(str(a.get(k, "")) for k in ("given-names", "family-names")).strip()
            or str(a.get("name", ""))
            for a in cff.get("authors", [])
        ]
        authors = ", ".join(n for n in names if n) or authors
        url = str(cff.get("repository-code") or cff.get("url") or "")
    except Exception:  # noqa: BLE001  no CITATION.cff (an installed package): cite without it
        pass
    year = str(run.get("started", ""))[:4]
    tail = f" {url}" if url else ""
    return (
        f"{authors} ({year}). {TITLE} Report run {run.get('run_id', '')}, code at commit "
        f"{commit}.{tail}"
    )


def _in_claim_order(
    figures: list[dict[str, Any]], rows: Sequence[dict[str, str]], section: int
) -> list[dict[str, Any]]:
    """Order a claims section's figures as its claims are listed, numbered again."""
    order = {c: i for i, c in enumerate(dict.fromkeys(r.get("claim", "") for r in rows))}
    ordered = sorted(figures, key=lambda f: order.get(f["stem"].split("-", 1)[-1], len(order)))
    return [f | {"number": f"{section}.{k}"} for k, f in enumerate(ordered, start=1)]


def _fill_claims(
    section: dict[str, Any], run_dir: Path, claims_csvs: Sequence[Path], nb: dict
) -> None:
    """Give the claims section its rows (one per claim), figures in claim order and links."""
    from markupsafe import Markup

    own = [p for p in claims_csvs if p.parent.name == section["id"].removeprefix("sec-")]
    rows = claims_view.read_rows(own)
    section["figures"] = _in_claim_order(section["figures"], rows, section["number"])
    by_claim = {
        f["stem"].split("-", 1)[-1]: {"id": f["id"], "number": f["number"]}
        for f in section["figures"]
    }
    if rows:
        registry = claims_view.registry_rows()
        summaries = claims_view.read_summaries(own)
        section["claims"] = claims_view.claim_rows(rows, registry, by_claim, summaries)
    else:
        section["claims"] = []
        table = nbread.verdict_table_from_notebook(nb)
        section["claims_table"] = Markup(table) if table else None
    section["claims_csv"] = [p.relative_to(run_dir).as_posix() for p in own]


def _downloads(run_dir: Path, claims_csvs: Sequence[Path]) -> list[tuple[str, str]]:
    """Return the run's downloads as (label, link): package, claims tables, processed tables."""
    out = [
        (
            "datapackage.json (every CSV of this run, with fields, units and sources)",
            "datapackage.json",
        )
    ]
    for p in claims_csvs:
        rel = p.relative_to(run_dir).as_posix()
        out.append((f"Claims verdicts: {rel}", rel))
    out += [
        (f"Processed table {p.stem} (Parquet, tidy schema)", p.relative_to(run_dir).as_posix())
        for p in sorted((run_dir / "data").glob("*.parquet"))
    ]
    out.append(("run.json (parameters, versions, input sha256s)", "run.json"))
    return out


def _section(stem: str, number: int, title: str, entry: NotebookEntry | None) -> dict[str, Any]:
    links = []
    if entry is not None and entry.html:
        links.append(("Notebook page", entry.html))
    if entry is not None and entry.notebook:
        links.append(("Executed notebook (.ipynb)", entry.notebook))
    return {
        "id": f"sec-{stem}",
        "number": number,
        "title": title,
        "links": links,
        "findings": entry.findings if entry else [],
        "error": entry.error if entry else None,
        "figures": [],
        "claims": None,
        "claims_table": None,
        "claims_csv": [],
    }


def index_context(
    run_dir: Path,
    run: Mapping[str, Any],
    entries: Sequence[NotebookEntry],
    notebooks: Mapping[str, dict],
    sidecars: Sequence[dict],
    changes_html: str = "",
    claims_notebook: str | None = None,
) -> dict[str, Any]:
    """Return everything ``index.html.j2`` shows, computed from the run folder.

    The claims section is the notebook that wrote a ``claims.csv``, or ``claims_notebook``
    (configured in ``pyproject.toml``) when none did.
    """
    from markupsafe import Markup

    stems = [e.stem for e in entries]
    claims_csvs = _claims_csvs(run_dir, stems)
    claims_stems = {p.parent.name for p in claims_csvs} or {claims_notebook} & set(stems)
    overview = [e for e in entries if e.stem.startswith(OVERVIEW_PREFIX)]
    ordered = overview + [e for e in entries if e.stem in claims_stems and e not in overview]
    ordered += [e for e in entries if e not in ordered]
    sections = []
    for number, e in enumerate(ordered, start=1):
        section = _section(e.stem, number, _short(e.title), e)
        section["figures"] = figure_entries(run_dir, e.stem, notebooks.get(e.stem, {}), number)
        if e.stem in claims_stems:
            _fill_claims(section, run_dir, claims_csvs, notebooks.get(e.stem, {}))
        sections.append(section)
    n = len(sections)
    numbers = {"notebooks": n + 1, "downloads": n + 2, "sources": n + 3, "cite": n + 4}
    toc = [{"id": "changes", "label": "What changed"}] if changes_html else []
    toc += [{"id": s["id"], "label": f"{s['number']}. {s['title']}"} for s in sections]
    toc += [
        {"id": "notebooks", "label": f"{numbers['notebooks']}. Notebooks of this run"},
        {"id": "downloads", "label": f"{numbers['downloads']}. Data and downloads"},
        {"id": "sources", "label": f"{numbers['sources']}. Sources"},
        {"id": "cite", "label": f"{numbers['cite']}. How to cite"},
    ]
    git = run.get("git") or {}
    commit = (git.get("commit") or "unknown")[:12] + (
        " (uncommitted changes)" if git.get("dirty") else ""
    )
    downloads = _downloads(run_dir, claims_csvs)
    return {
        "title": TITLE,
        "subtitle": subtitle(run),
        "run": {
            "id": run.get("run_id", ""),
            "status": run.get("status", ""),
            "started": run.get("started", ""),
            "commit": commit,
        },
        "toc": toc,
        "missing": run.get("missing_sources") or [],
        "changes_html": Markup(changes_html),
        "sections": sections,
        "numbers": numbers,
        "entries": entries,
        "downloads": downloads,
        "sources": _sources(sidecars),
        "citation": citation(run, commit),
    }


def write_index(
    run_dir: Path,
    run: Mapping[str, Any],
    entries: Sequence[NotebookEntry],
    notebooks: Mapping[str, dict],
    sidecars: Sequence[dict],
    changes_html: str = "",
    claims_notebook: str | None = None,
) -> str:
    """Write ``datapackage.json`` and ``index.html`` of a run folder; return the page."""
    stems = [e.stem for e in entries]
    datapackage.write(
        run_dir, dict(run), title=f"{TITLE} — {subtitle(run)}", claims=_claims_csvs(run_dir, stems)
    )
    page = report_html.render_index(
        index_context(run_dir, run, entries, notebooks, sidecars, changes_html, claims_notebook)
    )
    write_bytes(run_dir / "index.html", page.encode("utf-8"))
    return page
