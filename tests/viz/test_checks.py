"""Verdict dots: every row's dot in one collection, coloured by its verdict; the legend's keys."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_rgba

from analysis.viz import checks, figure_data


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["A · 2019", "B · 2019", "C · 2019", "A · 2023 (context)"],
            "computed": [12.0, 30.0, 41.0, 25.0],
            "verdict": ["supported", "partly supported", "not supported", "context"],
            "counts": [True, True, True, False],
            "annotation": ["", "rank 3/62", "", ""],
        }
    )


def _figure(rows: pd.DataFrame | None = None):
    sources = pd.DataFrame({"source": ["wdi"], "vintage": ["2025-07-01"]})
    return checks.verdict_dots(
        _rows() if rows is None else rows, title="A claim", sources=sources, note=" Claim: a text.", xlabel="multiple",
        claimed=[38.0],
    )  # fmt: skip


def test_each_row_is_one_dot_of_its_verdict_in_row_order() -> None:
    fig = _figure()
    [dots] = fig.axes[0].collections  # one collection for every row; no legend proxies
    assert dots.get_offsets().tolist() == [[12.0, 0.0], [30.0, 1.0], [41.0, 2.0], [25.0, 3.0]]
    faces = [tuple(c) for c in dots.get_facecolors()]
    edges = [tuple(c) for c in dots.get_edgecolors()]
    colours = [
        to_rgba(checks.COLOURS[v]) for v in ("supported", "partly supported", "not supported")
    ]
    assert faces == [*colours, to_rgba("white")]  # the context row is hollow
    assert edges == [*colours, to_rgba(checks.CONTEXT_COLOUR)]
    plt.close(fig)


def test_the_legend_names_the_claim_every_verdict_and_context() -> None:
    fig = _figure()
    legend = fig.axes[0].get_legend()
    names = [t.get_text() for t in legend.get_texts()]
    assert names == ["claimed: 38", *checks.COLOURS, "context, not counted"]
    plt.close(fig)


def test_the_figure_data_has_one_row_per_dot_at_its_label() -> None:
    fig = _figure()
    found = [(r["category"], r["value"]) for r in figure_data.rows(fig, "fig")]
    assert found == [("A · 2019", "12"), ("B · 2019", "30"), ("C · 2019", "41"),
                     ("A · 2023 (context)", "25")]  # fmt: skip
    plt.close(fig)


def test_rows_read_top_down_with_half_a_row_of_room_at_each_end() -> None:
    fig = _figure()
    bottom, top = fig.axes[0].get_ylim()
    assert (bottom, top) == (len(_rows()) - 0.5, -0.5)  # no dot on the x axis
    plt.close(fig)


def test_a_row_without_a_value_draws_no_dot_keeps_its_place_and_warns_nothing() -> None:
    rows = _rows().assign(computed=[12.0, float("nan"), 41.0, 25.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warned about masked styles of a NaN dot
        fig = _figure(rows)
        fig.canvas.draw()
    [dots] = fig.axes[0].collections
    assert dots.get_offsets().tolist() == [[12.0, 0.0], [41.0, 2.0], [25.0, 3.0]]
    assert [tuple(c) for c in dots.get_facecolors()][1] == to_rgba(checks.COLOURS["not supported"])
    plt.close(fig)
