"""The claims check: claims from the public debate, evaluated under every definition the data allow.

The claims live in one file per text (:mod:`.registry`: ``texts/<text_id>.csv`` with the exact
quotes, the quantity and comparison each implies, tolerance, reference period; and
``texts/<text_id>.toml`` with the text's title, URL and citation); a user's own file in the
same format is checked the same way (``analysis claims check FILE``). :func:`evaluate` computes
each claim's quantity (:mod:`.catalogue`) under every admissible definition and period and
derives a verdict from the comparison and the tolerance; no verdict is typed in.

Comparisons (:data:`.registry.COMPARISONS`):

* ``ratio``: computed multiple vs the claimed one: *supported* within ±tolerance (relative),
  *partly supported* within twice that, *not supported* otherwise.
* ``at_least``: *supported* when the computed value reaches the claimed value, *partly
  supported* when it is above 1 (the direction is right) but short of it, *not supported* else.
* ``rank_within``: the computed value is a rank as published, read among the countries the
  index ranks (:func:`.ai_quantities.ai_rank`, the set named in the note): *supported* when it
  is at most the claimed value (top N), *not supported* otherwise.
* ``above``: *supported* when the computed value exceeds the claimed value, *not supported*
  otherwise (e.g. a rank gap in percentage points above 0).

The reference-period rule (:data:`RULE`, shown in the claims notebook) is one rule for every
claim: a row is dated by the year(s) its value describes, except an index edition, which is
dated by the year it was published (what a speaker could cite by then: the GAIRI "2021" edition,
published January 2022, is a 2022 row); a row is *in period* only when its whole period lies
inside the claim's reference period (a 2003-2022 series is not inside 2000-2019). Rows out of
period, and definitions marked as context because they do not measure the claim (their note says
what they measure), are kept in the table with ``counts`` False and left out of the summary.
Each claim's overall verdict and its reasoning (which definitions support it and which do not,
what the data cannot reach) come from :func:`.reading.summary`.

A definition with no data gives *not checkable*, with a note saying why.

Loading is kept apart from computing: :func:`compute` loads one claim's tables through its
quantity's named loader and computes its rows, :func:`judge` turns rows into verdicts without
loading, and :func:`evaluate` does both for every claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

import pandas as pd

from analysis.data import countries as names
from analysis.topics.claims import ai_quantities, catalogue, quantities, resilience_quantities
from analysis.topics.claims import gairi as gairi
from analysis.topics.claims import load as load
from analysis.topics.claims import reading as reading
from analysis.topics.claims import registry as texts
from analysis.topics.claims.catalogue import QUANTITIES, Quantity, Roles
from analysis.topics.claims.quantities import row
from analysis.topics.claims.reading import OVERALL, VERDICTS, summary
from analysis.topics.claims.registry import check, registry

__all__ = [
    "OVERALL",
    "QUANTITIES",
    "Quantity",
    "RESULT_COLUMNS",
    "RULE",
    "Roles",
    "VERDICTS",
    "ai_quantities",
    "catalogue",
    "check",
    "compute",
    "evaluate",
    "gairi",
    "load",
    "inside",
    "judge",
    "quantities",
    "reading",
    "registry",
    "resilience_quantities",
    "roles",
    "row",
    "summary",
    "texts",
    "verdict",
]

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
    "text_id",
    "text_title",
    "quantity",
    "rank",
    "n_ranked",
    "partner_rank",
    "uncovered",
]
"""Columns of the verdict table. ``text_id``/``text_title`` name the text a claim comes from;
``rank``/``n_ranked`` (and the compared country's ``partner_rank``) carry a rank row's rank and
the number of countries its index ranks; ``uncovered`` marks a row standing for years no data
reach."""


RULE = (
    "Reference-period rule: every row is dated by the year(s) its value describes, except an index "
    "edition, which is dated by the year it was published (what a speaker could cite by then; the "
    "GAIRI 2021 edition, published in January 2022, is a 2022 row). A row counts towards a claim's "
    "verdict only when its whole period lies inside the claim's reference period and it measures "
    "the claim itself; other rows are shown as context."
)
"""The one reference-period rule applied to every claim (shown in the claims notebook)."""


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


def compute(claim: pd.Series, countries: Sequence[str] | None = None) -> list[dict]:
    """Load the tables one claim needs and compute its rows under every definition.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`roles`); None keeps the claim's own.

    Returns:
        The quantity's rows (see :func:`.quantities.row`); one "needs another country" row,
        without loading, when a role the quantity needs (:attr:`.Quantity.needs`) is not filled.
    """
    focus, other, third = roles(claim, countries)
    quantity = QUANTITIES[claim["quantity"]]
    filled = {"focus": focus, "partner": other, "third": third}
    missing = [r for r in quantity.needs if not filled[r]]
    if missing:
        what = "another country" if missing[0] == "partner" else f"a {missing[0]} country"
        return [row("-", claim["reference_period"], None, f"needs {what} in the list")]
    years = _years(claim["reference_period"])
    tables = quantity.tables(Roles(focus, other, third), (min(years), max(years)))
    extra = (
        {"reason": claim["operationalisation"]} if quantity.compute is quantities.unmeasured else {}
    )
    return quantity.compute(focus, other, third, years, **tables, **extra)


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


_TEXT = {"text_id": "", "text_title": ""}


def _judged(r: dict, claim: pd.Series) -> dict:
    """One computed row with its verdict and the claim's columns."""
    r = dict(r)
    claimed = r.pop("claimed") if r.get("claimed") is not None else claim["claimed_value"]
    r.pop("claimed", None)
    context = bool(r.pop("context", False))
    in_period = inside(r["period"], claim["reference_period"])
    return {
        **{k: claim.get(k, v) for k, v in _TEXT.items()},
        "rank": None,
        "n_ranked": None,
        "partner_rank": None,
        "uncovered": False,
        **r,
        "claim": claim["id"],
        "quantity": claim["quantity"],
        "claimed": claimed,
        "verdict": verdict(claim["comparison"], r["computed"], claimed, claim["tolerance"]),
        "in_period": in_period,
        "counts": in_period and not context,
    }


