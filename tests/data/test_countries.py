"""Country harmonisation: coco plus an explicit, tested list of exceptions."""

from __future__ import annotations

import pytest

from analysis.data import countries
from analysis.errors import DataFileError


@pytest.mark.parametrize("name,code", sorted(countries.EXCEPTIONS.items()))
def test_every_exception_resolves_as_listed(name: str, code: str) -> None:
    assert countries.lookup(name) == code


@pytest.mark.parametrize(
    "name,code",
    [
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("China", "CHN"),
        ("United States", "USA"),
        ("Korea, Rep.", "KOR"),
        ("Iran, Islamic Rep.", "IRN"),
        ("Viet Nam", "VNM"),
        ("Namibia", "NAM"),  # coco's "NA" must not become a missing value
        ("RUS", "RUS"),
    ],
)
def test_common_spellings(name: str, code: str) -> None:
    assert countries.lookup(name) == code


def test_unknown_name_raises_with_file_row_and_fix(tmp_path) -> None:
    path = tmp_path / "x.csv"
    with pytest.raises(
        DataFileError,
        match=r"x\.csv \(row 7, column 'country'\): unknown country name 'Atlantis'.*EXCEPTIONS",
    ):
        countries.to_iso3(["China", "Atlantis"], path, rows=[6, 7])


def test_three_letter_non_code_is_unknown() -> None:
    assert countries.lookup("XYZ") is None


def test_display_names() -> None:
    assert countries.names(["RUS", "CHN", "USA", "XKX"]) == [
        "Russia",
        "China",
        "United States",
        "Kosovo",
    ]
