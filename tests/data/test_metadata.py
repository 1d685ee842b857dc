"""Per-dataset metadata (analysis.data.metadata): the YAML files, the build check, the README
table, notebook definitions and the indicator names used in the topic modules."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from wb_fixtures import make_mirror

from analysis import cli, notebook, paths
from analysis.data import metadata, processed, schema, sources
from analysis.data.fetch import fetch
from analysis.errors import AnalysisError, MetadataError, UndeclaredIndicatorError

ROOT = Path(__file__).resolve().parents[2]
TOPICS = ROOT / "src" / "analysis" / "topics"


# --------------------------------------------------------------------------- literal scanner
# Find indicator names written as string literals in Python source.
#
# A literal counts as an indicator name when the code around it says so:
#
# * it is passed as ``indicators=`` / ``indicator=`` to any call;
# * it is compared with, or tested by ``isin`` against, a ``["indicator"]`` column;
# * it is assigned to a name containing ``INDICATOR``, or to another upper-case module constant
#   when it starts like a declared indicator (``COPUB_PAIR = "coauthored_works"``);
# * it sits next to a dataset name: another positional argument of the same call
#   (``_indicator("wdi", "gdp_ppp_usd")``), or the first item of its dict value
#   (``"ai_publications": ("owid", ...)``), which also says which dataset must declare it;
# * it is a dict key whose value is a registry source id (``"gai_score": "tortoise_gai"``);
# * it shares a list, tuple, set or dict-key collection with a declared indicator name.

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
AGGREGATIONS = {"agg", "aggregate"}  # ``indicator=("indicator", "first")`` names a column


@dataclass(frozen=True)
class Literal:
    """One indicator literal: where it is, and the dataset (or source) that must declare it."""

    file: str
    line: int
    value: str
    dataset: str | None = None
    source: str | None = None


def _strings(node: ast.AST) -> list[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _is_indicator_column(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == "indicator"
    )


def find_literals(
    source: str,
    file: str,
    *,
    datasets: set[str],
    source_ids: set[str],
    declared: set[str],
    ignore: set[str],
) -> list[Literal]:
    """Return the indicator literals of one module's source text."""
    out: list[Literal] = []
    stems = {d.split("_")[0] for d in declared}

    def add(const: ast.Constant, dataset: str | None = None, src: str | None = None) -> None:
        value = const.value
        if value in ignore or value in datasets or value in source_ids:
            return
        out.append(Literal(file, const.lineno, value, dataset, src))

    tree = ast.parse(source)
    # A module's ``__all__`` lists function names, some of which share an indicator's name.
    exports = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        if id(node) in exports:
            continue
        if isinstance(node, ast.Call):
            aggregation = isinstance(node.func, ast.Attribute) and node.func.attr in AGGREGATIONS
            for kw in node.keywords:
                if kw.arg in ("indicator", "indicators") and not aggregation:
                    for const in _strings(kw.value):
                        add(const)
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "isin"
                and _is_indicator_column(func.value)
            ):
                for arg in node.args:
                    for const in _strings(arg):
                        add(const)
            consts = [a for a in node.args if isinstance(a, ast.Constant)]
            named = [c.value for c in consts if c.value in datasets]
            if len(named) == 1:
                for const in consts:
                    if isinstance(const.value, str) and SNAKE.match(const.value):
                        add(const, dataset=named[0])
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_is_indicator_column(s) for s in sides):
                for side in sides:
                    for const in _strings(side):
                        add(const)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if node.value is not None and any("INDICATOR" in n for n in names):
                for const in _strings(node.value):
                    add(const)
            elif (
                any(UPPER.match(n) for n in names)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                and SNAKE.match(node.value.value)
                and node.value.value.split("_")[0] in stems
            ):
                add(node.value)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    continue
                first = value.elts[0] if isinstance(value, ast.Tuple) and value.elts else value
                if isinstance(first, ast.Constant) and first.value in datasets:
                    add(key, dataset=first.value)
                elif isinstance(value, ast.Constant) and value.value in source_ids:
                    add(key, src=value.value)
        collection = None
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            collection = _strings(node)
        elif isinstance(node, ast.Dict):
            collection = [k for k in node.keys if k is not None and _strings(k)]
        if collection and any(c.value in declared for c in collection):
            for const in collection:
                if SNAKE.match(const.value):
                    add(const)
    return sorted(set(out), key=lambda lit: (lit.file, lit.line, lit.value))


