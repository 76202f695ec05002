"""A page per paper: its content, the metadata reference managers read, the site search and sitemap
(one entry per paper, listing pages left out), ``paper_pages: false``, the built-in ``mkdocs``
theme, and ``mkdocs serve --dirty`` re-rendering only what an edit touches."""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project, mkdocs_build, serve, write_paper
from playwright.sync_api import expect
from test_filter_browser import local_sitemap

from mkdocs_opdhub.formats.escape import page_title

HOSTILE = 'Reverse KL </script><script>window.__pwned=1</script> & "quotes" <!-- and a comment'


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("paper-pages") / "project")
    write_paper(
        project / "papers",
        "hostile",
        title=HOSTILE,
        authors=["O'Brien, Ann", "<b>Eve</b>, Mallory"],
        arxiv="2601.00001",
        doi="10.1234/abc.5",
        venue="NeurIPS 2025",
        summary="A </script> summary.",
        chapter="5",
        mechanism="hybrid_opd",
        loss="RKL",
        code=["https://example.org/code"],
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_json_in_a_script_element_cannot_end_it():
    from mkdocs_opdhub.site.paperpage import script_json

    text = str(script_json({"name": "</script><!--\u2028\u2029&"}))
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}  # paper files refuse U+2028; the escape holds anyway
    assert json.loads(text) == {"name": "</script><!--\u2028\u2029&"}


def test_paper_page_content_and_links(built):
    site = built / "site"
    page = soup(site / "papers" / "hostile" / "index.html")
    article = page.select_one("article.opdhub-paper")
    assert article.select_one("h1").get_text() == HOSTILE
    # themes print titles unescaped: the page's title has look-alikes for "<", ">", "&" and '"'
    assert page.select_one("title").get_text().startswith(page_title(HOSTILE))
    assert "O'Brien Ann" not in article.get_text() and "Ann O'Brien" in article.get_text()
    assert article.select("b, script, img") == []
    assert "NeurIPS 2025" in article.get_text() and "A </script> summary." in article.get_text()
    links = {a["data-link-kind"]: a["href"] for a in article.select("a[data-link-kind]")}
    assert links == {
        "paper": "https://example.org/hostile",
        "arxiv": "https://arxiv.org/abs/2601.00001",
        "pdf": "https://arxiv.org/pdf/2601.00001",
        "doi": "https://doi.org/10.1234/abc.5",
        "code": "https://example.org/code",
    }
    chips = {a.parent["data-facet"]: a["href"] for a in article.select("a.opdhub-chip")}
    assert chips["loss"] == "../../loss/rkl/" and chips["mechanism"] == "../../mechanism/hybrid-opd/"
    assert article.select_one('a[href="../../chapters/5/"]')
    for href in [*chips.values(), "../../chapters/5/"]:
        assert (site / "papers" / "hostile" / href / "index.html").resolve().is_file(), href
    bibtex = article.select_one("pre code").get_text()
    assert bibtex.startswith("@inproceedings{") and "2601.00001" in bibtex
    assert article.select_one("[data-opdhub-copy]")["data-opdhub-copy"] == article.select_one("pre code")["id"]
    edit = article.select_one("a.opdhub-paper__edit")
    assert edit.get_text() == "Edit this paper"
    assert edit["href"] == "https://github.com/mkdocs-opdhub/mkdocs-opdhub/edit/main/papers/hostile.yaml"
    assert len(page.select("h1")) == 1  # the page template prints neither the theme's heading nor its edit button
    assert not page.select("a.md-content__button")
    assert page.select_one('link[rel="canonical"]')["href"] == "http://127.0.0.1:8000/papers/hostile/"


