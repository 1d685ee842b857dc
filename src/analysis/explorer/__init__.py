"""The explorer: pick countries, an indicator, its definition and years; see figure and sources.

:func:`explore` returns the ipywidgets interface (JupyterLab, or Voilà with ``make explore``);
:func:`analysis.explorer.core.view` is the same without widgets, for tests and scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.explorer.core import State, View, view

if TYPE_CHECKING:
    from analysis.explorer.app import Explorer

__all__ = ["State", "View", "explore", "view"]


def explore(
    countries: Sequence[str] = ("RUS", "CHN", "USA"),
    start_year: int = 2000,
    end_year: int = 2023,
    indicator: str = "",
    definition: str = "",
) -> Explorer:
    """Return the explorer, showing ``countries`` (focus, partner, comparators) over the years.

    Args:
        countries: ISO3 codes: focus first, then partner, then comparators (checked).
        start_year: First year shown (moved to the first year with data if earlier).
        end_year: Last year shown (moved to the last year with data if later).
        indicator: ``"dataset/indicator"`` to start with (default: R&D at PPP).
        definition: Its definition (default: the indicator's own).
    """
    from analysis.explorer.app import Explorer

    return Explorer(countries, start_year, end_year, indicator=indicator, definition=definition)
