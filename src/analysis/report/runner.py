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
error (exit 1). A run missing a source is ``incomplete``: kept with its list of what is missing,
``latest`` not moved (exit 2). ``reports/.lock`` keeps two runs from overlapping and
``data/.lock`` keeps ``analysis update``, ``fetch`` and ``build`` out while the notebooks read the
data, so ``run.json`` names exactly the inputs every notebook read; the second comer names the
holder and exits 3 (both locks are :mod:`analysis.data.lock`, on filelock).

A notebook is executed again only when its cache key changes: the hash of its source, the
parameters, the library code under ``src/analysis`` it imports, the versions of the packages that
shape the output and the sha256 of every input file recorded in
``data/processed/*.provenance.json``. Otherwise its executed notebook, figures and HTML are
hard-linked from the last run that produced them. Its page has a key of its own, which also
covers the templates, the stylesheet and the code that render it: when only that changed, the
executed notebook and figures are linked and the page alone is rendered again, nothing is
executed. ``--force`` re-executes everything.

The run's ``countries`` are checked once, here, before any kernel starts; each kernel is told
which codes were checked (``ANALYSIS_CHECKED_COUNTRIES``, in its environment only) and
``notebook.setup`` takes exactly those without checking them again.

Scheduling (cron, every day at 03:17; the lock makes overlapping runs harmless)::

    17 3 * * * cd /srv/clone && ANALYSIS_MIRROR=/srv/mirror make report >> /srv/report.log 2>&1

``ANALYSIS_NOTEBOOKS_DIR`` and ``ANALYSIS_REPORTS_DIR`` move the notebooks and reports folders
(the tests use them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.atomic import write_bytes
from analysis.data.lock import data_lock, exclusive
from analysis.errors import LockedError, ReportError, ReportLockedError
from analysis.report import notebooks as report_notebooks
from analysis.report import parameters
from analysis.report.execute import Job, Outcome, execute_all, say
from analysis.report.fingerprints import (
    cache_key,
    execution_modules,
    git_state,
    input_hashes,
    library_fingerprint,
    package_versions,
    page_fingerprint,
    page_key,
    processed_sidecars,
)
from analysis.report.runs import (
    LATEST,
    PARTIAL_SUFFIX,
    find_reusable,
    last_durations,
    link_tree,
    new_run_id,
    now,
    point_latest,
    products,
    prune,
    published_run,
    remove_stale,
    stale_pages,
    unchanged_run,
)

log = logging.getLogger(__name__)

NOTEBOOKS_ENV = paths.NOTEBOOKS_ENV
"""Environment variable moving the notebooks folder (default ``notebooks/``)."""

REPORTS_ENV = paths.REPORTS_ENV
"""Environment variable moving the reports folder (default ``reports/``)."""

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
LOCK_FILE = ".lock"


# --- locations, notebooks, parameters -----------------------------------------------------------


notebooks_dir = paths.notebooks_dir
reports_dir = paths.reports_dir


def default_params_file() -> Path:
    """Return ``params/report.yaml``."""
    return paths.project_root() / "params" / "report.yaml"


def discover(folder: Path) -> list[Path]:
    """Return every ``NN-*.ipynb`` of ``folder``, overview (``00-``) first, then by number.

    A notebook whose metadata opts out of the report (:func:`parameters.in_report`) is left out.

    Raises:
        ReportError: if there is none.
    """
    found = sorted(folder.glob(NOTEBOOK_GLOB), key=lambda p: (not p.name.startswith("00"), p.name))
    found = [p for p in found if parameters.in_report(p)]
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


def run_lock(folder: Path, run_id: str) -> contextlib.AbstractContextManager[None]:
    """Hold ``folder/.lock`` for the duration of a run (filelock; see :mod:`analysis.data.lock`).

    Raises:
        ReportLockedError: naming the run id and pid of the holder when another run holds it.
    """
    return exclusive(
        folder / LOCK_FILE, f"analysis report run {run_id}", ReportLockedError, run_id=run_id
    )


# --- data ---------------------------------------------------------------------------------------


def prepare_data() -> list[dict]:
    """Fetch (mirror, HTTP mirror or pinned URLs) and build every processed table once.

    Done in the parent process so the notebook workers never rebuild a table concurrently. A
    file that cannot be obtained (no network, a source needing a manual download) does not stop
    the run: one summary says how many files are missing, from where, and the two ways forward;
    the datasets fed by them are not built, the notebooks that need them stop with a message
    naming the missing file, and the run is kept as incomplete with its index listing them.

    Returns:
        One record per source that could not be obtained completely: source, files, reason.
    """
    from analysis.data.fetch import fetch, summarise_missing
    from analysis.data.processed import build
    from analysis.data.sources import datasets, files_for_dataset

    results = fetch(keep_going=True)
    results = _live_fallback(results)
    missing: dict[str, dict] = {}
    for r in results:
        if r.status in ("missing", "failed"):
            log.info("%s/%s could not be obtained: %s", r.source, r.file, r.message)
            rec = missing.setdefault(
                r.source, {"source": r.source, "files": [], "reason": r.message}
            )
            rec["files"].append(r.file)
    if missing:
        say(summarise_missing(results) + " Going on with what can run; this run will be "
            "incomplete and its index lists what is missing.")  # fmt: skip
    complete = [
        d for d in datasets() if not {f.source_id for f in files_for_dataset(d)} & set(missing)
    ]
    build(complete)  # an empty list builds nothing
    return [missing[k] for k in sorted(missing)]


def _live_fallback(results: list) -> list:
    """Stand in the publisher's current file (validated) for files no pinned URL served.

    Only when fetching from the pinned URLs (a mirror's gap is the mirror's to fill), and only
    files with a ``live_url``; each one taken is said loudly here and listed in ``run.json``
    (``live_fallbacks``). Returns the fetch results with those files no longer failed.
    """
    from analysis.data.fetch import FetchResult, choose_origin
    from analysis.data.sources import all_files
    from analysis.data.update import take_live

    failed = {(r.source, r.file) for r in results if r.status in ("missing", "failed")}
    if not failed or choose_origin(None, None).kind != "pinned_url":
        return results
    entries = [e for e in all_files() if (e.source_id, e.file) in failed and e.live_url]
    taken = (
        {(r.source, r.file): r for r in take_live(entries) if r.status == "accepted"}
        if entries
        else {}
    )
    for r in taken.values():
        say(f"LIVE FALLBACK {r.relpath}: no pinned URL served it; took the publisher's current "
            f"file from {r.origin} after validation, as vintage {r.vintage!r}: this run does not "
            "use the pinned bytes for it")  # fmt: skip
    return [FetchResult(r.source, r.file, "downloaded", taken[(r.source, r.file)].sha256,
                        origin=taken[(r.source, r.file)].origin)
            if (r.source, r.file) in taken else r for r in results]  # fmt: skip


# --- the run ------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """The outcome of :func:`run`."""

    run_id: str
    folder: Path
    published: bool
    """Whether ``reports/latest`` now shows this run (moved to it, or already there)."""
    outcomes: list[Outcome]
    status: str = "ok"
    """``ok``, ``failed`` (a notebook failed) or ``incomplete`` (a source could not be obtained)."""
    missing: list[dict] = field(default_factory=list)
    """The sources that could not be obtained (source, files, reason)."""

    @property
    def failed(self) -> list[Outcome]:
        """The notebooks that failed."""
        return [o for o in self.outcomes if o.status != "ok"]

    @property
    def executed(self) -> list[str]:
        """The notebooks executed (not reused) in this run."""
        return [o.stem for o in self.outcomes if o.reused_from is None]


@dataclass
class _Plan:
    """What a run will do, settled before it takes a lock: notebooks, parameters, folders."""

    run_id: str
    nb_dir: Path
    rep_dir: Path
    sources: list[Path]
    params: dict
    own_params: dict[str, dict]
    params_file: Path
    started: str = field(default_factory=lambda: now())
    t0: float = field(default_factory=time.perf_counter)

    @property
    def partial(self) -> Path:
        return self.rep_dir / f".{self.run_id}{PARTIAL_SUFFIX}"

    @property
    def final(self) -> Path:
        return self.rep_dir / self.run_id


@dataclass
class _Inputs:
    """What the notebooks will read, fixed under the lock: environment, cache keys, gaps."""

    environment: dict[str, Any]
    keys: dict[str, str]
    """Each notebook's execution key: reuse its executed notebook and figures when unchanged."""
    page_keys: dict[str, str]
    """Each notebook's page key: the execution key and what renders the page."""
    missing: list[dict]
    sidecars: dict[str, dict]


def _copy_data(processed: Path, target: Path) -> None:
    """Copy the processed tables into the run (never hard links).

    A later build, or a hand edit of ``data/processed``, must not change a published run's data.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(processed.glob("*.parquet")) + sorted(processed.glob("*.provenance.json")):
        shutil.copyfile(path, target / path.name)


def claims_notebook() -> str | None:
    """Return the stem of the notebook whose verdicts head the index page.

    Configured in ``pyproject.toml`` as ``[tool.analysis.report] claims_notebook``; None when
    it is not set (the page then shows the verdicts only from a saved ``claims.csv``).
    """
    import tomllib

    try:
        with (paths.project_root() / "pyproject.toml").open("rb") as handle:
            config = tomllib.load(handle)
    except (OSError, RuntimeError, tomllib.TOMLDecodeError):
        return None
    value = config.get("tool", {}).get("analysis", {}).get("report", {}).get("claims_notebook")
    return str(value) if value else None


def _write_index(run_dir: Path, record: dict, outcomes: Sequence[Outcome]) -> None:
    """Write the run's ``index.html`` and ``datapackage.json`` (:mod:`analysis.report.page`)."""
    from analysis.report import changes, page

    notebooks = {
        o.stem: report_notebooks.read_notebook(run_dir / f"notebooks/{o.stem}.ipynb")
        for o in outcomes
    }
    entries = [
        page.NotebookEntry(
            stem=o.stem,
            title=report_notebooks.notebook_title(notebooks[o.stem], o.stem),
            status=o.status,
            duration=o.duration,
            reused=o.reused_from is not None,
            html=f"html/{o.stem}.html" if (run_dir / f"html/{o.stem}.html").is_file() else None,
            notebook=f"notebooks/{o.stem}.ipynb"
            if (run_dir / f"notebooks/{o.stem}.ipynb").is_file()
            else None,
            findings=report_notebooks.findings(notebooks[o.stem]),
            error=o.error,
            reason=o.reason,
            cell_index=o.cell_index,
        )
        for o in outcomes
    ]
    page.write_index(
        run_dir,
        record,
        entries,
        notebooks,
        list(processed_sidecars(run_dir / "data").values()),
        changes.render_html(record.get("changes")),
        claims_notebook=claims_notebook(),
    )


# --- the stages of a run ------------------------------------------------------------------------


def _plan(
    params_file: Path | None,
    overrides: Sequence[str],
    notebooks: Path | None,
    reports: Path | None,
    keep: int | None,
) -> _Plan:
    """Stage 1, before any lock or folder: notebooks, parameters (all checked), the run id.

    Raises:
        ReportError: for bad parameters, no notebooks, ``--keep`` below 1, or a real folder at
            ``reports/latest`` (found now, not after every notebook ran).
    """
    if keep is not None and keep < 1:
        raise ReportError(f"--keep {keep}: keep at least 1 run (the published one is always kept)")
    nb_dir = (notebooks or notebooks_dir()).resolve()
    rep_dir = (reports or reports_dir()).resolve()
    latest = rep_dir / LATEST
    if latest.exists() and not latest.is_symlink():
        raise ReportError(f"{latest} exists and is not a symlink; move it away and re-run")
    sources = discover(nb_dir)
    params = load_params(params_file, overrides)
    own_params = parameters.check(params, sources)  # before the lock, a folder or a kernel
    return _Plan(new_run_id(), nb_dir, rep_dir, sources, params, own_params,
                 params_file or default_params_file())  # fmt: skip


def _inputs(plan: _Plan, data: bool) -> _Inputs:
    """Stage 2, under the locks: fetch and build, then fix what every notebook will read."""
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
            plan.own_params[p.stem],
            {
                **environment,
                "library": library_fingerprint(modules=execution_modules(p), templates=False),
            },
        )
        for p in plan.sources
    }
    pages = page_fingerprint()
    page_keys = {stem: page_key(key, pages) for stem, key in keys.items()}
    return _Inputs(environment, keys, page_keys, missing, sidecars)


def _job(plan: _Plan, source: Path, render_only: bool = False) -> Job:
    """Return the job of one notebook: executed with its own parameters, or only rendered."""
    partial = plan.partial
    own = plan.own_params[source.stem]
    return Job(
        stem=source.stem,
        source=source,
        output=partial / "notebooks" / source.name,
        html=partial / "html" / f"{source.stem}.html",
        figures=partial / "figures" / source.stem,
        final_figures=plan.final / "figures" / source.stem,
        parameters={**own, "output_dir": str(partial / "figures" / source.stem)},
        cwd=plan.nb_dir,
        env=parameters.kernel_env(own),
        render_only=render_only,
    )


def _execute(
    plan: _Plan,
    inputs: _Inputs,
    reusable: Mapping[str, Path],
    stale: set[str],
    jobs: int | None,
    progress: bool | None,
) -> list[Outcome]:
    """Stage 3: link the reusable notebooks from their runs, execute the rest; in source order.

    A reusable notebook whose page is ``stale`` (templates or renderer changed) has its
    executed notebook and figures linked and its page rendered again, in the pool.
    """
    outcomes: dict[str, Outcome] = {}
    for stem, old in reusable.items():
        t = time.perf_counter()
        for product in products(stem, page=stem not in stale):
            link_tree(old / product, plan.partial / product)
        if stem not in stale:
            outcomes[stem] = Outcome(stem, "ok", time.perf_counter() - t, inputs.keys[stem],
                                     inputs.page_keys[stem], reused_from=old.name)  # fmt: skip
            say(f"reused   {stem} (unchanged since run {old.name})")
    todo = [_job(plan, p, p.stem in stale) for p in plan.sources if p.stem not in outcomes]
    if todo:
        # Longest first (by the last recorded duration; new notebooks count as longest), so
        # the slowest notebook never starts last and leaves one core idle; pages only, last.
        last = last_durations(plan.rep_dir)
        todo.sort(key=lambda job: (job.render_only, -last.get(job.stem, float("inf"))))
        for o in execute_all(todo, jobs, progress):
            o.key, o.page_key = inputs.keys[o.stem], inputs.page_keys[o.stem]
            if o.stem in stale:
                o.reused_from = reusable[o.stem].name
            outcomes[o.stem] = o
    return [outcomes[p.stem] for p in plan.sources]


def _status(ordered: Sequence[Outcome], missing: Sequence[dict]) -> str:
    """Return ``ok``, ``failed``, or ``incomplete`` (only missing sources stopped notebooks)."""
    failed = {o.stem for o in ordered if o.status != "ok"}
    if missing:
        # Notebooks that stopped only because a source is missing make the run incomplete.
        blocked = {o.stem for o in ordered if o.ename == "MissingSourceError"}
        return "failed" if failed - blocked else "incomplete"
    return "failed" if failed else "ok"


def _record(plan: _Plan, inputs: _Inputs, ordered: Sequence[Outcome]) -> dict[str, Any]:
    """Stage 4: the run's ``run.json`` record (status, inputs, parameters, per notebook)."""
    record: dict[str, Any] = {
        "run_id": plan.run_id,
        "status": _status(ordered, inputs.missing),
        "started": plan.started,
        "finished": now(),
        "duration": round(time.perf_counter() - plan.t0, 3),
        "git": git_state(),
        "packages": inputs.environment["packages"],
        "library_fingerprint": inputs.environment["library"],
        "parameters": plan.params,
        "params_file": str(plan.params_file),
        "inputs": inputs.environment["inputs"],
        "notebooks": {
            o.stem: {k: v for k, v in asdict(o).items() if v not in (None, {}) and k != "stem"}
            | {"duration": round(o.duration, 3)}
            for o in ordered
        },
        "missing_sources": inputs.missing,
        "live_fallbacks": _fallbacks(),
    }
    moved = _inputs_moved(inputs.sidecars, processed_sidecars())
    if moved:
        # The locks keep update, fetch and build out; a hand edit (or a notebook rebuilding a
        # table) is caught here, so run.json never names inputs some notebook did not read.
        record["status"] = "failed"
        record["inputs_changed"] = moved
    previous = published_run(plan.rep_dir)
    if previous is not None:
        from analysis.report import changes

        before = json.loads((previous / "run.json").read_text(encoding="utf-8"))
        record["changes"] = changes.compare_folders(
            previous, plan.partial, [str(c).upper() for c in plan.params.get("countries", [])],
            name_b=plan.run_id, same_data=before.get("inputs") == record["inputs"],
        )  # fmt: skip
    return record


def _fallbacks() -> list[dict]:
    """The files taken from a publisher's live download because no pinned URL served them."""
    from analysis.data.fetch import accepted_vintages

    return [{"file": key, "vintage": rec.get("vintage"), "origin": rec.get("origin")}
            for key, rec in sorted(accepted_vintages().items()) if rec.get("fallback")]  # fmt: skip


def _inputs_moved(before: Mapping[str, dict], after: Mapping[str, dict]) -> list[str]:
    """Return the datasets whose processed table or inputs changed while the notebooks ran."""

    def state(side: dict) -> tuple:
        return side.get("table_sha256"), json.dumps(input_hashes({"": side}), sort_keys=True)

    names = sorted(set(before) | set(after))
    return [n for n in names if state(before.get(n, {})) != state(after.get(n, {}))]


def _publish(plan: _Plan, record: dict, ordered: Sequence[Outcome], keep: int | None) -> bool:
    """Stage 5: write run.json and the index, rename the run into place, move ``latest``.

    Returns:
        Whether ``latest`` now points at this run: only a complete run (every notebook ran, no
        source missing, inputs unchanged) is published; the others are kept under their id.
    """
    text = json.dumps(record, indent=2, sort_keys=True, default=str) + "\n"
    write_bytes(plan.partial / "run.json", text.encode("utf-8"))
    _write_index(plan.partial, record, ordered)
    plan.partial.rename(plan.final)
    if record["status"] != "ok":
        return False
    point_latest(plan.rep_dir, plan.run_id)
    if keep is not None:
        for gone in prune(plan.rep_dir, keep):
            say(f"pruned   run {gone} (--keep {keep})")
    return True


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

    The stages: plan (parameters checked, nothing written), lock (``reports/.lock`` against
    another report, ``data/.lock`` against update, fetch and build), inputs (data prepared, cache
    keys), reuse or execute, record, publish (index, rename, ``latest``, pruning).

    Args:
        params_file: YAML parameters (default ``params/report.yaml``).
        overrides: ``NAME=VALUE`` overrides, values parsed as YAML.
        force: Execute every notebook even when its cache key is unchanged.
        jobs: Parallel notebooks (default: CPU cores).
        notebooks: Notebooks folder (default :func:`notebooks_dir`).
        reports: Reports folder (default :func:`reports_dir`).
        data: Fetch and build the processed tables first (tests with fixture notebooks skip it).
        progress: Show a progress bar (default: when stderr is a terminal).
        keep: After publishing, keep only this many newest runs (at least 1; ``latest``'s
            target and failed runs newer than it always stay).

    Returns:
        The run: its id, folder, status, whether ``latest`` shows it, one outcome per notebook.

    Raises:
        ReportLockedError: if another run holds the lock (nothing is written).
        LockedError: if an update, fetch or build holds ``data/.lock`` (nothing is written).
        ReportError: for bad parameters, no notebooks or ``keep`` below 1.
    """
    plan = _plan(params_file, overrides, notebooks, reports, keep)
    with run_lock(plan.rep_dir, plan.run_id), data_lock(f"analysis report run {plan.run_id}"):
        remove_stale(plan.rep_dir)
        inputs = _inputs(plan, data)
        reusable = {} if force else find_reusable(plan.rep_dir, inputs.keys)
        stale = stale_pages(reusable, inputs.page_keys)  # executed notebook reused, page not
        unchanged = unchanged_run(plan.rep_dir, reusable, plan.sources, inputs.missing, stale)
        if unchanged is not None:
            # Nothing to do: the published run already shows exactly this. Publish nothing new.
            say(f"nothing changed since run {unchanged.name}; reports/{LATEST} stays as it is")
            same = [Outcome(p.stem, "ok", 0.0, inputs.keys[p.stem], inputs.page_keys[p.stem],
                            reused_from=unchanged.name) for p in plan.sources]  # fmt: skip
            return RunResult(unchanged.name, unchanged, True, same)
        plan.partial.mkdir()
        _copy_data(paths.processed_dir(), plan.partial / "data")
        ordered = _execute(plan, inputs, reusable, stale, jobs, progress)
        record = _record(plan, inputs, ordered)
        published = _publish(plan, record, ordered, keep)
    return RunResult(plan.run_id, plan.final, published, ordered, record["status"], inputs.missing)


def main(args: argparse.Namespace) -> int:
    """Run ``analysis report`` from parsed command-line arguments; return the exit code.

    0: published (or nothing changed); 1: a notebook failed; 2: incomplete (a source could not
    be obtained: the run is kept with its list of what is missing, ``latest`` is not moved);
    3: another run, update, fetch or build holds a lock.
    """
    try:
        result = run(
            params_file=Path(args.params) if args.params else None,
            overrides=args.param,
            force=args.force,
            jobs=args.jobs,
            keep=args.keep,
        )
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    reused = len(result.outcomes) - len(result.executed)
    summary = (
        f"run {result.run_id}: {len(result.executed)} notebook(s) executed, {reused} reused, "
        f"{len(result.failed)} failed -> {result.folder}"
    )
    if result.published:
        print(summary)
        print(f"published: {result.folder.parent / LATEST / 'index.html'}")
        return 0
    print(summary, file=sys.stderr)
    blocked = [o for o in result.failed if o.ename == "MissingSourceError"]
    for o in result.failed:
        if o not in blocked or result.status != "incomplete":
            print(f"error: notebook {o.error}", file=sys.stderr)
    if blocked and result.status == "incomplete":
        print(f"{len(blocked)} notebook(s) stopped for a missing source: "
              + ", ".join(o.stem for o in blocked), file=sys.stderr)  # fmt: skip
    if result.status == "incomplete":
        sources = ", ".join(m["source"] for m in result.missing)
        print(f"incomplete: {len(result.missing)} source(s) could not be obtained ({sources}); "
              f"the run lists what is missing in {result.folder / 'index.html'}",
              file=sys.stderr)  # fmt: skip
    print(
        f"reports/{LATEST} was left unchanged; the {result.status} run is kept in {result.folder}",
        file=sys.stderr,
    )
    return 2 if result.status == "incomplete" else 1
