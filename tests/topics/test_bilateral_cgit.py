"""Chinese investment (analysis.topics.bilateral.cgit) on a tracker written by the test."""

from __future__ import annotations

import pytest
from bilateral_fixtures import cgit_table

from analysis.topics.bilateral import cgit

YEARS = (2005, 2023)


def test_tracker_says_investor_years_and_destinations() -> None:
    tracker = cgit_table()
    assert cgit.cgit_investor(tracker=tracker) == "CHN"
    assert cgit.cgit_years(tracker=tracker) == (2006, 2010)
    assert cgit.cgit_destinations_from(["RUS", "CHN", "USA"], tracker=tracker) == ["RUS", "USA"]
    assert cgit.cgit_destinations_from(["RUS", "USA"], tracker=tracker) == []
    assert cgit.cgit_span_from(YEARS, tracker=tracker) == "2006-2010"


def test_cgit_does_not_apply_without_china() -> None:
    countries, tracker = ["IND", "BRA", "JPN"], cgit_table()
    deals = cgit.chinese_deals_from(countries, YEARS, table=tracker)
    assert deals.empty
    assert cgit.annual_from(deals, "investment", countries, YEARS, tracker=tracker).empty
    text = cgit.cgit_sentence_from(deals, countries, YEARS, tracker=tracker)
    assert "does not apply" in text and "US$100 million or more" in text
    assert "does not apply" in cgit.cgit_headline_from(deals, countries, YEARS, tracker=tracker)
    assert "does not apply" in cgit.technology_headline_from(deals, countries, tracker=tracker)


def test_cgit_keeps_sheets_apart_and_fills_years_without_deals() -> None:
    countries, tracker = ["RUS", "CHN", "USA"], cgit_table()
    deals = cgit.chinese_deals_from(countries, YEARS, table=tracker)
    assert set(deals["iso3"]) == {"RUS", "USA"}
    inv = cgit.annual_from(deals, "investment", countries, YEARS, tracker=tracker)
    assert list(inv.index) == [2006, 2007, 2008, 2009, 2010]  # the tracker's years
    assert inv.loc[2008, "RUS"] == 0.0  # no deal recorded: zero, not missing
    assert inv["RUS"].sum() == pytest.approx(1.5)  # US$ bn; subsector rows not added
    assert cgit.technology_share(deals, countries, tracker=tracker)["RUS"] == pytest.approx(100 / 3)
    text = cgit.cgit_sentence_from(deals, countries, YEARS, tracker=tracker)
    assert "Russia: US$1.5 bn in 3 deals" in text
    assert "construction contracts US$0.7 bn" in text
    assert "troubled (failed) transactions US$0.9 bn" in text
    assert "United States 2.0×" in text
    assert "investment into China (e.g. from Russia)" in text
    assert "#3 of 3 destinations" in text  # AUS 5.0, USA 3.0, RUS 1.5


def test_cgit_subject_is_the_other_side_when_china_is_the_focus() -> None:
    countries, tracker = ["CHN", "RUS", "USA"], cgit_table()
    deals = cgit.chinese_deals_from(countries, YEARS, table=tracker)
    text = cgit.cgit_sentence_from(deals, countries, YEARS, tracker=tracker)
    assert "(e.g. from Russia)" in text


def test_sector_shares_keep_technology_below_the_minimum() -> None:
    countries, tracker = ["RUS", "CHN", "USA"], cgit_table()
    deals = cgit.chinese_deals_from(countries, YEARS, table=tracker)
    shares = cgit.sector_shares_from(deals, countries, 50.0, tracker=tracker)
    assert list(shares.index) == ["Energy", "Technology"]  # Technology is 33% for Russia
    assert list(shares.columns) == ["RUS", "USA"]


def test_headlines_escape_dollar_signs_for_matplotlib() -> None:
    countries, tracker = ["RUS", "CHN", "USA"], cgit_table()
    deals = cgit.chinese_deals_from(countries, YEARS, table=tracker)
    title = cgit.cgit_headline_from(deals, countries, YEARS, tracker=tracker)
    assert r"US\$1.5 bn" in title and "US$1.5" not in title.replace(r"\$", "")
