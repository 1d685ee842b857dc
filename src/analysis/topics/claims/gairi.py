"""Which GAIRI 2025 ranks the claims use, and the evidence for that choice.

Two files carry Oxford Insights' 2025 Government AI Readiness Index: ``ai_readiness_index.csv``
(rank and the six pillar scores) and the 2019-2025 panel compiled from Oxford's workbooks
(``gairi_global_rankings_2019_2025.csv``). Their 2025 ranks disagree for most countries. Oxford
Insights' own 2025 publication ranks Georgia 84th of 195 with pillar scores Policy capacity
19.00, AI infrastructure 48.01, Governance 74.17, Public sector adoption 47.44, Development &
diffusion 29.19 and Resilience 36.55: exactly the row of ``ai_readiness_index.csv``, while the
panel gives Georgia 87th. So the CSV's rank is the official 2025 rank; the reader keeps it
(``gairi_pillar_mean_score``, edition 2025) and drops the panel's 2025 ranks (its
``gairi_score`` 2025 rows carry the total score, no rank). :func:`check_sentence` compares the
processed rows with the published figures, so a change of either file shows.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.processed import load

PUBLISHED_2025: dict[str, object] = {
    "iso3": "GEO",
    "rank": 84,
    "n_countries": 195,
    "panel_rank": 87,
    "pillars": {
        "policy_capacity": 19.00,
        "ai_infrastructure": 48.01,
        "governance": 74.17,
        "public_sector_adoption": 47.44,
        "development_diffusion": 29.19,
        "resilience": 36.55,
    },
}
"""Oxford Insights' published 2025 figures for Georgia (the check country), and the panel's
2025 rank for Georgia (``gairi_global_rankings_2019_2025.csv``, which the reader does not use)."""


def check_2025(table: pd.DataFrame) -> dict[str, object]:
    """Compare the processed GAIRI 2025 rows of the check country with the published figures.

    Args:
        table: ``ai_rankings`` rows of edition 2025 (any countries; the check country's are used).

    Returns:
        rank, n_countries (of the CSV-derived ``gairi_pillar_mean_score`` row), pillars
        (category -> score), matches (rank, N and every pillar equal to the published figures
        to 0.005) and panel_ranks (ranks on the panel's ``gairi_score`` 2025 rows: must be
        empty).
    """
    published = PUBLISHED_2025
    rows = table[(table["iso3"] == published["iso3"]) & (table["edition"].astype(str) == "2025")]
    mean = rows[rows["indicator"] == "gairi_pillar_mean_score"]
    pillars = rows[rows["indicator"] == "gairi_pillar_score"].set_index("category")["value"]
    rank = int(mean["rank"].iloc[0]) if not mean.empty and mean["rank"].notna().all() else None
    n = int(mean["n_countries"].iloc[0]) if not mean.empty else None
    want = published["pillars"]
    assert isinstance(want, dict)
    same_pillars = all(
        name in pillars.index and abs(float(pillars[name]) - score) < 0.005
        for name, score in want.items()
    )
    panel = rows[(rows["indicator"] == "gairi_score") & rows["rank"].notna()]
    return {
        "rank": rank,
        "n_countries": n,
        "pillars": {str(k): float(v) for k, v in pillars.items()},
        "matches": rank == published["rank"]
        and n == published["n_countries"]
        and same_pillars,
        "panel_ranks": [int(r) for r in panel["rank"]],
    }


def check_sentence(table: pd.DataFrame | None = None) -> str:
    """Say which GAIRI 2025 ranks are used and whether the data still match the publication."""
    if table is None:
        table = load("ai_rankings", [str(PUBLISHED_2025["iso3"])])
    got = check_2025(table)
    published = PUBLISHED_2025
    if got["rank"] is None:
        return "GAIRI 2025: no official 2025 rank in the data for the check country (Georgia)."
    verdict = (
        "exactly Oxford Insights' own 2025 publication"
        if got["matches"]
        else "NOT what Oxford Insights published (84th of 195 and the six pillar scores): check "
        "ai_readiness_index.csv"
    )
    used = (
        "the panel's 2025 ranks are used nowhere"
        if not got["panel_ranks"]
        else f"but the panel's 2025 rows carry ranks {got['panel_ranks']}: drop them in the reader"
    )
    pillars = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in got["pillars"].items())
    return (
        f"GAIRI 2025 ranks come from ai_readiness_index.csv: Georgia {got['rank']}th of "
        f"{got['n_countries']} ({pillars}), {verdict}; the workbook panel gives Georgia "
        f"{published['panel_rank']}th, so {used}."
    )
