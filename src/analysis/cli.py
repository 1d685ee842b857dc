"""Command line: ``analysis fetch | update | check-urls | build | report | diff | claims | ...``.

``analysis --help`` lists every command (datasets, sources, docs too).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from analysis.errors import AnalysisError, LockedError
from analysis.paths import MIRROR_ENV


def _cmd_fetch(args: argparse.Namespace) -> int:
    from analysis.data.fetch import fetch, summarise
    from analysis.data.lock import data_lock

    with data_lock("analysis fetch"):
        results = fetch(
            args.source,
            mirror=args.mirror,
            base_url=args.base_url,
            pinned=args.pinned,
            keep_going=args.keep_going or args.live_fallback,
        )
        if args.live_fallback:
            results = _live_fallback(results)
    print(summarise(results))
    missing = [r for r in results if r.status in ("missing", "failed")]
    if missing:
        print(
            f"{len(missing)} file(s) could not be obtained (listed above); the notebooks that need "
            "them will say so. Re-run `analysis fetch` with a complete mirror or with network.",
            file=sys.stderr,
        )
        return 2
    return 0


UPDATE_CHECKED_NOTHING = 4
"""Exit status of ``analysis update`` when no file could be compared with a current release."""


def _live_fallback(results: list) -> list:
    """``fetch --live-fallback``: the publisher's current file, validated, for a dead pin."""
    from analysis.data.sources import all_files
    from analysis.data.update import take_live

    failed = {(r.source, r.file) for r in results if r.status in ("missing", "failed")}
    entries = [e for e in all_files() if (e.source_id, e.file) in failed and e.live_url]
    taken = {r.relpath for r in take_live(entries) if r.status == "accepted"} if entries else set()
    for key in sorted(taken):
        print(f"LIVE FALLBACK {key}: no pinned URL served it; took the publisher's current file "
              "after validation (recorded as a live-fallback vintage, not the pinned bytes)",
              file=sys.stderr)  # fmt: skip
    return [r for r in results if f"{r.source}/{r.file}" not in taken]


def _cmd_update(args: argparse.Namespace) -> int:
    from analysis.data.update import summarise, update
    from analysis.errors import UpdateRefusedError

    try:
        results = update(args.source, mirror=args.mirror, base_url=args.base_url)
    except UpdateRefusedError as exc:
        print(summarise(exc.results))
        raise
    print(summarise(results))
    checked = [r for r in results if r.status in ("unchanged", "accepted", "refused")]
    if not checked:
        # Nothing was compared with a current release: a scheduler must not read this as "ok".
        print(
            f"error: update could not check any of the {len(results)} file(s): no publisher or "
            "mirror answered (see above); the data stay at their vintage. Exit status 4.",
            file=sys.stderr,
        )
        return UPDATE_CHECKED_NOTHING
    return 0


def _cmd_check_urls(args: argparse.Namespace) -> int:
    from analysis.data.linkcheck import check_urls, report

    text, code = report(check_urls(args.source, verify=args.verify))
    print(text)
    return code


def _cmd_diff(args: argparse.Namespace) -> int:
    from analysis.report.changes import compare_runs, render_text

    print(render_text(compare_runs(args.run_a, args.run_b)))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.data.lock import data_lock
    from analysis.data.processed import build

    with data_lock("analysis build"):
        summaries = build(args.dataset or None, force=args.force)
    for summary in summaries:
        print(summary)
    return 0


def _cmd_datasets(_: argparse.Namespace) -> int:
    from analysis.data.sources import datasets, files_for_dataset

    for name in datasets():
        files = files_for_dataset(name)
        print(
            f"{name}: " + ", ".join(sorted({f.source_id for f in files})) + f" ({len(files)} files)"
        )
    return 0


