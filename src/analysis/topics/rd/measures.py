"""R&D measures and their wording, computed from the tables they are given (never loaded here).

:mod:`analysis.topics.rd.load` reads the processed rows and hands them to the ``*_from``
functions; everything here is pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.data.marks import SeriesMark
from analysis.topics import compare

MEASURES: dict[str, tuple[str, str]] = {
    "pct_gdp": ("R&D spending, % of GDP", "% of GDP"),
    "usd_market": ("R&D spending at market exchange rates", "current US$"),
    "usd_ppp": ("R&D spending at purchasing-power parity", "current international $ (PPP)"),
}


PER_RESEARCHER: tuple[str, str] = (
    "R&D spending per researcher, at PPP",
    "current international $ (PPP) per researcher",
)
"""Label and unit of :func:`per_researcher`."""


def latest_vintage(table: pd.DataFrame) -> pd.DataFrame:
    """Keep, per indicator, only the rows of the most recent vintage."""
    if table.empty:
        return table
    newest = table.groupby("indicator")["vintage"].transform("max")
    return table[table["vintage"] == newest]


SPENDING_INDICATORS = ["rd_expenditure_pct_gdp", "gdp_usd", "gdp_ppp_usd"]
"""The WDI indicators :func:`spending_from` computes R&D spending from."""


def spending_from(wdi: pd.DataFrame) -> pd.DataFrame:
    """Return R&D spending as % of GDP, at market rates and at PPP.

    Args:
        wdi: Tidy WDI rows (indicator, iso3, country, year, value, source, vintage) of
            ``rd_expenditure_pct_gdp``, ``gdp_usd`` and ``gdp_ppp_usd``, in one or more vintages.

    Returns:
        Columns measure (see :data:`MEASURES`), iso3, country, year, value, source, vintage.
        The newest vintage of each indicator is used; dollar values are % of GDP / 100 × GDP.
    """
    wdi = latest_vintage(wdi)
    pct = wdi[wdi["indicator"] == "rd_expenditure_pct_gdp"]
    gdp = wdi[wdi["indicator"] == "gdp_usd"]
    ppp = wdi[wdi["indicator"] == "gdp_ppp_usd"]
    cols = ["iso3", "country", "year", "value", "source", "vintage"]
    return pd.concat(
        [
            pct[cols].assign(measure="pct_gdp"),
            compare.combine(pct, gdp, lambda p, g: p / 100 * g).assign(measure="usd_market"),
            compare.combine(pct, ppp, lambda p, g: p / 100 * g).assign(measure="usd_ppp"),
        ],
        ignore_index=True,
    )


def revision(table: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return newest minus oldest vintage of R&D % of GDP (percentage points), year x country.

    Args:
        table: Tidy rows of R&D % of GDP in every vintage held (:func:`.load.vintages`).
        countries: ISO3 codes, the columns in order.

    Returns:
        Year x country differences; an empty table if fewer than two vintages are held.
    """
    if table["vintage"].nunique() < 2:
        return pd.DataFrame()
    old, new = sorted(table["vintage"].unique())[0], sorted(table["vintage"].unique())[-1]
    a = compare.wide(table[table["vintage"] == new], countries)
    b = compare.wide(table[table["vintage"] == old], countries)
    return a - b


def researchers_from(wdi: pd.DataFrame) -> pd.DataFrame:
    """Return researchers per million people and in total (per million × population / 10^6).

    Args:
        wdi: Tidy WDI rows of ``researchers_per_million`` and ``population``.

    Returns:
        Columns iso3, country, year, value, source, vintage, measure (``per_million`` or
        ``total``).
    """
    per_million = wdi[wdi["indicator"] == "researchers_per_million"]
    pop = wdi[wdi["indicator"] == "population"]
    cols = ["iso3", "country", "year", "value", "source", "vintage"]
    return pd.concat(
        [
            per_million[cols].assign(measure="per_million"),
            compare.combine(per_million, pop, lambda r, p: r * p / 1e6).assign(measure="total"),
        ],
        ignore_index=True,
    )


