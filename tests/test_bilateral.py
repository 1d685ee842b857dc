"""Bilateral ties (analysis.bilateral) on small fixtures: no data mirror needed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.topics import bilateral
from analysis.viz import charts


def _rows(records: list[dict], source: str, vintage: str = "v1") -> pd.DataFrame:
    df = pd.DataFrame(records)
    for column in ("partner_iso3", "partner", "category"):
        if column not in df.columns:
            df[column] = pd.NA
    df["country"] = df["iso3"]
    df["partner"] = df["partner_iso3"]
    df["unit"] = "u"
    df["source"] = source
    df["vintage"] = df.get("vintage", vintage) if "vintage" in df.columns else vintage
    return df


def _copub() -> pd.DataFrame:
    recs = []
    # Pairs stored once, iso3 < partner_iso3 (CHN < RUS, RUS < USA).
    for year, chn_rus, rus_usa, chn_usa, chn_ind, ind_rus in [
        (2020, 10, 40, 100, 5, 3),
        (2021, 20, 50, 110, 6, 4),
        (2022, 30, 60, 120, 7, 30),
    ]:
        recs += [
            {"iso3": "CHN", "partner_iso3": "RUS", "year": year, "value": chn_rus},
            {"iso3": "RUS", "partner_iso3": "USA", "year": year, "value": rus_usa},
            {"iso3": "CHN", "partner_iso3": "USA", "year": year, "value": chn_usa},
            {"iso3": "CHN", "partner_iso3": "IND", "year": year, "value": chn_ind},
            {"iso3": "IND", "partner_iso3": "RUS", "year": year, "value": ind_rus},
        ]
    pairs = _rows(recs, "copub_openalex").assign(indicator=bilateral.COPUB_PAIR)
    totals = []
    for year, values in {
        2020: (100, 200, 400, 20),
        2021: (110, 240, 410, 25),
        2022: (100, 300, 420, 40),
    }.items():
        for iso3, v in zip(("RUS", "CHN", "USA", "IND"), values, strict=True):
            totals.append(
                {"iso3": iso3, "year": year, "value": v, "indicator": bilateral.COPUB_TOTAL}
            )
            totals.append(
                {"iso3": iso3, "year": year, "value": 3.0, "indicator": bilateral.COPUB_PARTNERS}
            )
    out = pd.concat([pairs, _rows(totals, "copub_openalex")], ignore_index=True)
    out.loc[out["indicator"] != bilateral.COPUB_PAIR, ["partner_iso3", "partner"]] = pd.NA
    return out


def _ncses() -> pd.DataFrame:
    recs = []
    matrix = {
        ("RUS", "CHN"): 40,
        ("RUS", "USA"): 60,
        ("RUS", "DEU"): 50,
        ("CHN", "USA"): 500,
        ("CHN", "DEU"): 100,
        ("USA", "DEU"): 300,
    }
    index = {
        ("RUS", "CHN"): 0.7,
        ("RUS", "USA"): 0.9,
        ("RUS", "DEU"): 1.5,
        ("CHN", "USA"): 1.1,
        ("CHN", "DEU"): 0.5,
        ("USA", "DEU"): 0.8,
    }
    for (a, b), v in matrix.items():
        for x, y in ((a, b), (b, a)):
            recs.append(
                {
                    "iso3": x,
                    "partner_iso3": y,
                    "year": 2022,
                    "value": v,
                    "indicator": bilateral.NCSES_COUNT,
                    "vintage": "SEI 2024",
                }
            )
            recs.append(
                {
                    "iso3": x,
                    "partner_iso3": y,
                    "year": 2022,
                    "value": index[(a, b)],
                    "indicator": bilateral.NCSES_INDEX,
                    "vintage": "SEI 2024",
                }
            )
            recs.append(
                {
                    "iso3": x,
                    "partner_iso3": y,
                    "year": 2022,
                    "value": v / 10,
                    "indicator": bilateral.AI_COUNT,
                    "vintage": "SEI 2024",
                }
            )
            recs.append(
                {
                    "iso3": x,
                    "partner_iso3": y,
                    "year": 2022,
                    "value": index[(a, b)],
                    "indicator": bilateral.AI_INDEX,
                    "vintage": "SEI 2024",
                }
            )
    # An older edition with a different extraction: must not be mixed with SEI 2024.
    recs.append(
        {
            "iso3": "RUS",
            "partner_iso3": "CHN",
            "year": 2003,
            "value": 4,
            "indicator": bilateral.NCSES_COUNT,
            "vintage": "SEI 2024",
        }
    )
    recs.append(
        {
            "iso3": "RUS",
            "partner_iso3": "CHN",
            "year": 2003,
            "value": 0.4,
            "indicator": bilateral.NCSES_INDEX,
            "vintage": "SEI 2024",
        }
    )
    for iso3, total in (("RUS", 400), ("CHN", 2000)):
        recs.append(
            {
                "iso3": iso3,
                "year": 2022,
                "value": total,
                "indicator": bilateral.NCSES_TOTAL,
                "vintage": "SEI 2024",
            }
        )
        recs.append(
            {
                "iso3": iso3,
                "year": 2003,
                "value": total / 4,
                "indicator": bilateral.NCSES_TOTAL,
                "vintage": "SEI 2024",
            }
        )
    df = _rows(recs, "ncses_sei")
    network = _rows(
        [
            {
                "iso3": "CHN",
                "year": 2022,
                "value": 900.0,
                "indicator": bilateral.AI_NETWORK_STRENGTH,
                "vintage": "SEI 2024",
            },
            {
                "iso3": "USA",
                "year": 2022,
                "value": 1000.0,
                "indicator": bilateral.AI_NETWORK_STRENGTH,
                "vintage": "SEI 2024",
            },
        ],
        "ncses_sei",
    ).assign(rank=[2, 1], n_countries=60, edition="SEI 2024")
    network[["partner_iso3", "partner"]] = pd.NA
    df.loc[df["indicator"] == bilateral.NCSES_TOTAL, ["partner_iso3", "partner"]] = pd.NA
    return pd.concat([df, network], ignore_index=True)


def _cgit() -> pd.DataFrame:
    recs = [
        # Investment into RUS: 2006 energy 1000, 2010 technology 500 (no deal in 2008).
        ("chinese_investment_usd_mn", "RUS", 2006, "Energy", 1000),
        ("chinese_investment_usd_mn", "RUS", 2010, "Technology", 500),
        ("chinese_investment_deals", "RUS", 2006, "Energy", 2),
        ("chinese_investment_deals", "RUS", 2010, "Technology", 1),
        ("chinese_investment_usd_mn", "USA", 2006, "Technology", 3000),
        ("chinese_investment_deals", "USA", 2006, "Technology", 3),
        ("chinese_construction_usd_mn", "RUS", 2008, "Energy", 700),
        ("chinese_troubled_transactions_usd_mn", "RUS", 2010, "Metals", 900),
        # The subsector family splits the same money again: never added.
        ("chinese_investment_by_subsector_usd_mn", "RUS", 2006, "Energy: Oil", 1000),
        ("chinese_investment_usd_mn", "AUS", 2006, "Metals", 5000),
    ]
    df = _rows(
        [
            {"indicator": i, "iso3": "CHN", "partner_iso3": p, "year": y, "category": c, "value": v}
            for i, p, y, c, v in recs
        ],
        "cgit",
        "2023-fall",
    )
    df["category"] = [r[3] for r in recs]
    return df


def _trade() -> pd.DataFrame:
    recs = []
    for year, scale in ((2017, 1.0), (2023, 2.0)):
        recs += [
            {"iso3": "CHN", "partner_iso3": "RUS", "category": "847130", "value": 4e6 * scale},
            {"iso3": "CHN", "partner_iso3": "RUS", "category": "870323", "value": 6e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "270900", "value": 9e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "030389", "value": 0.5e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "901890", "value": 0.5e6 * scale},
        ]
        for r in recs[-5:]:
            r["year"] = year
    baci = _rows(recs, "trade_cn_ru", "BACI").assign(indicator=bilateral.BACI_VALUE)
    baci["category"] = [r["category"] for r in recs]
    comtrade = _rows(
        [
            {
                "iso3": "CHN",
                "partner_iso3": "RUS",
                "year": 2023,
                "value": 19.9e9,
                "category": "TOTAL",
            }
        ],
        "trade_cn_ru",
        "Comtrade",
    )
    comtrade = comtrade.assign(indicator=bilateral.COMTRADE_IMPORTS, category="TOTAL")
    return pd.concat([baci, comtrade], ignore_index=True)


def _fdi() -> pd.DataFrame:
    recs = [
        {"iso3": i, "year": y, "value": v, "indicator": bilateral.FDI_INFLOWS}
        for i, y, v in [
            ("RUS", 2021, 38000.0),
            ("RUS", 2022, -15200.0),
            ("CHN", 2021, 181000.0),
            ("CHN", 2022, 189000.0),
        ]
    ]
    df = _rows(recs, "unctad_wir_fdi")
    df[["partner_iso3", "partner", "category"]] = pd.NA
    return df


DATA = {"copub": _copub, "ncses": _ncses, "cgit": _cgit, "trade": _trade, "fdi": _fdi}


@pytest.fixture(autouse=True)
def fake_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the processed-layer loader with the fixtures above (same filtering rules)."""

    def load(dataset, countries=None, years=None, *, indicators=None):
        table = DATA[dataset]()
        if countries is not None:
            table = table[table["iso3"].isin(list(countries))]
        if years is not None:
            years = tuple(years)
            table = table[table["year"].between(years[0], years[1])]
        if indicators is not None:
            table = table[table["indicator"].isin(list(indicators))]
        return table.reset_index(drop=True)

    monkeypatch.setattr(bilateral, "load", load)


