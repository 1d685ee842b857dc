"""The loading layer of the claims check: the only module of :mod:`analysis.topics.claims` that reads data.

One named loader per kind of quantity (``tables(roles, span) -> {name: table}``), registered
under the quantity's name in :data:`TABLES`: it reads the processed rows, directly or through
the other topics' loaders (``rd.spending``, ``patents.panel``, ``ai.positions``,
``bilateral.copub_pairs`` ...), and returns the keyword arguments of the quantity's pure
``compute`` (:data:`.catalogue.QUANTITIES`). :func:`claim_tables` loads one claim's tables;
:func:`compute` and :func:`evaluate` compose that loading with the pure steps of
:mod:`.evaluation` (:func:`.evaluation.compute_from`, :func:`.evaluation.judge`).
:func:`gairi_rows` reads what :func:`.gairi.check_sentence` checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.data.processed import load
from analysis.topics import ai, bilateral, patents, rd
from analysis.topics.bilateral import copub
from analysis.topics.claims import (
    ai_quantities,
    evaluation,
    gairi,
    quantities,
    resilience_quantities,
)
from analysis.topics.claims.catalogue import QUANTITIES
from analysis.topics.claims.quantities import MATH_LABELS, NCSES_PAIR_LABELS
from analysis.topics.claims.registry import registry

Span = tuple[int, int]


@dataclass(frozen=True)
class Roles:
    """The countries of one claim: the focus, the compared country and a third country."""

    focus: str
    partner: str | None = None
    third: str | None = None

    def pair(self, *, third: bool = False) -> list[str]:
        """The filled roles, focus first (with the third country when ``third``)."""
        wanted = [self.focus, self.partner] + ([self.third] if third else [])
        return [c for c in wanted if c]


_AI_COLUMNS = ["iso3", "country", "year", "indicator", "value", "unit", "source", "vintage"]


def ai_output(countries: list[str]) -> pd.DataFrame:
    """The AI output series of :data:`.ai_quantities.AI_OUTPUT_LABELS` (OWID/CSET and NCSES rows)."""
    frames = []
    for dataset in ("owid", "ncses"):
        wanted = [i for i, (d, _, _) in ai.OUTPUT_SERIES.items() if d == dataset]
        wanted = [i for i in wanted if i in ai_quantities.AI_OUTPUT_LABELS]
        frames.append(load(dataset, countries, indicators=wanted))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_AI_COLUMNS)


def patent_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """Patent applications under every definition (:func:`analysis.topics.patents.panel`)."""
    return {"panel": patents.panel(roles.pair(), span)}


def rd_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """WDI R&D spending (:func:`analysis.topics.rd.spending`) and NCSES GERD at PPP."""
    return {"spending": rd.spending(roles.pair(), span), "gerd": rd.ncses_gerd(roles.pair(), span)}


def rank_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """Every AI index edition's ranks of the filled roles (:func:`analysis.topics.ai.positions`)."""
    return {"ranks": ai.positions(roles.pair())}


def ai_output_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """AI output series of the filled roles (:func:`ai_output`)."""
    return {"output": ai_output(roles.pair())}


def copub_growth_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """OpenAlex pair and international totals, NCSES pair indicators."""
    pair = roles.pair()
    return {
        "copub": load("copub", pair, indicators=[copub.COPUB_PAIR, copub.COPUB_TOTAL]),
        "ncses": load("ncses", pair, indicators=list(NCSES_PAIR_LABELS)),
    }


def ties_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """Co-authorship (:func:`copub_growth_tables`) and the pair's trade both ways (BACI)."""
    flows = bilateral.trade_flows(roles.pair(), span)
    trade = (
        bilateral.trade_summary(flows)
        if not flows.empty
        else pd.DataFrame(columns=["measure", "iso3", "year", "value", "source", "vintage"])
    )
    return {**copub_growth_tables(roles, span), "trade": trade}


def maturity_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """The focus's co-authorship with every partner from the first year on record, and totals."""
    first = resilience_quantities.FIRST_YEAR
    return {
        "pairs": bilateral.copub_pairs([roles.focus], (first, span[1])),
        "totals": bilateral.copub_totals([roles.focus], (first, span[1])),
        "articles": bilateral.journal_articles((first, span[1])),
    }


def break_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """The focus's co-authorship with every partner around the break."""
    width = resilience_quantities.WIDTH
    return {"pairs": bilateral.copub_pairs([roles.focus], (span[0] - width, span[1]))}


def third_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """OpenAlex and NCSES co-authorship among the three roles."""
    three = roles.pair(third=True)
    return {
        "copub": load("copub", three, indicators=[copub.COPUB_PAIR]),
        "ncses": load("ncses", three, indicators=list(NCSES_PAIR_LABELS)),
    }