def per_researcher(spend: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Return R&D spending at PPP per researcher: ``usd_ppp`` ÷ total researchers.

    Args:
        spend: Rows of :func:`spending_from` (its ``usd_ppp`` rows are used).
        people: Rows of :func:`researchers_from` (its ``total`` rows are used).

    Returns:
        Columns iso3, country, year, value, source, vintage (both inputs joined), measure
        (``per_researcher``), for the country-years that have both.
    """
    ppp = spend[spend["measure"] == "usd_ppp"]
    total = people[people["measure"] == "total"]
    return compare.combine(ppp, total, lambda s, r: s / r).assign(measure="per_researcher")


def hightech_exports_from(share: pd.DataFrame, usd: pd.DataFrame) -> pd.DataFrame:
    """Return high-technology exports as % of manufactured exports and in current US$.

    Args:
        share: Tidy WDI rows of high-technology exports, % of manufactured exports.
        usd: Tidy rows of high-technology exports in current US$.

    Returns:
        Columns iso3, country, year, value, source, vintage, measure (``pct_manufactured`` or
        ``usd``).
    """
    cols = ["iso3", "country", "year", "value", "source", "vintage"]
    return pd.concat(
        [share[cols].assign(measure="pct_manufactured"), usd[cols].assign(measure="usd")],
        ignore_index=True,
    )


def ncses_crosscheck(spend: pd.DataFrame, ncses: pd.DataFrame) -> pd.DataFrame:
    """Compare derived R&D at PPP with NCSES's own GERD in PPP dollars where both exist.

    Args:
        spend: R&D spending rows (:func:`analysis.topics.rd.load.spending`); the ``usd_ppp`` measure is compared.
        ncses: NCSES GERD rows (:func:`analysis.topics.rd.load.ncses_gerd`), with a ``unit`` naming millions or
            billions of PPP dollars; per country and year the newest edition is kept.

    Returns:
        Columns iso3, year, derived (WDI % × WDI PPP GDP), ncses (in dollars), difference
        (``derived / ncses - 1``), source, vintage.
    """
    derived = spend[spend["measure"] == "usd_ppp"]
    columns = ["iso3", "year", "derived", "ncses", "difference", "source", "vintage"]
    if ncses.empty or derived.empty:
        return pd.DataFrame(columns=columns)
    # Several SEI editions cover different years: keep, per country and year, the newest edition.
    ncses = ncses.sort_values("vintage").drop_duplicates(["iso3", "year"], keep="last")
    unit = str(ncses["unit"].iloc[0])
    # NCSES publishes in millions (or billions) of PPP dollars; WDI-derived values are in dollars.
    factor = 1e6 if "million" in unit else 1e9 if "billion" in unit else 1.0
    ncses = ncses.assign(value=ncses["value"] * factor).drop_duplicates(["iso3", "year"])
    both = compare.combine(derived, ncses, lambda d, n: d / n - 1).rename(
        columns={"value": "difference"}
    )
    values = (
        derived[["iso3", "year", "value"]]
        .rename(columns={"value": "derived"})
        .merge(
            ncses[["iso3", "year", "value"]].rename(columns={"value": "ncses"}), on=["iso3", "year"]
        )
    )
    return both.merge(values, on=["iso3", "year"])[columns]


def crosscheck_headline(check: pd.DataFrame) -> str:
    """Summarise the derived-vs-NCSES comparison in one computed line."""
    if check.empty:
        return "No country-year with both derived PPP spending and an NCSES value"
    gap = check["difference"].abs()
    return (
        f"Derived PPP R&D spending is within {gap.median() * 100:.0f}% of NCSES's in half of "
        f"{len(check)} country-years (largest gap {gap.max() * 100:.0f}%)"
    )


def revision_headline(revision: pd.DataFrame) -> str:
    """Name the country and year with the largest revision between vintages."""
    from analysis.data import countries as names

    if revision.empty or not revision.notna().any().any():
        return "No revision to show: only one vintage covers these countries and years"
    stacked = revision.stack().dropna()
    (year, iso3), value = stacked.abs().idxmax(), stacked[stacked.abs().idxmax()]
    return f"Largest revision between WDI vintages: {names.name(iso3)} {year}, {value:+.2f} points of GDP"


def reference_sentence(spend: pd.DataFrame, countries: Sequence[str], reference_year: int) -> str:
    """Say how many times the partner's R&D spending exceeds the focus country's, and since when.

    For each dollar measure (PPP, market rates): the multiple in the reference year (or the
    latest earlier year with data, said so), and the first year from which the multiple has
    stayed above 1, 2, 5 and 10 (those thresholds the multiple reaches; of thresholds reached in
    the same year, only the highest is said).
    """
    from analysis.data import countries as names
    from analysis.topics.text import join, times

    focus, partner = compare.focus_partner(countries)
    lines = []
    for measure in ("usd_ppp", "usd_market"):
        table = compare.wide(spend[spend["measure"] == measure], countries)
        label = MEASURES[measure][0].replace("R&D spending ", "")
        mult = compare.multiples(table, focus).get(partner, pd.Series(dtype=float)).dropna()
        upto = mult[mult.index <= reference_year]
        if upto.empty:
            lines.append(
                f"- {label}: no common year of data up to {reference_year} for "
                f"{names.name(partner)} and {names.name(focus)}."
            )
            continue
        year, value = int(upto.index[-1]), float(upto.iloc[-1])
        note = "" if year == reference_year else f" (latest year with data before {reference_year})"
        start = int(upto.index[0])
        reached = {
            t: first
            for t in (1, 2, 5, 10)
            if (first := compare.first_year_above(upto, t)) is not None
        }
        # "above 2× throughout" already says "above 1× throughout": keep the highest threshold
        # of each first year.
        since = [
            f"above {t}× " + (f"throughout {start}-{year}" if first == start else f"since {first}")
            for t, first in reached.items()
            if not any(u > t and reached[u] == first for u in reached)
        ]
        history = f"; the multiple has stayed {join(since)}" if since else ""
        lines.append(
            f"- {label}: in {year}{note} {names.name(partner)} spent {times(value)} "
            f"what {names.name(focus)} spent{history}."
        )
    return "\n".join(lines)


def index_base_year(table: pd.DataFrame, start_year: int) -> int | None:
    """Return the first year from ``start_year`` on in which every country has a value."""
    complete = table[table.index >= start_year].dropna()
    return int(complete.index.min()) if not complete.empty else None


def growth(
    ppp: pd.DataFrame, researchers: pd.DataFrame, start_year: int
) -> tuple[int | None, dict[str, pd.DataFrame]]:
    """Index R&D spending at PPP and the number of researchers to 100 in a common base year.

    The base year is the first year from ``start_year`` on in which every country has R&D
    spending at PPP (:func:`index_base_year`); both series are indexed to it, so the panels
    compare growth from the same start.

    Args:
        ppp: Year x country R&D spending at PPP (the ``usd_ppp`` table of :func:`.load.spending`).
        researchers: Year x country researchers in total (the ``total`` table of
            :func:`.load.researchers`).
        start_year: The first year the base may be.

    Returns:
        ``(base, panels)``: the base year (None if no year has every country) and
        ``{"R&D spending at PPP, <base> = 100": table, "Researchers, <base> = 100": table}``;
        without a base year both tables are empty.
    """
    base = index_base_year(ppp, start_year)
    none = pd.DataFrame(columns=ppp.columns, dtype=float)
    return base, {
        spending_index_title(base): compare.index_to(ppp, base) if base else none,
        _researchers_index_title(base): compare.index_to(researchers, base) if base else none,
    }


def spending_index_title(base: int | None) -> str:
    """Return the title of :func:`growth`'s R&D spending panel (its key in the returned dict)."""
    return f"R&D spending at PPP, {base} = 100"


def _researchers_index_title(base: int | None) -> str:
    return f"Researchers, {base} = 100"


def growth_marks(
    breaks: Sequence[SeriesMark],
    base: int | None,
    focus: str,
    partner: str,
    multiples_title: str,
) -> dict[str, list[SeriesMark]]:
    """Place the researcher series' breaks on the growth-and-multiples panels.

    The breaks go on the researchers panel of :func:`growth`; a break of the focus or the
    partner also goes on the "Researchers" line of the multiples panel (titled
    ``multiples_title``), since the ratio inherits it. The R&D spending panel gets none.
    """
    from analysis.data import countries as names

    ratio = f"{names.name(partner)} ÷ {names.name(focus)} researchers"
    in_ratio = [
        m.on(MULTIPLE_LABELS["researchers"], label=ratio)
        for m in breaks
        if m.series in (focus, partner)
    ]
    return {_researchers_index_title(base): list(breaks), multiples_title: in_ratio}


MULTIPLE_LABELS: dict[str, str] = {
    "pct_gdp": "R&D % of GDP",
    "usd_market": "R&D at market rates",
    "usd_ppp": "R&D at PPP",
    "researchers": "Researchers",
}
"""Short labels of the series whose partner ÷ focus multiples are drawn side by side."""


def partner_multiples(
    spend: Mapping[str, pd.DataFrame], researchers: pd.DataFrame, focus: str, partner: str
) -> pd.DataFrame:
    """Return partner ÷ focus per year for every R&D measure and for researchers, side by side.

    Args:
        spend: ``{measure: year x country}`` R&D spending tables (``compare.tables`` of
            :func:`.load.spending` on ``measure``); a missing measure gives an empty column.
        researchers: Year x country researchers in total.
        focus: ISO3 code of the focus country (the divisor).
        partner: ISO3 code of the partner.

    Returns:
        Year x series (columns labelled as in :data:`MULTIPLE_LABELS`).
    """
    tables = {
        MULTIPLE_LABELS[m]: spend.get(m, compare.empty([focus, partner]))
        for m in ("pct_gdp", "usd_market", "usd_ppp")
    }
    tables[MULTIPLE_LABELS["researchers"]] = researchers
    return compare.wide_columns(
        {label: compare.multiples(t, focus).get(partner) for label, t in tables.items()}
    )
