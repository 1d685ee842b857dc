"""Fetch raw files into ``data/raw`` at their pinned vintage, verified by sha256.

Every registered file can come from one of three places, tried in this order of choice:

* a **mirror folder** laid out like ``data/raw`` (``--mirror DIR`` or ``$ANALYSIS_MIRROR``);
* an **HTTP mirror** laid out the same way, ``<base-url>/<source>/<file>`` (``--base-url URL``
  or ``$ANALYSIS_BASE_URL``);
* otherwise the file's own pinned **download URL** (``url`` in the registry: a raw-file URL
  pinned to a commit, so it serves exactly the pinned bytes; zips are unpacked to their member).

A file must hash to the vintage expected for it: the pinned one, or a newer one that
``analysis update`` validated and recorded in ``data/raw/accepted_vintages.json``. A mismatch is
refused and nothing is copied; ``fetch(pinned=True)`` returns every file to the pinned vintage and
forgets the accepted ones. Files are written atomically; ``data/raw/manifest.json`` lists each
file with its sha256, bytes, origin and time, and is rewritten (atomically) as each file arrives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from analysis import paths
from analysis.atomic import atomic_path, sha256_file, write_json
from analysis.data import sources
from analysis.data.sources import Source, SourceFile, raw_path, select_sources
from analysis.errors import ChecksumMismatchError, FetchError

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ACCEPTED = "accepted_vintages.json"

RETRIES = 3
"""Attempts per download: connection errors, time-outs and HTTP 5xx are retried, 4xx are not."""


@dataclass
class FetchResult:
    """What happened to one file."""

    source: str
    file: str
    status: str  # "copied", "downloaded", "present", "restored", "missing", "failed"
    sha256: str | None = None
    bytes: int | None = None
    origin: str | None = None
    vintage: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Origin:
    """Where files come from: a mirror folder, an HTTP mirror, or each file's own URL."""

    kind: str  # "mirror", "base_url", "pinned_url" or "live_url"
    location: str = ""

    def describe(self, entry: SourceFile) -> str:
        """Return the exact place one file is taken from (for messages and the manifest)."""
        if self.kind == "mirror":
            return str(Path(self.location) / entry.source_id / entry.file)
        if self.kind == "base_url":
            return base_url_for(self.location, entry)
        if self.kind == "live_url":
            return entry.live_url or ""
        return entry.url or ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_json(path: Path, default: Any) -> Any:
    if not path.is_file():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"{path} is not valid JSON ({exc}); delete it and run `analysis fetch --pinned`"
        ) from exc


def accepted_vintages(raw_dir: Path | None = None) -> dict[str, dict]:
    """Return the new vintages accepted by ``analysis update``, keyed by ``source/file``."""
    raw_dir = raw_dir or paths.raw_dir()
    return dict(_read_json(raw_dir / ACCEPTED, {}))


def expected(entry: SourceFile, raw_dir: Path | None = None) -> tuple[str, str]:
    """Return the (sha256, vintage) a file must have: an accepted new vintage or the pinned one."""
    accepted = accepted_vintages(raw_dir).get(entry.relpath)
    if accepted:
        return accepted["sha256"], accepted["vintage"]
    return entry.sha256, entry.vintage


def manifest(raw_dir: Path | None = None) -> dict[str, dict]:
    """Return ``data/raw/manifest.json`` as a dict keyed by ``source/file``."""
    raw_dir = raw_dir or paths.raw_dir()
    rows = _read_json(raw_dir / MANIFEST, [])
    return {f"{r['source']}/{r['file']}": r for r in rows}


# --- origins -------------------------------------------------------------------------------------


def base_url_for(base: str, entry: SourceFile) -> str:
    """Return ``<base>/<source>/<file>``, each path part URL-quoted."""
    return f"{base.rstrip('/')}/{quote(entry.source_id)}/{quote(entry.file)}"


