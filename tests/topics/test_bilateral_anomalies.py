"""Implausible partner series are flagged and kept; the source sentence computes its numbers."""

from __future__ import annotations

import pandas as pd

from analysis.topics.bilateral import anomalies


def _pairs() -> pd.DataFrame:
    # Germany grows steadily; Tajikistan jumps from ~200 to 2,000 works in 2019, while its
    # researchers publish ~100 journal articles a year; Armenia is small but within its output.
    works = {
        "DEU": {y: 4000 + 100 * (y - 2010) for y in range(2010, 2024)},
        "TJK": {y: (200 if y < 2019 else 2000) for y in range(2010, 2024)},
        "ARM": dict.fromkeys(range(2010, 2024), 600),
    }
    return pd.DataFrame(
        [{"iso3": "RUS", "partner_iso3": p, "year": y, "value": float(v)}
         for p, s in works.items() for y, v in s.items()]
    )  # fmt: skip


def _articles() -> pd.DataFrame:
    rows = [("DEU", 100000.0), ("TJK", 100.0), ("ARM", 600.0)]
    return pd.DataFrame(
        [{"iso3": c, "year": y, "value": v} for c, v in rows for y in range(2010, 2024)]
    )


def test_a_partner_beyond_its_own_output_is_flagged_and_named() -> None:
    found = anomalies.partner_outliers_from(_pairs(), _articles(), "RUS")
    assert anomalies.flagged(found) == {"TJK"}
    first = found[found["partner_iso3"] == "TJK"].sort_values("year").iloc[0]
    assert first["year"] == 2019  # below MIN_WORKS before
    assert first["jump"] == 10.0 and first["capacity"] == 20.0
    assert "10.0× its median of the 5 years before and 20× Tajikistan's own" in first["reason"]
    assert anomalies.mark(["DEU", "TJK"], found) == ["Germany", "Tajikistan (flagged)"]
    text = anomalies.outlier_sentence(found, _pairs(), "RUS", [2022])
    assert "Tajikistan is Russia's #2 partner in 2022 with 2,000 works" in text
    assert "kept, not dropped" in text


def test_the_source_sentence_says_which_source_and_computes_the_drop() -> None:
    check = {"year": 2023, "previous": 2022, "pair": -3.6, "focus": -11.6, "partner": 2.0,
             "world": 4.2}  # fmt: skip
    text = anomalies.source_sentence(check, _pairs(), ["RUS", "CHN"])
    assert text.startswith("- Source: OpenAlex")
    assert "largest partners in 2023 are Germany (5,300), Tajikistan (2,000)" in text
    assert "Dimensions" in text and "China overtook both Germany and the US" in text
    assert "changed -11.6% while all countries' changed +4.2%" in text
    assert "part of Russia's drop is probably real" in text
    same = anomalies.source_sentence({**check, "focus": 3.0}, _pairs(), ["IND", "BRA"])
    assert "Dimensions" not in same and "moved with the world" in same
