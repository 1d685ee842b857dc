"""Resilience (analysis.topics.resilience): portfolios, breaks and events on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics import resilience as rs
from analysis.topics.bilateral import copub
from analysis.viz import timeline

YEARS = list(range(2010, 2017))
# Works of RUS with each partner per year: CHN grows throughout, USA and DEU grow then fall after
# the 2014 break, FRA is small.
WORKS = {
    "CHN": [10, 12, 14, 16, 20, 25, 30],
    "USA": [50, 55, 60, 66, 60, 50, 40],
    "DEU": [40, 42, 44, 46, 40, 35, 30],
    "FRA": [5, 5, 5, 5, 5, 5, 5],
}


def _table() -> pd.DataFrame:
    records = []
    base = {"unit": "works", "source": "copub_openalex", "vintage": "v1"}
    for partner, values in WORKS.items():
        for year, value in zip(YEARS, values, strict=True):
            a, b = sorted(["RUS", partner])
            records.append(
                {
                    **base,
                    "indicator": copub.COPUB_PAIR,
                    "iso3": a,
                    "country": a,
                    "partner_iso3": b,
                    "partner": b,
                    "year": year,
                    "value": float(value),
                }
            )
    for i, year in enumerate(YEARS):
        for iso3, intl, n in (("RUS", 200 + i, 4), ("CHN", 1000 + 10 * i, 30)):
            for ind, v in ((copub.COPUB_TOTAL, intl), (copub.COPUB_PARTNERS, n)):
                records.append(
                    {
                        **base,
                        "indicator": ind,
                        "iso3": iso3,
                        "country": iso3,
                        "partner_iso3": None,
                        "partner": None,
                        "year": year,
                        "value": float(v),
                    }
                )
    # China's other partners: many, so that Russia ranks low on China's side.
    for year in YEARS:
        records.append(
            {
                **base,
                "indicator": copub.COPUB_PAIR,
                "iso3": "CHN",
                "country": "CHN",
                "partner_iso3": "USA",
                "partner": "USA",
                "year": year,
                "value": 500.0,
            }
        )
    return pd.DataFrame(records)


def _port(final: int = 2016) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = _table()
    pairs = copub.copub_pairs_from(["RUS", "CHN"], (2010, 2016), table=table)
    totals = table[table["indicator"] != copub.COPUB_PAIR]
    window = rs.reference_window([2014], 2010, 2015, width=3)
    partners = rs.main_partners(pairs, ["RUS", "CHN"], window, k=2)
    return pairs, rs.partner_portfolio(pairs, totals, partners, final)


def test_reference_window_is_before_the_first_break_or_the_last_complete_years() -> None:
    assert rs.reference_window([2014, 2022], 1990, 2022) == (2009, 2013)
    assert rs.reference_window([2030], 2010, 2016, width=3) == (2014, 2016)
    assert rs.reference_window([2014], 2012, 2016) == (2012, 2013)


def test_top_partners_are_computed_from_the_window_not_typed() -> None:
    pairs, _ = _port()
    assert rs.top_partners(pairs, "RUS", (2010, 2013), k=2, exclude=["CHN"]) == ["USA", "DEU"]
    assert rs.main_partners(pairs, ["RUS", "CHN"], (2010, 2013), k=2) == {
        "RUS": ["CHN", "USA", "DEU"],
        "CHN": ["RUS"],
    }


def test_portfolio_shares_ranks_and_provisional_years() -> None:
    _, port = _port(final=2016)
    row = port[(port["side"] == "RUS") & (port["partner_iso3"] == "CHN") & (port["year"] == 2016)]
    assert row["share_pct"].iloc[0] == pytest.approx(30 / 206 * 100)
    assert row["rank"].iloc[0] == 2  # USA 40 first; CHN and DEU tie at 30 and share #2
    assert row["n_partners"].iloc[0] == 4
    assert bool(row["provisional"].iloc[0])
    assert not port.loc[port["year"] < 2016, "provisional"].any()
    chn = port[(port["side"] == "CHN") & (port["year"] == 2010)]
    assert list(chn["partner_iso3"]) == ["RUS"]
    assert chn["rank"].iloc[0] == 2  # behind the US among China's partners
    ranks = rs.rank_table(port, ["RUS", "CHN"])
    assert list(ranks.columns) == ["CHN", "RUS"]


def test_break_growth_before_and_after_and_the_verdict() -> None:
    _, port = _port(final=2016)
    growth = rs.break_growth(port, "RUS", [2014], complete_year=2015, width=3).set_index(
        "partner_iso3"
    )
    chn = growth.loc["CHN"]
    assert (chn["before_from"], chn["before_to"], chn["after_to"]) == (2010, 2013, 2015)
    assert chn["before_pct_a"] == pytest.approx(((16 / 10) ** (1 / 3) - 1) * 100)
    assert chn["after_pct_a"] == pytest.approx(((25 / 16) ** (1 / 2) - 1) * 100)
    assert growth.loc["USA", "after_pct_a"] < 0
    text = rs.resilience_sentence(port, growth.reset_index(), ["RUS", "CHN"], [2014], 2015)
    # Two complete years after the break: too early to call; "outgrew" and "weakened" apart.
    assert "too early to call: 2 years after the break (2013->2015)" in text
    assert "the pair outgrew every other top tie" in text
    assert "2016 provisional" in text
    assert "whole counts" in text


def test_break_without_a_complete_after_year_uses_the_provisional_one() -> None:
    _, port = _port(final=2016)
    growth = rs.break_growth(port, "RUS", [2016], complete_year=2015, width=3)
    assert set(growth["after_to"]) == {2016}
    assert growth["provisional"].all()
    assert rs.break_growth(port, "RUS", [2030], complete_year=2015).empty


def test_first_top_year_and_the_never_case() -> None:
    _, port = _port()
    first = rs.first_top_year(port, "RUS", "CHN")
    assert first is not None and first["year"] == 2016 and first["rank"] == 2
    assert rs.first_top_year(port, "CHN", "RUS", top=1) is None
    text = rs.resilience_sentence(port, pd.DataFrame(columns=["break"]), ["RUS", "CHN"], [], 2015)
    assert "China first became Russia's #2 partner of 4 in 2016, a provisional year" in text


def test_sentence_when_the_pair_never_coauthored() -> None:
    _, port = _port()
    text = rs.resilience_sentence(port, pd.DataFrame(), ["RUS", "BRA"], [2014], 2015)
    assert text.startswith("OpenAlex records no works")


def _events(**changes: str) -> pd.DataFrame:
    row = {
        "id": "a",
        "date": "2020-03",
        "kind": "cooperation",
        "label": "A",
        "description": "",
        "essay_citation": "Essay",
        "primary_source": "",
        "url": "",
        "countries": "CHN RUS",
    }
    return pd.DataFrame([{**row, **changes}])


def test_events_are_checked_and_placed_on_the_year_axis() -> None:
    out = rs.check_events(_events())
    assert out["year"].iloc[0] == 2020
    assert out["when"].iloc[0] == pytest.approx(2020 + 2 / 12)
    assert "1 = A (2020-03)" in timeline.events_key(out)
    assert rs.in_years(out, (2021, 2022)).empty


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "March 2020"}, "not YYYY-MM"),
        ({"kind": "war"}, "kind 'war'"),
        ({"essay_citation": ""}, "no citation"),
        ({"countries": "china"}, "ISO3 codes"),
    ],
)
def test_bad_event_rows_name_the_row_and_the_fix(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rs.check_events(_events(**changes), where="events.csv")


def test_the_packaged_events_table_is_valid_and_cited() -> None:
    events = rs.load_events()
    assert {"sanctions_2014", "sanctions_2022", "huawei_mipt_2020"} <= set(events["id"])
    assert (events["essay_citation"].ne("") | events["primary_source"].ne("")).all()
    assert events["url"].eq("").all() or events["url"].str.startswith("https://").all()


def test_trade_composition_shift_and_the_not_applicable_sentence() -> None:
    flows = pd.DataFrame(
        {
            "iso3": ["RUS"] * 4,
            "partner_iso3": ["CHN"] * 4,
            "country": ["RUS"] * 4,
            "year": [2021, 2021, 2023, 2023],
            "chapter": ["27", "84", "27", "84"],
            "category": ["270900", "847100", "270900", "847100"],
            "value": [60.0, 40.0, 90.0, 10.0],
            "source": ["baci"] * 4,
            "vintage": ["v"] * 4,
        }
    )
    shift = rs.composition_shift(flows, "RUS", 2021, 2023)
    assert shift.loc["HS 27 mineral fuels, oil", "change_pp"] == pytest.approx(30.0)
    assert shift.index[-1] == "HS 84 machinery, computers"
    assert rs.trade_break_sentence(flows.iloc[0:0], ["IND", "BRA"], [2022], "n/a here") == (
        "n/a here"
    )
    text = rs.trade_break_sentence(flows, ["RUS", "CHN"], [2014, 2022], "")
    assert "Break 2014: outside the trade years 2021-2023" in text
    assert "40% -> 10% of the direction" in text


def _npairs() -> pd.DataFrame:
    from analysis.topics.bilateral import ncses

    rows = [
        (ncses.AI_COUNT, "RUS", "CHN", 2022, 245.0, 4, 59),
        (ncses.AI_COUNT, "CHN", "RUS", 2022, 245.0, 27, 59),
        (ncses.NCSES_COUNT, "RUS", "CHN", 2022, 4000.0, 3, 45),
    ]
    return pd.DataFrame(
        [
            {
                "indicator": i,
                "iso3": a,
                "partner_iso3": b,
                "year": y,
                "value": v,
                "partner_rank": r,
                "n_partners": n,
                "vintage": "SEI 2024",
            }
            for i, a, b, y, v, r, n in rows
        ]
    )


def test_ai_rank_sentence_compares_ai_with_all_fields() -> None:
    text = rs.ai_rank_sentence(_npairs(), ["RUS", "CHN"])
    assert "#4 of 59 (245 articles); in all fields, 2022: #3 of 45" in text
    assert "one period only" in text
    assert "lists no AI articles co-written by India" in rs.ai_rank_sentence(
        _npairs(), ["IND", "BRA"]
    )


def test_ai_output_around_a_break() -> None:
    owid = pd.DataFrame(
        {
            "indicator": ["ai_publications"] * 6,
            "iso3": ["RUS", "RUS", "RUS", "CHN", "CHN", "CHN"],
            "year": [2020, 2021, 2022] * 2,
            "value": [10.0, 20.0, 10.0, 100.0, 200.0, 400.0],
        }
    )
    table = rs.ai_output_table(owid, ["RUS", "CHN"])
    assert list(table.columns) == ["RUS", "CHN"]
    assert rs.ai_multiple(table, ["RUS", "CHN"]).loc[2022, "China ÷ Russia"] == pytest.approx(40.0)
    text = rs.ai_output_sentence(table, ["RUS", "CHN"], [2014, 2022])
    assert "Break 2014: outside the AI publication years 2020-2022" in text
    assert "Russia 20 -> 10 (0.50×)" in text
    assert "China ÷ Russia: 10× -> 40×" in text
    assert rs.ai_output_sentence(table.iloc[0:0], ["BRA", "IND"], [2022]).startswith("OWID/CSET")


def test_events_for_the_years_of_a_table() -> None:
    events = rs.check_events(_events())
    assert len(rs.events_for(events, [2019, 2021])) == 1
    assert rs.events_for(events, []).empty
    assert rs.events_for(events, pd.Index([2021, 2022])).empty


def test_relevant_events_concern_the_focus_or_the_partner() -> None:
    events = rs.check_events(_events())
    assert len(rs.relevant(events, ["RUS", "USA"], (2019, 2021))) == 1
    assert rs.relevant(events, ["IND", "BRA", "RUS"], (2019, 2021)).empty


def test_events_less_than_a_year_apart_share_one_number() -> None:
    rows = pd.concat(
        [
            _events(id="a", date="2019-11"),
            _events(id="b", date="2020-03"),
            _events(id="c", date="2022-02", kind="sanctions"),
        ],
        ignore_index=True,
    )
    groups = timeline.clusters(rs.check_events(rows))
    assert [[i for i, _, _ in g] for g in groups] == [[1, 2], [3]]


def test_timeline_draws_provisional_years_like_every_other_figure() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    from analysis.viz import figures, labels

    figures.set_style()
    table = pd.DataFrame({"CHN": [1.0, 2.0, 3.0, 2.5]}, index=[2013, 2014, 2015, 2016])
    fig = timeline.timeline(
        {"works": table},
        title="t",
        footer="Source: demo.",
        events=rs.check_events(_events()),
        provisional=[2016],
        provisional_note="late indexing",
    )
    ax = fig.axes[0]
    hollow = [line for line in ax.get_lines() if line.get_gid() == labels.PROVISIONAL_GID]
    assert [list(line.get_xdata()) for line in hollow] == [[2016]]
    footer = " ".join(t.get_text() for t in fig.findobj(Text))
    assert "Hollow points on a dashed segment: provisional (2016): late indexing." in footer
    assert labels.unexplained_marks(fig) == []


def _growth(b: int, after_to: int, after: dict[str, float], provisional: dict | None = None):
    rows = []
    for partner, pct in after.items():
        rows.append({"break": b, "partner_iso3": partner, "before_from": b - 6, "before_to": b - 1,
                     "before_pct_a": 5.0, "after_to": after_to, "after_pct_a": pct,
                     "provisional": False,
                     "provisional_to": (provisional or {}).get("year", float("nan")),
                     "provisional_pct_a": (provisional or {}).get(partner, float("nan"))})  # fmt: skip
    return pd.DataFrame(rows)


def test_outgrowing_the_west_is_kept_apart_from_the_west_weakening() -> None:
    """Verdict 5: after 2014 the pair outgrew the other ties, which did not weaken."""
    from analysis.topics.resilience.portfolio import break_line

    line = break_line(
        _growth(2014, 2018, {"CHN": 21.1, "DEU": 7.7, "USA": 5.8}), 2014, "RUS", "CHN"
    )
    assert (
        "Verdict: the pair outgrew every other top tie (+21.1%/yr against at most +7.7%/yr)" in line
    )
    assert "the other top ties did not weaken: every one kept growing" in line
    assert "too early" not in line


def test_one_year_after_a_break_is_too_early_to_call() -> None:
    """Verdict 5: 2021 -> 2022 is one year; the provisional 2023 is read with its caveat."""
    from analysis.topics.resilience.portfolio import break_line

    growth = _growth(2022, 2022, {"CHN": 3.9, "DEU": -25.9, "USA": -15.6},
                     {"year": 2023, "CHN": 0.1, "DEU": -25.6, "USA": -15.6})  # fmt: skip
    line = break_line(growth, 2022, "RUS", "CHN")
    assert "Verdict: too early to call: one year after the break (2021->2022)" in line
    assert "the other top ties weakened: every one fell" in line
    assert "With the provisional 2023 (likely incomplete" in line
    assert "Verdict: yes" not in line
