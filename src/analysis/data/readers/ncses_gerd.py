"""NSF NCSES GERD tables: GERD and GERD/GDP by country, growth rates, selected years.

See :mod:`analysis.data.readers.ncses` for the mirror's layout and the label rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH
from analysis.data.readers.ncses import (  # the shared NCSES layout helpers
    _FIX_ORDER,
    UNIT_CAGR,
    UNIT_PCT_GDP,
    UNIT_PPP_CONST_MILLION,
    UNIT_PPP_MILLION,
    _finish,
    _groups,
    _leaf,
    _read,
    _table_id,
    number,
)
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError


def _country_year(label: str, path: Path, row: int) -> tuple[str, int]:
    name, year = _leaf(label)
    if year is None:
        raise DataFileError(
            path,
            f"expected the data year in parentheses after the country, e.g. 'China (2019)', "
            f"found {label!r}",
            REFETCH,
            row=row,
            column="time_period",
        )
    return name, year


@reader("ncses_gerd_pairs")
def read_gerd_pairs(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read GERD (PPP US$ million) and GERD/GDP (%), two rows per country (1875, 6304).

    The year is the one in parentheses after each country (its most recent data year).
    """
    df = _read(path, ["table_id", "row_id", "time_period", "value"])
    _table_id(df, path, ["1875", "6304"])
    records = []
    for label, block in _groups(df, path):
        first = int(block["_row"].iloc[0])
        # SOURCE.md (ncses_sei_gerd): "rows in pairs: GERD, GERD/GDP" under one label, e.g.
        # "USA (2019) 668,351.2 / 3.13".
        if len(block) != 2:
            raise DataFileError(
                path,
                f"{label!r} has {len(block)} rows; expected 2 (GERD, then GERD/GDP)",
                _FIX_ORDER,
                row=first,
                column="time_period",
            )
        name, year = _country_year(label, path, first)
        gerd, ratio = (number(v, path, first + k, "value") for k, v in enumerate(block["value"]))
        # README: "Countries in this table have an annual GERD of $500 million or more"; the
        # highest GERD/GDP in the world is under 6 %. Anything else means the pair is swapped.
        if gerd is not None and ratio is not None and not (gerd >= 100 and ratio < 20):
            raise DataFileError(
                path,
                f"{label!r}: expected GERD (>= $500 million) then GERD/GDP (%), found {gerd} "
                f"and {ratio}",
                _FIX_ORDER,
                row=first,
                column="value",
            )
        for k, (indicator, unit, value) in enumerate(
            (
                ("gerd_ppp_usd", UNIT_PPP_MILLION, gerd),
                ("rd_expenditure_pct_gdp", UNIT_PCT_GDP, ratio),
            )
        ):
            records.append(
                {
                    "country": name,
                    "year": year,
                    "indicator": indicator,
                    "value": value,
                    "unit": unit,
                    "_row": first + k,
                }
            )
    return _finish(records, path, entry)


def _period(label: str, data_year: int | None, path: Path, row: int) -> tuple[int, int]:
    """Return (start, end) of a growth period such as ``2000–10`` or ``2010–21a``.

    The period ends in the country's data year when that is earlier (the "a" footnote and the
    "(year)" after a country: "most recent year" shown in parentheses).
    """
    match = re.fullmatch(r"(\d{4})\s*[–-]\s*(\d{2}|\d{4})a?", label.strip())
    if not match:
        raise DataFileError(
            path,
            f"expected a period such as '2000–10', found {label!r}",
            REFETCH,
            row=row,
        )
    start, end = int(match.group(1)), match.group(2)
    stop = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if stop < start:
        stop += 100
    if data_year is not None and data_year < stop:
        stop = data_year
    return start, stop


