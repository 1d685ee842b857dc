"""Every registered raw file can be downloaded at its pinned vintage: the registry's urls.

Without data: every file has a ``url``; every ``url``, ``live_url`` and ``page`` is https; a
GitHub ``url`` is a ``raw.githubusercontent.com`` address pinned to a full 40-hex commit (a branch
would serve whatever is there today), never a github.com web page; the url ends with the file's
name unless it is a zip read through ``archive_member``; the parser refuses a file without url.

With the mirror (``ANALYSIS_MIRROR``): each url pinned to a GitHub commit names the repository,
commit and path that the source's ``SOURCE.md`` gives for that file.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.data import sources
from analysis.data.sources import RegistryError, SourceFile

FILES = sources.all_files()
IDS = [f.relpath for f in FILES]

RAW = re.compile(
    r"^https://raw\.githubusercontent\.com/(?P<repo>[^/]+/[^/]+)/(?P<commit>[^/]+)/(?P<path>.+)$"
)
HEX40 = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")


def _where(entry: SourceFile) -> str:
    return f"src/analysis/data/registry/{entry.source_id}.yaml, file {entry.file}"


# --- the registry itself (no data needed) ---------------------------------------------------


def test_registry_has_files() -> None:
    assert len(FILES) > 100  # guards the parametrised tests below against an empty registry


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_every_file_has_an_https_url(entry: SourceFile) -> None:
    assert entry.url, f"{_where(entry)}: no url"
    for key in ("url", "live_url", "page"):
        value = getattr(entry, key)
        if value is not None:
            assert urlparse(value).scheme == "https" and urlparse(value).netloc, (
                f"{_where(entry)}: {key} {value!r} is not an https URL"
            )


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_github_urls_are_raw_and_pinned_to_a_commit(entry: SourceFile) -> None:
    for url in entry.pinned_urls:  # url, then every copy in urls
        host = urlparse(url).netloc
        assert urlparse(url).scheme == "https", f"{_where(entry)}: {url} is not https"
        assert host != "github.com", (
            f"{_where(entry)}: url {url} is a GitHub web page; use "
            "https://raw.githubusercontent.com/<owner>/<repo>/<commit>/<path>"
        )
        if host == "raw.githubusercontent.com":
            match = RAW.match(url)
            assert match and re.fullmatch(r"[0-9a-f]{40}", match["commit"]), (
                f"{_where(entry)}: url {url} is not pinned to a 40-hex commit (a branch or tag "
                "serves whatever is there today, not the pinned bytes)"
            )


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_url_names_the_file_unless_it_is_an_archive(entry: SourceFile) -> None:
    assert entry.url is not None
    if entry.archive_member is None:
        for i, url in enumerate(entry.pinned_urls):
            # url keeps the mirror's layout; a copy elsewhere may sit in other folders
            name = entry.file if i == 0 else Path(entry.file).name
            served = unquote(urlparse(url).path)
            assert served.endswith("/" + name), (
                f"{_where(entry)}: url {url} does not end with the file's path {name!r}"
            )


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_live_archive_member_goes_with_a_live_url(entry: SourceFile) -> None:
    if entry.live_archive_member:
        assert entry.live_url, f"{_where(entry)}: live_archive_member without live_url"


def _yaml_source(**file_keys: object) -> dict:
    entry = {"file": "a.csv", "sha256": "0" * 64, "bytes": 1, "vintage": "v", **file_keys}
    return {
        "id": "demo",
        "publisher": "P",
        "title": "T",
        "page": "https://example.org/",
        "licence": "L",
        "citation": "C",
        "files": [entry],
    }


def test_parser_requires_a_url() -> None:
    with pytest.raises(RegistryError, match=r"registry/demo\.yaml: a\.csv has no 'url'"):
        sources._parse("demo.yaml", _yaml_source(manual="copy it by hand"))


def test_parser_reads_page_and_live_download() -> None:
    source = sources._parse(
        "demo.yaml",
        _yaml_source(
            url="https://raw.githubusercontent.com/o/r/" + "a" * 40 + "/a.csv",
            page="https://example.org/a",
            live_url="https://example.org/a.zip",
            live_archive_member="a_*.csv",
        ),
    )
    (entry,) = source.files
    assert entry.page == "https://example.org/a"
    assert (entry.live_url, entry.live_archive_member) == ("https://example.org/a.zip", "a_*.csv")
    assert entry.archive_member is None and entry.manual is None


def test_parser_refuses_live_member_without_live_url() -> None:
    data = _yaml_source(url="https://example.org/a.csv", live_archive_member="a_*.csv")
    with pytest.raises(RegistryError, match="live_archive_member.*no 'live_url'"):
        sources._parse("demo.yaml", data)


# --- against the provenance written in the mirror's SOURCE.md -------------------------------


def _contexts(text: str, file: str) -> list[str]:
    """Return the table rows and ``## <file>`` sections of a SOURCE.md that name ``file``."""
    name = re.compile(rf"(?<![\w./-]){re.escape(file)}(?![\w.-])")
    rows = [
        line for line in text.splitlines() if line.lstrip().startswith("|") and name.search(line)
    ]
    sections = [
        part
        for part in re.split(r"(?m)^## ", text)[1:]
        if part.splitlines()[0].strip().strip("`") == file
    ]
    return rows + sections


