"""Co-authorship (analysis.topics.bilateral.copub) on tables written by the test."""

from __future__ import annotations

import pytest
from bilateral_fixtures import RUS_CHN, copub_table, select

from analysis.topics.bilateral import copub

YEARS = (2020, 2022)


def _co(countries: list[str]) -> tuple:
    table = copub_table()
    pairs = copub.copub_pairs_from(countries, YEARS, table=table)
    totals = select(table, countries, YEARS, [copub.COPUB_TOTAL, copub.COPUB_PARTNERS])
    return pairs, copub.coauthorship(pairs, totals, countries)


def test_pairs_stored_once_are_found_from_both_sides() -> None:
    pairs = copub.copub_pairs_from(["RUS", "CHN"], YEARS, table=copub_table())
    rus = pairs[(pairs["iso3"] == "RUS") & (pairs["year"] == 2022)].set_index("partner_iso3")
    assert rus.loc["CHN", "value"] == 30  # stored as CHN -> RUS
    assert rus.loc["USA", "value"] == 60  # stored as RUS -> USA
    assert rus.loc["IND", "value"] == 30  # stored as IND -> RUS
    assert list(copub.ranking(pairs, "RUS", 2022).index) == ["USA", "CHN", "IND"]


def test_pairs_keep_only_the_window_and_the_pair_indicator() -> None:
    pairs = copub.copub_pairs_from(["RUS"], (2021, 2021), table=copub_table())
    assert set(pairs["year"]) == {2021}
    assert set(pairs["indicator"]) == {copub.COPUB_PAIR}


def test_coauthorship_shares_ranks_and_comparators() -> None:
    _, co = _co(RUS_CHN)
    share = co[(co["measure"] == "share_pct") & (co["year"] == 2022)].set_index("iso3")["value"]
    assert share["RUS"] == pytest.approx(30.0)  # 30 of Russia's 100
    assert share["CHN"] == pytest.approx(10.0)  # 30 of China's 300
    rank = co[(co["measure"] == "partner_rank") & (co["year"] == 2022)].set_index("iso3")
    assert rank.loc["RUS", "value"] == 2  # tied with India at #2, behind the US
    assert rank.loc["CHN", "value"] == 2  # behind the US, ahead of India
    works = co[co["measure"] == "works_with_focus"]
    assert set(works["iso3"]) == {"CHN", "USA", "IND"}
    assert {"source", "vintage"} <= set(co.columns)


def test_final_year_is_provisional_and_the_complete_year_is_the_one_before() -> None:
    totals = copub_table()
    assert copub.snapshot_final_year_from(totals) == 2022
    assert copub.last_complete_year_from(YEARS, 2022) == 2021
    assert copub.last_complete_year_from((2020, 2020), 2022) == 2020


def test_coauthorship_sentence_flags_the_provisional_final_year() -> None:
    pairs, co = _co(RUS_CHN)
    check = copub.final_year_check_from(RUS_CHN, pairs, copub_table())
    assert check["pair"] == pytest.approx(50.0)  # 20 -> 30
    assert check["focus"] == pytest.approx(100 / 110 * 100 - 100)
    assert check["world"] == pytest.approx((860 / 785 - 1) * 100)  # every country's works
    text = copub.coauthorship_sentence(co, RUS_CHN, 2020, 2021, check)
    assert "co-authored 10 works" in text and "co-authored 20 works" in text
    assert "2022 is the last year of the snapshot" in text and "provisional" in text
    assert "2020-2021" in text and "2.0×" in text
    assert "China is #2 of the 3 other parameter countries" in text


def test_final_year_check_is_empty_without_both_years() -> None:
    pairs = copub.copub_pairs_from(RUS_CHN, (2020, 2021), table=copub_table())
    assert copub.final_year_check_from(RUS_CHN, pairs, copub_table()) == {}


def test_coauthorship_for_countries_without_pairs() -> None:
    pairs, co = _co(["BRA", "JPN"])
    assert pairs.empty
    text = copub.coauthorship_sentence(co, ["BRA", "JPN"], 2020, 2021, {})
    assert "records no works" in text


def test_headlines_compute_growth_and_share() -> None:
    _, co = _co(RUS_CHN)
    assert copub.growth_headline(co, RUS_CHN, 2021) == (
        "Russia-China co-authored works 2020-2021: 2.0×; share of Russia's international works "
        "10% -> 18%"
    )
    assert copub.coauthorship_headline(co, RUS_CHN, 2021) == (
        "Russia-China co-authored works, 2021: 20, 18% of Russia's internationally co-authored "
        "works"
    )
    assert "no data for 2019" in copub.coauthorship_headline(co, RUS_CHN, 2019)
