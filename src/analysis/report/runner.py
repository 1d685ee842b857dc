"""Regenerate the whole report: every notebook, in parallel, incrementally, published atomically.

``analysis report`` (``make report``) fetches and builds the data if needed, then executes every
``notebooks/NN-*.ipynb`` with Papermill in a process pool (one worker per CPU core), passing the
shared parameters of ``params/report.yaml`` (``--params FILE``, ``-p name=value`` overrides parsed
as YAML) and ``output_dir = reports/<run-id>/figures/<notebook>``. Each run writes::

    reports/<run-id>/
        index.html          overview first, claims verdicts, every figure, source provenance
        run.json            git commit, package versions, parameters, input sha256s, per notebook
                            status, duration and cache key
        html/<nb>.html      the executed notebook, code hidden, self-contained
        notebooks/<nb>.ipynb  the executed notebook
        figures/<nb>/       the figures it saved
        data/               the processed tables and provenance sidecars the run used

Publication is atomic: the run is written into ``reports/.<run-id>.partial`` and renamed when
every notebook has been attempted; ``reports/latest`` (a symlink) is repointed, by replacing a
temporary symlink over it, only when every notebook succeeded. A failed run keeps its folder for
inspection, leaves ``latest`` alone and exits non-zero naming the notebook, the cell and the
error. ``reports/.lock`` (``fcntl.flock``) keeps two runs from overlapping; the second names the
run holding it.

A notebook is executed again only when its cache key changes: the hash of its source, the
parameters, the library code under ``src/analysis``, the versions of the packages that shape the
output and the sha256 of every input file recorded in ``data/processed/*.provenance.json``.
Otherwise its executed notebook, figures and HTML are hard-linked from the last run that
produced them. ``--force`` re-executes everything.

Scheduling (cron, every day at 03:17; the lock makes overlapping runs harmless)::

    17 3 * * * cd /srv/clone && ANALYSIS_MIRROR=/srv/mirror make report >> /srv/report.log 2>&1

``ANALYSIS_NOTEBOOKS_DIR`` and ``ANALYSIS_REPORTS_DIR`` move the notebooks and reports folders
(the tests use them).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.atomic import write_bytes
from analysis.errors import ReportError, ReportLockedError
from analysis.report import html as report_html
from analysis.report import parameters
from analysis.report.execute import Job, Outcome, execute_all, say
from analysis.report.fingerprints import (
    cache_key,
    git_state,
    input_hashes,
    library_fingerprint,
    package_versions,
    page_modules,
    processed_sidecars,
)

log = logging.getLogger(__name__)

NOTEBOOKS_ENV = paths.NOTEBOOKS_ENV
"""Environment variable moving the notebooks folder (default ``notebooks/``)."""

REPORTS_ENV = paths.REPORTS_ENV
"""Environment variable moving the reports folder (default ``reports/``)."""

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
LATEST = "latest"
LOCK_FILE = ".lock"
PARTIAL_SUFFIX = ".partial"
HISTORY = 50
"""How many earlier runs are searched for reusable notebooks."""


# --- locations, notebooks, parameters -----------------------------------------------------------


notebooks_dir = paths.notebooks_dir
reports_dir = paths.reports_dir


def default_params_file() -> Path:
    """Return ``params/report.yaml``."""
    return paths.project_root() / "params" / "report.yaml"


def discover(folder: Path) -> list[Path]:
    """Return every ``NN-*.ipynb`` of ``folder``, overview (``00-``) first, then by number.

    Raises:
        ReportError: if there is none.
    """
    found = sorted(folder.glob(NOTEBOOK_GLOB), key=lambda p: (not p.name.startswith("00"), p.name))
    if not found:
        raise ReportError(f"no notebooks matching {NOTEBOOK_GLOB} in {folder}")
    return found


def load_params(params_file: Path | None = None, overrides: Sequence[str] = ()) -> dict:
    """Return the shared notebook parameters: the YAML file, then ``NAME=VALUE`` overrides.

    Values of overrides are parsed as YAML, so ``-p countries=[IND,BRA]`` gives a list and
    ``-p start_year=2010`` an int.

    Raises:
        ReportError: if the file is missing or not a mapping, or an override has no ``=``.
    """
    path = params_file or default_params_file()
    if not path.is_file():
        raise ReportError(f"parameters file {path} not found; give one with --params FILE")
    try:
        params = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReportError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(params, dict):
        raise ReportError(f"{path} must hold a mapping of parameter names to values")
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ReportError(f"override {item!r} must look like NAME=VALUE (e.g. start_year=2010)")
        try:
            params[name.strip()] = yaml.safe_load(value)
        except yaml.YAMLError as exc:
            raise ReportError(f"override {item!r}: the value is not valid YAML ({exc})") from exc
    if "output_dir" in params:
        raise ReportError("output_dir is set by the runner (reports/<run-id>/figures/<notebook>)")
    return params


# --- lock and atomic publication ----------------------------------------------------------------


@contextlib.contextmanager
def run_lock(folder: Path, run_id: str) -> Iterator[int]:
    """Hold ``folder/.lock`` for the duration of a run; yield its file descriptor.

    Raises:
        ReportLockedError: naming the run id and pid of the holder when another run holds it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise
        try:
            holder = json.loads(path.read_text(encoding="utf-8") or "{}")
        except (OSError, json.JSONDecodeError):
            holder = {}
        who = (
            f"run {holder.get('run_id')} (pid {holder.get('pid')}, started {holder.get('started')})"
            if holder
            else "a run that has not written its id yet"
        )
        raise ReportLockedError(
            f"another report run holds {path}: {who}. Wait for it to finish; this run did nothing."
        ) from None
    try:
        record = {"pid": os.getpid(), "run_id": run_id, "started": _now()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        yield fd
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def point_latest(folder: Path, run_id: str) -> None:
    """Atomically repoint ``folder/latest`` at ``folder/<run_id>`` (a relative symlink).

    Raises:
        ReportError: if ``latest`` exists and is not a symlink.
    """
    latest = folder / LATEST
    if latest.exists() and not latest.is_symlink():
        raise ReportError(f"{latest} exists and is not a symlink; move it away and re-run")
    tmp = folder / f".{LATEST}.{run_id}.tmp"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(run_id)
    tmp.replace(latest)


def _unchanged(
    folder: Path,
    reusable: Mapping[str, Path],
    sources: Sequence[Path],
    missing: Sequence[dict],
) -> Path | None:
    """Return the published run if it already holds every notebook of this run, else None."""
    published = _published(folder)
    if published is None or missing or len(reusable) != len(sources):
        return None
    # Every cache key already holds the input hashes, so reusing all from it means same inputs.
    return published if all(old == published for old in reusable.values()) else None


def prune(folder: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` newest finished runs; never ``latest``'s target.

    Returns:
        The run ids deleted.
    """
    published = _published(folder)
    runs = sorted(p for p in folder.glob("2*") if p.is_dir() and (p / "run.json").is_file())
    old = [p for p in runs[: max(len(runs) - keep, 0)] if p != published]
    for run_dir in old:
        shutil.rmtree(run_dir, ignore_errors=True)
    return [p.name for p in old]


def _published(folder: Path) -> Path | None:
    """Return the run folder ``latest`` points at (the previous published run), if any."""
    latest = folder / LATEST
    target = latest.resolve() if latest.is_symlink() else None
    return target if target is not None and (target / "run.json").is_file() else None


def _remove_stale(folder: Path) -> None:
    """Delete what killed runs left behind (only called while holding the lock)."""
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        log.warning("removing %s, left by a run that did not finish", path)
        shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob(f".{LATEST}.*.tmp"):
        path.unlink(missing_ok=True)


def _link_tree(src: Path, dst: Path) -> None:
    """Hard-link ``src`` (file or folder) to ``dst``, copying where links are impossible."""
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=_link_file, dirs_exist_ok=True)
    else:
        _link_file(src, dst)


def _link_file(src: str | Path, dst: str | Path) -> None:
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id() -> str:
    """Return a sortable, unique run id: UTC time plus a random suffix."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


# --- data ---------------------------------------------------------------------------------------


def prepare_data() -> list[dict]:
    """Fetch (mirror, HTTP mirror or pinned URLs) and build every processed table once.

    Done in the parent process so the notebook workers never rebuild a table concurrently. A
    file that cannot be obtained (no network, a source needing a manual download) does not stop
    the run: its datasets are not built, and the notebooks that need them fail with a message
    naming the missing file and how to get it.

    Returns:
        One record per source that could not be obtained completely: source, files, reason.
    """
    from analysis.data.fetch import fetch
    from analysis.data.processed import build
    from analysis.data.sources import datasets, files_for_dataset

    missing: dict[str, dict] = {}
    for r in fetch(keep_going=True):
        if r.status in ("missing", "failed"):
            log.warning("%s/%s could not be obtained: %s", r.source, r.file, r.message)
            rec = missing.setdefault(
                r.source, {"source": r.source, "files": [], "reason": r.message}
            )
            rec["files"].append(r.file)
    complete = [
        d for d in datasets() if not {f.source_id for f in files_for_dataset(d)} & set(missing)
    ]
    build(complete)
    return [missing[k] for k in sorted(missing)]


# --- the run ------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """The outcome of :func:`run`."""

    run_id: str
    folder: Path
    published: bool
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        """The notebooks that failed."""
        return [o for o in self.outcomes if o.status != "ok"]

    @property
    def executed(self) -> list[str]:
        """The notebooks executed (not reused) in this run."""
        return [o.stem for o in self.outcomes if o.reused_from is None]


def _previous_runs(folder: Path) -> Iterator[tuple[str, dict]]:
    """Yield ``(run_id, run.json)`` of the finished runs in ``folder``, newest first."""
    names = sorted(
        (
            p.name
            for p in folder.iterdir()
            if not p.name.startswith(".") and p.name != LATEST and p.is_dir()
        ),
        reverse=True,
    )
    for name in names[:HISTORY]:
        try:
            yield name, json.loads((folder / name / "run.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue


def _find_reusable(folder: Path, keys: Mapping[str, str]) -> dict[str, Path]:
    """Return ``{stem: run folder}`` of the newest successful execution with the same cache key."""
    found: dict[str, Path] = {}
    for name, record in _previous_runs(folder):
        for stem, info in record.get("notebooks", {}).items():
            if (
                stem in keys
                and stem not in found
                and info.get("status") == "ok"
                and info.get("key") == keys[stem]
            ):
                run_dir = folder / name
                if all((run_dir / p).exists() for p in _products(stem)):
                    found[stem] = run_dir
        if len(found) == len(keys):
            break
    return found


def _last_durations(folder: Path) -> dict[str, float]:
    """Return each notebook's duration in the newest run that executed it (not reused)."""
    out: dict[str, float] = {}
    for _, record in _previous_runs(folder):
        for stem, info in record.get("notebooks", {}).items():
            if stem not in out and not info.get("reused_from") and "duration" in info:
                out[stem] = float(info["duration"])
    return out


def _products(stem: str) -> tuple[str, str, str]:
    return f"notebooks/{stem}.ipynb", f"html/{stem}.html", f"figures/{stem}"


def _copy_data(processed: Path, target: Path) -> None:
    """Copy the processed tables into the run (never hard links).

    A later build, or a hand edit of ``data/processed``, must not change a published run's data.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(processed.glob("*.parquet")) + sorted(processed.glob("*.provenance.json")):
        shutil.copyfile(path, target / path.name)


def _figures(run_dir: Path, stem: str, nb: dict) -> list[tuple[str, str]]:
    folder = run_dir / "figures" / stem
    if not folder.is_dir():
        return []
    sections = report_html.figure_sections(nb)
    title = report_html.notebook_title(nb, stem)
    files = sorted(folder.glob("*.png"))
    pngs = {p.stem for p in files}
    files += sorted(p for p in folder.glob("*.svg") if p.stem not in pngs)
    out = []
    for path in files:
        section = sections.get(path.stem)
        caption = f"{path.stem} — {title}" + (
            f": {section}" if section and section != title else ""
        )
        out.append((path.relative_to(run_dir).as_posix(), caption))
    return out


def _verdicts(
    run_dir: Path, stems: Sequence[str], notebooks: Mapping[str, dict]
) -> tuple[str | None, str | None]:
    for stem in stems:
        csv_path = run_dir / "figures" / stem / report_html.CLAIMS_CSV
        if csv_path.is_file():
            return report_html.verdict_table_from_csv(
                csv_path
            ), f"figures/{stem}/{report_html.CLAIMS_CSV}"
    for stem in stems:
        if "claim" in stem:
            table = report_html.verdict_table_from_notebook(notebooks[stem])
            if table:
                return table, f"notebooks/{stem}.ipynb"
    return None, None


def _write_index(run_dir: Path, record: dict, outcomes: Sequence[Outcome]) -> None:
    notebooks = {
        o.stem: report_html.read_notebook(run_dir / f"notebooks/{o.stem}.ipynb") for o in outcomes
    }
    entries = []
    for o in outcomes:
        nb = notebooks[o.stem]
        entries.append(
            report_html.NotebookEntry(
                stem=o.stem,
                title=report_html.notebook_title(nb, o.stem),
                status=o.status,
                duration=o.duration,
                reused=o.reused_from is not None,
                html=f"html/{o.stem}.html" if (run_dir / f"html/{o.stem}.html").is_file() else None,
                notebook=f"notebooks/{o.stem}.ipynb"
                if (run_dir / f"notebooks/{o.stem}.ipynb").is_file()
                else None,
                findings=report_html.findings(nb),
                figures=_figures(run_dir, o.stem, nb),
                error=o.error,
            )
        )
    verdicts, verdicts_from = _verdicts(run_dir, [o.stem for o in outcomes], notebooks)
    sidecars = list(processed_sidecars(run_dir / "data").values())
    page = report_html.render_index(
        run=record,
        changes=record.get("changes"),
        entries=entries,
        verdicts=verdicts,
        verdicts_from=verdicts_from,
        sidecars=sidecars,
    )
    write_bytes(run_dir / "index.html", page.encode("utf-8"))


def run(
    *,
    params_file: Path | None = None,
    overrides: Sequence[str] = (),
    force: bool = False,
    jobs: int | None = None,
    notebooks: Path | None = None,
    reports: Path | None = None,
    data: bool = True,
    progress: bool | None = None,
    keep: int | None = None,
) -> RunResult:
    """Execute every notebook into a new run folder and publish it as ``latest`` if all succeed.

    Args:
        params_file: YAML parameters (default ``params/report.yaml``).
        overrides: ``NAME=VALUE`` overrides, values parsed as YAML.
        force: Execute every notebook even when its cache key is unchanged.
        jobs: Parallel notebooks (default: CPU cores).
        notebooks: Notebooks folder (default :func:`notebooks_dir`).
        reports: Reports folder (default :func:`reports_dir`).
        data: Fetch and build the processed tables first (tests with fixture notebooks skip it).
        progress: Show a progress bar (default: when stderr is a terminal).
        keep: After publishing, keep only this many newest runs (``latest``'s target always).

    Returns:
        The run: its id, folder, whether it became ``latest``, and one outcome per notebook.

    Raises:
        ReportLockedError: if another run holds the lock (nothing is written).
        ReportError: for a missing parameters file or no notebooks.
    """
    nb_dir = (notebooks or notebooks_dir()).resolve()
    rep_dir = (reports or reports_dir()).resolve()
    sources = discover(nb_dir)
    params = load_params(params_file, overrides)
    own_params = parameters.check(params, sources)  # before the lock, a folder or a kernel
    run_id = new_run_id()
    started, t0 = _now(), time.perf_counter()
    with run_lock(rep_dir, run_id) as lock_fd:
        _remove_stale(rep_dir)
        missing = prepare_data() if data else []
        sidecars = processed_sidecars()
        environment: dict[str, Any] = {
            "library": library_fingerprint(),
            "packages": package_versions(),
            "inputs": input_hashes(sidecars),
            "code_fingerprints": {k: v.get("code_fingerprint") for k, v in sidecars.items()},
        }
        keys = {
            p.stem: cache_key(
                p,
                own_params[p.stem],
                {**environment, "library": library_fingerprint(modules=page_modules(p))},
            )
            for p in sources
        }
        reusable = {} if force else _find_reusable(rep_dir, keys)
        unchanged = _unchanged(rep_dir, reusable, sources, missing)
        if unchanged is not None:
            # Nothing to do: the published run already shows exactly this. Publish nothing new.
            say(f"nothing changed since run {unchanged.name}; reports/{LATEST} stays as it is")
            return RunResult(
                unchanged.name,
                unchanged,
                True,
                [
                    Outcome(p.stem, "ok", 0.0, keys[p.stem], reused_from=unchanged.name)
                    for p in sources
                ],
            )

        partial = rep_dir / f".{run_id}{PARTIAL_SUFFIX}"
        final = rep_dir / run_id
        partial.mkdir()
        _copy_data(paths.processed_dir(), partial / "data")

        outcomes: dict[str, Outcome] = {}
        for stem, old in reusable.items():
            t = time.perf_counter()
            for product in _products(stem):
                _link_tree(old / product, partial / product)
            outcomes[stem] = Outcome(
                stem, "ok", time.perf_counter() - t, keys[stem], reused_from=old.name
            )
            say(f"reused   {stem} (unchanged since run {old.name})")

        todo = [
            Job(
                stem=p.stem,
                source=p,
                output=partial / "notebooks" / p.name,
                html=partial / "html" / f"{p.stem}.html",
                figures=partial / "figures" / p.stem,
                final_figures=final / "figures" / p.stem,
                parameters={**own_params[p.stem], "output_dir": str(partial / "figures" / p.stem)},
                cwd=nb_dir,
            )
            for p in sources
            if p.stem not in reusable
        ]
        if todo:
            # Longest first (by the last recorded duration; new notebooks count as longest), so
            # the slowest notebook never starts last and leaves one core idle.
            last = _last_durations(rep_dir)
            todo.sort(key=lambda job: -last.get(job.stem, float("inf")))
            for o in execute_all(todo, jobs, lock_fd, progress):
                o.key = keys[o.stem]
                outcomes[o.stem] = o

        ordered = [outcomes[p.stem] for p in sources]
        ok = all(o.status == "ok" for o in ordered)
        record: dict[str, Any] = {
            "run_id": run_id,
            "status": "ok" if ok else "failed",
            "started": started,
            "finished": _now(),
            "duration": round(time.perf_counter() - t0, 3),
            "git": git_state(),
            "packages": environment["packages"],
            "library_fingerprint": environment["library"],
            "parameters": params,
            "params_file": str(params_file or default_params_file()),
            "inputs": environment["inputs"],
            "notebooks": {
                o.stem: {k: v for k, v in asdict(o).items() if v not in (None, {}) and k != "stem"}
                | {"duration": round(o.duration, 3)}
                for o in ordered
            },
        }
        record["missing_sources"] = missing
        if missing:
            # Notebooks that stopped only because a source is missing make the run incomplete.
            blocked = {o.stem for o in ordered if o.ename == "MissingSourceError"}
            failed = {o.stem for o in ordered if o.status != "ok"} - blocked
            record["status"] = "failed" if failed else "incomplete"
        previous = _published(rep_dir)
        if previous is not None:
            from analysis.report import changes

            before = json.loads((previous / "run.json").read_text(encoding="utf-8"))
            record["changes"] = changes.compare_folders(
                previous, partial, [str(c).upper() for c in params.get("countries", [])],
                name_b=run_id, same_data=before.get("inputs") == record["inputs"],
            )  # fmt: skip
        text = json.dumps(record, indent=2, sort_keys=True, default=str) + "\n"
        write_bytes(partial / "run.json", text.encode("utf-8"))
        _write_index(partial, record, ordered)
        partial.rename(final)
        # A run without some sources is kept under its id but never replaces `latest`.
        if ok and not missing:
            point_latest(rep_dir, run_id)
            if keep is not None:
                for gone in prune(rep_dir, keep):
                    say(f"pruned   run {gone} (--keep {keep})")
    return RunResult(run_id, final, ok, ordered)


def main(args: argparse.Namespace) -> int:
    """Run ``analysis report`` from parsed command-line arguments; return the exit code."""
    try:
        result = run(
            params_file=Path(args.params) if args.params else None,
            overrides=args.param,
            force=args.force,
            jobs=args.jobs,
            keep=args.keep,
        )
    except ReportLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    reused = len(result.outcomes) - len(result.executed)
    summary = (
        f"run {result.run_id}: {len(result.executed)} notebook(s) executed, {reused} reused, "
        f"{len(result.failed)} failed -> {result.folder}"
    )
    if result.failed:
        print(summary, file=sys.stderr)
        for o in result.failed:
            print(f"error: notebook {o.error}", file=sys.stderr)
        print(
            f"reports/{LATEST} was left unchanged; the failed run is kept in {result.folder}",
            file=sys.stderr,
        )
        return 1
    print(summary)
    print(f"published: {result.folder.parent / LATEST / 'index.html'}")
    return 0
