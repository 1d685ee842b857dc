"""Multiples over a near-zero denominator are cut, and the figure's note says where and why."""

from __future__ import annotations

import pandas as pd

from analysis.topics import ai


def _rows(values: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"iso3": iso3, "year": 2015 + i, "measure": "ai_private_investment_usd", "value": v}
        for iso3, series in values.items()
        for i, v in enumerate(series)
    ]
    return pd.DataFrame(rows).assign(kind="annual")


def test_a_tiny_denominator_is_cut_and_named() -> None:
    data = _rows({"RUS": [20.0, 30.0, 1.0, 25.0], "CHN": [2000.0, 3000.0, 14000.0, 2500.0]})
    multiples = pd.DataFrame(
        {"private investment": [100.0, 100.0, 14000.0, 100.0]}, index=range(2015, 2019)
    )
    shown, cut = ai.floor_multiples(multiples, data, ["RUS", "CHN"])
    assert shown["private investment"].isna().tolist() == [False, False, True, False]
    assert cut[["series", "year"]].values.tolist() == [["private investment", 2017]]
    note = ai.floor_note(cut, ["RUS", "CHN"])
    assert "10% of its median" in note and "private investment 2017" in note and "14000×" in note


def test_nothing_is_cut_above_the_floor() -> None:
    data = _rows({"RUS": [20.0, 30.0, 25.0], "CHN": [2000.0, 3000.0, 2500.0]})
    multiples = pd.DataFrame({"private investment": [100.0, 100.0, 100.0]}, index=range(2015, 2018))
    shown, cut = ai.floor_multiples(multiples, data, ["RUS", "CHN"])
    assert shown.equals(multiples) and cut.empty
    assert ai.floor_note(cut, ["RUS", "CHN"]).endswith("(no year here).")
