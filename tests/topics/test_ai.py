"""AI rankings and output: positions with N and percentile, sentences, pillars, multiples."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.topics import ai
from analysis.viz import charts


def _rank_rows(
    source: str, indicator: str, edition: str, year: int, ranks: dict[str, int]
) -> list[dict]:
    n = len(ranks)
    return [
        {
            "iso3": iso3,
            "country": iso3,
            "year": year,
            "indicator": indicator,
            "value": 100.0 - r,
            "unit": "u",
            "source": source,
            "vintage": f"{source} v",
            "edition": edition,
            "rank": r,
            "n_countries": n,
            "category": None,
        }
        for iso3, r in ranks.items()
    ]


def _rankings() -> pd.DataFrame:
    rows = []
    # Oxford 2019: five countries, AAA and BBB tied on 2.
    rows += _rank_rows(
        "oxford_gairi",
        "gairi_score",
        "2019",
        2019,
        {"USA": 1, "AAA": 2, "BBB": 2, "CHN": 4, "RUS": 5},
    )
    # Oxford 2025: the panel's total has no rank; the rank is on gairi_pillar_mean_score.
    panel_2025 = _rank_rows(
        "oxford_gairi", "gairi_score", "2025", 2025, {"USA": 1, "CHN": 2, "RUS": 3}
    )
    for r in panel_2025:
        r["rank"] = None
    rows += panel_2025
    rows += _rank_rows(
        "oxford_gairi", "gairi_pillar_mean_score", "2025", 2025, {"USA": 1, "RUS": 2, "CHN": 3}
    )
    rows += _rank_rows(
        "tortoise_gai", "gai_score", "2021", 2021, {"USA": 1, "CHN": 2, "AAA": 3}
    )  # RUS absent
    df = pd.DataFrame(rows)
    df["rank"] = df["rank"].astype("Int64")
    df["n_countries"] = df["n_countries"].astype("Int64")
    return df


@pytest.fixture
def rankings() -> pd.DataFrame:
    return _rankings()


def test_positions_give_rank_n_and_percentile_with_ties(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN", "USA"])
    row = pos[(pos["label"].str.endswith("2019")) & (pos["iso3"] == "RUS")].iloc[0]
    assert (row["rank"], row["n_countries"], row["below"], row["percentile"]) == (5, 5, 0, 0.0)
    chn = pos[(pos["edition"] == "2019") & (pos["iso3"] == "CHN")].iloc[0]
    assert chn["percentile"] == 25.0  # one of the four others ranks below
    usa = pos[(pos["edition"] == "2019") & (pos["iso3"] == "USA")].iloc[0]
    assert usa["percentile"] == 100.0


def test_shared_ranks_are_flagged_and_counted_once(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["AAA", "BBB", "RUS"])
    tied = pos[(pos["edition"] == "2019") & (pos["iso3"] == "AAA")].iloc[0]
    assert bool(tied["tied"]) and tied["below"] == 2 and tied["percentile"] == 50.0


def test_oxford_2025_rank_comes_from_the_pillar_mean_rows_only(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN"])
    ox = pos[(pos["source"] == "oxford_gairi") & (pos["edition"] == "2025")]
    assert len(ox) == 2  # one row per country: the rankless panel rows do not add an edition
    assert ox.set_index("iso3").loc["RUS", "rank"] == 2
    assert (ox["indicator"] == "gairi_pillar_mean_score").all()


def test_unranked_country_is_kept_as_a_gap(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN"])
    tortoise = pos[pos["source"] == "tortoise_gai"].set_index("iso3")
    assert pd.isna(tortoise.loc["RUS", "rank"]) and tortoise.loc["RUS", "n_countries"] == 3
    table = ai.position_table(pos, ["RUS", "CHN"])
    assert table.loc["Tortoise Global AI Index 2021 (published 2021)", "Russia"] == "not ranked"


def test_two_ranks_for_one_edition_are_refused() -> None:
    table = _rankings()
    twice = pd.concat(
        [table, table[table["edition"] == "2019"].assign(indicator="gairi_pillar_mean_score")]
    )
    with pytest.raises(ValueError, match="ranks .* twice"):
        ai.positions_from(twice, ["RUS"])


@pytest.mark.parametrize(
    "rank,expected",
    [
        (1, "top 20"),
        (20, "top 20"),
        (21, "top 60"),
        (60, "top 60"),
        (61, "neither"),
        (None, "not ranked"),
    ],
)
def test_band(rank: int | None, expected: str) -> None:
    assert ai.band(rank) == expected


def test_ranking_sentence_is_computed_and_says_what_is_missing(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN", "USA"])
    text = ai.ranking_sentence(pos, ["RUS", "CHN", "USA"])
    assert "5/5, percentile 0.0" in text
    assert "is not ranked (the edition ranks 3 countries" in text
    assert "ai_readiness_index.csv" in text  # the 2025 rank carries its caveat
    assert "in the top 20 (the edition ranks only 5)" in text
    assert text.splitlines()[-1].endswith("2 of 3 in the top 20; 2 of 3 in the top 60.")


def test_bump_headline_counts_editions_where_partner_is_ahead(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN"])
    assert ai.bump_headline(pos, ["RUS", "CHN"]).endswith("ranks above it in 1 of 2")


def test_method_changes_counts_and_quotes_the_registry(rankings: pd.DataFrame) -> None:
    text = ai.method_changes(ai.positions_from(rankings, ["RUS"]))
    assert "countries ranked per edition in the data: 2019 5, 2025 3." in text
    assert "METHOD BREAKS" in text  # quoted from the oxford_gairi registry notes
    assert "not comparable with each other" in text


def _pillars(top: str) -> pd.DataFrame:
    rows = []
    for iso3, total, scores in (
        ("RUS", 20.0, (10.0, 50.0)),
        ("CHN", 60.0, (40.0, 30.0)),
        ("USA", 100.0, (100.0, 60.0)),
        ("JPN", 30.0, (20.0, 20.0)),
    ):
        total = 100.0 if iso3 == top else min(total, 90.0)
        rows.append(
            {
                "iso3": iso3,
                "indicator": "gai_score",
                "edition": "2021",
                "value": total,
                "category": None,
                "source": "tortoise_gai",
                "vintage": "v",
                "country": iso3,
                "year": 2021,
            }
        )
        for cat, v in zip(("talent", "operating_environment"), scores, strict=True):
            rows.append(
                {
                    "iso3": iso3,
                    "indicator": "gai_pillar_score",
                    "edition": "2021",
                    "value": v,
                    "category": cat,
                    "source": "tortoise_gai",
                    "vintage": "v",
                    "country": iso3,
                    "year": 2021,
                }
            )
    return pd.DataFrame(rows)


def test_pillar_profile_uses_the_third_country_as_benchmark_only_if_it_tops_the_index() -> None:
    prof = ai.pillar_profile_from(_pillars(top="USA"), ["RUS", "CHN", "USA", "JPN"])
    assert set(prof["iso3"]) == {"RUS", "CHN", "USA"}
    assert "benchmark" in ai.pillar_note(prof, ["RUS", "CHN", "USA", "JPN"])
    prof = ai.pillar_profile_from(_pillars(top="CHN"), ["RUS", "CHN", "USA", "JPN"])
    assert set(prof["iso3"]) == {"RUS", "CHN", "USA", "JPN"}


def test_pillar_wide_orders_by_gap_and_headline_counts() -> None:
    profile = ai.pillar_profile_from(_pillars(top="USA"), ["RUS", "CHN", "USA"])
    wide = ai.pillar_wide(profile, ["RUS", "CHN", "USA"])
    assert list(wide.index) == ["talent", "operating environment"]  # RUS-CHN: -30, +20
    assert ai.pillar_headline(wide, "RUS", "CHN") == (
        "Russia scores below China on 1 of 2 Tortoise 2021 pillars; widest gap: talent (-30 points)"
    )
    fig = charts.profile(wide, title="t", footer="f", gap=("RUS", "CHN"))
    plt.close(fig)


def _output() -> pd.DataFrame:
    rows = []
    for year, rus, chn in (
        (2010, 10.0, 1000.0),
        (2015, 20.0, 600.0),
        (2019, 50.0, 700.0),
        (2022, 100.0, 1000.0),
    ):
        for iso3, v in (("RUS", rus), ("CHN", chn)):
            rows.append({"measure": "ai_articles", "iso3": iso3, "year": year, "value": v})
    for year, rus, chn in ((2015, 10.0, 100.0), (2023, 10.0, 300.0)):
        for iso3, v in (("RUS", rus), ("CHN", chn)):
            rows.append({"measure": "ai_publications", "iso3": iso3, "year": year, "value": v})
    rows.append(
        {"measure": "ai_patents_granted_2000_22", "iso3": "RUS", "year": 2022, "value": 2.0}
    )
    rows.append(
        {"measure": "ai_patents_granted_2000_22", "iso3": "CHN", "year": 2022, "value": 138.0}
    )
    df = pd.DataFrame(rows)
    df["country"], df["source"], df["vintage"], df["unit"] = df["iso3"], "s", "v", "u"
    df["kind"] = df["measure"].map(lambda m: ai.OUTPUT_SERIES[m][2])
    return df


def test_publication_sentence_follows_the_multiple_since_the_start_year() -> None:
    text = ai.publication_sentence(_output(), ["RUS", "CHN"], 2010, 2019)
    lines = text.splitlines()
    assert lines[0].endswith(
        "China ÷ Russia = 100× in 2010, 14× in 2019, 10× in 2022: "
        "the multiple fell to 0.10 of its 2010 level."
    )
    assert (
        "10× in 2015 (no data for both before 2015), 30× in 2023: the multiple grew 3.0-fold."
        in lines[1]
    )
    assert "no year from 2010 with data for both" in lines[2]


def test_cross_sections_are_multiples_of_the_focus_country() -> None:
    cross = ai.cross_section_multiples(_output(), ["RUS", "CHN"])
    label = ai.OUTPUT_SERIES["ai_patents_granted_2000_22"][1]
    assert cross.loc[label, "CHN"] == 69.0 and cross.loc[label, "RUS"] == 1.0
    assert ai.cross_section_headline(cross, ["RUS", "CHN"]).startswith(
        "China ÷ Russia: 69× in granted AI patent families"
    )
    assert "no data for these countries" in ai.cross_section_text(_output(), ["RUS", "CHN"])


def test_partner_multiples_and_panels() -> None:
    mult = ai.partner_multiples(_output(), ["RUS", "CHN"])
    assert mult.loc[2010, ai.SHORT_LABELS["ai_articles"]] == 100.0
    panels = ai.multiple_panels(mult, ["RUS", "CHN"])
    assert list(panels) == [
        "Publications: China ÷ Russia",
        "Patents and private investment: China ÷ Russia",
    ]
    assert ai.multiples_headline(mult, ["RUS", "CHN"]).startswith(
        "China ÷ Russia, latest years: 10× (articles (Scopus), 2022)"
    )


def test_bump_chart_draws_every_index_panel(rankings: pd.DataFrame) -> None:
    pos = ai.positions_from(rankings, ["RUS", "CHN", "USA"])
    fig = charts.bump(pos, title="t", footer="f", highlight="RUS")
    # Any title position: the house style (figures.set_style) puts titles on the left.
    titles = [
        t for ax in fig.axes for loc in ("left", "center", "right") if (t := ax.get_title(loc))
    ]
    assert len(titles) == 2  # Oxford and Tortoise panels (the key row has no title)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    assert "2019\nN=5" in labels
    plt.close(fig)


def test_output_from_limits_annual_series_to_the_years_but_keeps_cross_sections() -> None:
    def rows(indicator: str, years: list[int]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "indicator": indicator,
                "iso3": "RUS",
                "country": "Russia",
                "year": years,
                "value": 1.0,
                "unit": "u",
                "source": "s",
                "vintage": "v",
            }
        )

    frames = [
        rows("ai_publications", [2009, 2010, 2015, 2016]),
        rows("ai_patents_granted_2000_22", [2022]),
        pd.DataFrame(),  # a dataset with nothing for these countries
    ]
    data = ai.output_from(frames, (2010, 2015))
    annual = data[data["kind"] == "annual"]
    assert list(annual["year"]) == [2010, 2015]
    assert list(data.loc[data["kind"] == "period", "year"]) == [2022]
    assert set(data["measure"]) == {"ai_publications", "ai_patents_granted_2000_22"}
    assert data["label"].iloc[0] == ai.OUTPUT_SERIES["ai_publications"][1]


def test_a_steep_fall_in_the_last_years_is_named_with_its_reason() -> None:
    import pandas as pd

    from analysis.topics import ai

    rows = [("IND", y, v) for y, v in ((2016, 200.0), (2017, 270.0), (2018, 250.0), (2019, 120.0),
                                        (2020, 10.0))]  # fmt: skip
    rows += [("RUS", y, 50.0) for y in range(2016, 2021)]
    data = pd.DataFrame(rows, columns=["iso3", "year", "value"]).assign(
        measure="ai_patent_applications_by_office", kind="annual"
    )
    text = ai.last_year_drops(data, ["RUS", "IND"])
    assert text.startswith("Steep falls in the last years: India's AI patent applications")
    assert "fall from 270 in 2017 to 10 in 2020" in text and "18 months after filing" in text
    assert "Russia" not in text


def test_a_row_without_a_source_does_not_break_the_countries_below_count() -> None:
    """A missing key makes its own group; it never reaches the editions shown."""
    from analysis.topics.ai import rankings

    indicator = sorted(rankings.RANK_INDICATORS)[0]
    table = pd.DataFrame(
        {
            "source": ["a", "a", None, "a"],
            "edition": ["2020", "2020", "2020", "2021"],
            "year": [2020, 2020, 2020, 2021],
            "indicator": [indicator] * 4,
            "iso3": ["RUS", "CHN", "USA", "RUS"],
            "rank": [2.0, 1.0, 3.0, 1.0],
            "n_countries": [2, 2, 3, 1],
            "vintage": ["v"] * 4,
        }
    )
    pos = rankings.positions_from(table, ["RUS", "CHN"])
    ranked = pos.dropna(subset=["rank"])
    assert list(zip(ranked["edition"], ranked["iso3"], ranked["below"], strict=True)) == [
        ("2020", "RUS", 0),
        ("2020", "CHN", 1),
        ("2021", "RUS", 0),
    ]
