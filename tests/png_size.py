"""The width of a saved PNG, and the width a figure needs for its source footer to be legible."""

from __future__ import annotations

import struct
from pathlib import Path

MIN_PNG_WIDTH = 1600
"""Pixels: below this the 6.5-point source footer of a saved PNG is hard to read."""


def png_width(path: Path) -> int:
    """Return the width in pixels from the PNG header (the IHDR chunk)."""
    return int(struct.unpack(">I", path.read_bytes()[16:20])[0])
