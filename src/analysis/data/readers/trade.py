"""China-Russia merchandise trade: CEPII BACI product-level rows and UN Comtrade monthly totals.

BACI rows (``t,i,j,k,v,q``) become one row per exporter -> importer, year and HS 6-digit product
(``iso3`` = exporter, ``partner_iso3`` = importer, ``category`` = zero-padded HS code). The
Comtrade API output (one row per month) is summed to calendar years, ``iso3`` = reporter,
``partner_iso3`` = partner, ``category`` = the commodity code (TOTAL).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, read_csv, require_columns
from analysis.data.readers._open_data import parse_numbers
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

M49_TO_ISO3: dict[str, str] = {"156": "CHN", "643": "RUS"}
"""UN M49 numeric codes of the countries these China-Russia extracts hold."""

BACI_MISSING = ("", "NA")  # BACI leaves a quantity empty ("NA" in older releases) when unknown

COMTRADE_FLOWS: dict[str, tuple[str, str]] = {
    "M": ("reported_imports_usd", "US$, current (CIF, as reported by the importer)"),
    "X": ("reported_exports_usd", "US$, current (FOB, as reported by the exporter)"),
}
"""Comtrade flowCode -> (indicator, unit). Re-exports and re-imports are not read."""

# Comtrade rows that are not plain "all partners-2, all customs regimes, all transport modes"
# totals would be counted twice if summed with the totals.
_COMTRADE_TOTALS = {"partner2Code": "0", "customsCode": "C00", "motCode": "0", "freqCode": "M"}


def _iso3(codes: pd.Series, rows: pd.Series, path: Path, column: str) -> pd.Series:
    unknown = ~codes.isin(list(M49_TO_ISO3))
    if unknown.any():
        pos = int(unknown.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"unknown UN M49 country code {codes.iloc[pos]!r} (this reader knows "
            f"{sorted(M49_TO_ISO3)})",
            "if the extract now covers more countries, add their M49 codes to M49_TO_ISO3 in "
            "src/analysis/readers/trade.py",
            row=int(rows.iloc[pos]),
            column=column,
        )
    return codes.map(M49_TO_ISO3)


def _numbers(df: pd.DataFrame, column: str, path: Path, missing: tuple[str, ...] = ()) -> pd.Series:
    """Return ``df[column]`` as floats: documented missing markers become NA, other text fails."""
    return parse_numbers(df[column], path, df["_row"], column, missing=missing)


def _no_empty(df: pd.DataFrame, columns: list[str], path: Path) -> None:
    for column in columns:
        empty = df[column].isna() | (df[column].str.strip() == "")
        if empty.any():
            raise DataFileError(
                path,
                "row ends early or has an empty required value (truncated file?)",
                REFETCH,
                row=int(df.loc[empty, "_row"].iloc[0]),
                column=column,
            )


@reader("baci_csv")
def read_baci(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read BACI rows (``t,i,j,k,v,q``) into the tidy schema.

    Indicators: ``exports_value_usd_thousand`` (unit "US$ thousand, current (FOB)") and
    ``exports_quantity_tonnes`` ("metric tons", absent where BACI has no quantity), with
    ``iso3`` = exporter, ``partner_iso3`` = importer and ``category`` = HS 6-digit code.

    Args:
        path: A BACI CSV (or a row filter of one) with BACI's header ``t,i,j,k,v,q``.
        entry: Its registry entry (source id and vintage).

    Returns:
        The tidy table.

    Raises:
        DataFileError: on a missing column, a truncated row, a non-numeric value, an unknown
            country code, a malformed HS code or a repeated exporter/importer/year/product.
    """
    raw = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(raw, ["t", "i", "j", "k", "v", "q"], path, "(BACI header t,i,j,k,v,q)")
    raw["_row"] = range(2, 2 + len(raw))
    _no_empty(raw, ["t", "i", "j", "k", "v"], path)
    k = raw["k"].str.strip()
    bad_k = ~k.str.fullmatch(r"\d{5,6}")
    if bad_k.any():
        pos = int(bad_k.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"expected an HS 6-digit product code (5 digits when the leading zero is dropped), "
            f"found {raw['k'].iloc[pos]!r}",
            REFETCH,
            row=int(raw["_row"].iloc[pos]),
            column="k",
        )
    base = pd.DataFrame(
        {
            "year": _numbers(raw, "t", path),
            "iso3": _iso3(raw["i"].str.strip(), raw["_row"], path, "i"),
            "partner_iso3": _iso3(raw["j"].str.strip(), raw["_row"], path, "j"),
            # BACI stores k as an integer: put back the leading zero of chapters 01-09.
            "category": k.str.zfill(6),
            "_row": raw["_row"],
        }
    )
    value = base.assign(
        indicator="exports_value_usd_thousand",
        unit="US$ thousand, current (FOB)",
        value=_numbers(raw, "v", path),
    )
    quantity = base.assign(
        indicator="exports_quantity_tonnes",
        unit="metric tons",
        value=_numbers(raw, "q", path, BACI_MISSING),
    ).dropna(subset=["value"])
    long = pd.concat([value, quantity], ignore_index=True)
    countries.add_names(long)
    countries.add_names(long, "partner_iso3", "partner")
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(long, path)


