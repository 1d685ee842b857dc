"""The one long ("tidy") schema every reader returns, declared with pandera, and its validation.

Every row is one number: a country, a year, an indicator whose name carries its measure and
unit, the value, the unit spelled out, and the source and vintage it came from. Rankings add
the edition, the rank and the number of countries ranked (a rank is meaningless without its
denominator). Bilateral tables add the partner country; tables broken down by sector, field,
pillar or product group add a category.

The rules (dtypes, required values, ISO3 codes, plausible years, non-negative counts, one row
per key) are a :mod:`pandera` schema (:func:`tidy_schema`); a dataset's schema
(:func:`dataset_schema`) is generated from its metadata file: the extra columns it declares
under ``columns`` and the indicators it declares. Pandera finds the failure; this module turns
it into a :class:`~analysis.errors.DataFileError` naming the file, the row and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import DataFileError

if TYPE_CHECKING:
    import pandera.pandas as pa

CORE_COLUMNS: dict[str, str] = {
    "iso3": "string",
    "country": "string",
    "year": "Int64",
    "indicator": "string",
    "value": "float64",
    "unit": "string",
    "source": "string",
    "vintage": "string",
}
"""Columns every tidy table has, with their pandas dtypes."""

OPTIONAL_COLUMNS: dict[str, str] = {
    "edition": "string",  # rankings: the edition label, e.g. "2021"
    "rank": "Int64",  # rankings: the official rank in that edition (1 = best)
    "n_countries": "Int64",  # rankings: how many countries that edition ranked
    "partner_iso3": "string",  # bilateral tables: the other country of the pair or flow
    "partner": "string",
    "category": "string",  # sector, field of science, pillar, HS chapter ...
}
"""Columns a table may add; when present they are part of the row's key."""

KEY_COLUMNS: tuple[str, ...] = ("iso3", "year", "indicator", "source", "vintage")
OPTIONAL_KEY_COLUMNS: tuple[str, ...] = ("edition", "partner_iso3", "category")
REQUIRED_VALUES: tuple[str, ...] = ("iso3", "year", "indicator", "source", "vintage", "unit")
"""Columns that may not hold an empty value."""

MIN_YEAR = 1900
MAX_YEAR = 2030

DEFAULT_FIX = (
    "check that the file is the published file, unmodified; re-fetch it with `analysis fetch`"
)
DUPLICATE_FIX = "remove the duplicated row, or re-fetch the published file with `analysis fetch`"


def tidy_columns(df: pd.DataFrame) -> list[str]:
    """Return the schema columns present in ``df``, in canonical order."""
    return [c for c in (*CORE_COLUMNS, *OPTIONAL_COLUMNS) if c in df.columns]


def key_columns(df: pd.DataFrame) -> list[str]:
    """Return the columns that identify a row of ``df``."""
    return [*KEY_COLUMNS, *(c for c in OPTIONAL_KEY_COLUMNS if c in df.columns)]


@cache
def tidy_schema(
    extra: tuple[str, ...] = (),
    signed: frozenset[str] | None = frozenset(),
    *,
    strict: bool = False,
) -> pa.DataFrameSchema:
    """Return the pandera schema of a tidy table with the optional columns ``extra``.

    Args:
        extra: Optional columns (of :data:`OPTIONAL_COLUMNS`) the table has; part of its key.
        signed: Indicators that may be negative; every other ``value`` must be >= 0. None: the
            values are not checked (codes, years, signs), only dtypes, columns and keys.
        strict: Refuse columns other than the core ones and ``extra``.
    """
    import pandera.pandas as pa  # only building a table needs pandera, not loading one

    def column(name: str, dtype: str) -> pa.Column:
        checks = []
        if signed is None:
            pass  # a built dataset: its files' values were checked when they were read
        elif name == "iso3":
            checks.append(pa.Check.str_matches(r"[A-Z]{3}", name="iso3_code"))
        elif name == "year":
            checks.append(pa.Check.in_range(MIN_YEAR, MAX_YEAR, name="plausible_year"))
        # A built dataset was coerced file by file (and by concat_tidy): its dtypes are checked.
        coerce = signed is not None
        return pa.Column(dtype, checks, nullable=name not in REQUIRED_VALUES, coerce=coerce)

    def non_negative(df: pd.DataFrame) -> pd.Series:
        return (df["value"] >= 0) | df["value"].isna() | df["indicator"].isin(signed or ())

    columns = {**CORE_COLUMNS, **{c: OPTIONAL_COLUMNS[c] for c in extra}}
    return pa.DataFrameSchema(
        {name: column(name, dtype) for name, dtype in columns.items()},
        checks=[] if signed is None else [pa.Check(non_negative, name="non_negative")],
        unique=[*KEY_COLUMNS, *(c for c in OPTIONAL_KEY_COLUMNS if c in extra)],
        report_duplicates="exclude_first",
        strict=strict,
        ordered=False,
    )


