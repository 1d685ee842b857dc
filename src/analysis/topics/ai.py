"""AI rankings and AI output: where each country stands in every index edition, and its output.

Rankings (dataset ``ai_rankings``): Oxford Insights' Government AI Readiness Index (editions
2019-2025), Tortoise Media's Global AI Index (2021, 2023) and the IMF's AI Preparedness Index
(2023). A rank is always reported with the number of countries ranked in that edition (N) and a
percentile:

    percentile = 100 × (number of countries ranked strictly below) / (N − 1)

that is, the share of the *other* ranked countries that the country beats: 100 = first, 0 =
last, ties share the same value. The number ranked below is counted from the full ranking of
the edition, so ties are handled exactly.

The Oxford 2025 rank is read from ``gairi_pillar_mean_score`` (whose *score* is a compiler's
mean of the six pillars, not Oxford's total, and is never used here); the panel's 2025
``gairi_score`` rows carry Oxford's total but no rank (see the ``oxford_gairi`` registry notes).

AI output (datasets ``owid``, ``ncses``, ``oecdai``): annual series (publications, patent
applications, private investment, Scopus AI articles) and two cross-sections that have no year
dimension worth the name (NCSES granted AI patents, a 2000-22 total; OECD.AI top-cited AI papers,
one unstated year, 2022 assumed).

Loading is kept out of computing: :func:`positions`, :func:`pillar_profile` and :func:`output`
read the processed datasets and hand the rows to :func:`positions_from`,
:func:`pillar_profile_from` and :func:`output_from`; every other function computes from the
tables it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data import countries as names
from analysis.data.processed import load
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


def positions(countries: Sequence[str]) -> pd.DataFrame:
    """Load the ranked AI-index rows and return :func:`positions_from` them for ``countries``."""
    return positions_from(load("ai_rankings", indicators=list(RANK_INDICATORS)), countries)


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
    ranked["below"] = ranked.groupby(keys)["rank"].transform(
        lambda r: r.map(lambda x: int((r > x).sum()))
    )
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
    focus, partner = countries[0], countries[1]
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
    focus, partner = countries[0], countries[1]
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

PILLAR_INDICATOR = "gai_pillar_score"
PILLAR_EDITION = "2021"
TOTAL_INDICATOR = "gai_score"


def pillar_profile(countries: Sequence[str]) -> pd.DataFrame:
    """Load the Tortoise pillar and total scores; return :func:`pillar_profile_from` them."""
    table = load("ai_rankings", indicators=[PILLAR_INDICATOR, TOTAL_INDICATOR])
    return pillar_profile_from(table, countries)


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
    focus, partner = countries[0], countries[1]
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

OUTPUT_SERIES: dict[str, tuple[str, str, str]] = {
    "ai_publications": ("owid", "AI publications (CSET, whole count)", "annual"),
    "ai_publications_per_million": (
        "owid",
        "AI publications per million people (older CSET release)",
        "annual",
    ),
    "ai_articles": ("ncses", "AI articles in Scopus (NCSES, whole count)", "annual"),
    "ai_patent_applications_by_office": (
        "owid",
        "AI patent applications (by filing office)",
        "annual",
    ),
    "ai_patent_applications_by_office_per_million": (
        "owid",
        "AI patent applications per million people (by filing office)",
        "annual",
    ),
    "ai_private_investment_usd": ("owid", "Private AI investment (constant 2021 US$)", "annual"),
    "ai_patents_granted_2000_22": (
        "ncses",
        "Granted AI patent families, 2000-22 total (NCSES)",
        "period",
    ),
    "ai_publications_top10pct_cited": (
        "oecdai",
        "Top-10%-cited AI publications (OECD.AI, one year, c. 2022)",
        "period",
    ),
}
"""Indicator -> (dataset, label, "annual" series or "period" cross-section)."""

PANEL_TITLES: dict[str, str] = {
    "ai_publications": "AI publications\n(CSET, whole count)",
    "ai_publications_per_million": "AI publications per million\npeople (older CSET release)",
    "ai_articles": "AI articles in Scopus\n(NCSES, whole count)",
    "ai_patent_applications_by_office": "AI patent applications\n(by filing office)",
    "ai_patent_applications_by_office_per_million": (
        "AI patent applications per\nmillion people (by filing office)"
    ),
    "ai_private_investment_usd": "Private AI investment\n(constant 2021 US$)",
}
"""Two-line panel titles of the annual series (the labels are too long for a third of a page)."""

PUBLICATION_SERIES: tuple[str, ...] = (
    "ai_articles",
    "ai_publications",
    "ai_publications_per_million",
)
"""The publication series the finding follows over time."""


def output(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Load every AI output series for ``countries``; return :func:`output_from` them."""
    frames = []
    for dataset in dict.fromkeys(d for d, _, _ in OUTPUT_SERIES.values()):
        wanted = [i for i, (d, _, _) in OUTPUT_SERIES.items() if d == dataset]
        frames.append(load(dataset, countries, indicators=wanted))
    return output_from(frames, years)


