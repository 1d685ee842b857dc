"""NSF NCSES articles by field of science, research portfolios and mathematics specialisation.

See :mod:`analysis.data.readers.ncses` for the mirror's layout and the label rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.readers import reader
from analysis.data.readers.ncses import (  # the shared NCSES layout helpers
    _FIX_ORDER,
    UNIT_FRACTIONAL,
    _finish,
    _groups,
    _leaf,
    _parts,
    _read,
    _table_id,
    _year_columns,
    clean_label,
    number,
)
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

_FIELDS = {
    "9970": "All S&E fields",
    "9971": "Agricultural sciences",
    "9972": "Astronomy and astrophysics",
    "9973": "Biological and biomedical sciences",
    "9974": "Chemistry",
    "9975": "Computer and information sciences",
    "9976": "Engineering",
    "9977": "Geosciences, atmospheric sciences, and ocean sciences",
    "9978": "Health sciences",
    "9979": "Materials science",
    "9980": "Mathematics and statistics",
    "9981": "Natural resources and conservation",
    "9982": "Physics",
    "9983": "Psychology",
    "9984": "Social sciences",
}
"""SEI 2024 SPBS-2 ... SPBS-16 (modal ids 9970-9984): the field of each table."""

_FIELD_ALIASES = {
    # SEI 2020 spelling -> SEI 2024 spelling, so categories match across editions
    "Geosciences, atmospheric, and ocean sciences": _FIELDS["9977"],
}

_LONG_SERIES = {
    **{
        table: ("se_articles_fractional", UNIT_FRACTIONAL, field, 2003, 2022)
        for table, field in _FIELDS.items()
    },
    "10032": (
        "math_top1pct_cited_share",
        "% of the country's mathematics and statistics articles that are in the world's top 1% "
        "most cited (world = 1)",
        None,
        2003,
        2020,
    ),
}
"""Modal id -> (indicator, unit, category, first year, last year)."""

_INCOME_GROUPS = frozenset({"High", "Upper-middle", "Lower-middle", "Low", "Not classified", "na"})


@reader("ncses_long_series")
def read_long_series(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read a long NCSES series whose year labels were lost (9970-9984, 10032).

    ``time_period`` holds the region path; each entity has one row per year. Category =
    field of science for the article counts (``se_articles_fractional``).
    """
    df = _read(path, ["table_id", "row_id", "time_period", "value"])
    table = _table_id(df, path, _LONG_SERIES)
    indicator, unit, category, first_year, last_year = _LONG_SERIES[table]
    # SOURCE.md (ncses_sei_fields): "each country has 20 consecutive rows = 2003, 2004, …, 2022
    # in order (18 rows = 2003…2020 for 10032). Table 9970 has one extra leading row per
    # country with the World Bank income group (e.g. `Upper-middle`)".
    lead = 1 if table == "9970" else 0
    n_years = last_year - first_year + 1
    records = []
    for label, block in _groups(df, path):
        first = int(block["_row"].iloc[0])
        if len(block) != n_years + lead:
            raise DataFileError(
                path,
                f"{label!r} has {len(block)} rows; expected {n_years + lead} "
                f"({'an income-group row + ' if lead else ''}{first_year}-{last_year}, one row "
                "per year): truncated or re-ordered file",
                _FIX_ORDER,
                row=first,
                column="time_period",
            )
        if lead and block["value"].iloc[0].strip() not in _INCOME_GROUPS:
            raise DataFileError(
                path,
                f"expected the World Bank income group of {label!r} in its first row, found "
                f"{block['value'].iloc[0]!r}",
                _FIX_ORDER,
                row=first,
                column="value",
            )
        name = _leaf(label)[0]
        for k, (raw, row) in enumerate(
            zip(block["value"].iloc[lead:], block["_row"].iloc[lead:], strict=True)
        ):
            record = {
                "country": name,
                "year": first_year + k,
                "indicator": indicator,
                "value": number(raw, path, row, "value"),
                "unit": unit,
                "_row": row,
            }
            if category:
                record["category"] = category
            records.append(record)
    return _finish(records, path, entry)


_PORTFOLIO_YEAR = {"10000": 2022, "1835": 2018}
"""SEI 2024 SPBS-32 (2022) and SEI 2020 S5a-17 (2018)."""

_COLUMN_NAMES = {"world": "World", "eu": "EU", "eu_27_": "EU-27"}


@reader("ncses_portfolio")
def read_portfolio(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read an S&E research portfolio: % of each country's articles by field (fractional count).

    The first row ("All articles (n)") repeats the fractional totals of SPBS-2 / S5a-2 and is
    not read (for SEI 2024 it would duplicate ``se_articles_fractional`` from table 9970).
    Russia is not a column of these tables; its portfolio follows from tables 9970-9984.
    """
    df = _read(path, ["table_id", "row_id", "field_full_path"])
    year = _PORTFOLIO_YEAR[_table_id(df, path, _PORTFOLIO_YEAR)]
    columns = [c for c in df.columns if c.startswith("field_") and c not in ("field_full_path",)]
    columns = [c for c in columns if not re.fullmatch(r"field_(level_\d|hierarchy_depth)", c)]
    records = []
    for _, row in df.iterrows():
        parts = [clean_label(p)[0] for p in _parts(row["field_full_path"])]
        if len(parts) == 1:
            continue  # "All articles (n)": see the docstring
        field = _FIELD_ALIASES.get(parts[1], parts[1])
        for column in columns:
            key = column.removeprefix("field_")
            records.append(
                {
                    "country": _COLUMN_NAMES.get(key, key.replace("_", " ").title()),
                    "year": year,
                    "indicator": "research_portfolio_share_pct",
                    "category": field,
                    "value": number(row[column], path, row["_row"], column),
                    "unit": "% of the country's S&E articles (fractional count)",
                    "_row": row["_row"],
                }
            )
    return _finish(records, path, entry)


@reader("ncses_specialization")
def read_specialization(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the specialization index in mathematics and statistics (SEI 2020 S5a-27, 1845).

    SI = (country's fractional articles in mathematics / its total) / (world's mathematics /
    world total); 1 = world average. One column per year, 2000-18.
    """
    df = _read(path, ["table_id", "row_id", "region_country_or_economy_full_path"])
    _table_id(df, path, ["1845"])
    years = _year_columns(df, path)
    records = []
    for _, row in df.iterrows():
        name = _leaf(row["region_country_or_economy_full_path"])[0]
        for column, year in years.items():
            records.append(
                {
                    "country": name,
                    "year": year,
                    "indicator": "math_specialization_index",
                    "value": number(row[column], path, row["_row"], column),
                    "unit": "index (share of the country's articles in mathematics and statistics "
                    "/ world share; 1 = world average; fractional count)",
                    "_row": row["_row"],
                }
            )
    return _finish(records, path, entry)
