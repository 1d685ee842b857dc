"""World Bank WDI: the official bulk CSV layout, and the tidy per-indicator API extracts."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, read_csv, require_columns, require_file
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

WDI_INDICATORS: dict[str, tuple[str, str]] = {
    "IP.PAT.RESD": ("patent_applications_resident", "applications"),
    "IP.PAT.NRES": ("patent_applications_nonresident", "applications"),
    "GB.XPD.RSDV.GD.ZS": ("rd_expenditure_pct_gdp", "% of GDP"),
    "SP.POP.SCIE.RD.P6": ("researchers_per_million", "researchers per million people"),
    "IP.JRN.ARTC.SC": ("journal_articles", "articles"),
    "TX.VAL.TECH.MF.ZS": ("hightech_exports_pct_manufactured", "% of manufactured exports"),
    "TX.VAL.TECH.CD": ("hightech_exports_usd", "current US$"),
    "NY.GDP.MKTP.CD": ("gdp_usd", "current US$"),
    "NY.GDP.MKTP.PP.CD": ("gdp_ppp_usd", "current international $ (PPP)"),
    "SP.POP.TOTL": ("population", "people"),
}
"""WDI code -> (indicator name carrying measure and unit, unit)."""

_PREAMBLE = 4  # "Data Source", blank, "Last Updated Date", blank; then the header row


def _indicator(code: str, path: Path) -> tuple[str, str]:
    if code not in WDI_INDICATORS:
        raise DataFileError(
            path,
            f"indicator code {code!r} is not one this package knows",
            f"add {code!r} with a tidy name and unit to WDI_INDICATORS in "
            "src/analysis/readers/wdi.py",
            column="Indicator Code",
        )
    return WDI_INDICATORS[code]


def last_updated(path: Path) -> str:
    """Return the "Last Updated Date" printed in a WDI bulk CSV's preamble.

    Raises:
        DataFileError: if the preamble is missing (a file saved without the 4 header lines).
    """
    require_file(path)
    with path.open(encoding="utf-8-sig") as handle:
        head = [handle.readline() for _ in range(_PREAMBLE + 1)]
    if not head[0].startswith('"Data Source"') or not head[2].startswith('"Last Updated Date"'):
        raise DataFileError(
            path,
            'missing the 4-line World Bank preamble ("Data Source", "Last Updated Date") before '
            "the header",
            "use the file exactly as the World Bank bulk download ships it (API_<code>_DS2_...csv "
            f"from the zip), not a re-saved copy; {REFETCH}",
            row=1,
        )
    match = re.search(r'"Last Updated Date","([0-9-]+)"', head[2])
    return match.group(1) if match else ""


def _aggregate_codes(path: Path) -> set[str]:
    """Return WB codes of regional and income aggregates, from the country metadata file.

    The World Bank marks aggregates by an empty Region in ``Metadata_Country_*.csv``; the bulk
    zip ships one next to every indicator file.
    """
    code = path.name.split("_DS2_")[0].removeprefix("API_")
    candidates = sorted(path.parent.glob(f"Metadata_Country_API_{code}_DS2_*.csv")) or sorted(
        path.parent.glob("Metadata_Country_*.csv")
    )
    if not candidates:
        raise DataFileError(
            path,
            "no Metadata_Country_*.csv beside it, so regional and income aggregates cannot be told "
            "apart from countries",
            "fetch the whole source (`analysis fetch --source wdi`), which brings the country "
            "metadata file",
        )
    found = candidates[0]
    stat = found.stat()
    return set(_aggregates_in(found, stat.st_size, stat.st_mtime_ns))


@cache
def _aggregates_in(meta_file: Path, size: int, mtime_ns: int) -> frozenset[str]:
    """Return the aggregates listed in one metadata file.

    Cached because the other indicator files of a bulk download fall back to the same file;
    size and mtime are in the key, so a new file is read.
    """
    meta = read_csv(meta_file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    require_columns(meta, ["Country Code", "Region"], meta_file)
    return frozenset(meta.loc[meta["Region"].str.strip() == "", "Country Code"])


@reader("wdi_bulk")
def read_wdi_bulk(
    path: Path, entry: SourceFile, *, include_aggregates: bool = False
) -> pd.DataFrame:
    """Read a World Bank bulk CSV (4 preamble lines, one column per year) into the tidy schema.

    Args:
        path: ``API_<code>_DS2_en_csv_v2_<n>.csv`` as downloaded.
        entry: Its registry entry (source id and vintage).
        include_aggregates: Keep regional and income aggregates (World, EU, High income ...).

    Returns:
        One row per economy and year with data.

    Raises:
        DataFileError: on a missing preamble, truncated rows, unknown indicator code or
            non-numeric values, naming the file, row and column.
    """
    vintage = last_updated(path) or entry.vintage
    wide = read_csv(path, skiprows=_PREAMBLE, encoding="utf-8-sig", dtype=str)
    wide = wide.loc[:, ~wide.columns.str.startswith("Unnamed")]
    require_columns(wide, ["Country Name", "Country Code", "Indicator Code"], path, "(WB header)")
    years = [c for c in wide.columns if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise DataFileError(path, "no year columns (1960, 1961, ...) in the header", REFETCH, row=5)
    wide["_row"] = range(_PREAMBLE + 2, _PREAMBLE + 2 + len(wide))
    truncated = wide["Indicator Code"].isna()
    if truncated.any():
        row = int(wide.loc[truncated, "_row"].iloc[0])
        raise DataFileError(
            path, "row ends early: it has no indicator code (truncated file?)", REFETCH, row=row
        )
    if not include_aggregates:
        wide = wide[~wide["Country Code"].isin(_aggregate_codes(path))]
    codes = wide["Indicator Code"].unique()
    if len(codes) != 1:
        raise DataFileError(path, f"expected one indicator per file, found {list(codes)}", REFETCH)
    indicator, unit = _indicator(codes[0], path)
    long = wide.melt(
        id_vars=["Country Name", "Country Code", "_row"],
        value_vars=years,
        var_name="year",
        value_name="value",
    ).dropna(subset=["value"])
    long = long.rename(columns={"Country Code": "iso3", "Country Name": "country"})
    long["indicator"] = indicator
    long["unit"] = unit
    long["source"] = entry.source_id
    long["vintage"] = vintage
    return validate_tidy(long, path)


@reader("wdi_tidy_extract")
def read_wdi_tidy_extract(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read a WB API extract with ``country_code`` rows and one column per year.

    The indicator code is the file's stem (``IP.PAT.NRES.csv``); the files hold economies only
    (no aggregates) and no names, so display names come from :mod:`analysis.countries`.
    """
    indicator, unit = _indicator(path.stem, path)
    wide = read_csv(path, dtype=str)
    require_columns(wide, ["country_code"], path)
    years = [c for c in wide.columns if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise DataFileError(path, "no year columns in the header", REFETCH, row=1)
    wide["_row"] = range(2, 2 + len(wide))
    long = wide.melt(id_vars=["country_code", "_row"], value_vars=years, var_name="year")
    long = long.dropna(subset=["value"]).rename(columns={"country_code": "iso3"})
    countries.add_names(long)
    long["indicator"] = indicator
    long["unit"] = unit
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(long, path)
