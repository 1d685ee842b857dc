"""Where things live: every path is resolved from the package, never from the working directory.

Papermill, nbval and JupyterLab each start kernels in a different folder, so a relative
``"../data/raw"`` works in some runners and not others. Everything here is anchored on the
project root (the folder holding ``pyproject.toml``), with environment overrides for offline
users and CI.
"""

from __future__ import annotations

import os
from pathlib import Path

MIRROR_ENV = "ANALYSIS_MIRROR"
"""Environment variable naming a local folder laid out like ``data/raw`` (one folder per source)."""

BASE_URL_ENV = "ANALYSIS_BASE_URL"
"""Environment variable naming an HTTP mirror laid out like ``data/raw`` (``URL/<source>/<file>``)."""

NOTEBOOKS_ENV = "ANALYSIS_NOTEBOOKS_DIR"
"""Environment variable that moves the notebooks folder the report runs (tests use fixtures)."""

REPORTS_ENV = "ANALYSIS_REPORTS_DIR"
"""Environment variable that moves the reports folder (``reports/``)."""

HTTP_TIMEOUT_ENV = "ANALYSIS_HTTP_TIMEOUT"
"""Environment variable: seconds a download may wait for the server (default 60; tests use less)."""

DATA_ENV = "ANALYSIS_DATA_DIR"
"""Environment variable that moves the whole ``data/`` folder (tests point it at a temp folder)."""

CHECKED_COUNTRIES_ENV = "ANALYSIS_CHECKED_COUNTRIES"
"""Environment variable the report runner sets for its notebook kernels only: the ``countries``
it checked before any kernel started, comma-separated (``RUS,CHN,USA``). ``notebook.setup`` takes
exactly that list without checking the codes again (:func:`analysis.params.runner_checked`);
a notebook run by hand, by papermill or by nbval has no such variable and checks its codes."""

FIGURE_CHECK_ENV = "ANALYSIS_FIGURE_CHECK"
"""Environment variable: "error" makes every saved figure with overlapping text, a misplaced end
label or an unlabelled log axis fail (the tests set it); unset, figures are saved unchecked."""


def project_root() -> Path:
    """Return the repository root: the nearest parent of this file holding ``pyproject.toml``.

    Raises:
        RuntimeError: if the package is not inside a project checkout.
    """
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    raise RuntimeError(
        f"{here} is not inside the project checkout; install it with `pip install -e .` "
        "from a clone of the repository."
    )


def data_dir() -> Path:
    """Return ``data/`` (or ``$ANALYSIS_DATA_DIR``)."""
    override = os.environ.get(DATA_ENV)
    return Path(override).resolve() if override else project_root() / "data"


def raw_dir() -> Path:
    """Return ``data/raw``: verified copies of the published files, never edited."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Return ``data/processed``: tidy parquet tables with provenance sidecars."""
    return data_dir() / "processed"


def mirror_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the mirror folder to fetch from: ``explicit``, else ``$ANALYSIS_MIRROR``, else None.

    A relative path is taken relative to the working directory of the caller, like any
    command-line path.
    """
    value = explicit if explicit is not None else os.environ.get(MIRROR_ENV)
    if value in (None, ""):
        return None
    return Path(value).expanduser().resolve()


def base_url(explicit: str | None = None) -> str | None:
    """Return the HTTP mirror to fetch from: ``explicit``, else ``$ANALYSIS_BASE_URL``, else None."""
    value = explicit if explicit is not None else os.environ.get(BASE_URL_ENV)
    return value.rstrip("/") if value else None


def reports_dir() -> Path:
    """Return ``reports/`` (or ``$ANALYSIS_REPORTS_DIR``): one folder per report run plus ``latest``."""
    override = os.environ.get(REPORTS_ENV)
    return Path(override).resolve() if override else project_root() / "reports"


def scratch_figures_dir() -> Path:
    """Return ``build/notebook-figures``: figures of notebooks run by hand, papermill or nbval.

    Kept apart from ``reports/``, which holds only what the report runner published.
    """
    return project_root() / "build" / "notebook-figures"


def notebooks_dir() -> Path:
    """Return ``notebooks/`` (or ``$ANALYSIS_NOTEBOOKS_DIR``): the notebooks the report runs."""
    override = os.environ.get(NOTEBOOKS_ENV)
    return Path(override).resolve() if override else project_root() / "notebooks"
