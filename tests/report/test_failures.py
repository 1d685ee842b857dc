"""A failed notebook says why, for every kind of failure, on the index page and in run.json.

Each case runs the fixture report (tiny notebooks, no data) with one notebook that fails: an
exception in a cell, a read-only figures folder, a kernel that dies, a cell that times out, and
a disk that is full when the executed notebook or its page is written. The run's ``run.json``
must carry the failing cell and the error's last line, and the page must show both.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
from pathlib import Path

import pytest
import test_report
from test_report import run, write_notebook

from analysis.report import execute
from analysis.report import runner as report

project = test_report.project  # the fixture project of the runner's tests


def _failed(project: dict[str, Path], stem: str) -> tuple[dict, str]:
    """Run the report; return the failed notebook's run.json entry and its index section."""
    result = run(project)
    assert not result.published
    record = json.loads((result.folder / "run.json").read_text())
    entry = record["notebooks"][stem]
    assert entry["status"] == "failed"
    page = (result.folder / "index.html").read_text()
    match = re.search(rf'id="sec-{stem}".*?(?=<section|</main>)', page, re.S)
    assert match, f"no section for {stem} on the page"
    # The notebooks table says why too: "failed" then the cell and the reason.
    table = page[page.index('id="notebooks"') :]
    row = html.unescape(table[table.index(f"<b>{stem}</b>") :].split("</tr>")[0])
    cell = f"cell {entry['cell_index']}: " if "cell_index" in entry else ""
    assert f"{cell}{entry['reason']}" in row, row
    return entry, html.unescape(match.group(0))


def _broken(project: dict[str, Path], source: str) -> None:
    write_notebook(
        project["notebooks"] / "02-broken.ipynb", ("code", "x = 1", []), ("code", source, [])
    )


def test_an_exception_in_a_cell_names_the_cell_and_the_last_line(project) -> None:
    _broken(project, "y = x / 0")
    entry, section = _failed(project, "02-broken")
    assert entry["cell_index"] == 3 and entry["cell_id"] == "cell-03"
    assert entry["reason"] == "ZeroDivisionError: division by zero"
    assert "cell 3" in section and "ZeroDivisionError: division by zero" in section


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_figures_folder_names_the_cell_and_the_permission_error(
    project, monkeypatch
) -> None:
    _broken(project, 'import pathlib\n(pathlib.Path(output_dir) / "f.png").write_bytes(b"x")')
    original = execute.execute

    def read_only(job: execute.Job) -> execute.Outcome:
        job.figures.mkdir(parents=True, exist_ok=True)
        if job.stem == "02-broken":
            job.figures.chmod(0o555)
        try:
            return original(job)
        finally:
            job.figures.chmod(0o755)

    monkeypatch.setattr(execute, "execute", read_only)  # the fork-based pool inherits it
    entry, section = _failed(project, "02-broken")
    assert entry["cell_index"] == 3
    assert entry["reason"].startswith("PermissionError: [Errno 13] Permission denied")
    assert "cell 3" in section and "PermissionError: [Errno 13]" in section


def test_a_figure_that_cannot_be_written_names_the_cell_and_the_error(project) -> None:
    # As root a read-only folder does not stop a write: a folder where the file goes does.
    _broken(
        project,
        'import pathlib\n(pathlib.Path(output_dir) / "f.png").mkdir()\n'
        '(pathlib.Path(output_dir) / "f.png").write_bytes(b"x")',
    )
    entry, section = _failed(project, "02-broken")
    assert entry["cell_index"] == 3
    assert entry["reason"].startswith("IsADirectoryError: [Errno 21] Is a directory")
    assert "cell 3" in section and "IsADirectoryError" in section


def test_a_kernel_death_names_the_cell_it_died_in(project) -> None:
    _broken(project, "import os\nos._exit(1)")
    entry, section = _failed(project, "02-broken")
    assert entry["cell_index"] == 3 and entry["cell_id"] == "cell-03"
    assert entry["reason"].startswith("DeadKernelError")
    assert "cell 3" in section and "DeadKernelError" in section


def test_a_timeout_names_the_cell_that_ran_too_long(project, monkeypatch) -> None:
    monkeypatch.setattr(execute, "CELL_TIMEOUT", 3)
    _broken(project, "import time\ntime.sleep(60)")
    entry, section = _failed(project, "02-broken")
    assert entry["cell_index"] == 3 and entry["cell_id"] == "cell-03"
    assert entry["reason"].startswith("CellTimeoutError") and "3 seconds" in entry["reason"]
    assert "\n" not in entry["reason"], "the reason is one line"
    assert "cell 3" in section and "CellTimeoutError" in section


def _full_disk(real):
    def write_bytes(path: Path, data: bytes, *a, **kw):
        if "02-broken" in Path(path).name:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, *a, **kw)

    return write_bytes


def test_a_full_disk_when_the_executed_notebook_is_written_is_the_reason(project, monkeypatch):
    _broken(project, "y = x + 1")
    monkeypatch.setattr(execute, "write_notebook", _full_disk(execute.write_notebook))
    entry, section = _failed(project, "02-broken")
    assert "cell_index" not in entry  # no cell failed: every cell ran
    assert entry["reason"].startswith("OSError: [Errno 28] No space left on device")
    assert "02-broken.ipynb" in entry["reason"], "the reason names the file it could not write"
    assert "No space left on device" in section and "02-broken.ipynb" in section


def test_a_full_disk_when_the_page_is_written_is_the_reason(project, monkeypatch) -> None:
    from analysis.report import html as report_html

    _broken(project, "y = x + 1")
    monkeypatch.setattr(report_html, "write_bytes", _full_disk(report_html.write_bytes))
    entry, section = _failed(project, "02-broken")
    assert entry["reason"].startswith("OSError: [Errno 28] No space left on device")
    assert "02-broken.html" in entry["reason"]
    assert "No space left on device" in section and "02-broken.html" in section


def test_the_runner_record_keeps_reason_and_cell() -> None:
    outcome = execute.Outcome("x", "failed", 1.0, cell_index=2, reason="ValueError: bad")
    assert report.asdict(outcome)["reason"] == "ValueError: bad"
