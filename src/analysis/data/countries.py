"""Country names to ISO 3166 alpha-3 codes: one place, one library, one list of exceptions.

Names are matched by ``country_converter`` (coco), whose regular expressions cover the usual
spellings ("Russian Federation", "Russia", "Korea, Rep."). What coco gets wrong or cannot know
(aggregates, historical entities, a publisher's own spelling) goes in :data:`EXCEPTIONS`,
which is tested entry by entry.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import DataFileError

logging.getLogger("country_converter").setLevel(logging.ERROR)  # we report unknown names ourselves

NOT_A_COUNTRY = "-"
"""Marker in :data:`EXCEPTIONS` for names that are aggregates or regions, dropped by readers."""

EXCEPTIONS: dict[str, str] = {
    # Publisher spellings coco does not know or maps elsewhere.
    "Kosovo": "XKX",  # World Bank's code; not an ISO 3166 assignment
    "Channel Islands": "CHI",  # World Bank's code
    "Turkiye": "TUR",
    "Türkiye": "TUR",
    "Czechia": "CZE",
    "Hong Kong, China": "HKG",
    "Macao, China": "MAC",
    "Taiwan, China": "TWN",
    "Chinese Taipei": "TWN",
    "Korea, Rep.": "KOR",
    "Korea, Republic of": "KOR",
    "Korea, Dem. People's Rep.": "PRK",
    "Micronesia, Fed. Sts.": "FSM",
    "St. Martin (French part)": "MAF",
    "Sint Maarten (Dutch part)": "SXM",
    "Curacao": "CUW",
    "Curaçao": "CUW",
    "Eswatini": "SWZ",
    "Cabo Verde": "CPV",
    "United States of America": "USA",
    "USA": "USA",
    "UK": "GBR",
    "UAE": "ARE",
    # copub_openalex: ISO2 vertex code of the Netherlands Antilles (dissolved 2010), which
    # coco does not know; ANT is its withdrawn ISO 3166 alpha-3 code (ISO 3166-3).
    "AN": "ANT",
    # Aggregates and non-country entities.
    "World": NOT_A_COUNTRY,
    "European Union": NOT_A_COUNTRY,
    "EU": NOT_A_COUNTRY,
    "Rest of world": NOT_A_COUNTRY,
    "Rest of the world": NOT_A_COUNTRY,
    "Other": NOT_A_COUNTRY,
    "Others": NOT_A_COUNTRY,
    # UNCTAD World Investment Report annex regions (unctad_wir_fdi); coco maps
    # "Southern Africa" to ZAF, the rest it does not know.
    "Developed economies": NOT_A_COUNTRY,
    "Developing economies": NOT_A_COUNTRY,
    "Europe": NOT_A_COUNTRY,
    "Other Europe": NOT_A_COUNTRY,
    "North America": NOT_A_COUNTRY,
    "Other developed economies": NOT_A_COUNTRY,
    "Africa": NOT_A_COUNTRY,
    "North Africa": NOT_A_COUNTRY,
    "Other Africa": NOT_A_COUNTRY,
    "Central Africa": NOT_A_COUNTRY,
    "East Africa": NOT_A_COUNTRY,
    "Southern Africa": NOT_A_COUNTRY,
    "West Africa": NOT_A_COUNTRY,
    "Asia": NOT_A_COUNTRY,
    "East and South-East Asia": NOT_A_COUNTRY,
    "East Asia": NOT_A_COUNTRY,
    "South-East Asia": NOT_A_COUNTRY,
    "South Asia": NOT_A_COUNTRY,
    "West Asia": NOT_A_COUNTRY,
    "Central Asia": NOT_A_COUNTRY,
    "Latin America and the Caribbean": NOT_A_COUNTRY,
    "South and Central America": NOT_A_COUNTRY,
    "South America": NOT_A_COUNTRY,
    "Central America": NOT_A_COUNTRY,
    "Caribbean": NOT_A_COUNTRY,
    "Oceania": NOT_A_COUNTRY,
    "Least developed countries (LDCs)": NOT_A_COUNTRY,
    "Landlocked countries (LLCs)": NOT_A_COUNTRY,
    "Small island developing states (SIDS)": NOT_A_COUNTRY,
    "Belgium / Luxembourg": NOT_A_COUNTRY,  # UNCTAD: two economies reported jointly to 2001
    # NSF NCSES Science & Engineering Indicators regions and groups (ncses_sei*); coco maps
    # "Australia and Oceania" to AUS, "EU-27 and United Kingdom" to GBR and "Not United
    # States" to USA, and knows none of the others.
    "Australia and Oceania": NOT_A_COUNTRY,
    "Central America and Caribbean": NOT_A_COUNTRY,
    "Middle East": NOT_A_COUNTRY,
    "East and Southeast Asia": NOT_A_COUNTRY,
    "EU-27": NOT_A_COUNTRY,
    "EU-27 and United Kingdom": NOT_A_COUNTRY,
    "Not United States": NOT_A_COUNTRY,
    "OECD": NOT_A_COUNTRY,
    "Total OECD": NOT_A_COUNTRY,
    "Non-OECD": NOT_A_COUNTRY,
    "G20 countries": NOT_A_COUNTRY,
    "Unassigned": NOT_A_COUNTRY,  # NCSES: articles with no assignable address
    "European Patent Office": NOT_A_COUNTRY,  # NCSES AI patents: priority office, no inventor
    "World Intellectual Property Organization": NOT_A_COUNTRY,
    # NCSES lists the two Palestinian territories separately; both would map to PSE (duplicate
    # rows) and neither has its own ISO3 code, so they are left out.
    "Gaza Strip": NOT_A_COUNTRY,
    "West Bank": NOT_A_COUNTRY,
    # Historical entities: ISO 3166-3 former codes (wipo_argendata, unctad_wir_fdi);
    # coco maps "Czechoslovakia" to CZE and knows none of the others.
    "Soviet Union": "SUN",
    "USSR": "SUN",
    "Czechoslovakia": "CSK",
    "German Democratic Republic": "DDR",
    "Yugoslavia": "YUG",
    "Serbia and Montenegro": "SCG",
    "Netherlands Antilles": "ANT",
}
"""Name -> ISO3 (or :data:`NOT_A_COUNTRY`) where coco is wrong, silent or ambiguous."""


_NOT_FOUND = "__not_found__"
_INT_COLUMNS = (
    "ISOnumeric",
    "UNcode",
    "FAOcode",
    "GBDcode",
    "EURO",
    "UN",
    "UNmember",
    "obsolete",
    "GEOnumeric",
)


@cache
def _converter() -> Any:  # coco ships no type hints
    """Return a coco converter, built from coco's own country table.

    coco 1.3 reads its table with pandas' default dtypes; under pandas 3 the string columns
    become the new ``str`` dtype, which its regex compiler rejects. Reading the same table
    ourselves as plain Python strings (and "NA" as Namibia, not a missing value) avoids that.
    """
    import country_converter as coco  # imported lazily: it costs about a second
    from country_converter.country_converter import COUNTRY_DATA_FILE

    table = pd.read_csv(
        COUNTRY_DATA_FILE, sep="\t", encoding="utf-8", dtype=str, keep_default_na=False
    )
    for column in _INT_COLUMNS:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column].replace("", None), errors="coerce")
    table = table.astype({c: object for c in table.columns if c not in _INT_COLUMNS})
    return coco.CountryConverter(country_data=table)


@cache
def lookup(name: str) -> str | None:
    """Return the ISO3 code for one country name, :data:`NOT_A_COUNTRY`, or None if unknown."""
    clean = " ".join(str(name).split())
    if clean in EXCEPTIONS:
        return EXCEPTIONS[clean]
    if len(clean) == 3 and clean.isupper():
        # Already a code: accept only real ISO3 codes.
        code = _converter().convert(clean, src="ISO3", to="ISO3", not_found=_NOT_FOUND)
    else:
        code = _converter().convert(clean, to="ISO3", not_found=_NOT_FOUND)
    # coco returns a list when a name matches several countries: that is not a match either.
    return code if isinstance(code, str) and code != _NOT_FOUND else None


def to_iso3(
    names: Iterable[str],
    path: str | Path,
    *,
    rows: Iterable[int] | None = None,
    column: str = "country",
) -> list[str]:
    """Map country names to ISO3 codes, failing loudly on a name nobody knows.

    Args:
        names: Country names as the publisher wrote them.
        path: The file the names came from (named in the error).
        rows: The row number of each name in that file, for the error message.
        column: The column the names came from.

    Returns:
        One ISO3 code per name, or :data:`NOT_A_COUNTRY` for known aggregates.

    Raises:
        DataFileError: for the first name that neither coco nor :data:`EXCEPTIONS` knows.
    """
    names = list(names)
    row_list = list(rows) if rows is not None else [None] * len(names)
    out: list[str] = []
    for name, row in zip(names, row_list, strict=True):
        code = lookup(name)
        if code is None:
            raise DataFileError(
                path,
                f"unknown country name {name!r}",
                "if it is a country, add its spelling to EXCEPTIONS in src/analysis/countries.py "
                "with its ISO3 code; if it is an aggregate, map it to NOT_A_COUNTRY",
                row=row,
                column=column,
            )
        out.append(code)
    return out


_SPECIAL_NAMES = {"XKX": "Kosovo", "CHI": "Channel Islands", "TWN": "Taiwan"}


@cache
def _short_names() -> dict[str, str]:
    """``{ISO3: name_short}`` of coco's country table, read once.

    Read straight from the table's two columns (about 2 ms) rather than through a converter
    (:func:`_converter`, about 0.1 s to build), which most notebooks never need otherwise.
    The strings are the same as the converter's (``tests/data/test_iso3.py``).
    """
    from country_converter.country_converter import COUNTRY_DATA_FILE

    with Path(COUNTRY_DATA_FILE).open(encoding="utf-8", newline="") as table:
        rows = csv.DictReader(table, delimiter="\t")
        # the converter leaves out countries that no longer exist (coco's include_obsolete=False);
        # it also drops rows that repeat a code, which the table has none of (tested equal)
        return {row["ISO3"]: row["name_short"] for row in rows if not row["obsolete"]}


def name(iso3: str) -> str:
    """Return a short English display name for an ISO3 code (the code itself if unknown)."""
    return _SPECIAL_NAMES.get(iso3) or _short_names().get(str(iso3).upper(), iso3)


def names(codes: Iterable[str]) -> list[str]:
    """Return display names for several ISO3 codes."""
    return [name(c) for c in codes]


def add_names(df: pd.DataFrame, code_column: str = "iso3", name_column: str = "country") -> None:
    """Fill ``name_column`` with display names for ``code_column``, in place."""
    df[name_column] = df[code_column].map(name).astype("string")
