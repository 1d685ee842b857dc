"""Time every notebook of an earlier commit against the current tree, old and new in one run.

    python benchmarks/bench_notebooks.py --against HEAD~1 [--new REV] [--repeat 2] [--only 02-rd-investment]

The earlier commit is checked out with ``git worktree add --detach`` into a temporary folder; its
processed tables are built beside it from this checkout's raw files (linked, not copied), untimed.
Each notebook then runs with ``jupyter nbconvert --to notebook --execute`` in a kernel that
imports that tree's ``analysis`` package (``PYTHONPATH``), old and new alternately, figures to a
temporary folder. The report gives each notebook's best time per side and the change of the sum;
the target of issue 21 is at least 40 % less. Wall times on a machine that others use are noisy
(the CPU times of nbconvert and its kernel much less so): compare old and new of the same run,
never runs of different days.

Three measures per notebook: the wall and CPU time of the whole ``nbconvert`` process (Python
start, nbconvert's imports, the kernel's start, the cells, writing), and the kernel's time in the
cells (from the execution timestamps nbclient records in each cell's metadata: what the notebook
itself costs, its imports included). The run also times an empty notebook (one cell) the same
way: the floor every notebook pays whatever it does, the same for old and new; the report gives
the sums with and without it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from bench_report import nbconvert_copy

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = -0.40


class Timing(NamedTuple):
    """One execution of a notebook: wall and CPU seconds of the process, seconds in cells."""

    wall: float
    cpu: float
    cells: float


MEASURES = {"wall": "wall time of nbconvert", "cpu": "CPU time of nbconvert and its kernel",
            "cells": "kernel time in the cells"}  # fmt: skip


def cpu_of_children() -> float:
    """CPU seconds (user + system) of every finished child process so far (kernels included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str], cwd: Path, label: str) -> tuple[float, float]:
    """Run ``cmd``; return its wall time and CPU time, or exit with its error when it fails.

    The CPU time covers the command and its children (nbconvert and its kernel): on a machine
    that others use it moves much less than the wall time.
    """
    cpu = cpu_of_children()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{label} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed, cpu_of_children() - cpu


