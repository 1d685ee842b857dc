"""Fetching: from a mirror folder and, for real, from an HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from wb_fixtures import make_mirror, sha

from analysis import cli
from analysis.data import sources
from analysis.data.fetch import fetch
from analysis.errors import ChecksumMismatchError, FetchError


@pytest.fixture
def fixture_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    mirror, src = make_mirror(tmp_path / "mirror")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    return mirror, src


def test_fetch_from_mirror_copies_verifies_and_writes_manifest(
    data_dir: Path, fixture_source
) -> None:
    mirror, src = fixture_source
    results = fetch(mirror=mirror)
    assert [r.status for r in results] == ["copied", "copied"]
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text())
    assert {m["file"] for m in manifest} == {f.file for f in src.files}
    row = manifest[0]
    assert set(row) == {"source", "file", "sha256", "bytes", "origin", "vintage", "fetched_at"}
    assert row["origin"] == f"mirror:{mirror.resolve()}"
    assert row["sha256"] == sha(data_dir / "raw" / "wdi" / row["file"])
    # Idempotent: a second run copies nothing.
    assert {r.status for r in fetch(mirror=mirror)} == {"present"}


def test_mirror_from_environment(data_dir: Path, fixture_source, monkeypatch) -> None:
    mirror, _ = fixture_source
    monkeypatch.setenv("ANALYSIS_MIRROR", str(mirror))
    assert {r.status for r in fetch()} == {"copied"}


def test_wrong_sha_is_refused_and_nothing_copied(data_dir: Path, fixture_source) -> None:
    mirror, src = fixture_source
    target = mirror / "wdi" / src.files[0].file
    target.write_text(
        target.read_text(encoding="utf-8").replace("23337", "23338"), encoding="utf-8"
    )
    with pytest.raises(ChecksumMismatchError) as info:
        fetch(mirror=mirror)
    message = str(info.value)
    assert target.name in message and src.files[0].sha256 in message and sha(target) in message
    # Both ways forward are offered, never only "accept": back to pinned, or a validated update.
    assert "analysis fetch --pinned" in message and "analysis update" in message
    assert "allow-new-vintage" not in message
    assert not (data_dir / "raw" / "wdi" / target.name).exists()


def test_missing_mirror_folder(data_dir: Path, fixture_source, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"mirror folder .*nowhere does not exist.*--mirror"):
        fetch(mirror=tmp_path / "nowhere")


def test_mirror_one_level_too_high_says_did_you_mean(data_dir: Path, fixture_source) -> None:
    mirror, _ = fixture_source
    with pytest.raises(
        FetchError, match=rf"holds none of the source folders.*Did you mean {mirror}\?"
    ):
        fetch(mirror=mirror.parent)


def test_mirror_one_level_too_low_says_did_you_mean(data_dir: Path, fixture_source) -> None:
    mirror, _ = fixture_source
    with pytest.raises(FetchError, match=rf"Did you mean {mirror}\?"):
        fetch(mirror=mirror / "wdi")


def test_file_absent_from_mirror_is_listed_with_its_url(
    data_dir: Path, fixture_source, capsys
) -> None:
    mirror, src = fixture_source
    (mirror / "wdi" / src.files[1].file).unlink()
    code = cli.main(["fetch", "--mirror", str(mirror)])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"MISSING: wdi/{src.files[1].file}: not in the mirror folder" in out
    assert "could not be obtained" in err


def test_cli_reports_checksum_error(data_dir: Path, fixture_source, capsys) -> None:
    mirror, src = fixture_source
    (mirror / "wdi" / src.files[0].file).write_text("changed")
    assert cli.main(["fetch", "--mirror", str(mirror)]) == 1
    err = capsys.readouterr().err
    assert "--pinned" in err and "analysis update" in err and "truncated?" in err


def test_pinned_restores_the_pinned_bytes_and_forgets_accepted(
    data_dir: Path, fixture_source
) -> None:
    mirror, src = fixture_source
    fetch(mirror=mirror)
    entry = src.files[0]
    local = data_dir / "raw" / "wdi" / entry.file
    local.write_text("an accepted vintage, say", encoding="utf-8")
    (data_dir / "raw" / "accepted_vintages.json").write_text(
        json.dumps({entry.relpath: {"sha256": sha(local), "vintage": "accepted"}})
    )
    assert fetch(mirror=mirror)[0].status == "present"  # the accepted vintage is in use
    results = fetch(mirror=mirror, pinned=True)
    assert results[0].status == "restored" and sha(local) == entry.sha256
    assert not (data_dir / "raw" / "accepted_vintages.json").exists()


# --- downloads from a real HTTP server ------------------------------------------------------


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()


@pytest.mark.network
def test_download_zip_from_publisher_url(
    data_dir: Path, tmp_path: Path, http_server, monkeypatch
) -> None:
    base, www = http_server
    mirror, src = make_mirror(tmp_path / "files", url_base=base)
    for entry in src.files:  # the World Bank serves each file inside a zip, with other members
        with zipfile.ZipFile(www / f"{entry.file}.zip", "w") as archive:
            archive.write(mirror / "wdi" / entry.file, entry.file)
            archive.writestr("Metadata_Indicator_API_IP.PAT.RESD_DS2_en_csv_v2_1.csv", "x")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    results = fetch()
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert results[0].origin == f"{base}/{src.files[0].file}.zip"
    for entry in src.files:
        assert sha(data_dir / "raw" / "wdi" / entry.file) == entry.sha256


@pytest.mark.network
def test_download_failure_says_how_to_work_offline(
    data_dir: Path, tmp_path: Path, http_server, monkeypatch
) -> None:
    base, _ = http_server  # serves nothing: every URL is a 404
    _, src = make_mirror(tmp_path / "files", url_base=base)
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    with pytest.raises(FetchError, match=r"could not download wdi/.* HTTP 404 .*ANALYSIS_MIRROR"):
        fetch()
    assert not (data_dir / "raw" / "wdi").exists() or not any((data_dir / "raw" / "wdi").iterdir())


# --- HTTP mirrors and bad answers ---------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``routes[path] = (status, body, declared_length, delay)``."""

    routes: dict[str, tuple[int, bytes, int | None, float]] = {}
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        status, body, length, delay = self.routes.get(self.path, (404, b"not found", None, 0))
        threading.Event().wait(delay)  # not time.sleep: the tests stub it out for the back-off
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(length if length is not None else len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted_server(monkeypatch) -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"routes": {}, "hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr("analysis.data.fetch.time.sleep", lambda s: None)  # no back-off waits
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def serve_mirror(handler: type[_Handler], mirror: Path, prefix: str = "") -> None:
    for path in mirror.rglob("*"):
        if path.is_file():
            route = f"{prefix}/{path.relative_to(mirror).as_posix()}"
            handler.routes[route] = (200, path.read_bytes(), None, 0)


@pytest.mark.network
def test_base_url_fetches_every_file_into_an_empty_raw(
    data_dir: Path, fixture_source, scripted_server
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror, "/raw")
    results = fetch(base_url=base + "/raw/")
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert results[0].origin == f"{base}/raw/wdi/{src.files[0].file}"
    for entry in src.files:
        assert sha(data_dir / "raw" / "wdi" / entry.file) == entry.sha256
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text())
    assert {m["origin"] for m in manifest} == {f"{base}/raw/wdi/{e.file}" for e in src.files}


