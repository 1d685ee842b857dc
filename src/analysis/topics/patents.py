"""Patent applications under each definition, side by side.

No single number is "how many patents a country generates". WDI and WIPO count *applications*
(not grants), and a country's count depends on where and by whom:

* ``resident``: filed at the country's own office by its residents (WDI ``IP.PAT.RESD``);
* ``nonresident``: filed at the country's office by foreigners (WDI ``IP.PAT.NRES``);
* ``office_total``: everything the country's office received (resident + non-resident);
* ``by_origin``: filed by the country's residents at any office in the world (WIPO).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.processed import load
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


def panel(countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return applications under every definition: columns definition, iso3, year, value, source, vintage."""
    resident = load("wdi", countries, years, indicators=["patent_applications_resident"])
    nonres = load("wdi_extracts", countries, years, indicators=["patent_applications_nonresident"])
    origin = load("wipo", countries, years, indicators=["patent_applications_by_origin"])
    frames = [
        resident.assign(definition="resident"),
        nonres.assign(definition="nonresident"),
        origin.assign(definition="by_origin"),
    ]
    total = compare.combine(resident, nonres, lambda r, n: r + n)
    if not total.empty:
        frames.append(total.assign(definition="office_total"))
    cols = ["definition", "iso3", "country", "year", "value", "source", "vintage"]
    out = pd.concat([f[cols] for f in frames if not f.empty], ignore_index=True)
    return out.sort_values(["definition", "iso3", "year"]).reset_index(drop=True)


def wide_by_definition(data: pd.DataFrame, countries: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Return ``{definition: year x country table}`` in the order of :data:`DEFINITIONS`."""
    return {
        d: compare.wide(data[data["definition"] == d], countries)
        for d in DEFINITIONS
        if (data["definition"] == d).any()
    }


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


def intensity(data: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Return resident applications per million people and per billion PPP$ of R&D spending.

    Columns: measure (``per_million_people`` or ``per_billion_rd_ppp``), iso3, country, year,
    value, source, vintage.
    """
    from analysis.topics import rd

    resident = data[data["definition"] == "resident"]
    pop = load("wdi", countries, years, indicators=["population"])
    spend = rd.spending(countries, years)
    ppp = spend[spend["measure"] == "usd_ppp"]
    return pd.concat(
        [
            compare.combine(resident, pop, lambda a, p: a / p * 1e6).assign(
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
