"""Claims files: one per text, validated row by row, checked from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import cli
from analysis.errors import ClaimsFileError
from analysis.topics import claims

HEADER = (
    "id,quote,speaker,date,quantity,comparison,claimed_value,tolerance,reference_period,"
    "focus,partner,third,against,operationalisation\n"
)
GOOD = (
    'rd_ten_times,"China spends ten times what Russia spends on R&D.",Me,2024,rd_multiple,'
    "ratio,10,0.2,2019-2021,RUS,CHN,,partner,\"China's R&D ÷ Russia's, ±20%.\"\n"
)


def _file(tmp_path: Path, body: str, name: str = "my_claims.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_hand_written_file_is_read_with_its_text_named(tmp_path: Path) -> None:
    path = _file(tmp_path, GOOD)
    (tmp_path / "my_claims.toml").write_text('title = "My note"\nurl = "https://example.org"\n')
    table = claims.check(path)
    assert table.loc[0, "claimed_value"] == 10.0
    assert (table.loc[0, "text_id"], table.loc[0, "text_title"]) == ("my_claims", "My note")
    assert table.loc[0, "text_url"] == "https://example.org"
    assert claims.registry([path])["id"].tolist() == ["rd_ten_times"]


def test_a_malformed_file_gets_one_line_per_problem_naming_column_and_allowed(
    tmp_path: Path,
) -> None:
    bad = (
        'Bad Id,"q",Me,2024,rd_mutliple,ratio,ten,0.2,2021-2019,rus,CHN,,partner,"x"\n'
        'ok_row,"q",Me,2024,patent_multiple,bigger,3,-1,2019,RUS,,,partner,"x"\n'
    )
    with pytest.raises(ClaimsFileError) as caught:
        claims.check(_file(tmp_path, GOOD + bad))
    problems = caught.value.problems
    assert len(problems) == 8
    assert (
        "row 3 (Bad Id): column 'quantity' is 'rd_mutliple'; allowed: patent_multiple"
        in (problems[1])
    )
    assert any("column 'reference_period' is '2021-2019'" in p for p in problems)
    assert any(p.startswith("row 4 (ok_row): column 'comparison' is 'bigger'; allowed: ratio")
               for p in problems)  # fmt: skip
    assert any("column 'partner' is empty" in p and "needs a partner" in p for p in problems)
    assert str(caught.value).startswith(f"{tmp_path / 'my_claims.csv'}: 8 problem(s)")


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("id,quote\nx,y\n", encoding="utf-8")
    with pytest.raises(ClaimsFileError, match="columns .*'speaker'.* are missing"):
        claims.check(path)


def test_the_package_texts_are_six_files_with_31_claims_and_exact_sources() -> None:
    table = claims.registry()
    assert table["text_id"].nunique() >= 5 and len(table) >= 27
    assert (table["url"].str.startswith("https://")).all()
    assert table["id"].is_unique


def test_the_readme_documents_every_column_comparison_and_quantity() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Checking your own claims") :]
    for name in [*claims.texts.COLUMNS, *claims.texts.COMPARISONS, *claims.QUANTITIES]:
        assert f"`{name}`" in section, name


def test_cli_check_validates_a_hand_written_file(tmp_path: Path, capsys) -> None:
    assert cli.main(["claims", "check", str(_file(tmp_path, GOOD)), "--validate-only"]) == 0
    assert "1 claims from 1 text(s): the file format is valid." in capsys.readouterr().out
    bad = _file(tmp_path, GOOD.replace("rd_multiple", "rd_mutliple"), "bad.csv")
    assert cli.main(["claims", "check", str(bad), "--validate-only"]) == 1
    err = capsys.readouterr().err
    assert "column 'quantity' is 'rd_mutliple'; allowed:" in err


def test_cli_check_writes_the_verdict_table(tmp_path: Path, capsys, mirror) -> None:
    out = tmp_path / "out"
    assert cli.main(["claims", "check", str(_file(tmp_path, GOOD)), "--out", str(out)]) == 0
    import pandas as pd

    verdicts = pd.read_csv(out / "claims.csv")
    assert set(verdicts["claim"]) == {"rd_ten_times"}
    assert set(verdicts["text_id"]) == {"my_claims"}
    summary = pd.read_csv(out / "claims_summary.csv")
    assert summary.loc[0, "overall"] in claims.OVERALL
    assert "rd_ten_times:" in capsys.readouterr().out
