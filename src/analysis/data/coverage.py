"""What a new vintage may lose, and what it may never lose: the checks behind ``analysis update``.

A new release may drop a few economies (:data:`MAX_COUNTRY_LOSS`) and observations
(:data:`MAX_ROW_LOSS`), never an indicator or a year. It may **never** drop a protected country
(:func:`protected_countries`: the countries of ``params/report.yaml``, the countries the claims
name, and the G20), whatever the tolerance: one lost row of Russia flips a headline verdict.
And a file that ends early is refused as cut short (:func:`truncated_tail`), not read as a
smaller release: a download cut at a line ending loses the last countries of the file's own
order (code order for the World Bank's files) and nothing else.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from analysis import paths

if TYPE_CHECKING:
    import pandas as pd

MAX_COUNTRY_LOSS = 0.02
"""Share of an indicator's countries a new vintage may lose (economies are rarely dropped)."""

MAX_ROW_LOSS = 0.10
"""Share of an indicator's observations (country-years with a value) a new vintage may lose."""

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN",
       "KOR", "MEX", "RUS", "SAU", "TUR", "USA", "ZAF")  # fmt: skip
"""The G20's member countries (the EU and the African Union are not countries of any table)."""

SHORT_TAIL = 0.5
"""A country of the tail counts as cut when it keeps under this share of its observations."""

CLAIM_ROLES = ("focus", "partner", "third")


def _claims_texts() -> Path:
    # The claims files are data the claims check reads (layer 3); the data layer reads the
    # files only, never that code, so a new vintage cannot lose a country a claim is about.
    return Path(__file__).resolve().parents[1] / "topics" / "claims" / "texts"


