"""End-of-line labels that sit next to their own line, and checks that a figure reads cleanly.

Labels are placed once the figure's layout is known, in display coordinates (pixels): each
label starts level with the end of its line, and labels that would overlap are pushed apart as
little as possible (clusters of touching labels are centred on their lines' ends). When a label
would then lie closer to another line's end than to its own, or the labels do not fit in the
panel's height, the panel gets a legend instead, so that no name can be read against the wrong
line.

:func:`problems` lists what a reader would trip over in a finished figure: two text boxes that
overlap, an end label nearer another series than its own, a log axis that does not say so, a
share (%) on a log axis without a stated reason, a log axis with fewer than three labelled
ticks, and provisional points or breaks in series drawn without a word that explains them. The tests run it on synthetic crowded data and :func:`analysis.viz.figures.save` runs it
on every real figure when ``ANALYSIS_FIGURE_CHECK`` is set.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

PROVISIONAL_GID = "provisional"
"""gid of a series' dashed provisional segment (``provisional:<label>``) and hollow points."""
BREAK_GID = "method-break"
"""gid of the hollow diamond at the first year of a series under a new definition."""

LEADER_GID = "label-leader"
"""gid of an end label placed in the column of labels, and of the leader joining it to its line."""
PROVISIONAL_PHRASE = "Hollow points on a dashed segment: provisional"
BREAK_PHRASE = "Gap and hollow diamond: break in series"
"""The footer's explanations of the two marks; the figure check looks for exactly these."""

LABEL_SIZE = 7.0
"""Font size (points) of end-of-line labels."""

_OFFSET_PT = 3.0
_LINE_SPACING = 1.3


@dataclass(frozen=True)
class End:
    """The last point of one plotted series and how to label it."""

    label: str
    x: float
    y: float
    colour: str


_PENDING: weakref.WeakKeyDictionary[Axes, list[End]] = weakref.WeakKeyDictionary()


class LabelledLayout(ConstrainedLayoutEngine):
    """Constrained layout that places the registered end labels on the layout it finds.

    Before laying out, each registered line end gets its label in the column right of the
    panel's last end, at mid-height (:func:`_reserve`): the layout makes room for the labels'
    width. Once laid out, the labels move to their places (:func:`_settle`, inside the panel:
    the layout stays as it is); a panel whose labels do not fit gets a legend instead, and the
    figure is laid out once more around it. So a figure with end labels is laid out once, like
    any other, wherever it is laid out: saved (:func:`analysis.viz.figures.freeze`), drawn in
    a notebook, or checked (:func:`problems`).
    """

    def execute(self, fig: Figure) -> dict:  # type: ignore[override]  # Figure, not a SubFigure
        """Reserve room for the pending labels, lay ``fig`` out, then place them (or a legend)."""
        return _with_labels(fig, lambda: super(LabelledLayout, self).execute(fig))


def _with_labels(fig: Figure, lay_out_once: Callable[[], Any]) -> Any:
    """Reserve the pending labels' column, call ``lay_out_once``, then place them (or a legend).

    ``lay_out_once`` runs again when a legend replaced some panel's labels; it returns what the
    layout engine returns (nothing, for a figure without one).
    """
    axes = [ax for ax in fig.axes if ax in _PENDING]
    reserved = {ax: _reserve(ax, _PENDING[ax]) for ax in axes}
    result = lay_out_once()
    legends = [ax for ax in axes if not _settle(ax, _PENDING.pop(ax), reserved[ax])]
    if legends:  # a legend replaced labels: lay out again around it
        result = lay_out_once()
    return result


def register(ax: Axes, ends: Sequence[End]) -> None:
    """Label the ends of ``ax``'s lines when its figure is laid out.

    A figure with constrained layout gets a :class:`LabelledLayout` (the same settings), which
    places the labels in every layout, drawn or saved. Any other figure has them placed when it
    is saved or :func:`place` is called (:func:`lay_out`), around whatever layout it has.
    """
    fig = ax.get_figure(root=True)
    engine = fig.get_layout_engine()  # type: ignore[union-attr]
    if isinstance(engine, ConstrainedLayoutEngine) and not isinstance(engine, LabelledLayout):
        # get() leaves out "compress" (layout="compressed"); the engine keeps it privately
        settings = {**engine.get(), "compress": getattr(engine, "_compress", False)}
        fig.set_layout_engine(LabelledLayout(**settings))  # type: ignore[union-attr]
    _PENDING[ax] = list(ends)


