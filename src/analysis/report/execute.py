"""Executing one notebook with Papermill (in a worker process), and the pool that runs them all."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.atomic import write_bytes
from analysis.report import html as report_html
from analysis.report import notebooks as report_notebooks
from analysis.report import page

log = logging.getLogger(__name__)

KERNEL = "python3"
START_TIMEOUT = 120
CELL_TIMEOUT = 1800

# --- execution (runs in the worker processes) ---------------------------------------------------


@dataclass
class Job:
    """One notebook to execute."""

    stem: str
    source: Path
    output: Path
    html: Path
    figures: Path
    final_figures: Path
    parameters: dict
    cwd: Path
    kernel_log: Path | None = None  # default: <run>/logs/<stem>.kernel.log
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables for this notebook's kernel only (``ANALYSIS_CHECKED_COUNTRIES``)."""
    render_only: bool = False
    """Only render the page: the executed notebook and figures were linked from an earlier run
    (the same execution key) and only the page's templates or renderer changed."""


@dataclass
class Outcome:
    """What happened to one notebook in a run."""

    stem: str
    status: str  # "ok" | "failed"
    duration: float
    key: str = ""
    page_key: str = ""
    reused_from: str | None = None
    rerendered: bool | None = None  # True: executed notebook reused, its page rendered anew
    error: str | None = None
    cell_index: int | None = None
    execution_count: int | None = None
    cell_id: str | None = None
    ename: str | None = None
    evalue: str | None = None
    html_error: str | None = None
    reason: str | None = None  # the error's last line, e.g. "ZeroDivisionError: division by zero"
    extra: dict = field(default_factory=dict)


def _worker_init(parent: int) -> None:
    """Pool initializer: make the worker die with the runner.

    A worker must never outlive the runner (killed by ``kill -9`` or the OOM killer): it would go
    on starting kernels and writing into a run folder nobody publishes. On Linux the kernel
    delivers SIGKILL to the worker when its parent dies; each notebook kernel in turn watches its
    worker (ipykernel's parent poller, via ``JPY_PARENT_PID``) and exits with it.
    """
    # The run's locks (filelock) close their descriptors in forked children by themselves, so a
    # worker never keeps reports/.lock or data/.lock held after the runner dies.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner handles Ctrl-C for everyone
    _die_with_parent()
    if os.getppid() != parent:  # the runner died before the line above took effect
        os._exit(1)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)


SOCKET_PATH_LIMIT = 100
"""Longest socket path used: under the 104 bytes macOS allows (Linux allows 108)."""


def socket_base() -> str:
    """Return a unique name for one kernel's sockets (``<name>-1`` ... ``<name>-5``).

    On Linux an abstract socket (``@analysis-kernel-<random>``): no file is written, so a killed
    kernel leaves nothing behind, and no folder's length counts. Elsewhere a file in the
    temporary folder, or in ``/tmp`` when that folder's path would make it too long; the files
    are removed when the kernel stops.
    """
    name = f"analysis-kernel-{uuid.uuid4().hex[:12]}"
    if sys.platform.startswith("linux"):
        return f"@{name}"
    folder = Path(tempfile.gettempdir())
    if len(str(folder / name)) + len("-5") > SOCKET_PATH_LIMIT:
        folder = Path("/tmp")
    return str(folder / name)


def kernel_manager_class(log: Path, env: dict[str, str] | None = None) -> type:
    """Return a kernel manager whose kernel writes its stderr to ``log``, not the terminal.

    ipykernel prints, in parallel runs, "KeyboardInterrupt caught in kernel" at shutdown: noise
    for the user, kept in the run's ``logs/`` for whoever debugs a kernel. ``env`` is added to
    the kernel's environment only (the runner's own environment is left alone).

    The kernel talks over Unix sockets (``transport="ipc"``, named by :func:`socket_base`), not
    TCP ports: when several kernels start at once (the runner's workers, the test suite), a port
    found free for one kernel can be taken by another before it binds, and the kernel dies at
    start (jupyter_client#154, papermill#511).
    """
    from jupyter_client import AsyncKernelManager

    extra = dict(env or {})

    class LoggedKernelManager(AsyncKernelManager):
        def __init__(self, **kw: Any) -> None:
            super().__init__(**kw)
            self.transport = "ipc"  # sockets <ip>-1 ... <ip>-5
            self.ip = socket_base()

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            if extra:
                kw["env"] = {**(kw.get("env") or os.environ), **extra}
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("ab") as handle:  # the kernel process keeps its own copy of the fd
                kw["stderr"] = handle
                await super()._async_launch_kernel(kernel_cmd, **kw)

    return LoggedKernelManager


