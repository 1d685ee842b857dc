"""Composite AI rankings: Tortoise Global AI Index, Oxford Insights GAIRI, IMF AIPI.

Every rank is stored with its edition and the number of countries ranked in that edition
(``n_countries``), because N moves a lot between editions (Tortoise 54 -> 62 -> 83, Oxford
194 -> 160 -> 195). Ranks are carried on the rows of the total score; pillar and dimension
scores use ``category``. ``year`` is the year the edition was published; ``edition`` is the
publisher's label (Oxford's "2021" edition came out in January 2022).

Where a file carries no rank (Tortoise, IMF), the rank is computed from the total score with
ties sharing the best rank ("min"), and the unit says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.iso3 import ISO3_CODES
from analysis.data.readers import reader
from analysis.data.readers._common import (
    REFETCH,
    read_csv,
    require_columns,
    require_data_rows,
    snake_case,
)
from analysis.data.readers._common import read_excel as _read_excel
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

# --- shared helpers ---------------------------------------------------------------------------

_EMPTY = {"", "nan", "None"}


def _is_empty(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or str(value).strip() in _EMPTY
    )


def _numbers(
    values: pd.Series,
    path: Path,
    rows: pd.Series,
    column: str,
    *,
    missing: tuple[str, ...] = (),
    what: str = "a number",
) -> pd.Series:
    """Convert a column to floats; only the publisher's documented ``missing`` markers become NaN.

    Raises:
        DataFileError: on an empty cell (unless "" is a documented marker) or any other text,
            naming the file, row and column.
    """
    out = []
    for value, row in zip(values, rows, strict=True):
        text = "" if _is_empty(value) else str(value).strip()
        if text in missing:
            out.append(float("nan"))
            continue
        if text == "":
            raise DataFileError(
                path,
                f"expected {what}, found an empty cell (truncated or edited file?)",
                REFETCH,
                row=int(row),
                column=column,
            )
        try:
            out.append(float(text))
        except ValueError:
            raise DataFileError(
                path, f"expected {what}, found {text!r}", REFETCH, row=int(row), column=column
            ) from None
    return pd.Series(out, index=values.index, dtype="float64")


def _names_to_iso3(df: pd.DataFrame, path: Path, column: str) -> pd.DataFrame:
    """Add ``iso3`` from publisher names and drop aggregates (NOT_A_COUNTRY)."""
    if df[column].map(_is_empty).any():
        row = int(df.loc[df[column].map(_is_empty), "_row"].iloc[0])
        raise DataFileError(path, "a country name is empty", REFETCH, row=row, column=column)
    df = df.copy()
    df["country"] = df[column].astype(str).str.strip()
    df["iso3"] = countries.to_iso3(df["country"], path, rows=df["_row"], column=column)
    return df[df["iso3"] != countries.NOT_A_COUNTRY]


def _check_codes(df: pd.DataFrame, path: Path, column: str) -> pd.DataFrame:
    """Use the file's ISO3 codes, after checking each is a real ISO 3166 alpha-3 code."""
    df = df.copy()
    for code, row in zip(df[column], df["_row"], strict=True):
        text = "" if _is_empty(code) else str(code).strip()
        if text not in ISO3_CODES:
            raise DataFileError(
                path,
                f"expected an ISO 3166 alpha-3 code, found {text!r}",
                REFETCH,
                row=int(row),
                column=column,
            )
    df["iso3"] = df[column].astype(str).str.strip()
    return df


def _read_xlsx(path: Path, sheet: str) -> pd.DataFrame:
    """Read one sheet with no header inference, every cell as an object."""
    # read_excel checks the file is there and turns a broken (e.g. truncated) workbook into a
    # DataFileError.
    raw = _read_excel(path, sheet_name=sheet, header=None, dtype=object, keep_default_na=False)
    raw.index = range(1, len(raw) + 1)  # 1-based sheet row numbers, for errors
    return raw


