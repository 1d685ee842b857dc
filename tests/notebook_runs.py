"""Run a notebook with Papermill in a test's temporary folder, as a user would with parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import papermill


def run_notebook(path: Path, folder: Path, parameters: dict[str, Any]) -> None:
    """Execute ``path`` with ``parameters`` into ``folder`` (its copy and its working folder)."""
    papermill.execute_notebook(
        str(path),
        str(folder / path.name),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(folder),
        progress_bar=False,
        start_timeout=120,
        execution_timeout=600,
    )
