"""Country lines on a time axis with events and provisional years marked (the resilience figures).

Built on :func:`analysis.viz.charts.draw_panels`; this adds what the shared panels lack: event
lines, shaded provisional years and inverted rank axes. The events come as a table
(:func:`analysis.topics.resilience.events.check_events`: ``when``, ``kind``, ``label``, ``date``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.data.marks import SeriesMark
from analysis.viz import charts, figures

STYLE = {"sanctions": ("#B2182B", "--"), "cooperation": ("#1B7837", ":")}
"""Colour and line style of each kind of event."""


def clusters(events: pd.DataFrame, gap: float = 1.0) -> list[list[tuple[int, float, str]]]:
    """Group events (numbered from 1) that lie less than ``gap`` years after the group's first."""
    groups: list[list[tuple[int, float, str]]] = []
    for i, row in enumerate(events.itertuples(), start=1):
        item = (i, float(row.when), str(row.kind))
        if groups and item[1] - groups[-1][0][1] < gap:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def events_key(events: pd.DataFrame) -> str:
    """Return the key printed under a figure: ``Events (...): 1 = ..., 2 = ...``."""
    if events.empty:
        return ""
    parts = [f"{i} = {r.label} ({r.date})" for i, r in enumerate(events.itertuples(), start=1)]
    return "Events (dashed = sanctions, dotted = cooperation): " + "; ".join(parts) + "."


def draw_events(ax: Axes, events: pd.DataFrame, numbers: bool = False) -> None:
    """Draw each event as a vertical line (dashed red = sanctions, dotted green = cooperation).

    Args:
        ax: The axes (x = year).
        events: The events (``when`` as a decimal year, ``kind``).
        numbers: Write the events' numbers (their rows in the key) above the axes; events
            closer than 8% of the axis width share one label (``2-5``).
    """
    for row in events.itertuples():
        colour, style = STYLE.get(str(row.kind), ("#555555", "-"))
        ax.axvline(float(row.when), color=colour, ls=style, lw=0.9, zorder=1)
    if not numbers:
        return
    low, high = ax.get_xlim()
    for group in clusters(events, gap=max((high - low) * 0.08, 0.5)):
        kinds = {kind for _, _, kind in group}
        colour = STYLE.get(kinds.pop(), ("#555555", "-"))[0] if len(kinds) == 1 else "#555555"
        text = str(group[0][0]) if len(group) == 1 else f"{group[0][0]}-{group[-1][0]}"
        ax.annotate(
            text,
            (float(np.mean([when for _, when, _ in group])), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=6.5,
            color=colour,
            ha="center",
            va="bottom",
            annotation_clip=False,
        )


def shade_provisional(ax: Axes, provisional: Sequence[int]) -> None:
    """Shade provisional (likely incomplete) years grey."""
    for year in provisional:
        ax.axvspan(year - 0.5, year + 0.5, color="#dddddd", alpha=0.6, lw=0, zorder=0)


def timeline(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str,
    footer: str,
    events: pd.DataFrame,
    provisional: Sequence[int] = (),
    provisional_note: str = "likely incomplete (the snapshot's last year; late indexing)",
    log: Sequence[str] = (),
    inverted: Sequence[str] = (),
    from_zero: Sequence[str] = (),
    ncols: int = 3,
    height: float = 2.8,
) -> Figure:
    """Draw one panel per table (year x series) with the events and provisional years marked.

    Args:
        tables: ``{panel title: year x series}``; series named by ISO3 get the country colour.
        title: The figure title (a computed finding).
        footer: Source line; the events key (:func:`events_key`) is appended.
        events: Events to draw (numbered on the first panel, keyed under the figure).
        provisional: Years to shade as provisional; lines are dashed with hollow points there,
            as in every other figure (:func:`analysis.viz.figures.lines`).
        provisional_note: Why those years are provisional, for the footer.
        log: Panel titles drawn on a log scale.
        inverted: Panel titles whose y axis is inverted (ranks: 1 at the top).
        from_zero: Panel titles whose linear y axis starts at 0 (levels whose change would look
            larger on an axis starting near the data, e.g. exports from 40).
        ncols: Panels per row.
        height: Height of one row, inches.
    """

    def decorate(ax: Axes, label: str, index: int) -> None:
        draw_events(ax, events, numbers=index == 0)
        shade_provisional(ax, provisional)
        if label in from_zero:
            ax.set_ylim(bottom=0)
        if label in inverted:
            ax.invert_yaxis()
            ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))

    fig, drawn = charts.draw_panels(
        tables,
        log=log,
        ncols=min(ncols, max(len(tables), 1)),
        height=height,
        marks=[SeriesMark("provisional", year, None, provisional_note) for year in provisional],
        panel_title=lambda label: textwrap.fill(label, 34),
        title_style={"fontsize": 8.5, "pad": 12},
        decorate=decorate,
    )
    figures.title(fig, title)
    note = figures.marks_note(drawn)
    if note:
        shaded = f" {note} Grey bands: the same years."
    elif provisional:
        shaded = f" Grey: provisional year(s) {', '.join(str(y) for y in provisional)}."
    else:
        shaded = ""
    figures.add_footer(fig, " ".join(p for p in (footer, events_key(events)) if p) + shaded)
    return fig
