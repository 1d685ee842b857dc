"""Errors that say what is wrong, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path


class AnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class DataFileError(AnalysisError, ValueError):
    """A raw or processed file is missing, truncated or malformed.

    The message names the file, the row and/or column when known, what was expected, and the fix.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        location = f" ({', '.join(where)})" if where else ""
        super().__init__(f"{self.path}{location}: {problem}. Fix: {fix}")


class ChecksumMismatchError(AnalysisError):
    """A fetched file's sha256 differs from the pinned vintage."""

    def __init__(self, path: str | Path, expected: str, actual: str, source_id: str) -> None:
        self.path = Path(path)
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{self.path}: sha256 {actual} does not match the pinned vintage's sha256 {expected} "
            f"(source {source_id!r}). The publisher may have released a new vintage, or the file is "
            "damaged. Nothing was copied. To accept the new file and record its hash and vintage, "
            "re-run with `analysis fetch --allow-new-vintage`."
        )


class FetchError(AnalysisError):
    """A file could not be obtained from the mirror or the publisher."""


class ParameterError(AnalysisError, ValueError):
    """A notebook or function parameter has a value the library cannot use."""

    def __init__(self, name: str, value: object, allowed: str) -> None:
        super().__init__(f"parameter {name!r} = {value!r} is not valid: expected {allowed}")
