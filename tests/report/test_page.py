"""The report page built from fixture notebooks that draw real figures: data, package, claims, browser.

One report is built per module (three fixture notebooks: an overview, a notebook with a
multi-panel and a single-panel figure, a claims notebook writing ``claims.csv`` from two texts)
and checked as a reader would: every figure has its CSV, ``datapackage.json`` validates with
``frictionless``, the claims read as one row per claim, and the page holds in Chromium at
1,400 and 400 px.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from page_checks import ARGS, CHROMIUM, problems

from analysis.report import claims_view, page
from analysis.report import runner as report

PARAMS = """\
countries: list = ["RUS", "CHN"]  # focus, partner
start_year: int = 2000  # first year
end_year: int = 2023  # last year
output_dir: str = ""  # figures folder
"""
DRAW = """\
import pandas as pd
from analysis.viz import charts, figures
figures.set_style()
rows = [
    {"iso3": c, "country": c, "year": y, "indicator": "gerd_ppp", "unit": "current PPP $ bn",
     "value": float(base * (1.1 + 0.05 * i) ** (y - 2000)), "source": "wdi", "vintage": "2025-04-15"}
    for i, (c, base) in enumerate([("RUS", 10.0), ("CHN", 30.0)]) for y in range(2000, 2011)
]
data = pd.DataFrame(rows)
wide = data.pivot(index="year", columns="iso3", values="value")
"""
PANELS = """\
fig = charts.panels({"R&D spending, PPP $ bn": wide, "R&D spending, 2000 = 100": wide / wide.iloc[0] * 100},
                    title=f"{NAME}: China's R&D spending grew faster than Russia's", footer=figures.footer_from_data(data))
figures.save(fig, f"fig-{NAME}-1-panels", output_dir)
fig = charts.panels({"China ÷ Russia": (wide["CHN"] / wide["RUS"]).to_frame("CHN")},
                    title=f"{NAME}: China spends three to four times as much", footer=figures.footer_from_data(data))
figures.save(fig, f"fig-{NAME}-2-ratio", output_dir)
"""
CLAIMS = """\
import pathlib
rows = [
    "text,claim,definition,period,computed,claimed,verdict,in_period,counts,note,source,vintage",
    "Essay A,patents_38x,resident applications,2019,53.287,38.0,not supported,True,True,,wdi,2026-01-28",
    "Essay A,patents_38x,office totals,2019,39.1,38.0,supported,True,True,,wdi,2026-01-28",
    "Essay A,patents_38x,office totals,2022,41.0,38.0,not supported,False,False,,wdi,2026-01-28",
    "Essay B,ai_top20,Oxford Insights GAIRI 2019,2019,29.149,20.0,not supported,True,True,rank 29/194 (top 15%),oxford_gairi,GAIRI 2019",
]
(pathlib.Path(output_dir) / "claims.csv").write_text("\\n".join(rows) + "\\n")
"""
VIEWPORTS = (1400, 400)


def _notebook(path: Path, *cells: tuple[str, str, list[str]]) -> None:
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    nb.cells = [
        new_markdown_cell(f"# {path.stem[:2]} · Fixture {path.stem}"),
        new_code_cell(PARAMS),
    ]
    nb.cells[1].metadata["tags"] = ["parameters"]
    for kind, source, tags in cells:
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
    nbformat.write(nb, path)


def _figures_notebook(path: Path) -> None:
    name = path.stem.split("-", 1)[0]
    _notebook(
        path,
        ("code", DRAW + f"NAME = {name!r}", []),
        ("md", "## Spending", []),
        ("code", PANELS, []),
        ("code", 'print("China spends more than Russia:\\n- at PPP: 3×")', ["nbval-check-output"]),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build one report from the fixture notebooks; yield its run folder."""
    root = tmp_path_factory.mktemp("page")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    _figures_notebook(notebooks / "00-overview.ipynb")
    _figures_notebook(notebooks / "01-spending.ipynb")
    _notebook(notebooks / "05-claims.ipynb", ("code", CLAIMS, []))
    params = root / "report.yaml"
    params.write_text("countries: [RUS, CHN]\nstart_year: 2000\nend_year: 2023\n")
    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "demo.parquet").write_bytes(b"PAR1 not really")
    side = {"dataset": "demo", "inputs": [{"source": "wdi", "file": "WDI.csv", "sha256": "f" * 64,
            "vintage": "2025-04-15", "publisher": "World Bank", "licence": "CC BY 4.0",
            "page": "https://data.worldbank.org"}]}  # fmt: skip
    (processed / "demo.provenance.json").write_text(json.dumps(side))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_DATA_DIR", str(root / "data"))
        mp.setenv(report.NOTEBOOKS_ENV, str(notebooks))
        mp.setenv(report.REPORTS_ENV, str(root / "reports"))
        mp.delenv("ANALYSIS_FIGURE_CHECK", raising=False)
        mp.setattr(report, "library_fingerprint", lambda *a, **k: "fixture-library")
        result = report.run(params_file=params, jobs=2, data=False, progress=False)
    assert result.published, [o.error for o in result.failed]
    yield result.folder


