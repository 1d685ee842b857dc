"""Provisional years and breaks in series are drawn, explained in the footer, and checked."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis.data.marks import SeriesMark
from analysis.viz import charts, figures, labels

YEARS = list(range(2000, 2024))
BREAK = SeriesMark("break", 2009, "CHN", "a new definition of researchers", "OECD MSTI notes")
PROVISIONAL = SeriesMark("provisional", 2023, None, "the last year is incomplete")


def _table() -> pd.DataFrame:
    chn = pd.Series(100.0 * 1.08 ** np.arange(len(YEARS)), index=YEARS)
    chn[chn.index >= 2009] *= 0.72 / 1.08  # 2009 is 28 % below 2008
    rus = pd.Series(300.0 * 0.99 ** np.arange(len(YEARS)), index=YEARS)
    return pd.DataFrame({"RUS": rus, "CHN": chn})


def _lines(ax, gid: str) -> list:
    return [line for line in ax.get_lines() if str(line.get_gid() or "").startswith(gid)]


def _footer(fig) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))  # wrapped lines


def test_a_break_leaves_a_gap_and_a_diamond_on_its_own_series_only() -> None:
    fig, (ax,) = figures.new_figure()
    drawn = figures.lines(ax, _table(), marks=[BREAK])
    china = next(line for line in ax.get_lines() if line.get_label() == "China")
    x, y = np.asarray(china.get_xdata(), float), np.asarray(china.get_ydata(), float)
    gap = np.flatnonzero(np.isnan(y))
    assert len(gap) == 1 and x[gap[0]] == 2008.5, "the line must not join 2008 to 2009"
    (diamond,) = _lines(ax, labels.BREAK_GID)
    assert list(diamond.get_xdata()) == [2009] and diamond.get_markerfacecolor() == "white"
    assert diamond.get_markeredgecolor() == figures.colour("CHN")
    russia = next(line for line in ax.get_lines() if line.get_label() == "Russia")
    assert not np.isnan(np.asarray(russia.get_ydata(), float)).any()
    (mark,) = drawn
    assert mark.mark.series == "CHN" and (mark.previous_year, mark.shown_year) == (2008, 2009)
    assert mark.change == pytest.approx(-0.28)
    assert mark.change_text() == "plotted 2008\u21922009: \u221228 %"


def test_provisional_years_are_dashed_and_hollow_for_every_series() -> None:
    fig, (ax,) = figures.new_figure()
    drawn = figures.lines(ax, _table(), marks=[PROVISIONAL])
    segments = _lines(ax, f"{labels.PROVISIONAL_GID}:")
    assert sorted(str(s.get_gid()) for s in segments) == ["provisional:China", "provisional:Russia"]
    for segment in segments:
        assert list(segment.get_xdata()) == [2022, 2023] and segment.get_linestyle() == "--"
    solid = [line for line in ax.get_lines() if line.get_label() in ("China", "Russia")]
    assert all(max(line.get_xdata()) == 2022 for line in solid)
    points = [line for line in ax.get_lines() if line.get_gid() == labels.PROVISIONAL_GID]
    assert len(points) == 2 and all(p.get_markerfacecolor() == "white" for p in points)
    assert {d.mark.series for d in drawn} == {"RUS", "CHN"}


def test_marks_outside_the_data_draw_nothing() -> None:
    fig, (ax,) = figures.new_figure()
    table = _table().loc[2010:2020]
    late = SeriesMark("provisional", 2030, None, "x")
    assert figures.lines(ax, table, marks=[BREAK, late]) == []
    assert not _lines(ax, labels.BREAK_GID) and not _lines(ax, labels.PROVISIONAL_GID)


def test_panels_explain_the_marks_in_the_footer_with_the_plotted_change() -> None:
    table = _table()
    ratio = BREAK.on("CHN", label="China ÷ Russia researchers")
    fig = charts.panels(
        {"Researchers": table, "R&D spending": table, "China ÷ Russia": table[["CHN"]] / 3},
        title="t",
        footer="Source: demo.",
        log=True,
        marks={"Researchers": [BREAK, PROVISIONAL], "China ÷ Russia": [ratio]},
    )
    researchers, spending, _ = fig.axes
    assert _lines(researchers, labels.BREAK_GID) and not _lines(spending, labels.BREAK_GID)
    text = _footer(fig)
    assert (
        "Hollow points on a dashed segment: provisional (2023): the last year is incomplete."
        in text
    )
    assert (
        "Gap and hollow diamond: break in series: China 2009 (plotted 2008\u21922009: \u221228 %); "
        "China ÷ Russia researchers 2009 (plotted 2008\u21922009: \u221228 %). "
        "A new definition of researchers (OECD MSTI notes)."
    ) in text
    assert text.count("a new definition of researchers".capitalize()) == 1, "one note per break"
    assert labels.problems(fig) == []


def test_a_mark_for_a_panel_the_figure_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"panel\(s\) \['researchers'\].*\['Researchers'\]"):
        charts.panels(
            {"Researchers": _table()}, title="t", footer="f", marks={"researchers": [BREAK]}
        )


def test_a_break_inside_the_provisional_years_still_leaves_a_gap() -> None:
    fig, (ax,) = figures.new_figure()
    late_break = SeriesMark("break", 2023, "CHN", "n", "c")
    figures.lines(ax, _table(), marks=[late_break, PROVISIONAL])
    (china_tail,) = _lines(ax, f"{labels.PROVISIONAL_GID}:China")
    y = np.asarray(china_tail.get_ydata(), float)
    assert np.isnan(y).any(), "the dashed segment must not join 2022 to the new definition"
    assert [line.get_xdata()[0] for line in _lines(ax, labels.BREAK_GID)] == [2023]


def test_a_break_year_without_a_value_is_shown_at_the_next_year_with_one() -> None:
    fig, (ax,) = figures.new_figure()
    table = _table().drop(index=2009)
    (drawn,) = figures.lines(ax, table, marks=[BREAK])
    assert (drawn.mark.year, drawn.shown_year, drawn.previous_year) == (2009, 2010, 2008)
    assert list(_lines(ax, labels.BREAK_GID)[0].get_xdata()) == [2010]
    assert drawn.where() == "China 2009, first shown 2010"


def test_provisional_years_of_two_sources_keep_their_own_reasons() -> None:
    other = SeriesMark("provisional", 2022, "RUS", "another source lags")
    fig, (ax,) = figures.new_figure()
    note = figures.marks_note(figures.lines(ax, _table(), marks=[PROVISIONAL, other]))
    assert "provisional (2023): the last year is incomplete." in note
    assert "provisional (2022): another source lags." in note


def test_figure_check_flags_marks_without_a_word_of_explanation() -> None:
    fig, (ax,) = figures.new_figure()
    figures.lines(ax, _table(), marks=[BREAK, PROVISIONAL])
    fig.suptitle("a provisional title that mentions a break in series")  # not an explanation
    found = labels.unexplained_marks(fig)
    assert len(found) == 2, found
    figures.add_footer(
        fig, figures.marks_note(figures.lines(ax, _table(), marks=[BREAK, PROVISIONAL]))
    )
    assert labels.unexplained_marks(fig) == []


def test_an_end_label_at_a_provisional_point_counts_as_its_own() -> None:
    """The label sits at the end of the dashed segment, which belongs to its series."""
    table = _table()
    table["RUS"] = table["CHN"] * 1.6
    fig = charts.panels({"p": table}, title="t", footer="f", marks=[PROVISIONAL])
    fig.canvas.draw()
    assert labels.misplaced_labels(fig) == []
    anchors = {t.get_text(): t.xy for t in fig.axes[0].texts}
    assert {name: x for name, (x, _) in anchors.items()} == {"Russia": 2023, "China": 2023}