def check_mirror(folder: Path) -> Path:
    """Return ``folder`` if it holds source folders; otherwise say what is wrong and what to try.

    Raises:
        FetchError: if the folder does not exist, or holds none of the registered source folders
            (with "did you mean" when a folder nearby does, e.g. one level too high or too low).
    """
    known = set(sources.registry())
    if not folder.is_dir():
        raise FetchError(
            f"mirror folder {folder} does not exist. Give the folder that holds one sub-folder "
            "per source (wdi/, wipo_argendata/, ...), e.g. `analysis fetch --mirror "
            "../shared/data/raw`, or unset ANALYSIS_MIRROR to download every file from its URL."
        )

    def holds_sources(path: Path) -> bool:
        return path.is_dir() and any((path / s).is_dir() for s in known)

    if holds_sources(folder):
        return folder
    nearby = [folder.parent] if folder.name in known else []
    nearby += [p for p in sorted(folder.iterdir()) if p.is_dir()]
    nearby += [q for p in sorted(folder.iterdir()) if p.is_dir() for q in sorted(p.iterdir())]
    guesses = [str(p) for p in nearby if holds_sources(p)]
    hint = f" Did you mean {guesses[0]}?" if guesses else ""
    raise FetchError(
        f"mirror folder {folder} holds none of the source folders ({', '.join(sorted(known)[:3])}, "
        f"...).{hint} Give the folder laid out like data/raw: <mirror>/<source>/<file>."
    )


def choose_origin(
    mirror: str | os.PathLike[str] | None,
    base_url: str | None,
    *,
    default: str = "pinned_url",
    use_env: bool = True,
) -> Origin:
    """Return the origin of a fetch: an explicit/env mirror folder, a base URL, or ``default``.

    ``analysis fetch`` falls back to the pinned URLs and honours ``$ANALYSIS_MIRROR`` and
    ``$ANALYSIS_BASE_URL``; ``analysis update`` passes ``default="live_url", use_env=False``, so
    that it asks the publishers unless told on its own command line where else to look.
    """
    if mirror is not None and base_url is not None:
        raise FetchError("give either --mirror or --base-url, not both")
    mirror_path = paths.mirror_dir(mirror) if use_env or mirror is not None else None
    base = paths.base_url(base_url) if use_env or base_url is not None else None
    if mirror_path is not None and base_url is None:
        return Origin("mirror", str(check_mirror(mirror_path)))
    if base is not None:
        if not base.startswith(("http://", "https://")):
            raise FetchError(
                f"base URL {base!r} is not an http(s) URL; give e.g. "
                "--base-url https://mirror.example.org/sino-russian-st/raw"
            )
        return Origin("base_url", base)
    return Origin(default)


# --- downloads ----------------------------------------------------------------------------------


def _timeout() -> float:
    return float(os.environ.get(paths.HTTP_TIMEOUT_ENV, "60"))


def _http_get(url: str, target: Path) -> None:
    """Download ``url`` to ``target`` with pooch, retrying transient failures.

    Raises:
        FetchError: with the HTTP status or network error (the caller adds the file and the fix).
    """
    import pooch  # imported here: only downloads need it
    import requests

    pooch.get_logger().setLevel(logging.WARNING)
    downloader = pooch.HTTPDownloader(progressbar=False, timeout=_timeout())
    last: Exception | None = None
    for attempt in range(RETRIES):
        try:
            pooch.retrieve(url, known_hash=None, fname=target.name, path=target.parent,
                           downloader=downloader, progressbar=False)  # fmt: skip
            return
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            last = exc
            if status < 500:
                raise FetchError(
                    f"HTTP {status}" + (" (not found)" if status == 404 else "")
                ) from exc
        except requests.RequestException as exc:  # refused, reset, timed out, cut short
            last = exc
        except OSError as exc:  # disk full, read-only folder: not worth retrying
            raise FetchError(f"could not write to {target.parent}: {exc}") from exc
        if attempt + 1 < RETRIES:
            time.sleep(0.5 * 2**attempt)
    kind = "timed out" if isinstance(last, requests.Timeout) else "failed"
    raise FetchError(f"{kind} {RETRIES} times ({type(last).__name__}: {last})", unreachable=True)


_FIXES = {
    "base_url": "check --base-url / ANALYSIS_BASE_URL: the HTTP mirror must serve "
    "<base-url>/<source>/<file>, laid out like data/raw",
    "pinned_url": "offline or blocked? Use a mirror folder (`--mirror DIR` or ANALYSIS_MIRROR) "
    "or an HTTP mirror (`--base-url URL` or ANALYSIS_BASE_URL)",
    "live_url": "the publisher's current download is unavailable; the vintage in use stays",
}


def _unzip_member(archive_path: Path, pattern: str, out: Path, url: str) -> Path:
    with zipfile.ZipFile(archive_path) as archive:
        members = [m for m in archive.namelist() if fnmatch.fnmatch(Path(m).name, pattern)]
        if len(members) != 1:
            raise FetchError(
                f"{url}: expected exactly one member matching {pattern!r} in the zip, found "
                f"{members or archive.namelist()}; the publisher changed the layout: update "
                "archive_member / live_archive_member in the source's registry YAML"
            )
        with archive.open(members[0]) as src, out.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    return out


