"""AI ranking readers: Tortoise Global AI Index, Oxford Insights GAIRI, IMF AIPI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import fake_entry, registry_entry

from analysis.data.readers import read
from analysis.data.readers.ai_rankings import (
    read_imf_aipi,
    read_oxford_gairi_2022,
    read_oxford_gairi_2024_xlsx,
    read_oxford_gairi_2025,
    read_oxford_gairi_panel,
    read_tortoise_gai_2021,
    read_tortoise_gai_2023,
)
from analysis.errors import DataFileError

# --- fixtures in the official layouts (rows copied from the real files) -------------------------

TORTOISE_2021 = (
    "Country,Talent,Infrastructure,Operating Environment,Research,Development,"
    "Government Strategy,Commercial,Total score,Region,Cluster,Income group,Political regime\r\n"
    "United States of America,100,94.02,64.56,100,100,77.39,100,100,Americas,Power players,"
    "High,Liberal democracy\r\n"
    "China,16.51,100,91.57,71.42,79.97,94.87,44.02,62.92,Asia-Pacific,Power players,"
    "Upper middle,Closed autocracy\r\n"
    "Russia,12.46,60.7,72.95,17.43,11.53,69.57,1.38,21.99,Europe,Waking up,Upper middle,"
    "Electoral autocracy\r\n"
)

TORTOISE_2023 = (
    "country,gai\nUnited States,100\nChina,61.5\nPortugal,23.7\nRussia,23.7\nSaudi Arabia,23.3\n"
)

PANEL_HEADER = (
    "iso3,country,year,rank,n_ranked,rank_pct,score_raw,score_100,score_scale,panel_a,panel_b,"
    "latam_panel,country_source,source_file,source_sheet\n"
)


def _panel_row(iso3: str, year: int, rank: int, n: int, score: float, scale: str) -> str:
    return (
        f"{iso3},{iso3.title()},{year},{rank},{n},0.0,{score},{score},{scale},0,0,0,{iso3},"
        "file.xlsx,Global ranking\n"
    )


PANEL = PANEL_HEADER + "".join(
    [
        _panel_row("USA", 2019, 1, 2, 8.803863, "0-10"),
        _panel_row("RUS", 2019, 2, 2, 6.747631, "0-10"),
        _panel_row("USA", 2021, 1, 3, 88.159612, "0-100"),
        _panel_row("CHN", 2021, 2, 3, 74.420758, "0-100"),
        _panel_row("RUS", 2021, 3, 3, 61.933695, "0-100"),
        _panel_row("USA", 2025, 1, 2, 88.36, "0-100"),
        _panel_row("RUS", 2025, 2, 2, 59.57, "0-100"),
    ]
)

GAIRI_2025 = (
    "country,rank,policy_capacity,ai_infrastructure,governance,public_sector_adoption,"
    "development_diffusion,resilience,iso3c,iso2c,overall_score\n"
    "China,6,96,81.83,66.34,82.49,74.88,58.68,CHN,CN,76.70333333333333\n"
    "Russian Federation,47,72.5,55.4,56.64,70.6,40.71,63.48,RUS,RU,59.88833333333333\n"
)


@pytest.fixture
def tortoise_2021(tmp_path: Path) -> Path:
    path = tmp_path / "AI_index_db.csv"
    path.write_bytes(TORTOISE_2021.encode())
    return path


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    path = tmp_path / "gairi_global_rankings_2019_2025.csv"
    path.write_text(PANEL, encoding="utf-8")
    return path


def write_gairi_2024(path: Path, extra_country: str | None = None) -> Path:
    """Write a two-sheet workbook in the layout of Oxford's 2024-GAIRI-data.xlsx."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ranking"
    ws.append(["Rank", "Country", "2024 Total"])
    ws.append([1, "United States of America", 87.03218182])
    ws.append([23, "China", 72.00989805])
    ws.append([39, "Russian Federation", 64.71707726])
    if extra_country:
        ws.append([40, extra_country, 60.0])
    ps = wb.create_sheet("Scores per pillar and dimension")
    ps.append([None, None, None, "Pillars", None, None, None, "Dimensions"])
    ps.append(
        ["Country", "Total", "Ranking", "Government", "Technology Sector",
         "Data and Infrastructure", None, "Vision", "Governance and Ethics", "Digital Capacity",
         "Adaptability", "Maturity", "Innovation Capacity", "Human Capital", "Infrastructure",
         "Data Availability", "Data Representativeness"]
    )  # fmt: skip
    dims = [100.0, 91.1, 89.2, 76.7, 83.8, 92.5, 66.6, 88.4, 84.8, 99.5]
    ps.append(["United States of America", 87.03, "1", 89.26, 80.94, 90.90, None, *dims])
    ps.append(["China", 72.01, "23", 72.90, 62.95, 80.18, None, *dims])
    ps.append(["Russian Federation", 64.72, "39", 72.15, 45.38, 76.62, None, *dims])
    ps.append([None] * 17)  # the workbook has blank rows below the table
    wb.save(path)
    return path


