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

Loading is kept apart from computing: :func:`claim_tables` (in :mod:`.load`) loads one claim's
tables through its quantity's named loader, :func:`compute_from` (in :mod:`.evaluation`)
computes its rows from them and :func:`judge` turns rows into verdicts, neither loading;
:func:`compute` (one claim) and :func:`evaluate` (every claim, judged) compose them in
:mod:`.load`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypedDict

import pandas as pd

from analysis.data import countries as names
from analysis.topics.claims import ai_quantities, catalogue, quantities, resilience_quantities
from analysis.topics.claims import evaluation as evaluation
from analysis.topics.claims import gairi as gairi
from analysis.topics.claims import load as load
from analysis.topics.claims import reading as reading
from analysis.topics.claims import registry as texts
from analysis.topics.claims.catalogue import QUANTITIES, Quantity
from analysis.topics.claims.evaluation import (
    RESULT_COLUMNS,
    RULE,
    compute_from,
    inside,
    judge,
    roles,
    span,
    unfilled,
    verdict,
)
from analysis.topics.claims.load import Roles, claim_tables, compute, evaluate
from analysis.topics.claims.quantities import row
from analysis.topics.claims.reading import OVERALL, VERDICTS, summary
from analysis.topics.claims.registry import check, registry

__all__ = [
    "charts",
    "figureless_sentence",
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
    "claim_tables",
    "compute",
    "compute_from",
    "evaluate",
    "evaluation",
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
    "span",
    "summary",
    "texts",
    "unfilled",
    "verdict",
]


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
    quote = f"“{claim['quote']}” ({claim['speaker']}, {claim['date']})"  # wrapped by the figure
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
        empty_message=_empty_message(every["note"]),
    )


def _empty_message(notes: pd.Series) -> str:
    """Say why nothing is drawn: the rows' notes, each saying "not checkable" once."""
    reasons = sorted({str(n).removeprefix("not checkable: ") for n in notes if str(n)})
    return "not checkable: " + "; ".join(reasons) if reasons else "not checkable"


def charts(results: pd.DataFrame, registry: pd.DataFrame) -> dict[str, Chart]:
    """Return the figure content (:func:`chart`) of each claim with a value to draw, by claim id.

    A claim that no definition computes (the package has no data that measure it) has nothing
    to draw: it gets no figure, and its reason stays in the verdict table
    (:func:`figureless_sentence` names these claims).
    """
    drawn = {}
    for _, claim in registry.iterrows():
        content = chart(results, claim)
        if not content["rows"].empty:
            drawn[str(claim["id"])] = content
    return drawn


def figureless_sentence(registry: pd.DataFrame, drawn: Mapping[str, Chart]) -> str:
    """Say how many claims have a figure, and name those without one (nothing computed)."""
    missing = [str(i) for i in registry["id"] if str(i) not in drawn]
    if not missing:
        return f"Every one of the {len(registry)} claims has a figure."
    return (
        f"{len(drawn)} of {len(registry)} claims have a figure; {len(missing)} have no computed "
        f"value to draw, their reasons are in the verdict table: {', '.join(missing)}."
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
