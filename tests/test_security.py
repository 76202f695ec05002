"""Contributor and taxonomy text is shown literally on every generated page (never Markdown or
HTML), exports are safe to open, links are kept or made inert, and directives shown in code
blocks are not run."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, write_paper
from test_import import run

from mkdocs_opdhub.site.render import md_text, safe_url
from mkdocs_opdhub.tools import export

EXAMPLE = REPO / "examples" / "deep-learning-classics"

LINK_VENUE = "x](javascript:alert(document.domain)) | [y"
ATTR_VENUE = "Evil { onmouseover=alert(1) style=position:fixed }"
HTML_VENUE = "<img src=x onerror=alert(2)> & <b>bold</b>"
LABEL = "Speech](javascript:alert(3)) {: onclick=alert(4) } *em* `code`"
FACET_LABEL = "Modality <i>x</i> {: onmouseover=alert(5) }"


def hostile_paper(folder: Path, paper_id: str, venue: str) -> None:
    write_paper(folder, paper_id, id=paper_id, title=f"Hostile {paper_id}", authors=["Doe, Jane"], year=2020,
                date="2020-01", url=f"https://example.org/{paper_id}", chapter="training", section="regularisation",
                modality=["speech"], venue=venue, added="2026-11-01", mechanism=None)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n", "utf-8")
    taxonomy = root / "taxonomy.yml"
    text = taxonomy.read_text("utf-8")
    assert "{id: speech, label: Speech}" in text and "label: Modality" in text
    text = text.replace("{id: speech, label: Speech}", "{id: speech, label: %r}" % LABEL)
    text = text.replace("label: Modality", "label: %r" % FACET_LABEL, 1)
    taxonomy.write_text(text, "utf-8")
    for number, venue in enumerate((LINK_VENUE, ATTR_VENUE, HTML_VENUE), 1):
        hostile_paper(root / "papers", f"9999.0000{number}", venue)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages_with(site: Path, text: str) -> list[Path]:
    return [p for p in site.rglob("*.html") if text in BeautifulSoup(p.read_text("utf-8"), "html.parser").get_text()]


def assert_inert(page: Path) -> BeautifulSoup:
    html = page.read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)
    assert "<" not in title and ">" not in title, (page, title)  # nothing can close <title> early
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    assert not soup.select("a[href^=javascript], a[href^=JavaScript]"), page
    for attr in ("onmouseover", "onclick", "onerror"):
        assert not soup.select(f"[{attr}]"), (page, attr)
    assert not article.select("img[src=x], b, i, em"), page
    assert not [c for c in article.select("code") if c.get_text() == "code"], page
    return soup


def test_hostile_venues_and_labels_are_shown_literally(hostile_site):
    home = hostile_site / "index.html"
    facet_pages = [p for p in hostile_site.rglob("index.html") if p.parent.name in ("venue", "venues")]
    assert facet_pages, sorted(str(p.relative_to(hostile_site)) for p in hostile_site.rglob("index.html"))
    value_pages = [p for p in pages_with(hostile_site, "Venue: " + ATTR_VENUE)]
    assert value_pages, "no value page for the hostile venue"
    for page in {home, *facet_pages, *value_pages, *pages_with(hostile_site, LABEL)}:
        assert_inert(page)
    for page in (home, facet_pages[0]):
        text = BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text()
        for venue in (LINK_VENUE, ATTR_VENUE, HTML_VENUE):
            assert venue in text, (page, venue)
    text = BeautifulSoup(home.read_text("utf-8"), "html.parser").get_text()
    assert LABEL in text and FACET_LABEL in text
    for venue in (LINK_VENUE, HTML_VENUE):
        assert pages_with(hostile_site, "Venue: " + venue), venue
    h1 = BeautifulSoup(value_pages[0].read_text("utf-8"), "html.parser").select_one("article h1")
    assert h1.get_text().rstrip("¶").strip() == "Venue: " + ATTR_VENUE
    assert not h1.get("style")


@pytest.mark.parametrize("text", [LINK_VENUE, ATTR_VENUE, HTML_VENUE, LABEL, "- item", "+ item", "# h",
                                  "a\nb\x00c", "> quote", "_em_ and __strong__", "snake_case_name", "a \\ b"])
def test_md_text_renders_literally(text):
    import markdown

    html = markdown.markdown(f"| {md_text(text)} |\n| -- |\n| x |\n\n# {md_text(text)}\n\n{md_text(text)}",
                             extensions=["tables", "attr_list"])
    soup = BeautifulSoup(html, "html.parser")
    expected = " ".join(text.replace("\x00", " ").split())
    assert soup.select_one("th").get_text() == expected
    assert soup.select_one("h1").get_text() == expected
    assert soup.select_one("p").get_text() == expected
    assert not soup.select("a, em, strong, code, img, b, i, ul, ol, blockquote, [onmouseover], [onclick]")


def test_md_text_keeps_plain_text_plain():
    assert md_text("direct_opd") == "direct_opd"
    assert md_text("KL+RL (reverse)") == "KL+RL (reverse)"


# -- CSV export ----------------------------------------------------------------------------------

def test_csv_export_neutralises_formulas(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("site"))
    hostile_paper(folder / "papers", "9999.00001", "=HYPERLINK(\"https://evil\",\"x\")")
    write_paper(folder / "papers", "9999.00002", id="9999.00002", title="+cmd|' /C calc'!A0",
                authors=["@SUM(1+1)", "Doe, Jane"], year=2020, url="https://example.org/2", chapter="training",
                summary="-2+3", added="2026-11-01", mechanism=None, date=None)
    monkeypatch.chdir(folder)
    status, out, err = run(capsys, "export", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    by_id = {r["id"]: r for r in rows}
    assert by_id["9999.00001"]["venue"] == "'=HYPERLINK(\"https://evil\",\"x\")"
    assert by_id["9999.00002"]["title"] == "'+cmd|' /C calc'!A0"
    assert by_id["9999.00002"]["authors"] == "'@SUM(1+1); Doe, Jane"
    assert by_id["9999.00002"]["summary"] == "'-2+3"
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", row


def test_csv_cell_guard():
    assert export.csv_cell("=1+1") == "'=1+1"
    assert export.csv_cell("\tx") == "'\tx"
    assert export.csv_cell("\rx") == "'\rx"
    assert export.csv_cell("-1") == "'-1"
    assert export.csv_cell("plain") == "plain"
    assert export.csv_cell(2020) == 2020


# -- links ---------------------------------------------------------------------------------------

def test_safe_url_keeps_apostrophes_and_refuses_the_rest():
    assert safe_url("https://example.org/a'b") == "https://example.org/a'b"
    assert safe_url("http://example.org/l'été") == "http://example.org/l'été"
    for bad in ("javascript:alert(1)", "https://a b", "https://a<b", "https://a>b", 'https://a"b', "ftp://x",
                "https://a\nb", "data:text/html,x", ""):
        assert safe_url(bad) == "#", bad


# -- directives in code blocks -------------------------------------------------------------------

def test_directive_in_a_code_block_is_shown_not_run(tmp_path):
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    directive = "<!-- opdhub papers chapter=training sort=oldest -->"
    broken = "<!-- opdhub papers nosuchoption=1 -->"
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "howto.md").write_text(
        "# How to\n\nWrite this:\n\n```markdown\n" + directive + "\n" + broken + "\n```\n\n"
        "Or with tildes:\n\n~~~~\n" + directive + "\n```\n" + broken + "\n~~~~\n\n"
        "A real listing:\n\n" + directive + "\n", "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "site" / "howto" / "index.html").read_text("utf-8"), "html.parser")
    codes = [c.get_text() for c in soup.select("article pre code")]
    assert len(codes) == 2
    assert directive in codes[0] and broken in codes[0]
    assert directive in codes[1] and broken in codes[1]
    assert "opdhub:block" not in soup.get_text() and "opdhub:block" not in str(soup)
    assert soup.select("article .opdhub-card, article [data-opdhub-listing]"), "the directive outside did not expand"


def test_survey_and_chapter_intro_are_text_on_the_home_and_chapter_pages(project):
    """The hero and the chapter intros print taxonomy text escaped, links only as http(s)."""
    taxonomy = (project / "taxonomy.yml").read_text("utf-8")
    taxonomy = taxonomy.replace("title: A Survey of On-Policy Distillation for Large Language Models\n",
                                "title: 'Survey <script>window.x=1</script> *em*'\n  pdf: 'javascript:alert(1)'\n", 1)
    taxonomy = taxonomy.replace("authors: [\"Song, Mingyang\", \"Zheng, Mao\"]", "authors: [\"<b>Song</b>, M.\"]", 1)
    taxonomy = taxonomy.replace("    intro: >-\n      Papers on what the student minimises",
                                "    intro: >-\n      <img src=x onerror=alert(2)> [link](javascript:alert(3)) Papers on what the student minimises", 1)
    (project / "taxonomy.yml").write_text(taxonomy, "utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "pdf" in result.stderr  # the schema refuses a non-http(s) PDF link
    taxonomy = taxonomy.replace("  pdf: 'javascript:alert(1)'\n", "")
    (project / "taxonomy.yml").write_text(taxonomy, "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((project / "site" / "index.html").read_text("utf-8"), "html.parser")
    hero = home.select_one(".opdhub-hero")
    assert hero.select("script, b") == [] and "<script>window.x=1</script> *em*" in hero.select_one("h1").get_text()
    assert "<b>Song</b>" in hero.get_text()
    assert all(a["href"].startswith(("http", "#", "papers", "./", "../")) or a["href"].endswith(".json")
               for a in hero.select("a"))
    chapter = BeautifulSoup((project / "site" / "chapters" / "4" / "index.html").read_text("utf-8"), "html.parser")
    intro = chapter.select_one(".opdhub-intro")
    assert intro.select("img, a") == [] and "<img src=x onerror=alert(2)> [link](javascript:alert(3))" in intro.get_text()
