"""Writers of small files in the World Bank's official bulk-download layout, for tests."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.data.metadata import catalog as real_catalog
from analysis.data.sources import Source, SourceFile

YEARS = [str(y) for y in range(2015, 2021)]
ROWS = [
    # name, code, values 2015-2020 ("" = no data)
    ("China", "CHN", ["968252", "1204981", "1245709", "1393815", "1243568", "1344817"]),
    ("Russian Federation", "RUS", ["29269", "26795", "22777", "24926", "23337", "23759"]),
    ("United States", "USA", ["288335", "295327", "293904", "285095", "285113", "269586"]),
    ("World", "WLD", ["1", "2", "3", "4", "5", "6"]),
    ("High income", "HIC", ["1", "2", "3", "4", "5", ""]),
]


def write_bulk(
    path: Path,
    code: str = "IP.PAT.RESD",
    name: str = "Patent applications, residents",
    rows: list[tuple[str, str, list[str]]] = ROWS,
    updated: str = "2026-01-28",
) -> Path:
    """Write an ``API_<code>_DS2_en_csv_v2_<n>.csv`` file as the World Bank ships it."""
    header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *YEARS]
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        f'"Last Updated Date","{updated}",',
        "",
        ",".join(f'"{h}"' for h in header) + ",",
    ]
    for cname, ccode, values in rows:
        cells = [cname, ccode, name, code, *values]
        lines.append(",".join(f'"{c}"' for c in cells) + ",")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_country_metadata(path: Path) -> Path:
    """Write ``Metadata_Country_*.csv``: aggregates have an empty Region."""
    lines = [
        '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",',
        '"CHN","East Asia & Pacific","Upper middle income","","China",',
        '"RUS","Europe & Central Asia","High income","","Russian Federation",',
        '"USA","North America","High income","","United States",',
        '"WLD","","","","World",',
        '"HIC","","","","High income",',
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def sha(path: Path) -> str:
    """Return a file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_mirror(root: Path, url_base: str | None = None) -> tuple[Path, Source]:
    """Write a one-indicator WDI mirror under ``root/wdi`` and return it with its registry entry."""
    data = write_bulk(root / "wdi" / "API_IP.PAT.RESD_DS2_en_csv_v2_1.csv")
    meta = write_country_metadata(
        root / "wdi" / "Metadata_Country_API_IP.PAT.RESD_DS2_en_csv_v2_1.csv"
    )
    files = []
    for path, reader, dataset in ((data, "wdi_bulk", "fixture_wdi"), (meta, None, "fixture_wdi")):
        url = f"{url_base}/{path.name}.zip" if url_base else None
        files.append(
            SourceFile(
                source_id="wdi",
                file=path.name,
                sha256=sha(path),
                bytes=path.stat().st_size,
                vintage="2026-01-28",
                reader=reader,
                dataset=dataset,
                url=url,
                archive_member=path.name.replace("_1.csv", "_*.csv") if url else None,
                manual=None if url else "copy it by hand",
            )
        )
    src = Source(
        id="wdi",
        publisher="The World Bank (fixture)",
        title="fixture",
        page="https://example.org",
        licence="CC BY 4.0",
        citation="fixture",
        files=tuple(files),
    )
    return root, src


FIXTURE_DATASETS = ("fixture_wdi", "rd_only")
"""Datasets the tests build from (copies of) WDI files."""


def fixture_metadata() -> dict:
    """Return the real metadata catalog plus the fixture datasets, each declaring what ``wdi``
    declares (monkeypatch ``analysis.data.metadata.catalog`` with it, as the tests monkeypatch
    the registry, so that the build accepts their indicators)."""
    real = real_catalog()  # imported before any test patches analysis.data.metadata.catalog
    out = dict(real)
    for name in FIXTURE_DATASETS:
        indicators = {
            k: dataclasses.replace(v, dataset=name) for k, v in real["wdi"].indicators.items()
        }
        out[name] = dataclasses.replace(real["wdi"], name=name, indicators=indicators)
    return out


def pinned_and_new_release(mirror: Path, source: Source, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Register ``source``, fetch and build it at its pinned vintage, and return a copy of the
    mirror (``<mirror>/../new-release``) for a test to revise as the publisher's next release.
    """
    from analysis.data import metadata, sources
    from analysis.data.fetch import fetch
    from analysis.data.processed import build

    monkeypatch.setattr(sources, "registry", lambda: {source.id: source})
    monkeypatch.setattr(metadata, "catalog", fixture_metadata)
    fetch(mirror=mirror)
    build(["fixture_wdi"])
    monkeypatch.delenv("ANALYSIS_MIRROR", raising=False)
    new = mirror.parent / "new-release"
    shutil.copytree(mirror, new)
    return new