def _header_at(raw: pd.DataFrame, row: int, expected: list[str], path: Path, sheet: str) -> None:
    """Check that sheet row ``row`` starts with the ``expected`` header cells."""
    if len(raw) < row:
        raise DataFileError(path, f"sheet {sheet!r} has no header row {row}", REFETCH, row=row)
    found = [str(v).strip() if not _is_empty(v) else "" for v in raw.loc[row].tolist()]
    for i, name in enumerate(expected):
        if i >= len(found) or found[i] != name:
            raise DataFileError(
                path,
                f"sheet {sheet!r}: expected header {expected} in row {row}, found "
                f"{[f for f in found if f][: len(expected) + 2]}",
                REFETCH,
                row=row,
            )


def _body(raw: pd.DataFrame, header_row: int, columns: list[str]) -> pd.DataFrame:
    """Return the rows under ``header_row`` (blank rows dropped) with ``_row`` and names."""
    body = raw.loc[header_row + 1 :, : len(columns) - 1].copy()
    body.columns = columns
    body = body[~body.apply(lambda r: all(_is_empty(v) for v in r), axis=1)]
    body["_row"] = body.index
    return body.reset_index(drop=True)


def _min_rank(scores: pd.Series) -> pd.Series:
    """Rank by score, best first; ties share the best rank (1, 2, 2, 4)."""
    return scores.rank(ascending=False, method="min").astype("Int64")


def _pillar_rows(
    df: pd.DataFrame, path: Path, entry: SourceFile, columns: dict[str, str], **tidy: object
) -> list[pd.DataFrame]:
    """Tidy rows for each pillar column (column name -> category), values checked as numbers."""
    frames = []
    for column, category in columns.items():
        part = df.copy()
        part["value"] = _numbers(part[column], path, part["_row"], column)
        frames.append(_tidy(part, entry, category=category, **tidy))  # type: ignore[arg-type]
    return frames


def _tidy(
    df: pd.DataFrame,
    entry: SourceFile,
    *,
    indicator: str,
    unit: str,
    year: int | pd.Series,
    edition: str | pd.Series,
    value: str = "value",
    category: str | None = None,
    rank: str | None = None,
    n_countries: int | pd.Series | None = None,
) -> pd.DataFrame:
    """Build tidy rows (not yet validated) from one value column of a wide table."""
    out = pd.DataFrame(
        {
            "iso3": df["iso3"],
            "country": df["country"],
            "year": year,
            "indicator": indicator,
            "value": df[value],
            "unit": unit,
            "source": entry.source_id,
            "vintage": entry.vintage,
            "edition": edition,
            "rank": df[rank] if rank else pd.NA,
            "n_countries": n_countries if n_countries is not None else pd.NA,
            "category": category,
            "_row": df["_row"],
        }
    )
    return out.dropna(subset=["value"])


# --- Tortoise Media, The Global AI Index --------------------------------------------------------

TORTOISE_PILLARS: tuple[str, ...] = (
    "Talent",
    "Infrastructure",
    "Operating Environment",
    "Research",
    "Development",
    "Government Strategy",
    "Commercial",
)
"""The seven pillars of the 2021 edition, in the file's column order."""

_GAI_UNIT = "score 0-100 (top country = 100)"
_GAI_RANK_UNIT = (
    "score 0-100 (top country = 100); rank computed from this score (the file has no rank "
    "column), ties share the best rank"
)


def _tortoise_totals(
    df: pd.DataFrame, path: Path, entry: SourceFile, column: str, edition: str
) -> pd.DataFrame:
    df = df.copy()
    df["value"] = _numbers(df[column], path, df["_row"], column)
    df["rank"] = _min_rank(df["value"])
    return _tidy(
        df,
        entry,
        indicator="gai_score",
        unit=_GAI_RANK_UNIT,
        year=int(edition),
        edition=edition,
        rank="rank",
        n_countries=len(df),
    )


