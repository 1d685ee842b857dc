"""The comparison, text, parameter and figure helpers the notebooks rely on."""

from __future__ import annotations

import math
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import params
from analysis.errors import ParameterError
from analysis.topics import compare, text
from analysis.viz import figures


def _long(
    values: dict[tuple[str, int], float], source: str = "s", vintage: str = "v"
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"iso3": i, "country": i, "year": y, "value": v, "source": source, "vintage": vintage}
            for (i, y), v in values.items()
        ]
    )


def test_multiples_divide_by_focus_and_never_give_infinity() -> None:
    table = compare.wide(
        _long({("RUS", 2019): 2.0, ("CHN", 2019): 76.0, ("RUS", 2020): 0.0, ("CHN", 2020): 5.0}),
        ["RUS", "CHN"],
    )
    mult = compare.multiples(table, "RUS")
    assert mult.loc[2019, "CHN"] == 38.0
    assert math.isnan(mult.loc[2020, "CHN"])


def test_wide_refuses_two_values_per_year() -> None:
    df = pd.concat([_long({("RUS", 2019): 1.0}), _long({("RUS", 2019): 2.0})])
    with pytest.raises(ValueError, match="more than one value per year"):
        compare.wide(df)


def test_combine_keeps_provenance() -> None:
    a = _long({("RUS", 2019): 1.0}, "wdi", "2026")
    b = _long({("RUS", 2019): 4.0}, "wdi_njf0_tidy", "2025")
    out = compare.combine(a, b, lambda x, y: x + y)
    assert out["value"].item() == 5.0
    assert out["source"].item() == "wdi+wdi_njf0_tidy" and out["vintage"].item() == "2026 / 2025"


def test_first_year_above_and_latest_year() -> None:
    s = pd.Series([0.5, 2.0, 0.9, 3.0, 4.0], index=[2000, 2001, 2002, 2003, 2004])
    assert compare.first_year_above(s, 1.0) == 2003
    assert compare.first_year_above(s, 10.0) is None
    table = pd.DataFrame({"A": [1, 2, np.nan], "B": [1, np.nan, 3]}, index=[2000, 2001, 2002])
    assert compare.latest_year(table, ["A", "B"]) == 2000
    assert compare.latest_year(table, ["A", "C"]) is None


def test_index_to_base_year() -> None:
    table = pd.DataFrame({"A": [2.0, 4.0]}, index=[2000, 2001])
    assert compare.index_to(table, 2000).loc[2001, "A"] == 200.0
    assert compare.index_to(table, 1999).isna().all().all()


@pytest.mark.parametrize(
    "x,expected",
    [(37.5, "38×"), (16.49, "16×"), (1.44, "1.4×"), (0.523, "0.52×"), (float("nan"), "n/a")],
)
def test_times(x: float, expected: str) -> None:
    assert text.times(x) == expected


def test_multiple_headline_is_computed() -> None:
    table = compare.wide(
        _long({("RUS", 2021): 10.0, ("CHN", 2021): 730.0, ("CHN", 2022): 1.0}), ["RUS", "CHN"]
    )
    assert (
        text.multiple_headline(table, "RUS", "CHN", "patents")
        == "China: 73× Russia's patents (2021)"
    )
    assert "no common year" in text.multiple_headline(table, "RUS", "USA", "patents")


def test_parameter_errors_name_parameter_and_allowed_values() -> None:
    assert params.check_countries(["rus", "chn"]) == ["RUS", "CHN"]
    with pytest.raises(ParameterError, match="'countries'.*'RUSSIA' is not one"):
        params.check_countries(["RUSSIA", "CHN"])
    with pytest.raises(ParameterError, match="at least 2"):
        params.check_countries(["RUS"])
    with pytest.raises(ParameterError, match="list of ISO3 codes"):
        params.check_countries("RUS,CHN")
    with pytest.raises(ParameterError, match="'start_year' = 2020.*not after end_year=2010"):
        params.check_years(2020, 2010)
    with pytest.raises(ParameterError, match="'reference_year' = 1990"):
        params.check_years(2000, 2020, 1990)


def test_scope_checks_the_parameters_and_names_the_roles(tmp_path) -> None:
    scope = params.scope(["rus", "chn", "usa", "jpn"], 2000, 2023, 2019, str(tmp_path / "f"))
    assert (scope.focus, scope.partner, scope.comparators) == ("RUS", "CHN", ("USA", "JPN"))
    assert scope.countries == ["RUS", "CHN", "USA", "JPN"]
    assert scope.years == (2000, 2023) and scope.reference_year == 2019
    assert scope.output == tmp_path / "f" and scope.output.is_dir()
    scope.countries.append("IND")  # a new list each time: the scope itself cannot change
    assert scope.countries == ["RUS", "CHN", "USA", "JPN"]
    with pytest.raises(AttributeError):
        scope.focus = "CHN"  # type: ignore[misc]
    assert params.scope(["RUS", "CHN"], 2000, 2023, output=str(tmp_path)).reference_year is None
    with pytest.raises(ParameterError, match="'reference_year' = 2030"):
        params.scope(["RUS", "CHN"], 2000, 2023, 2030, str(tmp_path))
    with pytest.raises(ParameterError, match="'reference_year' = '2019'"):
        params.scope(["RUS", "CHN"], 2000, 2023, "2019", str(tmp_path))  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="'output_dir'"):
        params.scope(["RUS", "CHN"], 2000, 2023)


