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
* ``rank_within``: the computed value is a rank (read as a share of the countries ranked, see
  :func:`.ai_quantities.ai_rank`): *supported* when it is at most the claimed value (top N), *not
  supported* otherwise; the note also says whether the rank as published is within the top N.
* ``above``: *supported* when the computed value exceeds the claimed value, *not supported*
  otherwise (e.g. a rank gap in percentage points above 0).

The reference-period rule (:data:`RULE`, shown in the claims notebook) is one rule for every
claim: a row is dated by the year(s) its value describes, except an index edition, which is
dated by the year it was published (what a speaker could cite by then: the GAIRI "2021" edition,
published January 2022, is a 2022 row); a row is *in period* only when its whole period lies
inside the claim's reference period (a 2003-2022 series is not inside 2000-2019). Rows out of
period, and definitions marked as context because they do not measure the claim (their note says
what they measure), are kept in the table with ``counts`` False and left out of the summary.

A definition with no data gives *not checkable*, with a note saying why.

Loading is kept apart from computing: each quantity (:mod:`.quantities`) computes rows from the
tables it is given; :data:`QUANTITIES` pairs it with the loader of those tables;
:func:`compute` loads one claim's tables and computes its rows, :func:`judge` turns rows into
verdicts without loading, and :func:`evaluate` does both for every claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypedDict

import pandas as pd

from analysis.data import countries as names
from analysis.data.processed import load
from analysis.topics import ai, bilateral, patents, rd
from analysis.topics.claims import ai_quantities, quantities, resilience_quantities
from analysis.topics.claims import gairi as gairi
from analysis.topics.claims.quantities import MATH_LABELS, NCSES_PAIR_LABELS, row

VERDICTS = ("supported", "partly supported", "not supported", "not checkable")
RESULT_COLUMNS = [
    "claim",
    "definition",
    "period",
    "computed",
    "claimed",
    "verdict",
    "in_period",
    "counts",
    "note",
    "source",
    "vintage",
]


RULE = (
    "Reference-period rule: every row is dated by the year(s) its value describes, except an index "
    "edition, which is dated by the year it was published (what a speaker could cite by then; the "
    "GAIRI 2021 edition, published in January 2022, is a 2022 row). A row counts towards a claim's "
    "verdict only when its whole period lies inside the claim's reference period and it measures "
    "the claim itself; other rows are shown as context."
)
"""The one reference-period rule applied to every claim (shown in the claims notebook)."""


def _needs(value: str | None, what: str) -> str:
    """Return ``value``; a claim whose quantity needs it must name it in claims.csv."""
    if value is None:
        raise ValueError(f"this claim's quantity needs a {what} country; set it in claims.csv")
    return value


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


def inside(period: str, reference: str) -> bool:
    """Return True when a row's whole period ("2018", "2003-2022") lies inside ``reference``.

    A row without a numeric period (e.g. "-") is not out of period.
    """
    try:
        a = _years(period)
    except ValueError:
        return True
    b = _years(reference)
    return b[0] <= a[0] and a[-1] <= b[-1]


# --- loading: the only code here that reads processed tables -------------------------------------

Span = tuple[int, int]


@dataclass(frozen=True)
class Quantity:
    """One checkable quantity: the tables it needs and how it computes rows from them.

    Attributes:
        compute: ``compute(focus, partner, third, years, **tables) -> rows``; never loads.
        tables: ``tables(focus, partner, third, (first, last)) -> {name: table}``: loads the
            keyword arguments of ``compute``.
    """

    compute: Callable[..., list[dict]]
    tables: Callable[[str, str | None, str | None, Span], dict[str, pd.DataFrame]]


def _pair(*countries: str | None) -> list[str]:
    return [c for c in countries if c]


