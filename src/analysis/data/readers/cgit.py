"""AEI / Heritage China Global Investment Tracker (CGIT): the official xlsx workbook.

The workbook lists Chinese outward deals of US$100 million or more, one row per deal, on
three sheets: investments ("Dataset 1"), construction contracts ("Dataset 2") and troubled
transactions ("Dataset 3", deals that failed). The reader sums the deals of each sheet per
year x destination country x sector (``category``), keeps the three sheets as separate
indicators (they must not be added up), and adds a by-subsector breakdown ("Energy: Oil").
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, require_file
from analysis.data.schema import concat_tidy, validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

SHEETS: dict[str, tuple[str, str, str]] = {
    "Dataset 1": ("chinese_investment", "chinese_investment_deals", "deals"),
    "Dataset 2": ("chinese_construction", "chinese_construction_contracts", "contracts"),
    "Dataset 3": ("chinese_troubled_transactions", "chinese_troubled_transactions", "transactions"),
}
"""Sheet -> (stem of the US$ indicators, count indicator, unit of the count)."""

REQUIRED = ["Year", "Quantity in Millions", "Sector", "Subsector", "Country"]
USD_UNIT = "US$ million, current"
UNSPECIFIED = "unspecified"
_HEADER_SEARCH = 20  # the header is row 6 in every release seen; search a little further
_BLANK_RUN = 50  # rows that must stay blank after the table, to catch a gap inside it


def _open(path: Path) -> openpyxl.Workbook:
    require_file(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataFileError(
            path, f"could not be read as an Excel workbook ({exc}); truncated download?", REFETCH
        ) from exc


def _blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _sheet_rows(path: Path, ws: Any, sheet: str) -> pd.DataFrame:  # ws: an openpyxl sheet
    """Return the deal table of one sheet, with ``_row`` = the Excel row number."""
    rows = ws.iter_rows(values_only=True)
    header: list[str] | None = None
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if values and values[0] == "Year":
            header = [str(v).strip() if v is not None else "" for v in values]
            header_row = number
            break
        if number >= _HEADER_SEARCH:
            break
    if header is None:
        raise DataFileError(
            path,
            f"sheet {sheet!r} has no header row starting with 'Year' in its first "
            f"{_HEADER_SEARCH} rows",
            REFETCH,
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataFileError(
            path,
            f"sheet {sheet!r} header (row {header_row}) lacks column(s) {missing}; found "
            f"{[h for h in header if h]}",
            REFETCH,
            row=header_row,
        )
    data: list[tuple] = []
    numbers: list[int] = []
    end = None
    for number, values in enumerate(rows, start=header_row + 1):
        if end is None:
            if _blank(values):
                end = number
                continue
            data.append(values)
            numbers.append(number)
        elif number - end > _BLANK_RUN:
            break
        elif not _blank(values):
            raise DataFileError(
                path,
                f"sheet {sheet!r}: blank row {end} inside the deal table (data again at row "
                f"{number})",
                "remove the blank row or re-fetch the published workbook",
                row=end,
            )
    width = len(header)
    frame = pd.DataFrame(
        [list(v[:width]) + [None] * (width - len(v)) for v in data], columns=header
    )
    frame = frame.loc[:, [c for c in frame.columns if c]]
    frame["_row"] = numbers
    return frame


def _clean_text(series: pd.Series) -> pd.Series:
    """Strip text cells; empty cells become NA."""
    out = series.map(lambda v: None if v is None or pd.isna(v) else str(v).strip())
    return out.replace("", None)


def _parse_sheet(path: Path, frame: pd.DataFrame, sheet: str, entry: SourceFile) -> pd.DataFrame:
    """Check one sheet's deals and sum them per year x destination x sector (and subsector)."""
    stem, count_name, count_unit = SHEETS[sheet]
    if frame.empty:
        raise DataFileError(path, f"sheet {sheet!r} has no deal rows", REFETCH)
    dup = frame.drop(columns="_row").astype(str).duplicated()
    if dup.any():
        row = int(frame.loc[dup, "_row"].iloc[0])
        raise DataFileError(
            path,
            f"sheet {sheet!r}: deal row repeats an earlier row cell for cell, which would be "
            "counted twice",
            "delete the repeated row, or re-fetch the published workbook",
            row=row,
        )
    for column in ("Sector", "Country"):
        frame[column] = _clean_text(frame[column])
        empty = frame[column].isna()
        if empty.any():
            raise DataFileError(
                path,
                f"sheet {sheet!r}: empty {column} (truncated row?)",
                REFETCH,
                row=int(frame.loc[empty, "_row"].iloc[0]),
                column=column,
            )
    for column in ("Year", "Quantity in Millions"):
        numeric = pd.to_numeric(frame[column], errors="coerce")
        bad = numeric.isna()
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            raise DataFileError(
                path,
                f"sheet {sheet!r}: expected a number, found {frame[column].iloc[pos]!r}",
                "correct the cell or re-fetch the published workbook",
                row=int(frame["_row"].iloc[pos]),
                column=column,
            )
        frame[column] = numeric
    subsector = _clean_text(frame["Subsector"]).fillna(UNSPECIFIED)
    # "oil" and "Oil" both occur in Dataset 3: one subsector, not two.
    frame["Subsector"] = subsector.map(lambda s: s if s == UNSPECIFIED else s[:1].upper() + s[1:])
    frame["partner_iso3"] = countries.to_iso3(
        frame["Country"], path, rows=frame["_row"], column=f"{sheet}: Country"
    )
    frame = frame[frame["partner_iso3"] != countries.NOT_A_COUNTRY]
    frame = frame.rename(columns={"Year": "year", "Quantity in Millions": "usd"})

    def aggregate(category: pd.Series, suffix: str, with_count: bool) -> list[pd.DataFrame]:
        grouped = frame.assign(category=category).groupby(
            ["year", "partner_iso3", "category"], as_index=False
        )
        agg = grouped.agg(usd=("usd", "sum"), n=("usd", "size"), _row=("_row", "min"))
        out = [agg.assign(indicator=f"{stem}{suffix}_usd_mn", unit=USD_UNIT, value=agg["usd"])]
        if with_count:
            out.append(agg.assign(indicator=count_name, unit=count_unit, value=agg["n"]))
        return out

    parts = aggregate(frame["Sector"], "", with_count=True)
    parts += aggregate(frame["Sector"] + ": " + frame["Subsector"], "_by_subsector", False)
    long = pd.concat(parts, ignore_index=True)
    long["iso3"] = "CHN"
    long["country"] = countries.name("CHN")
    countries.add_names(long, "partner_iso3", "partner")
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(long, path)


