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
        "fixture_claim": "mixed",  # 2018 supports it, 2019 does not: the reading names both
        "contradicted": "not supported",
        "uncheckable": "not checkable",
    }


def test_judge_needs_one_list_of_rows_per_claim() -> None:
    with pytest.raises(ValueError, match="1 lists of computed rows for 2 claims"):
        claims.judge(pd.concat([_claims(), _claims()]), [_computed(VALUES)])
    empty = claims.judge(_claims(), [[]])
    assert empty["note"].tolist() == ["no data for these countries"]


def _ranks() -> pd.DataFrame:
    """Russia's ranks as published: GAIRI 2019 (nearly every country), Tortoise 2021 (62 chosen)."""
    return pd.DataFrame(
        [
            ("oxford_gairi", "Oxford Insights GAIRI", "2019", 2019, "RUS", 29, 194),
            ("tortoise_gai", "Tortoise Global AI Index", "2021", 2021, "RUS", 32, 62),
        ],
        columns=["source", "index", "edition", "year", "iso3", "rank", "n_countries"],
    ).assign(vintage="v")


def test_a_rank_in_a_selected_set_is_read_among_that_set_named_and_not_rescaled() -> None:
    """Verdict 1: Tortoise's 32nd of its 62 chosen AI leaders is within the top 60."""
    rows = claims.ai_quantities.ai_rank("RUS", None, None, [2019, 2021], ranks=_ranks())
    by = {r["definition"]: r for r in rows}
    tortoise = by["Tortoise Global AI Index 2021"]
    assert tortoise["computed"] == 32  # the rank as published, not 32 / 62 × 195 ≈ 101
    assert (tortoise["rank"], tortoise["n_ranked"]) == (32, 62)
    assert "Tortoise's 62 chosen AI leaders" in tortoise["note"]
    assert "would rank below" in tortoise["note"]
    assert "nearly every country" in by["Oxford Insights GAIRI 2019"]["note"]
    top60 = claims.judge(_claims(comparison="rank_within", claimed_value=60.0, tolerance=0.0,
                                 quantity="ai_rank", reference_period="2019-2021"), [rows])  # fmt: skip
    assert set(top60["verdict"]) == {"supported"}
    assert claims.summary(top60).iloc[0]["overall"] == "supported"
    assert "Tortoise Global AI Index 2021 (2021: 32)" in claims.summary(top60).iloc[0]["reading"]
    top20 = claims.judge(_claims(comparison="rank_within", claimed_value=20.0, tolerance=0.0,
                                 quantity="ai_rank", reference_period="2019-2021"), [rows])  # fmt: skip
    assert set(top20["verdict"]) == {"not supported"}
    assert top20["n_ranked"].tolist() == [194, 62]  # rank and N are columns, not note text


def test_years_no_data_reach_make_the_verdict_say_so() -> None:
    """Verdict 2: "previously" reaches before the data; say "not checkable before 2003; from 2003 on"."""
    output = pd.DataFrame(
        [(i, y, v) for i, vals in (("RUS", (10, 12, 15)), ("CHN", (100, 200, 400)))
         for y, v in zip((2003, 2004, 2005), vals, strict=True)],
        columns=["iso3", "year", "value"],
    ).assign(indicator="ai_articles", source="ncses_sei", vintage="v", country="")  # fmt: skip
    rows = claims.ai_quantities.ai_output_earliest(
        "RUS", "CHN", None, list(range(1990, 2016)), output=output
    )
    assert rows[0]["uncovered"] and rows[0]["period"] == "1990-2002"
    results = claims.judge(
        _claims(comparison="at_least", claimed_value=1.0, reference_period="1990-2015"), [rows]
    )
    summary = claims.summary(results).iloc[0]
    assert summary["overall"] == "not checkable before 2003; from 2003 on, not supported"
    assert summary["reading"].startswith("Not checkable before 2003: the earliest AI output")
    assert "expertise" in summary["reading"]


def test_a_claim_some_readings_support_and_others_not_is_mixed_and_named() -> None:
    """Verdict 3: mathematics, supported by specialisation, not by volume or citations."""
    rows = [
        claims.row("Mathematics articles", 2018, 0.33),
        claims.row("Top-1% index of mathematics papers", 2018, 0.2),
        claims.row("Mathematics specialisation index", 2018, 2.3),
    ]
    results = claims.judge(_claims(comparison="at_least", claimed_value=1.0,
                                   quantity="math_advantage"), [rows])  # fmt: skip
    assert results["counts"].all()  # the specialisation index is a reading, not context
    summary = claims.summary(results).iloc[0]
    assert summary["overall"] == "mixed"
    assert "Supported by Mathematics specialisation index (2018: 2.3)" in summary["reading"]
    assert "Not supported by Mathematics articles (2018: 0.33); Top-1% index" in summary["reading"]
    assert "penalise Russian-language journals" in summary["reading"]  # the quantity's caveat


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


