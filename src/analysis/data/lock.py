"""One lock per folder that several commands write: ``data/.lock`` and ``reports/.lock``.

``analysis update``, ``fetch`` and ``build`` (the commands) and ``analysis report`` (for its
whole run, so that every notebook reads the same inputs and ``run.json`` names exactly them) hold
``data/.lock``; the second command to come refuses at once, naming the holder, and does nothing.
A scheduler may start them in any order: the one that loses says so and exits with status 3.

The lock is `filelock <https://py-filelock.readthedocs.io>`_'s ``FileLock`` (an OS lock, released
by the kernel when the holder dies, even by ``kill -9``; its descriptor is closed in forked
children, so a notebook worker never keeps it). The one thing the former hand-written ``fcntl``
lock did that filelock does not is keep the holder's name in the lock file itself: filelock owns
that file (and may remove it on release), so the holder is recorded beside it, in
``<lock>.holder.json``, written atomically after the lock is taken.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

from analysis import paths
from analysis.atomic import write_json
from analysis.errors import LockedError

_HELD: dict[Path, int] = {}
"""Locks this process holds, with their depth: a report's own fetch and build re-enter."""


def data_lock_path() -> Path:
    """Return ``data/.lock`` (under ``$ANALYSIS_DATA_DIR`` when set)."""
    return paths.data_dir() / ".lock"


def holder_path(lock: Path) -> Path:
    """Return the file naming the holder of ``lock``."""
    return lock.with_name(lock.name + ".holder.json")


def holder(lock: Path) -> dict:
    """Return the holder record of ``lock`` ({} when none was written or it is unreadable)."""
    try:
        data = json.loads(holder_path(lock).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def describe(record: dict) -> str:
    """Say who holds a lock: ``analysis report run <id> (pid 12, started <time>)``."""
    if not record:
        return "a process that has not written its name yet"
    what = record.get("what", "a command")
    return f"{what} (pid {record.get('pid')}, started {record.get('started')})"


@contextlib.contextmanager
def exclusive(
    lock: Path,
    what: str,
    error: type[LockedError] = LockedError,
    *,
    reentrant: bool = False,
    **extra: object,
) -> Iterator[None]:
    """Hold ``lock`` for the block, or raise ``error`` at once naming its holder.

    Args:
        lock: The lock file (its folder is created).
        what: The holder's name for others' messages, e.g. ``"analysis update"``.
        error: The error to raise when another holder has it.
        reentrant: Let this process take it again while holding it (the report's own fetch and
            build take ``data/.lock`` inside the report's hold); otherwise a second hold is
            refused like another process's.
        extra: More fields for the holder record (the report adds its ``run_id``).

    Raises:
        LockedError: (or ``error``) naming the holder; nothing was done.
    """
    from filelock import FileLock, Timeout

    key = lock.resolve()
    if reentrant and key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    file_lock = FileLock(str(lock), timeout=0)
    try:
        file_lock.acquire(blocking=False)
    except Timeout:
        raise error(
            f"{lock} is held by {describe(holder(lock))}. Wait for it to finish and run this "
            "command again; this one did nothing."
        ) from None
    _HELD[key] = _HELD.get(key, 0) + 1
    try:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_json(holder_path(lock), {"what": what, "pid": os.getpid(), "started": stamp, **extra})
        yield
    finally:
        _HELD[key] -= 1
        if not _HELD[key]:
            del _HELD[key]
        with contextlib.suppress(OSError):
            holder_path(lock).unlink()
        file_lock.release()


def data_lock(what: str) -> contextlib.AbstractContextManager[None]:
    """Hold ``data/.lock`` for the block (see :func:`exclusive`)."""
    return exclusive(data_lock_path(), what, reentrant=True)
