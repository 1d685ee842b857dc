"""The claims' quantities: each computes rows from the tables it is given, and never loads.

A quantity is a function ``(focus, partner, third, years, **tables) -> rows``: ``years`` are the
claim's reference period and ``tables`` the processed tables it needs, passed by keyword (the
claims package's ``QUANTITIES`` pairs each quantity with the loader of those tables). Each row,
made by :func:`row`, is one computed value under one definition and period, with a note and its
provenance.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import countries as names
from analysis.topics import bilateral, compare, patents, rd


def row(
    definition: str,
    period: object,
    computed: float | None,
    note: str = "",
    source: str = "",
    vintage: str = "",
    claimed: float | None = None,
) -> dict:
    """One computed value; ``claimed`` overrides the claim's threshold for this definition only."""
    return {
        "definition": definition,
        "period": str(period),
        "computed": computed,
        "note": note,
        "source": source,
        "vintage": vintage,
        "claimed": claimed,
    }


def _multiple_rows(
    sub: pd.DataFrame, focus: str, partner: str, years: list[int], label: str
) -> list[dict]:
    """Rows of partner ÷ focus for each year of one tidy series, with the provenance of that year."""
    mult = compare.multiples(compare.wide(sub, [focus, partner]), focus)
    rows = []
    for year in years:
        value = mult[partner].get(year) if partner in mult else None
        src = sub[sub["year"] == year]
        missing = value is None or pd.isna(value)
        rows.append(
            row(
                label,
                year,
                value,
                "no data for this year" if missing else "",
                "; ".join(sorted(set(src["source"]))),
                "; ".join(sorted(set(src["vintage"]))),
            )
        )
    return rows


def patent_multiple(
    focus: str, partner: str, third: str | None, years: list[int], *, panel: pd.DataFrame
) -> list[dict]:
    """Partner ÷ focus patent applications under each definition (``panel``: patents.panel)."""
    rows = []
    for definition in ("resident", "office_total", "by_origin"):
        sub = panel[panel["definition"] == definition]
        rows += _multiple_rows(sub, focus, partner, years, patents.SHORT[definition])
    return rows


def rd_multiple(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    spending: pd.DataFrame,
    gerd: pd.DataFrame,
) -> list[dict]:
    """Partner ÷ focus R&D spending: WDI (``spending``: rd.spending) and NCSES GERD at PPP."""
    rows = []
    for measure in ("usd_ppp", "usd_market"):
        label = f"R&D {rd.MEASURES[measure][0].replace('R&D spending ', '')} (WDI)"
        sub = spending[spending["measure"] == measure]
        rows += _multiple_rows(sub, focus, partner, years, label)
    gerd = gerd[gerd["indicator"] == "gerd_ppp_usd"]
    for (vintage, year), group in gerd.groupby(["vintage", "year"]):
        table = compare.wide(group, [focus, partner])
        value = compare.multiples(table, focus)[partner].get(int(year))
        if value is not None and not pd.isna(value):
            rows.append(
                row(
                    f"GERD at PPP (NCSES {vintage})",
                    int(year),
                    value,
                    "",
                    "ncses_sei_gerd",
                    str(vintage),
                )
            )
    return rows


def ai_rank(
    focus: str, partner: str | None, third: str | None, years: list[int], *, ranks: pd.DataFrame
) -> list[dict]:
    """The focus's rank in every AI index edition (``ranks``: :func:`ai.ai_ranks`)."""
    return [
        row(
            r.index, r.edition, float(r.rank), f"rank {r.rank}/{r.n_countries}", r.source, r.vintage
        )
        for r in ranks[ranks["iso3"] == focus].itertuples()
    ]


def ai_rank_gap(
    focus: str, partner: str, third: str | None, years: list[int], *, ranks: pd.DataFrame
) -> list[dict]:
    """The focus's rank minus the partner's, per AI index edition (``ranks``: ai.ai_ranks)."""
    rows = []
    for (index, edition), group in ranks.groupby(["index", "edition"], sort=True):
        by = group.set_index("iso3")
        if focus in by.index and partner in by.index:
            gap = float(by.loc[focus, "rank"] - by.loc[partner, "rank"])
            n = by.loc[focus, "n_countries"]
            note = (
                f"{names.name(partner)} {by.loc[partner, 'rank']}/{n}, "
                f"{names.name(focus)} {by.loc[focus, 'rank']}/{n}"
            )
            rows.append(
                row(index, edition, gap, note, by.loc[focus, "source"], by.loc[focus, "vintage"])
            )
    return rows


