"""China-Russia science and technology asymmetry: data, checks and figures.

The public entry points are :func:`load` (a tidy table from the processed layer, rebuilt only
when an input changed) and :func:`provenance` (the sources behind it).

The package is laid out by stage (see ``ARCHITECTURE.md``): :mod:`analysis.data` (raw files to
processed tables), :mod:`analysis.topics` (measures and computed sentences), :mod:`analysis.viz`
(figures) and :mod:`analysis.report` (the runner); import modules by their full names
(``from analysis.topics import claims``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from analysis.data.processed import load, package_version, provenance

__version__ = package_version()

__all__ = ["__version__", "load", "provenance"]


def __getattr__(name: str) -> ModuleType | Callable[..., object]:
    """Return :func:`analysis.explorer.explore` as ``analysis.explore`` (imported on first use).

    It needs ipywidgets, which nothing else imports.
    """
    if name == "explore":
        return importlib.import_module("analysis.explorer").explore
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
