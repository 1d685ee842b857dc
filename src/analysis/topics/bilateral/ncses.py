"""NCSES country pairs (dataset ``ncses``): coauthored articles, collaboration index, AI network.

NCSES *Science and Engineering Indicators*: internationally coauthored articles and the index
of collaboration by country pair in benchmark years, the AI coauthorship matrix 2003-22 and the
AI collaboration network. The functions here take the loaded tables as arguments and never
load; :mod:`analysis.topics.bilateral.load` loads and delegates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.topics import compare
from analysis.topics.bilateral.copub import PROVENANCE, ranking
from analysis.topics.text import count, for_title, join, name, percent, times

NCSES_COUNT = "intl_coauthored_articles"
NCSES_INDEX = "intl_collaboration_index"
NCSES_TOTAL = "se_articles_intl_coauthored"
AI_COUNT = "ai_coauthored_articles_2003_22"
AI_INDEX = "ai_collaboration_index_2003_22"
AI_NETWORK_STRENGTH = "ai_collab_network_strength_2003_22"
AI_NETWORK_DEGREE = "ai_collab_network_degree_2003_22"
AI_NETWORK_LINK = 400
"""SEI 2024 SPBS-93 README: a link needs at least 400 co-written AI papers."""
PAIR_INDICATORS = (NCSES_COUNT, NCSES_INDEX, AI_COUNT, AI_INDEX)
"""The pair indicators :func:`ncses_pairs_from` ranks."""

INDICATOR_LABELS = {
    NCSES_COUNT: "coauthored articles",
    NCSES_INDEX: "index of collaboration",
    AI_COUNT: "AI articles",
    AI_INDEX: "AI index of collaboration",
}


def ncses_pairs_from(countries: Sequence[str], *, table: pd.DataFrame) -> pd.DataFrame:
    """Return NCSES pair counts and indexes of every partner of the parameter countries.

    Args:
        countries: ISO3 codes.
        table: ``ncses`` rows (rows of other countries, other indicators and rows without a
            partner are left out).

    Returns:
        Tidy rows of ``intl_coauthored_articles``, ``intl_collaboration_index``,
        ``ai_coauthored_articles_2003_22`` and ``ai_collaboration_index_2003_22`` with
        ``iso3`` a parameter country, plus ``partner_rank`` within each indicator, vintage and
        year (1 = highest value) and ``n_partners`` (partners with a value).
    """
    keep = table["iso3"].isin(list(countries)) & table["indicator"].isin(PAIR_INDICATORS)
    table = table[keep].reset_index(drop=True)
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


def _pair_row(
    group: pd.DataFrame, totals: pd.DataFrame, countries: Sequence[str], vintage: str, year: int
) -> dict[str, object] | None:
    """One row of :func:`ncses_pair_table_from`: one edition and benchmark year."""
    focus, partner = compare.focus_partner(countries)

    def cell(indicator: str, a: str, b: str) -> pd.Series | None:
        hit = group[
            (group["indicator"] == indicator) & (group["iso3"] == a) & (group["partner_iso3"] == b)
        ]
        return hit.iloc[0] if not hit.empty else None

    count_row = cell(NCSES_COUNT, focus, partner)
    index_row = cell(NCSES_INDEX, focus, partner)
    if count_row is None and index_row is None:
        return None
    row: dict[str, object] = {"vintage": vintage, "year": int(year)}
    row["articles"] = count_row["value"] if count_row is not None else np.nan
    for a in (focus, partner):
        total = totals[
            (totals["iso3"] == a) & (totals["vintage"] == vintage) & (totals["year"] == year)
        ]
        row[f"% of {name(a)}'s intl. articles"] = (
            row["articles"] / total["value"].iloc[0] * 100 if not total.empty else np.nan
        )
    row["index"] = index_row["value"] if index_row is not None else np.nan
    for label, indicator in (("articles", NCSES_COUNT), ("index", NCSES_INDEX)):
        for a, b in ((focus, partner), (partner, focus)):
            hit = cell(indicator, a, b)
            row[f"{name(b)}'s rank among {name(a)}'s partners, {label}"] = (
                f"{hit['partner_rank']}/{hit['n_partners']}" if hit is not None else "n/a"
            )
    return row


def ncses_pair_table_from(
    pairs: pd.DataFrame, countries: Sequence[str], *, totals: pd.DataFrame
) -> pd.DataFrame:
    """Summarise the focus-partner pair in every NCSES edition and benchmark year.

    Args:
        pairs: Output of :func:`ncses_pairs_from`.
        countries: ISO3 codes, focus first, partner second.
        totals: Rows of ``se_articles_intl_coauthored`` (each country's internationally
            coauthored articles) for the focus and the partner.

    Returns:
        One row per vintage and year: articles, the share of each side's internationally
        coauthored articles, the index of collaboration, and each side's rank among the other's
        partners (by articles and by index), as ``rank/n`` text.
    """
    totals = totals[totals["indicator"] == NCSES_TOTAL]
    rows = []
    sub = pairs[pairs["indicator"].isin([NCSES_COUNT, NCSES_INDEX])]
    for (vintage, year), group in sub.groupby(["vintage", "year"], sort=True):
        row = _pair_row(group, totals, countries, vintage, year)
        if row is not None:
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
    return join(name(c) for c in series.index[:n])


def _not_covered(pairs: pd.DataFrame, focus: str, partner: str) -> str:
    covered = sorted(set(pairs["iso3"]) if not pairs.empty else set())
    missing = [c for c in (focus, partner) if c not in covered]
    why = (
        f"{join(name(c) for c in missing)} {'is' if len(missing) == 1 else 'are'} not in "
        "the NCSES pair tables (countries with less than 1% of internationally coauthored "
        "articles are omitted)"
        if missing
        else "the pair has no value in the NCSES pair tables"
    )
    return f"No NCSES country-pair data for {name(focus)} and {name(partner)}: {why}."


def _edition_line(
    pairs: pd.DataFrame, group: pd.DataFrame, vintage: str, focus: str, partner: str
) -> str:
    group = group.sort_values("year")
    first, last = group.iloc[0], group.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    a_share = f"% of {name(focus)}'s intl. articles"
    b_share = f"% of {name(partner)}'s intl. articles"
    rank_now = last[f"{name(partner)}'s rank among {name(focus)}'s partners, articles"]
    rank_then = first[f"{name(partner)}'s rank among {name(focus)}'s partners, articles"]
    back = last[f"{name(focus)}'s rank among {name(partner)}'s partners, articles"]
    idx_rank = last[f"{name(partner)}'s rank among {name(focus)}'s partners, index"]
    index = last["index"]
    verdict = (
        ("more joint articles than" if index > 1 else "fewer joint articles than")
        if pd.notna(index)
        else "no index for"
    )
    return (
        f"- {vintage}: {count(first['articles'])} articles in {y0}, "
        f"{count(last['articles'])} in {y1} ({times(last['articles'] / first['articles'])});"
        f" in {y1} that is {percent(last[a_share])} of {name(focus)}'s and "
        f"{percent(last[b_share])} of {name(partner)}'s internationally coauthored articles. "
        f"{name(partner)} ranks {rank_now} among {name(focus)}'s partners "
        f"({rank_then} in {y0}; leaders in {y1}: "
        f"{_leaders(pairs, NCSES_COUNT, focus, vintage, y1)}), {name(focus)} {back} among "
        f"{name(partner)}'s. Index of collaboration {first['index']:.2f} in {y0}, "
        f"{index:.2f} in {y1} ({verdict} the two countries' overall international "
        f"collaboration predicts; {name(partner)} ranks {idx_rank} among {name(focus)}'s "
        "partners by index)."
    )


def ncses_sentence(pairs: pd.DataFrame, table: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say, per SEI edition, what the pair's articles, shares, index and ranks were.

    Args:
        pairs: Output of :func:`ncses_pairs_from`.
        table: Output of :func:`ncses_pair_table_from`.
        countries: ISO3 codes, focus first, partner second.
    """
    focus, partner = compare.focus_partner(countries)
    if table.empty:
        return _not_covered(pairs, focus, partner)
    lines = [
        _edition_line(pairs, group, vintage, focus, partner)
        for vintage, group in table.groupby("vintage", sort=True)
    ]
    lines.append(
        "- Ranks are rank/N among the N countries of the NCSES pair table (those with at least "
        "1% of internationally coauthored articles). The SEI 2020 and SEI 2024 editions are "
        "different Scopus extractions: compare years within one edition only."
    )
    return "\n".join(lines)


