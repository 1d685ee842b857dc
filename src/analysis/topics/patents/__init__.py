"""Patent applications under each definition, side by side.

No single number is "how many patents a country generates". WDI and WIPO count *applications*
(not grants), and a country's count depends on where and by whom:

* ``resident``: filed at the country's own office by its residents (WDI ``IP.PAT.RESD``);
* ``nonresident``: filed at the country's office by foreigners (WDI ``IP.PAT.NRES``);
* ``office_total``: everything the country's office received (resident + non-resident);
* ``by_origin``: filed by the country's residents at any office in the world (WIPO).

* :mod:`.load`: the only module that reads data (:func:`panel`, :func:`population`).
* :mod:`.measures`: every other function, computing from the tables it is given
  (:func:`panel_from` builds the panel from three tidy tables).

The package re-exports both under the names the notebooks use (``patents.panel``).
"""

from analysis.topics.patents import load, measures
from analysis.topics.patents.load import panel, population
from analysis.topics.patents.measures import (
    DEFINITIONS,
    SHORT,
    intensity,
    multiples_by_definition,
    panel_from,
    reference_sentence,
    wide_by_definition,
)

__all__ = [
    "DEFINITIONS",
    "SHORT",
    "intensity",
    "load",
    "measures",
    "multiples_by_definition",
    "panel",
    "panel_from",
    "population",
    "reference_sentence",
    "wide_by_definition",
]
