"""Provisional years and breaks in series: declared in the metadata, checked, found by window."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import marks, metadata, processed
from analysis.errors import MetadataError

BREAK = {"iso3": "CHN", "year": 2009, "note": "a new definition", "citation": "OECD MSTI notes"}


def _spec(**extra: object) -> dict:
    widgets = {"title": "Widgets", "unit": "widgets", "source": "wdi", "definition": "W."}
    return {
        "dataset": "demo",
        "order": 1,
        "sources_label": "Demo",
        "description": "Demo data.",
        "indicators": {"widgets": {**widgets, "breaks": [dict(BREAK)]}},
        **extra,
    }


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> metadata.DatasetMeta:
    """A ``demo`` dataset whose widgets break for China in 2009 and whose last 2 years are provisional."""
    meta = metadata.parse(_spec(provisional={"last_years": 2, "note": "late indexing"}), "demo")
    monkeypatch.setattr(metadata, "catalog", lambda: {"demo": meta})
    monkeypatch.setattr(processed, "sidecar", lambda dataset: {"years": [1990, 2023]})
    return meta


def test_parse_reads_breaks_and_provisional(demo: metadata.DatasetMeta) -> None:
    (brk,) = demo.indicators["widgets"].breaks
    assert (brk.iso3, brk.year, brk.note, brk.citation) == (
        "CHN",
        2009,
        "a new definition",
        "OECD MSTI notes",
    )
    assert demo.provisional == metadata.ProvisionalMeta(2, "late indexing")
    assert metadata.parse(_spec(), "demo").provisional is None


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda s: s["indicators"]["widgets"].update(breaks={}), r"widgets\.breaks must be a list"),
        (
            lambda s: s["indicators"]["widgets"]["breaks"][0].pop("citation"),
            r"breaks\[0\] must be a mapping",
        ),
        (lambda s: s["indicators"]["widgets"]["breaks"][0].update(iso3="China"), r"is not ISO3"),
        (
            lambda s: s["indicators"]["widgets"]["breaks"][0].update(year="2009"),
            r"breaks\[0\]\.year must be a year",
        ),
        (
            lambda s: s["indicators"]["widgets"]["breaks"][0].update(note=""),
            r"breaks\[0\]\.note must be",
        ),
        (
            lambda s: s.update(provisional={"last_years": 0, "note": "x"}),
            r"last_years must be a positive",
        ),
        (
            lambda s: s.update(provisional={"years": 1, "note": "x"}),
            r"provisional must be a mapping",
        ),
    ],
)
def test_parse_rejects_malformed_marks(change, match: str) -> None:
    spec = _spec()
    change(spec)
    with pytest.raises(MetadataError, match=match) as info:
        metadata.parse(spec, "demo")
    assert "demo.meta.yaml" in str(info.value) and "Fix:" in str(info.value)


def test_definition_text_states_the_break(demo: metadata.DatasetMeta) -> None:
    text = metadata.definition_text("demo", "widgets")
    assert "Break in series, CHN 2009: a new definition (OECD MSTI notes)." in text


@pytest.mark.parametrize(
    ("countries", "years", "expected"),
    [
        (
            ["RUS", "CHN"],
            (2000, 2023),
            [("break", 2009, "CHN"), ("provisional", 2022, None), ("provisional", 2023, None)],
        ),
        (["RUS", "CHN"], (2000, 2022), [("break", 2009, "CHN"), ("provisional", 2022, None)]),
        (["RUS", "CHN"], (2009, 2015), []),  # no year before the break: nothing to mark
        (["RUS", "CHN"], (2008, 2009), [("break", 2009, "CHN")]),
        (["RUS", "USA"], (2000, 2015), []),  # the break's country is not plotted
    ],
)
def test_series_marks_returns_what_falls_in_the_window(demo, countries, years, expected) -> None:
    found = marks.series_marks("demo", ["widgets"], countries, years)
    assert [(m.kind, m.year, m.series) for m in found] == expected


def test_provisional_years_follow_the_data_not_the_metadata(demo, monkeypatch) -> None:
    monkeypatch.setattr(processed, "sidecar", lambda dataset: {"years": [1990, 2024]})
    found = marks.series_marks("demo", ["widgets"], ["USA"], (2000, 2030))
    assert [m.year for m in found] == [2023, 2024]


def test_series_marks_refuses_an_undeclared_indicator(demo) -> None:
    with pytest.raises(MetadataError, match="'gadgets' is not declared"):
        marks.series_marks("demo", ["gadgets"], ["CHN"], (2000, 2020))


def test_mark_on_another_series_keeps_everything_else() -> None:
    mark = marks.SeriesMark("break", 2009, "CHN", "n", "c")
    assert mark.on("Researchers") == marks.SeriesMark("break", 2009, "Researchers", "n", "c")


# --------------------------------------------------------------------------- real data


def test_chinas_declared_2009_researcher_break_shows_in_the_data(mirror: Path) -> None:
    """The declaration is checked against the series: a definition change moves the level."""
    (brk,) = metadata.indicator_meta("wdi", "researchers_per_million").breaks
    rows = processed.load(
        "wdi", [brk.iso3], (brk.year - 5, brk.year + 5), indicators=["researchers_per_million"]
    )
    series = rows.set_index("year")["value"].sort_index()
    growth = series.pct_change().dropna()
    step = growth[brk.year]
    others = growth.drop(brk.year)
    typical = others.median()
    spread = (others - typical).abs().max()
    # The year of the break stands out from every other year's growth by more than twice as much.
    assert abs(step - typical) > 2 * spread, (
        f"{step:+.1%} across the break; other years {typical:+.1%} ± {spread:.1%}"
    )


def test_openalex_final_year_is_marked_provisional(mirror: Path) -> None:
    final = int(
        processed.load("copub", indicators=["internationally_coauthored_works"])["year"].max()
    )
    found = marks.series_marks("copub", ["coauthored_works"], ["RUS", "CHN"], (1990, final))
    assert [(m.kind, m.year) for m in found] == [("provisional", final)]
    assert not marks.series_marks("copub", ["coauthored_works"], ["RUS"], (1990, final - 1))


def test_metadata_years_are_the_schema_years() -> None:
    from analysis.data import schema

    assert (metadata._FIRST_YEAR, metadata._LAST_YEAR) == (schema.MIN_YEAR, schema.MAX_YEAR)
