"""From the rows of one claim to its overall verdict and the reasoning a referee would write.

:func:`summary` gives one row per claim: the overall verdict and ``reading``, a sentence that
says which definitions support the claim and which do not, what the data cannot reach, and the
quantity's caveat. The overall verdict is computed from the rows that count (in period, measuring
the claim):

* *supported* / *not supported*: every checkable definition agrees;
* *mixed*: some definitions support the claim and others do not (the reading names them);
* *partly supported*: none fully supports it, some partly (the direction is right);
* *not checkable*: nothing could be computed; when the data reach only the later part of the
  reference period (an ``uncovered`` row), the verdict says so: "not checkable before 2003;
  from 2003 on, not supported".
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

VERDICTS = ("supported", "partly supported", "not supported", "not checkable")
"""Verdicts of one row (one definition and period)."""

OVERALL = ("supported", "mixed", "partly supported", "not supported", "not checkable")
"""Overall verdicts of a claim (a claim the data reach only in part gets a qualified one)."""


def _word(checked: pd.DataFrame) -> str:
    counts = checked["verdict"].value_counts()
    if checked.empty:
        return "not checkable"
    if counts.get("supported", 0) == len(checked):
        return "supported"
    if counts.get("not supported", 0) == len(checked):
        return "not supported"
    return "mixed" if counts.get("supported", 0) else "partly supported"


def _span(values: pd.Series) -> str:
    low, high = values.min(), values.max()
    return f"{low:.3g}" if f"{low:.3g}" == f"{high:.3g}" else f"{low:.3g} to {high:.3g}"


def _definitions(checked: pd.DataFrame) -> dict[str, list[str]]:
    """Definitions by how they judge the claim: supported, partly, not supported, divided."""
    out: dict[str, list[str]] = {"supported": [], "partly": [], "not": [], "divided": []}
    for definition, rows in checked.groupby("definition", sort=False):
        verdicts = set(rows["verdict"])
        periods = sorted(set(rows["period"]))
        when = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
        text = f"{definition} ({when}: {_span(rows['computed'].astype(float))})"
        key = (
            "supported"
            if verdicts == {"supported"}
            else "not"
            if verdicts == {"not supported"}
            else "partly"
            if verdicts == {"partly supported"}
            else "divided"
        )
        out[key].append(text)
    return out


def _clean(note: str) -> str:
    return str(note).removeprefix("not checkable: ").rstrip(".")


def _unchecked(counted: pd.DataFrame, every: pd.DataFrame) -> str:
    """Why nothing could be judged: the notes of the counted rows, or the context rows' years."""
    if not counted.empty:
        notes = sorted({_clean(n) for n in counted["note"] if str(n)})
        return "Not checkable: " + "; ".join(notes) + "."
    shown = [f"{r.definition} ({r.period}: {float(r.computed):.3g}; {r.note})"
             for r in every.dropna(subset=["computed"]).itertuples()]  # fmt: skip
    text = "Not checkable within the claim's reference period: no data reach those years"
    return text + (f"; the data that exist cover other years, shown as context: {'; '.join(shown)}."
                   if shown else ".")  # fmt: skip


def reading(every: pd.DataFrame, caveat: str = "") -> tuple[str, str]:
    """Return (overall verdict, reasoning) for the rows of one claim.

    Args:
        every: All rows of one claim (the verdict table's rows, context rows included).
        caveat: The quantity's caveat, appended to the reasoning.
    """
    counted = every[every["counts"].astype(bool)] if "counts" in every else every
    uncovered = (
        counted[counted["uncovered"].astype(bool)] if "uncovered" in counted else counted.iloc[0:0]
    )
    checked = counted[counted["verdict"] != "not checkable"]
    word = _word(checked)
    parts = []
    if checked.empty:
        parts.append(_unchecked(counted, every))
    else:
        by = _definitions(checked)
        said = {
            "supported": "Supported by",
            "partly": "Partly supported by",
            "not": "Not supported by",
            "divided": "Divided by year or edition under",
        }
        parts += [f"{said[k]} {'; '.join(v)}." for k, v in by.items() if v]
    overall = word
    if not uncovered.empty and not checked.empty:
        first = min(int(str(p).split("-")[0]) for p in checked["period"])
        overall = f"not checkable before {first}; from {first} on, {word}"
        why = _clean(str(uncovered["note"].iloc[0]).split(": ", 1)[-1])
        parts.insert(0, f"Not checkable before {first}: {why}.")
    apart = every[every["in_period"].astype(bool) & ~every["counts"].astype(bool)] if (
        "in_period" in every and "counts" in every) else every.iloc[0:0]  # fmt: skip
    apart = apart[apart["computed"].notna()]
    if not apart.empty:
        shown = [f"{r.definition} ({r.period}: {float(r.computed):.3g}; {r.note})"
                 for r in apart.itertuples()]  # fmt: skip
        parts.append("Shown apart, not counted: " + "; ".join(shown) + ".")
    context = int(len(every) - len(counted) - len(apart))
    if context and not checked.empty:
        parts.append(f"{context} context rows (out of period) shown in the detail.")
    if caveat:
        parts.append(caveat)
    return overall, " ".join(parts)


def _caveat(every: pd.DataFrame, caveats: Mapping[str, str] | None, claim: str) -> str:
    """The caveat given for ``claim``, else the one of its quantity (the ``quantity`` column)."""
    if caveats is not None:
        return caveats.get(claim, "")
    if "quantity" not in every:
        return ""
    from analysis.topics.claims.catalogue import QUANTITIES

    quantity = QUANTITIES.get(str(every["quantity"].iloc[0]))
    return quantity.caveat if quantity else ""


def summary(results: pd.DataFrame, caveats: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return one row per claim: overall verdict, reasoning, verdict counts and the range.

    Only the rows that count (``counts``: in period and measuring the claim) enter the verdict;
    ``definitions`` is their number, ``context`` the number shown for context only.

    Args:
        results: The verdict table (one row per claim × definition × period).
        caveats: Claim id -> the caveat said in ``reading``; default: the caveat of the claim's
            quantity (the table's ``quantity`` column).

    Returns:
        Columns claim, text_id (when the table has it), overall, reading, definitions,
        supported, partly supported, not supported, range, context.
    """
    rows = []
    for claim, every in results.groupby("claim", sort=False):
        counted = every["counts"] if "counts" in every else pd.Series(True, index=every.index)
        group = every[counted.astype(bool)]
        checked = group[group["verdict"] != "not checkable"]
        counts = checked["verdict"].value_counts()
        overall, why = reading(every, _caveat(every, caveats, str(claim)))
        values = checked["computed"].dropna()
        rows.append(
            {
                "claim": claim,
                **({"text_id": every["text_id"].iloc[0]} if "text_id" in every else {}),
                "overall": overall,
                "reading": why,
                "definitions": len(group),
                **{v: int(counts.get(v, 0)) for v in VERDICTS[:3]},
                "range": "-" if values.empty else f"{values.min():.3g} to {values.max():.3g}",
                "context": int(len(every) - len(group)),
            }
        )
    return pd.DataFrame(rows)
