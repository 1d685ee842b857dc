"""The claims' quantities (analysis.topics.claims.quantities) on tables written by the test."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from analysis.topics import claims
from analysis.topics.claims import quantities

YEARS = [2000, 2001, 2002]


def _tidy(records: list[dict], source: str = "s", vintage: str = "v") -> pd.DataFrame:
    df = pd.DataFrame(records)
    df["country"] = df["iso3"]
    if "partner_iso3" in df:
        df["partner"] = df["partner_iso3"]
    return df.assign(source=source, vintage=df.get("vintage", vintage))


def test_every_quantity_takes_its_tables_by_keyword() -> None:
    for name, quantity in claims.QUANTITIES.items():
        params = inspect.signature(quantity.compute).parameters
        assert list(params)[:4] == ["focus", "partner", "third", "years"], name
        keywords = [p for p in params.values() if p.kind is p.KEYWORD_ONLY]
        assert keywords, f"{name} takes no table"


def test_pair_counts_find_a_pair_stored_in_either_order() -> None:
    table = _tidy(
        [
            {"iso3": "CHN", "partner_iso3": "RUS", "year": 2000, "value": 10.0},
            {"iso3": "RUS", "partner_iso3": "USA", "year": 2000, "value": 40.0},
        ]
    ).assign(indicator="coauthored_works")
    assert quantities.pair_counts(table, "RUS", "CHN", "coauthored_works")["value"].tolist() == [10]
    assert quantities.pair_counts(table, "USA", "RUS", "coauthored_works")["value"].tolist() == [40]
    assert quantities.pair_counts(table, "USA", "CHN", "coauthored_works").empty


def test_copub_growth_against_the_focus_countrys_own_growth() -> None:
    copub = pd.concat(
        [
            _tidy(
                [
                    {"iso3": "CHN", "partner_iso3": "RUS", "year": 2000, "value": 10.0},
                    {"iso3": "CHN", "partner_iso3": "RUS", "year": 2002, "value": 40.0},
                ]
            ).assign(indicator="coauthored_works"),
            _tidy(
                [
                    {"iso3": "RUS", "year": 2000, "value": 100.0},
                    {"iso3": "RUS", "year": 2002, "value": 200.0},
                ]
            ).assign(indicator="internationally_coauthored_works"),
        ],
        ignore_index=True,
    )
    ncses = _tidy(
        [
            {"iso3": "RUS", "partner_iso3": "CHN", "year": 2000, "value": 4.0},
            {"iso3": "RUS", "partner_iso3": "CHN", "year": 2002, "value": 6.0},
        ],
        vintage="SEI 2024",
    ).assign(indicator="intl_coauthored_articles")
    rows = quantities.copub_growth("RUS", "CHN", None, YEARS, copub=copub, ncses=ncses)
    by = {r["definition"]: r for r in rows}
    assert by["OpenAlex co-authored works, end ÷ start"]["computed"] == 4.0
    relative = by["OpenAlex pair growth ÷ focus country's international growth"]
    assert (relative["computed"], relative["claimed"]) == (2.0, 1.0)  # 4× against 2×
    assert by["NCSES co-authored articles, end ÷ start (SEI 2024)"]["computed"] == 1.5


def test_copub_vs_third_needs_a_third_country() -> None:
    empty = pd.DataFrame(columns=["iso3", "partner_iso3", "year", "value", "indicator"])
    rows = quantities.copub_vs_third("RUS", "CHN", None, YEARS, copub=empty, ncses=empty)
    assert rows[0]["note"] == "needs a third country"


def test_hightech_trade_ratio_per_year_and_missing_years() -> None:
    sold = pd.DataFrame({"year": [2000], "source": "s", "vintage": "v", "value": [8e6]})
    bought = pd.DataFrame({"year": [2000], "source": "s", "vintage": "v", "value": [1e6]})
    rows = quantities.hightech_trade_ratio(
        "RUS", "CHN", None, [2000, 2001], sold=sold, bought=bought
    )
    assert rows[0]["computed"] == 8.0 and rows[0]["note"] == "8.0 vs 1.00 US$ bn"
    assert rows[1]["computed"] is None and "no bilateral trade data" in rows[1]["note"]


def test_ai_rank_and_gap_from_a_ranks_table() -> None:
    ranks = pd.DataFrame(
        {
            "index": "Index",
            "edition": ["2019", "2019"],
            "iso3": ["CHN", "RUS"],
            "rank": [20, 29],
            "n_countries": [194, 194],
            "source": "s",
            "vintage": "v",
        }
    )
    [own] = quantities.ai_rank("RUS", None, None, YEARS, ranks=ranks)
    assert (own["computed"], own["note"]) == (29.0, "rank 29/194")
    [gap] = quantities.ai_rank_gap("RUS", "CHN", None, YEARS, ranks=ranks)
    assert gap["computed"] == 9.0 and gap["note"] == "China 20/194, Russia 29/194"


def test_reverse_investment_is_never_checkable() -> None:
    cgit = _tidy(
        [{"iso3": "CHN", "partner_iso3": "RUS", "year": 2001, "value": 1500.0}], vintage="2023"
    ).assign(indicator="chinese_investment_usd_mn")
    [row] = quantities.reverse_investment("RUS", "CHN", None, YEARS, cgit=cgit)
    assert row["computed"] is None
    assert row["note"].startswith("CGIT records 1.5 US$ bn of Chinese investment into Russia")
    [other] = quantities.reverse_investment("RUS", "USA", None, YEARS, cgit=cgit)
    assert "covers investment from China only" in other["note"]


@pytest.mark.parametrize("indicator", ["gdp_ppp_usd", "gdp_usd"])
def test_gdp_multiple_per_year(indicator: str) -> None:
    gdp = _tidy(
        [
            {"iso3": "RUS", "year": 2000, "value": 1.0},
            {"iso3": "CHN", "year": 2000, "value": 5.0},
        ]
    ).assign(indicator=indicator)
    rows = quantities.gdp_multiple("RUS", "CHN", None, [2000, 2001], gdp=gdp)
    values = {(r["definition"], r["period"]): r["computed"] for r in rows}
    label = "GDP at PPP" if indicator == "gdp_ppp_usd" else "GDP at market rates"
    assert values[(label, "2000")] == 5.0
    assert pd.isna(values[(label, "2001")])


def test_ai_rank_rows_keep_ranked_rows_with_the_full_titles() -> None:
    from analysis.topics import ai

    table = pd.DataFrame(
        {
            "iso3": ["RUS", "RUS", "CHN", "RUS"],
            "indicator": ["gai_score", "gairi_score", "gai_score", "gai_pillar_score"],
            "edition": ["2023", "2025", "2023", "2021"],
            "rank": [31, None, 2, 4],
            "n_countries": [83, 195, 83, 62],
            "source": "s",
            "vintage": "v",
        }
    )
    ranks = ai.rank_rows(table, ["RUS"])
    assert ranks[["index", "edition", "rank"]].values.tolist() == [
        ["Tortoise Global AI Index", "2023", 31]  # unranked and pillar rows left out
    ]
