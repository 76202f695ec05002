"""Other MkDocs plugins next to ours: mkdocs-static-i18n in either order and either docs structure,
Material's offline plugin (the site opened from disk, filter included), a user's page at a
generated page's URL (e.g. a tags page against a facet's index), and the plugins that handle every
page (rss, social cards, privacy, git dates, minify), which must see paper pages as pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
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


def i18n_site(root: Path, structure: str, i18n_first: bool, extra: str = "") -> Path:
    i18n = I18N.format(structure=structure)
    root = example(root, i18n + OPDHUB if i18n_first else OPDHUB + i18n, extra)
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
    generated = {
        "index.html",
        "papers/index.html",
        "chapters/training/index.html",
        "modality/index.html",
        "modality/images/index.html",
        "venue/index.html",
        "year/index.html",
    }
    assert generated <= english and generated <= french
    assert english - {"404.html"} == french
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        page = soup(site / prefix / "chapters/training/index.html")
        assert page.html["lang"] == lang
        assert len(page.select("[data-paper-id]")) == 3
        # each language links within itself: its own data files and pages
        for holder in page.select("[data-opdhub-data]"):
            data = (site / prefix / "chapters/training" / holder["data-opdhub-data"]).resolve()
            assert (
                data.is_file() and data.with_suffix(".js").is_file() and data.is_relative_to((site / prefix).resolve())
            )
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


I18N_SITE_URL = "https://example.org/classics/"


@pytest.fixture(scope="module")
def i18n_served(tmp_path_factory):
    root = i18n_site(tmp_path_factory.mktemp("i18n") / "site-src", "suffix", True, f"site_url: {I18N_SITE_URL}\n")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield root / "site", url
    server.shutdown()


def failed_requests(page) -> list[str]:
    """The URLs the page asked for in vain (a script or data file that is not there). Material's
    language selector looks for a sitemap.xml beside each language's link: not ours to answer."""
    failed: list[str] = []
    page.on(
        "response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("/sitemap.xml") else None
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    return failed


def check_filter(page, total: int, with_code: int) -> None:
    page.locator("[data-opdhub-filter]").first.wait_for(state="visible")  # shown once the data is loaded
    count = page.locator("[data-opdhub-count]").first
    expect(count).to_contain_text(f"{total} of {total}")
    page.locator('[data-opdhub-filter] input[name="has_code"][value="yes"]').first.check()
    expect(count).to_have_text(re.compile(rf"^\s*{with_code} of {total} papers?\s*$"))
    assert page.eval_on_selector_all("[data-paper-id]:not([hidden])", "c => c.length") == with_code


LANGUAGES = pytest.mark.parametrize("prefix", ["", "fr/"], ids=["en", "fr"])


@pytest.mark.browser
@LANGUAGES
def test_i18n_filter_works_in_every_language(i18n_served, page, prefix):
    site, url = i18n_served
    data = json.loads((site / prefix / "papers.json").read_text("utf-8"))
    with_code = sum(1 for p in data["papers"] if p["has_code"] == "yes")
    assert 0 < with_code < len(data["papers"])
    failed = failed_requests(page)
    page.goto(url + prefix + "papers/")
    check_filter(page, len(data["papers"]), with_code)
    assert page.js_errors == [] and failed == []


@pytest.mark.browser
@LANGUAGES
def test_i18n_graph_draws_in_every_language(i18n_served, page, prefix):
    site, url = i18n_served
    total = len(json.loads((site / prefix / "papers.json").read_text("utf-8"))["papers"])
    failed = failed_requests(page)
    page.goto(url + prefix + "graph/")
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]", timeout=30_000)  # the sketch
    page.hover("[data-opdhub-graph-canvas]")  # the first move over the graph brings the library in
    page.wait_for_selector(f"[data-opdhub-graph][data-opdhub-ready][data-opdhub-shown='{total}']", timeout=30_000)
    assert page.evaluate("window.opdhubGraph.nodes().length") == total
    assert page.js_errors == [] and failed == []


@pytest.mark.browser
@LANGUAGES
def test_i18n_trends_in_every_language(i18n_served, page, prefix):
    site, url = i18n_served
    failed = failed_requests(page)
    page.goto(url + prefix + "trends/")
    figure = page.locator("figure[data-opdhub-chart]").first
    expect(figure.locator("svg")).to_be_visible()
    figure.locator("summary").click()
    expect(figure.locator("tbody tr").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == (prefix.strip("/") or "en")
    assert page.js_errors == [] and failed == []


@pytest.mark.browser
@LANGUAGES
def test_i18n_feeds_in_every_language(i18n_served, page, prefix):
    """A page's feed link leads to its language's feed, whose items are that language's pages."""
    site, url = i18n_served
    failed = failed_requests(page)
    page.goto(url + prefix + "chapters/training/")
    links = page.eval_on_selector_all("link[rel=alternate][type='application/rss+xml']", "ls => ls.map(l => l.href)")
    assert len(links) == 2  # the whole list's and the chapter's
    for link in links:
        assert link.startswith(url + prefix) and (prefix or not link.startswith(url + "fr/")), link
        response = page.request.get(link)
        assert response.ok, link
        feed = feedparser.parse(response.text())
        assert feed.entries and not feed.bozo
        for entry in feed.entries:
            assert entry.link.startswith(I18N_SITE_URL + prefix), entry.link
            paper_page = soup(site / entry.link.removeprefix(I18N_SITE_URL) / "index.html")
            assert paper_page.html["lang"] == (prefix.strip("/") or "en")
            assert json.loads(paper_page.select_one("script[type='application/ld+json']").string)["url"] == entry.link
    assert page.js_errors == [] and failed == []


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
    assert json.loads(script.split("] = ", 1)[1].rstrip(";\n")) == json.loads(
        (offline_site / "papers.json").read_text("utf-8")
    )


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
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'))"
    )
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
    assert (
        page.input_value("[id='opdhub:cite-dialog'] textarea") == records[card.get_attribute("data-paper-id")]["bibtex"]
    )
    assert page.js_errors == []