RUS_CHN = ["RUS", "CHN", "USA", "IND"]


# --------------------------------------------------------------------------- co-authorship


def test_pairs_stored_once_are_found_from_both_sides() -> None:
    pairs = bilateral.copub_pairs(["RUS", "CHN"], (2020, 2022))
    rus = pairs[(pairs["iso3"] == "RUS") & (pairs["year"] == 2022)].set_index("partner_iso3")
    assert rus.loc["CHN", "value"] == 30  # stored as CHN -> RUS
    assert rus.loc["USA", "value"] == 60  # stored as RUS -> USA
    assert rus.loc["IND", "value"] == 30  # stored as IND -> RUS
    assert list(bilateral.ranking(pairs, "RUS", 2022).index) == ["USA", "CHN", "IND"]


def test_coauthorship_shares_ranks_and_comparators() -> None:
    pairs = bilateral.copub_pairs(RUS_CHN, (2020, 2022))
    co = bilateral.coauthorship(pairs, bilateral.copub_totals(RUS_CHN, (2020, 2022)), RUS_CHN)
    share = co[(co["measure"] == "share_pct") & (co["year"] == 2022)].set_index("iso3")["value"]
    assert share["RUS"] == pytest.approx(30.0)  # 30 of Russia's 100
    assert share["CHN"] == pytest.approx(10.0)  # 30 of China's 300
    rank = co[(co["measure"] == "partner_rank") & (co["year"] == 2022)].set_index("iso3")
    assert rank.loc["RUS", "value"] == 2  # tied with India at #2, behind the US
    assert rank.loc["CHN", "value"] == 2  # behind the US, ahead of India
    works = co[co["measure"] == "works_with_focus"]
    assert set(works["iso3"]) == {"CHN", "USA", "IND"}
    assert {"source", "vintage"} <= set(co.columns)


