"""Every notebook: hygiene of the committed file, and a Papermill run with other parameters."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import papermill
import pytest
from notebook_runs import run_notebook
from png_size import MIN_PNG_WIDTH, png_width

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# Every notebook takes these; ``reference_year`` only where the notebook uses it.
CONTRACT = {"countries", "start_year", "end_year", "output_dir"}
# Notebooks whose figures must pass analysis.viz.labels.problems (no overlapping text, labels by
# their own lines, log axes labelled, provisional points and breaks explained): all of them.
FIGURE_CHECKED = {
    "00-overview",
    "01-patents",
    "02-rd-investment",
    "03-ai-rankings",
    "04-bilateral",
    "05-claims",
    "06-resilience",
    "07-explorer",
}


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "no notebooks/NN-*.ipynb found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_hygiene(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: set the kernel to python3"
    )
    assert "papermill" not in nb.metadata, (
        f"{path.name}: papermill output committed; commit the template"
    )
    assert path.stat().st_size < 800_000, (
        f"{path.name}: {path.stat().st_size} bytes; keep notebooks under 800 kB"
    )
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    assert sum("parameters" in t for t in tags) == 1, (
        f"{path.name}: need exactly one parameters cell"
    )
    assert not any("injected-parameters" in t for t in tags), (
        f"{path.name}: injected parameters committed"
    )
    assert any("nbval-check-output" in t for t in tags), (
        f"{path.name}: mark the finding cell for nbval"
    )
    found = papermill.inspect_notebook(str(path))
    assert set(found) >= CONTRACT, f"{path.name}: parameters {CONTRACT - set(found)} missing"
    for name, info in found.items():
        assert info["help"], f"{path.name}: parameter {name} has no '# help' comment"
        assert info["inferred_type_name"] != "None", f"{path.name}: parameter {name} has no type"
    params_cell = next(c for c, t in zip(nb.cells, tags, strict=True) if "parameters" in t)
    for node in ast.parse(params_cell.source).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(
            node.value, (ast.Constant, ast.List)
        ), f"{path.name}: the parameters cell must hold typed literals only"
    code = [c for c in nb.cells if c.cell_type == "code"]
    used = {
        n.id
        for c in code
        if "parameters" not in c.metadata.get("tags", [])
        for n in ast.walk(ast.parse(c.source))
        if isinstance(n, ast.Name)
    }
    unused = set(found) - used
    assert not unused, f"{path.name}: parameters {sorted(unused)} are never used; drop them"
    for cell in code:
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in ast.walk(tree)), (
            f"{path.name}: define functions in src/analysis, not in the notebook"
        )
    checked = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert all(c.get("outputs") for c in checked), (
        f"{path.name}: commit the notebook executed (nbval compares the stored findings)"
    )
    figures = [c for c in code if "figures.save(" in c.source]
    assert all(
        any(o.get("output_type") == "display_data" for o in c.get("outputs", [])) for c in figures
    ), f"{path.name}: a figure cell has no stored figure; commit the notebook executed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_with_other_countries_and_years(
    path: Path, tmp_path: Path, mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = tmp_path / "figures"
    if path.stem in FIGURE_CHECKED:
        monkeypatch.setenv("ANALYSIS_FIGURE_CHECK", "error")  # the kernel inherits it
    other = {"countries": ["IND", "BRA", "JPN"], "start_year": 2010, "end_year": 2016}
    run_notebook(path, tmp_path, {**other, "reference_year": 2014, "output_dir": str(figures)})
    pngs = sorted(figures.glob("*.png"))
    assert pngs, f"{path.name} wrote no figure"
    for png in pngs:
        assert png.stat().st_size > 5000, f"{png.name} is suspiciously small"
        assert png.with_suffix(".svg").is_file(), f"{png.name} has no SVG twin"
        header = png.with_suffix(".csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("figure,panel,series,iso3"), f"{png.name}: no data CSV beside it"
        width = png_width(png)
        assert width >= MIN_PNG_WIDTH, (
            f"{png.name} is {width} px wide; the source footer needs {MIN_PNG_WIDTH}"
        )