def protected_countries(
    params_file: Path | None = None, claims_dir: Path | None = None
) -> dict[str, str]:
    """Return ``{iso3: why}`` for every country a new vintage may never lose.

    Args:
        params_file: The report's parameters (default ``params/report.yaml``): its countries.
        claims_dir: Folder of claims files (default the package's ``texts/``): every focus,
            partner and third country.
    """
    why: dict[str, str] = {}  # the first reason found is kept: the report's, a claim's, G20
    params = params_file or paths.project_root() / "params" / "report.yaml"
    if params.is_file():
        loaded = yaml.safe_load(params.read_text(encoding="utf-8")) or {}
        for code in loaded.get("countries", []) if isinstance(loaded, dict) else []:
            why.setdefault(str(code).strip().upper(), f"a country of {params.name}")
    for path in sorted((claims_dir or _claims_texts()).glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for role in CLAIM_ROLES:
                    code = (row.get(role) or "").strip().upper()
                    if code:
                        why.setdefault(code, f"a country of claim {row.get('id')!r} ({path.name})")
    for code in G20:
        why.setdefault(code, "a G20 member")
    return why


def truncated_tail(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Return the last countries (in the file's order) the new vintage cut short, if it looks cut.

    A release that drops countries drops them anywhere; a download cut at a line ending drops
    the end of the file. Two or more countries at the very end of the vintage in use (in the
    order its rows come, the file's own: code order for the World Bank's files) that lost all,
    or most (:data:`SHORT_TAIL`), of their observations while the countries before them kept
    theirs: the file was cut.
    """
    # The file's own order, as its reader keeps it (rows without a value included: a wide table
    # melted year by year lists every country in its first year, in the file's row order).
    order = list(dict.fromkeys(old["iso3"]))
    old = old.dropna(subset=["value"])
    new = new.dropna(subset=["value"])
    before = old.groupby("iso3").size()
    after = new.groupby("iso3").size()
    order = [c for c in order if c in before.index]
    cut: list[str] = []
    for code in reversed(order):
        if after.get(code, 0) >= SHORT_TAIL * before[code]:
            break
        cut.append(code)
    return sorted(cut) if len(cut) >= 2 and len(cut) < len(before) else []


def coverage_loss(
    old: pd.DataFrame, new: pd.DataFrame, protected: dict[str, str] | None = None
) -> list[str]:
    """Return what ``new`` lost against ``old``, beyond the tolerances, one phrase per problem.

    Args:
        old: The vintage in use, as its reader returns it.
        new: The candidate, read the same way.
        protected: ``{iso3: why}`` of the countries no indicator may lose (default
            :func:`protected_countries`).
    """
    protected = protected_countries() if protected is None else protected
    problems = []
    cut = truncated_tail(old, new)
    if cut:
        problems.append(
            f"the file ends early: its last countries ({', '.join(cut)}) lost their rows and the "
            "countries before them did not (a download cut short?)"
        )
    old, new = old.dropna(subset=["value"]), new.dropna(subset=["value"])
    for indicator, before in old.groupby("indicator", sort=True):
        after = new[new["indicator"] == indicator]
        if after.empty:
            problems.append(f"indicator {indicator!r} is gone")
            continue
        problems += _indicator_loss(str(indicator), before, after, protected)
    return problems


def _indicator_loss(
    indicator: str, before: pd.DataFrame, after: pd.DataFrame, protected: dict[str, str]
) -> list[str]:
    problems = []
    lost_years = sorted(set(before["year"].astype(int)) - set(after["year"].astype(int)))
    if lost_years:
        problems.append(f"{indicator}: years {_span(lost_years)} have no data any more")
    countries = set(before["iso3"])
    lost = sorted(countries - set(after["iso3"]))
    kept_out = [c for c in lost if c in protected]
    if kept_out:
        problems.append(
            f"{indicator}: protected countries lost: "
            + "; ".join(f"{c} ({protected[c]})" for c in kept_out)
            + " (no tolerance applies to them)"
        )
    if len(lost) > MAX_COUNTRY_LOSS * len(countries):
        problems.append(
            f"{indicator}: {len(lost)} of {len(countries)} countries lost "
            f"({_first(lost)}; tolerance {MAX_COUNTRY_LOSS:.0%})"
        )
    if len(after) < (1 - MAX_ROW_LOSS) * len(before):
        problems.append(
            f"{indicator}: {len(before) - len(after)} of {len(before)} observations lost "
            f"(tolerance {MAX_ROW_LOSS:.0%})"
        )
    return problems


def _first(codes: Sequence[str], n: int = 8) -> str:
    return ", ".join(codes[:n]) + (", ..." if len(codes) > n else "")


def _span(years: Sequence[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 2 else ", ".join(map(str, years))


TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def _tail_widths(path: Path, tail_bytes: int = 16384) -> list[tuple[int, str]]:
    """Return ``(fields, line)`` of the last non-empty lines of a text table."""
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - tail_bytes, 0))
        text = handle.read().decode("utf-8", errors="replace")
    lines = [ln for ln in text.splitlines()[1:] if ln.strip()]  # the first may be cut by seek
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [
        (len([c for c in row if c.strip()]), line) for row, line in zip(rows, lines, strict=False)
    ]


def footer_gone(current: Path, candidate: Path) -> str | None:
    """Say so when the vintage in use ends with a footer (source notes) the candidate lacks.

    A footer is the run of last lines of a single cell (a "Source: ..." note) under data rows
    of three or more columns; a data row with empty cells never counts as one. A download cut short loses it; a new release keeps
    one (its words may change).
    """
    if current.suffix.lower() not in TEXT_SUFFIXES:
        return None
    widths = _tail_widths(current)
    if len(widths) < 3:
        return None
    data_width = Counter(w for w, _ in widths).most_common(1)[0][0]
    footer = []
    for width, line in reversed(widths):
        if width > 1 or data_width < 3:  # a data row with empty cells is not a footer
            break
        footer.append(line)
    if not footer:
        return None
    new = _tail_widths(candidate)
    if new and new[-1][0] <= 1:
        return None
    return (
        f"the vintage in use ends with a footer ({footer[-1].strip()[:60]!r}) and this file does "
        "not: a download cut short?"
    )
