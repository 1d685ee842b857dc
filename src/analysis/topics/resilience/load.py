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
from analysis.topics import bilateral, patents, rd
from analysis.topics.resilience import events as ev

Years = tuple[int, int]


def copub_tables(sides: Sequence[str], years: Years) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Load the co-authorship pairs of ``sides`` (every partner), their totals, the final year.

    Returns:
        ``(pairs, totals, final_year)``: pair rows in both orders with ``iso3`` among ``sides``
        (:func:`analysis.topics.bilateral.copub.copub_pairs_from`), the rows of
        ``internationally_coauthored_works`` and ``coauthor_partner_countries`` of ``sides``,
        and the snapshot's final (likely incomplete) year.
    """
    return (
        bilateral.copub_pairs(sides, years),
        bilateral.copub_totals(list(sides), years),
        bilateral.snapshot_final_year(),
    )


def events() -> pd.DataFrame:
    """Read and check ``topics/events.csv`` (the essay's events, one citation per row)."""
    text = (resources.files("analysis.topics") / "events.csv").read_text(encoding="utf-8")
    table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    return ev.check_events(table, where="src/analysis/topics/events.csv")


def league_tables(year: int, lookback: int = 5) -> dict[str, pd.DataFrame]:
    """Load what :func:`analysis.topics.resilience.league.pair_league` needs for ``year``.

    Returns:
        ``{"pairs", "totals"}``: every pair's co-authored works and every country's
        internationally co-authored works in ``year``; and per asymmetry measure (see
        :data:`analysis.topics.resilience.league.MEASURES`) its tidy rows for the ``lookback``
        years up to ``year``: ``rd_ppp`` (R&D % of GDP × GDP at PPP, :func:`analysis.topics.rd.
        spending`), ``patents`` (applications by origin, :func:`analysis.topics.patents.
        panel_from`) and ``articles`` (WDI scientific and technical journal articles).
    """
    years = (year - lookback + 1, year)
    spend = rd.spending(None, years)
    articles = load("wdi", None, years, indicators=["journal_articles"])
    by_origin = load("wipo", None, years, indicators=["patent_applications_by_origin"])
    none = articles.iloc[0:0]  # no resident or non-resident rows: only "by origin" is compared
    panel = patents.panel_from(none, none, by_origin)
    return {
        "pairs": load("copub", years=(year, year), indicators=[bilateral.COPUB_PAIR]),
        "totals": load("copub", years=(year, year), indicators=[bilateral.COPUB_TOTAL]),
        "rd_ppp": spend[spend["measure"] == "usd_ppp"],
        "patents": panel[panel["definition"] == "by_origin"],
        "articles": articles,
    }


def ai_tables(countries: Sequence[str], years: Years) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load the NCSES pair rows (incl. AI 2003-22) and OWID/CSET AI publications by year.

    Returns:
        ``(npairs, owid)``: :func:`analysis.topics.bilateral.ncses_pairs` of ``countries`` and
        the ``ai_publications`` rows of ``countries`` in ``years``.
    """
    npairs = bilateral.ncses_pairs(countries)
    owid = load("owid", countries, years, indicators=["ai_publications"])
    return npairs, owid
