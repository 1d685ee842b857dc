"""List parameters that arrive as text: read when they spell a list, else refused with the fix."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from analysis import params
from analysis.errors import ParameterError
from analysis.report import parameters

HOW = "papermill -y 'countries: [IND, BRA]'"


@pytest.mark.parametrize("text", ['["IND","BRA"]', "[IND, BRA]", " ['ind', 'bra'] "])
def test_a_list_spelt_as_text_is_read(text: str) -> None:
    assert params.check_countries(text) == ["IND", "BRA"]


@pytest.mark.parametrize("text", ["IND,BRA", "IND BRA", '["IND","BRA"', "[[IND], BRA]", "[]"])
def test_other_text_is_refused_with_the_way_to_pass_a_list(text: str) -> None:
    with pytest.raises(ParameterError) as info:
        params.check_countries(text)
    message = str(info.value)
    if text == "[]":  # a list, but too short: the usual message
        assert "at least 2" in message
    else:
        assert HOW in message and "analysis report -p 'countries=[IND, BRA]'" in message


def _notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell('countries: list = ["RUS", "CHN"]  # ISO3 codes')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [
        cell,
        nbformat.v4.new_code_cell(
            "from analysis import params\nprint(params.check_countries(countries))"
        ),
    ]
    nbformat.write(nb, path)
    return path


def test_papermill_p_with_a_json_list_runs(tmp_path: Path) -> None:
    # papermill -p countries '["IND","BRA"]' hands the notebook this very string.
    out = papermill.execute_notebook(
        str(_notebook(tmp_path / "in.ipynb")), str(tmp_path / "out.ipynb"),
        parameters={"countries": '["IND","BRA"]'}, kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    assert out.cells[-1].outputs[0]["text"].strip() == "['IND', 'BRA']"


def test_papermill_p_with_plain_text_says_how_to_pass_a_list(tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(_notebook(tmp_path / "in.ipynb")), str(tmp_path / "out.ipynb"),
            parameters={"countries": "IND,BRA"}, kernel_name="python3", progress_bar=False,
        )  # fmt: skip
    assert HOW in str(info.value)


def _declaring(tmp_path: Path) -> list[Path]:
    return [_notebook(tmp_path / "01-x.ipynb")]


def test_the_runner_reads_a_list_given_as_text(tmp_path: Path) -> None:
    # analysis report -p "countries='[IND, BRA]'": YAML gives the quoted text, not a list.
    own = parameters.check({"countries": "[IND, BRA]"}, _declaring(tmp_path))
    assert own == {"01-x": {"countries": ["IND", "BRA"]}}


def test_the_runner_refuses_other_text_with_the_way_to_pass_a_list(tmp_path: Path) -> None:
    from analysis.errors import ReportError

    with pytest.raises(ReportError) as info:
        parameters.check({"countries": "IND,BRA"}, _declaring(tmp_path))
    message = str(info.value)
    assert "countries = 'IND,BRA' should be a list" in message
    assert "papermill -y 'countries: [RUS, CHN]'" in message
    assert "analysis report -p 'countries=[RUS, CHN]'" in message


def test_the_runner_takes_papermills_name_value_form(tmp_path: Path) -> None:
    from analysis import cli
    from analysis.report import runner

    args = cli.parser().parse_args(
        ["report", "-p", "countries", '["IND","BRA"]', "-p", "start_year=2010", "--force"]
    )
    pairs = parameters.pair_overrides(args.param)
    assert pairs == ['countries=["IND","BRA"]', "start_year=2010"]
    params_file = tmp_path / "p.yaml"
    params_file.write_text("countries: [RUS, CHN]\n")
    loaded = runner.load_params(params_file, pairs)
    assert loaded == {"countries": ["IND", "BRA"], "start_year": 2010}
    assert parameters.pair_overrides(["a=1", "b"]) == ["a=1", "b"]  # left for the runner to refuse


def test_checked_countries_are_a_list_that_keeps_its_mark_only_unchanged() -> None:
    from analysis.data.iso3 import CheckedCodes

    codes = params.check_countries(["rus", "chn", "usa"])
    assert isinstance(codes, CheckedCodes) and codes == ["RUS", "CHN", "USA"] and codes.intact
    assert isinstance(codes[1:], CheckedCodes) and codes[0] == "RUS"
    codes[0] = "XXX"
    assert not codes.intact and not isinstance(codes[1:], CheckedCodes)
