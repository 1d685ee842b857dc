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
from analysis.topics.bilateral import anomalies, copub
from analysis.topics.claims.quantities import row

WIDTH = 5
"""Years on each side of the break year."""

TOP = 4
"""How many of the focus country's other top partners the pair is set against."""

BREAK_CAVEAT = (
    "The thesis has two statements, kept apart: the pair's ties outgrew the focus's ties with "
    "its other main partners (judged), and those ties weakened (shown as context: each partner's "
    "decline after the break; a negative decline means the ties kept growing)."
)
"""Said with the verdict of the resilience claim."""


def _cagr(series: pd.Series, start: int, end: int) -> float | None:
    """:func:`analysis.topics.compare.cagr`, None when not computable (a row without a value)."""
    value = compare.cagr(series, start, end)
    return None if math.isnan(value) else value


def _against_other(
    who: str,
    focus: str,
    other: str,
    works: pd.DataFrame,
    pair_after: float | None,
    span: tuple[int, int],
    origin: tuple[str, str],
) -> list[dict]:
    """Two rows for one of the focus's other top partners.

    Whether its ties weakened after the break (context, a separate statement) and how much
    faster the pair grew than they did (judged).
    """
    pivot, end = span
    other_after = _cagr(works[other], pivot, end)
    trend = (
        "no data"
        if other_after is None
        else "the ties kept growing"
        if other_after > 0
        else "the ties weakened"
    )
    gap = None if pair_after is None or other_after is None else pair_after - other_after
    return [
        row(
            f"{names.name(focus)}-{names.name(other)} ties weakened: decline after the break "
            "(% a year)",
            f"{pivot}-{end}",
            None if other_after is None else -other_after,
            "context, a separate statement: " + trend,
            *origin,
            claimed=0.0,
            context=True,
        ),
        row(
            f"{who} growth minus {names.name(focus)}-{names.name(other)} growth "
            "(percentage points a year)",
            f"{pivot}-{end}",
            gap,
            f"{other_after:+.1f} % a year with {names.name(other)}; top-{TOP} partner by "
            f"works {pivot - WIDTH}-{pivot}"
            if other_after is not None
            else "",
            *origin,
            claimed=0.0,
        ),
    ]


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
            (:func:`analysis.topics.bilateral.copub.copub_pairs_from`).
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
        rows += _against_other(
            who, focus, other, works, pair_after, (pivot, end), (source, vintage)
        )
    return rows


FIRST_YEAR = 1990
"""First year of the co-authorship networks: "the first year on record"."""

MATURITY_SHARE = 5.0
"""Share of the focus's internationally co-authored works (%) a tie reaches when "mature"."""

MATURITY_RANK = 5
"""Rank among the focus's partners a tie reaches when "mature"."""

MATURITY_OTHERS = 10
"""How many of the focus's largest partners (in the claim's last year) the pair is set against."""

MATURITY_CAVEAT = (
    f"Slowness is measured from the first year on record ({FIRST_YEAR}); partners already "
    "there in their first year on record matured before the record and are left out of the "
    "comparison, and the comparison is only as wide as the partners that reached the mark "
    "within the record."
)
"""Said with the verdict of the "taken time to mature" claim."""


def _years_to(table: pd.DataFrame, partner: str, reached: pd.Series) -> tuple[int, int | None]:
    """(first year on record, years until ``reached`` first held; None when it never did)."""
    rows = table[(table["partner_iso3"] == partner) & (table["value"] > 0)].sort_values("year")
    if rows.empty:
        return int(table["year"].max()), None
    first = int(rows["year"].iloc[0])
    hits = rows.loc[reached.reindex(rows.index, fill_value=False), "year"]
    return first, (int(hits.iloc[0]) - first if not hits.empty else None)


