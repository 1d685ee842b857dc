"""Numbers into words: the computed sentences notebooks print (never typed in by hand)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import ParamSpec

from analysis.formats import times

__all__ = [
    "count",
    "for_title",
    "growth_headline",
    "join",
    "multiple_headline",
    "name",
    "number",
    "percent",
    "signed_percent",
    "times",
    "usd_bn",
]

P = ParamSpec("P")


def number(x: float | None, unit: str = "") -> str:
    """Format a large number with k/m/bn suffixes."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    for size, suffix in ((1e12, " trillion"), (1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(x) >= size:
            return f"{x / size:.1f}{suffix}{(' ' + unit) if unit else ''}"
    return f"{x:,.0f}{(' ' + unit) if unit else ''}"


def join(items: Iterable[str]) -> str:
    """Join with commas and a final "and"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def multiple_headline(table: object, focus: str, other: str, what: str) -> str:
    """Return e.g. "China: 53× Russia's resident patent applications (2021)", computed from ``table``.

    Falls back to a plain statement when the two countries share no year of data.
    """
    from analysis.data import countries as names
    from analysis.topics import compare

    year, mult = compare.latest_multiple(table, focus, other)
    if year is None:
        return f"{what}: no common year of data for {names.name(other)} and {names.name(focus)}"
    return f"{names.name(other)}: {times(mult)} {names.name(focus)}'s {what} ({year})"


def name(iso3: str) -> str:
    """Return a country's display name (see :func:`analysis.countries.name`)."""
    from analysis.data import countries

    return countries.name(iso3)


def growth_headline(indexed: object, focus: str, partner: str, what: str, base: int | None) -> str:
    """Say how many-fold the focus and partner grew since the base year, from an index (base = 100)."""
    import pandas as pd

    table: pd.DataFrame = indexed
    if base is None or table.empty:
        return f"{what}: no common base year for these countries"
    parts = []
    for iso3 in (partner, focus):
        series = table[iso3].dropna() if iso3 in table.columns else pd.Series(dtype=float)
        if not series.empty:
            parts.append(f"{name(iso3)}'s {series.iloc[-1] / 100:.1f}-fold")
    if not parts:
        return f"{what}: no data since {base}"
    last = int(table.dropna(how="all").index.max())
    return f"{what} {base}-{last}: " + " against ".join(parts)


def percent(x: float | None) -> str:
    """Format a percentage with a precision that suits its size: ``38%``, ``4.2%``, ``0.35%``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 10:
        return f"{x:.0f}%"
    if abs(x) >= 1:
        return f"{x:.1f}%"
    return f"{x:.2f}%"


def signed_percent(x: float) -> str:
    """Format a percentage change with its sign: ``+4.2%``, ``-0.3%``."""
    return f"{x:+.1f}%"


def count(x: float) -> str:
    """Format a count with thousands separators and no decimals: ``12,345``."""
    return f"{x:,.0f}"


def usd_bn(x: float) -> str:
    """Format US$ billions with the sign first: ``US$12.3 bn``, ``-US$15.2 bn``."""
    return f"-US${-x:.1f} bn" if x < 0 else f"US${x:.1f} bn"


def for_title(func: Callable[P, str]) -> Callable[P, str]:
    """Escape dollar signs in a headline, which matplotlib would otherwise read as mathtext."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        return func(*args, **kwargs).replace("$", r"\$")

    return wrapper