def pair_counts(table: pd.DataFrame, focus: str, partner: str, indicator: str) -> pd.DataFrame:
    """Return a bilateral indicator for one pair, whichever order the table stores it in."""
    pairs = bilateral.symmetric_pairs(table[table["indicator"] == indicator].reset_index(drop=True))
    pair = pairs[(pairs["iso3"] == focus) & (pairs["partner_iso3"] == partner)]
    return pair.drop_duplicates(subset=["year", "vintage"])


NCSES_PAIR_LABELS = {
    "intl_coauthored_articles": "NCSES co-authored articles",
    "intl_collaboration_index": "NCSES index of collaboration",
}
"""NCSES pair indicators the co-authorship claims use, with their labels."""


def _openalex_growth(focus: str, partner: str, years: list[int], copub: pd.DataFrame) -> list[dict]:
    rows: list[dict] = []
    works = pair_counts(copub, focus, partner, "coauthored_works").set_index("year")
    start, end = min(years), max(years)
    if start not in works.index or end not in works.index:
        return rows
    value = works.loc[end, "value"] / works.loc[start, "value"]
    rows.append(
        row(
            "OpenAlex co-authored works, end ÷ start",
            f"{start}-{end}",
            value,
            f"{works.loc[start, 'value']:.0f} → {works.loc[end, 'value']:.0f} works",
            works.loc[end, "source"],
            works.loc[end, "vintage"],
        )
    )
    # Did the pair outgrow the focus country's international co-authorship as a whole?
    own = copub[
        (copub["indicator"] == "internationally_coauthored_works")
        & (copub["iso3"] == focus)
        & copub["year"].between(start, end)
    ]
    own = own.set_index("year")["value"]
    if start in own.index and end in own.index:
        relative = value / (own[end] / own[start])
        rows.append(
            row(
                "OpenAlex pair growth ÷ focus country's international growth",
                f"{start}-{end}",
                relative,
                f"pair ×{value:.1f} vs all international ×{own[end] / own[start]:.1f}",
                works.loc[end, "source"],
                works.loc[end, "vintage"],
                claimed=1.0,
            )
        )
    return rows


def copub_growth(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    copub: pd.DataFrame,
    ncses: pd.DataFrame,
) -> list[dict]:
    """How much the pair's co-authorship grew: OpenAlex works and NCSES articles and index.

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period.
        copub: ``copub`` rows of the pair (``coauthored_works``) and the focus
            (``internationally_coauthored_works``).
        ncses: ``ncses`` rows of the pair's NCSES pair indicators.
    """
    rows = _openalex_growth(focus, partner, years, copub)
    for indicator, label in NCSES_PAIR_LABELS.items():
        # Counts must at least double (the claim's value); an index only has to rise.
        threshold = 1.0 if indicator == "intl_collaboration_index" else None
        pair = pair_counts(ncses, focus, partner, indicator)
        for vintage, group in pair.groupby("vintage"):
            g = group.set_index("year").sort_index()
            if len(g) >= 2:
                first, last = g.index[0], g.index[-1]
                value = g.loc[last, "value"] / g.loc[first, "value"]
                rows.append(
                    row(
                        f"{label}, end ÷ start ({vintage})",
                        f"{first}-{last}",
                        value,
                        f"{g.loc[first, 'value']:g} → {g.loc[last, 'value']:g}",
                        g.loc[last, "source"],
                        str(vintage),
                        claimed=threshold,
                    )
                )
    return rows


def copub_vs_third(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    copub: pd.DataFrame,
    ncses: pd.DataFrame,
) -> list[dict]:
    """The partner's co-authorship with the third country ÷ with the focus (OpenAlex, NCSES)."""
    if third is None:
        return [row("co-authorship", "-", None, "needs a third country")]
    rows = []
    end = max(years)
    a = pair_counts(copub, partner, third, "coauthored_works").set_index("year")
    b = pair_counts(copub, partner, focus, "coauthored_works").set_index("year")
    if end in a.index and end in b.index:
        rows.append(
            row(
                f"OpenAlex co-authored works, {names.name(partner)}-{names.name(third)} ÷ "
                f"{names.name(partner)}-{names.name(focus)}",
                end,
                a.loc[end, "value"] / b.loc[end, "value"],
                f"{a.loc[end, 'value']:.0f} vs {b.loc[end, 'value']:.0f} works",
                a.loc[end, "source"],
                a.loc[end, "vintage"],
            )
        )
    for indicator, label in NCSES_PAIR_LABELS.items():
        x = pair_counts(ncses, partner, third, indicator)
        y = pair_counts(ncses, partner, focus, indicator)
        both = x.merge(y, on=["year", "vintage"], suffixes=("_t", "_f"))
        for r in both.itertuples():
            rows.append(
                row(
                    f"{label} ({r.vintage})",
                    r.year,
                    r.value_t / r.value_f,
                    f"{r.value_t:g} vs {r.value_f:g}",
                    r.source_t,
                    r.vintage,
                )
            )
    return rows


