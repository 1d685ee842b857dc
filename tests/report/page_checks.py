"""What a reader's browser must find on a report page; shared by the browser test and screenshots.py.

:func:`problems` opens a page in a Playwright tab and returns what is wrong, in words: sideways
scrolling, an image that does not load or whose alt text does not describe it, a figure without
a number, caption or readable CSV, a contents link to nowhere, a ``<pre>`` among the claims.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CHECK = """async () => {
  await Promise.all([...document.images].map(i => i.complete ? null :
    new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 20000); })));
  const claims = document.querySelectorAll('table.claims');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    images: [...document.images].map(i => ({src: (i.getAttribute('src') || '').slice(0, 80),
                                              ok: i.naturalWidth > 0, alt: i.alt})),
    figures: [...document.querySelectorAll('figure')].map(f => ({
      id: f.id,
      number: (f.querySelector('.number') || {}).textContent || '',
      caption: (f.querySelector('figcaption') || {}).textContent || '',
      csv: (f.querySelector('a.data-link') || {}).href || ''})),
    tocMissing: [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))
      .filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1))),
    toc: document.querySelectorAll('nav.toc a').length,
    pre: [...claims].map(t => t.closest('section')).filter(Boolean)
      .reduce((n, s) => n + s.querySelectorAll('pre').length, 0),
    claimRows: document.querySelectorAll('table.claims > tbody > tr').length,
  };
}"""


def _csv_problem(url: str, empty: bool) -> str | None:
    path = Path(unquote(urlparse(url).path))
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return f"{path.name}: {exc}"
    if "value" not in (reader.fieldnames or []):
        return f"{path.name}: no value column"
    if not rows and not empty:
        return f"{path.name}: no rows, yet the page does not say the figure plots nothing"
    return None


def problems(tab: Any, url: str, *, index: bool) -> tuple[list[str], dict]:
    """Open ``url`` in ``tab``; return what a reader would find wrong, and the raw findings."""
    tab.goto(url)
    found = tab.evaluate(CHECK)
    out = []
    if found["scrollWidth"] > found["innerWidth"]:
        out.append(f"scrolls sideways: {found['scrollWidth']} px in {found['innerWidth']} px")
    for image in found["images"]:
        if not image["ok"]:
            out.append(f"image does not load: {image['src']}")
        if len(image["alt"]) < 20 or re.match(r"fig[\w-]*$", image["alt"]):
            out.append(f"alt text does not describe {image['src']}: {image['alt']!r}")
    if index:
        if not found["figures"]:
            out.append("no figures")
        if not found["toc"] or found["tocMissing"]:
            out.append(f"contents links to nowhere: {found['tocMissing'] or 'no contents'}")
        if found["pre"]:
            out.append(f"{found['pre']} <pre> in the claims section")
        for fig in found["figures"]:
            if not re.fullmatch(r"Figure \d+\.\d+\.", fig["number"].strip()):
                out.append(f"{fig['id']}: no figure number")
            if len(fig["caption"]) < 40:
                out.append(f"{fig['id']}: no caption")
            empty = "nothing is plotted" in fig["caption"]
            trouble = _csv_problem(fig["csv"], empty) if fig["csv"] else "no CSV link"
            if trouble:
                out.append(f"{fig['id']}: {trouble}")
    return out, found
