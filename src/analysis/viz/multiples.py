"""The asymmetry profile's chart: each indicator's comparator ÷ focus multiple, latest and base year."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.data import countries as names
from analysis.formats import times
from analysis.viz import figures


def multiples(table: pd.DataFrame, countries: Sequence[str], *, title: str, footer: str) -> Figure:
    """Dot chart: the latest multiple (filled) and the base-year multiple (hollow) per indicator, log scale.

    Args:
        table: One row per indicator and comparator with columns indicator, iso3, year,
            multiple, base_year, base_multiple and break (non-empty when the base year lies
            before a break in series: its base dot is then a hollow diamond), as computed by
            :func:`analysis.topics.overview.profile_table`.
        countries: ISO3 codes: focus, then the (up to two) comparators.
        title: The figure title (a computed finding).
        footer: Source line (and what the diamonds mean).
    """
    focus = countries[0]
    order = list(dict.fromkeys(table["indicator"]))
    fig, [ax] = figures.new_figure(height=0.3 * max(len(order), 1) + 1.4)
    if table.empty:
        figures.empty_note(ax, "no indicator has a common year of data for these countries")
        return fig
    offsets = {iso3: (i - 0.5) * 0.25 for i, iso3 in enumerate(countries[1:3])}
    for iso3, group in table.groupby("iso3", sort=False):
        y = [order.index(label) + offsets.get(str(iso3), 0) for label in group["indicator"]]
        _comparator(ax, group, y, str(iso3), focus)
    ax.scatter(
        [],
        [],
        facecolors="white",
        edgecolors="#555555",
        s=20,
        label="first year with data (hollow)",
    )
    if table["break"].fillna("").astype(bool).any():
        ax.scatter(
            [],
            [],
            marker="D",
            facecolors="white",
            edgecolors="#555555",
            s=20,
            label="first year before a break in series",
        )
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: figures.short_number(v)))
    ax.axvline(1, color="#999999", lw=0.8)
    ax.set_xlabel(f"multiple of {names.name(focus)} (log scale; 1 = parity)")
    ax.grid(axis="x", color="#eeeeee")
    # Beside the axes, so that it never covers a dot or its value label.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def _comparator(ax: Axes, group: pd.DataFrame, y: list[float], iso3: str, focus: str) -> None:
    """One comparator's rows: base (hollow; a diamond before a break) to latest (filled), labelled."""
    colour = figures.colour(iso3)
    for yy, a, b in zip(y, group["base_multiple"], group["multiple"], strict=True):
        ax.plot([a, b], [yy, yy], color=colour, lw=0.8, alpha=0.6)
    crossed = group["break"].fillna("").astype(bool).to_numpy()
    ys = pd.Series(y, dtype=float).to_numpy()
    for marker, keep in (("o", ~crossed), ("D", crossed)):
        ax.scatter(
            group["base_multiple"].to_numpy()[keep],
            ys[keep],
            marker=marker,
            facecolors="white",
            edgecolors=colour,
            s=20,
            zorder=3,
        )
    ax.scatter(
        group["multiple"],
        y,
        color=colour,
        s=30,
        zorder=4,
        label=f"{names.name(iso3)} ÷ {names.name(focus)}",
    )
    for yy, value, base, year in zip(
        y, group["multiple"], group["base_multiple"], group["year"], strict=True
    ):
        # Label to the right of whichever dot is further right, so it never covers the other.
        ax.annotate(
            f"{times(value)} ({year})",
            (max(value, base), yy),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=6,
            va="center",
            color=colour,
        )