@reader("tortoise_gai_2021")
def read_tortoise_gai_2021(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the Tortoise Global AI Index 2021 table (``AI_index_db.csv``, Kaggle layout).

    One row per country: the seven pillar scores, ``Total score`` (0-100, US = 100) and four
    labels (Region, Cluster, and two added by the Kaggle uploader, which are not read).

    Args:
        path: ``AI_index_db.csv``.
        entry: Its registry entry.

    Returns:
        ``gai_score`` (with rank by total score and N = countries in the file) and
        ``gai_pillar_score`` per pillar (``category`` = pillar in snake_case), edition "2021".

    Raises:
        DataFileError: on a missing column, an empty or non-numeric score, an unknown country
            or a duplicated country, naming the file, row and column.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(df, ["Country", *TORTOISE_PILLARS, "Total score"], path, "(Tortoise 2021)")
    df["_row"] = range(2, len(df) + 2)
    require_data_rows(df, path)
    df = _names_to_iso3(df, path, "Country")
    frames = [_tortoise_totals(df, path, entry, "Total score", "2021")]
    frames += _pillar_rows(
        df,
        path,
        entry,
        {p: snake_case(p) for p in TORTOISE_PILLARS},
        indicator="gai_pillar_score",
        unit=_GAI_UNIT,
        year=2021,
        edition="2021",
        n_countries=len(df),
    )
    return validate_tidy(pd.concat(frames, ignore_index=True), path)


@reader("tortoise_gai_2023")
def read_tortoise_gai_2023(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the Tortoise Global AI Index 2023 totals (``gai.csv``: ``country,gai``).

    Args:
        path: ``gai.csv``.
        entry: Its registry entry.

    Returns:
        ``gai_score``, edition "2023", with rank computed from the score (scores are rounded to
        one decimal, so six pairs of countries tie) and N = countries in the file.

    Raises:
        DataFileError: on a missing column, an empty or non-numeric score, an unknown country
            or a duplicated country.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(df, ["country", "gai"], path, "(Tortoise 2023: country,gai)")
    df["_row"] = range(2, len(df) + 2)
    require_data_rows(df, path)
    df = _names_to_iso3(df, path, "country")
    return validate_tidy(_tortoise_totals(df, path, entry, "gai", "2023"), path)


# --- Oxford Insights, Government AI Readiness Index ---------------------------------------------

GAIRI_PUBLISHED: dict[str, int] = {
    "2019": 2019,
    "2020": 2020,
    "2021": 2022,  # released 19/21 January 2022
    "2022": 2022,  # 12 December 2022
    "2023": 2023,  # 6 December 2023
    "2024": 2024,  # December 2024
    "2025": 2025,  # report December 2025; data workbook revised January 2026
}
"""Edition label -> year of publication (the ``year`` column)."""

_GAIRI_SCALES = {"0-10": "score 0-10", "0-100": "score 0-100"}

GAIRI_2025_PILLARS: tuple[str, ...] = (
    "policy_capacity",
    "ai_infrastructure",
    "governance",
    "public_sector_adoption",
    "development_diffusion",
    "resilience",
)
"""The six pillars of the 2025 framework, as named in ``ai_readiness_index.csv``."""

GAIRI_2024_PILLARS: tuple[str, ...] = ("Government", "Technology Sector", "Data and Infrastructure")
GAIRI_2024_DIMENSIONS: tuple[str, ...] = (
    "Vision",
    "Governance and Ethics",
    "Digital Capacity",
    "Adaptability",
    "Maturity",
    "Innovation Capacity",
    "Human Capital",
    "Infrastructure",
    "Data Availability",
    "Data Representativeness",
)


def _gairi_year(edition: str, path: Path, row: int) -> int:
    if edition not in GAIRI_PUBLISHED:
        raise DataFileError(
            path,
            f"edition {edition!r} is not one this package knows",
            "add the edition and its publication year to GAIRI_PUBLISHED in "
            "src/analysis/readers/ai_rankings.py",
            row=row,
            column="year",
        )
    return GAIRI_PUBLISHED[edition]


@reader("oxford_gairi_panel")
def read_oxford_gairi_panel(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the 2019-2025 GAIRI panel compiled from Oxford's seven workbooks.

    Uses the published columns only (``rank``, ``n_ranked``, ``score_raw`` on the edition's own
    scale); the compiler's ``rank_pct`` and ``score_100`` are not read.

    The panel's 2025 ranks disagree with the ranks in ``ai_readiness_index.csv`` for 168 of 195
    countries; the mirror's SOURCE.md names that file's rank as Oxford's official 2025 rank, so
    the 2025 rows here carry Oxford's total score but no rank (see the ``oxford_gairi_2025``
    reader).

    Args:
        path: ``gairi_global_rankings_2019_2025.csv``.
        entry: Its registry entry.

    Returns:
        ``gairi_score`` per country and edition (2019 on 0-10, later editions on 0-100), with
        the official rank and N ranked in that edition.

    Raises:
        DataFileError: on a missing column, a bad ISO3 code, an unknown edition or scale, a
            non-numeric value, an edition whose row count differs from its ``n_ranked``
            (truncated file), or a duplicated country-edition.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    needed = ["iso3", "country", "year", "rank", "n_ranked", "score_raw", "score_scale"]
    require_columns(df, needed, path, "(GAIRI panel)")
    df["_row"] = range(2, len(df) + 2)
    require_data_rows(df, path)
    df = _check_codes(df, path, "iso3")
    df["edition"] = df["year"].str.strip()
    df["pub_year"] = [
        _gairi_year(e, path, r) for e, r in zip(df["edition"], df["_row"], strict=True)
    ]
    bad_scale = ~df["score_scale"].isin(list(_GAIRI_SCALES))
    if bad_scale.any():
        row = int(df.loc[bad_scale, "_row"].iloc[0])
        found = df.loc[bad_scale, "score_scale"].iloc[0]
        raise DataFileError(
            path,
            f"expected score_scale '0-10' or '0-100', found {found!r}",
            REFETCH,
            row=row,
            column="score_scale",
        )
    df["value"] = _numbers(df["score_raw"], path, df["_row"], "score_raw")
    df["rank_n"] = _numbers(df["rank"], path, df["_row"], "rank")
    df["n"] = _numbers(df["n_ranked"], path, df["_row"], "n_ranked")
    for edition, group in df.groupby("edition"):
        declared = set(group["n"])
        if declared != {float(len(group))}:
            raise DataFileError(
                path,
                f"edition {edition} has {len(group)} rows but n_ranked says {sorted(declared)} "
                "(truncated or edited file?)",
                REFETCH,
                row=int(group["_row"].iloc[-1]),
                column="n_ranked",
            )
    # SOURCE.md: the official 2025 rank is the one in ai_readiness_index.csv, not this one.
    df.loc[df["edition"] == "2025", "rank_n"] = float("nan")
    out = _tidy(
        df,
        entry,
        indicator="gairi_score",
        unit=df["score_scale"].map(_GAIRI_SCALES),
        year=df["pub_year"],
        edition=df["edition"],
        rank="rank_n",
        n_countries=df["n"],
    )
    return validate_tidy(out, path)


@reader("oxford_gairi_2022")
def read_oxford_gairi_2022(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the GAIRI 2022 totals in ``gair.csv`` (``country,gair``; no rank, no pillars).

    The same edition is in the panel as ``gairi_score`` (full precision, with the official
    rank); this file's rounded copy is kept as ``gairi_score_2dp`` so both can be compared.

    Args:
        path: ``gair.csv``.
        entry: Its registry entry.

    Returns:
        ``gairi_score_2dp``, edition "2022", N = countries in the file, no rank.

    Raises:
        DataFileError: on a missing column, empty or non-numeric score, unknown country or a
            duplicated country.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(df, ["country", "gair"], path, "(GAIRI 2022: country,gair)")
    df["_row"] = range(2, len(df) + 2)
    require_data_rows(df, path)
    df = _names_to_iso3(df, path, "country")
    df["value"] = _numbers(df["gair"], path, df["_row"], "gair")
    out = _tidy(
        df,
        entry,
        indicator="gairi_score_2dp",
        unit="score 0-100 (rounded to 2 decimals)",
        year=GAIRI_PUBLISHED["2022"],
        edition="2022",
        n_countries=len(df),
    )
    return validate_tidy(out, path)


@reader("oxford_gairi_2024_xlsx")
def read_oxford_gairi_2024_xlsx(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read Oxford's own 2024 workbook (``2024-GAIRI-data.xlsx``).

    Sheet ``Ranking`` (header row 1: Rank, Country, 2024 Total) gives the official rank and
    total; sheet ``Scores per pillar and dimension`` (header row 2) gives three pillars and ten
    dimensions. Its ``Ranking`` column (filled for the top 106 only) repeats the overall rank
    and is not read.

    Args:
        path: ``2024-GAIRI-data.xlsx``.
        entry: Its registry entry.

    Returns:
        ``gairi_score_xlsx`` (total, official rank, N = 188), ``gairi_pillar_score`` and
        ``gairi_dimension_score`` (``category`` = snake_case name), edition "2024".

    Raises:
        DataFileError: on a broken workbook, a missing sheet or header, an empty or
            non-numeric cell, an unknown country or a duplicated country.
    """
    raw = _read_xlsx(path, "Ranking")
    _header_at(raw, 1, ["Rank", "Country", "2024 Total"], path, "Ranking")
    rank = _body(raw, 1, ["Rank", "Country", "Total"])
    require_data_rows(rank, path)
    rank = _names_to_iso3(rank, path, "Country")
    rank["value"] = _numbers(rank["Total"], path, rank["_row"], "2024 Total")
    rank["rank_n"] = _numbers(rank["Rank"], path, rank["_row"], "Rank")
    n = len(rank)
    frames = [
        _tidy(
            rank,
            entry,
            indicator="gairi_score_xlsx",
            unit="score 0-100",
            year=GAIRI_PUBLISHED["2024"],
            edition="2024",
            rank="rank_n",
            n_countries=n,
        )
    ]
    sheet = "Scores per pillar and dimension"
    raw = _read_xlsx(path, sheet)
    header = ["Country", "Total", "Ranking", *GAIRI_2024_PILLARS, "", *GAIRI_2024_DIMENSIONS]
    _header_at(raw, 2, header[:6], path, sheet)
    found = [str(v).strip() if not _is_empty(v) else "" for v in raw.loc[2].tolist()]
    if found[7:17] != list(GAIRI_2024_DIMENSIONS):
        raise DataFileError(
            path,
            f"sheet {sheet!r}: expected the ten dimensions {list(GAIRI_2024_DIMENSIONS)} in row 2, "
            f"columns H-Q; found {found[7:17]}",
            REFETCH,
            row=2,
        )
    scores = _body(raw, 2, header)
    scores = _names_to_iso3(scores, path, "Country")
    for names, indicator in (
        (GAIRI_2024_PILLARS, "gairi_pillar_score"),
        (GAIRI_2024_DIMENSIONS, "gairi_dimension_score"),
    ):
        for name in names:
            part = scores.copy()
            part["value"] = _numbers(part[name], path, part["_row"], name)
            frames.append(
                _tidy(
                    part,
                    entry,
                    indicator=indicator,
                    unit="score 0-100",
                    year=GAIRI_PUBLISHED["2024"],
                    edition="2024",
                    category=snake_case(name),
                    n_countries=n,
                )
            )
    return validate_tidy(pd.concat(frames, ignore_index=True), path)


@reader("oxford_gairi_2025")
def read_oxford_gairi_2025(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the GAIRI 2025 ranks and six pillar scores (``ai_readiness_index.csv``).

    The file's ``overall_score`` is the copy's compiler's unweighted mean of the six pillars,
    not Oxford's published total (Oxford's total is ``gairi_score`` edition 2025 in the panel).
    It is kept as ``gairi_pillar_mean_score`` and carries the file's ``rank``, which the
    mirror's SOURCE.md names as Oxford's official 2025 rank (it does not follow the mean).

    Args:
        path: ``ai_readiness_index.csv``.
        entry: Its registry entry.

    Returns:
        ``gairi_pillar_mean_score`` (with the official rank and N = countries in the file) and
        ``gairi_pillar_score`` per pillar, edition "2025".

    Raises:
        DataFileError: on a missing column, bad ISO3 code, empty or non-numeric cell, or a
            duplicated country.
    """
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(
        df, ["country", "rank", *GAIRI_2025_PILLARS, "iso3c", "overall_score"], path, "(GAIRI 2025)"
    )
    df["_row"] = range(2, len(df) + 2)
    require_data_rows(df, path)
    df = _check_codes(df, path, "iso3c")
    df["country"] = df["country"].str.strip()
    df["value"] = _numbers(df["overall_score"], path, df["_row"], "overall_score")
    df["rank_n"] = _numbers(df["rank"], path, df["_row"], "rank")
    n = len(df)
    year = GAIRI_PUBLISHED["2025"]
    frames = [
        _tidy(
            df,
            entry,
            indicator="gairi_pillar_mean_score",
            unit=(
                "score 0-100: unweighted mean of the six 2025 pillars computed by the file's "
                "compiler, NOT Oxford's total; rank is Oxford's published 2025 rank"
            ),
            year=year,
            edition="2025",
            rank="rank_n",
            n_countries=n,
        )
    ]
    frames += _pillar_rows(
        df,
        path,
        entry,
        {p: p for p in GAIRI_2025_PILLARS},
        indicator="gairi_pillar_score",
        unit="score 0-100",
        year=year,
        edition="2025",
        n_countries=n,
    )
    return validate_tidy(pd.concat(frames, ignore_index=True), path)


# --- IMF, AI Preparedness Index ----------------------------------------------------------------

AIPI_COMPONENTS: tuple[str, ...] = (
    "Digitial Infrastructure",  # sic: the IMF's spelling
    "Innovation and Economic Integration",
    "Human Capital and Labor Market Policies",
    "Regulation and Ethics",
)
_AIPI_MISSING = ("NA",)  # the IMF's marker for "not computed" (9 economies)


@reader("imf_aipi")
def read_imf_aipi(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the IMF AI Preparedness Index workbook (``aipidata.xlsx``, sheet ``AIPI``).

    Row 1 is a banner ("Components of AIPI"), row 2 the header (Country, iso3, type, AIPI and
    the four components, which add up to AIPI). ``NA`` marks a score the IMF did not compute.

    Args:
        path: ``aipidata.xlsx``.
        entry: Its registry entry.

    Returns:
        ``aipi_score`` (0-1) with a rank computed by score among the economies that have one
        (ties share the best rank; N = those economies), and ``aipi_component_score`` per
        component (``category`` snake_case, the IMF's "Digitial" corrected), edition "2023".

    Raises:
        DataFileError: on a broken workbook, missing sheet or header, bad ISO3 code, a
            non-numeric cell other than ``NA``, or a duplicated economy.
    """
    raw = _read_xlsx(path, "AIPI")
    header = ["Country", "iso3", "type", "AIPI", *AIPI_COMPONENTS]
    _header_at(raw, 2, header, path, "AIPI")
    df = _body(raw, 2, header)
    require_data_rows(df, path)
    df = _check_codes(df, path, "iso3")
    # Two rows are both called "Congo" (COG, COD): use display names from the ISO3 code.
    countries.add_names(df)
    df["value"] = _numbers(df["AIPI"], path, df["_row"], "AIPI", missing=_AIPI_MISSING)
    scored = df["value"].notna()
    df["rank_n"] = _min_rank(df["value"]).where(scored)
    n = int(scored.sum())
    year = 2024  # IMF SDN/2024/001, January 2024; the index describes 2023
    frames = [
        _tidy(
            df,
            entry,
            indicator="aipi_score",
            unit=(
                "index 0-1 (sum of the four components); rank computed by score among the "
                "economies with a score, ties share the best rank (the file has no rank)"
            ),
            year=year,
            edition="2023",
            rank="rank_n",
            n_countries=n,
        )
    ]
    for component in AIPI_COMPONENTS:
        part = df.copy()
        part["value"] = _numbers(
            part[component], path, part["_row"], component, missing=_AIPI_MISSING
        )
        frames.append(
            _tidy(
                part,
                entry,
                indicator="aipi_component_score",
                unit="index points (share of the 0-1 AIPI)",
                year=year,
                edition="2023",
                category=snake_case(component.replace("Digitial", "Digital")),
                n_countries=n,
            )
        )
    return validate_tidy(pd.concat(frames, ignore_index=True), path)
