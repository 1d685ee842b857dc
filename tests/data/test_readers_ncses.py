"""Readers of the NSF NCSES Science & Engineering Indicators tables (ncses_sei, _gerd, _fields).

Unit tests write small files in the converted layout; real-mirror tests check values quoted in
the mirror's SOURCE.md files and values read straight from the CSVs (row cited in comments).
"""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from conftest import fake_entry, registry_entry

from analysis.data import sources
from analysis.data.readers import get, ncses, ncses_fields
from analysis.errors import DataFileError

SOURCES = ("ncses_sei", "ncses_sei_gerd", "ncses_sei_fields")


def _write(tmp_path: Path, name: str, header: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _read(reader: str, path: Path, source: str = "ncses_sei") -> pd.DataFrame:
    return get(reader)(path, fake_entry(source, path.name, vintage="SEI test"))


def _value(df: pd.DataFrame, **where: object) -> float:
    mask = pd.Series(True, index=df.index)
    for column, wanted in where.items():
        mask &= df[column] == wanted
    hits = df.loc[mask, "value"]
    assert len(hits) == 1, f"{where}: {len(hits)} rows"
    return float(hits.iloc[0])


# --------------------------------------------------------------------------- unit: layouts

WIDE_HEADER = (
    "table_id,row_id,region_country_or_economy_full_path,region_country_or_economy_level_1,"
    "region_country_or_economy_level_2,region_country_or_economy_level_3,"
    "region_country_or_economy_level_4,region_country_or_economy_hierarchy_depth,"
    "field_2021,field_2022"
)
WIDE_ROWS = [
    "10001,r001,World,World,,,,1,,",
    "10001,r002,World -> Total articles,World,Total articles,,,2,3240279,3344037",
    "10001,r003,World -> Russia,World,Russia,,,2,,",
    "10001,r004,World -> Russia -> Total articles,World,Russia,Total articles,,3,117272,98702",
    "10001,r005,World -> Russia -> Total articles -> With international institutions,World,"
    "Russia,Total articles,With international institutions,4,26000,24260",
    "10001,r006,World -> United Kingdom<sup>a</sup>,World,United Kingdom,,,2,,",
    "10001,r007,World -> United Kingdom<sup>a</sup> -> Total articles,World,United Kingdom,"
    "Total articles,,3,200000,na",
]


def test_coauthorship_wide_parses_values_and_drops_world(tmp_path: Path) -> None:
    df = _read("ncses_coauthorship_wide", _write(tmp_path, "a.csv", WIDE_HEADER, WIDE_ROWS))
    assert set(df["iso3"]) == {"RUS", "GBR"}  # World dropped, footnote stripped
    assert _value(df, iso3="RUS", year=2022, indicator="se_articles") == 98702
    assert _value(df, iso3="RUS", year=2022, indicator="se_articles_intl_coauthored") == 24260
    assert set(df["unit"]) == {"articles (whole count)"}
    assert set(df["vintage"]) == {"SEI test"}
    # "na" is a documented missing marker: no row, not a zero
    assert df[(df.iso3 == "GBR") & (df.year == 2022)].empty


def test_coauthorship_wide_ai_table_prefix(tmp_path: Path) -> None:
    rows = [r.replace("10001,", "10067,", 1) for r in WIDE_ROWS]
    df = _read("ncses_coauthorship_wide", _write(tmp_path, "a.csv", WIDE_HEADER, rows))
    assert "ai_articles" in set(df["indicator"])


PAIR_HEADER = "table_id,row_id,time_period,value"


def _pair_rows(table: str = "10003", *, swap: bool = False) -> list[str]:
    # 3 countries; values follow the row order: Canada, Russia, China (after the total).
    blocks = {
        "World -> 2022": [100, 30, 20, 50],
        "World -> Canada -> 2022": [30, "na", 2, 10],
        "World -> Russia -> 2022": [20, 2, "na", 4225],
        "World -> China -> 2022": [50, 10, 4225, "na"],
    }
    if swap:  # China's block lists Russia and Canada the other way round
        blocks["World -> China -> 2022"] = [50, 4225, 10, "na"]
    rows, n = [], 1
    for label, values in blocks.items():
        for v in values:
            rows.append(f"{table},r{n:03d},{label},{v}")
            n += 1
    return rows


def test_country_pairs_rebuilds_partners_from_row_order(tmp_path: Path) -> None:
    df = _read("ncses_country_pairs", _write(tmp_path, "p.csv", PAIR_HEADER, _pair_rows()))
    assert _value(df, iso3="RUS", partner_iso3="CHN", year=2022) == 4225
    assert _value(df, iso3="CHN", partner_iso3="RUS", year=2022) == 4225
    assert _value(df, iso3="CAN", partner_iso3="CHN", year=2022) == 10
    assert set(df["indicator"]) == {"intl_coauthored_articles"}
    assert len(df) == 6  # 3 x 2 directed pairs; no diagonal, no World, no totals
    assert set(df["partner"]) == {"Canada", "Russia", "China"}


def test_country_pairs_order_check_fails_loudly(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", PAIR_HEADER, _pair_rows(swap=True))
    with pytest.raises(DataFileError, match="not symmetric"):
        _read("ncses_country_pairs", path)


def test_country_pairs_world_totals_must_match(tmp_path: Path) -> None:
    rows = _pair_rows()
    rows[1] = "10003,r002,World -> 2022,31"  # World row's value for Canada != Canada's total
    with pytest.raises(DataFileError, match="partner order does not follow the row order"):
        _read("ncses_country_pairs", _write(tmp_path, "p.csv", PAIR_HEADER, rows))


def test_country_pairs_index_layout(tmp_path: Path) -> None:
    rows = []
    blocks = {"Russia -> 2022": ["na", 0.72], "China -> 2022": [0.72, "na"]}
    for label, values in blocks.items():
        rows += [f"10006,r{len(rows) + 1:03d},{label},{v}" for v in values]
    df = _read("ncses_country_pairs", _write(tmp_path, "i.csv", PAIR_HEADER, rows))
    assert _value(df, iso3="RUS", partner_iso3="CHN") == 0.72
    assert set(df["indicator"]) == {"intl_collaboration_index"}


def test_ai_matrix(tmp_path: Path) -> None:
    header = "table_id,row_id,region_country_or_economy,china,russia,united_states"
    rows = [
        "10060,r001,China,0,245,13631",
        "10060,r002,Russia,245,0,287",
        "10060,r003,United States,13631,287,0",
    ]
    df = _read("ncses_ai_matrix", _write(tmp_path, "m.csv", header, rows))
    assert _value(df, iso3="CHN", partner_iso3="RUS") == 245
    assert set(df["year"]) == {2022}
    assert set(df["indicator"]) == {"ai_coauthored_articles_2003_22"}
    assert len(df) == 6
    bad = header.replace("russia,united_states", "united_states,russia")
    with pytest.raises(DataFileError, match="not the row names in the same order"):
        _read("ncses_ai_matrix", _write(tmp_path, "m2.csv", bad, rows))


def test_ai_network(tmp_path: Path) -> None:
    cols = [
        "degree",
        "strength",
        "betweenness_centrality",
        "closeness_centrality",
        "weighted_pagerank",
        "weighted_eigenvector_centrality",
    ]
    header = "table_id,row_id,region_country_or_economy," + ",".join(f"{c},{c}_rank_" for c in cols)
    rows = ["10061,r001,China,18,3,46198,2,118,2,1,5,0,2,1,1"]
    df = _read("ncses_ai_network", _write(tmp_path, "n.csv", header, rows))
    assert _value(df, indicator="ai_collab_network_strength_2003_22") == 46198
    assert int(df.loc[df.indicator == "ai_collab_network_strength_2003_22", "rank"].iloc[0]) == 2
    # rounded-away measures are kept as their rank
    assert _value(df, indicator="ai_collab_network_pagerank_rank_2003_22") == 2
    assert set(df["n_countries"]) == {60}


def test_ai_patents_by_country_drops_regions_and_offices(tmp_path: Path) -> None:
    rows = [
        "10564,r001,World,190038",
        "10564,r002,World -> Asia,127973",
        "10564,r003,World -> Asia -> China,91436",
        "10564,r004,World -> Europe -> Other Europe (2020)<sup>b</sup> -> Russia,1327",
        "10564,r005,World -> Europe -> EU-27<sup>b</sup> -> European Patent Office,50",
        "10564,r006,World -> Australia and Oceania,1901",
    ]
    df = _read("ncses_ai_patents", _write(tmp_path, "pt.csv", PAIR_HEADER, rows))
    assert sorted(df["iso3"]) == ["CHN", "RUS"]
    assert _value(df, iso3="RUS") == 1327
    assert set(df["indicator"]) == {"ai_patents_granted_2000_22"}
    assert "cumulative 2000-22" in df["unit"].iloc[0]


def test_ai_patents_by_category(tmp_path: Path) -> None:
    header = (
        "table_id,row_id,category_full_path,category_level_1,category_level_2,"
        "category_hierarchy_depth,field_united_states,field_china"
    )
    rows = [
        "10565,r001,AI techniques,AI techniques,,1,,",
        "10565,r002,AI techniques -> Machine learning,AI techniques,Machine learning,2,31676,77615",
    ]
    df = _read("ncses_ai_patents", _write(tmp_path, "c.csv", header, rows))
    assert _value(df, iso3="CHN", category="AI techniques: Machine learning") == 77615


def test_gerd_pairs_year_from_parentheses(tmp_path: Path) -> None:
    rows = [
        "6304,r001,North America -> United States (2019)<sup>a</sup>,668351.2",
        "6304,r002,North America -> United States (2019)<sup>a</sup>,3.13",
        "6304,r003,Central Asia -> Russia (2019),44500.5",
        "6304,r004,Central Asia -> Russia (2019),1.04",
        "6304,r005,Selected country groups -> OECD (2019),1564092.2",
        "6304,r006,Selected country groups -> OECD (2019),2.48",
    ]
    df = _read("ncses_gerd_pairs", _write(tmp_path, "g.csv", PAIR_HEADER, rows), "ncses_sei_gerd")
    assert set(df["iso3"]) == {"USA", "RUS"}
    assert _value(df, iso3="USA", year=2019, indicator="gerd_ppp_usd") == 668351.2
    assert _value(df, iso3="RUS", year=2019, indicator="rd_expenditure_pct_gdp") == 1.04
    units = dict(zip(df["indicator"], df["unit"], strict=False))
    assert units == {
        "gerd_ppp_usd": "current PPP US$ million",
        "rd_expenditure_pct_gdp": "% of GDP",
    }


def test_gerd_pairs_swapped_pair_fails(tmp_path: Path) -> None:
    rows = [
        "6304,r001,Central Asia -> Russia (2019),1.04",
        "6304,r002,Central Asia -> Russia (2019),44500.5",
    ]
    with pytest.raises(DataFileError, match="expected GERD"):
        _read("ncses_gerd_pairs", _write(tmp_path, "g.csv", PAIR_HEADER, rows), "ncses_sei_gerd")


def test_gerd_selected_years_2021a_is_the_country_year(tmp_path: Path) -> None:
    header = (
        "table_id,row_id,time_period,_b_gerd_b_level_1,_b_gerd_b_level_2,_b_gerd_b_level_3,"
        "_b_gerd_b_level_4,_b_gerd_b_hierarchy_depth,value"
    )
    rows = [
        "10978,r001,Non-OECD -> Russia (2020),GERD,Current PPP dollars,2021a,,3,47.95",
        "10978,r002,Non-OECD -> Russia (2020),GERD,Current PPP dollars,1990,,3,NA",
        "10978,r003,Non-OECD -> Russia (2020), GERD-to-GDP ratio (%),2021a,,,2,1.1",
        "10978,r004,Non-OECD -> Russia (2020),Longer-term growth rates,GERD compound annual "
        "growth rate,Constant (2015) PPP dollars,1990–2000,4,-10.7",
        "10978,r005,United States,GERD,Current PPP dollars,2021a,,3,806.01",
        "10978,r006,Total OECD,GERD,Current PPP dollars,2021a,,3,1800.0",
    ]
    df = _read(
        "ncses_gerd_selected_years", _write(tmp_path, "s.csv", header, rows), "ncses_sei_gerd"
    )
    assert _value(df, iso3="RUS", indicator="gerd_ppp_usd") == pytest.approx(47950)
    assert int(df.loc[df.indicator == "gerd_ppp_usd"].set_index("iso3").loc["RUS", "year"]) == 2020
    assert _value(df, iso3="USA", year=2021, indicator="gerd_ppp_usd") == pytest.approx(806010)
    assert _value(df, iso3="RUS", indicator="gerd_cagr_pct_constant_ppp") == -10.7  # signed
    assert _value(df, iso3="RUS", indicator="rd_expenditure_pct_gdp") == 1.1
    assert "OECD" not in set(df["country"])


def test_gerd_growth(tmp_path: Path) -> None:
    header = (
        "table_id,row_id,time_period,current_measures_level_1,current_measures_level_2,"
        "current_measures_level_3,current_measures_hierarchy_depth,value"
    )
    rows = [
        "6305,r001,China (2019),Current measures,GERD (PPP US$billions),,2,525.7",
        "6305,r002,China (2019),Longer-term growth rates,GERD,2010–19,3,10.6",
        "6305,r003,India (2018)<sup>b</sup>,Longer-term growth rates,GERD,2010–19,3,4.4",
    ]
    df = _read("ncses_gerd_growth", _write(tmp_path, "r.csv", header, rows), "ncses_sei_gerd")
    assert _value(df, iso3="CHN", category="2010-2019") == 10.6
    assert _value(df, iso3="IND", year=2018) == 4.4  # period ends in India's data year
    assert set(df["indicator"]) == {"gerd_cagr_pct_current_ppp"}  # levels are not re-read


def _series_rows(table: str, label: str, values: list[object], start: int = 1) -> list[str]:
    return [f'{table},r{start + k:04d},"{label}",{v}' for k, v in enumerate(values)]


def test_long_series_years_from_row_order(tmp_path: Path) -> None:
    world = ["na", *range(1000, 1020)]
    russia = ["Upper-middle", *[float(x) for x in range(100, 120)]]
    rows = _series_rows("9970", "World", world) + _series_rows(
        "9970", "World -> Europe -> Other Europe, 2020 -> Russia", russia, start=22
    )
    df = _read(
        "ncses_long_series", _write(tmp_path, "f.csv", PAIR_HEADER, rows), "ncses_sei_fields"
    )
    assert set(df["iso3"]) == {"RUS"}
    assert _value(df, year=2003) == 100 and _value(df, year=2022) == 119
    assert set(df["category"]) == {"All S&E fields"}
    assert set(df["unit"]) == {"fractional count of articles"}


def test_long_series_income_row_must_be_an_income_group(tmp_path: Path) -> None:
    rows = _series_rows("9970", "World -> Asia -> China", [1.5, *range(20)])
    with pytest.raises(DataFileError, match="income group"):
        _read("ncses_long_series", _write(tmp_path, "f.csv", PAIR_HEADER, rows), "ncses_sei_fields")


def test_math_top1pct_series_has_18_years(tmp_path: Path) -> None:
    rows = _series_rows("10032", "World -> Asia -> China", [0.76, *["ne"] * 16, 1.35])
    df = _read(
        "ncses_long_series", _write(tmp_path, "t.csv", PAIR_HEADER, rows), "ncses_sei_fields"
    )
    assert _value(df, year=2003) == 0.76 and _value(df, year=2020) == 1.35
    assert len(df) == 2  # "ne" (not estimated) rows are missing, not zero


def test_portfolio(tmp_path: Path) -> None:
    header = (
        "table_id,row_id,field_full_path,field_level_1,field_level_2,field_hierarchy_depth,"
        "field_world,field_united_states,field_eu,field_china"
    )
    rows = [
        "1835,r001,All articles (n),All articles (n),,1,2555959,422808,622125,528263",
        '1835,r008,"All articles (n) -> Geosciences, atmospheric, and ocean sciences",All '
        'articles (n),"Geosciences, atmospheric, and ocean sciences",2,3.07,3.54,3.17,2.93',
    ]
    df = _read("ncses_portfolio", _write(tmp_path, "p.csv", header, rows), "ncses_sei_fields")
    assert set(df["iso3"]) == {"USA", "CHN"}
    assert set(df["year"]) == {2018}
    # the SEI 2020 field spelling is aligned with SEI 2024's
    assert set(df["category"]) == {"Geosciences, atmospheric sciences, and ocean sciences"}


def test_specialization(tmp_path: Path) -> None:
    header = (
        "table_id,row_id,region_country_or_economy_full_path,region_country_or_economy_level_1,"
        "region_country_or_economy_level_2,region_country_or_economy_level_3,"
        "region_country_or_economy_level_4,region_country_or_economy_hierarchy_depth,"
        "field_2003,field_2018"
    )
    rows = [
        "1845,r001,World,World,,,,1,1.0,1.0",
        "1845,r004,World -> North America -> Greenland,World,North America,Greenland,,3,na,ne",
        "1845,r086,World -> Europe -> Other Europe -> Russia,World,Europe,Other Europe,Russia,4,"
        "2.76,1.7",
    ]
    df = _read("ncses_specialization", _write(tmp_path, "s.csv", header, rows), "ncses_sei_fields")
    assert list(df["iso3"]) == ["RUS", "RUS"]
    assert _value(df, year=2003) == 2.76


# --------------------------------------------------------------------------- unit: bad input


def test_truncated_long_table(tmp_path: Path) -> None:
    rows = _series_rows("9980", "World -> Asia -> China", list(range(19)))  # 19 of 20 years
    with pytest.raises(DataFileError, match="truncated or re-ordered"):
        _read("ncses_long_series", _write(tmp_path, "t.csv", PAIR_HEADER, rows), "ncses_sei_fields")


def test_truncated_pair_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", PAIR_HEADER, _pair_rows()[:-1])
    with pytest.raises(DataFileError, match="truncated or re-ordered"):
        _read("ncses_country_pairs", path)


def test_non_numeric_value(tmp_path: Path) -> None:
    rows = [*WIDE_ROWS]
    rows[3] = rows[3].replace("98702", "987O2")
    with pytest.raises(DataFileError, match=r"expected a number .* found '987O2'") as err:
        _read("ncses_coauthorship_wide", _write(tmp_path, "a.csv", WIDE_HEADER, rows))
    assert err.value.row == 5 and err.value.column == "field_2022"


def test_unknown_country_name(tmp_path: Path) -> None:
    rows = [r.replace("Russia", "Atlantis") for r in WIDE_ROWS]
    with pytest.raises(DataFileError, match="unknown country name 'Atlantis'"):
        _read("ncses_coauthorship_wide", _write(tmp_path, "a.csv", WIDE_HEADER, rows))


def test_duplicated_rows(tmp_path: Path) -> None:
    rows = [*WIDE_ROWS, WIDE_ROWS[3]]
    with pytest.raises(DataFileError, match="duplicated row"):
        _read("ncses_coauthorship_wide", _write(tmp_path, "a.csv", WIDE_HEADER, rows))


def test_duplicated_rows_in_long_table(tmp_path: Path) -> None:
    rows = _series_rows("9980", "World -> Asia -> China", [*range(20), 19])
    with pytest.raises(DataFileError, match="has 21 rows; expected 20"):
        _read("ncses_long_series", _write(tmp_path, "t.csv", PAIR_HEADER, rows), "ncses_sei_fields")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(DataFileError, match="empty"):
        _read("ncses_country_pairs", path)


def test_header_only_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no data rows"):
        _read("ncses_country_pairs", _write(tmp_path, "h.csv", PAIR_HEADER, []))


def test_unknown_table_id(tmp_path: Path) -> None:
    rows = [r.replace("10003,", "99999,", 1) for r in _pair_rows()]
    with pytest.raises(DataFileError, match="expected one NCSES table id"):
        _read("ncses_country_pairs", _write(tmp_path, "p.csv", PAIR_HEADER, rows))


def test_clean_label() -> None:
    assert ncses.clean_label("North America -> United States (2019)<sup>a</sup>") == (
        "North America -> United States",
        2019,
    )
    assert ncses.clean_label("C&#244;te d&#8217;Ivoire")[0] == "Côte d’Ivoire"
    assert ncses.clean_label("Other Europe, 2020") == ("Other Europe", None)


# --------------------------------------------------------------------------- real mirror

READERS = {
    "ncses_sei": {
        "1850": (3500, 4200),
        "10001": (3400, 4000),
        "10067": (12000, 16000),
        "1851": (3300, 3600),
        "1852": (3300, 3600),
        "10003": (4000, 4300),
        "10006": (4000, 4300),
        "10060": (3400, 3600),
        "10062": (3400, 3600),
        "10061": (200, 260),
        "10564": (100, 150),
        "10565": (130, 160),
    },
    "ncses_sei_gerd": {
        "1875": (120, 150),
        "6304": (130, 150),
        "6305": (28, 40),
        "10978": (850, 1000),
    },
    "ncses_sei_fields": {
        **{str(t): (3500, 4300) for t in range(9970, 9985)},
        "10032": (1000, 1600),
        "10000": (60, 80),
        "1835": (50, 60),
        "1845": (1000, 1500),
    },
}
NO_RUSSIA = {"10565", "10061", "6305", "10000", "1835"}  # tables that have no Russia row/column


@cache
def _mirror_table(mirror: Path, source: str, table: str) -> pd.DataFrame:
    entry = registry_entry(source, f"{table}/data.csv")
    return get(entry.reader)(mirror / source / entry.file, entry)


def _raw_rows(mirror: Path, source: str, table: str) -> list[list[str]]:
    with (mirror / source / table / "data.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.mirror
@pytest.mark.parametrize("source", SOURCES)
def test_registry_hashes_are_the_ones_source_md_quotes(mirror: Path, source: str) -> None:
    text = (mirror / source / "SOURCE.md").read_text(encoding="utf-8")
    registered = {f.sha256 for f in sources.source(source).files}
    quoted = {h for h in text.split("`") + text.split() if len(h) == 64}
    quoted = {
        h.strip("|` ") for h in quoted if all(c in "0123456789abcdef" for c in h.strip("|` "))
    }
    assert quoted and quoted <= registered


@pytest.mark.mirror
@pytest.mark.parametrize(
    ("source", "table"), [(s, t) for s, tables in READERS.items() for t in tables]
)
def test_mirror_tables_read(mirror: Path, source: str, table: str) -> None:
    df = _mirror_table(mirror, source, table)
    low, high = READERS[source][table]
    assert low <= len(df) <= high
    wanted = {"CHN", "USA"} if table in NO_RUSSIA else {"CHN", "RUS", "USA"}
    if table == "6305":
        wanted = {"CHN", "USA"}
    assert wanted <= set(df["iso3"])
    assert set(df["source"]) == {source}
    entry = registry_entry(source, f"{table}/data.csv")
    assert entry.dataset == {"ncses_sei": "ncses", "ncses_sei_gerd": "ncses_gerd"}.get(
        source, "ncses_fields"
    )


@pytest.mark.mirror
@pytest.mark.parametrize("source", SOURCES)
def test_each_dataset_has_unique_keys(mirror: Path, source: str) -> None:
    from analysis.data.schema import concat_tidy, key_columns

    frames = [_mirror_table(mirror, source, t) for t in READERS[source]]
    table = concat_tidy(frames)
    assert not table.duplicated(subset=key_columns(table)).any()


@pytest.mark.mirror
def test_pair_counts_values_from_source_md(mirror: Path) -> None:
    df = _mirror_table(mirror, "ncses_sei", "10003")
    # SOURCE.md: "Russia 2022 row, position of "China" → 4225 = China 2022 row, position of
    # "Russia"" (10003/data.csv line 2339 "World -> Russia -> 2022,4225"; line 3269 for China)
    assert _value(df, iso3="RUS", partner_iso3="CHN", year=2022) == 4225
    assert _value(df, iso3="CHN", partner_iso3="RUS", year=2022) == 4225
    assert _value(df, iso3="RUS", partner_iso3="CHN", year=2003) == 343  # line 2292
    old = _mirror_table(mirror, "ncses_sei", "1851")
    assert _value(old, iso3="RUS", partner_iso3="CHN", year=1996) == 96  # line 2098
    assert _value(old, iso3="RUS", partner_iso3="CHN", year=2018) == 2457  # line 2141


@pytest.mark.mirror
@pytest.mark.parametrize(
    ("counts", "index", "totals", "world"),
    [
        # Cw: 10003 line 2 "World -> 2003,200301" and line 49 "World -> 2022,755894"
        ("10003", "10006", "10001", {2003: 200301, 2022: 755894}),
        # Cw: 1851 line 2 "World -> 1996,120323" and line 45 "World -> 2018,575857"
        ("1851", "1852", "1850", {1996: 120323, 2018: 575857}),
    ],
)
def test_index_equals_index_recomputed_from_counts(
    mirror: Path, counts: str, index: str, totals: str, world: dict[int, int]
) -> None:
    """The rebuilt partner order makes the published index equal Cxy*Cw/(Cx*Cy).

    This also shows that table 1852's "1999" (title) is 1996, as its row labels say.
    """
    c = _mirror_table(mirror, "ncses_sei", counts)
    ix = _mirror_table(mirror, "ncses_sei", index)
    tot = _mirror_table(mirror, "ncses_sei", totals)
    cx = tot[tot.indicator == "se_articles_intl_coauthored"].set_index(["iso3", "year"])["value"]
    merged = c.merge(ix, on=["iso3", "partner_iso3", "year"], suffixes=("_c", "_i"))
    assert len(merged) == len(c) == len(ix)
    for row in merged.itertuples():
        expected = (
            row.value_c
            * world[row.year]
            / (cx[(row.iso3, row.year)] * cx[(row.partner_iso3, row.year)])
        )
        assert math.isclose(row.value_i, expected, abs_tol=0.0051), row
    assert _value(ix, iso3="RUS", partner_iso3="CHN", year=2022 if index == "10006" else 2018) == (
        0.72 if index == "10006" else 0.52  # 10006 line 2197; 1852 line 2007
    )


@pytest.mark.mirror
def test_ai_tables_values(mirror: Path) -> None:
    m = _mirror_table(mirror, "ncses_sei", "10060")
    assert _value(m, iso3="CHN", partner_iso3="RUS") == 245  # China row, column "russia"
    assert _value(m, iso3="CHN", partner_iso3="USA") == 13631
    ix = _mirror_table(mirror, "ncses_sei", "10062")
    assert _value(ix, iso3="RUS", partner_iso3="CHN") == 0.35
    ai = _mirror_table(mirror, "ncses_sei", "10067")
    # 10067: "World -> China -> Total articles" field_2022
    assert _value(ai, iso3="CHN", year=2022, indicator="ai_articles") == 42524
    assert _value(ai, iso3="RUS", year=2022, indicator="ai_articles") == 1869


@pytest.mark.mirror
def test_ai_patents_are_2000_22_totals(mirror: Path) -> None:
    """10564's single value is read as the 2000-22 total: >= the largest 10565 category."""
    total = _mirror_table(mirror, "ncses_sei", "10564")
    cats = _mirror_table(mirror, "ncses_sei", "10565")
    # 10564 line 7 "World -> North America -> United States,41507"; line 91 China 91436
    assert _value(total, iso3="USA") == 41507
    assert _value(total, iso3="CHN") == 91436
    assert _value(total, iso3="RUS") == 1327  # line 81
    for iso3 in ("USA", "CHN"):
        biggest = cats.loc[cats.iso3 == iso3, "value"].max()
        assert _value(total, iso3=iso3) >= biggest


@pytest.mark.mirror
def test_articles_values(mirror: Path) -> None:
    se = _mirror_table(mirror, "ncses_sei", "10001")
    # 10001 line 123 "World -> Russia -> Total articles": field_2019 104643, field_2022 98702
    assert _value(se, iso3="RUS", year=2022, indicator="se_articles") == 98702
    assert _value(se, iso3="RUS", year=2019, indicator="se_articles") == 104643
    assert _value(se, iso3="CHN", year=2022, indicator="se_articles") == 976141  # line 173
    assert _value(se, iso3="USA", year=2022, indicator="se_articles") == 606144  # line 18


@pytest.mark.mirror
def test_gerd_values_from_source_md(mirror: Path) -> None:
    rd5 = _mirror_table(mirror, "ncses_sei_gerd", "6304")
    # SOURCE.md: "USA (2019) 668,351.2 / 3.13; China (2019) 525,693.4 / 2.23; Russia (2019)
    # 44,500.5 / 1.04"
    for iso3, gerd, ratio in (
        ("USA", 668351.2, 3.13),
        ("CHN", 525693.4, 2.23),
        ("RUS", 44500.5, 1.04),
    ):
        assert _value(rd5, iso3=iso3, year=2019, indicator="gerd_ppp_usd") == gerd
        assert _value(rd5, iso3=iso3, year=2019, indicator="rd_expenditure_pct_gdp") == ratio
    old = _mirror_table(mirror, "ncses_sei_gerd", "1875")
    # SOURCE.md: "USA (2017) 548,984.0 / 2.81; China (2017) 495,980.9 / 2.15; Russia (2017)
    # 41,868.0 / 1.11"
    for iso3, gerd, ratio in (
        ("USA", 548984.0, 2.81),
        ("CHN", 495980.9, 2.15),
        ("RUS", 41868.0, 1.11),
    ):
        assert _value(old, iso3=iso3, year=2017, indicator="gerd_ppp_usd") == gerd
        assert _value(old, iso3=iso3, year=2017, indicator="rd_expenditure_pct_gdp") == ratio
    srd1 = _mirror_table(mirror, "ncses_sei_gerd", "10978")
    # SOURCE.md: "2021 GERD current PPP $ bn: USA 806.01, China 667.64, Russia (2020 data) 47.95"
    assert _value(srd1, iso3="USA", year=2021, indicator="gerd_ppp_usd") == pytest.approx(806010)
    assert _value(srd1, iso3="CHN", year=2021, indicator="gerd_ppp_usd") == pytest.approx(667640)
    assert _value(srd1, iso3="RUS", year=2020, indicator="gerd_ppp_usd") == pytest.approx(47950)
    assert srd1[(srd1.iso3 == "RUS") & (srd1.year == 2021)].empty
    growth = _mirror_table(mirror, "ncses_sei_gerd", "6305")
    # 6305 line 10 "China (2019),Longer-term growth rates,GERD,2010–19,3,10.6"; it equals no
    # level: the 2000-10 rate 20.5 equals 10978's current-PPP rate, hence "current_ppp"
    assert _value(growth, iso3="CHN", year=2019, indicator="gerd_cagr_pct_current_ppp") == 10.6
    assert _value(growth, iso3="CHN", year=2010, indicator="gerd_cagr_pct_current_ppp") == _value(
        srd1, iso3="CHN", year=2010, indicator="gerd_cagr_pct_current_ppp"
    )


@pytest.mark.mirror
def test_field_counts_values_from_source_md(mirror: Path) -> None:
    # SOURCE.md "Sample values (China / Russia)", 2003 and 2022
    quoted = {
        "9970": {
            ("CHN", 2003): 88585.08,
            ("RUS", 2003): 34851.82,
            ("CHN", 2022): 898949.09,
            ("RUS", 2022): 84251.73,
        },
        "9980": {
            ("CHN", 2003): 2220.84,
            ("RUS", 2003): 2346.38,
            ("CHN", 2022): 16854.52,
            ("RUS", 2022): 3727.01,
        },
        "9982": {
            ("CHN", 2003): 11182.65,
            ("RUS", 2003): 10299.37,
            ("CHN", 2022): 80769.49,
            ("RUS", 2022): 14608.32,
        },
        "9975": {
            ("CHN", 2003): 9199.07,
            ("RUS", 2003): 1031.62,
            ("CHN", 2022): 102523.84,
            ("RUS", 2022): 6396.09,
        },
        "9976": {
            ("CHN", 2003): 22897.07,
            ("RUS", 2003): 4711.82,
            ("CHN", 2022): 228188.96,
            ("RUS", 2022): 12911.14,
        },
    }
    for table, values in quoted.items():
        df = _mirror_table(mirror, "ncses_sei_fields", table)
        for (iso3, year), value in values.items():
            assert _value(df, iso3=iso3, year=year) == value, (table, iso3, year)
    # Derived check in SOURCE.md: mathematics share of own output 2022, Russia 4.42 %, China 1.87 %
    total = _mirror_table(mirror, "ncses_sei_fields", "9970")
    maths = _mirror_table(mirror, "ncses_sei_fields", "9980")
    for iso3, share in (("RUS", 4.42), ("CHN", 1.87)):
        got = 100 * _value(maths, iso3=iso3, year=2022) / _value(total, iso3=iso3, year=2022)
        assert round(got, 2) == share


@pytest.mark.mirror
def test_field_years_align_with_2022_portfolio_totals(mirror: Path) -> None:
    """The 20th row of each block is 2022: it equals the 2022 totals row of table 10000."""
    rows = _raw_rows(mirror, "ncses_sei_fields", "10000")
    header, n_row = rows[0], rows[1]  # line 2: "All articles (<i>n</i>)"
    totals = dict(zip(header, n_row, strict=True))
    counts = _mirror_table(mirror, "ncses_sei_fields", "9970")
    for iso3, column in (
        ("USA", "field_united_states"),
        ("CHN", "field_china"),
        ("JPN", "field_japan"),
    ):
        assert round(_value(counts, iso3=iso3, year=2022)) == int(totals[column])
    portfolio = _mirror_table(mirror, "ncses_sei_fields", "10000")
    # SOURCE.md: "table 10000 also gives China 1.87 %" (mathematics, 2022)
    assert _value(portfolio, iso3="CHN", category="Mathematics and statistics") == 1.87


@pytest.mark.mirror
def test_field_tables_match_their_readme_titles(mirror: Path) -> None:
    for table, field in ncses_fields._FIELDS.items():
        title = (mirror / "ncses_sei_fields" / table / "README.md").read_text().splitlines()[0]
        expected = "all s&e fields" if table == "9970" else field.lower()
        assert f"articles in {expected}," in title.lower(), table


@pytest.mark.mirror
def test_math_specialization_and_top1pct_from_source_md(mirror: Path) -> None:
    si = _mirror_table(mirror, "ncses_sei_fields", "1845")
    # SOURCE.md: "Russia 2.76 (2003) → 1.70 (2018); China 1.08 (2003) → 0.87 (2018)"
    # (1845 line 87 "World -> Europe -> Other Europe -> Russia"; line 176 China)
    assert _value(si, iso3="RUS", year=2003) == 2.76
    assert _value(si, iso3="RUS", year=2018) == 1.70
    assert _value(si, iso3="CHN", year=2003) == 1.08
    assert _value(si, iso3="CHN", year=2018) == 0.87
    top = _mirror_table(mirror, "ncses_sei_fields", "10032")
    # SOURCE.md: "Russia 0.06 (2003), 0.16 (2020); China 0.76 (2003), 1.35 (2020)"
    assert _value(top, iso3="RUS", year=2003) == 0.06
    assert _value(top, iso3="RUS", year=2020) == 0.16
    assert _value(top, iso3="CHN", year=2003) == 0.76
    assert _value(top, iso3="CHN", year=2020) == 1.35
