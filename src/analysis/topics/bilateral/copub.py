"""Co-authorship from the OpenAlex networks (dataset ``copub``): pairs, shares, ranks, sentences.

Works co-authored by two countries per year (whole counts), each country's internationally
co-authored works and its number of partner countries. The functions here take the loaded
tables as arguments and never load; :mod:`analysis.topics.bilateral.load` loads and delegates.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics import compare
from analysis.topics.text import count, for_title, join, name, percent, signed_percent, times

COPUB_PAIR = "coauthored_works"
COPUB_TOTAL = "internationally_coauthored_works"
COPUB_PARTNERS = "coauthor_partner_countries"
PROVENANCE = ["source", "vintage"]


def symmetric_pairs(table: pd.DataFrame) -> pd.DataFrame:
    """Return pair rows in both orders.

    The OpenAlex reader stores each unordered pair once, with ``iso3 < partner_iso3``; this
    adds the mirrored row so that ``iso3 == X`` selects every partner of X.

    Args:
        table: Tidy rows of the ``coauthored_works`` indicator.

    Returns:
        Twice as many rows: the originals and their mirror images.
    """
    if table.empty:
        return table
    swapped = table.rename(
        columns={
            "iso3": "partner_iso3",
            "partner_iso3": "iso3",
            "country": "partner",
            "partner": "country",
        }
    )
    return pd.concat([table, swapped[table.columns]], ignore_index=True)


def copub_pairs_from(
    countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> pd.DataFrame:
    """Return every co-authorship partner of each parameter country, per year.

    Args:
        countries: ISO3 codes (focus, partner, comparators).
        years: ``(first, last)`` inclusive.
        table: Rows of ``coauthored_works`` as stored (each pair once), any countries.

    Returns:
        Tidy rows (indicator ``coauthored_works``) with ``iso3`` a parameter country and
        ``partner_iso3`` any country it co-authored with.
    """
    table = table[(table["indicator"] == COPUB_PAIR) & table["year"].between(*years)]
    both = symmetric_pairs(table.reset_index(drop=True))
    return both[both["iso3"].isin(list(countries))].reset_index(drop=True)


def partner_ranks(pairs: pd.DataFrame) -> pd.DataFrame:
    """Add ``partner_rank``: each partner's rank among the country's partners (1 = most works).

    Ties share the better rank. Rows with zero works are ranked too but never come first.
    """
    out = pairs.copy()
    out["partner_rank"] = (
        out.groupby(["iso3", "year"])["value"].rank(ascending=False, method="min").astype(int)
    )
    return out


def coauthorship(
    pairs: pd.DataFrame, totals: pd.DataFrame, countries: Sequence[str]
) -> pd.DataFrame:
    """Return the focus's co-authorship with every other parameter country, shares and ranks.

    Args:
        pairs: Output of :func:`copub_pairs_from`.
        totals: Rows of ``internationally_coauthored_works`` and ``coauthor_partner_countries``
            for the parameter countries.
        countries: ISO3 codes, focus first, partner second.

    Returns:
        Long table with column ``measure``:

        * ``works_with_focus``: ``iso3`` = every other parameter country, value = works
          co-authored with the focus.
        * ``share_pct``: ``iso3`` = focus or partner, value = the pair's works as % of that
          country's internationally co-authored works.
        * ``partner_rank``: ``iso3`` = focus or partner, value = the other's rank among that
          country's co-authoring partners (1 = most works); ``n_partners`` = partners counted.
        * ``intl_works``: each parameter country's internationally co-authored works.

        Every row keeps ``source`` and ``vintage``.
    """
    focus, partner = compare.focus_partner(countries)
    cols = ["iso3", "country", "year", "value", *PROVENANCE]
    if pairs.empty:
        return pd.DataFrame(columns=["measure", *cols, "n_partners"])
    ranked = partner_ranks(pairs)
    with_focus = ranked[(ranked["iso3"] == focus) & ranked["partner_iso3"].isin(countries[1:])]
    works = with_focus.assign(iso3=with_focus["partner_iso3"], country=with_focus["partner"])
    intl = totals[totals["indicator"] == COPUB_TOTAL]
    n_partners = totals[totals["indicator"] == COPUB_PARTNERS][["iso3", "year", "value"]]
    parts = [
        works[cols].assign(measure="works_with_focus"),
        intl[cols].assign(measure="intl_works"),
    ]
    for a, b in ((focus, partner), (partner, focus)):
        pair = ranked[(ranked["iso3"] == a) & (ranked["partner_iso3"] == b)]
        share = compare.combine(pair, intl[intl["iso3"] == a], lambda p, t: p / t * 100)
        parts.append(share.assign(measure="share_pct"))
        rank = pair[cols].assign(value=pair["partner_rank"].astype(float), measure="partner_rank")
        rank = rank.merge(
            n_partners.rename(columns={"value": "n_partners"}), on=["iso3", "year"], how="left"
        )
        parts.append(rank)
    return pd.concat(parts, ignore_index=True)


def ranking(pairs: pd.DataFrame, iso3: str, year: int) -> pd.Series:
    """Return one country's co-authoring partners in one year, most works first.

    Args:
        pairs: Tidy pair rows in both orders (e.g. :func:`copub_pairs_from`), or any table with
            ``iso3``, ``partner_iso3``, ``year`` and ``value``.
        iso3: The country whose partners are ranked.
        year: The year.

    Returns:
        Values indexed by partner ISO3, sorted high to low (empty when there are no rows).
    """
    rows = pairs[(pairs["iso3"] == iso3) & (pairs["year"] == year)]
    series = rows.set_index("partner_iso3")["value"].astype(float)
    series.index = series.index.astype(str)
    return series[series > 0].sort_values(ascending=False, kind="stable")


def snapshot_final_year_from(totals: pd.DataFrame) -> int:
    """Return the last year of the OpenAlex snapshot (likely incomplete: late indexing).

    Args:
        totals: Rows of ``internationally_coauthored_works`` of every country and year.
    """
    return int(totals.loc[totals["indicator"] == COPUB_TOTAL, "year"].max())


def last_complete_year_from(years: tuple[int, int], final_year: int) -> int:
    """Return the last year of the window that is not the snapshot's (likely incomplete) final year.

    The registry notes that the final year of the August-2024 snapshot is likely incomplete
    (late indexing), so rankings and headline shares use the year before it.

    Args:
        years: ``(first, last)`` inclusive.
        final_year: The snapshot's final year (:func:`snapshot_final_year_from`).
    """
    return min(years[1], final_year - 1)


def final_year_check_from(
    countries: Sequence[str], pairs: pd.DataFrame, totals: pd.DataFrame
) -> dict[str, float | int]:
    """Compare the snapshot's final year with the year before, for the pair and the world.

    Args:
        countries: ISO3 codes, focus first, partner second.
        pairs: Output of :func:`copub_pairs_from` (must include the final and previous year).
        totals: Rows of ``internationally_coauthored_works`` of every country (all years, or
            at least the snapshot's last two).

    Returns:
        ``year``, ``previous`` and percentage changes ``pair``, ``focus``, ``partner`` (each
        country's internationally co-authored works) and ``world`` (all countries' together);
        empty when the two years are not both available.
    """
    final = snapshot_final_year_from(totals)
    previous = final - 1
    intl = totals[(totals["indicator"] == COPUB_TOTAL) & totals["year"].between(previous, final)]
    by_year = intl.groupby("year")["value"].sum()
    focus, partner = compare.focus_partner(countries)
    pair = pairs[(pairs["iso3"] == focus) & (pairs["partner_iso3"] == partner)]
    pair = pair.set_index("year")["value"]
    if not {previous, final} <= set(by_year.index) or not {previous, final} <= set(pair.index):
        return {}

    def change(series: pd.Series) -> float:
        if series.get(previous, 0) == 0:
            return float("nan")
        return float(series[final] / series[previous] * 100 - 100)

    out: dict[str, float | int] = {"year": final, "previous": previous}
    out["pair"] = change(pair)
    for key, iso3 in (("focus", focus), ("partner", partner)):
        out[key] = change(intl[intl["iso3"] == iso3].set_index("year")["value"])
    out["world"] = change(by_year)
    return out


def _measure(co: pd.DataFrame, measure: str, iso3: str) -> pd.Series:
    rows = co[(co["measure"] == measure) & (co["iso3"] == iso3)]
    return rows.set_index("year")["value"].sort_index()


def _year_line(co: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    focus, partner = compare.focus_partner(countries)
    works = _measure(co, "works_with_focus", partner)
    if year not in works.index:
        return f"- {year}: no co-authored works of {name(focus)} and {name(partner)} recorded."
    parts = []
    for a in (focus, partner):
        share = _measure(co, "share_pct", a).get(year)
        total = _measure(co, "intl_works", a).get(year)
        if share is not None and total is not None:
            parts.append(f"{percent(share)} of {name(a)}'s {count(total)}")
    ranks = []
    for a, b in ((focus, partner), (partner, focus)):
        rows = co[(co["measure"] == "partner_rank") & (co["iso3"] == a) & (co["year"] == year)]
        if not rows.empty:
            n = rows["n_partners"].iloc[0]
            of = f" of {int(n)}" if pd.notna(n) else ""
            ranks.append(f"{name(b)} was {name(a)}'s #{int(rows['value'].iloc[0])} partner{of}")
    share_text = f": {join(parts)} internationally co-authored works" if parts else ""
    rank_text = f"; {join(ranks)}" if ranks else ""
    return (
        f"- {year}: {name(focus)} and {name(partner)} co-authored "
        f"{count(works[year])} works{share_text}{rank_text}."
    )


def _growth_line(co: pd.DataFrame, countries: Sequence[str], start: int, end: int) -> str:
    focus, partner = compare.focus_partner(countries)
    works = _measure(co, "works_with_focus", partner)
    first = works[works > 0][start]
    growth = []
    for a in (focus, partner):
        intl = _measure(co, "intl_works", a)
        if start in intl.index and end in intl.index and intl[start] > 0:
            growth.append(f"{name(a)}'s international works {times(intl[end] / intl[start])}")
    growth_text = f", against {join(growth)}" if growth else ""
    return (
        f"- {start}-{end}: the pair's co-authored works went from {count(first)} to "
        f"{count(works[end])} ({times(works[end] / first)}){growth_text}."
    )


def _others_line(co: pd.DataFrame, countries: Sequence[str], end: int) -> str:
    focus, partner = compare.focus_partner(countries)
    others = co[(co["measure"] == "works_with_focus") & (co["year"] == end)]
    others = others.sort_values("value", ascending=False)
    if len(others) <= 1:
        return ""
    listed = [f"{name(r.iso3)} {count(r.value)}" for r in others.itertuples()]
    place = list(others["iso3"]).index(partner) + 1 if partner in set(others["iso3"]) else None
    where = (
        f"{name(partner)} is #{place} of the {len(others)} other parameter countries"
        if place
        else ""
    )
    return (
        f"- {name(focus)}'s works with the other parameter countries in {end}: "
        f"{'; '.join(listed)} ({where})."
    )


def _final_year_line(co: pd.DataFrame, countries: Sequence[str], check: dict) -> str:
    focus, partner = compare.focus_partner(countries)
    vintage = str(co["vintage"].dropna().iloc[0]) if "vintage" in co else ""
    return (
        f"- {check['year']} is the last year of the snapshot ({vintage}) and likely "
        f"incomplete (late indexing; see the source notes): from {check['previous']} to "
        f"{check['year']} the pair's works changed {signed_percent(check['pair'])}, "
        f"{name(focus)}'s internationally co-authored works "
        f"{signed_percent(check['focus'])}, {name(partner)}'s "
        f"{signed_percent(check['partner'])} and all countries' together "
        f"{signed_percent(check['world'])}. Read {check['year']} as provisional, not as a trend."
    )


def coauthorship_sentence(
    co: pd.DataFrame,
    countries: Sequence[str],
    reference_year: int,
    complete_year: int,
    check: dict[str, float | int],
) -> str:
    """Say how much the pair co-authors, what share that is of each side, and how it ranks.

    Args:
        co: Output of :func:`coauthorship`.
        countries: ISO3 codes, focus first, partner second.
        reference_year: The year the claims refer to.
        complete_year: The last complete year (:func:`last_complete_year_from`).
        check: Output of :func:`final_year_check_from` (empty when not in the window).

    Returns:
        Bullet lines, all numbers computed from ``co``.
    """
    focus, partner = compare.focus_partner(countries)
    works = _measure(co, "works_with_focus", partner)
    if works.empty:
        return (
            f"OpenAlex records no works co-authored by {name(focus)} and {name(partner)} in "
            "the years chosen."
        )
    lines = [
        _year_line(co, countries, year) for year in dict.fromkeys([reference_year, complete_year])
    ]
    start = int(works[works > 0].index[0])
    end = complete_year if complete_year in works.index else int(works.index[-1])
    lines.append(_growth_line(co, countries, start, end))
    lines.append(_others_line(co, countries, end))
    if check:
        lines.append(_final_year_line(co, countries, check))
    return "\n".join(line for line in lines if line)


@for_title
def growth_headline(co: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Return a figure title: the pair's growth to ``year`` and its share of the focus's works."""
    focus, partner = compare.focus_partner(countries)
    works = _measure(co, "works_with_focus", partner)
    works = works[(works > 0) & (works.index <= year)]
    share = _measure(co, "share_pct", focus)
    if works.empty or year not in works.index:
        return f"Co-authorship of {name(focus)} and {name(partner)}: no data up to {year}"
    start = int(works.index[0])
    text = (
        f"{name(focus)}-{name(partner)} co-authored works {start}-{year}: "
        f"{times(works[year] / works[start])}"
    )
    if start in share.index and year in share.index:
        text += (
            f"; share of {name(focus)}'s international works {percent(share[start])} -> "
            f"{percent(share[year])}"
        )
    return text


@for_title
def coauthorship_headline(co: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Return a figure title: the pair's works in ``year`` and their share of the focus's."""
    focus, partner = compare.focus_partner(countries)
    works = _measure(co, "works_with_focus", partner)
    share = _measure(co, "share_pct", focus)
    if year not in works.index or year not in share.index:
        return f"Co-authorship of {name(focus)} and {name(partner)}: no data for {year}"
    return (
        f"{name(focus)}-{name(partner)} co-authored works, {year}: {count(works[year])}, "
        f"{percent(share[year])} of {name(focus)}'s internationally co-authored works"
    )
