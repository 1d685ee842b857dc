"""AI index editions: each country's rank with its N and percentile, bands and method changes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data import countries as names
from analysis.data.sources import registry
from analysis.topics import compare

# --- rankings -----------------------------------------------------------------------------------


RANK_INDICATORS: dict[str, str] = {
    "gairi_score": "oxford_gairi",
    "gairi_pillar_mean_score": "oxford_gairi",  # carries the official 2025 rank only
    "gai_score": "tortoise_gai",
    "aipi_score": "imf_aipi",
}
"""Indicators whose rows carry each edition's rank, and the index they belong to."""


INDEX_ORDER: tuple[str, ...] = ("oxford_gairi", "tortoise_gai", "imf_aipi")
"""Order of the indices in tables and charts."""


TOP_BANDS: tuple[int, ...] = (20, 60)
"""The rank thresholds the findings test (top 20, top 60)."""


RANK_NOTES: dict[str, str] = {
    "gairi_pillar_mean_score": (
        "rank from ai_readiness_index.csv, which the mirror names as Oxford's official 2025 rank; "
        "it disagrees with the ranks of Oxford's 2025 workbook for most countries"
    ),
}
"""Caveats attached to the ranks of an indicator, repeated wherever that rank is reported."""


METHOD_PASSAGES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "oxford_gairi": (("COUNTRIES RANKED", "YEAR:"), ("2025 RANK CONFLICT", "The value of")),
    "tortoise_gai": (("Scores are relative", "The reader computes"), ("Method changes", "year =")),
    "imf_aipi": (("The AIPI has a single edition", None),),
}
"""Passages of each source's registry notes that describe method and coverage changes:
(first words, words that end the passage or None for the end of the notes)."""


def _index_label(source_id: str) -> str:
    reg = registry()
    return reg[source_id].short if source_id in reg else source_id


