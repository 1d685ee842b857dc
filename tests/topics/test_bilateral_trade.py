"""Bilateral trade (analysis.topics.bilateral.trade) on a BACI extract written by the test."""

from __future__ import annotations

import pytest
from bilateral_fixtures import trade_table

from analysis.topics.bilateral import trade

YEARS = (2017, 2023)


def test_trade_applies_only_to_the_pair_in_the_extract() -> None:
    table = trade_table()
    assert trade.trade_pair_from(table=table) == {"CHN", "RUS"}
    assert trade.trade_applies(["RUS", "CHN", "USA"], table=table)
    assert trade.trade_applies(["CHN", "RUS"], table=table)
    assert not trade.trade_applies(["RUS", "USA", "CHN"], table=table)
    flows = trade.trade_flows_from(["IND", "BRA"], YEARS, table=table)
    assert flows.empty
    text = trade.trade_sentence_from(flows, ["IND", "BRA"], YEARS, table=table)
    assert "does not apply" in text and "China-Russia" in text
    summary = trade.trade_summary(flows)
    assert "does not apply" in trade.trade_headline_from(summary, ["IND", "BRA"], table=table)
    assert "does not apply" in trade.chapter_headline_from(
        trade.chapter_shares(flows, None), ["IND", "BRA"], None, table=table
    )


def test_trade_hightech_share_and_chapters() -> None:
    countries, table = ["RUS", "CHN"], trade_table()
    flows = trade.trade_flows_from(countries, YEARS, table=table)
    assert "03" in set(flows["chapter"])  # the leading zero is kept
    assert set(flows["indicator"]) == {trade.BACI_VALUE}  # Comtrade rows are not flows
    summary = trade.trade_summary(flows)
    get = summary.set_index(["measure", "iso3", "year"])["value"]
    assert get[("total", "CHN", 2023)] == pytest.approx(20.0)  # US$ bn
    assert get[("hightech", "CHN", 2023)] == pytest.approx(8.0)  # HS 84 only
    assert get[("hightech_share", "RUS", 2023)] == pytest.approx(5.0)  # HS 90: 1 of 20
    shares = trade.chapter_shares(flows, 2023, top=1)
    assert shares.loc["HS 27 mineral fuels, oil", "RUS"] == pytest.approx(90.0)
    assert trade.latest_trade_year(flows) == 2023
    headline = trade.chapter_headline_from(shares, countries, 2023, table=table)
    assert headline.startswith("2023: HS 27 mineral fuels = 90% of Russia's sales to China")
    text = trade.trade_sentence_from(flows, countries, YEARS, table=table)
    assert "Russia -> China: US$10.0 bn in 2017, US$20.0 bn in 2023" in text
    assert "China sold 8.0× as much high-tech to Russia as it bought from it" in text
    assert "US$19.90 bn against BACI's US$20.00 bn" in text and "never added" in text


def test_hightech_trade_sums_the_hightech_chapters_one_way() -> None:
    table = trade_table()
    sold = trade.hightech_trade_from("CHN", "RUS", YEARS, table=table).set_index("year")["value"]
    assert sold.to_dict() == {2017: 4e6, 2023: 8e6}  # HS 84 only, US$ thousand
    bought = trade.hightech_trade_from("RUS", "CHN", (2023, 2023), table=table)
    assert bought["value"].tolist() == [1e6]  # HS 90
    assert trade.hightech_trade_from("USA", "RUS", YEARS, table=table).empty


def test_chapter_labels() -> None:
    assert trade.chapter_label("84") == "HS 84 machinery, computers"
    assert trade.chapter_label("77") == "HS 77"
