"""The loading layer of the bilateral section: load the processed rows, then delegate.

This is the only module of :mod:`analysis.topics.bilateral` that calls
:func:`analysis.data.processed.load`. Each function keeps the name and signature the notebooks
use, loads the rows it needs and hands them to the pure function ``<name>_from`` of a source
module (:mod:`~analysis.topics.bilateral.copub`, :mod:`~analysis.topics.bilateral.ncses`,
:mod:`~analysis.topics.bilateral.cgit`, :mod:`~analysis.topics.bilateral.trade`,
:mod:`~analysis.topics.bilateral.fdi`, :mod:`~analysis.topics.bilateral.anomalies`), which
computes or writes from the tables it is given: ``load.annual`` loads, ``cgit.annual_from``
computes (``tests/house/test_loaders.py`` fails on a loader and a pure function of one name).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.marks import SeriesMark, series_marks
from analysis.data.processed import load
from analysis.topics.bilateral import anomalies, cgit, copub, fdi, ncses, trade

Years = tuple[int, int]

# --------------------------------------------------------------------------- co-authorship


def copub_pairs(countries: Sequence[str], years: Years) -> pd.DataFrame:
    """Load and return every co-authorship partner of each parameter country, per year.

    See :func:`analysis.topics.bilateral.copub.copub_pairs_from`.
    """
    table = load("copub", years=years, indicators=[copub.COPUB_PAIR])
    return copub.copub_pairs_from(countries, years, table=table)


def copub_totals(countries: Sequence[str] | None, years: Years) -> pd.DataFrame:
    """Load internationally co-authored works and partner counts per country and year.

    Args:
        countries: ISO3 codes to keep, or None for every country.
        years: ``(first, last)`` inclusive.
    """
    return load("copub", countries, years, indicators=[copub.COPUB_TOTAL, copub.COPUB_PARTNERS])


def journal_articles(years: Years) -> pd.DataFrame:
    """Load every country's scientific and technical journal articles (WDI) over ``years``."""
    return load("wdi", years=(years[0] - 3, years[1]), indicators=["journal_articles"])


def partner_outliers(iso3: str, years: Years) -> pd.DataFrame:
    """Load ``iso3``'s co-authorship and its partners' articles; return the flagged partner-years.

    See :func:`analysis.topics.bilateral.anomalies.partner_outliers_from`.
    """
    pairs = copub_pairs([iso3], (years[0] - anomalies.JUMP_YEARS, years[1]))
    found = anomalies.partner_outliers_from(pairs, journal_articles(years), iso3)
    return found[found["year"].between(*years)].reset_index(drop=True)


def copub_marks(countries: Sequence[str], years: Years) -> list[SeriesMark]:
    """Return the marks of the co-authorship series in this window: the snapshot's provisional year.

    Declared as ``provisional`` in ``src/analysis/data/metadata/copub.meta.yaml``.
    """
    return series_marks("copub", [copub.COPUB_PAIR, copub.COPUB_TOTAL], countries, years)


def _intl_totals() -> pd.DataFrame:
    """Every country's internationally co-authored works, every year of the snapshot."""
    return load("copub", indicators=[copub.COPUB_TOTAL])


def snapshot_final_year() -> int:
    """Return the last year of the OpenAlex snapshot (likely incomplete: late indexing)."""
    return copub.snapshot_final_year_from(_intl_totals())


def last_complete_year(years: Years) -> int:
    """Return the last year of the window that is not the snapshot's (likely incomplete) final year.

    See :func:`analysis.topics.bilateral.copub.last_complete_year_from`.
    """
    return copub.last_complete_year_from(years, snapshot_final_year())


def final_year_check(countries: Sequence[str], pairs: pd.DataFrame) -> dict[str, float | int]:
    """Compare the snapshot's final year with the year before, for the pair and the world.

    See :func:`analysis.topics.bilateral.copub.final_year_check_from`.
    """
    return copub.final_year_check_from(countries, pairs, _intl_totals())


# --------------------------------------------------------------------------- NCSES pairs


def ncses_pairs(countries: Sequence[str]) -> pd.DataFrame:
    """Load and rank the NCSES pair counts and indexes of every partner of the countries.

    See :func:`analysis.topics.bilateral.ncses.ncses_pairs_from`.
    """
    table = load("ncses", countries, indicators=list(ncses.PAIR_INDICATORS))
    return ncses.ncses_pairs_from(countries, table=table)


