"""The run's countries are checked once on the report's path, and fully by hand.

``analysis report`` checks ``countries`` in the runner, before any kernel starts, and tells its
kernels (only them) which codes it checked: ``notebook.setup`` (``params.scope``) then takes them
without calling ``check_countries`` again. A notebook run by hand or with papermill has no such
word from a runner and checks its codes, with the same error for a bad one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import test_report
from test_report import run, write_notebook

from analysis import params, paths
from analysis.errors import ReportError
from analysis.report import runner as report

project = test_report.project  # the fixture project of the runner's tests

COUNT = """\
from unittest import mock
from analysis import params
with mock.patch.object(params, "check_countries", wraps=params.check_countries) as spy:
    scope = params.scope(countries, start_year, end_year, reference_year, output_dir, "x")
print(f"kernel checks: {spy.call_count}; {list(scope.countries)}")
"""


def _only_counting_notebook(project: dict[str, Path]) -> Path:
    """Leave one fixture notebook: it counts the kernel's ``check_countries`` calls in setup."""
    for nb in project["notebooks"].glob("*.ipynb"):
        nb.unlink()
    return write_notebook(project["notebooks"] / "01-count.ipynb", ("code", COUNT, []))


def _printed(executed: Path) -> str:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join(
        "".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])
    ).strip()


def test_the_runner_checks_the_countries_once_and_its_kernels_trust_them(
    project: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _only_counting_notebook(project)
    calls = _counted(monkeypatch)
    result = run(project, overrides=["countries=[ind, bra]"])
    assert result.published, [o.error for o in result.failed]
    assert calls == [["ind", "bra"]], "the runner checks the run's countries once"
    printed = _printed(result.folder / "notebooks" / "01-count.ipynb")
    assert printed == "kernel checks: 0; ['IND', 'BRA']", "the kernel checks them no more"
    nb = json.loads((result.folder / "notebooks" / "01-count.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"]["countries"] == ["IND", "BRA"]
    assert paths.CHECKED_COUNTRIES_ENV not in os.environ, "set for the kernels only"


def test_the_runner_checks_fully_even_with_the_variable_in_its_own_environment(
    project: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CHECKED_COUNTRIES_ENV, "IND,XXX")
    with pytest.raises(ReportError, match="'XXX' is not one"):
        run(project, overrides=["countries=[IND, XXX]"])
    assert not project["reports"].exists() or not any(project["reports"].iterdir())


def test_a_notebook_keeping_its_default_countries_checks_them_in_its_kernel(
    project: dict[str, Path],
) -> None:
    _only_counting_notebook(project)
    project["params"].write_text("start_year: 2000\n")  # no countries: the notebook's default
    result = run(project)
    assert result.published, [o.error for o in result.failed]
    printed = _printed(result.folder / "notebooks" / "01-count.ipynb")
    assert printed == "kernel checks: 1; ['RUS', 'CHN']"


def test_by_hand_the_kernel_checks_and_refuses_a_bad_code(
    project: dict[str, Path], tmp_path: Path
) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = _only_counting_notebook(project)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(nb), str(out), parameters={"countries": ["ind", "bra"]}, progress_bar=False
    )
    assert _printed(out) == "kernel checks: 1; ['IND', 'BRA']"
    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(nb), str(out), parameters={"countries": ["IND", "XXX"]}, progress_bar=False
        )
    assert caught.value.ename == "ParameterError"
    assert "ISO 3166 alpha-3 codes; 'XXX' is not one" in caught.value.evalue


# --- the kernel's side, in this process -----------------------------------------------------------


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    real = params.check_countries

    def counting(countries: object, minimum: int = 2) -> object:
        calls.append(countries)
        return real(countries, minimum)  # type: ignore[arg-type]

    monkeypatch.setattr(params, "check_countries", counting)
    return calls


def test_scope_trusts_exactly_the_codes_the_runner_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _counted(monkeypatch)
    monkeypatch.setenv(paths.CHECKED_COUNTRIES_ENV, "RUS,CHN,USA")
    scope = params.scope(["RUS", "CHN", "USA"], 2000, 2020, None, str(tmp_path))
    assert calls == [] and scope.countries == ["RUS", "CHN", "USA"]
    assert scope.countries.intact, "load then trusts them too"
    params.scope(["RUS", "CHN"], 2000, 2020, None, str(tmp_path))  # other codes: checked
    assert calls == [["RUS", "CHN"]]


@pytest.mark.parametrize(
    ("vouched", "countries", "expected"),
    [
        ("", ["RUS", "XXX"], "'XXX' is not one"),  # no runner: the full check
        ("RUS,CHN", ["RUS", "XXX"], "'XXX' is not one"),  # a flag for other codes
        ("rus,x1", ["rus", "x1"], "'X1' is not one"),  # a forged flag failing the shape check
        ("RUS,XXX", ["RUS", "XXX"], "'XXX' is not one"),  # a forged flag naming an unknown code
        ("RUS,RUS", ["RUS", "RUS"], "each country once"),
        ("RUS", ["RUS"], "at least 2"),
        ('["RUS","XXX"]', '["RUS","XXX"]', "'XXX' is not one"),  # text is never vouched for
    ],
)
def test_a_flag_never_lets_a_malformed_list_through(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, vouched: str, countries: object, expected: str
) -> None:
    monkeypatch.setenv(paths.CHECKED_COUNTRIES_ENV, vouched)
    assert params.runner_checked(countries) is None
    with pytest.raises(params.ParameterError, match=expected):
        params.scope(countries, 2000, 2020, None, str(tmp_path))  # type: ignore[arg-type]


def test_kernel_env_names_the_checked_countries() -> None:
    from analysis.report import parameters

    real = report.discover(Path(report.__file__).resolve().parents[3] / "notebooks")
    own = parameters.check({"countries": ["rus", "chn", "usa"]}, real)
    assert {tuple(v["countries"]) for v in own.values()} == {("RUS", "CHN", "USA")}
    assert parameters.kernel_env(own["01-patents"]) == {paths.CHECKED_COUNTRIES_ENV: "RUS,CHN,USA"}
    assert parameters.kernel_env({"start_year": 2000}) == {paths.CHECKED_COUNTRIES_ENV: ""}
