"""Abstracts in a real Chromium: folded in the card until opened, found by the filter's search."""

from __future__ import annotations

import pytest
from conftest import copy_project, mkdocs_build, serve

from mkdocs_opdhub.tools.yamledit import edit_text

pytestmark = pytest.mark.browser
READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"


@pytest.fixture(scope="module")
def abstract_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("abstracts") / "project")
    path = root / "papers" / "2306.13649.yaml"
    path.write_text(edit_text(path.read_text(), {"abstract": "Students learn from quokkas on their own samples."}))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield url
    server.shutdown()


def test_abstract_opens_in_the_card_and_is_searchable(page, abstract_site):
    page.goto(abstract_site + "papers/", wait_until="domcontentloaded")
    page.wait_for_selector(READY)
    card = page.locator('[data-opdhub-listing="1"] [data-paper-id="2306.13649"]').first
    text = card.locator(".opdhub-card__abstract p")
    assert not text.is_visible()  # folded: one line "Abstract" until asked for
    card.locator(".opdhub-card__abstract summary").click()
    assert text.is_visible() and text.inner_text() == "Students learn from quokkas on their own samples."
    page.fill('input[name="q"]', "QUOKKAS")  # a word only the abstract has; case-insensitive
    page.wait_for_function("document.location.search.includes('q=QUOKKAS')")
    page.wait_for_selector(READY)
    shown = page.evaluate("""() => [...new Set([...document.querySelectorAll('[data-opdhub-listing="1"] [data-paper-id]')]
        .filter(c => !c.closest('[hidden]') && c.getClientRects().length).map(c => c.dataset.paperId))]""")
    assert shown == ["2306.13649"]
    assert not page.js_errors
