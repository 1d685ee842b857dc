"""AI output: publications, patents, investment and large systems, and the multiples between countries."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data import countries as names
from analysis.topics import compare

# --- rankings -----------------------------------------------------------------------------------


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
    focus, partner = compare.focus_partner(countries)
    columns = {}
    for measure, (_, _, kind) in OUTPUT_SERIES.items():
        if kind == "annual":
            table = compare.wide(data[data["measure"] == measure], countries)
            columns[SHORT_LABELS.get(measure, measure)] = compare.multiples(table, focus).get(
                partner
            )
    return compare.wide_columns(columns)


MULTIPLE_FLOOR = 0.1
"""A partner/focus multiple is cut where the focus country's value is below this share of its own
median over the years shown: a near-zero denominator (one small deal in a year of private
investment) gives a multiple in the thousands that says nothing about the partner."""


def floor_multiples(
    multiples: pd.DataFrame,
    data: pd.DataFrame,
    countries: Sequence[str],
    floor: float = MULTIPLE_FLOOR,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut the multiples of :func:`partner_multiples` whose denominator is below the floor.

    Args:
        multiples: Output of :func:`partner_multiples` (year x short series name).
        data: The AI output rows the multiples come from (:func:`.load.output`).
        countries: Focus country first.
        floor: Share of the focus country's own median (over the years in ``data``) under
            which its value is too small to divide by.

    Returns:
        The multiples with those cells set to NaN, and one row per cut cell (``series``,
        ``year``, ``focus_value``, ``floor_value``, ``multiple``).
    """
    focus = countries[0]
    shown = multiples.copy()
    cut = []
    for measure, (_, _, kind) in OUTPUT_SERIES.items():
        column = SHORT_LABELS.get(measure, measure)
        if kind != "annual" or column not in shown.columns:
            continue
        rows = data[(data["measure"] == measure) & (data["iso3"] == focus)]
        own = rows.set_index("year")["value"].dropna()
        if own.empty:
            continue
        limit = floor * float(own.median())
        for year, value in own[own < limit].items():
            if year in shown.index and pd.notna(shown.at[year, column]):
                cut.append(
                    {
                        "series": column,
                        "year": int(year),
                        "focus_value": float(value),
                        "floor_value": limit,
                        "multiple": float(shown.at[year, column]),
                    }
                )
                shown.at[year, column] = float("nan")
    columns = ["series", "year", "focus_value", "floor_value", "multiple"]
    return shown, pd.DataFrame(cut, columns=columns)


def floor_note(cut: pd.DataFrame, countries: Sequence[str], floor: float = MULTIPLE_FLOOR) -> str:
    """State the floor of :func:`floor_multiples` and what it cut, for the figure's footer."""
    from analysis.topics.text import number, times

    rule = (
        f"Multiples are not drawn where {names.name(countries[0])}'s value is below "
        f"{floor:.0%} of its median over the years shown"
    )
    if cut.empty:
        return rule + " (no year here)."
    items = [
        f"{r.series} {r.year} ({number(r.focus_value)} < {number(r.floor_value)}: {times(r.multiple)})"
        for r in cut.itertuples(index=False)
    ]
    return f"{rule}; cut: " + "; ".join(items) + "."


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

    focus, partner = compare.focus_partner(countries)
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

    focus, partner = compare.focus_partner(countries)
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


DROP = 0.9
"""A series whose last year falls this far (90 %) below its own best of the years before."""

PATENT_LAG = (
    "patent applications are published about 18 months after filing and reach CSET's source late, "
    "so the last years are incomplete, not a collapse"
)
"""Why a patent series falls away in its last years."""


def last_year_drops(data: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say which annual series fall by :data:`DROP` or more in their last years, and why.

    Returns:
        A sentence ("India's AI patent applications (by filing office) fall from 281 in 2018 to
        10 in 2020: ..."), or "" when no series falls so far.
    """
    from analysis.topics.text import count, join, name

    found: list[str] = []
    for measure, (_, label, kind) in OUTPUT_SERIES.items():
        if kind != "annual" or measure.endswith("per_million"):  # per person mirrors the count
            continue
        table = compare.wide(data[data["measure"] == measure], countries)
        for country in table.columns:
            series = table[country].dropna()
            if len(series) < 3:
                continue
            last, before = series.iloc[-1], series.iloc[-4:-1]
            peak_year = int(before.idxmax())
            if before.max() > 0 and last <= (1 - DROP) * before.max():
                found.append(
                    f"{name(str(country))}'s {label} fall from "
                    f"{count(before.max())} in {peak_year} to {count(last)} in "
                    f"{int(series.index[-1])}"
                    + (f" ({PATENT_LAG})" if "patent" in measure else " (likely incomplete)")
                )
    return ("Steep falls in the last years: " + join(found) + ".") if found else ""
