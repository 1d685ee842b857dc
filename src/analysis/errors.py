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


class MissingSourceError(DataFileError):
    """A raw file a dataset needs is not in ``data/raw`` (not fetched, or not obtainable)."""


class ChecksumMismatchError(AnalysisError):
    """A fetched file's sha256 differs from the vintage expected for it."""

    def __init__(
        self, path: str | Path, expected: str, actual: str, source_id: str, detail: str = ""
    ) -> None:
        self.path = Path(path) if "://" not in str(path) else path
        self.expected = expected
        self.actual = actual
        what = f" ({detail})" if detail else ""
        super().__init__(
            f"{path}: sha256 {actual} does not match the expected sha256 {expected} "
            f"(source {source_id!r}){what}. Nothing was copied. If the file is damaged or "
            "incomplete, fetch it again, or return every file to the pinned vintage with "
            "`analysis fetch --pinned`. If the publisher released a new vintage, take it in with "
            "`analysis update`, which accepts it only after it parses and keeps the countries "
            "and years of the pinned one."
        )


class FetchError(AnalysisError):
    """A file could not be obtained from the mirror or the publisher.

    ``unreachable`` is True when the server never answered (no network, a host down): the other
    files on that host are then not tried again one by one.
    """

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class UpdateRefusedError(AnalysisError):
    """``analysis update`` refused at least one changed file (named in the message).

    The files that passed validation were taken in; ``results`` holds one result per file.
    """

    def __init__(self, message: str, results: list | None = None) -> None:
        super().__init__(message)
        self.results = results or []


class UnknownNameError(AnalysisError, KeyError):
    """An unknown dataset, source or reader name; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ParameterError(AnalysisError, ValueError):
    """A notebook or function parameter has a value the library cannot use."""

    def __init__(self, name: str, value: object, allowed: str) -> None:
        super().__init__(f"parameter {name!r} = {value!r} is not valid: expected {allowed}")


class ReportError(AnalysisError):
    """The report could not be produced."""


class LockedError(AnalysisError):
    """Another process holds a lock this command needs (``data/.lock`` or ``reports/.lock``).

    The message names the holder (command, pid, start time); the command did nothing.
    """


class ReportLockedError(ReportError, LockedError):
    """Another report run holds ``reports/.lock``."""


class MetadataError(AnalysisError):
    """A dataset's metadata file is missing or malformed, or disagrees with the data.

    The message names the metadata file (``src/analysis/data/metadata/<dataset>.meta.yaml``),
    the dataset, what is wrong and the fix.
    """

    def __init__(self, path: str | Path, dataset: str, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.dataset = dataset
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path} (dataset {dataset!r}): {problem}. Fix: {fix}")


class UndeclaredIndicatorError(MetadataError):
    """A built table holds indicators that its dataset's metadata file does not declare."""

    def __init__(self, path: str | Path, dataset: str, indicators: list[str]) -> None:
        self.indicators = sorted(indicators)
        super().__init__(
            path,
            dataset,
            f"the table holds undeclared indicator(s) {', '.join(self.indicators)}",
            f"declare each in {Path(path).as_posix()} under `indicators:` with its title, unit, "
            "source and definition (or rename it in the reader if it is a mistake)",
        )


class FigureCheckError(AnalysisError):
    """A figure has overlapping text, a label beside the wrong line or an unlabelled log axis."""

    def __init__(self, stem: str, problems: list[str]) -> None:
        self.stem = stem
        self.problems = problems
        super().__init__(
            f"figure {stem!r} is hard to read: " + "; ".join(problems) + ". Fix: shorten or "
            "wrap the texts, pass fewer series, or state the log scale in the axis label"
        )


class RegistryError(AnalysisError):
    """The registry itself is malformed (a bug in the package, not in the data)."""


class ClaimsFileError(AnalysisError, ValueError):
    """A claims file does not follow the documented format.

    ``problems`` holds one line per problem (for a bad row: the row, the column, the value and
    the values allowed); the message names the file and lists them all.
    """

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{self.path}: {len(self.problems)} problem(s) in the claims file "
            f"(the columns and allowed values are in the README, 'Checking your own claims'):\n"
            f"{lines}"
        )
