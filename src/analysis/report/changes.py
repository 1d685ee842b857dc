"""What changed between two report runs: data revisions, headline sentences and claim verdicts.

Each run keeps the processed tables it used (``<run>/data/*.parquet``), its executed notebooks
and its claims table, so any two runs can be compared after the fact. Per dataset and indicator
the comparison counts rows added, removed and revised (same key, different value: the key is the
tidy schema's key without the vintage, so a new vintage's revisions show as revisions), lists
the countries whose rows were added or removed (ISO3 and name, the first COUNTRY_LIST then
"and K more"), the largest revisions for the run's parameter countries as old → new with their
years, and every headline sentence (the nbval-checked findings) and claim verdict that moved.
"""

from __future__ import annotations

import csv
import html
import math
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths
from analysis.errors import AnalysisError
from analysis.report import notebooks as report_notebooks

if TYPE_CHECKING:  # pandas is imported only when tables are compared: `analysis report` with
    import pandas as pd  # nothing changed must start fast


TOP_REVISIONS = 8
"""How many of the largest revisions to list per dataset (parameter countries only)."""

FOLD_AFTER = 6
"""Up to this many moved headline lines are shown open on the page; more fold under <details>."""

COUNTRY_LIST = 12
"""How many countries whose rows were added or removed are named per indicator ("and K more")."""

RELATIVE_TOLERANCE = 1e-9
"""Values closer than this (relative) count as unchanged: parquet round trips are exact anyway."""


def resolve_run(run: str | Path, reports: Path | None = None) -> Path:
    """Return a run folder from an id under ``reports/``, ``latest``, or a path.

    Raises:
        AnalysisError: if no such run exists, listing the runs that do.
    """
    reports = reports or paths.reports_dir()
    for candidate in (Path(run), reports / str(run)):
        if (candidate / "run.json").is_file():
            return candidate.resolve()
    known = sorted(p.name for p in reports.glob("2*") if (p / "run.json").is_file())
    raise AnalysisError(
        f"no report run {run!r} (looked in {reports}); known runs: "
        f"{', '.join(known[-5:]) or 'none yet: run `analysis report`'}"
    )


def _run_record(folder: Path) -> dict:
    import json

    return json.loads((folder / "run.json").read_text(encoding="utf-8"))


def _revision_row(row: pd.Series, extra: list[str]) -> dict:
    import pandas as pd

    out = {
        "iso3": row["iso3"],
        "year": int(row["year"]) if pd.notna(row["year"]) else None,
        "old": float(row["value_old"]),
        "new": float(row["value_new"]),
    }
    out |= {c: row[c] for c in extra if pd.notna(row[c])}
    return out


def table_changes(old: pd.DataFrame, new: pd.DataFrame, countries: list[str]) -> list[dict]:
    """Return, per indicator, rows added / removed / revised and the largest revisions.

    Args:
        old: The earlier run's tidy table of one dataset.
        new: The later run's table of the same dataset.
        countries: The parameter countries whose revisions are listed.
    """
    from analysis.data.schema import key_columns

    keys = [c for c in key_columns(new if len(new.columns) else old) if c != "vintage"]
    keys = [c for c in keys if c in old.columns and c in new.columns]
    merged = _pair_rows(old, new, keys)
    names = _country_names(old, new)
    a, b = merged["value_old"], merged["value_new"]
    both = merged["_merge"] == "both"
    differs = both & ~((a.isna() & b.isna()) | ((a - b).abs() <= RELATIVE_TOLERANCE * b.abs()))
    merged["change"] = "same"
    merged.loc[merged["_merge"] == "left_only", "change"] = "removed"
    merged.loc[merged["_merge"] == "right_only", "change"] = "added"
    merged.loc[differs, "change"] = "revised"
    extra = [c for c in keys if c not in ("iso3", "year", "indicator", "source")]
    out = []
    for indicator, group in merged.groupby("indicator", sort=True):
        counts = group["change"].value_counts()
        if not (counts.get("added", 0) or counts.get("removed", 0) or counts.get("revised", 0)):
            continue
        revised = group[(group["change"] == "revised") & group["iso3"].isin(countries)].copy()
        revised["size"] = (revised["value_new"] - revised["value_old"]).abs() / revised[
            "value_old"
        ].abs().where(revised["value_old"] != 0)
        revised = revised.sort_values(["size", "iso3", "year"], ascending=[False, True, True])
        out.append(
            {
                "indicator": str(indicator),
                "added": int(counts.get("added", 0)),
                "removed": int(counts.get("removed", 0)),
                "revised": int(counts.get("revised", 0)),
                **_countries_of(group, "added", names),
                **_countries_of(group, "removed", names),
                "largest_revisions": [
                    _revision_row(r, extra) for _, r in revised.head(TOP_REVISIONS).iterrows()
                ],
            }
        )
    return out


