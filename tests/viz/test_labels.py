"""Every figure kind stays legible on crowded data: no overlapping text, labels by their lines.

Each chart builder is rendered with synthetic data chosen to crowd it (seven series ending at
nearly the same value, long panel titles, ties in a bump chart); :func:`labels.problems` must
find nothing. The checks themselves are tested on figures that are deliberately broken.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from analysis.errors import FigureCheckError
from analysis.viz import charts, figures, labels

CODES = ["RUS", "CHN", "USA", "JPN", "KOR", "DEU", "IND"]
YEARS = list(range(2000, 2023))


def _converging(scale: float = 100.0, spread: float = 0.004) -> pd.DataFrame:
    """Seven series whose ends lie within a few per cent of each other (worst case for labels)."""
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            c: scale * (1 + 0.03 * np.arange(len(YEARS))) * (1 + spread * k)
            + rng.normal(0, scale * 0.002, len(YEARS))
            for k, c in enumerate(CODES)
        },
        index=YEARS,
    )


def _assert_clean(fig) -> None:
    found = labels.problems(fig)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("spread", [0.0005, 0.02, 0.3])
def test_panels_of_crowded_lines_have_no_overlap_and_no_misplaced_label(log, spread) -> None:
    wide = _converging(spread=spread)
    fig = charts.panels(
        {
            "R&D spending at purchasing-power parity, 2000 = 100": wide,
            "Researchers per million people, 2000 = 100, a long title": wide * 2,
            "China ÷ Russia": wide / 40,
        },
        title="A headline",
        footer="Source: test.",
        log=log,
        mark_year=2019,
    )
    _assert_clean(fig)


def test_lines_ending_in_different_years_and_a_sparse_series() -> None:
    wide = _converging(spread=0.01)
    wide.loc[2016:, "IND"] = np.nan
    wide.loc[[y for y in YEARS if y % 4], "DEU"] = np.nan
    fig = charts.panels({"Panel": wide, "Other": wide}, title="t", footer="f", ncols=2)
    _assert_clean(fig)


def test_crowded_ends_fall_back_to_a_legend_and_spread_ends_get_labels() -> None:
    crowded = charts.panels({"p": _converging(spread=0.0)}, title="t", footer="f", ncols=1)
    assert not crowded.axes[0].texts  # labels are placed when the figure is laid out
    labels.place(crowded)
    assert crowded.axes[0].get_legend() is not None
    assert not crowded.axes[0].texts
    apart = charts.panels({"p": _converging(spread=0.5)}, title="t", footer="f", ncols=1)
    labels.place(apart)
    assert apart.axes[0].get_legend() is None
    assert len(apart.axes[0].texts) == len(CODES)


def test_end_labels_are_placed_by_the_one_layout_of_a_save(tmp_path, monkeypatch) -> None:
    """A figure with end labels is laid out once, like any other (once more for a legend)."""
    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK", raising=False)
    runs = []
    original = labels.ConstrainedLayoutEngine.execute
    monkeypatch.setattr(
        labels.ConstrainedLayoutEngine,
        "execute",
        lambda self, fig: (runs.append(fig), original(self, fig))[1],
    )
    apart = charts.panels({"p": _converging(spread=0.5)}, title="t", footer="f", ncols=1)
    assert runs == []  # building lays nothing out
    figures.save(apart, "apart", tmp_path, formats=("png",))
    assert len(runs) == 1
    texts = apart.axes[0].texts
    assert len(texts) == len(CODES) and all(t.xycoords == "data" for t in texts)
    runs.clear()
    crowded = charts.panels({"p": _converging(spread=0.0)}, title="t", footer="f", ncols=1)
    figures.save(crowded, "crowded", tmp_path, formats=("png",))
    assert len(runs) == 2 and crowded.axes[0].get_legend() is not None


def test_end_labels_are_placed_whatever_the_layout_engine(tmp_path, monkeypatch) -> None:
    """Constrained layout keeps its settings; another engine, or a replaced one, still gets labels."""
    import matplotlib.pyplot as plt

    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK", raising=False)
    end = labels.End("Russia", 2020.0, 1.0, "#000000")
    compressed, ax = plt.subplots(layout="compressed")
    labels.register(ax, [end])
    engine = compressed.get_layout_engine()
    assert isinstance(engine, labels.LabelledLayout) and engine._compress
    for layout in ("tight", "none"):
        fig, ax = plt.subplots(layout=layout)
        ax.plot([2019, 2020], [0.5, 1.0])
        labels.register(ax, [end])
        assert not isinstance(fig.get_layout_engine(), labels.LabelledLayout)
        labels.place(fig)
        assert [t.get_text() for t in ax.texts] == ["Russia"]
    replaced = charts.panels({"p": _converging(spread=0.5)}, title="t", footer="f", ncols=1)
    replaced.set_layout_engine("constrained")  # the labelling engine swapped out after building
    figures.save(replaced, "replaced", tmp_path, formats=("png",))
    assert len(replaced.axes[0].texts) == len(CODES)


def test_share_panels_stay_linear_and_log_panels_say_log() -> None:
    wide = _converging(spread=0.3)
    fig = charts.panels(
        {"Level": wide, "Share, %": wide / 10}, title="t", footer="f", log=True, linear=["Share, %"]
    )
    level, share = fig.axes[:2]
    assert level.get_yscale() == "log" and "log" in level.get_ylabel()
    assert share.get_yscale() == "linear" and "log" not in share.get_ylabel()
    _assert_clean(fig)


def test_narrow_log_range_still_gets_three_ticks() -> None:
    wide = pd.DataFrame({"RUS": np.linspace(100, 112, 10), "CHN": np.linspace(101, 115, 10)})
    fig = charts.panels({"p": wide}, title="t", footer="f", log=True, ncols=1)
    _assert_clean(fig)


def test_dot_charts_are_clean() -> None:
    values = pd.DataFrame(
        np.exp(np.random.default_rng(3).normal(2, 1.5, (4, 6))),
        index=[f"Cross-section {i}, a long label" for i in range(4)],
        columns=CODES[1:],
    )
    _assert_clean(charts.dots(values, title="t", footer="f", xlabel="× Russia"))
    _assert_clean(charts.dots_key_below(values, title="t", footer="f", xlabel="× Russia"))
    share = values.div(values.sum(), axis=1) * 100
    _assert_clean(charts.share_dots(share, title="t", footer="f"))


def test_the_key_under_a_short_dot_chart_stays_off_the_footer() -> None:
    """Two rows and a long source line: the key once fell below the figure, onto the footer."""
    values = pd.DataFrame(
        np.exp(np.random.default_rng(4).normal(2, 1.5, (2, 6))),
        index=[
            "Granted AI patent families, 2000-22 total",
            "Top-10%-cited AI publications, c. 2022",
        ],
        columns=CODES[1:],
    )
    footer = "Source: " + "a long source line with its vintage and its reference year, " * 2
    fig = charts.dots_key_below(values, title="t", footer=footer, xlabel="× Russia (log scale)")
    _assert_clean(fig)
    renderer = fig.canvas.get_renderer()
    key = fig.axes[0].get_legend().get_window_extent(renderer)
    assert key.y0 >= 0, "the key lies inside the figure, above the footer under it"


def _positions() -> pd.DataFrame:
    rows = []
    for index, editions, n in (("Index A", range(2019, 2026), 190), ("B", (2021, 2023), 62)):
        for e in editions:
            for k, c in enumerate(CODES):
                # the focus country sits just above or below another country in every edition
                pct = 80 - k * 2.5 + (e % 3)
                rows.append(
                    {
                        "index": index,
                        "edition": e,
                        "iso3": c,
                        "percentile": pct,
                        "rank": int((100 - pct) / 100 * n) + 1,
                        "n_countries": n,
                    }
                )
    return pd.DataFrame(rows)


def test_bump_chart_is_clean() -> None:
    _assert_clean(charts.bump(_positions(), title="t", footer="f", highlight="RUS"))


def test_bar_charts_and_profile_are_clean() -> None:
    rng = np.random.default_rng(5)
    series = pd.Series(rng.uniform(10, 1000, 12), index=[f"X{i:02d}" for i in range(12)])
    series.index = CODES + list(series.index[7:])
    rankings = {"Partners of Russia, 2022": series, "Partners of China, 2022": series * 2}
    _assert_clean(charts.ranked_bars(rankings, title="t", footer="f", highlight=CODES, top=6))
    table = pd.DataFrame(rng.uniform(1, 40, (5, 2)), index=list("abcde"), columns=CODES[:2])
    _assert_clean(charts.grouped_bars(table, title="t", footer="f"))
    pillars = pd.DataFrame(rng.uniform(20, 100, (6, 4)), index=list("ABCDEF"), columns=CODES[:4])
    _assert_clean(charts.profile(pillars, title="t", footer="f", gap=("RUS", "CHN")))


# --- the checks catch what they should --------------------------------------------------------


def test_overlap_is_detected() -> None:
    fig, [ax] = figures.new_figure()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    assert labels.overlaps(fig)
    assert any("overlap" in p for p in labels.problems(fig))


def test_label_beside_the_wrong_line_is_detected() -> None:
    fig, [ax] = figures.new_figure()
    ax.plot([0, 1], [0, 1], label="Russia")
    ax.plot([0, 1], [0, 10], label="China")
    ax.annotate("Russia", (1, 10), xytext=(3, 0), textcoords="offset points", va="center")
    fig.canvas.draw()
    assert labels.misplaced_labels(fig) == ["'Russia' is nearer the end of 'China'"]


def test_unlabelled_log_axis_and_log_share_are_detected() -> None:
    fig, [ax] = figures.new_figure()
    ax.plot([1, 2, 3], [1, 1000, 30])
    ax.set_yscale("log")
    ax.set_title("Share, %")
    found = labels.problems(fig)
    assert any("log scale not stated" in p for p in found)
    assert any("share (%)" in p for p in found)


def test_log_axis_with_too_few_ticks_is_detected() -> None:
    fig, [ax] = figures.new_figure()
    ax.plot([1, 2], [110, 130])
    ax.set_yscale("log")
    ax.set_ylabel("log scale")
    assert any("labelled ticks" in p for p in labels.problems(fig))


def test_spread_keeps_order_distance_and_bounds() -> None:
    out = labels.spread([5.0, 5.0, 5.0, 50.0], height=10, low=0, high=100)
    assert out[:3] == sorted(out[:3]) and out[3] == 50.0
    assert min(np.diff(sorted(out))) >= 10 - 1e-9
    assert min(out) >= 0
    squeezed = labels.spread([99.0, 99.5], height=10, low=0, high=100)
    assert max(squeezed) <= 100 and abs(squeezed[1] - squeezed[0]) >= 10 - 1e-9


def test_save_refuses_a_broken_figure_when_checks_are_on(tmp_path, monkeypatch) -> None:
    fig, [ax] = figures.new_figure()
    ax.text(0.5, 0.5, "same place")
    ax.text(0.5, 0.5, "same place too")
    monkeypatch.setenv("ANALYSIS_FIGURE_CHECK", "error")
    with pytest.raises(FigureCheckError, match="overlap"):
        figures.save(fig, "broken", tmp_path)
    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK")
    assert figures.save(fig, "broken", tmp_path, formats=("png",))


def test_titles_wrap_to_the_panel_width_and_keep_breaks_that_fit() -> None:
    assert charts.wrap_title("Short\ntitle", 3) == "Short\ntitle"
    wrapped = charts.wrap_title("AI publications per million\npeople (older CSET release)", 3)
    assert all(len(line) <= 25 for line in wrapped.splitlines())
    assert len(wrapped.splitlines()) <= 3


def test_saved_png_is_wide_enough_to_read_the_footer(tmp_path, monkeypatch) -> None:
    from png_size import MIN_PNG_WIDTH, png_width

    from analysis.viz import figures

    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK", raising=False)
    figures.set_style()
    fig, [ax] = figures.new_figure()
    ax.plot([2000, 2001], [1, 2])
    figures.add_footer(fig, "Source: a footer that must stay legible.")
    png = next(p for p in figures.save(fig, "wide", tmp_path) if p.suffix == ".png")
    width = png_width(png)
    assert width >= MIN_PNG_WIDTH, f"saved PNG is {width} px wide; the footer needs {MIN_PNG_WIDTH}"


def test_a_linear_ratio_axis_must_start_at_0_or_1_or_state_its_baseline() -> None:
    import matplotlib.pyplot as plt

    from analysis.viz import labels

    fig, ax = plt.subplots()
    ax.plot([2015, 2023], [12.0, 28.0])
    ax.set_ylabel("China ÷ Russia, AI publications")
    ax.set_ylim(11.5, 29)  # 12× -> 28× drawn from 11.5 looks several times larger
    found = labels.ratio_axis_problems(ax, "y")
    assert found and "starting at 11.5, not at 0 or 1" in found[0]
    assert any("not at 0 or 1" in p for p in labels.problems(fig))
    ax.set_ylim(0, 29)
    assert labels.ratio_axis_problems(ax, "y") == []
    ax.set_ylim(1, 29)
    assert labels.ratio_axis_problems(ax, "y") == []
    ax.set_ylim(11.5, 29)
    ax.set_yscale("log")
    assert labels.ratio_axis_problems(ax, "y") == []  # a log axis shows ratios fairly
    ax.set_yscale("linear")
    ax.set_ylabel("China ÷ Russia (axis from 10)")
    assert labels.ratio_axis_problems(ax, "y") == []  # a stated baseline
    ax.set_ylabel("works")
    assert labels.ratio_axis_problems(ax, "y") == []  # not a ratio
    plt.close(fig)


def test_a_run_together_tick_row_fails_the_check() -> None:
    import matplotlib.pyplot as plt

    from analysis.viz import labels

    fig, ax = plt.subplots(figsize=(1.1, 1.5))
    ax.plot([2011, 2020], [1, 2])
    ax.set_xticks([2011, 2014, 2017, 2020], ["2011", "2014", "2017", "2020"], fontsize=9)
    fig.draw_without_rendering()
    found = labels.run_together_ticks(ax, "x")
    assert found and "x tick labels run together: '2011' and '2014'" in found[0]
    assert any("run together" in p for p in labels.problems(fig))
    fig.set_size_inches(6, 1.5)
    fig.draw_without_rendering()
    assert labels.run_together_ticks(ax, "x") == []
    plt.close(fig)


def test_a_line_ending_early_gets_its_label_in_the_column_with_a_leader() -> None:
    """01-4: India's line ends a year before the others; its label joins the others' column."""
    wide = _converging(spread=0.5)
    wide.loc[2022, "IND"] = np.nan
    fig = charts.panels({"p": wide}, title="t", footer="f", ncols=1)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    india = next(t for t in ax.texts if t.get_text() == "India")
    assert india.get_gid() == labels.LEADER_GID  # a leader joins it to the end of its line
    assert any(line.get_gid() == labels.LEADER_GID for line in ax.get_lines())
    others = [t for t in ax.texts if t.get_text() != "India"]
    renderer = fig.canvas.get_renderer()
    x0 = {round(t.get_window_extent(renderer).x0) for t in others}
    assert abs(india.get_window_extent(renderer).x0 - min(x0)) <= 1
    _assert_clean(fig)


def test_a_ratio_panel_starts_at_zero() -> None:
    fig = charts.panels({"China ÷ Russia": _converging() / 10}, title="t", footer="f", ncols=1)
    assert fig.axes[0].get_ylim()[0] == 0
    _assert_clean(fig)


def test_flagged_bars_are_named_and_explained() -> None:
    ranking = pd.Series({"USA": 9000.0, "CHN": 4500.0, "TJK": 2600.0})
    fig = charts.ranked_bars({"Russia's partners": ranking}, title="t", footer="Source.",
                             flagged={"TJK"})  # fmt: skip
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "3. Tajikistan (flagged)" in ticks
    assert any("kept, not dropped" in t.get_text() for t in fig.texts)
    _assert_clean(fig)


def test_sparse_editions_are_not_joined_when_asked() -> None:
    """02-2: SEI editions a few years apart are separate dots, not a continuous line."""
    table = pd.DataFrame({"RUS": [1.0, 2.0, 3.0, 2.5]}, index=[2000, 2010, 2017, 2018])
    joined = charts.panels({"p": table}, title="t", footer="f", ncols=1)
    apart = charts.panels({"p": table}, title="t", footer="f", ncols=1, joined=False)
    [line] = [ln for ln in joined.axes[0].get_lines() if ln.get_label() == "Russia"]
    [split] = [ln for ln in apart.axes[0].get_lines() if ln.get_label() == "Russia"]
    assert np.isfinite(line.get_ydata().astype(float)).all()
    assert np.isnan(split.get_ydata().astype(float)).sum() == 19 - 4  # 2000-2018 less 4 values
    _assert_clean(apart)


def test_an_empty_axis_label_is_hidden_when_laid_out_and_a_real_one_kept() -> None:
    """An axis label without text takes no room and is not placed again in every pass."""
    fig = charts.panels({"p": _converging(spread=0.5)}, title="t", footer="f", ncols=1)
    ax = fig.axes[0]
    ax.set_ylabel("R&D, % of GDP")
    assert ax.xaxis.label.get_text() == ""
    labels.place(fig)
    assert not ax.xaxis.label.get_visible()
    assert ax.yaxis.label.get_visible() and ax.yaxis.label.get_text() == "R&D, % of GDP"
    _assert_clean(fig)