def ncses_pair_table(pairs: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Summarise the focus-partner pair in every NCSES edition and benchmark year.

    See :func:`analysis.topics.bilateral.ncses.ncses_pair_table_from`.
    """
    totals = load("ncses", countries[:2], indicators=[ncses.NCSES_TOTAL])
    return ncses.ncses_pair_table_from(pairs, countries, totals=totals)


def ai_network(countries: Sequence[str]) -> pd.DataFrame:
    """Load the SEI AI collaboration network measures of the parameter countries.

    See :func:`analysis.topics.bilateral.ncses.ai_network_from`.
    """
    return ncses.ai_network_from(countries, table=load("ncses", countries))


def ai_sentence(pairs: pd.DataFrame, network: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say how many AI articles the pair co-wrote in 2003-22, the index and the ranks.

    See :func:`analysis.topics.bilateral.ncses.ai_sentence_from`.
    """
    listed = len(load("ncses", indicators=[ncses.AI_NETWORK_STRENGTH]))
    return ncses.ai_sentence_from(pairs, network, countries, listed=listed)


# --------------------------------------------------------------------------- CGIT


def _tracker() -> pd.DataFrame:
    """The tracker's investment rows: every destination and year."""
    return load("cgit", indicators=[cgit.CGIT_MEASURES["investment"]])


def cgit_destinations(countries: Sequence[str]) -> list[str]:
    """Return the parameter countries the tracker covers as destinations (empty if no investor)."""
    return cgit.cgit_destinations_from(countries, tracker=_tracker())


def chinese_deals(countries: Sequence[str], years: Years) -> pd.DataFrame:
    """Load the tracker's deals into each destination among the parameter countries.

    See :func:`analysis.topics.bilateral.cgit.chinese_deals_from`.
    """
    table = load("cgit", indicators=list(cgit.CGIT_MEASURES.values()))
    return cgit.chinese_deals_from(countries, years, table=table)


def annual(
    deals: pd.DataFrame, measure: str, countries: Sequence[str], years: Years
) -> pd.DataFrame:
    """Return year x destination totals in US$ bn (deals: counts), zero where none were recorded.

    See :func:`analysis.topics.bilateral.cgit.annual_from`.
    """
    return cgit.annual_from(deals, measure, countries, years, tracker=_tracker())


def sector_shares(
    deals: pd.DataFrame, countries: Sequence[str], minimum: float = 0.0
) -> pd.DataFrame:
    """Return each destination's Chinese investment by sector, % of its total over the window.

    See :func:`analysis.topics.bilateral.cgit.sector_shares_from`.
    """
    return cgit.sector_shares_from(deals, countries, minimum, tracker=_tracker())


def cgit_not_applicable(countries: Sequence[str]) -> str:
    """Say that the tracker section does not apply to these countries, and why."""
    return cgit.cgit_not_applicable_from(countries, tracker=_tracker())


def cgit_headline(deals: pd.DataFrame, countries: Sequence[str], years: Years) -> str:
    """Return a figure title: Chinese investment into the subject country against the leader."""
    return cgit.cgit_headline_from(deals, countries, years, tracker=_tracker())


def cgit_sentence(deals: pd.DataFrame, countries: Sequence[str], years: Years) -> str:
    """Say how much Chinese investment the tracker records into each destination, and its sectors.

    See :func:`analysis.topics.bilateral.cgit.cgit_sentence_from`.
    """
    return cgit.cgit_sentence_from(deals, countries, years, tracker=_tracker())


def technology_headline(deals: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: the technology share of Chinese investment into each destination."""
    return cgit.technology_headline_from(deals, countries, tracker=_tracker())


def cgit_span(years: Years) -> str:
    """Return the years of the tracker inside the window, e.g. ``"2005-2023"``."""
    return cgit.cgit_span_from(years, tracker=_tracker())


# --------------------------------------------------------------------------- trade


def _trade() -> pd.DataFrame:
    """Every row of the trade extract: BACI flows of its pair and Comtrade declarations."""
    return load("trade")


def trade_pair() -> set[str]:
    """Return the two countries whose flows the BACI extract holds."""
    return trade.trade_pair_from(table=_trade())


def trade_flows(countries: Sequence[str], years: Years) -> pd.DataFrame:
    """Load BACI product rows between focus and partner, both directions, with ``chapter``.

    See :func:`analysis.topics.bilateral.trade.trade_flows_from`.
    """
    return trade.trade_flows_from(countries, years, table=_trade())


def hightech_trade(exporter: str, importer: str, years: Years) -> pd.DataFrame:
    """Return exports from ``exporter`` to ``importer`` in HS chapters 84, 85, 88, 90, by year.

    Values in US$ thousand; see :func:`analysis.topics.bilateral.trade.hightech_trade_from`.
    """
    table = load("trade", [exporter], years, indicators=[trade.BACI_VALUE])
    return trade.hightech_trade_from(exporter, importer, years, table=table)


def trade_not_applicable(countries: Sequence[str]) -> str:
    """Say that the trade section does not apply to this pair."""
    return trade.trade_not_applicable_from(countries, table=_trade())


def trade_headline(summary: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: each side's high-tech sales to the other in the latest year."""
    return trade.trade_headline_from(summary, countries, table=_trade())


def chapter_headline(shares: pd.DataFrame, countries: Sequence[str], year: int | None) -> str:
    """Return a figure title: each side's largest chapter in its sales to the other."""
    return trade.chapter_headline_from(shares, countries, year, table=_trade())


def trade_sentence(flows: pd.DataFrame, countries: Sequence[str], years: Years) -> str:
    """Say what each side sells the other, how much is high-tech, and how it changed.

    See :func:`analysis.topics.bilateral.trade.trade_sentence_from`.
    """
    return trade.trade_sentence_from(flows, countries, years, table=_trade())


# --------------------------------------------------------------------------- FDI


def fdi_inflows(countries: Sequence[str], years: Years) -> pd.DataFrame:
    """Load each parameter country's total FDI inflows (US$ bn; negative = disinvestment)."""
    table = load("fdi", countries, years, indicators=[fdi.FDI_INFLOWS])
    return fdi.fdi_inflows_from(countries, years, table=table)
