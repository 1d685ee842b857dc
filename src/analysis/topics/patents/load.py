"""The loading layer of :mod:`analysis.topics.patents`: the only module of the topic that reads data.

:func:`panel` reads WDI resident, WDI-extract non-resident and WIPO by-origin applications and
hands them to :func:`analysis.topics.patents.measures.panel_from`; :func:`population` reads the
denominator of ``intensity``. The package re-exports both under the same names.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.processed import load
from analysis.topics.patents.measures import panel_from


def panel(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load the applications of ``countries`` in ``years`` and return :func:`panel_from` of them.

    The thin loading layer: reads WDI resident, WDI-extract non-resident and WIPO by-origin
    applications from the processed datasets.
    """
    return panel_from(
        load("wdi", countries, years, indicators=["patent_applications_resident"]),
        load("wdi_extracts", countries, years, indicators=["patent_applications_nonresident"]),
        load("wipo", countries, years, indicators=["patent_applications_by_origin"]),
    )


def population(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load WDI population (tidy rows), the denominator of :func:`intensity`."""
    return load("wdi", countries, years, indicators=["population"])
