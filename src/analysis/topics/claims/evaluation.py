"""One claim's rows from the tables it is given, and the verdict table: the claims check's computing.

Nothing here loads: :func:`compute_from` takes a claim, the parameter countries and the tables
of its quantity (what :func:`analysis.topics.claims.load.claim_tables` loads) and computes the
quantity's rows under every definition; :func:`judge` turns each claim's rows into verdicts
(the rules are in :mod:`analysis.topics.claims`). :func:`analysis.topics.claims.load.compute`
and :func:`~analysis.topics.claims.load.evaluate` compose the loading with these.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.topics.claims import quantities
from analysis.topics.claims.catalogue import QUANTITIES
from analysis.topics.claims.quantities import row

Span = tuple[int, int]

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


def span(claim: pd.Series) -> Span:
    """Return the claim's reference period as ``(first, last)`` years."""
    years = _years(claim["reference_period"])
    return min(years), max(years)


def unfilled(claim: pd.Series, countries: Sequence[str] | None = None) -> list[dict]:
    """Return the "needs another country" row when a role the claim's quantity needs is empty.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`roles`); None keeps the claim's own.

    Returns:
        ``[row]`` naming the first missing role (:attr:`.Quantity.needs`), or ``[]`` when every
        role the quantity needs is filled (then its tables can be loaded).
    """
    focus, other, third = roles(claim, countries)
    filled = {"focus": focus, "partner": other, "third": third}
    missing = [r for r in QUANTITIES[claim["quantity"]].needs if not filled[r]]
    if not missing:
        return []
    what = "another country" if missing[0] == "partner" else f"a {missing[0]} country"
    return [row("-", claim["reference_period"], None, f"needs {what} in the list")]


def compute_from(
    claim: pd.Series, countries: Sequence[str] | None, tables: dict[str, pd.DataFrame]
) -> list[dict]:
    """Compute one claim's rows under every definition from its quantity's tables.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`roles`); None keeps the claim's own.
        tables: The keyword arguments of the quantity's ``compute``, ``{name: table}``
            (:func:`analysis.topics.claims.load.claim_tables`; ``{}`` for ``unmeasured``).

    Returns:
        The quantity's rows (see :func:`.quantities.row`); the :func:`unfilled` row when a role
        the quantity needs is not filled.
    """
    needs = unfilled(claim, countries)
    if needs:
        return needs
    focus, other, third = roles(claim, countries)
    quantity = QUANTITIES[claim["quantity"]]
    extra = (
        {"reason": claim["operationalisation"]} if quantity.compute is quantities.unmeasured else {}
    )
    years = _years(claim["reference_period"])
    return quantity.compute(focus, other, third, years, **tables, **extra)


# --- verdicts ------------------------------------------------------------------------------------


def verdict(comparison: str, computed: float | None, claimed: float, tolerance: float) -> str:
    """Return the verdict for one computed value (the rules: :mod:`analysis.topics.claims`)."""
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
        computed: One list of rows per claim, in the table's order (see :func:`compute_from`).

    Returns:
        One row per claim × definition × period with the columns :data:`RESULT_COLUMNS`:
        claim, definition, period, computed, claimed, verdict, in_period (whether the row's
        whole period lies inside the claim's reference period, :data:`RULE`), counts (in period
        and not a context-only definition: only these rows enter :func:`.reading.summary`), note,
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
