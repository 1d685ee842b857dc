"""Every registered raw file is in the mirror with the pinned bytes, and the mirror holds nothing else.

One check for every source (it used to be written out in five reader test files).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis.data import sources


@pytest.mark.mirror
@pytest.mark.parametrize("source_id", sorted(sources.registry()))
def test_registry_pins_every_mirror_file(mirror: Path, source_id: str) -> None:
    folder = mirror / source_id
    assert folder.is_dir(), f"the mirror has no folder {source_id}/"
    registered = {f.file: f for f in sources.source(source_id).files}
    # Every mirror file is registered, except the curator's SOURCE.md (no public download).
    on_disk = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "SOURCE.md"
    }
    assert on_disk == set(registered), source_id
    for name, entry in registered.items():
        data = (folder / name).read_bytes()
        assert len(data) == entry.bytes, entry.relpath
        assert hashlib.sha256(data).hexdigest() == entry.sha256, entry.relpath
