"""What every notebook does once: display settings, house style, sources and definitions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload

import pandas as pd

from analysis import params
from analysis.data import countries as names
from analysis.data.processed import provenance
from analysis.data.sources import source
from analysis.errors import ParameterError
from analysis.params import Scope
from analysis.viz import figures


@overload
def setup() -> None: ...


@overload
def setup(
    countries: Sequence[str],
    start_year: int,
    end_year: int,
    reference_year: int | None = None,
    *,
    output_dir: str = "",
    name: str = "",
) -> Scope: ...


def setup(
    countries: Sequence[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    reference_year: int | None = None,
    *,
    output_dir: str = "",
    name: str = "",
) -> Scope | None:
    """Fix display options and the figure style, then check the notebook's parameters.

    Called with no argument, only fixes the display and style (so outputs are the same on every
    run). Called with the parameters cell's values, also checks them and returns them as a
    :class:`~analysis.params.Scope`.

    Args:
        countries: The ``countries`` parameter: focus, partner, then comparators.
        start_year: The ``start_year`` parameter.
        end_year: The ``end_year`` parameter.
        reference_year: The ``reference_year`` parameter, if the notebook has one.
        output_dir: The ``output_dir`` parameter ("" for ``build/notebook-figures/<name>``).
        name: The notebook's name, e.g. ``"01-patents"``.

    Returns:
        The checked scope, or None when called without parameters.

    Raises:
        ParameterError: for a bad parameter, naming it and what is allowed.
    """
    pd.set_option("display.precision", 3)
    pd.set_option("display.max_rows", 30)
    pd.set_option("display.max_columns", 12)
    pd.set_option("display.width", 120)
    figures.set_style()
    if countries is None:
        return None
    if start_year is None or end_year is None:
        raise ParameterError(
            "start_year" if start_year is None else "end_year", None, "a year (an int)"
        )
    return params.scope(countries, start_year, end_year, reference_year, output_dir, name)


def footer(datasets: Iterable[str]) -> str:
    """Return the source line for a figure built from ``datasets``."""
    records = [r for d in datasets for r in provenance(d)]
    return figures.footer_text(records)


def sources_table(datasets: Iterable[str]) -> pd.DataFrame:
    """Return one row per input file behind ``datasets``: publisher, file, vintage, licence, sha256."""
    rows = []
    for dataset in datasets:
        for r in provenance(dataset):
            rows.append(
                {
                    "dataset": dataset,
                    "publisher": r["publisher"],
                    "file": r["file"],
                    "vintage": r["vintage"],
                    "licence": r["licence"],
                    "sha256": r["sha256"][:12] + "…",
                }
            )
    return pd.DataFrame(rows)


def source_notes(source_id: str) -> str:
    """Return the registry's notes on a source (method caveats, what a series counts)."""
    src = source(source_id)
    return f"{src.publisher}: {src.notes}".strip()


def coverage(tables: dict[str, pd.DataFrame], countries: Sequence[str]) -> str:
    """Say which countries have no data in which table (empty string when all are covered).

    A summary over nothing says so: with no table holding any value, the answer is that there
    is no data at all, never silence (which a notebook would print as "every country has data").
    """
    if not any(len(t.dropna(how="all")) for t in tables.values()):
        who = ", ".join(names.name(c) for c in countries)
        return f"No data at all — none of these measures has a value for {who}."
    gaps = []
    for label, table in tables.items():
        missing = [c for c in countries if c not in table.columns or table[c].dropna().empty]
        if missing:
            gaps.append(f"{label}: no data for {', '.join(names.name(c) for c in missing)}")
    return ("Missing data — " + "; ".join(gaps) + ".") if gaps else ""


def definition(dataset: str, indicator: str) -> str:
    """Return what an indicator counts, from its dataset's metadata file, ready to print.

    One paragraph: title, unit, definition, publisher (and the publisher's code), read from
    ``src/analysis/data/metadata/<dataset>.meta.yaml`` so notebooks never retype it.

    Raises:
        MetadataError: if the dataset or the indicator is not declared (the message lists
            the declared ones).
    """
    from analysis.data import metadata

    return metadata.definition_text(dataset, indicator)
