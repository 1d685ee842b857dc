"""Patent applications under each definition, multiples and intensity, on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics import patents


def _rows(values: dict[tuple[str, int], float], source: str = "wdi") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"iso3": i, "country": i, "year": y, "value": v, "source": source, "vintage": "v"}
            for (i, y), v in values.items()
        ]
    )


def _panel() -> pd.DataFrame:
    resident = _rows({("RUS", 2019): 20.0, ("CHN", 2019): 1000.0, ("CHN", 2018): 900.0})
    nonresident = _rows({("RUS", 2019): 10.0, ("CHN", 2019): 200.0}, source="wdi_extracts")
    by_origin = _rows({("RUS", 2019): 40.0, ("CHN", 2019): 1600.0}, source="wipo")
    return patents.panel_from(resident, nonresident, by_origin)


def test_panel_from_adds_the_office_total_where_both_parts_exist() -> None:
    data = _panel()
    assert list(data.columns) == [
        "definition",
        "iso3",
        "country",
        "year",
        "value",
        "source",
        "vintage",
    ]
    total = data[data["definition"] == "office_total"].set_index("iso3")
    assert list(total.index) == ["CHN", "RUS"]  # no office total for China 2018
    assert total.loc["RUS", "value"] == 30.0
    assert total.loc["RUS", "source"] == "wdi+wdi_extracts"
    assert set(data["definition"]) == set(patents.DEFINITIONS)


def test_panel_from_without_any_rows_is_empty_not_an_error() -> None:
    none = _rows({("RUS", 2019): 1.0}).iloc[0:0]  # what loading gives for no rows
    assert patents.panel_from(none, none, none).empty


def test_wide_by_definition_and_multiples() -> None:
    data = _panel()
    tables = patents.wide_by_definition(data, ["RUS", "CHN"])
    assert list(tables) == list(patents.DEFINITIONS)
    assert tables["resident"].loc[2019, "CHN"] == 1000.0
    mult = patents.multiples_by_definition(data, ["RUS", "CHN"])
    got = mult.set_index(["definition", "year"])["multiple"]
    assert got[("resident", 2019)] == 50.0 and got[("by_origin", 2019)] == 40.0
    assert ("resident", 2018) not in got.index  # Russia has no 2018 value: no multiple
    only_resident = patents.wide_by_definition(data[data["definition"] == "resident"], ["RUS"])
    assert only_resident["by_origin"].empty  # a missing definition gives an empty table


def test_intensity_divides_resident_applications_by_people_and_rd_at_ppp() -> None:
    population = _rows({("RUS", 2019): 1e8})
    spend = _rows({("RUS", 2019): 2e9}).assign(measure="usd_ppp")
    spend = pd.concat([spend, _rows({("RUS", 2019): 1.0}).assign(measure="pct_gdp")])
    out = patents.intensity(_panel(), population, spend).set_index("measure")
    assert out.loc["per_million_people", "value"] == pytest.approx(0.2)
    assert out.loc["per_billion_rd_ppp", "value"] == pytest.approx(10.0)  # pct_gdp rows ignored
    assert list(out["iso3"]) == ["RUS", "RUS"]


def test_reference_sentence_gives_three_years_per_definition() -> None:
    text = patents.reference_sentence(_panel(), ["RUS", "CHN"], 2019)
    lines = text.splitlines()
    assert (
        lines[0] == "- Resident applications, × Russia (2017 / 2018 / 2019): China n/a / n/a / 50×."
    )
    assert len(lines) == len(patents.DEFINITIONS)
    assert patents.reference_sentence(_panel(), ["RUS", "CHN"], 2010).count("no data for") == 4
