"""The claims section of the report page: one row per claim a reader can scan, details on demand.

Reads the claims verdict table(s) the claims notebook writes (``claims.csv``: one row per claim
× definition × period with ``verdict``, ``computed``, ``claimed``, ``counts`` ...) with the
standard library, defensively: a missing column gives an empty cell, never an error. Claims are
grouped by the text they come from when the table (or the claims registry) has a ``text``
column, else shown as one group. The overall verdict and its reasoning are the claims notebook's
own (``claims_summary.csv``: ``overall``, ``reading``); only a run without that table falls back
to a plain rule over the rows (all supported → supported, none → not supported, nothing computed
→ not checkable, else partly supported).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

VERDICT_CLASSES = {
    "supported": "supported",
    "mixed": "mixed",
    "partly supported": "partly",
    "not supported": "not-supported",
    "not checkable": "not-checkable",
}
"""Verdict word → CSS class of its badge."""

SUMMARY_CSV = "claims_summary.csv"
"""The claims notebook's per-claim verdicts and reasoning, beside its ``claims.csv``."""

TEXT_COLUMNS = ("text_title", "text", "text_id", "source_text")
"""Columns that name the text a claim is quoted from (the first present wins)."""

_RANK = re.compile(r"rank\s+(\d+)\s*/\s*(\d+)")


@dataclass
class DetailRow:
    """One definition × period of a claim, formatted for people."""

    definition: str
    period: str
    computed: str
    claimed: str
    verdict: str
    counts: str
    rank: str
    note: str
    source: str


@dataclass
class ClaimRow:
    """One claim as the page shows it."""

    id: str
    quote: str
    speaker: str
    verdict: str
    badge: str
    decisive: str
    claimed: str
    definition: str
    period: str
    rank: str
    summary: str
    figure: dict[str, str] | None
    details: list[DetailRow] = field(default_factory=list)
    reading: str = ""  # the claims notebook's reasoning: which readings support it, which do not


@dataclass
class ClaimGroup:
    """The claims quoted from one text."""

    title: str
    claims: list[ClaimRow]
    citation: str = ""
    url: str = ""


def number(text: str | float | None) -> str:
    """Format a value at a precision a reader wants: 1,234 · 37.5 · 4.64 · 0.0226; '–' if none."""
    try:
        x = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–" if text in (None, "") else str(text)
    if math.isnan(x):
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def read_rows(paths: Iterable[Path]) -> list[dict[str, str]]:
    """Return every row of the given claims CSVs (missing or unreadable files give none)."""
    rows: list[dict[str, str]] = []
    for path in paths:
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows += [{k: (v or "") for k, v in r.items() if k} for r in csv.DictReader(handle)]
        except (OSError, csv.Error, UnicodeDecodeError):
            continue
    return rows


def read_summaries(paths: Iterable[Path]) -> dict[str, dict[str, str]]:
    """Return the claims notebook's per-claim summary rows by claim id.

    They sit beside each verdict table as ``claims_summary.csv`` (columns ``claim``,
    ``overall``, ``reading``); a run without them gives {}.
    """
    rows = read_rows(p.with_name(SUMMARY_CSV) for p in paths)
    return {r["claim"]: r for r in rows if r.get("claim")}


def registry_rows() -> dict[str, dict[str, str]]:
    """Return the claims registry by claim id (quote, speaker, text), or {} if unavailable."""
    try:
        from analysis.topics import claims

        found = claims.registry
        table = (found if callable(found) else found.registry)()  # the function, or its module
    except Exception:  # noqa: BLE001  the page must render without the registry (quotes left out)
        return {}
    return {str(r["id"]): {k: str(v) for k, v in r.items()} for r in table.to_dict("records")}


def _whole(value: str) -> str:
    """Write a count as a whole number ("32.0" → "32")."""
    try:
        return str(int(float(value)))
    except (TypeError, ValueError):
        return value


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


def overall(rows: Sequence[dict[str, str]]) -> str:
    """Return a claim's overall verdict from its rows (the rule of the claims notebook)."""
    counted = [r for r in rows if _truthy(r.get("counts", "True"))]
    checked = [r for r in counted if r.get("verdict") and r.get("verdict") != "not checkable"]
    if not checked:
        return "not checkable"
    verdicts = {r["verdict"] for r in checked}
    if verdicts == {"supported"}:
        return "supported"
    if verdicts == {"not supported"}:
        return "not supported"
    return "partly supported"


