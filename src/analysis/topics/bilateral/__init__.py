"""Bilateral ties between the focus country and its partner: co-authorship, investment, trade.

One module per source, each taking the notebook's country list (focus first, partner second,
comparators after) and working for any list:

* :mod:`.copub`: OpenAlex co-authorship networks (dataset ``copub``): works co-authored by two
  countries per year (whole counts), each country's internationally co-authored works, partner
  ranks.
* :mod:`.ncses`: NCSES *Science and Engineering Indicators* (``ncses``): internationally
  coauthored articles and the index of collaboration by country pair in benchmark years, the AI
  coauthorship matrix 2003-22 and the AI collaboration network.
* :mod:`.cgit`: AEI China Global Investment Tracker (``cgit``): Chinese outward deals of
  US$100m or more.
* :mod:`.trade`: BACI bilateral trade (``trade``): both directions of one country pair, HS
  6-digit products, with a UN Comtrade cross-check.
* :mod:`.fdi`: UNCTAD FDI inflows (``fdi``): each economy's total inflows, not bilateral.

The source modules compute tables and write sentences from the tables they are given and never
load; :mod:`.load` is the thin layer that loads the processed rows and delegates. This package
re-exports the notebook API: ``bilateral.<function>`` with the signatures the notebooks use
(the loading versions from :mod:`.load`, the others straight from their source module).

A section whose source does not cover the parameter countries returns empty tables and a
sentence that says the section does not apply; it never fails.
"""

from __future__ import annotations

from analysis.topics.bilateral import anomalies, cgit, copub, fdi, load, ncses, trade
from analysis.topics.bilateral.cgit import (
    CGIT_MEASURES,
    CGIT_THRESHOLD,
    TECHNOLOGY,
    provenance_rows,
)
from analysis.topics.bilateral.copub import (
    COPUB_PAIR,
    COPUB_PARTNERS,
    COPUB_TOTAL,
    PROVENANCE,
    coauthorship,
    coauthorship_headline,
    coauthorship_sentence,
    growth_headline,
    partner_ranks,
    ranking,
    symmetric_pairs,
)
from analysis.topics.bilateral.fdi import FDI_INFLOWS, fdi_headline, fdi_sentence
from analysis.topics.bilateral.load import (
    ai_network,
    ai_sentence,
    annual,
    cgit_destinations,
    cgit_headline,
    cgit_not_applicable,
    cgit_sentence,
    cgit_span,
    chapter_headline,
    chinese_deals,
    copub_marks,
    copub_pairs,
    copub_totals,
    fdi_inflows,
    final_year_check,
    hightech_trade,
    journal_articles,
    last_complete_year,
    ncses_pair_table,
    ncses_pairs,
    partner_outliers,
    sector_shares,
    snapshot_final_year,
    technology_headline,
    trade_flows,
    trade_headline,
    trade_not_applicable,
    trade_pair,
    trade_sentence,
)
from analysis.topics.bilateral.ncses import (
    AI_COUNT,
    AI_INDEX,
    AI_NETWORK_DEGREE,
    AI_NETWORK_LINK,
    AI_NETWORK_STRENGTH,
    INDICATOR_LABELS,
    NCSES_COUNT,
    NCSES_INDEX,
    NCSES_TOTAL,
    ai_network_table,
    latest_edition,
    ncses_headline,
    ncses_plotted,
    ncses_ranking,
    ncses_rankings,
    ncses_sentence,
)
from analysis.topics.bilateral.trade import (
    BACI_VALUE,
    COMTRADE_IMPORTS,
    HIGH_TECH_CHAPTERS,
    HS_CHAPTERS,
    chapter_label,
    chapter_shares,
    latest_trade_year,
    trade_summary,
)

__all__ = [
    "anomalies",
    "journal_articles",
    "partner_outliers",
    "AI_COUNT",
    "AI_INDEX",
    "AI_NETWORK_DEGREE",
    "AI_NETWORK_LINK",
    "AI_NETWORK_STRENGTH",
    "BACI_VALUE",
    "CGIT_MEASURES",
    "CGIT_THRESHOLD",
    "COMTRADE_IMPORTS",
    "COPUB_PAIR",
    "COPUB_PARTNERS",
    "COPUB_TOTAL",
    "FDI_INFLOWS",
    "HIGH_TECH_CHAPTERS",
    "HS_CHAPTERS",
    "INDICATOR_LABELS",
    "NCSES_COUNT",
    "NCSES_INDEX",
    "NCSES_TOTAL",
    "PROVENANCE",
    "TECHNOLOGY",
    "ai_network",
    "ai_network_table",
    "ai_sentence",
    "annual",
    "load",
    "cgit",
    "cgit_destinations",
    "cgit_headline",
    "cgit_not_applicable",
    "cgit_sentence",
    "cgit_span",
    "chapter_headline",
    "chapter_label",
    "chapter_shares",
    "chinese_deals",
    "coauthorship",
    "coauthorship_headline",
    "coauthorship_sentence",
    "copub",
    "copub_marks",
    "copub_pairs",
    "copub_totals",
    "fdi",
    "fdi_headline",
    "fdi_inflows",
    "fdi_sentence",
    "final_year_check",
    "growth_headline",
    "hightech_trade",
    "last_complete_year",
    "latest_edition",
    "latest_trade_year",
    "ncses",
    "ncses_headline",
    "ncses_pair_table",
    "ncses_pairs",
    "ncses_plotted",
    "ncses_ranking",
    "ncses_rankings",
    "ncses_sentence",
    "partner_ranks",
    "provenance_rows",
    "ranking",
    "sector_shares",
    "snapshot_final_year",
    "symmetric_pairs",
    "technology_headline",
    "trade",
    "trade_flows",
    "trade_headline",
    "trade_not_applicable",
    "trade_pair",
    "trade_sentence",
    "trade_summary",
]
