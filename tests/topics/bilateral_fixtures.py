"""Small tidy tables of the five bilateral datasets, written by the tests (no data mirror).

Each builder returns rows shaped like the processed ``copub``, ``ncses``, ``cgit``, ``trade``
and ``fdi`` tables; the tests hand them to the pure functions of
:mod:`analysis.topics.bilateral` as arguments.
"""

from __future__ import annotations

import pandas as pd

from analysis.topics.bilateral import cgit, copub, fdi, ncses, trade

RUS_CHN = ["RUS", "CHN", "USA", "IND"]


def rows(records: list[dict], source: str, vintage: str = "v1") -> pd.DataFrame:
    """Tidy rows with names equal to codes, a unit, the source and (default) vintage."""
    df = pd.DataFrame(records)
    for column in ("partner_iso3", "partner", "category"):
        if column not in df.columns:
            df[column] = pd.NA
    df["country"] = df["iso3"]
    df["partner"] = df["partner_iso3"]
    df["unit"] = "u"
    df["source"] = source
    df["vintage"] = df.get("vintage", vintage) if "vintage" in df.columns else vintage
    return df


def select(
    table: pd.DataFrame,
    countries: list[str] | None = None,
    years: tuple[int, int] | None = None,
    indicators: list[str] | None = None,
) -> pd.DataFrame:
    """Filter like the processed layer's ``load`` does (``iso3``, inclusive years, indicators)."""
    if countries is not None:
        table = table[table["iso3"].isin(countries)]
    if years is not None:
        table = table[table["year"].between(*years)]
    if indicators is not None:
        table = table[table["indicator"].isin(indicators)]
    return table.reset_index(drop=True)


def copub_table() -> pd.DataFrame:
    """Pairs stored once (``iso3 < partner_iso3``), totals and partner counts, 2020-22."""
    recs = []
    for year, chn_rus, rus_usa, chn_usa, chn_ind, ind_rus in [
        (2020, 10, 40, 100, 5, 3),
        (2021, 20, 50, 110, 6, 4),
        (2022, 30, 60, 120, 7, 30),
    ]:
        recs += [
            {"iso3": "CHN", "partner_iso3": "RUS", "year": year, "value": chn_rus},
            {"iso3": "RUS", "partner_iso3": "USA", "year": year, "value": rus_usa},
            {"iso3": "CHN", "partner_iso3": "USA", "year": year, "value": chn_usa},
            {"iso3": "CHN", "partner_iso3": "IND", "year": year, "value": chn_ind},
            {"iso3": "IND", "partner_iso3": "RUS", "year": year, "value": ind_rus},
        ]
    pairs = rows(recs, "copub_openalex").assign(indicator=copub.COPUB_PAIR)
    totals = []
    for year, values in {
        2020: (100, 200, 400, 20),
        2021: (110, 240, 410, 25),
        2022: (100, 300, 420, 40),
    }.items():
        for iso3, v in zip(("RUS", "CHN", "USA", "IND"), values, strict=True):
            totals.append({"iso3": iso3, "year": year, "value": v, "indicator": copub.COPUB_TOTAL})
            totals.append(
                {"iso3": iso3, "year": year, "value": 3.0, "indicator": copub.COPUB_PARTNERS}
            )
    out = pd.concat([pairs, rows(totals, "copub_openalex")], ignore_index=True)
    out.loc[out["indicator"] != copub.COPUB_PAIR, ["partner_iso3", "partner"]] = pd.NA
    return out


def ncses_table() -> pd.DataFrame:
    """Pair counts and indexes (both orders), AI pairs, totals and two AI network rows."""
    recs = []
    matrix = {
        ("RUS", "CHN"): 40,
        ("RUS", "USA"): 60,
        ("RUS", "DEU"): 50,
        ("CHN", "USA"): 500,
        ("CHN", "DEU"): 100,
        ("USA", "DEU"): 300,
    }
    index = {
        ("RUS", "CHN"): 0.7,
        ("RUS", "USA"): 0.9,
        ("RUS", "DEU"): 1.5,
        ("CHN", "USA"): 1.1,
        ("CHN", "DEU"): 0.5,
        ("USA", "DEU"): 0.8,
    }
    for (a, b), v in matrix.items():
        for x, y in ((a, b), (b, a)):
            pair = {"iso3": x, "partner_iso3": y, "year": 2022, "vintage": "SEI 2024"}
            recs.append({**pair, "value": v, "indicator": ncses.NCSES_COUNT})
            recs.append({**pair, "value": index[(a, b)], "indicator": ncses.NCSES_INDEX})
            recs.append({**pair, "value": v / 10, "indicator": ncses.AI_COUNT})
            recs.append({**pair, "value": index[(a, b)], "indicator": ncses.AI_INDEX})
    # An earlier benchmark year of the same edition.
    early = {"iso3": "RUS", "partner_iso3": "CHN", "year": 2003, "vintage": "SEI 2024"}
    recs.append({**early, "value": 4, "indicator": ncses.NCSES_COUNT})
    recs.append({**early, "value": 0.4, "indicator": ncses.NCSES_INDEX})
    for iso3, total in (("RUS", 400), ("CHN", 2000)):
        for year, value in ((2022, total), (2003, total / 4)):
            recs.append(
                {
                    "iso3": iso3,
                    "year": year,
                    "value": value,
                    "indicator": ncses.NCSES_TOTAL,
                    "vintage": "SEI 2024",
                }
            )
    df = rows(recs, "ncses_sei")
    network = rows(
        [
            {
                "iso3": "CHN",
                "year": 2022,
                "value": 900.0,
                "indicator": ncses.AI_NETWORK_STRENGTH,
                "vintage": "SEI 2024",
            },
            {
                "iso3": "USA",
                "year": 2022,
                "value": 1000.0,
                "indicator": ncses.AI_NETWORK_STRENGTH,
                "vintage": "SEI 2024",
            },
        ],
        "ncses_sei",
    ).assign(rank=[2, 1], n_countries=60, edition="SEI 2024")
    network[["partner_iso3", "partner"]] = pd.NA
    df.loc[df["indicator"] == ncses.NCSES_TOTAL, ["partner_iso3", "partner"]] = pd.NA
    return pd.concat([df, network], ignore_index=True)


