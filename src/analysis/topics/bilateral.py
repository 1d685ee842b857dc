"""Bilateral ties between the focus country and its partner: co-authorship, investment, trade.

One group of functions per source, each taking the notebook's country list (focus first,
partner second, comparators after) and working for any list:

* OpenAlex co-authorship networks (dataset ``copub``): works co-authored by two countries per
  year (whole counts), each country's internationally co-authored works, partner ranks.
* NCSES *Science and Engineering Indicators* (``ncses``): internationally coauthored articles
  and the index of collaboration by country pair in benchmark years, the AI coauthorship matrix
  2003-22 and the AI collaboration network.
* AEI China Global Investment Tracker (``cgit``): Chinese outward deals of US$100m or more.
* BACI bilateral trade (``trade``): both directions of one country pair, HS 6-digit products.
* UNCTAD FDI inflows (``fdi``): each economy's total inflows, not bilateral.

A section whose source does not cover the parameter countries returns empty tables and a
sentence that says the section does not apply; it never fails.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from analysis.data import countries as names
from analysis.data.processed import load
from analysis.topics import compare
from analysis.topics.text import join, times

PROVENANCE = ["source", "vintage"]


def for_title(func: Callable[..., str]) -> Callable[..., str]:
    """Escape dollar signs in a headline, which matplotlib would otherwise read as mathtext."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> str:
        return func(*args, **kwargs).replace("$", r"\$")

    return wrapper


# --------------------------------------------------------------------------- co-authorship

COPUB_PAIR = "coauthored_works"
COPUB_TOTAL = "internationally_coauthored_works"
COPUB_PARTNERS = "coauthor_partner_countries"


def _name(iso3: str) -> str:
    return names.name(iso3)


def _pct(x: float | None) -> str:
    """Format a percentage with a precision that suits its size."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "n/a"
    if abs(x) >= 10:
        return f"{x:.0f}%"
    if abs(x) >= 1:
        return f"{x:.1f}%"
    return f"{x:.2f}%"


def _signed_pct(x: float) -> str:
    return f"{x:+.1f}%"


def _count(x: float) -> str:
    return f"{x:,.0f}"


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


def copub_pairs(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return every co-authorship partner of each parameter country, per year.

    Args:
        countries: ISO3 codes (focus, partner, comparators).
        years: ``(first, last)`` inclusive.

    Returns:
        Tidy rows (indicator ``coauthored_works``) with ``iso3`` a parameter country and
        ``partner_iso3`` any country it co-authored with.
    """
    table = load("copub", years=years, indicators=[COPUB_PAIR])
    both = symmetric_pairs(table)
    return both[both["iso3"].isin(list(countries))].reset_index(drop=True)


def copub_totals(countries: Sequence[str] | None, years: tuple[int, int]) -> pd.DataFrame:
    """Return internationally co-authored works and partner counts per country and year.

    Args:
        countries: ISO3 codes to keep, or None for every country.
        years: ``(first, last)`` inclusive.
    """
    return load("copub", countries, years, indicators=[COPUB_TOTAL, COPUB_PARTNERS])


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
        pairs: Output of :func:`copub_pairs`.
        totals: Output of :func:`copub_totals` for the parameter countries.
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
    focus, partner = countries[0], countries[1]
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
        pairs: Tidy pair rows in both orders (e.g. :func:`copub_pairs`), or any table with
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


def snapshot_final_year() -> int:
    """Return the last year of the OpenAlex snapshot (likely incomplete: late indexing)."""
    return int(load("copub", indicators=[COPUB_TOTAL])["year"].max())


def last_complete_year(years: tuple[int, int]) -> int:
    """Return the last year of the window that is not the snapshot's (likely incomplete) final year.

    The registry notes that the final year of the August-2024 snapshot is likely incomplete
    (late indexing), so rankings and headline shares use the year before it.
    """
    return min(years[1], snapshot_final_year() - 1)


def final_year_check(countries: Sequence[str], pairs: pd.DataFrame) -> dict[str, float | int]:
    """Compare the snapshot's final year with the year before, for the pair and the world.

    Args:
        countries: ISO3 codes, focus first, partner second.
        pairs: Output of :func:`copub_pairs` (must include the final and previous year).

    Returns:
        ``year``, ``previous`` and percentage changes ``pair``, ``focus``, ``partner`` (each
        country's internationally co-authored works) and ``world`` (all countries' together);
        empty when the two years are not both available.
    """
    final = snapshot_final_year()
    previous = final - 1
    totals = copub_totals(None, (previous, final))
    intl = totals[totals["indicator"] == COPUB_TOTAL]
    by_year = intl.groupby("year")["value"].sum()
    focus, partner = countries[0], countries[1]
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


