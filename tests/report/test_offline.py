"""Offline: one summary of what could not be obtained, and ``build([])`` builds nothing.

The end-to-end offline run is in test_report.py (it needs the fixture notebooks).
"""

from __future__ import annotations

import pytest

from analysis.data import processed


def test_build_of_an_empty_list_builds_nothing(data_dir, monkeypatch) -> None:
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    assert processed.build([]) == []
    assert not any((data_dir / "processed").iterdir())


@pytest.mark.parametrize("status", ["missing", "failed"])
def test_the_summary_names_the_count_the_place_and_both_ways(status) -> None:
    from analysis.data.fetch import FetchResult, summarise_missing

    results = [
        FetchResult("wdi", "a.csv", "present"),
        FetchResult(
            "wdi", "b.csv", status, origin="https://example.org/x/b.csv", message="HTTP 404"
        ),
    ]
    said = summarise_missing(results)
    assert said.startswith("1 of 2 raw files could not be obtained (1 source(s): wdi)")
    assert "from example.org" in said and "wdi/b.csv: HTTP 404" in said
    assert summarise_missing(results[:1]) == ""