def _country_names(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, str]:
    """Return ISO3 → display name from the tables' own ``country`` column (newer wins)."""
    out: dict[str, str] = {}
    for table in (old, new):
        if "country" in table.columns and "iso3" in table.columns:
            pairs = table[["iso3", "country"]].dropna().drop_duplicates("iso3")
            out |= {str(i): str(n) for i, n in zip(pairs["iso3"], pairs["country"], strict=True)}
    return out


def _countries_of(group: pd.DataFrame, change: str, names: dict[str, str]) -> dict:
    """Return the countries whose rows were ``change`` ("added"/"removed"), capped, with a count.

    ``{"<change>_countries": [{"iso3", "name", "rows"}, ...], "<change>_countries_more": K}``:
    the first :data:`COUNTRY_LIST` countries by ISO3, and how many more there are.
    """
    from analysis.data import countries as country_names

    rows = group.loc[group["change"] == change, "iso3"].dropna().astype(str)
    counts = rows.value_counts()
    codes = sorted(counts.index)
    listed = [
        {"iso3": c, "name": names.get(c) or country_names.name(c), "rows": int(counts[c])}
        for c in codes[:COUNTRY_LIST]
    ]
    return {
        f"{change}_countries": listed,
        f"{change}_countries_more": max(0, len(codes) - COUNTRY_LIST),
    }


def countries_text(countries: list[dict], more: int) -> str:
    """Return "ZAF South Africa, ZMB Zambia and 3 more" for a capped country list."""
    named = [f"{c['iso3']} {c['name']}" if c.get("name") not in (None, c["iso3"]) else c["iso3"]
             for c in countries]  # fmt: skip
    if more:
        return ", ".join(named) + f" and {more} more"
    if len(named) > 1:
        return ", ".join(named[:-1]) + " and " + named[-1]
    return "".join(named)


