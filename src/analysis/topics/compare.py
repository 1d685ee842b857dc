"""Comparisons that every notebook needs: wide panels, multiples, indices, common years."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.errors import ParameterError


def wide(
    long: pd.DataFrame, countries: Sequence[str] | None = None, column: str = "iso3"
) -> pd.DataFrame:
    """Pivot a tidy table with one indicator to year x country (columns in ``countries`` order)."""
    if long.empty:
        return empty(countries or [])
    dup = long.duplicated(subset=["year", column])
    if dup.any():
        raise ValueError(
            f"more than one value per year and {column}: filter to one indicator, source and "
            f"vintage first (e.g. {long.loc[dup, ['year', column]].iloc[0].to_dict()})"
        )
    table = long.pivot(index="year", columns=column, values="value").sort_index()
    table.index = table.index.astype(int)
    table.columns = table.columns.astype(str)
    if countries is not None:
        table = table.reindex(columns=list(countries))
    return table.astype(float)


def multiples(table: pd.DataFrame, focus: str) -> pd.DataFrame:
    """Return each country's value divided by the focus country's (year x other countries).

    A multiple of 38 means "38 times the focus country's value". Years where the focus value is
    missing or zero give NaN, never infinity.
    """
    if focus not in table.columns:
        return pd.DataFrame(
            index=table.index, columns=[c for c in table.columns if c != focus], dtype=float
        )
    base = table[focus].replace(0, np.nan)
    return table.drop(columns=[focus]).div(base, axis=0)


def index_to(table: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Return the table indexed to 100 in ``base_year`` (NaN for countries without that year)."""
    if base_year not in table.index:
        return table * np.nan
    return table.div(table.loc[base_year]) * 100


def latest_year(table: pd.DataFrame, columns: Sequence[str]) -> int | None:
    """Return the latest year in which every one of ``columns`` has a value, or None."""
    cols = [c for c in columns if c in table.columns]
    if len(cols) < len(columns):
        return None
    complete = table[cols].dropna()
    return int(complete.index.max()) if not complete.empty else None


def first_year_above(series: pd.Series, threshold: float) -> int | None:
    """Return the first year from which ``series`` stays above ``threshold`` to its last value."""
    s = series.dropna()
    if s.empty or s.iloc[-1] <= threshold:
        return None
    below = s[s <= threshold]
    if below.empty:
        return int(s.index[0])
    after = s[s.index > below.index[-1]]
    return int(after.index[0]) if not after.empty else None


def latest_multiple(table: pd.DataFrame, focus: str, other: str) -> tuple[int | None, float | None]:
    """Return (year, other/focus) for the latest year in which both have a value."""
    year = latest_year(table, [focus, other])
    if year is None or not table.loc[year, focus]:
        return None, None
    return year, float(table.loc[year, other] / table.loc[year, focus])


def combine(
    a: pd.DataFrame, b: pd.DataFrame, func: Callable[[pd.Series, pd.Series], pd.Series]
) -> pd.DataFrame:
    """Combine two single-indicator tidy tables row by row (same iso3 and year), keeping provenance.

    The result has iso3, country, year, value = ``func(a, b)``, and ``source``/``vintage`` of
    both inputs joined by "+" and " / ", so a derived series still says where it came from.
    """
    cols = ["iso3", "country", "year", "value", "source", "vintage"]
    m = a[cols].merge(b[cols], on=["iso3", "year"], suffixes=("_a", "_b"))
    return pd.DataFrame(
        {
            "iso3": m["iso3"],
            "country": m["country_a"],
            "year": m["year"],
            "value": func(m["value_a"], m["value_b"]),
            "source": m["source_a"] + "+" + m["source_b"],
            "vintage": m["vintage_a"] + " / " + m["vintage_b"],
        }
    ).dropna(subset=["value"])


def per_million_people(values: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Return ``values`` per million people (tidy rows, provenance of both kept; see :func:`combine`).

    Args:
        values: Tidy rows of one indicator (iso3, country, year, value, source, vintage).
        population: Tidy rows of population for the same countries and years.
    """
    return combine(values, population, lambda v, p: v / p * 1e6)


def empty(countries: Sequence[str]) -> pd.DataFrame:
    """Return an empty year x country table (no rows, one float column per country)."""
    return pd.DataFrame(columns=list(countries), dtype=float)


class Tables(dict[str, pd.DataFrame]):
    """``{key: year x country table}`` in which a key without data gives an empty table.

    Iterating, ``len`` and ``in`` see only the keys that have data (so a coverage note can say
    what is missing), but ``tables[key]`` never fails: a missing key returns :func:`empty` for
    the countries, which a chart draws as "no data". The empty table is not stored.

    Args:
        countries: ISO3 codes, the columns of an empty table.
        items: The tables that have data, in display order.
    """

    def __init__(
        self, countries: Sequence[str], items: Mapping[str, pd.DataFrame] | None = None
    ) -> None:
        super().__init__(items or {})
        self.countries = list(countries)

    def __missing__(self, key: str) -> pd.DataFrame:
        return empty(self.countries)


def tables(long: pd.DataFrame, key: str, countries: Sequence[str]) -> Tables:
    """Split a long table on ``key`` (e.g. "measure") into ``{value: year x country}`` tables.

    A value that does not occur gives an empty table when asked for (see :class:`Tables`).
    """
    return Tables(countries, {k: wide(g, countries) for k, g in long.groupby(key, sort=False)})


def wide_columns(series: dict[str, pd.Series | None]) -> pd.DataFrame:
    """Put labelled year-indexed series side by side (missing series become empty columns)."""
    return pd.DataFrame(
        {k: (v if v is not None else pd.Series(dtype=float)) for k, v in series.items()}
    )


def focus_partner(countries: Sequence[str]) -> tuple[str, str]:
    """Return the focus country and its partner: the first two of a country list.

    The one place that says which position means what (the notebooks get the same from their
    :class:`analysis.params.Scope`).

    Raises:
        ParameterError: with fewer than two countries.
    """
    if isinstance(countries, str) or len(countries) < 2:
        raise ParameterError(
            "countries", countries, "a focus country and a partner (two ISO3 codes at least)"
        )
    return countries[0], countries[1]


def cagr(series: pd.Series, start: int, end: int) -> float:
    """Compound annual growth in % a year from ``start`` to ``end`` (NaN when not computable)."""
    if end <= start or start not in series.index or end not in series.index:
        return float("nan")
    a, b = float(series[start]), float(series[end])
    if a <= 0 or b <= 0:
        return float("nan")
    return ((b / a) ** (1 / (end - start)) - 1) * 100
