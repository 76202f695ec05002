"""The facet filter, Cite and Export in a real Chromium (Playwright), on the strict-built OPDHub site.

What the browser shows is checked against an independent computation in Python from the site's
own papers.json: OR within a facet, AND across facets and with the search words; disjunctive
counts (a value's count applies every other facet, not its own).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import REPO, copy_project, mkdocs_build, serve, write_paper
from playwright.sync_api import expect

from mkdocs_opdhub.model.catalog import sort_papers
from mkdocs_opdhub.project import Options, open_project

pytestmark = pytest.mark.browser

READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"
LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


# -- the expected view, computed in Python ------------------------------------------------------------
def fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).lower()
    return "".join(LETTERS.get(c, c) for c in text)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def doc_words(record: dict, _memo: dict = {}) -> set[str]:  # noqa: B006 (a deliberate memo)
    """The words the search matches against: title, authors, ids, tags, venue, summary, abstract."""
    key = json.dumps(record, sort_keys=True)
    if key not in _memo:
        raw = {**record, **(record.get("raw") or {})}
        parts = [raw.get(k) for k in ("title", "id", "arxiv", "doi", "venue", "summary", "abstract")]
        parts += list(record.get("authors") or []) + list(raw.get("tags") or [])
        _memo[key] = set(words(" ".join(str(p) for p in parts if p)))
    return _memo[key]


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def as_typed(term: str, vocabulary: set[str]) -> bool:
    """A search word as typed matches a paper's word exactly or, from 3 letters on, as its start."""
    return term in vocabulary or (len(term) >= 3 and any(w.startswith(term) for w in vocabulary))


def within_edits(term: str, vocabulary: set[str]) -> bool:
    """A mistyped word matches within 1 edit (4-7 letters) or 2 (8 or more)."""
    allowed = 0 if len(term) <= 3 else 1 if len(term) <= 7 else 2
    return any(abs(len(w) - len(term)) <= allowed and edit_distance(term, w) <= allowed for w in vocabulary)


def search(records: list[dict], q: str) -> set[str]:
    """The papers a search finds, stated independently of the filter's code: every word must match
    as typed; when no paper matches so, each word that matches no paper as typed may be mistyped."""
    tokens = list(dict.fromkeys(words(q)))
    found = {r["id"] for r in records if all(as_typed(t, doc_words(r)) for t in tokens)}
    if found or not tokens:
        return found
    mistyped = {t for t in tokens if not any(as_typed(t, doc_words(r)) for r in records)}
    return {
        r["id"]
        for r in records
        if all(as_typed(t, doc_words(r)) or (t in mistyped and within_edits(t, doc_words(r))) for t in tokens)
    }


def paper_values(record: dict, field: str) -> set[str]:
    value = record.get(field)
    values = set(value) if isinstance(value, list) else {str(value)}
    if field == "chapter" and record.get("section"):
        values.add(record["section"])  # the OPD taxonomy has no nested sections
    return values


def expected(records: list[dict], filters: dict[str, list[str]], q: str = "") -> tuple[set[str], dict]:
    """(ids shown, {(param, value): count}) for a view; params are facet fields (section is the chapter facet)."""
    facet_of = lambda param: "chapter" if param == "section" else param  # noqa: E731
    by_facet: dict[str, set[str]] = {}
    for param, ids in filters.items():
        by_facet.setdefault(facet_of(param), set()).update(ids)
    found = search(records, q)

    def passes(record, skip=None):
        return record["id"] in found and all(paper_values(record, f) & ids for f, ids in by_facet.items() if f != skip)

    shown = {r["id"] for r in records if passes(r)}
    return shown, lambda param, value: sum(
        1 for r in records if passes(r, facet_of(param)) and value in paper_values(r, facet_of(param))
    )


