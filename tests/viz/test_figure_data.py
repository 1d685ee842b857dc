"""Each saved figure gets a tidy CSV of exactly what it plots, with units, sources and vintages."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from analysis.viz import charts, figure_data, figures


def _tidy(rows: dict[tuple[str, int], float], indicator: str = "gerd_ppp") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "iso3": iso3,
                "country": iso3,
                "year": year,
                "indicator": indicator,
                "value": value,
                "unit": "current PPP $",
                "source": "wdi",
                "vintage": "2025-04-15",
            }
            for (iso3, year), value in rows.items()
        ]
    )


def _read(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_lines_give_one_row_per_point_with_their_row_provenance(tmp_path) -> None:
    data = _tidy(
        {("RUS", 2018): 40.0, ("RUS", 2019): 42.5, ("CHN", 2018): 460.0, ("CHN", 2019): 515.0}
    )
    fig, [ax] = figures.new_figure()
    ax.set_title("R&D spending")
    wide = data.pivot(index="year", columns="iso3", values="value")
    figures.lines(ax, wide, mark_year=2019)
    figures.add_footer(fig, figures.footer_from_data(data) + " Extra words after the source.")
    written = figures.save(fig, "fig-lines", tmp_path, formats=("png",))
    assert tmp_path / "fig-lines.csv" in written
    rows = _read(tmp_path / "fig-lines.csv")
    assert list(rows[0]) == list(figure_data.COLUMNS)
    assert len(rows) == 4, "one row per plotted point; the reference line at 2019 is no data"
    china = [r for r in rows if r["iso3"] == "CHN"]
    assert [(r["year"], r["value"]) for r in china] == [("2018", "460"), ("2019", "515")]
    assert {r["country"] for r in china} == {"China"}
    assert {r["panel"] for r in rows} == {"R&D spending"}
    assert {(r["unit"], r["indicator"], r["source"], r["vintage"]) for r in rows} == {
        ("current PPP $", "gerd_ppp", "wdi", "2025-04-15")
    }


def test_computed_points_take_the_figure_sources_and_the_axis_unit(tmp_path) -> None:
    data = _tidy({("RUS", 2019): 2.0, ("CHN", 2019): 76.0})
    fig, [ax] = figures.new_figure()
    ratio = pd.DataFrame({"CHN": [38.0]}, index=[2019])  # a multiple: not a published number
    figures.lines(ax, ratio, label_ends=False, log=True, ylabel="China ÷ Russia")
    figures.add_footer(fig, figures.footer_from_data(data))
    path, meta = figure_data.write(fig, "fig-ratio", tmp_path)
    [row] = _read(path)
    assert (row["iso3"], row["year"], row["value"]) == ("CHN", "2019", "38")
    assert (row["indicator"], row["source"], row["vintage"]) == ("", "wdi", "2025-04-15")
    assert row["unit"] == "China ÷ Russia", "a computed value is in its axis' unit, not the data's"


def test_bars_and_dot_rows_are_read_at_their_category(tmp_path) -> None:
    fig, (left, right) = figures.new_figure(ncols=2)
    left.set_title("Exports")
    left.barh([0, 1], [3.5, 7.25], label="2022")
    left.set_yticks([0, 1], ["Russia", "China"])
    right.set_title("Scores")
    right.scatter([10.0, 20.0], [0, 1], label="score")
    right.set_yticks([0, 1], ["policy", "infrastructure"])
    right.set_ylabel("points")
    figures.add_footer(fig, "Source: test.")
    rows = figure_data.rows(fig, "fig-bars")
    bars = [r for r in rows if r["panel"] == "Exports"]
    assert [(r["category"], r["iso3"], r["value"]) for r in bars] == [
        ("Russia", "RUS", "3.5"),
        ("China", "CHN", "7.25"),
    ]
    dots = [r for r in rows if r["panel"] == "Scores"]
    assert [(r["category"], r["value"], r["iso3"]) for r in dots] == [
        ("policy", "10", ""),
        ("infrastructure", "20", ""),
    ]
    assert {r["unit"] for r in dots} == {"points"}, "no provenance: the axis label is the unit"


def test_scatter_points_are_named_by_their_annotations(tmp_path) -> None:
    fig, [ax] = figures.new_figure()
    ax.scatter([1.5, 2.5], [10.0, 30.0], color="grey")
    ax.annotate("Russia", (1.5, 10.0))
    rows = figure_data.rows(fig, "fig-scatter")
    assert [(r["series"], r["iso3"], r["x"], r["value"]) for r in rows] == [
        ("Russia", "RUS", "1.5", "10"),
        ("", "", "2.5", "30"),
    ]


def test_chart_builders_have_data_for_every_panel(tmp_path) -> None:
    data = _tidy(
        {
            (c, y): float(i + y - 2000)
            for i, c in enumerate(["RUS", "CHN"])
            for y in range(2000, 2010)
        }
    )
    table = data.pivot(index="year", columns="iso3", values="value")
    fig = charts.panels(
        {"Spending": table, "Spending again": table * 2},
        title="Two panels",
        footer=figures.footer_from_data(data),
    )
    rows = figure_data.rows(fig, "fig-panels")
    assert {r["panel"] for r in rows} == {"Spending", "Spending again"}
    assert len(rows) == 2 * 2 * 10
    assert not np.isnan([float(r["value"]) for r in rows]).any()