def test_registry_rows_are_complete_and_cite_their_text() -> None:
    table = claims.registry()
    assert table["id"].is_unique
    assert set(table["quantity"]) <= set(claims.QUANTITIES)
    assert set(table["comparison"]) <= set(claims.texts.COMPARISONS)
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
        "text_id",
        "text_title",
        "text_url",
    ):
        assert (table[column].str.len() > 0).all(), column
    essay = table[table["text_id"] == "bendett_kania_2020"]
    assert len(essay) == 14 and essay["citation"].str.contains("Bendett").all()


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
    claim = _claims(quantity="patent_multiple").iloc[0]
    computed = claims.compute(claim, ["RUS"])  # returns before loading anything
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
        r = claims.row("Index", period, rank, f"rank {rank} among {n}")
        r.update(rank=rank, n_ranked=n)
        rows.append(r)
    results = claims.judge(_claims(comparison="rank_within", claimed_value=60.0,
                                   reference_period="2019-2021"), [rows])  # fmt: skip
    fig = checks.verdict_dots(**claims.chart(results, claim))
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"29/194", "32/62", "38/193"} <= set(texts)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1].endswith("(context)") and not ticks[0].endswith("(context)")
    assert "2 of 2 definitions in" in fig.get_suptitle()  # the 2023 row is not counted
    plt.close(fig)


def test_figure_headline_counts_only_judged_definitions() -> None:
    """A counted row that is not checkable (years before the data) is not 'a definition'."""
    import matplotlib.pyplot as plt

    claim = _claims().iloc[0]
    rows = [
        claims.row("Articles", 2003, 0.02),
        claims.row("Articles", 2004, 0.05),
        claims.row("Before the data", 1995, None, "no data before 2003"),
    ]
    results = claims.judge(_claims(reference_period="1990-2005"), [rows])
    assert int(claims.summary(results).iloc[0]["definitions"]) == 3
    fig = checks.verdict_dots(**claims.chart(results, claim))
    assert "of 2 definitions in" in fig.get_suptitle()
    plt.close(fig)


def test_only_claims_with_a_computed_value_get_a_figure() -> None:
    """A claim no data measure has nothing to draw: no figure, named in the sentence."""
    both = pd.concat(
        [_claims(), _claims(id="unmeasured_claim", quantity="unmeasured")], ignore_index=True
    )
    reason = "not checkable: no data in the package measure it"
    results = claims.judge(both, [_computed(VALUES), [claims.row("none", "2019", None, reason)]])
    drawn = claims.charts(results, both)
    assert list(drawn) == ["fixture_claim"]
    assert list(drawn["fixture_claim"]["rows"]["computed"]) == [10.4, 13.0]
    sentence = claims.figureless_sentence(both, drawn)
    assert sentence.startswith("1 of 2 claims have a figure; 1 have no computed value")
    assert sentence.endswith(": unmeasured_claim.")
    assert claims.figureless_sentence(both.iloc[:1], drawn).startswith("Every one of the 1")


def test_an_empty_figure_says_not_checkable_once() -> None:
    reason = "not checkable: a forecast"
    results = claims.judge(_claims(), [[claims.row("none", "2019", None, reason)]])
    message = claims.chart(results, _claims().iloc[0])["empty_message"]
    assert message == "not checkable: a forecast"