def _ai_output(countries: list[str]) -> pd.DataFrame:
    """The AI output series of :data:`.ai_quantities.AI_OUTPUT_LABELS` (OWID/CSET and NCSES rows)."""
    frames = []
    for dataset in ("owid", "ncses"):
        wanted = [i for i, (d, _, _) in ai.OUTPUT_SERIES.items() if d == dataset]
        wanted = [i for i in wanted if i in ai_quantities.AI_OUTPUT_LABELS]
        frames.append(load(dataset, countries, indicators=wanted))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_AI_COLUMNS)


_AI_COLUMNS = ["iso3", "country", "year", "indicator", "value", "unit", "source", "vintage"]


QUANTITIES: dict[str, Quantity] = {
    "patent_multiple": Quantity(
        quantities.patent_multiple,
        lambda f, p, t, span: {"panel": patents.panel(_pair(f, p), span)},
    ),
    "rd_multiple": Quantity(
        quantities.rd_multiple,
        lambda f, p, t, span: {
            "spending": rd.spending(_pair(f, p), span),
            "gerd": load("ncses_gerd", _pair(f, p), span, indicators=["gerd_ppp_usd"]),
        },
    ),
    "ai_rank": Quantity(ai_quantities.ai_rank, lambda f, p, t, span: {"ranks": ai.positions([f])}),
    "ai_rank_gap": Quantity(
        ai_quantities.ai_rank_gap, lambda f, p, t, span: {"ranks": ai.positions(_pair(f, p))}
    ),
    "ai_output_earliest": Quantity(
        ai_quantities.ai_output_earliest,
        lambda f, p, t, span: {"output": _ai_output(_pair(f, p))},
    ),
    "copub_growth": Quantity(
        quantities.copub_growth,
        lambda f, p, t, span: {
            "copub": load(
                "copub",
                _pair(f, p),
                indicators=["coauthored_works", "internationally_coauthored_works"],
            ),
            "ncses": load("ncses", _pair(f, p), indicators=list(NCSES_PAIR_LABELS)),
        },
    ),
    "copub_after_break": Quantity(
        resilience_quantities.copub_after_break,
        lambda f, p, t, span: {
            "pairs": bilateral.copub_pairs([f], (span[0] - resilience_quantities.WIDTH, span[1]))
        },
    ),
    "copub_vs_third": Quantity(
        quantities.copub_vs_third,
        lambda f, p, t, span: {
            "copub": load("copub", _pair(f, p, t), indicators=["coauthored_works"]),
            "ncses": load("ncses", _pair(f, p, t), indicators=list(NCSES_PAIR_LABELS)),
        },
    ),
    "reverse_investment": Quantity(
        quantities.reverse_investment,
        lambda f, p, t, span: {
            "cgit": load("cgit", _pair(p), span, indicators=["chinese_investment_usd_mn"])
        },
    ),
    "hightech_trade_ratio": Quantity(
        quantities.hightech_trade_ratio,
        lambda f, p, t, span: {
            "sold": bilateral.hightech_trade(_needs(p, "partner"), f, span),
            "bought": bilateral.hightech_trade(f, _needs(p, "partner"), span),
        },
    ),
    "gdp_growth": Quantity(
        quantities.gdp_growth,
        lambda f, p, t, span: {
            "gdp": load("wdi", _pair(f, p), span, indicators=["gdp_usd", "gdp_ppp_usd"])
        },
    ),
    "math_advantage": Quantity(
        quantities.math_advantage,
        lambda f, p, t, span: {
            "fields": load(
                "ncses_fields",
                _pair(f, p),
                indicators=[*MATH_LABELS, "se_articles_fractional"],
            )
        },
    ),
}
"""Quantity name (the claims table's ``quantity`` column) -> its computation and its loader."""


def compute(claim: pd.Series, countries: Sequence[str] | None = None) -> list[dict]:
    """Load the tables one claim needs and compute its rows under every definition.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`roles`); None keeps the claim's own.

    Returns:
        The quantity's rows (see :func:`_row`); one "needs another country" row when a role the
        quantity needs is not filled.
    """
    focus, other, third = roles(claim, countries)
    if claim["quantity"] != "ai_rank" and other is None:
        return [row("-", claim["reference_period"], None, "needs another country in the list")]
    years = _years(claim["reference_period"])
    quantity = QUANTITIES[claim["quantity"]]
    tables = quantity.tables(focus, other, third, (min(years), max(years)))
    return quantity.compute(focus, other, third, years, **tables)


