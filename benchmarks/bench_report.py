"""Benchmark the report runner against what a user would do otherwise (run with `make bench`).

Measures, in one run on this machine:

(a) ``analysis report --force``: every notebook executed in parallel, HTML and index written;
(b) the same notebooks one after another with ``jupyter nbconvert --to notebook --execute``
    (figures to a temporary folder, the notebooks otherwise unchanged);
(c) ``analysis report`` again with nothing changed (every notebook reused);
(d) ``analysis.load()`` from the processed cache against parsing the raw files with the readers;
(e) ``make report`` with nothing changed, end to end (make, then one ``analysis report`` process
    that checks the data and reuses every notebook): what the README's main command costs.

Reports go to a temporary folder (``ANALYSIS_REPORTS_DIR``), so ``reports/`` is left alone.
Targets on 2 cores: a/b at most 0.6; c under 1.5 s; d at least 10x; e at most 1.0 s.
``--quick`` skips (a) and (b), which execute every notebook twice. ``--fresh`` adds (f): a fresh
clone of this checkout to a published report with ``make report`` (environment set-up included;
package caches warm), target at most 90 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], label: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{label} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed


def nbconvert_copy(src: Path, folder: Path) -> Path:
    """Copy a notebook with its ``output_dir`` default pointed at ``folder`` (same work)."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            text = "".join(cell["source"])
            target = json.dumps(str(folder / src.stem))
            cell["source"] = text.replace('output_dir: str = ""', f"output_dir: str = {target}")
    out = folder / src.name
    out.write_text(json.dumps(nb), encoding="utf-8")
    return out


def bench_load(repeat: int) -> tuple[float, float, str]:
    """Return (cached load seconds, raw parse seconds) for the largest dataset, and its name."""
    from analysis import load
    from analysis.data import readers
    from analysis.data.schema import concat_tidy
    from analysis.data.sources import datasets, files_for_dataset, raw_path
    from analysis.paths import processed_dir, raw_dir

    name = max(
        datasets(),
        key=lambda d: (
            (processed_dir() / f"{d}.parquet").stat().st_size
            if (processed_dir() / f"{d}.parquet").is_file()
            else 0
        ),
    )
    load(name)  # build if stale, warm the imports
    cached, parsed = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        load(name)
        cached.append(time.perf_counter() - t)
        t = time.perf_counter()
        entries = files_for_dataset(name)
        concat_tidy([readers.read(raw_path(e, raw_dir()), e) for e in entries if e.reader])
        parsed.append(time.perf_counter() - t)
    return statistics.median(cached), statistics.median(parsed), name


def bench_full(
    report: list[str], notebooks: list[Path], env: dict, tmp: Path
) -> tuple[float, float]:
    """Return (a) the parallel forced report and (b) the sequential nbconvert baseline."""
    a = timed([*report, "--force"], env, "(a) analysis report --force")
    convert = tmp / "nbconvert"
    convert.mkdir()
    b = 0.0
    for nb in notebooks:
        copy = nbconvert_copy(nb, convert)
        cmd = [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
               "--ExecutePreprocessor.timeout=1800", "--output", f"{nb.stem}.out", str(copy)]  # fmt: skip
        b += timed(cmd, env, f"(b) nbconvert {nb.name}")
    return a, b


def bench_fresh() -> tuple[float, float]:
    """Return (fresh clone to published report, of which environment set-up), in seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-fresh-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = {
            k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "ANALYSIS_REPORTS_DIR")
        }
        start = time.perf_counter()
        subprocess.run(["make", "--no-print-directory", "venv"], cwd=clone, env=env, check=True,
                       capture_output=True)  # fmt: skip
        setup = time.perf_counter() - start
        proc = subprocess.run(["make", "--no-print-directory", "report"], cwd=clone, env=env,
                              capture_output=True, text=True)  # fmt: skip
        total = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"(f) fresh-clone make report failed:\n{proc.stderr[-3000:]}")
    print(f"(f) fresh clone to published report:          {total:7.1f} s (set-up {setup:.1f} s)")
    return total, setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of (c), (d), (e)")
    parser.add_argument("--quick", action="store_true", help="skip (a) and (b)")
    parser.add_argument("--fresh", action="store_true", help="add (f): fresh clone to report")
    args = parser.parse_args()
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    print(
        f"{len(notebooks)} notebooks, {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        env = {**os.environ, "ANALYSIS_REPORTS_DIR": str(Path(tmp) / "reports")}
        report = [str(BIN / "analysis"), "report"]
        timed(report, env, "warm-up report")  # fills the OS caches and the reuse cache
        a = b = float("nan")
        if not args.quick:
            a, b = bench_full(report, notebooks, env, Path(tmp))
            print(f"(a) analysis report --force:                  {a:7.2f} s")
            print(f"(b) jupyter nbconvert --execute, sequential:  {b:7.2f} s")

        c_runs = [timed(report, env, "(c) no-change report") for _ in range(args.repeat)]
        c = statistics.median(c_runs)
        print(f"(c) no-change re-run (median of {args.repeat}):         {c:7.2f} s")
        make = ["make", "--no-print-directory", "report"]
        e_runs = [timed(make, env, "(e) make report, nothing changed") for _ in range(args.repeat)]
        e = statistics.median(e_runs)
        print(f"(e) make report, nothing changed (median):    {e:7.2f} s")

    f = bench_fresh() if args.fresh else None
    cached, parsed, name = bench_load(args.repeat)
    print(f"(d) load({name!r}): cache {cached * 1000:.0f} ms, raw parse {parsed * 1000:.0f} ms")
    print()
    print(f"a/b = {a / b:.2f}   (target <= 0.6)")
    print(f"c   = {c:.2f} s  (target < 1.5 s)")
    print(f"d   = {parsed / cached:.0f}x   (target >= 10x)")
    print(f"e   = {e:.2f} s  (target <= 1.0 s)")
    if f is not None:
        print(f"f   = {f[0]:.0f} s  (set-up {f[1]:.0f} s; target <= 90 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