def tree_env(tree: Path) -> dict[str, str]:
    """The environment in which notebooks of ``tree`` import ``tree``'s own package and data."""
    env = {k: v for k, v in os.environ.items() if k not in ("ANALYSIS_DATA_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(tree / "src")
    if tree != ROOT:  # its own processed tables, built from our raw files
        env["ANALYSIS_DATA_DIR"] = str(tree.parent / f"{tree.name}-data")
    env.pop("ANALYSIS_FIGURE_CHECK", None)  # what a user runs: no figure check
    return env


def checkout(rev: str, folder: Path) -> Path:
    """Check ``rev`` out into ``folder`` and build its processed tables from our raw files."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                    str(folder), rev], check=True)  # fmt: skip
    data = folder.parent / f"{folder.name}-data"
    (data / "processed").mkdir(parents=True)
    (data / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    run([str(BIN / "python"), "-m", "analysis", "build"], tree_env(folder), folder, f"build {rev}")
    return folder


def execute(notebook: Path, tree: Path, work: Path) -> Timing:
    """Execute a copy of ``notebook`` (figures into ``work``) in ``tree``'s package; time it."""
    work.mkdir(parents=True, exist_ok=True)
    copy = nbconvert_copy(notebook, work)
    cmd = [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.timeout=1800", "--output", f"{notebook.stem}.out", str(copy)]  # fmt: skip
    wall, cpu = run(cmd, tree_env(tree), work, f"{tree.name}: {notebook.name}")
    return Timing(wall, cpu, cell_seconds(work / f"{notebook.stem}.out.ipynb"))


def cell_seconds(executed: Path) -> float:
    """Sum the kernel's time in each code cell of an executed notebook (nbclient's timestamps)."""
    total = 0.0
    for cell in json.loads(executed.read_text(encoding="utf-8"))["cells"]:
        stamps = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in stamps and "shell.execute_reply" in stamps:
            start, end = (datetime.fromisoformat(stamps[k].replace("Z", "+00:00"))
                          for k in ("iopub.execute_input", "shell.execute_reply"))  # fmt: skip
            total += (end - start).total_seconds()
    return total


def empty_notebook(folder: Path) -> Path:
    """Write a notebook with one trivial cell and no parameters: what every notebook costs."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "empty.ipynb"
    cell = {"cell_type": "code", "execution_count": None, "id": "empty", "metadata": {},
            "outputs": [], "source": ["1"]}  # fmt: skip
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb = {"cells": [cell], "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def notebooks(tree: Path, only: list[str]) -> dict[str, Path]:
    """The numbered notebooks of ``tree`` (those of the static report), by stem."""
    found = {p.stem: p for p in sorted((tree / "notebooks").glob("[0-9][0-9]-*.ipynb"))}
    return {stem: path for stem, path in found.items() if not only or stem in only}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD~1", help="the earlier commit (default HEAD~1)")
    parser.add_argument("--new", default="", help="a later commit (default: the working tree)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each notebook per side")
    parser.add_argument("--only", nargs="*", default=[], help="notebook stems to time")
    args = parser.parse_args()
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.against],
                         check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        old_tree = checkout(rev, Path(tmp) / "old")
        new_tree = checkout(args.new, Path(tmp) / "new") if args.new else ROOT
        try:
            old, new = notebooks(old_tree, args.only), notebooks(new_tree, args.only)
            common = [stem for stem in new if stem in old]
            print(f"{len(common)} notebooks, {os.cpu_count()} CPU cores; old = {rev}, new = "
                  f"{args.new or 'the working tree'}; best of", args.repeat)  # fmt: skip
            best = time_all(common, {"old": (old, old_tree), "new": (new, new_tree)},
                            Path(tmp), args.repeat)  # fmt: skip
            empties = [execute(empty_notebook(Path(tmp) / "empty"), ROOT, Path(tmp) / f"e{i}")
                       for i in range(max(args.repeat, 2) + 1)]  # fmt: skip
            floor = Timing(*(min(values) for values in zip(*empties, strict=True)))
        finally:
            for tree in {old_tree, new_tree} - {ROOT}:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], check=False)  # fmt: skip
    return report(best, floor)


def time_all(
    stems: list[str], sides: dict[str, tuple[dict[str, Path], Path]], tmp: Path, repeat: int
) -> dict[str, dict[str, Timing]]:
    """Time each notebook on each side, alternately (old first, then new first); keep the best."""
    best: dict[str, dict[str, Timing]] = {s: {} for s in stems}
    for i in range(repeat):
        for stem in stems:
            order = list(sides.items())
            for side, (paths, tree) in order if i % 2 == 0 else order[::-1]:
                took = execute(paths[stem], tree, tmp / f"{side}-{i}")
                was = best[stem].get(side, took)
                best[stem][side] = Timing(*(min(a, b) for a, b in zip(was, took, strict=True)))
            o, n = best[stem]["old"], best[stem]["new"]
            print(f"  {stem:22s} wall old {o.wall:6.1f} s new {n.wall:6.1f} s   CPU old "
                  f"{o.cpu:6.1f} s new {n.cpu:6.1f} s   cells old {o.cells:6.1f} s new "
                  f"{n.cells:6.1f} s", flush=True)  # fmt: skip
    return best


def report(best: dict[str, dict[str, Timing]], floor: Timing) -> int:
    """Print the sums, with and without the empty notebook's floor; 0 when the target is met."""
    count = len(best)
    print(f"an empty notebook (the floor of every run): wall {floor.wall:.1f} s, "
          f"CPU {floor.cpu:.1f} s, cells {floor.cells:.2f} s")  # fmt: skip
    changes = {}
    for measure, what in MEASURES.items():
        old = sum(getattr(b["old"], measure) for b in best.values())
        new = sum(getattr(b["new"], measure) for b in best.values())
        changes[measure] = new / old - 1
        line = f"sum of {what}: old {old:.1f} s, new {new:.1f} s: {changes[measure] * 100:+.0f} %"
        if measure != "cells":
            base = count * getattr(floor, measure)
            line += (f"; above the floor ({count} x {getattr(floor, measure):.1f} s): old "
                     f"{old - base:.1f} s, new {new - base:.1f} s: "
                     f"{((new - base) / (old - base) - 1) * 100:+.0f} %")  # fmt: skip
        print(line)
    met = max(changes["wall"], changes["cpu"]) <= TARGET
    print(f"target {TARGET * 100:+.0f} % or less on the whole runs (wall and CPU):",
          "met" if met else "NOT met")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
