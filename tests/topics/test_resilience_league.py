"""Pair league (analysis.topics.resilience.league) on hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.topics import resilience as rs
from analysis.topics.bilateral import copub

BASE = {"source": "s", "vintage": "v1", "country": "", "partner": ""}


def _pairs() -> pd.DataFrame:
    works = [("AAA", "BBB", 100), ("AAA", "CCC", 50), ("BBB", "CCC", 20), ("CCC", "DDD", 5)]
    return pd.DataFrame(
        [
            {
                **BASE,
                "indicator": copub.COPUB_PAIR,
                "iso3": a,
                "partner_iso3": b,
                "year": 2022,
                "value": float(v),
            }
            for a, b, v in works
        ]
    )


def _totals() -> pd.DataFrame:
    intl = {"AAA": 1000, "BBB": 200, "CCC": 100, "DDD": 50}
    return pd.DataFrame(
        [
            {**BASE, "indicator": copub.COPUB_TOTAL, "iso3": k, "year": 2022, "value": float(v)}
            for k, v in intl.items()
        ]
    )


def _measure(values: dict[str, tuple[int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{**BASE, "iso3": k, "year": y, "value": v} for k, (y, v) in values.items()]
    )


def _league(top: int = 3, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    rd = _measure(
        {"AAA": (2021, 100.0), "BBB": (2022, 10.0), "CCC": (2022, 50.0), "DDD": (2015, 1.0)}
    )
    return rs.pair_league(_pairs(), _totals(), {"rd_ppp": rd}, 2022, top=top, keep=keep)


def test_latest_values_within_the_lookback() -> None:
    rows = _measure({"AAA": (2019, 1.0)})
    rows = pd.concat([rows, _measure({"AAA": (2021, 2.0)})])
    latest = rs.league.latest_values(rows, 2022, lookback=5)
    assert latest.loc["AAA", "value"] == 2.0 and latest.loc["AAA", "year"] == 2021
    assert rs.league.latest_values(rows, 2022, lookback=1).empty


def test_league_closeness_asymmetry_and_the_kept_pair() -> None:
    league = _league(top=3, keep=("DDD", "CCC"))
    assert list(league["pair_rank"]) == [1, 2, 3, 4]
    assert list(league["in_top"]) == [True, True, True, False]
    ab = league.iloc[0]
    assert ab["closeness_pct"] == pytest.approx(100 / 200 * 100)  # smaller side: BBB
    assert ab["rd_ppp"] == pytest.approx(10.0)
    assert ab["rd_ppp_year"] == 2021
    assert np.isnan(league.iloc[3]["rd_ppp"])  # DDD's value is older than the lookback


def test_percentile_counts_pairs_strictly_less_lopsided() -> None:
    league = _league(top=3)
    # rd_ppp of the top pairs: AB 10, AC 2, BC 5
    assert rs.percentile(league, "rd_ppp", 10.0) == (pytest.approx(200 / 3), 3)
    assert rs.percentile(league, "rd_ppp", 2.0)[0] == 0
    text = rs.league_sentence(league, ["BBB", "AAA"], 2022)
    assert "#1 by co-authored works" in text
    assert "percentile 67 of 3 pairs" in text
    assert (
        "more lopsided than 67% of the top 3 co-authoring pairs of 2022 (3 with R&D data"
        in rs.league_headline(league, ["AAA", "BBB"], 2022)
    )


def test_sentence_for_a_pair_that_never_coauthored() -> None:
    text = rs.league_sentence(_league(), ["AAA", "DDD"], 2022)
    assert text.startswith("OpenAlex records no works")
    assert rs.find_pair(_league(), ["AAA", "DDD"]) is None


def test_panel_titles_name_the_years_and_the_pairs_without_a_value() -> None:
    import pandas as pd

    from analysis.topics import resilience

    league = pd.DataFrame(
        {
            "iso3": ["CHN", "CHN", "USA"],
            "partner_iso3": ["USA", "HKG", "GBR"],
            "in_top": [True, True, True],
            "rd_ppp": [1.5, None, 1.2],
            "rd_ppp_year": [2021, None, 2020],
        }
    )
    assert resilience.missing_pairs(league, "rd_ppp") == ["China-Hong Kong"]
    title = resilience.panel_titles(league, {"rd_ppp": "R&D, larger ÷ smaller"})["rd_ppp"]
    assert title == "R&D, larger ÷ smaller\n(2/3 pairs, 2020-21; none: China-Hong Kong)"
