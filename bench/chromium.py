"""What the browser benchmarks share: one headless Chromium, and for each size of site a fresh
build served on loopback with one page open on it (bench/filter_speed.py, bench/graph_fps.py)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}


def run_sizes(
    sizes: list[int], build: Callable[[int, Path], Path], measure: Callable, report: Callable[[dict], None]
) -> None:
    """For each n: ``build(n, folder)`` a site, serve it, ``measure(page, base_url)`` on a new page, ``report`` the result."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                with tempfile.TemporaryDirectory() as tmp:
                    site = build(n, Path(tmp))
                    base, server = serve(site)
                    try:
                        page = browser.new_page(viewport=VIEWPORT)
                        result = measure(page, base)
                        page.close()
                    finally:
                        server.shutdown()
                report(result)
        finally:
            browser.close()
