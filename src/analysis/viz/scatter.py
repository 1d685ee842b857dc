"""Pairs of countries placed by closeness (x) and asymmetry (y): the pair-league scatter."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from analysis.data.countries import name
from analysis.viz import figures


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
        league: One row per pair: ``iso3``, ``partner_iso3``, ``closeness``, ``in_top``,
            ``pair_rank`` and one column per asymmetry measure (larger ÷ smaller).
        measures: ``{column: panel title}``.
        pair: The focus-partner pair to highlight and label.
        title: Figure title.
        footer: Source line.
        closeness: Column of the x axis.
    """
    fig, axes = figures.new_figure(ncols=len(measures), height=3.6)
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
        wrapped = "\n".join(textwrap.fill(line, 34) for line in label.split("\n"))
        ax.set_title(wrapped, fontsize=8.5, fontweight="normal")
    axes[len(axes) // 2].set_xlabel(
        "closeness: co-authored works, % of the smaller country's internationally co-authored "
        "works",
        fontsize=8,
    )
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig
