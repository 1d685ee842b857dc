"""The claims check: the essay's quantitative claims, evaluated under every definition the data allow.

The claims live in ``claims.csv`` (the project's own table, one row per checkable claim, each with
its exact quote, speaker, date, the quantity and comparison it implies, tolerance and citation).
:func:`evaluate` computes each claim's quantity under every admissible definition and period and
derives a verdict from the comparison and the tolerance; no verdict is typed in.

Comparisons:

* ``ratio``: computed multiple vs the claimed one: *supported* within ±tolerance (relative),
  *partly supported* within twice that, *not supported* otherwise.
* ``at_least``: *supported* when the computed value reaches the claimed value, *partly
  supported* when it is above 1 (the direction is right) but short of it, *not supported* else.
* ``rank_band``: claimed value = the narrow band (top N), tolerance = the wide band (top M):
  *supported* within the wide band (the least the speaker asserts), *not supported* below it;
  the note says whether the rank is also in the narrow band.

Rows whose period lies outside the claim's reference period are kept as context
(``in_period`` False) and left out of the per-claim summary.

A definition with no data gives *not checkable*, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.data import countries as names
from analysis.data.processed import load
from analysis.topics import bilateral, compare, patents, rd

VERDICTS = ("supported", "partly supported", "not supported", "not checkable")
HIGHTECH_CHAPTERS = bilateral.HIGH_TECH_CHAPTERS
RESULT_COLUMNS = [
    "claim",
    "definition",
    "period",
    "computed",
    "claimed",
    "verdict",
    "in_period",
    "note",
    "source",
    "vintage",
]


def registry() -> pd.DataFrame:
    """Return the claims table (``claims.csv`` in the package)."""
    text = (resources.files("analysis.topics") / "claims.csv").read_text(encoding="utf-8")
    from io import StringIO

    table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    for column in ("claimed_value", "tolerance"):
        table[column] = table[column].astype(float)
    return table


def _years(period: str) -> list[int]:
    first, _, last = period.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _row(
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


def _overlaps(period: str, reference: str) -> bool:
    """Return True when a row's period ("2018", "2003-2022") overlaps the claim's reference period."""
    try:
        a = _years(period)
    except ValueError:
        return True  # a row without a numeric period (e.g. "-") is not out of period
    b = _years(reference)
    return a[0] <= b[-1] and b[0] <= a[-1]


# --- quantities: each returns rows (definition, period, computed value, note, provenance) --------


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
            _row(
                label,
                year,
                value,
                "no data for this year" if missing else "",
                "; ".join(sorted(set(src["source"]))),
                "; ".join(sorted(set(src["vintage"]))),
            )
        )
    return rows


def _patent_multiple(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    data = patents.panel([focus, partner], (min(years), max(years)))
    rows = []
    for definition in ("resident", "office_total", "by_origin"):
        sub = data[data["definition"] == definition]
        rows += _multiple_rows(sub, focus, partner, years, patents.SHORT[definition])
    return rows


def _rd_multiple(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    spend = rd.spending([focus, partner], (min(years), max(years)))
    rows = []
    for measure in ("usd_ppp", "usd_market"):
        label = f"R&D {rd.MEASURES[measure][0].replace('R&D spending ', '')} (WDI)"
        rows += _multiple_rows(spend[spend["measure"] == measure], focus, partner, years, label)
    gerd = load(
        "ncses_gerd", [focus, partner], (min(years), max(years)), indicators=["gerd_ppp_usd"]
    )
    for (vintage, year), group in gerd.groupby(["vintage", "year"]):
        table = compare.wide(group, [focus, partner])
        value = compare.multiples(table, focus)[partner].get(int(year))
        if value is not None and not pd.isna(value):
            rows.append(
                _row(
                    f"GERD at PPP (NCSES {vintage})",
                    int(year),
                    value,
                    "",
                    "ncses_sei_gerd",
                    str(vintage),
                )
            )
    return rows


_RANK_INDICATORS = {
    "gai_score": "Tortoise Global AI Index",
    "gairi_score": "Oxford Insights Government AI Readiness Index",
    "gairi_pillar_mean_score": "Oxford Insights Government AI Readiness Index",
    "aipi_score": "IMF AI Preparedness Index",
}


def ai_ranks(countries: Sequence[str]) -> pd.DataFrame:
    """Return every edition's official (or computed) rank of each country, with its denominator."""
    table = load("ai_rankings", countries, indicators=list(_RANK_INDICATORS))
    table = table[table["rank"].notna()].copy()
    table["index"] = table["indicator"].map(_RANK_INDICATORS)
    return table[
        ["index", "edition", "iso3", "rank", "n_countries", "source", "vintage"]
    ].sort_values(["index", "edition", "iso3"])