@reader("ncses_gerd_growth")
def read_gerd_growth(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read GERD and GDP growth rates of the top R&D countries (SEI 2022 RD-6, 6305).

    Only the growth rates are read: the table's GERD and GERD/GDP levels repeat table 6304 of
    the same edition (rounded to US$ 0.1 billion), which the ``ncses_gerd_pairs`` reader reads.
    The growth period is the ``category`` (e.g. ``2010-2019``); ``year`` is its last year.

    The README does not state the price basis. The rates are read as current-PPP rates: the
    2000-10 rates equal SEI 2024 SRD-1's current-PPP rates (China GERD 20.5 %, GDP 12.9 %;
    US GERD 4.3 %, GDP 3.9 %), not its constant-PPP ones (China GERD 18.0 %).
    """
    df = _read(path, ["table_id", "row_id", "time_period", "current_measures_level_1", "value"])
    _table_id(df, path, ["6305"])
    records = []
    for _, row in df.iterrows():
        if row["current_measures_level_1"] != "Longer-term growth rates":
            continue
        name, data_year = _country_year(row["time_period"], path, row["_row"])
        measure = row["current_measures_level_2"].strip()
        if measure not in ("GERD", "GDP"):
            raise DataFileError(
                path, f"unexpected growth measure {measure!r}", REFETCH, row=row["_row"]
            )
        start, stop = _period(row["current_measures_level_3"], data_year, path, row["_row"])
        records.append(
            {
                "country": name,
                "year": stop,
                "indicator": f"{measure.lower()}_cagr_pct_current_ppp",
                "category": f"{start}-{stop}",
                "value": number(row["value"], path, row["_row"], "value"),
                "unit": UNIT_CAGR + ", current PPP US$",
                "_row": row["_row"],
            }
        )
    return _finish(
        records, path, entry, signed={"gerd_cagr_pct_current_ppp", "gdp_cagr_pct_current_ppp"}
    )


_SRD1_LEVELS = {
    ("GERD", "Current PPP dollars"): ("gerd_ppp_usd", UNIT_PPP_MILLION),
    ("GERD", "Constant (2015) PPP dollars"): ("gerd_ppp_usd_constant_2015", UNIT_PPP_CONST_MILLION),
    ("GDP", "Current PPP dollars"): ("gdp_ppp_usd", UNIT_PPP_MILLION),
}
_SRD1_GROWTH = {
    ("GERD compound annual growth rate", "Current PPP dollars"): "gerd_cagr_pct_current_ppp",
    (
        "GERD compound annual growth rate",
        "Constant (2015) PPP dollars",
    ): "gerd_cagr_pct_constant_ppp",
    ("GDP compound annual growth rate", "Current PPP dollars"): "gdp_cagr_pct_current_ppp",
}


def _srd1_year(label: str, data_year: int | None, path: Path, row: int) -> int:
    """Return the year of a 10978 column: ``2021a`` is the country's "(year)" when it has one."""
    match = re.fullmatch(r"(\d{4})(a?)", label.strip())
    if not match:
        raise DataFileError(
            path, f"expected a year such as 2010 or 2021a, found {label!r}", REFETCH, row=row
        )
    year = int(match.group(1))
    # README: "Regions, countries, or economies without 2021 data have the most recent data
    # year shown in parentheses next to their name." e.g. "Russia (2020)" -> 2021a is 2020.
    if match.group(2) and data_year is not None:
        year = data_year
    return year


@reader("ncses_gerd_selected_years")
def read_gerd_selected_years(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read GERD, GDP, GERD/GDP and growth rates in selected years (SEI 2024 SRD-1, 10978).

    Published in US$ billions; converted to US$ million (x 1000) so that ``gerd_ppp_usd`` has
    one unit across the NCSES tables.
    """
    level = "_b_gerd_b_level_"
    df = _read(path, ["table_id", "row_id", "time_period", f"{level}1", f"{level}2", "value"])
    _table_id(df, path, ["10978"])
    records = []
    for _, row in df.iterrows():
        name, data_year = _leaf(row["time_period"])
        l1, l2, l3, l4 = (row[f"{level}{k}"].strip() for k in range(1, 5))
        value = number(row["value"], path, row["_row"], "value")
        category = None
        if (l1, l2) in _SRD1_LEVELS:
            indicator, unit = _SRD1_LEVELS[(l1, l2)]
            year = _srd1_year(l3, data_year, path, row["_row"])
            value = None if value is None else round(value * 1000, 6)
        elif l1 == "GERD-to-GDP ratio (%)":
            indicator, unit = "rd_expenditure_pct_gdp", UNIT_PCT_GDP
            year = _srd1_year(l2, data_year, path, row["_row"])
        elif l1 == "Longer-term growth rates" and (l2, l3) in _SRD1_GROWTH:
            indicator = _SRD1_GROWTH[(l2, l3)]
            unit = UNIT_CAGR + (
                ", constant 2015 PPP US$" if "Constant" in l3 else ", current PPP US$"
            )
            start, year = _period(l4, data_year, path, row["_row"])
            category = f"{start}-{year}"
        else:
            raise DataFileError(
                path,
                f"unexpected measure {' / '.join(x for x in (l1, l2, l3, l4) if x)!r}",
                REFETCH,
                row=row["_row"],
            )
        records.append(
            {
                "country": name,
                "year": year,
                "indicator": indicator,
                "category": category,
                "value": value,
                "unit": unit,
                "_row": row["_row"],
            }
        )
    return _finish(records, path, entry, signed=set(_SRD1_GROWTH.values()))


# --------------------------------------------------------------------------- fields of science