def obtain(entry: SourceFile, origin: Origin, workdir: Path, url: str | None = None) -> Path:
    """Bring one file from ``origin`` into ``workdir`` (or return its mirror path) unverified.

    ``url`` picks one of the file's pinned downloads (default: its first, ``url``).

    Raises:
        FileNotFoundError: if a mirror folder lacks the file.
        FetchError: if a download fails or the zip does not hold the expected member.
    """
    if origin.kind == "mirror":
        path = Path(origin.location) / entry.source_id / entry.file
        if not path.is_file():
            raise FileNotFoundError(path)
        return path
    if origin.kind == "base_url":
        url, member = base_url_for(origin.location, entry), None
    elif origin.kind == "live_url":
        url = entry.live_url or ""
        member = entry.live_archive_member or entry.archive_member
    else:
        url, member = url or entry.url or "", entry.archive_member
    if not url:
        raise FetchError(f"{entry.relpath} has no {origin.kind.replace('_', ' ')} in the registry")
    download = workdir / (Path(entry.file).name + ".download")
    try:
        _http_get(url, download)
    except FetchError as exc:
        raise FetchError(
            f"could not download {entry.relpath} from {url}: {exc}; {_FIXES[origin.kind]}",
            unreachable=exc.unreachable,
        ) from exc
    # Unpack only a declared archive (an .xlsx is a zip too, and must stay whole).
    declared = member or (url.split("?")[0].endswith(".zip") and not entry.file.endswith(".zip"))
    if declared and zipfile.is_zipfile(download):
        return _unzip_member(download, member or Path(entry.file).name, workdir / "member", url)
    return download


def describe_bad_bytes(path: Path, entry: SourceFile) -> str:
    """Say what a file that failed its checksum looks like: empty, truncated, an HTML page ..."""
    size = path.stat().st_size
    head = path.open("rb").read(512).lstrip().lower()
    if size == 0:
        return "the file is empty"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        return f"the server returned an HTML page ({size} bytes), not the data file"
    if size < entry.bytes:
        return f"it has {size} bytes where the pinned file has {entry.bytes}: truncated?"
    return f"it has {size} bytes (pinned: {entry.bytes})"


# --- fetch --------------------------------------------------------------------------------------


STAGING_PREFIX = ".fetch-"
"""Downloads are staged in ``data/raw/.fetch-<pid>-<random>/`` (beside their destination, never
in the system's temporary folder): a fetch killed mid-way leaves its folder where the next fetch
finds it and, its process being gone, removes it."""


