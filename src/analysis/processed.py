"""Processed layer (being written)."""

from __future__ import annotations


def load(*args: object, **kwargs: object) -> None:  # pragma: no cover - replaced shortly
    """Placeholder."""
    raise NotImplementedError


def provenance(*args: object, **kwargs: object) -> None:  # pragma: no cover
    """Placeholder."""
    raise NotImplementedError
