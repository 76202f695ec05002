"""Other engines and themes: ProperDocs builds the same site as MkDocs, and the site (filter
included) works with MkDocs' built-in ``mkdocs`` theme in a real Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build, run_env, serve
from playwright.sync_api import expect

EXAMPLE = REPO / "examples" / "deep-learning-classics"


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def card_ids(html: Path) -> list[str]:
    return [c["data-paper-id"] for c in BeautifulSoup(html.read_text("utf-8"), "html.parser").select("[data-paper-id]")]


def test_properdocs_builds_the_same_site(tmp_path, opd_site):
    root = copy_project(tmp_path / "project")
    result = mkdocs_build(root, engine="properdocs")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert pages(site) == pages(opd_site)
    assert json.loads((site / "papers.json").read_text("utf-8")) == json.loads(
        (opd_site / "papers.json").read_text("utf-8")
    )
    for page in ("index.html", "chapters/4/index.html", "mechanism/direct-opd/index.html", "papers/index.html"):
        assert card_ids(site / page) == card_ids(opd_site / page), page
    assert "ProperDocs" in (site / "index.html").read_text("utf-8")  # really built by ProperDocs


def test_properdocs_builds_the_example_site(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    result = mkdocs_build(root, engine="properdocs")
    assert result.returncode == 0, result.stderr
    assert len(card_ids(root / "site" / "papers" / "index.html")) == 17


# -- the built-in mkdocs theme ------------------------------------------------------------------


@pytest.fixture(scope="module")
def mkdocs_theme_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("mkdocs-theme") / "project")
    # the site's own config with another theme (the theme's highlight.js comes from a CDN: offline here)
    (root / "mkdocs-theme.yml").write_text(
        "INHERIT: mkdocs.yml\ntheme:\n  name: mkdocs\n  highlightjs: false\n", "utf-8"
    )
    result = mkdocs_build(root, config="mkdocs-theme.yml")
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield root / "site", url
    server.shutdown()


def test_builtin_theme_pages(mkdocs_theme_site):
    site, _ = mkdocs_theme_site
    soup = BeautifulSoup((site / "chapters" / "4" / "index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one('link[href$="assets/opdhub/filter.css"]') is not None
    assert soup.select_one('script[src$="assets/opdhub/filter.js"]') is not None
    assert soup.select_one("[data-opdhub-filter]") is not None
    assert soup.select_one(".navbar") is not None and not soup.select(".md-content")  # the mkdocs theme, not Material


@pytest.mark.browser
def test_filter_works_with_the_builtin_theme(mkdocs_theme_site, page):
    site, url = mkdocs_theme_site
    data = json.loads((site / "papers.json").read_text("utf-8"))
    total = len(data["papers"])
    with_code = {p["id"] for p in data["papers"] if p["has_code"] == "yes"}
    assert 0 < len(with_code) < total

    page.goto(url + "papers/")
    root = page.locator("[data-opdhub-filter]")
    root.wait_for(state="visible")  # the script shows the filter once papers.json is loaded
    count = page.locator("[data-opdhub-count]")
    expect(count).to_contain_text(f"{total} of {total}")
    page.locator('[data-opdhub-filter] input[name="has_code"][value="yes"]').check()
    expect(count).to_have_text(re.compile(rf"^\s*{len(with_code)} of {total} papers?\s*$"), timeout=60_000)
    shown = set(
        page.eval_on_selector_all("[data-paper-id]:not([hidden])", "cards => cards.map(c => c.dataset.paperId)")
    )
    assert shown == with_code
    hidden = page.eval_on_selector_all("[data-paper-id][hidden]", "cards => cards.length")
    assert hidden == total - len(with_code)
    assert re.match(rf"{len(with_code)} of {total} papers?", count.inner_text().strip())
    assert page.js_errors == []


def test_properdocs_yml_is_found_by_properdocs_and_by_opdhub(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    (root / "mkdocs.yml").rename(root / "properdocs.yml")  # the name ProperDocs asks for
    build = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=root,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    assert "renamed" not in build.stderr
    assert len(card_ids(root / "site" / "papers" / "index.html")) == 17

    def opdhub(*args):
        return subprocess.run(
            [str(Path(sys.executable).with_name("opdhub")), *args],
            cwd=root,
            env=run_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert opdhub("validate").returncode == 0
    paper = root / "papers" / "1207.0580.yaml"
    paper.write_text(paper.read_text("utf-8").replace("modality:", "modality: [sound]\nold_modality:", 1), "utf-8")
    result = opdhub("validate")  # the taxonomy named in properdocs.yml is the one checked
    assert result.returncode == 1 and "papers/1207.0580.yaml" in result.stdout and "sound" in result.stdout