@contextlib.contextmanager
def staging(raw_dir: Path) -> Iterator[Path]:
    """Yield a fresh staging folder ``raw_dir/.fetch-<pid>-<random>``; remove it afterwards."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=raw_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_staging(raw_dir: Path) -> list[Path]:
    """Remove the staging folders of fetches whose process is gone (killed mid-way).

    Returns:
        The folders removed.
    """
    removed = []
    for folder in raw_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            log.info("removing %s, left by a fetch that did not finish", folder)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def fetch_file(entry: SourceFile, *, origin: Origin, raw_dir: Path, pinned: bool) -> FetchResult:
    """Bring one registered file into ``raw_dir``, verified; see the module docstring.

    From the pinned URLs, each of the file's downloads (``url``, then ``urls``) is tried in
    order until one serves the expected bytes.

    Raises:
        FetchError: if no download could be obtained (every pinned URL's problem named).
        ChecksumMismatchError: if the only download serves other bytes.
    """
    target = raw_path(entry, raw_dir)
    want_sha, vintage = (entry.sha256, entry.vintage) if pinned else expected(entry, raw_dir)
    if target.is_file() and sha256_file(target) == want_sha:
        known = manifest(raw_dir).get(entry.relpath, {})
        return FetchResult(entry.source_id, entry.file, "present", want_sha,
                           target.stat().st_size, known.get("origin"), vintage)  # fmt: skip
    was_there = target.is_file()
    place = origin.describe(entry)
    urls: tuple[str | None, ...] = (
        entry.pinned_urls or (None,) if origin.kind == "pinned_url" else (None,)
    )
    with staging(raw_dir) as tmp:
        errors: list[FetchError | ChecksumMismatchError] = []
        for i, url in enumerate(urls):
            try:
                candidate = obtain(entry, origin, _sub(tmp, i), url=url)
            except FileNotFoundError:
                return FetchResult(entry.source_id, entry.file, "missing", origin=place,
                                   message=f"not in the mirror folder ({place}); download it "
                                   f"from {entry.url} or use a complete mirror")  # fmt: skip
            except FetchError as exc:
                errors.append(exc)
                continue
            sha = sha256_file(candidate)
            if sha == want_sha:
                place = url or place
                break
            detail = describe_bad_bytes(candidate, entry)
            errors.append(ChecksumMismatchError(url or place, want_sha, sha, entry.source_id,
                                                detail=detail))  # fmt: skip
        else:
            raise _with_manual(entry, errors[0] if len(errors) == 1 else _all_failed(entry, errors))
        with atomic_path(target) as part:
            shutil.copyfile(candidate, part)
    status = {"mirror": "copied"}.get(origin.kind, "downloaded")
    if pinned and was_there:
        status = "restored"
    return FetchResult(entry.source_id, entry.file, status, sha, target.stat().st_size,
                       f"mirror:{origin.location}" if origin.kind == "mirror" else place,
                       vintage)  # fmt: skip


def _sub(folder: Path, i: int) -> Path:
    sub = folder / str(i)
    sub.mkdir(exist_ok=True)
    return sub


def _with_manual(
    entry: SourceFile, exc: FetchError | ChecksumMismatchError
) -> FetchError | ChecksumMismatchError:
    """Add the registry's ``manual`` note (a known-dead URL, what to do by hand) to a download error."""
    if not entry.manual or not isinstance(exc, FetchError):
        return exc
    return FetchError(f"{exc}. {entry.relpath}: {entry.manual}", unreachable=exc.unreachable)


def _all_failed(entry: SourceFile, errors: list[FetchError | ChecksumMismatchError]) -> FetchError:
    """One error naming every pinned download of a file and why each failed."""
    said = "; ".join(f"({i}) {str(e).split('; offline or blocked?')[0]}"
                     for i, e in enumerate(errors, 1))  # fmt: skip
    unreachable = all(isinstance(e, FetchError) and e.unreachable for e in errors)
    return FetchError(
        f"none of the {len(errors)} pinned downloads of {entry.relpath} served its bytes: {said}; "
        f"{_FIXES['pinned_url']}; `analysis check-urls` lists the dead ones",
        unreachable=unreachable,
    )


def fetch(
    source_ids: list[str] | None = None,
    *,
    mirror: str | Path | None = None,
    base_url: str | None = None,
    pinned: bool = False,
    keep_going: bool = False,
    raw_dir: Path | None = None,
    progress: bool | None = None,
) -> list[FetchResult]:
    """Fetch every file of the chosen sources (all by default) and update the manifest.

    Args:
        source_ids: Source ids or globs (``wdi``, ``ncses*``); None for all.
        mirror: Mirror folder; defaults to ``$ANALYSIS_MIRROR``.
        base_url: HTTP mirror laid out like ``data/raw``; defaults to ``$ANALYSIS_BASE_URL``.
            Without either, each file is downloaded from its pinned ``url``.
        pinned: Return every file to the vintage pinned in the registry and forget the
            vintages accepted by ``analysis update``.
        keep_going: Record a file that cannot be obtained, or whose bytes do not match their
            sha256, as ``"failed"`` and go on (the report runner uses this so one unreachable
            or changed source does not sink the report); by default the first failure is raised.
        raw_dir: Destination (default ``data/raw``).
        progress: Show a progress bar over files (default: when stderr is a terminal).

    Returns:
        One result per file.

    Raises:
        FetchError: for a wrong mirror or base URL, or (without ``keep_going``) a failed download.
        ChecksumMismatchError: (without ``keep_going``) if a file's sha256 is not the expected one.
    """
    from tqdm.auto import tqdm

    raw_dir = raw_dir or paths.raw_dir()
    origin = choose_origin(mirror, base_url)
    chosen: list[Source] = select_sources(source_ids)
    raw_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(raw_dir)
    entries = [e for s in chosen for e in s.files]
    results: list[FetchResult] = []
    bar = tqdm(entries, desc="fetch", unit="file", disable=not progress if progress is not None else None, leave=False)  # fmt: skip
    unreachable: dict[str, str] = {}  # host -> why: offline, each file would wait for retries
    try:
        for entry in bar:
            place = origin.describe(entry)
            hosts = _hosts(entry, origin)
            host = next(iter(hosts), "")
            if hosts and hosts <= set(unreachable):
                results.append(FetchResult(entry.source_id, entry.file, "failed", origin=place,
                                           message=f"not tried: {unreachable[host]}"))  # fmt: skip
                continue
            try:
                result = fetch_file(entry, origin=origin, raw_dir=raw_dir, pinned=pinned)
                results.append(result)
                if result.status != "present":  # a new file: listed before the next one starts
                    _write_manifest(raw_dir, [result])
            except (FetchError, ChecksumMismatchError) as exc:
                if not keep_going:
                    raise
                if isinstance(exc, FetchError) and exc.unreachable:
                    for h in hosts:
                        unreachable[h] = f"{h} did not answer ({entry.relpath} failed first)"
                results.append(FetchResult(entry.source_id, entry.file, "failed",
                                           origin=place, message=str(exc)))  # fmt: skip
    finally:
        bar.close()
        # Files copied before a failure are real and verified: the manifest lists them (each was
        # also written as it arrived, so a fetch killed mid-way leaves a consistent manifest).
        _write_manifest(raw_dir, results)
    if pinned and not source_ids and all(r.status not in ("failed", "missing") for r in results):
        # Every file is back at its pinned vintage: the accepted ones no longer apply.
        (raw_dir / ACCEPTED).unlink(missing_ok=True)
    elif pinned:
        _forget_accepted(raw_dir, [r for r in results if r.status not in ("failed", "missing")])
    return results


def _hosts(entry: SourceFile, origin: Origin) -> set[str]:
    """Return the hosts a file is asked from (every pinned URL's, or the origin's)."""
    places = entry.pinned_urls if origin.kind == "pinned_url" else (origin.describe(entry),)
    return {urlsplit(p).netloc for p in places if urlsplit(p).netloc}


def _forget_accepted(raw_dir: Path, restored: Iterable[FetchResult]) -> None:
    accepted = accepted_vintages(raw_dir)
    keys = {f"{r.source}/{r.file}" for r in restored}
    if accepted and keys & set(accepted):
        write_json(raw_dir / ACCEPTED, {k: v for k, v in accepted.items() if k not in keys})


def _write_manifest(raw_dir: Path, results: list[FetchResult]) -> None:
    rows = manifest(raw_dir)
    now = _now()
    for r in results:
        if r.status in ("missing", "failed"):
            continue
        key = f"{r.source}/{r.file}"
        old = rows.get(key, {})
        if r.status == "present" and old.get("sha256") == r.sha256:
            continue
        rows[key] = {
            "source": r.source,
            "file": r.file,
            "sha256": r.sha256,
            "bytes": r.bytes,
            "origin": r.origin,
            "vintage": r.vintage,
            "fetched_at": now,
        }
    write_json(raw_dir / MANIFEST, [rows[k] for k in sorted(rows)])


def record_manifest(raw_dir: Path, results: list[FetchResult]) -> None:
    """Add the given results (e.g. files accepted by ``analysis update``) to the manifest."""
    _write_manifest(raw_dir, results)


def summarise(results: list[FetchResult]) -> str:
    """Return a human summary of a fetch: counts per status and every file not obtained."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [", ".join(f"{n} {status}" for status, n in sorted(counts.items()))]
    for r in results:
        if r.status in ("missing", "failed"):
            lines.append(f"{r.status.upper()}: {r.source}/{r.file}: {r.message}")
    return "\n".join(lines)


def summarise_missing(results: list[FetchResult], command: str = "make report") -> str:
    """Say in one paragraph what could not be obtained, from where, and the two ways forward.

    Offline, every file fails for the same reason: one summary instead of one warning per file
    (each file and its reason stay in ``run.json`` / the run's index and in the log at INFO).

    Returns:
        "" when every file was obtained.
    """
    failed = [r for r in results if r.status in ("missing", "failed")]
    if not failed:
        return ""
    places = sorted({urlsplit(r.origin or "").netloc or _folder(r.origin) for r in failed})
    sources_hit = sorted({r.source for r in failed})
    first = next((r for r in failed if not r.message.startswith("not tried")), failed[0])
    return (
        f"{len(failed)} of {len(results)} raw files could not be obtained ({len(sources_hit)} "
        f"source(s): {', '.join(sources_hit[:6])}{', ...' if len(sources_hit) > 6 else ''}) "
        f"from {', '.join(places)}. First failure: {first.source}/{first.file}: "
        f"{first.message.split('; offline or blocked?')[0]}.\n"
        "Two ways forward: a mirror folder laid out like data/raw, "
        f"`ANALYSIS_MIRROR=/path/to/raw {command}`, or an HTTP mirror laid out the same way, "
        f"`ANALYSIS_BASE_URL=https://mirror.example.org/raw {command}`."
    )


def _folder(origin: str | None) -> str:
    """Return the folder of a mirror origin (``mirror:DIR`` or a path), for the summary."""
    text = (origin or "").removeprefix("mirror:")
    return str(Path(text).parent.parent) if text else "nowhere"
