"""Take in the publishers' new releases, but only files that pass validation.

``update`` fetches each registered file's current version (from a mirror folder, an HTTP mirror,
or by default the publisher's own ``live_url``) and compares it with the vintage in use. A file
whose bytes changed is accepted as a new vintage **only if** all of these hold:

1. its size is within :data:`SIZE_RANGE` of the file in use (a truncated download, an empty
   file or an HTML error page fails here or in 2);
2. it parses with its reader and passes the schema checks;
3. it keeps the coverage of the vintage in use (:mod:`analysis.data.coverage`): no indicator
   and no year with data disappears; no protected country (the report's, the claims', the G20)
   is lost at all; at most ``MAX_COUNTRY_LOSS`` of an indicator's other countries and
   ``MAX_ROW_LOSS`` of its observations are lost; and the file does not end early (its last
   countries, in the file's own order, cut off: a download cut short at a line ending);
4. every dataset it feeds still builds (all checks, in a staging folder).

Everything is checked in a staging folder first. Accepted files are then moved into
``data/raw`` crash-safely (:mod:`analysis.data.acceptance`: intent, replace, confirm; a re-run
after ``kill -9`` finishes or undoes it), recorded in ``data/raw/accepted_vintages.json``
(sha256, bytes, date, origin, the pinned vintage they replace) and the processed tables rebuilt. A refused file leaves
``data/raw`` and ``data/processed`` exactly as they were. ``analysis fetch --pinned`` goes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.atomic import sha256_file, write_json
from analysis.data import acceptance, readers
from analysis.data.coverage import coverage_loss, footer_gone
from analysis.data.fetch import (
    ACCEPTED,
    FetchResult,
    Origin,
    accepted_vintages,
    choose_origin,
    describe_bad_bytes,
    expected,
    fetch,
    obtain,
    record_manifest,
)
from analysis.data.lock import exclusive
from analysis.data.sources import SourceFile, raw_path, select_sources
from analysis.errors import AnalysisError, FetchError, UpdateRefusedError

SIZE_RANGE = (0.5, 3.0)
"""A new vintage must weigh between half and three times the file in use."""


@dataclass
class UpdateResult:
    """What ``update`` did with one file."""

    source: str
    file: str
    status: (
        str  # "unchanged", "accepted", "refused", "unavailable", "not-in-mirror", "no-live-source"
    )
    origin: str = ""
    sha256: str | None = None
    bytes: int | None = None
    vintage: str | None = None
    message: str = ""

    @property
    def relpath(self) -> str:
        """Return ``<source>/<file>``."""
        return f"{self.source}/{self.file}"


def _size_problem(candidate: Path, current: Path, entry: SourceFile) -> str | None:
    size, ref = candidate.stat().st_size, current.stat().st_size
    low, high = SIZE_RANGE
    looks = describe_bad_bytes(candidate, entry)
    if "HTML page" in looks and not entry.file.lower().endswith((".html", ".htm")):
        return looks
    if size == 0 or not low * ref <= size <= high * ref:
        return (
            f"{looks}; the file in use has {ref} bytes and a new "
            f"vintage must have {low:g}–{high:g}× that"
        )
    return None


def _vintage_label(entry: SourceFile) -> str:
    return f"new vintage accepted {dt.date.today().isoformat()} (pinned: {entry.vintage})"


def _read(path: Path, entry: SourceFile, vintage: str) -> pd.DataFrame:
    return readers.read(path, dataclasses.replace(entry, vintage=vintage))


def _stage_raw(raw_dir: Path, stage: Path) -> None:
    """Fill ``stage`` with links to (or copies of) every file of ``raw_dir``."""
    for path in raw_dir.rglob("*"):
        if path.is_file():
            target = stage / path.relative_to(raw_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)


def _candidates(
    entries: list[SourceFile], origin: Origin, raw_dir: Path, work: Path, *, fallback: bool = False
) -> tuple[list[UpdateResult], dict[str, tuple[SourceFile, Path, UpdateResult]]]:
    """Obtain every file's current version; return final results and the changed candidates.

    With ``fallback`` there is no file in use to compare with: every file obtained is a candidate.
    """
    results: list[UpdateResult] = []
    changed: dict[str, tuple[SourceFile, Path, UpdateResult]] = {}
    for i, entry in enumerate(entries):
        place = origin.describe(entry)
        if origin.kind == "live_url" and not entry.live_url:
            results.append(UpdateResult(entry.source_id, entry.file, "no-live-source",
                                        message="the publisher offers no current download; "
                                        "stays at its vintage"))  # fmt: skip
            continue
        folder = work / "download" / str(i)
        folder.mkdir(parents=True)
        try:
            candidate = obtain(entry, origin, folder)
        except FileNotFoundError:
            results.append(UpdateResult(entry.source_id, entry.file, "not-in-mirror", place,
                                        message=f"not in {origin.location}"))  # fmt: skip
            continue
        except FetchError as exc:
            results.append(
                UpdateResult(entry.source_id, entry.file, "unavailable", place, message=str(exc))
            )
            continue
        sha = sha256_file(candidate)
        current_sha, vintage = expected(entry, raw_dir)
        result = UpdateResult(entry.source_id, entry.file, "unchanged", place, sha,
                              candidate.stat().st_size, vintage)  # fmt: skip
        results.append(result)
        if fallback or sha != current_sha:
            changed[entry.relpath] = (entry, candidate, result)
    return results, changed


def _validate_file(entry: SourceFile, candidate: Path, raw_dir: Path) -> str | None:
    """Return why one changed file must be refused, or None (checks 1 to 3)."""
    current = raw_path(entry, raw_dir)
    problem = _size_problem(candidate, current, entry) or footer_gone(current, candidate)
    if problem or not entry.reader:
        return problem
    vintage = expected(entry, raw_dir)[1]
    try:
        new = _read(candidate, entry, _vintage_label(entry))
    except (AnalysisError, ValueError, KeyError, IndexError, TypeError) as exc:
        return f"it does not parse with reader {entry.reader!r}: {exc}"
    lost = coverage_loss(_read(current, entry, vintage), new)
    return "it loses coverage the vintage in use has: " + "; ".join(lost) if lost else None


def _place(entry: SourceFile, source: Path, stage: Path) -> Path:
    """Put ``source`` at ``entry``'s path in the staging folder (replacing the link there)."""
    target = raw_path(entry, stage)
    target.unlink(missing_ok=True)  # a hard link: never write through it into data/raw
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _validate_datasets(
    accepted: dict[str, tuple[SourceFile, Path, UpdateResult]], stage: Path, work: Path
) -> dict[str, str]:
    """Build every dataset fed by an accepted file in the staging folder (check 4).

    Returns:
        The refused files (``source/file``) with the reason.
    """
    from analysis.data.processed import build_dataset

    labels = accepted_vintages(stage)
    for key, (entry, _, result) in accepted.items():
        labels[key] = {"sha256": result.sha256, "vintage": _vintage_label(entry)}
    write_json(stage / ACCEPTED, labels)
    refused: dict[str, str] = {}
    for dataset in sorted({e.dataset for e, _, _ in accepted.values() if e.dataset}):
        try:
            build_dataset(dataset, raw_dir=stage, processed_dir=work / "processed")
        except (AnalysisError, ValueError, KeyError) as exc:
            for key, (entry, _, _) in accepted.items():
                if entry.dataset == dataset:
                    refused[key] = f"dataset {dataset!r} no longer builds with it: {exc}"
    return refused