def test_citation_meta_tags_and_json_ld(built):
    html = (built / "site" / "papers" / "hostile" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    meta = [(m["name"], m["content"]) for m in page.select("head meta[name^=citation_]")]
    assert ("citation_title", HOSTILE) in meta
    assert [c for n, c in meta if n == "citation_author"] == ["O'Brien, Ann", "<b>Eve</b>, Mallory"]
    assert ("citation_publication_date", "2026/05/01") in meta
    assert ("citation_arxiv_id", "2601.00001") in meta and ("citation_doi", "10.1234/abc.5") in meta
    assert ("citation_pdf_url", "https://arxiv.org/pdf/2601.00001") in meta
    assert ("citation_abstract_html_url", "https://arxiv.org/abs/2601.00001") in meta
    assert ("citation_conference_title", "NeurIPS 2025") in meta
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "</script" not in raw.lower() and "\u2028" not in raw and "<" not in raw
    data = json.loads(raw)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == HOSTILE
    assert [a["name"] for a in data["author"]] == ["Ann O'Brien", "Mallory <b>Eve</b>"]
    assert data["datePublished"] == "2026-05-01" and data["url"] == "http://127.0.0.1:8000/papers/hostile/"
    assert {"propertyID": "DOI", "value": "10.1234/abc.5", "@type": "PropertyValue"} in data["identifier"]
    assert "<script>window.__pwned" not in html  # escaped wherever it is printed


def test_one_search_entry_per_paper_and_no_listing_pages(built):
    site = built / "site"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    ids = {p["id"] for p in data["papers"]}
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    paper_docs = [d for d in docs if re.fullmatch(r"papers/[^/]+/(#.*)?", d["location"])]
    assert sorted(d["location"] for d in paper_docs) == sorted(f"papers/{i}/" for i in ids)
    # listing pages (All papers, chapters, value pages) only repeat the papers: not indexed
    assert not [
        d
        for d in docs
        if d["location"].split("#")[0] == "papers/"
        or re.match(r"(chapters|mechanism|loss|year|has-code)/[^/]+/", d["location"])
    ]
    assert not any("_opdhub-paper" in d["location"] for d in docs)
    entry = next(d for d in paper_docs if d["location"] == "papers/hostile/")
    assert entry["title"] == page_title(HOSTILE) and "<" not in entry["title"]
    assert "NeurIPS 2025" in entry["text"] and "A &lt;/script&gt; summary." in entry["text"]
    assert "@inproceedings" not in entry["text"]  # BibTeX, chips, relations and related papers stay out
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<loc>http://127.0.0.1:8000/papers/") == len(ids) + 1  # each paper page, and All papers
    assert "<loc>http://127.0.0.1:8000/papers/hostile/</loc>" in sitemap


def test_paper_pages_are_not_in_the_nav(built):
    home = soup(built / "site" / "index.html")
    nav = [a["href"] for a in home.select(".md-nav--primary a[href]")]
    assert not any(re.search(r"papers/[^/]+/", href) for href in nav)
    paper = soup(built / "site" / "papers" / "hostile" / "index.html")
    # a compact nav (the drawer on a phone): each top-level entry, linking to its first page
    top = [a.get_text(strip=True) for a in paper.select(".md-nav--primary > ul > li > a")]
    assert top == [
        item.select_one(".md-nav__link").get_text(" ", strip=True) for item in home.select(".md-nav--primary > ul > li")
    ]
    assert paper.select_one('.md-nav--primary a[href="../../chapters/4/"]').get_text() == "Chapters"
    assert not paper.select(".md-nav--primary .md-nav__link--active, .md-nav--primary [data-md-level='1']")


def test_without_paper_pages(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      papers_dir: papers\n", "      papers_dir: papers\n      paper_pages: false\n"
        ),
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert [p.name for p in (site / "papers").iterdir()] == ["index.html"]
    card = soup(site / "papers" / "index.html").select_one('article[data-paper-id="1606.07947"]')
    assert card.select_one(".opdhub-card__title a")["href"] == "https://arxiv.org/abs/1606.07947"
    record = next(r for r in json.loads((site / "papers.json").read_text("utf-8"))["papers"] if r["id"] == "1606.07947")
    assert record["url"] == "papers/#paper:1606.07947"  # the card's anchor (docs/data-api.md)


def test_a_paper_id_taking_a_generated_page_is_an_error(project):
    write_paper(project / "papers", "index")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "the page of paper 'index' (papers/index.yaml) would replace the generated page \"All papers\"" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_serve_dirty_renders_only_what_an_edit_touches(project):
    """Two builds in one process, as `mkdocs serve --dirty` runs them (the plugin object lives on)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    site = project / "site"

    def run(dirty: bool):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))  # plugins come from MkDocs' cache
        if not dirty:
            config.plugins.on_startup(command="serve", dirty=True)  # once, as serve does
        build(config, dirty=dirty)

    def linking(paper_id: str) -> set[str]:
        """The generated pages that show the paper: its own, its listings, the pages naming it."""
        link = re.compile(rf'href="(?:[^"]*/)?{re.escape(paper_id)}/"')  # its page, from any folder
        pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if link.search(p.read_text("utf-8"))}
        return pages - user_pages

    docs = project / "docs"

    def page_of(md: Path) -> str:
        folder = (md.parent if md.stem == "index" else md.with_suffix("")).relative_to(docs).as_posix()
        return "index.html" if folder == "." else f"{folder}/index.html"

    user_pages = {page_of(md) for md in docs.rglob("*.md")}  # written by hand: only their own edits re-render them
    run(False)
    outputs = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    linking_before = linking("1606.07947")

    time.sleep(0.05)
    paper = project / "papers" / "1606.07947.yaml"  # chapter "background"
    paper.write_text(
        paper.read_text("utf-8").replace("title: Sequence-Level Knowledge Distillation", "title: Edited While Serving"),
        "utf-8",
    )
    run(True)
    changed = {p.relative_to(site).as_posix() for p, mtime in outputs.items() if p.stat().st_mtime_ns != mtime}
    assert "Edited While Serving" in (site / "papers" / "1606.07947" / "index.html").read_text("utf-8")
    assert "Edited While Serving" in (site / "chapters" / "background" / "index.html").read_text("utf-8")
    assert {"papers/1606.07947/index.html", "chapters/background/index.html", "papers/index.html"} <= changed
    assert "chapters/4/index.html" not in changed and "papers/1011.0686/index.html" not in changed
    assert "about/index.html" not in changed
    # Exactly: the pages that showed the paper or show it now (its page, its chapter and value
    # pages, All papers, the papers whose related papers it left or joined), the pages made from
    # every paper (home, graph, trends), and 404.html, which MkDocs renders on every build.
    every = {"index.html", "graph/index.html", "trends/index.html", "404.html"}
    assert changed == linking_before | linking("1606.07947") | every

    # The pages that name a paper (its relations and related papers) follow its new title too.
    pages = {p.parent.name: p.read_text("utf-8") for p in (site / "papers").glob("*/index.html")}
    named = Counter(
        m for text in pages.values() for m in re.findall(r'<li><a href="\.\./\.\./papers/([^/"]+)/">', text)
    )
    target = named.most_common(1)[0][0]
    paper = next(p for p in (project / "papers").glob("*.yaml") if p.stem == target)
    paper.write_text(re.sub(r"(?m)^title: .*$", "title: Renamed Neighbour", paper.read_text("utf-8"), count=1), "utf-8")
    run(True)
    linking = [
        p
        for p in (site / "papers").glob("*/index.html")
        if f'href="../../papers/{target}/"' in p.read_text("utf-8") and p.parent.name != target
    ]
    assert linking and all(f'href="../../papers/{target}/">Renamed Neighbour' in p.read_text("utf-8") for p in linking)


# -- the header search, in Chromium ---------------------------------------------------------------------
TITLE = "Sequence-Level Knowledge Distillation"


@pytest.mark.browser
def test_material_search_finds_the_paper_page_first(opd_site, page, site_url):
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "search_index" in r.url else None)
    page.goto(site_url, wait_until="networkidle")
    # Material's index is fetched when the reader starts to search, not with the page
    assert asked == []
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(TITLE)  # as a reader types it (Material reads keystrokes)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    # The search worker indexes the site first, and answers each keystroke: the results of the
    # whole title are the ones that count (?h= highlights the words).
    expect(first).to_have_attribute("href", re.compile(r"papers/1606\.07947/(\?|$)"), timeout=90_000)
    assert len(asked) == 1 and page.js_errors == []


@pytest.mark.browser
def test_material_search_opened_by_its_shortcut_after_instant_navigation(opd_site, page, site_url):
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "search_index" in r.url else None)
    page.goto(site_url + "papers/1606.07947/", wait_until="networkidle")
    page.locator("a.md-header__button.md-logo").click()  # instant navigation to the home page
    page.wait_for_url(site_url)
    assert asked == []
    page.keyboard.press("s")  # Material's shortcut: opens the search and focuses its input
    page.keyboard.type(TITLE)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(r"papers/1606\.07947/(\?|$)"), timeout=90_000)
    assert asked == [site_url + "search/search_index.json"] and page.js_errors == []


@pytest.mark.browser
def test_builtin_theme_search_finds_the_paper_page_first(tmp_path, page):
    root = copy_project(tmp_path / "project")
    (root / "mkdocs-theme.yml").write_text(
        "INHERIT: mkdocs.yml\ntheme:\n  name: mkdocs\n  highlightjs: false\n", "utf-8"
    )
    result = mkdocs_build(root, config="mkdocs-theme.yml")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    assert sum(1 for d in docs if d["location"] == "papers/1606.07947/") == 1
    # MkDocs' own search has no way to leave a page out: listing pages are in it, but it indexes
    # them before their cards are filled in, so they never repeat a paper's title
    listings = [d for d in docs if re.match(r"(chapters|mechanism)/[^/]+/", d["location"])]
    assert listings and not [d for d in listings if TITLE in d["text"]]
    paper = soup(site / "papers" / "1606.07947" / "index.html")
    assert paper.select_one(".navbar") is not None and paper.select_one("h1").get_text() == TITLE
    url, server = serve(site)
    try:
        page.goto(url + "?q=" + TITLE.replace(" ", "+"))  # the theme runs a search named in the address
        first = page.locator("#mkdocs-search-results a").first
        first.wait_for(state="attached", timeout=30_000)
        assert first.get_attribute("href").rstrip("/").endswith("papers/1606.07947")
    finally:
        server.shutdown()


@pytest.mark.browser
def test_copy_bibtex_on_the_paper_page(browser, site_url, opd_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "papers/1606.07947/")
    button = page.locator("[data-opdhub-copy]")
    button.click()
    expect(button).to_have_text("Copied")
    expected = soup(opd_site / "papers" / "1606.07947" / "index.html").select_one("pre code").get_text()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    context.close()


@pytest.mark.browser
def test_the_paper_page_works_like_any_page(browser, site_url, opd_site):
    """The lean page template keeps what a reader uses: instant navigation there and back, the palette
    toggle, the header search, the drawer on a phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    local_sitemap(page, opd_site, site_url)  # Material's instant navigation follows the pages it lists
    page.goto(site_url + "papers/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator('a[href$="1606.07947/"]').first.click()  # instant navigation: no new document
    expect(page.locator("article.opdhub-paper h1")).to_have_text(TITLE)
    assert page.evaluate("window.__sameDocument") is True
    assert (
        page.locator(".md-header__topic [data-md-component=header-topic], [data-md-component=header-topic]")
        .first.inner_text()
        .strip()
        == TITLE
    )
    page.go_back()
    expect(page).to_have_url(site_url + "papers/")
    expect(page.locator("article.opdhub-paper")).to_have_count(0)
    page.go_forward()  # the theme fetches the page again: on a busy machine that takes a while
    expect(page.locator("article.opdhub-paper h1")).to_have_text(TITLE, timeout=30_000)

    page.goto(site_url + "papers/1606.07947/")  # opened directly: the page's own header and drawer
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    page.locator("label.md-header__button[for=__drawer]").click()
    drawer = page.locator(".md-nav--primary")
    expect(drawer.get_by_role("link", name="Chapters")).to_be_visible()
    drawer.get_by_role("link", name="Chapters").click()
    expect(page).to_have_url(re.compile(r"/chapters/[^/]+/$"))
    page.goto(site_url + "papers/1606.07947/")
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").press_sequentially(TITLE)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    expect(first).to_have_attribute(
        "href", re.compile(r"papers/1606\.07947/(\?|$)"), timeout=90_000
    )  # once the whole title is typed
    assert errors == []
    context.close()
