"""The reading experience in a real Chromium: ranked search, results first, accessibility (axe-core),
links that land, the academic look and the details in place. One section per part of the issue.

axe-core is the npm package installed by ``npm ci`` (dev.sh does it); it is injected into each page.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from conftest import REPO, copy_project, mkdocs_build, require, serve, write_paper

pytestmark = pytest.mark.browser

READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
GKD = "2306.13649"  # "On-Policy Distillation of Language Models" (Agarwal et al.), in the real list


def open_page(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY)
    return page


def visible_ids(page) -> list[str]:
    return page.evaluate("""() => {
        const seen = new Set(), out = [];
        for (const card of document.querySelectorAll('[data-opdhub-listing="1"] [data-paper-id]')) {
            if (card.closest("[hidden]") || !card.getClientRects().length) continue;
            if (!seen.has(card.dataset.paperId)) { seen.add(card.dataset.paperId); out.push(card.dataset.paperId); }
        }
        return out;
    }""")


@pytest.fixture(scope="module")
def records(opd_site) -> dict:
    return {r["id"]: r for r in json.loads((opd_site / "papers.json").read_text("utf-8"))["papers"]}


# -- 1. fuzzy, ranked search ------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["distilation", "knowlege distillation", "Sequense-Level Knowlege"])
def test_typos_still_find_papers_ranked_by_title(page, site_url, records, q):
    open_page(page, site_url + "papers/")
    page.fill('input[name="q"]', q)
    page.wait_for_selector(READY)
    ids = visible_ids(page)
    assert ids, q
    if q.startswith("Sequense"):
        assert ids[0] == "1606.07947"  # "Sequence-Level Knowledge Distillation" first
    if q == "knowlege distillation":
        assert all(
            "knowledge" in (records[i]["title"] + " " + (records[i].get("summary") or "")).lower()
            or "distill" in records[i]["title"].lower()
            for i in ids
        )
    assert page.input_value('select[name="sort"]') == "relevance"  # the sort control says so
    assert page.is_enabled('select[name="sort"] option[value="relevance"]')
    assert page.js_errors == []


@pytest.mark.parametrize(
    "q", ["arXiv:2306.13649", "2306.13649v2", "https://arxiv.org/abs/2306.13649v1", "arxiv.org/pdf/2306.13649.pdf"]
)
def test_arxiv_ids_and_urls_find_that_paper(page, site_url, q):
    open_page(page, site_url + "papers/")
    page.fill('input[name="q"]', q)
    page.wait_for_selector(READY)
    assert visible_ids(page) == [GKD]
    assert page.text_content("[data-opdhub-count]") == "1 of 305 papers"


def test_relevance_combines_with_facets_and_an_explicit_sort_stays(page, site_url, records):
    open_page(page, site_url + "papers/?q=distillation")
    assert page.input_value('select[name="sort"]') == "relevance"
    all_hits = set(visible_ids(page))
    page.check('input[name="has_code"][value="yes"]')
    page.wait_for_selector(READY)
    with_code = visible_ids(page)
    assert set(with_code) == {i for i in all_hits if records[i]["has_code"] == "yes"}
    # the chip's count says how many papers the other choice would show, search applied
    count = int(page.text_content('label:has(input[name="has_code"][value="no"]) [data-opdhub-value-count]'))
    assert count == len(all_hits) - len(with_code)
    page.select_option('select[name="sort"]', "oldest")
    page.wait_for_function("location.search.includes('sort=oldest')")
    dates = [records[i]["date"] or str(records[i]["year"]) for i in visible_ids(page)]
    assert dates == sorted(dates)
    page.fill('input[name="q"]', "")
    page.wait_for_selector(READY)
    assert page.input_value('select[name="sort"]') == "oldest"
    assert page.is_disabled('select[name="sort"] option[value="relevance"]')


# -- 2. results first -----------------------------------------------------------------------------------
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 812}])
def test_first_result_is_on_the_first_screen_and_nothing_shifts(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script("""
        window.__shifts = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
            .observe({ type: "layout-shift", buffered: true });
    """)
    page.goto(site_url + "papers/")
    page.wait_for_selector(READY)
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(600)
    top = page.evaluate("document.querySelector('[data-paper-id]').getBoundingClientRect()")
    assert top["top"] + 40 < viewport["height"], top  # the first card's title is on screen
    cls = page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)")
    print(f"CLS at {viewport['width']} px: {cls:.4f}; first card at y = {top['top']:.0f}")
    assert cls <= 0.02
    context.close()


def test_values_no_paper_has_are_left_out_and_emptied_ones_dimmed(page, site_url, opd_site):
    open_page(page, site_url + "mechanism/hybrid-opd/")
    # on a page of one mechanism, no loss value without papers of that mechanism is offered
    offered = page.eval_on_selector_all('input[name="loss"]', "boxes => boxes.map(b => b.value)")
    counts = page.eval_on_selector_all(
        'input[name="loss"]',
        "boxes => boxes.map(b => Number(b.closest('label').querySelector('[data-opdhub-value-count]').textContent))",
    )
    assert offered and all(counts), (offered, counts)
    open_page(page, site_url + "papers/")
    assert page.locator('input[name="mechanism"][value="offline_distillation"]').count() == 0  # no paper has it
    page.check('input[name="year"][value="2026"]')
    page.wait_for_selector(READY)
    dimmed = page.eval_on_selector_all(
        "[data-opdhub-facet] input:disabled",
        "boxes => boxes.map(b => [b.name, b.value, getComputedStyle(b.closest('label')).opacity])",
    )
    assert dimmed and all(float(o) < 1 for _, _, o in dimmed)


def test_an_empty_category_page_says_so_once(page, site_url):
    page.goto(site_url + "mechanism/offline-distillation/")  # "Offline comparator": no paper in the list
    text = page.inner_text("article")
    assert text.count("No papers yet.") == 1 and "0 papers" not in text and "No paper matches" not in text
    assert page.locator("[data-opdhub-filter], [data-opdhub-value-count]").count() == 0


def test_an_empty_listing_says_so_once(tmp_path, browser):
    project = copy_project(tmp_path / "p")
    (project / "docs" / "empty.md").write_text(
        "# Empty\n\n<!-- opdhub papers mechanism=interactive_imitation chapter=9 filter=yes -->\n", "utf-8"
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    base, server = serve(project / "site")
    try:
        page = browser.new_page()
        page.goto(base + "empty/")
        page.wait_for_load_state("networkidle")
        text = page.inner_text("article")
        assert text.count("No papers") == 1 and "No paper matches" not in text
        assert page.locator("[data-opdhub-filter]").count() == 0
        assert page.locator("[data-opdhub-value-count]").count() == 0
        page.close()
    finally:
        server.shutdown()


# -- 3. accessibility ---------------------------------------------------------------------------------------
PAGE_KINDS = {
    "home": "",
    "chapter": "chapters/4/",
    "all papers": "papers/",
    "value page": "mechanism/direct-opd/",
    "paper page": None,
}


def paper_page(opd_site) -> str | None:
    """A paper's own page, where the site has them (papers/<id>/)."""
    for folder in sorted((opd_site / "papers").glob("*/index.html")):
        return folder.parent.relative_to(opd_site).as_posix() + "/"
    return None


