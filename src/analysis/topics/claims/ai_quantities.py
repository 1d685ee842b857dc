"""The AI claims' quantities: ranks read as rank/N, rank gaps as percentage points, AI output.

Like :mod:`.quantities`, each function computes rows from the tables it is given and never loads.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import countries as names
from analysis.topics import compare
from analysis.topics.claims.quantities import row

SELECTED_SETS = {"tortoise_gai": "Tortoise's {n} chosen AI leaders"}
"""Indices that rank a selected set of countries, not the world: source -> how the set is named."""


def coverage(source: str, n: int) -> str:
    """Name the countries an index edition ranks ("Tortoise's 62 chosen AI leaders")."""
    if source in SELECTED_SETS:
        return SELECTED_SETS[source].format(n=n)
    return f"the {n} countries it ranks (nearly every country)"


def ai_rank(
    focus: str, partner: str | None, third: str | None, years: list[int], *, ranks: pd.DataFrame
) -> list[dict]:
    """The focus's rank in every AI index edition as published, read among the set it ranks.

    A rank is a rank among the countries an index covers, and the set is named. An index that
    ranks nearly every country (GAIRI, IMF) gives a rank among the world; an index that ranks a
    selected set (Tortoise's 62 chosen AI leaders) gives a rank among that set. Its set is not a
    cross-section of the world: the countries left out were left out as less active in AI and
    would rank below, so the published rank is read as it is, never rescaled to ~195 countries
    (rescaling 32nd of 62 to ~100th of 195 would assume the unranked are spread like the ranked).
    Each row is dated by the edition's publication year and carries ``rank`` and ``n_ranked``.

    Args:
        focus: The focus country.
        partner: Not used.
        third: Not used.
        years: Not used (rows outside the reference period are judged as context).
        ranks: :func:`analysis.topics.ai.positions` rows (index, edition, year, iso3, rank,
            n_countries, source, vintage).
    """
    ranked = ranks[(ranks["iso3"] == focus) & ranks["rank"].notna()]
    rows = []
    for r in ranked.itertuples():
        rank, n = int(r.rank), int(r.n_countries)
        note = f"rank {rank} among {coverage(str(r.source), n)}"
        if r.source in SELECTED_SETS:
            note += " (a selected set: the countries left out would rank below, not rescaled)"
        note += f"; edition {r.edition} published {r.year}"
        if r.source == "oxford_gairi" and str(r.edition) == "2025":
            note += f"; {GAIRI_2025_RANK}"
        out = row(f"{r.index} {r.edition}", int(r.year), rank, note, r.source, r.vintage)
        out.update(rank=rank, n_ranked=n)
        rows.append(out)
    return rows


GAIRI_2025_RANK = (
    "the 2025 rank is the one in ai_readiness_index.csv: it matches Oxford Insights' own 2025 "
    "publication (Georgia 84th of 195 with the same six pillar scores), while the workbook "
    "panel's 2025 ranks do not (Georgia 87th) and are not used"
)
"""Why the GAIRI 2025 ranks come from ``ai_readiness_index.csv`` and not from the panel file."""


def ai_rank_gap(
    focus: str, partner: str, third: str | None, years: list[int], *, ranks: pd.DataFrame
) -> list[dict]:
    """How far ahead the partner ranks, in percentage points of the countries ranked.

    (focus rank − partner rank) ÷ N × 100 per edition: positive when the partner ranks ahead.
    Read as a share of N, gaps compare across editions that rank 62 or 194 countries.

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: Not used (rows outside the reference period are judged as context).
        ranks: :func:`analysis.topics.ai.positions` rows.
    """
    rows = []
    ranked = ranks[ranks["rank"].notna()]
    for (_, edition), group in ranked.groupby(["source", "edition"], sort=True):
        by = group.set_index("iso3")
        if focus not in by.index or partner not in by.index:
            continue
        f, p = by.loc[focus], by.loc[partner]
        n = int(f["n_countries"])
        gap = 100 * (int(f["rank"]) - int(p["rank"])) / n
        note = (
            f"{names.name(partner)} {int(p['rank'])}/{n} (top {100 * p['rank'] / n:.0f}%), "
            f"{names.name(focus)} {int(f['rank'])}/{n} (top {100 * f['rank'] / n:.0f}%); "
            f"edition {edition} published {int(f['year'])}"
        )
        out = row(f"{f['index']} {edition}", int(f["year"]), gap, note, f["source"], f["vintage"])
        out.update(rank=int(f["rank"]), n_ranked=n, partner_rank=int(p["rank"]))
        rows.append(out)
    return rows


AI_OUTPUT_LABELS = {
    "ai_articles": "AI articles (NCSES, Scopus)",
    "ai_publications": "AI publications (CSET)",
    "ai_publications_per_million": "AI publications per million people (CSET, older release)",
    "ai_patent_applications_by_office": "AI patent applications (CSET, by filing office)",
    "ai_patent_applications_by_office_per_million": (
        "AI patent applications per million people (CSET, by filing office)"
    ),
}
"""AI output series whose earliest years test "previously", with their labels."""

EARLIEST_YEARS = 3
"""How many of a series' earliest years (with both countries, inside the window) are judged."""


def ai_output_earliest(
    focus: str, partner: str, third: str | None, years: list[int], *, output: pd.DataFrame
) -> list[dict]:
    """Focus ÷ partner AI output in each series' earliest years, and its latest year for context.

    For every series of :data:`AI_OUTPUT_LABELS`, the first :data:`EARLIEST_YEARS` years with
    both countries inside ``years`` (the claim's "previously" window) are judged; the latest
    year with both is added as a context row (outside the window), to show the change since.

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period.
        output: Tidy rows of the :data:`AI_OUTPUT_LABELS` indicators (``owid`` and ``ncses``).
    """
    rows = []
    for indicator, label in AI_OUTPUT_LABELS.items():
        sub = output[output["indicator"] == indicator]
        for vintage, group in sub.groupby("vintage", sort=True):
            both = _both(group, focus, partner)
            inside = [int(y) for y in both.index if min(years) <= y <= max(years)]
            later = [int(both.index.max())] if int(both.index.max()) > max(years) else []
            for year in inside[:EARLIEST_YEARS] + later:
                f, p = both.loc[year, focus], both.loc[year, partner]
                rows.append(
                    row(
                        f"{label}, focus ÷ partner",
                        year,
                        f / p if p else None,
                        f"{f:,.0f} vs {p:,.0f}" if f >= 100 else f"{f:.1f} vs {p:.1f}",
                        "; ".join(sorted(set(group["source"]))),
                        str(vintage),
                    )
                )
    reached = [int(r["period"]) for r in rows if int(r["period"]) <= max(years)]
    if reached and min(reached) > min(years):
        first = min(reached)
        rows.insert(0, _before_the_data(min(years), first))
    return rows


def _before_the_data(start: int, first: int) -> dict:
    """The not-checkable row for the years of a "previously" no AI output series reaches."""
    return row(
        "every AI output series",
        f"{start}-{first - 1}",
        None,
        f"not checkable before {first}: the earliest AI output series start in {first} (NCSES AI "
        "articles; CSET from 2010 and 2015), while the claim's 'previously' reaches the 1990s and "
        "before, and is about expertise (who came to study whose developments), which no output "
        "count measures",
        uncovered=True,
    )


def _both(group: pd.DataFrame, focus: str, partner: str) -> pd.DataFrame:
    """Year × (focus, partner) of one series, years with both only (empty without both)."""
    both = compare.wide(group, [focus, partner]).dropna()
    if both.empty or focus not in both or partner not in both:
        return both.iloc[0:0]
    return both


def _source(group: pd.DataFrame) -> str:
    return "; ".join(sorted(set(group["source"])))


def ai_output_multiple(
    focus: str, partner: str, third: str | None, years: list[int], *, output: pd.DataFrame
) -> list[dict]:
    """Partner ÷ focus AI output, each year of the reference period, in every series.

    Args:
        focus: The focus country.
        partner: The compared country.
        third: Not used.
        years: The claim's reference period.
        output: Tidy rows of the :data:`AI_OUTPUT_LABELS` indicators.
    """
    rows = []
    for indicator, label in AI_OUTPUT_LABELS.items():
        sub = output[output["indicator"] == indicator]
        for vintage, group in sub.groupby("vintage", sort=True):
            both = _both(group, focus, partner)
            for year in [int(y) for y in both.index if min(years) <= y <= max(years)]:
                f, p = both.loc[year, focus], both.loc[year, partner]
                rows.append(
                    row(
                        f"{label}, partner ÷ focus",
                        year,
                        p / f if f else None,
                        f"{p:,.0f} vs {f:,.0f}" if f >= 100 else f"{p:.1f} vs {f:.1f}",
                        _source(group),
                        str(vintage),
                    )
                )
    return rows


def ai_output_growth(
    focus: str, partner: str | None, third: str | None, years: list[int], *, output: pd.DataFrame
) -> list[dict]:
    """The focus's AI output at the end ÷ the start of the reference period, in every series.

    A per-capita series is context (its growth is the count's growth divided by population
    growth, close to it for a country whose population barely changed); a series that does not
    cover both years gives no row.

    Args:
        focus: The focus country.
        partner: Not used.
        third: Not used.
        years: The claim's reference period (start and end year).
        output: Tidy rows of the :data:`AI_OUTPUT_LABELS` indicators.
    """
    start, end = min(years), max(years)
    rows = []
    for indicator, label in AI_OUTPUT_LABELS.items():
        sub = output[(output["indicator"] == indicator) & (output["iso3"] == focus)]
        for vintage, group in sub.groupby("vintage", sort=True):
            by = group.set_index("year")["value"]
            if start not in by.index or end not in by.index or not by[start]:
                continue
            per_capita = "per million" in label
            rows.append(
                row(
                    f"{label}, end ÷ start",
                    f"{start}-{end}",
                    by[end] / by[start],
                    f"{by[start]:,.1f} → {by[end]:,.1f}"
                    + ("; per person: context for a count claim" if per_capita else ""),
                    _source(group),
                    str(vintage),
                    context=per_capita,
                )
            )
    return rows


AI_PAIR_INDICATOR = "ai_coauthored_articles_2003_22"
"""NCSES AI co-authored articles of every country pair, 2003-22 as one period."""


def ai_pair_lead(
    focus: str, partner: str, third: str | None, years: list[int], *, pairs: pd.DataFrame
) -> list[dict]:
    """The pair's AI co-authored articles ÷ the next largest pair's (or the third's pair).

    Without a third country, the pair is set against the largest other pair of any two
    countries; with one, against the pair of the focus and the third. NCSES gives 2003-22 as one
    period, so a claim about single years judges this row as context.

    Args:
        focus: One side of the pair.
        partner: The other side.
        third: The other pair's partner of the focus, or None for the largest other pair.
        years: Not used (the row is dated 2003-2022).
        pairs: NCSES rows of :data:`AI_PAIR_INDICATOR` (``iso3``, ``partner_iso3``, ``value``).
    """
    table = pairs[pairs["indicator"] == AI_PAIR_INDICATOR].copy()
    if table.empty:
        return [row("NCSES AI co-authored articles", "2003-2022", None, "no NCSES AI pair data")]
    table["key"] = [frozenset(k) for k in zip(table["iso3"], table["partner_iso3"], strict=True)]
    works = table.drop_duplicates("key").set_index("key")["value"].astype(float)
    mine = frozenset((focus, partner))
    if mine not in works.index:
        return [row("NCSES AI co-authored articles", "2003-2022", None, "no articles of the pair")]
    if third:
        other = frozenset((focus, third))
        if other not in works.index:
            return [row("NCSES AI co-authored articles", "2003-2022", None, "no third pair")]
    else:
        other = works[[k != mine for k in works.index]].idxmax()
    a, b = (names.name(c) for c in sorted(mine))
    c, d = (names.name(x) for x in sorted(other))
    rank = int((works > works[mine]).sum()) + 1
    return [
        row(
            f"NCSES AI co-authored articles, {a}-{b} ÷ {c}-{d}",
            "2003-2022",
            works[mine] / works[other],
            f"{works[mine]:,.0f} vs {works[other]:,.0f} articles; the pair ranks #{rank} of "
            f"{len(works):,} pairs",
            _source(table),
            "; ".join(sorted(set(table["vintage"].astype(str)))),
        )
    ]
