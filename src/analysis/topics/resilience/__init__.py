"""Resilience: did the partnership hold as other ties fell, and how lopsided is it among pairs?

* :mod:`.portfolio`: each side's main co-authoring partners over time (OpenAlex), shares and
  ranks, growth before and after break years, computed sentences.
* :mod:`.league`: closeness and asymmetry of the most co-authoring pairs, percentiles.
* :mod:`.trade`: bilateral trade through the breaks (BACI, one pair only).
* :mod:`.ai`: AI co-authorship 2003-22 (NCSES) and AI publications by year (OWID/CSET).
* :mod:`.events`: the essay's events (``topics/events.csv``) for the time axis.
* :mod:`.load`: the only module that loads.

The figures are drawn by :mod:`analysis.viz.timeline` and :mod:`analysis.viz.scatter`.
"""

from __future__ import annotations

from analysis.topics.resilience import ai, events, league, load, portfolio, trade
from analysis.topics.resilience.ai import (
    AI_PROVISIONAL_NOTE,
    ai_multiple,
    ai_output_sentence,
    ai_output_table,
    ai_provisional,
    ai_rank_sentence,
)
from analysis.topics.resilience.events import (
    check_events,
    citations,
    events_for,
    in_years,
    relevant,
)
from analysis.topics.resilience.league import (
    MEASURES,
    find_pair,
    league_headline,
    league_sentence,
    missing_pairs,
    pair_league,
    panel_titles,
    percentile,
)
from analysis.topics.resilience.load import ai_tables, copub_tables, league_tables
from analysis.topics.resilience.load import events as load_events
from analysis.topics.resilience.portfolio import (
    WHOLE_COUNTS,
    break_growth,
    first_top_year,
    main_partners,
    partner_portfolio,
    portfolio_headline,
    rank_table,
    reference_window,
    resilience_sentence,
    top_partners,
    wide,
)
from analysis.topics.resilience.trade import composition_shift, trade_break_sentence

__all__ = [
    "ai",
    "AI_PROVISIONAL_NOTE",
    "ai_multiple",
    "ai_provisional",
    "ai_output_sentence",
    "ai_output_table",
    "ai_rank_sentence",
    "ai_tables",
    "composition_shift",
    "trade",
    "trade_break_sentence",
    "MEASURES",
    "find_pair",
    "league",
    "league_headline",
    "missing_pairs",
    "panel_titles",
    "league_sentence",
    "league_tables",
    "pair_league",
    "percentile",
    "WHOLE_COUNTS",
    "load",
    "break_growth",
    "check_events",
    "citations",
    "copub_tables",
    "events",
    "events_for",
    "first_top_year",
    "main_partners",
    "partner_portfolio",
    "rank_table",
    "relevant",
    "in_years",
    "load_events",
    "portfolio",
    "portfolio_headline",
    "reference_window",
    "resilience_sentence",
    "top_partners",
    "wide",
]
