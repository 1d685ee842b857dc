"""WIPO patent counts by applicant's origin, and UNESCO/OECD R&D series, as Argendata CSVs.

Fundar's Argendata project (topic ``CIETEC``) republishes WIPO IP Statistics Data Center and
R&D series as small CSVs: ``geocodigoFundar`` (ISO3 for countries, Fundar/World Bank codes for
aggregates and historical entities), ``geonombreFundar`` (Spanish name), a year column and one
value column. The ISO codes are used, not the Spanish names.

The column ``patentes_de_residentes`` of files 23 and 12 is misnamed: Argendata's script
takes WIPO's "Total count by applicant's origin" report, i.e. applications filed at home and
abroad by residents of the country (WIPO "by origin"), not resident filings at the national
office. The reader therefore names the indicator ``patent_applications_by_origin``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, read_csv, require_columns, require_data_rows
from analysis.data.readers._open_data import parse_numbers, require_complete_rows
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

CODE = "geocodigoFundar"
NAME = "geonombreFundar"


@dataclass(frozen=True)
class ArgendataSeries:
    """How one Argendata file maps to a tidy indicator."""

    year_column: str
    value_column: str
    indicator: str
    unit: str
    scale: float = 1.0  # multiply the published value by this (fractions -> percent)


ARGENDATA_FILES: dict[str, ArgendataSeries] = {
    "23_patentes_pais_residencia_solicitante_evo.csv": ArgendataSeries(
        "anio", "patentes_de_residentes", "patent_applications_by_origin", "applications"
    ),
    # Latest year of file 23 only (identical values).
    "12_solicitud_patentes_segun_residencia_solicitante_ultimo_anio_disponible.csv": (
        ArgendataSeries(
            "anio", "patentes_de_residentes", "patent_applications_by_origin", "applications"
        )
    ),
    "13_patentes_residentes_sobre_pib.csv": ArgendataSeries(
        "anio",
        "valor",
        "patent_applications_resident_per_100bn_gdp_ppp",
        "resident applications per US$100 billion of GDP (2017 PPP $)",
    ),
    "21_id_pib_pais_evo.csv": ArgendataSeries(
        "anio", "gerd_gdp", "rd_expenditure_pct_gdp", "% of GDP"
    ),
    # Latest year of file 21 only, stored as a fraction (0.0358623 = 3.586 %).
    "01_id_pib_pais.csv": ArgendataSeries(
        "ultimo_anio_disponible", "gerd_gdp", "rd_expenditure_pct_gdp", "% of GDP", scale=100.0
    ),
    "05_investigadores_cada_mil_pea_ultimo_anio.csv": ArgendataSeries(
        "ultimo_anio_disponible",
        "ejc_pea_1000",
        "researchers_fte_per_thousand_labour_force",
        "full-time-equivalent researchers per 1,000 economically active people",
    ),
    "06_inversion_por_investigador.csv": ArgendataSeries(
        "ultimo_anio_disponible",
        "gasto_investigador",
        "gerd_per_researcher_thousand_ppp_usd",
        "thousand current PPP US$ per full-time-equivalent researcher",
    ),
}
"""Argendata file name -> year column, value column, tidy indicator and unit."""

FUNDAR_CODES: dict[str, str] = {
    # Historical entities: the name is resolved to an ISO 3166-3 code by analysis.countries.
    "SVU": "Soviet Union",
    "SER": "Yugoslavia",  # WIPO's Yugoslavia, 1980-2003; Serbia (SRB) from 2004
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    # Aggregates (World Bank / Fundar codes).
    "WLD": countries.NOT_A_COUNTRY,
    "EUU": countries.NOT_A_COUNTRY,
    "EU27_2020": countries.NOT_A_COUNTRY,
    "OECD": countries.NOT_A_COUNTRY,
    "LDC": countries.NOT_A_COUNTRY,
    "LCN": countries.NOT_A_COUNTRY,
    "RICYT_IBE": countries.NOT_A_COUNTRY,
    "HIC": countries.NOT_A_COUNTRY,
    "UMC": countries.NOT_A_COUNTRY,
    "MIC": countries.NOT_A_COUNTRY,
    "LMC": countries.NOT_A_COUNTRY,
    "LIC": countries.NOT_A_COUNTRY,
}
"""Fundar codes that are not ISO3: historical entities (-> English name) or aggregates."""

MISSING = ("", "NA")  # empty field; "NA" is what R's writers emit for a missing value


def _series(path: Path) -> ArgendataSeries:
    if path.name not in ARGENDATA_FILES:
        raise DataFileError(
            path,
            f"{path.name!r} is not an Argendata file this package knows",
            "add it with its year and value columns, indicator and unit to ARGENDATA_FILES in "
            "src/analysis/readers/wipo.py",
        )
    return ARGENDATA_FILES[path.name]


def _iso3(df: pd.DataFrame, path: Path) -> list[str]:
    """Map Fundar codes to ISO3 (or NOT_A_COUNTRY) through :func:`analysis.countries.to_iso3`."""
    out = [countries.NOT_A_COUNTRY] * len(df)
    keep = [i for i, c in enumerate(df[CODE]) if FUNDAR_CODES.get(c) != countries.NOT_A_COUNTRY]
    names = [FUNDAR_CODES.get(c, c) for c in df[CODE].iloc[keep]]
    codes = countries.to_iso3(names, path, rows=df["_row"].iloc[keep], column=CODE)
    for i, code in zip(keep, codes, strict=True):
        out[i] = code
    return out


def _display_name(iso3: str, spanish: str) -> str:
    """Return an English display name (coco has none for the ISO 3166-3 codes)."""
    name = countries.name(iso3)
    if name != iso3:
        return name
    historical = [n for n in FUNDAR_CODES.values() if n != countries.NOT_A_COUNTRY]
    return next((n for n in historical if countries.lookup(n) == iso3), spanish)


@reader("argendata_cietec")
def read_argendata(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read an Argendata CIETEC CSV (WIPO patents by origin, GERD, researchers) into tidy rows.

    Aggregates (World, income groups, EU, OECD, Ibero-America ...) are dropped; the historical
    Soviet Union, Yugoslavia, Czechoslovakia and German Democratic Republic are kept under their
    ISO 3166-3 codes (SUN, YUG, CSK, DDR). Names are English display names, not Fundar's Spanish.

    Args:
        path: One of the files in :data:`ARGENDATA_FILES`, as published.
        entry: Its registry entry (source id and vintage).

    Returns:
        One row per economy and year with a value.

    Raises:
        DataFileError: on an unknown file, missing columns, a truncated row, a non-numeric
            value, an unknown country code or a duplicated row.
    """
    spec = _series(path)
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    require_columns(df, [CODE, NAME, spec.year_column, spec.value_column], path, "(Argendata)")
    df["_row"] = range(2, 2 + len(df))
    require_data_rows(df, path)
    require_complete_rows(path, "utf-8")
    if "nivel_agregacion" in df.columns:  # file 21 flags its aggregates itself
        df = df[df["nivel_agregacion"].str.strip() != "agregacion"]
    df = df.assign(iso3=_iso3(df, path))
    df = df[df["iso3"] != countries.NOT_A_COUNTRY].copy()
    values = parse_numbers(df[spec.value_column], path, df["_row"], spec.value_column, MISSING)
    df["value"] = values * spec.scale
    df = df[df["value"].notna()]
    df["country"] = [_display_name(c, n) for c, n in zip(df["iso3"], df[NAME], strict=True)]
    df["year"] = parse_numbers(df[spec.year_column], path, df["_row"], spec.year_column)
    df["indicator"] = spec.indicator
    df["unit"] = spec.unit
    df["source"] = entry.source_id
    df["vintage"] = entry.vintage
    return validate_tidy(df, path, fix=f"check the file is Argendata's published CSV; {REFETCH}")
