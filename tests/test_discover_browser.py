"""The Graph and Trends pages in a real Chromium (Playwright) on the strict-built OPDHub site:
a click on a node opens its paper's page, the facet filter (same URL state as the listings)
narrows the graph, search highlights, the charts' tables give their numbers, dark mode, phones."""

from __future__ import annotations

import json
from collections import Counter

import pytest

pytestmark = pytest.mark.browser

GRAPH_READY = "[data-opdhub-graph][data-opdhub-ready]"
FILTER_READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"


def open_graph(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]", timeout=30000)  # the sketch
    page.hover("[data-opdhub-graph-canvas]")  # the first move over the graph brings the library in
    page.wait_for_selector(GRAPH_READY, timeout=30000)
    page.wait_for_selector(FILTER_READY)
    return page


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is on the screen (page coordinates), centred in view first."""
    return tuple(
        page.evaluate(
            """(id) => {
        const cy = window.opdhubGraph, node = cy.getElementById(id);
        cy.container().scrollIntoView({block: "center"});
        cy.zoom(2); cy.center(node);
        const box = cy.container().getBoundingClientRect(), at = node.renderedPosition();
        return [box.left + at.x, box.top + at.y];
    }""",
            node_id,
        )
    )


def papers(opd_site) -> list[dict]:
    return json.loads((opd_site / "papers.json").read_text("utf-8"))["papers"]


def test_clicking_a_node_opens_its_paper_page(page, site_url, opd_site):
    open_graph(page, site_url + "graph/")
    target = papers(opd_site)[3]
    x, y = node_point(page, target["id"])
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)  # a pointer moving onto the node, as a hand would
    page.wait_for_selector(f'[data-opdhub-tip="{target["id"]}"]')  # hover shows the title
    assert page.inner_text("[data-opdhub-graph-tip]") == target["title"]
    page.mouse.click(x, y)
    page.wait_for_url(site_url + f"papers/{target['id']}/")
    assert page.inner_text("h1").strip().endswith(target["title"])
    assert page.js_errors == []


def test_the_facet_filter_narrows_the_graph_with_the_listings_url_state(page, site_url, opd_site):
    records = papers(opd_site)
    open_graph(page, site_url + "graph/")
    total = len(records)
    assert page.get_attribute(GRAPH_READY, "data-opdhub-shown") == str(total)
    page.check('[data-opdhub-filter] input[name="chapter"][value="5"]')
    expected = sum(1 for r in records if r["chapter"] == "5")
    page.wait_for_selector(f'[data-opdhub-graph][data-opdhub-shown="{expected}"]')
    page.wait_for_function("location.search === '?chapter=5'")
    hidden = page.evaluate("window.opdhubGraph.nodes('.outside').map(n => n.id())")
    assert set(hidden) == {r["id"] for r in records if r["chapter"] != "5"}
    # the same URL on the All papers page shows the same papers, and the graph page reads it back
    open_graph(page, site_url + "graph/?chapter=5&has_code=yes")
    both = sum(1 for r in records if r["chapter"] == "5" and r["code"])
    page.wait_for_selector(f'[data-opdhub-graph][data-opdhub-shown="{both}"]')
    assert page.js_errors == []


def test_colour_by_a_facet_and_search_to_highlight(page, site_url, opd_site):
    records = papers(opd_site)
    open_graph(page, site_url + "graph/")

    def colours():
        return page.evaluate("Object.fromEntries(window.opdhubGraph.nodes().map(n => [n.id(), n.data('colour')]))")

    by_chapter = colours()
    page.select_option("[data-opdhub-graph-colour]", "mechanism")
    by_mechanism = colours()
    groups = {}
    for r in records:
        groups.setdefault(r["mechanism"], set()).add(by_mechanism[r["id"]])
    assert all(len(c) == 1 for c in groups.values())  # one colour per mechanism
    assert by_chapter != by_mechanism
    assert "Direct OPD" in page.inner_text("[data-opdhub-graph-legend]")
    target = records[10]
    page.fill("[data-opdhub-graph-search]", target["title"])
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-found]")
    found = page.evaluate("window.opdhubGraph.nodes('.found').map(n => n.id())")
    assert target["id"] in found
    page.focus("[data-opdhub-graph-found] a")  # keyboard: a found paper's title shows on focus
    page.wait_for_selector("[data-opdhub-graph-tip]:not([hidden])")
    assert page.inner_text("[data-opdhub-graph-tip]") == page.inner_text("[data-opdhub-graph-found] a")


def test_trends_tables_give_the_numbers_of_the_charts(page, site_url, opd_site):
    records = papers(opd_site)
    page.goto(site_url + "trends/")
    figure = page.locator('figure[data-opdhub-chart="share"]')
    figure.locator("summary").click()
    rows = figure.locator("tbody tr")
    assert rows.first.is_visible()
    by_year = Counter(str(r["year"]) for r in records)
    code = Counter(str(r["year"]) for r in records if r["code"])
    shown = [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()] for i in range(rows.count())]
    assert [row[:3] for row in shown] == [[y, str(code[y]), str(by_year[y])] for y in sorted(by_year)]
    svg = figure.locator("svg")
    assert svg.get_attribute("role") == "img"
    assert page.evaluate(
        "(id) => document.getElementById(id).textContent", svg.get_attribute("aria-labelledby").split()[1]
    ).startswith("Bars:")


def test_charts_follow_the_dark_palette(browser, site_url):
    fills = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(site_url + "trends/")
        fills[scheme] = tab.evaluate("""() => {
            const rect = document.querySelector('figure[data-opdhub-chart="months"] rect.opdhub-series-0');
            const label = document.querySelector('figure[data-opdhub-chart="months"] .opdhub-chart__label');
            return [getComputedStyle(rect).fill, getComputedStyle(label).fill];
        }""")
        context.close()
    assert fills["light"][0] != fills["dark"][0]
    assert fills["light"][1] != fills["dark"][1]  # labels are currentColor: dark text on light, light on dark


def test_graph_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    open_graph(tab, site_url + "graph/")
    width = tab.evaluate("document.querySelector('[data-opdhub-graph-canvas]').getBoundingClientRect().width")
    assert 200 < width <= 375
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_without_javascript_the_graph_page_lists_the_relations(browser, site_url, opd_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "graph/")
    assert tab.locator("[data-opdhub-graph-canvas]").is_hidden()
    items = tab.locator(".opdhub-graph__list li")
    assert items.count() > 10 and items.first.is_visible()
    href = items.first.locator("a").first.get_attribute("href")
    assert href.startswith("../papers/")
    context.close()
