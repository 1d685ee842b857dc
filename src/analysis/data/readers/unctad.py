"""UNCTAD World Investment Report annex table 1: FDI inflows by region and economy.

Layout of the workbook (sheet ``InFlows``): a title row ("Annex table 1. FDI inflows, by
region and economy, 1990–2023"), a units row ("(Millions of dollars)"), a header row
(``Region/economy``, 1990 ... 2023), then one row per region or economy, a "Memorandum" block
of country groups, and footnotes ("Source: ...", "Note: ..."). Regions and groups are dropped
through :mod:`analysis.countries`; values can be negative (net disinvestment).

These are each economy's **total** inflows from the world, not bilateral flows.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, read_excel
from analysis.data.readers._open_data import parse_numbers
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

INDICATOR = "fdi_inflows_usd_mn"
UNIT = "US$ million, current"
HEADER = "Region/economy"
MISSING = ("..",)  # UNCTAD: ".." = not available or not separately reported
ZERO = "-"  # UNCTAD: "-" = zero or negligible
NOT_DATA = re.compile(r"^(?:Memorandum|Source:|Note:|Notes:)", re.IGNORECASE)
"""Headings and footnotes: rows with a label but, by design, no values."""


def _layout(raw: pd.DataFrame, path: Path) -> tuple[int, list[int]]:
    """Return the header row's position and the positions of the year columns."""
    first = raw.iloc[:, 0].astype("string").str.strip()
    title = " ".join(str(v) for v in first.iloc[:3].dropna())
    if "FDI inflows" not in title or "Millions of dollars" not in title:
        raise DataFileError(
            path,
            f"expected the title 'Annex table 1. FDI inflows ...' and '(Millions of dollars)' "
            f"in the first rows, found {title[:120]!r}",
            "use annex table 1 (FDI inflows) of the World Investment Report, as published; "
            + REFETCH,
            row=1,
        )
    hits = first.index[first == HEADER]
    if len(hits) == 0:
        raise DataFileError(path, f"no header row starting with {HEADER!r}", REFETCH, column="A")
    header = int(hits[0])
    years = [
        j
        for j, v in enumerate(raw.iloc[header])
        if j > 0 and re.fullmatch(r"(19|20)\d\d", str(v).strip().removesuffix(".0"))
    ]
    if not years:
        raise DataFileError(path, "no year columns in the header row", REFETCH, row=header + 1)
    return header, years


def _drop_edge_zeros(long: pd.DataFrame) -> pd.DataFrame:
    """Drop each economy's zeros before its first and after its last non-zero value.

    The workbook writes 0 for years in which an economy was not reported separately (Russian
    Federation 1990-91, Belgium and Luxembourg before 2002, Serbia before 2007) or has no
    estimate (Syria, Yemen, Libya, Afghanistan in the latest years); those are not data.
    Zeros between non-zero values are kept as published ("zero or negligible").
    """
    long = long.sort_values(["_row", "year"])
    nonzero = long["value"].ne(0)
    grouped = nonzero.groupby(long["_row"])
    before_first = grouped.cummax().eq(False)
    after_last = nonzero[::-1].groupby(long["_row"][::-1]).cummax()[::-1].eq(False)
    return long[~(before_first | after_last)]


@reader("unctad_wir_annex")
def read_unctad_fdi_inflows(
    path: Path, entry: SourceFile, *, keep_edge_zeros: bool = False
) -> pd.DataFrame:
    """Read WIR annex table 1 (FDI inflows by economy, US$ million) into tidy rows.

    Args:
        path: The annex workbook (one sheet, annex table 1), as published.
        entry: Its registry entry (source id and vintage, e.g. the WIR edition).
        keep_edge_zeros: Keep the zeros UNCTAD writes before an economy's first and after its
            last reported year (see :func:`_drop_edge_zeros`); they are dropped by default.

    Returns:
        One row per economy and year; values may be negative.

    Raises:
        DataFileError: on a workbook that is not annex table 1, a row with a label but no
            values (truncated), an empty or non-numeric cell, an unknown economy name or a
            duplicated economy.
    """
    raw = read_excel(path, sheet_name=0, header=None, dtype=object)  # broken file: DataFileError
    header, year_cols = _layout(raw, path)
    years = [int(str(raw.iat[header, j]).strip().removesuffix(".0")) for j in year_cols]
    body = raw.iloc[header + 1 :, [0, *year_cols]].copy()
    body.columns = ["name", *years]
    body["_row"] = np.arange(header + 2, header + 2 + len(body))  # worksheet row number
    body["name"] = body["name"].astype("string").str.strip()
    values = body[years]
    empty = values.apply(lambda col: col.isna() | col.astype("string").str.strip().eq(""))
    empty = empty.fillna(True).astype(bool)
    labelled = body["name"].notna() & body["name"].ne("")
    notes = body["name"].str.contains(NOT_DATA, na=False)
    # A label whose row has no values at all is a heading or footnote, or a cut-off row.
    cut = labelled & ~notes & empty.all(axis=1)
    if cut.any():
        row = int(body.loc[cut, "_row"].iloc[0])
        raise DataFileError(
            path,
            f"{body.loc[cut, 'name'].iloc[0]!r} has no values (truncated table?)",
            REFETCH,
            row=row,
            column="B",
        )
    body = body[labelled & ~notes]
    if body.empty:
        raise DataFileError(path, "no economy rows below the header", REFETCH, row=header + 2)
    holes = empty.loc[body.index]
    if holes.any(axis=None):
        i, j = np.argwhere(holes.to_numpy())[0]
        raise DataFileError(
            path,
            f"empty cell for {body['name'].iloc[i]!r}, {years[j]} (UNCTAD marks missing data "
            "with '..')",
            REFETCH,
            row=int(body["_row"].iloc[i]),
            column=str(years[j]),
        )
    body["iso3"] = countries.to_iso3(body["name"], path, rows=body["_row"], column=HEADER)
    body = body[body["iso3"] != countries.NOT_A_COUNTRY]
    long = body.melt(id_vars=["iso3", "name", "_row"], value_vars=years, var_name="year")
    text = long["value"].astype("string").str.strip()
    long["value"] = parse_numbers(
        text.mask(text == ZERO, "0"), path, long["_row"], "value", MISSING
    )
    long = long[long["value"].notna()]
    if not keep_edge_zeros:
        long = _drop_edge_zeros(long)
    long = long.rename(columns={"name": "country"})
    long["indicator"] = INDICATOR
    long["unit"] = UNIT
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(
        long,
        path,
        signed_indicators={INDICATOR},
        fix=f"check the file is UNCTAD's WIR annex table 1 workbook; {REFETCH}",
    )