def _cmd_sources(_: argparse.Namespace) -> int:
    from analysis.data.sources import registry

    for src in registry().values():
        print(f"{src.id}: {src.publisher} | {src.licence} | {len(src.files)} files")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    from analysis.data import metadata
    from analysis.paths import project_root

    readme = project_root() / "README.md"
    if args.write:
        changed = metadata.write_readme(readme)
        print(f"{readme}: dataset table {'rewritten' if changed else 'already up to date'}")
        return 0
    if args.check:
        current = metadata.readme_block(readme.read_text(encoding="utf-8"))
        if current != metadata.readme_table():
            print(f"{readme}: dataset table differs; run `analysis docs --write`", file=sys.stderr)
            return 1
        return 0
    print(metadata.readme_table(), end="")
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    """``analysis claims check FILE...``: validate claims files, evaluate them, write the verdicts."""
    from pathlib import Path

    from analysis.topics import claims

    table = claims.registry(args.file)  # raises ClaimsFileError listing every bad row
    texts = table["text_id"].nunique()
    print(f"{len(table)} claims from {texts} text(s): the file format is valid.")
    if args.validate_only:
        return 0
    countries = [c.strip().upper() for c in args.countries.split(",")] if args.countries else None
    results = claims.evaluate(countries, table)
    summary = claims.summary(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    verdicts = claims.save_table(results, out)
    summary_path = claims.save_summary(summary, out)
    print(claims.summary_text(summary, table))
    print(f"\nVerdict table: {verdicts}\nSummary: {summary_path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis.report.parameters import pair_overrides
    from analysis.report.runner import main as report_main

    args.param = pair_overrides(args.param)
    return report_main(args)


def parser() -> argparse.ArgumentParser:
    """Return the argument parser (also used by the docs)."""
    p = argparse.ArgumentParser(prog="analysis", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = p.add_subparsers(dest="command", required=True)
    _add_data_commands(sub)
    _add_other_commands(sub)
    _add_claims_command(sub)
    _add_report_command(sub)
    return p


def _add_data_commands(sub: argparse._SubParsersAction) -> None:
    """``fetch``, ``update`` and ``check-urls``."""
    f = sub.add_parser("fetch", help="bring raw files into data/raw at their pinned vintage")
    origin = f.add_mutually_exclusive_group()
    origin.add_argument("--mirror", help="mirror folder laid out like data/raw ($ANALYSIS_MIRROR)")
    origin.add_argument(
        "--base-url", help="HTTP mirror laid out like data/raw: URL/<source>/<file>"
    )
    f.add_argument("--source", action="append", help="source id or glob (repeatable; default all)")
    f.add_argument(
        "--pinned",
        action="store_true",
        help="return every file to the vintage pinned in the registry; forget accepted updates",
    )
    f.add_argument(
        "--keep-going", action="store_true", help="list files that cannot be obtained and go on"
    )
    f.add_argument(
        "--live-fallback",
        action="store_true",
        help="for a file no pinned URL serves, take the publisher's live_url file after update's "
        "validation (recorded as a live-fallback vintage); implies --keep-going",
    )
    f.set_defaults(func=_cmd_fetch)

    u = sub.add_parser(
        "update", help="take in publishers' new releases that pass validation, then rebuild"
    )
    origin = u.add_mutually_exclusive_group()
    origin.add_argument("--mirror", help="take current files from this folder")
    origin.add_argument("--base-url", help="take current files from this HTTP mirror")
    u.add_argument("--source", action="append", help="source id or glob (repeatable; default all)")
    u.set_defaults(func=_cmd_update)

    c = sub.add_parser(
        "check-urls", help="ask every pinned and live URL whether it still answers (exit 1 when a "
        "file has no working pinned URL)",
    )  # fmt: skip
    c.add_argument("--source", action="append", help="source id or glob (repeatable; default all)")
    c.add_argument(
        "--verify", action="store_true", help="download each pinned URL and check its sha256"
    )
    c.set_defaults(func=_cmd_check_urls)


def _add_other_commands(sub: argparse._SubParsersAction) -> None:
    """``diff``, ``build``, ``datasets``, ``sources`` and ``docs``."""
    d = sub.add_parser("diff", help="what changed between two report runs")
    d.add_argument("run_a", help="the earlier run: an id under reports/ or a folder")
    d.add_argument("run_b", help="the later run: an id under reports/, a folder, or latest")
    d.set_defaults(func=_cmd_diff)

    b = sub.add_parser("build", help="build data/processed/<dataset>.parquet with provenance")
    b.add_argument("dataset", nargs="*", help="datasets to build (default all)")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    b.set_defaults(func=_cmd_build)

    sub.add_parser("datasets", help="list processed datasets").set_defaults(func=_cmd_datasets)
    sub.add_parser("sources", help="list registered sources").set_defaults(func=_cmd_sources)

    d = sub.add_parser("docs", help="render the README's dataset table from the metadata YAMLs")
    d.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    d.add_argument("--check", action="store_true", help="exit 1 if README.md's table is stale")
    d.set_defaults(func=_cmd_docs)


def _add_claims_command(sub: argparse._SubParsersAction) -> None:
    """``claims check``."""
    c = sub.add_parser("claims", help="check claims files: your own claims against the data")
    csub = c.add_subparsers(dest="claims_command", required=True)
    check = csub.add_parser(
        "check",
        help="validate claims files (README: 'Checking your own claims'), evaluate them and "
        "write the verdict table",
    )
    check.add_argument("file", nargs="+", help="claims CSV file(s), one per text")
    check.add_argument(
        "--out", default="claims-check", help="folder for claims.csv and claims_summary.csv"
    )
    check.add_argument(
        "--countries",
        default=None,
        help="ISO3 codes put in every claim's roles by position (focus,partner,third); "
        "default: each claim's own",
    )
    check.add_argument(
        "--validate-only", action="store_true", help="only check the file format (no data needed)"
    )
    check.set_defaults(func=_cmd_claims)


def _add_report_command(sub: argparse._SubParsersAction) -> None:
    """``report``."""
    r = sub.add_parser("report", help="fetch, build and execute every notebook into reports/")
    r.add_argument(
        "--params", default=None, help="YAML parameters file (default params/report.yaml)"
    )
    r.add_argument(
        "-p",
        "--param",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME=VALUE",
        help="override one parameter (YAML value); papermill's form NAME VALUE works too",
    )
    r.add_argument("--force", action="store_true", help="re-execute every notebook")
    r.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: CPU cores)")
    r.add_argument(
        "--keep",
        type=int,
        default=10,
        help="keep the N >= 1 newest runs (default %(default)s); latest and any failed run "
        "newer than it always stay",
    )
    r.set_defaults(func=_cmd_report)


def _absolute_mirror() -> None:
    """Make a relative ``$ANALYSIS_MIRROR`` absolute for every process this one starts.

    Notebook kernels run in the notebooks' folder, where a relative path means something else.
    Done here rather than in the Makefile, whose ``$(abspath ...)`` splits a path at its spaces.
    """
    value = os.environ.get(MIRROR_ENV)
    if value and not Path(value).expanduser().is_absolute():
        os.environ[MIRROR_ENV] = str(Path(value).expanduser().resolve())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    _absolute_mirror()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except LockedError as exc:  # another command is at work; a scheduler may simply retry
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except (AnalysisError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Every write is atomic (temporary file, then rename): nothing half-written stays.
        print(
            "interrupted: nothing was published (files are written whole or not at all)",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:  # read-only folder, full disk, permissions: name the path and cause
        # A failed copy carries (source, destination); the destination is what could not be
        # written (shutil.copyfile on a full disk names both).
        target = exc.filename2 or exc.filename
        where = f" {target}" if target else ""
        print(f"error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
