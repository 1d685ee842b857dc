"""compare.Tables: year x country tables in which a key without data gives an empty table."""

from __future__ import annotations

import pandas as pd

from analysis.topics import compare


def _long() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": ["a", "a", "b"],
            "iso3": ["RUS", "CHN", "RUS"],
            "year": [2000, 2000, 2001],
            "value": [1.0, 2.0, 3.0],
        }
    )


def test_tables_fill_a_missing_key_with_an_empty_table_of_the_countries() -> None:
    per = compare.tables(_long(), "measure", ["RUS", "CHN", "USA"])
    assert list(per) == ["a", "b"]  # only keys with data are listed
    assert "c" not in per and len(per) == 2
    missing = per["c"]
    assert missing.empty and list(missing.columns) == ["RUS", "CHN", "USA"]
    assert (missing.dtypes == "float64").all()
    assert "c" not in per  # asking does not store the empty table
    assert per["a"].loc[2000, "CHN"] == 2.0
    assert list(per["b"].columns) == ["RUS", "CHN", "USA"]


def test_empty_table_is_what_wide_gives_for_no_rows() -> None:
    countries = ["RUS", "CHN"]
    pd.testing.assert_frame_equal(
        compare.empty(countries), compare.wide(_long().iloc[0:0], countries)
    )


def test_tables_wraps_any_mapping_and_get_keeps_dict_semantics() -> None:
    table = compare.wide(_long()[_long()["measure"] == "a"], ["RUS", "CHN"])
    held = compare.Tables(["RUS", "CHN"], {"a": table})
    assert held["a"] is table
    assert held.get("z") is None  # .get is the plain dict's: no default table
    assert list(held["z"].columns) == ["RUS", "CHN"]


def test_focus_partner_is_the_one_home_of_the_roles() -> None:
    import pytest

    from analysis.errors import ParameterError
    from analysis.topics.compare import focus_partner

    assert focus_partner(["RUS", "CHN", "USA"]) == ("RUS", "CHN")
    with pytest.raises(ParameterError, match="a focus country and a partner"):
        focus_partner(["RUS"])
    with pytest.raises(ParameterError):
        focus_partner("RUS")
