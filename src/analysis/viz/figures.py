"""One house style for every figure, fixed country colours, provenance footers, reproducible saves.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies) and are
fixed per country, so Russia is the same colour in every figure of every notebook.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from analysis import paths
from analysis.atomic import atomic_path
from analysis.data import countries as country_names
from analysis.errors import FigureCheckError
from analysis.viz import figure_data, labels, raster, theme

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from analysis.data.marks import SeriesMark

COUNTRY_COLOURS: dict[str, str] = {
    "RUS": "#0072B2",  # blue
    "CHN": "#D55E00",  # vermillion
    "USA": "#000000",  # black
    "IND": "#E69F00",  # orange
    "JPN": "#56B4E9",  # sky blue
    "DEU": "#009E73",  # bluish green
    "KOR": "#CC79A7",  # reddish purple
    "BRA": "#8C6D31",  # ochre
    "GBR": "#7F7F7F",  # grey
    "FRA": "#B2A000",  # dark yellow
}
"""Fixed colour per country; others get a stable colour from :data:`_FALLBACK`."""

_FALLBACK = ["#6A3D9A", "#1B9E77", "#A6761D", "#666666", "#E7298A", "#66A61E", "#1F78B4"]

WIDTH_FULL = 7.2  # inches: a two-column journal page width
WIDTH_HALF = 3.5
_SAVE_META = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}
"""No date in vector files, so that the same figure gives the same bytes (PNG: :mod:`.raster`)."""


def colour(iso3: str) -> str:
    """Return the fixed colour of a country."""
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    index = int(hashlib.sha256(iso3.encode()).hexdigest(), 16) % len(_FALLBACK)
    return _FALLBACK[index]


def series_colours(columns: Iterable[str]) -> dict[str, str]:
    """Colour each column: a country code gets its fixed colour, any other label the next free one."""
    columns = list(columns)
    out: dict[str, str] = {}
    spare = iter(c for c in _FALLBACK + list(COUNTRY_COLOURS.values()))
    for column in columns:
        if len(column) == 3 and column.isupper():
            out[column] = colour(column)
        else:
            out[column] = next(spare)
    return out


def palette(codes: Iterable[str]) -> dict[str, str]:
    """Return ``{iso3: colour}`` for several countries."""
    return {c: colour(c) for c in codes}


def set_style() -> None:
    """Apply the house style (seaborn ticks theme, readable sizes, no chart junk).

    The seaborn theme comes from :mod:`analysis.viz.theme` (the same values, without importing
    seaborn into every notebook's kernel).
    """
    theme.apply()
    mpl.rcParams.update(
        {
            "figure.dpi": 85,  # on-screen and in notebooks; saved files use savefig.dpi
            "savefig.dpi": 240,  # WIDTH_FULL (7.2 in) x 240 = 1,728 px, about 1,750 with the tight bounding box
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "bold",
            "axes.titlesize": 10,
            "axes.titlelocation": "left",
            "axes.labelsize": 9,
            "legend.frameon": False,
            "legend.fontsize": 8,
            "xtick.labelsize": 7.5,
            "ytick.labelsize": 7.5,
            "svg.hashsalt": "analysis",  # stable ids in SVG output
            "svg.fonttype": "none",
            # Unhinted glyphs: at 240 dpi hinting changes nothing a reader sees and costs about
            # a sixth of the drawing (tests/test_theme.py keeps it; the figure checks measure
            # text with it).
            "text.hinting": "no_hinting",
        }
    )


def footer_text(provenance: Sequence[dict]) -> str:
    """Return a one-line source note from provenance records (publisher and vintages)."""
    by_publisher: dict[str, set[str]] = {}
    for record in provenance:
        by_publisher.setdefault(record["publisher"], set()).add(str(record["vintage"]))
    parts = [f"{pub} (vintage {', '.join(sorted(v))})" for pub, v in sorted(by_publisher.items())]
    return "Source: " + "; ".join(parts) + "."


def used_vintages(*frames: pd.DataFrame) -> dict[str, set[str]]:
    """Return ``{source id: vintages}`` of the rows of tidy tables (``source``/``vintage``).

    Derived rows join their sources with "+" and their vintages with " / " in the same order
    (several sources with "; "); a single source's vintage is one label, even with " / " in it.
    """
    used: dict[str, set[str]] = {}
    for frame in frames:
        if frame.empty or "source" not in frame.columns:
            continue
        for src, vintage in frame[["source", "vintage"]].drop_duplicates().itertuples(index=False):
            ids = [i for i in re.split(r"\+|; ", str(src)) if i]
            if len(ids) == 1:
                used.setdefault(ids[0], set()).add(str(vintage))
                continue
            separator = " / " if "+" in str(src) else "; "
            vintages = [v for v in str(vintage).split(separator) if v]
            for i, sid in enumerate(ids):
                # Derived rows pair their ids and vintages in order; otherwise cite them all.
                chosen = [vintages[i]] if len(vintages) == len(ids) else vintages
                used.setdefault(sid, set()).update(chosen)
    return used


def footer_from_data(*frames: pd.DataFrame) -> str:
    """Return the source note for exactly the rows plotted: each source with the vintages used.

    The tidy tables carry ``source`` (a registry id, or several joined by "+" for derived
    series) and ``vintage`` on every row (:func:`used_vintages`), so the note can never cite a
    file the figure did not use.
    """
    from analysis.data.sources import registry

    used = used_vintages(*frames)
    reg = registry()
    parts = []
    for sid in sorted(used):
        label = reg[sid].short if sid in reg else sid
        parts.append(f"{label} ({', '.join(sorted(used[sid]))})")
    text = "Source: " + "; ".join(parts) + "." if parts else "Source: no data."
    figure_data.remember(text, frames)  # the figure's CSV takes units and vintages from them
    return text


def title(fig: Figure, text: str, fontsize: float = 10.5) -> None:
    """Write the figure's title (a computed finding) at its top left, in bold.

    The title wraps to the figure's width when it is laid out (:func:`labels.lay_out`), so a
    long finding never runs past the figure's edge (which would widen the saved file).
    """
    fig.suptitle(text, x=0.01, ha="left", fontsize=fontsize, fontweight="bold", wrap=True)


def add_footer(fig: Figure, text: str) -> None:
    """Write a small source line under the figure."""
    fig.text(0.01, -0.01, text, ha="left", va="top", fontsize=6.5, color="#555555", wrap=True)


def new_figure(
    ncols: int = 1,
    nrows: int = 1,
    height: float = 3.0,
    width: float = WIDTH_FULL,
    sharey: bool = False,
) -> tuple[Figure, list[Axes]]:
    """Return a figure in the house size and its axes as a flat list."""
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(width, height * nrows),
        sharey=sharey,
        layout="constrained",
        squeeze=False,
    )
    return fig, list(axes.ravel())


def lines(
    ax: Axes,
    wide: pd.DataFrame,
    *,
    log: bool = False,
    label_ends: bool = True,
    linestyle: str = "-",
    mark_year: int | None = None,
    ylabel: str = "",
    marks: Sequence[SeriesMark] = (),
    joined: bool = True,
) -> list[DrawnMark]:
    """Draw one line per country column of ``wide`` (index = year), labelled at its last point.

    With ``joined=False`` a series is not joined across years without a value (editions
    published some years apart are separate points, not a continuous line).

    ``marks`` (:func:`analysis.data.marks.series_marks`) change how a series is drawn: from its
    first provisional year on, the line is dashed and the points hollow; at a break in its
    definition the line has a gap and the first year under the new definition a hollow diamond.

    Returns:
        The marks that were drawn (a mark outside a series' years draws nothing), with the
        series filled in and a break's plotted change, for :func:`marks_note`.
    """
    ends: list[labels.End] = []
    drawn: list[DrawnMark] = []
    colours = series_colours(wide.columns)
    for column in wide.columns:
        series = wide[column].dropna()
        if log:
            series = series[series > 0]
        if series.empty:
            continue
        if not joined:  # NaN between the years with a value: the line breaks there
            series = series.reindex(range(int(series.index[0]), int(series.index[-1]) + 1))
        # Sparse series (a few benchmark years) get markers, so that a straight segment is not
        # mistaken for observed years.
        count = int(series.notna().sum())
        sparse = count < 8 or (series.index[-1] - series.index[0] + 1) > 1.5 * count
        own = [m for m in marks if m.series in (None, column)]
        drawn += _draw_series(ax, series, column, colours[column], linestyle, sparse, own)
        end = (float(series.index[-1]), float(series.values[-1]))
        ends.append(labels.End(country_names.name(column), *end, colours[column]))
    if log:
        ax.set_yscale("log")
        ylabel = log_label(ylabel)
    if label_ends and ends:
        labels.register(ax, ends)
    if mark_year is not None:
        ax.axvline(mark_year, color="#999999", lw=0.8, ls=":")
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, nbins=4, prune=None))
    ax.tick_params(axis="x", labelsize=7)
    return drawn


@dataclass(frozen=True)
class DrawnMark:
    """A mark as drawn on one series: where, and for a break the plotted change across it."""

    mark: SeriesMark
    shown_year: int
    change: float | None = None
    previous_year: int | None = None

    def where(self) -> str:
        """Return "China 2009" (or "China 2009, first shown 2010" when 2009 has no value)."""
        who = self.mark.label or _series_name(self.mark.series)
        later = f", first shown {self.shown_year}" if self.shown_year != self.mark.year else ""
        return f"{who} {self.mark.year}{later}"

    def change_text(self) -> str:
        """Return "plotted 2008→2009: −28 %" for a break with a change, else ""."""
        if self.change is None or self.previous_year is None:
            return ""
        percent = f"{self.change * 100:+.0f}".replace("-", "\u2212")
        return f"plotted {self.previous_year}\u2192{self.shown_year}: {percent} %"


def _shown_breaks(marks: Sequence[SeriesMark], years: pd.Index) -> dict[int, list[SeriesMark]]:
    """Map each break with data before it to the first year on or after it that has a value."""
    out: dict[int, list[SeriesMark]] = {}
    for mark in marks:
        after = years[years >= mark.year]
        if mark.kind == "break" and len(after) and years.min() < mark.year:
            out.setdefault(int(after[0]), []).append(mark)
    return out


def _hollow(ax: Axes, x: Sequence, y: Sequence, marker: str, colour: str, gid: str) -> None:
    """Hollow markers in a series' colour (provisional points, first year after a break)."""
    ax.plot(
        x,
        y,
        linestyle="none",
        marker=marker,
        mfc="white",
        mec=colour,
        mew=1.1,
        ms=4.5 if marker == "D" else 4,
        label=f"_{gid}",
        gid=gid,
    )


def _draw_series(
    ax: Axes,
    series: pd.Series,
    column: str,
    colour: str,
    linestyle: str,
    sparse: bool,
    marks: Sequence[SeriesMark],
) -> list[DrawnMark]:
    """Draw one series with its marks; return the marks drawn (with ``series`` = column)."""
    name = country_names.name(column)
    years = series.index
    provisional = sorted({m.year for m in marks if m.kind == "provisional" and m.year in years})
    shown = _shown_breaks(marks, years)
    # A gap before each break, also inside the provisional tail: never join two definitions.
    gaps = pd.Series(np.nan, index=[year - 0.5 for year in shown], dtype=float)
    joined = pd.concat([series, gaps]).sort_index() if shown else series
    cut = provisional[0] if provisional else None
    solid = joined[joined.index < cut] if cut is not None else joined
    ax.plot(
        solid.index,
        solid.values,
        color=colour,
        lw=1.6,
        ms=3,
        linestyle=linestyle,
        label=name,
        marker="o" if sparse else None,
    )
    if cut is not None:
        tail = joined[joined.index >= cut]
        # From the last solid point, unless a gap (a break) ends the solid part.
        segment = pd.concat([solid.iloc[-1:], tail])
        ax.plot(
            segment.index,
            segment.values,
            linestyle=(0, (2.2, 1.6)),
            color=colour,
            lw=1.4,
            label="_provisional",
            gid=f"{labels.PROVISIONAL_GID}:{name}",
        )
        points = series[years >= cut]
        _hollow(ax, points.index, points.values, "o", colour, labels.PROVISIONAL_GID)
    for year in shown:
        _hollow(ax, [year], [series[year]], "D", colour, labels.BREAK_GID)
    out = [
        DrawnMark(m.on(column), m.year)
        for m in marks
        if m.kind == "provisional" and m.year in provisional
    ]
    for year, found in shown.items():
        for m in found:
            before = series[years < m.year]
            last = float(before.iloc[-1])
            change = float(series[year]) / last - 1 if last else None
            out.append(DrawnMark(m.on(column), year, change, int(before.index[-1])))
    return out


def marks_note(drawn: Sequence[DrawnMark]) -> str:
    """Return the footer sentences that explain the marks drawn (empty when none were drawn).

    Provisional years are named once per reason. Breaks are grouped by their note: each series
    and year once, with the change across the break as plotted on each panel (it mixes the new
    definition with that year's ordinary change, so it is a size, not the effect).
    """
    parts = []
    provisional: dict[str, set[int]] = {}
    for d in drawn:
        if d.mark.kind == "provisional":
            provisional.setdefault(d.mark.note, set()).add(d.mark.year)
    for note, years in provisional.items():
        listed = ", ".join(str(y) for y in sorted(years))
        parts.append(f"{labels.PROVISIONAL_PHRASE} ({listed}): {note}.")
    by_note: dict[tuple[str, str], dict[str, list[str]]] = {}
    for d in drawn:
        if d.mark.kind == "break":
            places = by_note.setdefault((d.mark.note, d.mark.citation), {})
            changes = places.setdefault(d.where(), [])
            if d.change_text() and d.change_text() not in changes:
                changes.append(d.change_text())
    for (note, citation), places in by_note.items():
        listed = "; ".join(
            f"{where} ({', '.join(changes)})" if changes else where
            for where, changes in places.items()
        )
        source = f" ({citation})" if citation else ""
        parts.append(f"{labels.BREAK_PHRASE}: {listed}. {note[0].upper()}{note[1:]}{source}.")
    return " ".join(parts)


def _series_name(series: str | None) -> str:
    if series is None:
        return "every series"
    return country_names.name(series) if len(series) == 3 and series.isupper() else series


def log_label(label: str) -> str:
    """Return an axis label that says the axis is logarithmic ("(log scale)" added if needed)."""
    if "log" in label.lower():
        return label
    return f"{label} (log scale)" if label else "log scale"


class InView(mpl.ticker.Locator):
    """Another locator's ticks, less those outside the axis's limits (the same ticks drawn).

    A log axis's minor locator also returns the ticks of a decade beyond each limit, and the
    axis builds a tick (three lines, two texts) for every one, in every layout pass and draw,
    though none of them is drawn. Ticks just beyond a limit (by a millionth of the limit, or a
    billionth of the span, whichever is more) are kept: matplotlib draws ticks only far closer to
    the limits than that, so nothing it would draw is lost.
    """

    def __init__(self, inner: mpl.ticker.Locator) -> None:
        self.inner = inner

    def set_axis(self, axis: Any) -> None:
        """Attach this locator and the one it wraps to ``axis``."""
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self) -> Sequence[float]:
        """Return the wrapped locator's ticks within the axis's view limits."""
        low, high = sorted(self.axis.get_view_interval())  # type: ignore[union-attr]
        return self.within(self.inner(), low, high)

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        """Return the wrapped locator's ticks between ``vmin`` and ``vmax``."""
        low, high = sorted((vmin, vmax))
        return self.within(self.inner.tick_values(vmin, vmax), low, high)

    def nonsingular(self, v0: float, v1: float) -> tuple[float, float]:
        """The wrapped locator's rule for limits that are equal or not finite."""
        return self.inner.nonsingular(v0, v1)

    def view_limits(self, vmin: float, vmax: float) -> tuple[float, float]:
        """The wrapped locator's limits for autoscaling (as a major locator)."""
        return self.inner.view_limits(vmin, vmax)

    @staticmethod
    def within(ticks: Sequence[float], low: float, high: float) -> list[float]:
        """Return the ticks between ``low`` and ``high``, with the slack the class describes."""
        span = (high - low) * 1e-9
        lower, upper = low - max(abs(low) * 1e-6, span), high + max(abs(high) * 1e-6, span)
        return [t for t in ticks if lower <= t <= upper]


def log_ticks(ax: Axes, axis: str = "y") -> None:
    """Give a log axis at least three labelled ticks within its limits, in short numbers.

    Tries decades, then 1-2-5, then 1-2-3-5-7 and every integer multiple of each decade; on a
    range narrower than that (under about 1.3×) falls back to evenly spaced round values. The
    minor ticks stay matplotlib's, built only within the limits (:class:`InView`).
    """
    ax.autoscale_view()
    target = ax.yaxis if axis == "y" else ax.xaxis
    low, high = sorted(ax.get_ylim() if axis == "y" else ax.get_xlim())
    if low <= 0:
        return
    ticks: list[float] = []
    for subs in ((1.0,), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 5.0, 7.0), tuple(range(1, 10))):
        decades = np.arange(np.floor(np.log10(low)), np.ceil(np.log10(high)) + 1)
        ticks = [s * 10**d for d in decades for s in subs if low <= s * 10**d <= high]
        if len(ticks) >= 3:
            break
    if len(ticks) < 3:
        ticks = [t for t in mpl.ticker.MaxNLocator(nbins=4).tick_values(low, high) if t > 0]
    target.set_major_locator(mpl.ticker.FixedLocator(ticks))
    target.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: short_number(v)))
    minor = target.get_minor_locator()
    target.set_minor_locator(minor if isinstance(minor, InView) else InView(minor))
    target.set_minor_formatter(mpl.ticker.NullFormatter())
    if axis == "y":
        ax.set_ylim(low, high)
    else:
        ax.set_xlim(low, high)


