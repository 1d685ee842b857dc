"""``analysis check-urls``: does every registered download still answer?

Every pinned URL (``url`` and ``urls``) and every ``live_url`` of the registry is asked with a
ranged GET of its first byte (a HEAD is refused by some hosts); with ``verify=True`` each pinned
URL is downloaded in full and its sha256 compared with the pinned one. A file whose pinned URLs
are all dead (or, verified, all serve other bytes) can no longer be fetched without a mirror:
that is what makes the command exit non-zero. A dead ``live_url`` is reported too (``analysis
update`` can no longer ask that publisher) but a file keeps working through its pinned URLs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.atomic import sha256_file
from analysis.data.fetch import Origin, obtain
from analysis.data.sources import SourceFile, select_sources
from analysis.errors import FetchError


@dataclass(frozen=True)
class UrlCheck:
    """The answer of one URL of one registered file."""

    source: str
    file: str
    kind: str  # "pinned" or "live"
    url: str
    ok: bool
    detail: str

    @property
    def relpath(self) -> str:
        """Return ``<source>/<file>``."""
        return f"{self.source}/{self.file}"


def _timeout() -> float:
    return float(os.environ.get(paths.HTTP_TIMEOUT_ENV, "60"))


def answers(url: str) -> tuple[bool, str]:
    """Ask ``url`` for its first byte; return (answers, what it said)."""
    import requests

    try:
        with requests.get(url, headers={"Range": "bytes=0-0"}, stream=True,
                          timeout=_timeout(), allow_redirects=True) as response:  # fmt: skip
            if response.status_code >= 400:
                return False, f"HTTP {response.status_code}"
            return True, f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        return False, f"no answer ({type(exc).__name__})"


def serves_pinned_bytes(entry: SourceFile, url: str) -> tuple[bool, str]:
    """Download ``url`` in full (unpacking a declared zip member); compare with the pinned sha256."""
    with tempfile.TemporaryDirectory(prefix="analysis-check-") as tmp:
        try:
            got = obtain(entry, Origin("pinned_url"), Path(tmp), url=url)
        except FetchError as exc:
            return False, str(exc).split("; offline or blocked?")[0]
        sha = sha256_file(got)
    if sha != entry.sha256:
        return False, f"serves other bytes (sha256 {sha}, pinned {entry.sha256})"
    return True, "serves the pinned bytes"


def check(entry: SourceFile, *, verify: bool = False) -> Iterator[UrlCheck]:
    """Yield one answer per pinned URL, then the ``live_url``, of one file."""
    for url in entry.pinned_urls:
        ok, detail = serves_pinned_bytes(entry, url) if verify else answers(url)
        yield UrlCheck(entry.source_id, entry.file, "pinned", url, ok, detail)
    if entry.live_url:
        ok, detail = answers(entry.live_url)
        yield UrlCheck(entry.source_id, entry.file, "live", entry.live_url, ok, detail)


def check_urls(source_ids: list[str] | None = None, *, verify: bool = False) -> list[UrlCheck]:
    """Check every URL of the chosen sources (all by default)."""
    entries = [e for s in select_sources(source_ids) for e in s.files]
    return [c for e in entries for c in check(e, verify=verify)]


def stranded(checks: list[UrlCheck]) -> list[str]:
    """Return the files (``source/file``) none of whose pinned URLs works."""
    files: dict[str, bool] = {}
    for c in checks:
        if c.kind == "pinned":
            files[c.relpath] = files.get(c.relpath, False) or c.ok
    return sorted(k for k, ok in files.items() if not ok)


def report(checks: list[UrlCheck]) -> tuple[str, int]:
    """Return the text to print (one line per dead URL, then a summary) and the exit code."""
    lines = [f"DEAD {c.kind} {c.relpath}: {c.url}: {c.detail}" for c in checks if not c.ok]
    lost = stranded(checks)
    lines += [f"NO WORKING PINNED URL: {k} (fetch needs a mirror for it; add a copy to `urls`)"
              for k in lost]  # fmt: skip
    pinned = [c for c in checks if c.kind == "pinned"]
    live = [c for c in checks if c.kind == "live"]
    lines.append(
        f"{sum(c.ok for c in pinned)} of {len(pinned)} pinned URLs and {sum(c.ok for c in live)} "
        f"of {len(live)} live URLs answer; {len(lost)} file(s) without a working pinned URL"
    )
    return "\n".join(lines), 1 if lost else 0