def _record(entry: SourceFile, result: UpdateResult) -> dict:
    """Return the ``accepted_vintages.json`` record of one accepted file (and label the result)."""
    result.vintage = _vintage_label(entry)
    return {
        "sha256": result.sha256,
        "bytes": result.bytes,
        "vintage": result.vintage,
        "pinned_sha256": entry.sha256,
        "pinned_vintage": entry.vintage,
        "origin": result.origin,
        "accepted_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def update(
    source_ids: list[str] | None = None,
    *,
    mirror: str | Path | None = None,
    base_url: str | None = None,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
    rebuild: bool = True,
) -> list[UpdateResult]:
    """Take in every changed file that passes validation; see the module docstring.

    Args:
        source_ids: Source ids or globs; None for all.
        mirror: Take current versions from this folder (laid out like ``data/raw``).
        base_url: Take them from this HTTP mirror. Without either, from each ``live_url``.
        raw_dir: ``data/raw`` (default from :mod:`analysis.paths`).
        processed_dir: ``data/processed``, rebuilt for the datasets that changed.
        rebuild: Rebuild the affected processed tables (default True).

    Returns:
        One result per registered file of the chosen sources.

    Raises:
        UpdateRefusedError: after taking in the valid files, when any changed file was refused;
            the message names each refused file and why.
        LockedError: when a report, fetch, build or another update holds ``data/.lock``.
    """
    raw_dir = raw_dir or paths.raw_dir()
    # A report reading data/ while files are replaced would mix vintages: they exclude each other.
    with exclusive(raw_dir.parent / ".lock", "analysis update", reentrant=True):
        return _update(source_ids, mirror, base_url, raw_dir, processed_dir, rebuild)