def short_number(v: float) -> str:
    """Format an axis value compactly: 0.1, 1, 10, 1k, 10k, 1m, 1bn."""
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(v) >= size:
            return f"{v / size:g}{suffix}"
    return f"{v:g}"


def empty_note(ax: Axes, message: str) -> None:
    """Say on the axes that there is nothing to show, rather than leaving it blank."""
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=8,
        color="#555555",
        wrap=True,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def save(
    fig: Figure,
    stem: str,
    out_dir: str | Path,
    formats: Sequence[str] = ("png", "svg"),
    *,
    inline: bool = True,
) -> list[Path]:
    """Write ``fig`` as ``out_dir/stem.<fmt>`` atomically, with reproducible bytes; return paths.

    The figure is laid out once (:func:`freeze`, which places its end labels) and each format
    drawn from that layout. With ``ANALYSIS_FIGURE_CHECK=error`` a figure that
    :func:`analysis.viz.labels.problems` finds fault with, on that layout at the saved
    resolution, raises :class:`~analysis.errors.FigureCheckError` instead of being saved.
    PNG and SVG carry no software version or date, and SVG ids are salted with a constant, so
    the same figure gives the same bytes on every run.

    In a notebook the saved PNG is shown (scaled to the figure's screen resolution) and the
    figure is closed, so that the notebook does not draw it a third time; elsewhere it is
    closed too. ``inline=False`` saves without showing (a notebook that saves more figures
    than it shows).
    """
    screen_dpi = fig.dpi
    saved_dpi = float(mpl.rcParams["savefig.dpi"])
    bbox = freeze(fig)
    if os.environ.get(paths.FIGURE_CHECK_ENV, "") == "error":
        with labels.saved_resolution(fig):  # the layout and resolution that are saved
            found = labels.problems(fig)
        if found:
            raise FigureCheckError(stem, found)
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    image = None
    with mpl.rc_context({"svg.hashsalt": "analysis"}):
        for fmt in formats:
            final = target / f"{stem}.{fmt}"
            with atomic_path(final) as tmp:
                if fmt == "png":  # drawn once: the same raster gives the notebook its preview
                    image = raster.write_png(fig, tmp, bbox, saved_dpi)
                else:
                    fig.savefig(tmp, format=fmt, bbox_inches=bbox, metadata=_SAVE_META.get(fmt))
            written.append(final)
    written += figure_data.write(fig, stem, target)  # exactly what it plots, as CSV
    plt.close(fig)
    if image is not None and inline:
        show(image, screen_dpi / saved_dpi)
    return written


