"""Chinese outward investment from the AEI China Global Investment Tracker (dataset ``cgit``).

The tracker records one investor's (China's) outward deals of US$100m or more, by destination,
year and sector; investment, construction contracts and troubled transactions are separate
sheets and are never added. The section applies only when the investor is a parameter country.

The functions here take the loaded tables as arguments and never load. ``tracker`` is the
tracker's own table (at least its ``chinese_investment_usd_mn`` rows, every destination and
year): it says who the investor is, which years the tracker covers and how each destination
ranks. :mod:`analysis.topics.bilateral.load` loads it and delegates.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics.bilateral.copub import PROVENANCE
from analysis.topics.text import for_title, join, name, percent, times

CGIT_MEASURES: dict[str, str] = {
    "investment": "chinese_investment_usd_mn",
    "construction": "chinese_construction_usd_mn",
    "troubled": "chinese_troubled_transactions_usd_mn",
    "deals": "chinese_investment_deals",
}
"""Measure -> CGIT indicator. Investment, construction and troubled deals are separate sheets
of the tracker and are never added; the by-subsector indicators split the same money again and
are not used here."""
TECHNOLOGY = "Technology"
CGIT_THRESHOLD = "US$100 million"


def _investment(tracker: pd.DataFrame) -> pd.DataFrame:
    return tracker[tracker["indicator"] == CGIT_MEASURES["investment"]]


def cgit_investor(*, tracker: pd.DataFrame) -> str:
    """Return the investing country of the tracker (its only ``iso3``)."""
    return str(_investment(tracker)["iso3"].unique()[0])


def cgit_destinations_from(countries: Sequence[str], *, tracker: pd.DataFrame) -> list[str]:
    """Return the parameter countries the tracker covers as destinations (empty if no investor)."""
    investor = cgit_investor(tracker=tracker)
    if investor not in countries:
        return []
    return [c for c in countries if c != investor]


def cgit_years(*, tracker: pd.DataFrame) -> tuple[int, int]:
    """Return the first and last year the tracker covers."""
    years = _investment(tracker)["year"]
    return int(years.min()), int(years.max())


def chinese_deals_from(
    countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> pd.DataFrame:
    """Return the tracker's deals into each destination among the parameter countries.

    Args:
        countries: ISO3 codes; the section applies only if the tracker's investor is among them.
        years: ``(first, last)`` inclusive.
        table: The tracker's rows (every destination; other years and indicators are left out).

    Returns:
        Tidy-like rows: ``measure`` (see :data:`CGIT_MEASURES`), ``iso3`` = the destination,
        ``country``, ``year``, ``category`` (sector), ``value`` (US$ million, or deals),
        ``source``, ``vintage``. Empty when the section does not apply.
    """
    destinations = cgit_destinations_from(countries, tracker=table)
    cols = ["measure", "iso3", "country", "year", "category", "value", *PROVENANCE]
    if not destinations:
        return pd.DataFrame(columns=cols)
    table = table[
        table["year"].between(*years)
        & table["indicator"].isin(list(CGIT_MEASURES.values()))
        & table["partner_iso3"].isin(destinations)
    ]
    measure = {v: k for k, v in CGIT_MEASURES.items()}
    out = table.assign(
        measure=table["indicator"].map(measure),
        iso3=table["partner_iso3"],
        country=table["partner"],
    )
    return out[cols].reset_index(drop=True)


def annual_from(
    deals: pd.DataFrame,
    measure: str,
    countries: Sequence[str],
    years: tuple[int, int],
    *,
    tracker: pd.DataFrame,
) -> pd.DataFrame:
    """Return year x destination totals in US$ bn (deals: counts), zero where none were recorded.

    A year inside the tracker's coverage without a recorded deal means no deal of US$100m or
    more, so it is 0, not missing.
    """
    destinations = cgit_destinations_from(countries, tracker=tracker)
    if deals.empty or not destinations:
        return pd.DataFrame(columns=destinations, dtype=float)
    first, last = cgit_years(tracker=tracker)
    span = range(max(first, years[0]), min(last, years[1]) + 1)
    rows = deals[deals["measure"] == measure]
    scale = 1.0 if measure == "deals" else 1e3
    table = rows.groupby(["year", "iso3"])["value"].sum().unstack("iso3") / scale
    table.index = table.index.astype(int)
    return table.reindex(index=list(span), columns=destinations).fillna(0.0)


def provenance_rows(deals: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the rows of one measure (for a figure footer built from the rows plotted)."""
    return deals[deals["measure"] == measure]


