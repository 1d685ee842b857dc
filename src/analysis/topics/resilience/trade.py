"""Trade through the breaks (BACI, both directions of one pair): what grew, what shrank.

Uses the bilateral trade tables (:mod:`analysis.topics.bilateral.trade`): totals and the
high-tech HS chapters per exporter, and each direction's chapter composition in the year before
a break against the latest year. The BACI extract holds one pair only; for any other pair the
section says it does not apply. Functions take the loaded tables and never load.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics import bilateral
from analysis.topics.text import join, name, percent, times


def composition_shift(flows: pd.DataFrame, exporter: str, before: int, after: int) -> pd.DataFrame:
    """Return each HS chapter's share of ``exporter``'s sales in two years and the change.

    Args:
        flows: Output of :func:`analysis.topics.bilateral.trade.trade_flows_from`.
        exporter: ISO3 of the exporter.
        before: The year before the break.
        after: The later year.

    Returns:
        Indexed by chapter label: ``before`` and ``after`` (% of the direction's exports) and
        ``change_pp`` (percentage points), sorted by change, largest gain first.
    """
    rows = flows[(flows["iso3"] == exporter) & flows["year"].isin([before, after])]
    if rows.empty:
        return pd.DataFrame(columns=["before", "after", "change_pp"])
    table = rows.groupby(["chapter", "year"])["value"].sum().unstack("year").fillna(0.0)
    table = table.reindex(columns=[before, after], fill_value=0.0)
    shares = table.div(table.sum().replace(0, float("nan"))) * 100
    out = pd.DataFrame({"before": shares[before], "after": shares[after]})
    out["change_pp"] = out["after"] - out["before"]
    out.index = [bilateral.chapter_label(str(c)) for c in out.index]
    return out.sort_values("change_pp", ascending=False)


def _direction(flows: pd.DataFrame, summary: pd.DataFrame, a: str, b: str, y0: int, y1: int) -> str:
    s = summary[summary["iso3"] == a]
    get = {m: s[s["measure"] == m].set_index("year")["value"] for m in ("total", "hightech")}
    share = s[s["measure"] == "hightech_share"].set_index("year")["value"]
    if y0 not in share.index or y1 not in share.index:
        return f"- {name(a)} -> {name(b)}: no rows for {y0} and {y1}."
    shift = composition_shift(flows, a, y0, y1)
    gains = join(f"{k} {v:+.1f} pp" for k, v in shift["change_pp"].head(2).items())
    losses = join(f"{k} {v:+.1f} pp" for k, v in shift["change_pp"].tail(2)[::-1].items())
    return (
        f"- {name(a)} -> {name(b)}: total US${get['total'][y0]:.1f} bn in {y0} -> "
        f"US${get['total'][y1]:.1f} bn in {y1} ({times(get['total'][y1] / get['total'][y0])}); "
        f"high-tech (HS {', '.join(bilateral.HIGH_TECH_CHAPTERS)}) US${get['hightech'][y0]:.1f} bn "
        f"-> US${get['hightech'][y1]:.1f} bn "
        f"({times(get['hightech'][y1] / get['hightech'][y0])}), {percent(share[y0])} -> "
        f"{percent(share[y1])} of the direction. Largest share gains: {gains}; largest "
        f"losses: {losses}."
    )


def trade_break_sentence(
    flows: pd.DataFrame, countries: Sequence[str], break_years: Sequence[int], not_applicable: str
) -> str:
    """Say how each direction's total and high-tech trade changed across the breaks it covers.

    Args:
        flows: Output of :func:`analysis.topics.bilateral.trade.trade_flows_from`.
        countries: ISO3 codes, focus first, partner second.
        break_years: The break years.
        not_applicable: The sentence to return when the extract does not hold this pair.
    """
    if flows.empty:
        return not_applicable
    first, last = int(flows["year"].min()), int(flows["year"].max())
    summary = bilateral.trade_summary(flows)
    lines = []
    for b in break_years:
        if not first <= b - 1 < last:
            lines.append(f"- Break {b}: outside the trade years {first}-{last}; not assessed.")
            continue
        lines.append(f"- Break {b} ({b - 1} against {last}, the latest year of the extract):")
        for a, o in ((countries[0], countries[1]), (countries[1], countries[0])):
            lines.append(_direction(flows, summary, a, o, b - 1, last))
    return "\n".join(lines)
