"""The claims registry: one claims file per text, each with a small header naming the text.

``texts/<text_id>.csv`` holds one text's claims, one row per checkable claim (:data:`COLUMNS`);
``texts/<text_id>.toml`` names the text (``title``, ``authors``, ``published``, ``publisher``,
``url``, ``citation``). A user's own claims file has the same columns; its header
``<stem>.toml`` beside it is optional (without one, the text is named after the file).
:func:`check` validates a file and reports every bad row at once, each naming the column and
the values it allows; :func:`registry` reads the package's texts, or given files, into one
table with the text's ``text_id``, ``text_title``, ``text_url`` and ``citation`` on every row.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.errors import ClaimsFileError
from analysis.topics.claims.catalogue import QUANTITIES

COLUMNS = {
    "id": "a unique name of the claim: lower-case letters, digits and _",
    "quote": "the exact words of the text (never a paraphrase)",
    "url": "the address where the quote was read (optional)",
    "speaker": "who says it (the author, or a person the text quotes)",
    "date": "when it was said or published (YYYY or YYYY-MM)",
    "quantity": "what is computed: one of the quantities listed below",
    "comparison": "how the computed value is judged against claimed_value",
    "claimed_value": "the number the claim implies (a multiple, a rank, a threshold)",
    "tolerance": "relative tolerance of a ratio claim (0.1 = ±10%); 0 for the others",
    "reference_period": "the years the claim speaks about: YYYY or YYYY-YYYY",
    "focus": "ISO3 code of the claim's focus country",
    "partner": "ISO3 code of the country it is compared with, or empty",
    "third": "ISO3 code of a third country, or empty",
    "against": "which of partner or third the comparison is against (empty = partner)",
    "operationalisation": "the number the claim is taken to mean, or why no data can check it",
}
"""Columns of a claims file, with what each holds (the README's table)."""

OPTIONAL = ("url", "third", "against", "partner")
"""Columns that may be empty (``url`` may also be missing)."""

COMPARISONS = {
    "ratio": "supported within ±tolerance of claimed_value (relative), partly within twice that",
    "at_least": "supported when the computed value reaches claimed_value, partly when above 1",
    "rank_within": "supported when the rank is at most claimed_value (a top-N claim)",
    "above": "supported when the computed value exceeds claimed_value",
}
"""Comparisons a claim may use, with the rule of each."""

AGAINST = ("partner", "third")
_ID = re.compile(r"^[a-z0-9_]+$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_DATE = re.compile(r"^\d{4}(-\d{2})?(-\d{2})?$")

TEXTS = "texts"
"""Folder of the package's claims files (``analysis/topics/claims/texts``)."""


def header(path: Path) -> dict[str, str]:
    """The text a claims file belongs to: its ``.toml`` header, or names made from the file.

    Returns:
        ``text_id`` (the file's stem), ``text_title``, ``text_url`` and ``citation``.
    """
    meta: dict[str, object] = {}
    toml = path.with_suffix(".toml")
    if toml.is_file():
        try:
            meta = tomllib.loads(toml.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ClaimsFileError(toml, [f"not valid TOML ({exc})"]) from exc
    title = str(meta.get("title") or path.stem)
    return {
        "text_id": path.stem,
        "text_title": title,
        "text_url": str(meta.get("url", "")),
        "citation": str(meta.get("citation") or title),
    }


def _number(value: object, minimum: float | None = None) -> bool:
    try:
        x = float(str(value))
    except ValueError:
        return False
    return x == x and (minimum is None or x >= minimum)


def _period(value: object) -> bool:
    found = _PERIOD.match(str(value))
    if found is None:
        return False
    return int(found.group(1)) <= int(found.group(2) or found.group(1))


def _code(value: object, empty: bool) -> bool:
    return bool(_ISO3.match(str(value))) or (empty and not str(value))


CHECKS = [
    ("id", lambda v: bool(_ID.match(str(v))), "lower-case letters, digits and _, not empty"),
    ("quote", lambda v: bool(str(v).strip()), "any text, not empty"),
    ("speaker", lambda v: bool(str(v).strip()), "any text, not empty"),
    ("operationalisation", lambda v: bool(str(v).strip()), "any text, not empty"),
    ("date", lambda v: bool(_DATE.match(str(v))), "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("quantity", lambda v: v in QUANTITIES, ", ".join(QUANTITIES)),
    ("comparison", lambda v: v in COMPARISONS, ", ".join(COMPARISONS)),
    ("claimed_value", _number, "a number"),
    ("tolerance", lambda v: _number(v, 0.0), "a number ≥ 0"),
    ("reference_period", _period, "YYYY or YYYY-YYYY with the first year not after the last"),
    ("focus", lambda v: _code(v, empty=False), "an ISO3 country code such as RUS"),
    ("partner", lambda v: _code(v, empty=True), "an ISO3 country code such as CHN, or empty"),
    ("third", lambda v: _code(v, empty=True), "an ISO3 country code such as USA, or empty"),
    ("against", lambda v: not v or v in AGAINST, "partner, third, or empty (= partner)"),
]
"""(column, test, allowed values) for every column of a claims file."""


def _row_problems(line: int, row: pd.Series) -> list[str]:
    """Every problem of one row, each naming the column and what it allows."""
    where = f"row {line} ({row.get('id') or 'no id'})"
    out = [
        f"{where}: column {column!r} is {row[column]!r}; allowed: {allowed}"
        for column, test, allowed in CHECKS
        if not test(row[column])
    ]
    return out + _role_problems(where, row)


def _role_problems(where: str, row: pd.Series) -> list[str]:
    """A quantity that compares with another country needs that country filled in."""
    quantity = QUANTITIES.get(str(row["quantity"]))
    if quantity is None:
        return []
    against = str(row["against"] or "partner")
    filled = {"focus": row["focus"], "partner": row[against], "third": row["third"]}
    if against == "third":
        filled["third"] = ""
    return [
        f"{where}: column {against if role == 'partner' else role!r} is empty; allowed: an ISO3 "
        f"code, since quantity {row['quantity']!r} needs a {role} country"
        for role in quantity.needs
        if role != "focus" and not filled[role]
    ]


def check(path: str | Path) -> pd.DataFrame:
    """Read and validate one claims file; return its rows with the text's columns added.

    Raises:
        ClaimsFileError: naming the file and listing every bad row (one line per problem, each
            naming the column and the values it allows), or the missing columns.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ClaimsFileError(path, [f"cannot be read as CSV ({exc})"]) from exc
    if "url" not in table.columns:
        table["url"] = ""
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ClaimsFileError(
            path, [f"columns {missing} are missing; the header must hold {list(COLUMNS)}"]
        )
    problems = []
    for i, row in table.iterrows():
        problems += _row_problems(int(str(i)) + 2, row)
    duplicated = table["id"][table["id"].duplicated()]
    problems += [f"id {d!r} appears twice; ids must be unique" for d in sorted(set(duplicated))]
    if table.empty:
        problems.append("no claims: add one row per claim under the header")
    if problems:
        raise ClaimsFileError(path, problems)
    table = table[list(COLUMNS)].copy()
    for column in ("claimed_value", "tolerance"):
        table[column] = table[column].astype(float)
    return table.assign(**header(path))


def package_files() -> list[Path]:
    """The package's claims files, one per text (``texts/<text_id>.csv``), sorted."""
    folder = resources.files("analysis.topics.claims") / TEXTS
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".csv"))


def registry(files: Sequence[str | Path] | None = None) -> pd.DataFrame:
    """Return the claims of the given files (default: every text of the package) as one table.

    Raises:
        ClaimsFileError: for the first file with a problem (every problem of that file listed),
            or when two files share a claim id.
    """
    paths: Iterable[Path] = package_files() if not files else [Path(f) for f in files]
    tables = [check(p) for p in paths]
    table = pd.concat(tables, ignore_index=True)
    twice = table["id"][table["id"].duplicated()]
    if not twice.empty:
        where = table[table["id"].isin(twice)][["id", "text_id"]].drop_duplicates()
        raise ClaimsFileError(
            Path(", ".join(sorted(set(where["text_id"])))),
            [f"claim id {i!r} is used by more than one text; ids must be unique" for i in twice],
        )
    return table