def output_from(frames: Sequence[pd.DataFrame], years: tuple[int, int]) -> pd.DataFrame:
    """Put the AI output series together, annual series limited to ``years``.

    The two cross-sections (a 2000-22 total and a single year) are kept whatever the years,
    since they are not annual.

    Args:
        frames: Tidy rows (indicator, iso3, country, year, value, unit, source, vintage) of the
            :data:`OUTPUT_SERIES` indicators, one frame per dataset (empty frames allowed).
        years: ``(start_year, end_year)`` of the annual series.

    Returns:
        Tidy rows with ``measure`` (the indicator), ``label``, ``kind`` ("annual"/"period"),
        iso3, country, year, value, unit, source, vintage.
    """
    cols = ["iso3", "country", "year", "value", "unit", "source", "vintage"]
    data = (
        pd.concat([f[["indicator", *cols]] for f in frames if not f.empty], ignore_index=True)
        if any(not f.empty for f in frames)
        else pd.DataFrame(columns=["indicator", *cols])
    )
    data["kind"] = data["indicator"].map(lambda i: OUTPUT_SERIES[i][2])
    data["label"] = data["indicator"].map(lambda i: OUTPUT_SERIES[i][1])
    annual = data["kind"] == "annual"
    in_years = data["year"].between(years[0], years[1])
    data = data[~annual | in_years].rename(columns={"indicator": "measure"})
    data["year"] = data["year"].astype(int)
    return data.reset_index(drop=True)


def output_tables(
    data: pd.DataFrame, countries: Sequence[str], kind: str = "annual"
) -> dict[str, pd.DataFrame]:
    """Return ``{label: year x country}`` per series of ``kind``, in :data:`OUTPUT_SERIES` order.

    Series without any row for these countries get an empty table (the chart says "no data").
    """
    out = {}
    for measure, (_, label, k) in OUTPUT_SERIES.items():
        if k == kind:
            out[label] = compare.wide(data[data["measure"] == measure], countries)
    return out


