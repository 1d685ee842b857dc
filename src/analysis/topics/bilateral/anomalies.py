"""Implausible partner series, and what another source reports: flagged and said, never dropped.

:func:`partner_outliers_from` marks a partner whose co-authored works with a country jump far beyond
the partner's own history, or beyond what the partner's own output allows (more joint works than
several times all the journal articles its researchers publish). Such a series is kept in every
table and figure, with its name marked (:func:`mark`) and the reason said
(:func:`outlier_sentence`); it is probably an affiliation artefact (authors listing an
institution of both countries), which the data cannot confirm. :func:`source_sentence` says
which source the co-authorship findings use, what Science|Business reported from Dimensions,
and why the two can differ. Functions take loaded tables and never load.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.topics.text import count, join, name, signed_percent

JUMP = 4.0
"""A year's works at least this many times the partner's median of the years before: a jump."""

JUMP_YEARS = 5
"""How many years before a year make the partner's own history."""

CAPACITY = 5.0
"""Joint works above this many times the partner's own journal articles (WDI) exceed its output."""

MIN_WORKS = 500
"""Series below this many works a year are not flagged (small numbers jump by chance)."""

MARK = " (flagged)"
"""Appended to a flagged partner's name in tables and figures."""

COLUMNS = ["iso3", "partner_iso3", "year", "works", "jump", "capacity", "reason"]


def _article_counts(articles: pd.DataFrame) -> dict[tuple[str, int], float]:
    """``{(partner, year): journal articles}`` of the rows with a value (one look-up a year)."""
    known = articles.dropna(subset=["value"])
    return {
        (str(iso3), int(year)): float(value)
        for iso3, year, value in known[["iso3", "year", "value"]].itertuples(index=False)
    }


def _articles(counts: dict[tuple[str, int], float], partner: str, year: int) -> float:
    """The partner's journal articles in ``year``, or in the latest of the three years before."""
    for back in range(4):
        if (partner, year - back) in counts:
            return counts[(partner, year - back)]
    return float("nan")


