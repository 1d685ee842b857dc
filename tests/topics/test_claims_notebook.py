"""Notebook 05 checks the claims files it is given (its ``claims_files`` parameter)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from notebook_runs import run_notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "05-claims.ipynb"

CLAIMS = (
    "id,quote,url,speaker,date,quantity,comparison,claimed_value,tolerance,reference_period,"
    "focus,partner,third,against,operationalisation\n"
    'rd_ten_times,"China spends ten times what Russia spends on R&D.",,Me,2024,rd_multiple,'
    "ratio,10,0.2,2019-2021,RUS,CHN,,partner,\"China's R&D ÷ Russia's, ±20%.\"\n"
)


def test_notebook_05_checks_a_hand_written_claims_file(tmp_path: Path, mirror, monkeypatch) -> None:
    claims_file = tmp_path / "my_note.csv"
    claims_file.write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "my_note.toml").write_text('title = "My note"\ncitation = "Me (2024)"\n')
    figures = tmp_path / "figures"
    monkeypatch.setenv("ANALYSIS_FIGURE_CHECK", "error")
    run_notebook(
        NOTEBOOK,
        tmp_path,
        {
            "claims_files": [str(claims_file)],
            "figures_inline": ["rd_ten_times"],
            "output_dir": str(figures),
        },
    )
    verdicts = pd.read_csv(figures / "claims.csv")
    assert set(verdicts["claim"]) == {"rd_ten_times"}
    assert set(verdicts["text_id"]) == {"my_note"} and set(verdicts["text_title"]) == {"My note"}
    summary = pd.read_csv(figures / "claims_summary.csv")
    assert (
        summary["claim"].tolist() == ["rd_ten_times"] and summary["reading"].str.len().gt(0).all()
    )
    assert (figures / "fig05-rd_ten_times.png").is_file()
