"""The report runner on tiny fixture notebooks: publication, reuse, failure, lock, kill, browser."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import cli
from analysis.report import html as report_html
from analysis.report import runner as report

# A 2x2 PNG, so the fixture notebooks need neither matplotlib nor data.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8DwnwEIGBmRGRgYAAAbBgH/3zO4"
    "AwAAAABJRU5ErkJggg=="
)
PARAMS = """\
countries: list = ["RUS", "CHN"]  # focus, partner
start_year: int = 2000  # first year
end_year: int = 2023  # last year
reference_year: int = 2019  # claims year
output_dir: str = ""  # figures folder
"""
FIGURE = f"""\
import base64, pathlib
from IPython.display import Image, display
out = pathlib.Path(output_dir)
data = base64.b64decode("{PNG}")
(out / "fig-{{stem}}.png").write_bytes(data)
display(Image(data))
"""
CLAIMS = """\
import pathlib
rows = ["claim,definition,verdict", "patents_38x,resident 2019,not supported",
        "rd_dwarfs,PPP,supported"]
(pathlib.Path(output_dir) / "claims.csv").write_text("\\n".join(rows) + "\\n")
"""


def write_notebook(path: Path, *cells: tuple[str, str, list[str]]) -> Path:
    """Write a notebook with a title, the parameters cell and ``cells`` (kind, source, tags)."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    nb.cells = [new_markdown_cell(f"# Fixture {path.stem}"), new_code_cell(PARAMS)]
    nb.cells[1].metadata["tags"] = ["parameters"]
    for kind, source, tags in cells:
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
    nbformat.write(nb, path)
    return path