def _update(
    source_ids: list[str] | None,
    mirror: str | Path | None,
    base_url: str | None,
    raw_dir: Path,
    processed_dir: Path | None,
    rebuild: bool,
) -> list[UpdateResult]:
    """The body of :func:`update`, run while holding ``data/.lock``."""
    from analysis.data.processed import build

    origin = choose_origin(mirror, base_url, default="live_url", use_env=False)
    entries = [e for s in select_sources(source_ids) for e in s.files]
    acceptance.recover(raw_dir)  # a killed update is finished (or undone) first
    # The vintage in use must be present and verified before anything is compared with it.
    fetch(source_ids, raw_dir=raw_dir)
    with tempfile.TemporaryDirectory(prefix=".update-", dir=raw_dir.parent) as tmp:
        work = Path(tmp)
        results, changed = _candidates(entries, origin, raw_dir, work)
        # Readers find sibling files (country metadata) and take names from the path, so each
        # candidate is checked in place, in a staging copy of data/raw made of hard links.
        stage = work / "raw"
        _stage_raw(raw_dir, stage)
        refused: dict[str, str] = {}
        for key, (entry, candidate, _) in changed.items():
            problem = _validate_file(entry, _place(entry, candidate, stage), raw_dir)
            if problem:
                refused[key] = problem
                _place(entry, raw_path(entry, raw_dir), stage)  # back to the vintage in use
        valid = {k: v for k, v in changed.items() if k not in refused}
        refused |= _validate_datasets(valid, stage, work) if valid else {}
        taking = []
        for key, (entry, candidate, result) in changed.items():
            if key in refused:
                result.status, result.message = "refused", refused[key]
            else:
                taking.append((entry, candidate, _record(entry, result)))
                result.status = "accepted"
        acceptance.accept(taking, raw_dir, origin.location or origin.kind)
        taken = [r for r in results if r.status == "accepted"]
        record_manifest(raw_dir, [FetchResult(r.source, r.file, "downloaded", r.sha256, r.bytes,
                                              r.origin, r.vintage) for r in taken])  # fmt: skip
    if rebuild and taken:
        datasets = sorted({e.dataset for k, (e, _, _) in changed.items() if k not in refused and e.dataset})  # fmt: skip
        build(datasets, raw_dir=raw_dir, processed_dir=processed_dir)
    if refused:
        lines = [f"{k}: refused: {why}" for k, why in refused.items()]
        raise UpdateRefusedError(
            f"{len(refused)} changed file(s) refused; data/raw and data/processed keep the "
            "vintage in use for them:\n  "
            + "\n  ".join(lines)
            + "\nIf the publisher changed the file's layout, update its reader and registry entry.",
            results,
        )
    return results