def _ai_rank(focus: str, partner: str | None, third: str | None, years: list[int]) -> list[dict]:
    ranks = ai_ranks([focus])
    return [
        _row(
            r.index, r.edition, float(r.rank), f"rank {r.rank}/{r.n_countries}", r.source, r.vintage
        )
        for r in ranks.itertuples()
    ]


def _ai_rank_gap(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    ranks = ai_ranks([focus, partner])
    rows = []
    for (index, edition), group in ranks.groupby(["index", "edition"], sort=True):
        by = group.set_index("iso3")
        if focus in by.index and partner in by.index:
            gap = float(by.loc[focus, "rank"] - by.loc[partner, "rank"])
            n = by.loc[focus, "n_countries"]
            note = f"{names.name(partner)} {by.loc[partner, 'rank']}/{n}, {names.name(focus)} {by.loc[focus, 'rank']}/{n}"
            rows.append(
                _row(index, edition, gap, note, by.loc[focus, "source"], by.loc[focus, "vintage"])
            )
    return rows


def pair_counts(focus: str, partner: str, indicator: str, dataset: str) -> pd.DataFrame:
    """Return a bilateral indicator for one pair, whichever order the file stores it in."""
    table = bilateral.symmetric_pairs(load(dataset, [focus, partner], indicators=[indicator]))
    pair = table[(table["iso3"] == focus) & (table["partner_iso3"] == partner)]
    return pair.drop_duplicates(subset=["year", "vintage"])


def _copub_growth(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    rows = []
    works = pair_counts(focus, partner, "coauthored_works", "copub").set_index("year")
    start, end = min(years), max(years)
    if start in works.index and end in works.index:
        value = works.loc[end, "value"] / works.loc[start, "value"]
        rows.append(
            _row(
                "OpenAlex co-authored works, end ÷ start",
                f"{start}-{end}",
                value,
                f"{works.loc[start, 'value']:.0f} → {works.loc[end, 'value']:.0f} works",
                works.loc[end, "source"],
                works.loc[end, "vintage"],
            )
        )
        # Did the pair outgrow the focus country's international co-authorship as a whole?
        own = load("copub", [focus], (start, end), indicators=["internationally_coauthored_works"])
        own = own.set_index("year")["value"]
        if start in own.index and end in own.index:
            relative = value / (own[end] / own[start])
            rows.append(
                _row(
                    "OpenAlex pair growth ÷ focus country's international growth",
                    f"{start}-{end}",
                    relative,
                    f"pair ×{value:.1f} vs all international ×{own[end] / own[start]:.1f}",
                    works.loc[end, "source"],
                    works.loc[end, "vintage"],
                    claimed=1.0,
                )
            )
    for indicator, label in (
        ("intl_coauthored_articles", "NCSES co-authored articles"),
        ("intl_collaboration_index", "NCSES index of collaboration"),
    ):
        # Counts must at least double (the claim's value); an index only has to rise.
        threshold = 1.0 if indicator == "intl_collaboration_index" else None
        pair = pair_counts(focus, partner, indicator, "ncses")
        for vintage, group in pair.groupby("vintage"):
            g = group.set_index("year").sort_index()
            if len(g) >= 2:
                first, last = g.index[0], g.index[-1]
                value = g.loc[last, "value"] / g.loc[first, "value"]
                rows.append(
                    _row(
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


def _copub_vs_third(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    if third is None:
        return [_row("co-authorship", "-", None, "needs a third country")]
    rows = []
    end = max(years)
    a = pair_counts(partner, third, "coauthored_works", "copub").set_index("year")
    b = pair_counts(partner, focus, "coauthored_works", "copub").set_index("year")
    if end in a.index and end in b.index:
        rows.append(
            _row(
                f"OpenAlex co-authored works, {names.name(partner)}-{names.name(third)} ÷ "
                f"{names.name(partner)}-{names.name(focus)}",
                end,
                a.loc[end, "value"] / b.loc[end, "value"],
                f"{a.loc[end, 'value']:.0f} vs {b.loc[end, 'value']:.0f} works",
                a.loc[end, "source"],
                a.loc[end, "vintage"],
            )
        )
    for indicator, label in (
        ("intl_coauthored_articles", "NCSES co-authored articles"),
        ("intl_collaboration_index", "NCSES index of collaboration"),
    ):
        x = pair_counts(partner, third, indicator, "ncses")
        y = pair_counts(partner, focus, indicator, "ncses")
        both = x.merge(y, on=["year", "vintage"], suffixes=("_t", "_f"))
        for r in both.itertuples():
            rows.append(
                _row(
                    f"{label} ({r.vintage})",
                    r.year,
                    r.value_t / r.value_f,
                    f"{r.value_t:g} vs {r.value_f:g}",
                    r.source_t,
                    r.vintage,
                )
            )
    return rows


def _reverse_investment(
    focus: str, partner: str, third: str | None, years: list[int]
) -> list[dict]:
    table = load(
        "cgit", [partner], (min(years), max(years)), indicators=["chinese_investment_usd_mn"]
    )
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
        _row(
            "investment in both directions",
            f"{min(years)}-{max(years)}",
            None,
            note,
            "cgit",
            "; ".join(sorted(set(table["vintage"]))),
        )
    ]


def hightech_trade(exporter: str, importer: str, years: tuple[int, int]) -> pd.DataFrame:
    """Return exports from ``exporter`` to ``importer`` in HS chapters 84, 85, 88, 90 (US$ thousand, by year)."""
    table = load("trade", [exporter], years, indicators=["exports_value_usd_thousand"])
    table = table[
        (table["partner_iso3"] == importer) & table["category"].str[:2].isin(HIGHTECH_CHAPTERS)
    ]
    return table.groupby(["year", "source", "vintage"], as_index=False)["value"].sum()


def _hightech_trade_ratio(
    focus: str, partner: str, third: str | None, years: list[int]
) -> list[dict]:
    span = (min(years), max(years))
    sold = hightech_trade(partner, focus, span).set_index("year")
    bought = hightech_trade(focus, partner, span).set_index("year")
    rows = []
    for year in years:
        if year in sold.index and year in bought.index:
            rows.append(
                _row(
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
                _row(
                    "HS 84, 85, 88, 90 exports (BACI)",
                    year,
                    None,
                    "no bilateral trade data for this pair (the file holds China-Russia flows only)",
                )
            )
    return rows


def _gdp_multiple(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    gdp = load(
        "wdi", [focus, partner], (min(years), max(years)), indicators=["gdp_usd", "gdp_ppp_usd"]
    )
    rows = []
    for indicator, label in (("gdp_ppp_usd", "GDP at PPP"), ("gdp_usd", "GDP at market rates")):
        rows += _multiple_rows(gdp[gdp["indicator"] == indicator], focus, partner, years, label)
    return rows


def _math_advantage(focus: str, partner: str, third: str | None, years: list[int]) -> list[dict]:
    table = load(
        "ncses_fields",
        [focus, partner],
        indicators=["math_specialization_index", "math_top1pct_cited_share"],
    )
    rows = []
    labels = {
        "math_specialization_index": "Mathematics specialisation index",
        "math_top1pct_cited_share": "Share in the top 1% most-cited mathematics papers",
    }
    for indicator, label in labels.items():
        sub = table[table["indicator"] == indicator]
        wide = compare.wide(sub, [focus, partner])
        for year in years:
            if year in wide.index and wide.loc[year].notna().all():
                ratio = wide.loc[year, focus] / wide.loc[year, partner]
                rows.append(
                    _row(
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
                _row(
                    f"{label}, focus ÷ partner",
                    last,
                    wide.loc[last, focus] / wide.loc[last, partner],
                    f"latest year with data: {last}",
                    sub["source"].iloc[0],
                    sub["vintage"].iloc[0],
                )
            )
    return rows


QUANTITIES: dict[str, Callable[[str, str | None, str | None, list[int]], list[dict]]] = {
    "patent_multiple": _patent_multiple,
    "rd_multiple": _rd_multiple,
    "ai_rank": _ai_rank,
    "ai_rank_gap": _ai_rank_gap,
    "copub_growth": _copub_growth,
    "copub_vs_third": _copub_vs_third,
    "reverse_investment": _reverse_investment,
    "hightech_trade_ratio": _hightech_trade_ratio,
    "gdp_multiple": _gdp_multiple,
    "math_advantage": _math_advantage,
}


def verdict(comparison: str, computed: float | None, claimed: float, tolerance: float) -> str:
    """Return the verdict for one computed value (see the module docstring for the rules)."""
    if computed is None or pd.isna(computed):
        return "not checkable"
    if comparison == "ratio":
        error = abs(computed / claimed - 1)
        if error <= tolerance:
            return "supported"
        return "partly supported" if error <= 2 * tolerance else "not supported"
    if comparison == "at_least":
        if computed >= claimed:
            return "supported"
        return "partly supported" if computed > 1 else "not supported"
    if comparison == "rank_band":
        return "supported" if computed <= tolerance else "not supported"
    raise ValueError(f"unknown comparison {comparison!r}; expected ratio, at_least or rank_band")


def roles(claim: pd.Series, countries: Sequence[str] | None) -> tuple[str, str | None, str | None]:
    """Return (focus, compared country, third country) for a claim.

    The claim names its own countries (``focus``, ``partner``, ``third``; ``against`` says
    which of partner or third the comparison is against). Given parameter countries, the roles
    map onto them by position: focus = first, partner = second, third = third; a role the
    list does not fill is None, and the claim is then "not checkable".
    """
    own = {
        "focus": claim["focus"],
        "partner": claim["partner"] or None,
        "third": claim["third"] or None,
    }
    if countries:
        position = {"focus": 0, "partner": 1, "third": 2}
        own = {
            role: (countries[position[role]] if len(countries) > position[role] else None)
            if (code or role == "focus")
            else None
            for role, code in own.items()
        }
    against = claim.get("against") or "partner"
    return own["focus"], own[against], own["third"] if against != "third" else None


def evaluate(
    countries: Sequence[str] | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Evaluate every claim under every definition; return the verdict table.

    Args:
        countries: Parameter countries (focus, partner, third); None keeps each claim's own.
        claims: A claims table (default: :func:`registry`).

    Returns:
        One row per claim × definition × period with columns claim, definition, period,
        computed, claimed, verdict, in_period (whether the row's period overlaps the claim's
        reference period; rows outside it are context and do not enter :func:`summary`), note,
        source, vintage.
    """
    claims = registry() if claims is None else claims
    rows = []
    for _, claim in claims.iterrows():
        focus, other, third = roles(claim, countries)
        needs_other = claim["quantity"] != "ai_rank"
        if needs_other and other is None:
            results = [
                _row("-", claim["reference_period"], None, "needs another country in the list")
            ]
        else:
            results = QUANTITIES[claim["quantity"]](
                focus, other, third, _years(claim["reference_period"])
            )
        if not results:
            results = [_row("-", claim["reference_period"], None, "no data for these countries")]
        for r in results:
            claimed = r.pop("claimed") if r.get("claimed") is not None else claim["claimed_value"]
            r.pop("claimed", None)
            note = r["note"]
            if claim["comparison"] == "rank_band" and r["computed"] is not None:
                inside = "in" if r["computed"] <= claim["claimed_value"] else "not in"
                note = f"{note}; {inside} the top {claim['claimed_value']:g}".lstrip("; ")
            rows.append(
                {
                    **r,
                    "claim": claim["id"],
                    "claimed": claimed,
                    "verdict": verdict(
                        claim["comparison"], r["computed"], claimed, claim["tolerance"]
                    ),
                    "in_period": _overlaps(r["period"], claim["reference_period"]),
                    "note": note,
                }
            )
    return pd.DataFrame(rows)[RESULT_COLUMNS]


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim: verdict counts and the overall verdict across definitions.

    Overall: *supported* when every checkable definition supports it, *not supported* when none
    does (not even partly), *not checkable* when nothing could be computed, and *partly
    supported* otherwise (it depends on the definition). Only rows within the claim's reference
    period count (``in_period``); when a claim has none, all its rows count.
    """
    rows = []
    for claim, every in results.groupby("claim", sort=False):
        group = (
            every[every["in_period"]]
            if "in_period" in every and every["in_period"].any()
            else every
        )
        checked = group[group["verdict"] != "not checkable"]
        counts = checked["verdict"].value_counts()
        if checked.empty:
            overall = "not checkable"
        elif counts.get("supported", 0) == len(checked):
            overall = "supported"
        elif counts.get("not supported", 0) == len(checked):
            overall = "not supported"
        else:
            overall = "partly supported"
        rows.append(
            {
                "claim": claim,
                "overall": overall,
                "definitions": len(group),
                **{v: int(counts.get(v, 0)) for v in VERDICTS[:3]},
                "range": _range(checked),
            }
        )
    return pd.DataFrame(rows)


def _range(checked: pd.DataFrame) -> str:
    values = checked["computed"].dropna()
    if values.empty:
        return "-"
    return f"{values.min():.3g} to {values.max():.3g}"


def reproduction_sentence(results: pd.DataFrame, countries: Sequence[str] | None = None) -> str:
    """Say which definitions and years reproduce the "38 times / 16 times" patent figures, if any."""
    from analysis.topics.text import join, times

    out = []
    for claim_id in ("patents_38x_fewer_than_china", "patents_16x_fewer_than_us"):
        group = results[results["claim"] == claim_id]
        if group.empty or group["computed"].isna().all():
            out.append(f"- {claim_id}: not checkable for these countries.")
            continue
        hits = group[group["verdict"] == "supported"]
        claimed = group["claimed"].iloc[0]
        best = group.loc[(group["computed"] / claimed - 1).abs().idxmin()]
        if hits.empty:
            out.append(
                f"- {times(claimed)}: no definition and year reproduces it; the closest is "
                f"{best['definition']} {best['period']} at {times(best['computed'])}."
            )
        else:
            found = [f"{r.definition} {r.period} ({times(r.computed)})" for r in hits.itertuples()]
            out.append(f"- {times(claimed)}: reproduced (within the tolerance) by {join(found)}.")
    return "\n".join(out)


def figure(results: pd.DataFrame, claim: pd.Series) -> Figure:  # noqa: F821 - matplotlib type
    """Draw one claim: the computed value under each definition and period against the claim.

    Dots are coloured by verdict; the claimed value is a vertical line (for a rank band, the
    two band limits).
    """
    import matplotlib.pyplot as plt

    from analysis.viz import figures

    every = results[results["claim"] == claim["id"]]
    group = every.dropna(subset=["computed"])
    colours = {"supported": "#009E73", "partly supported": "#E69F00", "not supported": "#D55E00"}
    labels = [f"{d} · {p}" for d, p in zip(group["definition"], group["period"], strict=True)]
    fig, [ax] = figures.new_figure(height=0.22 * max(len(group), 1) + 1.5)
    if group.empty:
        figures.empty_note(ax, "not checkable: " + "; ".join(sorted(set(every["note"]))))
    else:
        y = range(len(group))
        ax.scatter(group["computed"], y, c=[colours[v] for v in group["verdict"]], s=26, zorder=3)
        ax.set_yticks(list(y), labels, fontsize=6.5)
        ax.invert_yaxis()
        limits = [claim["claimed_value"]] + (
            [claim["tolerance"]] if claim["comparison"] == "rank_band" else []
        )
        for limit in limits:
            ax.axvline(limit, color="#333333", lw=1, ls="--")
            ax.annotate(
                f"claimed {figures.short_number(limit)}",
                (limit, 0),
                xytext=(3, 8),
                textcoords="offset points",
                fontsize=6.5,
                color="#333333",
                xycoords=("data", "axes fraction"),
            )
        values = group["computed"].tolist() + limits
        if (
            claim["comparison"] != "rank_band"
            and min(values) > 0
            and max(values) / min(values) > 10
        ):
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: figures.short_number(v)))
        for verdict_name, colour in colours.items():
            ax.scatter([], [], c=colour, s=26, label=verdict_name)
        ax.legend(loc="best", fontsize=6.5)
        ax.grid(axis="x", color="#eeeeee")
        ax.set_xlabel("rank" if claim["comparison"] == "rank_band" else "computed value")
    overall = summary(every).iloc[0]
    import textwrap

    quote = textwrap.fill(f"“{claim['quote']}” ({claim['speaker']}, {claim['date']})", 130)
    finding = (
        f"{overall['overall'].capitalize()}: {overall['supported']} of {overall['definitions']} "
        f"definitions support it (computed {overall['range']}; claimed {claim['claimed_value']:g})"
    )
    fig.suptitle(f"{finding}\n{quote}", x=0.01, ha="left", fontsize=8.5, fontweight="bold")
    figures.add_footer(
        fig,
        figures.footer_from_data(every[every["source"] != ""]) + f" Claim: {claim['citation']}.",
    )
    return fig


def roles_sentence(claims_table: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say for which countries the claims are evaluated, and warn when they are not the essay's."""
    essay = claims_table.iloc[0]
    third = next((t for t in claims_table["third"] if t), None)
    named = [c for c in (essay["focus"], essay["partner"], third) if c]
    if list(countries[:3]) == named:
        return (
            f"Evaluated for the countries the essay names: {names.name(named[0])} (focus), "
            f"{names.name(named[1])} (partner) and {names.name(named[2])} (third)."
        )
    shown = ", ".join(names.name(c) for c in countries[:3])
    return (
        f"Note: the essay's claims concern {', '.join(names.name(c) for c in named)}; here the same "
        f"statements are tested for {shown} in those roles, which checks these countries' asymmetry, "
        "not the essay."
    )


def save_table(results: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write the full verdict table as ``<out_dir>/claims.csv`` (atomically) and return its path.

    The report runner shows this file in ``index.html``; a notebook display would be truncated.
    """
    from analysis.atomic import atomic_path

    target = Path(out_dir) / "claims.csv"
    with atomic_path(target) as tmp:
        results.assign(computed=results["computed"].round(3)).to_csv(tmp, index=False)
    return target
