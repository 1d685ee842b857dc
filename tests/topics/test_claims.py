"""The claims check: verdicts follow from computed values and tolerances, never typed in."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics import claims


def _claims(**over: object) -> pd.DataFrame:
    row = {
        "id": "fixture_claim",
        "quote": "X generated 10 times fewer widgets than Y.",
        "speaker": "A. Author",
        "date": "2020",
        "quantity": "fixture",
        "comparison": "ratio",
        "claimed_value": 10.0,
        "tolerance": 0.1,
        "reference_period": "2018-2019",
        "focus": "RUS",
        "partner": "CHN",
        "third": "",
        "citation": "fixture",
        "operationalisation": "fixture",
    }
    row.update(over)
    return pd.DataFrame([row])


VALUES = {2018: 10.4, 2019: 13.0}
"""A quantity known by construction: 10.4 in 2018 (supported against 10), 13 in 2019."""


def _computed(values: dict[int, float]) -> list[dict]:
    return [
        claims.row("widgets", y, values.get(y), source="wdi", vintage="v") for y in (2018, 2019)
    ]


def test_supported_contradicted_and_uncheckable_by_construction() -> None:
    table = pd.concat(
        [
            _claims(),
            _claims(id="contradicted", claimed_value=2.0),
            _claims(id="uncheckable"),
        ],
        ignore_index=True,
    )
    results = claims.judge(table, [_computed(VALUES), _computed(VALUES), _computed({})])
    got = results.set_index(["claim", "period"])["verdict"].to_dict()
    assert got[("fixture_claim", "2018")] == "supported"  # 10.4 within ±10% of 10
    assert got[("fixture_claim", "2019")] == "not supported"  # 13 is 30% off, beyond 2 × 10%
    assert got[("contradicted", "2018")] == "not supported"
    assert got[("uncheckable", "2019")] == "not checkable"
    overall = claims.summary(results).set_index("claim")["overall"].to_dict()
    assert overall == {
        "fixture_claim": "partly supported",
        "contradicted": "not supported",
        "uncheckable": "not checkable",
    }


def test_judge_needs_one_list_of_rows_per_claim() -> None:
    with pytest.raises(ValueError, match="1 lists of computed rows for 2 claims"):
        claims.judge(pd.concat([_claims(), _claims()]), [_computed(VALUES)])
    empty = claims.judge(_claims(), [[]])
    assert empty["note"].tolist() == ["no data for these countries"]


def test_rank_band_notes_say_whether_the_narrow_band_is_met() -> None:
    table = _claims(comparison="rank_band", claimed_value=20.0, tolerance=60.0)
    results = claims.judge(table, [[claims.row("index", 2019, 29.0, "rank 29/194")]])
    assert results["note"].iloc[0] == "rank 29/194; not in the top 20"
    assert results["verdict"].iloc[0] == "supported"


@pytest.mark.parametrize(
    "comparison,computed,claimed,tolerance,expected",
    [
        ("ratio", 37.5, 38, 0.10, "supported"),
        ("ratio", 43.0, 38, 0.10, "partly supported"),
        ("ratio", 55.0, 38, 0.10, "not supported"),
        ("at_least", 11.0, 5, 0, "supported"),
        ("at_least", 3.0, 5, 0, "partly supported"),
        ("at_least", 0.4, 5, 0, "not supported"),
        ("rank_band", 15, 20, 60, "supported"),
        ("rank_band", 38, 20, 60, "supported"),  # "either in the twenty, or even among the 60"
        ("rank_band", 75, 20, 60, "not supported"),
        ("at_least", pd.NA, 5, 0, "not checkable"),
        ("ratio", None, 38, 0.10, "not checkable"),
        ("ratio", float("nan"), 38, 0.10, "not checkable"),
    ],
)
def test_verdict_rules(comparison, computed, claimed, tolerance, expected) -> None:
    assert claims.verdict(comparison, computed, claimed, tolerance) == expected


def test_unknown_comparison_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown comparison 'bigger'"):
        claims.verdict("bigger", 1.0, 1.0, 0)


def test_registry_rows_are_complete_and_cite_the_essay() -> None:
    table = claims.registry()
    assert table["id"].is_unique
    assert set(table["quantity"]) <= set(claims.QUANTITIES)
    assert set(table["comparison"]) <= {"ratio", "at_least", "rank_band"}
    for column in (
        "quote",
        "speaker",
        "date",
        "citation",
        "operationalisation",
        "reference_period",
    ):
        assert (table[column].str.len() > 0).all(), column
    assert table["citation"].str.contains("Bendett").all()


def test_roles_follow_parameter_countries() -> None:
    table = claims.registry().set_index("id", drop=False)
    assert claims.roles(table.loc["patents_16x_fewer_than_us"], ["RUS", "CHN", "USA"]) == (
        "RUS",
        "USA",
        None,
    )
    assert claims.roles(table.loc["patents_38x_fewer_than_china"], ["IND", "BRA", "JPN"])[:2] == (
        "IND",
        "BRA",
    )
    assert claims.roles(table.loc["us_china_more_integrated"], ["IND", "BRA"]) == (
        "IND",
        "BRA",
        None,
    )


def test_reproduction_sentence_names_matching_definitions() -> None:
    results = pd.DataFrame(
        {
            "claim": ["patents_38x_fewer_than_china"] * 2 + ["patents_16x_fewer_than_us"],
            "definition": ["office totals", "resident applications", "office totals"],
            "period": ["2017", "2017", "2017"],
            "computed": [37.5, 55.0, 25.0],
            "claimed": [38.0, 38.0, 16.0],
            "verdict": ["supported", "not supported", "not supported"],
        }
    )
    text = claims.reproduction_sentence(results)
    assert "38×: reproduced (within the tolerance) by office totals 2017 (38×)" in text
    assert (
        "16×: no definition and year reproduces it; the closest is office totals 2017 at 25×"
        in text
    )


def test_real_patent_claims(mirror) -> None:
    results = claims.evaluate(["RUS", "CHN", "USA"])
    office = results[
        (results["claim"] == "patents_38x_fewer_than_china")
        & (results["definition"] == "office totals")
    ]
    # WDI: (CN resident + non-resident) / (RU resident + non-resident), 2017 = 37.5 (data-pitfalls d-1).
    assert office.set_index("period").loc["2017", "computed"] == pytest.approx(37.5, abs=0.3)


def test_missing_role_is_not_checkable() -> None:
    claim = _claims().iloc[0]
    computed = claims.compute(claim, ["RUS"])  # returns before looking the quantity up
    results = claims.judge(_claims(), [computed])
    assert set(results["verdict"]) == {"not checkable"}
    assert "needs another country" in results["note"].iloc[0]


def test_rows_outside_the_reference_period_are_context_only() -> None:
    computed = [claims.row("widgets", 2018, 10.0), claims.row("widgets", "1996-2003", 99.0)]
    results = claims.judge(_claims(), [computed])
    assert results["in_period"].tolist() == [True, False]
    assert claims.summary(results).iloc[0]["overall"] == "supported"  # the 1996-2003 row is context


def test_real_quantities(mirror) -> None:
    results = claims.evaluate(["RUS", "CHN", "USA"])
    by = results.set_index(["claim", "definition", "period"])["computed"]
    # OpenAlex: 189 China-Russia works in 2000, 3,302 in 2019 (helper-checked against the Pajek files).
    assert by[
        ("copub_taken_time_to_mature", "OpenAlex co-authored works, end ÷ start", "2000-2019")
    ] == pytest.approx(3302 / 189)
    # Oxford Insights 2019 panel: Russia 29th of 194.
    assert by[("ai_top20_or_top60", "Oxford Insights Government AI Readiness Index", "2019")] == 29
    # NCSES mathematics specialisation 2018: Russia 1.70, China 0.87.
    spec = [
        k
        for k in by.index
        if k[0] == "russia_math_advantage"
        and k[1].startswith("Mathematics specialisation")
        and k[2] == "2018"
    ]
    assert by[spec[0]] == pytest.approx(1.70 / 0.87, rel=0.02)
    overall = claims.summary(results).set_index("claim")["overall"]
    assert overall["investment_lopsided"] == "not checkable"