def cgit_table() -> pd.DataFrame:
    """Chinese deals into RUS, USA and AUS, 2006-10, on every sheet of the tracker."""
    recs = [
        # Investment into RUS: 2006 energy 1000, 2010 technology 500 (no deal in 2008).
        ("chinese_investment_usd_mn", "RUS", 2006, "Energy", 1000),
        ("chinese_investment_usd_mn", "RUS", 2010, "Technology", 500),
        ("chinese_investment_deals", "RUS", 2006, "Energy", 2),
        ("chinese_investment_deals", "RUS", 2010, "Technology", 1),
        ("chinese_investment_usd_mn", "USA", 2006, "Technology", 3000),
        ("chinese_investment_deals", "USA", 2006, "Technology", 3),
        ("chinese_construction_usd_mn", "RUS", 2008, "Energy", 700),
        ("chinese_troubled_transactions_usd_mn", "RUS", 2010, "Metals", 900),
        # The subsector family splits the same money again: never added.
        ("chinese_investment_by_subsector_usd_mn", "RUS", 2006, "Energy: Oil", 1000),
        ("chinese_investment_usd_mn", "AUS", 2006, "Metals", 5000),
    ]
    assert set(cgit.CGIT_MEASURES.values()) <= {r[0] for r in recs}
    df = rows(
        [
            {"indicator": i, "iso3": "CHN", "partner_iso3": p, "year": y, "category": c, "value": v}
            for i, p, y, c, v in recs
        ],
        "cgit",
        "2023-fall",
    )
    df["category"] = [r[3] for r in recs]
    return df


def trade_table() -> pd.DataFrame:
    """BACI flows both ways between China and Russia in 2017 and 2023, and one Comtrade row."""
    recs = []
    for year, scale in ((2017, 1.0), (2023, 2.0)):
        recs += [
            {"iso3": "CHN", "partner_iso3": "RUS", "category": "847130", "value": 4e6 * scale},
            {"iso3": "CHN", "partner_iso3": "RUS", "category": "870323", "value": 6e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "270900", "value": 9e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "030389", "value": 0.5e6 * scale},
            {"iso3": "RUS", "partner_iso3": "CHN", "category": "901890", "value": 0.5e6 * scale},
        ]
        for r in recs[-5:]:
            r["year"] = year
    baci = rows(recs, "trade_cn_ru", "BACI").assign(indicator=trade.BACI_VALUE)
    baci["category"] = [r["category"] for r in recs]
    comtrade = rows(
        [
            {
                "iso3": "CHN",
                "partner_iso3": "RUS",
                "year": 2023,
                "value": 19.9e9,
                "category": "TOTAL",
            }
        ],
        "trade_cn_ru",
        "Comtrade",
    )
    comtrade = comtrade.assign(indicator=trade.COMTRADE_IMPORTS, category="TOTAL")
    return pd.concat([baci, comtrade], ignore_index=True)


def fdi_table() -> pd.DataFrame:
    """Total inflows of Russia (negative in 2022) and China, US$ million."""
    recs = [
        {"iso3": i, "year": y, "value": v, "indicator": fdi.FDI_INFLOWS}
        for i, y, v in [
            ("RUS", 2021, 38000.0),
            ("RUS", 2022, -15200.0),
            ("CHN", 2021, 181000.0),
            ("CHN", 2022, 189000.0),
        ]
    ]
    df = rows(recs, "unctad_wir_fdi")
    df[["partner_iso3", "partner", "category"]] = pd.NA
    return df
