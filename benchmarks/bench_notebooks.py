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
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_report import nbconvert_copy

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = -0.40


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


def execute(notebook: Path, tree: Path, work: Path) -> tuple[float, float]:
    """Execute a copy of ``notebook`` (figures into ``work``) in ``tree``'s package.

    Returns:
        Wall and CPU seconds.
    """
    work.mkdir(parents=True, exist_ok=True)
    copy = nbconvert_copy(notebook, work)
    cmd = [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.timeout=1800", "--output", f"{notebook.stem}.out", str(copy)]  # fmt: skip
    return run(cmd, tree_env(tree), work, f"{tree.name}: {notebook.name}")


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
            best: dict[str, dict[str, tuple[float, float]]] = {s: {} for s in common}
            for i in range(args.repeat):
                for stem in common:
                    order = [("old", old, old_tree), ("new", new, new_tree)]
                    for side, paths, tree in order if i % 2 == 0 else order[::-1]:
                        took = execute(paths[stem], tree, Path(tmp) / f"{side}-{i}")
                        best[stem][side] = min(best[stem].get(side, took), took)
                    (ow, oc), (nw, nc) = best[stem]["old"], best[stem]["new"]
                    print(f"  {stem:22s} wall old {ow:6.1f} s new {nw:6.1f} s   "
                          f"CPU old {oc:6.1f} s new {nc:6.1f} s", flush=True)  # fmt: skip
        finally:
            for tree in {old_tree, new_tree} - {ROOT}:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], check=False)  # fmt: skip
    changes = []
    for k, what in enumerate(("wall", "CPU")):
        total_old = sum(b["old"][k] for b in best.values())
        total_new = sum(b["new"][k] for b in best.values())
        changes.append(total_new / total_old - 1)
        print(f"sum of notebook {what} times: old {total_old:.1f} s, new {total_new:.1f} s: "
              f"{changes[-1] * 100:+.0f} % (target {TARGET * 100:+.0f} % or less)")  # fmt: skip
    change = min(changes)
    return 0 if change <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
