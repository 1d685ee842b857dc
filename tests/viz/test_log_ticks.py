"""Log axes: labelled ticks within the limits, and minor ticks only where they are drawn."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pytest

from analysis.viz import figures


def _log_figure(low: float, high: float, *, wrapped: bool):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2, 3], [low, np.sqrt(low * high), high])
    ax.set_yscale("log")
    if wrapped:
        figures.log_ticks(ax)
    else:  # the same major ticks, matplotlib's own minor locator
        minor = ax.yaxis.get_minor_locator()
        figures.log_ticks(ax)
        ax.yaxis.set_minor_locator(minor)
    return fig, ax


def _pixels(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=100)
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8)


@pytest.mark.parametrize(("low", "high"), [(0.003, 0.4), (1.0, 1000.0), (2.5, 7.5), (12.0, 9e5)])
def test_minor_ticks_drawn_are_the_same_with_fewer_built(low: float, high: float) -> None:
    shown, built = {}, {}
    for wrapped in (False, True):
        fig, ax = _log_figure(low, high, wrapped=wrapped)
        shown[wrapped] = _pixels(fig)
        built[wrapped] = len(ax.yaxis.minorTicks)  # the ticks the axis built to draw
        plt.close(fig)
    assert np.array_equal(shown[True], shown[False])  # the same figure, pixel for pixel
    assert built[True] < built[False]


def test_outside_the_limits_a_log_axis_builds_no_minor_tick() -> None:
    fig, ax = _log_figure(0.003, 0.4, wrapped=True)
    low, high = ax.get_ylim()
    locations = list(ax.yaxis.get_minor_locator()())
    assert locations and all(low * (1 - 1e-6) <= t <= high * (1 + 1e-6) for t in locations)
    plt.close(fig)


def test_in_view_keeps_ticks_a_rounding_error_beyond_a_limit() -> None:
    assert figures.InView.within([0.0030000000000000005, 0.5, 0.0029], 0.003, 0.4) == [
        0.0030000000000000005
    ]


def test_in_view_keeps_a_rounding_error_beyond_a_zero_limit() -> None:
    ticks = list(mticker.MultipleLocator(0.1).tick_values(-5, 0))  # "0" comes out as ~9e-16
    kept = figures.InView.within(ticks, -5, 0)
    assert kept == [t for t in ticks if -5 - 1e-12 <= t <= 1e-12] and 0 < kept[-1] < 1e-12
    assert figures.InView.within([1e-16, 0.2], -5, 0) == [1e-16]
