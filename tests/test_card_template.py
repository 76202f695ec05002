"""One card template: opdhub/card.html draws the cards the build writes and the cards the browser
fills in from the listing's data; a theme's custom_dir override of it changes every card, in
every listing, with and without JavaScript."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build, serve

CARD = REPO / "mkdocs_opdhub" / "theme" / "opdhub" / "card.html"
MARK = '<p class="my-mark">Reviewed by us</p>'


def soup(path):
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def custom_site(tmp_path_factory):
    """The real site with a card.html of its own in custom_dir: ours with a line added and the
    date before the authors."""
    project = copy_project(tmp_path_factory.mktemp("card") / "project")
    ours = CARD.read_text("utf-8")
    mine = ours.replace('<div class="opdhub-card__title">', MARK + '\n<div class="opdhub-card__title">', 1)
    lines = mine.splitlines()
    authors = next(i for i, line in enumerate(lines) if 'class="opdhub-card__authors"' in line)
    date = next(i for i, line in enumerate(lines) if '<time class="opdhub-card__date"' in line)
    assert date == authors + 1
    lines[authors], lines[date] = lines[date].lstrip("{%- "), "{%- " + lines[authors].lstrip("{%-")
    mine = "\n".join(lines) + "\n"
    (project / "overrides" / "opdhub").mkdir(parents=True)
    (project / "overrides" / "opdhub" / "card.html").write_text(mine, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), "utf-8"
    )
    result = mkdocs_build(project)  # strict
    assert result.returncode == 0, result.stderr
    site = project / "site"
    url, server = serve(site)
    yield site, url
    server.shutdown()


def test_override_draws_every_built_card(custom_site):
    site, _ = custom_site
    pages = [
        site / "index.html",
        site / "papers" / "index.html",
        *sorted((site / "chapters").glob("*/index.html")),
        *sorted((site / "loss").glob("*/index.html")),
    ]
    total = 0
    for page in pages:
        html = soup(page)
        cards = html.select("article[data-paper-id]")
        assert cards, page
        for card in cards:  # the build's card (no JavaScript): the override's line, the paper's title
            assert card.select_one("p.my-mark").get_text() == "Reviewed by us", page
            assert card.select_one('[data-opdhub-slot="title"]').get_text().strip()
        total += len(cards)
        # each listing carries the override once more, blank, for the browser to fill in
        templates = html.select('script[type="application/json"][data-opdhub-card-template]')
        assert templates and all(MARK in json.loads(t.get_text()) for t in templates), page
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    assert total > len(papers)


def _filled(page, selector):
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector), (card) => ({
        id: card.dataset.paperId, filled: card.hasAttribute("data-opdhub-filled"),
        marks: card.querySelectorAll(":scope > p.my-mark").length,
        order: Array.from(card.querySelectorAll(".opdhub-card__meta > *"), (e) => e.className),
        authors: (card.querySelector(".opdhub-card__authors") || {}).textContent || "",
    }))""",
        selector,
    )


@pytest.mark.browser
def test_override_draws_every_card_the_browser_fills(page, custom_site):
    site, url = custom_site
    records = {r["id"]: r for r in json.loads((site / "papers.json").read_text("utf-8"))["papers"]}
    # a listing with a filter (All papers): the cards of the view, filled by the filter
    page.goto(url + "papers/")
    page.wait_for_selector("[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])")
    shown = page.locator("[data-paper-id]:not([hidden])").count()
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-paper-id][data-opdhub-filled]').length >= n", arg=shown
    )
    cards = _filled(page, "[data-paper-id][data-opdhub-filled]")
    assert len(cards) >= min(shown, len(records))
    for card in cards:
        record = records[card["id"]]
        assert card["marks"] == 1  # the override's line, once: a filled card is a copy of the template
        assert card["authors"].startswith(record["authors"][0].split(",")[-1].strip())
        assert card["order"].index("opdhub-card__date") < card["order"].index(
            "opdhub-card__authors"
        )  # the override's order
    # a listing without a filter (the home page's recent papers): filled by cards.js once the reader nears it
    page.goto(url)
    total = page.locator("[data-paper-id]").count()
    assert page.locator("[data-paper-id][data-opdhub-filled]").count() == 0  # below the first screen: not yet
    page.locator("[data-opdhub-group]").first.scroll_into_view_if_needed()
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-paper-id][data-opdhub-filled]').length === n", arg=total
    )
    assert all(card["marks"] == 1 and card["authors"] for card in _filled(page, "[data-paper-id]"))
    assert page.js_errors == []
