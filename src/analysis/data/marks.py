"""Marks a figure owes its reader: provisional years and breaks in a series' definition.

Both come from the dataset's metadata file (:mod:`analysis.data.metadata`), never from a
notebook: an indicator's ``breaks`` (a country whose series changes definition in a given year,
with a note and a citation) and a dataset's ``provisional`` final years (how many, and why).
The provisional years are counted back from the last year of the processed table (its provenance
sidecar), so a new snapshot that adds a year moves the mark with it.

:func:`series_marks` returns the marks that fall inside a window of countries and years; the
chart builders in :mod:`analysis.viz` draw them (a dashed segment and hollow points for
provisional years; a gap and a hollow diamond at a break) and explain them in the footer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from analysis.data import metadata, processed

MarkKind = Literal["provisional", "break"]


@dataclass(frozen=True)
class SeriesMark:
    """One mark to draw on a figure.

    Attributes:
        kind: ``"provisional"`` (the year is likely incomplete) or ``"break"`` (the series is
            defined differently from this year on).
        year: The provisional year, or the first year under the new definition.
        series: The plotted column it applies to (an ISO3 code); None for every series.
        note: Why, in words for a figure's footer.
        citation: Who documents it (a break's source; empty for a provisional year).
        label: How a figure names the series when the column name would mislead (a ratio line
            that inherits a country's break); empty: the column's own name.
    """

    kind: MarkKind
    year: int
    series: str | None
    note: str
    citation: str = ""
    label: str = ""

    def on(self, series: str, label: str | None = None) -> SeriesMark:
        """Return the same mark for another plotted column (e.g. a ratio built from this series).

        Args:
            series: The column it now applies to.
            label: How to name it there (default: keep the current label).
        """
        return replace(self, series=series, label=self.label if label is None else label)


def _final_year(dataset: str) -> int | None:
    years = processed.sidecar(dataset).get("years") or []
    return int(years[1]) if len(years) == 2 and years[1] is not None else None


def series_marks(
    dataset: str,
    indicators: Iterable[str],
    countries: Sequence[str],
    years: tuple[int, int],
) -> list[SeriesMark]:
    """Return the marks of ``indicators`` of ``dataset`` for these countries and years.

    A break is returned when its country is among ``countries`` and at least one year on each
    side of it lies inside ``years``; a provisional year when it lies inside ``years``.

    Args:
        dataset: A processed dataset (``"wdi"``, ``"copub"`` ...).
        indicators: The indicators plotted; each must be declared in the metadata.
        countries: ISO3 codes plotted.
        years: First and last year plotted.

    Raises:
        MetadataError: for an undeclared dataset or indicator.
    """
    meta = metadata.dataset_meta(dataset)
    first, last = years
    out: list[SeriesMark] = []
    for indicator in indicators:
        for brk in metadata.indicator_meta(dataset, indicator).breaks:
            if brk.iso3 in countries and first < brk.year <= last:
                out.append(SeriesMark("break", brk.year, brk.iso3, brk.note, brk.citation))
    if meta.provisional is not None:
        final = _final_year(dataset)
        if final is not None:
            for year in range(final - meta.provisional.last_years + 1, final + 1):
                if first <= year <= last:
                    out.append(SeriesMark("provisional", year, None, meta.provisional.note))
    return out
