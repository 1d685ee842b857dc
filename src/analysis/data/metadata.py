"""Per-dataset metadata: what every indicator of a processed table is, in one YAML per dataset.

``src/analysis/data/metadata/<dataset>.meta.yaml`` declares the dataset (a short description,
the sources label of the README's dataset table, its position in that table) and each indicator
its table holds: title, unit (or the list of units its editions use), the registry source it
comes from, the publisher's code where there is one, and a definition that says what is counted
(applications or grants, PPP or market rates, whole or fractional counts, which editions).
Like OWID's garden ``.meta.yml`` files and PUDL's resource metadata, this is the one place
those words are written:

* the build refuses a table with an undeclared indicator or a unit the file does not list
  (:func:`check_table`, called by :func:`analysis.data.processed.build_dataset`);
* the README's dataset table is rendered from it (:func:`readme_table`, ``analysis docs``);
* notebooks print definitions from it (:func:`analysis.notebook.definition`);
* code can name indicators through :func:`name` / :func:`indicators`, which fail on a typo;
* figures mark what the file declares about a series' years (:mod:`analysis.data.marks`): an
  indicator's ``breaks`` (a country's change of definition, with the year, a note and a
  citation) and a dataset's ``provisional`` final years (with why).

A metadata file looks like::

    dataset: wdi
    order: 1
    sources_label: World Bank WDI bulk CSVs
    description: >-
      Resident patent applications ...
    indicators:
      gdp_ppp_usd:
        title: GDP, PPP (current international $)
        unit: current international $ (PPP)
        source: wdi
        code: NY.GDP.MKTP.PP.CD
        definition: >-
          Gross domestic product converted to international dollars ...
        breaks:                      # optional: changes of definition in one country's series
          - iso3: CHN
            year: 2009               # the first year under the new definition
            note: ...
            citation: ...
    provisional:                     # optional: the dataset's last years are incomplete
      last_years: 1
      note: ...
    columns: [partner_iso3, partner] # optional: the tidy table's extra columns

The tidy table's pandera schema is generated from it (:func:`analysis.data.schema.dataset_schema`):
the declared ``columns`` and no other, the declared indicators only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from analysis.atomic import write_bytes
from analysis.data.sources import YAML_LOADER, source
from analysis.errors import MetadataError, UndeclaredIndicatorError

if TYPE_CHECKING:
    import pandas as pd  # only for annotations: `analysis docs` need not import pandas

# The years a tidy table may hold (schema.MIN_YEAR, schema.MAX_YEAR), restated here because
# schema imports pandas; tests/data/test_marks.py checks that the two agree.
_FIRST_YEAR, _LAST_YEAR = 1900, 2030
# The optional tidy columns (schema.OPTIONAL_COLUMNS), in their canonical order; restated for
# the same reason, and checked against schema by tests/data/test_schema.py.
_OPTIONAL_COLUMNS = ("edition", "rank", "n_countries", "partner_iso3", "partner", "category")


FOLDER = "src/analysis/data/metadata"
"""Where the metadata files live, relative to the project root (for messages)."""

SUFFIX = ".meta.yaml"

README_START = "<!-- datasets-table -->"
README_END = "<!-- /datasets-table -->"
"""The markers around the README's generated dataset table."""

_DATASET_KEYS = {"dataset", "order", "sources_label", "description", "indicators"}
_DATASET_OPTIONAL = {"provisional", "columns"}
_INDICATOR_KEYS = {"title", "unit", "source", "code", "definition", "breaks"}
_BREAK_KEYS = {"iso3", "year", "note", "citation"}
_PROVISIONAL_KEYS = {"last_years", "note"}
_INDICATOR_REQUIRED = ("title", "unit", "source", "definition")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class BreakMeta:
    """A change of method or definition in one country's series: the years before and after differ.

    ``year`` is the first year under the new method; ``citation`` says who documents it.
    """

    iso3: str
    year: int
    note: str
    citation: str


@dataclass(frozen=True)
class ProvisionalMeta:
    """The dataset's last ``last_years`` years are provisional (likely incomplete), and why."""

    last_years: int
    note: str


@dataclass(frozen=True)
class IndicatorMeta:
    """What one indicator of one dataset is."""

    dataset: str
    name: str
    title: str
    units: tuple[str, ...]
    source: str
    definition: str
    code: str | None = None
    breaks: tuple[BreakMeta, ...] = ()

    @property
    def unit(self) -> str:
        """Return the unit (several units, e.g. one per scale of an index, joined by " | ")."""
        return " | ".join(self.units)


