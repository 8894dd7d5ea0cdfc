"""The alternative users would pick: printing the same HTML from a headless browser. Debian's
Chromium driven by Playwright, launched once and kept warm; each measurement loads the page
from its file and prints it with page.pdf(), which is what a script doing this would do."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

# Debian's Chromium, as root and with no network but the package registries: no sandbox, and no
# background connections or updates (each would be refused, many at a time, on every start).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_pdf_seconds(pages: list[Path], repeat: int) -> dict[Path, float]:
    """The median seconds Chromium takes to load and print each page, after one warm-up."""
    from playwright.sync_api import sync_playwright

    medians = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for path in pages:
                times = []
                for run in range(repeat + 1):
                    started = time.perf_counter()
                    page.goto(path.as_uri(), wait_until="load")
                    # The handout's own @page rule sets the paper, as it does for WeasyPrint.
                    page.pdf(prefer_css_page_size=True, print_background=True)
                    if run:  # the first run warms the browser for this page
                        times.append(time.perf_counter() - started)
                medians[path] = statistics.median(times)
        finally:
            browser.close()
    return medians