# --- verdicts ------------------------------------------------------------------------------------


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
    if comparison == "rank_within":
        return "supported" if computed <= claimed else "not supported"
    if comparison == "above":
        return "supported" if computed > claimed else "not supported"
    raise ValueError(
        f"unknown comparison {comparison!r}; expected ratio, at_least, rank_within or above"
    )


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


def judge(claims: pd.DataFrame, computed: Sequence[list[dict]]) -> pd.DataFrame:
    """Turn each claim's computed rows into the verdict table.

    Args:
        claims: A claims table (see :func:`registry`).
        computed: One list of rows per claim, in the table's order (see :func:`compute`).

    Returns:
        One row per claim × definition × period with columns claim, definition, period,
        computed, claimed, verdict, in_period (whether the row's whole period lies inside the
        claim's reference period, :data:`RULE`), counts (in period and not a context-only
        definition: only these rows enter :func:`summary`), note, source, vintage.
    """
    if len(computed) != len(claims):
        raise ValueError(
            f"{len(computed)} lists of computed rows for {len(claims)} claims: pass one per claim"
        )
    rows = []
    for (_, claim), results in zip(claims.iterrows(), computed, strict=True):
        if not results:
            results = [row("-", claim["reference_period"], None, "no data for these countries")]
        for r in (dict(r) for r in results):
            claimed = r.pop("claimed") if r.get("claimed") is not None else claim["claimed_value"]
            r.pop("claimed", None)
            context = bool(r.pop("context", False))
            published = r.pop("rank", None)
            note = r["note"]
            if claim["comparison"] == "rank_within" and published is not None:
                within = "within" if published <= claimed else "not within"
                note = f"{note}; as published {within} the top {claimed:g}"
            in_period = inside(r["period"], claim["reference_period"])
            rows.append(
                {
                    **r,
                    "claim": claim["id"],
                    "claimed": claimed,
                    "verdict": verdict(
                        claim["comparison"], r["computed"], claimed, claim["tolerance"]
                    ),
                    "in_period": in_period,
                    "counts": in_period and not context,
                    "note": note,
                }
            )
    return pd.DataFrame(rows)[RESULT_COLUMNS]


