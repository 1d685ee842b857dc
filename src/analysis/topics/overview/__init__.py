"""The asymmetry profile: every indicator's partner/focus multiple in one picture.

For each indicator, the latest year in which the focus country and a comparator both have data
gives the multiple (comparator ÷ focus); the first such year from the base year on shows how the
multiple moved. The comparators are the partner and the third country of the parameter list.

* :mod:`.load`: the only module that reads data (:func:`tables`, :func:`breaks`, and
  :func:`profile`, which loads both and computes the profile; :func:`summary`, which loads the
  AI ranks and words the profile).
* :mod:`.asymmetry`: the profile table and its wording, computed from the tables given.

The package re-exports both under the names the notebooks use (``overview.profile``).
"""

from analysis.topics.overview import asymmetry, load
from analysis.topics.overview.asymmetry import (
    COLUMNS,
    DECLARED_BY,
    PROFILE_COLUMNS,
    TRADE_LABEL,
    Years,
    break_footer,
    headline,
    missing,
    profile_table,
    summary_text,
    trade_to_each_other,
)
from analysis.topics.overview.load import INDICATORS, breaks, profile, summary, tables

__all__ = [
    "COLUMNS",
    "DECLARED_BY",
    "INDICATORS",
    "PROFILE_COLUMNS",
    "TRADE_LABEL",
    "Years",
    "asymmetry",
    "break_footer",
    "breaks",
    "headline",
    "load",
    "missing",
    "profile",
    "profile_table",
    "summary",
    "summary_text",
    "tables",
    "trade_to_each_other",
]