def write_aipi(path: Path, russia_aipi: object = 0.5592) -> Path:
    """Write a workbook in the layout of the IMF's aipidata.xlsx (banner row, header row 2)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "AIPI"
    ws.append([None, None, None, None, "Components of AIPI"])
    ws.append(
        ["Country", "iso3", "type", "AIPI", "Digitial Infrastructure",
         "Innovation and Economic Integration", "Human Capital and Labor Market Policies",
         "Regulation and Ethics"]
    )  # fmt: skip
    ws.append(["Singapore", "SGP", "AE", 0.8, 0.2, 0.2, 0.2, 0.2])
    ws.append(["United States", "USA", "AE", 0.7713, 0.1878, 0.1825, 0.1833, 0.2177])
    ws.append(["Denmark", "DNK", "AE", 0.7713, 0.2, 0.2, 0.2, 0.1713])
    ws.append(["China", "CHN", "EM", 0.6355, 0.1901, 0.1471, 0.1499, 0.1483])
    ws.append(["Russian Federation", "RUS", "EM", russia_aipi, 0.1561, 0.1240, 0.1632, 0.1159])
    ws.append(["Taiwan, China", "TWN", "AE", "NA", "NA", 0.1292, 0.1955, 0.1828])
    ws.append(["Congo", "COG", "LIC", 0.2766, 0.05, 0.1, 0.08, 0.05])
    ws.append(["Congo", "COD", "LIC", 0.2475, 0.04, 0.07, 0.07, 0.06])
    wb.save(path)
    return path


# --- unit tests ---------------------------------------------------------------------------------


def test_tortoise_2021_total_rank_and_pillars(tortoise_2021: Path) -> None:
    df = read_tortoise_gai_2021(tortoise_2021, fake_entry("tortoise_gai"))
    total = df[df.indicator == "gai_score"].set_index("iso3")
    assert total["rank"].to_dict() == {"CHN": 2, "RUS": 3, "USA": 1}
    assert set(total["n_countries"]) == {3}
    assert total.loc["RUS", "value"] == 21.99
    assert set(total["edition"]) == {"2021"} and set(total["year"]) == {2021}
    assert "rank computed" in total["unit"].iloc[0]
    pillars = df[df.indicator == "gai_pillar_score"]
    assert set(pillars["category"]) == {
        "talent", "infrastructure", "operating_environment", "research", "development",
        "government_strategy", "commercial"}  # fmt: skip
    assert pillars["rank"].isna().all()
    rus = pillars[pillars.iso3 == "RUS"].set_index("category")["value"]
    assert rus["commercial"] == 1.38 and rus["infrastructure"] == 60.7
    assert len(df) == 3 * 8


def test_tortoise_aggregate_dropped(tortoise_2021: Path) -> None:
    text = TORTOISE_2021 + "World,1,1,1,1,1,1,1,1,World,,,\r\n"
    tortoise_2021.write_text(text, encoding="utf-8")
    df = read_tortoise_gai_2021(tortoise_2021, fake_entry("tortoise_gai"))
    assert set(df["iso3"]) == {"CHN", "RUS", "USA"}
    assert set(df.loc[df.indicator == "gai_score", "n_countries"]) == {3}


def test_tortoise_2023_ties_share_rank(tmp_path: Path) -> None:
    path = tmp_path / "gai.csv"
    path.write_text(TORTOISE_2023, encoding="utf-8")
    df = read_tortoise_gai_2023(path, fake_entry("tortoise_gai")).set_index("iso3")
    assert df["rank"].to_dict() == {"CHN": 2, "PRT": 3, "RUS": 3, "SAU": 5, "USA": 1}
    assert set(df["indicator"]) == {"gai_score"} and set(df["edition"]) == {"2023"}
    assert set(df["n_countries"]) == {5}


def test_panel_official_ranks_scales_and_2025(panel: Path) -> None:
    df = read_oxford_gairi_panel(panel, fake_entry("oxford_gairi"))
    assert set(df["indicator"]) == {"gairi_score"}
    rus = df[df.iso3 == "RUS"].set_index("edition")
    assert rus.loc["2019", "unit"] == "score 0-10" and rus.loc["2021", "unit"] == "score 0-100"
    assert (rus.loc["2021", "rank"], rus.loc["2021", "n_countries"]) == (3, 3)
    assert rus.loc["2021", "year"] == 2022  # the 2021 edition was published in January 2022
    # 2025: Oxford's total is kept, but the official rank is the one in ai_readiness_index.csv.
    assert rus.loc["2025", "value"] == 59.57
    assert pd.isna(rus.loc["2025", "rank"]) and rus.loc["2025", "n_countries"] == 2


def test_panel_truncated_edition(panel: Path) -> None:
    panel.write_text(PANEL.rsplit("RUS,Rus,2025", 1)[0], encoding="utf-8")
    with pytest.raises(DataFileError, match=r"edition 2025 has 1 rows but n_ranked says \[2\.0\]"):
        read_oxford_gairi_panel(panel, fake_entry("oxford_gairi"))


def test_panel_unknown_edition_and_bad_code(panel: Path) -> None:
    panel.write_text(PANEL.replace("RUS,Rus,2019", "RUS,Rus,2018"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 3, column 'year'\): edition '2018'"):
        read_oxford_gairi_panel(panel, fake_entry("oxford_gairi"))
    panel.write_text(PANEL.replace("CHN,Chn", "XXX,Chn"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 5, column 'iso3'\): expected an ISO 3166"):
        read_oxford_gairi_panel(panel, fake_entry("oxford_gairi"))


def test_gairi_2022_scores(tmp_path: Path) -> None:
    path = tmp_path / "gair.csv"
    path.write_text(
        "country,gair\nUnited States of America,85.72\nChina,70.84\nRussian Federation,61.48\n"
    )
    df = read_oxford_gairi_2022(path, fake_entry("oxford_gairi")).set_index("iso3")
    assert df.loc["RUS", "value"] == 61.48
    assert set(df["indicator"]) == {"gairi_score_2dp"} and df["rank"].isna().all()
    assert set(df["n_countries"]) == {3} and set(df["edition"]) == {"2022"}


def test_gairi_2024_workbook(tmp_path: Path) -> None:
    path = write_gairi_2024(tmp_path / "2024-GAIRI-data.xlsx")
    df = read_oxford_gairi_2024_xlsx(path, fake_entry("oxford_gairi"))
    total = df[df.indicator == "gairi_score_xlsx"].set_index("iso3")
    assert total["rank"].to_dict() == {"CHN": 23, "RUS": 39, "USA": 1}
    assert total.loc["RUS", "value"] == pytest.approx(64.71707726)
    pillars = df[(df.indicator == "gairi_pillar_score") & (df.iso3 == "RUS")]
    assert pillars.set_index("category")["value"].to_dict() == {
        "data_and_infrastructure": 76.62,
        "government": 72.15,
        "technology_sector": 45.38,
    }
    dims = df[df.indicator == "gairi_dimension_score"]
    assert len(dims) == 30 and "governance_and_ethics" in set(dims["category"])
    assert set(df["n_countries"]) == {3}


def test_gairi_2025_rank_on_mean_not_oxford_total(tmp_path: Path) -> None:
    path = tmp_path / "ai_readiness_index.csv"
    path.write_text(GAIRI_2025, encoding="utf-8")
    df = read_oxford_gairi_2025(path, fake_entry("oxford_gairi"))
    assert "gairi_score" not in set(df["indicator"])
    mean = df[df.indicator == "gairi_pillar_mean_score"].set_index("iso3")
    assert mean["rank"].to_dict() == {"CHN": 6, "RUS": 47}
    assert "NOT Oxford's total" in mean["unit"].iloc[0]
    assert len(df[df.indicator == "gairi_pillar_score"]) == 12


def test_imf_aipi(tmp_path: Path) -> None:
    path = write_aipi(tmp_path / "aipidata.xlsx")
    df = read_imf_aipi(path, fake_entry("imf_aipi"))
    total = df[df.indicator == "aipi_score"].set_index("iso3")
    # Computed ranks, ties "min" (USA and DNK tie at 0.7713); Taiwan ("NA") is not ranked.
    assert total["rank"].to_dict() == {
        "SGP": 1, "USA": 2, "DNK": 2, "CHN": 4, "RUS": 5, "COG": 6, "COD": 7}  # fmt: skip
    assert set(total["n_countries"]) == {7}
    assert "rank computed" in total["unit"].iloc[0]
    twn = df[df.iso3 == "TWN"]
    assert set(twn["indicator"]) == {"aipi_component_score"} and len(twn) == 3
    assert "digital_infrastructure" in set(df["category"])
    assert total.loc["COG", "country"] != total.loc["COD", "country"]


# --- bad input ---------------------------------------------------------------------------------


def test_truncated_csv(tortoise_2021: Path) -> None:
    data = tortoise_2021.read_bytes()
    tortoise_2021.write_bytes(data[: data.index(b"Russia") + 20])
    with pytest.raises(DataFileError, match=r"\(row 4, column '[A-Za-z ]+'\): expected a number, "
                       "found an empty cell"):  # fmt: skip
        read_tortoise_gai_2021(tortoise_2021, fake_entry("tortoise_gai"))


def test_truncated_xlsx(tmp_path: Path) -> None:
    path = write_gairi_2024(tmp_path / "2024-GAIRI-data.xlsx")
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(DataFileError, match="could not be read as an Excel workbook"):
        read_oxford_gairi_2024_xlsx(path, fake_entry("oxford_gairi"))


def test_non_numeric_value(tortoise_2021: Path, tmp_path: Path) -> None:
    tortoise_2021.write_text(TORTOISE_2021.replace(",21.99,", ",22 (est.),"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 4, column 'Total score'\): expected a number, "
                       r"found '22 \(est\.\)'"):  # fmt: skip
        read_tortoise_gai_2021(tortoise_2021, fake_entry("tortoise_gai"))
    path = write_aipi(tmp_path / "aipidata.xlsx", russia_aipi="n.a.")
    with pytest.raises(DataFileError, match=r"\(row 7, column 'AIPI'\): expected a number, "
                       "found 'n.a.'"):  # fmt: skip
        read_imf_aipi(path, fake_entry("imf_aipi"))


def test_unknown_country(tmp_path: Path) -> None:
    path = write_gairi_2024(tmp_path / "2024-GAIRI-data.xlsx", extra_country="Ruritania")
    with pytest.raises(DataFileError, match=r"\(row 5, column 'Country'\): unknown country name "
                       "'Ruritania'"):  # fmt: skip
        read_oxford_gairi_2024_xlsx(path, fake_entry("oxford_gairi"))


def test_duplicated_row(tortoise_2021: Path, tmp_path: Path) -> None:
    lines = TORTOISE_2021.splitlines(keepends=True)
    tortoise_2021.write_text("".join([*lines, lines[2]]), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 5\): duplicated row"):
        read_tortoise_gai_2021(tortoise_2021, fake_entry("tortoise_gai"))
    path = tmp_path / "ai_readiness_index.csv"
    path.write_text(GAIRI_2025 + GAIRI_2025.splitlines(keepends=True)[1], encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 4\): duplicated row"):
        read_oxford_gairi_2025(path, fake_entry("oxford_gairi"))


def test_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "gai.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match="the file is empty"):
        read_tortoise_gai_2023(empty, fake_entry("tortoise_gai"))
    header_only = tmp_path / "gair.csv"
    header_only.write_text("country,gair\n")
    with pytest.raises(DataFileError, match="no data rows"):
        read_oxford_gairi_2022(header_only, fake_entry("oxford_gairi"))


def test_wrong_layout(tmp_path: Path) -> None:
    path = tmp_path / "gai.csv"
    path.write_text("Country,Score\nChina,61.5\n")
    with pytest.raises(DataFileError, match="expected a column 'country'"):
        read_tortoise_gai_2023(path, fake_entry("tortoise_gai"))
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "aipidata.xlsx")
    with pytest.raises(DataFileError, match="Worksheet named 'AIPI' not found"):
        read_imf_aipi(tmp_path / "aipidata.xlsx", fake_entry("imf_aipi"))


# --- the real files -------------------------------------------------------------------------

SOURCES = ("tortoise_gai", "oxford_gairi", "imf_aipi")


def _real(mirror: Path, source_id: str, file: str) -> pd.DataFrame:
    entry = registry_entry(source_id, file)
    return read(mirror / source_id / entry.file, entry)


def _rank_n(df: pd.DataFrame, indicator: str) -> dict[tuple[str, str], tuple[int, int]]:
    rows = df[(df.indicator == indicator) & df.iso3.isin(["CHN", "RUS", "USA"])]
    return {
        (r.iso3, r.edition): (None if pd.isna(r.rank) else int(r.rank), int(r.n_countries))
        for r in rows.itertuples()
    }


def test_real_ai_rankings_keys_unique_across_files(mirror: Path) -> None:
    from analysis.data.sources import files_for_dataset

    frames = [read(mirror / e.source_id / e.file, e) for e in files_for_dataset("ai_rankings")]
    df = pd.concat(frames, ignore_index=True)
    # Unique even without the vintage: each file's rows have their own indicator or edition.
    key = ["iso3", "year", "indicator", "source", "edition", "category"]
    assert not df.duplicated(subset=key).any()
    assert {"gai_score", "gairi_score", "aipi_score"} <= set(df["indicator"])


def test_real_tortoise(mirror: Path) -> None:
    df21 = _real(mirror, "tortoise_gai", "AI_index_db.csv")
    assert len(df21) == 62 * 8
    # AI_index_db.csv line 33: Russia,12.46,60.7,...,21.99 (33rd data line after the header)
    assert _rank_n(df21, "gai_score") == {
        ("CHN", "2021"): (2, 62),
        ("RUS", "2021"): (32, 62),
        ("USA", "2021"): (1, 62),
    }
    rus = df21[(df21.iso3 == "RUS") & (df21.indicator == "gai_pillar_score")]
    assert rus.set_index("category")["value"]["commercial"] == 1.38
    tot = df21[(df21.indicator == "gai_score")].set_index("iso3")["value"]
    assert (tot["USA"], tot["CHN"], tot["RUS"]) == (100, 62.92, 21.99)
    df23 = _real(mirror, "tortoise_gai", "gai.csv")
    assert len(df23) == 62
    # gai.csv lines 2, 3 and 31: United States,100 / China,61.5 / Russia,23.7 (tied with Portugal)
    assert _rank_n(df23, "gai_score") == {
        ("CHN", "2023"): (2, 62),
        ("RUS", "2023"): (29, 62),
        ("USA", "2023"): (1, 62),
    }


# Russia's official rank / N per Oxford edition, read straight from the panel file
# (rows RUS,Russia,2019..2025 of gairi_global_rankings_2019_2025.csv; also SOURCE.md's table).
RUS_OFFICIAL = {
    "2019": (29, 194), "2020": (33, 172), "2021": (38, 160), "2022": (40, 181),
    "2023": (38, 193), "2024": (39, 188)}  # fmt: skip
CHN_OFFICIAL = {
    "2019": (20, 194), "2020": (19, 172), "2021": (15, 160), "2022": (17, 181),
    "2023": (16, 193), "2024": (23, 188)}  # fmt: skip
USA_OFFICIAL = {
    "2019": (4, 194), "2020": (1, 172), "2021": (1, 160), "2022": (1, 181),
    "2023": (1, 193), "2024": (1, 188)}  # fmt: skip


def test_real_oxford_panel(mirror: Path) -> None:
    df = _real(mirror, "oxford_gairi", "gairi_global_rankings_2019_2025.csv")
    assert len(df) == 1283
    n = df.groupby("edition")["n_countries"].first().to_dict()
    assert n == {"2019": 194, "2020": 172, "2021": 160, "2022": 181, "2023": 193, "2024": 188,
                 "2025": 195}  # fmt: skip
    got = _rank_n(df, "gairi_score")
    for iso, table in (("RUS", RUS_OFFICIAL), ("CHN", CHN_OFFICIAL), ("USA", USA_OFFICIAL)):
        for edition, rank_n in table.items():
            assert got[(iso, edition)] == rank_n, (iso, edition)
        assert got[(iso, "2025")] == (None, 195)  # official 2025 rank: ai_readiness_index.csv
    values = df.set_index(["iso3", "edition"])["value"]
    assert values[("RUS", "2019")] == pytest.approx(6.75, abs=0.005)  # 0-10 scale
    assert values[("RUS", "2025")] == 59.57  # row RUS,Russia,2025,49,195,...,59.57
    assert values[("CHN", "2022")] == pytest.approx(70.84, abs=0.005)
    assert set(df.loc[df.edition == "2019", "unit"]) == {"score 0-10"}


def test_real_oxford_2022_file_matches_panel(mirror: Path) -> None:
    df = _real(mirror, "oxford_gairi", "gair.csv")
    assert len(df) == 181 and {"CHN", "RUS", "USA"} <= set(df["iso3"])
    v = df.set_index("iso3")["value"]
    # gair.csv line 2: United States of America,85.72
    assert v["USA"] == 85.72 and v["CHN"] == 70.84 and v["RUS"] == 61.48
    panel = _real(mirror, "oxford_gairi", "gairi_global_rankings_2019_2025.csv")
    p22 = panel[panel.edition == "2022"].set_index("iso3")["value"].round(2)
    assert (p22.reindex(v.index) - v).abs().max() < 0.006


def test_real_oxford_2024_workbook(mirror: Path) -> None:
    df = _real(mirror, "oxford_gairi", "2024-GAIRI-data.xlsx")
    # Sheet Ranking rows 2, 24, 40; pillar sheet rows for the same countries (SOURCE.md).
    assert _rank_n(df, "gairi_score_xlsx") == {
        ("CHN", "2024"): (23, 188),
        ("RUS", "2024"): (39, 188),
        ("USA", "2024"): (1, 188),
    }
    p = df[df.indicator == "gairi_pillar_score"].set_index(["iso3", "category"])["value"].round(2)
    assert p[("RUS", "technology_sector")] == 45.38
    assert p[("CHN", "government")] == 72.90
    assert p[("USA", "data_and_infrastructure")] == 90.90
    assert len(df[df.indicator == "gairi_dimension_score"]) == 188 * 10
    panel = _real(mirror, "oxford_gairi", "gairi_global_rankings_2019_2025.csv")
    p24 = panel[panel.edition == "2024"].set_index("iso3")[["value", "rank"]]
    x24 = df[df.indicator == "gairi_score_xlsx"].set_index("iso3")[["value", "rank"]]
    assert (p24.sort_index()["rank"] == x24.sort_index()["rank"]).all()


def test_real_oxford_2025(mirror: Path) -> None:
    df = _real(mirror, "oxford_gairi", "ai_readiness_index.csv")
    assert len(df) == 195 * 7
    # ai_readiness_index.csv rows China,6,...; Russian Federation,47,...; United States...,1,...
    assert _rank_n(df, "gairi_pillar_mean_score") == {
        ("CHN", "2025"): (6, 195),
        ("RUS", "2025"): (47, 195),
        ("USA", "2025"): (1, 195),
    }
    assert df.loc[df.indicator == "gairi_pillar_score", "category"].nunique() == 6


def test_real_imf_aipi(mirror: Path) -> None:
    df = _real(mirror, "imf_aipi", "aipidata.xlsx")
    total = df[df.indicator == "aipi_score"].set_index("iso3")
    assert len(total) == 165
    # SOURCE.md: US 0.771 rank 3 (after Singapore 0.801, Denmark 0.779), China 0.635 rank 30,
    # Russian Federation 0.559 rank 46, among 165 scored economies.
    assert _rank_n(df, "aipi_score") == {
        ("CHN", "2023"): (30, 165),
        ("RUS", "2023"): (46, 165),
        ("USA", "2023"): (3, 165),
    }
    assert total.loc["SGP", "rank"] == 1 and total.loc["DNK", "rank"] == 2
    assert round(total.loc["RUS", "value"], 3) == 0.559
    comp = df[df.indicator == "aipi_component_score"].groupby("iso3")["value"].sum()
    assert (comp.reindex(total.index) - total["value"]).abs().max() < 1e-6  # components add up
    assert "TWN" not in total.index and "TWN" in set(df["iso3"])
