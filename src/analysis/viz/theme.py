"""The seaborn "ticks" theme in the "paper" context, as rc values, without importing seaborn.

``seaborn.set_theme(context="paper", style="ticks")`` costs every notebook kernel the import of
seaborn (and, through ``seaborn.widgets``, of ipywidgets): about 0.7 s of CPU for a handful of
rc values. :func:`apply` sets the same values; ``tests/test_theme.py`` checks them against the
installed seaborn, so a seaborn that changes its theme fails that test instead of silently
changing the figures. The one value left out is ``image.cmap`` ("rocket", a colour map that
only seaborn registers): no figure of the project draws with a colour map.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
from cycler import cycler

THEME_RC: dict[str, Any] = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".15",
    "axes.facecolor": "white",
    "axes.grid": False,
    "axes.labelcolor": ".15",
    "axes.labelsize": 9.600000000000001,
    "axes.linewidth": 1.0,
    "axes.spines.bottom": True,
    "axes.spines.left": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "axes.titlesize": 9.600000000000001,
    "figure.facecolor": "white",
    "font.family": "sans-serif",
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],
    "font.size": 9.600000000000001,
    "grid.color": ".8",
    "grid.linestyle": "-",
    "grid.linewidth": 0.8,
    "legend.fontsize": 8.8,
    "legend.title_fontsize": 9.600000000000001,
    "lines.linewidth": 1.2000000000000002,
    "lines.markersize": 4.800000000000001,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "patch.linewidth": 0.8,
    "text.color": ".15",
    "xtick.bottom": True,
    "xtick.color": ".15",
    "xtick.direction": "out",
    "xtick.labelsize": 8.8,
    "xtick.major.size": 4.800000000000001,
    "xtick.major.width": 1.0,
    "xtick.minor.size": 3.2,
    "xtick.minor.width": 0.8,
    "xtick.top": False,
    "ytick.color": ".15",
    "ytick.direction": "out",
    "ytick.labelsize": 8.8,
    "ytick.left": True,
    "ytick.major.size": 4.800000000000001,
    "ytick.major.width": 1.0,
    "ytick.minor.size": 3.2,
    "ytick.minor.width": 0.8,
    "ytick.right": False,
}
"""``seaborn.plotting_context("paper")`` and ``seaborn.axes_style("ticks")`` (font "sans-serif")."""

DEEP = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
        "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"]  # fmt: skip
"""seaborn's "deep" palette: the default colour cycle."""

DEEP6 = ["#4C72B0", "#55A868", "#C44E52", "#8172B3", "#CCB974", "#64B5CD"]
"""seaborn's "deep6" palette: what the one-letter colour codes "bgrmyc" mean under the theme."""


def apply() -> None:
    """Set the theme's rc values, colour cycle and colour codes (as ``seaborn.set_theme``)."""
    mpl.rcParams.update(THEME_RC)  # type: ignore[arg-type]  # keys are typed as literals
    mpl.rcParams["axes.prop_cycle"] = cycler("color", [mpl.colors.to_rgb(c) for c in DEEP])
    codes: list[str | tuple[float, float, float]] = [*DEEP6, (0.1, 0.1, 0.1)]
    for code, colour in zip("bgrmyck", codes, strict=True):
        mpl.colors.colorConverter.colors[code] = mpl.colors.to_rgb(colour)
