"""Other MkDocs plugins next to ours: mkdocs-static-i18n in either order and either docs structure,
Material's offline plugin (the site opened from disk, filter included), and a user's page at a
generated page's URL (e.g. a tags page against a facet's index)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, serve
from playwright.sync_api import expect

EXAMPLE = REPO / "examples" / "deep-learning-classics"
I18N = """\
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          default: true
          name: English
        - locale: fr
          name: Français
"""
OPDHUB = "  - opdhub:\n      recent: 5\n"


def example(dest: Path, plugins: str, extra: str = "") -> Path:
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("site"))
    config = dest / "mkdocs.yml"
    text = config.read_text("utf-8")
    head = text[: text.index("plugins:")]
    config.write_text(head + extra + "plugins:\n  - search\n" + plugins, "utf-8")
    return dest


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def i18n_site(root: Path, structure: str, i18n_first: bool) -> Path:
    i18n = I18N.format(structure=structure)
    root = example(root, i18n + OPDHUB if i18n_first else OPDHUB + i18n)
    docs = root / "docs"
    about_fr = "# À propos\n\nUne page traduite.\n"
    if structure == "suffix":
        (docs / "about.fr.md").write_text(about_fr, "utf-8")
    else:
        (docs / "en").mkdir()
        (docs / "about.md").rename(docs / "en" / "about.md")
        (docs / "fr").mkdir()
        (docs / "fr" / "about.md").write_text(about_fr, "utf-8")
    return root


@pytest.mark.parametrize("structure", ["suffix", "folder"])
@pytest.mark.parametrize("i18n_first", [True, False], ids=["i18n-first", "opdhub-first"])
def test_i18n_builds_every_generated_page_in_every_language(tmp_path, structure, i18n_first):
    root = i18n_site(tmp_path / "site-src", structure, i18n_first)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Unhandled file case" not in result.stderr
    site = root / "site"
    english = {p for p in html_pages(site) if not p.startswith("fr/")}
    french = {p.removeprefix("fr/") for p in html_pages(site) if p.startswith("fr/")}
    generated = {"index.html", "papers/index.html", "chapters/training/index.html", "modality/index.html",
                 "modality/images/index.html", "venue/index.html", "year/index.html"}
    assert generated <= english and generated <= french
    assert english - {"404.html"} == french
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        page = soup(site / prefix / "chapters/training/index.html")
        assert page.html["lang"] == lang
        assert len(page.select("[data-paper-id]")) == 3
        # each language links within itself: its own data files and pages
        for holder in page.select("[data-opdhub-data]"):
            data = (site / prefix / "chapters/training" / holder["data-opdhub-data"]).resolve()
            assert data.is_file() and data.with_suffix(".js").is_file() and data.is_relative_to((site / prefix).resolve())
        for a in page.select("[data-paper-id] a[href]"):
            target = (site / prefix / "chapters/training" / a["href"]).resolve()
            assert (target / "index.html").is_file() and target.is_relative_to((site / prefix).resolve())
            assert soup(target / "index.html").html["lang"] == lang  # the paper page in this language
        assert (site / prefix / "papers.json").is_file() and (site / prefix / "papers.js").is_file()
        nav = [a["href"] for a in page.select(".md-nav--primary a.md-nav__link[href]")]
        assert "../../papers/" in nav and "../../about/" in nav
        assert len(soup(site / prefix / "papers/index.html").select("[data-paper-id]")) == 17
    assert "Une page traduite" in (site / "fr/about/index.html").read_text("utf-8")
    assert "Une page traduite" not in (site / "about/index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def i18n_served(tmp_path_factory):
    root = i18n_site(tmp_path_factory.mktemp("i18n") / "site-src", "suffix", True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield root / "site", url
    server.shutdown()


def check_filter(page, total: int, with_code: int) -> None:
    page.locator("[data-opdhub-filter]").first.wait_for(state="visible")  # shown once the data is loaded
    count = page.locator("[data-opdhub-count]").first
    expect(count).to_contain_text(f"{total} of {total}")
    page.locator('[data-opdhub-filter] input[name="has_code"][value="yes"]').first.check()
    expect(count).to_have_text(re.compile(rf"^\s*{with_code} of {total} papers?\s*$"))
    assert page.eval_on_selector_all("[data-paper-id]:not([hidden])", "c => c.length") == with_code


@pytest.mark.browser
def test_i18n_filter_works_in_the_second_language(i18n_served, page):
    site, url = i18n_served
    data = json.loads((site / "fr" / "papers.json").read_text("utf-8"))
    with_code = sum(1 for p in data["papers"] if p["has_code"] == "yes")
    assert 0 < with_code < len(data["papers"])
    page.goto(url + "fr/papers/")
    check_filter(page, len(data["papers"]), with_code)
    assert page.js_errors == []


# -- Material's offline plugin: the site opened from disk ----------------------------------------

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    root = example(tmp_path_factory.mktemp("offline") / "site-src", OPDHUB + "  - offline\n")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_offline_site_links_work_without_directory_urls(offline_site):
    # the offline plugin turns directory URLs off after our on_config: our links follow
    page = soup(offline_site / "chapters" / "training.html")
    links = [a["href"] for a in page.select("[data-paper-id] a[href]") if not a["href"].startswith(("http", "#"))]
    assert links and all(".html" in href for href in links)
    for href in links:
        assert (offline_site / "chapters" / href.split("#")[0]).resolve().is_file(), href
    for holder in page.select("[data-opdhub-data]"):  # each data file has its twin script
        data = (offline_site / "chapters" / holder["data-opdhub-data"]).resolve()
        assert data.is_file() and data.with_suffix(".js").is_file()
    script = (offline_site / "papers.js").read_text("utf-8")
    assert script.startswith("(window.OpdhubData = window.OpdhubData || {})[document.currentScript.src] = ")
    assert json.loads(script.split("] = ", 1)[1].rstrip(";\n")) == json.loads((offline_site / "papers.json").read_text("utf-8"))


def scripts(page) -> list[str]:
    return page.eval_on_selector_all("script[src]", "s => s.map(e => e.src)")


@pytest.mark.browser
def test_offline_site_filters_from_file_url(offline_site, page):
    # browsers run no module scripts from file:// pages: has-js.js loads the entries' classic
    # bundles (assets/opdhub/offline/) instead, and the data comes from the twin scripts
    data = json.loads((offline_site / "papers.json").read_text("utf-8"))
    records = {r["id"]: r for r in data["papers"]}
    with_code = sum(1 for r in data["papers"] if r["has_code"] == "yes")
    assert 0 < with_code < len(records)
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'))")
    page.goto((offline_site / "papers" / "index.html").as_uri())
    check_filter(page, len(records), with_code)
    loaded = scripts(page)  # (Chromium keeps no resource timings for file: URLs)
    assert any(src.endswith("/assets/opdhub/offline/filter.js") for src in loaded)
    assert not any(src.endswith("/offline/cards.js") for src in loaded)  # filter.js's bundle holds it
    # Cite (the clipboard refused: the dialog shows the entry) and Details, on a card still shown
    card = page.locator("article[data-paper-id]:not([hidden])").first
    record = records[card.get_attribute("data-paper-id")]
    card.locator("[data-opdhub-cite]").click()
    dialog = page.locator("[id='opdhub:cite-dialog']")
    dialog.wait_for(state="visible")
    assert page.input_value("[id='opdhub:cite-dialog'] textarea") == record["bibtex"] != ""
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    card.locator("[data-opdhub-details]").click()
    details = card.locator(".opdhub-card__details")
    details.wait_for()
    assert record["authors"][0].split(",")[0] in details.inner_text()
    page.goto((offline_site / "chapters" / "training.html").as_uri())  # another depth, another listing
    page.locator("[data-opdhub-filter]").first.wait_for(state="visible")
    expect(page.locator("[data-opdhub-count]").first).to_contain_text("3 of 3")
    page.goto((offline_site / "index.html").as_uri())  # a listing without a filter
    assert any("/assets/opdhub/offline/" in src for src in scripts(page))
    card = page.locator("article[data-paper-id]").first
    card.locator("[data-opdhub-cite]").click()
    dialog.wait_for(state="visible")
    assert page.input_value("[id='opdhub:cite-dialog'] textarea") == records[card.get_attribute("data-paper-id")]["bibtex"]
    assert page.js_errors == []


@pytest.mark.browser
def test_offline_site_over_http_runs_the_modules(offline_site, page):
    url, server = serve(offline_site)
    try:
        data = json.loads((offline_site / "papers.json").read_text("utf-8"))
        with_code = sum(1 for r in data["papers"] if r["has_code"] == "yes")
        page.goto(url + "papers/index.html")
        check_filter(page, len(data["papers"]), with_code)
        loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert any(name.endswith("/assets/opdhub/filter.js") for name in loaded)
        assert not any("/offline/" in name or name.endswith("papers.js") for name in loaded + scripts(page))
        assert page.js_errors == []
    finally:
        server.shutdown()


# -- a user's page at a generated URL ------------------------------------------------------------

def test_user_page_at_a_generated_url_is_a_warning_naming_both(tmp_path):
    root = example(tmp_path / "site-src", OPDHUB)
    (root / "docs" / "venue.md").write_text("# Venues, by hand\n", "utf-8")  # published at venue/, the facet's index
    result = mkdocs_build(root)
    assert result.returncode == 1  # strict: the warning fails the build
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    assert 'docs/venue.md takes the place of the generated page "Venue" (venue/index.md)' in warnings[0]
    assert "'replace'" in warnings[0]

    result = mkdocs_build(root, strict=False)  # the user's page is published; links to the index lead to it
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert "Venues, by hand" in (site / "venue" / "index.html").read_text("utf-8")
    value_page = soup(site / "venue" / "neurips-2020" / "index.html")
    assert value_page.select_one('article a[href="../"]') is not None

    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      replace: [venue.md]\n", "utf-8")
    result = mkdocs_build(root)  # meant: no warning, strict passes
    assert result.returncode == 0, result.stderr
    assert "venue.md" not in result.stderr


def test_material_tags_page_against_a_tags_facet(tmp_path):
    root = example(tmp_path / "site-src", OPDHUB)
    taxonomy = root / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text("utf-8").replace("  - field: venue\n", "  - field: venue\n    path: tags\n", 1), "utf-8")
    (root / "docs" / "tags.md").write_text("# Tags\n", "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert 'docs/tags.md takes the place of the generated page "Venue" (tags/index.md)' in result.stderr