def positions_from(table: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the position of every country in every ranked edition of every AI index.

    One row per (index, edition, country) for every edition in the data, including editions in
    which a country is not ranked (rank and percentile missing), so gaps are visible.

    Args:
        table: Tidy ``ai_rankings`` rows (source, edition, year, indicator, iso3, rank,
            n_countries, vintage); rows without a rank are ignored, and so are indicators not
            in :data:`RANK_INDICATORS`.
        countries: ISO3 codes (focus, partner, comparators).

    Returns:
        Columns source, index (short name), edition, year (publication), label ("<index>
        <edition>"), iso3, country, rank, n_countries, below (countries ranked strictly
        below), percentile (see the module docstring), tied (the rank is shared), indicator,
        vintage. Ordered by index, edition, then ``countries``.

    Raises:
        ValueError: if an edition carries two ranks for one country (two files claiming the
            same edition's rank).
    """
    table = table[table["indicator"].isin(list(RANK_INDICATORS))]
    ranked = table[table["rank"].notna()].copy()
    columns = [
        "source",
        "index",
        "edition",
        "year",
        "label",
        "iso3",
        "country",
        "rank",
        "n_countries",
        "below",
        "percentile",
        "tied",
        "indicator",
        "vintage",
    ]
    if ranked.empty:
        return pd.DataFrame(columns=columns)
    dup = ranked.duplicated(subset=["source", "edition", "iso3"])
    if dup.any():
        row = ranked.loc[dup].iloc[0]
        raise ValueError(
            f"{row['source']} edition {row['edition']} ranks {row['iso3']} twice; "
            "keep one rank series per edition"
        )
    ranked["rank"] = ranked["rank"].astype(int)
    keys = ["source", "edition"]
    by_edition = ranked.groupby(keys, dropna=False)["rank"]  # a missing key is a group too
    # countries ranked strictly below = ranked countries - those ranked at or above (ties too)
    ranked["below"] = (
        by_edition.transform("size") - by_edition.rank(method="max").astype(int)
    ).astype(int)
    ranked["tied"] = ranked.groupby(keys + ["rank"])["iso3"].transform("size") > 1
    n = ranked["n_countries"].astype(float)
    ranked["percentile"] = (100 * ranked["below"] / (n - 1).where(n > 1)).astype(float)
    editions = ranked.groupby(keys, as_index=False).agg(
        year=("year", "max"),
        n_countries=("n_countries", "max"),
        indicator=("indicator", "first"),
        vintage=("vintage", "first"),
    )
    grid = editions.merge(pd.DataFrame({"iso3": list(countries)}), how="cross")
    cols = keys + ["iso3", "rank", "below", "percentile", "tied"]
    out = grid.merge(ranked[cols], on=keys + ["iso3"], how="left")
    out["country"] = out["iso3"].map(names.name)
    out["index"] = out["source"].map(_index_label)
    out["label"] = out["index"] + " " + out["edition"].astype(str)
    order = {s: i for i, s in enumerate(INDEX_ORDER)}
    out["_i"] = out["source"].map(lambda s: order.get(s, len(order)))
    out["_c"] = out["iso3"].map({c: i for i, c in enumerate(countries)})
    out = out.sort_values(["_i", "edition", "_c"]).drop(columns=["_i", "_c"])
    out["rank"] = out["rank"].astype("Int64")
    out["below"] = out["below"].astype("Int64")
    out["tied"] = out["tied"].astype("boolean")
    return out[columns].reset_index(drop=True)


def band(rank: float | None) -> str:
    """Say which of the :data:`TOP_BANDS` a rank falls in: "top 20", "top 60" or "neither"."""
    if rank is None or pd.isna(rank):
        return "not ranked"
    for size in TOP_BANDS:
        if rank <= size:
            return f"top {size}"
    return "neither"


def _position(row: pd.Series) -> str:
    if pd.isna(row["rank"]):
        return "not ranked"
    tie = "=" if bool(row["tied"]) else ""
    return f"{tie}{int(row['rank'])}/{int(row['n_countries'])} ({row['percentile']:.0f})"


def position_table(pos: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return a display table: one row per edition, one column per country, "rank/N (percentile)".

    A leading "=" marks a shared rank; "not ranked" a country absent from that edition.
    """
    if pos.empty:
        return pd.DataFrame(columns=[names.name(c) for c in countries])
    pos = pos.assign(cell=pos.apply(_position, axis=1))
    pos["edition_label"] = pos["label"] + " (published " + pos["year"].astype(str) + ")"
    table = pos.pivot(index="edition_label", columns="iso3", values="cell")
    table = table.reindex(index=list(dict.fromkeys(pos["edition_label"])), columns=list(countries))
    table.columns = [names.name(c) for c in table.columns]
    table.index.name = "edition: rank/N (percentile)"
    return table


def ranking_sentence(pos: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say where the focus country ranks in each edition: top 20, top 60 or neither.

    Each line gives rank/N and percentile (and the partner's, for comparison); a last line
    counts the editions in each band.
    """
    focus, partner = compare.focus_partner(countries)
    if pos.empty:
        return "No AI index edition in the data."
    lines = []
    counts = {f"top {s}": 0 for s in TOP_BANDS}
    ranked = 0
    for label, group in pos.groupby("label", sort=False):
        row = group[group["iso3"] == focus].iloc[0]
        other = group[group["iso3"] == partner].iloc[0]
        n = int(row["n_countries"])
        partner_text = (
            f"{names.name(partner)} {int(other['rank'])}/{n}"
            if pd.notna(other["rank"])
            else f"{names.name(partner)} not ranked"
        )
        if pd.isna(row["rank"]):
            lines.append(
                f"- {label}: {names.name(focus)} is not ranked (the edition ranks {n} countries; "
                f"{partner_text})."
            )
            continue
        ranked += 1
        where = band(row["rank"])
        for size in TOP_BANDS:
            if row["rank"] <= size:
                counts[f"top {size}"] += 1
        verdict = {"neither": f"neither top {TOP_BANDS[0]} nor top {TOP_BANDS[-1]}"}.get(
            where,
            f"in the {where}"
            + (f" (not the top {TOP_BANDS[0]})" if where != f"top {TOP_BANDS[0]}" else ""),
        )
        tie = " (shared)" if bool(row["tied"]) else ""
        top = next((s for s in TOP_BANDS if where == f"top {s}"), None)
        if top is not None and top >= n:
            verdict += f" (the edition ranks only {n})"
        elif top is not None and n - top < 0.1 * n:
            verdict += f" (of only {n} ranked, so the top {top} leaves out {n - top})"
        note = f" [{RANK_NOTES[row['indicator']]}]" if row["indicator"] in RANK_NOTES else ""
        lines.append(
            f"- {label}: {names.name(focus)} {int(row['rank'])}/{n}{tie}, "
            f"percentile {row['percentile']:.1f} "
            f"— {verdict}; {partner_text}.{note}"
        )
    total = pos["label"].nunique()
    summary = "; ".join(f"{counts[k]} of {total} in the {k}" for k in counts)
    lines.append(f"{names.name(focus)} is ranked in {ranked} of {total} editions: {summary}.")
    return "\n".join(lines)


def bump_headline(pos: pd.DataFrame, countries: Sequence[str]) -> str:
    """Summarise the focus country's percentile range and how often the partner ranks above it."""
    focus, partner = compare.focus_partner(countries)
    mine = pos[pos["iso3"] == focus].dropna(subset=["percentile"])
    if mine.empty:
        return f"{names.name(focus)} is not ranked in any AI index edition in the data"
    both = mine.merge(
        pos[pos["iso3"] == partner][["label", "rank"]], on="label", suffixes=("", "_p")
    )
    both = both.dropna(subset=["rank_p"])
    ahead = int((both["rank_p"] < both["rank"]).sum())
    low, high = mine["percentile"].min(), mine["percentile"].max()
    return (
        f"{names.name(focus)}: percentile {low:.0f}-{high:.0f} across {len(mine)} ranked editions; "
        f"{names.name(partner)} ranks above it in {ahead} of {len(both)}"
    )


def _passage(notes: str, start: str, end: str | None) -> str:
    i = notes.find(start)
    if i < 0:
        return ""
    j = notes.find(end, i + len(start)) if end else -1
    return " ".join(notes[i : j if j > 0 else None].split())


def method_changes(pos: pd.DataFrame) -> str:
    """Return the method and coverage changes that make ranks not strictly comparable.

    For each index: the number of countries ranked per edition, computed from the data, then the
    passages of the source's registry notes on method breaks (see :data:`METHOD_PASSAGES`; the
    whole notes if a passage is not found).
    """
    reg = registry()
    blocks = []
    for source_id in [s for s in INDEX_ORDER if s in set(pos["source"])]:
        eds = pos[pos["source"] == source_id].drop_duplicates("edition")
        counts = ", ".join(
            f"{e} {int(n)}" for e, n in zip(eds["edition"], eds["n_countries"], strict=True)
        )
        passages = [
            _passage(reg[source_id].notes, a, b) for a, b in METHOD_PASSAGES.get(source_id, ())
        ]
        text = " […] ".join(p for p in passages if p) or " ".join(reg[source_id].notes.split())
        blocks.append(
            f"{reg[source_id].short} — countries ranked per edition in the data: {counts}.\n"
            f"Registry notes: {text}"
        )
    blocks.append(
        "The three indices measure different things (government readiness, AI capacity, "
        "economy-wide "
        "preparedness) with different country sets; their ranks are not comparable with each other."
    )
    return "\n\n".join(blocks)


# --- pillars ------------------------------------------------------------------------------------


def rank_rows(table: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return every edition's official (or computed) rank of each country, with its denominator.

    Args:
        table: Rows of the ``ai_rankings`` dataset.
        countries: ISO3 codes to keep.

    Returns:
        Columns index (full title, :data:`RANK_INDEX_TITLES`), edition, iso3, rank,
        n_countries, source, vintage; only rows with a rank, sorted by index, edition, iso3.
    """
    keep = table["iso3"].isin(list(countries)) & table["indicator"].isin(list(RANK_INDEX_TITLES))
    table = table[keep & table["rank"].notna()].copy()
    table["index"] = table["indicator"].map(RANK_INDEX_TITLES)
    return table[
        ["index", "edition", "iso3", "rank", "n_countries", "source", "vintage"]
    ].sort_values(["index", "edition", "iso3"])


RANK_INDEX_TITLES: dict[str, str] = {
    "gai_score": "Tortoise Global AI Index",
    "gairi_score": "Oxford Insights Government AI Readiness Index",
    "gairi_pillar_mean_score": "Oxford Insights Government AI Readiness Index",
    "aipi_score": "IMF AI Preparedness Index",
}
"""Indicator carrying an edition's rank -> the index's full title, as the claims name it."""