@dataclass(frozen=True)
class DatasetMeta:
    """What one processed dataset holds."""

    name: str
    order: int
    sources_label: str
    description: str
    indicators: Mapping[str, IndicatorMeta]
    provisional: ProvisionalMeta | None = None
    columns: tuple[str, ...] = ()
    """The optional tidy columns its table has (rankings' edition, a partner, a category ...)."""

    @property
    def path(self) -> str:
        """Return the metadata file's path relative to the project root."""
        return meta_path(self.name)


def meta_path(dataset: str) -> str:
    """Return ``src/analysis/data/metadata/<dataset>.meta.yaml`` (for messages and docs)."""
    return f"{FOLDER}/{dataset}{SUFFIX}"


def _text(value: object, path: str, dataset: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MetadataError(
            path, dataset, f"{where} must be a non-empty string, found {value!r}", "write it"
        )
    return " ".join(value.split())


def _units(value: object, path: str, dataset: str, where: str) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values:
        raise MetadataError(path, dataset, f"{where} lists no unit", "give at least one unit")
    return tuple(_text(v, path, dataset, where) for v in values)


def _mapping(value: object, keys: set[str], path: str, dataset: str, where: str) -> dict:
    if not isinstance(value, dict) or set(value) != keys:
        found = sorted(value) if isinstance(value, dict) else repr(value)
        raise MetadataError(
            path, dataset, f"{where} must be a mapping of {sorted(keys)}, found {found}", "fix it"
        )
    return value


def _year(value: object, path: str, dataset: str, where: str) -> int:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not _FIRST_YEAR <= value <= _LAST_YEAR
    ):
        raise MetadataError(path, dataset, f"{where} must be a year, found {value!r}", "fix it")
    return value


def _parse_breaks(path: str, dataset: str, name: str, value: object) -> tuple[BreakMeta, ...]:
    if not isinstance(value, list):
        raise MetadataError(path, dataset, f"{name}.breaks must be a list", "make it a list")
    out = []
    for i, item in enumerate(value):
        where = f"{name}.breaks[{i}]"
        spec = _mapping(item, _BREAK_KEYS, path, dataset, where)
        iso3 = _text(spec["iso3"], path, dataset, f"{where}.iso3")
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise MetadataError(path, dataset, f"{where}.iso3 {iso3!r} is not ISO3", "fix it")
        out.append(
            BreakMeta(
                iso3=iso3,
                year=_year(spec["year"], path, dataset, f"{where}.year"),
                note=_text(spec["note"], path, dataset, f"{where}.note"),
                citation=_text(spec["citation"], path, dataset, f"{where}.citation"),
            )
        )
    return tuple(out)


def _parse_provisional(path: str, dataset: str, value: object) -> ProvisionalMeta | None:
    if value is None:
        return None
    spec = _mapping(value, _PROVISIONAL_KEYS, path, dataset, "provisional")
    last = spec["last_years"]
    if not isinstance(last, int) or isinstance(last, bool) or last < 1:
        raise MetadataError(
            path,
            dataset,
            f"provisional.last_years must be a positive integer, found {last!r}",
            "give how many final years are provisional",
        )
    return ProvisionalMeta(last, _text(spec["note"], path, dataset, "provisional.note"))


def _parse_columns(path: str, dataset: str, value: object) -> tuple[str, ...]:
    """Return the declared optional columns in canonical order; refuse an unknown one."""
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise MetadataError(
            path, dataset, f"`columns` must be a list of column names, found {value!r}", "fix it"
        )
    unknown = sorted(set(value) - set(_OPTIONAL_COLUMNS))
    if unknown:
        raise MetadataError(
            path,
            dataset,
            f"`columns` names {unknown}, which are not optional tidy columns",
            f"use only {list(_OPTIONAL_COLUMNS)} (the core columns need not be listed)",
        )
    return tuple(c for c in _OPTIONAL_COLUMNS if c in value)


def _parse_indicator(path: str, dataset: str, name: object, spec: object) -> IndicatorMeta:
    if not isinstance(name, str) or not _NAME.match(name):
        raise MetadataError(
            path, dataset, f"indicator name {name!r} is not snake_case", "rename it to snake_case"
        )
    if not isinstance(spec, dict):
        raise MetadataError(
            path, dataset, f"indicator {name!r} is not a mapping", "give it title, unit, ..."
        )
    unknown = set(spec) - _INDICATOR_KEYS
    if unknown:
        raise MetadataError(
            path,
            dataset,
            f"indicator {name!r} has unknown keys {sorted(unknown)}",
            f"use only {sorted(_INDICATOR_KEYS)}",
        )
    missing = [k for k in _INDICATOR_REQUIRED if k not in spec]
    if missing:
        raise MetadataError(
            path, dataset, f"indicator {name!r} has no {', '.join(missing)}", "add them"
        )
    code = spec.get("code")
    return IndicatorMeta(
        dataset=dataset,
        name=name,
        title=_text(spec["title"], path, dataset, f"{name}.title"),
        units=_units(spec["unit"], path, dataset, f"{name}.unit"),
        source=_text(spec["source"], path, dataset, f"{name}.source"),
        definition=_text(spec["definition"], path, dataset, f"{name}.definition"),
        code=None if code is None else _text(code, path, dataset, f"{name}.code"),
        breaks=_parse_breaks(path, dataset, name, spec.get("breaks", [])),
    )


