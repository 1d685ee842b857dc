"""A new vintage may never lose a protected country, and a file that ends early is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from wb_fixtures import make_mirror, pinned_and_new_release, sha, write_bulk

from analysis import cli
from analysis.data import coverage
from analysis.data.iso3 import ISO3_CODES

CODES = sorted(ISO3_CODES)  # files list countries in code order, as the World Bank's do
ROWS = [(code, code, [str(100 + i), str(101 + i), str(102 + i), "", str(104 + i), ""])
        for i, code in enumerate(CODES)]  # fmt: skip


def write_metadata(path: Path, codes: list[str]) -> None:
    lines = ['"Country Code","Region","IncomeGroup","SpecialNotes","TableName",']
    lines += [f'"{c}","Somewhere","High income","","{c}",' for c in codes]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def wide(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A WDI-like file of every ISO3 country, fetched and built; returns (new mirror, file)."""
    mirror, src = make_mirror(tmp_path / "pinned")
    data, meta = (mirror / "wdi" / f.file for f in src.files)
    write_bulk(data, rows=ROWS)
    write_metadata(meta, CODES)
    files = tuple(
        dataclasses.replace(f, sha256=sha(p), bytes=p.stat().st_size)
        for f, p in zip(src.files, (data, meta), strict=True)
    )
    new = pinned_and_new_release(mirror, dataclasses.replace(src, files=files), monkeypatch)
    return new, new / "wdi" / data.name


def _update(new: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = cli.main(["update", "--mirror", str(new)])
    out, err = capsys.readouterr()
    return code, out + err


def test_losing_one_protected_country_refuses_the_file(wide, capsys) -> None:
    new, data = wide
    assert len(CODES) * coverage.MAX_COUNTRY_LOSS > 1  # one country is within the tolerance
    write_bulk(data, rows=[r for r in ROWS if r[1] != "RUS"], updated="2026-11-30")
    code, said = _update(new, capsys)
    assert code == 1, said
    assert "protected countries lost: RUS (a country of report.yaml)" in said


def test_a_download_cut_at_a_line_ending_is_refused_as_truncated(wide, capsys) -> None:
    new, data = wide
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(lines[:-2]), encoding="utf-8")  # the last two countries: ZMB, ZWE
    code, said = _update(new, capsys)
    assert code == 1, said
    assert "the file ends early: its last countries (ZMB, ZWE) lost their rows" in said


def test_other_countries_keep_their_tolerance(wide, capsys) -> None:
    new, data = wide
    dropped = {"LIE", "MCO"}  # neither protected nor at the end of the file
    assert not dropped & set(coverage.protected_countries())
    write_bulk(data, rows=[r for r in ROWS if r[1] not in dropped], updated="2026-11-30")
    code, said = _update(new, capsys)
    assert code == 0, said
    assert "ACCEPTED" in said


def test_protected_countries_are_the_reports_the_claims_and_the_g20(tmp_path) -> None:
    params = tmp_path / "report.yaml"
    params.write_text("countries: [NOR, chn]\nstart_year: 2000\n")
    claims = tmp_path / "texts"
    claims.mkdir()
    (claims / "mine.csv").write_text("id,focus,partner,third\nmy_claim,KAZ,,MNG\n")
    why = coverage.protected_countries(params, claims)
    assert why["NOR"] == "a country of report.yaml" and why["CHN"] == "a country of report.yaml"
    assert why["KAZ"] == why["MNG"] == "a country of claim 'my_claim' (mine.csv)"
    assert why["ZAF"] == "a G20 member" and len(coverage.G20) == 19
    real = coverage.protected_countries()
    assert {"RUS", "CHN", "USA", "JPN", "KOR", "DEU", "IND"} <= set(real)


def test_a_cut_tail_needs_two_countries_and_something_kept() -> None:
    def table(codes: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"iso3": codes, "value": 1.0})

    full = table(["AAA", "BBB", "CCC", "DDD"])
    assert coverage.truncated_tail(full, table(["AAA", "BBB"])) == ["CCC", "DDD"]
    assert coverage.truncated_tail(full, table(["AAA", "BBB", "CCC"])) == []  # one: a release
    assert coverage.truncated_tail(full, table(["AAA", "CCC"])) == []  # not the tail
    assert coverage.truncated_tail(full, table([])) == []  # everything: another check says so
    by_value = table(["DDD", "CCC", "AAA", "BBB"])  # a file sorted by value, not by code
    assert coverage.truncated_tail(by_value, table(["DDD", "CCC"])) == ["AAA", "BBB"]
    assert coverage.truncated_tail(by_value, table(["AAA", "BBB"])) == []


def test_a_footer_that_is_gone_is_a_cut_file(tmp_path: Path) -> None:
    rows = [f"{c},{c.lower()},2019,{i}" for i, c in enumerate(CODES[:40])]
    footer = ['"Source: the publisher, table 4"', '"Note: provisional"']
    current = tmp_path / "current.csv"
    current.write_text("iso3,name,year,value\n" + "\n".join(rows + footer) + "\n")
    cut = tmp_path / "cut.csv"
    cut.write_text("iso3,name,year,value\n" + "\n".join(rows[:30]) + "\n")
    said = coverage.footer_gone(current, cut)
    assert said and "ends with a footer" in said and "Source: the publisher" in said
    reworded = tmp_path / "release.csv"
    reworded.write_text("iso3,name,year,value\n" + "\n".join(rows + ['"Source: new words"']))
    assert coverage.footer_gone(current, reworded) is None  # a new release keeps a footer
    plain = tmp_path / "plain.csv"
    plain.write_text("iso3,name,year,value\n" + "\n".join(rows) + "\n")
    assert coverage.footer_gone(plain, cut) is None  # no footer to lose
