"""R&D spending and researchers: % of GDP, dollars at market rates and at PPP, revisions.

Dollar values are derived, not read: R&D % of GDP (UNESCO UIS via WDI) × GDP, in current US$ at
market exchange rates (``usd_market``) or in current international $ at purchasing-power
parity (``usd_ppp``). PPP lifts countries with low price levels, Russia among them, so the
China/Russia gap is smaller at PPP than at market rates.

* :mod:`.load`: the only module that reads data. ``spending``, ``researchers``,
  ``hightech_exports``, ``vintages``, ``ncses_gerd`` and ``researcher_breaks`` (the declared
  breaks in series) take countries and years, read the
  processed datasets and (for the first three) hand the rows to ``spending_from``,
  ``researchers_from`` and ``hightech_exports_from``.
* :mod:`.measures`: every other function, computing from the tables it is given.

The package re-exports both under the names the notebooks use (``rd.spending``).
"""

from __future__ import annotations

from analysis.topics.rd import load, measures
from analysis.topics.rd.load import (
    hightech_exports,
    ncses_gerd,
    researcher_breaks,
    researchers,
    spending,
    vintages,
)
from analysis.topics.rd.measures import (
    MEASURES,
    MULTIPLE_LABELS,
    PER_RESEARCHER,
    SPENDING_INDICATORS,
    crosscheck_headline,
    growth,
    growth_marks,
    hightech_exports_from,
    index_base_year,
    latest_vintage,
    ncses_crosscheck,
    partner_multiples,
    per_researcher,
    reference_sentence,
    researchers_from,
    revision,
    revision_headline,
    spending_from,
    spending_index_title,
)

__all__ = [
    "MEASURES",
    "MULTIPLE_LABELS",
    "PER_RESEARCHER",
    "SPENDING_INDICATORS",
    "crosscheck_headline",
    "growth",
    "growth_marks",
    "hightech_exports",
    "hightech_exports_from",
    "index_base_year",
    "latest_vintage",
    "load",
    "measures",
    "ncses_crosscheck",
    "ncses_gerd",
    "partner_multiples",
    "per_researcher",
    "reference_sentence",
    "researcher_breaks",
    "researchers",
    "researchers_from",
    "revision",
    "revision_headline",
    "spending",
    "spending_from",
    "spending_index_title",
    "vintages",
]
