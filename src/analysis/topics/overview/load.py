"""The loading layer of :mod:`analysis.topics.overview`: the only module of the topic that reads data.

:data:`INDICATORS` names, per indicator of the profile, the loader of its tidy table (read here
or through the other topics' loaders: ``rd.spending``, ``patents.panel``,
``bilateral.hightech_trade``); :func:`tables` reads them all and :func:`breaks` the declared
breaks in series; :func:`profile` hands both to :func:`.asymmetry.profile_table`, and
:func:`summary` reads the AI ranks :func:`.asymmetry.summary_text` words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analysis.data.marks import SeriesMark, series_marks
from analysis.data.processed import load
from analysis.topics import ai, bilateral, compare, patents, rd
from analysis.topics.overview.asymmetry import (
    COLUMNS,
    DECLARED_BY,
    TRADE_LABEL,
    Years,
    profile_table,
    summary_text,
    trade_to_each_other,
)


def _indicator(
    dataset: str, indicator: str, category: str | None = None
) -> Callable[[Sequence[str], Years], pd.DataFrame]:
    def get(countries: Sequence[str], years: Years) -> pd.DataFrame:
        table = load(dataset, countries, years, indicators=[indicator])
        if category is not None:
            table = table[table["category"] == category]
        return rd.latest_vintage(table)[COLUMNS]

    return get


def _measure(
    func: Callable[[Sequence[str], Years], pd.DataFrame], measure: str
) -> Callable[[Sequence[str], Years], pd.DataFrame]:
    def get(countries: Sequence[str], years: Years) -> pd.DataFrame:
        table = func(countries, years)
        return table[table["measure"] == measure][COLUMNS]

    return get


def _patents(definition: str) -> Callable[[Sequence[str], Years], pd.DataFrame]:
    def get(countries: Sequence[str], years: Years) -> pd.DataFrame:
        table = patents.panel(countries, years)
        return table[table["definition"] == definition][COLUMNS]

    return get


INDICATORS: dict[str, Callable[[Sequence[str], Years], pd.DataFrame]] = {
    "GDP at PPP": _indicator("wdi", "gdp_ppp_usd"),
    "GDP at market rates": _indicator("wdi", "gdp_usd"),
    "R&D spending at PPP": _measure(rd.spending, "usd_ppp"),
    "Researchers": _measure(rd.researchers, "total"),
    "S&T journal articles": _indicator("wdi", "journal_articles"),
    "Mathematics articles": _indicator(
        "ncses_fields", "se_articles_fractional", "Mathematics and statistics"
    ),
    "Patent applications, resident": _patents("resident"),
    "Patent applications, by origin": _patents("by_origin"),
    "AI publications": _indicator("owid", "ai_publications"),
    "AI patent applications": _indicator("owid", "ai_patent_applications_by_office"),
    "Private AI investment": _indicator("owid", "ai_private_investment_usd"),
    "High-tech exports": _indicator("wdi_extracts", "hightech_exports_usd"),
}
"""Label -> loader of a tidy table (iso3, year, value, source, vintage) for the countries."""


def tables(countries: Sequence[str], years: Years) -> dict[str, pd.DataFrame]:
    """Load every indicator of the profile: label -> tidy table (iso3, year, value, provenance).

    Reads the processed tables (through :data:`INDICATORS` and
    :func:`bilateral.hightech_trade`); :func:`.asymmetry.profile_table` computes from its result.
    """
    out = {label: loader(countries, years) for label, loader in INDICATORS.items()}
    focus, partner = compare.focus_partner(countries)
    out[TRADE_LABEL] = trade_to_each_other(
        focus,
        partner,
        sold=bilateral.hightech_trade(partner, focus, years),
        bought=bilateral.hightech_trade(focus, partner, years),
    )
    return out


def breaks(countries: Sequence[str], years: Years) -> dict[str, list[SeriesMark]]:
    """Return each indicator's declared breaks in series for these countries and years."""
    found = {
        label: [m for m in series_marks(dataset, indicators, countries, years) if m.kind == "break"]
        for label, (dataset, indicators) in DECLARED_BY.items()
    }
    return {label: marks for label, marks in found.items() if marks}


def profile(countries: Sequence[str], years: Years) -> pd.DataFrame:
    """Load the indicators and their breaks; return :func:`.asymmetry.profile_table` of them."""
    return profile_table(tables(countries, years), countries, breaks(countries, years))


def summary(table: pd.DataFrame, countries: Sequence[str]) -> str:
    """Load the focus's and partner's AI ranks; return :func:`.asymmetry.summary_text`."""
    return summary_text(table, countries, ai.ai_ranks(countries[:2]))
