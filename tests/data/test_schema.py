"""The tidy schema's validation: every bad input gets a specific error naming file and row."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.schema import CORE_COLUMNS, validate_tidy
from analysis.errors import DataFileError


def _frame(**over: list) -> pd.DataFrame:
    data = {
        "iso3": ["CHN", "RUS"],
        "country": ["China", "Russia"],
        "year": [2019, 2019],
        "indicator": ["x_count", "x_count"],
        "value": [10.0, 2.0],
        "unit": ["things", "things"],
        "source": ["s", "s"],
        "vintage": ["v", "v"],
        "_row": [2, 3],
    }
    data.update(over)
    return pd.DataFrame(data)


def test_valid_frame_gets_canonical_dtypes() -> None:
    out = validate_tidy(_frame(), "f.csv")
    assert list(out.columns) == list(CORE_COLUMNS)
    assert str(out["year"].dtype) == "Int64" and out["value"].dtype == "float64"


def test_non_numeric_value_names_row_and_column() -> None:
    with pytest.raises(
        DataFileError, match=r"f\.csv \(row 3, column 'value'\): expected a number, found 'n\.a\.x'"
    ):
        validate_tidy(_frame(value=["1", "n.a.x"]), "f.csv")


def test_duplicate_key_names_row() -> None:
    with pytest.raises(DataFileError, match=r"\(row 3\): duplicated row"):
        validate_tidy(_frame(iso3=["CHN", "CHN"]), "f.csv")


def test_negative_count_rejected_unless_signed() -> None:
    with pytest.raises(DataFileError, match="negative value -2.0"):
        validate_tidy(_frame(value=[1.0, -2.0]), "f.csv")
    assert (
        len(validate_tidy(_frame(value=[1.0, -2.0]), "f.csv", signed_indicators={"x_count"})) == 2
    )


def test_implausible_year() -> None:
    with pytest.raises(DataFileError, match="implausible year 219"):
        validate_tidy(_frame(year=[2019, 219]), "f.csv")


def test_bad_iso3() -> None:
    with pytest.raises(DataFileError, match="ISO 3166 alpha-3 code, found 'Russia'"):
        validate_tidy(_frame(iso3=["CHN", "Russia"]), "f.csv")


def test_empty_and_missing_columns() -> None:
    with pytest.raises(DataFileError, match="no data rows"):
        validate_tidy(_frame().iloc[0:0], "f.csv")
    with pytest.raises(DataFileError, match=r"no column\(s\) \['unit'\]"):
        validate_tidy(_frame().drop(columns="unit"), "f.csv")