def _path_pattern(span: str) -> re.Pattern[str]:
    """Turn a path as SOURCE.md writes it into a regex: ``<id>`` one folder, ``{a,b}``, ``…``.

    A span ending in ``/`` is a folder: it matches the files directly inside it.
    """
    out = []
    if span.endswith("/"):
        span += "<file>"
    for token in re.split(r"(<[^>]+>|\{[^}]+\}|…)", span):
        if token.startswith("<") and token.endswith(">"):
            out.append(r"[^/]+")
        elif token.startswith("{") and token.endswith("}"):
            out.append("(?:" + "|".join(re.escape(t.strip()) for t in token[1:-1].split(",")) + ")")
        elif token == "…":
            out.append(r".+")
        else:
            out.append(re.escape(token))
    return re.compile("".join(out))


def _path_named(text: str, path: str) -> bool | None:
    """True if SOURCE.md names ``path`` (verbatim or as a pattern); None if it names no path."""
    if re.search(rf"(?<![\w./-]){re.escape(path)}(?![\w./-])", text):
        return True
    spans = [s for s in re.findall(r"`([^`\n]+)`", text) if re.search(r"[/<…]", s)]
    if not spans:
        return None
    return any(_path_pattern(s).fullmatch(path) for s in spans)


@pytest.mark.mirror
@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_pinned_url_matches_source_md(mirror: Path, entry: SourceFile) -> None:
    assert entry.url is not None
    match = RAW.match(entry.url)
    if match is None:
        pytest.skip(f"{entry.relpath}: url {entry.url} is not pinned to a GitHub commit")
    source_md = mirror / entry.source_id / "SOURCE.md"
    if not source_md.is_file():
        pytest.skip(f"{source_md} does not exist: nothing to check {entry.relpath}'s url against")
    text = source_md.read_text(encoding="utf-8")
    commits = set(HEX40.findall(text))
    if not commits:
        pytest.skip(f"{source_md} names no commit: cannot check {entry.relpath}'s url")
    repo, commit, path = match["repo"], match["commit"], unquote(match["path"])
    assert repo in text, f"{_where(entry)}: {source_md} never names the url's repository {repo}"
    near = {c for part in _contexts(text, entry.file) for c in HEX40.findall(part)}
    assert commit in (near or commits), (
        f"{_where(entry)}: commit {commit} of the url is not among the commits {source_md} gives "
        f"for this file: {sorted(near or commits)}"
    )
    named = _path_named(text, path)
    if named is None:
        pytest.skip(f"{source_md} names no repository path: cannot check {entry.relpath}'s path")
    assert named, f"{_where(entry)}: {source_md} names no path matching the url's path {path!r}"
