"""AI rankings and AI output: where each country stands in every index edition, and its output.

Rankings (dataset ``ai_rankings``): Oxford Insights' Government AI Readiness Index (editions
2019-2025), Tortoise Media's Global AI Index (2021, 2023) and the IMF's AI Preparedness Index
(2023). A rank is always reported with the number of countries ranked in that edition (N) and a
percentile:

    percentile = 100 × (number of countries ranked strictly below) / (N − 1)

that is, the share of the *other* ranked countries that the country beats: 100 = first, 0 =
last, ties share the same value. The number ranked below is counted from the full ranking of
the edition, so ties are handled exactly.

The Oxford 2025 rank is read from ``gairi_pillar_mean_score`` (whose *score* is a compiler's
mean of the six pillars, not Oxford's total, and is never used here); the panel's 2025
``gairi_score`` rows carry Oxford's total but no rank (see the ``oxford_gairi`` registry notes).

AI output (datasets ``owid``, ``ncses``, ``oecdai``): annual series (publications, patent
applications, private investment, Scopus AI articles) and two cross-sections that have no year
dimension worth the name (NCSES granted AI patents, a 2000-22 total; OECD.AI top-cited AI papers,
one unstated year, 2022 assumed).

Loading is kept out of computing: :mod:`.load` is the only module that reads data; its
:func:`positions`, :func:`ai_ranks`, :func:`pillar_profile` and :func:`output` hand the rows to
:func:`positions_from`, :func:`rank_rows`, :func:`pillar_profile_from` and :func:`output_from`
(in :mod:`.rankings`, :mod:`.pillars`, :mod:`.outputs`), which compute from the tables they
are given. The package re-exports both under the names the notebooks use.
"""

from __future__ import annotations

from analysis.topics.ai import load
from analysis.topics.ai.load import ai_ranks, output, pillar_profile, positions
from analysis.topics.ai.outputs import (
    MULTIPLE_FLOOR,
    MULTIPLE_GROUPS,
    OUTPUT_SERIES,
    PANEL_TITLES,
    PUBLICATION_SERIES,
    SHORT_LABELS,
    cross_section_headline,
    cross_section_multiples,
    cross_section_text,
    floor_multiples,
    floor_note,
    last_year_drops,
    multiple_panels,
    multiples_headline,
    output_from,
    output_panels,
    output_tables,
    partner_multiples,
    publication_headline,
    publication_sentence,
)
from analysis.topics.ai.pillars import (
    PILLAR_EDITION,
    PILLAR_INDICATOR,
    TOTAL_INDICATOR,
    pillar_headline,
    pillar_note,
    pillar_profile_from,
    pillar_wide,
    profile_countries,
)
from analysis.topics.ai.rankings import (
    INDEX_ORDER,
    METHOD_PASSAGES,
    RANK_INDEX_TITLES,
    RANK_INDICATORS,
    RANK_NOTES,
    TOP_BANDS,
    band,
    bump_headline,
    method_changes,
    position_table,
    positions_from,
    rank_rows,
    ranking_sentence,
)

__all__ = [
    "load",
    "INDEX_ORDER",
    "METHOD_PASSAGES",
    "MULTIPLE_FLOOR",
    "MULTIPLE_GROUPS",
    "OUTPUT_SERIES",
    "PANEL_TITLES",
    "PILLAR_EDITION",
    "PILLAR_INDICATOR",
    "PUBLICATION_SERIES",
    "RANK_INDEX_TITLES",
    "RANK_INDICATORS",
    "RANK_NOTES",
    "SHORT_LABELS",
    "TOP_BANDS",
    "TOTAL_INDICATOR",
    "ai_ranks",
    "band",
    "bump_headline",
    "cross_section_headline",
    "cross_section_multiples",
    "cross_section_text",
    "floor_multiples",
    "floor_note",
    "method_changes",
    "multiple_panels",
    "multiples_headline",
    "output",
    "output_from",
    "last_year_drops",
    "output_panels",
    "output_tables",
    "partner_multiples",
    "pillar_headline",
    "pillar_note",
    "pillar_profile",
    "pillar_profile_from",
    "pillar_wide",
    "position_table",
    "positions",
    "positions_from",
    "profile_countries",
    "publication_headline",
    "publication_sentence",
    "rank_rows",
    "ranking_sentence",
]
