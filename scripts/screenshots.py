"""Screenshots of the OPDHub site for the docs and the README.

    python scripts/screenshots.py [OUT_DIR]     (default: docs/screenshots)

Builds the site into a temporary folder, serves it on loopback and takes, with the
headless Chromium the browser tests use: the home page, All papers in light and dark (the
reader's system preference, which Material follows) and on a 375 px wide phone. The fonts (EB
Garamond, Inconsolata) are served by the site itself, so the pictures look like the published site.
Set OPDHUB_CHROMIUM to use another Chromium binary."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, copy_project, mkdocs_build, serve  # noqa: E402

SHOTS = (
    # name, viewport, colour scheme, query string of All papers (None: the home page)
    ("home-light.png", {"width": 1280, "height": 900}, "light", None),
    ("all-papers-light.png", {"width": 1280, "height": 1000}, "light", ""),
    (
        "all-papers-dark.png",
        {"width": 1280, "height": 1000},
        "dark",
        "?domain=reasoning&signal=self&student_size=under_3b",
    ),
    ("all-papers-375.png", {"width": 375, "height": 812}, "light", ""),
)


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        result = mkdocs_build(project, strict=False)  # the pages may still point at the missing screenshots
        if result.returncode:
            raise SystemExit(result.stderr)
        base, server = serve(project / "site")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, viewport, scheme, query in SHOTS:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme, device_scale_factor=1)
                    page = context.new_page()
                    if query is None:  # the home page
                        page.goto(base)
                    else:
                        page.goto(base + "papers/" + query)
                        page.wait_for_selector("[data-opdhub-filter][data-opdhub-ready]")
                    page.evaluate("document.fonts.ready")
                    page.wait_for_timeout(300)  # web fonts and the palette settle
                    page.screenshot(path=str(out / name))
                    context.close()
                    print(out / name)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