def fallback_label(entry: SourceFile) -> str:
    """Return the vintage label of a file taken from its ``live_url`` because no pin answered."""
    return (
        f"live fallback {dt.date.today().isoformat()} (pinned {entry.vintage} unobtainable; "
        "validated, not the pinned bytes)"
    )


def _fallback_problem(entry: SourceFile, staged: Path) -> str | None:
    """Checks 1 and 2 of an update against the pinned file's registered size (its bytes are gone)."""
    size, ref = staged.stat().st_size, entry.bytes
    low, high = SIZE_RANGE
    looks = describe_bad_bytes(staged, entry)
    if "HTML page" in looks and not entry.file.lower().endswith((".html", ".htm")):
        return looks
    if size == 0 or not low * ref <= size <= high * ref:
        return (
            f"{looks}; the pinned file has {ref} bytes and a stand-in must have {low:g}–{high:g}×"
        )
    if entry.reader:
        try:
            table = _read(staged, entry, fallback_label(entry))
        except (AnalysisError, ValueError, KeyError, IndexError, TypeError) as exc:
            return f"it does not parse with reader {entry.reader!r}: {exc}"
        if table.empty:
            return f"reader {entry.reader!r} finds no rows in it"
    return None


def take_live(entries: list[SourceFile], *, raw_dir: Path | None = None) -> list[UpdateResult]:
    """Stand in for files none of whose pinned URLs served them: the publisher's current file.

    Only through validation: each file must have a ``live_url``, weigh within :data:`SIZE_RANGE`
    of the pinned size, not be an HTML page, parse with its reader into rows, and every dataset
    it feeds must build with it (checks 1, 2 and 4 of :func:`update`; check 3 compares with the
    pinned file, which is what is missing). A file that passes is taken in through the same
    crash-safe acceptance, recorded in ``accepted_vintages.json`` with ``"fallback": true`` and
    the vintage :func:`fallback_label`, so every table, sidecar and run names it as such.

    Returns:
        One result per entry: ``accepted``, ``refused``, ``unavailable`` or ``no-live-source``.
    """
    raw_dir = raw_dir or paths.raw_dir()
    with exclusive(raw_dir.parent / ".lock", "analysis fetch (live fallback)", reentrant=True):
        acceptance.recover(raw_dir)
        with tempfile.TemporaryDirectory(prefix=".update-", dir=raw_dir.parent) as tmp:
            work = Path(tmp)
            results, found = _candidates(entries, Origin("live_url"), raw_dir, work, fallback=True)
            stage = work / "raw"
            _stage_raw(raw_dir, stage)
            staged = {k: _place(e, c, stage) for k, (e, c, _) in found.items()}  # siblings first
            for key, (entry, _, result) in list(found.items()):
                problem = _fallback_problem(entry, staged[key])
                if problem:
                    result.status, result.message = "refused", problem
                    raw_path(entry, stage).unlink()
                    del found[key]
            refused = _validate_datasets(found, stage, work) if found else {}
            taking = []
            for key, (entry, candidate, result) in found.items():
                if key in refused:
                    result.status, result.message = "refused", refused[key]
                    continue
                record = _record(entry, result) | {
                    "vintage": fallback_label(entry),
                    "fallback": True,
                }
                result.status, result.vintage = "accepted", record["vintage"]
                taking.append((entry, candidate, record))
            acceptance.accept(taking, raw_dir, "live_url (fallback)")
    return results


def summarise(results: list[UpdateResult]) -> str:
    """Return a human summary: counts per status and a line per accepted or refused file."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [", ".join(f"{n} {status}" for status, n in sorted(counts.items()))]
    for r in results:
        if r.status == "accepted":
            lines.append(
                f"ACCEPTED {r.relpath}: sha256 {r.sha256} ({r.bytes} bytes) from {r.origin}"
            )
        elif r.status in ("refused", "unavailable"):
            lines.append(f"{r.status.upper()} {r.relpath}: {r.message}")
    return "\n".join(lines)
