"""The asymmetry profile on tables whose multiples are known by construction."""

from __future__ import annotations

import pandas as pd

from analysis.topics import overview
from analysis.viz import figures, multiples

COUNTRIES = ["RUS", "CHN", "USA"]


def _rows(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"iso3": i, "country": i, "year": y, "value": v, "source": "wdi", "vintage": "v"}
            for (i, y), v in values.items()
        ],
        columns=overview.COLUMNS,
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
    assert list(empty.columns) == overview.COLUMNS and empty.empty


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


def test_every_profile_indicator_names_the_metadata_that_declares_its_breaks() -> None:
    from analysis.data import metadata

    assert list(overview.DECLARED_BY) == list(overview.INDICATORS)  # `missing` lists them
    for dataset, indicators in overview.DECLARED_BY.values():
        for indicator in indicators:
            metadata.indicator_meta(dataset, indicator)  # raises on a name the metadata lacks


def test_a_break_between_the_two_years_is_named_drawn_and_said() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    from analysis.data.marks import SeriesMark

    brk = SeriesMark("break", 2009, "CHN", "a new definition", "OECD notes")
    late = SeriesMark("break", 2021, "CHN", "too late", "x")  # after the latest year: not crossed
    table = overview.profile_table(DATA, COUNTRIES, {"GDP": [brk, late], "Patents": [late]})
    by = table.set_index(["indicator", "iso3"])
    assert by.loc[("GDP", "CHN"), "break"] == "China 2009"
    assert by.loc[("GDP", "CHN"), "break_note"] == "a new definition (OECD notes)."
    assert by.loc[("GDP", "USA"), "break"] == ""  # the US ÷ Russia multiple crosses no break
    assert by.loc[("Patents", "CHN"), "break"] == ""
    fig = multiples.multiples(
        table,
        COUNTRIES,
        title=overview.headline(table, COUNTRIES),
        footer=figures.footer_from_data(table) + overview.break_footer(table),
    )
    at = {}
    for collection in fig.axes[0].collections:
        vertices = len(collection.get_paths()[0].vertices) if collection.get_paths() else 0
        for x, _ in collection.get_offsets():
            at.setdefault(float(x), set()).add(vertices)
    circle = next(len(c.get_paths()[0].vertices) for c in fig.axes[0].collections if c.get_paths())
    # GDP China ÷ Russia in 2000 (2×) is a diamond (5 vertices), Patents' base (2005, 2×) a circle.
    assert 5 in at[2.0] and circle != 5 and circle in at[2.0]
    footer = " ".join(t.get_text() for t in fig.findobj(Text))
    assert (
        "Hollow diamond: GDP: the first year lies before a break in series (China 2009)" in footer
    )
    ranks = pd.DataFrame(columns=["index", "edition", "iso3", "rank", "n_countries"])
    data = {"R&D spending at PPP": DATA["GDP"]}
    text = overview.summary_text(
        overview.profile_table(data, COUNTRIES, {"R&D spending at PPP": [brk]}), COUNTRIES, ranks
    )
    assert (
        "R&D spending at PPP 6.0× in 2020 (from 2.0× in 2000, before a break in series: China 2009)"
        in text
    )
