"""NSF NCSES *Science and Engineering Indicators* tables (publications, AI, patents, GERD).

The mirror holds a third-party machine conversion of the NCSES tables (GitHub
``bq-org/ncses_stats_explorer_placeholder``, ``output/tables/<modal id>/data.csv``). It kept
proper headers in the wide tables but, in the long tables (``table_id,row_id,time_period,
value``), lost the column labels: the year of each row, or the partner country of each value.
Those labels are rebuilt here from the order notes of the mirror's ``SOURCE.md``; each rule is
quoted where it is applied and checked against the data (symmetry, row totals, block sizes) so
that a re-ordered file fails loudly.

Layouts, one reader each:

* ``ncses_coauthorship_wide``: articles by coauthorship attribute, one column per year (1850,
  10001, 10067).
* ``ncses_country_pairs``: internationally coauthored articles and the index of collaboration by
  country pair, long, partner labels lost (1851, 1852, 10003, 10006).
* ``ncses_ai_matrix``: AI coauthorship country x country matrices, 2003-22 (10060, 10062).
* ``ncses_ai_network``: AI collaboration network measures (10061).
* ``ncses_ai_patents``: granted AI patents by country (10564) and by AI category (10565).
* ``ncses_gerd_pairs``: GERD and GERD/GDP, two rows per country (1875, 6304).
* ``ncses_gerd_growth``: GERD and GDP growth rates, top R&D countries (6305).
* ``ncses_gerd_selected_years``: GERD, GDP and GERD/GDP in 1990, 2000, 2010, 2021 (10978).
* ``ncses_long_series``: fractional article counts by field, and the share of top-1% cited
  mathematics papers, long, year labels lost (9970-9984, 10032).
* ``ncses_portfolio``: research portfolios, % of a country's articles by field (1835, 10000).
* ``ncses_specialization``: specialization index in mathematics, one column per year (1845).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import (
    REFETCH,
    read_csv,
    require_columns,
    require_data_rows,
    snake_case,
)
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

MISSING = frozenset({"", "na", "NA", "ne", "D"})
"""NCSES missing markers: ``na`` (not available / not applicable), ``ne`` (not estimated; too
few papers), ``NA`` (10978), ``D`` (suppressed, per every README); empty = header rows."""

_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)\s*[ir]?$")  # README: "i" imputed, "r" revised flags
_PAREN_YEAR = re.compile(r"\s*\((\d{4})\)\s*")
_FIX_ORDER = (
    "the file is not in the row/column order the mirror's SOURCE.md describes; re-fetch it with "
    "`analysis fetch` and, if it still fails, re-check the order notes in SOURCE.md and the README"
)

UNIT_WHOLE = "articles (whole count)"
UNIT_FRACTIONAL = "fractional count of articles"
UNIT_PAIR = "articles coauthored with the partner (whole count)"
UNIT_INDEX = "index of collaboration (1 = world-average propensity to coauthor)"
UNIT_PPP_MILLION = "current PPP US$ million"
UNIT_PPP_CONST_MILLION = "constant 2015 PPP US$ million"
UNIT_PCT_GDP = "% of GDP"
UNIT_CAGR = "% per year (compound annual growth rate)"


# --------------------------------------------------------------------------- shared helpers


def clean_label(label: str) -> tuple[str, int | None]:
    """Return a publisher label without markup, footnote letters and "(year)", and that year.

    ``"North America -> United States (2019)<sup>a</sup>"`` -> ``("North America -> United
    States", 2019)``; ``"C&#244;te d&#8217;Ivoire"`` -> ``("Côte d’Ivoire", None)``.
    """
    text = html.unescape(str(label))
    text = re.sub(r"<sup>.*?</sup>", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    year = None
    match = _PAREN_YEAR.search(text)
    if match:
        year = int(match.group(1))
        text = _PAREN_YEAR.sub(" ", text)
    text = re.sub(r",\s*\d{4}\s*$", "", text.strip())  # "Other Europe, 2020" (a region)
    return " ".join(text.split()), year


def _leaf(path_label: str) -> tuple[str, int | None]:
    """Return the last element of an ``A -> B -> C`` path, cleaned, and its "(year)" if any."""
    name, year = clean_label(str(path_label).split("->")[-1])
    return name, year


def _parts(path_label: str) -> list[str]:
    return [p.strip() for p in str(path_label).split("->")]


def number(raw: object, path: Path, row: int, column: str) -> float | None:
    """Parse one cell: a number (optionally flagged ``i``/``r``), or None for a missing marker.

    Raises:
        DataFileError: for anything else, naming the row and column.
    """
    text = str(raw).strip()
    if text in MISSING:
        return None
    match = _NUMBER.match(text.replace(",", ""))
    if not match:
        raise DataFileError(
            path,
            f"expected a number or a missing marker ({', '.join(sorted(m for m in MISSING if m))}"
            f" or empty), found {text!r}",
            REFETCH,
            row=row,
            column=column,
        )
    return float(match.group(1))


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a converted NCSES CSV as strings, with a ``_row`` column (file line number)."""
    df = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    require_columns(df, columns, path, "(NCSES table layout)")
    require_data_rows(df, path)
    df["_row"] = range(2, 2 + len(df))
    return df


def _table_id(df: pd.DataFrame, path: Path, known: Iterable[str]) -> str:
    """Return the file's NCSES modal id (``table_id`` column), which must be one we know."""
    ids = df["table_id"].str.strip().unique().tolist()
    known = list(known)
    if len(ids) != 1 or ids[0] not in known:
        raise DataFileError(
            path,
            f"expected one NCSES table id among {known}, found {ids[:5]}",
            "use this reader only for the tables it knows (see the registry); a new table needs "
            "its own entry in src/analysis/readers/ncses.py",
            column="table_id",
        )
    return ids[0]


def _finish(
    records: list[dict], path: Path, entry: SourceFile, *, signed: Iterable[str] = ()
) -> pd.DataFrame:
    """Map names to ISO3, drop aggregates and missing values, add source/vintage, validate."""
    df = pd.DataFrame.from_records(records)
    if df.empty:
        raise DataFileError(path, "no data rows were read", REFETCH)
    df["iso3"] = countries.to_iso3(df["country"], path, rows=df["_row"], column="country")
    keep = df["iso3"] != countries.NOT_A_COUNTRY
    if "partner" in df.columns:
        df["partner_iso3"] = countries.to_iso3(
            df["partner"], path, rows=df["_row"], column="partner"
        )
        keep &= df["partner_iso3"] != countries.NOT_A_COUNTRY
    # Only documented missing markers became None in `number`; anything else raised there.
    df = df[keep & df["value"].notna()]
    df["source"] = entry.source_id
    df["vintage"] = entry.vintage
    return validate_tidy(df, path, signed_indicators=signed)


def _groups(
    df: pd.DataFrame, path: Path, label_column: str = "time_period"
) -> list[tuple[str, pd.DataFrame]]:
    """Split a long table into runs of consecutive rows with the same label.

    Raises:
        DataFileError: if a label comes back after another one (rows out of order).
    """
    labels = df[label_column]
    starts = labels.ne(labels.shift()).cumsum()
    out: list[tuple[str, pd.DataFrame]] = []
    seen: set[str] = set()
    for _, block in df.groupby(starts, sort=True):
        label = block[label_column].iloc[0]
        if label in seen:
            raise DataFileError(
                path,
                f"the rows of {label!r} are not consecutive",
                _FIX_ORDER,
                row=int(block["_row"].iloc[0]),
                column=label_column,
            )
        seen.add(label)
        out.append((label, block))
    return out


def _year_columns(df: pd.DataFrame, path: Path) -> dict[str, int]:
    """Return the ``field_YYYY`` columns of a wide table and their years."""
    years = {c: int(c[6:]) for c in df.columns if re.fullmatch(r"field_\d{4}", c)}
    if not years:
        raise DataFileError(
            path, "no year columns (field_2003, field_2004, ...) in the header", REFETCH, row=1
        )
    return years


def _blank_row(block: pd.Series, columns: Iterable[str]) -> bool:
    return all(str(block[c]).strip() == "" for c in columns)


# --------------------------------------------------------------------------- articles (wide)

_COAUTHORSHIP_TABLES = {"1850": "se", "10001": "se", "10067": "ai"}
"""Modal id -> indicator prefix: S&E articles (SEI 2020 S5a-32, SEI 2024 SPBS-33) or AI
articles (SEI 2024, 10067)."""

_ATTRIBUTES = {
    None: "articles",
    "With multiple institutions": "articles_multi_institution",
    "With domestic institutions only": "articles_domestic_only",
    "With international institutions": "articles_intl_coauthored",
}


@reader("ncses_coauthorship_wide")
def read_coauthorship_wide(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read articles by coauthorship attribute and country, one column per year.

    Rows are ``[World ->] <country> -> Total articles [-> With ... institutions]``; rows without
    "Total articles" are headings with no values. Indicators ``se_articles``,
    ``se_articles_multi_institution``, ``se_articles_domestic_only``,
    ``se_articles_intl_coauthored`` (``ai_`` for table 10067), whole counts.
    """
    df = _read(path, ["table_id", "row_id"])
    prefix = _COAUTHORSHIP_TABLES[_table_id(df, path, _COAUTHORSHIP_TABLES)]
    label_col = next((c for c in df.columns if c.endswith("_full_path")), None)
    if label_col is None:
        raise DataFileError(path, "no *_full_path column in the header", REFETCH, row=1)
    years = _year_columns(df, path)
    records = []
    for _, row in df.iterrows():
        parts = [clean_label(p)[0] for p in _parts(row[label_col])]
        if "Total articles" not in parts:
            if not _blank_row(row, years):
                raise DataFileError(
                    path,
                    "a heading row (no 'Total articles' in its path) has values",
                    _FIX_ORDER,
                    row=row["_row"],
                    column=label_col,
                )
            continue
        at = parts.index("Total articles")
        attribute = parts[at + 1] if at + 1 < len(parts) else None
        if at == 0 or attribute not in _ATTRIBUTES:
            raise DataFileError(
                path,
                f"unexpected row label {row[label_col]!r} (expected '<country> -> Total articles"
                " [-> With multiple/domestic/international institutions]')",
                REFETCH,
                row=row["_row"],
                column=label_col,
            )
        for column, year in years.items():
            records.append(
                {
                    "country": parts[at - 1],
                    "year": year,
                    "indicator": f"{prefix}_{_ATTRIBUTES[attribute]}",
                    "value": number(row[column], path, row["_row"], column),
                    "unit": UNIT_WHOLE,
                    "_row": row["_row"],
                }
            )
    return _finish(records, path, entry)


# --------------------------------------------------------------------------- country pairs

_PAIR_TABLES = {"1851": "count", "10003": "count", "1852": "index", "10006": "index"}
"""Modal id -> layout. Counts (SEI 2020 S5a-33, SEI 2024 SPBS-35) open with a World block and
each block opens with the row country's total; indexes (S5a-34, SPBS-38) have neither."""


@reader("ncses_country_pairs")
def read_country_pairs(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read coauthorship counts or indexes by country pair (long layout, partner labels lost).

    Labels are ``[World ->] <country> -> <year>``. Table 1852's title says "1999 and 2018" but its
    row labels say 1996, and its values equal the index recomputed from table 1851's 1996 counts
    (checked in the tests), so the labels are used.

    Raises:
        DataFileError: if a block has the wrong length, the matrix is not symmetric, or (counts)
            the World block does not equal the countries' totals, i.e. the order rule fails.
    """
    df = _read(path, ["table_id", "row_id", "time_period", "value"])
    layout = _PAIR_TABLES[_table_id(df, path, _PAIR_TABLES)]
    blocks = []
    for label, block in _groups(df, path):
        parts = _parts(label)
        if not re.fullmatch(r"\d{4}", parts[-1]) or len(parts) < 2:
            raise DataFileError(
                path,
                f"expected a label '<country> -> <year>', found {label!r}",
                REFETCH,
                row=int(block["_row"].iloc[0]),
                column="time_period",
            )
        blocks.append((clean_label(parts[-2])[0], int(parts[-1]), block))
    # SOURCE.md: "the partner-country column label is LOST: within each row-group the values
    # follow the same country order as the row groups (first value = row country's total
    # international articles)". Index tables (no World block) have no total value.
    order = list(dict.fromkeys(name for name, _, _ in blocks if name != "World"))
    offset = 1 if layout == "count" else 0
    expected = len(order) + offset
    values: dict[tuple[str, int], list[float | None]] = {}
    rows: dict[tuple[str, int], list[int]] = {}
    for name, year, block in blocks:
        if len(block) != expected:
            raise DataFileError(
                path,
                f"block {name!r} {year} has {len(block)} values; expected {expected} "
                f"({'1 total + ' if offset else ''}{len(order)} partner countries): truncated "
                "or re-ordered file",
                _FIX_ORDER,
                row=int(block["_row"].iloc[0]),
                column="value",
            )
        values[(name, year)] = [
            number(v, path, r, "value") for v, r in zip(block["value"], block["_row"], strict=True)
        ]
        rows[(name, year)] = block["_row"].tolist()
    years = sorted({year for _, year, _ in blocks})
    _check_pairs(path, layout, order, years, values, rows)
    indicator, unit = (
        ("intl_coauthored_articles", UNIT_PAIR)
        if layout == "count"
        else ("intl_collaboration_index", UNIT_INDEX)
    )
    records = []
    for (name, year), vals in values.items():
        if name == "World":
            continue  # the row of totals: already in the coauthorship tables (1850, 10001)
        for j, partner in enumerate(order):
            if partner == name:
                continue  # the diagonal is "na"
            records.append(
                {
                    "country": name,
                    "partner": partner,
                    "year": year,
                    "indicator": indicator,
                    "value": vals[j + offset],
                    "unit": unit,
                    "_row": rows[(name, year)][j + offset],
                }
            )
    return _finish(records, path, entry)


def _check_pairs(
    path: Path,
    layout: str,
    order: list[str],
    years: list[int],
    values: dict[tuple[str, int], list[float | None]],
    rows: dict[tuple[str, int], list[int]],
) -> None:
    """Check the partner order: a symmetric matrix and, for counts, World row = totals."""
    offset = 1 if layout == "count" else 0
    tolerance = 0.0 if layout == "count" else 0.011  # indexes are rounded to 2 decimals
    for year in years:
        for i, a in enumerate(order):
            if (a, year) not in values:
                raise DataFileError(path, f"no block for {a!r} {year}", _FIX_ORDER)
            for j, b in enumerate(order[i + 1 :], start=i + 1):
                ab, ba = values[(a, year)][j + offset], values[(b, year)][i + offset]
                if ab is not None and ba is not None and abs(ab - ba) > tolerance:
                    raise DataFileError(
                        path,
                        f"{a}->{b} {year} = {ab} but {b}->{a} = {ba}: the pair matrix is not "
                        "symmetric, so the partner order (same as the row order) does not hold",
                        _FIX_ORDER,
                        row=rows[(a, year)][j + offset],
                        column="value",
                    )
        if layout != "count":
            continue
        world = values.get(("World", year))
        if world is None:
            raise DataFileError(path, f"no 'World -> {year}' block of totals", _FIX_ORDER)
        for i, a in enumerate(order):
            if world[i + 1] != values[(a, year)][0]:
                raise DataFileError(
                    path,
                    f"World block value #{i + 2} ({world[i + 1]}) differs from {a}'s total "
                    f"international articles ({values[(a, year)][0]}) in {year}: the partner "
                    "order does not follow the row order",
                    _FIX_ORDER,
                    row=rows[("World", year)][i + 1],
                    column="value",
                )


# --------------------------------------------------------------------------- AI matrices

_AI_MATRIX_TABLES = {
    "10060": (
        "ai_coauthored_articles_2003_22",
        "AI articles coauthored with the partner (whole count), cumulative 2003-22",
    ),
    "10062": (
        "ai_collaboration_index_2003_22",
        "index of collaboration in AI articles, 2003-22 (1 = world-average propensity)",
    ),
}
"""SEI 2024 SPBS-92 (counts) and SPBS-94 (indexes), AI articles, whole 2003-22 period."""

_AI_PERIOD_END = 2022  # the matrices cover 2003-22 as one period; stored at its last year


@reader("ncses_ai_matrix")
def read_ai_matrix(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read an AI coauthorship country x country matrix (2003-22 as one period).

    The period is in the indicator name (``..._2003_22``) and ``year`` is its last year, 2022.
    The column headers are snake_case copies of the row names, in the same order (checked).
    """
    df = _read(path, ["table_id", "row_id", "region_country_or_economy"])
    indicator, unit = _AI_MATRIX_TABLES[_table_id(df, path, _AI_MATRIX_TABLES)]
    columns = list(df.columns[3:-1])  # after table_id,row_id,name; before our _row
    names = [clean_label(n)[0] for n in df["region_country_or_economy"]]
    if [snake_case(n) for n in names] != columns:
        raise DataFileError(
            path,
            "the column headers are not the row names in the same order, so the matrix cannot "
            "be read as country x partner",
            _FIX_ORDER,
            row=1,
        )
    records = []
    matrix: dict[tuple[int, int], float | None] = {}
    for i, (_, row) in enumerate(df.iterrows()):
        for j, column in enumerate(columns):
            value = number(row[column], path, row["_row"], column)
            matrix[(i, j)] = value
            if i == j:
                continue  # the diagonal is 0 by construction
            records.append(
                {
                    "country": names[i],
                    "partner": names[j],
                    "year": _AI_PERIOD_END,
                    "indicator": indicator,
                    "value": value,
                    "unit": unit,
                    "_row": row["_row"],
                }
            )
    for (i, j), value in matrix.items():
        other = matrix[(j, i)]
        if value is not None and other is not None and abs(value - other) > 0.011:
            raise DataFileError(
                path,
                f"{names[i]}->{names[j]} = {value} but {names[j]}->{names[i]} = {other}: the "
                "matrix is not symmetric",
                _FIX_ORDER,
                row=i + 2,
                column=columns[j],
            )
    return _finish(records, path, entry)


# --------------------------------------------------------------------------- AI network

_NETWORK_MEASURES = {
    # column: (indicator, unit, value column or None when only the rank is usable)
    "degree": (
        "ai_collab_network_degree_2003_22",
        "partner countries linked by >= 400 co-written AI papers",
        True,
    ),
    "strength": (
        "ai_collab_network_strength_2003_22",
        "co-written AI papers with linked partners (whole count)",
        True,
    ),
    "betweenness_centrality": (
        "ai_collab_network_betweenness_2003_22",
        "betweenness centrality (unweighted)",
        True,
    ),
    # The conversion rounded these three to 0 or 1, so only their published ranks are kept.
    "closeness_centrality": (
        "ai_collab_network_closeness_rank_2003_22",
        "rank by closeness centrality (1 = most central)",
        False,
    ),
    "weighted_pagerank": (
        "ai_collab_network_pagerank_rank_2003_22",
        "rank by weighted PageRank (1 = most central)",
        False,
    ),
    "weighted_eigenvector_centrality": (
        "ai_collab_network_eigenvector_rank_2003_22",
        "rank by weighted eigenvector centrality (1 = most central)",
        False,
    ),
}
_NETWORK_N = 60  # README: "computed for the top 60 national producers of AI-related papers"


@reader("ncses_ai_network")
def read_ai_network(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the AI international collaboration network measures (SEI 2024 SPBS-93, 2003-22).

    Each measure is stored with its published ``rank`` among the top 60 AI producers
    (``n_countries`` = 60, ``edition`` = the vintage).
    """
    needed = ["region_country_or_economy"]
    for measure in _NETWORK_MEASURES:
        needed += [measure, f"{measure}_rank_"]
    df = _read(path, ["table_id", "row_id", *needed])
    _table_id(df, path, ["10061"])
    records = []
    for _, row in df.iterrows():
        for measure, (indicator, unit, use_value) in _NETWORK_MEASURES.items():
            rank = number(row[f"{measure}_rank_"], path, row["_row"], f"{measure}_rank_")
            value = number(row[measure], path, row["_row"], measure) if use_value else rank
            records.append(
                {
                    "country": clean_label(row["region_country_or_economy"])[0],
                    "year": _AI_PERIOD_END,
                    "indicator": indicator,
                    "value": value,
                    "unit": unit,
                    "edition": entry.vintage,
                    "rank": rank,
                    "n_countries": _NETWORK_N,
                    "_row": row["_row"],
                }
            )
    return _finish(records, path, entry)


# --------------------------------------------------------------------------- AI patents

_PATENT_UNIT = (
    "granted AI patent families (first grant; fractional count by inventor location), "
    "cumulative 2000-22"
)
_PATENT_PERIOD_END = 2022


@reader("ncses_ai_patents")
def read_ai_patents(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read granted AI patents by country (10564) or by AI category and country (10565).

    10564 keeps one value per country. SOURCE.md: "10564 keeps only one value per country
    (period ambiguous – probably 2000–22 cumulative)". It is read as the 2000-22 total: the
    table's title says 2000-22, and each country's value is at least its largest category in
    10565, whose title also says 2000-22 and which has no time dimension (US 41,507 >= 31,676
    machine-learning patents; China 91,436 >= 77,615). The period is in the indicator name
    (``ai_patents_granted_2000_22``); ``year`` is its last year, 2022. China includes Hong Kong.
    """
    df = _read(path, ["table_id", "row_id"])
    table = _table_id(df, path, ["10564", "10565"])
    records = []
    if table == "10564":
        require_columns(df, ["time_period", "value"], path)
        for _, row in df.iterrows():
            records.append(
                {
                    "country": _leaf(row["time_period"])[0],
                    "year": _PATENT_PERIOD_END,
                    "indicator": "ai_patents_granted_2000_22",
                    "value": number(row["value"], path, row["_row"], "value"),
                    "unit": _PATENT_UNIT,
                    "_row": row["_row"],
                }
            )
        return _finish(records, path, entry)
    require_columns(df, ["category_full_path", "category_hierarchy_depth"], path)
    country_columns = [c for c in df.columns if c.startswith("field_")]
    for _, row in df.iterrows():
        parts = [clean_label(p)[0] for p in _parts(row["category_full_path"])]
        if len(parts) == 1:
            if not _blank_row(row, country_columns):
                raise DataFileError(
                    path, "a dimension heading row has values", _FIX_ORDER, row=row["_row"]
                )
            continue
        for column in country_columns:
            records.append(
                {
                    "country": column.removeprefix("field_").replace("_", " ").title(),
                    "year": _PATENT_PERIOD_END,
                    "indicator": "ai_patents_granted_by_category_2000_22",
                    "category": f"{parts[0]}: {parts[1]}",
                    "value": number(row[column], path, row["_row"], column),
                    "unit": _PATENT_UNIT + "; a family can be in several categories",
                    "_row": row["_row"],
                }
            )
    return _finish(records, path, entry)


# --------------------------------------------------------------------------- GERD
