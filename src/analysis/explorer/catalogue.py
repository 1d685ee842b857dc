"""What the explorer offers: topics, the indicators the metadata declares, and their definitions.

Every indicator that a dataset's metadata (``src/analysis/data/metadata/*.meta.yaml``) declares
is offered, under the topic its name belongs to, labelled with its title and unit. Where a topic
counts one thing in several ways, the indicator that anchors it offers those ways as
*definitions*, computed by the topic modules (patents: :data:`analysis.topics.patents.DEFINITIONS`;
R&D: :data:`analysis.topics.rd.MEASURES` and spending per researcher), and an AI index offers
each of its editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis.data import metadata
from analysis.topics import patents, rd

TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "patents": ("Patents", ("patent",)),
    "rd": ("R&D spending and researchers", ("rd_", "gerd", "researchers")),
    "ai": ("AI: indexes, publications, patents, investment", ("ai_", "gai", "aipi", "gairi")),
    "science": ("Science: articles and co-authorship", ("article", "works", "coauthor", "math_")),
    "economy": ("Economy, trade and investment", ()),
}
"""Topic key -> (label, words an indicator name contains). The first match wins ("ai_" comes
before "patent", so AI patents count as AI); an indicator matching none goes to the last topic."""

_TOPIC_ORDER = ("ai", "patents", "rd", "science", "economy")  # the order the rules are tried

PATENT_ANCHORS: dict[str, str] = {
    "wdi/patent_applications_resident": "resident",
    "wdi_extracts/patent_applications_nonresident": "nonresident",
    "wipo/patent_applications_by_origin": "by_origin",
}
"""Indicators whose rows :func:`analysis.topics.patents.panel_from` combines, with the definition
each one is (office totals are resident + non-resident)."""

PATENT_LABELS: dict[str, str] = {
    "resident": "Resident patent applications",
    "nonresident": "Non-resident patent applications",
    "office_total": "Patent applications at the national office",
    "by_origin": "Patent applications by origin",
}
"""How the figure and the finding name each patent definition."""

RD_ANCHOR = "wdi/rd_expenditure_pct_gdp"
RD_DEFINITIONS: dict[str, tuple[str, str]] = {
    **rd.MEASURES,
    "per_researcher": rd.PER_RESEARCHER,
}
"""R&D definitions: measure -> (label, unit); all derived from WDI's R&D share of GDP."""

EVERY_EDITION = "every"
"""The definition of an AI index that draws every edition (the newest score for each year)."""

NOT_PER_PERSON = re.compile(
    r"%|\bper (million|thousand|hundred|100|capita|researcher|person|people)|index|score|"
    r"\brank|share|ratio|centrality|\brate\b|countries",
    re.IGNORECASE,
)
"""A unit that matches is already a share, an index, a rate, a rank or per person: population
does not divide it."""


@dataclass(frozen=True)
class Indicator:
    """One indicator the explorer offers: ``key`` is ``"dataset/indicator"``."""

    key: str
    dataset: str
    name: str
    title: str
    unit: str
    topic: str

    @property
    def label(self) -> str:
        """Return the option label: title, unit (unless the title says it) and dataset."""
        unit = "" if self.unit in self.title else f" ({self.unit})"
        return f"{self.title}{unit} [{self.dataset}]"


def topic_of(name: str) -> str:
    """Return the topic key of an indicator name (see :data:`TOPICS`)."""
    for key in _TOPIC_ORDER:
        if any(word in name for word in TOPICS[key][1]):
            return key
    return "economy"


@cache
def indicators() -> dict[str, Indicator]:
    """Return every indicator the metadata declares, keyed ``"dataset/indicator"``, in order."""
    out = {}
    for dataset, meta in metadata.catalog().items():
        for name, ind in meta.indicators.items():
            key = f"{dataset}/{name}"
            out[key] = Indicator(key, dataset, name, ind.title, ind.unit, topic_of(name))
    return out


def topic_options() -> list[tuple[str, str]]:
    """Return ``(label, key)`` of each topic that has at least one indicator."""
    used = {i.topic for i in indicators().values()}
    return [(label, key) for key, (label, _) in TOPICS.items() if key in used]


def indicator_options(topic: str) -> list[tuple[str, str]]:
    """Return ``(label, key)`` of the indicators of ``topic``, anchors of definitions first."""
    chosen = [i for i in indicators().values() if i.topic == topic]
    chosen.sort(key=lambda i: (not definition_options(i.key, ()), 0))
    return [(i.label, i.key) for i in chosen]


def definition_options(key: str, editions: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return ``(label, definition)`` for an indicator with several definitions, else ``[]``.

    Args:
        key: ``"dataset/indicator"``.
        editions: The editions the indicator's rows carry (for an AI index), newest last.
    """
    if key in PATENT_ANCHORS:
        return [(patents.SHORT[d].capitalize(), d) for d in patents.DEFINITIONS]
    if key == RD_ANCHOR:
        return [(label, measure) for measure, (label, _) in RD_DEFINITIONS.items()]
    if len(editions) > 1:
        return [("Every edition (newest score per year)", EVERY_EDITION)] + [
            (f"Edition {e}", e) for e in editions
        ]
    return []


def default_definition(key: str, editions: tuple[str, ...]) -> str:
    """Return the definition an indicator starts with ("" when it has only one)."""
    if key in PATENT_ANCHORS:
        return PATENT_ANCHORS[key]
    if key == RD_ANCHOR:
        return "pct_gdp"
    return EVERY_EDITION if len(editions) > 1 else ""


def per_person_applies(unit: str) -> bool:
    """Return True when dividing by population makes sense for a series in ``unit``.

    That is a count or an amount, not a share, an index, a rate or a rank.
    """
    return NOT_PER_PERSON.search(unit) is None
