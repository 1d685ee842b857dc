"""The quantities a claim may use: what each computes, which roles it needs, what it means.

Every entry of :data:`QUANTITIES` names a pure function (``compute(focus, partner, third, years,
**tables) -> rows``, in :mod:`.quantities`, :mod:`.ai_quantities`, :mod:`.resilience_quantities`),
the roles it needs filled (a claim whose compared country is missing is "not checkable" without
loading anything) and a definition, listed in the README for people who write their own claims
files. The tables each ``compute`` takes are loaded by a named loader registered under the same
quantity name in :data:`analysis.topics.claims.load.TABLES`; :mod:`.load` is the only module of
the claims check that reads processed tables, and nothing here imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis.topics.claims import ai_quantities, quantities, resilience_quantities

__all__ = ["QUANTITIES", "Quantity"]


@dataclass(frozen=True)
class Quantity:
    """One checkable quantity.

    Attributes:
        compute: ``compute(focus, partner, third, years, **tables) -> rows``; never loads (its
            tables come from the quantity's loader, :data:`analysis.topics.claims.load.TABLES`).
        needs: The roles that must be filled ("focus", "partner", "third"); "partner" is the
            country the claim compares with (its ``against`` column).
        definition: What the quantity computes (the README's list of quantities).
        caveat: Said with the verdict of every claim that uses the quantity (what the data
            systematically miss), or "".
    """

    compute: Callable[..., list[dict]]
    needs: tuple[str, ...]
    definition: str
    caveat: str = ""


FOCUS_PARTNER = ("focus", "partner")

QUANTITIES: dict[str, Quantity] = {
    "patent_multiple": Quantity(
        quantities.patent_multiple, FOCUS_PARTNER,
        "Compared country's patent applications ÷ the focus's, each year, under three "
        "definitions: resident applications, office totals, applications by origin (WIPO).",
    ),
    "rd_multiple": Quantity(
        quantities.rd_multiple, FOCUS_PARTNER,
        "Compared country's R&D spending ÷ the focus's, each year: WDI at PPP and at market "
        "rates, and NCSES GERD at PPP (every SEI edition).",
    ),
    "ai_rank": Quantity(
        ai_quantities.ai_rank, ("focus",),
        "The focus's rank in every AI index edition as published, read among the countries the "
        "index ranks (named: a selected set such as Tortoise's chosen AI leaders, or nearly "
        "every country); use with rank_within.",
    ),
    "ai_rank_gap": Quantity(
        ai_quantities.ai_rank_gap, FOCUS_PARTNER,
        "How far the compared country ranks ahead of the focus in each AI index edition, in "
        "percentage points of the countries ranked (positive: ahead); use with above 0.",
    ),
    "ai_output_earliest": Quantity(
        ai_quantities.ai_output_earliest, FOCUS_PARTNER,
        "Focus ÷ compared country's AI output (NCSES AI articles, CSET publications and "
        "patents) in each series' earliest years inside the reference period; the years "
        "before the earliest series starts are reported as not checkable.",
        caveat="AI output counts measure output, not expertise or who studied whose work.",
    ),
    "ai_output_multiple": Quantity(
        ai_quantities.ai_output_multiple, FOCUS_PARTNER,
        "Compared country's AI output ÷ the focus's, each year of the reference period, in "
        "every AI output series (NCSES AI articles, CSET publications and patents).",
        caveat="English-language and Scopus/CSET corpora undercount Russian-language work.",
    ),
    "ai_output_growth": Quantity(
        ai_quantities.ai_output_growth, ("focus",),
        "The focus's AI output at the end ÷ the start of the reference period, in every AI "
        "output series that covers both years.",
        caveat="English-language and Scopus/CSET corpora undercount Russian-language work.",
    ),
    "ai_pair_lead": Quantity(
        ai_quantities.ai_pair_lead, FOCUS_PARTNER,
        "The focus–compared pair's AI co-authored articles ÷ those of the next largest pair "
        "(or of the pair with the third country, when named), NCSES 2003-22 as one period.",
    ),
    "copub_growth": Quantity(
        quantities.copub_growth, FOCUS_PARTNER,
        "The pair's co-authorship at the end ÷ the start of the reference period: OpenAlex "
        "works (and against the focus's international co-authorship), NCSES articles and index.",
    ),
    "ties_growth": Quantity(
        quantities.ties_growth, FOCUS_PARTNER,
        "Growth of the pair's ties over the reference period: co-authorship as copub_growth, "
        "and each direction's exports, all goods and high-tech goods, end ÷ start (BACI, "
        "China-Russia from 2017).",
    ),
    "copub_maturity": Quantity(
        resilience_quantities.copub_maturity, FOCUS_PARTNER,
        "Slowness, not growth: years from the first year on record until the pair reached a "
        "share of the focus's international co-authorship or a rank among its partners, ÷ the "
        "median years the focus's other main partners took to reach the same (OpenAlex).",
        caveat=resilience_quantities.MATURITY_CAVEAT,
    ),
    "copub_after_break": Quantity(
        resilience_quantities.copub_after_break, FOCUS_PARTNER,
        "The pair's co-authorship growth after a break (% a year) and its lead over the "
        "focus's other main partners' growth; their own growth is context (OpenAlex).",
        caveat=resilience_quantities.BREAK_CAVEAT,
    ),
    "copub_vs_third": Quantity(
        quantities.copub_vs_third, (*FOCUS_PARTNER, "third"),
        "The compared country's co-authorship with the third country ÷ with the focus "
        "(OpenAlex works, NCSES articles and index).",
    ),
    "reverse_investment": Quantity(
        quantities.reverse_investment, FOCUS_PARTNER,
        "Investment in both directions between the focus and the compared country (only "
        "Chinese outward deals are recorded: not checkable, with the reason).",
    ),
    "hightech_trade_ratio": Quantity(
        quantities.hightech_trade_ratio, FOCUS_PARTNER,
        "Compared country's exports to the focus in HS 84, 85, 88 and 90 ÷ the focus's "
        "exports of those chapters to it (BACI), each year.",
    ),
    "gdp_growth": Quantity(
        quantities.gdp_growth, FOCUS_PARTNER,
        "Compared country's GDP growth ÷ the focus's (end ÷ start, at PPP and market rates) "
        "over the reference period and its last ten years (WDI).",
    ),
    "math_advantage": Quantity(
        quantities.math_advantage, FOCUS_PARTNER,
        "Focus ÷ compared country in mathematics: articles, share of the world's top-1% "
        "cited papers, top-1% index, specialisation index (NCSES).",
        caveat=quantities.MATH_CAVEAT,
    ),
    "unmeasured": Quantity(
        quantities.unmeasured, ("focus",),
        "No data in the package measure this claim: the verdict is not checkable, and the "
        "operationalisation column says which data would be needed.",
    ),
}  # fmt: skip
"""Quantity name (a claims file's ``quantity`` column) -> its computation, needs and definition."""
