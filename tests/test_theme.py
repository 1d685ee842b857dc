"""The house theme is exactly seaborn's ``set_theme(context="paper", style="ticks")``."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from analysis.viz import labels, theme


@pytest.fixture()
def clean_rc():
    with mpl.rc_context():
        saved = dict(mpl.colors.colorConverter.colors)
        yield
        mpl.colors.colorConverter.colors.clear()
        mpl.colors.colorConverter.colors.update(saved)


def _state() -> tuple[dict, dict]:
    rc = {k: v for k, v in mpl.rcParams.items() if k != "image.cmap"}
    codes = {c: mpl.colors.colorConverter.colors[c] for c in "bgrmyck"}
    return rc, codes


def test_theme_sets_what_seaborn_sets(clean_rc) -> None:
    sns = pytest.importorskip("seaborn")
    mpl.rcdefaults()
    sns.set_theme(context="paper", style="ticks", font_scale=1.0)
    wanted = _state()
    mpl.rcdefaults()
    theme.apply()
    assert _state() == wanted


def test_theme_leaves_out_only_the_colour_map() -> None:
    sns = pytest.importorskip("seaborn")
    seaborn_keys = set(sns.axes_style("ticks")) | set(sns.plotting_context("paper"))
    assert seaborn_keys - set(theme.THEME_RC) == {"image.cmap"}


def test_house_style_does_not_import_seaborn() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from analysis.viz import figures; figures.set_style(); "
        "print('seaborn' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("width", [3.5, 7.2])
@pytest.mark.parametrize("dpi", [85, 240])
def test_wrapped_breaks_lines_where_matplotlib_does(width: float, dpi: int) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    words = ("Source: OECD MSTI (2024-03); WIPO IP statistics (2023-12), Wikipedia "
             "antidisestablishmentarianism x y 12,345.6 a\nsecond paragraph "
             "with more words than fit on one line of a half-width figure at this size.")  # fmt: skip
    fig = Figure(figsize=(width, 3), dpi=dpi)
    FigureCanvasAgg(fig)
    text = fig.text(0.01, -0.01, words * 3, fontsize=6.5, wrap=True)
    renderer = fig.canvas.get_renderer()
    text.get_window_extent(renderer)  # sets its renderer, as a layout pass does
    expected = text._get_wrapped_text()
    assert labels.wrapped(text) == expected
    assert expected.count("\n") > 3  # the case tests wrapping, not one line


def test_house_style_draws_unhinted_glyphs() -> None:
    """The figure checks (overlaps, tick gaps) measure text with the house's hinting."""
    from analysis.viz import figures

    with mpl.rc_context():
        figures.set_style()
        assert mpl.rcParams["text.hinting"] == "no_hinting"
        assert mpl.rcParams["savefig.dpi"] == 240
