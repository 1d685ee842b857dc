"""A notebook's page has its own cache key: templates and stylesheet re-render, never re-execute.

The execution key (source, parameters, imported library code, packages, inputs) decides whether a
notebook runs again; the page key adds what renders its page (``report/templates/*.j2``,
``report.css`` and the renderer's code). A change to those re-renders every page from the
executed notebooks of the last run, linked, not executed again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import test_report
from test_report import run, write_notebook

from analysis.report import fingerprints
from analysis.report import html as report_html

project = test_report.project  # the fixture project of the runner's tests


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates folder the pages are rendered with (and their key hashes)."""
    folder = tmp_path / "templates"
    shutil.copytree(report_html.templates_folder(), folder)
    monkeypatch.setattr(report_html, "templates_folder", lambda: folder)
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("report.css", "", "\n.marker-page-key { color: red; }\n"),
        (
            "notebook.html.j2",
            '<main class="jp-Notebook-inner">',
            '<main class="jp-Notebook-inner marker-page-key">',
        ),
    ],  # fmt: skip
)
def test_a_template_change_re_renders_pages_without_executing(
    project: dict[str, Path], templates: Path, name: str, old: str, new: str
) -> None:
    first = run(project)
    assert first.published and len(first.executed) == 3
    path = templates / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")

    second = run(project)
    assert second.published and second.run_id != first.run_id, "a new run shows the new pages"
    assert second.executed == [], "no notebook is executed again for a template change"
    assert all(o.rerendered and o.reused_from == first.run_id for o in second.outcomes)
    for stem in ("00-overview", "01-figure", "05-claims"):
        page = (second.folder / "html" / f"{stem}.html").read_text(encoding="utf-8")
        assert "marker-page-key" in page, f"{stem}'s page rendered with the new {name}"
        assert "marker-page-key" not in (first.folder / "html" / f"{stem}.html").read_text()
        executed = f"notebooks/{stem}.ipynb"
        assert (second.folder / executed).stat().st_ino == (first.folder / executed).stat().st_ino
    record = json.loads((second.folder / "run.json").read_text())
    assert all(n["reused_from"] == first.run_id for n in record["notebooks"].values())
    assert all(n["rerendered"] and n["page_key"] for n in record["notebooks"].values())

    third = run(project)  # nothing changed since: nothing new
    assert third.run_id == second.run_id and third.executed == []
    assert not any(o.rerendered for o in third.outcomes)


def test_a_changed_notebook_executes_and_the_others_keep_their_pages(
    project: dict[str, Path], templates: Path
) -> None:
    first = run(project)
    write_notebook(project["notebooks"] / "01-figure.ipynb", ("code", "print(1)", []))
    second = run(project)
    assert second.executed == ["01-figure"]
    assert not any(o.rerendered for o in second.outcomes), "pages unchanged: linked"
    page = "html/00-overview.html"
    assert (second.folder / page).stat().st_ino == (first.folder / page).stat().st_ino


def test_the_page_fingerprint_covers_templates_stylesheet_and_renderer(tmp_path: Path) -> None:
    package = tmp_path / "analysis"
    shutil.copytree(Path(fingerprints.__file__).resolve().parents[1], package)
    nb = write_notebook(tmp_path / "01-f.ipynb", ("code", "from analysis.viz import figures", []))
    mods = fingerprints.execution_modules(nb, package)
    assert "analysis.report.html" not in mods and "analysis.report.execute" in mods
    assert "analysis.report.notebooks" in fingerprints.page_modules(package)

    def keys() -> tuple[str, str]:
        return (
            fingerprints.library_fingerprint(package, mods, templates=False),
            fingerprints.page_fingerprint(package),
        )

    before = keys()
    for changed in ("report/templates/report.css", "report/templates/notebook.html.j2",
                    "report/templates/index.html.j2", "report/html.py"):  # fmt: skip
        path = package / changed
        path.write_text(path.read_text() + "\n/* an edit */\n")
        now = keys()
        assert now[0] == before[0], f"{changed} must not re-execute a notebook"
        assert now[1] != before[1], f"{changed} must re-render the pages"
        before = now