def freeze(fig: Figure) -> Bbox:
    """Lay ``fig`` out once at the saved resolution, keep that layout, return its tight box.

    Runs the layout engine (constrained layout, which also places end labels) once
    (:func:`analysis.viz.labels.lay_out`), then switches it off, so that every later draw
    (PNG, SVG) reuses the positions found instead of laying the figure out again. Wrapped texts
    (titles, footers) are wrapped once, to the figure's width, and keep those lines in every
    format (the box was measured with them). Returns the tight box (inches, padded by
    ``savefig.pad_inches``).
    """
    with labels.saved_resolution(fig):
        labels.lay_out(fig)  # wraps texts first, then lays out and places end labels
        box = fig.get_tightbbox(fig.canvas.get_renderer())  # type: ignore[attr-defined]  # Agg
        labels.pin_axis_labels(fig)  # where the box has them; drawn there, not placed again
    fig.set_layout_engine(None)
    pad = float(mpl.rcParams["savefig.pad_inches"])
    return box.padded(pad)


def show(image: PILImage, scale: float) -> None:
    """Show a saved figure's raster in the running notebook, scaled by ``scale``; do nothing outside one.

    The preview is :func:`analysis.viz.raster.preview`: 256 colours, which keeps the notebooks small.
    """
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
        return
    display(Image(data=raster.preview(image, scale), format="png"))
