"""The script-injection corpus: hostile text in every text and URL field of a paper and every text of a
taxonomy, built (strict and not) with the Markdown extensions OPDHub itself enables, then opened in
Chromium page by page, typed into the filter's search and Material's, clicked through (chips, Cite,
Export), and exported with ``opdhub export``.

Every page must show the payloads as text: no dialog, no element or attribute a payload brought,
no ``on*`` attribute, no ``javascript:``/``vbscript:``/``data:`` link. The payloads are batched into
two builds so the suite stays within a few minutes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, serve, write_paper
from test_import import run

from mkdocs_opdhub.formats.escape import visible
from mkdocs_opdhub.model.urlcheck import encoded

pytestmark = pytest.mark.browser

EXAMPLE = REPO / "examples" / "deep-learning-classics"
READY = "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])"

PAYLOADS = [
    # tags and elements
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<marquee onstart=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    # attribute breakouts and closing tags
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '" autofocus onfocus="alert(1)" x="',
    "` onmouseover=alert(1) `",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    # URLs with case, whitespace and entity tricks
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:MsgBox(1)",
    "//evil.example/x.js",
    # template syntaxes
    "{{ 7*7 }}",
    "{{ config.__class__ }}",
    '{% include "x" %}',
    "${alert(1)}",
    "#{alert(1)}",
    "{{constructor.constructor('alert(1)')()}}",
    # Markdown links, images and attribute lists
    "[x](javascript:alert(1))",
    '[x](JAVASCRIPT:alert(1) "t")',
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "{: onmouseover=alert(1) }",
    "x { onclick=alert(1) }",
    "*em* _u_ **b** `code`",
    '[x](https://ok.example "t\\" onmouseover=\\"alert(1)")',
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "| a | b |\n| - | - |\n| <b>c</b> | d |",
    '!!! note "<img src=x onerror=alert(1)>"',
    "```\n<script>alert(1)</script>\n```",
    '--8<-- "/etc/passwd"',
    "[^1]: <img src=x onerror=alert(1)>",
    "<!-- opdhub:block:1 -->",
    "<!-- opdhub papers -->",
    # JSON in pages
    "</script><script>alert(1)</script>\u2028\u2029",
    "\u2028alert(1)\u2029",
    '"}]};alert(1);//',
    # entities
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&amp;lt;b&amp;gt;",
    "&quot; onmouseover=&quot;alert(1)",
    # look-alikes, bidi, formulas, BibTeX
    "＜script＞alert(1)＜/script＞",
    "\u202e<script>alert(1)</script>",
    '=HYPERLINK("javascript:alert(1)","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "}, note = {injected",
    "\\input{/etc/passwd}",
]
# Ids the plugin's own elements and headings use: papers named like them must not clobber them.
CLASHING_IDS = [
    "opdhub-announce",
    "opdhub-cite-dialog",
    "opdhub-cite-title",
    "opdhub-panel-1",
    "recently-added",
    "chapters",
    "papers",
    "search",
    "content",
]
# Facet value ids are free text too (no spaces, commas, slashes, ? # & =).
HOSTILE_VALUE_IDS = ['"><x>', "javascript:alert(1)", "{{7*7}}", "${alert(2)}", "'-alert(3)-'", "<b>", 'x"y']
# Values of URL fields that must be refused (the paper is reported and left out).
REFUSED_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/<script>",
]
URL_FIELDS = ("url", "code", "doi", "arxiv")
EVIL_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]")


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 60 and len(set(PAYLOADS)) == len(PAYLOADS)


# -- the projects -----------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV


def opdhub_extensions() -> list:
    return yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), _Loader)["markdown_extensions"]


def taxonomy_slots(data: dict) -> list[tuple[dict, str, bool]]:
    """Every text of the taxonomy, as (mapping, key, repeated): repeated texts are printed on every card
    (value labels and descriptions in chips, section titles)."""
    slots = [(data["survey"], k, False) for k in ("title", "description", "citation")]
    for chapter in data["chapters"]:
        slots += [(chapter, "title", False), (chapter, "short", False), (chapter, "intro", False)]
        stack = list(chapter.get("sections", []))
        while stack:
            section = stack.pop()
            slots += [(section, "title", True), (section, "intro", False)]
            stack += section.get("sections", [])
    for facet in data["facets"]:
        slots += [(facet, "label", False)] + ([(facet, "unclassified", False)] if "unclassified" in facet else [])
        for value in facet.get("values", []):
            slots += [(value, "label", True), (value, "description", True)]
    return slots


def paper_fields(n: int, payload: str) -> dict:
    """A valid paper carrying ``payload`` in every text field (on one line, except in the summary), and
    as much of it as a valid URL can hold in every URL field (what Markdown renderers would read
    differently percent-encoded, as validation asks)."""
    line = payload.replace("\n", " ")
    url_tail = re.sub(r"[\s<>\"\x00-\x1f\x7f-\x9f]", "", payload)
    doi_tail = re.sub(r"[^-._;()/:A-Za-z0-9]", "", payload) or "x"
    chapter, section = [("training", "regularisation"), ("architectures", "attention"), ("generative", None)][n % 3]
    fields = {
        "id": CLASHING_IDS[n] if n < len(CLASHING_IDS) else f"x{n:03d}",
        "title": f"T{n:03d} {line}",
        "authors": [f"{line}, A{n}", "Doe, Jane"],
        "year": 2020,
        "date": "2020-01",
        "url": encoded(f"https://example.org/{n}/{url_tail}"),
        "code": [encoded(f"https://example.org/{n}/{url_tail}/code")],
        "doi": f"10.5555/{n}.{doi_tail}",
        "venue": line,
        "summary": payload,
        "tags": [line[:60]],
        "chapter": chapter,
        "section": section,
        "modality": [HOSTILE_VALUE_IDS[n % len(HOSTILE_VALUE_IDS)]],
        "added": "2026-11-01",
        "mechanism": None,
    }
    return fields


def make_project(root: Path, slot_text, papers: list[dict], refused: bool) -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["markdown_extensions"] = opdhub_extensions()
    config["site_description"] = PAYLOADS[21] + " " + PAYLOADS[0]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    data = yaml.safe_load((root / "taxonomy.yml").read_text("utf-8"))
    modality = next(f for f in data["facets"] if f["field"] == "modality")
    modality["values"] += [{"id": v, "label": v} for v in HOSTILE_VALUE_IDS]
    data["facets"].append({"field": "tags", "type": "open", "label": "Tags"})
    data["survey"]["url"] = 'https://example.org/"><script>alert(1)</script>'
    for i, (mapping, key, repeated) in enumerate(taxonomy_slots(data)):
        text = slot_text(i, repeated)
        mapping[key] = text if key in ("intro", "citation") else text.replace("\n", " ")  # one-line texts
    (root / "taxonomy.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    folder = root / "papers"
    for fields in papers:
        write_paper(folder, fields["id"], **fields)
    if refused:
        for field in URL_FIELDS:
            for k, bad in enumerate(REFUSED_URLS):
                paper_id = f"refused-{field}-{k}"
                fields = {**paper_fields(0, "plain"), "id": paper_id, "title": f"Refused {paper_id}"}
                fields[field] = [bad] if field == "code" else bad
                write_paper(folder, paper_id, **fields)
    return root


def printable(payload: str) -> bool:
    return not CONTROLS.search(payload)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """Two builds: strict, with every printable payload in every paper field and all payloads joined in
    every taxonomy text (a quarter of them in each text printed on every card: the pages stay small
    enough to open them all); and non-strict, with the payloads validation may refuse (and a quarter
    of the others) in papers, one payload per taxonomy text and papers whose URL fields must be
    refused."""
    # The taxonomy refuses control characters with a message (tested in test_untrusted_input.py):
    # its texts get the printable payloads.
    texts = [p for p in PAYLOADS if printable(p)]
    joined = " ~ ".join(texts)

    def strict_text(i: int, repeated: bool) -> str:
        return f"S{i} " + (" ~ ".join(texts[i % 4 :: 4]) if repeated else joined)

    strict_papers = [paper_fields(n, p) for n, p in enumerate(PAYLOADS) if printable(p)]
    # The non-strict build repeats a quarter of the printable payloads (the strict build has them all)
    # and takes the others, which validation may refuse: fewer value pages to open.
    loose_papers = [paper_fields(n, p) for n, p in enumerate(PAYLOADS) if not printable(p) or n % 4 == 0]
    out = {}
    for name, slot_text, papers, strict, refused in (
        ("strict", strict_text, strict_papers, True, False),
        ("loose", lambda i, repeated: f"S{i} {texts[i % len(texts)]}", loose_papers, False, True),
    ):
        root = make_project(tmp_path_factory.mktemp(name) / "project", slot_text, papers, refused)
        result = mkdocs_build(root, strict=strict)
        assert result.returncode == 0, result.stderr[-3000:]
        out[name] = {"root": root, "site": root / "site", "papers": papers, "stderr": result.stderr}
    return out


# -- the built HTML -----------------------------------------------------------------------------------


def test_every_paper_is_shown_or_reported(builds):
    for name, build in builds.items():
        page = BeautifulSoup((build["site"] / "papers" / "index.html").read_text("utf-8"), "html.parser")
        shown = {a["data-paper-id"] for a in page.select("article[data-paper-id]")}
        for fields in build["papers"]:
            if fields["id"] in shown:
                title = page.select_one(f'article[id="paper:{fields["id"]}"] .opdhub-card__title').get_text()
                assert " ".join(title.split()) == " ".join(fields["title"].split()), (name, fields["id"])
            else:  # refused by validation (a control character): named in the build's messages
                assert not printable(fields["title"]) and f"papers/{fields['id']}.yaml:" in build["stderr"], fields[
                    "id"
                ]
        assert {f["id"] for f in build["papers"] if printable(f["title"])} <= shown, name
    loose = builds["loose"]
    for field in URL_FIELDS:
        for k in range(len(REFUSED_URLS)):
            paper_id = f"refused-{field}-{k}"
            assert f"papers/{paper_id}.yaml:" in loose["stderr"], paper_id
            assert not (loose["site"] / "papers" / "index.html").read_text("utf-8").count(f'data-paper-id="{paper_id}"')


def test_front_matter_of_every_generated_page_is_kept(builds):
    """MkDocs drops front matter it cannot parse and renders it as Markdown: the title line would show."""
    for build in builds.values():
        for page in build["site"].rglob("*.html"):
            html = page.read_text("utf-8")
            article = html[html.find("<article") : html.rfind("</article>")]
            assert not re.search(r">\s*title:\s", article), page


def test_ids_are_unique_on_every_page(builds):
    for build in builds.values():
        for page in build["site"].rglob("*.html"):
            ids = re.findall(r'\sid="([^"]*)"', page.read_text("utf-8"))
            duplicates = {i for i in ids if ids.count(i) > 1}
            assert not duplicates, (page, duplicates)


def test_exports_are_inert(builds, monkeypatch, capsys):
    build = builds["strict"]
    monkeypatch.chdir(build["root"])
    papers = {f["id"]: f for f in build["papers"]}
    status, readme, err = run(capsys, "export", "readme", "--authors")
    assert status == 0, err
    html = markdown.markdown(
        readme, extensions=[e if isinstance(e, str) else next(iter(e)) for e in opdhub_extensions()]
    )
    soup = BeautifulSoup(html, "html.parser")
    assert_inert_soup(soup, "README")
    links = [a["href"] for a in soup.select("a[href]")]
    assert links and all(h.startswith(("https://", "http://")) for h in links), [
        h for h in links if not h.startswith("http")
    ]
    titles = [" ".join(li.select_one("a").get_text().split()) for li in soup.select("li")]
    assert sorted(t for t in titles if re.match(r"T\d{3} ", t)) == sorted(
        " ".join(f["title"].split()) for f in papers.values()
    )

    status, out, err = run(capsys, "export", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["id"] for row in rows} >= set(papers)
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", row
        if row["id"] in papers:
            venue = papers[row["id"]]["venue"]
            assert row["title"] == papers[row["id"]]["title"] and row["venue"] in (venue, "'" + venue)

    status, out, err = run(capsys, "export", "bib")
    assert status == 0, err
    from pybtex.database import parse_string

    bib = parse_string(out, "bibtex")
    assert len(bib.entries) == len(rows)
    assert all("note" not in entry.fields for entry in bib.entries.values())
    assert "\\input" not in out.replace("\\textbackslash{}input", "")

    status, out, err = run(capsys, "export", "json")
    assert status == 0, err
    assert not re.search("[<>&\u2028\u2029]", out)  # escaped: safe inside a page's <script> too
    data = json.loads(out)
    assert {p["id"]: p["title"] for p in data["papers"] if p["id"] in papers} == {
        i: f["title"] for i, f in papers.items()
    }


def assert_inert_soup(soup: BeautifulSoup, where: str) -> None:
    for element in soup.find_all(True):
        for attr, value in element.attrs.items():
            assert not attr.lower().startswith("on"), (where, element)
            if attr.lower() in ("href", "src", "action", "formaction", "data", "xlink:href"):
                assert not EVIL_SCHEME.match(re.sub(r"[\s\x00-\x20]", "", str(value))), (where, element)
    assert not soup.select(
        "script:not([src]):not([type]), iframe, object, embed, base, img[src=x], marquee, "
        "details[open], math, video, meta[http-equiv], body body"
    ), where


# -- Chromium -----------------------------------------------------------------------------------------

SCAN = """() => {
  const bad = [];
  const evil = /^(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push('on* ' + el.tagName + ' ' + name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name)
          && evil.test(attr.value.replace(/[\\s\\x00-\\x20]/g, ''))) bad.push('url ' + el.tagName + ' ' + attr.value);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, base, img[src="x"], marquee, math, video, '
      + 'body meta[http-equiv], details[open], x, b x')) bad.push('element ' + el.outerHTML.slice(0, 80));
  // JSON-LD is data the browser never runs; text breaking out of it would make a script of its own
  for (const el of document.querySelectorAll('script:not([src]):not([type="application/ld+json"])'))
    if (/alert|msgbox/i.test(el.textContent)) bad.push('script ' + el.textContent.slice(0, 80));
  for (const el of document.querySelectorAll('body style')) bad.push('style ' + el.textContent.slice(0, 80));
  return bad;
}"""


class Recorder:
    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.context.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'))")
        self.page = self.context.new_page()
        self.page.set_default_timeout(90_000)  # a loaded CI machine
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.pages = 0
        self.typed = 0

    def check(self, where: str) -> None:
        bad = self.page.evaluate(SCAN)
        assert not bad, (where, bad[:5])
        assert not self.dialogs, (where, self.dialogs)
        assert not self.errors, (where, self.errors)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded")
        self.pages += 1
        if self.page.locator("[data-opdhub-filter]").count():
            self.page.wait_for_selector(READY)
        self.check(url)


def test_every_page_in_chromium(builds, browser, tmp_path):
    totals = {"pages": 0, "typed": 0}
    for name, build in builds.items():
        base, server = serve(build["site"])
        recorder = Recorder(browser)
        try:
            pages = sorted(build["site"].rglob("*.html"))
            for path in pages:
                rel = path.relative_to(build["site"]).as_posix()
                recorder.open(base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
            for n, rel in enumerate(("papers/", "chapters/training/", "modality/images/")):
                assert (build["site"] / rel / "index.html").exists(), rel
                interact(recorder, base + rel, tmp_path / name, PAYLOADS if n == 0 else PAYLOADS[::8])
            material_search(recorder, base)
            assert recorder.pages >= len(pages)
            totals["pages"] += recorder.pages
            totals["typed"] += recorder.typed
        finally:
            recorder.context.close()
            server.shutdown()
    print(
        f"\ninjection corpus: {len(PAYLOADS)} payloads, {totals['pages']} pages opened, "
        f"{totals['typed']} searches typed, 0 dialogs"
    )


def interact(recorder: Recorder, url: str, downloads: Path, typed: list[str]) -> None:
    page = recorder.page
    recorder.open(url)
    if not page.locator("[data-opdhub-filter]").count():
        return
    search = page.locator('[data-opdhub-filter] input[name="q"]').first
    for payload in typed:
        search.fill(payload)
        recorder.typed += 1
        page.wait_for_selector(READY)
        recorder.check(f"{url} search {payload!r}")
    search.fill("")
    page.wait_for_selector(READY)
    boxes = page.locator('[data-opdhub-filter] input[type="checkbox"]')
    for more in page.locator("[data-opdhub-more]").all():
        more.click()
    for i in range(min(boxes.count(), 40)):
        box = boxes.nth(i)
        if box.is_visible() and box.is_enabled():
            box.click()
            page.wait_for_selector(READY)
    recorder.check(f"{url} chips")
    for button in page.locator("[data-opdhub-remove]").all()[:5]:
        if button.is_visible():
            button.click()
            page.wait_for_selector(READY)
    page.locator("[data-opdhub-clear]").first.click()
    page.wait_for_selector(READY)
    recorder.check(f"{url} chips removed")
    cards = page.locator("article[data-paper-id]:visible")
    for i in range(min(cards.count(), 8)):
        card = cards.nth(i)
        card.locator("[data-opdhub-cite]").click()
        dialog = page.locator("[id='opdhub:cite-dialog']")
        dialog.wait_for(state="visible")
        title = card.locator(".opdhub-card__title a").text_content()
        shown = page.locator("[id='opdhub:cite-dialog'] .opdhub-dialog__title").text_content()
        assert " ".join(shown.split()) == " ".join(f"Cite “{title.strip()}”".split())  # the title as text
        recorder.check(f"{url} cite {i}")
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
    downloads.mkdir(parents=True, exist_ok=True)
    for fmt in ("bib", "csv", "json"):
        with page.expect_download() as info:
            page.evaluate(
                "document.querySelectorAll('.opdhub-filter__export').forEach(d => { d.open = true; })"
            )  # behind "Export"
            page.click(f'[data-opdhub-export="{fmt}"]')
        page.evaluate(
            "document.querySelectorAll('.opdhub-filter__export').forEach(d => { d.open = false; })"
        )  # ours, not a payload's
        target = downloads / f"{len(list(downloads.iterdir()))}.{fmt}"
        info.value.save_as(target)
        text = target.read_text("utf-8")
        if fmt == "csv":
            for row in csv.reader(io.StringIO(text)):
                assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), row
        elif fmt == "json":
            json.loads(text)
        else:
            from pybtex.database import parse_string

            assert all("note" not in e.fields for e in parse_string(text, "bibtex").entries.values())
    recorder.check(f"{url} export")


def material_search(recorder: Recorder, base: str) -> None:
    page = recorder.page
    recorder.open(base)
    page.keyboard.press("s")  # Material's shortcut opens its search
    query = page.locator("[data-md-component=search-query]")
    query.wait_for(state="visible")
    for payload in PAYLOADS[:12] + PAYLOADS[44:58]:
        query.fill(visible(payload))
        recorder.typed += 1
        page.wait_for_timeout(60)
        recorder.check(f"Material search {payload!r}")