def judge(claims: pd.DataFrame, computed: Sequence[list[dict]]) -> pd.DataFrame:
    """Turn each claim's computed rows into the verdict table.

    Args:
        claims: A claims table (see :func:`.registry.registry`).
        computed: One list of rows per claim, in the table's order (see :func:`compute`).

    Returns:
        One row per claim × definition × period with the columns :data:`RESULT_COLUMNS`:
        claim, definition, period, computed, claimed, verdict, in_period (whether the row's
        whole period lies inside the claim's reference period, :data:`RULE`), counts (in period
        and not a context-only definition: only these rows enter :func:`summary`), note,
        source, vintage, and the text, quantity, rank and coverage columns.
    """
    if len(computed) != len(claims):
        raise ValueError(
            f"{len(computed)} lists of computed rows for {len(claims)} claims: pass one per claim"
        )
    rows = []
    for (_, claim), results in zip(claims.iterrows(), computed, strict=True):
        if not results:
            results = [row("-", claim["reference_period"], None, "no data for these countries")]
        rows += [_judged(r, claim) for r in results]
    table = pd.DataFrame(rows)[RESULT_COLUMNS]
    for column in ("rank", "n_ranked", "partner_rank"):
        table[column] = table[column].astype("Int64")
    return table


def evaluate(
    countries: Sequence[str] | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Evaluate every claim under every definition; return the verdict table.

    Loads what each claim needs (:func:`compute`), then judges the rows (:func:`judge`).

    Args:
        countries: Parameter countries (focus, partner, third); None keeps each claim's own.
        claims: A claims table (default: every text's claims, :func:`.registry.registry`).

    Returns:
        The verdict table (see :func:`judge`).
    """
    claims = registry() if claims is None else claims
    return judge(claims, [compute(claim, countries) for _, claim in claims.iterrows()])


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


def _rank_label(r: object) -> str:
    """A rank row's rank and N from its columns ("29/194"; a gap row: "20/194 vs 29/194")."""
    rank, n, other = (getattr(r, c, None) for c in ("rank", "n_ranked", "partner_rank"))
    if rank is None or pd.isna(rank) or n is None or pd.isna(n):
        return ""
    if other is not None and not pd.isna(other):
        return f"{int(other)}/{int(n)} vs {int(rank)}/{int(n)}"
    return f"{int(rank)}/{int(n)}"


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
        return "rank as published, among the countries each index ranks (1 = first)"
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
            "annotation": [_rank_label(r) if ranks else "" for r in group.itertuples()],
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
        # Judged rows only: a counted "not checkable" row (e.g. the years before the data
        # start) is part of the verdict's wording, not a definition that could support it.
        judged = sum(int(overall[v]) for v in ("supported", "partly supported", "not supported"))
        finding = (
            f"{overall['overall'].capitalize()}: {overall['supported']} of "
            f"{judged} definitions in {claim['reference_period']} support it "
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


DEFAULT_COUNTRIES = ("RUS", "CHN", "USA")
"""The claims notebook's default countries: with them, every claim keeps the countries its text names."""


def parameter_countries(countries: Sequence[str]) -> list[str] | None:
    """The countries to put in every claim's roles, or None to keep each claim's own.

    The texts name different countries (Russia and China; the US and China; China and the UK),
    so with the default countries each claim is evaluated for its own; other countries are put
    in every claim's roles by position (focus, partner, third), which tests those countries'
    asymmetry, not the texts.
    """
    return None if tuple(countries[:3]) == DEFAULT_COUNTRIES else list(countries)


def roles_sentence(claims_table: pd.DataFrame, countries: Sequence[str]) -> str:
    """Say for which countries the claims are evaluated, and warn when they are not the texts'."""
    if parameter_countries(countries) is None:
        texts = (
            claims_table.drop_duplicates("text_id") if "text_id" in claims_table else claims_table
        )
        return (
            f"Evaluated for the countries each text names ({len(claims_table)} claims from "
            f"{len(texts)} texts)."
        )
    shown = ", ".join(names.name(c) for c in countries[:3])
    return (
        f"Note: the texts' claims concern the countries they name; here the same statements are "
        f"tested for {shown} in the roles of focus, partner and third, which checks these "
        "countries' asymmetry, not the texts."
    )


def save_summary(summary_table: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write the per-claim summary in full as ``<out_dir>/claims_summary.csv`` (atomically)."""
    from analysis.atomic import atomic_path

    target = Path(out_dir) / "claims_summary.csv"
    with atomic_path(target) as tmp:
        summary_table.to_csv(tmp, index=False)
    return target


def summary_text(summary_table: pd.DataFrame, claims_table: pd.DataFrame) -> str:
    """The per-claim summary in full, one section per text: verdict and reasoning of each claim."""
    out = []
    by_id = claims_table.set_index("id")
    for _, group in claims_table.groupby("text_id", sort=False):
        first = group.iloc[0]
        where = "; ".join(str(first[c]) for c in ("citation", "text_url") if str(first[c]))
        out.append(f"{first['text_title']} ({where}):")
        for r in summary_table[summary_table["claim"].isin(group["id"])].itertuples():
            quote = by_id.loc[r.claim, "quote"]
            out.append(f"- {r.claim}: {str(r.overall).upper()}. “{quote}” {r.reading}")
        out.append("")
    return "\n".join(out).rstrip()


def save_table(results: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write the full verdict table as ``<out_dir>/claims.csv`` (atomically) and return its path.

    The report runner shows this file in ``index.html``; a notebook display would be truncated.
    """
    from analysis.atomic import atomic_path

    target = Path(out_dir) / "claims.csv"
    with atomic_path(target) as tmp:
        results.assign(computed=results["computed"].round(3)).to_csv(tmp, index=False)
    return target
