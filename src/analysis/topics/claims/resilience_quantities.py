"""Quantities of the essay's resilience claims: did the pair's ties hold as the West's fell?

The essay ("The Resilience of Sino-Russian High-Tech Cooperation", 2020) argues that the
cooperation persisted and deepened after the 2014 sanctions while Russia's ties with the West
weakened. Measured on OpenAlex co-authored works (whole counts: a multi-country work counts for
every pair), over the five years after the break against the five before, and against the focus
country's other top partners, which are computed (the most co-authored in the five years before
the break), never typed in.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.data import countries as names
from analysis.topics import compare, resilience
from analysis.topics.claims.quantities import row

WIDTH = 5
"""Years on each side of the break year."""

TOP = 4
"""How many of the focus country's other top partners the pair is set against."""


def _cagr(series: pd.Series, start: int, end: int) -> float | None:
    """:func:`analysis.topics.compare.cagr`, None when not computable (a row without a value)."""
    value = compare.cagr(series, start, end)
    return None if math.isnan(value) else value


def copub_after_break(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    pairs: pd.DataFrame,
) -> list[dict]:
    """The pair's co-authorship growth after the break, and against the focus's top partners.

    The break is the first year of the reference period plus one (a period "2013-2018" judges
    the five years after the 2014 sanctions, growth from 2013 to 2018).

    Args:
        focus: The focus country (its other partners are compared).
        partner: The partner.
        third: Not used.
        years: The claim's reference period: pivot year to the last year after the break.
        pairs: ``coauthored_works`` rows of the focus with every partner, both orders
            (:func:`analysis.topics.bilateral.copub.copub_pairs`).
    """
    pivot, end = min(years), max(years)
    works = pairs[pairs["iso3"] == focus].pivot_table(
        index="year", columns="partner_iso3", values="value", aggfunc="sum"
    )
    if partner not in works.columns:
        return [row("OpenAlex co-authored works", f"{pivot}-{end}", None, "no pair data")]
    source = str(pairs["source"].iloc[0]) if len(pairs) else ""
    vintage = str(pairs["vintage"].iloc[0]) if len(pairs) else ""
    others = resilience.top_partners(pairs, focus, (pivot - WIDTH, pivot), k=TOP, exclude=[partner])
    pair_after = _cagr(works[partner], pivot, end)
    pair_before = _cagr(works[partner], pivot - WIDTH, pivot)
    who = f"{names.name(focus)}-{names.name(partner)}"
    rows = [
        row(
            f"{who} co-authored works, growth after the break (% a year)",
            f"{pivot}-{end}",
            pair_after,
            f"{pivot - WIDTH}-{pivot}: {pair_before:+.1f} % a year"
            if pair_before is not None
            else "",
            source,
            vintage,
            claimed=0.0,
        )
    ]
    for other in others:
        other_after = _cagr(works[other], pivot, end)
        gap = None if pair_after is None or other_after is None else pair_after - other_after
        rows.append(
            row(
                f"{who} growth minus {names.name(focus)}-{names.name(other)} growth "
                "(percentage points a year)",
                f"{pivot}-{end}",
                gap,
                f"{other_after:+.1f} % a year with {names.name(other)}; top-{TOP} partner by "
                f"works {pivot - WIDTH}-{pivot}"
                if other_after is not None
                else "",
                source,
                vintage,
                claimed=0.0,
            )
        )
    return rows
