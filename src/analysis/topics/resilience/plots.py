"""Figures of the resilience notebook, in the house style of :mod:`analysis.viz.figures`.

The shared chart builders draw country lines; these add what they lack: event lines on the time
axis, shaded provisional years, an inverted rank axis and the pair scatter.
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
from analysis.topics.resilience import events as ev
from analysis.topics.text import name
from analysis.viz import figures

STYLE = {"sanctions": ("#B2182B", "--"), "cooperation": ("#1B7837", ":")}


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


def draw_events(ax: Axes, events: pd.DataFrame, numbers: bool = False) -> None:
    """Draw each event as a vertical line (dashed red = sanctions, dotted green = cooperation).

    Args:
        ax: The axes (x = year).
        events: Output of :func:`analysis.topics.resilience.events.check_events`.
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
    ncols: int = 3,
    height: float = 2.8,
) -> Figure:
    """Draw one panel per table (year x series) with the events and provisional years marked.

    Args:
        tables: ``{panel title: year x series}``; series named by ISO3 get the country colour.
        title: The figure title (a computed finding).
        footer: Source line; the events key is appended.
        events: Events to draw (numbered on the first panel, keyed under the figure).
        provisional: Years to shade as provisional; lines are dashed with hollow points there,
            as in every other figure (:func:`analysis.viz.figures.lines`).
        provisional_note: Why those years are provisional, for the footer.
        log: Panel titles drawn on a log scale.
        inverted: Panel titles whose y axis is inverted (ranks: 1 at the top).
        ncols: Panels per row.
        height: Height of one row, inches.
    """
    n = max(len(tables), 1)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = figures.new_figure(ncols=ncols, nrows=nrows, height=height)
    marks = [SeriesMark("provisional", year, None, provisional_note) for year in provisional]
    drawn: list[figures.DrawnMark] = []
    for i, (ax, (label, table)) in enumerate(zip(axes, tables.items(), strict=False)):
        if table.empty or not table.notna().any().any():
            figures.empty_note(ax, "no data for these countries and years")
        else:
            drawn += figures.lines(ax, table, log=label in log, marks=marks)
            if label in log:
                figures.log_ticks(ax)
            draw_events(ax, events, numbers=i == 0)
            shade_provisional(ax, provisional)
            if label in inverted:
                ax.invert_yaxis()
                ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_title(textwrap.fill(label, 34), fontsize=8.5, fontweight="normal", pad=12)
    for ax in axes[len(tables) :]:
        ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")
    key = ev.events_key(events)
    note = figures.marks_note(drawn)
    if note:
        shaded = f" {note} Grey bands: the same years."
    elif provisional:
        shaded = f" Grey: provisional year(s) {', '.join(str(y) for y in provisional)}."
    else:
        shaded = ""
    figures.add_footer(fig, " ".join(p for p in (footer, key) if p) + shaded)
    return fig


def pair_scatter(
    league: pd.DataFrame,
    *,
    measures: Mapping[str, str],
    pair: tuple[str, str],
    title: str,
    footer: str,
    closeness: str = "closeness_pct",
) -> Figure:
    """Place every pair by closeness (x) and asymmetry (y, log), one panel per measure.

    Args:
        league: One row per pair: ``iso3``, ``partner_iso3``, ``closeness`` and one column per
            asymmetry measure (larger ÷ smaller).
        measures: ``{column: panel title}``.
        pair: The focus-partner pair to highlight and label.
        title: Figure title.
        footer: Source line.
        closeness: Column of the x axis.
    """
    fig, axes = figures.new_figure(ncols=len(measures), height=3.0)
    chosen = league["iso3"].isin(pair) & league["partner_iso3"].isin(pair)
    for ax, (column, label) in zip(axes, measures.items(), strict=True):
        rows = league.dropna(subset=[column, closeness])
        rows = rows[rows[column] > 0]
        if rows.empty:
            figures.empty_note(ax, "no pair has both values")
            ax.set_title(label, fontsize=8.5, fontweight="normal")
            continue
        others = rows[~chosen.reindex(rows.index, fill_value=False)]
        ax.scatter(others[closeness], others[column], s=12, color="#999999", alpha=0.7, lw=0)
        mine = rows[chosen.reindex(rows.index, fill_value=False)]
        for r in mine.itertuples():
            ax.scatter(
                [getattr(r, closeness)],
                [getattr(r, column)],
                s=40,
                color=figures.colour(pair[0]),
                zorder=3,
            )
            outside = "" if bool(r.in_top) else f"\n(#{int(r.pair_rank)}, not in the top)"
            ax.annotate(
                f"{name(pair[0])}-{name(pair[1])}{outside}",
                (getattr(r, closeness), getattr(r, column)),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7,
                color=figures.colour(pair[0]),
            )
        if mine.empty:
            ax.text(
                0.02,
                0.98,
                f"{name(pair[0])}-{name(pair[1])}: not among these pairs or no value",
                transform=ax.transAxes,
                fontsize=6.5,
                va="top",
                color="#555555",
            )
        ax.set_yscale("log")
        figures.log_ticks(ax)
        ax.set_ylabel(figures.log_label("larger ÷ smaller"))
        ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:g}%"))
        ax.set_title(textwrap.fill(label, 34), fontsize=8.5, fontweight="normal")
    axes[len(axes) // 2].set_xlabel(
        "closeness: co-authored works, % of the smaller country's internationally co-authored "
        "works",
        fontsize=8,
    )
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")
    figures.add_footer(fig, footer)
    return fig