WCAG21 = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}


def axe_violations(page, run_only: dict = WCAG21) -> tuple[list, list]:
    """(violations in the plugin's markup, the others) of axe's rules (WCAG 2.1 A/AA unless
    ``run_only`` names others), node by node."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (runOnly) => {
        const result = await axe.run(document, { runOnly });
        const out = [];
        for (const v of result.violations) for (const node of v.nodes) {
            const el = document.querySelector(node.target[0]);
            const ours = Boolean(el && el.closest('[class*="opdhub-"]:not(html), [data-opdhub-filter], [data-paper-id], [data-opdhub-group]'));
            out.push({ rule: v.id, ours, target: node.target.join(" "), summary: node.failureSummary });
        }
        return out;
    }""",
        run_only,
    )
    return [v for v in found if v["ours"]], [v for v in found if not v["ours"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_plugins_markup(browser, site_url, opd_site, scheme):
    require(AXE.exists(), "axe-core (node_modules/)", "run `npm ci`")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    report = {}
    kinds = dict(PAGE_KINDS, **{"paper page": paper_page(opd_site)})
    for kind, path in kinds.items():
        if path is None:
            continue
        page.goto(site_url + path)
        if page.locator("[data-opdhub-filter]").count():
            page.wait_for_selector(READY)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default"
        )
        ours, others = axe_violations(page)
        report[kind] = (len(ours), len(others))
        assert ours == [], (kind, ours[:5])
    print(f"axe ({scheme}): " + ", ".join(f"{k}: {o} plugin / {t} theme" for k, (o, t) in report.items()))
    context.close()


def test_card_targets_are_24px_apart_on_a_phone(browser, site_url):
    """WCAG 2.2's target size (axe's rule, Lighthouse's audit) on a phone-sized screen, where the
    cards are tallest: off-screen cards, not yet laid out, must not spill onto the next one (their
    links would lie under the next card's title)."""
    require(AXE.exists(), "axe-core (node_modules/)", "run `npm ci`")
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for kind, path in PAGE_KINDS.items():
        if path is None:
            continue
        page.goto(site_url + path)
        if page.locator("[data-opdhub-filter]").count():
            page.wait_for_selector(READY)
        # a listing without a filter (the home page's) is filled when the reader comes near it
        page.locator("[data-paper-id]").first.scroll_into_view_if_needed()
        page.wait_for_function("""() => document.querySelector('[data-paper-id][data-opdhub-filled]')
            && !document.querySelector('[data-paper-id]:not([data-opdhub-filled])')""")
        ours, others = axe_violations(page, {"type": "rule", "values": ["target-size"]})
        assert ours == others == [], (kind, (ours + others)[:3])
    context.close()


def test_no_text_below_12px(page, site_url):
    for path in ("", "papers/", "chapters/4/"):
        page.goto(site_url + path)
        small = page.evaluate("""() => Array.from(document.querySelectorAll('[class*="opdhub-"]')).filter(el =>
            el.getClientRects().length && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())
            && parseFloat(getComputedStyle(el).fontSize) < 12).map(el => el.className + " " + getComputedStyle(el).fontSize)""")
        assert small == [], (path, small[:5])


def test_keyboard_tab_stops_roving_facets_enter_and_space_toggle(page, site_url):
    open_page(page, site_url + "papers/")
    page.focus('input[name="q"]')
    stops = 0
    for _ in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("Boolean(document.activeElement.closest('[data-paper-id]'))"):
            break
        # every stop shows where the focus is
        outline = page.evaluate("""() => { const el = document.activeElement;
            const s = getComputedStyle(el.type === 'checkbox' ? el.closest('label') : el);
            return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 }""")
        assert outline, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    print(f"Tab stops from the search box to the first result: {stops}")
    # one stop per facet (arrows move inside it), and at most five for the rest of the filter
    assert stops <= 5 + page.locator("[data-opdhub-facet]").count()
    # arrows move inside a facet, Enter and Space toggle
    page.focus('input[name="mechanism"]')
    first = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowRight")
    second = page.evaluate("document.activeElement.value")
    assert second != first and page.evaluate("document.activeElement.name") == "mechanism"
    page.keyboard.press("Enter")
    page.wait_for_selector(READY)
    assert page.is_checked(f'input[name="mechanism"][value="{second}"]')
    page.keyboard.press(" ")
    page.wait_for_selector(READY)
    assert not page.is_checked(f'input[name="mechanism"][value="{second}"]')
    tabbable = page.eval_on_selector_all(
        '[data-opdhub-facet="mechanism"] input', "boxes => boxes.filter(b => b.tabIndex === 0).length"
    )
    assert tabbable == 1
    # the skip link goes to the results
    page.focus('input[name="q"]')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-opdhub-skip')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("Boolean(document.activeElement.closest('[data-paper-id]'))")
    assert page.js_errors == []


# -- 4. links that land -------------------------------------------------------------------------------------
def test_links_to_a_paper_put_it_at_the_top_every_time(browser, site_url, records):
    ids = list(records)[150:155]
    for n, paper_id in enumerate(ids):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        anchor = f"paper:{paper_id}" if n % 2 == 0 else paper_id  # the card's anchor, and older links
        page.goto(f"{site_url}papers/#{anchor}")
        page.wait_for_selector(READY)
        page.wait_for_timeout(400)
        top = page.evaluate(f"document.querySelector('[data-paper-id=\"{paper_id}\"]').getBoundingClientRect().top")
        header = page.evaluate("(document.querySelector('.md-header') || {offsetHeight: 0}).offsetHeight")
        assert header <= top <= header + 100, (paper_id, top)
        context.close()


def test_a_link_to_a_paper_the_filter_hides_says_so_and_shows_it(page, site_url, records):
    hidden = next(i for i, r in records.items() if r["has_code"] == "no")
    open_page(page, f"{site_url}papers/?has_code=yes#{hidden}")
    notice = page.wait_for_selector(".opdhub-filter__notice:not([hidden])")
    assert "hides" in notice.inner_text()
    page.click(".opdhub-filter__notice button")
    page.wait_for_selector(READY)
    page.wait_for_timeout(300)
    assert "has_code" not in urlsplit(page.url).query
    top = page.evaluate(f"document.querySelector('[data-paper-id=\"{hidden}\"]').getBoundingClientRect().top")
    assert 0 <= top <= 160


# -- 5. the academic look, served from the site --------------------------------------------------------------
def test_fonts_come_from_the_site_and_pages_use_them(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on(
        "request", lambda r: hosts.add(urlsplit(r.url).netloc) if r.resource_type in ("font", "stylesheet") else None
    )
    page.goto(site_url)
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(site_url).netloc}, hosts  # no font host: fonts and their CSS come from the site
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert family.startswith('"EB Garamond"')
    code = page.evaluate("getComputedStyle(document.querySelector('.opdhub-citation code')).fontFamily")
    assert code.startswith("Inconsolata")
    assert page.evaluate("document.fonts.check('16px \"EB Garamond\"')")
    loaded = page.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("EB Garamond" in f for f in loaded)
    context.close()


def test_home_hero_and_chapter_intro(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url)
    hero = page.locator(".opdhub-hero")
    assert "A Survey of On-Policy Distillation" in hero.locator("h1").inner_text()
    assert "Mingyang Song" in hero.inner_text()
    links = hero.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert "https://arxiv.org/abs/2604.00626" in links and "https://arxiv.org/pdf/2604.00626" in links
    assert any(link.endswith("/papers/") for link in links)
    assert re.search(r"305\s+papers", hero.inner_text())
    page.click('[data-opdhub-copy="opdhub-survey-bibtex"]')
    page.wait_for_function(
        "document.querySelector('[data-opdhub-copy=\"opdhub-survey-bibtex\"]').textContent === 'Copied'"
    )
    assert page.evaluate("navigator.clipboard.readText()").startswith("@article{song2026survey")
    page.goto(site_url + "chapters/4/")
    intro = page.locator(".opdhub-intro")
    assert "divergence" in intro.inner_text()
    assert page.evaluate(
        "document.querySelector('.opdhub-intro').compareDocumentPosition(document.querySelector('[data-opdhub-filter]')) & 4"
    )
    context.close()


def test_print_has_no_controls_urls_printed_cards_unbroken(page, site_url):
    open_page(page, site_url + "papers/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('[data-opdhub-filter]')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.opdhub-card__cite')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    card = "document.querySelector('.opdhub-card')"
    assert page.evaluate(f"getComputedStyle({card}).breakInside") == "avoid"
    after = page.evaluate(f"getComputedStyle({card}.querySelector('.opdhub-card__title a'), '::after').content")
    assert "http" in after or "attr(href)" in after


def test_typography_theme_keeps_the_theme_fonts(tmp_path):
    project = copy_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text("utf-8").replace("typography: academic", "typography: theme")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    assert mkdocs_build(project).returncode == 0
    html = (project / "site" / "index.html").read_text("utf-8")
    assert "academic.css" not in html and "vendor/fonts" not in html
    bad = copy_project(tmp_path / "bad")
    (bad / "mkdocs.yml").write_text(config.replace("typography: theme", "typography: fancy"), "utf-8")
    result = mkdocs_build(bad)
    assert result.returncode != 0 and "typography" in result.stderr


# -- 6. details in place ---------------------------------------------------------------------------------------
def test_a_card_expands_in_place_with_the_keyboard(page, site_url, records):
    open_page(page, f"{site_url}papers/?q={GKD}")
    card = page.locator(f'[data-paper-id="{GKD}"]').first
    button = card.locator("[data-opdhub-details]")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    details = card.locator(".opdhub-card__details")
    details.wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    assert button.get_attribute("aria-controls") == details.get_attribute("id")
    text = details.inner_text()
    record = records[GKD]
    assert all(name.split(",")[0] in text for name in record["authors"])
    assert "@" in details.locator("pre").inner_text() and "arXiv:" + GKD in text
    assert page.url.endswith(f"?q={GKD}")  # still on the list
    page.keyboard.press(" ")
    assert button.get_attribute("aria-expanded") == "false" and details.is_hidden()


def test_details_show_contributor_text_as_text(tmp_path, browser):
    project = copy_project(tmp_path / "p")
    write_paper(
        project / "papers",
        "zz-evil",
        title="Evil <img src=x onerror=alert(1)>",
        summary="<script>window.__pwned = 1</script> and **bold**",
        venue="<b>V</b>",
    )
    assert mkdocs_build(project).returncode == 0
    base, server = serve(project / "site")
    try:
        page = browser.new_page()
        page.goto(base + "papers/?q=evil")
        page.wait_for_selector(READY)
        page.click('[data-paper-id="zz-evil"] [data-opdhub-details]')
        details = page.locator('[data-paper-id="zz-evil"] .opdhub-card__details')
        details.wait_for()
        assert "<script>" in details.inner_text() and "<b>V</b>" in details.inner_text()
        assert details.locator("script, b, img").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.close()
    finally:
        server.shutdown()
