"""Verdict dots: one claim's computed value under each definition, coloured by verdict, against the claim."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.viz import figures

COLOURS = {"supported": "#009E73", "partly supported": "#E69F00", "not supported": "#D55E00"}
"""Marker colour of each verdict."""

CONTEXT_COLOUR = "#9A9A9A"
"""Colour of context rows (out of period or context-only definitions): hollow grey markers."""

PREVIEW_DPI = 70
"""Screen resolution of a verdict figure as drawn; saved files keep ``savefig.dpi``."""

INLINE_DPI = 120
"""Screen resolution of the verdict figures the claims notebook shows inline: 6.5-point labels are
then about 11 px tall in JupyterLab (at 70 dpi they were about 6 px). The notebook shows a few
figures at this size and saves every one, which keeps it under the notebook size limit."""


def _draw_rows(ax: Axes, rows: pd.DataFrame) -> None:
    """Counted rows as filled dots by verdict, context rows as hollow grey dots below them."""
    counted = rows["counts"].astype(bool).to_numpy()
    faces = [COLOURS[v] if c else "white" for v, c in zip(rows["verdict"], counted, strict=True)]
    edges = [face if c else CONTEXT_COLOUR for face, c in zip(faces, counted, strict=True)]
    filled = float(mpl.rcParams["patch.linewidth"])  # the edge a filled scatter dot gets
    widths = [filled if c else 1.2 for c in counted]
    # One scatter for all rows, styled row by row: a scatter per row drew the same dots, but each
    # collection costs its own set-up in every layout and draw (about 0.5 s over the claims
    # notebook). A row without a value draws no dot, and keeps its place.
    x = rows["computed"].to_numpy(dtype=float)
    drawn = np.flatnonzero(np.isfinite(x))
    ax.scatter(x[drawn], drawn, s=30, zorder=3, facecolors=[faces[i] for i in drawn],
               edgecolors=[edges[i] for i in drawn], linewidths=[widths[i] for i in drawn])  # fmt: skip
    for i, r in enumerate(rows.itertuples()):
        if r.annotation:
            ax.annotate(r.annotation, (r.computed, i), xytext=(5, -2), textcoords="offset points",
                        fontsize=6, color="#333333" if counted[i] else CONTEXT_COLOUR)  # fmt: skip
    ax.set_yticks(range(len(rows)), list(rows["label"]), fontsize=6.5)
    for tick, c in zip(ax.get_yticklabels(), counted, strict=True):
        tick.set_color("#222222" if c else CONTEXT_COLOUR)
    if counted.any() and not counted.all():
        ax.axhline(int(counted.sum()) - 0.5, color="#bbbbbb", lw=0.8)
    # first row at the top, with half a row of room beyond the first and last rows: with the
    # default 5 % margin, the last dot of a short chart sat on the x axis
    ax.set_ylim(len(rows) - 0.5, -0.5)


def verdict_dots(
    rows: pd.DataFrame,
    *,
    title: str,
    sources: pd.DataFrame,
    note: str,
    xlabel: str,
    claimed: Sequence[float],
    ranks: bool = False,
    empty_message: str = "not checkable",
) -> Figure:
    """Draw one claim: the computed value under each definition and period against the claim.

    Rows that count towards the verdict are filled dots coloured by verdict; context rows are
    hollow grey dots under a rule. The claimed value(s) are dashed lines named in the legend.
    An axis spanning more than ten-fold (and not of ranks) is logarithmic.

    Args:
        rows: One row per definition and period, in display order (counted rows first), with
            columns label (the tick label), computed, verdict, counts (bool) and annotation
            (text next to the dot, "" for none).
        title: The figure title (the computed finding and the quote).
        sources: The rows whose sources the footer cites (``source``, ``vintage``), plotted or
            not (:func:`analysis.viz.figures.footer_from_data`).
        note: Said after the sources in the footer (the claim's citation).
        xlabel: What the x axis measures (", log scale" is added on a log axis).
        claimed: The claimed value(s).
        ranks: The values are ranks: linear axis, with room on the right for the annotations.
        empty_message: What the axes say when no row has a computed value.
    """
    fig, [ax] = figures.new_figure(height=0.24 * max(len(rows), 1) + 1.7)
    fig.set_dpi(PREVIEW_DPI)
    if rows.empty:
        figures.empty_note(ax, empty_message)
    else:
        _draw_rows(ax, rows)
        limits = list(claimed)
        # The claimed value is a dashed line named in the legend: a text beside the line would
        # collide with the dots' own labels wherever the data sit close to the claim.
        said = " and ".join(figures.short_number(v) for v in limits)
        for i, value in enumerate(limits):
            ax.axvline(value, color="#333333", lw=1, ls="--",
                       label=f"claimed: {said}" if i == 0 else None)  # fmt: skip
        values = rows["computed"].tolist() + limits
        if not ranks and min(values) > 0 and (max(values) / min(values) > 10):
            ax.set_xscale("log")
            ax.set_xlabel(xlabel + ", log scale")
            figures.log_ticks(ax, "x")  # at least three labelled ticks, short numbers
        else:
            ax.set_xlabel(xlabel)
            if not ranks and min(values) >= 0 and "÷" in xlabel:
                ax.set_xlim(left=0)  # a ratio on a linear axis starts at 0
            if ranks:  # room for the rank/N labels
                left, right = ax.get_xlim()
                ax.set_xlim(left, right + 0.3 * (right - left))
        handles, _ = ax.get_legend_handles_labels()  # the claimed value's line
        keys = [ax.scatter([], [], c=colour, s=30, label=name) for name, colour in COLOURS.items()]
        keys.append(ax.scatter([], [], facecolors="white", edgecolors=CONTEXT_COLOUR, s=30,
                               label="context, not counted"))  # fmt: skip
        for key in keys:  # legend keys only: off the axes, so that no layout or draw visits them
            key.remove()
        ax.legend(handles=[*handles, *keys], loc="lower right", bbox_to_anchor=(1, 1.0), ncol=2,
                  fontsize=6.5, frameon=False)  # fmt: skip
        ax.grid(axis="x", color="#eeeeee")
    figures.title(fig, title, fontsize=8.5)
    figures.add_footer(fig, figures.footer_from_data(sources) + note)
    return fig