def _copub_year_line(co: pd.DataFrame, countries: Sequence[str], year: int, note: str) -> str:
    focus, partner = countries[0], countries[1]
    works = _measure(co, "works_with_focus", partner)
    if year not in works.index:
        return f"- {year}: no co-authored works of {_name(focus)} and {_name(partner)} recorded."
    parts = []
    for a in (focus, partner):
        share = _measure(co, "share_pct", a).get(year)
        total = _measure(co, "intl_works", a).get(year)
        if share is not None and total is not None:
            parts.append(f"{_pct(share)} of {_name(a)}'s {_count(total)}")
    ranks = []
    for a, b in ((focus, partner), (partner, focus)):
        rows = co[(co["measure"] == "partner_rank") & (co["iso3"] == a) & (co["year"] == year)]
        if not rows.empty:
            n = rows["n_partners"].iloc[0]
            of = f" of {int(n)}" if pd.notna(n) else ""
            ranks.append(f"{_name(b)} was {_name(a)}'s #{int(rows['value'].iloc[0])} partner{of}")
    share_text = f": {join(parts)} internationally co-authored works" if parts else ""
    rank_text = f"; {join(ranks)}" if ranks else ""
    return (
        f"- {year}{note}: {_name(focus)} and {_name(partner)} co-authored "
        f"{_count(works[year])} works{share_text}{rank_text}."
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
        complete_year: The last complete year (:func:`last_complete_year`).
        check: Output of :func:`final_year_check` (empty when not in the window).

    Returns:
        Bullet lines, all numbers computed from ``co``.
    """
    focus, partner = countries[0], countries[1]
    works = _measure(co, "works_with_focus", partner)
    if works.empty:
        return (
            f"OpenAlex records no works co-authored by {_name(focus)} and {_name(partner)} in "
            "the years chosen."
        )
    lines = []
    for year in dict.fromkeys([reference_year, complete_year]):
        lines.append(_copub_year_line(co, countries, year, ""))
    nonzero = works[works > 0]
    start = int(nonzero.index[0])
    end = complete_year if complete_year in works.index else int(works.index[-1])
    growth = []
    for a in (focus, partner):
        intl = _measure(co, "intl_works", a)
        if start in intl.index and end in intl.index and intl[start] > 0:
            growth.append(f"{_name(a)}'s international works {times(intl[end] / intl[start])}")
    growth_text = f", against {join(growth)}" if growth else ""
    lines.append(
        f"- {start}-{end}: the pair's co-authored works went from {_count(nonzero[start])} to "
        f"{_count(works[end])} ({times(works[end] / nonzero[start])}){growth_text}."
    )
    others = co[(co["measure"] == "works_with_focus") & (co["year"] == end)]
    others = others.sort_values("value", ascending=False)
    if len(others) > 1:
        listed = [f"{_name(r.iso3)} {_count(r.value)}" for r in others.itertuples()]
        place = list(others["iso3"]).index(partner) + 1 if partner in set(others["iso3"]) else None
        where = (
            f"{_name(partner)} is #{place} of the {len(others)} other parameter countries"
            if place
            else ""
        )
        lines.append(
            f"- {_name(focus)}'s works with the other parameter countries in {end}: "
            f"{'; '.join(listed)} ({where})."
        )
    if check:
        vintage = str(co["vintage"].dropna().iloc[0]) if "vintage" in co else ""
        lines.append(
            f"- {check['year']} is the last year of the snapshot ({vintage}) and likely "
            f"incomplete (late indexing; see the source notes): from {check['previous']} to "
            f"{check['year']} the pair's works changed {_signed_pct(check['pair'])}, "
            f"{_name(focus)}'s internationally co-authored works "
            f"{_signed_pct(check['focus'])}, {_name(partner)}'s "
            f"{_signed_pct(check['partner'])} and all countries' together "
            f"{_signed_pct(check['world'])}. Read {check['year']} as provisional, not as a trend."
        )
    return "\n".join(lines)


@for_title
def growth_headline(co: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Return a figure title: the pair's growth to ``year`` and its share of the focus's works."""
    focus, partner = countries[0], countries[1]
    works = _measure(co, "works_with_focus", partner)
    works = works[(works > 0) & (works.index <= year)]
    share = _measure(co, "share_pct", focus)
    if works.empty or year not in works.index:
        return f"Co-authorship of {_name(focus)} and {_name(partner)}: no data up to {year}"
    start = int(works.index[0])
    text = (
        f"{_name(focus)}-{_name(partner)} co-authored works {start}-{year}: "
        f"{times(works[year] / works[start])}"
    )
    if start in share.index and year in share.index:
        text += (
            f"; share of {_name(focus)}'s international works {_pct(share[start])} -> "
            f"{_pct(share[year])}"
        )
    return text


@for_title
def coauthorship_headline(co: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Return a figure title: the pair's works in ``year`` and their share of the focus's."""
    focus, partner = countries[0], countries[1]
    works = _measure(co, "works_with_focus", partner)
    share = _measure(co, "share_pct", focus)
    if year not in works.index or year not in share.index:
        return f"Co-authorship of {_name(focus)} and {_name(partner)}: no data for {year}"
    return (
        f"{_name(focus)}-{_name(partner)} co-authored works, {year}: {_count(works[year])}, "
        f"{_pct(share[year])} of {_name(focus)}'s internationally co-authored works"
    )


# --------------------------------------------------------------------------- NCSES pairs

NCSES_COUNT = "intl_coauthored_articles"
NCSES_INDEX = "intl_collaboration_index"
NCSES_TOTAL = "se_articles_intl_coauthored"
AI_COUNT = "ai_coauthored_articles_2003_22"
AI_INDEX = "ai_collaboration_index_2003_22"
AI_NETWORK_STRENGTH = "ai_collab_network_strength_2003_22"
AI_NETWORK_DEGREE = "ai_collab_network_degree_2003_22"
AI_NETWORK_LINK = 400
"""SEI 2024 SPBS-93 README: a link needs at least 400 co-written AI papers."""


def ncses_pairs(countries: Sequence[str]) -> pd.DataFrame:
    """Return NCSES pair counts and indexes of every partner of the parameter countries.

    Args:
        countries: ISO3 codes.

    Returns:
        Tidy rows of ``intl_coauthored_articles``, ``intl_collaboration_index``,
        ``ai_coauthored_articles_2003_22`` and ``ai_collaboration_index_2003_22`` with
        ``iso3`` a parameter country, plus ``partner_rank`` within each indicator, vintage and
        year (1 = highest value) and ``n_partners`` (partners with a value).
    """
    table = load("ncses", countries, indicators=[NCSES_COUNT, NCSES_INDEX, AI_COUNT, AI_INDEX])
    table = table.dropna(subset=["partner_iso3"])
    if table.empty:
        return table.assign(partner_rank=pd.Series(dtype=int), n_partners=pd.Series(dtype=int))
    group = table.groupby(["iso3", "indicator", "vintage", "year"])["value"]
    return table.assign(
        partner_rank=group.rank(ascending=False, method="min").astype(int),
        n_partners=group.transform("count").astype(int),
    )


def ncses_ranking(
    pairs: pd.DataFrame, iso3: str, indicator: str, vintage: str, year: int
) -> pd.Series:
    """Return one country's partners under one NCSES indicator, highest first."""
    rows = pairs[(pairs["indicator"] == indicator) & (pairs["vintage"] == vintage)]
    return ranking(rows, iso3, year)


def latest_edition(pairs: pd.DataFrame, indicator: str = NCSES_COUNT) -> tuple[str, int] | None:
    """Return ``(vintage, year)`` of the newest edition and its latest year for an indicator."""
    rows = pairs[pairs["indicator"] == indicator]
    if rows.empty:
        return None
    vintage = str(sorted(rows["vintage"].unique())[-1])
    return vintage, int(rows[rows["vintage"] == vintage]["year"].max())


def ncses_pair_table(pairs: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Summarise the focus-partner pair in every NCSES edition and benchmark year.

    Args:
        pairs: Output of :func:`ncses_pairs`.
        countries: ISO3 codes, focus first, partner second.

    Returns:
        One row per vintage and year: articles, the share of each side's internationally
        coauthored articles, the index of collaboration, and each side's rank among the other's
        partners (by articles and by index), as ``rank/n`` text.
    """
    focus, partner = countries[0], countries[1]
    totals = load("ncses", [focus, partner], indicators=[NCSES_TOTAL])
    rows = []
    sub = pairs[pairs["indicator"].isin([NCSES_COUNT, NCSES_INDEX])]
    for (vintage, year), group in sub.groupby(["vintage", "year"], sort=True):

        def cell(indicator: str, a: str, b: str, grp: pd.DataFrame = group) -> pd.Series | None:
            hit = grp[
                (grp["indicator"] == indicator) & (grp["iso3"] == a) & (grp["partner_iso3"] == b)
            ]
            return hit.iloc[0] if not hit.empty else None

        count = cell(NCSES_COUNT, focus, partner)
        index = cell(NCSES_INDEX, focus, partner)
        if count is None and index is None:
            continue
        row: dict[str, object] = {"vintage": vintage, "year": int(year)}
        row["articles"] = count["value"] if count is not None else np.nan
        for a in (focus, partner):
            total = totals[
                (totals["iso3"] == a) & (totals["vintage"] == vintage) & (totals["year"] == year)
            ]
            row[f"% of {_name(a)}'s intl. articles"] = (
                row["articles"] / total["value"].iloc[0] * 100 if not total.empty else np.nan
            )
        row["index"] = index["value"] if index is not None else np.nan
        for label, indicator in (("articles", NCSES_COUNT), ("index", NCSES_INDEX)):
            for a, b in ((focus, partner), (partner, focus)):
                hit = cell(indicator, a, b)
                row[f"{_name(b)}'s rank among {_name(a)}'s partners, {label}"] = (
                    f"{hit['partner_rank']}/{hit['n_partners']}" if hit is not None else "n/a"
                )
        rows.append(row)
    return pd.DataFrame(rows)


def _rank_text(
    pairs: pd.DataFrame, indicator: str, a: str, b: str, edition: tuple[str, int] | None = None
) -> str:
    """Return "#rank of N" of ``b`` among ``a``'s partners (newest vintage and year by default)."""
    rows = pairs[
        (pairs["indicator"] == indicator) & (pairs["iso3"] == a) & (pairs["partner_iso3"] == b)
    ]
    edition = edition or latest_edition(pairs, indicator)
    if edition is None:
        return ""
    rows = rows[(rows["vintage"] == edition[0]) & (rows["year"] == edition[1])]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    return f"#{r['partner_rank']} of {r['n_partners']}"


def _leaders(
    pairs: pd.DataFrame, indicator: str, iso3: str, vintage: str, year: int, n: int = 3
) -> str:
    series = ranking(
        pairs[(pairs["indicator"] == indicator) & (pairs["vintage"] == vintage)], iso3, year
    )
    return join(_name(c) for c in series.index[:n])


def ncses_sentence(pairs: pd.DataFrame, table: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say, per SEI edition, what the pair's articles, shares, index and ranks were.

    Args:
        pairs: Output of :func:`ncses_pairs`.
        table: Output of :func:`ncses_pair_table`.
        countries: ISO3 codes, focus first, partner second.
    """
    focus, partner = countries[0], countries[1]
    if table.empty:
        covered = sorted(set(pairs["iso3"]) if not pairs.empty else set())
        missing = [c for c in (focus, partner) if c not in covered]
        why = (
            f"{join(_name(c) for c in missing)} {'is' if len(missing) == 1 else 'are'} not in "
            "the NCSES pair tables (countries with less than 1% of internationally coauthored "
            "articles are omitted)"
            if missing
            else "the pair has no value in the NCSES pair tables"
        )
        return f"No NCSES country-pair data for {_name(focus)} and {_name(partner)}: {why}."
    lines = []
    for vintage, group in table.groupby("vintage", sort=True):
        group = group.sort_values("year")
        first, last = group.iloc[0], group.iloc[-1]
        y0, y1 = int(first["year"]), int(last["year"])
        a_share = f"% of {_name(focus)}'s intl. articles"
        b_share = f"% of {_name(partner)}'s intl. articles"
        rank_now = last[f"{_name(partner)}'s rank among {_name(focus)}'s partners, articles"]
        rank_then = first[f"{_name(partner)}'s rank among {_name(focus)}'s partners, articles"]
        back = last[f"{_name(focus)}'s rank among {_name(partner)}'s partners, articles"]
        idx_rank = last[f"{_name(partner)}'s rank among {_name(focus)}'s partners, index"]
        index = last["index"]
        verdict = (
            ("more joint articles than" if index > 1 else "fewer joint articles than")
            if pd.notna(index)
            else "no index for"
        )
        lines.append(
            f"- {vintage}: {_count(first['articles'])} articles in {y0}, "
            f"{_count(last['articles'])} in {y1} ({times(last['articles'] / first['articles'])});"
            f" in {y1} that is {_pct(last[a_share])} of {_name(focus)}'s and "
            f"{_pct(last[b_share])} of {_name(partner)}'s internationally coauthored articles. "
            f"{_name(partner)} ranks {rank_now} among {_name(focus)}'s partners "
            f"({rank_then} in {y0}; leaders in {y1}: "
            f"{_leaders(pairs, NCSES_COUNT, focus, vintage, y1)}), {_name(focus)} {back} among "
            f"{_name(partner)}'s. Index of collaboration {first['index']:.2f} in {y0}, "
            f"{index:.2f} in {y1} ({verdict} the two countries' overall international "
            f"collaboration predicts; {_name(partner)} ranks {idx_rank} among {_name(focus)}'s "
            "partners by index)."
        )
    lines.append(
        "- Ranks are rank/N among the N countries of the NCSES pair table (those with at least "
        "1% of internationally coauthored articles). The SEI 2020 and SEI 2024 editions are "
        "different Scopus extractions: compare years within one edition only."
    )
    return "\n".join(lines)


def ai_network(countries: Sequence[str]) -> pd.DataFrame:
    """Return the SEI AI collaboration network measures of the parameter countries.

    Columns: iso3, country, indicator, value, rank, n_countries, source, vintage.
    """
    table = load("ncses", countries)
    table = table[table["indicator"].str.startswith("ai_collab_network_")]
    return table[["iso3", "country", "indicator", "value", "rank", "n_countries", *PROVENANCE]]


def ai_sentence(pairs: pd.DataFrame, network: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say how many AI articles the pair co-wrote in 2003-22, the index and the ranks.

    Args:
        pairs: Output of :func:`ncses_pairs`.
        network: Output of :func:`ai_network`.
        countries: ISO3 codes, focus first, partner second.
    """
    focus, partner = countries[0], countries[1]
    count = pairs[
        (pairs["indicator"] == AI_COUNT)
        & (pairs["iso3"] == focus)
        & (pairs["partner_iso3"] == partner)
    ]
    index = pairs[
        (pairs["indicator"] == AI_INDEX)
        & (pairs["iso3"] == focus)
        & (pairs["partner_iso3"] == partner)
    ]
    lines = []
    if count.empty:
        lines.append(
            f"- The SEI 2024 AI coauthorship matrix (2003-22) has no value for {_name(focus)} "
            f"and {_name(partner)} (it covers the top AI-producing countries only)."
        )
    else:
        vintage = str(count["vintage"].iloc[0])
        year = int(count["year"].iloc[0])
        idx = float(index["value"].iloc[0]) if not index.empty else float("nan")
        lines.append(
            f"- AI articles 2003-22 ({vintage}): {_name(focus)} and {_name(partner)} co-wrote "
            f"{_count(count['value'].iloc[0])}. By that count {_name(partner)} ranks "
            f"{_rank_text(pairs, AI_COUNT, focus, partner)} among {_name(focus)}'s AI partners "
            f"(leaders: {_leaders(pairs, AI_COUNT, focus, vintage, year)}) and {_name(focus)} "
            f"{_rank_text(pairs, AI_COUNT, partner, focus)} among {_name(partner)}'s (leaders: "
            f"{_leaders(pairs, AI_COUNT, partner, vintage, year)}). Index of collaboration "
            f"{idx:.2f}: {_name(partner)} ranks {_rank_text(pairs, AI_INDEX, focus, partner)} "
            f"among {_name(focus)}'s partners by index, {_name(focus)} "
            f"{_rank_text(pairs, AI_INDEX, partner, focus)} among {_name(partner)}'s."
        )
    strength = network[network["indicator"] == AI_NETWORK_STRENGTH]
    listed = len(load("ncses", indicators=[AI_NETWORK_STRENGTH]))
    for a in (focus, partner):
        row = strength[strength["iso3"] == a]
        if not row.empty:
            r = row.iloc[0]
            degree = network[(network["indicator"] == AI_NETWORK_DEGREE) & (network["iso3"] == a)]
            deg = (
                f", linked to {int(degree['value'].iloc[0])} countries" if not degree.empty else ""
            )
            lines.append(
                f"- AI collaboration network (computed for the top {int(r['n_countries'])} AI "
                f"producers): {_name(a)} ranks {int(r['rank'])} by strength "
                f"({_count(r['value'])} co-written papers with linked partners{deg})."
            )
            continue
        own = pairs[(pairs["indicator"] == AI_COUNT) & (pairs["iso3"] == a)]
        if own.empty:
            lines.append(f"- {_name(a)} is not in the SEI AI network table.")
            continue
        top = own.sort_values("value", ascending=False).iloc[0]
        below = top["value"] < AI_NETWORK_LINK
        reason = (
            f": a link needs at least {AI_NETWORK_LINK} co-written AI papers and its largest "
            f"partner count is {_count(top['value'])} ({_name(top['partner_iso3'])})"
            if below
            else ""
        )
        lines.append(
            f"- {_name(a)} is not among the {listed} countries of the SEI AI collaboration "
            f"network table{reason}."
        )
    return "\n".join(lines)


def ncses_rankings(
    pairs: pd.DataFrame, countries: Sequence[str], indicator: str
) -> dict[str, pd.Series]:
    """Return the focus's and the partner's partners under one indicator, newest edition.

    Args:
        pairs: Output of :func:`ncses_pairs`.
        countries: ISO3 codes, focus first, partner second.
        indicator: A pair indicator, e.g. :data:`NCSES_COUNT` or :data:`AI_INDEX`.

    Returns:
        ``{panel label: partners sorted high to low}`` for the focus and the partner (empty
        series when the indicator has no rows for them).
    """
    edition = latest_edition(pairs, indicator)
    label = INDICATOR_LABELS.get(indicator, indicator)
    out = {}
    for iso3 in countries[:2]:
        if edition is None:
            out[f"{_name(iso3)}'s partners: {label}"] = pd.Series(dtype=float)
            continue
        vintage, year = edition
        out[f"{_name(iso3)}'s partners: {label}"] = ncses_ranking(
            pairs, iso3, indicator, vintage, year
        )
    return out


def ncses_plotted(pairs: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """Return the rows :func:`ncses_rankings` draws: the newest edition of each indicator."""
    parts = []
    for indicator in indicators:
        edition = latest_edition(pairs, indicator)
        if edition is not None:
            rows = pairs[(pairs["indicator"] == indicator) & (pairs["vintage"] == edition[0])]
            parts.append(rows[rows["year"] == edition[1]])
    return pd.concat(parts, ignore_index=True) if parts else pairs.iloc[0:0]


INDICATOR_LABELS = {
    NCSES_COUNT: "coauthored articles",
    NCSES_INDEX: "index of collaboration",
    AI_COUNT: "AI articles",
    AI_INDEX: "AI index of collaboration",
}


@for_title
def ncses_headline(pairs: pd.DataFrame, countries: Sequence[str], ai: bool = False) -> str:
    """Return a figure title: the partner's rank among the focus's partners by count and index."""
    focus, partner = countries[0], countries[1]
    count, index = (AI_COUNT, AI_INDEX) if ai else (NCSES_COUNT, NCSES_INDEX)
    edition = latest_edition(pairs, count)
    what = "AI articles 2003-22" if ai else "coauthored articles"
    if edition is None:
        return f"NCSES {what}: no pair data for {_name(focus)} and {_name(partner)}"
    vintage, year = edition
    by_count = _rank_text(pairs, count, focus, partner, edition)
    by_index = _rank_text(pairs, index, focus, partner, edition)
    if not by_count:
        return f"NCSES {what}: no value for {_name(focus)} and {_name(partner)}"
    when = f" ({vintage})" if ai else f" in {year} ({vintage})"
    return (
        f"{_name(partner)} is {_name(focus)}'s partner {by_count} by {what}{when}, "
        f"{by_index} by index of collaboration"
    )


def ai_network_table(network: pd.DataFrame) -> pd.DataFrame:
    """Return the AI network measures as country x measure, each cell "value (rank/N)"."""
    if network.empty:
        return pd.DataFrame()
    rows = network.assign(
        measure=network["indicator"]
        .str.replace("ai_collab_network_", "")
        .str.replace("_2003_22", ""),
        cell=[
            f"{v:,.0f} ({int(r)}/{int(n)})"
            if not m.endswith("_rank_2003_22")
            else f"{int(r)}/{int(n)}"
            for v, r, n, m in zip(
                network["value"],
                network["rank"],
                network["n_countries"],
                network["indicator"],
                strict=True,
            )
        ],
    )
    return rows.pivot(index="country", columns="measure", values="cell")


# --------------------------------------------------------------------------- CGIT

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


def cgit_investor() -> str:
    """Return the investing country of the tracker (its only ``iso3``)."""
    codes = load("cgit", indicators=[CGIT_MEASURES["investment"]])["iso3"].unique()
    return str(codes[0])


def cgit_destinations(countries: Sequence[str]) -> list[str]:
    """Return the parameter countries the tracker covers as destinations (empty if no investor)."""
    investor = cgit_investor()
    if investor not in countries:
        return []
    return [c for c in countries if c != investor]


def cgit_years() -> tuple[int, int]:
    """Return the first and last year the tracker covers."""
    years = load("cgit", indicators=[CGIT_MEASURES["investment"]])["year"]
    return int(years.min()), int(years.max())


def chinese_deals(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return the tracker's deals into each destination among the parameter countries.

    Args:
        countries: ISO3 codes; the section applies only if the tracker's investor is among them.
        years: ``(first, last)`` inclusive.

    Returns:
        Tidy-like rows: ``measure`` (see :data:`CGIT_MEASURES`), ``iso3`` = the destination,
        ``country``, ``year``, ``category`` (sector), ``value`` (US$ million, or deals),
        ``source``, ``vintage``. Empty when the section does not apply.
    """
    destinations = cgit_destinations(countries)
    cols = ["measure", "iso3", "country", "year", "category", "value", *PROVENANCE]
    if not destinations:
        return pd.DataFrame(columns=cols)
    table = load("cgit", years=years, indicators=list(CGIT_MEASURES.values()))
    table = table[table["partner_iso3"].isin(destinations)]
    measure = {v: k for k, v in CGIT_MEASURES.items()}
    out = table.assign(
        measure=table["indicator"].map(measure),
        iso3=table["partner_iso3"],
        country=table["partner"],
    )
    return out[cols].reset_index(drop=True)


def annual(
    deals: pd.DataFrame, measure: str, countries: Sequence[str], years: tuple[int, int]
) -> pd.DataFrame:
    """Return year x destination totals in US$ bn (deals: counts), zero where none were recorded.

    A year inside the tracker's coverage without a recorded deal means no deal of US$100m or
    more, so it is 0, not missing.
    """
    destinations = cgit_destinations(countries)
    if deals.empty or not destinations:
        return pd.DataFrame(columns=destinations, dtype=float)
    first, last = cgit_years()
    span = range(max(first, years[0]), min(last, years[1]) + 1)
    rows = deals[deals["measure"] == measure]
    scale = 1.0 if measure == "deals" else 1e3
    table = rows.groupby(["year", "iso3"])["value"].sum().unstack("iso3") / scale
    table.index = table.index.astype(int)
    return table.reindex(index=list(span), columns=destinations).fillna(0.0)


def provenance_rows(deals: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the rows of one measure (for a figure footer built from the rows plotted)."""
    return deals[deals["measure"] == measure]


def sector_shares(
    deals: pd.DataFrame, countries: Sequence[str], minimum: float = 0.0
) -> pd.DataFrame:
    """Return each destination's Chinese investment by sector, % of its total over the window.

    Rows are sectors, ordered by their share for the first destination; columns destinations.
    Sectors below ``minimum`` % for every destination are left out (the technology sector is
    always kept).
    """
    destinations = cgit_destinations(countries)
    rows = deals[deals["measure"] == "investment"]
    if rows.empty:
        return pd.DataFrame(columns=destinations, dtype=float)
    table = rows.groupby(["category", "iso3"])["value"].sum().unstack("iso3").fillna(0.0)
    table = table.reindex(columns=[c for c in destinations if c in table.columns])
    shares = table.div(table.sum()) * 100
    shares.index = shares.index.astype(str)
    shares = shares[(shares.max(axis=1) >= minimum) | (shares.index == TECHNOLOGY)]
    return shares.sort_values(shares.columns[0], ascending=False, kind="stable")


def technology_share(deals: pd.DataFrame, countries: Sequence[str]) -> pd.Series:
    """Return the technology sector's % of each destination's Chinese investment in the window."""
    shares = sector_shares(deals, countries)
    if TECHNOLOGY not in shares.index:
        return pd.Series(0.0, index=shares.columns)
    return shares.loc[TECHNOLOGY]


def _subject(countries: Sequence[str], investor: str) -> str:
    """The destination the section is about: the other side of the pair from the investor."""
    return countries[1] if countries[0] == investor else countries[0]


def cgit_not_applicable(countries: Sequence[str]) -> str:
    """Say that the tracker section does not apply to these countries, and why."""
    investor = cgit_investor()
    return (
        f"The China Global Investment Tracker records only {names.name(investor)}'s outward deals "
        f"of {CGIT_THRESHOLD} or more; {names.name(investor)} is not among the parameter "
        f"countries ({', '.join(names.name(c) for c in countries)}), so this section does not "
        "apply."
    )


@for_title
def cgit_headline(deals: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> str:
    """Return a figure title: Chinese investment into the subject country against the leader."""
    destinations = cgit_destinations(countries)
    if not destinations:
        return "Chinese investment tracker: does not apply (China is not a parameter country)"
    investor = cgit_investor()
    subject = _subject(countries, investor)
    table = annual(deals, "investment", countries, years)
    if table.empty:
        return f"{names.name(investor)}'s recorded investment: no deals in these years"
    totals = table.sum()
    span = f"{int(table.index.min())}-{int(table.index.max())}"
    leader = str(totals.idxmax())
    if leader == subject:
        return (
            f"{_name(investor)}'s recorded investment {span}: {_name(subject)} "
            f"US${totals[subject]:.1f} bn, the most among the parameter countries"
        )
    return (
        f"{_name(investor)}'s recorded investment {span}: {_name(subject)} "
        f"US${totals[subject]:.1f} bn, {_name(leader)} US${totals[leader]:.1f} bn "
        f"({times(totals[leader] / totals[subject]) if totals[subject] else 'n/a'})"
    )


def cgit_sentence(deals: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> str:
    """Say how much Chinese investment the tracker records into each destination, and its sectors.

    Args:
        deals: Output of :func:`chinese_deals`.
        countries: ISO3 codes, focus first, partner second.
        years: ``(first, last)`` inclusive.
    """
    destinations = cgit_destinations(countries)
    if not destinations:
        return cgit_not_applicable(countries)
    investor = cgit_investor()
    subject = _subject(countries, investor)
    inv = annual(deals, "investment", countries, years)
    if inv.empty:
        first = cgit_years()[0]
        return f"The tracker records no deals in {years[0]}-{years[1]} (it starts in {first})."
    span = f"{int(inv.index.min())}-{int(inv.index.max())}"
    n = annual(deals, "deals", countries, years).sum()
    construction = annual(deals, "construction", countries, years).sum()
    troubled = annual(deals, "troubled", countries, years).sum()
    tech = technology_share(deals, countries)
    totals = inv.sum()
    everyone = load("cgit", years=years, indicators=[CGIT_MEASURES["investment"]])
    world = everyone.groupby("partner_iso3")["value"].sum().sort_values(ascending=False)
    rank = {c: int((world > world.get(c, 0)).sum() + 1) for c in destinations}
    lines = []
    for c in destinations:
        if totals[c] == 0:
            lines.append(f"- {_name(c)}: no investment deal of {CGIT_THRESHOLD} or more recorded.")
            continue
        peak = int(inv[c].idxmax())
        lines.append(
            f"- {_name(c)}: US${totals[c]:.1f} bn in {int(n.get(c, 0))} deals "
            f"(#{rank[c]} of {len(world)} destinations; peak {peak}, US${inv.loc[peak, c]:.1f} "
            f"bn); technology {_pct(tech.get(c, 0.0))} of it. Separately, construction "
            f"contracts US${construction.get(c, 0.0):.1f} bn and troubled (failed) transactions "
            f"US${troubled.get(c, 0.0):.1f} bn."
        )
    others = [c for c in destinations if c != subject and totals[c] > 0]
    if totals[subject] > 0 and others:
        compared = join(f"{_name(c)} {times(totals[c] / totals[subject])}" for c in others)
        lines.append(f"- Against {_name(subject)}'s total: {compared}.")
    lines.append(
        f"- The tracker ({span}) records only {_name(investor)}'s outward deals of "
        f"{CGIT_THRESHOLD} or more, so investment into {_name(investor)} (e.g. from "
        f"{_name(subject)}) and smaller deals are not in it; it is a deal tracker, not "
        "balance-of-payments FDI."
    )
    return "\n".join(lines)


@for_title
def technology_headline(deals: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: the technology share of Chinese investment into each destination."""
    destinations = cgit_destinations(countries)
    tech = technology_share(deals, countries)
    if not destinations or tech.empty:
        return "Sectors of Chinese investment: does not apply (China is not a parameter country)"
    investor = cgit_investor()
    subject = _subject(countries, investor)
    parts = [f"{_name(c)} {_pct(tech[c])}" for c in destinations if c in tech.index]
    head = f"Tech share of {_name(investor)}'s recorded investment: "
    if subject in tech.index and len(parts) > 3:
        totals = deals[deals["measure"] == "investment"].groupby("iso3")["value"].sum()
        largest = str(totals.drop(subject, errors="ignore").idxmax())
        high = str(tech.drop(subject).idxmax())
        picked = [
            f"{_name(subject)} {_pct(tech[subject])}",
            f"{_name(largest)} {_pct(tech[largest])}",
        ]
        if high != largest:
            picked.append(f"{_name(high)} {_pct(tech[high])} (highest)")
        return head + ", ".join(picked)
    return head + ", ".join(parts)


def cgit_span(years: tuple[int, int]) -> str:
    """Return the years of the tracker inside the window, e.g. ``"2005-2023"``."""
    first, last = cgit_years()
    return f"{max(first, years[0])}-{min(last, years[1])}"


# --------------------------------------------------------------------------- trade

BACI_VALUE = "exports_value_usd_thousand"
COMTRADE_IMPORTS = "reported_imports_usd"
HIGH_TECH_CHAPTERS: tuple[str, ...] = ("84", "85", "88", "90")
"""HS chapters counted as high-tech here: machinery (84), electrical and electronic equipment
(85), aircraft and spacecraft (88), optical, measuring and medical instruments (90)."""

HS_CHAPTERS: dict[str, str] = {
    "01": "live animals",
    "02": "meat",
    "03": "fish",
    "04": "dairy, eggs, honey",
    "05": "other animal products",
    "06": "plants, flowers",
    "07": "vegetables",
    "08": "fruit, nuts",
    "09": "coffee, tea, spices",
    "10": "cereals",
    "11": "milling products",
    "12": "oil seeds",
    "13": "lacs, gums",
    "14": "vegetable plaiting materials",
    "15": "fats and oils",
    "16": "meat and fish preparations",
    "17": "sugar",
    "18": "cocoa",
    "19": "cereal preparations",
    "20": "vegetable and fruit preparations",
    "21": "misc. food preparations",
    "22": "beverages",
    "23": "food residues, fodder",
    "24": "tobacco",
    "25": "salt, stone, cement",
    "26": "ores, slag, ash",
    "27": "mineral fuels, oil",
    "28": "inorganic chemicals",
    "29": "organic chemicals",
    "30": "pharmaceuticals",
    "31": "fertilisers",
    "32": "dyes, paints",
    "33": "essential oils, cosmetics",
    "34": "soaps, waxes",
    "35": "albumins, glues",
    "36": "explosives",
    "37": "photographic goods",
    "38": "misc. chemical products",
    "39": "plastics",
    "40": "rubber",
    "41": "hides, skins",
    "42": "leather articles",
    "43": "furskins",
    "44": "wood",
    "45": "cork",
    "46": "basketware",
    "47": "wood pulp",
    "48": "paper",
    "49": "printed matter",
    "50": "silk",
    "51": "wool",
    "52": "cotton",
    "53": "other vegetable fibres",
    "54": "man-made filaments",
    "55": "man-made staple fibres",
    "56": "wadding, felt",
    "57": "carpets",
    "58": "special fabrics",
    "59": "coated textiles",
    "60": "knitted fabrics",
    "61": "knitted apparel",
    "62": "woven apparel",
    "63": "other textile articles",
    "64": "footwear",
    "65": "headgear",
    "66": "umbrellas",
    "67": "feathers",
    "68": "stone articles",
    "69": "ceramics",
    "70": "glass",
    "71": "pearls, precious metals",
    "72": "iron and steel",
    "73": "iron or steel articles",
    "74": "copper",
    "75": "nickel",
    "76": "aluminium",
    "78": "lead",
    "79": "zinc",
    "80": "tin",
    "81": "other base metals",
    "82": "tools, cutlery",
    "83": "misc. base-metal articles",
    "84": "machinery, computers",
    "85": "electrical, electronic equipment",
    "86": "railway equipment",
    "87": "vehicles",
    "88": "aircraft, spacecraft",
    "89": "ships",
    "90": "optical, medical instruments",
    "91": "clocks, watches",
    "92": "musical instruments",
    "93": "arms, ammunition",
    "94": "furniture, lighting",
    "95": "toys, sports goods",
    "96": "misc. manufactured articles",
    "97": "works of art",
    "98": "special provisions",
    "99": "special provisions",
}
"""Short English titles of the Harmonized System chapters (2-digit), for labels."""


def chapter_label(chapter: str) -> str:
    """Return ``"HS 84 machinery, computers"`` for a 2-digit chapter code."""
    return f"HS {chapter} {HS_CHAPTERS.get(chapter, '')}".strip()


def trade_pair() -> set[str]:
    """Return the two countries whose flows the BACI extract holds."""
    table = load("trade", indicators=[BACI_VALUE])
    return set(table["iso3"]) | set(table["partner_iso3"])


def trade_applies(countries: Sequence[str]) -> bool:
    """Return True if the focus and partner are the pair the BACI extract covers."""
    return set(countries[:2]) == trade_pair()


def trade_flows(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return BACI product rows between focus and partner, both directions, with ``chapter``.

    Empty when the pair is not the one the extract holds. ``iso3`` is the exporter and
    ``partner_iso3`` the importer; values in US$ thousand (FOB).
    """
    if not trade_applies(countries):
        return pd.DataFrame(
            columns=["iso3", "partner_iso3", "year", "category", "chapter", "value", *PROVENANCE]
        )
    table = load("trade", countries[:2], years, indicators=[BACI_VALUE])
    return table.assign(chapter=table["category"].str[:2])


def trade_summary(flows: pd.DataFrame) -> pd.DataFrame:
    """Return per exporter and year: total and high-tech exports (US$ bn) and the high-tech share.

    Columns: measure (``total``, ``hightech``, ``hightech_share``), iso3 (exporter), country,
    year, value, source, vintage.
    """
    cols = ["measure", "iso3", "country", "year", "value", *PROVENANCE]
    if flows.empty:
        return pd.DataFrame(columns=cols)
    keys = ["iso3", "country", "year", *PROVENANCE]
    total = flows.groupby(keys, as_index=False)["value"].sum()
    high = flows[flows["chapter"].isin(HIGH_TECH_CHAPTERS)]
    high = high.groupby(keys, as_index=False)["value"].sum()
    high = total[keys].merge(high, on=keys, how="left").fillna({"value": 0.0})
    share = total[keys].assign(value=high["value"].to_numpy() / total["value"].to_numpy() * 100)
    return pd.concat(
        [
            total.assign(value=total["value"] / 1e6, measure="total"),
            high.assign(value=high["value"] / 1e6, measure="hightech"),
            share.assign(measure="hightech_share"),
        ],
        ignore_index=True,
    )[cols]


def chapter_shares(flows: pd.DataFrame, year: int | None, top: int = 6) -> pd.DataFrame:
    """Return what each side sells the other: chapters' % of each direction's exports in ``year``.

    Rows are the union of each exporter's ``top`` chapters plus the high-tech chapters, labelled
    ``HS 84 machinery, computers``; columns the exporters.
    """
    if flows.empty or year is None:
        return pd.DataFrame()
    rows = flows[flows["year"] == year]
    if rows.empty:
        return pd.DataFrame()
    table = rows.groupby(["chapter", "iso3"])["value"].sum().unstack("iso3").fillna(0.0)
    shares = table.div(table.sum()) * 100
    keep: list[str] = []
    for exporter in shares.columns:
        keep += list(shares[exporter].sort_values(ascending=False).index[:top])
    keep += [c for c in HIGH_TECH_CHAPTERS if c in shares.index]
    out = shares.loc[list(dict.fromkeys(keep))]
    out = out.loc[out.max(axis=1).sort_values(ascending=False).index]
    out.index = [chapter_label(c) for c in out.index]
    out.columns = out.columns.astype(str)
    return out


@for_title
def chapter_headline(shares: pd.DataFrame, countries: Sequence[str], year: int | None) -> str:
    """Return a figure title: each side's largest chapter in its sales to the other."""
    if shares.empty or year is None:
        return "What each side sells the other: does not apply (" + _trade_scope() + ")"
    parts = []
    for a, b in ((countries[0], countries[1]), (countries[1], countries[0])):
        if a in shares.columns:
            top = str(shares[a].idxmax())
            short = top.split(",")[0]
            parts.append(
                f"{short} = {_pct(shares.loc[top, a])} of {_name(a)}'s sales to {_name(b)}"
            )
    return f"{year}: " + "; ".join(parts)


def latest_trade_year(flows: pd.DataFrame) -> int | None:
    """Return the last year of the trade rows (None when there are none)."""
    return int(flows["year"].max()) if not flows.empty else None


def _trade_scope() -> str:
    pair = sorted(trade_pair())
    return f"the BACI extract holds only {_name(pair[0])}-{_name(pair[1])} flows"


def trade_not_applicable(countries: Sequence[str]) -> str:
    """Say that the trade section does not apply to this pair."""
    pair = sorted(trade_pair())
    return (
        f"The BACI extract holds only {_name(pair[0])}-{_name(pair[1])} flows; the focus and "
        f"partner here are {_name(countries[0])} and {_name(countries[1])}, so this section "
        "does not apply."
    )


@for_title
def trade_headline(summary: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: each side's high-tech sales to the other in the latest year."""
    if summary.empty:
        return "Bilateral trade: does not apply (" + _trade_scope() + ")"
    year = int(summary["year"].max())
    parts = []
    for a, b in ((countries[1], countries[0]), (countries[0], countries[1])):
        rows = summary[(summary["iso3"] == a) & (summary["year"] == year)].set_index("measure")
        if rows.empty:
            continue
        parts.append(
            f"{_name(a)} sold {_name(b)} US${rows.loc['hightech', 'value']:.1f} bn high-tech "
            f"({_pct(rows.loc['hightech_share', 'value'])})"
        )
    return f"{year}: " + "; ".join(parts)


def trade_sentence(flows: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> str:
    """Say what each side sells the other, how much is high-tech, and how it changed.

    Args:
        flows: Output of :func:`trade_flows`.
        countries: ISO3 codes, focus first, partner second.
        years: ``(first, last)`` inclusive.
    """
    if not trade_applies(countries):
        return trade_not_applicable(countries)
    if flows.empty:
        return f"The BACI extract has no rows in {years[0]}-{years[1]}."
    summary = trade_summary(flows)
    first, last = int(flows["year"].min()), int(flows["year"].max())
    lines = []
    for a, b in ((countries[0], countries[1]), (countries[1], countries[0])):
        s = summary[summary["iso3"] == a]
        if s.empty:
            lines.append(f"- {_name(a)} -> {_name(b)}: no rows.")
            continue
        total = s[s["measure"] == "total"].set_index("year")["value"]
        high = s[s["measure"] == "hightech"].set_index("year")["value"]
        share = s[s["measure"] == "hightech_share"].set_index("year")["value"]
        shares = chapter_shares(flows[flows["iso3"] == a], last, top=3)
        top = join(f"{label} {_pct(v)}" for label, v in shares[a].head(3).items())
        lines.append(
            f"- {_name(a)} -> {_name(b)}: US${total.get(first, np.nan):.1f} bn in {first}, "
            f"US${total[last]:.1f} bn in {last} ({times(total[last] / total[first])}); "
            f"high-tech chapters (HS {', '.join(HIGH_TECH_CHAPTERS)}) US${high[last]:.1f} bn "
            f"= {_pct(share[last])} of it ({_pct(share[first])} in {first}). Top chapters in "
            f"{last}: {top}."
        )
    ratio_rows = summary[(summary["measure"] == "hightech") & (summary["year"] == last)]
    ratio = ratio_rows.set_index("iso3")["value"]
    if set(countries[:2]) <= set(ratio.index) and min(ratio) > 0:
        big = str(ratio.idxmax())
        small = countries[0] if big == countries[1] else countries[1]
        lines.append(
            f"- In {last} {_name(big)} sold {times(ratio[big] / ratio[small])} as much "
            f"high-tech to {_name(small)} as it bought from it."
        )
    lines.append(_comtrade_line(flows, countries, years))
    return "\n".join(line for line in lines if line)


def _comtrade_line(flows: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> str:
    """Compare the reporter's own declared imports (Comtrade) with BACI, without adding them."""
    ct = load("trade", countries[:2], years, indicators=[COMTRADE_IMPORTS])
    if ct.empty:
        return ""
    reporter, origin = str(ct["iso3"].iloc[0]), str(ct["partner_iso3"].iloc[0])
    ct = ct[(ct["iso3"] == reporter) & (ct["partner_iso3"] == origin)].set_index("year")["value"]
    baci = flows[(flows["iso3"] == origin) & (flows["partner_iso3"] == reporter)]
    baci = baci.groupby("year")["value"].sum() * 1e3
    common = sorted(set(ct.index) & set(baci.index))
    if not common:
        return ""
    y = common[-1]
    extra = [int(t) for t in ct.index if t > max(baci.index)]
    beyond = f"; Comtrade also has {extra[-1]}: US${ct[extra[-1]] / 1e9:.1f} bn" if extra else ""
    return (
        f"- Cross-check: {_name(reporter)}'s own customs declaration (UN Comtrade, CIF) of "
        f"imports from {_name(origin)} in {y} is US${ct[y] / 1e9:.2f} bn against BACI's "
        f"US${baci[y] / 1e9:.2f} bn (FOB, reconciled): two measures of one flow, never added"
        f"{beyond}."
    )


# --------------------------------------------------------------------------- FDI context

FDI_INFLOWS = "fdi_inflows_usd_mn"


def fdi_inflows(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return each parameter country's total FDI inflows (US$ bn; negative = disinvestment)."""
    table = load("fdi", countries, years, indicators=[FDI_INFLOWS])
    return table.assign(value=table["value"] / 1e3, unit="US$ billion, current")


def fdi_sentence(fdi: pd.DataFrame, countries: Sequence[str], reference_year: int) -> str:
    """Say each side's total FDI inflows in the reference and latest year, and negative years.

    Args:
        fdi: Output of :func:`fdi_inflows`.
        countries: ISO3 codes, focus first, partner second.
        reference_year: The year the claims refer to.
    """
    focus, partner = countries[0], countries[1]
    table = compare.wide(fdi, countries)
    lines = [
        "These are each economy's total FDI inflows from the whole world (UNCTAD), not flows "
        f"between {_name(focus)} and {_name(partner)}."
    ]
    if table.empty:
        return lines[0] + " No data for these countries and years."
    for year in dict.fromkeys([reference_year, int(table.index.max())]):
        if year not in table.index:
            lines.append(f"- {year}: no data.")
            continue
        row = table.loc[year]
        vals = join(f"{_name(c)} {usd_bn(row[c])}" for c in countries if pd.notna(row.get(c)))
        mult = ""
        if pd.notna(row.get(focus)) and pd.notna(row.get(partner)) and row[focus] > 0:
            mult = f" ({_name(partner)} {times(row[partner] / row[focus])} {_name(focus)})"
        lines.append(f"- {year}: {vals}{mult}.")
    negative = []
    for c in (focus, partner):
        if c not in table.columns:
            continue
        neg = table[c][table[c] < 0]
        negative += [f"{_name(c)} {int(y)} ({usd_bn(v)})" for y, v in neg.items()]
    if negative:
        lines.append(f"- Negative inflows (net disinvestment): {join(negative)}.")
    missing = [c for c in countries if c not in table.columns or table[c].dropna().empty]
    if missing:
        lines.append(f"- No data for {join(_name(c) for c in missing)}.")
    return "\n".join(lines)


def usd_bn(x: float) -> str:
    """Format US$ billions with the sign first: ``US$12.3 bn``, ``-US$15.2 bn``."""
    return f"-US${-x:.1f} bn" if x < 0 else f"US${x:.1f} bn"


@for_title
def fdi_headline(fdi: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: the focus's and the partner's total inflows in the latest year."""
    table = compare.wide(fdi, countries)
    year = compare.latest_year(table, list(countries[:2]))
    if year is None:
        return "FDI inflows (total, not bilateral): no common year for the focus and partner"
    parts = [f"{_name(c)} {usd_bn(table.loc[year, c])}" for c in countries[:2]]
    return f"Total FDI inflows from the world (not bilateral), {year}: " + ", ".join(parts)
