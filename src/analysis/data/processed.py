"""The processed layer: one parquet table per dataset, with a provenance sidecar.

``build`` parses the raw files of a dataset with their readers, validates the result and
writes ``data/processed/<dataset>.parquet`` and ``<dataset>.provenance.json`` atomically.
``load`` returns a dataset from that cache, rebuilding it only when an input file, the reading
code or the registry changed; ``provenance`` returns the sources behind it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.atomic import atomic_path, sha256_file, write_json
from analysis.data.fetch import expected, fetch
from analysis.data.sources import SourceFile, datasets, files_for_dataset, raw_path, source
from analysis.errors import DataFileError, MissingSourceError, ParameterError, UnknownNameError

if TYPE_CHECKING:  # pandas, the readers and the schema load only when a table is built or read:
    import pandas as pd  # `analysis report` with nothing to do must start fast

log = logging.getLogger(__name__)

_CODE_FILES = ("schema.py", "countries.py", "sources.py", "processed.py")
DISTRIBUTION = "sino-russian-st-asymmetry"
"""The name the package is installed under (pyproject.toml)."""


@cache
def package_version() -> str:
    """Return the installed package's version (``analysis.__version__``), from its metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


@cache
def code_fingerprint() -> str:
    """Return a hash of the code that shapes processed tables (readers, schema, registry).

    A change to any of them makes every cached table stale, so a fixed reader takes effect on
    the next ``load`` without anyone deleting files by hand.
    """
    digest = hashlib.sha256(package_version().encode())
    root = resources.files("analysis.data")
    parts = [root / name for name in _CODE_FILES]
    parts += sorted((root / "readers").iterdir(), key=lambda p: p.name)
    parts += sorted((root / "registry").iterdir(), key=lambda p: p.name)
    for part in parts:
        if part.name.endswith((".py", ".yaml")):
            digest.update(part.name.encode())
            digest.update(part.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class BuildSummary:
    """What one build wrote."""

    dataset: str
    rows: int
    countries: int
    years: str
    rebuilt: bool

    def __str__(self) -> str:
        state = "built" if self.rebuilt else "up to date"
        return f"{self.dataset:<14} {state:<10} {self.rows:>8} rows {self.countries:>4} countries  years {self.years}"


def _table_path(dataset: str, processed_dir: Path) -> Path:
    return processed_dir / f"{dataset}.parquet"


def _sidecar_path(dataset: str, processed_dir: Path) -> Path:
    return processed_dir / f"{dataset}.provenance.json"


def _check_dataset(dataset: str) -> list[SourceFile]:
    entries = files_for_dataset(dataset)
    if not entries:
        raise UnknownNameError(
            f"unknown dataset {dataset!r}; known datasets: {', '.join(datasets())}"
        )
    return entries


def _input_record(entry: SourceFile, raw_dir: Path) -> dict:
    path = raw_path(entry, raw_dir)
    if not path.is_file():
        raise MissingSourceError(
            path,
            f"raw input of source {entry.source_id!r} not found",
            f"run `analysis fetch` (it downloads {entry.url}); offline, `analysis fetch --mirror "
            "DIR` or `--base-url URL`",
        )
    want_sha, vintage = expected(entry, raw_dir)
    sha = sha256_file(path)
    if sha != want_sha:
        interrupted = (raw_dir / ".update-intent.json").is_file()  # see analysis.data.acceptance
        raise DataFileError(
            path,
            f"sha256 {sha} differs from the expected {want_sha}: the file was changed after fetch",
            "an interrupted `analysis update`: run it again to finish it"
            if interrupted
            else "run `analysis fetch` to restore the verified copy (`analysis fetch --pinned` for "
            "the pinned vintage; `analysis update` to take in a new release after validation)",
        )
    src = source(entry.source_id)
    stat = path.stat()
    return {
        "source": entry.source_id,
        "file": entry.file,
        "sha256": sha,
        "bytes": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "vintage": vintage,
        "publisher": src.publisher,
        "title": src.title,
        "page": src.page,
        "url": entry.url,
        "licence": src.licence,
        "citation": src.citation,
        "description": entry.description,
    }


def build_dataset(
    dataset: str, *, raw_dir: Path | None = None, processed_dir: Path | None = None
) -> BuildSummary:
    """Parse, validate and write one dataset; nothing is replaced unless all of it succeeds."""
    raw_dir = raw_dir or paths.raw_dir()
    processed_dir = processed_dir or paths.processed_dir()
    side = _build(dataset, _check_dataset(dataset), raw_dir, processed_dir)
    return BuildSummary(dataset, side["rows"], side["countries"], _years(side), True)


def _build(dataset: str, entries: list[SourceFile], raw_dir: Path, processed_dir: Path) -> dict:
    """Build one dataset from its (already resolved) files; return the sidecar written."""
    from analysis.data import metadata, readers
    from analysis.data.schema import concat_tidy, dataset_schema, validate

    inputs = [_input_record(e, raw_dir) for e in entries]
    # A new vintage accepted by `analysis update` must carry its own label into the rows.
    frames = [
        readers.read(raw_path(e, raw_dir), dataclasses.replace(e, vintage=expected(e, raw_dir)[1]))
        for e in entries
        if e.reader
    ]
    table = concat_tidy(frames)
    metadata.check_table(dataset, table)  # every indicator declared, in its declared unit
    table = validate(  # the columns the metadata declares, one row per key across files
        dataset_schema(dataset),
        table,
        raw_dir / entries[0].source_id,
        f"declare the table's extra columns under `columns` in {metadata.meta_path(dataset)}, "
        "or fix the reader",
        duplicate=(
            f"two files of dataset {dataset!r} give the same row",
            "give the files distinct indicators or editions in their readers",
        ),
    )
    years = table["year"].dropna()
    sidecar: dict[str, Any] = {
        "dataset": dataset,
        "package_version": package_version(),
        "code_fingerprint": code_fingerprint(),
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rows": len(table),
        "countries": int(table["iso3"].nunique()),
        "years": [int(years.min()), int(years.max())] if len(years) else [],
        "indicators": sorted(table["indicator"].unique().tolist()),
        "inputs": inputs,
    }
    processed_dir.mkdir(parents=True, exist_ok=True)
    # Table first, then sidecar: a sidecar always describes the table beside it, because a
    # crash between the two leaves an old sidecar whose fingerprints no longer match.
    with atomic_path(_table_path(dataset, processed_dir)) as tmp:
        table.to_parquet(tmp, index=False)
        sidecar["table_sha256"] = sha256_file(tmp)  # load() refuses a table edited after this
    write_json(_sidecar_path(dataset, processed_dir), sidecar)
    return sidecar


def _years(sidecar: dict) -> str:
    years = sidecar.get("years") or []
    return f"{years[0]}-{years[1]}" if years else "-"


def _read_sidecar(dataset: str, processed_dir: Path) -> dict | None:
    path = _sidecar_path(dataset, processed_dir)
    if not path.is_file() or not _table_path(dataset, processed_dir).is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None  # a damaged sidecar just means "rebuild"


def is_stale(
    dataset: str, *, raw_dir: Path | None = None, processed_dir: Path | None = None
) -> bool:
    """Return True when the cached table is missing or an input, the code or the registry changed.

    Inputs are compared by size and modification time first and hashed only when those moved.
    The table itself is hashed on every check (a deliberate cost, a few ms per MB): a table
    edited or half-copied after its build is never served.
    """
    raw_dir = raw_dir or paths.raw_dir()
    processed_dir = processed_dir or paths.processed_dir()
    sidecar = _read_sidecar(dataset, processed_dir)
    return _stale(dataset, _check_dataset(dataset), sidecar, raw_dir, processed_dir)


def _stale(
    dataset: str,
    entries: list[SourceFile],
    sidecar: dict | None,
    raw_dir: Path,
    processed_dir: Path,
) -> bool:
    """:func:`is_stale` for a dataset already resolved to its files and its sidecar read."""
    if sidecar is None or sidecar.get("code_fingerprint") != code_fingerprint():
        return True
    if sidecar.get("table_sha256") != sha256_file(_table_path(dataset, processed_dir)):
        # The table was rewritten after its build (by hand, or a half-copied file): never serve
        # it; it is rebuilt from the verified raw files.
        log.warning("%s.parquet does not match its sidecar's sha256; rebuilding it", dataset)
        return True
    recorded = {(i["source"], i["file"]): i for i in sidecar.get("inputs", [])}
    if set(recorded) != {(e.source_id, e.file) for e in entries}:
        return True
    for entry in entries:
        rec = recorded[(entry.source_id, entry.file)]
        path = raw_path(entry, raw_dir)
        if not path.is_file():
            return True
        stat = path.stat()
        if stat.st_size == rec["bytes"] and stat.st_mtime_ns == rec["mtime_ns"]:
            continue
        if sha256_file(path) != rec["sha256"]:
            return True
    return False


def _ensure_raw(dataset: str, raw_dir: Path, entries: list[SourceFile] | None = None) -> None:
    """Fetch missing inputs from ``$ANALYSIS_MIRROR`` when one is set (offline convenience)."""
    entries = _check_dataset(dataset) if entries is None else entries
    missing = sorted({e.source_id for e in entries if not raw_path(e, raw_dir).is_file()})
    if missing and paths.mirror_dir() is not None:
        log.info("fetching %s from the mirror for dataset %s", missing, dataset)
        fetch(missing, raw_dir=raw_dir)


def build(
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
) -> list[BuildSummary]:
    """Build the chosen datasets (all when ``names`` is None; none for an empty list).

    Datasets already up to date are skipped.
    """
    raw_dir = raw_dir or paths.raw_dir()
    processed_dir = processed_dir or paths.processed_dir()
    out = []
    for name in datasets() if names is None else list(names):
        _ensure_raw(name, raw_dir)
        if force or is_stale(name, raw_dir=raw_dir, processed_dir=processed_dir):
            out.append(build_dataset(name, raw_dir=raw_dir, processed_dir=processed_dir))
        else:
            side = _read_sidecar(name, processed_dir) or {}
            out.append(
                BuildSummary(
                    name, side.get("rows", 0), side.get("countries", 0), _years(side), False
                )
            )
    return out


def load(
    dataset: str,
    countries: Iterable[str] | None = None,
    years: int | tuple[int, int] | Iterable[int] | None = None,
    *,
    indicators: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return one processed dataset as a tidy table, rebuilding it first if it is stale.

    Args:
        dataset: A dataset name (see :func:`analysis.sources.datasets`), e.g. ``"wdi"``.
        countries: ISO3 codes to keep (rows whose ``iso3`` or ``partner_iso3`` is one of them
            for bilateral tables: the ``iso3`` column only). Codes are checked, unless they
            come already checked from ``notebook.setup`` (``scope.countries``, a
            :class:`~analysis.data.iso3.CheckedCodes`).
        years: One year (``2019``), a tuple ``(first, last)``, inclusive, or a list (or set) of
            the years wanted.
        indicators: Indicator names to keep.

    Returns:
        The tidy table (see :mod:`analysis.schema`).

    Raises:
        DataFileError: if a raw input is missing or malformed, naming the file and the fix.
        UnknownNameError: for an unknown dataset name (a KeyError too).
        ParameterError: for a code that is not ISO3, a reversed year range or an unknown
            indicator.
    """
    raw_dir, processed_dir = paths.raw_dir(), paths.processed_dir()
    entries = _check_dataset(dataset)  # resolved once, then handed on
    codes = _country_codes(countries)
    span = _year_filter(years)
    side = _read_sidecar(dataset, processed_dir)  # read once
    if _stale(dataset, entries, side, raw_dir, processed_dir):
        _ensure_raw(dataset, raw_dir, entries)
        side = _build(dataset, entries, raw_dir, processed_dir)
    table = full = _read_table(
        _table_path(dataset, processed_dir), (side or {}).get("table_sha256")
    )
    # One mask, one selection: each selection copies every column, the text columns slowly.
    keep: pd.Series | None = None
    if codes is not None:
        if not _checked(countries):  # a notebook's scope.countries were checked by setup
            _check_codes(codes, table, dataset)
        keep = table["iso3"].isin(codes)
    if span is not None:
        years_of_codes = table["year"] if keep is None else table["year"][keep]
        _check_span(span, years_of_codes, dataset)
        in_span = (
            table["year"].between(*span) if isinstance(span, tuple) else table["year"].isin(span)
        )
        keep = in_span if keep is None else keep & in_span
    if indicators is not None:
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        chosen = table["indicator"].isin(_known_indicators(wanted, side or {}, dataset))
        keep = chosen if keep is None else keep & chosen
    return (full.copy() if keep is None else full[keep]).reset_index(drop=True)


_TABLES: dict[Path, tuple[str, pd.DataFrame]] = {}
"""Tables read in this process, by path, with the sha256 of the bytes they were read from."""


def _read_table(path: Path, sha256: str | None) -> pd.DataFrame:
    """Read a processed table once per process and version (the sidecar's ``table_sha256``).

    :func:`load` hashes the file before every read, so a table served from here always has the
    bytes now on disk; callers get filtered copies, never this object.
    """
    import pandas as pd

    cached = _TABLES.get(path)
    if cached is not None and sha256 is not None and cached[0] == sha256:
        return cached[1]
    table = pd.read_parquet(path)
    if sha256 is not None:
        _TABLES[path] = (sha256, table)
    return table


def _known_indicators(wanted: list[str], side: dict, dataset: str) -> list[str]:
    """Return ``wanted``; refuse, with close matches, an indicator the dataset does not have."""
    declared = set(side.get("indicators", []))
    unknown = [i for i in wanted if i not in declared]
    if unknown:
        hints = {u: difflib.get_close_matches(u, sorted(declared), 1) for u in unknown}
        said = ", ".join(
            f"{u!r}" + (f" (did you mean {h[0]!r}?)" if h else "") for u, h in hints.items()
        )
        raise ParameterError(
            "indicators", unknown, f"indicators of dataset {dataset!r}; unknown: {said}"
        )
    return wanted


def _checked(countries: object) -> bool:
    """Return True for codes :func:`analysis.params.check_countries` made and nobody changed."""
    from analysis.data.iso3 import CheckedCodes

    return isinstance(countries, CheckedCodes) and countries.intact


def _country_codes(countries: Iterable[str] | str | None) -> list[str] | None:
    """Return ISO3 codes upper-cased; a single string is one code (not three letters)."""
    if countries is None:
        return None
    items = [countries] if isinstance(countries, str) else list(countries)
    return [str(c).strip().upper() for c in items]


def _check_codes(codes: list[str], table: pd.DataFrame, dataset: str) -> None:
    """Refuse codes that are not ISO3 codes (a code with no data in this dataset is fine)."""
    from analysis.data.iso3 import ISO3_CODES  # a set lookup: no country_converter import

    present = set(table["iso3"].unique())
    bad = [c for c in codes if c not in present and c not in ISO3_CODES]
    if bad:
        raise ParameterError(
            "countries", bad, f"ISO3 codes such as 'RUS', 'CHN', 'USA' (dataset {dataset!r})"
        )


def _year_filter(
    years: int | tuple[int, int] | Iterable[int] | None,
) -> tuple[int, int] | list[int] | None:
    """Return a (first, last) range or a list of years; refuse a reversed range or non-years."""
    if years is None:
        return None
    if isinstance(years, int) and not isinstance(years, bool):
        return [years]  # one year: load(..., years=2019)
    if isinstance(years, str | bytes) or not isinstance(years, Iterable):
        raise ParameterError("years", years, "a year (2019), a (first, last) tuple or a list")
    # A tuple (first, last) is a range; any other collection lists the years wanted.
    if isinstance(years, tuple) and len(years) == 2:
        first, last = years
        if not all(isinstance(y, int) for y in years):
            raise ParameterError("years", years, "a (first, last) tuple of integer years")
        if first > last:
            raise ParameterError("years", years, f"first <= last, e.g. ({last}, {first})")
        return first, last
    listed = list(years)
    if not all(isinstance(y, int) for y in listed):
        raise ParameterError("years", years, "integer years, or a (first, last) tuple")
    return listed


def _check_span(span: tuple[int, int] | list[int], years: pd.Series, dataset: str) -> None:
    """Refuse years that all lie outside ``years``, the dataset's (not an empty table, silently)."""
    years = years.dropna()
    if not len(years) or (isinstance(span, list) and not span):
        return
    first, last = int(years.min()), int(years.max())
    low, high = (span[0], span[-1]) if isinstance(span, tuple) else (min(span), max(span))
    if high < first or low > last:
        asked = f"{low}–{high}" if isinstance(span, tuple) else ", ".join(map(str, span))
        raise ParameterError(
            "years",
            span,
            f"years within {first}–{last}, the years of dataset {dataset!r} "
            f"({asked} holds none of them)",
        )


def provenance(dataset: str) -> list[dict]:
    """Return the input records (source, file, sha256, vintage, publisher, licence ...) of a dataset.

    Builds the dataset first if it has never been built.
    """
    return sidecar(dataset)["inputs"]


def sidecar(dataset: str) -> dict:
    """Return the whole provenance sidecar of a dataset (built first if missing or stale)."""
    processed_dir = paths.processed_dir()
    data = _read_sidecar(dataset, processed_dir)
    if data is None or is_stale(dataset):
        load(dataset, countries=[])
        data = _read_sidecar(dataset, processed_dir)
    assert data is not None
    return data
