"""Validation of notebook parameters: a bad value names the parameter and what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis import paths
from analysis.data import countries as country_names
from analysis.errors import ParameterError


def check_countries(countries: Sequence[str], minimum: int = 2) -> list[str]:
    """Return ISO3 codes upper-cased, checking they are real codes and at least ``minimum``.

    The first code is the focus country, the second its partner, the rest comparators.
    """
    if isinstance(countries, str) or not isinstance(countries, Sequence):
        raise ParameterError(
            "countries", countries, 'a list of ISO3 codes, e.g. ["RUS", "CHN", "USA"]'
        )
    codes = [str(c).strip().upper() for c in countries]
    if len(codes) < minimum:
        raise ParameterError(
            "countries", countries, f"at least {minimum} ISO3 codes (focus, partner, ...)"
        )
    if len(set(codes)) != len(codes):
        raise ParameterError("countries", countries, "each country once")
    for code in codes:
        if len(code) != 3 or country_names.lookup(code) != code:
            raise ParameterError(
                "countries", countries, f"ISO 3166 alpha-3 codes; {code!r} is not one"
            )
    return codes


def check_years(
    start_year: int, end_year: int, reference_year: int | None = None
) -> tuple[int, int]:
    """Return ``(start_year, end_year)`` after checking order, range and the reference year."""
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if not isinstance(value, int) or not 1950 <= value <= 2030:
            raise ParameterError(name, value, "a year between 1950 and 2030")
    if start_year > end_year:
        raise ParameterError("start_year", start_year, f"a year not after end_year={end_year}")
    if reference_year is not None and not start_year <= reference_year <= end_year:
        raise ParameterError(
            "reference_year",
            reference_year,
            f"a year within start_year..end_year ({start_year}-{end_year})",
        )
    return start_year, end_year


def output_dir(value: str, notebook: str) -> Path:
    """Return the folder for a notebook's figures: ``value``, or ``reports/figures/<notebook>``."""
    folder = Path(value) if value else paths.reports_dir() / "figures" / notebook
    folder.mkdir(parents=True, exist_ok=True)
    return folder