# --- figure data and the data package -----------------------------------------------------------


def test_every_figure_has_its_tidy_csv_beside_it(built: Path) -> None:
    pngs = sorted((built / "figures").glob("*/*.png"))
    assert len(pngs) == 4
    for png in pngs:
        rows = list(csv.DictReader(io.StringIO(png.with_suffix(".csv").read_text())))
        assert rows and {r["figure"] for r in rows} == {png.stem}
        assert {r["iso3"] for r in rows} == {"RUS", "CHN"} or {r["iso3"] for r in rows} == {"CHN"}
    panels = list(
        csv.DictReader(
            io.StringIO(next((built / "figures").glob("01-*/*-1-panels.csv")).read_text())
        )
    )
    published = [r for r in panels if r["panel"] == "R&D spending, PPP $ bn"]
    assert len(published) == 22 and {r["unit"] for r in published} == {"current PPP $ bn"}
    assert {(r["indicator"], r["source"], r["vintage"]) for r in published} == {
        ("gerd_ppp", "wdi", "2025-04-15")
    }
    indexed = [r for r in panels if r["panel"] == "R&D spending, 2000 = 100"]
    assert {r["unit"] for r in indexed} == {"R&D spending, 2000 = 100"}, (
        "computed: the panel's unit"
    )


def test_datapackage_lists_every_csv_and_validates(built: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extra")
    descriptor = json.loads((built / "datapackage.json").read_text())
    paths = {r["path"] for r in descriptor["resources"]}
    expected = {p.relative_to(built).as_posix() for p in (built / "figures").glob("*/*.csv")}
    assert paths == expected, "every figure CSV and the claims table, nothing else"
    figure = next(r for r in descriptor["resources"] if r["path"].endswith("-1-panels.csv"))
    assert figure["units"] == ["R&D spending, 2000 = 100", "current PPP $ bn"]
    assert "World Bank" in figure["sources"][0]["title"] and figure["sources"][0]["path"]
    assert "China's R&D spending grew faster" in figure["title"]
    report_ = frictionless.validate(built / "datapackage.json")
    assert report_.valid, report_.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


# --- the claims section -------------------------------------------------------------------------


def test_claims_are_one_row_per_claim_grouped_by_text(built: Path) -> None:
    rows = claims_view.read_rows([built / "figures" / "05-claims" / "claims.csv"])
    groups = claims_view.claim_rows(rows, {}, {"ai_top20": {"id": "fig-x", "number": "2.1"}})
    assert [g.title for g in groups] == ["Essay A", "Essay B"]
    [patents] = groups[0].claims
    assert patents.verdict == "partly supported" and patents.badge == "partly"
    assert (patents.decisive, patents.definition, patents.period) == (
        "39.1",
        "office totals",
        "2019",
    )
    assert patents.summary == "2 definitions counted: 39.1 to 53.3"
    assert [d.counts for d in patents.details][-1] == "context: outside the reference period"
    [ai] = groups[1].claims
    assert ai.rank == "29/194" and ai.figure == {"id": "fig-x", "number": "2.1"}
    assert not any(v in ("True", "False") for d in ai.details for v in vars(d).values())


def test_claims_without_a_text_column_are_one_group() -> None:
    rows = [{"claim": "c1", "verdict": "supported", "computed": "5.0", "counts": "True"}]
    [group] = claims_view.claim_rows(rows)
    assert group.title == "" and group.claims[0].verdict == "supported"
    assert claims_view.claim_rows([{"claim": "c2"}])[0].claims[0].verdict == "not checkable"


def test_the_notebooks_own_verdict_and_reasoning_are_shown(tmp_path: Path) -> None:
    """The page shows claims_summary.csv's overall verdict ("mixed") and reading, not its own."""
    folder = tmp_path / "05-claims"
    folder.mkdir()
    (folder / "claims.csv").write_text(
        "claim,definition,period,verdict,computed,claimed,counts\n"
        "math,specialisation index,2019,supported,2.3,1,True\n"
        "math,top-1 % papers,2019,not supported,0.1,1,True\n"
    )
    (folder / "claims_summary.csv").write_text(
        "claim,overall,reading\nmath,mixed,Supported by specialisation; not by citations.\n"
    )
    paths = [folder / "claims.csv"]
    [group] = claims_view.claim_rows(
        claims_view.read_rows(paths), summaries=claims_view.read_summaries(paths)
    )
    [math] = group.claims
    assert (math.verdict, math.badge) == ("mixed", "mixed")
    assert math.reading == "Supported by specialisation; not by citations."
    assert math.definition == "specialisation index", "the decisive row is the supporting one"
    [fallback] = claims_view.claim_rows(claims_view.read_rows(paths))[0].claims
    assert fallback.verdict == "partly supported" and fallback.reading == ""


def test_numbers_are_formatted_for_people() -> None:
    assert [claims_view.number(v) for v in ("1234.5", "37.52", "4.6389", "0.02261", "", "x")] == [
        "1,234", "37.5", "4.64", "0.0226", "–", "x",
    ]  # fmt: skip


def test_alt_text_says_what_the_figure_shows() -> None:
    meta = {"title": "China grew faster", "years": [2000, 2010], "panels": [
        {"title": "Spending", "series": ["Russia", "China"]}, {"title": "Index", "series": ["China"]}]}  # fmt: skip
    assert page.alt_text(meta, "fallback") == (
        "Chart: China grew faster. 2 panels: Spending; Index. Shows Russia and China. "
        "Years 2000–2010."
    )
    assert page.alt_text({}, "Spending") == "Chart: Spending."


def test_index_reads_like_a_paper(built: Path) -> None:
    index = (built / "index.html").read_text()
    title = re.search(r"<title>(.*?)</title>", index).group(1)  # type: ignore[union-attr]
    assert "Russia (focus) and China (partner)" in title and "2000–2023" in title
    assert '<html lang="en">' in index and 'id="changes"' not in index  # a first run
    assert "Figure 1.1." in index and "Figure 3.2." in index and "How to cite" in index
    assert index.count('class="data-link"') == 4 and "demo.parquet" in index
    levels = [int(h) for h in re.findall(r"<h([1-6])\b", index)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (
        levels
    )


# --- in a real browser --------------------------------------------------------------------------


def _chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        pytest.skip(
            "BROWSER TEST SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system Chromium driven by Playwright (never a downloaded browser)."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def test_the_browser_checks_catch_a_bad_page(browser: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<html><body><div style='width:3000px'>wide</div><img src='missing.png' alt='fig01-1'>"
        "<nav class='toc'><a href='#nowhere'>x</a></nav><section><table class='claims'><tr><td><pre>t</pre>"
        "</td></tr></table></section><figure id='f'><img src='missing.png' alt='x'><figcaption>short"
        "</figcaption></figure></body></html>"
    )
    tab = browser.new_page(viewport={"width": 400, "height": 800})
    found, _ = problems(tab, bad.as_uri(), index=True)
    text = "\n".join(found)
    for expected in ("scrolls sideways", "does not load", "alt text does not describe",
                     "contents links to nowhere", "<pre>", "no figure number", "no caption",
                     "no CSV link"):  # fmt: skip
        assert expected in text, text


@pytest.mark.parametrize("width", VIEWPORTS)
def test_page_holds_in_a_real_browser(built: Path, browser: Any, width: int) -> None:
    tab = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for name in ("index.html", "html/01-spending.html", "html/05-claims.html"):
        found, raw = problems(tab, (built / name).as_uri(), index=name == "index.html")
        assert found == [], f"{name} at {width}px: {found}"
        if name == "index.html":
            assert len(raw["figures"]) == 4 and raw["claimRows"] == 2, raw
        elif name == "html/01-spending.html":
            assert [i["src"][:11] for i in raw["images"]] == ["../figures/"] * 2, raw["images"]
    assert errors == [], errors
    tab.close()


def test_notebook_previews_pair_with_the_saved_figure_they_show(tmp_path: Path) -> None:
    """Two saved figures of one shape; the notebook shows the second: it gets its PNG and alt."""
    import base64 as b64

    from nbformat.v4 import new_output
    from PIL import Image, ImageDraw

    from analysis.report import html as report_html

    saved = []
    for i, colour in enumerate(("black", "white")):
        image = Image.new("RGB", (600, 300), "grey")
        ImageDraw.Draw(image).rectangle([0, 0, 300, 300], fill=colour)
        path = tmp_path / f"fig-{i}.png"
        image.save(path)
        saved.append(
            report_html.SavedFigure(f"../figures/nb/{path.name}", f"Chart: {i}.", 600, 300, path)
        )
    preview = tmp_path / "preview.png"
    Image.open(saved[1].path).resize((200, 100)).save(preview)  # type: ignore[arg-type]
    nb = new_notebook(cells=[new_markdown_cell("## Shown"), new_code_cell("")])
    data = b64.b64encode(preview.read_bytes()).decode()
    nb.cells[1].outputs = [new_output("display_data", data={"image/png": data})]
    assert report_html.pair_figures(nb, saved, "Figure of nb") == 1
    meta = nb.cells[1].outputs[0].metadata
    assert (meta["src"], meta["alt"]) == ("../figures/nb/fig-1.png", "Chart: 1.")
    nb.cells[1].outputs[0].metadata = {}
    assert report_html.pair_figures(nb, [], "Figure of nb") == 0, "nothing saved: the heading"
    assert nb.cells[1].outputs[0].metadata["alt"] == "Figure of nb: Shown"


def test_what_changed_holds_at_400_px(browser: Any, tmp_path: Path) -> None:
    """A long "What changed" (a new vintage, a rewritten claims table) stays inside the page."""
    from analysis.report import changes
    from analysis.report import html as report_html

    revisions = [{"iso3": "RUS", "year": 2000 + i, "old": 1.5e9 + i, "new": 1.6e9 + i,
                  "definition": "a_very_long_definition_identifier_without_spaces_" * 2}
                 for i in range(8)]  # fmt: skip
    moved = {"since_run": "20261205T000000Z-abcd", "run": "x", "countries": ["RUS", "CHN"],
             "datasets": [{"dataset": "wdi", "state": "changed", "indicators": [
                 {"indicator": "rd_expenditure_pct_gdp", "added": 3, "removed": 0, "revised": 8,
                  "largest_revisions": revisions}]}],
             "headlines": [{"notebook": "05-claims", "old": "x " * 80, "new": "y " * 80}] * 9,
             "verdicts": []}  # fmt: skip
    section = changes.render_html(moved)
    assert "id='changes'" in section and "<details>" in section, "nine moved lines fold away"
    page_ = tmp_path / "changes.html"
    page_.write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta name='viewport' content='width=device-width'>"
        f"<style>{report_html.stylesheet()}</style></head><body><main class='page'>{section}"
        "</main></body></html>"
    )
    tab = browser.new_page(viewport={"width": 400, "height": 900})
    found, _ = problems(tab, page_.as_uri(), index=False)
    assert found == [], found
    tab.close()