def sector_shares_from(
    deals: pd.DataFrame,
    countries: Sequence[str],
    minimum: float = 0.0,
    *,
    tracker: pd.DataFrame,
) -> pd.DataFrame:
    """Return each destination's Chinese investment by sector, % of its total over the window.

    Rows are sectors, ordered by their share for the first destination; columns destinations.
    Sectors below ``minimum`` % for every destination are left out (the technology sector is
    always kept).
    """
    destinations = cgit_destinations_from(countries, tracker=tracker)
    rows = deals[deals["measure"] == "investment"]
    if rows.empty:
        return pd.DataFrame(columns=destinations, dtype=float)
    table = rows.groupby(["category", "iso3"])["value"].sum().unstack("iso3").fillna(0.0)
    table = table.reindex(columns=[c for c in destinations if c in table.columns])
    shares = table.div(table.sum()) * 100
    shares.index = shares.index.astype(str)
    shares = shares[(shares.max(axis=1) >= minimum) | (shares.index == TECHNOLOGY)]
    return shares.sort_values(shares.columns[0], ascending=False, kind="stable")


def technology_share(
    deals: pd.DataFrame, countries: Sequence[str], *, tracker: pd.DataFrame
) -> pd.Series:
    """Return the technology sector's % of each destination's Chinese investment in the window."""
    shares = sector_shares_from(deals, countries, tracker=tracker)
    if TECHNOLOGY not in shares.index:
        return pd.Series(0.0, index=shares.columns)
    return shares.loc[TECHNOLOGY]


def _subject(countries: Sequence[str], investor: str) -> str:
    """The destination the section is about: the other side of the pair from the investor."""
    return countries[1] if countries[0] == investor else countries[0]


def cgit_not_applicable_from(countries: Sequence[str], *, tracker: pd.DataFrame) -> str:
    """Say that the tracker section does not apply to these countries, and why."""
    investor = cgit_investor(tracker=tracker)
    return (
        f"The China Global Investment Tracker records only {name(investor)}'s outward deals "
        f"of {CGIT_THRESHOLD} or more; {name(investor)} is not among the parameter "
        f"countries ({', '.join(name(c) for c in countries)}), so this section does not "
        "apply."
    )


@for_title
def cgit_headline_from(
    deals: pd.DataFrame, countries: Sequence[str], years: tuple[int, int], *, tracker: pd.DataFrame
) -> str:
    """Return a figure title: Chinese investment into the subject country against the leader."""
    destinations = cgit_destinations_from(countries, tracker=tracker)
    if not destinations:
        return "Chinese investment tracker: does not apply (China is not a parameter country)"
    investor = cgit_investor(tracker=tracker)
    subject = _subject(countries, investor)
    table = annual_from(deals, "investment", countries, years, tracker=tracker)
    if table.empty:
        return f"{name(investor)}'s recorded investment: no deals in these years"
    totals = table.sum()
    span = f"{int(table.index.min())}-{int(table.index.max())}"
    leader = str(totals.idxmax())
    if leader == subject:
        return (
            f"{name(investor)}'s recorded investment {span}: {name(subject)} "
            f"US${totals[subject]:.1f} bn, the most among the parameter countries"
        )
    return (
        f"{name(investor)}'s recorded investment {span}: {name(subject)} "
        f"US${totals[subject]:.1f} bn, {name(leader)} US${totals[leader]:.1f} bn "
        f"({times(totals[leader] / totals[subject]) if totals[subject] else 'n/a'})"
    )


