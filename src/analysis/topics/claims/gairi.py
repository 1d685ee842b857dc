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

from dataclasses import dataclass

import pandas as pd

CHECK_COUNTRY = "GEO"
"""The country whose published 2025 figures are compared with the data (Georgia)."""

PUBLISHED_RANK: tuple[int, int] = (84, 195)
"""Oxford Insights' published 2025 rank of Georgia, and the number of countries ranked."""

PANEL_RANK = 87
"""Georgia's 2025 rank in ``gairi_global_rankings_2019_2025.csv`` (not used by the reader)."""

PUBLISHED_PILLARS: dict[str, float] = {
    "policy_capacity": 19.00,
    "ai_infrastructure": 48.01,
    "governance": 74.17,
    "public_sector_adoption": 47.44,
    "development_diffusion": 29.19,
    "resilience": 36.55,
}
"""Oxford Insights' published 2025 pillar scores of Georgia."""


@dataclass(frozen=True)
class Check:
    """The processed GAIRI 2025 rows of the check country against the published figures.

    Attributes:
        rank: Rank on the CSV-derived ``gairi_pillar_mean_score`` row (None if missing).
        n_countries: Its N.
        pillars: Pillar (category) -> score.
        matches: Rank, N and every pillar equal the published figures (pillars to 0.005).
        panel_ranks: Ranks on the panel's ``gairi_score`` 2025 rows (must be empty).
    """

    rank: int | None
    n_countries: int | None
    pillars: dict[str, float]
    matches: bool
    panel_ranks: list[int]


def check_2025(table: pd.DataFrame) -> Check:
    """Compare the processed GAIRI 2025 rows of :data:`CHECK_COUNTRY` with the publication.

    Args:
        table: ``ai_rankings`` rows (any countries and editions; the check country's 2025 rows
            are used).
    """
    rows = table[(table["iso3"] == CHECK_COUNTRY) & (table["edition"].astype(str) == "2025")]
    mean = rows[rows["indicator"] == "gairi_pillar_mean_score"]
    found = rows[rows["indicator"] == "gairi_pillar_score"].set_index("category")["value"]
    pillars = {str(k): float(v) for k, v in found.items()}
    rank = int(mean["rank"].iloc[0]) if not mean.empty and mean["rank"].notna().all() else None
    n = int(mean["n_countries"].iloc[0]) if not mean.empty else None
    same = all(abs(pillars.get(k, float("nan")) - v) < 0.005 for k, v in PUBLISHED_PILLARS.items())
    panel = rows[(rows["indicator"] == "gairi_score") & rows["rank"].notna()]
    return Check(
        rank=rank,
        n_countries=n,
        pillars=pillars,
        matches=(rank, n) == PUBLISHED_RANK and same,
        panel_ranks=[int(r) for r in panel["rank"]],
    )


def check_sentence(table: pd.DataFrame) -> str:
    """Say which GAIRI 2025 ranks are used and whether the data still match the publication.

    Args:
        table: The ``ai_rankings`` rows of :data:`CHECK_COUNTRY` (:func:`.load.gairi_rows`).
    """
    got = check_2025(table)
    if got.rank is None:
        return "GAIRI 2025: no official 2025 rank in the data for the check country (Georgia)."
    verdict = (
        "exactly Oxford Insights' own 2025 publication"
        if got.matches
        else f"NOT what Oxford Insights published ({PUBLISHED_RANK[0]}th of {PUBLISHED_RANK[1]} "
        "and the six pillar scores): check ai_readiness_index.csv"
    )
    used = (
        "the panel's 2025 ranks are used nowhere"
        if not got.panel_ranks
        else f"but the panel's 2025 rows carry ranks {got.panel_ranks}: drop them in the reader"
    )
    pillars = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in got.pillars.items())
    return (
        f"GAIRI 2025 ranks come from ai_readiness_index.csv: Georgia {got.rank}th of "
        f"{got.n_countries} ({pillars}), {verdict}; the workbook panel gives Georgia "
        f"{PANEL_RANK}th, so {used}."
    )
