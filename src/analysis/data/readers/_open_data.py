"""Checks shared by the open-data readers (WIPO via Argendata, OWID, UNCTAD, OECD.AI).

Each helper raises a :class:`~analysis.errors.DataFileError` that names the file, the row (the
1-based line or worksheet row in the published file) and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.data.readers._common import REFETCH
from analysis.errors import DataFileError


def require_complete_rows(path: Path, encoding: str = "utf-8") -> None:
    """Raise on the first CSV record with fewer fields than the header (a truncated row).

    pandas pads short rows with empty strings when ``keep_default_na=False``, so the field
    count is checked on the raw records.
    """
    with path.open(encoding=encoding, newline="") as handle:
        records = csv.reader(handle)
        header = next(records, [])
        for record in records:
            if record and len(record) < len(header):
                missing = header[len(record)]
                raise DataFileError(
                    path,
                    f"the row has {len(record)} of the header's {len(header)} fields; it ends "
                    f"before the {missing!r} field (file truncated?)",
                    REFETCH,
                    row=records.line_num,
                    column=missing,
                )


def parse_numbers(
    values: pd.Series,
    path: Path,
    rows: pd.Series,
    column: str,
    missing: Iterable[str] = ("",),
) -> pd.Series:
    """Convert published cells to floats, keeping only the publisher's missing markers as NaN.

    Args:
        values: The cells as text (or numbers, for Excel sheets).
        path: The file, named in the error.
        rows: The file row of each cell.
        column: The column name, named in the error.
        missing: The markers the publisher documents for "no data" (e.g. ``""``, ``".."``).

    Returns:
        Floats, NaN where the publisher marked the value missing.

    Raises:
        DataFileError: at the first cell that is neither a number nor a missing marker.
    """
    markers = {m.strip() for m in missing}
    text = values.astype("string").str.strip()
    is_missing = text.isna() | text.isin(markers)
    numbers = pd.to_numeric(text.where(~is_missing), errors="coerce")
    bad = numbers.isna() & ~is_missing
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        shown = ", ".join(repr(m) for m in sorted(markers))
        allowed = f" (or a missing-data marker: {shown})" if markers else ""
        raise DataFileError(
            path,
            f"expected a number{allowed}, found {values.iloc[pos]!r}",
            f"correct the cell or {REFETCH}",
            row=int(rows.iloc[pos]),
            column=column,
        )
    return numbers.astype("float64")
