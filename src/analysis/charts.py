"""Chart builders shared by the notebooks: small multiples of country lines, dot charts.

Each returns a finished :class:`~matplotlib.figure.Figure` in the house style with its title
(a computed finding) and a source footer; notebooks only choose the data and save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis import countries as names
from analysis import figures


def panels(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str,
    footer: str,
    ylabel: str = "",
    log: bool = False,
    mark_year: int | None = None,
    ncols: int | None = None,
    reference_line: float | None = None,
    height: float = 2.6,
) -> Figure:
    """Draw one panel per table (year x country), countries in their fixed colours.

    Empty tables get a panel that says "no data" rather than disappearing.
    """
    n = max(len(tables), 1)
    ncols = ncols or min(n, 3)
    nrows = int(np.ceil(n / ncols))
    fig, axes = figures.new_figure(ncols=ncols, nrows=nrows, height=height)
    for ax, (label, table) in zip(axes, tables.items(), strict=False):
        has_data = not table.empty and table.notna().any().any()
        if not has_data:
            figures.empty_note(ax, f"no data for these countries and years")
        else:
            figures.lines(ax, table, log=log, mark_year=mark_year, ylabel=ylabel)
            if reference_line is not None:
                ax.axhline(reference_line, color="#999999", lw=0.8)
        ax.set_title(label, fontsize=9, fontweight="normal")
    for ax in axes[len(tables):]:
        ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")
    figures.add_footer(fig, footer)
    return fig


def dots(
    values: pd.DataFrame,
    *,
    title: str,
    footer: str,
    xlabel: str,
    log: bool = True,
    reference_line: float | None = 1.0,
    claimed: Mapping[str, float] | None = None,
) -> Figure:
    """Dot chart: one row per label (index), one dot per column (a country code), log scale.

    ``claimed`` marks a claimed value per row with a hollow diamond.
    """
    fig, [ax] = figures.new_figure(height=0.35 * len(values) + 1.2)
    y = np.arange(len(values))
    for iso3 in values.columns:
        ax.scatter(values[iso3], y, color=figures.colour(iso3), s=28, zorder=3, label=names.name(iso3))
    if claimed:
        cy = [i for i, label in enumerate(values.index) if label in claimed]
        cx = [claimed[values.index[i]] for i in cy]
        ax.scatter(cx, cy, marker="D", facecolors="none", edgecolors="#333333", s=36, zorder=4, label="claimed")
    ax.set_yticks(y, values.index)
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    if reference_line is not None:
        ax.axvline(reference_line, color="#999999", lw=0.8)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right", ncols=3)
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")
    figures.add_footer(fig, footer)
    return fig


def close(fig: Figure) -> None:
    """Close a figure after it was shown and saved (keeps memory flat in long runs)."""
    plt.close(fig)