def spread(targets: Sequence[float], height: float, low: float, high: float) -> list[float]:
    """Return positions near ``targets`` at least ``height`` apart, within ``[low, high]``.

    Overlapping labels are merged into clusters centred on the mean of their targets (the
    least total displacement), then each cluster is shifted back inside the bounds. Positions
    keep the order of the targets.

    Args:
        targets: Wanted centre of each label (any order), e.g. pixels.
        height: Minimum distance between two centres.
        low: Lowest allowed centre.
        high: Highest allowed centre.

    Returns:
        One position per target, in the order given.
    """
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    clusters: list[list[int]] = []
    starts: list[float] = []

    def start_of(members: list[int]) -> float:
        mean = float(np.mean([targets[i] - k * height for k, i in enumerate(members)]))
        top = high - (len(members) - 1) * height
        return min(max(mean, low), max(top, low))

    for i in order:
        clusters.append([i])
        starts.append(start_of([i]))
        while len(clusters) > 1 and starts[-2] + len(clusters[-2]) * height > starts[-1]:
            merged = clusters[-2] + clusters[-1]
            clusters[-2:] = [merged]
            starts[-2:] = [start_of(merged)]
    out = [0.0] * len(targets)
    for members, start in zip(clusters, starts, strict=True):
        for k, i in enumerate(members):
            out[i] = start + k * height
    return out


def place(fig: Figure) -> None:
    """Lay ``fig`` out now, at the saved resolution, which labels its registered line ends.

    Saving does this by itself; call it to inspect a figure's labels before it is drawn.
    """
    if any(ax in _PENDING for ax in fig.axes):
        with saved_resolution(fig):
            lay_out(fig)


def lay_out(fig: Figure) -> None:
    """Wrap the figure's wrapped texts once, then run its layout engine once, drawing nothing.

    Positions every axes and the figure title as a draw would; what a draw adds (the artists'
    own pixels) is not needed to place labels or to measure the figure's tight box. A text
    with ``wrap=True`` (a title, a footer) gets its line breaks first, so that the layout makes
    room for the lines it will have (matplotlib would wrap it only while drawing, after the
    layout), and keeps them in every later draw and format. Axis labels without text are
    hidden (:func:`_drop_empty_label`), and pending end labels are placed by the layout
    (:class:`LabelledLayout`, or around any other engine, or none).
    """
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvases have one
    for text in fig.findobj(Text):
        if text.get_wrap():
            text._renderer = renderer  # type: ignore[attr-defined]  # private: measures lines
            text.set_text(wrapped(text))
            text.set_wrap(False)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text().strip():
                _drop_empty_label(axis)
    engine = fig.get_layout_engine()
    if isinstance(engine, LabelledLayout):
        engine.execute(fig)  # places the pending end labels itself
    else:  # labels registered, then the engine replaced (or removed): place them all the same
        _with_labels(fig, lambda: engine.execute(fig) if engine is not None else None)


def _drop_empty_label(axis: Axis) -> None:
    """Hide an axis label that says nothing, and pin it, so that nothing places it.

    matplotlib places an axis label beside the axis's tick labels in every layout pass and
    every draw (measuring them, and updating the ticks, once more each time), text or no text,
    and counts the empty label's point into the panel's box. Hidden and pinned
    (``set_label_coords``), it costs nothing and takes no room; a label with text is left as it is.
    """
    axis.label.set_visible(False)
    axis.set_label_coords(0.5, 0.5)


