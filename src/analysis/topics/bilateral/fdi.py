"""Total FDI inflows of each economy from UNCTAD (dataset ``fdi``): context, not bilateral flows.

The functions here take the loaded rows as an argument and never load;
:mod:`analysis.topics.bilateral.load` loads and delegates.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics import compare
from analysis.topics.text import for_title, join, name, times, usd_bn

FDI_INFLOWS = "fdi_inflows_usd_mn"


def fdi_inflows_from(
    countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> pd.DataFrame:
    """Return each parameter country's total FDI inflows (US$ bn; negative = disinvestment).

    Args:
        countries: ISO3 codes.
        years: ``(first, last)`` inclusive.
        table: Rows of the ``fdi`` dataset (other countries, years and indicators are left out).
    """
    keep = (
        table["iso3"].isin(list(countries))
        & table["year"].between(*years)
        & (table["indicator"] == FDI_INFLOWS)
    )
    table = table[keep].reset_index(drop=True)
    return table.assign(value=table["value"] / 1e3, unit="US$ billion, current")


def fdi_sentence(fdi: pd.DataFrame, countries: Sequence[str], reference_year: int) -> str:
    """Say each side's total FDI inflows in the reference and latest year, and negative years.

    Args:
        fdi: Output of :func:`fdi_inflows_from`.
        countries: ISO3 codes, focus first, partner second.
        reference_year: The year the claims refer to.
    """
    focus, partner = compare.focus_partner(countries)
    table = compare.wide(fdi, countries)
    lines = [
        "These are each economy's total FDI inflows from the whole world (UNCTAD), not flows "
        f"between {name(focus)} and {name(partner)}."
    ]
    if table.empty:
        return lines[0] + " No data for these countries and years."
    for year in dict.fromkeys([reference_year, int(table.index.max())]):
        if year not in table.index:
            lines.append(f"- {year}: no data.")
            continue
        row = table.loc[year]
        vals = join(f"{name(c)} {usd_bn(row[c])}" for c in countries if pd.notna(row.get(c)))
        mult = ""
        if pd.notna(row.get(focus)) and pd.notna(row.get(partner)) and row[focus] > 0:
            mult = f" ({name(partner)} {times(row[partner] / row[focus])} {name(focus)})"
        lines.append(f"- {year}: {vals}{mult}.")
    negative = []
    for c in (focus, partner):
        if c not in table.columns:
            continue
        neg = table[c][table[c] < 0]
        negative += [f"{name(c)} {int(y)} ({usd_bn(v)})" for y, v in neg.items()]
    if negative:
        lines.append(f"- Negative inflows (net disinvestment): {join(negative)}.")
    missing = [c for c in countries if c not in table.columns or table[c].dropna().empty]
    if missing:
        lines.append(f"- No data for {join(name(c) for c in missing)}.")
    return "\n".join(lines)


@for_title
def fdi_headline(fdi: pd.DataFrame, countries: Sequence[str]) -> str:
    """Return a figure title: the focus's and the partner's total inflows in the latest year."""
    table = compare.wide(fdi, countries)
    year = compare.latest_year(table, list(countries[:2]))
    if year is None:
        return "FDI inflows (total, not bilateral): no common year for the focus and partner"
    parts = [f"{name(c)} {usd_bn(table.loc[year, c])}" for c in countries[:2]]
    return f"Total FDI inflows from the world (not bilateral), {year}: " + ", ".join(parts)