def test_notebook_setup_returns_the_scope_and_still_works_without_parameters(tmp_path) -> None:
    from analysis import notebook

    assert notebook.setup() is None
    scope = notebook.setup(["RUS", "CHN"], 2001, 2002, output_dir=str(tmp_path), name="x")
    assert isinstance(scope, notebook.Scope) and scope.years == (2001, 2002)
    assert scope.output == tmp_path
    with pytest.raises(ParameterError, match="'countries'"):
        notebook.setup(["RUS"], 2001, 2002, name="x")


def test_country_colours_are_fixed_and_distinct() -> None:
    assert figures.colour("RUS") == figures.COUNTRY_COLOURS["RUS"]
    assert figures.colour("ZAF") == figures.colour(
        "ZAF"
    )  # stable for countries without a fixed colour
    assert len(set(figures.COUNTRY_COLOURS.values())) == len(figures.COUNTRY_COLOURS)
    labels = figures.series_colours(["RUS", "R&D at PPP", "Researchers"])
    assert len(set(labels.values())) == 3


def test_save_is_atomic_and_reproducible(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK", raising=False)  # about bytes, not readability
    figures.set_style()

    def draw():
        fig, [ax] = figures.new_figure()
        figures.lines(
            ax, pd.DataFrame({"RUS": [1.0, 2.0], "CHN": [3.0, 5.0]}, index=[2000, 2001]), log=True
        )
        figures.add_footer(fig, "Source: test.")
        return fig

    first = figures.save(draw(), "fig", tmp_path / "a")
    second = figures.save(draw(), "fig", tmp_path / "b")
    plt.close("all")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.suffix} output differs between runs"
    assert not list((tmp_path / "a").glob("*.tmp"))


def test_footer_from_data_lists_sources_and_vintages_used() -> None:
    df = pd.concat(
        [
            _long({("RUS", 2019): 1.0}, "wdi", "2026-01-28"),
            _long({("RUS", 2019): 1.0}, "wdi+wdi_njf0_tidy", "2026-01-28 / X"),
        ]
    )
    assert (
        figures.footer_from_data(df)
        == "Source: World Bank WDI (2026-01-28); World Bank WDI (API extract) (X)."
    )


def test_atomic_writes_respect_the_umask(tmp_path) -> None:

    from analysis.atomic import write_bytes

    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "page.html", b"<p>hello</p>")
        os.umask(0o077)
        write_bytes(tmp_path / "private.json", b"{}")
    finally:
        os.umask(old)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.json").stat().st_mode & 0o777 == 0o600


def test_cli_says_which_path_cannot_be_written(tmp_path, monkeypatch, capsys) -> None:
    """A full disk or a read-only folder gives one line naming the path and the cause."""
    import errno

    from analysis import atomic, cli

    def no_space(*args, dir=None, **kwargs):  # noqa: A002 - tempfile's own argument name
        raise OSError(errno.ENOSPC, "No space left on device", str(dir))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", no_space)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    mirror = tmp_path / "mirror" / "wdi"
    mirror.mkdir(parents=True)
    code = cli.main(["fetch", "--mirror", str(mirror.parent), "--source", "wdi"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: cannot write ") and "No space left on device" in err
    # The first write is the data lock's holder record in data/, then the copies in data/raw/:
    # whichever fails first is named, always inside the data folder the command was given.
    named = err.removeprefix("error: cannot write ").split(":")[0]
    assert Path(named).is_relative_to(tmp_path / "data") and "Traceback" not in err


def test_coverage_over_nothing_says_there_is_no_data() -> None:
    from analysis import notebook

    assert notebook.coverage({}, ["PRK", "TUV"]).startswith("No data at all")
    empty = pd.DataFrame(columns=["PRK", "TUV"], dtype=float)
    assert notebook.coverage({"R&D": empty}, ["PRK", "TUV"]).startswith("No data at all")
    some = pd.DataFrame({"PRK": [1.0], "TUV": [None]})
    assert (
        notebook.coverage({"R&D": some}, ["PRK", "TUV"])
        == "Missing data — R&D: no data for Tuvalu."
    )


def test_notebooks_run_by_hand_write_figures_outside_reports(monkeypatch) -> None:
    from analysis import params, paths

    folder = params.output_dir("", "99-test")
    assert paths.reports_dir() not in folder.parents and folder.parts[-3:] == (
        "build",
        "notebook-figures",
        "99-test",
    )