def pin_axis_labels(fig: Figure) -> None:
    """Keep every axis label where the last layout or draw put it, in its panel's coordinates.

    For a figure whose layout is final (:func:`analysis.viz.figures.freeze`): later draws
    (PNG, SVG) then show each label where the tight box was measured with it instead of
    placing it again beside the tick labels, which measures them once more per draw.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            label = axis.label
            if label.get_visible():
                shown = label.get_transform().transform(label.get_position())
                axis.set_label_coords(*ax.transAxes.inverted().transform(shown))


def wrapped(text: Text) -> str:
    """Return ``text``'s string with the line breaks matplotlib's wrapping gives it.

    The same breaks as ``Text._get_wrapped_text`` (each line takes as many words as fit in the
    wrap width, measured as rendered), found by halving the number of words instead of trying
    one more word at a time: a long footer is measured about 6 times a line instead of 40.
    The text must have been measured or drawn once (its renderer set).
    """
    if not text.get_wrap() or text.get_usetex():
        return text.get_text()
    limit = text._get_wrap_line_width()  # type: ignore[attr-defined]  # private
    out: list[str] = []
    for line in text.get_text().split("\n"):
        words = line.split(" ")
        while len(words) > 1:
            low, high = 2, len(words) + 1  # the fewest words too wide (len + 1: none is)
            while low < high:
                mid = (low + high) // 2
                width = text._get_rendered_text_width(" ".join(words[:mid]))  # type: ignore[attr-defined]
                low, high = (low, mid) if width > limit else (mid + 1, high)
            out.append(" ".join(words[: low - 1]))
            words = words[low - 1 :]
        out += words
    return "\n".join(out)


@contextmanager
def saved_resolution(fig: Figure) -> Iterator[None]:
    """Set ``fig`` to the resolution it is saved at (``savefig.dpi``) for the block."""
    screen = fig.dpi
    fig.set_dpi(float(mpl.rcParams["savefig.dpi"]))
    try:
        yield
    finally:
        fig.set_dpi(screen)


def _reserve(ax: Axes, ends: list[End]) -> list[Annotation]:
    """Add the labels of ``ends`` in the column right of the last end, at mid-height.

    Where the layout will find them: their width beside the panel is what it makes room for.
    """
    last_x = max(e.x for e in ends)
    return [
        ax.annotate(
            end.label,
            (last_x, 0.5),
            xycoords=("data", "axes fraction"),
            xytext=(_OFFSET_PT, 0),
            textcoords="offset points",
            fontsize=LABEL_SIZE,
            color=end.colour,
            va="center",
            annotation_clip=False,
        )
        for end in ends
    ]


def _settle(ax: Axes, ends: list[End], texts: list[Annotation]) -> bool:
    """Move each label of ``texts`` by its line's end, in one column right of the last end.

    A line that ends earlier gets a thin leader from its end to its label in the column, so its
    label never sits among the other lines. Labels stay inside the panel's height, so the
    layout they were reserved in still holds. Returns False, having replaced the labels by a
    legend, when they do not fit in the panel's height or one would lie nearer another line's
    end than its own.
    """
    dpi = ax.figure.dpi
    height = LABEL_SIZE * _LINE_SPACING * dpi / 72
    box = ax.get_window_extent()
    points = ax.transData.transform([(e.x, e.y) for e in ends])
    wanted = [float(p[1]) for p in points]
    placed = spread(wanted, height, box.y0 + height / 2, box.y1 - height / 2)
    offset = _OFFSET_PT * dpi / 72
    column = max(float(p[0]) for p in points)
    lead = [column - float(p[0]) > offset for p in points]
    anchors = [
        ((column if early else float(p[0])) + offset, y)
        for p, y, early in zip(points, placed, lead, strict=True)
    ]
    fits = len(ends) * height <= box.height
    own = [tuple(p) for p in points]
    near = all(lead[i] or _nearer_end(a, i, own) is None for i, a in enumerate(anchors))
    if not fits or not near:
        for text in texts:
            text.remove()
        _legend(ax)
        return False
    to_data = ax.transData.inverted()
    last_x = max(e.x for e in ends)
    for end, text, (x, y), early in zip(ends, texts, anchors, lead, strict=True):
        _, data_y = to_data.transform((x - offset, y))
        text.xycoords = "data"
        text.xy = (last_x if early else end.x, float(data_y))
        if early:  # a thin leader from the line's own end to its label in the column
            text.set_gid(LEADER_GID)
            ax.plot([end.x, last_x], [end.y, float(data_y)], color=end.colour, lw=0.6, alpha=0.8,
                    label="_leader", gid=LEADER_GID, scalex=False, scaley=False)  # fmt: skip
    return True


def _nearer_end(
    anchor: tuple[float, float], own: int, ends: Sequence[tuple[float, float]]
) -> int | None:
    """Return the index of an end nearer ``anchor`` than its own ``ends[own]``, or None.

    The one rule of "a label lies by its own line" (0.5 px slack), for placing and checking.
    """
    dist = [float(np.hypot(anchor[0] - ex, anchor[1] - ey)) for ex, ey in ends]
    nearest = int(np.argmin(dist))
    return nearest if dist[nearest] < dist[own] - 0.5 else None


def _nearest_own(anchors: Sequence[tuple[float, float]], ends: Sequence[tuple]) -> bool:
    """True when every label anchor is at least as near its own end as any other end."""
    return all(_nearer_end(a, i, ends) is None for i, a in enumerate(anchors))


def _legend(ax: Axes) -> None:
    """Name the lines in a legend beside the panel (the fallback when labels do not fit)."""
    ax.legend(
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        fontsize=LABEL_SIZE,
        handlelength=1.2,
        borderaxespad=0.3,
    )


# --- checks ---------------------------------------------------------------------------------


def _in_view(value: float, limits: tuple[float, float]) -> bool:
    low, high = sorted(limits)
    pad = (high - low) * 1e-9
    return low - pad <= value <= high + pad


def _tick_texts(ax: Axes) -> tuple[list[Text], set[int]]:
    """Return the tick labels drawn on ``ax`` and the ids of all its tick label objects."""
    shown: list[Text] = []
    every: set[int] = set()
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            for text in (tick.label1, tick.label2):
                every.add(id(text))
                visible = text.get_visible() and tick.get_visible() and text.get_text()
                if visible and _in_view(tick.get_loc(), limits):
                    shown.append(text)
    return shown, every


def drawn_texts(fig: Figure) -> list[Text]:
    """Return every text a reader sees on ``fig`` (titles, labels, ticks in view, legends)."""
    texts: list[Text] = []
    ticks: set[int] = set()
    for ax in fig.axes:
        if ax.get_visible():
            shown, every = _tick_texts(ax)
            texts += shown
            ticks |= every
    hidden = {id(t) for ax in fig.axes if not ax.get_visible() for t in ax.findobj(Text)}
    for text in fig.findobj(Text):
        if id(text) in ticks or id(text) in hidden or not text.get_text().strip():
            continue
        if text.get_visible():
            texts.append(text)
    return list({id(t): t for t in texts}.values())


def overlaps(fig: Figure, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Return the pairs of drawn texts whose boxes overlap by more than ``tolerance`` pixels."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvases have one
    boxes: list[tuple[str, Bbox]] = []
    for text in drawn_texts(fig):
        box = text.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((text.get_text(), box))
    pairs = []
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if width > tolerance and height > tolerance:
                pairs.append((a, b))
    return pairs


def _line_ends(ax: Axes) -> dict[str, tuple[float, float]]:
    """Return the display position of the last finite point of each labelled line."""
    ends: dict[str, tuple[float, float]] = {}
    for line in ax.get_lines():
        # A series' provisional years are a separate dashed line whose gid names the series.
        gid = str(line.get_gid() or "")
        own = gid.startswith(f"{PROVISIONAL_GID}:")
        label = gid.split(":", 1)[1] if own else str(line.get_label())
        if label.startswith("_") or not isinstance(line, Line2D):
            continue
        xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy):
            end = ax.transData.transform(xy[-1])
            if label not in ends or end[0] >= ends[label][0]:
                ends[label] = (float(end[0]), float(end[1]))
    return ends


def misplaced_labels(fig: Figure) -> list[str]:
    """Return the end labels that lie nearer another line's end than their own line's end."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    wrong = []
    for ax in fig.axes:
        ends = _line_ends(ax)
        if len(ends) < 2:
            continue
        for text in ax.texts:
            name = text.get_text()
            if name not in ends or text.get_gid() == LEADER_GID:
                continue  # a label with a leader is joined to its own line
            box = text.get_window_extent(renderer)
            names = list(ends)
            other = _nearer_end(
                (box.x0, (box.y0 + box.y1) / 2), names.index(name), list(ends.values())
            )
            if other is not None:
                wrong.append(f"{name!r} is nearer the end of {names[other]!r}")
    return wrong


