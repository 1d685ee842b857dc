"""The reports folder: finished runs, ``latest``, reuse of unchanged notebooks, pruning.

Layout: ``reports/<run-id>/`` per finished run (``run.json`` inside), ``reports/latest`` a
relative symlink to the published one, ``reports/.<run-id>.partial`` while a run is written.
Every function here that changes the folder is called by :mod:`analysis.report.runner` while it
holds ``reports/.lock``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence, Set
from pathlib import Path

from analysis.errors import ReportError

log = logging.getLogger(__name__)

LATEST = "latest"
PARTIAL_SUFFIX = ".partial"
HISTORY = 50
"""How many earlier runs are searched for reusable notebooks."""


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


def unchanged_run(
    folder: Path,
    reusable: Mapping[str, Path],
    sources: Sequence[Path],
    missing: Sequence[dict],
    stale: Set[str] = frozenset(),
) -> Path | None:
    """Return the published run if it already holds every notebook of this run, else None.

    Not when a page is ``stale`` (:func:`stale_pages`): the run renders it again.
    """
    published = published_run(folder)
    if published is None or missing or stale or len(reusable) != len(sources):
        return None
    # Every cache key already holds the input hashes, so reusing all from it means same inputs.
    return published if all(old == published for old in reusable.values()) else None


def prune(folder: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` newest finished runs (``keep`` >= 1).

    Never deleted: ``latest``'s target, and any run newer than it (a failed or incomplete run
    kept for inspection stays until a newer run is published).

    Returns:
        The run ids deleted.

    Raises:
        ReportError: if ``keep`` is below 1.
    """
    if keep < 1:
        raise ReportError(f"keep {keep}: keep at least 1 run (the published one is always kept)")
    published = published_run(folder)
    runs = sorted(p for p in folder.glob("2*") if p.is_dir() and (p / "run.json").is_file())
    old = [
        p
        for p in runs[: max(len(runs) - keep, 0)]
        if published is not None and p.name < published.name
    ]
    for run_dir in old:
        shutil.rmtree(run_dir, ignore_errors=True)
    return [p.name for p in old]


def published_run(folder: Path) -> Path | None:
    """Return the run folder ``latest`` points at (the previous published run), if any."""
    latest = folder / LATEST
    target = latest.resolve() if latest.is_symlink() else None
    return target if target is not None and (target / "run.json").is_file() else None


def remove_stale(folder: Path) -> None:
    """Delete what killed runs left behind (only called while holding the lock)."""
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        log.warning("removing %s, left by a run that did not finish", path)
        shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob(f".{LATEST}.*.tmp"):
        path.unlink(missing_ok=True)


def link_tree(src: Path, dst: Path) -> None:
    """Hard-link ``src`` (file or folder) to ``dst``, copying where links are impossible."""
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=link_file, dirs_exist_ok=True)
    else:
        link_file(src, dst)


def link_file(src: str | Path, dst: str | Path) -> None:
    """Hard-link one file, copying where a link is impossible (another file system)."""
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def now() -> str:
    """Return the UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_last_run_time: list[dt.datetime] = []


def new_run_id() -> str:
    """Return a unique run id that sorts in the order runs start: UTC time to the microsecond.

    ``YYYYMMDDTHHMMSS.ffffffZ-xxxx`` (a random suffix). :func:`prune` and ``latest`` compare ids
    as text, so ids of runs started within the same second must still sort by time (to the
    second only, two quick runs sorted by their random suffix, and pruning could take the newer
    for the older); within one process each id is also later than the one before.
    """
    stamp = dt.datetime.now(dt.UTC)
    if _last_run_time and stamp <= _last_run_time[-1]:
        stamp = _last_run_time[-1] + dt.timedelta(microseconds=1)
    _last_run_time[:] = [stamp]
    return stamp.strftime("%Y%m%dT%H%M%S.%fZ") + "-" + secrets.token_hex(2)


def previous_runs(folder: Path) -> Iterator[tuple[str, dict]]:
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


def find_reusable(folder: Path, keys: Mapping[str, str]) -> dict[str, Path]:
    """Return ``{stem: run folder}`` of the newest successful execution with the same cache key."""
    found: dict[str, Path] = {}
    for name, record in previous_runs(folder):
        for stem, info in record.get("notebooks", {}).items():
            if (
                stem in keys
                and stem not in found
                and info.get("status") == "ok"
                and info.get("key") == keys[stem]
            ):
                run_dir = folder / name
                if all((run_dir / p).exists() for p in products(stem)):
                    found[stem] = run_dir
        if len(found) == len(keys):
            break
    return found


def stale_pages(reusable: Mapping[str, Path], page_keys: Mapping[str, str]) -> set[str]:
    """Return the reusable notebooks whose page was rendered with other templates or renderer.

    Their executed notebook and figures are reused; only their page is rendered again. A run
    recorded before pages had their own key (no ``page_key``) counts as stale.
    """
    records: dict[Path, dict] = {}
    stale = set()
    for stem, run_dir in reusable.items():
        if run_dir not in records:
            try:
                records[run_dir] = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                records[run_dir] = {}
        info = records[run_dir].get("notebooks", {}).get(stem, {})
        if info.get("page_key") != page_keys.get(stem):
            stale.add(stem)
    return stale


def last_durations(folder: Path) -> dict[str, float]:
    """Return each notebook's duration in the newest run that executed it (not reused)."""
    out: dict[str, float] = {}
    for _, record in previous_runs(folder):
        for stem, info in record.get("notebooks", {}).items():
            if stem not in out and not info.get("reused_from") and "duration" in info:
                out[stem] = float(info["duration"])
    return out


def products(stem: str, page: bool = True) -> tuple[str, ...]:
    """Return what a run holds of one notebook: executed notebook, HTML, figures folder.

    With ``page=False``, all but the HTML page (what a notebook whose page is rendered again
    reuses).
    """
    executed = (f"notebooks/{stem}.ipynb", f"figures/{stem}")
    return (*executed, f"html/{stem}.html") if page else executed
