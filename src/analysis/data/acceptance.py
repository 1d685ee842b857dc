"""Crash-safe acceptance of new vintages: record the intent, replace the files, confirm.

``analysis update`` takes a validated file into ``data/raw`` in three steps:

1. **intent**: every accepted file is copied into ``data/.update-accept-<id>/`` (beside
   ``data/raw``, on the same file system) and ``data/raw/.update-intent.json`` lists each with
   the record it will get in ``accepted_vintages.json`` and the origin it came from;
2. **replace**: each file in use is replaced by its staged copy (an atomic rename);
3. **confirm**: ``accepted_vintages.json`` gets the records, then the intent and the staging
   folder are removed.

Killed anywhere (``kill -9``, power cut), the next ``analysis update`` finds the intent before
anything else and finishes it from the staged copies, which came from the interrupted run's own
origin: a file already replaced is confirmed, a staged one replaces the file in use and is
confirmed, a file with neither stays at the vintage in use (that part is undone). ``data/raw``
never keeps a file that ``accepted_vintages.json`` does not describe once the re-run is done,
and staging folders left by killed runs are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import secrets
import shutil
from collections.abc import Sequence
from pathlib import Path

from analysis.atomic import atomic_path, sha256_file, write_json
from analysis.data.fetch import ACCEPTED, accepted_vintages
from analysis.data.sources import SourceFile, raw_path

log = logging.getLogger(__name__)

INTENT = ".update-intent.json"
"""In ``data/raw``: the acceptance under way (files, records, origin, staging folder)."""

STAGING_PREFIX = ".update-"
"""Folders ``data/.update-*``: an update's downloads and its staged acceptances."""


def accept(items: Sequence[tuple[SourceFile, Path, dict]], raw_dir: Path, origin: str) -> None:
    """Take ``(entry, candidate, record)`` items into ``raw_dir``: intent, replace, confirm.

    Args:
        items: Each validated file with the record ``accepted_vintages.json`` gets for it.
        raw_dir: ``data/raw``.
        origin: Where the files came from (said again if a re-run has to finish the work).
    """
    if not items:
        return
    stage = raw_dir.parent / f"{STAGING_PREFIX}accept-{secrets.token_hex(4)}"
    files = {}
    for entry, candidate, record in items:
        staged = stage / entry.source_id / entry.file
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(candidate, staged)
        target = raw_path(entry, raw_dir)
        files[entry.relpath] = {"record": record, "staged": str(staged), "target": str(target)}
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    intent = {"origin": origin, "started": started, "staging": str(stage), "files": files}
    write_json(raw_dir / INTENT, intent)
    finish(raw_dir)


def finish(raw_dir: Path) -> list[str] | None:
    """Finish (or undo) the acceptance recorded in ``raw_dir``'s intent, if there is one.

    Returns:
        None without an intent; otherwise the ``source/file`` keys confirmed.
    """
    path = raw_dir / INTENT
    try:
        intent = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError:  # never written whole: nothing was replaced yet
        path.unlink()
        return []
    accepted = accepted_vintages(raw_dir)
    done = []
    for key, item in sorted(intent["files"].items()):
        target, staged = Path(item["target"]), Path(item["staged"])
        sha = item["record"]["sha256"]
        if not (target.is_file() and sha256_file(target) == sha):
            if not (staged.is_file() and sha256_file(staged) == sha):
                continue  # undone: the file in use and its record stay as they were
            _replace(staged, target)
        accepted[key] = item["record"]
        done.append(key)
    if done:
        write_json(raw_dir / ACCEPTED, accepted)
    path.unlink()
    shutil.rmtree(intent["staging"], ignore_errors=True)
    return done


def _replace(staged: Path, target: Path) -> None:
    """Move ``staged`` over ``target`` atomically (a copy, then a rename, across file systems)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        staged.replace(target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        with atomic_path(target) as part:
            shutil.copyfile(staged, part)


def recover(raw_dir: Path) -> None:
    """Before an update: finish an interrupted acceptance, then remove stale staging folders.

    Only called while holding ``data/.lock``, so no other update owns those folders.
    """
    path = raw_dir / INTENT
    origin = ""
    if path.is_file():
        with contextlib.suppress(json.JSONDecodeError):
            origin = json.loads(path.read_text(encoding="utf-8")).get("origin", "")
    done = finish(raw_dir)
    if done is not None:
        log.warning("finished an interrupted update: %d file(s) from %s confirmed (%s)",
                    len(done), origin or "its origin", ", ".join(done) or "none")  # fmt: skip
    for folder in raw_dir.parent.glob(f"{STAGING_PREFIX}*"):
        if folder.is_dir():
            log.info("removing %s, left by an update that did not finish", folder)
            shutil.rmtree(folder, ignore_errors=True)