def _axis_problems(ax: Axes, which: str) -> list[str]:
    axis = ax.xaxis if which == "x" else ax.yaxis
    if axis.get_scale() != "log":
        return []
    label = axis.get_label().get_text()
    title = " ".join(ax.get_title(loc=loc) for loc in ("left", "center", "right")).strip()
    where = f"panel {title!r}, {which} axis"
    out = []
    if "log" not in label.lower():
        out.append(f"{where}: log scale not stated in the axis label {label!r}")
    if "%" in title + label and "log scale:" not in label.lower():
        out.append(f"{where}: a share (%) on a log axis without a reason ('log scale: why')")
    limits = ax.get_xlim() if which == "x" else ax.get_ylim()
    labelled = [
        t
        for t, loc in zip(axis.get_majorticklabels(), axis.get_majorticklocs(), strict=False)
        if t.get_text() and _in_view(loc, limits)
    ]
    if len(labelled) < 3:
        out.append(f"{where}: only {len(labelled)} labelled ticks on a log axis")
    return out


RATIO_WORDS = ("÷", "ratio", "times", "multiple")
"""Words that make an axis a ratio axis (in its label or its panel's title), as whole words."""


def is_ratio(words: str) -> bool:
    """Whether ``words`` (an axis label, a panel title) name a ratio: "÷", "ratio", "times"."""
    text = words.lower()
    return "÷" in text or any(re.search(rf"\b{w}\b", text) for w in RATIO_WORDS[1:])


