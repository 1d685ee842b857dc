"""FDI inflows (analysis.topics.bilateral.fdi) on a table written by the test."""

from __future__ import annotations

from bilateral_fixtures import fdi_table

from analysis.topics.bilateral import fdi


def test_fdi_is_total_not_bilateral_and_can_be_negative() -> None:
    inflows = fdi.fdi_inflows_from(["RUS", "CHN"], (2021, 2022), table=fdi_table())
    assert set(inflows["unit"]) == {"US$ billion, current"}
    text = fdi.fdi_sentence(inflows, ["RUS", "CHN"], 2021)
    assert "not flows between Russia and China" in text
    assert "Russia 2022 (-US$15.2 bn)" in text
    assert "China 4.8× Russia" in text
    assert fdi.fdi_headline(inflows, ["RUS", "CHN"]) == (
        r"Total FDI inflows from the world (not bilateral), 2022: Russia -US\$15.2 bn, "
        r"China US\$189.0 bn"
    )


def test_fdi_without_data_says_so() -> None:
    inflows = fdi.fdi_inflows_from(["BRA", "JPN"], (2021, 2022), table=fdi_table())
    assert inflows.empty
    assert "No data for these countries and years" in fdi.fdi_sentence(
        inflows, ["BRA", "JPN"], 2021
    )
    assert "no common year" in fdi.fdi_headline(inflows, ["BRA", "JPN"])