@reader("cgit_xlsx")
def read_cgit(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the CGIT workbook into per-year, per-destination, per-sector totals.

    Indicators (``iso3`` = CHN as the investor country, ``partner_iso3`` = destination):
    ``chinese_investment_usd_mn`` and ``chinese_investment_deals`` (sheet "Dataset 1"),
    ``chinese_construction_usd_mn`` and ``chinese_construction_contracts`` ("Dataset 2"),
    ``chinese_troubled_transactions_usd_mn`` and ``chinese_troubled_transactions``
    ("Dataset 3"), each by sector in ``category``; plus ``*_by_subsector_usd_mn`` with
    ``category`` = "Sector: Subsector" (the same money again, split finer: never add the two).

    Args:
        path: ``China-Global-Investment-Tracker-<release>.xlsx`` as published.
        entry: Its registry entry (source id and vintage).

    Returns:
        The tidy table.

    Raises:
        DataFileError: on a truncated workbook, a missing sheet or column, a blank row inside
            a deal table, a non-numeric year or amount, an unknown country, or a repeated row.
    """
    wb = _open(path)
    try:
        frames = []
        for sheet in SHEETS:
            if sheet not in wb.sheetnames:
                raise DataFileError(path, f"no sheet {sheet!r}; found {wb.sheetnames}", REFETCH)
            raw = _sheet_rows(path, wb[sheet], sheet)
            frames.append(_parse_sheet(path, raw, sheet, entry))
    finally:
        wb.close()
    return concat_tidy(frames)