@pytest.mark.browser
def test_offline_paper_page_from_file_url(offline_site, page):
    """A paper page opened from disk: its content, its links to listings, and back."""
    data = json.loads((offline_site / "papers.json").read_text("utf-8"))
    paper = data["papers"][0]
    page.goto((offline_site / "papers" / f"{paper['id']}.html").as_uri())
    expect(page.locator("article.opdhub-paper h1")).to_have_text(paper["title"])
    page.locator("article.opdhub-paper a.opdhub-chip").first.click()  # a value page, from disk
    expect(page).to_have_url(re.compile(r"^file://.*\.html$"))
    page.locator("[data-opdhub-filter]").first.wait_for(state="visible")
    assert page.locator(f'[data-paper-id="{paper["id"]}"]').count() >= 1
    assert page.js_errors == []


@pytest.mark.browser
def test_offline_graph_from_file_url(offline_site, page):
    """The Graph page opened from disk: graph.js's classic bundle reads graph.json's and
    papers.json's twin scripts, draws the sketch, brings Cytoscape in from the site, and Find
    leads to a paper's page."""
    graph = json.loads((offline_site / "graph.json").read_text("utf-8"))
    records = {r["id"]: r for r in json.loads((offline_site / "papers.json").read_text("utf-8"))["papers"]}
    assert graph["nodes"]
    page.goto((offline_site / "graph.html").as_uri())
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]", timeout=30_000)  # the sketch, from the twins
    drawn = page.evaluate("""() => {
        const c = document.querySelector('.opdhub-graph__sketch'), ctx = c.getContext('2d');
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i]) return true;
        return false;
    }""")
    assert drawn
    loaded = scripts(page)
    assert any(src.endswith("/assets/opdhub/offline/graph.js") for src in loaded)
    assert any(src.endswith("/graph.js") and "/assets/" not in src for src in loaded)  # graph.json's twin
    page.hover("[data-opdhub-graph-canvas]")  # the first move over the graph brings the library in
    total = len(graph["nodes"])
    page.wait_for_selector(f"[data-opdhub-graph][data-opdhub-ready][data-opdhub-shown='{total}']", timeout=30_000)
    assert page.evaluate("window.opdhubGraph.nodes().length") == total
    assert any(src.endswith("/assets/opdhub/vendor/cytoscape/cytoscape.min.js") for src in scripts(page))
    target = records[graph["nodes"][0][0]]
    page.fill("[data-opdhub-graph-search]", target["title"])
    link = page.locator(f'[data-opdhub-graph-found] a[data-id="{target["id"]}"]')
    link.click()
    page.wait_for_url(re.compile(rf"/papers/{re.escape(target['id'])}\.html$"))
    expect(page.locator("article.opdhub-paper h1")).to_have_text(target["title"])
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
    taxonomy.write_text(
        taxonomy.read_text("utf-8").replace("  - field: venue\n", "  - field: venue\n    path: tags\n", 1), "utf-8"
    )
    (root / "docs" / "tags.md").write_text("# Tags\n", "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert 'docs/tags.md takes the place of the generated page "Venue" (tags/index.md)' in result.stderr


# -- plugins that handle every page: paper pages are pages to them -------------------------------------
SOCIAL_FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core (dev.sh installs it)
PAGE_PLUGINS = (
    OPDHUB
    + """\
  - rss:
      match_path: 'papers/(?!index\\.md).+'
      use_git: false
      date_from_meta:
        as_creation: date
  - social
  - privacy:
      assets_exclude:
        - unpkg.com/mermaid@11/*
      links_attr_map:
        target: _blank
  - git-revision-date-localized
  - minify:
      minify_html: true
"""
)


def social_fonts_cached(root: Path) -> None:
    """Material's social plugin downloads its font (Roboto) into cache_dir/fonts/<family>/ unless it
    is there: a build without network gets one from the cache."""
    fonts = root / ".cache" / "plugin" / "social" / "fonts" / "Roboto"
    fonts.mkdir(parents=True)
    shutil.copy(SOCIAL_FONTS / "DejaVuSans.ttf", fonts / "Regular.ttf")
    shutil.copy(SOCIAL_FONTS / "DejaVuSans-Bold.ttf", fonts / "Bold.ttf")


@pytest.fixture(scope="module")
def page_plugins_site(tmp_path_factory):
    pytest.importorskip(
        "cairosvg", reason="Material's social plugin needs cairosvg and libcairo2 (./dev.sh installs them)"
    )
    if not (SOCIAL_FONTS / "DejaVuSans.ttf").is_file():
        pytest.skip("the social cards' font comes from Debian's fonts-dejavu-core (./dev.sh installs it)")
    extra = "site_url: https://example.org/classics/\nrepo_url: https://github.com/example/classics\nedit_uri: edit/main/docs/\n"
    root = example(tmp_path_factory.mktemp("page-plugins") / "site-src", PAGE_PLUGINS, extra)
    social_fonts_cached(root)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the list", "--date", "2026-10-05T12:00:00Z"], cwd=root, check=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    return site, {p["id"]: p for p in papers}


def test_rss_plugin_items_are_the_papers(page_plugins_site):
    site, papers = page_plugins_site
    feed = feedparser.parse((site / "feed_rss_created.xml").read_text("utf-8"))
    assert not feed.bozo, feed.bozo_exception
    links = {entry.link: entry for entry in feed.entries}
    expected = {f"https://example.org/classics/papers/{pid}/": p for pid, p in papers.items()}
    assert set(links) == set(expected)  # every paper, nothing else (no shell page, no listing)
    for link, entry in links.items():
        paper = expected[link]
        assert entry.title == paper["title"] and entry.description  # a description: the summary, or who, where, when
        if paper.get("added"):
            assert entry.published_parsed[:3] == tuple(int(x) for x in (paper["added"] + "-01").split("-")[:3])
    assert "OpdhubPaperTitleSlot" not in (site / "feed_rss_created.xml").read_text("utf-8")


def test_social_plugin_makes_a_card_per_paper(page_plugins_site):
    site, papers = page_plugins_site
    cards = site / "assets" / "images" / "social" / "papers"
    assert {p.stem for p in cards.glob("*.png") if p.stem in papers} == set(papers)
    assert not list(cards.glob("_*.png"))
    for pid, paper in list(papers.items())[:5]:
        head = soup(site / "papers" / pid / "index.html").head
        og = {m["property"]: m["content"] for m in head.select("meta[property^='og:']")}
        assert og["og:title"].startswith(paper["title"])
        assert og["og:image"] == f"https://example.org/classics/assets/images/social/papers/{pid}.png"
        assert og["og:url"] == f"https://example.org/classics/papers/{pid}/"


def test_minify_plugin_minifies_paper_pages(page_plugins_site):
    site, papers = page_plugins_site
    for pid in papers:
        html = (site / "papers" / pid / "index.html").read_text("utf-8")
        assert not re.search(r">\s{2,}<", html) and html.count("\n") < 30, pid
        page = BeautifulSoup(html, "html.parser")  # and still whole
        assert page.select_one("article.opdhub-paper h1") and page.select_one("head meta[name=citation_title]")


def test_privacy_plugin_processes_paper_pages(page_plugins_site):
    site, papers = page_plugins_site
    for pid in list(papers)[:5]:
        article = soup(site / "papers" / pid / "index.html").select_one("article.opdhub-paper")
        outside = [a for a in article.select("a[href^='https://']")]
        assert outside and all(a.get("target") == "_blank" for a in outside), pid


def test_git_revision_date_plugin_dates_paper_pages(page_plugins_site):
    site, papers = page_plugins_site
    about = soup(site / "about" / "index.html").select_one(".git-revision-date-localized-plugin-date")
    assert about is not None and "2026" in about.get_text()  # a file in git: its commit's date
    for pid in papers:  # generated pages have no history of their own: the plugin dates them by the build
        assert soup(site / "papers" / pid / "index.html").select_one(
            ".md-source-file .git-revision-date-localized-plugin-date"
        ), pid


# -- mkdocs-awesome-nav: it makes the nav from the files, generated pages included ----------------------


@pytest.mark.parametrize("awesome_first", [True, False], ids=["awesome-nav-first", "opdhub-first"])
def test_awesome_nav_builds_strict_in_either_order(tmp_path, awesome_first):
    plugins = "  - awesome-nav\n" + OPDHUB if awesome_first else OPDHUB + "  - awesome-nav\n"
    root = example(tmp_path / "site-src", plugins)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr  # no "'nav' config from mkdocs.yml is being replaced"
    assert "awesome-nav" not in result.stderr
    site = root / "site"
    nav = {
        a.get_text(" ", strip=True): a["href"]
        for a in soup(site / "index.html").select(".md-nav--primary a.md-nav__link[href]")
    }
    assert nav["All papers"] == "papers/" and nav["About this example"] == "about/"
    assert "chapters/training/" in nav.values()  # generated pages, placed by awesome-nav
    assert not [href for href in nav.values() if re.match(r"papers/.+/", href)]  # paper pages: never in the nav
    assert (site / "papers" / "1706.03762" / "index.html").is_file()