def partner_outliers_from(pairs: pd.DataFrame, articles: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return the partner-years of ``iso3`` whose co-authored works are implausible.

    A partner-year is flagged when its works reach :data:`MIN_WORKS` and either jump to
    :data:`JUMP` times the partner's median over the :data:`JUMP_YEARS` years before, or exceed
    :data:`CAPACITY` times the partner's own scientific and technical journal articles (WDI,
    the same year or the latest of the three before).

    Args:
        pairs: Pair rows in both orders (``iso3``, ``partner_iso3``, ``year``, ``value``).
        articles: WDI ``journal_articles`` rows of the partners (``iso3``, ``year``, ``value``).
        iso3: The country whose partners are checked.

    Returns:
        Columns :data:`COLUMNS`: ``jump`` (works ÷ the median before), ``capacity`` (works ÷
        the partner's articles) and ``reason`` in words; one row per flagged partner-year.
    """
    counts = _article_counts(articles)
    mine = pairs[pairs["iso3"] == iso3]
    # Every partner's works per year, and the median of its years before (within the partner).
    series = mine.groupby(["partner_iso3", "year"])["value"].sum().sort_index()
    by_partner = series.groupby(level="partner_iso3", sort=False)
    before = (
        by_partner.shift(1)
        .groupby(level="partner_iso3", sort=False)
        .rolling(JUMP_YEARS, min_periods=3)
        .median()
        .droplevel(0)
    )
    candidates = series[series >= MIN_WORKS]
    rows = []
    for (partner, year), works in candidates.items():
        median = before[(partner, year)]
        jump = works / median if median and not np.isnan(median) else np.nan
        capacity = works / _articles(counts, str(partner), int(year))
        reasons = []
        if jump >= JUMP:
            reasons.append(f"{jump:.1f}× its median of the {JUMP_YEARS} years before")
        if capacity >= CAPACITY:
            reasons.append(f"{capacity:.0f}× {name(str(partner))}'s own journal articles")
        if reasons:
            rows.append((iso3, str(partner), int(year), float(works), jump, capacity,
                         " and ".join(reasons)))  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def flagged(outliers: pd.DataFrame) -> set[str]:
    """The partners with at least one flagged year."""
    return set(outliers["partner_iso3"])


def mark(codes: Iterable[str], outliers: pd.DataFrame) -> list[str]:
    """Country names with :data:`MARK` after the flagged ones (for labels and findings)."""
    bad = flagged(outliers)
    return [name(c) + (MARK if c in bad else "") for c in codes]


def outlier_sentence(
    outliers: pd.DataFrame, pairs: pd.DataFrame, iso3: str, years: Iterable[int], top: int = 10
) -> str:
    """Say which of ``iso3``'s top partners in ``years`` are flagged, and why; "" when none.

    Args:
        outliers: Output of :func:`partner_outliers_from`.
        pairs: Pair rows in both orders.
        iso3: The country whose partners were checked.
        years: The years whose top partners are looked at (e.g. the last complete and the
            provisional year).
        top: How many of its largest partners each year.
    """
    lines = []
    for year in years:
        ranked = pairs[(pairs["iso3"] == iso3) & (pairs["year"] == year)]
        ranked = ranked.sort_values("value", ascending=False).reset_index(drop=True).head(top)
        for place, r in ranked.iterrows():
            hit = outliers[
                (outliers["partner_iso3"] == r["partner_iso3"]) & (outliers["year"] == year)
            ]
            if not hit.empty:
                lines.append(
                    f"{name(str(r['partner_iso3']))} is {name(iso3)}'s #{int(str(place)) + 1} "
                    f"partner in {year} with {count(r['value'])} works: {hit['reason'].iloc[0]}"
                )
    if not lines:
        return ""
    return (
        "- Flagged, kept, not dropped: " + "; ".join(lines) + ". Such a series is implausible for "
        "the partner's own output and probably an affiliation artefact (authors listing "
        "institutions of both countries); its name carries '(flagged)' in tables and figures."
    )


def source_sentence(
    check: dict[str, float | int], pairs: pd.DataFrame, countries: list[str]
) -> str:
    """Say which source the co-authorship findings use, what Dimensions shows, why they differ.

    Args:
        check: :func:`analysis.topics.bilateral.copub.final_year_check_from` for the pair.
        pairs: Pair rows in both orders, the focus's every partner, through the final year.
        countries: ISO3 codes, focus first, partner second.
    """
    focus, partner = countries[0], countries[1]
    if not check:
        return ""
    final = int(check["year"])
    ranked = pairs[(pairs["iso3"] == focus) & (pairs["year"] == final)]
    ranked = ranked.sort_values("value", ascending=False).head(3)
    order = join(f"{name(str(r.partner_iso3))} ({count(r.value)})" for r in ranked.itertuples())
    text = (
        f"- Source: OpenAlex (Batagelj's country co-authorship networks), whole counts of all "
        f"works; {final} is provisional. In it {name(focus)}'s largest partners in {final} are "
        f"{order}."
    )
    if (focus, partner) == ("RUS", "CHN"):
        text += (
            " Science|Business, using Dimensions, reported that China overtook both Germany and "
            "the US as Russia's top research partner in 2023. The sources can differ through "
            "coverage (which journals and languages each indexes), counting (whole or fractional "
            "counts, articles or all works) and late indexing of the latest year."
        )
    own, world = float(check["focus"]), float(check["world"])
    text += (
        f" From {int(check['previous'])} to {final} {name(focus)}'s internationally co-authored "
        f"works changed {signed_percent(own)} while all countries' changed "
        f"{signed_percent(world)}"
    )
    if own < world - 5:
        text += (
            f": late indexing delays every country alike, so part of {name(focus)}'s drop is "
            "probably real, not only an incomplete year."
        )
    else:
        text += f": {name(focus)} moved with the world, as late indexing alone would make it."
    return text
