"""Readers: one per file format, each returning the tidy schema of :mod:`analysis.schema`.

A reader is a function ``(path, entry) -> DataFrame`` registered under a name with
:func:`reader`; the source registry names the reader of each raw file. Every module in this
package is imported on first use, so a new format needs only a new module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.data.sources import SourceFile

Reader = Callable[[Path, SourceFile], pd.DataFrame]
_READERS: dict[str, Reader] = {}
_loaded = False


def reader(name: str) -> Callable[[Reader], Reader]:
    """Register the decorated function as the reader called ``name``."""

    def register(func: Reader) -> Reader:
        if name in _READERS and _READERS[name] is not func:
            raise ValueError(f"two readers are registered as {name!r}")
        _READERS[name] = func
        return func

    return register


def _load_all() -> None:
    global _loaded  # noqa: PLW0603 - one-time import of the reader modules
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    _loaded = True


def get(name: str) -> Reader:
    """Return the reader registered as ``name``."""
    _load_all()
    if name not in _READERS:
        raise KeyError(f"no reader called {name!r}; known readers: {', '.join(sorted(_READERS))}")
    return _READERS[name]


def names() -> list[str]:
    """Return the names of all registered readers."""
    _load_all()
    return sorted(_READERS)


def read(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Parse one raw file with the reader the registry names for it."""
    if entry.reader is None:
        raise ValueError(f"{entry.relpath} has no reader: it is fetched for the record only")
    return get(entry.reader)(path, entry)
