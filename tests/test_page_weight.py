"""A page loads what it shows (issue 20): per-page stylesheets and scripts, minified assets, only
the fonts the typography uses, a named search dialog. Strict builds of the real site, read as HTML;
instant navigation into a listing in a real Chromium."""

from __future__ import annotations

import re

import pytest
import rcssmin
import rjsmin
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build
from test_filter_browser import READY, local_sitemap

from mkdocs_opdhub.site import assets

SOURCE = REPO / "mkdocs_opdhub" / "theme" / "assets" / "opdhub"


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def ours(html: BeautifulSoup) -> tuple[list[str], list[str], list[str]]:
    """Our head stylesheets, our stylesheets anywhere, our scripts (site-relative paths)."""

    def rel(url):
        return re.sub(r"^(\.\./)*", "", url)

    head = [rel(x["href"]) for x in html.head.select('link[rel="stylesheet"][href*="assets/opdhub/"]')]
    css = [rel(x["href"]) for x in html.select('link[rel="stylesheet"][href*="assets/opdhub/"]')]
    js = [rel(x["src"]) for x in html.select('script[src*="assets/opdhub/"]')]
    return head, css, js


def own(js: list[str]) -> list[str]:
    """The feature scripts among ``js`` (not has-js.js, load.js or search-later.js)."""
    return [s for s in js if not s.endswith(("has-js.js", "load.js", assets.SEARCH_LATER_JS))]


def test_each_page_loads_what_it_shows(opd_site):
    papers = sorted(p for p in (opd_site / "papers").iterdir() if (p / "index.html").is_file())
    pages = {
        "home": "index.html",
        "all": "papers/index.html",
        "graph": "graph/index.html",
        "trends": "trends/index.html",
        "guide": "reading/index.html",
        "paper": f"papers/{papers[0].name}/index.html",
    }
    html = {name: soup(opd_site / path) for name, path in pages.items()}
    for name, page in html.items():
        head, css, js = ours(page)
        # the base stylesheet, and those of the features the page shows, block the first paint
        # (in the head, fetched at once); print.css waits for printing
        assert [h for h in head if h != assets.PRINT_CSS] == [assets.BASE_CSS] + (
            [] if name in ("trends", "guide") else ["assets/opdhub/filter.css", "assets/opdhub/card.css"]
        ), name
        assert page.head.select_one(f'link[href$="{assets.PRINT_CSS}"]')["media"] == "print", name
        # scripts never block parsing (has-js.js excepted: it must run before the filter is parsed;
        # and search-later.js, just before Material's script, which asks for the search index)
        for script in page.select('script[src*="assets/opdhub/"]'):
            assert (
                script.get("type") == "module"
                or script.has_attr("defer")
                or script["src"].endswith("has-js.js")
                or (
                    script["src"].endswith(assets.SEARCH_LATER_JS)
                    and "assets/javascripts/bundle." in script.find_next_sibling("script")["src"]
                )
            ), (name, script)
        assert len(page.select(f'script[src$="{assets.SEARCH_LATER_JS}"]')) == 1, name
        assert "vendor/cytoscape" not in str(page) or name == "graph", name  # the graph's library: its page only
        preload = page.head.select('link[rel="preload"][as="fetch"]')
        # the listing store: pages with a filter only (the home page's cards fetch it when the reader nears them)
        assert bool(preload) == (name == "all"), name
    for name in ("trends", "guide"):  # no listing, no graph: nothing of ours but the base stylesheet
        assert ours(html[name])[1:] == ([assets.BASE_CSS, assets.PRINT_CSS], [assets.SEARCH_LATER_JS]), name
    _, css, js = ours(html["all"])
    # in the head, and again before the listing for a page that instant navigation swaps in
    assert (
        css[2:] == ["assets/opdhub/filter.css", "assets/opdhub/card.css"] * 2
        and own(js)[-1] == "assets/opdhub/filter.js"
    )
    assert "assets/opdhub/graph.js" not in js  # the entry modules import the rest (MiniSearch included)
    _, _, js = ours(html["home"])  # a listing without a filter: the cards' module (Cite, Details), no filter
    assert own(js) == ["assets/opdhub/cards.js"]
    _, _, js = ours(html["graph"])
    assert own(js)[-1] == "assets/opdhub/graph.js"
    _, _, js = ours(html["paper"])  # "Copy BibTeX"
    assert own(js) == ["assets/opdhub/cards.js"] and js[:3] == [
        "assets/opdhub/has-js.js",
        "assets/opdhub/cards.js",
        "assets/opdhub/load.js",
    ]
    # has-js.js runs from the head (a parser-blocking script in the middle of the body would let the
    # browser paint the page's first screen before the rest is parsed), once
    for name, page in html.items():
        assert len(page.select('script[src$="has-js.js"]')) == (name not in ("trends", "guide")), name
        assert all(s.find_parent("head") for s in page.select('script[src$="has-js.js"]')), name
    # the scripts are in the head (preloaded, in order); load.js, before the feature inside the page's
    # content (where Material's instant navigation runs scripts), lists them for a page swapped in
    head_js = own(
        [re.sub(r"^(\.\./)*", "", x["src"]) for x in html["all"].head.select('script[src*="assets/opdhub/"]')]
    )
    assert head_js == own(ours(html["all"])[2])
    loader = html["all"].select_one("[data-opdhub-filter]").find_previous("script")
    assert (
        loader["src"].endswith("load.js") and loader.find_parent(attrs={"data-md-component": "container"}) is not None
    )
    assert [re.sub(r"^(\.\./)*", "", s) for s in loader["data-opdhub-scripts"].split()] == head_js


