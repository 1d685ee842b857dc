"""Fetching: from a mirror folder and, for real, from an HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from wb_fixtures import make_mirror, sha

from analysis import cli
from analysis.data import sources
from analysis.errors import ChecksumMismatchError, FetchError
from analysis.data.fetch import fetch


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
    assert "--allow-new-vintage" in message
    assert not (data_dir / "raw" / "wdi" / target.name).exists()


def test_allow_new_vintage_records_hash_and_vintage(data_dir: Path, fixture_source) -> None:
    mirror, src = fixture_source
    target = mirror / "wdi" / src.files[0].file
    target.write_text(
        target.read_text(encoding="utf-8").replace("23337", "23338"), encoding="utf-8"
    )
    results = fetch(mirror=mirror, allow_new_vintage=True)
    assert results[0].status == "accepted-new-vintage"
    accepted = json.loads((data_dir / "raw" / "accepted_vintages.json").read_text())
    record = accepted[f"wdi/{target.name}"]
    assert record["sha256"] == sha(target) and record["pinned_sha256"] == src.files[0].sha256
    assert "new vintage accepted" in record["vintage"]
    # The accepted vintage is now the expected one: a plain fetch agrees.
    assert fetch(mirror=mirror)[0].status == "present"


def test_missing_mirror_folder(data_dir: Path, fixture_source, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"mirror folder .*nowhere does not exist.*--mirror"):
        fetch(mirror=tmp_path / "nowhere")


def test_file_absent_from_mirror_prints_manual_step(data_dir: Path, fixture_source, capsys) -> None:
    mirror, src = fixture_source
    (mirror / "wdi" / src.files[1].file).unlink()
    code = cli.main(["fetch", "--mirror", str(mirror)])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"MANUAL STEP for wdi/{src.files[1].file}" in out and "copy it by hand" in out


def test_cli_reports_checksum_error(data_dir: Path, fixture_source, capsys) -> None:
    mirror, src = fixture_source
    (mirror / "wdi" / src.files[0].file).write_text("changed")
    assert cli.main(["fetch", "--mirror", str(mirror)]) == 1
    assert "--allow-new-vintage" in capsys.readouterr().err


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
    with pytest.raises(FetchError, match=r"could not download .*ANALYSIS_MIRROR"):
        fetch()
    assert not (data_dir / "raw" / "wdi").exists() or not any((data_dir / "raw" / "wdi").iterdir())