def _destination_lines(
    deals: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int],
    tracker: pd.DataFrame,
) -> list[str]:
    """One line per destination: investment, deals, rank among all destinations, sectors."""
    destinations = cgit_destinations_from(countries, tracker=tracker)
    inv = annual_from(deals, "investment", countries, years, tracker=tracker)
    n = annual_from(deals, "deals", countries, years, tracker=tracker).sum()
    construction = annual_from(deals, "construction", countries, years, tracker=tracker).sum()
    troubled = annual_from(deals, "troubled", countries, years, tracker=tracker).sum()
    tech = technology_share(deals, countries, tracker=tracker)
    totals = inv.sum()
    everyone = _investment(tracker)
    everyone = everyone[everyone["year"].between(*years)]
    world = everyone.groupby("partner_iso3")["value"].sum().sort_values(ascending=False)
    rank = {c: int((world > world.get(c, 0)).sum() + 1) for c in destinations}
    lines = []
    for c in destinations:
        if totals[c] == 0:
            lines.append(f"- {name(c)}: no investment deal of {CGIT_THRESHOLD} or more recorded.")
            continue
        peak = int(inv[c].idxmax())
        lines.append(
            f"- {name(c)}: US${totals[c]:.1f} bn in {int(n.get(c, 0))} deals "
            f"(#{rank[c]} of {len(world)} destinations; peak {peak}, US${inv.loc[peak, c]:.1f} "
            f"bn); technology {percent(tech.get(c, 0.0))} of it. Separately, construction "
            f"contracts US${construction.get(c, 0.0):.1f} bn and troubled (failed) transactions "
            f"US${troubled.get(c, 0.0):.1f} bn."
        )
    return lines


def cgit_sentence_from(
    deals: pd.DataFrame, countries: Sequence[str], years: tuple[int, int], *, tracker: pd.DataFrame
) -> str:
    """Say how much Chinese investment the tracker records into each destination, and its sectors.

    Args:
        deals: Output of :func:`chinese_deals_from`.
        countries: ISO3 codes, focus first, partner second.
        years: ``(first, last)`` inclusive.
        tracker: The tracker's investment rows (see the module docstring).
    """
    destinations = cgit_destinations_from(countries, tracker=tracker)
    if not destinations:
        return cgit_not_applicable_from(countries, tracker=tracker)
    investor = cgit_investor(tracker=tracker)
    subject = _subject(countries, investor)
    inv = annual_from(deals, "investment", countries, years, tracker=tracker)
    if inv.empty:
        first = cgit_years(tracker=tracker)[0]
        return f"The tracker records no deals in {years[0]}-{years[1]} (it starts in {first})."
    span = f"{int(inv.index.min())}-{int(inv.index.max())}"
    totals = inv.sum()
    lines = _destination_lines(deals, countries, years, tracker)
    others = [c for c in destinations if c != subject and totals[c] > 0]
    if totals[subject] > 0 and others:
        compared = join(f"{name(c)} {times(totals[c] / totals[subject])}" for c in others)
        lines.append(f"- Against {name(subject)}'s total: {compared}.")
    lines.append(
        f"- The tracker ({span}) records only {name(investor)}'s outward deals of "
        f"{CGIT_THRESHOLD} or more, so investment into {name(investor)} (e.g. from "
        f"{name(subject)}) and smaller deals are not in it; it is a deal tracker, not "
        "balance-of-payments FDI."
    )
    return "\n".join(lines)


@for_title
def technology_headline_from(
    deals: pd.DataFrame, countries: Sequence[str], *, tracker: pd.DataFrame
) -> str:
    """Return a figure title: the technology share of Chinese investment into each destination."""
    destinations = cgit_destinations_from(countries, tracker=tracker)
    tech = technology_share(deals, countries, tracker=tracker)
    if not destinations or tech.empty:
        return "Sectors of Chinese investment: does not apply (China is not a parameter country)"
    investor = cgit_investor(tracker=tracker)
    subject = _subject(countries, investor)
    parts = [f"{name(c)} {percent(tech[c])}" for c in destinations if c in tech.index]
    head = f"Tech share of {name(investor)}'s recorded investment: "
    if subject in tech.index and len(parts) > 3:
        totals = deals[deals["measure"] == "investment"].groupby("iso3")["value"].sum()
        largest = str(totals.drop(subject, errors="ignore").idxmax())
        high = str(tech.drop(subject).idxmax())
        picked = [
            f"{name(subject)} {percent(tech[subject])}",
            f"{name(largest)} {percent(tech[largest])}",
        ]
        if high != largest:
            picked.append(f"{name(high)} {percent(tech[high])} (highest)")
        return head + ", ".join(picked)
    return head + ", ".join(parts)


def cgit_span_from(years: tuple[int, int], *, tracker: pd.DataFrame) -> str:
    """Return the years of the tracker inside the window, e.g. ``"2005-2023"``."""
    first, last = cgit_years(tracker=tracker)
    return f"{max(first, years[0])}-{min(last, years[1])}"
