"""Every figure test draws in the house style and closes its figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from analysis.viz import figures


@pytest.fixture(autouse=True)
def _style():
    figures.set_style()
    yield
    plt.close("all")