def dataset_schema(dataset: str) -> pa.DataFrameSchema:
    """Return the schema of one built dataset, generated from its metadata file.

    The table has the core columns and exactly the extra ``columns`` the metadata file
    declares, with their dtypes, and one row per key across all its files. Values (codes,
    years, signs) were checked file by file by :func:`validate_tidy`; indicators, units and
    sources by :func:`analysis.data.metadata.check_table`.
    """
    from analysis.data import metadata

    return tidy_schema(metadata.dataset_meta(dataset).columns, None, strict=True)


def _row_label(df: pd.DataFrame, position: int) -> int | None:
    """Return the source-file row number stored by the reader, if any, for error messages."""
    if "_row" in df.columns:
        value = df["_row"].iloc[position]
        return None if pd.isna(value) else int(value)
    return None


def validate_tidy(
    df: pd.DataFrame,
    path: str | Path,
    *,
    signed_indicators: Iterable[str] = (),
    fix: str = DEFAULT_FIX,
) -> pd.DataFrame:
    """Check and coerce a reader's output to the tidy schema (:func:`tidy_schema`).

    Readers may carry a ``_row`` column (the 1-based line or row number in the source file) so
    that errors point at the offending row; it is dropped from the returned table.

    Args:
        df: The reader's output.
        path: The file it was read from, named in every error.
        signed_indicators: Indicators that may legitimately be negative (e.g. FDI inflows with
            disinvestment); every other value must be >= 0.
        fix: What the user should do when the data are bad.

    Returns:
        The table with canonical column order and dtypes, sorted by its key.

    Raises:
        DataFileError: naming the file, row and column, on a missing column, a value of the
            wrong type, an implausible year, a negative count or a duplicated key.
    """
    missing = [c for c in CORE_COLUMNS if c not in df.columns]
    if missing:
        raise DataFileError(path, f"the reader produced no column(s) {missing}", fix)
    if df.empty:
        raise DataFileError(path, "no data rows were read", fix)
    extra = tuple(c for c in OPTIONAL_COLUMNS if c in df.columns)
    schema = tidy_schema(extra, frozenset(signed_indicators))
    out = validate(schema, df.reset_index(drop=True), path, fix)
    return (
        out[tidy_columns(out)].sort_values(key_columns(out), kind="stable").reset_index(drop=True)
    )


def validate(
    schema: pa.DataFrameSchema,
    df: pd.DataFrame,
    path: str | Path,
    fix: str,
    *,
    duplicate: tuple[str, str] = ("duplicated row: another row has the same key", DUPLICATE_FIX),
) -> Any:
    """Validate ``df`` (with a 0..n-1 index) against ``schema``; turn a failure into a clear error.

    ``duplicate`` is the problem and the fix said of a repeated key (the key is appended).

    Raises:
        DataFileError: naming the file, the first offending row (the reader's ``_row`` when it
            kept one) and column, what was expected and ``fix``.
    """
    import pandera.pandas as pa

    try:
        return schema.validate(df)
    except pa.errors.SchemaErrors as errors:  # coercion failures come grouped
        raise _explain(errors.schema_errors[0], df, path, fix, duplicate) from None
    except pa.errors.SchemaError as error:
        raise _explain(error, df, path, fix, duplicate) from None


def _first(error: Any, df: pd.DataFrame, column: str | None) -> int | None:
    """Return the position of the first row pandera reports for ``error`` (None if it names none)."""
    cases = error.failure_cases
    if not isinstance(cases, pd.DataFrame) or "index" not in cases:
        if column is None or column not in df.columns:
            return None
        return _first_uncoercible(df[column], str(error.check))
    index = pd.to_numeric(cases["index"], errors="coerce").dropna()
    return int(index.min()) if len(index) else None


