"""The processed layer: build, provenance sidecars, cached load, and failures that change nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from wb_fixtures import fixture_metadata, make_mirror, sha

import analysis
from analysis import cli
from analysis.data import metadata, processed, sources
from analysis.data.fetch import fetch
from analysis.errors import DataFileError, MissingSourceError, ParameterError


@pytest.fixture
def fetched(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mirror, src = make_mirror(tmp_path / "mirror")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.setattr(metadata, "catalog", fixture_metadata)
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    fetch(mirror=mirror)
    return data_dir


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_build_writes_table_and_sidecar(fetched: Path, capsys) -> None:
    assert cli.main(["build"]) == 0
    assert "fixture_wdi" in capsys.readouterr().out
    table = fetched / "processed" / "fixture_wdi.parquet"
    side = json.loads((fetched / "processed" / "fixture_wdi.provenance.json").read_text())
    assert table.is_file()
    assert side["package_version"] == analysis.__version__
    assert side["rows"] == 18 and side["countries"] == 3 and side["years"] == [2015, 2020]
    [data_input, _meta] = side["inputs"]
    assert data_input["sha256"] == sources.registry()["wdi"].files[0].sha256
    assert data_input["publisher"] == "The World Bank (fixture)"
    assert not [p for p in (fetched / "processed").iterdir() if p.name.endswith(".tmp")]


def test_load_filters_and_provenance(fetched: Path) -> None:
    df = analysis.load("fixture_wdi", countries=["RUS", "CHN"], years=(2018, 2019))
    assert sorted(df["iso3"].unique()) == ["CHN", "RUS"]
    assert sorted(df["year"].unique()) == [2018, 2019]
    assert df.set_index(["iso3", "year"])["value"][("RUS", 2019)] == 23337
    prov = analysis.provenance("fixture_wdi")
    assert {p["file"] for p in prov} == {f.file for f in sources.registry()["wdi"].files}


def test_load_rebuilds_only_when_an_input_changed(fetched: Path) -> None:
    analysis.load("fixture_wdi")
    table = fetched / "processed" / "fixture_wdi.parquet"
    first = table.stat().st_mtime_ns
    assert not processed.is_stale("fixture_wdi")
    analysis.load("fixture_wdi")
    assert table.stat().st_mtime_ns == first  # nothing changed: served from the cache
    raw = fetched / "raw" / "wdi" / sources.registry()["wdi"].files[0].file
    os.utime(raw, ns=(raw.stat().st_atime_ns, raw.stat().st_mtime_ns + 10**9))
    assert not processed.is_stale("fixture_wdi")  # touched, same bytes: still fresh


def test_changed_raw_file_is_refused_until_refetched(fetched: Path) -> None:
    analysis.load("fixture_wdi")
    before = _snapshot(fetched / "processed")
    raw = fetched / "raw" / "wdi" / sources.registry()["wdi"].files[0].file
    raw.write_text(raw.read_text(encoding="utf-8").replace("23337", "99999"), encoding="utf-8")
    assert processed.is_stale("fixture_wdi")
    with pytest.raises(DataFileError, match="changed after fetch.*analysis fetch"):
        analysis.load("fixture_wdi")
    assert _snapshot(fetched / "processed") == before


@pytest.mark.parametrize(
    "damage,match",
    [
        (lambda b: b[: len(b) // 2], "could not be parsed as CSV|row ends early"),
        (lambda b: b"", "the file is empty"),
        (lambda b: b.replace(b'"23337"', b'"n/a?"'), "expected a number"),
        (lambda b: b"\n".join(b.split(b"\n")[4:]), "missing the 4-line World Bank preamble"),
        (lambda b: b + b.split(b"\n")[6] + b"\n", "duplicated row"),
    ],
    ids=["truncated", "empty", "non-numeric", "missing-preamble", "duplicated-row"],
)
def test_bad_input_leaves_processed_untouched(fetched: Path, damage, match: str) -> None:
    analysis.load("fixture_wdi")
    before = _snapshot(fetched / "processed")
    raw = fetched / "raw" / "wdi" / sources.registry()["wdi"].files[0].file
    bad = damage(raw.read_bytes())
    # Accept the damaged bytes as a "new vintage" so the reader, not the checksum, sees them.
    entry = sources.registry()["wdi"].files[0]
    (fetched / "raw" / "accepted_vintages.json").write_text(
        json.dumps(
            {
                entry.relpath: {
                    "sha256": __import__("hashlib").sha256(bad).hexdigest(),
                    "vintage": "bad",
                }
            }
        )
    )
    raw.write_bytes(bad)
    with pytest.raises(DataFileError, match=match):
        analysis.load("fixture_wdi")
    assert _snapshot(fetched / "processed") == before


def test_missing_raw_input_says_fetch(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    _, src = make_mirror(tmp_path / "mirror")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    with pytest.raises(
        MissingSourceError, match="raw input of source .wdi. not found.*analysis fetch"
    ):
        analysis.load("fixture_wdi")


def test_load_fetches_from_mirror_env_when_raw_missing(
    data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    mirror, src = make_mirror(tmp_path / "mirror")
    monkeypatch.setattr(sources, "registry", lambda: {"wdi": src})
    monkeypatch.setattr(metadata, "catalog", fixture_metadata)
    monkeypatch.setenv("ANALYSIS_MIRROR", str(mirror))
    assert len(analysis.load("fixture_wdi")) == 18


def test_unknown_dataset() -> None:
    with pytest.raises(KeyError, match="unknown dataset 'nope'; known datasets: "):
        analysis.load("nope")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"countries": ["XXX"]}, r"'countries' = \['XXX'\].*ISO3 codes"),
        ({"years": (2020, 2000)}, r"first <= last, e.g. \(2000, 2020\)"),
        ({"years": ("2000", "2020")}, r"integer years"),
        ({"years": (2050, 2060)}, r"years within 2015–2020, the years of dataset 'fixture_wdi'"),
        ({"years": [1990, 1991]}, r"1990, 1991 holds none of them"),
        ({"years": "2019"}, r"a year \(2019\), a \(first, last\) tuple or a list"),
        (
            {"indicators": ["patent_aplications_resident"]},
            r"did you mean 'patent_applications_resident'",
        ),
    ],
)
def test_load_refuses_arguments_that_would_give_an_empty_table(
    fetched: Path, kwargs: dict, message: str
) -> None:
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match=message):
        analysis.load("fixture_wdi", **kwargs)


def test_load_takes_one_year_as_an_int(fetched: Path) -> None:
    table = analysis.load("fixture_wdi", countries=["RUS"], years=2019)
    assert table["year"].unique().tolist() == [2019] and len(table) == 1


def test_load_case_folds_codes_and_takes_one_string_as_one_code(fetched: Path) -> None:
    one = analysis.load("fixture_wdi", countries="rus")
    assert set(one["iso3"]) == {"RUS"} and len(one) == 6
    assert analysis.load("fixture_wdi", countries=["rus", "Chn"])["iso3"].nunique() == 2


def test_unknown_dataset_is_an_analysis_error() -> None:
    from analysis.errors import AnalysisError

    with pytest.raises(AnalysisError, match="unknown dataset 'wdii'; known datasets: .*wdi"):
        analysis.load("wdii")


def test_an_edited_processed_table_is_never_served(fetched: Path) -> None:
    full = analysis.load("fixture_wdi")
    table = fetched / "processed" / "fixture_wdi.parquet"
    full[full["iso3"] != "RUS"].to_parquet(table, index=False)  # someone drops Russia's rows
    assert analysis.data.processed.is_stale("fixture_wdi")
    again = analysis.load("fixture_wdi")
    assert "RUS" in set(again["iso3"]) and len(again) == len(full)
    side = json.loads((fetched / "processed" / "fixture_wdi.provenance.json").read_text())
    assert side["table_sha256"] == sha(table)


def test_a_table_is_read_once_and_callers_get_copies(fetched: Path, monkeypatch) -> None:
    import pandas as pd

    first = analysis.load("fixture_wdi")
    reads = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda *a, **k: reads.append(a) or real(*a, **k))
    first.loc[:, "value"] = -1.0  # a caller changing its table changes nobody else's
    again = analysis.load("fixture_wdi")
    assert reads == [] and (again["value"] >= 0).all()
    table = fetched / "processed" / "fixture_wdi.parquet"
    os.utime(table, ns=(table.stat().st_atime_ns, table.stat().st_mtime_ns + 10**9))
    analysis.load("fixture_wdi", countries=["RUS"])
    assert reads == []  # same bytes (the sidecar's sha256): still the table read before


def test_codes_checked_by_setup_are_not_checked_again(
    fetched: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis import params

    scope = params.scope(["rus", "CHN", "USA"], 2015, 2020, output=str(tmp_path / "out"))
    calls: list[list[str]] = []
    real = processed._check_codes
    monkeypatch.setattr(
        processed, "_check_codes", lambda codes, *a: (calls.append(codes), real(codes, *a))
    )
    assert set(analysis.load("fixture_wdi", scope.countries)["iso3"]) == {"RUS", "CHN", "USA"}
    assert set(analysis.load("fixture_wdi", scope.countries[:2])["iso3"]) == {"RUS", "CHN"}
    assert calls == []  # validated once, by params.scope (notebook.setup)
    analysis.load("fixture_wdi", ["RUS", "CHN"])  # a plain list, as a user passes it: checked
    changed = scope.countries
    changed.append("XXX")  # a checked list changed afterwards loses its mark
    with pytest.raises(ParameterError, match=r"\['XXX'\].*ISO3 codes"):
        analysis.load("fixture_wdi", changed)
    assert calls == [["RUS", "CHN"], ["RUS", "CHN", "USA", "XXX"]]
