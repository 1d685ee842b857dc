"""The claims' quantities (analysis.topics.claims.quantities) on tables written by the test."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from analysis.topics import claims
from analysis.topics.claims import ai_quantities, quantities

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


def _positions() -> pd.DataFrame:
    """Two editions as ai.positions gives them: one ranks 194 countries, one 62."""
    return pd.DataFrame(
        {
            "source": ["ox", "ox", "tt", "tt"],
            "index": ["Index A", "Index A", "Index B", "Index B"],
            "edition": ["2021", "2021", "2021", "2021"],
            "year": [2022, 2022, 2021, 2021],  # edition 2021 of Index A published in 2022
            "iso3": ["CHN", "RUS", "CHN", "RUS"],
            "rank": [20, 29, 2, 32],
            "n_countries": [194, 194, 62, 62],
            "vintage": "v",
        }
    )


def test_ai_rank_is_the_rank_as_published_with_its_n_as_columns() -> None:
    rows = ai_quantities.ai_rank("RUS", None, None, YEARS, ranks=_positions())
    by = {r["definition"]: r for r in rows}
    assert by["Index A 2021"]["computed"] == 29
    assert by["Index B 2021"]["computed"] == 32  # never rescaled to 194
    assert by["Index B 2021"]["note"].startswith("rank 32 among the 62 countries it ranks")
    assert (by["Index B 2021"]["rank"], by["Index B 2021"]["n_ranked"]) == (32, 62)
    assert by["Index A 2021"]["period"] == "2022"  # dated by publication


def test_ai_rank_gap_in_percentage_points_of_n() -> None:
    rows = ai_quantities.ai_rank_gap("RUS", "CHN", None, YEARS, ranks=_positions())
    by = {r["definition"]: r for r in rows}
    assert by["Index A 2021"]["computed"] == pytest.approx(100 * 9 / 194)
    assert by["Index B 2021"]["computed"] == pytest.approx(100 * 30 / 62)
    assert by["Index A 2021"]["note"].startswith("China 20/194 (top 10%), Russia 29/194 (top 15%)")


def test_ai_output_earliest_years_and_latest_as_context() -> None:
    records = [
        {"iso3": c, "year": y, "value": v}
        for y, (r, c_) in {
            2003: (40, 1770),
            2004: (93, 946),
            2005: (70, 1512),
            2006: (80, 2657),
            2022: (1869, 42524),
        }.items()  # fmt: skip
        for c, v in (("RUS", r), ("CHN", c_))
    ]
    output = _tidy(records).assign(indicator="ai_articles")
    rows = ai_quantities.ai_output_earliest(
        "RUS", "CHN", None, list(range(2000, 2016)), output=output
    )
    # The years before the first series starts are one not-checkable row, then the data.
    assert [r["period"] for r in rows] == ["2000-2002", "2003", "2004", "2005", "2022"]
    assert rows[0]["uncovered"] and rows[0]["computed"] is None
    assert rows[1]["computed"] == pytest.approx(40 / 1770)


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
def test_gdp_growth_compares_growth_not_levels(indicator: str) -> None:
    gdp = _tidy(
        [
            {"iso3": "RUS", "year": 2000, "value": 1.0},
            {"iso3": "CHN", "year": 2000, "value": 5.0},
            {"iso3": "RUS", "year": 2019, "value": 4.0},
            {"iso3": "CHN", "year": 2019, "value": 10.0},
        ]
    ).assign(indicator=indicator)
    rows = quantities.gdp_growth("RUS", "CHN", None, list(range(2000, 2020)), gdp=gdp)
    label = "GDP at PPP" if indicator == "gdp_ppp_usd" else "GDP at market rates"
    values = {(r["definition"], r["period"]): r for r in rows}
    whole = values[(f"{label} growth, partner ÷ focus", "2000-2019")]
    # China is 10× larger at the end but grew 2× against Russia's 4×: it did not outpace.
    assert whole["computed"] == pytest.approx(0.5)
    assert "level 5.0× → 2.5×" in whole["note"]
    assert values[(f"{label} growth, partner ÷ focus", "2009-2019")]["computed"] is None


def test_math_advantage_counts_every_reading_specialisation_included() -> None:
    rows_in = []
    for iso3, articles, top1, spec in (("RUS", 3000.0, 0.2, 1.8), ("CHN", 9000.0, 1.2, 0.9)):
        rows_in += [
            {"iso3": iso3, "year": 2017, "value": articles, "indicator": "se_articles_fractional",
             "category": "Mathematics and statistics"},
            {"iso3": iso3, "year": 2017, "value": 50.0, "indicator": "se_articles_fractional",
             "category": "Physics"},
            {"iso3": iso3, "year": 2017, "value": top1, "indicator": "math_top1pct_cited_share",
             "category": None},
            {"iso3": iso3, "year": 2017, "value": spec, "indicator": "math_specialization_index",
             "category": None},
        ]  # fmt: skip
    rows = quantities.math_advantage("RUS", "CHN", None, [2017], fields=_tidy(rows_in))
    by = {r["definition"].split(",")[0]: r for r in rows}
    assert by["Mathematics articles (fractional count)"]["computed"] == pytest.approx(1 / 3)
    share = by["Share of the world's top-1% most-cited mathematics papers"]
    assert share["computed"] == pytest.approx((3000 * 0.2) / (9000 * 1.2))
    assert share["note"].startswith("6.00 vs 108")
    assert by["Top-1% index of mathematics papers"]["computed"] == pytest.approx(0.2 / 1.2)
    spec = by["Mathematics specialisation index"]
    assert spec["computed"] == pytest.approx(2.0) and not spec["context"]
    assert "expertise as concentration" in spec["note"]


def test_ncses_growth_is_judged_inside_the_period_and_shown_whole_as_context() -> None:
    ncses = _tidy(
        [
            {"iso3": "RUS", "partner_iso3": "CHN", "year": y, "value": v}
            for y, v in ((2003, 100.0), (2019, 300.0), (2022, 400.0))
        ],
        vintage="SEI 2024",
    ).assign(indicator="intl_coauthored_articles")
    empty = _tidy([{"iso3": "RUS", "partner_iso3": "CHN", "year": 1990, "value": 1.0}]).assign(
        indicator="none"
    )
    rows = quantities.copub_growth(
        "RUS", "CHN", None, list(range(2000, 2020)), copub=empty, ncses=ncses
    )
    assert [(r["period"], r["computed"]) for r in rows] == [("2003-2019", 3.0), ("2003-2022", 4.0)]


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


def test_copub_after_break_compares_the_pair_with_the_focus_top_partners() -> None:
    from analysis.topics.claims.resilience_quantities import copub_after_break

    growth = {"CHN": 1.2, "USA": 1.0, "DEU": 0.9, "GBR": 1.05, "FRA": 1.1, "ITA": 1.3}
    base = {"CHN": 100, "USA": 1000, "DEU": 800, "GBR": 500, "FRA": 400, "ITA": 50}
    rows = [
        {"iso3": "RUS", "partner_iso3": c, "year": y, "value": base[c] * growth[c] ** (y - 2008),
         "source": "copub_openalex", "vintage": "v"}
        for c in base for y in range(2008, 2019)
    ]  # fmt: skip
    everything = copub_after_break("RUS", "CHN", None, [2013, 2018], pairs=pd.DataFrame(rows))
    # "Ties with the West weakened" is kept apart: context rows, the partner's own decline.
    apart = {r["definition"]: r for r in everything if r["context"]}
    germany = apart["Russia-Germany ties weakened: decline after the break (% a year)"]
    assert germany["computed"] == pytest.approx(10.0) and "the ties weakened" in germany["note"]
    usa = apart["Russia-United States ties weakened: decline after the break (% a year)"]
    assert usa["computed"] == pytest.approx(0.0, abs=1e-9)
    out = [r for r in everything if not r["context"]]
    assert out[0]["computed"] == pytest.approx(20.0)  # +20 % a year
    others = [r["definition"] for r in out[1:]]
    # Top partners by works 2008-2013, computed: Italy (small) is not among them.
    assert len(others) == 4 and not any("Italy" in d for d in others)
    gaps = {d.split(" minus Russia-")[1].split(" growth")[0]: r["computed"]
            for d, r in zip(others, out[1:], strict=True)}  # fmt: skip
    assert gaps["Germany"] == pytest.approx(20 - (-10))
    assert all(r["claimed"] == 0.0 for r in out)


def test_copub_maturity_tests_slowness_against_the_other_partners() -> None:
    """Verdict 4: years from the first year on record to a mature tie's mark, not growth."""
    from analysis.topics.claims.resilience_quantities import copub_maturity

    years = range(1990, 2001)
    # USA and DEU are large from the start (left out: mature before the record); ITA and FRA
    # reach rank 5 and 5% within two years; CHN starts small and gets there only in 1998.
    works = {
        "USA": lambda y: 1000, "DEU": lambda y: 800, "GBR": lambda y: 600,
        "ITA": lambda y: 10 if y < 1992 else 300, "FRA": lambda y: 10 if y < 1992 else 280,
        "CHN": lambda y: 5 if y < 1998 else 400, "POL": lambda y: 100, "ESP": lambda y: 90,
    }  # fmt: skip
    pairs = pd.DataFrame(
        [{"iso3": "RUS", "partner_iso3": p, "year": y, "value": float(f(y)),
          "source": "copub_openalex", "vintage": "v"} for p, f in works.items() for y in years]
    )  # fmt: skip
    totals = (
        pairs.groupby("year", as_index=False)["value"].sum()
        .assign(iso3="RUS", indicator="internationally_coauthored_works")
    )  # fmt: skip
    rows = copub_maturity("RUS", "CHN", None, list(years), pairs=pairs, totals=totals)
    rank = next(r for r in rows if "rank 5 or better" in r["definition"])
    # China took 8 years (1990 -> 1998); Italy and France 2: the pair took 4 times as long.
    assert rank["computed"] == pytest.approx(8 / 2)
    assert rank["period"] == "1990-1998"
    assert "China took 8 years" in rank["note"] and "were there in their first year" in rank["note"]


