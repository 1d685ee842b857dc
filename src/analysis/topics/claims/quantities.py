"""The claims' quantities: each computes rows from the tables it is given, and never loads.

A quantity is a function ``(focus, partner, third, years, **tables) -> rows``: ``years`` are the
claim's reference period and ``tables`` the processed tables it needs, passed by keyword (the
claims package's ``QUANTITIES`` pairs each quantity with the loader of those tables). Each row,
made by :func:`row`, is one computed value under one definition and period, with a note and its
provenance. The AI claims' quantities are in :mod:`.ai_quantities`.
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
    context: bool = False,
    uncovered: bool = False,
) -> dict:
    """One computed value.

    Args:
        definition: What was computed (the definition's label).
        period: The year or years the value describes ("2018", "2003-2019"); an index edition
            is dated by its publication year (see the claims package's ``RULE``).
        computed: The value, or None when it cannot be computed.
        note: What the reader needs to read the value (counts behind a ratio, rank/N).
        source: Source id(s) of the data.
        vintage: Vintage(s) of the data.
        claimed: Overrides the claim's threshold for this definition only.
        context: True for a definition shown for context only: it does not measure the claim
            itself (the note says what it measures) and does not enter the overall verdict.
        uncovered: True for a row that stands for the part of the reference period no data
            reach (``computed`` None, the note says why): the verdict then reads "not
            checkable before <year>; from <year> on, ..." instead of judging the whole claim
            on the years the data reach.
    """
    return {
        "definition": definition,
        "period": str(period),
        "computed": computed,
        "note": note,
        "source": source,
        "vintage": vintage,
        "claimed": claimed,
        "context": context,
        "uncovered": uncovered,
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
    works = pair_counts(copub, focus, partner, bilateral.COPUB_PAIR).set_index("year")
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
        (copub["indicator"] == bilateral.COPUB_TOTAL)
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
            inside = g[(g.index >= min(years)) & (g.index <= max(years))]
            # The span inside the reference period is judged; the whole series is context.
            for span in (inside, g) if len(inside) < len(g) else (g,):
                if len(span) < 2:
                    continue
                first, last = span.index[0], span.index[-1]
                rows.append(
                    row(
                        f"{label}, end ÷ start ({vintage})",
                        f"{first}-{last}",
                        span.loc[last, "value"] / span.loc[first, "value"],
                        f"{span.loc[first, 'value']:g} → {span.loc[last, 'value']:g}",
                        span.loc[last, "source"],
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
    a = pair_counts(copub, partner, third, bilateral.COPUB_PAIR).set_index("year")
    b = pair_counts(copub, partner, focus, bilateral.COPUB_PAIR).set_index("year")
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


GDP_LABELS = {"gdp_ppp_usd": "GDP at PPP", "gdp_usd": "GDP at market rates"}
"""WDI GDP indicators the "outpaced" claim uses, with their labels."""

GROWTH_WINDOW = 10
"""Besides the whole reference period, growth is also judged over its last this-many years."""


def gdp_growth(
    focus: str, partner: str, third: str | None, years: list[int], *, gdp: pd.DataFrame
) -> list[dict]:
    """Partner's GDP growth ÷ focus's over the reference period and its last decade.

    (partner end ÷ start) ÷ (focus end ÷ start) = the partner's multiple at the end ÷ at the
    start: above 1 when the partner grew faster (outpaced the focus). Levels are in the note.

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period.
        gdp: WDI rows of :data:`GDP_LABELS`.
    """
    rows = []
    end = max(years)
    starts = [min(years)] + ([end - GROWTH_WINDOW] if end - GROWTH_WINDOW > min(years) else [])
    for indicator, label in GDP_LABELS.items():
        sub = gdp[gdp["indicator"] == indicator]
        table = compare.wide(sub, [focus, partner])
        for start in starts:
            rows.append(_growth_row(table, focus, partner, (start, end), label, sub))
    return rows


def _growth_row(
    table: pd.DataFrame,
    focus: str,
    partner: str,
    span: tuple[int, int],
    label: str,
    sub: pd.DataFrame,
) -> dict:
    start, end = span
    definition = f"{label} growth, partner ÷ focus"
    try:
        f0, f1 = table.loc[start, focus], table.loc[end, focus]
        p0, p1 = table.loc[start, partner], table.loc[end, partner]
    except KeyError:
        return row(definition, f"{start}-{end}", None, "no data for the first or last year")
    if pd.isna([f0, f1, p0, p1]).any() or not (f0 and p0):
        return row(definition, f"{start}-{end}", None, "no data for the first or last year")
    g_f, g_p = f1 / f0, p1 / p0
    return row(
        definition,
        f"{start}-{end}",
        g_p / g_f,
        f"{names.name(partner)} ×{g_p:.1f}, {names.name(focus)} ×{g_f:.1f}; "
        f"level {p0 / f0:.1f}× → {p1 / f1:.1f}×",
        "; ".join(sorted(set(sub["source"]))),
        "; ".join(sorted(set(sub["vintage"]))),
    )


MATH_LABELS = {
    "math_specialization_index": "Mathematics specialisation index",
    "math_top1pct_cited_share": "Top-1% index of mathematics papers",
}
"""NCSES mathematics indicators the mathematics claim uses, with their labels."""

MATH_FIELD = "Mathematics and statistics"
"""The ``se_articles_fractional`` category of mathematics articles."""

MATH_DEFINITIONS = {
    "articles": (
        "Mathematics articles (fractional count), focus ÷ partner",
        "how many mathematics articles each country produces",
    ),
    "top1_share": (
        "Share of the world's top-1% most-cited mathematics papers, focus ÷ partner",
        "top-1% papers ≈ fractional mathematics articles × the top-1% index ÷ 100",
    ),
    "top1_index": (
        "Top-1% index of mathematics papers, focus ÷ partner",
        "share of each country's own mathematics papers in the world's top 1% (world = 1): impact "
        "per paper",
    ),
    "specialisation": (
        "Mathematics specialisation index, focus ÷ partner",
        "how large a share of each country's own output is mathematics (world = 1): a reading of "
        "expertise as concentration (a country that specialises in mathematics has more of its "
        "researchers in it), not of volume or impact",
    ),
}
"""Mathematics definitions: key -> (label, what it measures)."""


def _math_tables(focus: str, partner: str, fields: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Year × (focus, partner) tables of each :data:`MATH_DEFINITIONS` measure."""

    def one(indicator: str, category: str | None = None) -> pd.DataFrame:
        sub = fields[fields["indicator"] == indicator]
        if category is not None and "category" in sub:
            sub = sub[sub["category"] == category]
        return compare.wide(sub, [focus, partner])

    articles = one("se_articles_fractional", MATH_FIELD)
    index = one("math_top1pct_cited_share")
    return {
        "articles": articles,
        "top1_share": (articles * index / 100).dropna(how="all"),
        "top1_index": index,
        "specialisation": one("math_specialization_index"),
    }


def math_advantage(
    focus: str, partner: str, third: str | None, years: list[int], *, fields: pd.DataFrame
) -> list[dict]:
    """Focus ÷ partner on mathematics output, top-cited papers and specialisation.

    Four definitions (:data:`MATH_DEFINITIONS`): fractional article counts, the share of the
    world's top-1% most-cited papers (articles × the top-1% index), the top-1% index itself, and
    the specialisation index. Each counts: a referee reads expertise as volume, as impact or
    as specialisation, and the verdict says which readings support the claim and which do not
    (:data:`MATH_CAVEAT` is said with it). A definition without data in the
    reference period gives its latest year instead (outside the period, so context).

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period.
        fields: ``ncses_fields`` rows: ``se_articles_fractional`` (category
            :data:`MATH_FIELD`), ``math_top1pct_cited_share``, ``math_specialization_index``.
    """
    rows = []
    source = "; ".join(sorted(set(fields["source"]))) if not fields.empty else ""
    for key, table in _math_tables(focus, partner, fields).items():
        label, measures = MATH_DEFINITIONS[key]
        both = table.dropna() if focus in table and partner in table else table.iloc[0:0]
        inside = [int(y) for y in both.index if min(years) <= y <= max(years)]
        chosen = inside or ([int(both.index.max())] if not both.empty else [])
        for year in chosen:
            f, p = both.loc[year, focus], both.loc[year, partner]
            shown = f"{f:,.0f} vs {p:,.0f}" if min(f, p) >= 100 else f"{f:.2f} vs {p:.2f}"
            rows.append(
                row(
                    label,
                    year,
                    f / p if p else None,
                    f"{shown}; {measures}" + ("" if inside else f"; latest year with data: {year}"),
                    source,
                    _vintage(fields, key),
                )
            )
    return rows


MATH_CAVEAT = (
    "Citation measures (the top-1% share and index) are known to penalise Russian-language "
    "journals, which are less indexed and less cited internationally, so they understate Russian "
    "mathematics; the specialisation index does not depend on citations."
)
"""Said with the verdict of the mathematics claim."""


def unmeasured(
    focus: str, partner: str | None, third: str | None, years: list[int], *, reason: str
) -> list[dict]:
    """One not-checkable row for a claim no data in the package measure.

    Args:
        focus: Not used.
        partner: Not used.
        third: Not used.
        years: The claim's reference period (the row's period).
        reason: Which data would be needed (the claim's ``operationalisation``).
    """
    period = f"{min(years)}-{max(years)}" if len(years) > 1 else str(years[0])
    return [row("no data in the package measure it", period, None, f"not checkable: {reason}")]


_MATH_INDICATOR = {
    "articles": ["se_articles_fractional"],
    "top1_share": ["se_articles_fractional", "math_top1pct_cited_share"],
    "top1_index": ["math_top1pct_cited_share"],
    "specialisation": ["math_specialization_index"],
}


def _vintage(fields: pd.DataFrame, key: str) -> str:
    sub = fields[fields["indicator"].isin(_MATH_INDICATOR[key])]
    return "; ".join(sorted(set(sub["vintage"].astype(str))))


TRADE_LABELS = {"total": "all goods", "hightech": "high-tech goods (HS 84, 85, 88, 90)"}
"""BACI measures the cooperation claims read as economic and technological ties."""


def ties_growth(
    focus: str,
    partner: str,
    third: str | None,
    years: list[int],
    *,
    copub: pd.DataFrame,
    ncses: pd.DataFrame,
    trade: pd.DataFrame,
) -> list[dict]:
    """Growth of the pair's ties: co-authorship (:func:`copub_growth`) and trade both ways.

    Trade rows: each direction's exports, all goods and high-tech goods, at the last ÷ the first
    year of the BACI extract inside the reference period (the extract starts in 2017 and holds
    China-Russia only; other pairs get no trade row).

    Args:
        focus: The focus country.
        partner: The partner.
        third: Not used.
        years: The claim's reference period.
        copub: As for :func:`copub_growth`.
        ncses: As for :func:`copub_growth`.
        trade: :func:`analysis.topics.bilateral.trade_summary` rows (measure, iso3 = exporter,
            year, value in US$ bn).
    """
    rows = copub_growth(focus, partner, third, years, copub=copub, ncses=ncses)
    inside = trade[trade["year"].between(min(years), max(years))] if not trade.empty else trade
    for measure, label in TRADE_LABELS.items():
        for exporter, importer in ((focus, partner), (partner, focus)):
            sub = inside[(inside["measure"] == measure) & (inside["iso3"] == exporter)]
            series = sub.set_index("year")["value"].sort_index()
            if len(series) < 2 or not series.iloc[0]:
                continue
            first, last = int(series.index[0]), int(series.index[-1])
            rows.append(
                row(
                    f"BACI exports {names.name(exporter)}→{names.name(importer)}, {label}, "
                    "end ÷ start",
                    f"{first}-{last}",
                    float(series.iloc[-1] / series.iloc[0]),
                    f"US${series.iloc[0]:.1f} bn → US${series.iloc[-1]:.1f} bn",
                    "; ".join(sorted(set(sub["source"]))),
                    "; ".join(sorted(set(sub["vintage"]))),
                )
            )
    return rows
