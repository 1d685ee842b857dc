"""The asymmetry profile on a fixture whose multiples are known by construction."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from analysis.topics import overview


def _rows(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"iso3": i, "country": i, "year": y, "value": v, "source": "wdi", "vintage": "v"}
            for (i, y), v in values.items()
        ]
    )


@pytest.fixture
def fixture_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {
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
        "Patents": _rows(
            {("RUS", 2005): 10, ("CHN", 2005): 20, ("RUS", 2019): 10, ("CHN", 2019): 380}
        ),
    }
    loaders = {k: functools.partial(lambda frame, c, y: frame, v) for k, v in data.items()}
    monkeypatch.setattr(overview, "INDICATORS", loaders)
    monkeypatch.setattr(
        overview, "_trade_to_each_other", lambda f, p, y: _rows({}).reindex(columns=overview._COLS)
    )


def test_profile_multiples_and_movement(fixture_indicators) -> None:
    table = overview.profile(["RUS", "CHN", "USA"], (2000, 2020)).set_index(["indicator", "iso3"])
    assert table.loc[
        ("GDP", "CHN"), ["year", "multiple", "base_year", "base_multiple"]
    ].tolist() == [2020, 6.0, 2000, 2.0]
    assert table.loc[("Patents", "CHN"), "multiple"] == 38.0
    assert ("Patents", "USA") not in table.index  # no US patents in the fixture: absent, not zero
    text = overview.missing(table.reset_index(), ["RUS", "CHN", "USA"])
    assert "United States ÷ Russia: Patents" in text
