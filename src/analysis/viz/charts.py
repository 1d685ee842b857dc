"""Chart builders shared by the notebooks: small multiples of country lines, dot charts.

Each returns a finished :class:`~matplotlib.figure.Figure` in the house style with its title
(a computed finding) and a source footer; notebooks only choose the data and save.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import ScaledTranslation

from analysis.data import countries as names
from analysis.viz import figures, labels

if TYPE_CHECKING:
    from analysis.data.marks import SeriesMark

KEY_BELOW_AXES_IN = 0.45
"""Distance (inches) from a panel's bottom to a key drawn under it: clear of the tick labels and
the axis label."""


def panels(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str,
    footer: str,
    ylabel: str = "",
    log: bool = False,
    linear: Collection[str] = (),
    mark_year: int | None = None,
    ncols: int | None = None,
    reference_line: float | None = None,
    height: float = 2.6,
    marks: Sequence[SeriesMark] | Mapping[str, Sequence[SeriesMark]] = (),
    joined: bool = True,
) -> Figure:
    """Draw one panel per table (year x country), countries in their fixed colours.

    ``joined=False`` leaves a series unjoined across years without a value (sparse editions).

    ``marks`` (:func:`analysis.data.marks.series_marks`) are drawn on every panel, or, given as
    ``{panel title: marks}``, on the panels named (a title the figure lacks raises
    ``ValueError``); the footer then explains the marks drawn.

    With ``log``, every panel but those named in ``linear`` (shares in %, say) has a log axis
    that says so in its label and carries at least three labelled ticks. Panel titles are wrapped
    to the panel's width; each line is labelled at its end (or, when the ends are too crowded,
    the panel gets a legend). Empty tables get a panel that says "no data" rather than
    disappearing.
    """
    ncols = ncols or min(max(len(tables), 1), 3)
    fig, drawn = draw_panels(
        tables,
        log=[label for label in tables if log and label not in linear],
        ncols=ncols,
        height=height,
        marks=marks,
        mark_year=mark_year,
        ylabel=ylabel,
        reference_line=reference_line,
        panel_title=lambda label: wrap_title(label, ncols),
        joined=joined,
    )
    figures.title(fig, title)
    note = figures.marks_note(drawn)
    figures.add_footer(fig, f"{footer} {note}" if note else footer)
    return fig  # end labels are placed when it is laid out (labels.LabelledLayout)


def draw_panels(
    tables: Mapping[str, pd.DataFrame],
    *,
    log: Collection[str] = (),
    ncols: int = 3,
    height: float = 2.6,
    marks: Sequence[SeriesMark] | Mapping[str, Sequence[SeriesMark]] = (),
    mark_year: int | None = None,
    ylabel: str = "",
    reference_line: float | None = None,
    panel_title: Callable[[str], str] = str,
    title_style: Mapping[str, Any] | None = None,
    decorate: Callable[[Axes, str, int], None] | None = None,
    joined: bool = True,
) -> tuple[Figure, list[figures.DrawnMark]]:
    """Draw the panels of :func:`panels` (and of the event timelines) without title or footer.

    Args:
        tables: ``{panel title: year x series}``.
        log: Panel titles drawn on a log axis (labelled so, with at least three ticks).
        ncols: Panels per row.
        height: Height of one row, inches.
        marks: Series marks for every panel, or ``{panel title: marks}``.
        mark_year: A year marked by a dotted vertical line.
        ylabel: The y-axis label ("(log scale)" is dropped on linear panels).
        reference_line: A y value marked by a grey horizontal line.
        panel_title: Turns a panel's title into the text shown (wrapping).
        title_style: Keyword arguments of ``Axes.set_title`` (default: 9 pt, normal weight).
        decorate: Called as ``decorate(ax, title, index)`` on each panel that has data, after
            its lines and log ticks are drawn (events, shading).
        joined: False leaves a series unjoined across years without a value.

    Returns:
        The figure and the marks drawn (for :func:`analysis.viz.figures.marks_note`).
    """
    n = max(len(tables), 1)
    nrows = int(np.ceil(n / ncols))
    if isinstance(marks, Mapping) and set(marks) - set(tables):
        raise ValueError(
            f"marks for panel(s) {sorted(set(marks) - set(tables))} that the figure does not "
            f"have; its panels are {list(tables)}"
        )
    fig, axes = figures.new_figure(ncols=ncols, nrows=nrows, height=height)
    drawn: list[figures.DrawnMark] = []
    style = {"fontsize": 9, "fontweight": "normal", **(title_style or {})}
    for index, (ax, (label, table)) in enumerate(zip(axes, tables.items(), strict=False)):
        has_data = not table.empty and table.notna().any().any()
        panel_log = label in log
        if not has_data:
            figures.empty_note(ax, "no data for these countries and years")
        else:
            axis_label = ylabel if panel_log else ylabel.replace("(log scale)", "").strip()
            drawn += figures.lines(
                ax,
                table,
                log=panel_log,
                mark_year=mark_year,
                ylabel=axis_label,
                marks=marks.get(label, ()) if isinstance(marks, Mapping) else marks,
                joined=joined,
            )
            if reference_line is not None:
                ax.axhline(reference_line, color="#999999", lw=0.8)
            if panel_log:
                figures.log_ticks(ax)
            else:
                ratio_from_zero(ax, f"{label} {axis_label}", table)
            if ncols >= 3:  # narrow panels: three year ticks, so the labels never run together
                ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, nbins=3))
            if decorate is not None:
                decorate(ax, label, index)
        ax.set_title(panel_title(label), **style)
    for ax in axes[len(tables) :]:
        ax.set_visible(False)
    return fig, drawn


def ratio_from_zero(ax: Axes, words: str, table: pd.DataFrame) -> None:
    """Start a linear ratio axis at 0 (a ratio drawn from 11.5 makes 12× -> 28× look huge).

    ``words`` (the panel title and axis label) make it a ratio (:data:`.labels.RATIO_WORDS`);
    a table with negative values keeps its limits.
    """
    if not labels.is_ratio(words):
        return
    values = table.to_numpy(dtype=float)
    if np.nanmin(values) >= 0:
        ax.set_ylim(bottom=0)


def wrap_title(label: str, ncols: int, fontsize: float = 9.0) -> str:
    """Wrap a panel title to the width of one of ``ncols`` panels.

    Line breaks already in ``label`` are kept when every line fits; otherwise the whole title is
    wrapped afresh.
    """
    chars = max(int((figures.WIDTH_FULL / max(ncols, 1) - 0.5) * 72 / (0.6 * fontsize)), 12)
    lines = label.splitlines() or [""]
    if all(len(line) <= chars for line in lines):
        return label
    # Keep "2000 = 100" on one line: textwrap never breaks at a no-break space.
    text = " ".join(label.split()).replace(" = ", "\u00a0=\u00a0")
    return textwrap.fill(text, width=chars)


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
        ax.scatter(
            values[iso3], y, color=figures.colour(iso3), s=28, zorder=3, label=names.name(iso3)
        )
    if claimed:
        cy = [i for i, label in enumerate(values.index) if label in claimed]
        cx = [claimed[values.index[i]] for i in cy]
        ax.scatter(
            cx,
            cy,
            marker="D",
            facecolors="none",
            edgecolors="#333333",
            s=36,
            zorder=4,
            label="claimed",
        )
    ax.set_yticks(y, values.index)
    ax.invert_yaxis()
    if reference_line is not None:
        ax.axvline(reference_line, color="#999999", lw=0.8)
    if log:
        ax.set_xscale("log")
        figures.log_ticks(ax, "x")
        xlabel = figures.log_label(xlabel)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right", ncols=3)
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def close(fig: Figure) -> None:
    """Close a figure after it was shown and saved (keeps memory flat in long runs)."""
    plt.close(fig)


def bump(
    positions: pd.DataFrame,
    *,
    title: str,
    footer: str,
    highlight: str | None = None,
    panel: str = "index",
    x: str = "edition",
    y: str = "percentile",
    ylabel: str = "percentile (100 = first)",
) -> Figure:
    """Bump chart of positions across editions: one panel per ranking, editions labelled with N.

    ``positions`` holds one row per country and edition with columns ``panel``, ``x``, ``y``,
    ``rank``, ``n_countries`` and ``iso3`` (``y`` missing = not ranked, no point drawn), in
    display order. The ``highlight`` country is drawn thicker and its points labelled "rank/N".
    """
    groups = list(dict.fromkeys(positions[panel])) or ["(no ranking)"]
    widths = [max(positions.loc[positions[panel] == g, x].nunique(), 1.8) for g in groups]
    fig = plt.figure(figsize=(figures.WIDTH_FULL, 3.9), layout="constrained")
    grid = fig.add_gridspec(2, len(groups), width_ratios=widths, height_ratios=[1, 0.08])
    axes = [fig.add_subplot(grid[0, 0])]
    axes += [fig.add_subplot(grid[0, i], sharey=axes[0]) for i in range(1, len(groups))]
    for ax in axes[1:]:
        ax.tick_params(labelleft=False)
    key = fig.add_subplot(grid[1, :])
    key.axis("off")
    handles: dict[str, object] = {}
    for ax, group in zip(axes, groups, strict=True):
        part = positions[positions[panel] == group]
        if part[y].notna().sum() == 0:
            figures.empty_note(ax, "none of these countries is ranked")
        editions = list(dict.fromkeys(part[x]))
        where = {e: i for i, e in enumerate(editions)}
        for iso3 in dict.fromkeys(part["iso3"]):
            rows = part[part["iso3"] == iso3].dropna(subset=[y])
            if rows.empty:
                continue
            top = iso3 == highlight
            (line,) = ax.plot(
                rows[x].map(where),
                rows[y],
                color=figures.colour(iso3),
                lw=2.4 if top else 1.2,
                marker="o",
                ms=5 if top else 3.5,
                zorder=4 if top else 3,
                label=names.name(iso3),
            )
            handles.setdefault(names.name(iso3), line)
            if top:
                _rank_labels(ax, rows, part, iso3, where, x, y)
        counts = part.drop_duplicates(x).set_index(x)["n_countries"]
        ax.set_xticks(
            range(len(editions)), [f"{e}\nN={int(counts[e])}" for e in editions], fontsize=6.5
        )
        ax.set_xlim(-0.5, max(len(editions), 1) - 0.5)
        ax.set_title(
            textwrap.fill(group, width=int(9 * max(len(editions), 1.8))),
            fontsize=8.5,
            fontweight="normal",
        )
        ax.grid(axis="y", color="#eeeeee")
    low = positions[y].min()
    floor = 0.0 if pd.isna(low) else max(0.0, float(np.floor((low - 8) / 10) * 10))
    axes[0].set_ylim(floor, 101)
    axes[0].set_ylabel(ylabel)
    if handles:
        key.legend(list(handles.values()), list(handles), loc="center", ncols=min(len(handles), 7))  # type: ignore[call-overload]  # handles are Artists
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def _rank_labels(
    ax: Axes,
    rows: pd.DataFrame,
    part: pd.DataFrame,
    iso3: str,
    where: Mapping[object, int],
    x: str,
    y: str,
) -> None:
    """Label the highlighted country's points "rank/N" ("=" when tied), where there is room."""
    tied = rows["tied"] if "tied" in rows.columns else pd.Series(False, index=rows.index)
    for e, r, n, v, t in zip(
        rows[x], rows["rank"], rows["n_countries"], rows[y], tied, strict=True
    ):
        others = part.loc[(part[x] == e) & (part["iso3"] != iso3), y].dropna()
        below = _clearer_below(float(v), others.astype(float).tolist())
        ax.annotate(
            f"{'=' if pd.notna(t) and bool(t) else ''}{int(r)}/{int(n)}",
            (where[e], v),
            xytext=(0, -11 if below else 6),
            textcoords="offset points",
            ha="center",
            fontsize=6.5,
            color=figures.colour(iso3),
            fontweight="bold",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )


def _clearer_below(value: float, others: Sequence[float]) -> bool:
    """True when there is more room under ``value`` than over it among ``others`` (same x)."""
    under = [value - o for o in others if o <= value]
    over = [o - value for o in others if o > value]
    room_under = min(under, default=np.inf)
    room_over = min(over, default=np.inf)
    if value > 95:  # no room over the top of the axes
        return True
    return bool(room_under >= room_over or room_under > 8)


def profile(
    values: pd.DataFrame,
    *,
    title: str,
    footer: str,
    gap: tuple[str, str],
    xlabel: str = "score",
) -> Figure:
    """Dot chart of a profile (rows = pillars, columns = countries) beside a diverging gap chart.

    Left: one dot per country and row on a linear axis. Right: ``gap[0]`` minus ``gap[1]`` per
    row, bars to the right in the first country's colour (it scores higher), to the left in the
    second's.
    """
    fig = plt.figure(
        figsize=(figures.WIDTH_FULL, 0.32 * max(len(values), 1) + 1.6), layout="constrained"
    )
    left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.8, 1]})
    if values.empty:
        figures.empty_note(left, "no scores for these countries")
        right.set_visible(False)
    else:
        rows = np.arange(len(values))
        for iso3 in values.columns:
            left.scatter(
                values[iso3],
                rows,
                color=figures.colour(iso3),
                s=34 if iso3 in gap else 22,
                zorder=3,
                label=names.name(iso3),
            )
        left.set_yticks(rows, values.index)
        left.invert_yaxis()
        left.grid(axis="x", color="#eeeeee")
        left.set_xlabel(xlabel)
        left.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=min(len(values.columns), 4)
        )
        a, b = gap
        if a in values.columns and b in values.columns:
            diff = values[a] - values[b]
            right.barh(
                rows,
                diff,
                color=[figures.colour(a) if d >= 0 else figures.colour(b) for d in diff],
                height=0.6,
            )
            right.axvline(0, color="#999999", lw=0.8)
            right.set_xlabel(f"{names.name(a)} minus {names.name(b)}, points")
            right.set_title(
                f"← {names.name(b)} higher   {names.name(a)} higher →",
                fontsize=7.5,
                fontweight="normal",
                loc="center",
                color="#555555",
            )
            right.grid(axis="x", color="#eeeeee")
            span = float(np.nanmax(np.abs(diff))) if diff.notna().any() else 1.0
            right.set_xlim(-span * 1.15, span * 1.15)
        else:
            figures.empty_note(right, f"no scores for both {names.name(a)} and {names.name(b)}")
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def ranked_bars(
    rankings: Mapping[str, pd.Series],
    *,
    title: str,
    footer: str,
    highlight: Sequence[str] = (),
    keep: Sequence[str] | None = None,
    top: int = 10,
    xlabel: str = "",
    value_format: str = "",
    ncols: int = 2,
    empty_message: str = "no data for these countries and years",
    flagged: Collection[str] = (),
) -> Figure:
    """Horizontal bars of each ranking's top entries, one panel per ranking.

    Each series is indexed by ISO3 code and sorted high to low. Bars of ``highlight`` countries
    take their fixed colour, the rest are grey; a ``keep`` country (default: the highlighted
    ones) outside the top is added under a gap with its rank, so that its position is always
    visible. ``value_format`` ("" =
    thousands separators from 100 up, two decimals below) formats the value labels. A
    ``flagged`` country (an implausible series, kept) is named "(flagged)" and its bar hatched,
    and the footer says what the mark means.
    """
    n = max(len(rankings), 1)
    shown_flags = False
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    keep = list(highlight if keep is None else keep)
    sizes = [min(len(s), top) + sum(c in s.index for c in keep) for s in rankings.values()]
    longest = max(sizes or [1])
    fig, axes = figures.new_figure(ncols=ncols, nrows=nrows, height=0.2 * longest + 0.9)
    for ax, (label, series) in zip(axes, rankings.items(), strict=False):
        ax.set_title(label, fontsize=9, fontweight="normal")
        series = series.dropna().sort_values(ascending=False, kind="stable")
        if series.empty:
            figures.empty_note(ax, empty_message)
            continue
        ranks = series.rank(ascending=False, method="min").astype(int)
        shown = list(series.index[:top])
        extra = [c for c in keep if c in series.index and c not in shown]
        ypos = list(range(len(shown))) + [len(shown) + 0.5 + i for i in range(len(extra))]
        codes = shown + extra
        colours = [figures.colour(c) if c in highlight else "#BBBBBB" for c in codes]
        bars = ax.barh(ypos, [series[c] for c in codes], color=colours, height=0.7)
        for bar, c in zip(bars, codes, strict=True):
            if c in flagged:
                bar.set_hatch("////")
                bar.set_edgecolor("#666666")
                shown_flags = True
        ax.set_yticks(ypos, [f"{ranks[c]}. {names.name(c)}" + (" (flagged)" if c in flagged else "")
                             for c in codes], fontsize=7)  # fmt: skip
        for y, c in zip(ypos, codes, strict=True):
            v = float(series[c])
            auto = f"{v:,.0f}" if v >= 100 else f"{v:.2f}"
            label = value_format.format(v) if value_format else auto
            ax.annotate(
                label,
                (v, y),
                xytext=(2, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color="#333333",
            )
        ax.set_ylim(max(ypos) + 0.6, -0.6)
        ax.set_xlim(0, float(series.max()) * 1.18)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: figures.short_number(v)))
        ax.grid(axis="x", color="#eeeeee")
        ax.set_xlabel(xlabel)
    for ax in axes[len(rankings) :]:
        ax.set_visible(False)
    figures.title(fig, title)
    if shown_flags:
        footer += (
            " Hatched, '(flagged)': a partner series implausible for the partner's own output "
            "(probably an affiliation artefact), kept, not dropped."
        )
    figures.add_footer(fig, footer)
    return fig


