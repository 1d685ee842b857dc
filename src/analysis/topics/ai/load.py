"""The loading layer of :mod:`analysis.topics.ai`: the only module of the topic that reads data.

Each function reads the processed rows of ``ai_rankings`` (or the AI output datasets) and hands
them to the pure function of :mod:`.rankings`, :mod:`.pillars` or :mod:`.outputs`; the package
re-exports these entry points under the same names (``ai.positions``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.processed import load
from analysis.topics.ai.outputs import OUTPUT_SERIES, output_from
from analysis.topics.ai.pillars import PILLAR_INDICATOR, TOTAL_INDICATOR, pillar_profile_from
from analysis.topics.ai.rankings import (
    RANK_INDEX_TITLES,
    RANK_INDICATORS,
    positions_from,
    rank_rows,
)


def positions(countries: Sequence[str]) -> pd.DataFrame:
    """Load the ranked AI-index rows and return :func:`.rankings.positions_from` them."""
    return positions_from(load("ai_rankings", indicators=list(RANK_INDICATORS)), countries)


def ai_ranks(countries: Sequence[str]) -> pd.DataFrame:
    """Load every edition's rank of each country (see :func:`.rankings.rank_rows`)."""
    table = load("ai_rankings", countries, indicators=list(RANK_INDEX_TITLES))
    return rank_rows(table, countries)


def pillar_profile(countries: Sequence[str]) -> pd.DataFrame:
    """Load the Tortoise pillar and total scores; return :func:`.pillars.pillar_profile_from`."""
    table = load("ai_rankings", indicators=[PILLAR_INDICATOR, TOTAL_INDICATOR])
    return pillar_profile_from(table, countries)


def output_rows(countries: Sequence[str]) -> list[pd.DataFrame]:
    """Load the :data:`.outputs.OUTPUT_SERIES` rows of ``countries``, one frame per dataset."""
    frames = []
    for dataset in dict.fromkeys(d for d, _, _ in OUTPUT_SERIES.values()):
        wanted = [i for i, (d, _, _) in OUTPUT_SERIES.items() if d == dataset]
        frames.append(load(dataset, countries, indicators=wanted))
    return frames


def output(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load every AI output series for ``countries``; return :func:`.outputs.output_from` them."""
    return output_from(output_rows(countries), years)
