"""AI where the data allow: co-authorship 2003-22 (NCSES) and AI publications by year (OWID/CSET).

NCSES counts AI articles co-written by two countries over 2003-22 as one period, so it cannot
show a break; it shows whether the partner ranks higher among the focus country's AI partners
than among its partners in all fields. OWID (CSET) counts each country's AI publications by
year (whole counts), so growth around a break can be compared. Functions take the loaded tables
and never load.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.topics import bilateral, compare
from analysis.topics.text import count, join, name, times

AI_PUBLICATIONS = "ai_publications"


def _rank(npairs: pd.DataFrame, indicator: str, a: str, b: str) -> pd.Series | None:
    rows = npairs[
        (npairs["indicator"] == indicator) & (npairs["iso3"] == a) & (npairs["partner_iso3"] == b)
    ]
    if rows.empty:
        return None
    return rows.sort_values(["vintage", "year"]).iloc[-1]


def ai_rank_sentence(npairs: pd.DataFrame, countries: Sequence[str]) -> str:
    """Compare the partner's rank among the focus's AI partners with its rank in all fields.

    Args:
        npairs: Output of :func:`analysis.topics.bilateral.ncses.ncses_pairs_from`.
        countries: ISO3 codes, focus first, partner second.
    """
    focus, partner = compare.focus_partner(countries)
    lines = []
    for a, b in ((focus, partner), (partner, focus)):
        ai = _rank(npairs, bilateral.AI_COUNT, a, b)
        allf = _rank(npairs, bilateral.NCSES_COUNT, a, b)
        if ai is None:
            lines.append(
                f"- NCSES lists no AI articles co-written by {name(a)} and {name(b)} in 2003-22."
            )
            continue
        text = (
            f"- {name(b)} among {name(a)}'s AI co-authoring partners, 2003-22 ({ai['vintage']}): "
            f"#{int(ai['partner_rank'])} of {int(ai['n_partners'])} ({count(ai['value'])} "
            "articles)"
        )
        if allf is not None:
            text += (
                f"; in all fields, {int(allf['year'])}: #{int(allf['partner_rank'])} of "
                f"{int(allf['n_partners'])}"
            )
        lines.append(text + ".")
    lines.append(
        "- NCSES gives AI co-authorship for 2003-22 as one period only, so it cannot show "
        "change across a break."
    )
    return "\n".join(lines)


def ai_output_table(owid: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return year x country AI publications (OWID/CSET, whole counts), parameter order."""
    rows = owid[owid["indicator"] == AI_PUBLICATIONS]
    if rows.empty:
        return pd.DataFrame(columns=list(countries), dtype=float)
    table = rows.pivot_table(index="year", columns="iso3", values="value", aggfunc="first")
    table.index = table.index.astype(int)
    cols = [c for c in countries if c in table.columns]
    return table[cols].astype(float)


def ai_multiple(table: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return year x one column: the partner's AI publications ÷ the focus country's.

    The column is named for the ratio ("China ÷ Russia"), not the partner, so a figure's end
    label says what the line is.
    """
    focus, partner = compare.focus_partner(countries)
    label = f"{name(partner)} ÷ {name(focus)}"
    if not {focus, partner} <= set(table.columns):
        return pd.DataFrame(columns=[label], dtype=float)
    return compare.multiples(table[[focus, partner]], focus)[[partner]].rename(
        columns={partner: label}
    )


AI_PROVISIONAL_YEARS = 2
"""CSET's AI publication counts of the last two years are still filling in (late indexing)."""

AI_PROVISIONAL_NOTE = "CSET's counts of the last two years are still filling in (late indexing)"
"""Why the last AI publication years are provisional, for the figure footer."""


def ai_provisional(table: pd.DataFrame) -> list[int]:
    """The provisional years of an AI publications table: its last :data:`AI_PROVISIONAL_YEARS`."""
    years = sorted(int(y) for y in table.dropna(how="all").index)
    return years[-AI_PROVISIONAL_YEARS:] if len(years) > AI_PROVISIONAL_YEARS else []


def ai_output_sentence(
    table: pd.DataFrame, countries: Sequence[str], break_years: Sequence[int]
) -> str:
    """Say how each country's AI publications changed across each break the years cover.

    Args:
        table: Output of :func:`ai_output_table`.
        countries: ISO3 codes, focus first, partner second.
        break_years: The break years.
    """
    focus, partner = compare.focus_partner(countries)
    if table.empty or focus not in table.columns:
        return f"OWID/CSET has no AI publication counts for {name(focus)} in the years chosen."
    first, last = int(table.index.min()), int(table.index.max())
    lines = []
    for b in break_years:
        before = b - 1
        if not first <= before < last:
            lines.append(f"- Break {b}: outside the AI publication years {first}-{last}.")
            continue
        parts = []
        for c in table.columns:
            s = table[c]
            if np.isnan(s.get(before, np.nan)) or np.isnan(s.get(last, np.nan)):
                continue
            parts.append(
                f"{name(c)} {count(s[before])} -> {count(s[last])} ({times(s[last] / s[before])})"
            )
        multiple = ""
        if partner in table.columns:
            m0 = table.loc[before, partner] / table.loc[before, focus]
            m1 = table.loc[last, partner] / table.loc[last, focus]
            multiple = f" {name(partner)} ÷ {name(focus)}: {times(m0)} -> {times(m1)}."
        lines.append(f"- Break {b} ({before} -> {last}): {join(parts)}.{multiple}")
    lines.append(
        "- Whole counts (a publication counts for every country of its authors); CSET's "
        "classifier and corpus, not the countries' own statistics."
    )
    return "\n".join(lines)
