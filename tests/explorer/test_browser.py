"""`make explore` in a real browser: Voilà serves the explorer, Playwright drives chromium.

Starts the server on a free port of 127.0.0.1, changes the partner and the indicator through the
page, checks that the figure and the sentence change and that "Download CSV" gives the table;
stops the server by its PID (its process group). Skipped, with the reason, only where there is no
chromium at /usr/bin/chromium or Playwright is not installed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(mirror: Path) -> Iterator[str]:
    """`make explore` on a free port; yields its URL, then stops it by PID."""
    if not CHROMIUM.is_file():
        pytest.skip(f"BROWSER TEST SKIPPED: no chromium at {CHROMIUM}")
    pytest.importorskip("playwright.sync_api", reason="BROWSER TEST SKIPPED: playwright missing")
    port = _free_port()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "explore", f"EXPLORE_PORT={port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group: make, voila and the kernels stop together
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert f"explorer: {url}" in first, f"make explore printed {first!r}, not the URL"
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                assert proc.poll() is None, "the Voilà server exited"
                assert time.monotonic() < deadline, "the Voilà server did not answer in 120 s"
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _new_image(page: Any, before: str | None) -> str | None:
    """Wait until the figure is redrawn (its image's source differs from ``before``); return it.

    The sentence and the figure are two widgets the kernel updates one after the other: the new
    sentence can be in the page a moment before the new image.
    """
    page.wait_for_function(
        "before => document.querySelector('.widget-image').getAttribute('src') !== before",
        arg=before,
        timeout=30_000,
    )
    return page.locator(".widget-image").first.get_attribute("src")


@pytest.mark.network
@pytest.mark.mirror
def test_partner_and_indicator_changed_in_the_page(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(server, timeout=120_000)
            page.wait_for_selector(".explorer-sentence", timeout=120_000)
            assert "notebook.setup(" not in page.content(), "code cells are shown"
            sentence = page.inner_text(".explorer-sentence")
            image = page.locator(".widget-image").first.get_attribute("src")
            assert sentence.startswith("China: ") and "Russia's R&D spending" in sentence

            partner = page.locator(".widget-text", has_text="Partner").locator("input")
            partner.fill("India")
            partner.press("Enter")
            page.wait_for_function(
                "document.querySelector('.explorer-sentence').innerText.startsWith('India:')"
            )
            assert partner.input_value() == "India (IND)"
            after_partner = _new_image(page, image)

            topic = page.locator(".widget-dropdown", has_text="Topic").locator("select")
            topic.select_option(label="Patents")
            page.wait_for_function(
                "document.querySelector('.explorer-sentence').innerText.includes('patent')"
            )
            assert page.inner_text(".explorer-sentence").startswith("India: ")
            _new_image(page, after_partner)

            with page.expect_download() as download:
                page.click("a.explorer-csv")
            csv = Path(download.value.path()).read_text(encoding="utf-8")
            assert csv.splitlines()[0].startswith("year,Russia,India,")
            assert csv.splitlines()[0].endswith(",India ÷ Russia")
        finally:
            browser.close()


@pytest.mark.network
@pytest.mark.mirror
def test_readme_walkthrough_india_brazil_rd_at_ppp_2005_2020(server: str) -> None:
    """What the README tells a reader to do, done in the browser; EXPLORER_SCREENSHOT=FILE saves
    the README's screenshot of the result."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1600})
            page.goto(server, timeout=120_000)
            page.wait_for_selector(".explorer-sentence", timeout=120_000)
            sentence = "document.querySelector('.explorer-sentence').innerText"
            for label, name in (("Focus", "India"), ("Partner", "Brazil")):
                box = page.locator(".widget-text", has_text=label).locator("input")
                box.fill(name)
                box.press("Enter")
                page.wait_for_function(f"{sentence}.includes('{name}')")
            for label, option in (
                ("Topic", "R&D spending and researchers"),
                ("Indicator", "Research and development expenditure (% of GDP) [wdi]"),
                ("Definition", "R&D spending at purchasing-power parity"),
            ):
                page.locator(".widget-dropdown", has_text=label).locator("select").select_option(
                    label=option
                )
            readout = page.locator(".widget-readout").first
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("2005 - 2020")
            page.keyboard.press("Enter")
            page.wait_for_function(f"{sentence}.includes('In 2005–2020')")
            text = page.inner_text(".explorer-sentence")
            assert (
                text.startswith("Brazil: ") and "India's R&D spending at purchasing-power" in text
            )
            assert "sha256" in page.content() and "API_NY.GDP.MKTP.PP.CD" in page.content()
            with page.expect_download() as download:
                page.click("a.explorer-csv")
            lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
            assert lines[0].startswith("year,India,Brazil,") and lines[0].endswith("Brazil ÷ India")
            assert lines[1].startswith("2005,") and lines[-1].startswith("2020,")
            target = os.environ.get("EXPLORER_SCREENSHOT")
            if target:  # controls, finding and figure, in page coordinates
                page.evaluate("window.scrollTo(0, 0)")
                top = page.locator(".widget-text").first.bounding_box()
                image = page.locator(".widget-image").first.bounding_box()
                assert top and image
                y = max(top["y"] - 10, 0)
                height = image["y"] + image["height"] - y + 10
                page.screenshot(path=target, full_page=True,
                                clip={"x": 0, "y": y, "width": 1000, "height": height})  # fmt: skip
        finally:
            browser.close()