def figure_notebook(path: Path) -> Path:
    return write_notebook(
        path,
        ("md", "## The profile", []),
        ("code", FIGURE.replace("{stem}", path.stem), []),
        (
            "code",
            'print(f"{countries[1]} against {countries[0]} in {reference_year}")',
            ["nbval-check-output"],
        ),
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Fixture notebooks (overview, a figure notebook, claims), a params file and a data folder."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    figure_notebook(notebooks / "01-figure.ipynb")
    figure_notebook(notebooks / "00-overview.ipynb")
    write_notebook(notebooks / "05-claims.ipynb", ("code", CLAIMS, []))
    params = tmp_path / "report.yaml"
    params.write_text(
        "countries: [RUS, CHN]\nstart_year: 2000\nend_year: 2023\nreference_year: 2019\n"
    )
    data = tmp_path / "data"
    processed = data / "processed"
    processed.mkdir(parents=True)
    (processed / "demo.parquet").write_bytes(b"PAR1 not really")
    sidecar = {
        "dataset": "demo",
        "code_fingerprint": "abc",
        "inputs": [
            {
                "source": "wdi",
                "file": "WDI.csv",
                "sha256": "f" * 64,
                "vintage": "2025-04-15",
                "publisher": "World Bank",
                "licence": "CC BY 4.0",
                "page": "https://data.worldbank.org",
            }
        ],
    }
    (processed / "demo.provenance.json").write_text(json.dumps(sidecar))
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    monkeypatch.setenv(report.NOTEBOOKS_ENV, str(notebooks))
    monkeypatch.setenv(report.REPORTS_ENV, str(tmp_path / "reports"))
    monkeypatch.setattr(report, "prepare_data", lambda: None)
    # Others may be editing src/analysis while the tests run; pin the library's fingerprint.
    monkeypatch.setattr(report, "library_fingerprint", lambda *a, **k: "fixture-library")
    return {"notebooks": notebooks, "reports": tmp_path / "reports", "params": params, "data": data}


def run(project: dict[str, Path], **kw: object) -> report.RunResult:
    return report.run(params_file=project["params"], jobs=2, data=False, progress=False, **kw)


def latest(project: dict[str, Path]) -> str:
    return str((project["reports"] / "latest").readlink())


# --- unit ---------------------------------------------------------------------------------------


def test_params_overrides_are_yaml(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("countries: [RUS, CHN]\nstart_year: 2000\n")
    params = report.load_params(path, ["start_year=2010", "countries=[IND, BRA, JPN]", "x=abc"])
    assert params == {"countries": ["IND", "BRA", "JPN"], "start_year": 2010, "x": "abc"}
    with pytest.raises(report.ReportError, match="NAME=VALUE"):
        report.load_params(path, ["start_year"])
    with pytest.raises(report.ReportError, match="set by the runner"):
        report.load_params(path, ["output_dir=/tmp"])
    with pytest.raises(report.ReportError, match="not found"):
        report.load_params(tmp_path / "missing.yaml")


def test_discover_puts_the_overview_first(tmp_path: Path) -> None:
    for name in ("02-b.ipynb", "01-a.ipynb", "00-overview.ipynb", "notes.ipynb", "1-x.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in report.discover(tmp_path)] == [
        "00-overview.ipynb",
        "01-a.ipynb",
        "02-b.ipynb",
    ]
    with pytest.raises(report.ReportError, match="no notebooks"):
        report.discover(tmp_path / "nothing")


def test_discover_leaves_out_a_notebook_that_opts_out_of_the_report(tmp_path: Path) -> None:
    (tmp_path / "01-a.ipynb").write_text('{"metadata": {"analysis": {"report": true}}}')
    (tmp_path / "07-tool.ipynb").write_text('{"metadata": {"analysis": {"report": false}}}')
    assert [p.name for p in report.discover(tmp_path)] == ["01-a.ipynb"]
    repo_notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    found = [p.stem for p in report.discover(repo_notebooks)]
    assert "07-explorer" not in found and "02-rd-investment" in found


def test_remote_references_are_detected() -> None:
    page = (
        "<script src='https://cdn.example/x.js'></script>"
        "<link href=\"//cdn/x.css\"><img src='a.png'>"
    )
    assert len(report_html.remote_references(page)) == 2
    assert report_html.remote_references("<script>var u = 'https://x';</script>") == []


def test_library_fingerprint_follows_code(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"junk")
    before = report.library_fingerprint(tmp_path)
    (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"other junk")
    assert report.library_fingerprint(tmp_path) == before
    (tmp_path / "mod.py").write_text("x = 2\n")
    assert report.library_fingerprint(tmp_path) != before


def test_latest_refuses_to_replace_a_real_folder(tmp_path: Path) -> None:
    (tmp_path / "latest").mkdir()
    with pytest.raises(report.ReportError, match="not a symlink"):
        report.point_latest(tmp_path, "run-1")


# --- a whole run --------------------------------------------------------------------------------


def test_success_publishes_latest(project: dict[str, Path]) -> None:
    result = run(project)
    assert result.published and not result.failed
    assert sorted(result.executed) == ["00-overview", "01-figure", "05-claims"]
    folder = project["reports"] / result.run_id
    assert latest(project) == result.run_id and folder.is_dir()
    assert not list(project["reports"].glob(".*.partial"))
    for stem in ("00-overview", "01-figure"):
        assert (folder / "figures" / stem / f"fig-{stem}.png").stat().st_size > 0
        page = (folder / "html" / f"{stem}.html").read_text()
        assert report_html.remote_references(page) == [], "the HTML must not load from the internet"
        assert "base64" in page and "import base64" not in page, "figures inline, code hidden"
        assert '<div class="finding"><p>CHN against RUS in 2019</p></div>' in page, (
            "findings as text"
        )
        assert "No description has been provided" not in page, "every image has a computed alt"
        executed = (folder / "notebooks" / f"{stem}.ipynb").read_text()
        assert ".partial" not in executed
    assert (folder / "data" / "demo.parquet").is_file() and (
        folder / "data" / "demo.provenance.json"
    ).is_file()

    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "ok" and record["parameters"]["countries"] == ["RUS", "CHN"]
    assert record["inputs"] == {"demo": [{"source": "wdi", "file": "WDI.csv", "sha256": "f" * 64}]}
    assert "pandas" in record["packages"] and "commit" in record["git"]
    assert set(record["notebooks"]) == {"00-overview", "01-figure", "05-claims"}
    assert all(n["status"] == "ok" and n["duration"] > 0 for n in record["notebooks"].values())

    index = (folder / "index.html").read_text()
    overview, claims, figure = (
        index.index(f'id="sec-{s}"') for s in ("00-overview", "05-claims", "01-figure")
    )
    assert overview < claims < figure, "overview first, then the claims, then the notebooks"
    assert (
        "patents 38x" in index and '<span class="badge not-supported">not supported</span>' in index
    )
    assert index.count('<img src="figures/00-overview/fig-00-overview.png"') == 1, "overview once"
    assert "Figure 1.1." in index and 'alt="Chart: The profile."' in index
    assert "CHN against RUS in 2019" in index
    assert (
        "f" * 64 in index
        and "World Bank" in index
        and "CC BY 4.0" in index
        and "2025-04-15" in index
    )


def test_parameters_reach_the_notebooks(project: dict[str, Path]) -> None:
    result = run(project, overrides=["countries=[IND, BRA]", "reference_year=2014"])
    index = (result.folder / "index.html").read_text()
    assert "BRA against IND in 2014" in index
    nb = json.loads((result.folder / "notebooks" / "01-figure.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"]["output_dir"] == str(
        result.folder / "figures" / "01-figure"
    )


def test_incremental_rerun_executes_nothing(project: dict[str, Path]) -> None:
    first = run(project)
    second = run(project)  # how long this takes is measured by `make bench`, not here
    assert second.published and second.executed == []
    # Nothing changed: nothing new is published, no new run folder appears.
    assert latest(project) == second.run_id == first.run_id
    runs = [p.name for p in project["reports"].iterdir() if p.name[0].isdigit()]
    assert runs == [first.run_id]
    assert all(o.reused_from == first.run_id for o in second.outcomes)

    # A new notebook runs; the unchanged ones are hard-linked from the published run.
    figure_notebook(project["notebooks"] / "02-extra.ipynb")
    third = run(project)
    assert third.executed == ["02-extra"] and third.run_id != first.run_id
    old, new = (
        first.folder / "figures/01-figure/fig-01-figure.png",
        third.folder / "figures/01-figure/fig-01-figure.png",
    )
    assert old.stat().st_ino == new.stat().st_ino, "unchanged products are hard-linked, not copied"
    assert (third.folder / "index.html").is_file()
    (project["notebooks"] / "02-extra.ipynb").unlink()

    # A changed notebook or parameter runs again; --force runs everything.
    figure_notebook(project["notebooks"] / "03-new.ipynb")
    assert run(project).executed == ["03-new"]
    assert sorted(run(project, overrides=["start_year=2001"]).executed) == [
        "00-overview",
        "01-figure",
        "03-new",
        "05-claims",
    ]
    assert len(run(project, force=True).executed) == 4


def test_failed_notebook_leaves_latest_untouched(
    project: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    good = run(project)
    write_notebook(
        project["notebooks"] / "02-broken.ipynb", ("code", "x = 1", []), ("code", "y = x / 0", [])
    )
    result = run(project)
    assert not result.published and latest(project) == good.run_id
    (failed,) = result.failed
    assert (
        failed.stem == "02-broken"
        and failed.cell_index == 3
        and failed.ename == "ZeroDivisionError"
    )
    assert "02-broken.ipynb: cell 3" in failed.error and "y = x / 0" in failed.error
    record = json.loads((result.folder / "run.json").read_text())
    assert record["status"] == "failed" and record["notebooks"]["02-broken"]["status"] == "failed"
    assert (result.folder / "html" / "02-broken.html").is_file(), (
        "the failed notebook is kept for reading"
    )

    code = cli.main(["report", "--params", str(project["params"]), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "02-broken.ipynb: cell 3 (execution count" in err and "ZeroDivisionError" in err
    assert "left unchanged" in err and latest(project) == good.run_id


def test_concurrent_run_is_refused(project: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    project["reports"].mkdir()
    with report.run_lock(project["reports"], "holder-run"):
        with pytest.raises(report.ReportLockedError, match=rf"run holder-run \(pid {os.getpid()}"):
            run(project)
        assert cli.main(["report", "--params", str(project["params"])]) == 3
        assert "holder-run" in capsys.readouterr().err
    assert not (project["reports"] / "latest").exists()
    assert run(project).published, "the lock is released after the holder ends"


def _start_slow_run(project: dict[str, Path]) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        from pathlib import Path
        from analysis.report import runner as report
        report.run(params_file=Path({str(project["params"])!r}),
                   notebooks=Path({str(project["notebooks"])!r}),
                   reports=Path({str(project["reports"])!r}), data=False, jobs=2, progress=False)
    """)
    return subprocess.Popen(
        [sys.executable, "-c", script],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _slow_run_under_way(project: dict[str, Path]) -> subprocess.Popen:
    """Add a notebook that sleeps a minute, start a report run, and wait until it executes."""
    write_notebook(
        project["notebooks"] / "02-slow.ipynb", ("code", "import time; time.sleep(60)", [])
    )
    proc = _start_slow_run(project)
    deadline = time.monotonic() + 60
    while not list(project["reports"].glob(".*.partial/notebooks")):
        if proc.poll() is not None or time.monotonic() >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # its workers and kernels with it
            pytest.fail("the slow run did not start")
        time.sleep(0.2)
    return proc


def test_killed_run_leaves_no_half_published_report(project: dict[str, Path]) -> None:
    good = run(project)
    proc = _slow_run_under_way(project)
    try:
        holder = json.loads((project["reports"] / ".lock.holder.json").read_text())
        assert holder["pid"] == proc.pid
        with pytest.raises(report.ReportLockedError, match=holder["run_id"]):
            run(project)
        time.sleep(1)  # let the workers get into the notebooks
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    partial = list(project["reports"].glob(".*.partial"))
    assert len(partial) == 1, "the killed run stays unpublished, in its .partial folder"
    assert latest(project) == good.run_id
    finished = [
        p for p in project["reports"].iterdir() if not p.name.startswith(".") and p.name != "latest"
    ]
    assert finished == [good.folder], "no run folder appears for the killed run"

    (project["notebooks"] / "02-slow.ipynb").unlink()
    after = run(project)
    assert after.published and not list(project["reports"].glob(".*.partial")), (
        "leftovers are cleaned"
    )


# --- what changed between runs ------------------------------------------------------------------


def _demo_table(russia_2019: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["RUS", "RUS", "CHN"],
            "country": ["Russia", "Russia", "China"],
            "year": pd.array([2018, 2019, 2019], dtype="Int64"),
            "indicator": ["rd_pct_gdp"] * 3,
            "value": [1.0, russia_2019, 2.2],
            "unit": ["% of GDP"] * 3,
            "source": ["wdi"] * 3,
            "vintage": ["2025-04-15"] * 3,
        }
    )


def test_second_run_shows_what_changed_in_index_run_json_and_diff(project, capsys) -> None:
    processed = project["data"] / "processed"
    _demo_table(1.1).to_parquet(processed / "demo.parquet", index=False)
    first = run(project)
    # A new vintage revises Russia's 2019 value and adds a row; the sidecar's input hash moves.
    revised = pd.concat([_demo_table(0.9), _demo_table(0.0).iloc[[0]].assign(year=2020)])
    revised.to_parquet(processed / "demo.parquet", index=False)
    sidecar = json.loads((processed / "demo.provenance.json").read_text())
    sidecar["inputs"][0]["sha256"] = "e" * 64
    (processed / "demo.provenance.json").write_text(json.dumps(sidecar))
    second = run(project)
    record = json.loads((second.folder / "run.json").read_text())
    changes = record["changes"]
    assert changes["since_run"] == first.run_id
    [dataset] = changes["datasets"]
    [indicator] = dataset["indicators"]
    assert (indicator["added"], indicator["removed"], indicator["revised"]) == (1, 0, 1)
    assert indicator["largest_revisions"] == [{"iso3": "RUS", "year": 2019, "old": 1.1, "new": 0.9}]
    assert indicator["added_countries"] == [{"iso3": "RUS", "name": "Russia", "rows": 1}]
    page = (second.folder / "index.html").read_text()
    assert "RUS Russia" in page.split("id='changes'")[1]
    assert "id='changes'" in page and f"What changed since run <code>{first.run_id}" in page
    assert page.index("id='changes'") < page.index('id="sec-00-overview"')
    assert "RUS 2019: 1.1 → 0.9" in page
    # The published first run kept its own data: no shared inode with data/processed.
    old = first.folder / "data" / "demo.parquet"
    assert pd.read_parquet(old)["value"].tolist() == [1.0, 1.1, 2.2]
    assert old.stat().st_ino != (processed / "demo.parquet").stat().st_ino
    assert cli.main(["diff", first.run_id, second.run_id]) == 0
    out = capsys.readouterr().out
    assert "demo / rd_pct_gdp: 1 rows added, 0 removed, 1 revised" in out
    assert "rows added for: RUS" in out
    assert "RUS 2019: 1.1 → 0.9" in out


def test_missing_sources_are_listed_and_never_replace_latest(project, monkeypatch) -> None:
    first = run(project)
    missing = [{"source": "cgit", "files": ["tracker.xlsx"], "reason": "HTTP 404 (not found)"}]
    monkeypatch.setattr(report, "prepare_data", lambda: missing)
    second = report.run(params_file=project["params"], jobs=2, progress=False, force=True)
    record = json.loads((second.folder / "run.json").read_text())
    assert record["missing_sources"] == missing and record["status"] == "incomplete"
    assert latest(project) == first.run_id  # the complete run stays published
    assert (second.published, second.status, second.missing) == (False, "incomplete", missing)
    page = (second.folder / "index.html").read_text()
    assert 'id="missing"' in page and "cgit" in page and "HTTP 404" in page


def test_prepare_data_goes_on_without_a_source(monkeypatch) -> None:
    from analysis.data import fetch as fetch_module
    from analysis.data import processed
    from analysis.data.fetch import FetchResult

    def fake_fetch(**kw):
        assert kw == {"keep_going": True}
        return [
            FetchResult("wdi", "a.csv", "present"),
            FetchResult("cgit", "t.xlsx", "failed", message="could not download: HTTP 404"),
        ]

    built: list[list[str]] = []
    monkeypatch.setattr(fetch_module, "fetch", fake_fetch)
    monkeypatch.setattr(processed, "build", lambda names: built.append(list(names)))
    missing = report.prepare_data()
    assert missing == [
        {"source": "cgit", "files": ["t.xlsx"], "reason": "could not download: HTTP 404"}
    ]
    assert "cgit" not in built[0] and "wdi" in built[0]


def test_changes_pair_rows_by_vintage_and_see_a_new_release_as_revisions() -> None:
    from analysis.report.changes import table_changes

    def frame(rows):
        return pd.DataFrame(
            rows, columns=["iso3", "year", "indicator", "value", "source", "vintage"]
        )

    # Two releases of one series side by side (as the WDI table keeps them), then the newer
    # release is replaced by a third one that revises Russia 2019.
    old = frame([("RUS", 2019, "rd", 1.0, "wdi", "2025-04"), ("RUS", 2019, "rd", 1.1, "wdi", "2026-07"),
                 ("CHN", 2019, "rd", 2.2, "wdi", "2025-04"), ("CHN", 2019, "rd", 2.3, "wdi", "2026-07")])  # fmt: skip
    new = frame([("RUS", 2019, "rd", 1.0, "wdi", "2025-04"), ("RUS", 2019, "rd", 1.4, "wdi", "2026-11"),
                 ("CHN", 2019, "rd", 2.2, "wdi", "2025-04"), ("CHN", 2019, "rd", 2.3, "wdi", "2026-11")])  # fmt: skip
    [change] = table_changes(old, new, ["RUS", "CHN"])
    assert (change["added"], change["removed"], change["revised"]) == (0, 0, 1)
    assert change["largest_revisions"] == [{"iso3": "RUS", "year": 2019, "old": 1.1, "new": 1.4}]
    assert table_changes(old, old.copy(), ["RUS"]) == []


def _processes_with(marker: str) -> list[list[str]]:
    """Return the argument list (pid first) of every live process whose environment has ``marker``.

    The whole command line is kept: a virtual environment under a long checkout path pushes the
    interesting words far to the right, so nothing here may depend on a prefix of it.
    """
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie is already dead, waiting to be reaped
                    argv = (proc / "cmdline").read_bytes().rstrip(b"\0").split(b"\0")
                    found.append([proc.name, *(a.decode(errors="replace") for a in argv)])
        except (OSError, IndexError):
            continue
    return found


def _kernel_started(marker: str) -> bool:
    """Whether a Jupyter kernel (``python -m ipykernel_launcher ...``) carries ``marker``."""
    return any(
        Path(arg).name.startswith("ipykernel") or arg.startswith("ipykernel")
        for argv in _processes_with(marker)
        for arg in argv[1:]
    )


def test_process_finding_does_not_depend_on_the_checkout_path() -> None:
    """A kernel found by its arguments, whatever the length of the interpreter's path."""
    long_python = "/home/someone/" + "projects/" * 12 + ".venv/bin/python"
    argv = [long_python, "-m", "ipykernel_launcher", "-f", "/tmp/kernel-1.json"]
    script = "import sys, time; time.sleep(30)"
    marker = f"ANALYSIS_PATH_TEST={os.getpid()}-{time.time_ns()}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    # argv[0] is the long interpreter path, as a virtual environment in a deep checkout gives
    proc = subprocess.Popen(
        [long_python, "-c", script, *argv[1:]], executable=sys.executable, env=env
    )
    try:
        deadline = time.monotonic() + 10
        while not _kernel_started(marker):
            assert time.monotonic() < deadline, _processes_with(marker)
            time.sleep(0.05)
        [found] = _processes_with(marker)
        assert len(" ".join(found)) > 80 and found[1] == long_python
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux only")
def test_workers_and_kernels_die_with_a_killed_runner(project, monkeypatch) -> None:
    for i in (2, 3, 4):
        write_notebook(
            project["notebooks"] / f"0{i}-slow.ipynb", ("code", "import time; time.sleep(60)", [])
        )
    marker = f"ANALYSIS_ORPHAN_TEST={os.getpid()}-{time.time_ns()}"
    monkeypatch.setenv(*marker.split("=", 1))
    proc = _start_slow_run(project)
    try:
        deadline = time.monotonic() + 90
        while not _kernel_started(marker):
            assert proc.poll() is None and time.monotonic() < deadline, "no kernel started"
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)  # the runner only, as the OOM killer would
        proc.wait()
        deadline = time.monotonic() + 20
        while (alive := _processes_with(marker)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert alive == [], f"survivors of the killed runner: {alive}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_kernel_noise_goes_to_the_run_log_not_the_terminal(project, capfd) -> None:
    result = run(project)
    err = capfd.readouterr().err
    assert "Kernel is running over TCP" not in err
    logs = sorted((result.folder / "logs").glob("*.kernel.log"))
    assert [p.name for p in logs] == [f"{o.stem}.kernel.log" for o in result.outcomes]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("start_yaer=2010", r"unknown parameter 'start_yaer'; did you mean 'start_year'\?"),
        ("reference_year=abc", r"reference_year = 'abc' should be an integer, like 2019"),
        ("countries=[RUS, XXX]", r"ISO 3166 alpha-3 codes; 'XXX' is not one"),
        (
            "countries=IND,BRA",
            r"countries = 'IND,BRA' should be a list.*-p 'countries=\[RUS, CHN\]'",
        ),
        ("start_year=2020", r"start_year.*not after end_year=2010"),
        ("output_dir=/tmp/x", r"output_dir is set by the runner"),
    ],
)
def test_bad_parameters_are_refused_once_before_anything_runs(
    project, capsys, override, message
) -> None:
    args = ["report", "--params", str(project["params"]), "-p", override]
    if override.startswith("start_year"):
        args += ["-p", "end_year=2010"]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert err.count("error:") == 1
    assert not project["reports"].exists() or not any(project["reports"].iterdir())


def test_each_notebook_gets_only_the_parameters_it_declares(project) -> None:
    write_notebook(project["notebooks"] / "02-other.ipynb")
    nb = nbformat.read(project["notebooks"] / "02-other.ipynb", as_version=4)
    nb.cells[1].source = 'countries: list = ["RUS", "CHN"]\noutput_dir: str = ""'
    nbformat.write(nb, project["notebooks"] / "02-other.ipynb")
    result = run(project)
    executed = nbformat.read(result.folder / "notebooks" / "02-other.ipynb", as_version=4)
    injected = next(
        c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])
    )
    assert "start_year" not in injected.source and "countries" in injected.source


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux only")
def test_ctrl_c_stops_cleanly_with_one_message(project, monkeypatch) -> None:
    write_notebook(
        project["notebooks"] / "02-slow.ipynb", ("code", "import time; time.sleep(60)", [])
    )
    marker = f"ANALYSIS_CTRLC_TEST={os.getpid()}-{time.time_ns()}"
    monkeypatch.setenv(*marker.split("=", 1))
    script = textwrap.dedent(f"""
        import sys
        from analysis import cli
        from analysis.report import runner
        runner.prepare_data = lambda: []  # fixture notebooks: no fetch, no network, no real data
        sys.exit(cli.main(["report", "--params", {str(project["params"])!r}, "--jobs", "2"]))
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 90
        while not _kernel_started(marker):
            assert proc.poll() is None and time.monotonic() < deadline, "no kernel started"
            time.sleep(0.2)
        time.sleep(1)
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the foreground group
        _, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err, err
    deadline = time.monotonic() + 20
    while (alive := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert alive == [], f"survivors after Ctrl-C: {alive}"


def test_run_ids_sort_in_the_order_runs_start() -> None:
    """Runs started within one second (a fast machine) must still sort by time, not by suffix."""
    from analysis.report import runs

    ids = [runs.new_run_id() for _ in range(200)]
    assert sorted(ids) == ids and len(set(ids)) == len(ids)
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{4}", ids[0])


def test_keep_prunes_old_runs_but_never_latest(project) -> None:
    ids = []
    for i in range(4):
        figure_notebook(project["notebooks"] / f"0{i + 1}-n{i}.ipynb")  # a change: a new run
        ids.append(run(project, keep=2).run_id)
    left = sorted(p.name for p in project["reports"].iterdir() if p.name[0].isdigit())
    assert left == ids[-2:] and latest(project) == ids[-1]
    assert report.prune(project["reports"], 1) == [ids[-2]]  # latest's target always stays
    assert latest(project) == ids[-1] and (project["reports"] / ids[-1]).is_dir()


def test_cache_keys_follow_the_modules_a_notebook_imports(tmp_path) -> None:
    import shutil as sh

    from analysis.report import fingerprints

    package = tmp_path / "analysis"
    sh.copytree(Path(fingerprints.__file__).resolve().parents[1], package)
    claims_nb = write_notebook(
        tmp_path / "05-c.ipynb", ("code", "from analysis.topics import claims", [])
    )
    figure_nb = write_notebook(
        tmp_path / "01-f.ipynb", ("code", "from analysis.viz import figures", [])
    )
    claims_mods = fingerprints.notebook_modules(claims_nb, package)
    figure_mods = fingerprints.notebook_modules(figure_nb, package)
    assert "analysis.topics.claims.quantities" in claims_mods
    assert "analysis.topics.claims" not in figure_mods and "analysis.viz.figures" in figure_mods
    before = {m: fingerprints.library_fingerprint(package, mods) for m, mods in
              (("claims", claims_mods), ("figure", figure_mods))}  # fmt: skip
    quantities = package / "topics" / "claims" / "quantities.py"
    quantities.write_text(quantities.read_text() + "\n# an edit\n")
    assert fingerprints.library_fingerprint(package, claims_mods) != before["claims"]
    assert fingerprints.library_fingerprint(package, figure_mods) == before["figure"]


def test_findings_printed_as_dash_lines_are_html_lists() -> None:
    from analysis.report import html as report_html

    box = report_html.finding_html("R&D, China ÷ Russia:\n- at PPP: 9×\n- at market rates: 15×")
    assert (
        "<p>R&amp;D, China ÷ Russia:</p><ul><li>at PPP: 9×</li><li>at market rates: 15×</li></ul>"
        in box
    )
    table = report_html.finding_html("claim     verdict\nx         supported")
    assert "<th scope='col'>claim</th>" in table and "<td>supported</td>" in table
    assert "<pre" not in table and "<ul>" not in table


def test_no_test_reaches_the_internet() -> None:
    """The session guard of tests/conftest.py refuses any address but this machine's."""
    import socket

    with socket.socket() as sock, pytest.raises(OSError, match="tried to reach the internet"):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed


def test_an_incomplete_run_says_so_and_never_says_published(project, monkeypatch, capsys) -> None:
    first = run(project)
    missing = [{"source": "cgit", "files": ["tracker.xlsx"], "reason": "HTTP 404 (not found)"}]
    monkeypatch.setattr(report, "prepare_data", lambda: missing)
    code = cli.main(["report", "--params", str(project["params"]), "--jobs", "2", "--force"])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "published:" not in out + err
    assert "incomplete: 1 source(s) could not be obtained (cgit)" in err
    assert latest(project) == first.run_id


def _hold_in_another_process(lock: Path, what: str) -> subprocess.Popen:
    """Hold ``lock`` from a child process (as a concurrent command would) until killed."""
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from analysis.data.lock import exclusive
        with exclusive(Path({str(lock)!r}), {what!r}):
            print("held", flush=True)
            time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_report_refuses_to_start_while_an_update_holds_the_data(project, capsys) -> None:
    holder = _hold_in_another_process(project["data"] / ".lock", "analysis update")
    try:
        with pytest.raises(report.LockedError, match=rf"analysis update \(pid {holder.pid}"):
            run(project)
        assert cli.main(["report", "--params", str(project["params"])]) == 3
        assert "analysis update" in capsys.readouterr().err
        assert not project["reports"].exists() or not [
            p for p in project["reports"].iterdir() if p.name[0].isdigit()
        ]
    finally:
        holder.kill()
        holder.wait()
    assert run(project).published, "the data lock is released when its holder dies"


def test_update_refuses_while_a_report_runs(project, tmp_path) -> None:
    from analysis.data.update import update

    proc = _slow_run_under_way(project)
    try:
        run_id = json.loads((project["reports"] / ".lock.holder.json").read_text())["run_id"]
        mirror = tmp_path / "new-vintages"
        mirror.mkdir()
        with pytest.raises(report.LockedError, match=rf"report run {run_id} \(pid {proc.pid}"):
            update(["wdi"], mirror=mirror)
        assert cli.main(["update", "--source", "wdi", "--mirror", str(mirror)]) == 3
        assert cli.main(["fetch", "--source", "wdi", "--mirror", str(mirror)]) == 3
        assert cli.main(["build", "wdi"]) == 3
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_run_json_never_names_inputs_a_notebook_did_not_read(project) -> None:
    """A table rewritten while the notebooks run (by hand: the commands are locked out)."""
    first = run(project)
    edit = """\
import json, os, pathlib
side = pathlib.Path(os.environ["ANALYSIS_DATA_DIR"]) / "processed" / "demo.provenance.json"
record = json.loads(side.read_text())
record["inputs"][0]["sha256"] = "e" * 64
side.write_text(json.dumps(record))
"""
    write_notebook(project["notebooks"] / "02-edits.ipynb", ("code", edit, []))
    second = run(project)
    record = json.loads((second.folder / "run.json").read_text())
    assert record["status"] == "failed" and record["inputs_changed"] == ["demo"]
    assert not second.published and latest(project) == first.run_id


def test_keep_below_one_is_refused_before_anything_runs(project, capsys) -> None:
    for keep in ("0", "-1"):
        assert cli.main(["report", "--params", str(project["params"]), "--keep", keep]) == 1
        assert "keep at least 1 run" in capsys.readouterr().err
    assert not project["reports"].exists() or not any(project["reports"].iterdir())
    with pytest.raises(report.ReportError, match="keep at least 1"):
        report.prune(project["reports"], -1)


def test_keep_never_deletes_a_failed_run_newer_than_latest(project) -> None:
    good = run(project, keep=1)
    write_notebook(project["notebooks"] / "02-broken.ipynb", ("code", "1 / 0", []))
    failed = [run(project, keep=1).run_id for _ in range(2)]
    assert report.prune(project["reports"], 1) == []
    left = sorted(p.name for p in project["reports"].iterdir() if p.name[0].isdigit())
    assert left == [good.run_id, *failed] and latest(project) == good.run_id


def test_a_real_folder_at_latest_is_refused_before_any_notebook_runs(project) -> None:
    (project["reports"] / "latest").mkdir(parents=True)
    with pytest.raises(report.ReportError, match="is not a symlink"):
        run(project)
    assert [p.name for p in project["reports"].iterdir()] == ["latest"]


def test_the_claims_notebook_is_named_in_configuration(tmp_path) -> None:
    assert report.claims_notebook() == "05-claims"
    assert (Path(report.__file__).parents[3] / "notebooks" / "05-claims.ipynb").is_file()
    table = "<table><thead><tr><th>claim</th><th>verdict</th></tr></thead></table>"
    shown = {"cells": [{"cell_type": "code", "metadata": {}, "source": "",
                        "outputs": [{"data": {"text/html": table}}]}]}  # fmt: skip
    notebooks = {"03-claims-free": shown, "07-verdicts": shown}
    from analysis.report import page

    entries = [page.NotebookEntry(s, s, "ok", 1.0, False, None, None) for s in notebooks]

    def claims_sections(name: str | None) -> list[str]:
        context = page.index_context(tmp_path, {}, entries, notebooks, [], "", name)
        return [s["id"] for s in context["sections"] if s["claims_table"]]

    assert claims_sections("07-verdicts") == ["sec-07-verdicts"], "named, not guessed from 'claim'"
    assert claims_sections(None) == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_offline_report_says_once_and_keeps_an_incomplete_run(project, monkeypatch, capsys):
    """No mirror, nothing answering: every registry file fails, the run still happens."""
    monkeypatch.undo()  # the real prepare_data, with the fixture folders set again below
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(project["data"]))
    monkeypatch.setenv(report.NOTEBOOKS_ENV, str(project["notebooks"]))
    monkeypatch.setenv(report.REPORTS_ENV, str(project["reports"]))
    monkeypatch.setattr(report, "library_fingerprint", lambda *a, **k: "fixture-library")
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    monkeypatch.setenv("ANALYSIS_BASE_URL", f"http://127.0.0.1:{_closed_port()}/raw")
    monkeypatch.setenv("ANALYSIS_HTTP_TIMEOUT", "2")
    code = cli.main(["report", "--params", str(project["params"]), "--jobs", "2"])
    out, err = capsys.readouterr()
    from analysis.data import sources

    files = len(sources.all_files())
    assert code == 2, err
    assert err.count("could not be obtained") == 2  # the summary, and the closing line
    assert f"{files} of {files} raw files could not be obtained" in err
    assert "ANALYSIS_MIRROR=/path/to/raw make report" in err
    assert "ANALYSIS_BASE_URL=https://mirror.example.org/raw make report" in err
    assert "WARNING" not in err and "published:" not in out
    [run_dir] = [p for p in project["reports"].iterdir() if p.name[0].isdigit()]
    record = json.loads((run_dir / "run.json").read_text())
    assert record["status"] == "incomplete"
    assert sum(len(m["files"]) for m in record["missing_sources"]) == files
    assert 'id="missing"' in (run_dir / "index.html").read_text()
    assert not (project["reports"] / "latest").exists()


def test_list_elements_are_checked_before_kernels_start() -> None:
    """break_years=[abc, 2022] is refused by the runner, not by notebook 06's kernel."""
    from analysis.report import parameters

    real = report.discover(Path(report.__file__).resolve().parents[3] / "notebooks")
    with pytest.raises(report.ReportError, match=r"break_years = \['abc', 2022\] should be a list"):
        parameters.check({"break_years": ["abc", 2022]}, real)
    assert parameters.check({"break_years": [2014, 2022]}, real)
