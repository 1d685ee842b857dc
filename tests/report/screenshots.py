"""Screenshots of a published report in the system Chromium, as the browser test opens it.

    .venv/bin/python tests/report/screenshots.py reports/latest /tmp/shots [--readme docs/report.png]

Writes ``index-1400.png`` and ``index-400.png`` (the first screen and the full page), the claims
section, a notebook page, and ``index-print.pdf`` (print media), and with ``--readme`` a small
PNG of the top of the page for the README. Also runs the browser test's checks
(:mod:`page_checks`) on the index and every notebook page at both widths and prints what fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from page_checks import ARGS, CHROMIUM, problems
from playwright.sync_api import sync_playwright


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots; return 1 if any page fails a check at any width."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--readme", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    index = (args.run / "index.html").resolve()
    bad = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1400, 400):
            tab = browser.new_page(viewport={"width": width, "height": 1000})
            for page in [index, *sorted((args.run / "html").glob("*.html"))]:
                found, raw = problems(tab, page.resolve().as_uri(), index=page == index)
                print(f"{width}px {page.name}: {len(raw['images'])} images, "
                      f"{len(raw['figures'])} figures: {'; '.join(found) or 'OK'}")  # fmt: skip
                bad += bool(found)
            tab.goto(index.as_uri(), wait_until="load")
            tab.screenshot(path=str(args.out / f"index-{width}-top.png"))
            tab.screenshot(path=str(args.out / f"index-{width}-full.png"), full_page=True)
            claims = tab.query_selector("table.claims")
            if claims is not None:
                claims.scroll_into_view_if_needed()
                tab.screenshot(path=str(args.out / f"claims-{width}.png"))
            pages = sorted((args.run / "html").glob("*.html"))
            if pages:
                tab.goto(pages[min(2, len(pages) - 1)].resolve().as_uri(), wait_until="load")
                tab.screenshot(path=str(args.out / f"notebook-{width}.png"))
            tab.close()
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(index.as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        tab.pdf(path=str(args.out / "index-print.pdf"), format="A4", print_background=False)
        tab.screenshot(path=str(args.out / "index-print-top.png"))
        if args.readme is not None:
            tab = browser.new_page(viewport={"width": 1000, "height": 760}, device_scale_factor=1)
            tab.goto(index.as_uri(), wait_until="load")
            args.readme.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(args.readme), type="png")
        browser.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