def grouped_bars(
    table: pd.DataFrame,
    *,
    title: str,
    footer: str,
    xlabel: str = "",
    value_format: str = "{:.0f}",
    empty_message: str = "no data for these countries and years",
) -> Figure:
    """Horizontal grouped bars: one group per row label, one bar per column (a country code).

    Suits shares by category (sectors, product chapters) compared across a few countries.
    """
    rows = max(len(table), 1)
    k = max(len(table.columns), 1)
    fig, [ax] = figures.new_figure(height=0.16 * rows * k + 0.1 * rows + 1.0)
    if table.empty or not table.notna().any().any():
        figures.empty_note(ax, empty_message)
    else:
        width = 0.8 / k
        base = np.arange(len(table))
        for i, iso3 in enumerate(table.columns):
            y = base - 0.4 + width * (i + 0.5)
            values = table[iso3].fillna(0.0)
            ax.barh(
                y, values, height=width * 0.92, color=figures.colour(iso3), label=names.name(iso3)
            )
            for yy, v in zip(y, values, strict=True):
                if round(v) > 0:  # bar labels readable (8 pt)
                    ax.annotate(
                        value_format.format(v),
                        (v, yy),
                        xytext=(2, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=8,
                        color="#333333",
                    )
        ax.set_yticks(base, table.index, fontsize=8)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_xlim(0, float(np.nanmax(table.to_numpy(dtype=float))) * 1.12)
        ax.grid(axis="x", color="#eeeeee")
        ax.set_xlabel(xlabel)
        ax.legend(loc="lower right", ncols=min(k, 4))
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def share_dots(
    table: pd.DataFrame,
    *,
    title: str,
    footer: str,
    xlabel: str = "%",
    empty_message: str = "no data for these countries and years",
) -> Figure:
    """Dot chart on a linear axis: one row per category (index), one dot per country (column).

    Like :func:`dots`, but for shares of a total, and an empty table gives a figure that says so.
    """
    fig, [ax] = figures.new_figure(height=0.2 * max(len(table), 1) + 1.3)
    if table.empty or not table.notna().any().any():
        figures.empty_note(ax, empty_message)
    else:
        y = np.arange(len(table))
        for iso3 in table.columns:
            ax.scatter(
                table[iso3],
                y,
                color=figures.colour(iso3),
                s=26,
                zorder=3,
                alpha=0.9,
                label=names.name(iso3),
            )
        ax.set_yticks(y, table.index, fontsize=7.5)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.grid(axis="both", color="#eeeeee")
        ax.set_xlabel(xlabel)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figures.title(fig, title)
    figures.add_footer(fig, footer)
    return fig


def dots_key_below(values: pd.DataFrame, **kwargs: object) -> Figure:
    """:func:`dots` with the legend under the axes (for few rows, where it would cover dots)."""
    fig = dots(values, **kwargs)  # type: ignore[arg-type]
    ax = fig.axes[0]
    legend = ax.get_legend()
    if legend is not None:
        handles, labels = ax.get_legend_handles_labels()
        legend.remove()
        # Anchored a fixed distance under the axes (clear of the tick labels and axis label), not
        # a fraction of the panel's height: under a short panel a fraction put the key below the
        # figure, on the footer; at a fixed distance the layout makes room for it.
        under = ax.transAxes + ScaledTranslation(0, -KEY_BELOW_AXES_IN, fig.dpi_scale_trans)
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0),
                  bbox_transform=under, ncols=min(len(labels), 3))  # fmt: skip
    ax.set_ylim(len(values) - 0.5, -0.5)
    return fig
