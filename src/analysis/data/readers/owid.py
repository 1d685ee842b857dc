"""Our World in Data grapher CSV downloads: ``Entity,Code,Year,<value column>...``.

One reader serves every grapher file; what each value column means (indicator name and unit)
comes from :data:`OWID_SERIES`, keyed by the file name (the chart slug plus ``.csv``). OWID
marks its own regions with ``OWID_`` codes (``OWID_WRL``) or leaves the code empty (``Africa
(CSET)``, ``High-income countries``); both are dropped. Kosovo's ``OWID_KOS`` is kept as XKX.
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
from analysis.errors import DataFileError

OWID_SERIES: dict[str, dict[str, tuple[str, str]]] = {
    # owid_patents_rd: WDI IP.PAT.RESD / UN WPP population; UNESCO UIS via WDI.
    "patent-applications-per-million.csv": {
        "Patent applications per million people": (
            "patent_applications_resident_per_million",
            "resident patent applications per million people",
        ),
    },
    "research-spending-gdp.csv": {
        "Research and development expenditure (% of GDP)": ("rd_expenditure_pct_gdp", "% of GDP"),
    },
    # owid_ai: CSET Country Activity Tracker (ETO) and Epoch AI.
    "annual-scholarly-publications-on-artificial-intelligence.csv": {
        "All": ("ai_publications", "articles (whole count: once per country of any author)"),
    },
    "scholarly-publications-on-artificial-intelligence-per-million-people.csv": {
        "Number of articles per 1 million people - Field: All": (
            "ai_publications_per_million",
            "articles per million people (whole count)",
        ),
    },
    "artificial-intelligence-patents-submitted.csv": {
        "All": ("ai_patent_applications_by_office", "patent applications (by filing office)"),
    },
    "artificial-intelligence-patents-submitted-per-million.csv": {
        "Patent applications per 1 million people - Field: All": (
            "ai_patent_applications_by_office_per_million",
            "patent applications (by filing office) per million people",
        ),
    },
    "private-investment-in-artificial-intelligence-cset.csv": {
        "All": ("ai_private_investment_usd", "constant 2021 US$ (OWID, deflated by US CPI)"),
        # CSET's extrapolation of the incomplete latest year; kept apart from the actuals.
        "All (projected) (Projected)": (
            "ai_private_investment_projected_usd",
            "constant 2021 US$ (OWID, deflated by US CPI)",
        ),
    },
    "cumulative-number-of-large-scale-ai-systems-by-country.csv": {
        "Cumulative number of large-scale AI systems by country": (
            "ai_large_scale_systems_cumulative",
            "AI systems (cumulative count)",
        ),
    },
}
"""Grapher file name -> {value column: (tidy indicator, unit)}."""

OWID_COUNTRY_CODES: dict[str, str] = {"OWID_KOS": "Kosovo"}
"""OWID-made codes for countries (resolved by name); other ``OWID_`` codes are regions."""

MISSING = ("",)  # OWID leaves a cell empty where a row has no value for that column


def _columns(path: Path) -> dict[str, tuple[str, str]]:
    if path.name not in OWID_SERIES:
        raise DataFileError(
            path,
            f"{path.name!r} is not an OWID grapher file this package knows",
            "add it with its value column(s), indicator name and unit to OWID_SERIES in "
            "src/analysis/readers/owid.py",
        )
    return OWID_SERIES[path.name]


@reader("owid_grapher")
def read_owid_grapher(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read an OWID grapher CSV (``Entity,Code,Year,<value>...``) into tidy rows.

    Args:
        path: ``<chart-slug>.csv`` as downloaded from ``ourworldindata.org/grapher``.
        entry: Its registry entry (source id and vintage; OWID prints no vintage in the file).

    Returns:
        One row per country, year and value column with a value; OWID regions and rows
        without a code are dropped.

    Raises:
        DataFileError: on an unknown file, a missing or renamed value column, a truncated
            row, a non-numeric value, an invalid ISO3 code or a duplicated row.
    """
    columns = _columns(path)
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(
        df,
        ["Entity", "Code", "Year", *columns],
        path,
        "(OWID grapher layout; a renamed value column may mean a changed definition: check the "
        "chart page, then update OWID_SERIES in src/analysis/readers/owid.py)",
    )
    df["_row"] = range(2, 2 + len(df))
    require_data_rows(df, path)
    require_complete_rows(path, "utf-8-sig")
    code = df["Code"].str.strip()
    df = df[(code != "") & (~code.str.startswith("OWID_") | code.isin(OWID_COUNTRY_CODES))]
    names = [OWID_COUNTRY_CODES.get(c.strip(), c.strip()) for c in df["Code"]]
    df = df.assign(iso3=countries.to_iso3(names, path, rows=df["_row"], column="Code"))
    frames = []
    for column, (indicator, unit) in columns.items():
        part = df[["iso3", "Entity", "Year", "_row"]].copy()
        part["value"] = parse_numbers(df[column], path, df["_row"], column, MISSING)
        part["indicator"] = indicator
        part["unit"] = unit
        frames.append(part[part["value"].notna()])
    long = pd.concat(frames, ignore_index=True).rename(columns={"Entity": "country"})
    long["year"] = parse_numbers(long["Year"], path, long["_row"], "Year")
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(long, path, fix=f"check the file is OWID's grapher CSV; {REFETCH}")
