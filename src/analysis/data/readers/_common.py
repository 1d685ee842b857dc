"""Small helpers shared by the readers: opening files with a clear error, and CSV sniffing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from analysis.errors import DataFileError

REFETCH = "re-fetch the published file with `analysis fetch` (it verifies the sha256)"


def require_file(path: Path) -> None:
    """Raise a :class:`DataFileError` if ``path`` is missing or empty."""
    if not path.is_file():
        raise DataFileError(
            path,
            "file not found",
            "run `analysis fetch` (offline: `analysis fetch --mirror DIR` or set ANALYSIS_MIRROR)",
        )
    if path.stat().st_size == 0:
        raise DataFileError(path, "the file is empty (0 bytes)", REFETCH)


def read_csv(path: Path, **kwargs: object) -> pd.DataFrame:
    """Read a CSV with pandas, turning parser failures into a :class:`DataFileError`."""
    require_file(path)
    try:
        return pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"could not be parsed as CSV ({exc})", REFETCH) from exc


def read_excel(path: Path, **kwargs: object) -> pd.DataFrame:
    """Read an Excel sheet, turning failures into a :class:`DataFileError`."""
    require_file(path)
    try:
        return pd.read_excel(path, engine="openpyxl", **kwargs)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise DataFileError(
            path, f"could not be read as an Excel workbook ({exc})", REFETCH
        ) from exc


def require_columns(df: pd.DataFrame, columns: list[str], path: Path, what: str = "") -> None:
    """Raise a :class:`DataFileError` naming the first expected column that is absent."""
    for column in columns:
        if column not in df.columns:
            raise DataFileError(
                path,
                f"expected a column {column!r}{' ' + what if what else ''}; found "
                f"{list(df.columns)[:12]}",
                REFETCH,
                column=column,
            )


def require_data_rows(df: pd.DataFrame, path: Path) -> None:
    """Raise if a table has a header but no data rows (an empty or truncated file)."""
    if df.empty:
        raise DataFileError(path, "the file has a header but no data rows", REFETCH, row=2)


def snake_case(label: str) -> str:
    """Return a published label as snake_case (``"Data and Infrastructure"`` -> ``data_and_...``)."""
    return re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")
