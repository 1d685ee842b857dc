"""Open-data readers: WIPO/R&D via Argendata, OWID grapher CSVs, UNCTAD WIR annex, OECD.AI."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import fake_entry, registry_entry

from analysis.data import sources
from analysis.data.readers import read
from analysis.data.readers.oecdai import read_oecdai_ttaip
from analysis.data.readers.owid import read_owid_grapher
from analysis.data.readers.unctad import read_unctad_fdi_inflows
from analysis.data.readers.wipo import read_argendata
from analysis.errors import DataFileError

SOURCE_IDS = ("wipo_argendata", "owid_patents_rd", "owid_ai", "unctad_wir_fdi", "oecdai")
PATENTS_23 = "23_patentes_pais_residencia_solicitante_evo.csv"
PATENTS_12 = "12_solicitud_patentes_segun_residencia_solicitante_ultimo_anio_disponible.csv"
GERD_21 = "21_id_pib_pais_evo.csv"
GERD_01 = "01_id_pib_pais.csv"
OWID_PATENTS = "patent-applications-per-million.csv"
OWID_INVEST = "private-investment-in-artificial-intelligence-cset.csv"
UNCTAD = "unctad_wir_fdi_2024.xlsx"


def _value(df: pd.DataFrame, iso3: str, year: int, indicator: str | None = None) -> float:
    rows = df[(df["iso3"] == iso3) & (df["year"] == year)]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    return float(rows["value"].item())


# --- fixtures in the published layouts (a few real rows; invented ones marked) -----------------

ARGENDATA_23 = """geocodigoFundar,geonombreFundar,anio,patentes_de_residentes
CHN,China,2018,1460857
CHN,China,2023,1652437
EUU,Unión Europea,2023,178000
LDC,Países menos desarrollados,2023,1200
RUS,Rusia,2018,27689
RUS,Rusia,2023,23242
SVU,Unión Soviética,1991,21877
USA,Estados Unidos,2023,516427
"""

ARGENDATA_21 = """geocodigoFundar,geonombreFundar,anio,gerd_gdp,nivel_agregacion
CHN,China,2019,2.24463,pais
RUS,Rusia,2019,1.03531,pais
USA,Estados Unidos,2019,3.14704,pais
WLD,Mundo,2019,1.8,agregacion
"""

ARGENDATA_01 = """geocodigoFundar,geonombreFundar,ultimo_anio_disponible,gerd_gdp
USA,Estados Unidos,2022,0.0358623
HIC,Países de altos ingresos,2022,0.0266
CHN,China,2022,0.0255518
"""

OWID_PATENTS_CSV = """Entity,Code,Year,Patent applications per million people
China,CHN,2019,874.604
Kosovo,OWID_KOS,2019,1.5
North America,,2019,700.1
Russia,RUS,2019,160.1251
United States,USA,2019,852.8155
World,OWID_WRL,2019,300.2
"""

OWID_INVEST_CSV = """Entity,Code,Year,All,All (projected) (Projected)
Africa,OWID_AFR,2024,129836003,
China,CHN,2023,9260230196,
China,CHN,2024,13876362142,13876362142
China,CHN,2025,,11123520661
Russia,RUS,2025,,841671
"""

OECDAI_CSV = """country,ttaip
Korea,554.75
Russian Federation,155.79
United States,3638.78
China,5324.86
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_unctad(path: Path, rows: list[list[object]] | None = None) -> Path:
    """Write a small annex table 1 workbook in UNCTAD's layout (rows 1-3: title, unit, header)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "InFlows"
    ws.append(["Annex table 1. FDI inflows, by region and economy, 1990–2023"])
    ws.append(["(Millions of dollars)"])
    ws.append(["Region/economy", 1990, 1991, 1992, 2022, 2023])
    default = [
        ["World", 204887.7, 153959.1, 164685.0, 1355748.9, 1331813.3],  # row 4
        ["Europe", 102697.3, 81867.4, 77530.9, -105877.98, 16493.08],  # row 5
        ["Russian Federation", 0, 0, 1161, -15204.6, 8363.52],  # row 6
        ["Belgium / Luxembourg", 8046.73, 9362.56, 11285.8, 0, 0],  # row 7
        ["Southern Africa", 4.57, 1147.99, 582.44, 7449.84, 9108.58],  # row 8
        ["South Africa", -78.46, 248.07, 3.51, 9230.76, 5232.83],  # row 9
        ["China", 3487.11, 4366.34, 11007.51, 189132.41, 163253.45],  # row 10
        ["Syrian Arab Republic", 40, 0, 57, 0, 0],  # row 11 (invented interior zero)
        ["Memorandum"],  # row 12
        ["Least developed countries (LDCs)", 540.4, 1500.9, 1470.0, 26667.5, 31299.2],
        [],
        ["Source: UNCTAD, FDI/MNE database (www.unctad.org/fdistatistics)."],
        ["Note: Totals exclude the financial centres in the Caribbean."],
    ]
    for row in rows if rows is not None else default:
        ws.append(row)
    wb.save(path)
    return path


# --- (1) unit tests on fixtures --------------------------------------------------------------


def test_argendata_patents_by_origin(tmp_path: Path) -> None:
    df = read_argendata(_write(tmp_path / PATENTS_23, ARGENDATA_23), fake_entry("wipo_argendata"))
    assert set(df["indicator"]) == {"patent_applications_by_origin"}
    assert set(df["unit"]) == {"applications"}
    assert set(df["iso3"]) == {"CHN", "RUS", "USA", "SUN"}  # EU and LDCs dropped
    assert _value(df, "RUS", 2023) == 23242
    assert df.loc[df["iso3"] == "SUN", "country"].item() == "Soviet Union"  # not Spanish
    assert df.loc[df["iso3"] == "USA", "country"].item() == "United States"


def test_argendata_gerd_drops_flagged_aggregates_and_scales_fractions(tmp_path: Path) -> None:
    evo = read_argendata(_write(tmp_path / GERD_21, ARGENDATA_21), fake_entry("wipo_argendata"))
    assert set(evo["iso3"]) == {"CHN", "RUS", "USA"}
    assert set(evo["unit"]) == {"% of GDP"}
    assert _value(evo, "RUS", 2019) == pytest.approx(1.03531)
    latest = read_argendata(_write(tmp_path / GERD_01, ARGENDATA_01), fake_entry("wipo_argendata"))
    assert set(latest["iso3"]) == {"CHN", "USA"}
    assert _value(latest, "USA", 2022, "rd_expenditure_pct_gdp") == pytest.approx(3.58623)


def test_argendata_unknown_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "99_otro.csv", ARGENDATA_23)
    with pytest.raises(DataFileError, match=r"'99_otro\.csv' is not an Argendata file"):
        read_argendata(path, fake_entry("wipo_argendata"))


def test_owid_drops_regions_keeps_kosovo(tmp_path: Path) -> None:
    df = read_owid_grapher(_write(tmp_path / OWID_PATENTS, OWID_PATENTS_CSV), fake_entry("owid"))
    assert set(df["iso3"]) == {"CHN", "RUS", "USA", "XKX"}  # OWID_WRL and no-code rows dropped
    assert set(df["indicator"]) == {"patent_applications_resident_per_million"}
    assert set(df["unit"]) == {"resident patent applications per million people"}
    assert _value(df, "USA", 2019) == pytest.approx(852.8155)


def test_owid_two_value_columns_keep_projection_apart(tmp_path: Path) -> None:
    df = read_owid_grapher(_write(tmp_path / OWID_INVEST, OWID_INVEST_CSV), fake_entry("owid"))
    actual = df[df["indicator"] == "ai_private_investment_usd"]
    projected = df[df["indicator"] == "ai_private_investment_projected_usd"]
    assert set(actual["year"]) == {2023, 2024}  # the empty 2025 cell is no data
    assert _value(projected, "RUS", 2025) == 841671
    assert set(df["unit"]) == {"constant 2021 US$ (OWID, deflated by US CPI)"}
    assert "OWID_AFR" not in set(df["iso3"])


def test_owid_unknown_file_and_renamed_column(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not an OWID grapher file this package knows"):
        read_owid_grapher(_write(tmp_path / "new-chart.csv", OWID_PATENTS_CSV), fake_entry("owid"))
    renamed = OWID_PATENTS_CSV.replace("per million people", "per 1M people")
    with pytest.raises(DataFileError, match="expected a column 'Patent applications per million"):
        read_owid_grapher(_write(tmp_path / OWID_PATENTS, renamed), fake_entry("owid"))


def test_unctad_inflows(tmp_path: Path) -> None:
    df = read_unctad_fdi_inflows(_write_unctad(tmp_path / UNCTAD), fake_entry("unctad_wir_fdi"))
    assert set(df["indicator"]) == {"fdi_inflows_usd_mn"}
    assert set(df["unit"]) == {"US$ million, current"}
    # Regions, "Southern Africa" (coco would say ZAF), Belgium/Luxembourg and LDCs dropped.
    assert set(df["iso3"]) == {"RUS", "ZAF", "CHN", "SYR"}
    assert _value(df, "RUS", 2022) == pytest.approx(-15204.6)  # negative inflows allowed
    assert _value(df, "ZAF", 1990) == pytest.approx(-78.46)
    assert df.loc[df["iso3"] == "RUS", "year"].min() == 1992  # 1990-91 zeros are not data
    syr = df[df["iso3"] == "SYR"].set_index("year")["value"].to_dict()
    assert syr == {1990: 40, 1991: 0, 1992: 57}  # interior zero kept, trailing zeros dropped


def test_unctad_keep_edge_zeros(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD)
    df = read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"), keep_edge_zeros=True)
    assert _value(df, "RUS", 1990) == 0


def test_unctad_wrong_table(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD)
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "Annex table 2. FDI outflows, by region and economy, 1990–2023"
    wb.save(path)
    with pytest.raises(DataFileError, match=r"\(row 1\): expected the title 'Annex table 1\. FDI"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))


def test_unctad_empty_cell_and_missing_marker(tmp_path: Path) -> None:
    rows = [["China", 3487.11, None, 11007.51, 189132.41, 163253.45]]
    path = _write_unctad(tmp_path / UNCTAD, rows)
    with pytest.raises(DataFileError, match=r"\(row 4, column '1991'\): empty cell for 'China'"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))
    rows = [["China", 3487.11, "..", 11007.51, 189132.41, 163253.45]]
    df = read_unctad_fdi_inflows(_write_unctad(path, rows), fake_entry("unctad_wir_fdi"))
    assert set(df["year"]) == {1990, 1992, 2022, 2023}  # ".." = not available


def test_oecdai(tmp_path: Path) -> None:
    df = read_oecdai_ttaip(_write(tmp_path / "ttaip.csv", OECDAI_CSV), fake_entry("oecdai"))
    assert set(df["iso3"]) == {"KOR", "RUS", "USA", "CHN"}
    assert set(df["year"]) == {2022}  # assumed: the file states no year
    assert set(df["unit"]) == {"fractional count of top-10%-cited AI publications"}
    assert _value(df, "CHN", 2022) == pytest.approx(5324.86)


# --- (3) bad input -----------------------------------------------------------------------------

CSV_CASES = [
    (read_argendata, PATENTS_23, ARGENDATA_23, "wipo_argendata"),
    (read_owid_grapher, OWID_PATENTS, OWID_PATENTS_CSV, "owid"),
    (read_oecdai_ttaip, "ttaip.csv", OECDAI_CSV, "oecdai"),
]
CSV_IDS = ["argendata", "owid", "oecdai"]


@pytest.mark.parametrize("func,name,text,sid", CSV_CASES, ids=CSV_IDS)
def test_csv_truncated(tmp_path: Path, func, name: str, text: str, sid: str) -> None:
    lines = text.splitlines()
    path = _write(tmp_path / name, "\n".join([*lines[:-1], lines[-1][:3]]))  # cut mid-field
    with pytest.raises(
        DataFileError, match=rf"\(row {len(lines)}, column '[^']+'\): the row has 1 of"
    ):
        func(path, fake_entry(sid))


@pytest.mark.parametrize(
    "func,name,text,sid,old,new,row",
    [
        (read_argendata, PATENTS_23, ARGENDATA_23, "wipo_argendata", "23242", "23 242", 7),
        (read_owid_grapher, OWID_PATENTS, OWID_PATENTS_CSV, "owid", "160.1251", "160 (est.)", 5),
        (read_oecdai_ttaip, "ttaip.csv", OECDAI_CSV, "oecdai", "155.79", "n.a.", 3),
    ],
    ids=CSV_IDS,
)
def test_csv_non_numeric(tmp_path: Path, func, name, text, sid, old, new, row) -> None:
    path = _write(tmp_path / name, text.replace(old, new))
    shown = re.escape(repr(new))
    with pytest.raises(DataFileError, match=rf"\(row {row}, column .*expected a number.* {shown}"):
        func(path, fake_entry(sid))


@pytest.mark.parametrize(
    "func,name,text,sid,old,new,row",
    [
        (
            read_argendata,
            PATENTS_23,
            ARGENDATA_23,
            "wipo_argendata",
            "RUS,Rusia,2023",
            "RUX,R,2023",
            7,
        ),
        (read_owid_grapher, OWID_PATENTS, OWID_PATENTS_CSV, "owid", "Russia,RUS", "Russia,RUX", 5),
        (read_oecdai_ttaip, "ttaip.csv", OECDAI_CSV, "oecdai", "Korea,", "Atlantis,", 2),
    ],
    ids=CSV_IDS,
)
def test_csv_unknown_country(tmp_path: Path, func, name, text, sid, old, new, row) -> None:
    path = _write(tmp_path / name, text.replace(old, new))
    with pytest.raises(
        DataFileError, match=rf"\(row {row}, column '[^']+'\): unknown country name"
    ):
        func(path, fake_entry(sid))


@pytest.mark.parametrize("func,name,text,sid", CSV_CASES, ids=CSV_IDS)
def test_csv_duplicated_row(tmp_path: Path, func, name: str, text: str, sid: str) -> None:
    lines = text.splitlines()
    path = _write(tmp_path / name, "\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(DataFileError, match=rf"\(row {len(lines) + 1}\): duplicated row"):
        func(path, fake_entry(sid))


@pytest.mark.parametrize("func,name,text,sid", CSV_CASES, ids=CSV_IDS)
def test_csv_empty_and_header_only(tmp_path: Path, func, name: str, text: str, sid: str) -> None:
    path = _write(tmp_path / name, "")
    with pytest.raises(DataFileError, match="the file is empty"):
        func(path, fake_entry(sid))
    path = _write(tmp_path / name, text.splitlines()[0] + "\n")
    with pytest.raises(DataFileError, match="header but no data rows"):
        func(path, fake_entry(sid))


def test_unctad_truncated_workbook(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match="could not be read as an Excel workbook"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))


def test_unctad_row_without_values(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD, [["China", 1, 2, 3, 4, 5], ["Russian Federation"]])
    with pytest.raises(DataFileError, match=r"\(row 5, column 'B'\): 'Russian Federation' has no"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))


def test_unctad_non_numeric(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD, [["China", 1, "2 (est.)", 3, 4, 5]])
    with pytest.raises(DataFileError, match=r"\(row 4, column 'value'\): expected a number"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))


def test_unctad_unknown_country(tmp_path: Path) -> None:
    path = _write_unctad(tmp_path / UNCTAD, [["Atlantis", 1, 2, 3, 4, 5]])
    with pytest.raises(DataFileError, match=r"\(row 4, column 'Region/economy'\): unknown country"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))


def test_unctad_duplicated_row(tmp_path: Path) -> None:
    rows = [["China", 1, 2, 3, 4, 5], ["China", 1, 2, 3, 4, 5]]
    with pytest.raises(DataFileError, match=r"\(row 5\): duplicated row"):
        read_unctad_fdi_inflows(
            _write_unctad(tmp_path / UNCTAD, rows), fake_entry("unctad_wir_fdi")
        )


def test_unctad_empty_file(tmp_path: Path) -> None:
    path = tmp_path / UNCTAD
    path.write_bytes(b"")
    with pytest.raises(DataFileError, match="the file is empty"):
        read_unctad_fdi_inflows(path, fake_entry("unctad_wir_fdi"))
    with pytest.raises(DataFileError, match="no economy rows below the header"):
        read_unctad_fdi_inflows(_write_unctad(path, []), fake_entry("unctad_wir_fdi"))


# --- (2) the real mirror ------------------------------------------------------------------------


def _real(mirror: Path, source_id: str, file: str) -> pd.DataFrame:
    entry = registry_entry(source_id, file)
    return read(mirror / source_id / entry.file, entry)


@pytest.mark.mirror
@pytest.mark.parametrize("dataset", ["wipo", "owid", "fdi", "oecdai"])
def test_real_dataset_keys_unique_across_files(mirror: Path, dataset: str) -> None:
    files = sources.files_for_dataset(dataset)
    frames = [read(mirror / e.source_id / e.file, e) for e in files]
    both = pd.concat(frames, ignore_index=True)
    keys = ["iso3", "year", "indicator", "source", "vintage"]
    assert not both.duplicated(keys).any()
    assert {"CHN", "USA"} <= set(both["iso3"])


@pytest.mark.mirror
def test_real_wipo_patents_by_origin(mirror: Path) -> None:
    df = _real(mirror, "wipo_argendata", PATENTS_23)
    assert 4400 < len(df) < 4800  # 4,699 data lines less EU and LDC rows
    assert {"CHN", "RUS", "USA", "SUN"} <= set(df["iso3"])
    assert _value(df, "CHN", 2018) == 1460857  # line 850: CHN,China,2018,1460857
    assert _value(df, "USA", 2018) == 490409  # line 4362: USA,Estados Unidos,2018,490409
    assert _value(df, "RUS", 2023) == 23242  # line 3505: RUS,Rusia,2023,23242
    assert _value(df, "SUN", 1991) == 21877  # line 3784: SVU,Unión Soviética,1991,21877
    assert df.loc[df["iso3"] == "RUS", "year"].min() == 1992
    latest = _real(mirror, "wipo_argendata", PATENTS_12)
    merged = latest.merge(df, on=["iso3", "year"], suffixes=("_12", "_23"))
    assert len(merged) == len(latest)
    assert (merged["value_12"] == merged["value_23"]).all()  # file 12 is 23's latest year


@pytest.mark.mirror
def test_real_wipo_rd_series(mirror: Path) -> None:
    evo = _real(mirror, "wipo_argendata", GERD_21)
    assert 2300 < len(evo) < 2400  # 2,365 rows flagged "pais"
    assert _value(evo, "CHN", 2019) == pytest.approx(2.24463)  # line 387
    assert _value(evo, "RUS", 2019) == pytest.approx(1.03531)  # line 1880
    assert _value(evo, "USA", 2019) == pytest.approx(3.14704)  # line 2283
    latest = _real(mirror, "wipo_argendata", GERD_01)
    assert _value(latest, "USA", 2022) == pytest.approx(_value(evo, "USA", 2022))
    per_gdp = _real(mirror, "wipo_argendata", "13_patentes_residentes_sobre_pib.csv")
    assert _value(per_gdp, "RUS", 2023) == pytest.approx(363.9)  # line 21: RUS,Rusia,2023,363.9
    researchers = _real(mirror, "wipo_argendata", "05_investigadores_cada_mil_pea_ultimo_anio.csv")
    assert _value(researchers, "RUS", 2020) == pytest.approx(5.30766133606975)  # line 36
    per_researcher = _real(mirror, "wipo_argendata", "06_inversion_por_investigador.csv")
    assert _value(per_researcher, "CHN", 2022) == pytest.approx(307.990133600759)  # line 10


@pytest.mark.mirror
def test_real_owid_patents_rd(mirror: Path) -> None:
    pat = _real(mirror, "owid_patents_rd", OWID_PATENTS)
    assert 3600 < len(pat) < 3809
    assert _value(pat, "CHN", 2019) == pytest.approx(874.604)  # line 626
    assert _value(pat, "RUS", 2019) == pytest.approx(160.1251)  # line 2831
    assert _value(pat, "USA", 2019) == pytest.approx(852.8155)  # line 3571
    rd = _real(mirror, "owid_patents_rd", "research-spending-gdp.csv")
    assert 2100 < len(rd) < 2494
    assert _value(rd, "USA", 2019) == pytest.approx(3.17049)  # line 2370 (a 2024 UIS vintage)
    assert {"CHN", "RUS", "USA"} <= set(rd["iso3"])


@pytest.mark.mirror
def test_real_owid_ai(mirror: Path) -> None:
    pubs = _real(mirror, "owid_ai", "annual-scholarly-publications-on-artificial-intelligence.csv")
    assert 1300 < len(pubs) < 1631
    assert _value(pubs, "CHN", 2023) == 103493  # line 320
    assert _value(pubs, "RUS", 2020) == 4355  # line 1252
    assert _value(pubs, "USA", 2023) == 50039  # line 1556
    pat = _real(mirror, "owid_ai", "artificial-intelligence-patents-submitted.csv")
    assert _value(pat, "CHN", 2020) == 66276  # line 57
    assert _value(pat, "RUS", 2020) == 189  # line 257
    inv = _real(mirror, "owid_ai", OWID_INVEST)
    assert _value(inv, "USA", 2023, "ai_private_investment_usd") == 112766179752  # line 909
    assert _value(inv, "RUS", 2025, "ai_private_investment_projected_usd") == 841671  # line 676
    assert 2025 not in set(inv.loc[inv["indicator"] == "ai_private_investment_usd", "year"])
    systems = _real(mirror, "owid_ai", "cumulative-number-of-large-scale-ai-systems-by-country.csv")
    assert _value(systems, "CHN", 2023) == 52  # line 38
    assert _value(systems, "RUS", 2025) == 4  # line 112
    pubs_pm = _real(
        mirror,
        "owid_ai",
        "scholarly-publications-on-artificial-intelligence-per-million-people.csv",
    )
    assert _value(pubs_pm, "USA", 2020) == pytest.approx(181.93913)  # line 1962
    pat_pm = _real(mirror, "owid_ai", "artificial-intelligence-patents-submitted-per-million.csv")
    assert _value(pat_pm, "RUS", 2020) == pytest.approx(0.4738447)  # line 312
    for df in (pubs, pat, inv, systems, pubs_pm, pat_pm):
        assert {"CHN", "RUS", "USA"} <= set(df["iso3"])
        assert not df["iso3"].str.startswith("OWID").any()


@pytest.mark.mirror
def test_real_unctad(mirror: Path) -> None:
    df = _real(mirror, "unctad_wir_fdi", UNCTAD)
    assert 6400 < len(df) < 7100  # 208 economies x 34 years, less edge zeros
    assert df["iso3"].nunique() > 200
    assert _value(df, "CHN", 2018) == pytest.approx(138305.89)  # worksheet row 128
    assert _value(df, "CHN", 2023) == pytest.approx(163253.45)  # row 128
    assert _value(df, "RUS", 2018) == pytest.approx(13227.64206)  # row 45
    assert _value(df, "RUS", 2022) == pytest.approx(-15204.6)  # row 45
    assert _value(df, "USA", 2023) == pytest.approx(310947)  # row 53
    assert _value(df, "ZAF", 2023) == pytest.approx(5232.83053)  # row 105, not Southern Africa
    rus = df.loc[df["iso3"] == "RUS", "year"]
    assert (rus.min(), rus.max(), len(rus)) == (1992, 2023, 32)


@pytest.mark.mirror
def test_real_oecdai(mirror: Path) -> None:
    df = _real(mirror, "oecdai", "ttaip.csv")
    assert len(df) == 60
    assert _value(df, "CHN", 2022) == pytest.approx(5324.86)  # line 61
    assert _value(df, "USA", 2022) == pytest.approx(3638.78)  # line 60
    assert _value(df, "RUS", 2022) == pytest.approx(155.79)  # line 42
    assert "2022 assumed" in df["vintage"].iloc[0]