@reader("comtrade_monthly_csv")
def read_comtrade_monthly(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read UN Comtrade API output (monthly, ``freqCode`` M) and sum it to calendar years.

    The tidy schema has no month, so the 12 monthly values of a year are added up; a year with
    a missing or repeated month is refused rather than summed into a misleading annual value.
    Indicators: ``reported_imports_usd`` (flow M, CIF) or ``reported_exports_usd`` (flow X,
    FOB), in current US$, with ``iso3`` = reporter, ``partner_iso3`` = partner and
    ``category`` = the commodity code (e.g. "TOTAL").

    Args:
        path: The CSV saved from the Comtrade API (``typeCode,freqCode,...,primaryValue,...``).
        entry: Its registry entry (source id and vintage).

    Returns:
        One row per reporter, partner, flow, commodity and year.

    Raises:
        DataFileError: on a missing column, a truncated row, a non-numeric value, an unknown
            country code, a flow or breakdown it does not read, or an incomplete year.
    """
    raw = read_csv(path, dtype=str, keep_default_na=False)
    needed = [
        "refYear",
        "refMonth",
        "reporterCode",
        "partnerCode",
        "flowCode",
        "cmdCode",
        "primaryValue",
        *_COMTRADE_TOTALS,
    ]
    require_columns(raw, needed, path, "(UN Comtrade API output)")
    raw["_row"] = range(2, 2 + len(raw))
    if raw.empty:
        raise DataFileError(path, "no data rows were read", REFETCH)
    _no_empty(raw, needed, path)
    flows = _comtrade_flows(raw, path)
    monthly = pd.DataFrame(
        {
            "year": _numbers(raw, "refYear", path),
            "month": _numbers(raw, "refMonth", path),
            "iso3": _iso3(raw["reporterCode"].str.strip(), raw["_row"], path, "reporterCode"),
            "partner_iso3": _iso3(raw["partnerCode"].str.strip(), raw["_row"], path, "partnerCode"),
            "flow": flows,
            "category": raw["cmdCode"].str.strip(),
            "value": _numbers(raw, "primaryValue", path),
            "_row": raw["_row"],
        }
    )
    annual = _annual(monthly, path)
    annual["indicator"] = annual["flow"].map(lambda f: COMTRADE_FLOWS[f][0])
    annual["unit"] = annual["flow"].map(lambda f: COMTRADE_FLOWS[f][1])
    countries.add_names(annual)
    countries.add_names(annual, "partner_iso3", "partner")
    annual["source"] = entry.source_id
    annual["vintage"] = entry.vintage
    return validate_tidy(annual, path)


def _comtrade_flows(raw: pd.DataFrame, path: Path) -> pd.Series:
    """Return the flow codes; refuse breakdowns (not monthly totals) and flows other than M, X."""
    for column, expected in _COMTRADE_TOTALS.items():
        other = raw[column].str.strip() != expected
        if other.any():
            pos = int(other.to_numpy().nonzero()[0][0])
            raise DataFileError(
                path,
                f"expected {column} = {expected!r} (monthly totals only), found "
                f"{raw[column].iloc[pos]!r}; summing breakdowns with totals would double count",
                "query the Comtrade API with frequency M and no partner-2 / customs / transport "
                "breakdown",
                row=int(raw["_row"].iloc[pos]),
                column=column,
            )
    flows = raw["flowCode"].str.strip()
    unknown = ~flows.isin(list(COMTRADE_FLOWS))
    if unknown.any():
        pos = int(unknown.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"flowCode {flows.iloc[pos]!r} is not read (only M imports and X exports)",
            "query only flows M and X",
            row=int(raw["_row"].iloc[pos]),
            column="flowCode",
        )
    return flows


def _annual(monthly: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Sum the 12 months of each year; refuse a repeated or a missing month."""
    keys = ["iso3", "partner_iso3", "flow", "category", "year"]
    dup = monthly.duplicated([*keys, "month"])
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"duplicated row: month {int(monthly['month'].iloc[pos])} of "
            f"{int(monthly['year'].iloc[pos])} appears twice",
            "remove the repeated month, or re-download the Comtrade query",
            row=int(monthly["_row"].iloc[pos]),
        )
    annual = monthly.groupby(keys, as_index=False).agg(
        value=("value", "sum"), months=("month", "nunique"), _row=("_row", "min")
    )
    partial = annual["months"] != 12
    if partial.any():
        pos = int(partial.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"year {int(annual['year'].iloc[pos])} has {int(annual['months'].iloc[pos])} of 12 "
            "months; an annual total needs all 12",
            "download the complete year, or drop the partial year's months from the file",
            row=int(annual["_row"].iloc[pos]),
        )
    return annual
