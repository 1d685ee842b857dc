"""The loading layer of :mod:`analysis.topics.rd`: the only module of the topic that reads data.

Each function takes countries and years, reads the processed datasets (or, for
:func:`researcher_breaks`, the metadata's declared breaks in series) and, where there is
something to compute, hands the rows to :mod:`analysis.topics.rd.measures` (``spending`` →
``spending_from``); the package re-exports these entry points under the same names.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.marks import SeriesMark, series_marks
from analysis.data.processed import load
from analysis.topics.rd.measures import (
    SPENDING_INDICATORS,
    hightech_exports_from,
    researchers_from,
    spending_from,
)


def spending(countries: Sequence[str] | None, years: tuple[int, int]) -> pd.DataFrame:
    """Load WDI R&D % of GDP and GDP for ``countries`` (None: every country) and ``years``.

    Returns:
        :func:`spending_from` of those rows.
    """
    return spending_from(load("wdi", countries, years, indicators=SPENDING_INDICATORS))


def vintages(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return R&D % of GDP in every WDI vintage held (tidy rows; ``vintage`` tells them apart)."""
    return load("wdi", countries, years, indicators=["rd_expenditure_pct_gdp"])


def researchers(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load WDI researchers per million and population; return :func:`researchers_from`."""
    return researchers_from(
        load("wdi", countries, years, indicators=["researchers_per_million", "population"])
    )


def hightech_exports(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load high-technology exports (share and US$); return :func:`hightech_exports_from`."""
    return hightech_exports_from(
        load("wdi", countries, years, indicators=["hightech_exports_pct_manufactured"]),
        load("wdi_extracts", countries, years, indicators=["hightech_exports_usd"]),
    )


def ncses_gerd(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load NCSES's GERD in PPP dollars (tidy rows, every SEI edition held)."""
    return load("ncses_gerd", countries, years, indicators=["gerd_ppp_usd"])


def researcher_breaks(countries: Sequence[str], years: tuple[int, int]) -> list[SeriesMark]:
    """Return the declared breaks in the researcher series inside these countries and years.

    China's 2009 switch to the OECD Frascati definition is one (see the ``breaks`` of
    ``researchers_per_million`` in ``src/analysis/data/metadata/wdi.meta.yaml``).
    """
    return series_marks("wdi", ["researchers_per_million"], countries, years)