def ai_network_from(countries: Sequence[str], *, table: pd.DataFrame) -> pd.DataFrame:
    """Return the SEI AI collaboration network measures of the parameter countries.

    Args:
        countries: ISO3 codes.
        table: ``ncses`` rows (other countries and indicators are left out).

    Returns:
        Columns iso3, country, indicator, value, rank, n_countries, source, vintage.
    """
    keep = table["iso3"].isin(list(countries))
    table = table[keep & table["indicator"].str.startswith("ai_collab_network_")]
    return table[["iso3", "country", "indicator", "value", "rank", "n_countries", *PROVENANCE]]


def _ai_pair_line(pairs: pd.DataFrame, focus: str, partner: str) -> str:
    count_rows = pairs[
        (pairs["indicator"] == AI_COUNT)
        & (pairs["iso3"] == focus)
        & (pairs["partner_iso3"] == partner)
    ]
    index = pairs[
        (pairs["indicator"] == AI_INDEX)
        & (pairs["iso3"] == focus)
        & (pairs["partner_iso3"] == partner)
    ]
    if count_rows.empty:
        return (
            f"- The SEI 2024 AI coauthorship matrix (2003-22) has no value for {name(focus)} "
            f"and {name(partner)} (it covers the top AI-producing countries only)."
        )
    vintage = str(count_rows["vintage"].iloc[0])
    year = int(count_rows["year"].iloc[0])
    idx = float(index["value"].iloc[0]) if not index.empty else float("nan")
    return (
        f"- AI articles 2003-22 ({vintage}): {name(focus)} and {name(partner)} co-wrote "
        f"{count(count_rows['value'].iloc[0])}. By that count {name(partner)} ranks "
        f"{_rank_text(pairs, AI_COUNT, focus, partner)} among {name(focus)}'s AI partners "
        f"(leaders: {_leaders(pairs, AI_COUNT, focus, vintage, year)}) and {name(focus)} "
        f"{_rank_text(pairs, AI_COUNT, partner, focus)} among {name(partner)}'s (leaders: "
        f"{_leaders(pairs, AI_COUNT, partner, vintage, year)}). Index of collaboration "
        f"{idx:.2f}: {name(partner)} ranks {_rank_text(pairs, AI_INDEX, focus, partner)} "
        f"among {name(focus)}'s partners by index, {name(focus)} "
        f"{_rank_text(pairs, AI_INDEX, partner, focus)} among {name(partner)}'s."
    )