def parse(data: object, dataset: str, path: str | None = None) -> DatasetMeta:
    """Validate the content of one metadata file and return it.

    Args:
        data: The parsed YAML.
        dataset: The dataset the file is named after.
        path: The file, for messages (default: :func:`meta_path`).

    Raises:
        MetadataError: on a missing or unknown key, a wrong type, or a ``dataset`` field that
            differs from the file name.
    """
    path = path or meta_path(dataset)
    if not isinstance(data, dict):
        raise MetadataError(path, dataset, "the file is not a YAML mapping", "see metadata.py")
    unknown = set(data) - _DATASET_KEYS - _DATASET_OPTIONAL
    if unknown:
        raise MetadataError(
            path,
            dataset,
            f"unknown keys {sorted(unknown)}",
            f"use only {sorted(_DATASET_KEYS | _DATASET_OPTIONAL)}",
        )
    missing = sorted(_DATASET_KEYS - set(data))
    if missing:
        raise MetadataError(path, dataset, f"no {', '.join(missing)}", "add them")
    if data["dataset"] != dataset:
        raise MetadataError(
            path,
            dataset,
            f"the file declares dataset {data['dataset']!r}",
            f"name the file {data['dataset']}{SUFFIX} or set `dataset: {dataset}`",
        )
    if not isinstance(data["order"], int):
        raise MetadataError(path, dataset, "`order` must be an integer", "give a position")
    specs = data["indicators"]
    if not isinstance(specs, dict) or not specs:
        raise MetadataError(path, dataset, "`indicators` is empty", "declare the indicators")
    indicators = {name: _parse_indicator(path, dataset, name, spec) for name, spec in specs.items()}
    return DatasetMeta(
        name=dataset,
        order=data["order"],
        sources_label=_text(data["sources_label"], path, dataset, "sources_label"),
        description=_text(data["description"], path, dataset, "description"),
        indicators=MappingProxyType(indicators),
        provisional=_parse_provisional(path, dataset, data.get("provisional")),
        columns=_parse_columns(path, dataset, data.get("columns", [])),
    )


@cache
def catalog() -> dict[str, DatasetMeta]:
    """Return every dataset's metadata, keyed by dataset, in the README's order.

    Raises:
        MetadataError: on a malformed metadata file, naming it.
    """
    folder = resources.files("analysis.data") / "metadata"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(SUFFIX):
            continue
        dataset = entry.name.removesuffix(SUFFIX)
        try:
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except yaml.YAMLError as exc:
            raise MetadataError(
                meta_path(dataset), dataset, f"not valid YAML ({exc})", "fix the syntax"
            ) from exc
        out[dataset] = parse(data, dataset)
    return dict(sorted(out.items(), key=lambda kv: (kv[1].order, kv[0])))


def datasets() -> tuple[str, ...]:
    """Return the datasets that have a metadata file, in the README's order."""
    return tuple(catalog())


def dataset_meta(dataset: str) -> DatasetMeta:
    """Return the metadata of one dataset.

    Raises:
        MetadataError: for a dataset without a metadata file, listing those that have one.
    """
    known = catalog()
    if dataset not in known:
        raise MetadataError(
            meta_path(dataset),
            dataset,
            f"no metadata file for this dataset (known: {', '.join(known)})",
            f"check the name, or write {meta_path(dataset)} (see src/analysis/data/metadata.py)",
        )
    return known[dataset]


def indicator_meta(dataset: str, indicator: str) -> IndicatorMeta:
    """Return the metadata of one indicator of one dataset.

    Raises:
        MetadataError: for an unknown dataset or an indicator the dataset does not declare.
    """
    meta = dataset_meta(dataset)
    if indicator not in meta.indicators:
        elsewhere = [d for d in datasets() if indicator in catalog()[d].indicators]
        hint = f" (declared in {', '.join(elsewhere)})" if elsewhere else ""
        raise MetadataError(
            meta.path,
            dataset,
            f"indicator {indicator!r} is not declared{hint}; declared: "
            f"{', '.join(meta.indicators)}",
            "check the spelling, or declare it in the metadata file",
        )
    return meta.indicators[indicator]


def indicators(dataset: str) -> tuple[str, ...]:
    """Return the indicator names a dataset declares, in the file's order."""
    return tuple(dataset_meta(dataset).indicators)