def scan_literals(
    folder: Path,
    *,
    datasets: set[str],
    source_ids: set[str],
    declared: set[str],
    ignore: set[str],
) -> list[Literal]:
    """Return the indicator literals of every ``*.py`` file under ``folder``."""
    out = []
    for path in sorted(folder.rglob("*.py")):
        out += find_literals(
            path.read_text(encoding="utf-8"),
            path.as_posix(),
            datasets=datasets,
            source_ids=source_ids,
            declared=declared,
            ignore=ignore,
        )
    return out


def _scan_topics() -> list[Literal]:
    return scan_literals(
        TOPICS,
        datasets=set(metadata.datasets()),
        source_ids=set(sources.registry()),
        declared=set(metadata.all_indicators()),
        ignore={*schema.CORE_COLUMNS, *schema.OPTIONAL_COLUMNS},
    )


# --------------------------------------------------------------------------- helpers


def _spec(**indicators: dict) -> dict:
    return {
        "dataset": "demo",
        "order": 1,
        "sources_label": "Demo publisher",
        "description": "Demo counts.",
        "indicators": indicators
        or {
            "widgets": {
                "title": "Widgets",
                "unit": "widgets",
                "source": "wdi",
                "definition": "Widgets made.",
            }
        },
    }


def _table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["CHN"] * len(rows),
            "year": [2020] * len(rows),
            "indicator": [r[0] for r in rows],
            "unit": [r[1] for r in rows],
            "source": [r[2] for r in rows],
            "value": [1.0] * len(rows),
        }
    )


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> metadata.DatasetMeta:
    spec = _spec(
        widgets={"title": "Widgets", "unit": "widgets", "source": "wdi", "definition": "W."},
        score={
            "title": "Score",
            "unit": ["score 0-10", "score 0-100"],
            "source": "wdi",
            "definition": "S.",
            "code": "X.Y",
        },
    )
    meta = metadata.parse(spec, "demo")
    monkeypatch.setattr(metadata, "catalog", lambda: {"demo": meta})
    return meta


# --------------------------------------------------------------------------- the shipped files


def test_every_dataset_has_a_metadata_file_and_no_other() -> None:
    assert set(metadata.datasets()) == set(sources.datasets())


def test_every_declared_source_feeds_its_dataset() -> None:
    for dataset in metadata.datasets():
        feeding = {f.source_id for f in sources.files_for_dataset(dataset)}
        for meta in metadata.dataset_meta(dataset).indicators.values():
            assert meta.source in feeding, f"{dataset}.{meta.name}: source {meta.source!r}"


def test_shipped_files_are_complete() -> None:
    orders = [metadata.dataset_meta(d).order for d in metadata.datasets()]
    assert len(set(orders)) == len(orders), "two datasets share an `order`"
    for dataset in metadata.datasets():
        meta = metadata.dataset_meta(dataset)
        assert meta.path == f"src/analysis/data/metadata/{dataset}.meta.yaml"
        assert (ROOT / meta.path).is_file()
        for ind in meta.indicators.values():
            assert len(ind.definition) >= 40, f"{dataset}.{ind.name}: definition too short"
            assert ind.title and ind.units