def _source_cell(job: Job, out_cells: list, index: int) -> tuple[int, str | None]:
    """Map a cell index of the executed notebook to the index (and id) in the source notebook."""
    cells = [
        c
        for c in out_cells
        if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])
    ]
    if not 0 <= index < len(cells):
        return index, None
    cell_id = cells[index].get("id")
    try:
        source_cells = json.loads(job.source.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return index, cell_id
    for i, cell in enumerate(source_cells):
        if cell_id and cell.get("id") == cell_id:
            return i, cell_id
    injected = next(
        (
            i
            for i, c in enumerate(cells)
            if "injected-parameters" in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    return (index - 1 if injected is not None and injected < index else index), cell_id


def _tidy_executed(job: Job, text: str) -> str:
    """Make the executed notebook name the published run folder instead of the partial one."""
    # figures/<stem> sits two levels below the run folder, partial or final.
    partial = json.dumps(str(job.figures.parents[1]))[1:-1]
    final = json.dumps(str(job.final_figures.parents[1]))[1:-1]
    return text.replace(partial, final)


def write_notebook(path: Path, data: bytes) -> None:
    """Write the executed notebook atomically (a test replaces this to fill the disk)."""
    write_bytes(path, data)


def reason_line(ename: str | None, evalue: str | None) -> str:
    """Return the error's last traceback line, on one line: ``"ZeroDivisionError: division by zero"``.

    Python ends a traceback with ``<type>: <message>``; a message of several lines (a timeout's
    preview of the cell) is cut to its first line.
    """
    first = next((ln.strip() for ln in (evalue or "").splitlines() if ln.strip()), "")
    return f"{ename or 'Error'}: {first}" if first else (ename or "Error")


def _executed_nb(exc: BaseException) -> Any:
    """Return the notebook Papermill was executing when ``exc`` was raised (None if unknown).

    Papermill writes nothing while it runs (``request_save_on_cell_execute=False``, for speed)
    and loses its notebook when the kernel dies or a cell times out; the traceback's frames
    still hold it (the engine's ``nb_man``, else ``execute_notebook``'s ``nb``).
    """
    found = None
    tb = exc.__traceback__
    while tb is not None:
        local = tb.tb_frame.f_locals
        if "nb_man" in local and hasattr(local["nb_man"], "nb"):
            return local["nb_man"].nb
        if found is None and tb.tb_frame.f_code.co_name == "execute_notebook" and "nb" in local:
            found = local["nb"]
        tb = tb.tb_next
    return found


def _running_cell(nb: Any) -> int | None:
    """Return the index of the last cell Papermill started (where a kernel died or timed out)."""
    started = [
        i
        for i, c in enumerate(nb.get("cells", []) if nb else [])
        if (c.get("metadata", {}).get("papermill") or {}).get("start_time")
    ]
    return started[-1] if started else None


def _fail(job: Job, outcome: Outcome, nb: Any, index: int | None, ename: str, evalue: str) -> None:
    """Record a failure: the source cell (index, id, execution count) and the reason's line."""
    outcome.status = "failed"
    outcome.ename, outcome.evalue = ename, evalue
    outcome.reason = reason_line(ename, evalue)
    where = ""
    if index is not None and nb:
        cells = nb.get("cells", [])
        source_index, cell_id = _source_cell(job, cells, index)
        count = next(
            (
                c.get("execution_count")
                for c in cells
                if cell_id and c.get("id") == cell_id and c.get("cell_type") == "code"
            ),
            None,
        )
        outcome.cell_index, outcome.cell_id = source_index, cell_id
        outcome.execution_count = outcome.execution_count or count
        said = [f"execution count {outcome.execution_count}"] if outcome.execution_count else []
        said += [f"id {cell_id}"] if cell_id else []
        where = f"cell {source_index}{' (' + ', '.join(said) + ')' if said else ''} "
    outcome.error = f"{job.source.name}: {where}{'raised ' if where else ''}{outcome.reason}"


def _run_papermill(job: Job, outcome: Outcome) -> Any:
    """Execute the notebook; on failure fill ``outcome`` and return what was executed."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(job.source),
            None,  # written below, atomically, by write_notebook
            parameters=job.parameters,
            kernel_name=KERNEL,
            cwd=str(job.cwd),
            progress_bar=False,
            log_output=False,
            start_timeout=START_TIMEOUT,
            execution_timeout=CELL_TIMEOUT,
            request_save_on_cell_execute=False,
            kernel_manager_class=kernel_manager_class(
                job.kernel_log or job.output.parents[1] / "logs" / f"{job.stem}.kernel.log",
                job.env,
            ),
        )
    except PapermillExecutionError as exc:
        nb = _executed_nb(exc)
        outcome.execution_count = exc.exec_count
        _fail(job, outcome, nb, exc.cell_index, exc.ename, exc.evalue)
        first_line = next((ln for ln in (exc.source or "").splitlines() if ln.strip()), "")
        if first_line:
            outcome.error = f"{outcome.error}\n    > {first_line.strip()}"
        return nb
    except Exception as exc:  # noqa: BLE001 - a kernel death or timeout must not kill the run
        nb = _executed_nb(exc)
        _fail(job, outcome, nb, _running_cell(nb), type(exc).__name__, str(exc))
        return nb


def execute(job: Job) -> Outcome:
    """Execute one notebook with Papermill and export its HTML; never raises.

    A ``render_only`` job executes nothing: it exports the page of the executed notebook already
    linked into the run (its templates or renderer changed, not what it computes).

    Returns:
        ``status="ok"``, or ``"failed"`` with the reason (the error's last line), and the cell
        (index in the source notebook, execution count, id) when one raised, timed out or
        killed its kernel. A write error (a full disk) while the executed notebook or its page
        is written is a failure with that reason too.
    """
    import nbformat

    start = time.perf_counter()
    job.figures.mkdir(parents=True, exist_ok=True)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    outcome = Outcome(job.stem, "ok", 0.0, rerendered=True if job.render_only else None)
    nb = None if job.render_only else _run_papermill(job, outcome)
    if nb is not None:
        try:
            text = _tidy_executed(job, nbformat.writes(nb))
            write_notebook(job.output, text.encode("utf-8"))
        except Exception as exc:  # noqa: BLE001 - a full disk fails the notebook, not the run
            if outcome.status == "ok":
                _fail(job, outcome, None, None, type(exc).__name__, str(exc))
    if job.output.is_file():
        title = report_notebooks.notebook_title(
            report_notebooks.read_notebook(job.output), job.stem
        )
        try:
            saved = page.notebook_figures(job.figures, title)
            report_html.export_notebook(job.output, job.html, title, saved, job.stem)
        except Exception as exc:  # noqa: BLE001 - an export failure fails the notebook, not the run
            outcome.html_error = f"{type(exc).__name__}: {exc}"
            if outcome.status == "ok":
                _fail(job, outcome, None, None, type(exc).__name__, str(exc))
                outcome.error = f"{job.source.name}: HTML export failed: {outcome.reason}"
    outcome.duration = time.perf_counter() - start
    return outcome


def say(message: str) -> None:
    """Print a progress line to stderr (stdout is kept for the summary)."""
    print(message, file=sys.stderr, flush=True)


def _outcome(future: Future, job: Job) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a crashed worker fails that notebook only
        return Outcome(
            job.stem,
            "failed",
            0.0,
            ename=type(exc).__name__,
            evalue=str(exc),
            reason=reason_line(type(exc).__name__, str(exc)),
            error=f"{job.source.name}: worker crashed: {type(exc).__name__}: {exc}",
        )


def execute_all(todo: list[Job], jobs: int | None, progress: bool | None) -> list[Outcome]:
    """Execute the jobs in a fork-based process pool, with a progress bar over notebooks."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import papermill  # noqa: F401 - imported once here, inherited by the forked workers
    from nbconvert import HTMLExporter  # noqa: F401
    from tqdm.auto import tqdm

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    results: list[Outcome] = []
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    )
    bar = tqdm(total=len(todo), desc="notebooks", unit="nb",
               disable=not progress if progress is not None else None)  # fmt: skip
    try:
        futures = {pool.submit(execute, job): job for job in todo}
        for future in as_completed(futures):
            outcome = _outcome(future, futures[future])
            results.append(outcome)
            mark = (
                "FAILED  "
                if outcome.status != "ok"
                else "rendered"
                if outcome.rerendered
                else "executed"
            )
            bar.write(f"{mark} {outcome.stem} ({outcome.duration:.1f} s)", file=sys.stderr)
            bar.update()
    except KeyboardInterrupt:
        # Ctrl-C: stop now, not after the running notebooks. The workers ignore SIGINT (one
        # message, not one traceback per worker); they are killed here and their kernels follow.
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.kill()
        raise
    finally:
        bar.close()
    pool.shutdown(wait=True)
    return results
