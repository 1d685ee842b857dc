"""Synthetic processed tables for the explorer: four countries, 2000-2020, known multiples."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.explorer import core
from analysis.viz import figures

YEARS = range(2000, 2021)
# country: (R&D % of GDP, GDP PPP in bn, population in m, resident patents, by-origin patents)
COUNTRIES = {
    "RUS": (1.0, 4000, 145, 25_000, 30_000),
    "CHN": (2.0, 20_000, 1400, 1_000_000, 1_200_000),
    "IND": (0.7, 10_000, 1350, 20_000, 40_000),
    "BRA": (1.2, 3000, 210, 5_000, 8_000),
}


def _rows(indicator: str, source: str, vintage: str, values: dict[str, float]) -> list[dict]:
    return [
        {"iso3": iso3, "country": iso3, "year": year, "indicator": indicator, "value": value,
         "unit": "", "source": source, "vintage": vintage}
        for iso3, value in values.items()
        for year in YEARS
    ]  # fmt: skip


def fake_tables() -> dict[str, pd.DataFrame]:
    pick = {i: {c: v[i] for c, v in COUNTRIES.items()} for i in range(5)}
    wdi = (
        _rows("rd_expenditure_pct_gdp", "wdi", "2025-04-15", pick[0])
        + _rows("gdp_ppp_usd", "wdi", "2024-05-30", {c: v * 1e9 for c, v in pick[1].items()})
        + _rows("gdp_usd", "wdi", "2024-05-30", {c: v * 5e8 for c, v in pick[1].items()})
        + _rows("population", "wdi", "2024-05-30", {c: v * 1e6 for c, v in pick[2].items()})
        + _rows("researchers_per_million", "wdi", "2024-05-30", dict.fromkeys(COUNTRIES, 1000.0))
        + _rows("patent_applications_resident", "wdi", "2026-01-28", pick[3])
    )
    extracts = _rows(
        "patent_applications_nonresident", "wdi_njf0_tidy", "x", dict.fromkeys(COUNTRIES, 100.0)
    )
    wipo = _rows("patent_applications_by_origin", "wipo_argendata", "y", pick[4])
    return {
        "wdi": pd.DataFrame(wdi),
        "wdi_extracts": pd.DataFrame(extracts),
        "wipo": pd.DataFrame(wipo),
    }


PROVENANCE = {
    "wdi": (
        {"source": "wdi", "vintage": "2025-04-15", "file": "API_GB.XPD.RSDV.GD.ZS_x.csv", "publisher": "World Bank", "sha256": "a" * 64},
        {"source": "wdi", "vintage": "2024-05-30", "file": "API_NY.GDP.MKTP.PP.CD_x.csv", "publisher": "World Bank", "sha256": "b" * 64},
        {"source": "wdi", "vintage": "2024-05-30", "file": "API_SP.POP.TOTL_x.csv", "publisher": "World Bank", "sha256": "c" * 64},
    ),
    "wdi_extracts": ({"source": "wdi_njf0_tidy", "vintage": "x", "file": "IP.PAT.NRES.csv", "publisher": "WB", "sha256": "d" * 64},),
    "wipo": ({"source": "wipo_argendata", "vintage": "y", "file": "23_x.csv", "publisher": "WIPO", "sha256": "e" * 64},),
}  # fmt: skip


@pytest.fixture
def fake_data(monkeypatch: pytest.MonkeyPatch) -> dict[str, pd.DataFrame]:
    """Make the explorer read the synthetic tables instead of the processed data."""
    tables = fake_tables()
    figures.set_style()  # as Explorer and notebook.setup do
    core.clear_cache()
    monkeypatch.setattr(core, "table", lambda dataset: tables[dataset])
    monkeypatch.setattr(core, "_provenance", lambda dataset: PROVENANCE.get(dataset, ()))
    yield tables
    monkeypatch.undo()
    core.clear_cache()
    plt.close("all")
