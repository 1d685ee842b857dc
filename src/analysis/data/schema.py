"""The one long ("tidy") schema every reader returns, and its validation.

Every row is one number: a country, a year, an indicator whose name carries its measure and
unit, the value, the unit spelled out, and the source and vintage it came from. Rankings add
the edition, the rank and the number of countries ranked (a rank is meaningless without its
denominator). Bilateral tables add the partner country; tables broken down by sector, field,
pillar or product group add a category.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.errors import DataFileError

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

MIN_YEAR = 1900
MAX_YEAR = 2030


def tidy_columns(df: pd.DataFrame) -> list[str]:
    """Return the schema columns present in ``df``, in canonical order."""
    return [c for c in (*CORE_COLUMNS, *OPTIONAL_COLUMNS) if c in df.columns]


def key_columns(df: pd.DataFrame) -> list[str]:
    """Return the columns that identify a row of ``df``."""
    return [*KEY_COLUMNS, *(c for c in OPTIONAL_KEY_COLUMNS if c in df.columns)]


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
    fix: str = "check that the file is the published file, unmodified; re-fetch it with "
    "`analysis fetch`",
) -> pd.DataFrame:
    """Check and coerce a reader's output to the tidy schema.

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
    out = _coerce(df.copy(), path, fix)
    _check_values(out, path, fix, set(signed_indicators))
    keys = key_columns(out)
    dup = out.duplicated(subset=keys, keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        shown = {k: out[k].iloc[pos] for k in keys if not pd.isna(out[k].iloc[pos])}
        raise DataFileError(
            path,
            f"duplicated row: another row has the same key {shown}",
            "remove the duplicated row, or re-fetch the published file with `analysis fetch`",
            row=_row_label(out, pos),
        )
    out = out[tidy_columns(out)]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def _coerce(out: pd.DataFrame, path: str | Path, fix: str) -> pd.DataFrame:
    """Give every known column its dtype; a value that is not a (whole) number is an error."""
    for column, dtype in {**CORE_COLUMNS, **OPTIONAL_COLUMNS}.items():
        if column not in out.columns:
            continue
        if dtype in ("Int64", "float64"):
            numeric = pd.to_numeric(out[column], errors="coerce")
            bad = numeric.isna() & out[column].notna()
            if bad.any():
                pos = int(bad.to_numpy().nonzero()[0][0])
                raise DataFileError(
                    path,
                    f"expected a number, found {out[column].iloc[pos]!r}",
                    fix,
                    row=_row_label(out, pos),
                    column=column,
                )
            if dtype == "Int64":
                frac = numeric.notna() & (numeric % 1 != 0)
                if frac.any():
                    pos = int(frac.to_numpy().nonzero()[0][0])
                    raise DataFileError(
                        path,
                        f"expected a whole number, found {numeric.iloc[pos]!r}",
                        fix,
                        row=_row_label(out, pos),
                        column=column,
                    )
            out[column] = numeric.astype(dtype)
        else:
            out[column] = out[column].astype("string")
    return out


def _check_values(out: pd.DataFrame, path: str | Path, fix: str, signed: set[str]) -> None:
    """Refuse empty required values, codes that are not ISO3, implausible years, negative counts."""
    for column in ("iso3", "year", "indicator", "source", "vintage", "unit"):
        null = out[column].isna()
        if null.any():
            pos = int(null.to_numpy().nonzero()[0][0])
            raise DataFileError(
                path, "a required value is empty", fix, row=_row_label(out, pos), column=column
            )
    bad_iso = ~out["iso3"].str.fullmatch(r"[A-Z]{3}")
    if bad_iso.any():
        pos = int(bad_iso.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"expected an ISO 3166 alpha-3 code, found {out['iso3'].iloc[pos]!r}",
            fix,
            row=_row_label(out, pos),
            column="iso3",
        )
    bad_year = (out["year"] < MIN_YEAR) | (out["year"] > MAX_YEAR)
    if bad_year.any():
        pos = int(bad_year.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"implausible year {out['year'].iloc[pos]} (expected {MIN_YEAR}-{MAX_YEAR})",
            fix,
            row=_row_label(out, pos),
            column="year",
        )
    negative = (out["value"] < 0) & ~out["indicator"].isin(signed)
    if negative.any():
        pos = int(negative.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"negative value {out['value'].iloc[pos]} for {out['indicator'].iloc[pos]!r}, "
            "which cannot be negative",
            fix,
            row=_row_label(out, pos),
            column="value",
        )


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
