"""Bilateral readers: CGIT deals, China-Russia trade (BACI, Comtrade), OpenAlex co-authorship."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import fake_entry, registry_entry

from analysis.data.readers import get
from analysis.data.readers.openalex import parse_pajek_net
from analysis.errors import DataFileError

# ---------------------------------------------------------------- CGIT (xlsx) fixtures

CGIT_HEADERS = {
    "Dataset 1": [
        "Year",
        "Month",
        "Investor",
        "Quantity in Millions",
        "Share Size",
        "Transaction Party",
        "Sector",
        "Subsector",
        "Country",
        "Region",
        "BRI",
        "Greenfield",
    ],
    "Dataset 2": [
        "Year",
        "Month",
        "Contractor",
        "Quantity in Millions",
        "Share Size",
        "Transaction Party",
        "Sector",
        "Subsector",
        "Country",
        "Region",
        "BRI",
    ],
    "Dataset 3": [
        "Year",
        "Month",
        "Chinese Entity",
        "Quantity in Millions",
        "Transaction Party",
        "Sector",
        "Subsector",
        "Country",
        "Region",
        "Greenfield",
        "BRI",
    ],
}
CGIT_TITLES = {
    "Dataset 1": "Dataset 1 Investments",
    "Dataset 2": "Dataset 2 Construction",
    "Dataset 3": "Dataset 3 Troubled Transactions",
}

# Rows in the official layout (first rows of the 2023 Fall release, plus invented Russia rows).
INVESTMENTS = [
    [
        2005,
        "January",
        "Minmetals",
        500,
        "",
        "Cubapetroleo",
        "Metals",
        None,
        "Cuba",
        "North America",
        None,
        "G",
    ],
    [
        2005,
        "January",
        "Chinese Academy of Sciences",
        1740,
        "",
        "IBM",
        "Technology",
        None,
        "USA",
        "USA",
        None,
        None,
    ],
    [
        2006,
        "June",
        "China Petroleum and Chemical (Sinopec)",
        3490,
        0.97,
        "Udmurtneft",
        "Energy",
        None,
        "Russian Federation",
        "West Asia",
        None,
        None,
    ],
    [
        2006,
        "July",
        "China National Petroleum Corp. (CNPC)",
        500,
        0.005,
        "Rosneft",
        "Energy",
        "Oil",
        "Russian Federation",
        "West Asia",
        None,
        None,
    ],
]
CONSTRUCTION = [
    [
        2005,
        "January",
        "Sinohydro",
        100,
        "",
        "",
        "Transport",
        "Aviation",
        "Qatar",
        "Arab Middle East and North Africa",
        None,
    ],
    [
        2006,
        "March",
        "China Railway",
        250.5,
        "",
        "",
        "Transport",
        "Rail",
        "Russian Federation",
        "West Asia",
        1,
    ],
]
TROUBLED = [
    [
        2005,
        "July",
        "China National Off-shore Oil (CNOOC)",
        18000,
        "Unocal",
        "Energy",
        None,
        "USA",
        "USA",
        None,
        None,
    ],
]


def write_cgit(path: Path, edit: dict[str, list[list]] | None = None) -> Path:
    """Write a CGIT-layout workbook: 5 title rows, header in row 6, one deal per row."""
    data = {"Dataset 1": INVESTMENTS, "Dataset 2": CONSTRUCTION, "Dataset 3": TROUBLED}
    data.update(edit or {})
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, header in CGIT_HEADERS.items():
        ws = wb.create_sheet(sheet)
        ws.append(["China Global Investment Tracker"])
        ws.append(
            [
                "© Data compiled by The American Enterprise Institute and The Heritage "
                "Foundation. All rights reserved."
            ]
        )
        ws.append([])
        ws.append([CGIT_TITLES[sheet]])
        ws.append([])
        ws.append(header)
        for row in data[sheet]:
            ws.append(row)
    wb.save(path)
    return path


def read_cgit(path: Path) -> pd.DataFrame:
    return get("cgit_xlsx")(path, fake_entry("cgit", path.name, vintage="2023-fall"))


def _one(df: pd.DataFrame, **where: object) -> float:
    sel = df
    for column, value in where.items():
        sel = sel[sel[column] == value]
    assert len(sel) == 1, f"{where}: {len(sel)} rows"
    return float(sel["value"].iloc[0])


def test_cgit_fixture_aggregates_by_year_destination_sector(tmp_path: Path) -> None:
    df = read_cgit(write_cgit(tmp_path / "cgit.xlsx"))
    assert set(df["iso3"]) == {"CHN"}
    rus = {"year": 2006, "partner_iso3": "RUS", "category": "Energy"}
    # Two 2006 Russia energy deals, 3490 + 500, summed; two deals counted.
    assert _one(df, indicator="chinese_investment_usd_mn", **rus) == 3990
    assert _one(df, indicator="chinese_investment_deals", **rus) == 2
    assert (
        _one(
            df,
            indicator="chinese_investment_by_subsector_usd_mn",
            year=2006,
            partner_iso3="RUS",
            category="Energy: unspecified",
        )
        == 3490
    )
    assert (
        _one(
            df,
            indicator="chinese_investment_by_subsector_usd_mn",
            year=2006,
            partner_iso3="RUS",
            category="Energy: Oil",
        )
        == 500
    )
    assert (
        _one(
            df,
            indicator="chinese_construction_usd_mn",
            year=2006,
            partner_iso3="RUS",
            category="Transport",
        )
        == 250.5
    )
    assert (
        _one(
            df,
            indicator="chinese_construction_contracts",
            year=2006,
            partner_iso3="RUS",
            category="Transport",
        )
        == 1
    )
    assert (
        _one(
            df,
            indicator="chinese_troubled_transactions_usd_mn",
            year=2005,
            partner_iso3="USA",
            category="Energy",
        )
        == 18000
    )
    units = df.groupby("indicator")["unit"].first().to_dict()
    assert units["chinese_investment_usd_mn"] == "US$ million, current"
    assert units["chinese_investment_deals"] == "deals"
    assert units["chinese_construction_contracts"] == "contracts"
    # The subsector breakdown re-splits the same money: totals agree.
    inv = df[df["indicator"] == "chinese_investment_usd_mn"]["value"].sum()
    sub = df[df["indicator"] == "chinese_investment_by_subsector_usd_mn"]["value"].sum()
    assert inv == sub == 500 + 1740 + 3490 + 500
    assert set(df["partner"].dropna()) >= {"Russia", "United States"}


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (
            {
                "Dataset 1": [
                    *INVESTMENTS[:2],
                    [2006, "May", "X", "about 120", "", "", "Other", None, "Cuba", "", None, None],
                ]
            },
            r"row 9, column 'Quantity in Millions'\): sheet 'Dataset 1': expected a number, "
            r"found 'about 120'",
        ),
        (
            {"Dataset 2": [[2006, "May", "X", 120, "", "", "Energy", None, "Atlantis", "", None]]},
            r"row 7, column 'Dataset 2: Country'\): unknown country name 'Atlantis'",
        ),
        (
            {"Dataset 1": [*INVESTMENTS, INVESTMENTS[2]]},
            r"row 11\): sheet 'Dataset 1': deal row repeats an earlier row",
        ),
        (
            {"Dataset 1": [INVESTMENTS[0], [2006, "May", "X", 120]]},
            r"row 8, column 'Sector'\): sheet 'Dataset 1': empty Sector \(truncated row\?\)",
        ),
        ({"Dataset 3": []}, r"sheet 'Dataset 3' has no deal rows"),
    ],
)
def test_cgit_bad_rows(tmp_path: Path, edit: dict, match: str) -> None:
    with pytest.raises(DataFileError, match=match):
        read_cgit(write_cgit(tmp_path / "cgit.xlsx", edit))


def test_cgit_blank_row_inside_table(tmp_path: Path) -> None:
    path = write_cgit(
        tmp_path / "cgit.xlsx", {"Dataset 1": [INVESTMENTS[0], [None], INVESTMENTS[1]]}
    )
    with pytest.raises(DataFileError, match=r"row 8\): sheet 'Dataset 1': blank row 8 inside"):
        read_cgit(path)


def test_cgit_truncated_empty_and_missing_sheet(tmp_path: Path) -> None:
    good = write_cgit(tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DataFileError, match=r"cut\.xlsx: could not be read as an Excel workbook"):
        read_cgit(cut)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"the file is empty \(0 bytes\)"):
        read_cgit(empty)
    wb = openpyxl.load_workbook(good)
    del wb["Dataset 3"]
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(DataFileError, match=r"no sheet 'Dataset 3'"):
        read_cgit(tmp_path / "two.xlsx")


# ---------------------------------------------------------------- BACI and Comtrade fixtures

BACI_ROWS = [  # first rows of the V202501 extract, plus a Russia -> China row
    "2017,156,643,10620,48.641,3.124",
    "2017,156,643,20810,3185.86,951.578",
    "2017,156,643,847130,1000.5,",
    "2017,643,156,270900,25000.25,60000",
]


def write_baci(path: Path, rows: list[str] = BACI_ROWS, header: str = "t,i,j,k,v,q") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read_baci(path: Path) -> pd.DataFrame:
    return get("baci_csv")(path, fake_entry("trade_cn_ru", path.name, vintage="BACI HS17 V202501"))


def test_baci_fixture(tmp_path: Path) -> None:
    df = read_baci(write_baci(tmp_path / "baci.csv"))
    values = df[df["indicator"] == "exports_value_usd_thousand"]
    assert len(values) == 4
    # The leading zero of chapter 01 is put back: HS 010620, a string.
    assert _one(values, iso3="CHN", partner_iso3="RUS", category="010620") == 48.641
    assert _one(values, iso3="RUS", partner_iso3="CHN", category="270900") == 25000.25
    qty = df[df["indicator"] == "exports_quantity_tonnes"]
    # The empty quantity of 847130 is BACI's missing marker: no row, not a zero.
    assert set(qty["category"]) == {"010620", "020810", "270900"}
    assert _one(qty, category="020810") == 951.578
    assert set(values["unit"]) == {"US$ thousand, current (FOB)"}
    assert set(qty["unit"]) == {"metric tons"}
    assert set(df["vintage"]) == {"BACI HS17 V202501"}


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        (
            [*BACI_ROWS, "2017,643,156,9706"],
            r"row 6, column 'v'\): row ends early or has an empty required value",
        ),
        (
            [*BACI_ROWS[:1], "2017,156,643,20810,1.2e,3"],
            r"row 3, column 'v'\): expected a number, found '1\.2e'",
        ),
        (
            [*BACI_ROWS[:1], "2017,156,999,20810,1,3"],
            r"row 3, column 'j'\): unknown UN M49 country code '999'",
        ),
        ([*BACI_ROWS, BACI_ROWS[1]], r"row 6\): duplicated row"),
        (
            [*BACI_ROWS[:1], "2017,156,643,HS2081,1,3"],
            r"row 3, column 'k'\): expected an HS 6-digit product code",
        ),
        ([], r"no data rows were read"),
    ],
)
def test_baci_bad_rows(tmp_path: Path, rows: list[str], match: str) -> None:
    with pytest.raises(DataFileError, match=match):
        read_baci(write_baci(tmp_path / "baci.csv", rows))


def test_baci_empty_file_and_wrong_header(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"the file is empty \(0 bytes\)"):
        read_baci(empty)
    with pytest.raises(DataFileError, match=r"expected a column 'v' \(BACI header"):
        read_baci(write_baci(tmp_path / "b.csv", ["2017,156,643,10620,1"], "t,i,j,k,value"))


COMTRADE_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,"
    "aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,"
    "qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,"
    "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
)


def comtrade_row(year: int, month: int, value: float, mot: str = "0") -> str:
    """One monthly row in the Comtrade API layout (China imports from Russia, TOTAL)."""
    return (
        f"C,M,{year}{month:02d}01,{year},{month},{year}{month:02d},156,,,M,,643,,,0,,,H5,HS,True,"
        f"TOTAL,,,,C00,,0,{mot},,-1,,0.0,False,-1,,0.0,False,0.0,True,0.0,False,{value},0.0,"
        f"{value},4,False,True"
    )


def write_comtrade(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([COMTRADE_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def read_comtrade(path: Path) -> pd.DataFrame:
    return get("comtrade_monthly_csv")(path, fake_entry("trade_cn_ru", path.name))


def test_comtrade_sums_months_to_years(tmp_path: Path) -> None:
    rows = [comtrade_row(2017, m, 1000.0 * m) for m in range(1, 13)]
    rows += [comtrade_row(2018, m, 1.5) for m in range(1, 13)]
    df = read_comtrade(write_comtrade(tmp_path / "ct.csv", rows))
    assert len(df) == 2
    assert _one(df, year=2017) == 1000.0 * 78  # 1 + 2 + ... + 12
    assert _one(df, year=2018) == 18.0
    row = df.iloc[0]
    assert (row["iso3"], row["partner_iso3"], row["category"]) == ("CHN", "RUS", "TOTAL")
    assert row["indicator"] == "reported_imports_usd"
    assert row["unit"] == "US$, current (CIF, as reported by the importer)"


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        (
            [comtrade_row(2017, m, 1.0) for m in range(1, 12)],
            r"row 2\): year 2017 has 11 of 12 months",
        ),
        (
            [comtrade_row(2017, m, 1.0) for m in (*range(1, 13), 5)],
            r"row 14\): duplicated row: month 5 of 2017 appears twice",
        ),
        (
            [comtrade_row(2017, m, 1.0, mot="1000" if m == 3 else "0") for m in range(1, 13)],
            r"row 4, column 'motCode'\).*would double count",
        ),
        (
            [comtrade_row(2017, m, "n/a" if m == 2 else 1.0) for m in range(1, 13)],
            r"row 3, column 'primaryValue'\): expected a number, found 'n/a'",
        ),
        ([comtrade_row(2017, 1, 1.0)[:40]], r"row 2, column .*row ends early"),
    ],
)
def test_comtrade_bad_rows(tmp_path: Path, rows: list[str], match: str) -> None:
    with pytest.raises(DataFileError, match=match):
        read_comtrade(write_comtrade(tmp_path / "ct.csv", rows))


# ---------------------------------------------------------------- OpenAlex Pajek zip fixtures

NET_2000 = """\ufeff% mat2Pajek Tue Aug 27 20:02:50 2024
*vertices 3
1 "CN"
2 "RU"
3 "US"
*arcs
1 1 10511
1 2 189
2 1 189
1 3 4000
3 1 4000
2 2 9036
3 3 72150
"""
NET_2001 = """% mat2Pajek Tue Aug 27 20:02:50 2024
*vertices 3
1 "CN"
2 "RU"
3 "US"
*arcs
1 1 11000
1 2 207
2 1 206
2 2 9500
3 3 75000
"""
VEC_2000 = "% vec2Pajek Tue Aug 27 20:02:51 2024\n*vertices 3\n10511\n9036\n72150\n"
CLU_2000 = "% clu2Pajek Tue Aug 27 20:02:51 2024\n*vertices 3\n3\n3\n3\n"


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


def default_members() -> dict[str, str]:
    return {
        "WrldCo2000.net": NET_2000,
        "WrldCo2000T.vec": VEC_2000,
        "WrldCo2000G.clu": CLU_2000,
        "WrldCo2001.net": NET_2001,
        "WrldCoComplete.net": NET_2000,
    }


def read_copub(path: Path) -> pd.DataFrame:
    return get("openalex_pajek_zip")(path, fake_entry("copub_openalex", path.name))


def test_openalex_zip_pairs_stored_once(tmp_path: Path) -> None:
    df = read_copub(write_zip(tmp_path / "WrldCo_years.zip", default_members()))
    pairs = df[df["indicator"] == "coauthored_works"]
    # One row per unordered pair, iso3 < partner_iso3 (CHN < RUS < USA).
    assert (pairs["iso3"] < pairs["partner_iso3"]).all()
    assert not pairs.duplicated(["year", "iso3", "partner_iso3"]).any()
    assert _one(pairs, year=2000, iso3="CHN", partner_iso3="RUS") == 189
    assert _one(pairs, year=2000, iso3="CHN", partner_iso3="USA") == 4000
    # 2001: arcs differ by one work (as in the published 2004 and 2019 files): the larger is kept.
    assert _one(pairs, year=2001, iso3="CHN", partner_iso3="RUS") == 207
    assert set(pairs["unit"]) == {"works (whole count, OpenAlex)"}
    totals = df[df["indicator"] == "internationally_coauthored_works"]
    assert _one(totals, year=2000, iso3="RUS") == 9036
    assert _one(totals, year=2001, iso3="USA") == 75000
    partners = df[df["indicator"] == "coauthor_partner_countries"]
    assert _one(partners, year=2000, iso3="CHN") == 2
    assert _one(partners, year=2001, iso3="USA") == 0
    assert set(df["year"]) == {2000, 2001}  # the all-years WrldCoComplete.net is not read
    assert pairs["partner"].notna().all()
    assert totals["partner_iso3"].isna().all()


def test_pajek_parser_quoted_labels_edges_and_default_weight() -> None:
    text = (
        '*Network test\n*Vertices 3\n1 "United Kingdom" 0.1 0.2\n2 RU\n3 "CN"\n*Edges\n1 2 5\n2 3\n'
    )
    net = parse_pajek_net(text, "test.net")
    assert net.labels == {1: "United Kingdom", 2: "RU", 3: "CN"}
    assert [(a, b, w, directed) for a, b, w, _n, directed in net.lines] == [
        (1, 2, 5.0, False),
        (2, 3, 1.0, False),
    ]


@pytest.mark.parametrize(
    ("net", "match"),
    [
        (
            NET_2000.replace("1 2 189", "1 2 18x9"),
            r"WrldCo2000\.net \(row 8, column 'weight'\): expected 'from to \[weight\]'",
        ),
        (
            NET_2000.replace('"US"', '"QQ"'),
            r"WrldCo2000\.net \(row 5, column '\*Vertices label'\): unknown country name 'QQ'",
        ),
        (NET_2000 + "1 2 189\n", r"WrldCo2000\.net \(row 14\): duplicated row: the line 1 -> 2"),
        (
            NET_2000.replace("2 1 189", "2 1 250"),
            r"\(row 9\): arcs 2 -> 1 and 1 -> 2 have different",
        ),
        (NET_2000.replace("1 3 4000", "1 4 4000"), r"vertex 4 is outside 1\.\.3"),
        (NET_2000.split("*arcs")[0].replace('3 "US"\n', ""), r"vertices \[3\] have no label"),
        ("", r"no \*Vertices header"),
    ],
)
def test_openalex_bad_networks(tmp_path: Path, net: str, match: str) -> None:
    members = {"WrldCo2000.net": net}
    with pytest.raises(DataFileError, match=match):
        read_copub(write_zip(tmp_path / "z.zip", members))


def test_openalex_vec_must_match_loops(tmp_path: Path) -> None:
    members = {"WrldCo2000.net": NET_2000, "WrldCo2000T.vec": VEC_2000.replace("9036", "9037")}
    with pytest.raises(DataFileError, match=r"WrldCo2000T\.vec \(row 4\): co-authored works of RU"):
        read_copub(write_zip(tmp_path / "z.zip", members))


def test_openalex_truncated_empty_and_netless_zip(tmp_path: Path) -> None:
    good = write_zip(tmp_path / "good.zip", default_members())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size - 200])
    with pytest.raises(DataFileError, match=r"cut\.zip: not a readable zip"):
        read_copub(cut)
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"the file is empty \(0 bytes\)"):
        read_copub(empty)
    with pytest.raises(DataFileError, match=r"but no WrldCo2000\.net"):
        read_copub(write_zip(tmp_path / "vec.zip", {"WrldCo2000T.vec": VEC_2000}))
    with pytest.raises(DataFileError, match=r"no WrldCoYYYY\.net network in the zip"):
        read_copub(write_zip(tmp_path / "none.zip", {"README.txt": "nothing"}))


# ---------------------------------------------------------------- the real mirror

SOURCES = ("cgit", "trade_cn_ru", "copub_openalex")


@pytest.fixture(scope="module")
def cgit_real(mirror: Path) -> pd.DataFrame:
    entry = registry_entry("cgit", "China-Global-Investment-Tracker-2023-Fall.xlsx")
    return get(entry.reader)(mirror / "cgit" / entry.file, entry)


def test_cgit_real(cgit_real: pd.DataFrame) -> None:
    df = cgit_real
    assert 8_000 < len(df) < 15_000
    assert set(df["iso3"]) == {"CHN"}
    assert {"RUS", "USA"} <= set(df["partner_iso3"])
    inv = df[df["indicator"] == "chinese_investment_usd_mn"]
    assert set(inv["year"]) == set(range(2005, 2024))
    # Deal counts equal the sheets' row counts (Dataset 1: 2154 deals, Dataset 2: 2143).
    assert df[df["indicator"] == "chinese_investment_deals"]["value"].sum() == 2154
    assert df[df["indicator"] == "chinese_construction_contracts"]["value"].sum() == 2143
    assert df[df["indicator"] == "chinese_troubled_transactions"]["value"].sum() == 370
    # Dataset 1 row 28: 2006 June, Sinopec, 3490, Energy, no subsector, Russian Federation;
    # row 30: 2006 July, CNPC, 500, Energy, no subsector -> 3990 for 2006 RUS Energy.
    assert _one(inv, year=2006, partner_iso3="RUS", category="Energy") == 3990
    # Dataset 1 row 1626: 2019 April, CNPC + CNOOC, 4040, Energy / Gas, Russian Federation.
    sub = df[df["indicator"] == "chinese_investment_by_subsector_usd_mn"]
    assert _one(sub, year=2019, partner_iso3="RUS", category="Energy: Gas") == 4040
    # Dataset 1 row 8: 2005 January, Chinese Academy of Sciences, 1740, Technology, USA.
    assert _one(inv, year=2005, partner_iso3="USA", category="Technology") == 1740
    totals = inv.groupby("partner_iso3")["value"].sum()
    assert totals["RUS"] == 34_250  # sum of the 50 Russian Federation rows of Dataset 1
    assert totals["USA"] == 195_340
    assert inv["value"].sum() == sub["value"].sum()


@pytest.fixture(scope="module")
def trade_real(mirror: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for file in (
        "baci_russia_china_processed_2017_2023.csv",
        "comtrade_imports_chn_from_rus_2017_2024.csv",
    ):
        entry = registry_entry("trade_cn_ru", file)
        out[file.split("_")[0]] = get(entry.reader)(mirror / "trade_cn_ru" / file, entry)
    return out


def test_baci_real(trade_real: dict[str, pd.DataFrame]) -> None:
    df = trade_real["baci"]
    values = df[df["indicator"] == "exports_value_usd_thousand"]
    assert len(values) == 43_494  # data rows of the extract (SOURCE.md)
    assert 40_000 < (df["indicator"] == "exports_quantity_tonnes").sum() < 43_494
    assert set(values["year"]) == set(range(2017, 2024))
    assert values["category"].str.fullmatch(r"\d{6}").all()
    # Line 2 of the file: 2017,156,643,10620,48.641,3.124
    assert _one(values, year=2017, iso3="CHN", partner_iso3="RUS", category="010620") == 48.641
    # Last line: 2023,643,156,970600,35.502,0.076
    qty = df[df["indicator"] == "exports_quantity_tonnes"]
    assert _one(qty, year=2023, iso3="RUS", partner_iso3="CHN", category="970600") == 0.076
    total = values.groupby(["year", "iso3"])["value"].sum() / 1e6  # US$ bn
    # SOURCE.md table (sum of v, US$ bn).
    assert total[(2017, "CHN")] == pytest.approx(45.92, abs=0.005)
    assert total[(2017, "RUS")] == pytest.approx(42.12, abs=0.005)
    assert total[(2023, "CHN")] == pytest.approx(110.01, abs=0.005)
    assert total[(2023, "RUS")] == pytest.approx(129.00, abs=0.005)


def test_comtrade_real(trade_real: dict[str, pd.DataFrame]) -> None:
    df = trade_real["comtrade"]
    assert len(df) == 8
    assert set(df["year"]) == set(range(2017, 2025))
    assert set(df["iso3"]) == {"CHN"} and set(df["partner_iso3"]) == {"RUS"}
    # SOURCE.md: sum of 12 months of primaryValue, US$ bn; 2017 starts 3159813913.0 (row 2).
    assert _one(df, year=2017) / 1e9 == pytest.approx(41.39, abs=0.005)
    assert _one(df, year=2023) / 1e9 == pytest.approx(128.94, abs=0.005)
    assert _one(df, year=2024) / 1e9 == pytest.approx(129.88, abs=0.005)


@pytest.fixture(scope="module")
def copub_real(mirror: Path) -> pd.DataFrame:
    entry = registry_entry("copub_openalex", "WrldCo_years.zip")
    return get(entry.reader)(mirror / "copub_openalex" / entry.file, entry)


def test_copub_real(copub_real: pd.DataFrame) -> None:
    df = copub_real
    assert 250_000 < len(df) < 320_000
    assert set(df["year"]) == set(range(1990, 2024))
    pairs = df[df["indicator"] == "coauthored_works"]
    assert (pairs["iso3"] < pairs["partner_iso3"]).all()
    cn_ru = pairs[(pairs["iso3"] == "CHN") & (pairs["partner_iso3"] == "RUS")]
    # SOURCE.md: full CN-RU series 1990-2023 (arc 46 <-> 185 of WrldCoYYYY.net).
    assert cn_ru.sort_values("year")["value"].astype(int).tolist() == [
        56,
        59,
        67,
        69,
        86,
        80,
        103,
        115,
        125,
        145,
        189,
        207,
        267,
        262,
        327,
        322,
        455,
        442,
        530,
        570,
        620,
        680,
        837,
        969,
        1394,
        1703,
        1770,
        2075,
        2525,
        3302,
        4068,
        4588,
        4768,
        4596,
    ]
    totals = df[df["indicator"] == "internationally_coauthored_works"]
    # WrldCo2022T.vec line 48 (CN) and WrldCo2023T.vec line 187 (RU).
    assert _one(totals, year=2022, iso3="CHN") == 234_951
    assert _one(totals, year=2023, iso3="RUS") == 34_413
    assert _one(totals, year=2022, iso3="USA") == 398_840
    partners = df[df["indicator"] == "coauthor_partner_countries"]
    # Not capped at 200 like WrldCo2022G.clu.
    assert _one(partners, year=2022, iso3="USA") > 200
    assert {"CHN", "RUS", "USA"} <= set(totals["iso3"])