BASELINE_WORDS = ("axis from", "baseline")
"""Words by which an axis label states a baseline other than 0 or 1."""

MIN_TICK_GAP = 0.3
"""Tick labels closer than this many font heights apart run together ("2011201420172020")."""


def _panel_words(ax: Axes, which: str) -> tuple[str, str]:
    axis = ax.xaxis if which == "x" else ax.yaxis
    title = " ".join(ax.get_title(loc=loc) for loc in ("left", "center", "right")).strip()
    return axis.get_label().get_text(), title


def ratio_axis_problems(ax: Axes, which: str) -> list[str]:
    """A linear ratio axis must start at 0 or 1, or state its baseline in the axis label.

    A ratio (a "÷" or "ratio" in the axis label or the panel title) on a linear axis that starts
    elsewhere (12× to 28× drawn from 11.5) makes a change look several times larger than it is:
    use a log axis, start at 0 or 1, or say where the axis starts ("axis from 10").
    """
    axis = ax.xaxis if which == "x" else ax.yaxis
    if axis.get_scale() != "linear":
        return []
    label, title = _panel_words(ax, which)
    # The panel title names the value axis (y); an x axis is a ratio only by its own label.
    words = f" {label} {title if which == 'y' else ''} ".lower()
    if not is_ratio(words) or any(w in words for w in BASELINE_WORDS):
        return []
    if any(re.search("[a-zA-Z]", t.get_text()) for t in axis.get_majorticklabels()):
        return []  # a category axis (bars named by country): its limits are not values
    low, high = sorted(ax.get_xlim() if which == "x" else ax.get_ylim())
    slack = 0.02 * (high - low)
    if abs(low) <= slack or abs(low - 1) <= slack:
        return []
    return [
        f"panel {title!r}, {which} axis: a ratio on a linear axis starting at {low:.3g}, not at "
        "0 or 1; use a log axis, start at 0 or 1, or state the baseline ('axis from ...')"
    ]


def run_together_ticks(ax: Axes, which: str) -> list[str]:
    """Tick labels of one axis that touch or nearly touch (a row that reads as one number)."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    limits = ax.get_xlim() if which == "x" else ax.get_ylim()
    texts = [
        t
        for tick in axis.get_major_ticks()
        for t in (tick.label1, tick.label2)
        if t.get_visible() and t.get_text() and _in_view(tick.get_loc(), limits)
    ]
    boxes = sorted(
        ((t.get_window_extent(renderer), t) for t in texts),
        key=lambda bt: bt[0].x0 if which == "x" else bt[0].y0,
    )
    out = []
    for (a, ta), (b, tb) in zip(boxes, boxes[1:], strict=False):
        if ta.get_position() == tb.get_position():
            continue
        gap = b.x0 - a.x1 if which == "x" else b.y0 - a.y1
        size = float(ta.get_fontsize()) * ax.figure.dpi / 72
        if gap < MIN_TICK_GAP * size:
            _, title = _panel_words(ax, which)
            out.append(
                f"panel {title!r}, {which} tick labels run together: {ta.get_text()!r} and "
                f"{tb.get_text()!r} ({gap:.1f} px apart)"
            )
            break
    return out


def unexplained_marks(fig: Figure) -> list[str]:
    """Return the marks drawn on ``fig`` (provisional points, breaks) that no text explains."""
    gids = {str(line.get_gid() or "").split(":")[0] for ax in fig.axes for line in ax.get_lines()}
    # a wrapped footer may break a phrase across lines: compare words, not line breaks
    words = " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))
    wanted = {PROVISIONAL_GID: PROVISIONAL_PHRASE, BREAK_GID: BREAK_PHRASE}
    return [
        f"{gid} marks drawn but no text says {phrase!r}"
        for gid, phrase in wanted.items()
        if gid in gids and phrase not in words
    ]


def problems(fig: Figure) -> list[str]:
    """List what makes ``fig`` hard to read (empty when it is clean); lays the figure out first.

    The layout pass places every text as a draw would, without rendering pixels.
    """
    fig.draw_without_rendering()
    found = [f"text boxes overlap: {a!r} and {b!r}" for a, b in overlaps(fig)]
    found += misplaced_labels(fig)
    found += unexplained_marks(fig)
    for ax in fig.axes:
        if ax.get_visible():
            for which in ("x", "y"):
                found += _axis_problems(ax, which) + ratio_axis_problems(ax, which)
                found += run_together_ticks(ax, which)
    return found
