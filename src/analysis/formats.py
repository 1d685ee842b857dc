"""How numbers are written in sentences and on figures (``38×``), shared by topics and viz."""

from __future__ import annotations

import math


def times(x: float | None) -> str:
    """Format a multiple: ``38×``, ``1.4×``, ``0.52×``; "n/a" when missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x >= 10:
        return f"{x:.0f}×"
    if x >= 1:
        return f"{x:.1f}×"
    return f"{x:.2f}×"
