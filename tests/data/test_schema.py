"""The tidy schema's validation: every bad input gets a specific error naming file and row."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import schema
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


def test_fractional_rank_and_empty_required_value() -> None:
    with pytest.raises(
        DataFileError, match=r"\(row 3, column 'rank'\): expected a whole number, found 2\.5"
    ):
        validate_tidy(_frame(rank=[1, 2.5]), "f.csv")
    with pytest.raises(DataFileError, match=r"\(row 2, column 'unit'\): a required value is empty"):
        validate_tidy(_frame(unit=[None, "things"]), "f.csv")


def test_optional_columns_join_the_key() -> None:
    both = _frame(iso3=["CHN", "CHN"], category=["a", "b"])
    assert len(validate_tidy(both, "f.csv")) == 2


def test_metadata_restates_the_optional_columns_in_schema_order() -> None:
    from analysis.data import metadata

    assert tuple(schema.OPTIONAL_COLUMNS) == metadata._OPTIONAL_COLUMNS


def test_dataset_schema_is_generated_from_the_metadata_columns() -> None:
    from analysis.data import metadata

    for dataset, meta in metadata.catalog().items():
        generated = schema.dataset_schema(dataset)
        assert list(generated.columns) == [*CORE_COLUMNS, *meta.columns], dataset
    ncses = schema.dataset_schema("ncses")
    assert {"edition", "partner_iso3", "category"} <= set(ncses.unique)


def test_a_dataset_refuses_a_column_its_metadata_does_not_declare() -> None:
    table = validate_tidy(_frame(partner=["United States", "United States"]), "f.csv")
    with pytest.raises(DataFileError, match=r"column 'partner' is not declared.*`columns` in m"):
        schema.validate(
            schema.dataset_schema("wdi"), table, "f.csv", "declare it under `columns` in m"
        )


def test_two_files_giving_one_row_are_named_with_the_callers_words() -> None:
    table = validate_tidy(_frame(), "f.csv")
    twice = pd.concat([table, table], ignore_index=True)
    with pytest.raises(DataFileError, match=r"two files give the same row \{'iso3': 'CHN'.*Fix: x"):
        schema.validate(
            schema.dataset_schema("wdi"),
            twice,
            "f.csv",
            "y",
            duplicate=("two files give the same row", "x"),
        )
