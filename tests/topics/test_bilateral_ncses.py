"""NCSES country pairs and the AI network (analysis.topics.bilateral.ncses) on test tables."""

from __future__ import annotations

import pytest
from bilateral_fixtures import ncses_table

from analysis.topics.bilateral import ncses

PAIR = ["RUS", "CHN"]


def test_ncses_ranks_shares_and_index() -> None:
    table = ncses_table()
    pairs = ncses.ncses_pairs_from(PAIR, table=table)
    assert set(pairs["iso3"]) == set(PAIR)
    summary = ncses.ncses_pair_table_from(pairs, PAIR, totals=table)
    row = summary[summary["year"] == 2022].iloc[0]
    assert row["articles"] == 40
    assert row["% of Russia's intl. articles"] == pytest.approx(10.0)
    assert row["% of China's intl. articles"] == pytest.approx(2.0)
    assert row["index"] == 0.7
    assert row["China's rank among Russia's partners, articles"] == "3/3"
    assert row["China's rank among Russia's partners, index"] == "3/3"
    text = ncses.ncses_sentence(pairs, summary, PAIR)
    assert "4 articles in 2003, 40 in 2022 (10×)" in text
    assert "fewer joint articles than" in text
    assert "compare years within one edition only" in text
    headline = ncses.ncses_headline(pairs, PAIR)
    assert "partner #3 of 3 by coauthored articles in 2022" in headline
    assert "#3 of 3 by index" in headline


def test_rankings_and_plotted_rows_use_the_newest_edition() -> None:
    pairs = ncses.ncses_pairs_from(PAIR, table=ncses_table())
    assert ncses.latest_edition(pairs) == ("SEI 2024", 2022)
    panels = ncses.ncses_rankings(pairs, PAIR, ncses.NCSES_COUNT)
    assert list(panels) == [
        "Russia's partners: coauthored articles",
        "China's partners: coauthored articles",
    ]
    assert list(panels["Russia's partners: coauthored articles"].index) == ["USA", "DEU", "CHN"]
    plotted = ncses.ncses_plotted(pairs, [ncses.NCSES_COUNT])
    assert set(plotted["year"]) == {2022}


def test_ncses_says_when_a_country_is_not_in_the_pair_tables() -> None:
    table = ncses_table()
    pairs = ncses.ncses_pairs_from(["BRA", "JPN"], table=table)
    summary = ncses.ncses_pair_table_from(pairs, ["BRA", "JPN"], totals=table)
    text = ncses.ncses_sentence(pairs, summary, ["BRA", "JPN"])
    assert "Brazil and Japan are not in the NCSES pair tables" in text
    assert "no pair data" in ncses.ncses_headline(pairs, ["BRA", "JPN"])


def test_ai_sentence_explains_absence_from_the_network() -> None:
    table = ncses_table()
    pairs = ncses.ncses_pairs_from(PAIR, table=table)
    network = ncses.ai_network_from(PAIR, table=table)
    text = ncses.ai_sentence_from(pairs, network, PAIR, listed=2)
    assert "co-wrote 4" in text  # 40 / 10
    assert "Russia is not among the 2 countries" in text
    assert f"at least {ncses.AI_NETWORK_LINK}" in text
    assert "China ranks 2 by strength" in text
    assert ncses.ai_network_table(network).loc["CHN", "strength"] == "900 (2/60)"
    assert "AI articles 2003-22 (SEI 2024)" in ncses.ncses_headline(pairs, PAIR, ai=True)
