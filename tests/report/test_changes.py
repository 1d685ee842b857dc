"""'What changed' names the countries whose rows came or went (two small fixture runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis import cli
from analysis.report import changes

# 30 countries lose their rows (a download cut short), two come in; names from the table.
GONE = [f"X{i:02d}" for i in range(28)] + ["ZAF", "ZWE"]
CAME = ["KOR", "TWN"]


def _table(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": codes,
            "country": [
                {"ZAF": "South Africa", "ZWE": "Zimbabwe"}.get(c, f"Land {c}") for c in codes
            ],
            "year": pd.array([2019] * len(codes), dtype="Int64"),
            "indicator": ["patents_resident"] * len(codes),
            "value": [float(i) for i in range(len(codes))],
            "unit": ["applications"] * len(codes),
            "source": ["wdi"] * len(codes),
            "vintage": ["2025-04-15"] * len(codes),
        }
    )


def _run(folder: Path, table: pd.DataFrame) -> Path:
    (folder / "data").mkdir(parents=True)
    table.to_parquet(folder / "data" / "patents.parquet", index=False)
    (folder / "run.json").write_text(json.dumps({"parameters": {"countries": ["RUS", "CHN"]}}))
    return folder


def _two_runs(tmp_path: Path) -> tuple[Path, Path]:
    keep = ["CHN", "RUS"]
    first = _run(tmp_path / "20260101T000000Z", _table(keep + GONE))
    second = _run(tmp_path / "20260201T000000Z", _table(keep + CAME))
    return first, second


def test_changes_name_the_countries_whose_rows_were_added_or_removed(tmp_path: Path) -> None:
    first, second = _two_runs(tmp_path)
    result = changes.compare_runs(first.name, second.name, reports=tmp_path)
    [dataset] = result["datasets"]
    [indicator] = dataset["indicators"]
    assert (indicator["added"], indicator["removed"]) == (2, 30)
    assert indicator["added_countries"] == [
        {"iso3": "KOR", "name": "Land KOR", "rows": 1},
        {"iso3": "TWN", "name": "Land TWN", "rows": 1},
    ]
    assert indicator["added_countries_more"] == 0
    removed = [c["iso3"] for c in indicator["removed_countries"]]
    assert removed == sorted(GONE)[: changes.COUNTRY_LIST]
    assert indicator["removed_countries_more"] == 30 - changes.COUNTRY_LIST
    # JSON-serialisable as run.json stores it.
    assert json.loads(json.dumps(result))["datasets"][0]["indicators"][0] == indicator


def test_country_names_fall_back_to_the_iso3_lookup() -> None:
    old = _table(["RUS", "ZAF"]).drop(columns="country")
    new = _table(["RUS"]).drop(columns="country")
    [indicator] = changes.table_changes(old, new, ["RUS"])
    assert indicator["removed_countries"] == [{"iso3": "ZAF", "name": "South Africa", "rows": 1}]


def test_diff_and_page_list_the_countries_capped(tmp_path: Path, capsys, monkeypatch) -> None:
    first, second = _two_runs(tmp_path)
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(tmp_path))
    assert cli.main(["diff", first.name, second.name]) == 0
    out = capsys.readouterr().out
    assert "patents / patents_resident: 2 rows added, 30 removed, 0 revised" in out
    assert "rows added for: KOR Land KOR and TWN Land TWN" in out
    more = 30 - changes.COUNTRY_LIST
    assert "rows removed for: X00 Land X00, X01 Land X01," in out
    assert f"and {more} more" in out and "ZAF" not in out  # capped: ZAF is past the first N
    page = changes.render_html(changes.compare_runs(first, second))
    assert page.startswith("<section id='changes'>")
    assert "KOR Land KOR and TWN Land TWN" in page and f"X11 Land X11 and {more} more" in page


def test_a_short_list_names_every_country(tmp_path: Path) -> None:
    first = _run(tmp_path / "a", _table(["CHN", "RUS", "ZAF", "ZWE"]))
    second = _run(tmp_path / "b", _table(["CHN", "RUS"]))
    text = changes.render_text(changes.compare_runs(first, second))
    assert "rows removed for: ZAF South Africa and ZWE Zimbabwe" in text
