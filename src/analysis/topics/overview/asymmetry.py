"""The asymmetry profile: every indicator's partner/focus multiple in one picture.

For each indicator, the latest year in which the focus country and a comparator both have data
gives the multiple (comparator ÷ focus); the first such year from the base year on shows how the
multiple moved. The comparators are the partner and the third country of the parameter list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.data import countries as names
from analysis.data.marks import SeriesMark
from analysis.topics import compare
from analysis.topics.text import join, times

Years = tuple[int, int]
COLUMNS = ["iso3", "country", "year", "value", "source", "vintage"]


def _declared(dataset: str, *indicators: str) -> tuple[str, tuple[str, ...]]:
    return dataset, indicators


DECLARED_BY: dict[str, tuple[str, tuple[str, ...]]] = {
    "GDP at PPP": _declared("wdi", "gdp_ppp_usd"),
    "GDP at market rates": _declared("wdi", "gdp_usd"),
    "R&D spending at PPP": _declared("wdi", "rd_expenditure_pct_gdp", "gdp_ppp_usd"),
    "Researchers": _declared("wdi", "researchers_per_million", "population"),
    "S&T journal articles": _declared("wdi", "journal_articles"),
    "Mathematics articles": _declared("ncses_fields", "se_articles_fractional"),
    "Patent applications, resident": _declared("wdi", "patent_applications_resident"),
    "Patent applications, by origin": _declared("wipo", "patent_applications_by_origin"),
    "AI publications": _declared("owid", "ai_publications"),
    "AI patent applications": _declared("owid", "ai_patent_applications_by_office"),
    "Private AI investment": _declared("owid", "ai_private_investment_usd"),
    "High-tech exports": _declared("wdi_extracts", "hightech_exports_usd"),
}
"""Label -> the dataset and indicators it is computed from, whose metadata declare its breaks."""


TRADE_LABEL = "High-tech goods sold to the other"
"""The one indicator compared between focus and partner only: what each sells the other."""


def trade_to_each_other(
    focus: str, partner: str, *, sold: pd.DataFrame, bought: pd.DataFrame
) -> pd.DataFrame:
    """High-tech goods each sells the other: partner→focus (as the partner's row) and focus→partner.

    Args:
        focus: The focus country.
        partner: The partner.
        sold: The partner's high-tech exports to the focus (:func:`bilateral.hightech_trade`).
        bought: The focus's high-tech exports to the partner.
    """
    both = pd.concat([sold.assign(iso3=partner), bought.assign(iso3=focus)], ignore_index=True)
    both["country"] = both["iso3"].map(names.name)
    return both[COLUMNS] if not both.empty else pd.DataFrame(columns=COLUMNS)


def _crossed(
    marks: Sequence[SeriesMark], pair: Sequence[str], base_year: int, year: int
) -> list[SeriesMark]:
    """The breaks of either country of the pair between the base year and the latest year."""
    return [m for m in marks if m.series in pair and base_year < m.year <= year]


def profile_table(
    data: dict[str, pd.DataFrame],
    countries: Sequence[str],
    breaks: Mapping[str, Sequence[SeriesMark]] | None = None,
) -> pd.DataFrame:
    """Return one row per indicator and comparator with the latest and base-year multiples.

    Args:
        data: Indicator label -> tidy table (output of :func:`.load.tables`).
        countries: ISO3 codes: focus, partner, third.
        breaks: Indicator label -> its breaks in series (:func:`.load.breaks`); a break of the focus
            or the comparator between the base year and the latest year is named in the row,
            since the two multiples then rest on different definitions.

    Returns:
        Columns indicator, iso3 (the comparator), year, multiple, base_year, base_multiple,
        source, vintage, break (e.g. "China 2009", empty when none) and break_note.
        Indicators without a common year say so by their absence; see :func:`missing`.
    """
    breaks = breaks or {}
    focus, comparators = countries[0], list(countries[1:3])
    rows = []
    for label, tidy in data.items():
        table = compare.wide(tidy.drop_duplicates(["iso3", "year"]), [focus, *comparators])
        mult = compare.multiples(table, focus)
        for iso3 in comparators:
            if label == TRADE_LABEL and iso3 != countries[1]:
                continue
            series = mult[iso3].dropna() if iso3 in mult else pd.Series(dtype=float)
            if series.empty:
                continue
            used = tidy[
                tidy["iso3"].isin([focus, iso3])
                & tidy["year"].isin([series.index[0], series.index[-1]])
            ]
            crossed = _crossed(
                breaks.get(label, ()), [focus, iso3], int(series.index[0]), int(series.index[-1])
            )
            rows.append(
                {
                    "indicator": label,
                    "iso3": iso3,
                    "year": int(series.index[-1]),
                    "multiple": float(series.iloc[-1]),
                    "base_year": int(series.index[0]),
                    "base_multiple": float(series.iloc[0]),
                    "source": "; ".join(sorted(set(used["source"]))),
                    "vintage": "; ".join(sorted(set(used["vintage"]))),
                    "break": ", ".join(f"{names.name(str(m.series))} {m.year}" for m in crossed),
                    "break_note": " ".join(f"{m.note} ({m.citation})." for m in crossed),
                }
            )
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


PROFILE_COLUMNS = [
    "indicator",
    "iso3",
    "year",
    "multiple",
    "base_year",
    "base_multiple",
    "source",
    "vintage",
    "break",
    "break_note",
]
"""The columns of :func:`profile_table`."""


def missing(
    table: pd.DataFrame, countries: Sequence[str], labels: Sequence[str] | None = None
) -> str:
    """Say which indicator has no common year for which comparator.

    Args:
        table: Output of :func:`.load.profile`.
        countries: ISO3 codes: focus, partner, third.
        labels: The indicators expected (default: every indicator of :func:`.load.tables`).
    """
    labels = [*DECLARED_BY, TRADE_LABEL] if labels is None else list(labels)
    gaps = []
    for iso3 in countries[1:3]:
        have = set(table.loc[table["iso3"] == iso3, "indicator"])
        lacking = [
            label
            for label in labels
            if label not in have and not (label == TRADE_LABEL and iso3 != countries[1])
        ]
        if lacking:
            gaps.append(f"{names.name(iso3)} ÷ {names.name(countries[0])}: {', '.join(lacking)}")
    return (
        ("No common year of data — " + "; ".join(gaps) + ".")
        if gaps
        else "Every indicator has data for every comparator."
    )


def headline(table: pd.DataFrame, countries: Sequence[str]) -> str:
    """The profile's finding: on how many indicators the partner exceeds the focus, the median multiple."""
    focus, partner = countries[0], countries[1]
    sub = table[table["iso3"] == partner]
    return (
        f"{names.name(partner)} exceeds {names.name(focus)} on {int((sub['multiple'] > 1).sum())} of {len(sub)} "
        f"indicators; median multiple {times(sub['multiple'].median()) if len(sub) else 'n/a'}"
    )


def break_footer(table: pd.DataFrame) -> str:
    """Footer sentences for the rows whose first-year value lies before a break in series."""
    rows = table[table["break"].fillna("").astype(bool)]
    parts = []
    for (label, where, note), _ in rows.groupby(["indicator", "break", "break_note"]):
        parts.append(
            f" Hollow diamond: {label}: the first year lies before a break in series "
            f"({where}), so the two multiples are not like for like: {note}"
        )
    return "".join(parts)


def summary_text(table: pd.DataFrame, countries: Sequence[str], ranks: pd.DataFrame) -> str:
    """Three computed sentences: the investment, patent and AI-ranking asymmetries.

    Args:
        table: Output of :func:`.load.profile`.
        countries: ISO3 codes: focus, partner, third.
        ranks: AI index ranks of the focus and partner (:func:`ai.ai_ranks`).
    """
    focus, partner = compare.focus_partner(countries)
    lines = []
    rows = table[(table["iso3"] == partner)].set_index("indicator")

    def say(label: str) -> str:
        if label not in rows.index:
            return f"{label}: no common year"
        r = rows.loc[label]
        crossed = f", before a break in series: {r['break']}" if r.get("break") else ""
        return (
            f"{label} {times(r['multiple'])} in {r['year']} "
            f"(from {times(r['base_multiple'])} in {r['base_year']}{crossed})"
        )

    lines.append(
        f"- Investment: {names.name(partner)} ÷ {names.name(focus)}, {say('R&D spending at PPP')}; {say('Researchers')}."
    )
    lines.append(
        f"- Patents: {say('Patent applications, resident')}; {say('Patent applications, by origin')}."
    )
    latest = ranks.sort_values("edition").groupby(["index", "iso3"]).tail(1)
    parts = []
    for index, group in latest.groupby("index"):
        by = group.set_index("iso3")
        shown = [
            f"{names.name(c)} {by.loc[c, 'rank']}/{by.loc[c, 'n_countries']}"
            for c in (partner, focus)
            if c in by.index
        ]
        if shown:
            parts.append(f"{index} {by['edition'].iloc[0]}: {', '.join(shown)}")
    lines.append(
        "- AI rankings (latest edition): "
        + (join(parts) if parts else "no ranks for these countries")
        + "."
    )
    return "\n".join(lines)