def test_metadata_files_are_package_data() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/metadata/*.meta.yaml"' in text


# --------------------------------------------------------------------------- loader


def test_lookups(demo: metadata.DatasetMeta) -> None:
    assert metadata.datasets() == ("demo",)
    assert metadata.dataset_meta("demo") is demo
    assert metadata.indicators("demo") == ("widgets", "score")
    assert metadata.name("demo", "score") == "score"
    assert metadata.all_indicators() == {"score": ("demo",), "widgets": ("demo",)}
    score = metadata.indicator_meta("demo", "score")
    assert score.units == ("score 0-10", "score 0-100")
    assert score.unit == "score 0-10 | score 0-100"
    assert score.code == "X.Y"


def test_unknown_dataset_and_indicator_name_the_file_and_the_known_names(demo) -> None:
    with pytest.raises(MetadataError, match=r"nope\.meta\.yaml.*known: demo"):
        metadata.dataset_meta("nope")
    with pytest.raises(MetadataError, match=r"'gadgets' is not declared; declared: widgets, score"):
        metadata.name("demo", "gadgets")
    assert issubclass(MetadataError, AnalysisError)


def test_wdi_declares_the_names_the_code_uses() -> None:
    assert "gdp_ppp_usd" in metadata.indicators("wdi")
    assert metadata.all_indicators()["rd_expenditure_pct_gdp"] == (
        "wdi",
        "wipo",
        "owid",
        "ncses_gerd",
    )


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda s: s.update(colour="red"), r"unknown keys \['colour'\]"),
        (lambda s: s.pop("description"), r"no description"),
        (lambda s: s.update(dataset="other"), r"declares dataset 'other'.*other\.meta\.yaml"),
        (lambda s: s.update(order="first"), r"`order` must be an integer"),
        (lambda s: s.update(indicators={}), r"`indicators` is empty"),
        (lambda s: s["indicators"]["widgets"].pop("unit"), r"'widgets' has no unit"),
        (lambda s: s["indicators"]["widgets"].update(unit=[]), r"lists no unit"),
        (lambda s: s["indicators"]["widgets"].update(note="x"), r"unknown keys \['note'\]"),
        (lambda s: s["indicators"]["widgets"].update(title=""), r"widgets\.title must be"),
        (lambda s: s["indicators"].update({"Bad Name": {}}), r"'Bad Name' is not snake_case"),
    ],
)
def test_parse_rejects_malformed_files(change, match: str) -> None:
    spec = _spec()
    change(spec)
    with pytest.raises(MetadataError, match=match) as info:
        metadata.parse(spec, "demo")
    assert "src/analysis/data/metadata/demo.meta.yaml" in str(info.value)
    assert "Fix:" in str(info.value)


def test_parse_collapses_folded_whitespace() -> None:
    spec = _spec()
    spec["description"] = "Two\n  lines."
    assert metadata.parse(spec, "demo").description == "Two lines."


# --------------------------------------------------------------------------- build check


def test_check_table_accepts_declared_indicators_and_units(demo) -> None:
    metadata.check_table(
        "demo",
        _table([("widgets", "widgets", "wdi"), ("score", "score 0-10", "wdi")]),
    )
    metadata.check_table("demo", _table([("score", "score 0-100", "wdi")]))


def test_check_table_names_undeclared_indicators_and_the_fix(demo) -> None:
    table = _table([("widgets", "widgets", "wdi"), ("gizmos", "n", "wdi"), ("bolts", "n", "wdi")])
    with pytest.raises(UndeclaredIndicatorError) as info:
        metadata.check_table("demo", table)
    err = info.value
    assert err.dataset == "demo"
    assert err.indicators == ["bolts", "gizmos"]
    message = str(err)
    assert "dataset 'demo'" in message
    assert "bolts, gizmos" in message
    assert "declare each in src/analysis/data/metadata/demo.meta.yaml" in message


def test_check_table_refuses_another_unit_or_source(demo) -> None:
    with pytest.raises(MetadataError, match=r"'widgets' has unit 'tonnes'.*declares \['widgets'\]"):
        metadata.check_table("demo", _table([("widgets", "tonnes", "wdi")]))
    with pytest.raises(MetadataError, match=r"'widgets' comes from source 'owid_ai'"):
        metadata.check_table("demo", _table([("widgets", "widgets", "owid_ai")]))


def _declare(monkeypatch: pytest.MonkeyPatch, indicator: str, unit: str) -> None:
    spec = _spec()
    spec["dataset"] = "fixture_wdi"
    spec["indicators"] = {
        indicator: {"title": "T", "unit": unit, "source": "wdi", "definition": "D."}
    }
    meta = metadata.parse(spec, "fixture_wdi")
    monkeypatch.setattr(metadata, "catalog", lambda: {"fixture_wdi": meta})


def _fetched_fixture(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mirror, src = make_mirror(tmp_path / "mirror")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    fetch(mirror=mirror)
    return data_dir / "processed"


def test_build_fails_on_an_undeclared_indicator_and_writes_nothing(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _fetched_fixture(data_dir, tmp_path, monkeypatch)
    _declare(monkeypatch, "patent_applications_nonresident", "applications")
    with pytest.raises(UndeclaredIndicatorError, match="patent_applications_resident"):
        processed.build(["fixture_wdi"])
    assert list(out.iterdir()) == []
    assert cli.main(["build", "fixture_wdi"]) == 1


def test_build_fails_on_a_unit_the_metadata_does_not_declare(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _fetched_fixture(data_dir, tmp_path, monkeypatch)
    _declare(monkeypatch, "patent_applications_resident", "patents")
    with pytest.raises(MetadataError, match="unit 'applications'"):
        processed.build(["fixture_wdi"])
    assert list(out.iterdir()) == []
    _declare(monkeypatch, "patent_applications_resident", "applications")
    assert processed.build(["fixture_wdi"])[0].rows > 0


# --------------------------------------------------------------------------- README table


def test_readme_dataset_table_is_the_rendered_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert metadata.readme_block(readme) == metadata.readme_table(), (
        "README.md's dataset table differs from src/analysis/data/metadata/*.meta.yaml: "
        "edit the YAML files, then run `analysis docs --write`"
    )
    assert cli.main(["docs", "--check"]) == 0


def test_readme_table_renders_every_dataset_in_order(demo) -> None:
    table = metadata.readme_table()
    lines = table.splitlines()
    assert lines[0].startswith("<!-- generated from src/analysis/data/metadata/")
    assert lines[1] == "| dataset | sources | what it holds |"
    assert lines[3] == "| `demo` | Demo publisher | Demo counts. |"
    assert table.endswith("\n")


def test_write_readme_replaces_only_the_block(tmp_path: Path, demo) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        "# Title\n\n<!-- datasets-table -->\nold | table\n<!-- /datasets-table -->\n\nafter\n",
        encoding="utf-8",
    )
    assert metadata.write_readme(path) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\n<!-- datasets-table -->\n<!-- generated")
    assert text.endswith(
        "| `demo` | Demo publisher | Demo counts. |\n<!-- /datasets-table -->\n\nafter\n"
    )
    assert metadata.readme_block(text) == metadata.readme_table()
    assert metadata.write_readme(path) is False
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


@pytest.mark.parametrize(
    "text",
    [
        "no markers\n",
        "<!-- /datasets-table -->\n<!-- datasets-table -->\n",
        "<!-- datasets-table -->\n<!-- datasets-table -->\n<!-- /datasets-table -->\n",
    ],
)
def test_replace_readme_block_needs_one_pair_of_markers(text: str) -> None:
    with pytest.raises(MetadataError, match="put the two markers back"):
        metadata.replace_readme_block(text, "x\n")


def test_cli_docs_prints_writes_and_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, demo
) -> None:
    (tmp_path / "README.md").write_text(
        "<!-- datasets-table -->\nstale\n<!-- /datasets-table -->\n", encoding="utf-8"
    )
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    assert cli.main(["docs"]) == 0
    assert "| `demo` |" in capsys.readouterr().out
    assert cli.main(["docs", "--check"]) == 1
    assert "analysis docs --write" in capsys.readouterr().err
    assert cli.main(["docs", "--write"]) == 0
    assert cli.main(["docs", "--check"]) == 0


# --------------------------------------------------------------------------- notebooks


def test_notebook_definition_reads_the_metadata() -> None:
    text = notebook.definition("wipo", "patent_applications_by_origin")
    meta = metadata.indicator_meta("wipo", "patent_applications_by_origin")
    assert text.startswith(f"{meta.title}. Unit: applications. ")
    assert meta.definition in text
    assert "World Intellectual Property Organization" in text
    assert "(dataset wipo, indicator patent_applications_by_origin)" in text
    assert "code GB.XPD.RSDV.GD.ZS" in notebook.definition("wdi", "rd_expenditure_pct_gdp")


def test_notebook_definition_of_an_undeclared_indicator_fails() -> None:
    with pytest.raises(MetadataError, match="'gdp_ppp' is not declared"):
        notebook.definition("wdi", "gdp_ppp")


# --------------------------------------------------------------------------- indicator literals


def test_scanner_finds_indicator_literals_in_every_context() -> None:
    code = """
TOTAL_INDICATOR = "gdp_ppp_usd"
PAIR = "coauthored_wroks"
LABEL = "share_pct"
rows = load("wdi", countries, indicators=["gpd_usd", "population"])
x = t[t["indicator"] == "rd_pct"]
y = t[t["indicator"].isin(["journal_articels"])]
z = _indicator("owid", "ai_publications_typo")
SERIES = {"ai_patents_typo": ("ncses", "label"), "gai_scroe": "tortoise_gai"}
names = ("ai_articles", "ai_artciles")
agg = t.groupby("iso3").agg(indicator=("indicator", "first"))
"""
    found = find_literals(
        code,
        "demo.py",
        datasets={"wdi", "owid", "ncses"},
        source_ids={"tortoise_gai"},
        declared={"gdp_ppp_usd", "coauthored_works", "ai_articles", "population"},
        ignore={"iso3", "indicator"},
    )
    values = {(lit.value, lit.dataset, lit.source) for lit in found}
    assert values == {
        ("gdp_ppp_usd", None, None),
        ("coauthored_wroks", None, None),
        ("gpd_usd", None, None),
        ("population", None, None),
        ("rd_pct", None, None),
        ("journal_articels", None, None),
        ("ai_publications_typo", "owid", None),
        ("ai_patents_typo", "ncses", None),
        ("gai_scroe", None, "tortoise_gai"),
        ("ai_articles", None, None),
        ("ai_artciles", None, None),
    }
    assert all(lit.line > 1 for lit in found)


def test_every_indicator_literal_in_the_topic_modules_is_declared() -> None:
    literals = _scan_topics()
    assert {"gdp_ppp_usd", "coauthored_works", "gai_score"} <= {lit.value for lit in literals}
    everywhere = metadata.all_indicators()
    problems = []
    for lit in literals:
        where = f"{Path(lit.file).relative_to(ROOT)}:{lit.line} {lit.value!r}"
        if lit.value not in everywhere:
            problems.append(f"{where} is not declared in any metadata file")
        elif lit.dataset and lit.value not in metadata.indicators(lit.dataset):
            problems.append(f"{where} is not declared by dataset {lit.dataset!r}")
        elif lit.source and not any(
            metadata.indicator_meta(d, lit.value).source == lit.source
            for d in everywhere[lit.value]
        ):
            problems.append(f"{where} is not declared with source {lit.source!r}")
    assert not problems, (
        "indicator names used in src/analysis/topics/ but not declared in "
        "src/analysis/data/metadata/*.meta.yaml (a typo, or a renamed indicator):\n"
        + "\n".join(problems)
    )


# --------------------------------------------------------------------------- real data


@pytest.mark.mirror
def test_built_tables_match_their_metadata_exactly(mirror: Path) -> None:
    """Every declared indicator is in the built table (no stale declarations), and back."""
    for dataset in metadata.datasets():
        processed.load(dataset, countries=[])  # builds (and so checks) when stale
        table = pd.read_parquet(paths.processed_dir() / f"{dataset}.parquet")
        metadata.check_table(dataset, table)
        assert set(table["indicator"]) == set(metadata.indicators(dataset)), dataset
