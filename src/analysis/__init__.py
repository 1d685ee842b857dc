"""China-Russia science and technology asymmetry: data, checks and figures.

The public entry points are :func:`load` (a tidy table from the processed layer, rebuilt only
when an input changed) and :func:`provenance` (the sources behind it).

The package is laid out by stage (see ``ARCHITECTURE.md``): :mod:`analysis.data` (raw files to
processed tables), :mod:`analysis.topics` (measures and computed sentences), :mod:`analysis.viz`
(figures) and :mod:`analysis.report` (the runner). ``from analysis import claims`` and the other
short imports of earlier versions keep working through :func:`__getattr__`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

__version__ = "0.1.0"

from analysis.data.processed import load, provenance  # noqa: E402

__all__ = ["__version__", "load", "provenance"]

# Short names of modules that moved into the stage packages; imported lazily, on first use.
MOVED_MODULES = {
    **{m: "analysis.data." + m for m in ("sources", "fetch", "schema", "processed", "countries")},
    "readers": "analysis.data.readers",
    **{
        m: "analysis.topics." + m
        for m in ("compare", "text", "patents", "rd", "ai", "bilateral", "claims", "overview")
    },
    "figures": "analysis.viz.figures",
    "charts": "analysis.viz.charts",
}


def __getattr__(name: str) -> ModuleType | Callable[..., object]:
    """Return a moved module by its old short name (``from analysis import claims``).

    ``analysis.explore`` is :func:`analysis.explorer.explore` (imported on first use: it needs
    ipywidgets).
    """
    if name == "explore":
        return importlib.import_module("analysis.explorer").explore
    if name in MOVED_MODULES:
        return importlib.import_module(MOVED_MODULES[name])
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
