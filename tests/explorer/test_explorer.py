"""The explorer without a browser: the core view, then the widgets driven by setting values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.explorer import app, catalogue, core

PPP = core.State(focus="RUS", partner="CHN", years=(2000, 2020))


def test_view_draws_levels_and_partner_over_focus(fake_data) -> None:
    view = core.view(PPP)
    # R&D at PPP = share / 100 x GDP PPP: China 2 % of 20,000 bn, Russia 1 % of 4,000 bn -> 10x.
    assert view.table["China ÷ Russia"].round(6).unique().tolist() == [10.0]
    assert view.sentence == (
        "China: 10× Russia's R&D spending at purchasing-power parity (2020). "
        "In 2000–2020 the multiple stayed at 10×."
    )
    titles = [ax.get_title(loc) for ax in view.figure.axes for loc in ("left", "center")]
    assert "China ÷ Russia" in titles and view.title in titles
    assert len(view.table) == 21 and list(view.table.columns[:2]) == ["Russia", "China"]
    assert view.message == ""


def test_definitions_change_the_numbers(fake_data) -> None:
    share = core.view(replace(PPP, definition="pct_gdp"), draw=False)
    assert share.table["China ÷ Russia"].iloc[0] == pytest.approx(2.0)
    market = core.view(replace(PPP, definition="usd_market"), draw=False)
    assert market.table["China ÷ Russia"].iloc[0] == pytest.approx(10.0)
    per = core.view(replace(PPP, definition="per_researcher"), draw=False)
    # researchers: 1000 per million x population; China 1400 m people vs Russia 145 m.
    assert per.table["China ÷ Russia"].iloc[0] == pytest.approx(10 / (1400 / 145))
    people = core.view(replace(PPP, per_person=True), draw=False)
    assert people.table["China ÷ Russia"].iloc[0] == pytest.approx(10 / (1400 / 145))
    assert "per million people" in people.title


def test_patent_definitions(fake_data) -> None:
    state = replace(PPP, indicator="wdi/patent_applications_resident")
    for definition, multiple in [("resident", 40.0), ("by_origin", 40.0), ("nonresident", 1.0),
                                 ("office_total", 1_000_100 / 25_100)]:  # fmt: skip
        view = core.view(replace(state, definition=definition), draw=False)
        assert view.table["China ÷ Russia"].iloc[-1] == pytest.approx(multiple), definition


def test_footer_names_each_input_with_vintage_and_sha256(fake_data) -> None:
    view = core.view(PPP, draw=False)
    assert view.footer.startswith("Source: ")
    files = {i["file"]: i for i in view.inputs}
    # R&D share and GDP at PPP are read; population is not (only per person).
    assert set(files) == {"API_GB.XPD.RSDV.GD.ZS_x.csv", "API_NY.GDP.MKTP.PP.CD_x.csv"}
    assert files["API_GB.XPD.RSDV.GD.ZS_x.csv"]["sha256"] == "a" * 64
    assert files["API_GB.XPD.RSDV.GD.ZS_x.csv"]["vintage"] == "2025-04-15"


def test_an_uncovered_country_says_no_data_and_draws_nothing(fake_data) -> None:
    view = core.view(replace(PPP, partner="USA"))
    assert view.figure is None and view.table.empty
    assert view.message.startswith("No data: R&D spending at purchasing-power parity has no value")
    assert "United States (no year at all)" in view.message
    late = core.view(replace(PPP, years=(2021, 2023)))
    assert late.figure is None and "Russia (data for 2000–2020)" in late.message


def test_an_uncovered_comparator_is_named_and_left_out(fake_data) -> None:
    view = core.view(replace(PPP, comparators=("USA", "IND")), draw=False)
    assert "United States" in view.message and "United States" not in view.table.columns
    assert "India" in view.table.columns


def test_csv_and_png_of_the_view(fake_data) -> None:
    view = core.view(PPP)
    assert view.csv().splitlines()[0] == "year,Russia,China,China ÷ Russia"
    png = view.png()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert core.data_uri("a,b\n", "text/csv") == "data:text/csv;base64,YSxiCg=="


def test_every_metadata_indicator_is_offered_with_label_and_unit() -> None:
    from analysis.data import metadata

    offered = {key for topic, _ in ((k, 0) for _, k in catalogue.topic_options())
               for _, key in catalogue.indicator_options(topic)}  # fmt: skip
    declared = {f"{d}/{i}" for d, meta in metadata.catalog().items() for i in meta.indicators}
    assert offered == declared
    label = catalogue.indicators()["wdi/rd_expenditure_pct_gdp"].label
    assert label == "Research and development expenditure (% of GDP) [wdi]"
    assert catalogue.indicators()["wdi/population"].label.endswith("(people) [wdi]")
    assert catalogue.topic_of("ai_patent_applications_by_office") == "ai"
    assert catalogue.topic_of("patent_applications_by_origin") == "patents"


def test_definitions_offered_where_a_topic_has_several() -> None:
    patent = [d for _, d in catalogue.definition_options("wipo/patent_applications_by_origin", ())]
    assert patent == ["resident", "office_total", "by_origin", "nonresident"]
    rd_defs = [d for _, d in catalogue.definition_options(catalogue.RD_ANCHOR, ())]
    assert rd_defs == ["pct_gdp", "usd_market", "usd_ppp", "per_researcher"]
    editions = catalogue.definition_options("ai_rankings/gairi_score", ("2019", "2020"))
    assert [d for _, d in editions] == ["every", "2019", "2020"]
    assert catalogue.definition_options("owid/ai_publications", ()) == []
    assert catalogue.per_person_applies("applications")
    assert not catalogue.per_person_applies("% of GDP")
    assert not catalogue.per_person_applies("articles per million people")


# --- the widgets, driven by setting control values ---------------------------------------------


def test_widgets_redraw_when_partner_and_definition_change(fake_data) -> None:
    ui = app.Explorer(["RUS", "CHN"], 2000, 2020)
    first_png, first_sentence = ui.image.value, ui.sentence.value
    assert "China: 10× Russia" in first_sentence and "Download CSV" in ui.links.value
    ui.partner.value = "India (IND)"
    assert ui.state.partner == "IND"
    assert "India: 1.8× Russia" in ui.sentence.value and ui.image.value != first_png
    assert "India ÷ Russia" in ui.table.value
    ui.definition.value = "pct_gdp"
    assert "India: 0.70× Russia's R&D spending, % of GDP" in ui.view.sentence
    assert "India: 0.70× Russia" in ui.sentence.value
    assert ui.per_person.disabled  # a share of GDP is not divided by population


def test_widgets_topic_indicator_years_and_no_data(fake_data) -> None:
    ui = app.Explorer(["RUS", "CHN", "IND"], 2005, 2015)
    assert ui.years.min == 2000 and ui.years.max == 2020 and ui.years.value == (2005, 2015)
    assert len(ui.view.table) == 11
    ui.topic.value = "patents"
    assert ui.state.indicator.startswith("wdi") and ui.state.definition == "resident"
    assert "Russia's resident patent applications" in ui.view.sentence
    ui.definition.value = "by_origin"
    assert "China: 40× Russia's patent applications by origin" in ui.sentence.value
    ui.years.value = (2010, 2012)
    assert len(ui.view.table) == 3
    ui.focus.value = "brazil"  # typed: a name is enough
    assert ui.state.focus == "BRA"
    ui.partner.value = "United States (USA)"
    assert "No data" in ui.message.value and ui.image.layout.display == "none"
    assert ui.links.value == ""


def test_explore_refuses_bad_countries(fake_data) -> None:
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match="'countries'"):
        app.Explorer(["RUS"], 2000, 2020)


def test_analysis_explore_is_the_explorer() -> None:
    import analysis
    from analysis import explorer

    assert analysis.explore is explorer.explore
