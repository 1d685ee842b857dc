"""World Bank readers: the official bulk layout and the tidy API extracts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fake_entry, registry_entry
from wb_fixtures import write_bulk, write_country_metadata

from analysis.data.readers import read
from analysis.data.readers.wdi import read_wdi_bulk, read_wdi_tidy_extract
from analysis.errors import DataFileError


@pytest.fixture
def bulk(tmp_path: Path) -> Path:
    write_country_metadata(tmp_path / "Metadata_Country_API_IP.PAT.RESD_DS2_en_csv_v2_1.csv")
    return write_bulk(tmp_path / "API_IP.PAT.RESD_DS2_en_csv_v2_1.csv")


def test_bulk_reads_long_table_without_aggregates(bulk: Path) -> None:
    df = read_wdi_bulk(bulk, fake_entry("wdi"))
    assert set(df["iso3"]) == {"CHN", "RUS", "USA"}
    assert set(df["indicator"]) == {"patent_applications_resident"}
    assert set(df["unit"]) == {"applications"}
    assert set(df["vintage"]) == {"2026-01-28"}  # from the file's "Last Updated Date"
    rus = df[(df.iso3 == "RUS") & (df.year == 2019)]["value"].item()
    assert rus == 23337


def test_bulk_keeps_aggregates_on_request(bulk: Path) -> None:
    df = read_wdi_bulk(bulk, fake_entry("wdi"), include_aggregates=True)
    assert {"WLD", "HIC"} <= set(df["iso3"])


def test_missing_preamble(tmp_path: Path, bulk: Path) -> None:
    text = bulk.read_text(encoding="utf-8-sig").splitlines()[4:]
    bulk.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 1\): missing the 4-line World Bank preamble"):
        read_wdi_bulk(bulk, fake_entry("wdi"))


def test_truncated_file(bulk: Path) -> None:
    data = bulk.read_bytes()
    bulk.write_bytes(data[: data.index(b"United States") + 20])
    with pytest.raises(DataFileError, match=r"\(row 8\): row ends early"):
        read_wdi_bulk(bulk, fake_entry("wdi"))


def test_non_numeric_value(bulk: Path) -> None:
    bulk.write_text(
        bulk.read_text(encoding="utf-8").replace('"23337"', '"23,337 (est.)"'), encoding="utf-8"
    )
    with pytest.raises(
        DataFileError,
        match=r"\(row 7, column 'value'\): expected a number, found '23,337 \(est\.\)'",
    ):
        read_wdi_bulk(bulk, fake_entry("wdi"))


def test_duplicated_row(bulk: Path) -> None:
    lines = bulk.read_text(encoding="utf-8").splitlines()
    bulk.write_text("\n".join([*lines, lines[6]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\(row 11\): duplicated row"):
        read_wdi_bulk(bulk, fake_entry("wdi"))


def test_empty_file(bulk: Path) -> None:
    bulk.write_bytes(b"")
    with pytest.raises(DataFileError, match="the file is empty"):
        read_wdi_bulk(bulk, fake_entry("wdi"))


def test_missing_country_metadata(tmp_path: Path) -> None:
    path = write_bulk(tmp_path / "only" / "API_IP.PAT.RESD_DS2_en_csv_v2_1.csv")
    with pytest.raises(DataFileError, match="no Metadata_Country"):
        read_wdi_bulk(path, fake_entry("wdi"))


def test_unknown_indicator(tmp_path: Path, bulk: Path) -> None:
    path = write_bulk(tmp_path / "API_XX.YY_DS2_en_csv_v2_1.csv", code="XX.YY")
    with pytest.raises(DataFileError, match="indicator code 'XX.YY' is not one this package knows"):
        read_wdi_bulk(path, fake_entry("wdi"))


def test_tidy_extract(tmp_path: Path) -> None:
    path = tmp_path / "IP.PAT.NRES.csv"
    path.write_text("country_code,2018,2019\nCHN,148187.0,157093.0\nRUS,13036.0,\n")
    df = read_wdi_tidy_extract(path, fake_entry("wdi_njf0_tidy"))
    assert df.set_index(["iso3", "year"])["value"].to_dict() == {
        ("CHN", 2018): 148187.0,
        ("CHN", 2019): 157093.0,
        ("RUS", 2018): 13036.0,
    }
    assert set(df["indicator"]) == {"patent_applications_nonresident"}
    assert df.loc[df.iso3 == "RUS", "country"].iloc[0] == "Russia"


# --- the real files --------------------------------------------------------------------------

WDI_FILES = [
    ("API_IP.PAT.RESD_DS2_en_csv_v2_226.csv", "patent_applications_resident"),
    ("API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv", "rd_expenditure_pct_gdp"),
]


def test_real_resident_patents(mirror: Path) -> None:
    entry = registry_entry("wdi", "API_IP.PAT.RESD_DS2_en_csv_v2_226.csv")
    df = read(mirror / "wdi" / entry.file, entry)
    assert 3000 < len(df) < 6000
    assert df["iso3"].nunique() < 218  # aggregates dropped: WB lists 217 economies
    values = df.set_index(["iso3", "year"])["value"]
    # Read straight from the published file, rows "China"/"Russian Federation"/"United States", column 2019.
    assert values[("CHN", 2019)] == 1243568
    assert values[("RUS", 2019)] == 23337
    assert values[("USA", 2019)] == 285113
    for iso in ("CHN", "RUS", "USA"):
        assert values[iso].index.min() <= 1992 and values[iso].index.max() == 2021


def test_real_rd_two_vintages_differ_for_china(mirror: Path) -> None:
    new = registry_entry("wdi", "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv")
    old = registry_entry("wdi", "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_19327.csv")
    a = read(mirror / "wdi" / new.file, new).set_index(["iso3", "year"])["value"]
    b = read(mirror / "wdi" / old.file, old).set_index(["iso3", "year"])["value"]
    assert set(read(mirror / "wdi" / new.file, new)["vintage"]) == {"2026-07-13"}
    assert a[("CHN", 2020)] != b[("CHN", 2020)]  # SOURCE.md: CHN revised in 2026
    assert a[("RUS", 2019)] == pytest.approx(b[("RUS", 2019)])
