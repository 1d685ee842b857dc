"""`analysis update`: a changed file is taken in only after validation; a refusal changes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from wb_fixtures import ROWS, fixture_metadata, make_mirror, pinned_and_new_release, sha, write_bulk

from analysis import cli
from analysis.data import metadata, sources
from analysis.data.fetch import accepted_vintages, fetch
from analysis.data.processed import build, load
from analysis.data.update import update
from analysis.report.changes import table_changes


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its sha256 (to prove a refusal changed nothing).

    The empty ``data/.lock`` that update takes (and leaves, as filelock does) is not data.
    """
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def pinned(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A fixture source fetched and built at its pinned vintage; returns (mirror, source, file)."""
    mirror, src = make_mirror(tmp_path / "pinned-mirror")
    new = pinned_and_new_release(mirror, src, monkeypatch)
    return new, src, new / "wdi" / src.files[0].file


def revise(path: Path, rows: list = ROWS, updated: str = "2026-11-30") -> None:
    write_bulk(path, rows=rows, updated=updated)


def test_a_revised_file_is_accepted_recorded_and_rebuilt(data_dir: Path, pinned) -> None:
    new, src, data_file = pinned
    rows = [(n, c, list(v)) for n, c, v in ROWS]
    rows[1][2][4] = "25000"  # Russia 2019: 23337 -> 25000
    revise(data_file, rows)
    results = update(mirror=new)
    status = {r.file: r.status for r in results}
    assert status == {src.files[0].file: "accepted", src.files[1].file: "unchanged"}
    record = accepted_vintages(data_dir / "raw")[src.files[0].relpath]
    assert record["sha256"] == hashlib.sha256(data_file.read_bytes()).hexdigest()
    assert (
        record["bytes"] == data_file.stat().st_size
        and record["pinned_sha256"] == src.files[0].sha256
    )
    assert record["origin"].endswith(data_file.name) and record["accepted_at"]
    table = load("fixture_wdi", countries=["RUS"], years=(2019, 2019))
    assert table["value"].tolist() == [25000.0]
    # A plain fetch now agrees with the accepted vintage; --pinned goes back to the pinned bytes.
    assert {r.status for r in fetch()} == {"present"}


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("truncate", "does not parse"),
        ("empty", "the file is empty"),
        ("html", "HTML page"),
        ("lose_countries", "countries lost"),
        ("lose_years", "have no data any more"),
    ],
)
def test_a_bad_new_file_is_refused_and_nothing_changes(
    data_dir: Path, pinned, damage: str, reason: str, capsys
) -> None:
    new, src, data_file = pinned
    text = data_file.read_text(encoding="utf-8")
    if damage == "truncate":  # cut in the middle of a row, as an interrupted copy would
        data_file.write_text(text[: int(len(text) * 0.8)], encoding="utf-8")
    elif damage == "empty":
        data_file.write_bytes(b"")
    elif damage == "html":
        data_file.write_text("<!DOCTYPE html><html>" + "x" * 600 + "</html>", encoding="utf-8")
    elif damage == "lose_countries":
        revise(data_file, [(n, c, v if c in ("CHN", "WLD") else [""] * 6) for n, c, v in ROWS])
    else:  # the publisher drops the early years
        revise(data_file, [(n, c, ["", "", *v[2:]]) for n, c, v in ROWS])
    before = snapshot(data_dir)
    code = cli.main(["update", "--mirror", str(new)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"wdi/{data_file.name}: refused" in err and reason in err
    assert "REFUSED" in out
    assert snapshot(data_dir) == before


def test_update_without_changes_reports_unchanged(data_dir: Path, pinned) -> None:
    new, _, _ = pinned
    assert {r.status for r in update(mirror=new)} == {"unchanged"}


def test_files_without_a_live_source_stay(data_dir: Path, pinned) -> None:
    # Without --mirror or --base-url, update asks each file's live_url; the fixture has none.
    assert {r.status for r in update()} == {"no-live-source"}


@pytest.mark.mirror
def test_real_wdi_revision_between_two_vintages(
    mirror: Path, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 2026-07-13 WDI R&D release taken in over the 2025-04-15 one: real revisions."""
    import dataclasses

    real = sources.source("wdi")
    old_name = "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_19327.csv"
    new_name = "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv"
    meta = next(f for f in real.files if f.file.startswith("Metadata_Country"))
    entry = next(f for f in real.files if f.file == old_name)
    # One R&D file and the country metadata, as a dataset of their own.
    src = dataclasses.replace(
        real, files=tuple(dataclasses.replace(f, dataset="rd_only") for f in (entry, meta))
    )
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.setattr(metadata, "catalog", fixture_metadata)
    fetch(mirror=mirror)
    build(["rd_only"])
    old = pd.read_parquet(data_dir / "processed" / "rd_only.parquet")
    release = tmp_path / "release" / "wdi"
    release.mkdir(parents=True)
    shutil.copyfile(mirror / "wdi" / new_name, release / old_name)
    shutil.copyfile(mirror / "wdi" / meta.file, release / meta.file)
    results = {r.file: r.status for r in update(mirror=release.parent)}
    assert results[old_name] == "accepted"
    new = pd.read_parquet(data_dir / "processed" / "rd_only.parquet")
    assert set(new["vintage"]) == {"2026-07-13"}
    [change] = table_changes(old, new, ["CHN", "RUS", "USA"])
    assert change["indicator"] == old["indicator"].iloc[0]
    assert change["revised"] > 50 and change["added"] > 0
    revised = {r["iso3"] for r in change["largest_revisions"]}
    assert "CHN" in revised  # SOURCE.md: CHN, KOR, DEU were revised in 2026


@pytest.mark.network
def test_default_origin_is_each_files_live_url(
    data_dir: Path, pinned, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --mirror or --base-url, update asks the publisher's live_url (a local server)."""
    import dataclasses
    import functools
    import http.server
    import threading

    new, src, data_file = pinned
    rows = [(n, c, list(v)) for n, c, v in ROWS]
    rows[0][2][5] = "1400000"  # China 2020 revised
    revise(data_file, rows)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(new / "wdi"))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        live = dataclasses.replace(src.files[0], live_url=f"{base}/{data_file.name}")
        src = dataclasses.replace(src, files=(live, src.files[1]))
        monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
        monkeypatch.setattr(metadata, "catalog", fixture_metadata)
        results = {r.file: r for r in update()}
    finally:
        server.shutdown()
        server.server_close()
    assert results[data_file.name].status == "accepted"
    assert results[data_file.name].origin == f"{base}/{data_file.name}"
    assert results[src.files[1].file].status == "no-live-source"
    assert load("fixture_wdi", countries=["CHN"], years=(2020, 2020))["value"].tolist() == [
        1400000.0
    ]


def test_update_asks_the_publishers_unless_its_own_command_line_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.data.fetch import choose_origin
    from analysis.errors import FetchError

    (tmp_path / "wdi").mkdir()  # a mirror laid out like data/raw
    monkeypatch.setenv("ANALYSIS_MIRROR", str(tmp_path))
    monkeypatch.setenv("ANALYSIS_BASE_URL", "http://127.0.0.1:9/raw")
    assert choose_origin(None, None, default="live_url", use_env=False).kind == "live_url"
    assert choose_origin(None, None).kind == "mirror"  # analysis fetch honours the variables
    with pytest.raises(FetchError, match="not an http"):
        choose_origin(None, "ftp://example.org/raw", default="live_url", use_env=False)


class Killed(BaseException):
    """Stands for kill -9 between two steps of an acceptance."""


def test_an_update_killed_before_it_confirms_is_finished_by_the_next(
    data_dir: Path, pinned, monkeypatch
) -> None:
    from analysis.data import acceptance
    from analysis.data.fetch import ACCEPTED
    from analysis.errors import DataFileError

    new, src, data_file = pinned
    rows = [(n, c, list(v)) for n, c, v in ROWS]
    rows[1][2][4] = "25000"  # Russia 2019: 23337 -> 25000
    revise(data_file, rows)
    raw = data_dir / "raw"
    real_write = acceptance.write_json
    kill = [True]

    def write_json(path: Path, obj: object) -> None:
        if kill[0] and path == raw / ACCEPTED:
            raise Killed  # the file in use was replaced; its record is not written yet
        real_write(path, obj)

    monkeypatch.setattr(acceptance, "write_json", write_json)
    with pytest.raises(Killed):
        update(mirror=new)
    assert sha(raw / "wdi" / data_file.name) == sha(data_file)
    assert src.files[0].relpath not in accepted_vintages(raw)
    with pytest.raises(DataFileError, match="interrupted `analysis update`: run it again"):
        load("fixture_wdi", countries=["RUS"])
    (data_dir / ".update-stale1234").mkdir()  # what a killed run's downloads leave
    kill[0] = False
    update(mirror=new)  # the re-run finishes the acceptance from its staged copy
    assert accepted_vintages(raw)[src.files[0].relpath]["sha256"] == sha(data_file)
    assert load("fixture_wdi", countries=["RUS"], years=(2019, 2019))["value"].tolist() == [25000.0]
    assert not (raw / acceptance.INTENT).exists()
    assert not list(data_dir.glob(".update-*")), "staging folders of killed runs are removed"


def test_an_acceptance_whose_copies_are_gone_is_undone(data_dir: Path, pinned) -> None:
    from analysis.data import acceptance

    _, src, data_file = pinned
    raw = data_dir / "raw"
    before = snapshot(raw)
    entry = src.files[0]
    record = {"sha256": sha(data_file) + "x", "vintage": "new"}  # a copy that never landed
    intent = {"origin": "mirror", "started": "now", "staging": str(data_dir / ".update-accept-0"),
              "files": {entry.relpath: {"record": record, "staged": "/nonexistent",
                                        "target": str(raw / "wdi" / entry.file)}}}  # fmt: skip
    (raw / acceptance.INTENT).write_text(json.dumps(intent))
    assert acceptance.finish(raw) == []
    assert snapshot(raw) == before  # the vintage in use and its (absent) record stay


def test_update_that_could_check_nothing_exits_4(data_dir: Path, pinned, capsys) -> None:
    # Without --mirror, each file's live_url is asked; the fixture files have none: nothing is
    # compared with a current release, which a scheduled job must not take for success.
    assert cli.main(["update"]) == 4
    err = capsys.readouterr().err
    assert "could not check any of the 2 file(s)" in err


def test_update_that_checked_something_exits_0(data_dir: Path, pinned) -> None:
    new, _, _ = pinned
    assert cli.main(["update", "--mirror", str(new)]) == 0


@pytest.fixture
def live_only(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A fixture source whose pinned URLs are dead and whose live_url serves a newer release."""
    import dataclasses
    import functools
    import http.server
    import threading

    mirror, src = make_mirror(tmp_path / "pinned")
    site = tmp_path / "site"
    shutil.copytree(mirror / "wdi", site / "live")
    rows = [(n, c, list(v)) for n, c, v in ROWS]
    rows[1][2][4] = "25000"
    revise(site / "live" / src.files[0].file, rows)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    files = tuple(
        dataclasses.replace(
            f,
            url=f"{base}/gone/{f.file}",
            archive_member=None,
            manual=None,
            live_url=f"{base}/live/{f.file}",
        )  # fmt: skip
        for f in src.files
    )
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": dataclasses.replace(src, files=files)})
    monkeypatch.setattr(metadata, "catalog", fixture_metadata)
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    monkeypatch.delenv("ANALYSIS_BASE_URL", raising=False)
    monkeypatch.setattr("analysis.data.fetch.time.sleep", lambda s: None)
    yield site, list(files)
    server.shutdown()
    server.server_close()


@pytest.mark.network
def test_without_any_pinned_url_the_live_file_stands_in_only_after_validation(
    data_dir: Path, live_only
) -> None:
    from analysis.data.update import take_live

    site, files = live_only
    assert {r.status for r in fetch(keep_going=True)} == {"failed"}
    html = site / "live" / files[1].file
    html.write_text("<!DOCTYPE html><html>" + "x" * 600 + "</html>")  # the metadata file: a page
    results = {r.file: r for r in take_live(files)}
    assert results[files[1].file].status == "refused"
    assert "HTML page" in results[files[1].file].message
    # The data file alone cannot build its dataset (its metadata sibling is missing): refused too.
    assert results[files[0].file].status == "refused", results[files[0].file].message
    assert not (data_dir / "raw" / "wdi" / files[0].file).exists()
    shutil.copyfile(Path(str(site)).parent / "pinned" / "wdi" / files[1].file, html)
    results = {r.file: r for r in take_live(files)}
    assert {r.status for r in results.values()} == {"accepted"}
    record = accepted_vintages(data_dir / "raw")[files[0].relpath]
    assert record["fallback"] is True and record["vintage"].startswith("live fallback ")
    assert "not the pinned bytes" in record["vintage"]
    assert {r.status for r in fetch()} == {"present"}  # the stand-in is the vintage in use now
    table = load("fixture_wdi", countries=["RUS"], years=2019)
    assert table["value"].tolist() == [25000.0]
    from analysis.data.processed import provenance

    [used] = [i for i in provenance("fixture_wdi") if i["file"] == files[0].file]
    assert used["vintage"].startswith("live fallback")  # every table's sidecar names it


@pytest.mark.network
def test_the_report_says_a_live_stand_in_loudly(data_dir: Path, live_only, capsys) -> None:
    from analysis.report import runner

    missing = runner.prepare_data()
    err = capsys.readouterr().err
    assert missing == []
    assert err.count("LIVE FALLBACK wdi/") == 2 and "does not use the pinned bytes" in err
    assert [f["file"] for f in runner._fallbacks()] == sorted(f.relpath for f in live_only[1])


@pytest.mark.network
def test_fetch_live_fallback_on_the_command_line(data_dir: Path, live_only, capsys) -> None:
    assert cli.main(["fetch"]) == 1  # the pinned URLs are dead: the plain fetch stops
    assert cli.main(["fetch", "--live-fallback"]) == 0
    err = capsys.readouterr().err
    assert err.count("LIVE FALLBACK wdi/") == 2