def reverse_investment(
    focus: str, partner: str, third: str | None, years: list[int], *, cgit: pd.DataFrame
) -> list[dict]:
    """Say why investment in both directions cannot be checked (``cgit``: the tracker's rows)."""
    table = cgit[
        (cgit["iso3"] == partner)
        & cgit["year"].between(min(years), max(years))
        & (cgit["indicator"] == "chinese_investment_usd_mn")
    ]
    into_focus = (
        table[table["partner_iso3"] == focus]["value"].sum() if partner == "CHN" else float("nan")
    )
    note = (
        f"CGIT records {into_focus / 1000:.1f} US$ bn of Chinese investment into {names.name(focus)} "
        f"{min(years)}-{max(years)}, but no investment from {names.name(focus)} into China: the tracker "
        "covers Chinese outward deals only"
        if partner == "CHN"
        else "the only deal-level source (CGIT) covers investment from China only"
    )
    return [
        row(
            "investment in both directions",
            f"{min(years)}-{max(years)}",
            None,
            note,
            "cgit",
            "; ".join(sorted(set(table["vintage"]))),
        )
    ]


def hightech_trade_ratio(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    sold: pd.DataFrame,
    bought: pd.DataFrame,
) -> list[dict]:
    """High-tech exports partner→focus (``sold``) ÷ focus→partner (``bought``): bilateral.hightech_trade."""
    sold = sold.set_index("year")
    bought = bought.set_index("year")
    rows = []
    for year in years:
        if year in sold.index and year in bought.index:
            rows.append(
                row(
                    "HS 84, 85, 88, 90 exports, partner→focus ÷ focus→partner (BACI)",
                    year,
                    sold.loc[year, "value"] / bought.loc[year, "value"],
                    f"{sold.loc[year, 'value'] / 1e6:.1f} vs {bought.loc[year, 'value'] / 1e6:.2f} US$ bn",
                    sold.loc[year, "source"],
                    sold.loc[year, "vintage"],
                )
            )
        else:
            rows.append(
                row(
                    "HS 84, 85, 88, 90 exports (BACI)",
                    year,
                    None,
                    "no bilateral trade data for this pair (the file holds China-Russia flows only)",
                )
            )
    return rows


def gdp_multiple(
    focus: str, partner: str, third: str | None, years: list[int], *, gdp: pd.DataFrame
) -> list[dict]:
    """Partner ÷ focus GDP at PPP and at market rates (``gdp``: WDI rows)."""
    rows = []
    for indicator, label in (("gdp_ppp_usd", "GDP at PPP"), ("gdp_usd", "GDP at market rates")):
        rows += _multiple_rows(gdp[gdp["indicator"] == indicator], focus, partner, years, label)
    return rows


MATH_LABELS = {
    "math_specialization_index": "Mathematics specialisation index",
    "math_top1pct_cited_share": "Share in the top 1% most-cited mathematics papers",
}
"""NCSES mathematics indicators the mathematics claim uses, with their labels."""


def math_advantage(
    focus: str, partner: str, third: str | None, years: list[int], *, fields: pd.DataFrame
) -> list[dict]:
    """Focus ÷ partner mathematics specialisation and top-cited share (``fields``: ncses_fields)."""
    rows = []
    for indicator, label in MATH_LABELS.items():
        sub = fields[fields["indicator"] == indicator]
        wide = compare.wide(sub, [focus, partner])
        for year in years:
            if year in wide.index and wide.loc[year].notna().all():
                ratio = wide.loc[year, focus] / wide.loc[year, partner]
                rows.append(
                    row(
                        f"{label}, focus ÷ partner",
                        year,
                        ratio,
                        f"{wide.loc[year, focus]:.2f} vs {wide.loc[year, partner]:.2f}",
                        sub["source"].iloc[0],
                        sub["vintage"].iloc[0],
                    )
                )
        if not wide.dropna().empty and not any(r["definition"].startswith(label) for r in rows):
            last = int(wide.dropna().index.max())
            rows.append(
                row(
                    f"{label}, focus ÷ partner",
                    last,
                    wide.loc[last, focus] / wide.loc[last, partner],
                    f"latest year with data: {last}",
                    sub["source"].iloc[0],
                    sub["vintage"].iloc[0],
                )
            )
    return rows
