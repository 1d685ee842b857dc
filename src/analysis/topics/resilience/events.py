"""The essay's events on the time axis (``topics/events.csv``, the project's own table).

One row per event: ``id``, ``date`` (``YYYY-MM``), ``kind`` (``sanctions`` or ``cooperation``),
a short ``label``, a ``description``, and its citations: ``essay_citation`` (the essay, where it
cites the event), ``primary_source`` (a public primary source named with confidence) and
``url`` (only where known; never guessed), and ``countries``: the ISO3 codes the event concerns,
space-separated (an event is drawn only when the focus country or the partner is among them).
Every row needs at least one citation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

COLUMNS = [
    "id",
    "date",
    "kind",
    "label",
    "description",
    "essay_citation",
    "primary_source",
    "url",
    "countries",
]
KINDS = ("sanctions", "cooperation")


def check_events(table: pd.DataFrame, where: str = "events.csv") -> pd.DataFrame:
    """Validate the events table and add ``year`` and ``when`` (decimal year, for the x axis).

    Args:
        table: The rows as read (strings).
        where: File name for error messages.

    Returns:
        The rows sorted by date, with ``year`` (int) and ``when`` (year + (month - 1) / 12).

    Raises:
        ValueError: naming the file, the row and the fix, for a missing column, a bad date or
            kind, a duplicate id or a row without any citation.
    """
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{where}: columns {missing} missing; the header must be {COLUMNS}")
    table = table.fillna("")
    dates = pd.to_datetime(table["date"], format="%Y-%m", errors="coerce")
    for i, row in table.iterrows():
        line = int(str(i)) + 2
        if pd.isna(dates[i]):
            raise ValueError(
                f"{where} row {line} ({row['id']}): date {row['date']!r} is not YYYY-MM"
            )
        if row["kind"] not in KINDS:
            raise ValueError(
                f"{where} row {line} ({row['id']}): kind {row['kind']!r}; use one of {KINDS}"
            )
        codes = str(row["countries"]).split()
        if not codes or not all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes):
            raise ValueError(
                f"{where} row {line} ({row['id']}): countries {row['countries']!r}; give the "
                "ISO3 codes the event concerns, space-separated (e.g. 'CHN RUS')"
            )
        if not (row["essay_citation"] or row["primary_source"]):
            raise ValueError(
                f"{where} row {line} ({row['id']}): no citation; fill essay_citation or "
                "primary_source"
            )
    dup = table["id"][table["id"].duplicated()]
    if not dup.empty:
        raise ValueError(f"{where}: id {dup.iloc[0]!r} appears twice; ids must be unique")
    out = table.assign(
        year=dates.dt.year.astype(int), when=dates.dt.year + (dates.dt.month - 1) / 12
    )
    return out.sort_values("when", kind="stable").reset_index(drop=True)


def in_years(events: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    """Keep the events inside ``years`` (inclusive)."""
    return events[events["year"].between(*years)].reset_index(drop=True)


def relevant(
    events: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]
) -> pd.DataFrame:
    """Keep the events that concern the focus country or the partner, inside ``years``."""
    pair = set(countries[:2])
    keep = events["countries"].str.split().apply(lambda codes: bool(pair & set(codes)))
    return in_years(events[keep].reset_index(drop=True), years)


def events_for(events: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Keep the events between the first and last of ``years`` (e.g. a table's index)."""
    seen = [int(y) for y in years]
    if not seen:
        return events.iloc[0:0]
    return in_years(events, (min(seen), max(seen)))


def citations(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events with their citations, for the notebook's sources section."""
    cols = ["date", "label", "essay_citation", "primary_source", "url"]
    return events[cols].reset_index(drop=True)