def test_real_quantities(mirror) -> None:
    from analysis.data.processed import load

    results = claims.evaluate(["RUS", "CHN", "USA"])
    by = results.set_index(["claim", "definition", "period"])
    computed = by["computed"]

    # OpenAlex: the first year China ranked 5th or better among Russia's partners, recomputed
    # from the processed table (pairs are stored once: take both orders).
    pairs = load("copub", indicators=["coauthored_works"])
    mine = pd.concat([
        pairs[pairs["iso3"] == "RUS"][["partner_iso3", "year", "value"]],
        pairs[pairs["partner_iso3"] == "RUS"].rename(columns={"iso3": "partner_iso3",
                                                             "partner_iso3": "iso3"})[
            ["partner_iso3", "year", "value"]],
    ])  # fmt: skip
    mine["rank"] = mine.groupby("year")["value"].rank(ascending=False, method="min")
    china = mine[(mine["partner_iso3"] == "CHN") & (mine["value"] > 0)]
    first, reached = int(china["year"].min()), int(china[china["rank"] <= 5]["year"].min())
    maturity = results[
        (results["claim"] == "copub_taken_time_to_mature")
        & results["definition"].str.contains("rank 5 or better")
    ].iloc[0]
    assert maturity["period"] == f"{first}-{reached}"
    assert f"China took {reached - first} years" in maturity["note"]
    # Ranks as published, read among the set each index ranks.
    panel = pd.read_csv(mirror / "oxford_gairi" / "gairi_global_rankings_2019_2025.csv")
    russia = panel[(panel["iso3"] == "RUS") & (panel["year"] == 2019)].iloc[0]
    top60 = results[results["claim"] == "ai_among_top60"].set_index("definition")
    assert top60.loc["Oxford Insights GAIRI 2019", "computed"] == russia["rank"]
    assert top60.loc["Oxford Insights GAIRI 2019", "n_ranked"] == russia["n_ranked"]
    assert top60.loc["Tortoise Global AI Index 2021", "verdict"] == "supported"
    assert top60.loc["Tortoise Global AI Index 2021", "n_ranked"] == 62
    # The GAIRI 2021 edition was published in January 2022: dated 2022, out of 2019-2021.
    assert top60.loc["Oxford Insights GAIRI 2021", "period"] == "2022"
    assert not top60.loc["Oxford Insights GAIRI 2021", "counts"]
    # NCSES mathematics: fractional articles 2017 and the specialisation index 2018 (a reading).
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
    assert spec["counts"] and spec["verdict"] == "supported"
    overall = claims.summary(results).set_index("claim")["overall"]
    assert overall["investment_lopsided"] == "not checkable"
    assert overall["ai_in_top20"] == "not supported"
    assert overall["ai_among_top60"] == "supported"
    assert overall["russia_math_advantage"] == "mixed"
    assert overall["ai_previously_ahead_of_china"].startswith("not checkable before 2003; from")


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


def _gdp(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    """WDI-like GDP-at-PPP rows written by the test (no data loading)."""
    return pd.DataFrame(
        [
            {"iso3": c, "country": c, "year": y, "indicator": "gdp_ppp_usd", "value": v}
            for (c, y), v in values.items()
        ]
    ).assign(unit="US$", source="wdi", vintage="v")


def test_compute_from_computes_a_claims_rows_from_the_tables_it_is_given() -> None:
    claim = _claims(quantity="gdp_growth", reference_period="2000-2005").iloc[0]
    gdp = _gdp({("RUS", 2000): 1.0, ("RUS", 2005): 2.0, ("CHN", 2000): 1.0, ("CHN", 2005): 6.0})
    rows = claims.compute_from(claim, None, {"gdp": gdp})
    by_definition = {r["definition"]: r for r in rows}
    ppp = by_definition["GDP at PPP growth, partner ÷ focus"]
    assert (ppp["period"], ppp["computed"]) == ("2000-2005", pytest.approx(3.0))
    # The parameter countries take the claim's roles by position: CHN focus, RUS partner.
    swapped = claims.compute_from(claim, ["CHN", "RUS"], {"gdp": gdp})
    assert swapped[0]["computed"] == pytest.approx(1 / 3)
    results = claims.judge(_claims(quantity="gdp_growth", claimed_value=3.0), [rows])
    assert results.set_index("definition").loc[ppp["definition"], "verdict"] == "supported"


def test_compute_from_says_what_is_missing_without_tables() -> None:
    claim = _claims(quantity="copub_vs_third").iloc[0]
    assert claims.unfilled(claim, ["RUS", "CHN"])  # no third country
    [needs] = claims.compute_from(claim, ["RUS", "CHN"], {})
    assert needs["computed"] is None and needs["note"] == "needs a third country in the list"
    unmeasured = _claims(quantity="unmeasured", operationalisation="firm-level survey").iloc[0]
    [row] = claims.compute_from(unmeasured, None, {})
    assert row["computed"] is None and "firm-level survey" in row["note"]


def test_claim_tables_refuses_a_claim_whose_roles_are_not_filled() -> None:
    claim = _claims(quantity="patent_multiple").iloc[0]
    with pytest.raises(ValueError, match="needs the roles"):
        claims.claim_tables(claim, ["RUS"])


def test_every_quantity_has_one_loader_and_the_claim_span_is_its_reference_period() -> None:
    assert set(claims.load.TABLES) == set(claims.QUANTITIES)
    assert claims.span(_claims(reference_period="2003-2022").iloc[0]) == (2003, 2022)
    assert claims.span(_claims(reference_period="2019").iloc[0]) == (2019, 2019)
