"""Lighthouse's accessibility, best-practices and SEO audits pass on every page type, light and
dark (issue 20). Those scores do not depend on the machine's speed; performance does, and stays in
bench/lighthouse.py. The site is served with gzip, as a static host serves it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM, REPO

sys.path.insert(0, str(REPO / "bench"))
import lighthouse as lh  # noqa: E402  (bench/lighthouse.py)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not lh.LIGHTHOUSE.exists(), reason="lighthouse is not installed: run `npm ci`"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def gzip_site(opd_site):
    url, server = lh.serve_gzip(opd_site)
    yield url, lh.page_types(opd_site)
    server.shutdown()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_type_scores_100(gzip_site, dark):
    url, pages = gzip_site
    categories = ("accessibility", "best-practices", "seo")
    misses = []
    for name, path in pages.items():
        report = lh.lighthouse(url + path, categories=categories, dark=dark)
        misses += [f"{name} {category}: {failed}" for category in categories for failed in lh.failing(report, category)]
    assert misses == []


def test_dark_runs_see_the_dark_palette(gzip_site, tmp_path):
    """The dark runs are dark: with the flags they pass, Chromium prefers a dark scheme and Material
    starts in its slate palette (without them, in the default one)."""
    url, _ = gzip_site
    schemes = []
    for flags in ([], lh.DARK_ARGS):
        dom = subprocess.run(
            [
                CHROMIUM,
                *lh.CHROMIUM_ARGS,
                *flags,
                f"--user-data-dir={tmp_path / str(len(flags))}",
                "--dump-dom",
                url + "trends/",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        schemes.append(re.search(r'<body[^>]*data-md-color-scheme="(\w+)"', dom).group(1))
    assert schemes == ["default", "slate"]
