"""The AI claims' quantities: ranks read as rank/N, rank gaps as percentage points, AI output.

Like :mod:`.quantities`, each function computes rows from the tables it is given and never loads.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import countries as names
from analysis.topics import compare
from analysis.topics.claims.quantities import row


def world_size(ranks: pd.DataFrame) -> int:
    """The largest number of countries any edition in ``ranks`` ranks: the "world" of a top-N claim."""
    return int(pd.to_numeric(ranks["n_countries"], errors="coerce").max())


def ai_rank(
    focus: str, partner: str | None, third: str | None, years: list[int], *, ranks: pd.DataFrame
) -> list[dict]:
    """The focus's rank in every AI index edition, read as a share of the countries ranked.

    A "top 60" claim is about the world's countries; an edition that ranks N countries is
    compared with it through the rank's share of N: the computed value is the rank scaled to
    the widest edition's N (W, :func:`world_size`), r ÷ N × W, so 32nd of 62 counts as about
    100th of 195, while 29th of 194 stays 29th. Each row is dated by the edition's publication
    year and keeps the published rank (``rank``) for the note on the rank as published.

    Args:
        focus: The focus country.
        partner: Not used.
        third: Not used.
        years: Not used (rows outside the reference period are judged as context).
        ranks: :func:`analysis.topics.ai.positions` rows (index, edition, year, iso3, rank,
            n_countries, source, vintage).
    """
    ranked = ranks[(ranks["iso3"] == focus) & ranks["rank"].notna()]
    if ranked.empty:
        return []
    world = world_size(ranks)
    rows = []
    for r in ranked.itertuples():
        rank, n = int(r.rank), int(r.n_countries)
        scaled = rank / n * world
        note = (
            f"rank {rank}/{n} (top {100 * rank / n:.0f}% of the ranked) = rank {scaled:.0f} "
            f"of {world}; edition {r.edition} published {r.year}"
        )
        if r.source == "oxford_gairi" and str(r.edition) == "2025":
            note += f"; {GAIRI_2025_RANK}"
        out = row(
            f"{r.index} {r.edition}",
            int(r.year),
            scaled,
            note,
            r.source,
            r.vintage,
        )
        out["rank"] = rank
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
        rows.append(
            row(f"{f['index']} {edition}", int(f["year"]), gap, note, f["source"], f["vintage"])
        )
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
            both = compare.wide(group, [focus, partner]).dropna()
            if both.empty or focus not in both or partner not in both:
                continue
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
    return rows