def _ai_network_line(pairs: pd.DataFrame, network: pd.DataFrame, a: str, listed: int) -> str:
    strength = network[network["indicator"] == AI_NETWORK_STRENGTH]
    row = strength[strength["iso3"] == a]
    if not row.empty:
        r = row.iloc[0]
        degree = network[(network["indicator"] == AI_NETWORK_DEGREE) & (network["iso3"] == a)]
        deg = f", linked to {int(degree['value'].iloc[0])} countries" if not degree.empty else ""
        return (
            f"- AI collaboration network (computed for the top {int(r['n_countries'])} AI "
            f"producers): {name(a)} ranks {int(r['rank'])} by strength "
            f"({count(r['value'])} co-written papers with linked partners{deg})."
        )
    own = pairs[(pairs["indicator"] == AI_COUNT) & (pairs["iso3"] == a)]
    if own.empty:
        return f"- {name(a)} is not in the SEI AI network table."
    top = own.sort_values("value", ascending=False).iloc[0]
    reason = (
        f": a link needs at least {AI_NETWORK_LINK} co-written AI papers and its largest "
        f"partner count is {count(top['value'])} ({name(top['partner_iso3'])})"
        if top["value"] < AI_NETWORK_LINK
        else ""
    )
    return (
        f"- {name(a)} is not among the {listed} countries of the SEI AI collaboration "
        f"network table{reason}."
    )


def ai_sentence_from(
    pairs: pd.DataFrame, network: pd.DataFrame, countries: Sequence[str], *, listed: int
) -> str:
    """Say how many AI articles the pair co-wrote in 2003-22, the index and the ranks.

    Args:
        pairs: Output of :func:`ncses_pairs_from`.
        network: Output of :func:`ai_network_from`.
        countries: ISO3 codes, focus first, partner second.
        listed: How many countries the SEI AI collaboration network table lists (its rows of
            ``ai_collab_network_strength_2003_22``).
    """
    focus, partner = compare.focus_partner(countries)
    lines = [_ai_pair_line(pairs, focus, partner)]
    lines += [_ai_network_line(pairs, network, a, listed) for a in (focus, partner)]
    return "\n".join(lines)


def ncses_rankings(
    pairs: pd.DataFrame, countries: Sequence[str], indicator: str
) -> dict[str, pd.Series]:
    """Return the focus's and the partner's partners under one indicator, newest edition.

    Args:
        pairs: Output of :func:`ncses_pairs_from`.
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
            out[f"{name(iso3)}'s partners: {label}"] = pd.Series(dtype=float)
            continue
        vintage, year = edition
        out[f"{name(iso3)}'s partners: {label}"] = ncses_ranking(
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


@for_title
def ncses_headline(pairs: pd.DataFrame, countries: Sequence[str], ai: bool = False) -> str:
    """Return a figure title: the partner's rank among the focus's partners by count and index."""
    focus, partner = compare.focus_partner(countries)
    count_ind, index_ind = (AI_COUNT, AI_INDEX) if ai else (NCSES_COUNT, NCSES_INDEX)
    edition = latest_edition(pairs, count_ind)
    what = "AI articles 2003-22" if ai else "coauthored articles"
    if edition is None:
        return f"NCSES {what}: no pair data for {name(focus)} and {name(partner)}"
    vintage, year = edition
    by_count = _rank_text(pairs, count_ind, focus, partner, edition)
    by_index = _rank_text(pairs, index_ind, focus, partner, edition)
    if not by_count:
        return f"NCSES {what}: no value for {name(focus)} and {name(partner)}"
    when = f" ({vintage})" if ai else f" in {year} ({vintage})"
    return (
        f"{name(partner)} is {name(focus)}'s partner {by_count} by {what}{when}, "
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