def test_coauthorship_sentence_flags_the_provisional_final_year() -> None:
    pairs = bilateral.copub_pairs(RUS_CHN, (2020, 2022))
    co = bilateral.coauthorship(pairs, bilateral.copub_totals(RUS_CHN, (2020, 2022)), RUS_CHN)
    assert bilateral.snapshot_final_year() == 2022
    assert bilateral.last_complete_year((2020, 2022)) == 2021
    assert bilateral.last_complete_year((2020, 2020)) == 2020
    check = bilateral.final_year_check(RUS_CHN, pairs)
    assert check["pair"] == pytest.approx(50.0)  # 20 -> 30
    assert check["focus"] == pytest.approx(100 / 110 * 100 - 100)
    text = bilateral.coauthorship_sentence(co, RUS_CHN, 2020, 2021, check)
    assert "co-authored 10 works" in text and "co-authored 20 works" in text
    assert "2022 is the last year of the snapshot" in text and "provisional" in text
    assert "2020-2021" in text and "2.0×" in text


def test_coauthorship_for_countries_without_pairs() -> None:
    co = bilateral.coauthorship(
        bilateral.copub_pairs(["BRA", "JPN"], (2020, 2022)),
        bilateral.copub_totals(["BRA", "JPN"], (2020, 2022)),
        ["BRA", "JPN"],
    )
    assert "records no works" in bilateral.coauthorship_sentence(co, ["BRA", "JPN"], 2020, 2021, {})


