"""Command line: ``analysis fetch | build | datasets | sources`` (also ``python -m analysis``)."""

from __future__ import annotations

import argparse
import logging
import sys

from analysis.errors import AnalysisError


def _cmd_fetch(args: argparse.Namespace) -> int:
    from analysis.data.fetch import fetch, summarise

    results = fetch(args.source, mirror=args.mirror, allow_new_vintage=args.allow_new_vintage)
    print(summarise(results))
    manual = [r for r in results if r.status == "manual"]
    if manual:
        print(
            f"{len(manual)} file(s) need the manual step above; then re-run `analysis fetch`.",
            file=sys.stderr,
        )
        return 2
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.data.processed import build

    for summary in build(args.dataset or None, force=args.force):
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


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis.report.runner import main as report_main

    return report_main(args)


def parser() -> argparse.ArgumentParser:
    """Return the argument parser (also used by the docs)."""
    p = argparse.ArgumentParser(prog="analysis", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = p.add_subparsers(dest="command", required=True)

    f = sub.add_parser("fetch", help="copy/download raw files into data/raw, verifying sha256")
    f.add_argument("--mirror", help="mirror folder (default: $ANALYSIS_MIRROR; none: download)")
    f.add_argument("--source", action="append", help="source id or glob (repeatable; default all)")
    f.add_argument(
        "--allow-new-vintage",
        action="store_true",
        help="accept files whose sha256 differs from the pinned vintage, recording it",
    )
    f.set_defaults(func=_cmd_fetch)

    b = sub.add_parser("build", help="build data/processed/<dataset>.parquet with provenance")
    b.add_argument("dataset", nargs="*", help="datasets to build (default all)")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    b.set_defaults(func=_cmd_build)

    sub.add_parser("datasets", help="list processed datasets").set_defaults(func=_cmd_datasets)
    sub.add_parser("sources", help="list registered sources").set_defaults(func=_cmd_sources)

    r = sub.add_parser("report", help="fetch, build and execute every notebook into reports/")
    r.add_argument(
        "--params", default=None, help="YAML parameters file (default params/report.yaml)"
    )
    r.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one parameter (YAML value)",
    )
    r.add_argument("--force", action="store_true", help="re-execute every notebook")
    r.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: CPU cores)")
    r.set_defaults(func=_cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except (AnalysisError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