def test_directive_in_a_user_page_gets_its_assets(tmp_path):
    root = copy_project(tmp_path / "p")
    (root / "docs" / "mine.md").write_text(
        "# Mine\n\n```\n<section data-opdhub-filter>\n```\n\n<!-- opdhub papers chapter=5 filter=yes -->\n", "utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    page = soup(root / "site" / "mine" / "index.html")
    _, css, js = ours(page)
    assert (
        css[2:] == ["assets/opdhub/filter.css", "assets/opdhub/card.css"] * 2
        and own(js)[-1] == "assets/opdhub/filter.js"
    )
    # placed before the listing, not inside the code block that shows the attribute
    assert page.select_one("pre script") is None and page.select_one("code link") is None


def test_assets_are_minified_and_the_base_stylesheet_joins_its_parts(opd_site):
    built = opd_site / "assets" / "opdhub"
    for source in [*SOURCE.glob("*.js"), *SOURCE.glob("*.css"), SOURCE / "vendor" / "minisearch" / "minisearch.js"]:
        text = source.read_text("utf-8")
        small = (
            rjsmin.jsmin(text, keep_bang_comments=True)
            if source.suffix == ".js"
            else rcssmin.cssmin(text, keep_bang_comments=True)
        )
        out = (built / source.relative_to(SOURCE)).read_text("utf-8")
        assert out == small and (len(out) < len(text) or len(text) < 100), source.name
    base = (opd_site / assets.BASE_CSS).read_text("utf-8")
    assert ".opdhub-badge-new" in base and "EB Garamond" in base and "@font-face" in base
    # the fonts' addresses, moved from vendor/fonts/fonts.css to assets/opdhub/, still lead to the files
    for url in re.findall(r"url\(([^)]+)\)", base):
        assert (opd_site / "assets" / "opdhub" / url.strip("'\"")).is_file(), url


def test_only_the_faces_the_typography_uses(opd_site):
    fonts = (SOURCE / "vendor" / "fonts" / "fonts.css").read_text("utf-8")
    faces = set(re.findall(r"font-family: '([^']+)';\s*font-style: (\w+);\s*font-weight: (\d+);", fonts))
    assert faces == {
        ("EB Garamond", "normal", "400"),
        ("EB Garamond", "italic", "400"),
        ("EB Garamond", "normal", "600"),
        ("Inconsolata", "normal", "400"),
    }
    assert fonts.count("font-display: swap") == fonts.count("@font-face")
    files = {p.name for p in (opd_site / "assets" / "opdhub" / "vendor" / "fonts").glob("*.woff2")}
    assert files == set(re.findall(r"url\(\./([^)]+)\)", fonts))  # every file served is declared, and the reverse
    home = soup(opd_site / "index.html")
    assert [x["href"] for x in home.head.select('link[rel="preload"][as="font"]')] == [
        "assets/opdhub/vendor/fonts/eb-garamond-latin-400-normal.woff2"
    ]


def test_theme_typography_ships_no_font_files(tmp_path):
    project = copy_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text("utf-8").replace("typography: academic", "typography: theme")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    assert not (site / "assets" / "opdhub" / "vendor" / "fonts").exists()
    base = (site / assets.BASE_CSS).read_text("utf-8")
    assert "@font-face" not in base and "EB Garamond" not in base and ".opdhub-badge-new" in base
    assert not soup(site / "index.html").head.select('link[rel="preload"][as="font"]')


def test_search_dialog_has_a_name(opd_site):
    dialog = soup(opd_site / "index.html").select_one('[role="dialog"][data-md-component="search"]')
    assert dialog["aria-label"] == "Search"


@pytest.mark.browser
def test_instant_navigation_into_a_listing_loads_its_scripts(page, site_url, opd_site):
    """From a page without a listing (none of the listing's code loaded), Material's instant
    navigation to All papers: the filter starts and filters."""
    local_sitemap(page, opd_site, site_url)
    # Material intercepts links only once it has read the sitemap: wait for it, not for the clock
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
        page.goto(site_url + "trends/", wait_until="load")
    page.wait_for_function("typeof window.document$ === 'object'")
    assert page.evaluate("typeof window.OpdhubFilterCore") == "undefined"
    page.evaluate("window.__sameDocument = true")
    # a link of the nav (folded on this page): Material intercepts the click
    page.evaluate("document.querySelector('.md-nav--primary a[href$=\"/papers/\"]').click()")
    page.wait_for_url(site_url + "papers/")
    page.wait_for_selector(READY)
    assert page.evaluate("window.__sameDocument") is True
    page.check('input[name="mechanism"][value="hybrid_opd"]')
    page.wait_for_function("new URL(location.href).searchParams.get('mechanism') === 'hybrid_opd'")
    assert page.js_errors == []


@pytest.mark.browser
def test_the_sitemap_is_fetched_once_however_many_feeds_a_page_links(page, site_url, opd_site):
    """Material fetches and parses sitemap.xml for each <link rel="alternate"> as if it led to
    another language's site; the feeds' links do not: one request per document, for instant
    navigation, which still works."""
    local_sitemap(page, opd_site, site_url)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/sitemap.xml") else None)
    page.goto(site_url + "trends/", wait_until="networkidle")
    assert len(page.query_selector_all('head link[rel="alternate"]')) >= 2  # the RSS and JSON feeds
    assert asked == [site_url + "sitemap.xml"]
    page.evaluate("window.__sameDocument = true")
    page.evaluate("document.querySelector('.md-nav--primary a[href$=\"/papers/\"]').click()")
    page.wait_for_url(site_url + "papers/")
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument") is True and asked == [site_url + "sitemap.xml"]
    assert page.js_errors == []


@pytest.mark.browser
def test_the_graph_is_a_picture_before_its_library_comes(page, site_url):
    """The Graph page draws its picture without Cytoscape (the first paint and input never wait for
    the library); the reader's first move over the graph brings the library, which takes over."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url + "graph/", wait_until="domcontentloaded")
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]")
    painted = page.evaluate("""() => {
        const c = document.querySelector('.opdhub-graph__sketch');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""")
    assert painted > 1000  # nodes and edges on the canvas
    assert not any("cytoscape" in url for url in asked)
    page.hover("[data-opdhub-graph-canvas]")
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-ready]")
    assert any("cytoscape" in url for url in asked)
    page.wait_for_function("!document.querySelector('.opdhub-graph__sketch')")  # the library's own picture now
    assert page.js_errors == []


def referenced_assets_exist(site, pages):
    for path in pages:
        html = soup(site / path)
        urls = [x.get("src") or x.get("href") for x in html.select("script[src], link[href]")]
        urls += (html.select_one("[data-opdhub-scripts]") or {}).get("data-opdhub-scripts", "").split()
        for url in urls:
            if "assets/opdhub/" in url:
                assert ((site / path).parent / url).resolve().is_file(), (path, url)


def test_without_the_filter_option_listings_load_the_cards_only(tmp_path):
    root = copy_project(tmp_path / "p")
    config = (
        (root / "mkdocs.yml")
        .read_text("utf-8")
        .replace("papers_dir: papers", "papers_dir: papers\n      filter: false")
    )
    (root / "mkdocs.yml").write_text(config, "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    _, css, js = ours(soup(site / "papers" / "index.html"))
    assert own(js) == ["assets/opdhub/cards.js"] and "assets/opdhub/filter.css" in css
    assert not (site / "assets" / "opdhub" / "vendor" / "minisearch").exists()
    referenced_assets_exist(site, ["index.html", "papers/index.html", "graph/index.html"])


def test_every_asset_a_page_names_is_in_the_site(opd_site):
    papers = sorted(p.name for p in (opd_site / "papers").iterdir() if (p / "index.html").is_file())
    referenced_assets_exist(
        opd_site,
        [
            "index.html",
            "papers/index.html",
            "graph/index.html",
            "trends/index.html",
            "chapters/4/index.html",
            f"papers/{papers[0]}/index.html",
        ],
    )