def rank_of(row: dict[str, str]) -> str:
    """Return "29/194" from ``rank`` and ``n``/``n_countries`` columns, else from the note."""
    rank = row.get("rank", "")
    n = row.get("n_ranked", "") or row.get("n", "") or row.get("n_countries", "")
    if rank and n:
        return f"{_whole(rank)}/{_whole(n)}"
    found = _RANK.search(row.get("note", ""))
    return f"{found.group(1)}/{found.group(2)}" if found else ""


def _last_year(period: str) -> int:
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    return max(years) if years else 0


def decisive(rows: Sequence[dict[str, str]], verdict: str) -> dict[str, str] | None:
    """Return the row that decides the verdict: the latest counted row that agrees with it.

    For *partly supported* and *mixed*, the latest supported row (the reading under which it
    holds).
    """
    counted = [r for r in rows if _truthy(r.get("counts", "True")) and r.get("computed")]
    wanted = "supported" if verdict in ("partly supported", "mixed") else verdict
    agree = [r for r in counted if r.get("verdict") == wanted] or counted
    if not agree:
        return None
    return max(agree, key=lambda r: (_last_year(r.get("period", "")), r.get("definition", "")))


def _range(rows: Sequence[dict[str, str]]) -> str:
    values = []
    for r in rows:
        if _truthy(r.get("counts", "True")):
            try:
                values.append(float(r.get("computed", "")))
            except ValueError:
                continue
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return ""
    low, high = min(values), max(values)
    n = len(values)
    spread = f"{number(low)} to {number(high)}" if low != high else number(low)
    return f"{n} definition{'s' if n != 1 else ''} counted: {spread}"


def _detail(r: dict[str, str]) -> DetailRow:
    counts = (
        "counts"
        if _truthy(r.get("counts", "True"))
        else (
            "context: outside the reference period"
            if not _truthy(r.get("in_period", "True"))
            else "context: measures something else"
        )
    )
    return DetailRow(
        definition=r.get("definition", ""),
        period=r.get("period", ""),
        computed=number(r.get("computed")),
        claimed=number(r.get("claimed")),
        verdict=r.get("verdict", ""),
        counts=counts,
        rank=rank_of(r),
        note=r.get("note", ""),
        source=" · ".join(v for v in (r.get("source", ""), r.get("vintage", "")) if v),
    )


def claim_rows(
    rows: Sequence[dict[str, str]],
    registry: dict[str, dict[str, str]] | None = None,
    figures: dict[str, dict[str, str]] | None = None,
    summaries: dict[str, dict[str, str]] | None = None,
) -> list[ClaimGroup]:
    """Return the claims grouped by text, each with its verdict, decisive figure and details.

    Args:
        rows: The verdict rows (:func:`read_rows`).
        registry: Claim id → registry row (quote, speaker, text); {} leaves quotes out.
        figures: Claim id → the page anchor of its figure.
        summaries: Claim id → the notebook's summary row (:func:`read_summaries`), whose
            ``overall`` verdict and ``reading`` are shown as they are.
    """
    registry = registry or {}
    figures = figures or {}
    summaries = summaries or {}
    by_claim: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_claim.setdefault(r.get("claim", ""), []).append(r)
    groups: dict[str, list[ClaimRow]] = {}
    cites: dict[str, tuple[str, str]] = {}
    for claim, every in by_claim.items():
        info = registry.get(claim, {})
        summary = summaries.get(claim, {})
        verdict = summary.get("overall") or overall(every)
        best = decisive(every, verdict)
        text = next((every[0].get(c) or info.get(c, "") for c in TEXT_COLUMNS
                     if every[0].get(c) or info.get(c)), "")  # fmt: skip
        cites.setdefault(text, (info.get("citation", ""), info.get("text_url", "")))
        groups.setdefault(text, []).append(
            ClaimRow(
                id=claim,
                quote=every[0].get("quote") or info.get("quote", "") or claim.replace("_", " "),
                speaker=every[0].get("speaker") or info.get("speaker", ""),
                verdict=verdict,
                badge=VERDICT_CLASSES.get(verdict, "not-checkable"),
                decisive=number(best.get("computed")) if best else "–",
                claimed=number((best or every[0]).get("claimed")),
                definition=best.get("definition", "") if best else "",
                period=best.get("period", "") if best else "",
                rank=rank_of(best) if best else "",
                summary=_range(every),
                figure=figures.get(claim),
                details=[_detail(r) for r in every],
                reading=summary.get("reading", ""),
            )
        )
    return [ClaimGroup(title, claims, *cites[title]) for title, claims in groups.items()]