def investment_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """The Chinese investment tracker's deals of the compared country."""
    compared = [roles.partner] if roles.partner else []
    return {"cgit": load("cgit", compared, span, indicators=["chinese_investment_usd_mn"])}


def trade_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """High-tech exports in both directions (:func:`analysis.topics.bilateral.hightech_trade`)."""
    partner = roles.partner or ""
    return {
        "sold": bilateral.hightech_trade(partner, roles.focus, span),
        "bought": bilateral.hightech_trade(roles.focus, partner, span),
    }


def gdp_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """WDI GDP at PPP and at market rates."""
    return {"gdp": load("wdi", roles.pair(), span, indicators=list(quantities.GDP_LABELS))}


def math_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """NCSES mathematics articles, top-1% index and specialisation index."""
    wanted = [*MATH_LABELS, "se_articles_fractional"]
    return {"fields": load("ncses_fields", roles.pair(), indicators=wanted)}


def ai_pair_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """NCSES AI co-authored articles of every pair, 2003-22 as one period."""
    return {"pairs": load("ncses", indicators=[ai_quantities.AI_PAIR_INDICATOR])}


def no_tables(roles: Roles, span: Span) -> dict[str, pd.DataFrame]:
    """A quantity no data in the package measure: nothing to load."""
    return {}


def gairi_rows() -> pd.DataFrame:
    """The ``ai_rankings`` rows of the GAIRI check country (:func:`.gairi.check_2025`)."""
    return load("ai_rankings", [gairi.CHECK_COUNTRY])


Loader = Callable[[Roles, Span], dict[str, pd.DataFrame]]
"""``tables(roles, (first, last)) -> {name: table}``: the keyword arguments of a quantity's
``compute``."""

TABLES: dict[str, Loader] = {
    "patent_multiple": patent_tables,
    "rd_multiple": rd_tables,
    "ai_rank": rank_tables,
    "ai_rank_gap": rank_tables,
    "ai_output_earliest": ai_output_tables,
    "ai_output_multiple": ai_output_tables,
    "ai_output_growth": ai_output_tables,
    "ai_pair_lead": ai_pair_tables,
    "copub_growth": copub_growth_tables,
    "ties_growth": ties_tables,
    "copub_maturity": maturity_tables,
    "copub_after_break": break_tables,
    "copub_vs_third": third_tables,
    "reverse_investment": investment_tables,
    "hightech_trade_ratio": trade_tables,
    "gdp_growth": gdp_tables,
    "math_advantage": math_tables,
    "unmeasured": no_tables,
}
"""Quantity name (:data:`.catalogue.QUANTITIES`) -> the loader of the tables its ``compute`` takes."""


def claim_tables(
    claim: pd.Series, countries: Sequence[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Load the tables one claim's quantity takes, for its roles and reference period.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`.evaluation.roles`); None keeps the claim's own.

    Returns:
        ``{name: table}``, the keyword arguments of the quantity's ``compute``
        (:func:`.evaluation.compute_from` takes them).

    Raises:
        ValueError: A role the quantity needs is not filled (:func:`.evaluation.unfilled`):
            there is nothing to load for it.
    """
    if evaluation.unfilled(claim, countries):
        needs = QUANTITIES[claim["quantity"]].needs
        raise ValueError(
            f"claim {claim['id']!r} ({claim['quantity']}) needs the roles {list(needs)} filled; "
            f"with the countries {countries} one is empty: check evaluation.unfilled first"
        )
    focus, other, third = evaluation.roles(claim, countries)
    return TABLES[claim["quantity"]](Roles(focus, other, third), evaluation.span(claim))


def compute(claim: pd.Series, countries: Sequence[str] | None = None) -> list[dict]:
    """Load the tables one claim needs and compute its rows under every definition.

    Args:
        claim: One row of the claims table.
        countries: Parameter countries (see :func:`.evaluation.roles`); None keeps the claim's own.

    Returns:
        The quantity's rows (:func:`.evaluation.compute_from`); one "needs another country" row,
        without loading, when a role the quantity needs (:attr:`.Quantity.needs`) is not filled.
    """
    return evaluation.unfilled(claim, countries) or evaluation.compute_from(
        claim, countries, claim_tables(claim, countries)
    )


def evaluate(
    countries: Sequence[str] | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Evaluate every claim under every definition; return the verdict table.

    Loads what each claim needs and computes its rows (:func:`compute`), then judges the rows
    (:func:`.evaluation.judge`).

    Args:
        countries: Parameter countries (focus, partner, third); None keeps each claim's own.
        claims: A claims table (default: every text's claims, :func:`.registry.registry`).

    Returns:
        The verdict table (see :func:`.evaluation.judge`).
    """
    claims = registry() if claims is None else claims
    return evaluation.judge(claims, [compute(claim, countries) for _, claim in claims.iterrows()])