def _first_uncoercible(series: pd.Series, check: str) -> int | None:
    """Return where a column fails to become a (whole) number: pandera names no row for Int64."""
    numeric = pd.to_numeric(series, errors="coerce")
    bad = numeric.isna() & series.notna()
    if "Int64" in check:
        bad |= (numeric % 1 != 0).fillna(False)
    return int(bad.to_numpy().nonzero()[0][0]) if bad.any() else None


def _explain(
    error: Any, df: pd.DataFrame, path: str | Path, fix: str, duplicate: tuple[str, str]
) -> DataFileError:
    """Word one pandera failure the way this project's errors are worded."""
    reason = getattr(error.reason_code, "name", "")
    column = _column_of(error, df)
    pos = _first(error, df, column)
    row = None if pos is None else _row_label(df, pos)
    found = None if pos is None or column is None else df[column].iloc[pos]
    check = str(getattr(error.check, "name", None) or error.check)
    if reason == "DATATYPE_COERCION":
        numeric = pd.to_numeric(pd.Series([found]), errors="coerce").iloc[0]
        what = "a number" if pd.isna(numeric) else "a whole number"
        shown = found if pd.isna(numeric) else float(numeric)
        return DataFileError(path, f"expected {what}, found {shown!r}", fix, row=row, column=column)
    if reason == "SERIES_CONTAINS_NULLS":
        return DataFileError(path, "a required value is empty", fix, row=row, column=column)
    if reason == "DUPLICATES":
        return _duplicate(df, path, pos, duplicate)
    if reason == "COLUMN_NOT_IN_SCHEMA":
        return DataFileError(path, f"column {_case(error)!r} is not declared", fix)
    if reason == "COLUMN_NOT_IN_DATAFRAME":
        return DataFileError(path, f"no column {_case(error)!r}", fix)
    return _value_error(check, df, path, fix, pos, row, column, error)


def _value_error(
    check: str,
    df: pd.DataFrame,
    path: str | Path,
    fix: str,
    pos: int | None,
    row: int | None,
    column: str | None,
    error: Any,
) -> DataFileError:
    """Word a failed value check (ISO3 code, year, sign, declared indicator)."""
    if pos is None:
        return DataFileError(path, f"failed the check {check} ({error})", fix, column=column)
    if check == "iso3_code":
        value = df["iso3"].iloc[pos]
        problem = f"expected an ISO 3166 alpha-3 code, found {value!r}"
    elif check == "plausible_year":
        year = int(float(df["year"].iloc[pos]))
        problem = f"implausible year {year} (expected {MIN_YEAR}-{MAX_YEAR})"
    elif check == "non_negative":
        value, indicator = df["value"].iloc[pos], df["indicator"].iloc[pos]
        problem = f"negative value {float(value)} for {indicator!r}, which cannot be negative"
        column = "value"
    else:
        problem = f"failed the check {check}, found {df[column].iloc[pos] if column else ''!r}"
    return DataFileError(path, problem, fix, row=row, column=column)


def _column_of(error: Any, df: pd.DataFrame) -> str | None:
    """Return the column a pandera error is about (coercion errors name it only in the text)."""
    name = getattr(error.schema, "name", None)
    if isinstance(name, str) and name in df.columns:
        return name
    name = getattr(error, "column_name", None)
    return name if isinstance(name, str) and name in df.columns else None


def _case(error: Any) -> str:
    cases = error.failure_cases
    if isinstance(cases, pd.DataFrame) and "failure_case" in cases and len(cases):
        return str(cases["failure_case"].iloc[0])
    return str(cases)


def _duplicate(
    df: pd.DataFrame, path: str | Path, pos: int | None, duplicate: tuple[str, str]
) -> DataFileError:
    """Say which key is repeated, and on which row."""
    problem, fix = duplicate
    if pos is None:
        return DataFileError(path, problem, fix)
    keys = key_columns(df)
    shown = {k: df[k].iloc[pos] for k in keys if not pd.isna(df[k].iloc[pos])}
    return DataFileError(path, f"{problem} {shown}", fix, row=_row_label(df, pos))


def concat_tidy(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate validated tidy tables, keeping canonical column order and dtypes."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in CORE_COLUMNS.items()})
    out = pd.concat(frames, ignore_index=True, sort=False)
    for column, dtype in {**CORE_COLUMNS, **OPTIONAL_COLUMNS}.items():
        if column in out.columns:
            out[column] = out[column].astype(dtype)
    return out[tidy_columns(out)]
