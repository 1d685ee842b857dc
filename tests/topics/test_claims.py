"""The claims check: verdicts follow from computed values and tolerances, never typed in."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics import claims
from analysis.viz import checks


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


def test_rank_notes_say_whether_the_published_rank_is_within_the_band() -> None:
    table = _claims(comparison="rank_within", claimed_value=60.0, tolerance=0.0)
    scaled = claims.row("index 2021", 2021, 32 / 62 * 195, "rank 32/62")
    scaled["rank"] = 32
    results = claims.judge(table, [[scaled]])
    # 32nd of 62 is within the top 60 as published, not as a share of 195 countries.
    assert results["note"].iloc[0] == "rank 32/62; as published within the top 60"
    assert results["verdict"].iloc[0] == "not supported"


@pytest.mark.parametrize(
    "comparison,computed,claimed,tolerance,expected",
    [
        ("ratio", 37.5, 38, 0.10, "supported"),
        ("ratio", 43.0, 38, 0.10, "partly supported"),
        ("ratio", 55.0, 38, 0.10, "not supported"),
        ("at_least", 11.0, 5, 0, "supported"),
        ("at_least", 3.0, 5, 0, "partly supported"),
        ("at_least", 0.4, 5, 0, "not supported"),
        ("rank_within", 15, 20, 0, "supported"),
        ("rank_within", 20, 20, 0, "supported"),
        ("rank_within", 38, 20, 0, "not supported"),
        ("rank_within", 38, 60, 0, "supported"),
        ("above", 4.6, 0, 0, "supported"),
        ("above", 0.0, 0, 0, "not supported"),
        ("above", -12.0, 0, 0, "not supported"),
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
    assert set(table["comparison"]) <= {"ratio", "at_least", "rank_within", "above"}
    for period in table["reference_period"]:
        first, _, last = period.partition("-")
        assert int(first) <= int(last or first), period
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
    assert results["counts"].tolist() == [True, False]
    summary = claims.summary(results).iloc[0]
    assert summary["overall"] == "supported"  # the 1996-2003 row is context
    assert (summary["definitions"], summary["context"]) == (1, 1)


@pytest.mark.parametrize(
    "period,reference,expected",
    [
        ("2018", "2017-2019", True),
        ("2017-2019", "2017-2019", True),
        ("2003-2019", "2000-2019", True),
        ("2003-2022", "2000-2019", False),  # overlaps, but not wholly inside
        ("1996-2018", "2000-2019", False),
        ("2022", "2019-2021", False),  # e.g. the GAIRI 2021 edition, published in 2022
        ("-", "2019-2021", True),
    ],
)
def test_a_row_is_in_period_only_when_its_whole_period_is_inside(
    period: str, reference: str, expected: bool
) -> None:
    assert claims.inside(period, reference) is expected


def test_the_rule_is_stated() -> None:
    assert "published" in claims.RULE and "whole period" in claims.RULE


def test_context_definitions_do_not_count_even_in_period() -> None:
    computed = [
        claims.row("widgets", 2018, 0.3),
        claims.row("specialisation", 2018, 2.0, "what it measures", context=True),
    ]
    results = claims.judge(_claims(comparison="at_least", claimed_value=1.0), [computed])
    assert results["in_period"].tolist() == [True, True]
    assert results["counts"].tolist() == [True, False]
    assert claims.summary(results).iloc[0]["overall"] == "not supported"


def test_a_claim_with_only_context_rows_is_not_checkable() -> None:
    results = claims.judge(_claims(), [[claims.row("widgets", "1990", 10.0)]])
    assert claims.summary(results).iloc[0]["overall"] == "not checkable"


def test_figures_separate_counted_and_context_rows_and_show_rank_n() -> None:
    import matplotlib.pyplot as plt

    claim = _claims(comparison="rank_within", claimed_value=60.0, quantity="ai_rank").iloc[0]
    rows = []
    for period, rank, n in ((2019, 29, 194), (2021, 32, 62), (2023, 38, 193)):
        r = claims.row("Index", period, rank / n * 195, f"rank {rank}/{n} (top 15% of the ranked)")
        r["rank"] = rank
        rows.append(r)
    results = claims.judge(_claims(comparison="rank_within", claimed_value=60.0,
                                   reference_period="2019-2021"), [rows])  # fmt: skip
    fig = checks.verdict_dots(**claims.chart(results, claim))
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"29/194", "32/62", "38/193"} <= set(texts)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1].endswith("(context)") and not ticks[0].endswith("(context)")
    assert "1 of 2 definitions in" in fig.get_suptitle()  # the 2023 row is not counted
    plt.close(fig)


def test_real_quantities(mirror) -> None:
    from analysis.data.processed import load

    results = claims.evaluate(["RUS", "CHN", "USA"])
    by = results.set_index(["claim", "definition", "period"])
    computed = by["computed"]

    # OpenAlex: the pair's co-authored works in 2019 ÷ 2000, read from the processed table.
    pair = load("copub", ["CHN"], (2000, 2019), indicators=["coauthored_works"])
    works = pair[pair["partner_iso3"] == "RUS"].set_index("year")["value"]
    assert computed[
        ("copub_taken_time_to_mature", "OpenAlex co-authored works, end ÷ start", "2000-2019")
    ] == pytest.approx(works[2019] / works[2000])
    # NCSES 2003-2022 is not inside 2000-2019: context.
    ncses = results[
        (results["claim"] == "copub_taken_time_to_mature")
        & results["definition"].str.startswith("NCSES")
    ]
    assert not ncses["counts"].any()
    # Oxford Insights 2019, scaled to 195, from the raw panel file.
    panel = pd.read_csv(mirror / "oxford_gairi" / "gairi_global_rankings_2019_2025.csv")
    russia = panel[(panel["iso3"] == "RUS") & (panel["year"] == 2019)].iloc[0]
    top60 = results[results["claim"] == "ai_among_top60"].set_index("definition")
    assert top60.loc["Oxford Insights GAIRI 2019", "computed"] == pytest.approx(
        russia["rank"] / russia["n_ranked"] * 195
    )
    assert top60.loc["Tortoise Global AI Index 2021", "verdict"] == "not supported"
    assert "32/62" in top60.loc["Tortoise Global AI Index 2021", "note"]
    # The GAIRI 2021 edition was published in January 2022: dated 2022, out of 2019-2021.
    assert top60.loc["Oxford Insights GAIRI 2021", "period"] == "2022"
    assert not top60.loc["Oxford Insights GAIRI 2021", "counts"]
    # NCSES mathematics: fractional articles 2017 and the specialisation index 2018 (context).
    fields = load("ncses_fields", ["RUS", "CHN"], (2017, 2018))
    math = fields[fields["category"].fillna("").str.startswith("Mathematics")]
    articles = math[
        (math["indicator"] == "se_articles_fractional") & (math["year"] == 2017)
    ].set_index("iso3")["value"]
    assert computed[
        (
            "russia_math_advantage",
            "Mathematics articles (fractional count), focus ÷ partner",
            "2017",
        )
    ] == pytest.approx(articles["RUS"] / articles["CHN"])
    index = fields[
        (fields["indicator"] == "math_specialization_index") & (fields["year"] == 2018)
    ].set_index("iso3")["value"]
    spec = by.loc[
        ("russia_math_advantage", "Mathematics specialisation index, focus ÷ partner", "2018")
    ]
    assert spec["computed"] == pytest.approx(index["RUS"] / index["CHN"])
    assert not spec["counts"]
    overall = claims.summary(results).set_index("claim")["overall"]
    assert overall["investment_lopsided"] == "not checkable"
    assert overall["ai_in_top20"] == "not supported"
    assert overall["russia_math_advantage"] == "not supported"


def test_real_gairi_2025_ranks_are_the_official_ones(mirror) -> None:
    """Oxford Insights' 2025 publication: Georgia 84th of 195 with the CSV's pillar scores."""
    from analysis.data.processed import load
    from analysis.topics import ai
    from analysis.topics.claims import gairi

    panel = pd.read_csv(mirror / "oxford_gairi" / "gairi_global_rankings_2019_2025.csv")
    row = panel[(panel["iso3"] == "GEO") & (panel["year"] == 2025)].iloc[0]
    assert (int(row["rank"]), int(row["n_ranked"])) == (gairi.PANEL_RANK, 195)  # the panel: 87
    csv = pd.read_csv(mirror / "oxford_gairi" / "ai_readiness_index.csv")
    official = int(csv.set_index("iso3c").loc["GEO", "rank"])
    assert official == gairi.PUBLISHED_RANK[0]  # the publication's 84th

    table = load("ai_rankings")
    check = gairi.check_2025(table)
    assert (check.rank, check.n_countries) == (official, len(csv))
    assert check.matches and check.panel_ranks == []
    # The panel's 2025 rows carry no rank for any country; every 2025 rank is the CSV's.
    edition = table[table["edition"].astype(str) == "2025"]
    assert edition.loc[edition["indicator"] == "gairi_score", "rank"].isna().all()
    [georgia] = (
        ai.positions(["GEO"])
        .query("source == 'oxford_gairi' and edition == '2025'")["rank"]
        .tolist()
    )
    assert georgia == official
    assert f"Georgia {official}th of {len(csv)}" in gairi.check_sentence(table)


def test_a_claim_nothing_can_check_says_so_in_its_figure_title() -> None:
    import matplotlib.pyplot as plt

    results = claims.judge(_claims(), [[claims.row("widgets", 2018, None)]])
    fig = checks.verdict_dots(**claims.chart(results, _claims().iloc[0]))
    title = fig.get_suptitle()
    assert title.startswith("Not checkable: no definition can be computed for ")
    assert "0 of" not in title and "computed -" not in title
    plt.close(fig)