def _maturity_row(
    definition: str,
    table: pd.DataFrame,
    partner: str,
    others: list[str],
    odd: set[str],
    reached: pd.Series,
    end: int,
    origin: tuple[str, str],
) -> dict:
    """The pair's years to one mark of maturity ÷ the median of the other partners'."""
    first, pair_years = _years_to(table, partner, reached)
    timed = {o: _years_to(table, o, reached) for o in others if o not in odd}
    within = {o: y for o, (_, y) in timed.items() if y}
    left_out = [o for o in others if o in odd]
    before = [o for o, (_, y) in timed.items() if y == 0]
    if pair_years is None or not within:
        why = "the pair never reached it" if pair_years is None else "no other partner did"
        return row(definition, f"{first}-{end}", None, f"{why} by {end}", *origin)
    median = float(pd.Series(list(within.values())).median())
    ordered = sorted(within.items(), key=lambda i: i[1])
    shown = ", ".join(f"{names.name(o)} {y}" for o, y in ordered)
    return row(
        definition,
        f"{first}-{first + pair_years}",
        pair_years / median,
        f"{names.name(partner)} took {pair_years} years ({first}→{first + pair_years}); "
        f"median of {len(within)} other partners {median:g} years (years: {shown}); "
        f"{len(before)} partners were there in their first year on record"
        + (
            "; left out as flagged implausible series: "
            + ", ".join(names.name(o) + anomalies.MARK for o in left_out)
            if left_out
            else ""
        ),
        *origin,
    )


def copub_maturity(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    pairs: pd.DataFrame,
    totals: pd.DataFrame,
    articles: pd.DataFrame | None = None,
) -> list[dict]:
    """How long the pair took to mature, against the focus's other main partners.

    Two marks of a mature tie: a share of at least :data:`MATURITY_SHARE` % of the focus's
    internationally co-authored works, and a rank of :data:`MATURITY_RANK` or better among its
    partners. For the pair and for each of the focus's :data:`MATURITY_OTHERS` largest other
    partners in the claim's last year: the years from the partner's first year on record to the
    first year it reached the mark. The computed value is the pair's years ÷ the median years
    of the others that reached the mark within the record (at least 1: at least as slow).

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period (its last year ends the record).
        pairs: ``coauthored_works`` rows of the focus with every partner (both orders).
        totals: ``internationally_coauthored_works`` rows of the focus.
        articles: WDI ``journal_articles`` of the partners: partners whose series is flagged
            as implausible (:func:`analysis.topics.bilateral.anomalies.partner_outliers_from`) are
            named with "(flagged)" and left out of the median, which the note says.
    """
    end = max(years)
    table = copub.partner_ranks(pairs[(pairs["iso3"] == focus) & (pairs["year"] <= end)])
    intl = totals[(totals["indicator"] == copub.COPUB_TOTAL) & (totals["iso3"] == focus)]
    share = table["value"] / table["year"].map(intl.set_index("year")["value"]) * 100
    if partner not in set(table["partner_iso3"]):
        return [row("OpenAlex co-authorship, years to mature", f"-{end}", None, "no pair data")]
    latest = table[table["year"] == end].sort_values("value", ascending=False)
    others = [p for p in latest["partner_iso3"] if p != partner][:MATURITY_OTHERS]
    odd = (
        set()
        if articles is None
        else anomalies.flagged(anomalies.partner_outliers_from(pairs, articles, focus))
    )
    source, vintage = str(table["source"].iloc[0]), str(table["vintage"].iloc[0])
    rows = []
    marks = {
        f"a share of {MATURITY_SHARE:g}% of {names.name(focus)}'s international works": share
        >= MATURITY_SHARE,
        f"rank {MATURITY_RANK} or better among {names.name(focus)}'s partners": table[
            "partner_rank"
        ]
        <= MATURITY_RANK,
    }
    for mark, reached in marks.items():
        definition = f"OpenAlex: years until {mark}, pair ÷ median of other partners"
        rows.append(
            _maturity_row(definition, table, partner, others, odd, reached, end, (source, vintage))
        )
    return rows