# --------------------------------------------------------------------------- NCSES


def test_ncses_ranks_shares_and_index() -> None:
    pairs = bilateral.ncses_pairs(["RUS", "CHN"])
    table = bilateral.ncses_pair_table(pairs, ["RUS", "CHN"])
    row = table[table["year"] == 2022].iloc[0]
    assert row["articles"] == 40
    assert row["% of Russia's intl. articles"] == pytest.approx(10.0)
    assert row["% of China's intl. articles"] == pytest.approx(2.0)
    assert row["index"] == 0.7
    assert row["China's rank among Russia's partners, articles"] == "3/3"
    assert row["China's rank among Russia's partners, index"] == "3/3"
    text = bilateral.ncses_sentence(pairs, table, ["RUS", "CHN"])
    assert "4 articles in 2003, 40 in 2022 (10×)" in text
    assert "fewer joint articles than" in text
    assert "compare years within one edition only" in text
    headline = bilateral.ncses_headline(pairs, ["RUS", "CHN"])
    assert "partner #3 of 3 by coauthored articles in 2022" in headline
    assert "#3 of 3 by index" in headline


def test_ncses_says_when_a_country_is_not_in_the_pair_tables() -> None:
    pairs = bilateral.ncses_pairs(["BRA", "JPN"])
    text = bilateral.ncses_sentence(
        pairs, bilateral.ncses_pair_table(pairs, ["BRA", "JPN"]), ["BRA", "JPN"]
    )
    assert "Brazil and Japan are not in the NCSES pair tables" in text


def test_ai_sentence_explains_absence_from_the_network() -> None:
    countries = ["RUS", "CHN"]
    pairs = bilateral.ncses_pairs(countries)
    text = bilateral.ai_sentence(pairs, bilateral.ai_network(countries), countries)
    assert "co-wrote 4" in text  # 40 / 10
    assert "Russia is not among the 2 countries" in text
    assert f"at least {bilateral.AI_NETWORK_LINK}" in text
    assert "China ranks 2 by strength" in text
    assert (
        bilateral.ai_network_table(bilateral.ai_network(countries)).loc["CHN", "strength"]
        == "900 (2/60)"
    )


# --------------------------------------------------------------------------- CGIT


def test_cgit_does_not_apply_without_china() -> None:
    countries = ["IND", "BRA", "JPN"]
    deals = bilateral.chinese_deals(countries, (2005, 2023))
    assert deals.empty
    assert bilateral.annual(deals, "investment", countries, (2005, 2023)).empty
    text = bilateral.cgit_sentence(deals, countries, (2005, 2023))
    assert "does not apply" in text and "US$100 million or more" in text
    assert "does not apply" in bilateral.cgit_headline(deals, countries, (2005, 2023))


def test_cgit_keeps_sheets_apart_and_fills_years_without_deals() -> None:
    countries = ["RUS", "CHN", "USA"]
    deals = bilateral.chinese_deals(countries, (2005, 2023))
    assert set(deals["iso3"]) == {"RUS", "USA"}
    inv = bilateral.annual(deals, "investment", countries, (2005, 2023))
    assert list(inv.index) == [2006, 2007, 2008, 2009, 2010]  # the tracker's years
    assert inv.loc[2008, "RUS"] == 0.0  # no deal recorded: zero, not missing
    assert inv["RUS"].sum() == pytest.approx(1.5)  # US$ bn; subsector rows not added
    assert bilateral.technology_share(deals, countries)["RUS"] == pytest.approx(100 / 3)
    text = bilateral.cgit_sentence(deals, countries, (2005, 2023))
    assert "Russia: US$1.5 bn in 3 deals" in text
    assert "construction contracts US$0.7 bn" in text
    assert "troubled (failed) transactions US$0.9 bn" in text
    assert "United States 2.0×" in text
    assert "investment into China (e.g. from Russia)" in text
    assert "#3 of 3 destinations" in text  # AUS 5.0, USA 3.0, RUS 1.5


