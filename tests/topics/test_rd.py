"""R&D spending, researchers, revisions, the NCSES cross-check and growth, on hand-made tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.data.marks import SeriesMark
from analysis.topics import compare, rd


def _rows(indicator: str, values: dict[tuple[str, int], float], vintage: str = "v1") -> list[dict]:
    return [
        {
            "indicator": indicator,
            "iso3": iso3,
            "country": iso3,
            "year": year,
            "value": value,
            "unit": "u",
            "source": "wdi",
            "vintage": vintage,
        }
        for (iso3, year), value in values.items()
    ]


def _wdi() -> pd.DataFrame:
    rows = _rows("rd_expenditure_pct_gdp", {("RUS", 2019): 1.0, ("CHN", 2019): 2.0})
    # An older vintage of R&D % of GDP that must be ignored.
    rows += _rows("rd_expenditure_pct_gdp", {("RUS", 2019): 9.0}, vintage="v0")
    rows += _rows("gdp_usd", {("RUS", 2019): 1e12, ("CHN", 2019): 1e13})
    rows += _rows("gdp_ppp_usd", {("RUS", 2019): 4e12, ("CHN", 2019): 2e13})
    return pd.DataFrame(rows)


def test_spending_from_derives_dollars_from_the_newest_vintage() -> None:
    spend = rd.spending_from(_wdi())
    got = spend.set_index(["measure", "iso3"])["value"]
    assert got[("pct_gdp", "RUS")] == 1.0  # v1, not the older v0
    assert got[("usd_market", "RUS")] == pytest.approx(1e10)
    assert got[("usd_ppp", "CHN")] == pytest.approx(4e11)
    assert set(spend["measure"]) == set(rd.MEASURES)
    assert (spend.loc[spend["measure"] == "usd_ppp", "source"] == "wdi+wdi").all()


def test_researchers_from_multiplies_per_million_by_population() -> None:
    wdi = pd.DataFrame(
        _rows("researchers_per_million", {("RUS", 2020): 2000.0})
        + _rows("population", {("RUS", 2020): 1.5e8})
    )
    people = rd.researchers_from(wdi).set_index("measure")["value"]
    assert people["per_million"] == 2000.0
    assert people["total"] == pytest.approx(300_000)


def test_hightech_exports_from_stacks_share_and_dollars() -> None:
    share = pd.DataFrame(_rows("hightech_exports_pct_manufactured", {("RUS", 2020): 10.0}))
    usd = pd.DataFrame(_rows("hightech_exports_usd", {("RUS", 2020): 5e9}))
    out = rd.hightech_exports_from(share, usd)
    assert list(out["measure"]) == ["pct_manufactured", "usd"]
    assert list(out["value"]) == [10.0, 5e9]


def test_revision_is_newest_minus_oldest_vintage() -> None:
    table = pd.DataFrame(
        _rows("rd_expenditure_pct_gdp", {("RUS", 2019): 1.0, ("CHN", 2019): 2.0}, "2023-01")
        + _rows("rd_expenditure_pct_gdp", {("RUS", 2019): 1.1, ("CHN", 2019): 2.0}, "2024-06")
    )
    rev = rd.revision(table, ["RUS", "CHN"])
    assert rev.loc[2019, "RUS"] == pytest.approx(0.1) and rev.loc[2019, "CHN"] == 0.0
    assert rd.revision(table[table["vintage"] == "2023-01"], ["RUS"]).empty
    assert "Russia 2019, +0.10 points" in rd.revision_headline(rev)


def test_ncses_crosscheck_converts_millions_and_keeps_the_newest_edition() -> None:
    spend = rd.spending_from(_wdi())
    ncses = pd.DataFrame(
        _rows("gerd_ppp_usd", {("RUS", 2019): 50_000.0}, "SEI 2022")
        + _rows("gerd_ppp_usd", {("RUS", 2019): 40_000.0}, "SEI 2024")
    ).assign(unit="millions of PPP dollars", source="ncses_gerd")
    check = rd.ncses_crosscheck(spend, ncses)
    assert len(check) == 1
    row = check.iloc[0]
    assert row["ncses"] == pytest.approx(4e10)  # SEI 2024, in dollars
    assert row["derived"] == pytest.approx(4e10)
    assert row["difference"] == pytest.approx(0.0)
    assert "within 0% of NCSES's in half of 1 country-years" in rd.crosscheck_headline(check)
    assert rd.ncses_crosscheck(spend, ncses.iloc[0:0]).empty


def _wide(values: dict[int, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(values, index=["RUS", "CHN"]).T.astype(float)


def test_growth_indexes_both_series_to_the_first_complete_year() -> None:
    ppp = _wide({2000: (math.nan, 1.0), 2001: (2.0, 4.0), 2002: (4.0, 8.0)})
    staff = _wide({2000: (5.0, 5.0), 2001: (10.0, 20.0), 2002: (5.0, 40.0)})
    base, panels = rd.growth(ppp, staff, 2000)
    assert base == 2001  # 2000 lacks Russia
    assert list(panels) == ["R&D spending at PPP, 2001 = 100", "Researchers, 2001 = 100"]
    assert panels["R&D spending at PPP, 2001 = 100"].loc[2002, "RUS"] == 200.0
    assert panels["Researchers, 2001 = 100"].loc[2002, "RUS"] == 50.0


def test_growth_without_a_complete_year_gives_empty_panels() -> None:
    ppp = _wide({2000: (math.nan, 1.0)})
    base, panels = rd.growth(ppp, ppp, 2000)
    assert base is None
    assert all(t.empty and list(t.columns) == ["RUS", "CHN"] for t in panels.values())


def test_partner_multiples_put_every_measure_side_by_side() -> None:
    spend = compare.Tables(
        ["RUS", "CHN"],
        {"pct_gdp": _wide({2019: (1.0, 2.0)}), "usd_ppp": _wide({2019: (10.0, 50.0)})},
    )
    staff = _wide({2019: (4.0, 8.0)})
    mult = rd.partner_multiples(spend, staff, "RUS", "CHN")
    assert list(mult.columns) == list(rd.MULTIPLE_LABELS.values())
    assert mult.loc[2019, "R&D % of GDP"] == 2.0
    assert mult.loc[2019, "R&D at PPP"] == 5.0
    assert mult.loc[2019, "Researchers"] == 2.0
    assert mult["R&D at market rates"].isna().all()  # no usd_market table: an empty column


def test_reference_sentence_says_the_multiple_and_since_when() -> None:
    rows = []
    for year, rus, chn in ((2000, 10.0, 15.0), (2001, 10.0, 25.0), (2002, 10.0, 60.0)):
        for iso3, v in (("RUS", rus), ("CHN", chn)):
            rows.append(
                {"measure": "usd_ppp", "iso3": iso3, "country": iso3, "year": year, "value": v}
            )
    text = rd.reference_sentence(pd.DataFrame(rows), ["RUS", "CHN"], 2002)
    lines = text.splitlines()
    assert lines[0].startswith("- at purchasing-power parity: in 2002 China spent 6.0×")
    assert "above 1× throughout 2000-2002, above 2× since 2001 and above 5× since 2002" in lines[0]
    assert "no common year of data up to 2002" in lines[1]
    same_year = rd.reference_sentence(
        pd.DataFrame(
            [
                {"measure": "usd_ppp", "iso3": c, "country": c, "year": y, "value": v}
                for y in (2000, 2001)
                for c, v in (("RUS", 1.0), ("CHN", 3.0 if y == 2000 else 12.0))
            ]
        ),
        ["RUS", "CHN"],
        2001,
    )
    assert "stayed above 2× throughout 2000-2001 and above 10× since 2001." in same_year


def test_growth_marks_put_the_researcher_breaks_on_the_researcher_panel_and_the_ratio() -> None:
    china = SeriesMark("break", 2009, "CHN", "new definition", "OECD")
    korea = SeriesMark("break", 2007, "KOR", "other", "KOSTAT")
    placed = rd.growth_marks([china, korea], 2000, "RUS", "CHN", "China ÷ Russia")
    assert placed == {
        "Researchers, 2000 = 100": [china, korea],
        "China ÷ Russia": [china.on("Researchers", label="China ÷ Russia researchers")],
    }
    base, panels = rd.growth(pd.DataFrame({"CHN": [1.0]}, index=[2000]), pd.DataFrame(), 2000)
    assert set(placed) - {"China ÷ Russia"} < set(panels), "keys must match the growth panels"


def test_researcher_breaks_include_chinas_2009_definition_change() -> None:
    (mark,) = rd.researcher_breaks(["RUS", "CHN"], (2000, 2020))
    assert (mark.kind, mark.year, mark.series) == ("break", 2009, "CHN")
    assert "Frascati" in mark.note and mark.citation
    assert rd.researcher_breaks(["RUS", "USA"], (2000, 2020)) == []