@pytest.mark.network
def test_base_url_from_environment(data_dir, fixture_source, scripted_server, monkeypatch) -> None:
    mirror, _ = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    monkeypatch.setenv("ANALYSIS_BASE_URL", base)
    assert {r.status for r in fetch()} == {"downloaded"}


@pytest.mark.network
def test_wrong_base_url_names_the_file_and_the_layout(
    data_dir: Path, fixture_source, scripted_server, capsys
) -> None:
    base, _ = scripted_server  # serves nothing
    assert cli.main(["fetch", "--base-url", base + "/wrong"]) == 1
    err = capsys.readouterr().err
    assert f"{base}/wrong/wdi/" in err and "HTTP 404" in err and "<base-url>/<source>/<file>" in err
    assert list((data_dir / "raw").rglob("*.csv")) == []


@pytest.mark.network
@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (b"", "the file is empty"),
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "HTML page"),
        ("truncated", "truncated?"),
    ],
)
def test_bad_bytes_with_status_200_are_refused_with_a_diagnosis(
    data_dir: Path, fixture_source, scripted_server, body, phrase
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    entry = src.files[0]
    good = (mirror / "wdi" / entry.file).read_bytes()
    served = good[:300] if body == "truncated" else body
    handler.routes[f"/wdi/{entry.file}"] = (200, served, None, 0)
    with pytest.raises(ChecksumMismatchError, match=re.escape(phrase)) as info:
        fetch(base_url=base)
    assert entry.file in str(info.value) and "--pinned" in str(info.value)
    assert not (data_dir / "raw" / "wdi" / entry.file).exists()


@pytest.mark.network
def test_server_error_is_retried_then_reported(
    data_dir: Path, fixture_source, scripted_server
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    entry = src.files[0]
    handler.routes[f"/wdi/{entry.file}"] = (500, b"boom", None, 0)
    with pytest.raises(FetchError, match=r"could not download wdi/.*failed 3 times.*500"):
        fetch(base_url=base)
    assert handler.hits.count(f"/wdi/{entry.file}") == 3
    assert not (data_dir / "raw" / "wdi" / entry.file).exists()


@pytest.mark.network
def test_timeout_is_reported(data_dir, fixture_source, scripted_server, monkeypatch) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    entry = src.files[0]
    handler.routes[f"/wdi/{entry.file}"] = (200, b"late", None, 1.0)
    monkeypatch.setenv("ANALYSIS_HTTP_TIMEOUT", "0.2")
    with pytest.raises(FetchError, match=r"timed out 3 times"):
        fetch(base_url=base)


@pytest.mark.network
def test_interrupted_download_leaves_nothing_behind(
    data_dir: Path, fixture_source, scripted_server
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    entry = src.files[0]
    good = (mirror / "wdi" / entry.file).read_bytes()
    # The server promises the whole file and hangs up after a third of it.
    handler.routes[f"/wdi/{entry.file}"] = (200, good[: len(good) // 3], len(good), 0)
    with pytest.raises(FetchError, match=r"could not download wdi/"):
        fetch(base_url=base)
    leftovers = [p.name for p in (data_dir / "raw").rglob("*") if p.is_file()]
    assert entry.file not in leftovers
    assert not any(n.endswith((".tmp", ".download")) for n in leftovers)


@pytest.mark.network
def test_keep_going_lists_failures_and_fetches_the_rest(
    data_dir: Path, fixture_source, scripted_server
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror)
    del handler.routes[f"/wdi/{src.files[1].file}"]
    results = fetch(base_url=base, keep_going=True)
    assert [r.status for r in results] == ["downloaded", "failed"]
    assert "HTTP 404" in results[1].message


@pytest.mark.network
def test_an_unreachable_host_is_not_retried_for_every_file(
    data_dir: Path, fixture_source, monkeypatch
) -> None:
    import socket

    _, src = fixture_source
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port: every connection is refused
    monkeypatch.setattr("analysis.data.fetch.time.sleep", lambda s: None)
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    results = fetch(base_url=f"http://127.0.0.1:{port}", keep_going=True)
    assert [r.status for r in results] == ["failed", "failed"]
    assert "failed 3 times" in results[0].message
    assert results[1].message.startswith(f"not tried: 127.0.0.1:{port} did not answer")


def test_a_fetch_killed_mid_way_leaves_a_true_manifest_and_no_temporary_folder(
    data_dir: Path, fixture_source, tmp_path: Path
) -> None:
    """``kill -9`` (os._exit: no cleanup runs) while the second file is being obtained."""
    import pickle
    import subprocess
    import sys
    import textwrap

    mirror, src = fixture_source
    (tmp_path / "src.pickle").write_bytes(pickle.dumps(src))
    tmpdir = tmp_path / "system-tmp"
    tmpdir.mkdir()
    script = textwrap.dedent(f"""
        import os, pickle
        from pathlib import Path
        from analysis.data import fetch as f, sources
        src = pickle.loads(Path({str(tmp_path / "src.pickle")!r}).read_bytes())
        sources.registry = lambda: {{"wdi": src}}
        real = f.obtain
        def obtain(entry, origin, workdir, url=None):
            if entry.file == src.files[1].file:
                (workdir / "half.download").write_bytes(b"half")
                os._exit(9)  # as kill -9: no finally, no atexit
            return real(entry, origin, workdir, url=url)
        f.obtain = obtain
        f.fetch(mirror={str(mirror)!r})
    """)
    env = {**os.environ, "TMPDIR": str(tmpdir), "ANALYSIS_DATA_DIR": str(data_dir)}
    assert subprocess.run([sys.executable, "-c", script], env=env).returncode == 9
    raw = data_dir / "raw"
    manifest = json.loads((raw / "manifest.json").read_text())
    assert [m["file"] for m in manifest] == [src.files[0].file]  # the file that arrived
    assert manifest[0]["sha256"] == sha(raw / "wdi" / src.files[0].file)
    assert not list(tmpdir.iterdir()), "nothing in the system's temporary folder"
    assert [p.name for p in raw.glob(".fetch-*")], "the killed fetch's staging is in data/raw"
    assert {r.status for r in fetch(mirror=mirror)} == {"present", "copied"}
    assert not list(raw.glob(".fetch-*")), "the next fetch removes it"


def test_keep_going_covers_a_checksum_mismatch(data_dir: Path, fixture_source) -> None:
    mirror, src = fixture_source
    first = mirror / "wdi" / src.files[0].file
    first.write_bytes(first.read_bytes() + b"changed")
    results = fetch(mirror=mirror, keep_going=True)
    assert [r.status for r in results] == ["failed", "copied"]
    assert "does not match the expected sha256" in results[0].message
    assert not (data_dir / "raw" / "wdi" / src.files[0].file).exists()


def test_disk_full_names_the_destination_not_the_source(data_dir, monkeypatch, capsys) -> None:
    import errno

    from analysis.data import fetch as fetch_module

    def full(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/mirror/wdi/a.csv", None,
                      "/project/data/raw/wdi/a.csv")  # fmt: skip

    monkeypatch.setattr(fetch_module, "fetch", full)
    assert cli.main(["fetch"]) == 1
    err = capsys.readouterr().err
    assert "cannot write /project/data/raw/wdi/a.csv: No space left on device" in err
    assert "/mirror/" not in err


def test_the_raw_readme_names_only_options_that_exist() -> None:
    readme = (Path(__file__).resolve().parents[2] / "data" / "raw" / "README.md").read_text()
    options = set(re.findall(r"--[a-z][a-z-]+", readme))
    known = {a for action in cli.parser()._subparsers._group_actions[0].choices.values()  # type: ignore[union-attr]
             for act in action._actions for a in act.option_strings}  # fmt: skip
    assert options and options <= known, options - known


def test_a_mirror_path_with_a_space_reaches_the_notebooks_whole(
    data_dir: Path, fixture_source, tmp_path: Path, monkeypatch
) -> None:
    import shutil
    import subprocess

    mirror, _ = fixture_source
    spaced = tmp_path / "my mirror"
    shutil.copytree(mirror, spaced)
    root = Path(__file__).resolve().parents[2]
    # make passes it on untouched (its $(abspath) used to split it in two) ...
    shown = subprocess.run(
        ["make", "-s", "-C", str(root), "--eval", 'show-mirror: ; @echo "[$$ANALYSIS_MIRROR]"',
         "show-mirror"], env={**os.environ, "ANALYSIS_MIRROR": "my mirror"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert shown.strip() == "[my mirror]"
    # ... and the command line makes it absolute for the kernels it starts.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_MIRROR", "my mirror")
    assert cli.main(["fetch"]) == 0
    assert os.environ["ANALYSIS_MIRROR"] == str(spaced)


# --- several pinned URLs per file, and check-urls (all on 127.0.0.1) -----------------------------


def _with_urls(monkeypatch, src, entry_urls: list[list[str]], live: str | None = None):
    import dataclasses

    files = tuple(
        dataclasses.replace(
            f, url=urls[0], more_urls=tuple(urls[1:]), archive_member=None, live_url=live
        )  # fmt: skip
        for f, urls in zip(src.files, entry_urls, strict=True)
    )
    new = dataclasses.replace(src, files=files)
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": new})
    return new


def test_the_registry_reads_urls_as_more_pinned_downloads(tmp_path: Path) -> None:
    from analysis.data.sources import _parse

    base = {"id": "x", "publisher": "p", "title": "t", "page": "https://p", "licence": "l",
            "citation": "c"}  # fmt: skip
    one = {"file": "a.csv", "sha256": "A" * 64, "bytes": 1, "vintage": "v",
           "url": "https://one/a.csv", "urls": ["https://two/a.csv", "https://three/a.csv"]}  # fmt: skip
    [entry] = _parse("x.yaml", {**base, "files": [one]}).files
    assert entry.pinned_urls == ("https://one/a.csv", "https://two/a.csv", "https://three/a.csv")
    with pytest.raises(sources.RegistryError, match="'urls' must be a list"):
        _parse("x.yaml", {**base, "files": [{**one, "urls": "https://two/a.csv"}]})


@pytest.mark.network
def test_fetch_tries_each_pinned_url_in_order(
    data_dir, fixture_source, scripted_server, monkeypatch
):
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror, "/copy")
    bad = f"{base}/other/{src.files[0].file}"
    handler.routes[f"/other/{src.files[0].file}"] = (200, b"other bytes", None, 0)
    _with_urls(monkeypatch, src, [
        [f"{base}/gone/{src.files[0].file}", bad, f"{base}/copy/wdi/{src.files[0].file}"],
        [f"{base}/copy/wdi/{src.files[1].file}"],
    ])  # fmt: skip
    results = fetch()
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert results[0].origin == f"{base}/copy/wdi/{src.files[0].file}"
    assert sha(data_dir / "raw" / "wdi" / src.files[0].file) == src.files[0].sha256


@pytest.mark.network
def test_when_every_pinned_url_fails_each_is_named(
    data_dir, fixture_source, scripted_server, monkeypatch
):
    _, src = fixture_source
    base, handler = scripted_server
    handler.routes["/other/a"] = (200, b"other bytes", None, 0)
    _with_urls(monkeypatch, src, [[f"{base}/gone/a", f"{base}/other/a"], [f"{base}/gone/b"]])
    with pytest.raises(FetchError) as info:
        fetch()
    said = str(info.value)
    assert "none of the 2 pinned downloads of wdi/" in said
    assert "(1) could not download" in said and "HTTP 404" in said
    assert "(2) " in said and "does not match the expected sha256" in said


@pytest.mark.network
def test_a_dead_pinned_url_repeats_the_registry_manual_note(
    data_dir, fixture_source, scripted_server, monkeypatch
):
    import dataclasses

    _, src = fixture_source
    base, _handler = scripted_server
    new = _with_urls(monkeypatch, src, [[f"{base}/gone/a"], [f"{base}/gone/b"]])
    note = "THE PINNED URL IS DEAD; take it from a mirror (ANALYSIS_MIRROR)"
    files = (dataclasses.replace(new.files[0], manual=note), *new.files[1:])
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": dataclasses.replace(new, files=files)})
    with pytest.raises(FetchError) as info:
        fetch()
    said = str(info.value)
    assert "HTTP 404" in said and f"wdi/{src.files[0].file}: {note}" in said


def test_the_dead_gairi_panel_says_it_survives_only_in_mirrors() -> None:
    """The GAIRI panel's only pinned commit is gone: the registry must say so where fetch fails."""
    [panel] = [f for f in sources.registry()["oxford_gairi"].files
               if f.file == "gairi_global_rankings_2019_2025.csv"]  # fmt: skip
    assert panel.manual and "survives only in mirrors" in panel.manual
    assert "ANALYSIS_MIRROR" in panel.manual and "top-20/top-60" in panel.manual
    # Every registered download is pinned to a commit (a URL may be added only with its sha256).
    for url in panel.pinned_urls:
        assert re.search(r"/[0-9a-f]{40}/", url), url


@pytest.mark.network
def test_check_urls_names_each_dead_url_and_fails_only_without_a_working_one(
    fixture_source, scripted_server, monkeypatch, capsys
) -> None:
    mirror, src = fixture_source
    base, handler = scripted_server
    serve_mirror(handler, mirror, "/copy")
    a, b = (f.file for f in src.files)
    _with_urls(monkeypatch, src, [[f"{base}/gone/{a}", f"{base}/copy/wdi/{a}"],
                                  [f"{base}/copy/wdi/{b}"]], live=f"{base}/live-gone")  # fmt: skip
    assert cli.main(["check-urls"]) == 0  # every file still has a pinned URL that answers
    out = capsys.readouterr().out
    assert f"DEAD pinned wdi/{a}: {base}/gone/{a}: HTTP 404" in out
    assert f"DEAD live wdi/{b}: {base}/live-gone: HTTP 404" in out
    assert "2 of 3 pinned URLs and 0 of 2 live URLs answer; 0 file(s)" in out
    handler.routes[f"/copy/wdi/{a}"] = (200, b"not the pinned bytes", None, 0)
    assert cli.main(["check-urls"]) == 0  # it answers ...
    assert cli.main(["check-urls", "--verify"]) == 1  # ... but not with the pinned bytes
    out = capsys.readouterr().out
    assert f"NO WORKING PINNED URL: wdi/{a}" in out and "serves other bytes" in out
    assert set(handler.hits) >= {f"/gone/{a}", f"/copy/wdi/{a}", f"/copy/wdi/{b}", "/live-gone"}