def test_ties_growth_reads_research_and_trade_both_ways() -> None:
    empty = _tidy([{"iso3": "RUS", "partner_iso3": "CHN", "year": 1990, "value": 1.0}]).assign(
        indicator="none"
    )
    trade = pd.DataFrame(
        [("hightech", "RUS", 2017, 2.5), ("hightech", "RUS", 2019, 2.0),
         ("hightech", "CHN", 2017, 22.0), ("hightech", "CHN", 2019, 24.2),
         ("total", "RUS", 2017, 42.0), ("total", "RUS", 2019, 58.8)],
        columns=["measure", "iso3", "year", "value"],
    ).assign(source="trade_cn_ru", vintage="v")  # fmt: skip
    rows = quantities.ties_growth(
        "RUS", "CHN", None, list(range(2014, 2020)), copub=empty, ncses=empty, trade=trade
    )
    by = {r["definition"]: r for r in rows}
    falling = by["BACI exports Russia→China, high-tech goods (HS 84, 85, 88, 90), end ÷ start"]
    assert falling["computed"] == pytest.approx(0.8) and falling["period"] == "2017-2019"
    rising = by["BACI exports China→Russia, high-tech goods (HS 84, 85, 88, 90), end ÷ start"]
    assert rising["computed"] == pytest.approx(1.1)
    assert by["BACI exports Russia→China, all goods, end ÷ start"]["computed"] == pytest.approx(1.4)
