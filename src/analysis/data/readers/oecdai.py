"""OECD.AI: total number of 10 % top-cited AI scientific publications, fractional counts.

The mirror copy (``ttaip.csv``: ``country,ttaip``) is a single cross-section downloaded from
OECD.AI around 2023 with **no reference year in the file**. The reader has to put a year in
the tidy table; it uses :data:`ASSUMED_YEAR` (the latest year OECD.AI showed at the time,
per the mirror's SOURCE.md) and the registry vintage says so. Treat the year as approximate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, read_csv, require_columns, require_data_rows
from analysis.data.readers._open_data import parse_numbers, require_complete_rows
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile

INDICATOR = "ai_publications_top10pct_cited"
UNIT = "fractional count of top-10%-cited AI publications"
ASSUMED_YEAR = 2022
"""Reference year assumed for ``ttaip.csv``, which states none (see the module docstring)."""

MISSING: tuple[str, ...] = ()  # OECD.AI documents no missing-value marker; the file has none


@reader("oecdai_ttaip")
def read_oecdai_ttaip(path: Path, entry: SourceFile, *, year: int = ASSUMED_YEAR) -> pd.DataFrame:
    """Read the OECD.AI top-10 %-cited AI publications cross-section into tidy rows.

    Args:
        path: ``ttaip.csv`` (columns ``country``, ``ttaip``).
        entry: Its registry entry (source id and vintage).
        year: The reference year to record; the file states none.

    Returns:
        One row per country.

    Raises:
        DataFileError: on missing columns, a truncated row, a non-numeric value, an unknown
            country name or a duplicated country.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(df, ["country", "ttaip"], path, "(OECD.AI export)")
    df["_row"] = range(2, 2 + len(df))
    require_data_rows(df, path)
    require_complete_rows(path, "utf-8-sig")
    df["iso3"] = countries.to_iso3(df["country"].str.strip(), path, rows=df["_row"])
    df = df[df["iso3"] != countries.NOT_A_COUNTRY].copy()
    df["value"] = parse_numbers(df["ttaip"], path, df["_row"], "ttaip", MISSING)
    df = df[df["value"].notna()]
    df["year"] = year
    df["indicator"] = INDICATOR
    df["unit"] = UNIT
    df["source"] = entry.source_id
    df["vintage"] = entry.vintage
    return validate_tidy(df, path, fix=f"check the file is the OECD.AI export; {REFETCH}")
