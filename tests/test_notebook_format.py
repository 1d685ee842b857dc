"""Every committed notebook is stored as JupyterLab would save it, so opening it marks nothing
modified (issue 18, item 4).

Why 01-patents opened "modified": its metadata carried ``language_info: {"name": "python"}``
only. When the kernel starts, JupyterLab copies the kernel's full ``language_info``
(codemirror_mode, file_extension, mimetype, nbconvert_exporter, pygments_lexer, version) into the
notebook's metadata, which changes the model: the tab shows the unsaved dot before any edit. A
``kernelspec`` whose ``display_name`` differs from the installed kernel's ("Python 3" against
"Python 3 (ipykernel)") does the same. Checked in a browser: JupyterLab 4 with the notebooks as
committed now opens each one clean, and Ctrl-S writes back identical bytes.

``jupyter nbconvert --to notebook --execute --inplace`` writes this format; a tool that strips
metadata must keep ``language_info`` whole. ``version`` is the Python that ran the notebook, so
on another Python JupyterLab updates it; only its presence is checked here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from ipykernel.ipkernel import IPythonKernel
from jupyter_client.kernelspec import KernelSpecManager

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel() -> dict:
    spec = KernelSpecManager().get_kernel_spec("python3")
    return {
        "kernelspec": {
            "display_name": spec.display_name,
            "language": spec.language,
            "name": "python3",
        },
        "language_info": dict(IPythonKernel.language_info),
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_as_jupyterlab_saves_it(path: Path, kernel: dict) -> None:
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5), (
        f"{path.name}: nbformat {nb.nbformat}.{nb.nbformat_minor}; JupyterLab saves 4.5"
    )
    assert all("id" in cell for cell in nb.cells), f"{path.name}: cells without an id"
    assert nb.metadata.get("kernelspec") == kernel["kernelspec"], (
        f"{path.name}: kernelspec {nb.metadata.get('kernelspec')} is rewritten on open to "
        f"{kernel['kernelspec']}"
    )
    stored = dict(nb.metadata.get("language_info", {}))
    wanted = {k: v for k, v in kernel["language_info"].items() if k != "version"}
    assert isinstance(stored.pop("version", None), str), (
        f"{path.name}: language_info has no version; the kernel adds it on open"
    )
    assert stored == wanted, (
        f"{path.name}: language_info {stored} is rewritten on open to {wanted} (re-execute with "
        "jupyter nbconvert --to notebook --execute --inplace, which writes it whole)"
    )
    assert raw == nbformat.writes(nb) + "\n", (
        f"{path.name}: not in the layout JupyterLab writes (nbformat.writes: indent 1, sorted "
        "keys, trailing newline); saving it would change bytes"
    )
