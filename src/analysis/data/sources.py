"""The source registry: one YAML file per publisher folder in ``registry/``.

Each file records the facts of that folder's ``SOURCE.md`` (publisher, title, official page,
licence, citation) and, per raw file: the pinned vintage, its sha256 and size, the reader that
parses it, the processed dataset it feeds, and where to get it:

- ``url`` (required): a download that serves exactly the pinned bytes, in practice a
  ``raw.githubusercontent.com`` URL pinned to the commit the mirror copy was taken from (with
  ``archive_member`` when that download is a zip holding the file);
- ``urls`` (optional): more downloads of the same bytes (byte-identical copies in other
  repositories, each pinned to a commit), tried in order after ``url`` when it fails or serves
  other bytes, so that a file survives one repository disappearing;
- ``page`` (optional): the publisher's official page for the file;
- ``live_url`` (optional): the publisher's own current download of the file, which may serve a
  newer vintage (with ``live_archive_member`` when that download is a zip holding the file);
- ``manual`` (optional): what to do by hand for a current version where there is no ``live_url``.

Files with ``reader: null`` are fetched for the record (documentation, metadata used by another
reader) but not parsed into a table.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from analysis.errors import RegistryError

# libyaml's loader when PyYAML was built with it: the registry is parsed on every command.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class SourceFile:
    """One raw file of one source, at its pinned vintage."""

    source_id: str
    file: str  # path relative to data/raw/<source_id>/, may contain a sub-folder
    sha256: str
    bytes: int
    vintage: str
    reader: str | None
    dataset: str | None
    # Download of exactly the pinned bytes; required in the registry YAML (the default only
    # serves fixtures built in tests).
    url: str | None = None
    archive_member: str | None = None  # glob of the member to extract when url is a zip
    manual: str | None = None  # what to do by hand for a current version (no live_url)
    description: str = ""
    page: str | None = None  # the publisher's official page for this file
    live_url: str | None = None  # the publisher's own current download (may be a newer vintage)
    live_archive_member: str | None = None  # glob of the member when live_url is a zip
    more_urls: tuple[str, ...] = ()  # the registry's `urls`: copies of the same bytes, in order

    @property
    def pinned_urls(self) -> tuple[str, ...]:
        """Every download of the pinned bytes, in the order tried: ``url``, then ``urls``."""
        return tuple(u for u in (self.url, *self.more_urls) if u)

    @property
    def relpath(self) -> str:
        """Return ``<source_id>/<file>``, the path under ``data/raw``."""
        return f"{self.source_id}/{self.file}"


@dataclass(frozen=True)
class Source:
    """A publisher's dataset: one folder of the mirror."""

    id: str
    publisher: str
    title: str
    page: str
    licence: str
    citation: str
    files: tuple[SourceFile, ...] = field(default_factory=tuple)
    notes: str = ""
    short: str = ""  # a short label for figure footers, e.g. "World Bank WDI"


_SOURCE_KEYS = {
    "id",
    "publisher",
    "title",
    "page",
    "licence",
    "citation",
    "files",
    "notes",
    "short",
}
_FILE_KEYS = {
    "file",
    "sha256",
    "bytes",
    "vintage",
    "reader",
    "dataset",
    "url",
    "urls",
    "archive_member",
    "page",
    "live_url",
    "live_archive_member",
    "manual",
    "description",
}


def _parse(path: str, data: dict) -> Source:
    unknown = set(data) - _SOURCE_KEYS
    if unknown:
        raise RegistryError(f"registry/{path}: unknown keys {sorted(unknown)}")
    files = []
    for i, f in enumerate(data.get("files", [])):
        bad = set(f) - _FILE_KEYS
        if bad:
            raise RegistryError(f"registry/{path}: file #{i + 1}: unknown keys {sorted(bad)}")
        for required in ("file", "sha256", "bytes", "vintage"):
            if required not in f:
                raise RegistryError(f"registry/{path}: file #{i + 1} has no {required!r}")
        if not f.get("url"):
            raise RegistryError(
                f"registry/{path}: {f['file']} has no 'url': add a download that serves exactly "
                "the pinned bytes (e.g. https://raw.githubusercontent.com/<owner>/<repo>/<commit>/"
                "<path>, from the repository, path and commit named in the mirror's SOURCE.md)"
            )
        more = f.get("urls") or []
        if not isinstance(more, list) or not all(isinstance(u, str) and u for u in more):
            raise RegistryError(
                f"registry/{path}: {f['file']}: 'urls' must be a list of download URLs, each "
                "serving exactly the pinned bytes"
            )
        if f.get("live_archive_member") and not f.get("live_url"):
            raise RegistryError(
                f"registry/{path}: {f['file']} has a 'live_archive_member' but no 'live_url': "
                "add the live download or remove the member"
            )
        files.append(
            SourceFile(
                source_id=data["id"],
                file=f["file"],
                sha256=str(f["sha256"]).lower(),
                bytes=int(f["bytes"]),
                vintage=str(f["vintage"]),
                reader=f.get("reader"),
                dataset=f.get("dataset"),
                url=f.get("url"),
                archive_member=f.get("archive_member"),
                manual=f.get("manual"),
                description=f.get("description", ""),
                page=f.get("page"),
                live_url=f.get("live_url"),
                live_archive_member=f.get("live_archive_member"),
                more_urls=tuple(more),
            )
        )
    return Source(
        id=data["id"],
        publisher=data["publisher"],
        title=data["title"],
        page=data["page"],
        licence=data["licence"],
        citation=data["citation"],
        files=tuple(files),
        notes=data.get("notes", ""),
        short=data.get("short") or data["id"],
    )


@cache
def registry() -> dict[str, Source]:
    """Return every registered source, keyed by id, in alphabetical order."""
    folder = resources.files("analysis.data") / "registry"
    out: dict[str, Source] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        source = _parse(entry.name, data)
        if entry.name != f"{source.id}.yaml":
            raise RegistryError(f"registry/{entry.name}: id {source.id!r} must match the file name")
        out[source.id] = source
    return out


def source(source_id: str) -> Source:
    """Return one source by id, with the list of known ids in the error."""
    reg = registry()
    if source_id not in reg:
        raise KeyError(f"unknown source {source_id!r}; known sources: {', '.join(reg)}")
    return reg[source_id]


def all_files() -> list[SourceFile]:
    """Return every registered raw file."""
    return [f for s in registry().values() for f in s.files]


def files_for_dataset(dataset: str) -> list[SourceFile]:
    """Return the raw files that feed one processed dataset."""
    return [f for f in all_files() if f.dataset == dataset]


def datasets() -> list[str]:
    """Return the names of all processed datasets, sorted."""
    return sorted({f.dataset for f in all_files() if f.dataset})


def select_sources(patterns: list[str] | None) -> list[Source]:
    """Return the sources whose id matches any glob in ``patterns`` (all when None)."""
    reg = registry()
    if not patterns:
        return list(reg.values())
    chosen = [s for s in reg.values() if any(fnmatch.fnmatch(s.id, p) for p in patterns)]
    if not chosen:
        raise KeyError(f"no source matches {patterns}; known sources: {', '.join(reg)}")
    return chosen


def raw_path(entry: SourceFile, raw_dir: Path) -> Path:
    """Return where ``entry`` lives under ``raw_dir``."""
    return raw_dir / entry.source_id / entry.file