def evaluate(
    countries: Sequence[str] | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Evaluate every claim under every definition; return the verdict table.

    Loads what each claim needs (:func:`compute`), then judges the rows (:func:`judge`).

    Args:
        countries: Parameter countries (focus, partner, third); None keeps each claim's own.
        claims: A claims table (default: :func:`registry`).

    Returns:
        The verdict table (see :func:`judge`).
    """
    claims = registry() if claims is None else claims
    return judge(claims, [compute(claim, countries) for _, claim in claims.iterrows()])


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim: verdict counts and the overall verdict across definitions.

    Overall: *supported* when every checkable definition supports it, *not supported* when none
    does (not even partly), *not checkable* when nothing could be computed, and *partly
    supported* otherwise (it depends on the definition). Only the rows that count (``counts``:
    in period and not context, see :data:`RULE`) enter; a claim with none is *not checkable*.
    ``definitions`` is the number of counted rows, ``context`` the number of rows shown as
    context only.
    """
    rows = []
    for claim, every in results.groupby("claim", sort=False):
        counted = every["counts"] if "counts" in every else pd.Series(True, index=every.index)
        group = every[counted.astype(bool)]
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
                "context": int(len(every) - len(group)),
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


def _rank_label(note: str) -> str:
    """The ranks with their N a rank row's note starts with ("29/194"; "China 20/194, Russia 29/194")."""
    import re

    head = re.sub(r" \(top \d+% of the ranked\)| \(top \d+%\)", "", note.split(";")[0])
    if head.startswith("rank "):
        return head.split(" = ")[0].removeprefix("rank ")
    return head if re.search(r"\d+/\d+", head) else ""


_DIRECTIONS = (", focus ÷ partner", ", partner ÷ focus")
"""Direction suffixes of definitions, said once on the x axis instead of on every tick label."""

RANK_QUANTITIES = ("ai_rank", "ai_rank_gap")
"""Quantities whose computed value is a rank (drawn on a linear axis, labelled rank/N)."""


def _short(definition: str) -> str:
    for suffix in _DIRECTIONS:
        definition = definition.replace(suffix, "")
    return definition


def _axis_label(claim: pd.Series, group: pd.DataFrame) -> str:
    if claim["quantity"] == "ai_rank":
        scale = group["note"].str.extract(r"= rank \d+ of (\d+)")[0].dropna()
        world = scale.iloc[0] if not scale.empty else "N"
        return f"rank ÷ N × {world} (the edition's rank as if {world} countries were ranked)"
    if claim["quantity"] == "ai_rank_gap":
        return "partner ahead by, percentage points of the countries ranked"
    for suffix in _DIRECTIONS:
        if group["definition"].str.contains(suffix, regex=False).all():
            return f"computed value, {suffix.removeprefix(', ')}"
    return "computed value"


class Chart(TypedDict):
    """What :func:`analysis.viz.checks.verdict_dots` draws for one claim (see :func:`chart`)."""

    rows: pd.DataFrame
    title: str
    sources: pd.DataFrame
    note: str
    xlabel: str
    claimed: list[float]
    ranks: bool
    empty_message: str


def chart(results: pd.DataFrame, claim: pd.Series) -> Chart:
    """Return one claim's figure content: rows to draw, headline, axis label, claimed values.

    Rows that count towards the verdict (in period, measuring the claim) come first; context rows
    (out of period, or context-only definitions) follow, their labels marked "(context)". Rank
    rows carry their rank/N as annotation. The headline counts only the rows that count.
    Draw it with ``checks.verdict_dots(**claims.chart(results, claim))``.
    """
    import textwrap

    every = results[results["claim"] == claim["id"]]
    group = every.dropna(subset=["computed"])
    group = group.assign(_c=~group["counts"].astype(bool)).sort_values("_c", kind="stable")
    counted = group["counts"].astype(bool)
    ranks = claim["quantity"] in RANK_QUANTITIES
    rows = pd.DataFrame(
        {
            "label": [
                f"{_short(d)} · {p}" + ("" if c else " (context)")
                for d, p, c in zip(group["definition"], group["period"], counted, strict=True)
            ],
            "computed": group["computed"].astype(float).tolist(),
            "verdict": group["verdict"].tolist(),
            "counts": counted.tolist(),
            "annotation": [_rank_label(n) if ranks else "" for n in group["note"]],
        }
    )
    if group["claimed"].nunique() == 1:
        claimed = [float(group["claimed"].iloc[0])]
    else:
        claimed = sorted({float(v) for v in group["claimed"]})
    overall = summary(every).iloc[0]
    quote = textwrap.fill(f"“{claim['quote']}” ({claim['speaker']}, {claim['date']})", 130)
    if overall["overall"] == "not checkable":
        finding = (
            f"Not checkable: no definition can be computed for {claim['reference_period']} "
            f"(claimed {claim['claimed_value']:g})"
        )
    else:
        finding = (
            f"{overall['overall'].capitalize()}: {overall['supported']} of "
            f"{overall['definitions']} definitions in {claim['reference_period']} support it "
            f"(computed {overall['range']}; claimed {claim['claimed_value']:g})"
        )
    if overall["context"]:
        finding += f"; {overall['context']} context rows not counted"
    return Chart(
        rows=rows,
        title=f"{finding}\n{quote}",
        sources=every[every["source"] != ""],
        note=f" Claim: {claim['citation']}.",
        xlabel=_axis_label(claim, group) if not group.empty else "",
        claimed=claimed,
        ranks=ranks,
        empty_message="not checkable: " + "; ".join(sorted(set(every["note"]))),
    )


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
