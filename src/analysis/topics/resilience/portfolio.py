"""Partner portfolio over time (OpenAlex co-authorship): shares, ranks, growth around breaks.

For the focus country and its partner, each side's main co-authoring partners: the share of its
internationally co-authored works written with each, and their rank among all its partners
(with the number of partners), year by year. Around each break year (sanctions, war), the
pair's growth before and after is set against the focus country's ties with its other top
partners, chosen from the data (the largest in a reference window before the first break).

Counts are whole counts: a work with authors from three countries counts once for each of the
three pairs, so pair counts add up to more than the works and shares of different partners
overlap. The snapshot's final year is likely incomplete (late indexing; the rule and the year
come from :func:`analysis.topics.bilateral.copub.snapshot_final_year_from`) and is marked
``provisional``. Functions take the loaded tables and never load.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.topics import bilateral, compare
from analysis.topics.text import join, name, percent

WHOLE_COUNTS = (
    "Counts are whole counts: a work with authors from several countries counts once for every "
    "pair among them, so pair counts add up to more than the works, shares of different "
    "partners overlap and sum to more than 100%, and large multi-country consortia (physics, "
    "medicine) inflate every pair they touch."
)
"""The caveat printed with every co-authorship finding of this package."""

COLUMNS = [
    "side",
    "partner_iso3",
    "year",
    "works",
    "share_pct",
    "rank",
    "n_partners",
    "provisional",
    "source",
    "vintage",
]


def reference_window(
    break_years: Sequence[int], first_year: int, complete_year: int, width: int = 5
) -> tuple[int, int]:
    """Return the years in which the focus country's top partners are chosen.

    The ``width`` years before the first break inside the data; without such a break, the
    ``width`` years up to the last complete year.

    Args:
        break_years: The break years (e.g. ``[2014, 2022]``).
        first_year: First year with data.
        complete_year: Last complete year.
        width: Number of years in the window.
    """
    inside = sorted(b for b in break_years if first_year < b <= complete_year + 1)
    end = inside[0] - 1 if inside else complete_year
    return max(first_year, end - width + 1), end


def top_partners(
    pairs: pd.DataFrame, iso3: str, window: tuple[int, int], k: int = 4, exclude: Sequence[str] = ()
) -> list[str]:
    """Return a country's ``k`` largest co-authoring partners over ``window`` (most works first).

    Args:
        pairs: Pair rows in both orders (``iso3``, ``partner_iso3``, ``year``, ``value``).
        iso3: The country whose partners are ranked.
        window: ``(first, last)`` inclusive.
        k: How many partners.
        exclude: Partners left out (e.g. the partner studied).
    """
    rows = pairs[(pairs["iso3"] == iso3) & pairs["year"].between(*window)]
    rows = rows[~rows["partner_iso3"].isin(list(exclude))]
    total = rows.groupby("partner_iso3")["value"].sum().sort_values(ascending=False, kind="stable")
    return [str(p) for p in total[total > 0].index[:k]]


def partner_portfolio(
    pairs: pd.DataFrame,
    totals: pd.DataFrame,
    partners: dict[str, Sequence[str]],
    final_year: int,
) -> pd.DataFrame:
    """Return each side's works, share and rank with each of its listed partners, per year.

    Args:
        pairs: Pair rows in both orders with ``iso3`` among the sides (e.g.
            :func:`analysis.topics.bilateral.copub.copub_pairs_from`), every partner of each side.
        totals: Rows of ``internationally_coauthored_works`` and ``coauthor_partner_countries``.
        partners: ``{side iso3: partners to report}``.
        final_year: The snapshot's final (likely incomplete) year: rows from it on are
            ``provisional``.

    Returns:
        Columns :data:`COLUMNS`: ``side`` the country whose portfolio it is, ``share_pct`` the
        pair's works as % of the side's internationally co-authored works, ``rank`` the
        partner's rank among all the side's partners that year (1 = most works) and
        ``n_partners`` how many partners it had.
    """
    ranked = bilateral.partner_ranks(pairs)
    intl = totals[totals["indicator"] == bilateral.COPUB_TOTAL].set_index(["iso3", "year"])["value"]
    n = totals[totals["indicator"] == bilateral.COPUB_PARTNERS].set_index(["iso3", "year"])["value"]
    parts = []
    for side, listed in partners.items():
        rows = ranked[(ranked["iso3"] == side) & ranked["partner_iso3"].isin(list(listed))]
        if rows.empty:
            continue
        keys = pd.MultiIndex.from_arrays([rows["iso3"], rows["year"]])
        parts.append(
            pd.DataFrame(
                {
                    "side": rows["iso3"].astype(str).to_numpy(),
                    "partner_iso3": rows["partner_iso3"].astype(str).to_numpy(),
                    "year": rows["year"].astype(int).to_numpy(),
                    "works": rows["value"].astype(float).to_numpy(),
                    "share_pct": rows["value"].to_numpy(dtype=float)
                    / intl.reindex(keys).to_numpy(dtype=float)
                    * 100,
                    "rank": rows["partner_rank"].astype(int).to_numpy(),
                    "n_partners": n.reindex(keys).to_numpy(dtype=float),
                    "provisional": (rows["year"] >= final_year).to_numpy(),
                    "source": rows["source"].astype(str).to_numpy(),
                    "vintage": rows["vintage"].astype(str).to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["side", "partner_iso3", "year"]).reset_index(drop=True)


def main_partners(
    pairs: pd.DataFrame, countries: Sequence[str], window: tuple[int, int], k: int = 4
) -> dict[str, list[str]]:
    """Return the partners each side's portfolio reports.

    The focus country: its partner, then its ``k`` largest other partners over ``window``
    (:func:`top_partners`). The partner: the focus country only (its rank among all the
    partner's partners is still computed against every partner).
    """
    focus, partner = compare.focus_partner(countries)
    others = top_partners(pairs, focus, window, k=k, exclude=[focus, partner])
    return {focus: [partner, *others], partner: [focus]}


def wide(port: pd.DataFrame, side: str, column: str) -> pd.DataFrame:
    """Return year x partner of one side's ``column`` (``works``, ``share_pct`` or ``rank``)."""
    rows = port[port["side"] == side]
    if rows.empty:
        return pd.DataFrame(dtype=float)
    table = rows.pivot(index="year", columns="partner_iso3", values=column).sort_index()
    table.columns = table.columns.astype(str)
    return table.astype(float)


def rank_table(port: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return year x two series: the partner's rank among the focus's partners, and vice versa.

    Columns are the ranked country's ISO3 code (so lines keep the country colours): column
    ``partner`` = the partner's rank among the focus country's partners, column ``focus`` =
    the focus country's rank among the partner's partners.
    """
    focus, partner = compare.focus_partner(countries)
    series = {}
    for side, other in ((focus, partner), (partner, focus)):
        rows = port[(port["side"] == side) & (port["partner_iso3"] == other)]
        if not rows.empty:
            series[other] = rows.set_index("year")["rank"].astype(float)
    return pd.DataFrame(series).sort_index()


def break_growth(
    port: pd.DataFrame,
    focus: str,
    break_years: Sequence[int],
    complete_year: int,
    width: int = 5,
) -> pd.DataFrame:
    """Return the growth of the focus country's ties with each partner before and after breaks.

    Before a break ``b``: compound annual growth from ``b - 1 - width`` to ``b - 1``; after it:
    from ``b - 1`` to ``b - 1 + width``, cut at the last complete year. When no complete year
    follows ``b - 1``, the first provisional year is used and the row is marked provisional.

    Args:
        port: Output of :func:`partner_portfolio`.
        focus: The focus country (its portfolio is used).
        break_years: Break years.
        complete_year: Last complete year.
        width: Years on each side.

    Returns:
        One row per break and partner: ``break``, ``partner_iso3``, ``before_from``,
        ``before_to``, ``before_pct_a`` (% a year), ``after_to``, ``after_pct_a``,
        ``provisional``, and ``provisional_to`` / ``provisional_pct_a``: the growth from the
        year before the break to the snapshot's provisional final year when it lies beyond
        ``after_to`` (else NaN), for a reading of a recent break with its caveat. Breaks outside
        the data are left out.
    """
    rows = []
    works = wide(port, focus, "works")
    provisional_years = set(port.loc[port["provisional"].astype(bool), "year"].astype(int))
    last_year = int(works.index.max()) if not works.empty else 0
    for b in break_years:
        pivot = b - 1
        if works.empty or pivot not in works.index:
            continue
        after = min(pivot + width, complete_year)
        if after <= pivot:
            after = min(pivot + 1, last_year)
        before = max(int(works.index.min()), pivot - width)
        later = [y for y in sorted(provisional_years) if after < y <= pivot + width]
        for partner in works.columns:
            series = works[partner].dropna()
            extra = later[-1] if later else None
            rows.append(
                {
                    "break": int(b),
                    "partner_iso3": str(partner),
                    "before_from": before,
                    "before_to": pivot,
                    "before_pct_a": compare.cagr(series, before, pivot),
                    "after_to": after,
                    "after_pct_a": compare.cagr(series, pivot, after),
                    "provisional": after in provisional_years,
                    "provisional_to": extra if extra is not None else np.nan,
                    "provisional_pct_a": compare.cagr(series, pivot, extra)
                    if extra is not None
                    else np.nan,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "break",
            "partner_iso3",
            "before_from",
            "before_to",
            "before_pct_a",
            "after_to",
            "after_pct_a",
            "provisional",
            "provisional_to",
            "provisional_pct_a",
        ],
    )


def first_top_year(port: pd.DataFrame, side: str, partner: str, top: int = 2) -> dict | None:
    """Return the first year ``partner`` ranked in the top ``top`` of ``side``'s partners.

    Returns:
        ``{"year", "rank", "n_partners", "provisional"}`` or None when it never did.
    """
    rows = port[(port["side"] == side) & (port["partner_iso3"] == partner) & (port["rank"] <= top)]
    if rows.empty:
        return None
    first = rows.sort_values("year").iloc[0]
    return {
        "year": int(first["year"]),
        "rank": int(first["rank"]),
        "n_partners": float(first["n_partners"]),
        "provisional": bool(first["provisional"]),
    }


def _signed(x: float) -> str:
    return "n/a" if np.isnan(x) else f"{x:+.1f}%/yr"


MIN_YEARS_AFTER = 3
"""Fewer complete years than this after a break are too early to call its effect."""


def _count(years: int) -> str:
    return "one year" if years == 1 else f"{years} years"


def _outgrew(pair: float, others: pd.Series) -> str:
    """Did the pair outgrow the other top ties after the break?"""
    if others.empty or np.isnan(pair):
        return "no other top tie to compare with"
    if pair > others.max():
        return f"the pair outgrew every other top tie ({_signed(pair)} against at most {_signed(others.max())})"
    return f"the pair did not outgrow the other top ties ({_signed(pair)} against up to {_signed(others.max())})"


def _weakened(others: pd.Series) -> str:
    """Did the other top ties weaken after the break? A statement apart from "outgrew"."""
    if others.empty:
        return ""
    fell = [name(str(p)) for p in others.index[others < 0]]
    if len(fell) == len(others):
        return "the other top ties weakened: every one fell"
    if fell:
        return f"of the other top ties only {join(fell)} fell"
    return "the other top ties did not weaken: every one kept growing"


def break_line(growth: pd.DataFrame, b: int, focus: str, partner: str) -> str:
    """Say how the pair's ties fared after break ``b`` against the focus's other top ties.

    Two statements are kept apart: whether the pair outgrew the other top ties, and whether
    those ties weakened (after 2014 they kept growing). With fewer than :data:`MIN_YEARS_AFTER`
    complete years after the break the verdict is "too early to call", and the provisional
    final year is read with its caveat when there is one.

    Args:
        growth: Output of :func:`break_growth`.
        b: The break year.
        focus: The focus country.
        partner: The partner.
    """
    rows = growth[growth["break"] == b].set_index("partner_iso3")
    if partner not in rows.index:
        return f"- {b}: no co-authored works of {name(focus)} and {name(partner)} around it."
    pair = rows.loc[partner]
    others = rows.drop(index=partner)
    pivot, after = int(pair["before_to"]), int(pair["after_to"])
    period = f"{int(pair['before_from'])}-{pivot} vs {pivot}-{after}"
    other_text = join(
        f"{name(str(p))} {_signed(r.before_pct_a)} -> {_signed(r.after_pct_a)}"
        for p, r in others.iterrows()
    )
    verdict = f"{_outgrew(pair['after_pct_a'], others['after_pct_a'])}; {_weakened(others['after_pct_a'])}"
    years_after = after - pivot
    if years_after < MIN_YEARS_AFTER:
        verdict = (
            f"too early to call: {_count(years_after)} after the "
            f"break ({pivot}->{after}) cannot show whether a change lasts; on {'it' if years_after == 1 else 'them'}, "
            + verdict
        )
        extra = pair.get("provisional_to")
        if extra is not None and not np.isnan(extra):
            prov = others["provisional_pct_a"].dropna()
            verdict += (
                f". With the provisional {int(extra)} (likely incomplete from late indexing, though "
                f"part of a fall may be real): {name(focus)}-{name(partner)} {_signed(pair['provisional_pct_a'])}, "
                f"the others {_signed(prov.min()) if not prov.empty else 'n/a'} to "
                f"{_signed(prov.max()) if not prov.empty else 'n/a'}"
            )
    note = " (the after period ends in a provisional year)" if bool(pair["provisional"]) else ""
    return (
        f"- Break {b} ({period}){note}: {name(focus)}-{name(partner)} "
        f"{_signed(pair['before_pct_a'])} -> {_signed(pair['after_pct_a'])}; "
        f"{name(focus)}'s other top partners: {other_text or 'none'}. Verdict: {verdict}."
    )


def _top_line(port: pd.DataFrame, side: str, other: str) -> str:
    first = first_top_year(port, side, other)
    if first is None:
        rows = port[(port["side"] == side) & (port["partner_iso3"] == other)]
        if rows.empty:
            return ""
        best = rows.sort_values(["rank", "year"]).iloc[0]
        return (
            f"- {name(other)} never became {name(side)}'s 1st or 2nd partner in the years "
            f"shown; its best rank was #{int(best['rank'])} ({int(best['year'])})."
        )
    n = first["n_partners"]
    of = f" of {int(n)}" if not np.isnan(n) else ""
    note = ", a provisional year (likely incomplete)" if first["provisional"] else ""
    return (
        f"- {name(other)} first became {name(side)}'s #{first['rank']} partner{of} in "
        f"{first['year']}{note}."
    )


def _share_line(port: pd.DataFrame, side: str, other: str, years: Sequence[int]) -> str:
    rows = port[(port["side"] == side) & (port["partner_iso3"] == other)].set_index("year")
    parts = []
    for y in dict.fromkeys(years):
        if y in rows.index:
            r = rows.loc[y]
            flag = " provisional" if bool(r["provisional"]) else ""
            parts.append(
                f"{y}{flag}: {percent(r['share_pct'])}, #{int(r['rank'])} of "
                f"{int(r['n_partners']) if not np.isnan(r['n_partners']) else '?'}"
            )
    if not parts:
        return ""
    return (
        f"- {name(other)}'s share of {name(side)}'s internationally co-authored works and rank "
        f"among its partners: {'; '.join(parts)}."
    )


def resilience_sentence(
    port: pd.DataFrame,
    growth: pd.DataFrame,
    countries: Sequence[str],
    break_years: Sequence[int],
    complete_year: int,
    reference_year: int | None = None,
) -> str:
    """Say whether the pair's ties kept growing after each break, and when it became top-2.

    Args:
        port: Output of :func:`partner_portfolio`.
        growth: Output of :func:`break_growth` for the focus country.
        countries: ISO3 codes, focus first, partner second.
        break_years: The break years.
        complete_year: Last complete year.
        reference_year: A year the claims refer to, added to the years spelled out.

    Returns:
        Bullet lines computed from the tables, ending with the whole-count caveat.
    """
    focus, partner = compare.focus_partner(countries)
    pair = port[(port["side"] == focus) & (port["partner_iso3"] == partner)]
    if pair.empty:
        return (
            f"OpenAlex records no works co-authored by {name(focus)} and {name(partner)} in the "
            f"years chosen. {WHOLE_COUNTS}"
        )
    first = int(pair["year"].min())
    lines = []
    covered = set(growth["break"]) if not growth.empty else set()
    for b in break_years:
        if b in covered:
            lines.append(break_line(growth, b, focus, partner))
        else:
            lines.append(f"- Break {b}: outside the years with data here; not assessed.")
    provisional = sorted(set(port.loc[port["provisional"].astype(bool), "year"].astype(int)))
    shown = [first, *[b - 1 for b in break_years], complete_year, *provisional]
    if reference_year is not None:
        shown.append(reference_year)
    shown = [y for y in shown if y in set(pair["year"])]
    lines.append(_share_line(port, focus, partner, sorted(set(shown))))
    lines.append(_share_line(port, partner, focus, sorted(set(shown))))
    lines.append(_top_line(port, focus, partner))
    lines.append(_top_line(port, partner, focus))
    if provisional:
        lines.append(
            f"- {join(str(y) for y in provisional)}: the snapshot's last year, likely incomplete "
            f"(late indexing): provisional; {complete_year} is the last complete year."
        )
    lines.append(f"- {WHOLE_COUNTS}")
    return "\n".join(line for line in lines if line)


def portfolio_headline(port: pd.DataFrame, countries: Sequence[str], complete_year: int) -> str:
    """Return a figure title: the partner's rank and share in the focus's portfolio."""
    focus, partner = compare.focus_partner(countries)
    rows = port[(port["side"] == focus) & (port["partner_iso3"] == partner)].set_index("year")
    if complete_year not in rows.index:
        return f"{name(focus)}'s co-authoring partners: no works with {name(partner)} to show"
    r = rows.loc[complete_year]
    start = int(rows.index.min())
    s = rows.loc[start]
    return (
        f"{name(partner)} in {name(focus)}'s co-authorship: #{int(s['rank'])}, "
        f"{percent(s['share_pct'])} in {start} -> #{int(r['rank'])}, "
        f"{percent(r['share_pct'])} in {complete_year}"
    )
