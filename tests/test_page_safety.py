"""Page safety in Chromium: no page of the OPDHub site makes the reader's browser call another host,
and the plugin's parts (cards, filter, Cite, Export) run under the Content-Security-Policy the
"Security and reliability" page documents, without a single violation."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from conftest import _QuietHandler

pytestmark = pytest.mark.browser

READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"
# The policy of docs/security.md, less the hashes of the theme's own inline scripts (added per page).
PLUGIN_CSP = (
    "default-src 'none'; script-src 'self'{theme}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def site_pages(site: Path) -> list[str]:
    """Every page of the site but most paper pages: the 305 of them are one template filled with
    one paper's record each, so every tenth is opened (test_injection.py opens every paper page of
    its hostile catalogs); every other page (listings, facet pages, guides, graph, trends) is."""
    ids = [paper["id"] for paper in json.loads((site / "papers.json").read_text("utf-8"))["papers"]]
    skipped = {f"papers/{paper_id}/" for paper_id in ids} - {f"papers/{paper_id}/" for paper_id in ids[::10]}
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if rel not in skipped:
            out.append(rel)
    return out


def test_no_page_calls_another_host(browser, opd_site, site_url):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    pages = site_pages(opd_site)
    try:
        for rel in pages:
            page.goto(site_url + rel, wait_until="load")
            page.wait_for_timeout(30)  # scripts that fetch after load (Material's repository facts) have started
        page.goto(site_url + "papers/", wait_until="load")
        page.wait_for_selector(READY)
        page.fill('[data-opdhub-filter] input[name="q"]', "distillation")
        page.wait_for_selector(READY)
    finally:
        context.close()
    outside = sorted({u for u in requests if not u.startswith((site_url, "data:", "blob:"))})
    assert len(pages) > 20 and len(requests) > len(pages)
    assert not outside, outside[:10]


def theme_hashes(html: str) -> str:
    """The theme's own inline scripts (Material's), allowed by their hashes."""
    digests = {
        base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() for m in INLINE_SCRIPT.finditer(html)
    }
    return "".join(f" 'sha256-{d}'" for d in sorted(digests))


class _CSPHandler(_QuietHandler):
    def end_headers(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.exists():
            self.send_header("Content-Security-Policy", PLUGIN_CSP.format(theme=theme_hashes(path.read_text("utf-8"))))
        super().end_headers()


@pytest.fixture(scope="module")
def csp_url(opd_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_CSPHandler, directory=str(opd_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_plugin_emits_no_inline_script_or_handler(opd_site):
    for path in opd_site.rglob("*.html"):
        html = path.read_text("utf-8")
        for match in INLINE_SCRIPT.finditer(html):
            assert "opdhub" not in match.group(1), path  # the theme's scripts only
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert not re.search(r'<[^>]*class="opdhub[^>]*\sstyle=', html), path


def test_filter_cite_and_export_work_under_the_documented_csp(browser, opd_site, csp_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    context.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
          e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
        navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));
    """)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        for rel in site_pages(opd_site):
            page.goto(csp_url + rel, wait_until="load")
            if page.locator("[data-opdhub-filter]").count():
                page.wait_for_selector(READY)
            assert page.evaluate("window.__csp") == [], rel
        page.goto(csp_url + "papers/?mechanism=hybrid_opd", wait_until="load")
        page.wait_for_selector(READY)
        shown = page.locator("article[data-paper-id]:visible").count()
        page.fill('[data-opdhub-filter] input[name="q"]', "self distillation")
        page.wait_for_selector(READY)
        assert 0 < page.locator("article[data-paper-id]:visible").count() < shown
        page.locator("article[data-paper-id]:visible [data-opdhub-cite]").first.click()
        page.locator("[id='opdhub:cite-dialog']").wait_for(state="visible")
        assert page.input_value("[id='opdhub:cite-dialog'] textarea").startswith("@")
        page.keyboard.press("Escape")
        with page.expect_download() as info:
            page.evaluate(
                "document.querySelectorAll('.opdhub-filter__export').forEach(d => { d.open = true; })"
            )  # behind "Export"
            page.click('[data-opdhub-export="csv"]')
        info.value.save_as(tmp_path / "papers.csv")
        assert (tmp_path / "papers.csv").read_text("utf-8").startswith("id,")
        assert page.evaluate("window.__csp") == [] and not console and not errors, (console, errors)
    finally:
        context.close()


def test_old_bare_card_links_reach_the_card(browser, site_url):
    """Cards' anchors are paper:<id> now; a link written as papers/#<id> is sent to the card."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "papers/#1606.07947", wait_until="load")
        page.wait_for_function("location.hash === '#paper:1606.07947'")
        # the card is scrolled to once the cards above it are laid out: wait for it (a loaded machine is slow)
        page.wait_for_function(
            "(() => { const r = document.getElementById('paper:1606.07947').getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight; })()",
            timeout=15000,
        )
    finally:
        context.close()