# -- helpers ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def data(opd_site) -> dict:
    return json.loads((opd_site / "papers.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def records(data) -> list[dict]:
    return data["papers"]


def open_page(page, url: str):
    page.goto(url, wait_until="domcontentloaded")  # the filter's own readiness is what counts
    page.wait_for_selector(READY)
    unfold(page)
    return page


def unfold(page):
    """Show every facet's folded values and the year range (compact rows keep them behind "more"),
    so a test can click any of them."""
    page.evaluate(
        """() => document.querySelectorAll('[data-opdhub-more][aria-expanded="false"]').forEach(b => b.click())"""
    )


def export(page, fmt: str):
    """Click an export format (behind the one "Export" button)."""
    page.evaluate("document.querySelectorAll('.opdhub-filter__export').forEach(d => { d.open = true; })")
    page.click(f'[data-opdhub-export="{fmt}"]')


def visible_ids(page, listing: str = "1") -> list[str]:
    """Ids of the cards a reader sees (in page order, once each)."""
    return page.evaluate(
        """(listing) => {
        const seen = new Set(), out = [];
        for (const card of document.querySelectorAll(`[data-opdhub-listing="${listing}"] [data-paper-id]`)) {
            if (card.closest("[hidden]") || !card.getClientRects().length) continue;
            const id = card.dataset.paperId;
            if (!seen.has(id)) { seen.add(id); out.push(id); }
        }
        return out;
    }""",
        listing,
    )


def shown_counts(page) -> dict[tuple[str, str], tuple[int, bool]]:
    return {
        (c["name"], c["value"]): (c["count"], c["disabled"])
        for c in page.evaluate("""() =>
        Array.from(document.querySelectorAll('[data-opdhub-filter] input[type=checkbox]')).map(input => ({
            name: input.name, value: input.value, disabled: input.disabled,
            count: Number(input.closest('label').querySelector('[data-opdhub-value-count]').textContent)}))""")
    }


def check_view(page, records, filters, q="", total=305):
    page.wait_for_selector(READY)  # cards and URL written
    shown, count = expected(records, filters, q)
    assert set(visible_ids(page)) == shown
    assert page.text_content("[data-opdhub-count]") == f"{len(shown)} of {total} papers"
    for (param, value), (number, disabled) in shown_counts(page).items():
        want = count(param, value)
        assert number == want, (param, value, filters, q)
        checked = value in filters.get(param, [])
        assert disabled == (want == 0 and not checked), (param, value)
    return shown


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def local_sitemap(page, site: Path, base: str):
    """Serve the sitemap as if the site were deployed at ``base``: Material's instant navigation
    only intercepts links to the pages its sitemap lists, under the configured site_url."""
    text = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    root = os.path.commonprefix(locs)
    root = root[: root.rfind("/") + 1]
    page.route(
        "**/sitemap.xml", lambda route: route.fulfill(body=text.replace(root, base), content_type="application/xml")
    )


def url_filters(page, records) -> dict[str, list[str]]:
    """The facet filters in the page's URL, year runs (``2023-2025``) expanded."""
    years = sorted({r["year"] for r in records})
    out = {}
    for name, (value,) in query(page).items():
        if name in ("q", "sort"):
            continue
        ids = []
        for token in value.split(","):
            if name == "year" and "-" in token:
                low, high = token.split("-")
                ids += [y for y in years if low <= y <= high]
            else:
                ids.append(token)
        out[name] = sorted(ids)
    return out


# -- facets, counts and search ----------------------------------------------------------------------
def test_listing_store_is_preloaded_and_fetched_once(page, site_url):
    """The head preloads the listing store and the filter's fetch takes that response: one
    download, started while the page is parsed."""
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if "preload" in m.text else None)
    open_page(page, site_url + "papers/")
    assert page.locator('head link[rel="preload"][as="fetch"][href$="/opdhub-data/cards.json"]').count() == 1
    loads = (
        "() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('/opdhub-data/cards.json')).length"
    )
    assert page.evaluate(loads) == 1
    page.wait_for_timeout(500)
    assert warnings == [] and page.js_errors == []  # Chromium warns of a preload left unused


def test_random_facet_combinations_match_python(page, site_url, records):
    """Several random views, set through the URL and by clicking, against papers.json."""
    rng = random.Random(305)
    open_page(page, site_url + "papers/")
    offered = {}
    for name, value in shown_counts(page):
        offered.setdefault(name, []).append(value)
    assert set(offered) == {
        "chapter",
        "mechanism",
        "domain",
        "signal",
        "student_size",
        "loss",
        "rollout_frequency",
        "year",
        "has_code",
    }
    check_view(page, records, {})
    for round_ in range(8):
        fields = rng.sample(sorted(offered), rng.randint(1, 3))
        filters = {f: sorted(rng.sample(offered[f], rng.randint(1, min(2, len(offered[f]))))) for f in fields}
        q = rng.choice(["", "", "distillation", "policy learning"])
        if round_ % 2 == 0:
            params = "&".join(
                f"{f}={quote(','.join(v), safe=',')}" for f, v in filters.items()
            )  # KL+RL: %2B + (f"&q={q.replace(' ', '+')}" if q else "")
            open_page(page, f"{site_url}papers/?{params}")
        else:
            open_page(page, site_url + "papers/")
            for field, values in filters.items():
                for value in values:
                    box = page.locator(f'input[name="{field}"][value="{value}"]')
                    if box.is_enabled():
                        box.check()
                    else:  # a value with no paper in the current view cannot be picked
                        filters[field] = [v for v in filters[field] if v != value]
            filters = {k: v for k, v in filters.items() if v}
            if q:
                page.fill('input[name="q"]', q)
        check_view(page, records, filters, q)
        assert url_filters(page, records) == filters
        assert query(page).get("q", [""]) == [q]
    assert page.js_errors == []


def test_search_is_accent_and_case_insensitive_and_combines_with_facets(page, site_url, records):
    open_page(page, site_url + "papers/")
    page.fill('input[name="q"]', "SELF distill")
    check_view(page, records, {}, "SELF distill")
    assert query(page)["q"] == ["SELF distill"] and "q=SELF+distill" in page.url
    page.check('input[name="has_code"][value="yes"]')
    shown = check_view(page, records, {"has_code": ["yes"]}, "SELF distill")
    assert shown  # the combination is not trivially empty
    # accents: an author with an accented name is found without the accent
    accented = next(r for r in records if any(ch in "".join(r["authors"]) for ch in "éöüçńć"))
    name = next(a for a in accented["authors"] if any(ch in a for ch in "éöüçńć")).split(",")[0]
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    page.click("[data-opdhub-filter] [data-opdhub-clear]")
    page.fill('input[name="q"]', plain.upper())
    assert accented["id"] in visible_ids(page)
    check_view(page, records, {}, plain.upper())
    # Material's keyboard shortcuts do not fire while typing in the filter ("s" and "/" open its search)
    page.fill('input[name="q"]', "")
    page.locator('input[name="q"]').press_sequentially("s/f")
    assert page.is_checked('[data-md-toggle="search"]') is False
    assert page.input_value('input[name="q"]') == "s/f"


def test_year_range_and_multi_select(page, site_url, records):
    open_page(page, site_url + "papers/?year=2023-2025")
    years = ["2023", "2024", "2025"]
    check_view(page, records, {"year": years})
    assert page.input_value("[data-opdhub-year-from]") == "2023" and page.input_value("[data-opdhub-year-to]") == "2025"
    page.uncheck('input[name="year"][value="2024"]')
    check_view(page, records, {"year": ["2023", "2025"]})
    assert query(page)["year"] == ["2023,2025"]
    page.select_option("[data-opdhub-year-from]", "2016")
    page.select_option("[data-opdhub-year-to]", "2022")
    in_range = sorted({r["year"] for r in records if 2016 <= int(r["year"]) <= 2022})
    check_view(page, records, {"year": in_range})
    assert query(page)["year"] == [f"{in_range[0]}-{in_range[-1]}"]


# -- URL state, history, clear all, sort ---------------------------------------------------------------
def test_url_round_trip_reload_and_back_button(page, site_url, records):
    url = f"{site_url}papers/?mechanism=direct_opd,hybrid_opd&year=2025-2026&q=self+distillation&sort=oldest"
    open_page(page, url)
    filters = {"mechanism": ["direct_opd", "hybrid_opd"], "year": ["2025", "2026"]}
    shown = check_view(page, records, filters, "self distillation")
    assert shown
    assert page.input_value('input[name="q"]') == "self distillation"
    assert page.input_value('select[name="sort"]') == "oldest"
    assert page.is_checked('input[name="mechanism"][value="hybrid_opd"]')
    assert page.is_checked('[data-md-toggle="search"]') is False  # Material's own ?q= search stays closed
    assert page.url == url
    page.reload()
    page.wait_for_selector(READY)
    assert page.url == url and set(visible_ids(page)) == shown
    # each change is a step back in history
    page.uncheck('input[name="mechanism"][value="direct_opd"]')
    page.check('input[name="has_code"][value="yes"]')
    check_view(
        page, records, {"mechanism": ["hybrid_opd"], "year": ["2025", "2026"], "has_code": ["yes"]}, "self distillation"
    )
    page.go_back()
    page.wait_for_function("!location.search.includes('has_code')")
    check_view(page, records, {"mechanism": ["hybrid_opd"], "year": ["2025", "2026"]}, "self distillation")
    page.go_back()
    page.wait_for_function("location.search.includes('direct_opd')")
    check_view(page, records, filters, "self distillation")
    assert page.url == url
    page.go_forward()
    page.wait_for_function("!location.search.includes('direct_opd')")
    check_view(page, records, {"mechanism": ["hybrid_opd"], "year": ["2025", "2026"]}, "self distillation")
    assert page.js_errors == []


def test_clear_all_chips_and_empty_state(page, site_url, records):
    open_page(page, site_url + "papers/?mechanism=analysis&loss=FKL&q=zzzz-no-such-paper")
    assert visible_ids(page) == []
    assert page.is_visible("[data-opdhub-empty]")
    assert page.text_content("[data-opdhub-count]") == "0 of 305 papers"
    chips = page.locator("[data-opdhub-active] button")
    assert chips.count() == 3
    assert "Mechanism: Analysis" in chips.first.text_content()
    # removing one chip removes that filter only
    page.click('[data-opdhub-active] button[data-param="q"]')
    check_view(page, records, {"mechanism": ["analysis"], "loss": ["FKL"]})
    assert "q" not in query(page)
    page.click('[data-opdhub-active] button[data-param="loss"]')
    check_view(page, records, {"mechanism": ["analysis"]})
    page.fill('input[name="q"]', "zzzz-no-such-paper")
    page.click("[data-opdhub-empty] [data-opdhub-clear]")
    check_view(page, records, {})
    assert urlsplit(page.url).query == ""
    assert page.is_hidden("[data-opdhub-empty]") and page.is_hidden(".opdhub-filter__clear")
    assert page.evaluate("document.activeElement.name") == "q"


def test_sort_orders_are_the_builds(page, site_url):
    project = open_project(REPO, Options())
    papers = project.load_papers().papers
    open_page(page, site_url + "papers/?chapter=5")
    chapter5 = [p for p in papers if p.chapter == "5"]
    for order in ("title", "oldest", "added", "newest"):
        page.select_option('select[name="sort"]', order)
        page.wait_for_selector(READY)
        assert visible_ids(page) == [p.id for p in sort_papers(chapter5, order)], order
        assert (query(page).get("sort") == [order]) == (order != "newest")


# -- instant navigation, scoped pages, no JavaScript ----------------------------------------------------
def test_instant_navigation_away_and_back(page, site_url, opd_site, records):
    local_sitemap(page, opd_site, site_url)
    open_page(page, site_url + "papers/")
    page.check('input[name="mechanism"][value="hybrid_opd"]')
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-nav--primary").get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(site_url)
    assert page.evaluate("window.__sameDocument") is True  # Material swapped the page in place
    # a chapter page reached instantly gets a working filter of its own
    page.locator(".md-content").get_by_role("link", name="5. Teacher and supervision construction").first.click()
    page.wait_for_url(site_url + "chapters/5/")
    page.wait_for_selector(READY)
    page.check('input[name="loss"][value="RKL"]')
    in_five = [r for r in records if r["chapter"] == "5"]
    check_view(page, in_five, {"loss": ["RKL"]}, total=len(in_five))
    page.go_back()
    page.wait_for_url(site_url + "chapters/5/")
    page.go_back()
    page.wait_for_url(site_url)
    page.go_back()
    page.wait_for_url(site_url + "papers/?mechanism=hybrid_opd")
    page.wait_for_function(
        "document.querySelector('[data-opdhub-count]') && "
        "document.querySelector('[data-opdhub-filter][data-opdhub-ready]') && "
        "document.querySelector('input[name=mechanism][value=hybrid_opd]').checked"
    )
    assert page.evaluate("window.__sameDocument") is True
    check_view(page, records, {"mechanism": ["hybrid_opd"]})
    page.check('input[name="year"][value="2026"]')  # the restored filter still responds
    check_view(page, records, {"mechanism": ["hybrid_opd"], "year": ["2026"]})
    assert page.js_errors == []


def test_chapter_page_filters_inside_the_chapter(page, site_url, records):
    open_page(page, site_url + "chapters/4/")
    in_four = [r for r in records if r["chapter"] == "4"]
    assert page.locator('[data-opdhub-filter] input[name="chapter"]').count() == 0  # the fixed facet is not offered
    check_view(page, in_four, {}, total=len(in_four))
    page.check('input[name="mechanism"][value="hybrid_opd"]')
    check_view(page, in_four, {"mechanism": ["hybrid_opd"]}, total=len(in_four))
    # groups (one per mechanism here) without a visible card disappear with their heading and TOC entry
    visible_groups = page.evaluate("""() => Array.from(document.querySelectorAll('[data-opdhub-group]'))
        .filter(g => !g.hidden).map(g => [g.dataset.opdhubGroup, !g.previousElementSibling.hidden])""")
    assert visible_groups == [["mechanism:hybrid_opd", True]]
    headings = page.evaluate("""() => Array.from(document.querySelectorAll('.md-content h2'))
        .filter(h => h.getClientRects().length).map(h => h.firstChild.textContent.trim())""")
    assert headings == ["Hybrid OPD"]
    toc = page.evaluate("""() => Array.from(document.querySelectorAll('.md-sidebar--secondary .md-nav__link'))
        .filter(a => !a.closest('[hidden]')).map(a => a.textContent.trim())""")
    assert toc == ["Hybrid OPD"]


def test_category_page_is_scoped(page, site_url, records):
    open_page(page, site_url + "loss/rkl/")
    rkl = [r for r in records if r["loss"] == "RKL"]
    assert page.locator('[data-opdhub-filter] input[name="loss"]').count() == 0
    check_view(page, rkl, {}, total=len(rkl))
    page.check('input[name="chapter"][value="5"]')
    check_view(page, rkl, {"chapter": ["5"]}, total=len(rkl))


def test_without_javascript_every_card_is_shown(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/?mechanism=analysis&q=nothing")
    assert len(visible_ids(page)) == 305
    assert page.is_hidden("[data-opdhub-filter]")
    assert page.locator("[data-opdhub-cite]:visible").count() == 0  # no dead buttons
    context.close()


def test_narrow_screen(browser, site_url, records):
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    open_page(page, site_url + "papers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    toggle = page.locator("[data-opdhub-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false" and page.is_hidden("[data-opdhub-panel]")
    toggle.click()
    page.locator('input[name="mechanism"][value="hybrid_opd"]').check()
    check_view(page, records, {"mechanism": ["hybrid_opd"]})
    assert page.text_content("[data-opdhub-active-count]") == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_keyboard_and_dark_palette(browser, site_url, records):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    open_page(page, site_url + "papers/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    luminance = page.evaluate("""() => {
        const rgb = getComputedStyle(document.querySelector('.opdhub-card')).backgroundColor.match(/[\\d.]+/g).map(Number);
        return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
    }""")
    assert luminance < 0.25
    page.focus('input[name="q"]')
    page.keyboard.press("Tab")  # to "Skip to the results"
    page.keyboard.press("Tab")  # to the sort select
    page.keyboard.press("Tab")  # to the panel toggle
    page.keyboard.press("Tab")  # to the first facet value (one Tab stop per facet)
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == ["chapter", "4"]
    outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none"  # the focused chip shows it
    page.keyboard.press("Space")
    check_view(page, records, {"chapter": ["4"]})
    context.close()


# -- Cite and Export ------------------------------------------------------------------------------------
def test_cite_copies_bibtex(browser, site_url, records):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_page(page, site_url + "papers/")
    card = page.locator('article[data-paper-id="1011.0686"]')
    card.locator("[data-opdhub-cite]").click()
    record = next(r for r in records if r["id"] == "1011.0686")
    # the listing store has no BibTeX: the entry comes from papers.json, fetched on the first Cite
    expect(card.locator("[data-opdhub-cite]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == record["bibtex"]
    assert record["bibtex"].startswith("@misc{ross2010reduction,")
    context.close()


def test_cite_falls_back_to_a_dialog_when_the_clipboard_is_refused(page, site_url, records):
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'))"
    )
    page.goto(site_url)  # the home page: a listing ("Recently added") without a filter
    card = page.locator("article[data-paper-id]").first
    paper_id = card.get_attribute("data-paper-id")
    data_file = page.locator("[data-opdhub-data]").first.get_attribute("data-opdhub-data").split("/")[-1]
    assert data_file.endswith(".json") and data_file != "papers.json"  # the listing's own data, not the whole list
    card.scroll_into_view_if_needed()  # the listing lies below the first screen: its data comes as the reader nears it
    page.wait_for_function(
        "(name) => performance.getEntriesByType('resource').some(e => e.name.endsWith(name))", arg=data_file
    )
    card.locator("[data-opdhub-cite]").click()
    dialog = page.locator("[id='opdhub:cite-dialog']")
    dialog.wait_for(state="visible")
    bibtex = next(r for r in records if r["id"] == paper_id)["bibtex"]
    assert page.input_value("[id='opdhub:cite-dialog'] textarea") == bibtex
    assert page.evaluate(
        "(() => { const a = document.activeElement; return a.tagName === 'TEXTAREA' && "
        "a.selectionStart === 0 && a.selectionEnd === a.value.length; })()"
    )
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_skip_link_lands_on_the_first_result_every_time(page, site_url):
    """ "Skip to the results" puts the keyboard on the first result shown, 30 times in a row, every
    third time right after an Export, and on a filtered view: the focus never stays behind or
    falls to <body> (Material's instant navigation must not follow the link a moment later)."""
    open_page(page, site_url + "papers/")
    first_focus = """() => {
        const card = [...document.querySelectorAll('[data-opdhub-listing="1"] [data-paper-id]')]
            .find((c) => !c.closest('[hidden]') && c.getClientRects().length);
        const active = document.activeElement;
        return {first: card.dataset.paperId, in: active.closest('[data-paper-id]')?.dataset.paperId || active.tagName,
                link: active.matches('a[href]'), hash: location.hash};
    }"""
    frames = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    for i in range(30):
        if i == 15:  # a view of some papers: its first result, not the page's first card
            page.locator('[data-opdhub-facet] input[type="checkbox"]:not(:disabled)').nth(2).check()
            page.wait_for_selector(READY)
        if i % 3 == 0:
            with page.expect_download():
                export(page, "json")
        page.focus("[data-opdhub-skip]")
        page.keyboard.press("Enter")
        page.evaluate(frames)
        where = page.evaluate(first_focus)
        assert where["in"] == where["first"] and where["link"], (i, where)
        assert where["hash"] == "", (i, where)  # no fragment navigation follows to take the focus away
    assert page.js_errors == []


def test_export_downloads_the_current_view(page, site_url, records, tmp_path):
    open_page(page, site_url + "papers/?mechanism=hybrid_opd&year=2025&sort=title")
    ids = visible_ids(page)
    assert ids and len(ids) < 305
    files = {}
    for fmt in ("bib", "csv", "json"):
        with page.expect_download() as info:
            export(page, fmt)
        download = info.value
        assert download.suggested_filename == f"papers.{fmt}"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        files[fmt] = target.read_text("utf-8")
    by_id = {r["id"]: r for r in records}
    from pybtex.database import parse_string

    bib = parse_string(files["bib"], "bibtex")
    assert len(bib.entries) == len(ids)
    assert files["bib"].strip() == "\n\n".join(by_id[i]["bibtex"].strip() for i in ids)
    rows = list(csv.DictReader(io.StringIO(files["csv"])))
    assert [row["id"] for row in rows] == ids
    assert rows[0]["title"] == by_id[ids[0]]["title"] and rows[0]["mechanism"] == "hybrid_opd"
    exported = json.loads(files["json"])
    assert [p["id"] for p in exported["papers"]] == ids and exported["count"] == len(ids)
    assert exported["papers"][0]["url"] == f"{site_url}papers/{ids[0]}/"  # the paper's own page


# -- a lean listing data file: records without their BibTeX, the full papers.json named beside it -----------
@pytest.fixture(scope="module")
def lean_site(opd_site, tmp_path_factory):
    """The OPDHub site as built: its listings read the listing store (records without
    ``bibtex``), and name the full papers.json in ``data-opdhub-full``."""
    site = opd_site
    html = (site / "papers" / "index.html").read_text("utf-8")
    assert html.count('data-opdhub-data="../opdhub-data/cards.json"') >= 2  # the filter and the card group
    assert html.count('data-opdhub-full="../papers.json"') >= 2
    assert all(
        "bibtex" not in r for r in json.loads((site / "opdhub-data" / "cards.json").read_text("utf-8"))["papers"]
    )
    base, server = serve(site)
    yield base
    server.shutdown()


def fetched(page, name: str) -> bool:
    return page.evaluate(
        "(name) => performance.getEntriesByType('resource').some(e => new URL(e.name).pathname.endsWith(name))", name
    )


def test_lean_data_loads_the_full_file_for_cite_export_and_details(browser, lean_site, records, tmp_path):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_page(page, lean_site + "papers/?mechanism=hybrid_opd&year=2025&sort=title")
    assert fetched(page, "/opdhub-data/cards.json") and not fetched(page, "/papers.json")  # the full file waits
    by_id = {r["id"]: r for r in records}
    ids = visible_ids(page)
    card = page.locator(f'article[data-paper-id="{ids[1]}"]')
    card.locator("[data-opdhub-cite]").click()
    page.wait_for_function("() => document.querySelector('.opdhub-card__cite--done')")
    assert page.evaluate("navigator.clipboard.readText()") == by_id[ids[1]]["bibtex"]
    assert fetched(page, "/papers.json")
    page.close()
    page = context.new_page()  # Export, then Details, with the full file not loaded yet
    open_page(page, lean_site + "papers/?mechanism=hybrid_opd&year=2025&sort=title")
    card = page.locator(f'article[data-paper-id="{ids[1]}"]')
    files = {}
    for fmt in ("bib", "json", "csv"):
        with page.expect_download() as info:
            export(page, fmt)
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        files[fmt] = target.read_text("utf-8")
    assert files["bib"].strip() == "\n\n".join(by_id[i]["bibtex"].strip() for i in ids)
    exported = json.loads(files["json"])["papers"]
    assert [p["id"] for p in exported] == ids and all(p["bibtex"] == by_id[p["id"]]["bibtex"] for p in exported)
    assert [row["id"] for row in csv.DictReader(io.StringIO(files["csv"]))] == ids
    card.locator("[data-opdhub-details]").click()
    bibtex = card.locator(".opdhub-card__details pre")
    bibtex.wait_for()
    assert bibtex.inner_text().strip() == by_id[ids[1]]["bibtex"].strip()
    context.close()


# -- a site of our own: a hostile paper, nested sections, a hand-written page with two listings -----------
SECTIONS = """    short: Supervision
    sections:
      - id: "5.1"
        number: "5.1"
        title: Teachers
        sections:
          - {id: "5.1.1", number: "5.1.1", title: Ensembles of teachers}
      - {id: "5.2", number: "5.2", title: Rewards}
"""


LONG = 460  # papers on the All papers page of this site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    taxonomy = project / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text("utf-8").replace("    short: Supervision\n", SECTIONS, 1), "utf-8")
    for paper_id, section in (("sec-a", "5.1.1"), ("sec-b", "5.1"), ("sec-c", "5.2")):
        write_paper(project / "papers", paper_id, chapter="5", section=section)
    for i in range(LONG - 309):  # a list longer than the filter's window of 400 cards
        write_paper(
            project / "papers",
            f"bulk-{i:03d}",
            chapter="6",
            mechanism="analysis",
            date=f"2020-01-{i % 28 + 1:02d}",
            year=2020,
        )
    title = '<img src=x onerror="window.__pwned=1">"Reverse" {KL} & <script>window.__pwned=2</script>'
    write_paper(
        project / "papers",
        "evil",
        title=title,
        authors=["<b>Mallory</b>, Eve"],
        summary="<svg onload=window.__pwned=3>",
        mechanism="hybrid_opd",
        chapter="5",
    )
    (project / "docs" / "picks.md").write_text(
        "# Picks\n\n## Chapter 5, hybrid\n\n<!-- opdhub papers chapter=5 mechanism=hybrid_opd filter=yes -->\n\n"
        "## Background\n\n<!-- opdhub papers chapter=background filter=yes -->\n",
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    url, server = serve(project / "site")
    yield url, title
    server.shutdown()


def test_hostile_title_renders_as_text(page, hostile_site):
    url, title = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, url + "papers/?q=mallory")
    assert visible_ids(page) == ["evil"]
    card = page.locator('article[data-paper-id="evil"]')
    assert card.locator(".opdhub-card__title").text_content() == title
    assert card.locator("img, script, svg, b").count() == 0
    page.click('[data-opdhub-active] button[data-param="q"]')
    page.fill('input[name="q"]', '"reverse" kl')
    assert "evil" in visible_ids(page)
    assert '“"reverse" kl”' in page.locator("[data-opdhub-active] button").first.text_content()
    assert page.evaluate("window.__pwned") is None and dialogs == [] and page.js_errors == []


def test_two_filters_on_one_hand_written_page(page, hostile_site):
    url, _ = hostile_site
    open_page(page, url + "picks/?has_code=yes")
    page.wait_for_selector('[data-opdhub-filter][data-opdhub-listing="2"][data-opdhub-ready]')
    first, second = visible_ids(page, "1"), visible_ids(page, "2")
    assert "evil" not in first  # the first filter owns the URL: has_code=yes
    assert second and len(second) == page.locator('[data-opdhub-listing="2"] [data-paper-id]').count()
    page.locator('[data-opdhub-listing="2"] input[name="has_code"][value="no"]').check()
    assert visible_ids(page, "1") == first  # each filter governs its own listing
    assert len(visible_ids(page, "2")) < len(second)
    assert "has_code=yes" in page.url and page.url.count("has_code") == 1


def test_a_chapter_matches_its_sections(page, hostile_site):
    url, _ = hostile_site
    open_page(page, url + "chapters/5/")
    offered = {(n, v): c for (n, v), (c, _) in shown_counts(page).items() if n in ("chapter", "section")}
    assert offered == {("section", "5.1"): 2, ("section", "5.1.1"): 1, ("section", "5.2"): 1}
    assert page.text_content('[data-opdhub-facet="chapter"] legend') == "Section"
    page.check('input[name="section"][value="5.1"]')  # a section matches its subsections
    page.wait_for_selector(READY)
    assert set(visible_ids(page)) == {"sec-a", "sec-b"}
    assert "section=5.1" in page.url
    headings = page.evaluate("""() => Array.from(document.querySelectorAll('.md-content h2, .md-content h3'))
        .filter(h => h.getClientRects().length).map(h => h.firstChild.textContent.trim())""")
    assert headings == ["5.1 Teachers", "5.1.1 Ensembles of teachers"]
    # on the All papers page sections sit under their chapter, OR-ed with the chapters
    open_page(page, url + "papers/?chapter=4&section=5.2")
    data = json.loads(page.evaluate("fetch('../papers.json').then(r => r.text())"))
    in_four = {r["id"] for r in data["papers"] if r["chapter"] == "4"}
    assert set(visible_ids(page)) == in_four | {"sec-c"}
    labels = page.locator('[data-opdhub-facet="chapter"] [data-opdhub-value-label]').all_text_contents()
    assert labels.index("5.1 Teachers") == labels.index("5 · Supervision") + 1


def test_a_long_list_shows_more_as_the_reader_scrolls(page, hostile_site):
    url, _ = hostile_site
    open_page(page, url + "papers/")
    assert page.text_content("[data-opdhub-count]") == f"{LONG} of {LONG} papers"
    assert len(visible_ids(page)) == 400  # the first window
    more = page.locator(".opdhub-more button")
    assert more.text_content() == f"Show more ({LONG - 400} not shown yet)"
    more.scroll_into_view_if_needed()  # nearing the end reveals the rest
    page.wait_for_function(f"document.querySelectorAll('[data-paper-id]:not([hidden])').length === {LONG}")
    assert page.is_hidden(".opdhub-more")
    # a new view starts from its top again; the count and the export cover the whole view
    page.check('input[name="year"][value="2020"]')  # the bulk papers
    page.check('input[name="year"][value="2026"]')
    page.wait_for_selector(READY)
    matching = (LONG - 309) + int(
        page.text_content('label:has(input[name="year"][value="2026"]) [data-opdhub-value-count]')
    )
    assert matching > 400
    assert page.text_content("[data-opdhub-count]") == f"{matching} of {LONG} papers"
    assert len(visible_ids(page)) == 400 and page.is_visible(".opdhub-more")
    with page.expect_download() as info:
        export(page, "json")
    assert json.loads(Path(info.value.path()).read_text("utf-8"))["count"] == matching
