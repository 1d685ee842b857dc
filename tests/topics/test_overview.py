"""The asymmetry profile on tables whose multiples are known by construction."""

from __future__ import annotations

import pandas as pd

from analysis.topics import overview

COUNTRIES = ["RUS", "CHN", "USA"]


def _rows(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"iso3": i, "country": i, "year": y, "value": v, "source": "wdi", "vintage": "v"}
            for (i, y), v in values.items()
        ],
        columns=overview._COLS,
    )


DATA = {
    "GDP": _rows(
        {
            ("RUS", 2000): 1,
            ("CHN", 2000): 2,
            ("USA", 2000): 10,
            ("RUS", 2020): 2,
            ("CHN", 2020): 12,
            ("USA", 2020): 20,
        }
    ),
    "Patents": _rows({("RUS", 2005): 10, ("CHN", 2005): 20, ("RUS", 2019): 10, ("CHN", 2019): 380}),
    overview.TRADE_LABEL: _rows({}),
}


def test_profile_multiples_and_movement() -> None:
    table = overview.profile_table(DATA, COUNTRIES).set_index(["indicator", "iso3"])
    assert table.loc[
        ("GDP", "CHN"), ["year", "multiple", "base_year", "base_multiple"]
    ].tolist() == [2020, 6.0, 2000, 2.0]
    assert table.loc[("Patents", "CHN"), "multiple"] == 38.0
    assert ("Patents", "USA") not in table.index  # no US patents in the fixture: absent, not zero
    text = overview.missing(table.reset_index(), COUNTRIES, labels=list(DATA))
    assert "United States ÷ Russia: Patents" in text
    assert f"China ÷ Russia: {overview.TRADE_LABEL}" in text  # no trade rows in DATA
    assert overview.TRADE_LABEL not in text.split("United States")[1]  # partner only
    assert "GDP at PPP" in overview.missing(table.reset_index(), COUNTRIES)  # the real labels


def test_trade_is_compared_with_the_partner_only() -> None:
    sold = pd.DataFrame({"year": [2020], "source": "baci", "vintage": "v", "value": [8.0]})
    bought = pd.DataFrame({"year": [2020], "source": "baci", "vintage": "v", "value": [2.0]})
    trade = overview.trade_to_each_other("RUS", "CHN", sold=sold, bought=bought)
    assert trade.set_index("iso3")["value"].to_dict() == {"CHN": 8.0, "RUS": 2.0}
    table = overview.profile_table({overview.TRADE_LABEL: trade}, COUNTRIES)
    assert table[["iso3", "multiple"]].values.tolist() == [["CHN", 4.0]]
    empty = overview.trade_to_each_other("RUS", "CHN", sold=sold.iloc[0:0], bought=bought.iloc[0:0])
    assert list(empty.columns) == overview._COLS and empty.empty


def test_summary_text_reads_the_latest_edition_of_each_index() -> None:
    table = overview.profile_table(DATA, COUNTRIES)
    ranks = pd.DataFrame(
        {
            "index": "Index",
            "edition": ["2019", "2020", "2020"],
            "iso3": ["RUS", "RUS", "CHN"],
            "rank": [40, 38, 5],
            "n_countries": [170, 172, 172],
        }
    )
    text = overview.summary_text(table, COUNTRIES, ranks)
    assert "R&D spending at PPP: no common year" in text
    assert "- AI rankings (latest edition): Index 2020: China 5/172, Russia 38/172." in text