def test_cgit_subject_is_the_other_side_when_china_is_the_focus() -> None:
    deals = bilateral.chinese_deals(["CHN", "RUS", "USA"], (2005, 2023))
    assert "(e.g. from Russia)" in bilateral.cgit_sentence(
        deals, ["CHN", "RUS", "USA"], (2005, 2023)
    )


# --------------------------------------------------------------------------- trade


def test_trade_applies_only_to_the_pair_in_the_extract() -> None:
    assert bilateral.trade_applies(["RUS", "CHN", "USA"])
    assert bilateral.trade_applies(["CHN", "RUS"])
    assert not bilateral.trade_applies(["RUS", "USA", "CHN"])
    text = bilateral.trade_sentence(
        bilateral.trade_flows(["IND", "BRA"], (2017, 2023)), ["IND", "BRA"], (2017, 2023)
    )
    assert "does not apply" in text and "China-Russia" in text


def test_trade_hightech_share_and_chapters() -> None:
    countries = ["RUS", "CHN"]
    flows = bilateral.trade_flows(countries, (2017, 2023))
    assert "03" in set(flows["chapter"])  # the leading zero is kept
    summary = bilateral.trade_summary(flows)
    get = summary.set_index(["measure", "iso3", "year"])["value"]
    assert get[("total", "CHN", 2023)] == pytest.approx(20.0)  # US$ bn
    assert get[("hightech", "CHN", 2023)] == pytest.approx(8.0)  # HS 84 only
    assert get[("hightech_share", "RUS", 2023)] == pytest.approx(5.0)  # HS 90: 1 of 20
    shares = bilateral.chapter_shares(flows, 2023, top=1)
    assert shares.loc["HS 27 mineral fuels, oil", "RUS"] == pytest.approx(90.0)
    text = bilateral.trade_sentence(flows, countries, (2017, 2023))
    assert "Russia -> China: US$10.0 bn in 2017, US$20.0 bn in 2023" in text
    assert "China sold 8.0× as much high-tech to Russia as it bought from it" in text
    assert "US$19.90 bn against BACI's US$20.00 bn" in text and "never added" in text


# --------------------------------------------------------------------------- FDI, titles, charts


def test_fdi_is_total_not_bilateral_and_can_be_negative() -> None:
    fdi = bilateral.fdi_inflows(["RUS", "CHN"], (2021, 2022))
    text = bilateral.fdi_sentence(fdi, ["RUS", "CHN"], 2021)
    assert "not flows between Russia and China" in text
    assert "Russia 2022 (-US$15.2 bn)" in text
    assert "China 4.8× Russia" in text


def test_headlines_escape_dollar_signs_for_matplotlib() -> None:
    deals = bilateral.chinese_deals(["RUS", "CHN", "USA"], (2005, 2023))
    title = bilateral.cgit_headline(deals, ["RUS", "CHN", "USA"], (2005, 2023))
    assert r"US\$1.5 bn" in title and "US$1.5" not in title.replace(r"\$", "")


def test_chart_builders_draw_data_and_empty_tables() -> None:
    series = pd.Series({"USA": 9.0, "DEU": 5.0, "GBR": 4.0, "CHN": 1.0})
    fig = charts.ranked_bars(
        {"a": series, "b": pd.Series(dtype=float)},
        title="t",
        footer="f",
        highlight=["CHN", "USA"],
        top=2,
    )
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["1. United States", "2. Germany", "4. China"]
    plt.close(fig)
    table = pd.DataFrame({"RUS": [10.0, 90.0], "CHN": [50.0, 50.0]}, index=["x", "y"])
    for builder in (charts.grouped_bars, charts.share_dots):
        plt.close(builder(table, title="t", footer="f"))
        plt.close(builder(pd.DataFrame(), title="t", footer="f", empty_message="does not apply"))