def name(dataset: str, indicator: str) -> str:
    """Return ``indicator`` after checking that ``dataset`` declares it.

    Use it instead of a bare string literal, so a typo or a renamed indicator fails at once::

        GDP_PPP = metadata.name("wdi", "gdp_ppp_usd")
    """
    return indicator_meta(dataset, indicator).name


def all_indicators() -> dict[str, tuple[str, ...]]:
    """Return every declared indicator name with the datasets that declare it."""
    out: dict[str, list[str]] = {}
    for dataset, meta in catalog().items():
        for indicator in meta.indicators:
            out.setdefault(indicator, []).append(dataset)
    return {k: tuple(v) for k, v in sorted(out.items())}


def check_table(dataset: str, table: pd.DataFrame) -> None:
    """Check that a built table holds only declared indicators, each in a declared unit.

    Raises:
        UndeclaredIndicatorError: naming the dataset, the undeclared indicators and the file
            to declare them in.
        MetadataError: for a unit (or registry source) other than the declared ones.
    """
    meta = dataset_meta(dataset)
    pairs = table[["indicator", "unit", "source"]].drop_duplicates()
    undeclared = sorted(set(pairs["indicator"]) - set(meta.indicators))
    if undeclared:
        raise UndeclaredIndicatorError(meta.path, dataset, undeclared)
    for indicator, unit, source_id in pairs.itertuples(index=False):
        declared = meta.indicators[indicator]
        if unit not in declared.units:
            raise MetadataError(
                meta.path,
                dataset,
                f"indicator {indicator!r} has unit {unit!r} in the table but the file declares "
                f"{list(declared.units)}",
                "if the reader's unit is right, update `unit` in the metadata file (a list when "
                "editions differ); otherwise fix the reader",
            )
        if source_id != declared.source:
            raise MetadataError(
                meta.path,
                dataset,
                f"indicator {indicator!r} comes from source {source_id!r} in the table but the "
                f"file declares {declared.source!r}",
                "correct `source` in the metadata file, or give the new source's rows their own "
                "indicator name",
            )


def definition_text(dataset: str, indicator: str) -> str:
    """Return one paragraph: title, unit, definition and source of an indicator.

    Example: ``"GDP (current US$). Unit: current US$. Gross domestic product ... Source: The
    World Bank, World Development Indicators (WDI), code NY.GDP.MKTP.CD (dataset wdi,
    indicator gdp_usd)."``
    """
    meta = indicator_meta(dataset, indicator)
    code = f", code {meta.code}" if meta.code else ""
    breaks = "".join(
        f" Break in series, {b.iso3} {b.year}: {b.note} ({b.citation})." for b in meta.breaks
    )
    return (
        f"{meta.title}. Unit: {meta.unit}. {meta.definition}{breaks} Source: "
        f"{source(meta.source).publisher}{code} (dataset {dataset}, indicator {indicator})."
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme_table(names: Iterable[str] | None = None) -> str:
    """Return the README's dataset table (markdown, without the markers), one row per dataset."""
    lines = [
        f"<!-- generated from {FOLDER}/<dataset>{SUFFIX} by `analysis docs --write`: edit those "
        "files, not this table -->",
        "| dataset | sources | what it holds |",
        "|---|---|---|",
    ]
    for dataset in names or datasets():
        meta = dataset_meta(dataset)
        lines.append(f"| `{dataset}` | {_cell(meta.sources_label)} | {_cell(meta.description)} |")
    return "\n".join(lines) + "\n"


def replace_readme_block(text: str, block: str, path: str | Path = "README.md") -> str:
    """Return ``text`` with the part between the dataset-table markers replaced by ``block``.

    Raises:
        MetadataError: if the markers are missing, repeated or out of order.
    """
    start, end = text.count(README_START), text.count(README_END)
    if start != 1 or end != 1 or text.index(README_START) > text.index(README_END):
        raise MetadataError(
            path,
            "*",
            f"expected one {README_START} line followed by one {README_END} line, found "
            f"{start} and {end}",
            "put the two markers back around the dataset table",
        )
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n{block}{README_END}{tail}"


def readme_block(text: str) -> str:
    """Return what stands between the dataset-table markers of ``text`` (empty when absent)."""
    if README_START not in text or README_END not in text:
        return ""
    return text.split(README_START, 1)[1].split(README_END, 1)[0].removeprefix("\n")


def write_readme(path: Path) -> bool:
    """Rewrite the dataset table of the README at ``path`` from the metadata, atomically.

    Returns:
        True if the file changed.
    """
    old = path.read_text(encoding="utf-8")
    new = replace_readme_block(old, readme_table(), path)
    if new == old:
        return False
    write_bytes(path, new.encode("utf-8"))
    return True
