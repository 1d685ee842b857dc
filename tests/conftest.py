"""Shared fixtures: the real data mirror (skipped loudly when absent) and registry helpers."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

from analysis.data import sources
from analysis.data.sources import SourceFile

_MIRROR_SKIPS: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Make a relative ``$ANALYSIS_MIRROR`` absolute before any kernel or worker starts.

    ``.ci/run`` gives ``../shared/data/raw``, relative to the checkout; notebook kernels run in
    ``notebooks/``, where the same text names another folder.
    """
    value = os.environ.get("ANALYSIS_MIRROR")
    if value:
        os.environ["ANALYSIS_MIRROR"] = str(Path(value).resolve())
    if not hasattr(config, "workerinput"):  # the main process, before any pytest-xdist worker
        _build_real_data()


def _build_real_data() -> None:
    """Fetch what is missing from the mirror and build what is stale, once, before any test.

    This runs at configuration, not in a fixture, because the nbval items (a notebook's cells)
    use no fixtures: a notebook checked first in a fresh clone would otherwise fetch inside its
    kernel and show the progress bar among the outputs nbval compares. Without a mirror there
    is nothing to do (the real-data tests and the nbval checks are skipped, loudly).
    """
    if _mirror() is None:
        return
    from analysis.data import processed

    processed.build()


def _mirror() -> Path | None:
    value = os.environ.get("ANALYSIS_MIRROR")
    if not value:
        return None
    path = Path(value).resolve()
    return path if path.is_dir() else None


def _mirror_problem() -> str:
    """Say why there is no mirror: not set, or set to a folder that does not exist."""
    value = os.environ.get("ANALYSIS_MIRROR")
    if not value:
        return "ANALYSIS_MIRROR is not set"
    return f"ANALYSIS_MIRROR={value} names a folder that does not exist ({Path(value).resolve()})"


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The real data mirror (``$ANALYSIS_MIRROR``); the test is skipped, loudly, without it."""
    path = _mirror()
    if path is None:
        reason = (
            f"REAL-DATA TEST SKIPPED: {_mirror_problem()}; set it to the mirror folder "
            "(e.g. ANALYSIS_MIRROR=../shared/data/raw) to check values against the published files"
        )
        _MIRROR_SKIPS.append(reason)
        pytest.skip(reason)
    return path


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _loopback(address: object) -> bool:
    """Whether a socket address is this machine (or not an internet address at all)."""
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like
    host = str(address[0])
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _no_internet() -> object:
    """No test reaches the internet: connecting anywhere but 127.0.0.1/::1 fails the test.

    Download tests serve their files from a local HTTP server; a test that would fetch from a
    publisher or GitHub must be rewritten (or be a mirror-marked real-data test), not allowed.
    """
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(address: object) -> None:
        if not _loopback(address):
            raise OSError(f"a test tried to reach the internet ({address!r}); use 127.0.0.1")

    def connect(self: socket.socket, address: object) -> None:
        refuse(address)
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        refuse(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]


def registry_entry(source_id: str, file: str) -> SourceFile:
    """Return the registry entry of one raw file (fails the test if it is not registered)."""
    for entry in sources.source(source_id).files:
        if entry.file == file:
            return entry
    raise AssertionError(f"{source_id}/{file} is not in the registry")


def fake_entry(source_id: str = "fixture", file: str = "fixture.csv", **kw: object) -> SourceFile:
    """Return a registry entry for a fixture file written by a test."""
    defaults = {
        "sha256": "0" * 64,
        "bytes": 0,
        "vintage": "fixture",
        "reader": None,
        "dataset": None,
        "url": f"https://example.invalid/{source_id}/{file}",  # every registry file has a url
    }
    defaults.update(kw)
    return SourceFile(source_id=source_id, file=file, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ``data/`` folder (raw + processed) for tests that fetch or build."""
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)
    (folder / "processed").mkdir()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(folder))
    return folder


def _raw_complete() -> bool:
    from analysis import paths

    raw = paths.raw_dir()
    return all(sources.raw_path(f, raw).is_file() for f in sources.all_files())


SLOW_FIRST = ("test_notebooks.py::test_runs_with_other_countries_and_years", ".ipynb::")
"""Node ids of the slowest tests (notebook runs), started first so no worker waits on one at the end."""


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Schedule tests one by one on the pytest-xdist workers, except a notebook's nbval cells.

    The cells of one notebook share a kernel, so they go to one worker together and in order;
    every other test is a unit of its own, so the slow notebook runs spread over the workers.
    (``--dist loadgroup`` would say the same with marks, but cannot under pytest 9.2.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".ipynb") else nodeid

    return NotebookScheduling(config, log)  # type: ignore[arg-type]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the slow tests first; skip the nbval checks, loudly, when there are no data.

    The nbval checks are skipped when there is neither a mirror nor fetched data.
    """
    items.sort(key=lambda item: not any(key in item.nodeid for key in SLOW_FIRST))
    if _mirror() is not None or _raw_complete():
        return
    reason = (
        "REAL-DATA TEST SKIPPED: the notebooks need the data; set ANALYSIS_MIRROR to the mirror "
        "folder or run `make data` first"
    )
    notebooks = [item for item in items if str(item.fspath).endswith(".ipynb")]
    for item in notebooks:
        item.add_marker(pytest.mark.skip(reason=reason))
    if notebooks:
        _MIRROR_SKIPS.append(reason)


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """End the run, after the skip list, with the number of real-data tests that did not run."""
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "REAL-DATA TEST SKIPPED" in str(getattr(r, "longrepr", ""))
    ]
    if _MIRROR_SKIPS or skipped:  # under xdist the skips are known from the workers' reports
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} REAL-DATA TESTS SKIPPED: {_mirror_problem()}; "
            "these results do not check the published numbers",
            red=True,
            bold=True,
        )
