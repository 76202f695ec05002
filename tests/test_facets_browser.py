"""The domain, signal source, student size and rollout frequency facets in a real Chromium, on the
strict-built OPDHub site: a combined view has its own URL and shows the papers the paper files say,
and "Not classified" is a value a reader can pick like any other.

Expected views are computed from the YAML paper files, not from the site's papers.json.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.browser

READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"
PAPERS = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((REPO / "papers").glob("*.yaml"))]
NEW_FACETS = ("domain", "signal", "student_size", "rollout_frequency")


def matching(**filters: str | None) -> set[str]:
    """Ids of the paper files with these values (None: the paper has no value of that field)."""
    return {str(p["id"]) for p in PAPERS if all(p.get(field) == value for field, value in filters.items())}


def visible_ids(page) -> set[str]:
    return set(
        page.evaluate("""() => Array.from(document.querySelectorAll('[data-paper-id]'))
        .filter(card => !card.closest('[hidden]') && card.getClientRects().length)
        .map(card => card.dataset.paperId)""")
    )


def value_count(page, field: str, value: str) -> int:
    label = page.locator(f'input[name="{field}"][value="{value}"]').locator("xpath=..")
    return int(label.locator("[data-opdhub-value-count]").text_content())


def test_combined_view_has_its_own_url_and_the_right_papers(page, site_url):
    expected = matching(signal="self", student_size="under_3b", domain="reasoning")
    assert expected  # the view is worth a test only if the data has such papers
    url = f"{site_url}papers/?domain=reasoning&signal=self&student_size=under_3b"
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY)
    assert visible_ids(page) == expected
    assert page.text_content("[data-opdhub-count]") == f"{len(expected)} of {len(PAPERS)} papers"
    for field, value in (("domain", "reasoning"), ("signal", "self"), ("student_size", "under_3b")):
        assert page.is_checked(f'input[name="{field}"][value="{value}"]')
    assert page.url == url and page.js_errors == []
    # the same view built by clicking lands on the same address
    page.goto(f"{site_url}papers/", wait_until="domcontentloaded")
    page.wait_for_selector(READY)
    for field, value in (("domain", "reasoning"), ("signal", "self"), ("student_size", "under_3b")):
        page.check(f'input[name="{field}"][value="{value}"]')
        page.wait_for_selector(READY)
    page.wait_for_function("(url) => location.href === url", arg=url)
    assert visible_ids(page) == expected


def test_not_classified_is_a_value_that_stays_in_view(page, site_url):
    page.goto(f"{site_url}papers/", wait_until="domcontentloaded")
    page.wait_for_selector(READY)
    for field in NEW_FACETS:
        unclassified = page.locator(f'input[name="{field}"][value="unclassified"]').locator("xpath=..")
        assert unclassified.is_visible(), field  # never folded behind "more"
        assert value_count(page, field, "unclassified") == len(matching(**{field: None})), field
        assert "of the 305 papers here have one" in unclassified.get_attribute("title")
    page.check('input[name="signal"][value="unclassified"]')
    page.wait_for_selector(READY)
    assert visible_ids(page) == matching(signal=None)
    assert "signal=unclassified" in page.url
    # other counts follow: how many of the unclassified papers have a student size
    with_size = {i for i in matching(signal=None) if next(p for p in PAPERS if str(p["id"]) == i).get("student_size")}
    sizes = sum(
        value_count(page, "student_size", v)
        for v in ("under_3b", "3b_to_10b", "over_30b")
        if page.locator(f'input[name="student_size"][value="{v}"]').count()
    )
    assert sizes == len(with_size)
    assert page.js_errors == []
