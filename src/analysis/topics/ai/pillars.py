"""The Tortoise Global AI Index pillar profile: where each country is strong or weak."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data import countries as names
from analysis.topics import compare

# --- rankings -----------------------------------------------------------------------------------


PILLAR_INDICATOR = "gai_pillar_score"


PILLAR_EDITION = "2021"


TOTAL_INDICATOR = "gai_score"


def pillar_profile_from(table: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the Tortoise 2021 pillar scores of the countries the profile compares.

    The profile compares the focus country with its partner and a benchmark: the third country
    of the list if it is the index's top country (total score = the maximum, the country the
    index scales to 100), otherwise every remaining country of the list.

    Args:
        table: Tidy ``ai_rankings`` rows of :data:`PILLAR_INDICATOR` and
            :data:`TOTAL_INDICATOR` (other indicators and editions are ignored).
        countries: ISO3 codes, focus first.

    Returns:
        Tidy rows (iso3, country, category = pillar, value, source, vintage, ...) of the compared
        countries that the edition covers, with ``role``: focus, partner, benchmark or comparator.
    """
    table = table[table["edition"] == PILLAR_EDITION]
    chosen = profile_countries(countries, table[table["indicator"] == TOTAL_INDICATOR])
    rows = table[(table["indicator"] == PILLAR_INDICATOR) & table["iso3"].isin(chosen)].copy()
    benchmark = len(chosen) == 3 and len(countries) > 3
    roles = dict.fromkeys(chosen[2:], "comparator")
    roles |= {countries[0]: "focus", countries[1]: "partner"}
    if benchmark:
        roles[chosen[2]] = "benchmark"
    rows["role"] = rows["iso3"].map(roles)
    return rows.reset_index(drop=True)


def profile_countries(countries: Sequence[str], totals: pd.DataFrame) -> list[str]:
    """Return the countries to profile: focus, partner and the benchmark or the rest of the list.

    Args:
        countries: ISO3 codes, focus first.
        totals: Tidy total-score rows of the edition (to find its top country).
    """
    countries = list(countries)
    if len(countries) > 2 and not totals.empty:
        top = totals.loc[totals["value"].idxmax(), "iso3"]
        if countries[2] == top:
            return countries[:3]
    return countries


def pillar_wide(profile: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return pillar x country scores (countries in list order, those without data dropped).

    Pillars are labelled in words ("operating environment") and ordered by the focus country's
    gap to the partner, largest deficit first.
    """
    if profile.empty:
        return pd.DataFrame()
    wide = profile.pivot(index="category", columns="iso3", values="value")
    wide = wide.reindex(columns=[c for c in countries if c in wide.columns])
    focus, partner = compare.focus_partner(countries)
    if focus in wide.columns and partner in wide.columns:
        wide = wide.loc[(wide[focus] - wide[partner]).sort_values().index]
    wide.index = [str(i).replace("_", " ") for i in wide.index]
    return wide


def pillar_note(profile: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say which countries the pillar profile compares, and which of them the edition lacks."""
    roles = dict(zip(profile["iso3"], profile["role"], strict=False)) if not profile.empty else {}
    shown = [c for c in countries if c in roles]
    text = (
        f"Tortoise {PILLAR_EDITION} pillars (relative scores, top country = 100) for "
        + (", ".join(names.name(c) for c in shown) or "none of the countries")
        + "."
    )
    bench = [c for c, r in roles.items() if r == "benchmark"]
    if bench:
        text += (
            f" {names.name(bench[0])}, third in the list, is the index's top country, so it is the "
            f"benchmark and the other comparators are left out."
        )
    elif len(countries) > 2:
        text += (
            f" The third country of the list, {names.name(countries[2])}, is not the index's top "
            f"country, so every comparator of the list is shown."
        )
    missing = [c for c in countries if c not in roles and (not bench or c in countries[:2])]
    if missing:
        lacking = ", ".join(names.name(c) for c in missing)
        text += f" Not covered by the {PILLAR_EDITION} edition: {lacking}."
    return text


def pillar_headline(wide: pd.DataFrame, focus: str, partner: str) -> str:
    """Count the pillars where the focus country scores below its partner; name the widest gap."""
    if wide.empty or focus not in wide.columns or partner not in wide.columns:
        return (
            f"Tortoise {PILLAR_EDITION} pillars: no scores for both {names.name(focus)} "
            f"and {names.name(partner)}"
        )
    gap = (wide[focus] - wide[partner]).dropna()
    below = int((gap < 0).sum())
    widest = gap.abs().idxmax()
    return (
        f"{names.name(focus)} scores below {names.name(partner)} on {below} of {len(gap)} Tortoise "
        f"{PILLAR_EDITION} pillars; widest gap: {widest} ({gap[widest]:+.0f} points)"
    )


# --- AI output ----------------------------------------------------------------------------------