def output_panels(data: pd.DataFrame, countries: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Return the annual series as ``{two-line panel title: year x country}`` for panels."""
    return {
        PANEL_TITLES.get(m, m): compare.wide(data[data["measure"] == m], countries)
        for m, (_, _, kind) in OUTPUT_SERIES.items()
        if kind == "annual"
    }


def cross_section_multiples(data: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the cross-sections as multiples of the focus country.

    One row per measure, one column per country.

    NaN where the focus country or the other country has no value.
    """
    rows = {}
    for label, table in output_tables(data, countries, "period").items():
        latest = table.dropna(how="all")
        values = (
            latest.iloc[-1] if not latest.empty else pd.Series(index=list(countries), dtype=float)
        )
        focus = values.get(countries[0])
        rows[label] = values / focus if focus and pd.notna(focus) else values * float("nan")
    return pd.DataFrame(rows).T.reindex(columns=list(countries)).astype(float)


def cross_section_text(data: pd.DataFrame, countries: Sequence[str]) -> str:
    """List each cross-section's values (behind the multiples), saying where data are missing."""
    from analysis.topics.text import number

    lines = []
    for label, table in output_tables(data, countries, "period").items():
        latest = table.dropna(how="all")
        if latest.empty:
            lines.append(f"- {label}: no data for these countries.")
            continue
        row = latest.iloc[-1]
        parts = [
            f"{names.name(c)} {number(row[c])}" if pd.notna(row.get(c)) else f"{names.name(c)} n/a"
            for c in countries
        ]
        lines.append(f"- {label}: " + ", ".join(parts) + ".")
    return "\n".join(lines)


SHORT_LABELS: dict[str, str] = {
    "ai_publications": "publications (CSET)",
    "ai_publications_per_million": "publications per person",
    "ai_articles": "articles (Scopus)",
    "ai_patent_applications_by_office": "patent applications",
    "ai_patent_applications_by_office_per_million": "patent appl. per person",
    "ai_private_investment_usd": "private investment",
}
"""Short names of the annual series, for line labels."""


MULTIPLE_GROUPS: dict[str, tuple[str, ...]] = {
    "Publications": ("ai_publications", "ai_publications_per_million", "ai_articles"),
    "Patents and private investment": (
        "ai_patent_applications_by_office",
        "ai_patent_applications_by_office_per_million",
        "ai_private_investment_usd",
    ),
}
"""How the partner/focus multiples are grouped into panels."""


def partner_multiples(data: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return partner ÷ focus for every annual series, side by side (year x short series name)."""
    focus, partner = countries[0], countries[1]
    columns = {}
    for measure, (_, _, kind) in OUTPUT_SERIES.items():
        if kind == "annual":
            table = compare.wide(data[data["measure"] == measure], countries)
            columns[SHORT_LABELS.get(measure, measure)] = compare.multiples(table, focus).get(
                partner
            )
    return compare.wide_columns(columns)


def multiple_panels(multiples: pd.DataFrame, countries: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Split :func:`partner_multiples` into the :data:`MULTIPLE_GROUPS` panels."""
    ratio = f"{names.name(countries[1])} ÷ {names.name(countries[0])}"
    out = {}
    for group, measures in MULTIPLE_GROUPS.items():
        cols = [SHORT_LABELS[m] for m in measures if SHORT_LABELS[m] in multiples.columns]
        out[f"{group}: {ratio}"] = multiples[cols].dropna(how="all")
    return out


def publication_headline(data: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return the latest AI-publication multiple as a chart title (CSET whole counts)."""
    from analysis.topics.text import multiple_headline

    table = compare.wide(data[data["measure"] == "ai_publications"], countries)
    return multiple_headline(table, countries[0], countries[1], "AI publications")


def multiples_headline(multiples: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say between which values the latest partner/focus multiples lie, across series."""
    from analysis.topics.text import times

    focus, partner = names.name(countries[0]), names.name(countries[1])
    latest = {c: s.dropna() for c, s in multiples.items() if not s.dropna().empty}
    if not latest:
        return f"{partner} ÷ {focus}: no year with data for both"
    last = {c: (int(s.index[-1]), float(s.iloc[-1])) for c, s in latest.items()}
    lo = min(last.items(), key=lambda kv: kv[1][1])
    hi = max(last.items(), key=lambda kv: kv[1][1])
    return (
        f"{partner} ÷ {focus}, latest years: {times(lo[1][1])} ({lo[0]}, {lo[1][0]}) "
        f"to {times(hi[1][1])} ({hi[0]}, {hi[1][0]})"
    )


def cross_section_headline(multiples: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say how many times the focus country's value the partner has in each cross-section."""
    from analysis.topics.text import times

    focus, partner = countries[0], countries[1]
    if partner not in multiples.columns or multiples[partner].dropna().empty:
        return (
            f"AI patents and top-cited papers: no values for both {names.name(partner)} "
            f"and {names.name(focus)}"
        )
    parts = [
        f"{times(v)} in {label[0].lower() + label[1:].split(' (')[0].split(',')[0]}"
        for label, v in multiples[partner].dropna().items()
    ]
    return f"{names.name(partner)} ÷ {names.name(focus)}: " + "; ".join(parts)


def publication_sentence(
    data: pd.DataFrame, countries: Sequence[str], start_year: int, reference_year: int
) -> str:
    """Say how the partner/focus multiple of AI publications changed since ``start_year``.

    For each series in :data:`PUBLICATION_SERIES`: the multiple in its first year from
    ``start_year`` (saying when the series starts later), in the reference year, and in its last
    year, and whether it rose or fell.
    """
    from analysis.topics.text import times

    focus, partner = countries[0], countries[1]
    lines = []
    for measure in PUBLICATION_SERIES:
        label = OUTPUT_SERIES[measure][1]
        table = compare.wide(data[data["measure"] == measure], countries)
        mult = compare.multiples(table, focus).get(partner, pd.Series(dtype=float))
        mult = mult[mult.index >= start_year].dropna()
        if mult.empty:
            lines.append(
                f"- {label}: no year from {start_year} with data for both "
                f"{names.name(partner)} and {names.name(focus)}."
            )
            continue
        first, last = int(mult.index[0]), int(mult.index[-1])
        late = "" if first == start_year else f" (no data for both before {first})"
        ref = (
            f", {times(mult[reference_year])} in {reference_year}"
            if reference_year in mult.index and reference_year not in (first, last)
            else ""
        )
        if first == last:
            lines.append(
                f"- {label}: {names.name(partner)} ÷ {names.name(focus)} = {times(mult[first])} "
                f"in {first}{late}, the only year with data for both."
            )
            continue
        ratio = mult[last] / mult[first]
        trend = (
            f"grew {ratio:.1f}-fold"
            if ratio >= 1.05
            else f"fell to {ratio:.2f} of its {first} level"
            if ratio <= 0.95
            else "stayed about the same"
        )
        lines.append(
            f"- {label}: {names.name(partner)} ÷ {names.name(focus)} = {times(mult[first])} "
            f"in {first}{late}"
            f"{ref}, {times(mult[last])} in {last}: the multiple {trend}."
        )
    return "\n".join(lines)


# --- ranks as the claims check and the overview cite them ---------------------------------------

RANK_INDEX_TITLES: dict[str, str] = {
    "gai_score": "Tortoise Global AI Index",
    "gairi_score": "Oxford Insights Government AI Readiness Index",
    "gairi_pillar_mean_score": "Oxford Insights Government AI Readiness Index",
    "aipi_score": "IMF AI Preparedness Index",
}
"""Indicator carrying an edition's rank -> the index's full title, as the claims name it."""


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


def ai_ranks(countries: Sequence[str]) -> pd.DataFrame:
    """Load every edition's rank of each country (see :func:`rank_rows`)."""
    table = load("ai_rankings", countries, indicators=list(RANK_INDEX_TITLES))
    return rank_rows(table, countries)
