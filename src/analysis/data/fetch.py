"""Fetch raw files into ``data/raw`` from a mirror folder or the publisher, verifying sha256.

Each registered file is taken from ``<mirror>/<source>/<file>`` when a mirror is given (the
``--mirror`` option or ``$ANALYSIS_MIRROR``), otherwise downloaded from the publisher's direct
URL (zips are unpacked to the registered member). Its sha256 must match the pinned vintage;
a mismatch is refused unless ``allow_new_vintage`` is set, in which case the new hash and
vintage are recorded in ``data/raw/accepted_vintages.json``. Files are copied atomically and
every file present is listed in ``data/raw/manifest.json``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis import paths
from analysis.atomic import atomic_path, sha256_file, write_json
from analysis.errors import ChecksumMismatchError, FetchError
from analysis.data.sources import Source, SourceFile, raw_path, select_sources

MANIFEST = "manifest.json"
ACCEPTED = "accepted_vintages.json"


@dataclass
class FetchResult:
    """What happened to one file."""

    source: str
    file: str
    status: str  # "copied", "downloaded", "present", "manual", "accepted-new-vintage"
    sha256: str | None = None
    bytes: int | None = None
    origin: str | None = None
    vintage: str | None = None
    message: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_json(path: Path, default: object) -> object:
    if not path.is_file():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"{path} is not valid JSON ({exc}); delete it and run `analysis fetch` again"
        ) from exc


def accepted_vintages(raw_dir: Path | None = None) -> dict[str, dict]:
    """Return the new vintages accepted with ``--allow-new-vintage``, keyed by ``source/file``."""
    raw_dir = raw_dir or paths.raw_dir()
    return dict(_read_json(raw_dir / ACCEPTED, {}))  # type: ignore[arg-type]


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
    return {f"{r['source']}/{r['file']}": r for r in rows}  # type: ignore[union-attr]


def _download(entry: SourceFile, workdir: Path) -> Path:
    """Download ``entry.url`` into ``workdir`` with pooch; unpack the member if it is a zip."""
    import pooch  # imported here: only the download path needs it

    assert entry.url is not None
    try:
        fetched = Path(
            pooch.retrieve(
                entry.url,
                known_hash=None,  # verified below against the registry, with our own message
                fname=Path(entry.file).name + ".download",
                path=workdir,
                progressbar=False,
            )
        )
    except Exception as exc:  # requests/urllib errors differ by transport; report them all alike
        raise FetchError(
            f"could not download {entry.url} for {entry.relpath}: {exc}. Offline? Use a mirror "
            "folder: `analysis fetch --mirror DIR` or set ANALYSIS_MIRROR."
        ) from exc
    if not zipfile.is_zipfile(fetched):
        return fetched
    pattern = entry.archive_member or Path(entry.file).name
    with zipfile.ZipFile(fetched) as archive:
        members = [m for m in archive.namelist() if fnmatch.fnmatch(Path(m).name, pattern)]
        if len(members) != 1:
            raise FetchError(
                f"{entry.url}: expected exactly one member matching {pattern!r} in the zip, found "
                f"{members or archive.namelist()}; the publisher changed the layout: update "
                f"archive_member in src/analysis/registry/{entry.source_id}.yaml"
            )
        out = workdir / Path(entry.file).name
        with archive.open(members[0]) as src, out.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    return out


def _accept(raw_dir: Path, entry: SourceFile, sha: str, origin: str) -> str:
    vintage = f"new vintage accepted {dt.date.today().isoformat()} (pinned: {entry.vintage})"
    accepted = accepted_vintages(raw_dir)
    accepted[entry.relpath] = {
        "sha256": sha,
        "vintage": vintage,
        "pinned_sha256": entry.sha256,
        "pinned_vintage": entry.vintage,
        "origin": origin,
        "accepted_at": _now(),
    }
    write_json(raw_dir / ACCEPTED, accepted)
    return vintage


def fetch_file(
    entry: SourceFile,
    *,
    mirror: Path | None,
    raw_dir: Path,
    allow_new_vintage: bool = False,
) -> FetchResult:
    """Bring one registered file into ``raw_dir``, verified; see the module docstring."""
    target = raw_path(entry, raw_dir)
    want_sha, vintage = expected(entry, raw_dir)
    if target.is_file() and sha256_file(target) == want_sha:
        return FetchResult(
            entry.source_id,
            entry.file,
            "present",
            want_sha,
            target.stat().st_size,
            manifest(raw_dir).get(entry.relpath, {}).get("origin"),
            vintage,
        )
    with tempfile.TemporaryDirectory(prefix="analysis-fetch-") as tmp:
        if mirror is not None:
            candidate = mirror / entry.source_id / entry.file
            if not candidate.is_file():
                return FetchResult(
                    entry.source_id,
                    entry.file,
                    "manual",
                    origin=str(mirror),
                    message=f"not in the mirror ({candidate}). {entry.manual or ''}",
                )
            origin = f"mirror:{mirror}"
        elif entry.url:
            candidate = _download(entry, Path(tmp))
            origin = entry.url
        else:
            return FetchResult(entry.source_id, entry.file, "manual", message=entry.manual or "")
        sha = sha256_file(candidate)
        status = "copied" if mirror is not None else "downloaded"
        if sha != want_sha and not allow_new_vintage:
            raise ChecksumMismatchError(candidate, want_sha, sha, entry.source_id)
        with atomic_path(target) as part:
            shutil.copyfile(candidate, part)
        if sha != want_sha:
            # Recorded only once the copy is in place, so the record never names a file we lack.
            vintage = _accept(raw_dir, entry, sha, origin)
            status = "accepted-new-vintage"
    return FetchResult(
        entry.source_id, entry.file, status, sha, target.stat().st_size, origin, vintage
    )


def fetch(
    source_ids: list[str] | None = None,
    *,
    mirror: str | Path | None = None,
    allow_new_vintage: bool = False,
    raw_dir: Path | None = None,
) -> list[FetchResult]:
    """Fetch every file of the chosen sources (all by default) and update the manifest.

    Args:
        source_ids: Source ids or globs (``wdi``, ``ncses*``); None for all.
        mirror: Mirror folder; defaults to ``$ANALYSIS_MIRROR``; None downloads from publishers.
        allow_new_vintage: Accept files whose sha256 differs from the pinned one, recording them.
        raw_dir: Destination (default ``data/raw``).

    Returns:
        One result per file; files needing a manual step have status ``"manual"``.

    Raises:
        FetchError: if the mirror folder does not exist, or a download fails.
        ChecksumMismatchError: if a file's sha256 differs and ``allow_new_vintage`` is False.
    """
    raw_dir = raw_dir or paths.raw_dir()
    mirror_path = paths.mirror_dir(mirror)
    if mirror_path is not None and not mirror_path.is_dir():
        raise FetchError(
            f"mirror folder {mirror_path} does not exist. Give the folder that holds one "
            "sub-folder per source (wdi/, wipo_argendata/, ...), e.g. "
            "`analysis fetch --mirror ../shared/data/raw`, or unset ANALYSIS_MIRROR to download "
            "from the publishers."
        )
    chosen: list[Source] = select_sources(source_ids)
    raw_dir.mkdir(parents=True, exist_ok=True)
    results: list[FetchResult] = []
    try:
        for src in chosen:
            for entry in src.files:
                results.append(
                    fetch_file(
                        entry,
                        mirror=mirror_path,
                        raw_dir=raw_dir,
                        allow_new_vintage=allow_new_vintage,
                    )
                )
    finally:
        # Files copied before a failure are real and verified: the manifest must list them.
        _write_manifest(raw_dir, results)
    return results


def _write_manifest(raw_dir: Path, results: list[FetchResult]) -> None:
    rows = manifest(raw_dir)
    now = _now()
    for r in results:
        if r.status == "manual":
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


def summarise(results: list[FetchResult]) -> str:
    """Return a human summary of a fetch: counts per status and every manual step."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [", ".join(f"{n} {status}" for status, n in sorted(counts.items()))]
    for r in results:
        if r.status == "manual":
            lines.append(f"MANUAL STEP for {r.source}/{r.file}: {r.message}")
        elif r.status == "accepted-new-vintage":
            lines.append(f"NEW VINTAGE accepted for {r.source}/{r.file}: sha256 {r.sha256}")
    return "\n".join(lines)


def as_dicts(results: list[FetchResult]) -> list[dict]:
    """Return results as plain dicts (for JSON output)."""
    return [asdict(r) for r in results]
