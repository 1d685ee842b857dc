"""Validation of notebook parameters: a bad value names the parameter and what is allowed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis import paths
from analysis.data.iso3 import ISO3_CODES, CheckedCodes
from analysis.errors import ParameterError


def how_to_pass(name: str, example: str) -> str:
    """Say exactly how to give the list parameter ``name`` on each command line.

    ``example`` is the list's items as YAML, e.g. ``"IND, BRA"``. Papermill's ``-p`` passes its
    value as text; its ``-y`` (and ``analysis report -p NAME=VALUE``) read YAML.
    """
    return (
        f"pass a list, not text: papermill -y '{name}: [{example}]' (papermill's -p passes "
        f"text), or analysis report -p '{name}=[{example}]'"
    )


def list_from_text(value: str) -> list | None:
    """Return the list a text value spells in YAML or JSON (``'["IND","BRA"]'``), else None.

    Papermill's ``-p countries '["IND","BRA"]'`` hands the notebook the text, not a list; a
    bracketed YAML/JSON list of plain values is unambiguous, so it is read. Anything else
    (``"IND,BRA"``, a broken bracket) gives None, for the caller to refuse with
    :func:`how_to_pass`.
    """
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(parsed, list) or any(isinstance(v, list | dict) for v in parsed):
        return None
    return parsed


def check_countries(countries: Sequence[str], minimum: int = 2) -> CheckedCodes:
    """Return ISO3 codes upper-cased, checking they are real codes and at least ``minimum``.

    The result is a :class:`~analysis.data.iso3.CheckedCodes` list, which
    :func:`analysis.data.processed.load` accepts without checking the codes again.

    The first code is the focus country, the second its partner, the rest comparators. A list
    that arrived as text (papermill's ``-p countries '["IND","BRA"]'``) is read
    (:func:`list_from_text`); other text is refused with the exact way to pass a list.
    """
    if isinstance(countries, str):
        parsed = list_from_text(countries)
        if parsed is None:
            raise ParameterError(
                "countries",
                countries,
                'a list of ISO3 codes, e.g. ["RUS", "CHN", "USA"]; '
                + how_to_pass("countries", "IND, BRA"),
            )
        countries = [str(c) for c in parsed]
    if not isinstance(countries, Sequence):
        raise ParameterError(
            "countries", countries, 'a list of ISO3 codes, e.g. ["RUS", "CHN", "USA"]'
        )
    codes = [str(c).strip().upper() for c in countries]
    if len(codes) < minimum:
        raise ParameterError(
            "countries", countries, f"at least {minimum} ISO3 codes (focus, partner, ...)"
        )
    if len(set(codes)) != len(codes):
        raise ParameterError("countries", countries, "each country once")
    for code in codes:
        if code not in ISO3_CODES:
            raise ParameterError(
                "countries", countries, f"ISO 3166 alpha-3 codes; {code!r} is not one"
            )
    return CheckedCodes(codes)


def runner_checked(countries: object, minimum: int = 2) -> CheckedCodes | None:
    """Return ``countries`` as checked codes if the report runner checked exactly these, else None.

    ``analysis report`` checks the run's ``countries`` once, before any kernel starts
    (:func:`analysis.report.parameters.check`, with :func:`check_countries`), passes them to its
    notebooks upper-cased and tells its kernels (and only them) which codes it checked, in
    ``$ANALYSIS_CHECKED_COUNTRIES`` (:data:`analysis.paths.CHECKED_COUNTRIES_ENV`). A parameter
    equal to that list, item for item, is taken as checked once each code is found among the
    ISO 3166 alpha-3 codes and at least ``minimum`` distinct codes are given, so a hand-set or
    stale variable can never let through text, an unknown code, a duplicate or too few
    countries: what it saves is the wording of errors, never a check.

    Returns None (the caller then runs the full :func:`check_countries`) when the variable is
    unset (a notebook run by hand, by papermill or by nbval), names other codes, or the value is
    not such a list.
    """
    vouched = os.environ.get(paths.CHECKED_COUNTRIES_ENV)
    if not vouched or not isinstance(countries, list | tuple):
        return None
    codes = list(countries)
    if codes != vouched.split(",") or len(codes) < minimum or len(set(codes)) != len(codes):
        return None
    if not all(isinstance(c, str) and c in ISO3_CODES for c in codes):
        return None
    return CheckedCodes(codes)


def check_years(
    start_year: int, end_year: int, reference_year: int | None = None
) -> tuple[int, int]:
    """Return ``(start_year, end_year)`` after checking order, range and the reference year."""
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if not isinstance(value, int) or not 1950 <= value <= 2030:
            raise ParameterError(name, value, "a year between 1950 and 2030")
    if start_year > end_year:
        raise ParameterError("start_year", start_year, f"a year not after end_year={end_year}")
    if reference_year is not None and (
        not isinstance(reference_year, int) or not start_year <= reference_year <= end_year
    ):
        raise ParameterError(
            "reference_year",
            reference_year,
            f"a year within start_year..end_year ({start_year}-{end_year})",
        )
    return start_year, end_year


def output_dir(value: str, notebook: str) -> Path:
    """Return the folder for a notebook's figures: ``value``, else a scratch folder.

    The report runner always sets ``value`` (``reports/<run-id>/figures/<notebook>``); a notebook
    run by hand, by papermill or by nbval writes to ``build/notebook-figures/<notebook>``, never
    to ``reports/``, so nothing that is not a published report looks like one.
    """
    folder = Path(value) if value else paths.scratch_figures_dir() / notebook
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Scope:
    """The validated parameters of one notebook run: who is compared, over which years, where to.

    Built by :func:`scope` (through ``analysis.notebook.setup``) from the notebook's parameters
    cell, so every notebook reads its countries and years from one checked object.

    Attributes:
        focus: ISO3 code of the focus country (the first of the ``countries`` parameter).
        partner: ISO3 code of its partner (the second).
        comparators: ISO3 codes of the other countries, in parameter order.
        start_year: First year considered.
        end_year: Last year considered.
        reference_year: The year the claims refer to, or None for a notebook without one.
        output: Folder for the notebook's figures (created).
    """

    focus: str
    partner: str
    comparators: tuple[str, ...]
    start_year: int
    end_year: int
    reference_year: int | None
    output: Path

    @property
    def countries(self) -> CheckedCodes:
        """Return every ISO3 code, focus first, then partner, then comparators (a new list).

        The list is marked as checked (:class:`~analysis.data.iso3.CheckedCodes`): the topic
        functions hand it to :func:`analysis.data.processed.load`, which does not check again.
        """
        return CheckedCodes([self.focus, self.partner, *self.comparators])

    @property
    def years(self) -> tuple[int, int]:
        """Return ``(start_year, end_year)``, the span the library functions take."""
        return self.start_year, self.end_year


def scope(
    countries: Sequence[str],
    start_year: int,
    end_year: int,
    reference_year: int | None = None,
    output: str = "",
    notebook: str = "",
) -> Scope:
    """Check a notebook's parameters and return them as a :class:`Scope`.

    Args:
        countries: ISO3 codes, focus first, then partner, then comparators (checked by
            :func:`check_countries`).
        start_year: First year considered.
        end_year: Last year considered (checked with the others by :func:`check_years`).
        reference_year: The year the claims refer to; None if the notebook has none.
        output: The ``output_dir`` parameter ("" for the default folder).
        notebook: The notebook's name, e.g. ``"01-patents"``, naming the default folder.

    The countries are checked by :func:`check_countries`, unless the report runner already
    checked exactly these (:func:`runner_checked`): on the report's path they are checked once,
    in the runner.

    Raises:
        ParameterError: naming the parameter, its value and what is allowed.
    """
    codes = runner_checked(countries)
    if codes is None:
        codes = check_countries(countries)
    start, end = check_years(start_year, end_year, reference_year)
    if not output and not notebook:
        raise ParameterError("output_dir", output, "a folder, or a notebook name for the default")
    return Scope(
        focus=codes[0],
        partner=codes[1],
        comparators=tuple(codes[2:]),
        start_year=start,
        end_year=end,
        reference_year=reference_year,
        output=output_dir(output, notebook),
    )
