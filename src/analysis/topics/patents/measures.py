"""Patent applications under each definition: the panel and its wording, from given tables.

:mod:`analysis.topics.patents.load` reads the processed rows; everything here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics import compare

DEFINITIONS: dict[str, str] = {
    "resident": "Resident applications: filed at the country's own patent office by its residents",
    "office_total": "Office total: all applications the country's office received (resident + non-resident)",
    "by_origin": "By origin: applications by the country's residents at any office worldwide (WIPO)",
    "nonresident": "Non-resident applications: filed at the country's office by foreign applicants",
}
"""Definition key -> one-line description printed in notebooks."""

SHORT: dict[str, str] = {
    "resident": "resident applications",
    "office_total": "office totals",
    "by_origin": "applications by origin",
    "nonresident": "non-resident applications",
}


def panel_from(
    resident: pd.DataFrame, nonresident: pd.DataFrame, by_origin: pd.DataFrame
) -> pd.DataFrame:
    """Put applications under every definition in one table.

    Args:
        resident: Tidy rows (iso3, country, year, value, source, vintage) of resident
            applications at the country's office.
        nonresident: The same for non-resident applications.
        by_origin: The same for applications by the country's residents at any office.

    Returns:
        Columns definition (see :data:`DEFINITIONS`), iso3, country, year, value, source,
        vintage, sorted by definition, iso3 and year. ``office_total`` = resident +
        non-resident, for the country-years that have both.
    """
    frames = [
        resident.assign(definition="resident"),
        nonresident.assign(definition="nonresident"),
        by_origin.assign(definition="by_origin"),
    ]
    total = compare.combine(resident, nonresident, lambda r, n: r + n)
    if not total.empty:
        frames.append(total.assign(definition="office_total"))
    cols = ["definition", "iso3", "country", "year", "value", "source", "vintage"]
    kept = [f[cols] for f in frames if not f.empty]
    if not kept:
        return pd.DataFrame(columns=cols)
    out = pd.concat(kept, ignore_index=True)
    return out.sort_values(["definition", "iso3", "year"]).reset_index(drop=True)


def wide_by_definition(data: pd.DataFrame, countries: Sequence[str]) -> compare.Tables:
    """Return ``{definition: year x country table}`` in the order of :data:`DEFINITIONS`.

    A definition without data is left out, but asking for it gives an empty table
    (:class:`~analysis.topics.compare.Tables`).
    """
    return compare.Tables(
        countries,
        {
            d: compare.wide(data[data["definition"] == d], countries)
            for d in DEFINITIONS
            if (data["definition"] == d).any()
        },
    )


def multiples_by_definition(data: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return each comparator's multiple of the focus country: columns definition, iso3, year, multiple."""
    focus = countries[0]
    rows = []
    for definition, table in wide_by_definition(data, countries).items():
        mult = compare.multiples(table, focus)
        long = mult.reset_index().melt(id_vars="year", var_name="iso3", value_name="multiple")
        rows.append(long.dropna().assign(definition=definition))
    if not rows:
        return pd.DataFrame(columns=["definition", "iso3", "year", "multiple"])
    return pd.concat(rows, ignore_index=True)[["definition", "iso3", "year", "multiple"]]


def intensity(
    data: pd.DataFrame, population: pd.DataFrame, rd_spending: pd.DataFrame
) -> pd.DataFrame:
    """Return resident applications per million people and per billion PPP$ of R&D spending.

    Args:
        data: The applications panel (:func:`.load.panel`); its ``resident`` rows are used.
        population: Tidy WDI population rows (:func:`.load.population`).
        rd_spending: R&D spending rows with a ``measure`` column, as ``rd.spending`` returns
            them; the ``usd_ppp`` rows are used.

    Returns:
        Columns iso3, country, year, value, source, vintage (both inputs joined), measure
        (``per_million_people`` or ``per_billion_rd_ppp``).
    """
    resident = data[data["definition"] == "resident"]
    ppp = rd_spending[rd_spending["measure"] == "usd_ppp"]
    return pd.concat(
        [
            compare.combine(resident, population, lambda a, p: a / p * 1e6).assign(
                measure="per_million_people"
            ),
            compare.combine(resident, ppp, lambda a, s: a / (s / 1e9)).assign(
                measure="per_billion_rd_ppp"
            ),
        ],
        ignore_index=True,
    )


def reference_sentence(data: pd.DataFrame, countries: Sequence[str], reference_year: int) -> str:
    """Say, for the reference year and the two before it, each comparator's multiple of the focus.

    One sentence per definition; a definition or year without data says so.
    """
    from analysis.data import countries as names
    from analysis.topics.text import times

    focus = countries[0]
    mult = multiples_by_definition(data, countries)
    years = [reference_year - 2, reference_year - 1, reference_year]
    span = " / ".join(str(y) for y in years)
    lines = []
    for definition in DEFINITIONS:
        sub = mult[mult["definition"] == definition]
        parts = []
        for iso3 in countries[1:]:
            values = sub[sub["iso3"] == iso3].set_index("year")["multiple"]
            if not any(y in values.index for y in years):
                continue
            parts.append(f"{names.name(iso3)} {' / '.join(times(values.get(y)) for y in years)}")
        label = SHORT[definition].capitalize()
        if parts:
            lines.append(f"- {label}, × {names.name(focus)} ({span}): {', '.join(parts)}.")
        else:
            lines.append(f"- {label}: no data for {span} for these countries.")
    return "\n".join(lines)
