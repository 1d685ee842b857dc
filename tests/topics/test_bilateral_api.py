"""The bilateral package's notebook API: re-exports, the loading layer, the chart builders."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.topics import bilateral, text
from analysis.viz import charts

PACKAGE = Path(bilateral.__file__).parent
NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "04-bilateral.ipynb"


def test_every_name_the_notebook_uses_is_exported() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    used = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "bilateral"
        ):
            used.add(node.attr)
    assert used, "the notebook no longer uses bilateral.<name>"
    assert used <= set(bilateral.__all__)
    assert all(hasattr(bilateral, n) for n in bilateral.__all__)


def test_text_helpers_format_numbers() -> None:
    assert [text.percent(x) for x in (38.4, 4.21, 0.351, None)] == ["38%", "4.2%", "0.35%", "n/a"]
    assert text.signed_percent(-4.21) == "-4.2%"
    assert text.count(12345.6) == "12,346"
    assert (text.usd_bn(12.34), text.usd_bn(-15.2)) == ("US$12.3 bn", "-US$15.2 bn")
    assert text.for_title(lambda: "US$1 bn")() == r"US\$1 bn"


def test_real_sections_apply_to_china_and_russia(mirror) -> None:
    countries = ["RUS", "CHN", "USA"]
    assert bilateral.trade_pair() == {"CHN", "RUS"}
    assert bilateral.cgit_destinations(countries) == ["RUS", "USA"]
    assert bilateral.last_complete_year((2000, 2030)) == bilateral.snapshot_final_year() - 1
    years = (2017, 2023)
    flows = bilateral.trade_flows(countries, years)
    sold = bilateral.hightech_trade("CHN", "RUS", years).set_index("year")["value"]
    summary = bilateral.trade_summary(flows).set_index(["measure", "iso3", "year"])["value"]
    assert summary[("hightech", "CHN", 2023)] * 1e6 == sold[2023]  # one sum, two routes


def test_chart_builders_draw_data_and_empty_tables() -> None:
    series = pd.Series({"USA": 9.0, "DEU": 5.0, "GBR": 4.0, "CHN": 1.0})
    fig = charts.ranked_bars(
        {"a": series, "b": pd.Series(dtype=float)},
        title="t",
        footer="f",
        highlight=["CHN", "USA"],
        top=2,
    )
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["1. United States", "2. Germany", "4. China"]
    plt.close(fig)
    table = pd.DataFrame({"RUS": [10.0, 90.0], "CHN": [50.0, 50.0]}, index=["x", "y"])
    for builder in (charts.grouped_bars, charts.share_dots):
        plt.close(builder(table, title="t", footer="f"))
        plt.close(builder(pd.DataFrame(), title="t", footer="f", empty_message="does not apply"))


def test_copub_marks_flag_the_snapshots_final_year_only_when_plotted(mirror) -> None:
    final = bilateral.snapshot_final_year()
    (mark,) = bilateral.copub_marks(["RUS", "CHN"], (1990, final))
    assert (mark.kind, mark.year, mark.series) == ("provisional", final, None)
    assert bilateral.copub_marks(["RUS", "CHN"], (1990, final - 1)) == []
