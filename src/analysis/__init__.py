"""China-Russia science and technology asymmetry: data, checks and figures.

The public entry points are :func:`load` (a tidy table from the processed layer, rebuilt only
when an input changed) and :func:`provenance` (the sources behind it).
"""

from __future__ import annotations

__version__ = "0.1.0"

from analysis.processed import load, provenance  # noqa: E402

__all__ = ["__version__", "load", "provenance"]
