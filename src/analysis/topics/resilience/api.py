"""The loading layer of the resilience section: read the processed rows and the events table.

The only module of :mod:`analysis.topics.resilience` that loads; every other module computes
from the tables it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from io import StringIO

import pandas as pd

from analysis.data.processed import load
from analysis.topics.bilateral import copub
from analysis.topics.resilience import events as ev

Years = tuple[int, int]


def copub_tables(sides: Sequence[str], years: Years) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Load the co-authorship pairs of ``sides`` (every partner), their totals, the final year.

    Returns:
        ``(pairs, totals, final_year)``: pair rows in both orders with ``iso3`` among ``sides``
        (:func:`analysis.topics.bilateral.copub.copub_pairs`), the rows of
        ``internationally_coauthored_works`` and ``coauthor_partner_countries`` of ``sides``,
        and the snapshot's final (likely incomplete) year.
    """
    table = load("copub", years=years, indicators=[copub.COPUB_PAIR])
    pairs = copub.copub_pairs(sides, years, table=table)
    totals = load("copub", list(sides), years, indicators=[copub.COPUB_TOTAL, copub.COPUB_PARTNERS])
    final = copub.snapshot_final_year(load("copub", indicators=[copub.COPUB_TOTAL]))
    return pairs, totals, final


def events() -> pd.DataFrame:
    """Read and check ``topics/events.csv`` (the essay's events, one citation per row)."""
    text = (resources.files("analysis.topics") / "events.csv").read_text(encoding="utf-8")
    table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    return ev.check_events(table, where="src/analysis/topics/events.csv")
