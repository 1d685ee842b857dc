"""The scheduled workflow tells someone: every failure fails the job, the report is published."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "report.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> dict[str, dict]:
    return {s.get("name", s.get("uses", "")): s for s in _workflow()["jobs"]["report"]["steps"]}


def test_no_step_hides_a_failure() -> None:
    for job in _workflow()["jobs"].values():
        for step in job.get("steps", []):
            assert not step.get("continue-on-error"), step
            assert "|| true" not in step.get("run", ""), step


def test_update_report_and_check_urls_all_run_and_can_fail_the_job() -> None:
    runs = {name: step.get("run", "") for name, step in _steps().items()}
    assert any(r.strip() == "make update" for r in runs.values())
    assert any(r.startswith("make report") for r in runs.values())
    assert any("analysis check-urls" in r for r in runs.values())


def test_the_baseline_survives_the_cache() -> None:
    steps = _steps()
    cache = next(s for s in steps.values() if s.get("uses", "").startswith("actions/cache"))
    assert "reports" not in cache["with"]["path"]  # a cache evicted after 7 days
    restore = steps['Restore the previous published report (the "what changed" baseline)']
    assert "gh run download" in restore["run"] and "report-latest" in restore["run"]
    upload = steps["Upload reports/latest (the next run's baseline)"]
    assert upload["with"]["name"] == "report-latest" and upload["with"]["retention-days"] >= 30
    assert _workflow()["permissions"]["actions"] == "read"


def test_the_published_report_goes_to_github_pages() -> None:
    assert any(
        s.get("uses", "").startswith("actions/upload-pages-artifact") for s in _steps().values()
    )
    pages = _workflow()["jobs"]["pages"]
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert "published" in pages["if"]