def _pair_rows(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Pair each old row with its new row: same key and vintage first, then same key alone.

    A table may hold several vintages of one series on purpose (two WDI R&D releases); those
    pair by vintage. A row whose vintage changed (a new release of that file) pairs with the
    one row of the same key left over on the other side, so its new value shows as a revision.
    """
    import pandas as pd

    cols = [*keys, "vintage", "value"]
    exact = old[cols].merge(
        new[cols], on=[*keys, "vintage"], how="outer", suffixes=("_old", "_new"), indicator=True
    )
    done = exact[exact["_merge"] == "both"]
    left = exact[exact["_merge"] == "left_only"][[*keys, "value_old"]]
    right = exact[exact["_merge"] == "right_only"][[*keys, "value_new"]]
    # Only keys with exactly one leftover row on each side can be paired unambiguously.
    left_single = left[~left.duplicated(keys, keep=False)]
    right_single = right[~right.duplicated(keys, keep=False)]
    relabelled = left_single.merge(right_single, on=keys, how="inner").assign(_merge="both")
    paired = relabelled[keys].assign(_paired=True)
    rest_left = left.merge(paired, on=keys, how="left")
    rest_right = right.merge(paired, on=keys, how="left")
    removed = rest_left[rest_left["_paired"].isna()].drop(columns="_paired")
    added = rest_right[rest_right["_paired"].isna()].drop(columns="_paired")
    return pd.concat(
        [
            done.drop(columns="vintage"),
            relabelled,
            removed.assign(value_new=float("nan"), _merge="left_only"),
            added.assign(value_old=float("nan"), _merge="right_only"),
        ],
        ignore_index=True,
    )


def _findings(folder: Path) -> dict[str, list[str]]:
    out = {}
    for path in sorted((folder / "notebooks").glob("*.ipynb")):
        out[path.stem] = report_notebooks.findings(report_notebooks.read_notebook(path))
    return out


def _claims(folder: Path) -> dict[tuple[str, str, str], dict]:
    rows: dict[tuple[str, str, str], dict] = {}
    for path in sorted((folder / "figures").glob(f"*/{report_notebooks.CLAIMS_CSV}")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[(row.get("claim", ""), row.get("definition", ""), row.get("period", ""))] = row
    return rows


def compare_runs(run_a: str | Path, run_b: str | Path, reports: Path | None = None) -> dict:
    """Return what changed from run A to run B (machine-readable; see :func:`render_text`)."""
    a, b = resolve_run(run_a, reports), resolve_run(run_b, reports)
    countries = [str(c).upper() for c in _run_record(b).get("parameters", {}).get("countries", [])]
    return compare_folders(a, b, countries, name_b=b.name)


def compare_folders(
    a: Path, b: Path, countries: list[str], *, name_b: str | None = None, same_data: bool = False
) -> dict:
    """Return what changed from run folder ``a`` to run folder ``b`` (may be unpublished).

    ``same_data`` says the two runs used tables with the same sha256 (skips reading them).
    """
    datasets: list[dict] = []
    names = [] if same_data else sorted({p.stem for p in (a / "data").glob("*.parquet")}
                   | {p.stem for p in (b / "data").glob("*.parquet")})  # fmt: skip
    for name in names:
        old_path, new_path = a / "data" / f"{name}.parquet", b / "data" / f"{name}.parquet"
        if not old_path.is_file() or not new_path.is_file():
            state = "added" if new_path.is_file() else "removed"
            datasets.append({"dataset": name, "state": state, "indicators": []})
            continue
        import pandas as pd

        try:
            old, new = pd.read_parquet(old_path), pd.read_parquet(new_path)
        except (OSError, ValueError) as exc:  # a damaged table must not sink the report
            datasets.append({"dataset": name, "state": f"not comparable ({exc})", "indicators": []})
            continue
        changes = table_changes(old, new, countries)
        if changes:
            datasets.append({"dataset": name, "state": "changed", "indicators": changes})
    headlines = []
    old_f, new_f = _findings(a), _findings(b)
    for stem in sorted(set(old_f) | set(new_f)):
        # Line by line: a finding may be a table (the claims summary) of which one row moved.
        before = [line for f in old_f.get(stem, []) for line in f.splitlines() if line.strip()]
        after = [line for f in new_f.get(stem, []) for line in f.splitlines() if line.strip()]
        gone = [s for s in before if s not in after]
        came = [s for s in after if s not in before]
        for i in range(max(len(gone), len(came))):
            headlines.append({"notebook": stem, "old": gone[i] if i < len(gone) else None,
                              "new": came[i] if i < len(came) else None})  # fmt: skip
    verdicts = []
    old_c, new_c = _claims(a), _claims(b)
    for key in sorted(set(old_c) | set(new_c)):
        was, now = old_c.get(key, {}), new_c.get(key, {})
        moved = [f for f in ("verdict", "computed") if was.get(f) != now.get(f)]
        if moved:
            verdicts.append({"claim": key[0], "definition": key[1], "period": key[2],
                             **{f"old_{f}": was.get(f) for f in ("verdict", "computed")},
                             **{f"new_{f}": now.get(f) for f in ("verdict", "computed")}})  # fmt: skip
    return {
        "since_run": a.name,
        "run": name_b or b.name,
        "countries": countries,
        "datasets": datasets,
        "headlines": headlines,
        "verdicts": verdicts,
    }


def _num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def _revision_text(r: dict) -> str:
    extra = ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("iso3", "year", "old", "new"))
    return f"{r['iso3']} {r['year']}{' (' + extra + ')' if extra else ''}: {_num(r['old'])} → {_num(r['new'])}"


def is_empty(changes: dict) -> bool:
    """Return True when nothing changed between the two runs."""
    return not (changes["datasets"] or changes["headlines"] or changes["verdicts"])


def render_text(changes: dict) -> str:
    """Return the changes as plain text (``analysis diff``)."""
    lines = [f"What changed since run {changes['since_run']} (in run {changes['run']})"]
    if is_empty(changes):
        return lines[0] + ": nothing (same data, same findings, same verdicts)."
    for d in changes["datasets"]:
        if d["state"] != "changed":
            lines.append(f"dataset {d['dataset']}: {d['state']}")
            continue
        for i in d["indicators"]:
            lines.append(
                f"{d['dataset']} / {i['indicator']}: {i['added']} rows added, {i['removed']} "
                f"removed, {i['revised']} revised"
            )
            for change in ("added", "removed"):
                if i.get(f"{change}_countries"):
                    listed = countries_text(i[f"{change}_countries"], i[f"{change}_countries_more"])
                    lines.append(f"    rows {change} for: {listed}")
            lines += [f"    {_revision_text(r)}" for r in i["largest_revisions"]]
    for h in changes["headlines"]:
        lines.append(f"headline in {h['notebook']}:\n    was: {h['old']}\n    now: {h['new']}")
    for v in changes["verdicts"]:
        lines.append(
            f"claim {v['claim']} / {v['definition']} / {v['period']}: {v['old_verdict']} "
            f"({v['old_computed']}) → {v['new_verdict']} ({v['new_computed']})"
        )
    return "\n".join(lines)


def _count_cell(indicator: dict, change: str) -> str:
    """Return a table cell's HTML: the row count, then the countries those rows belong to."""
    listed = indicator.get(f"{change}_countries") or []
    if not listed:
        return str(indicator[change])
    text = countries_text(listed, indicator.get(f"{change}_countries_more", 0))
    return f"{indicator[change]}<br><small class='countries'>{html.escape(text)}</small>"


def render_html(changes: dict | None) -> str:
    """Return the ``<section id='changes'>`` of ``index.html`` ("" without a previous run)."""
    if not changes:
        return ""
    esc = html.escape
    parts = [f"<section id='changes'><h2>What changed since run "
             f"<code>{esc(changes['since_run'])}</code></h2>"]  # fmt: skip
    if is_empty(changes):
        parts.append("<p>Nothing: the same data, findings and verdicts.</p></section>")
        return "\n".join(parts)
    rows = []
    for d in changes["datasets"]:
        if d["state"] != "changed":
            rows.append(
                f"<tr><td>{esc(d['dataset'])}</td><td colspan='5'>{esc(d['state'])}</td></tr>"
            )
        for i in d["indicators"]:
            revisions = "<br>".join(esc(_revision_text(r)) for r in i["largest_revisions"])
            added, removed = (_count_cell(i, change) for change in ("added", "removed"))
            rows.append(
                f"<tr><td>{esc(d['dataset'])}</td><td>{esc(i['indicator'])}</td>"
                f"<td>{added}</td><td>{removed}</td><td>{i['revised']}</td>"
                f"<td>{revisions or '–'}</td></tr>"
            )
    if rows:
        parts.append(
            "<h3>Data</h3><div class='table-box'><table><thead><tr><th>dataset</th>"
            "<th>indicator</th><th>rows added</th>"
            "<th>removed</th><th>revised</th><th>largest revisions, "
            f"{esc(', '.join(changes['countries']))} (old → new)</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table></div>"
        )
    if changes["headlines"]:
        # Many moved lines (a claims table rewritten) fold away; a few are shown open.
        n = len(changes["headlines"])
        shown = " open" if n <= FOLD_AFTER else ""
        parts.append(
            f"<h3>Headlines that moved</h3><details{shown}><summary>{n} line(s) of the "
            "notebooks' findings changed</summary><ul>"
        )
        for h in changes["headlines"]:
            parts.append(
                f"<li style='white-space: pre-line'><b>{esc(h['notebook'])}</b>, was:\n"
                f"<del>{esc(h['old'] or '–')}</del>\nnow:\n<ins>{esc(h['new'] or '–')}</ins></li>"
            )
        parts.append("</ul></details>")
    if changes["verdicts"]:
        parts.append("<h3>Claim verdicts that moved</h3><ul>")
        for v in changes["verdicts"]:
            parts.append(
                f"<li>{esc(v['claim'])} · {esc(v['definition'])} · {esc(v['period'])}: "
                f"{esc(str(v['old_verdict']))} ({esc(str(v['old_computed']))}) → "
                f"<b>{esc(str(v['new_verdict']))}</b> ({esc(str(v['new_computed']))})</li>"
            )
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)
