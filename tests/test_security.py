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

from mkdocs_opdhub.formats.escape import md_text, safe_url
from mkdocs_opdhub.tools import export

EXAMPLE = REPO / "examples" / "deep-learning-classics"

LINK_VENUE = "x](javascript:alert(document.domain)) | [y"
ATTR_VENUE = "Evil { onmouseover=alert(1) style=position:fixed }"
HTML_VENUE = "<img src=x onerror=alert(2)> & <b>bold</b>"
LABEL = "Speech](javascript:alert(3)) {: onclick=alert(4) } *em* `code`"
FACET_LABEL = "Modality <i>x</i> {: onmouseover=alert(5) }"


def hostile_paper(folder: Path, paper_id: str, venue: str) -> None:
    write_paper(
        folder,
        paper_id,
        id=paper_id,
        title=f"Hostile {paper_id}",
        authors=["Doe, Jane"],
        year=2020,
        date="2020-01",
        url=f"https://example.org/{paper_id}",
        chapter="training",
        section="regularisation",
        modality=["speech"],
        venue=venue,
        added="2026-11-01",
        mechanism=None,
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n", "utf-8")
    taxonomy = root / "taxonomy.yml"
    text = taxonomy.read_text("utf-8")
    assert "{id: speech, label: Speech}" in text and "label: Modality" in text
    text = text.replace("{id: speech, label: Speech}", f"{{id: speech, label: {LABEL!r}}}")
    text = text.replace("label: Modality", f"label: {FACET_LABEL!r}", 1)
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


@pytest.mark.parametrize(
    "text",
    [
        LINK_VENUE,
        ATTR_VENUE,
        HTML_VENUE,
        LABEL,
        "- item",
        "+ item",
        "# h",
        "a\nb\x00c",
        "> quote",
        "_em_ and __strong__",
        "snake_case_name",
        "a \\ b",
    ],
)
def test_md_text_renders_literally(text):
    import markdown

    html = markdown.markdown(
        f"| {md_text(text)} |\n| -- |\n| x |\n\n# {md_text(text)}\n\n{md_text(text)}",
        extensions=["tables", "attr_list"],
    )
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
    hostile_paper(folder / "papers", "9999.00001", '=HYPERLINK("https://evil","x")')
    write_paper(
        folder / "papers",
        "9999.00002",
        id="9999.00002",
        title="+cmd|' /C calc'!A0",
        authors=["@SUM(1+1)", "Doe, Jane"],
        year=2020,
        url="https://example.org/2",
        chapter="training",
        summary="-2+3",
        added="2026-11-01",
        mechanism=None,
        date=None,
    )
    monkeypatch.chdir(folder)
    status, out, err = run(capsys, "export", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    by_id = {r["id"]: r for r in rows}
    assert by_id["9999.00001"]["venue"] == '\'=HYPERLINK("https://evil","x")'
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
    for bad in (
        "javascript:alert(1)",
        "https://a b",
        "https://a<b",
        "https://a>b",
        'https://a"b',
        "ftp://x",
        "https://a\nb",
        "data:text/html,x",
        "",
    ):
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
        "A real listing:\n\n" + directive + "\n",
        "utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "site" / "howto" / "index.html").read_text("utf-8"), "html.parser")
    codes = [c.get_text() for c in soup.select("article pre code")]
    assert len(codes) == 2
    assert directive in codes[0] and broken in codes[0]
    assert directive in codes[1] and broken in codes[1]
    assert "opdhub:block" not in soup.get_text() and "opdhub:block" not in str(soup)
    assert soup.select("article .opdhub-card, article [data-opdhub-listing]"), "the directive outside did not expand"


# -- A1: front matter MkDocs could refuse is never written -----------------------------------------

REFUSED_IN_FRONT_MATTER = [
    "\x80",
    "\x86",
    "\x9f",
    "\ufffe",
    "\uffff",
    "\x85",
    "\u2028",
    "\u2029",
    "\ud800",
    "\x00",
    "\x1b",
    "\t",
    "\\",
    '"',
    "'",
    ": ",
    "#",
    "---",
    "{a: b}",
    "&x",
    "*x",
    "!tag",
    "%",
]


@pytest.mark.parametrize("char", REFUSED_IN_FRONT_MATTER)
def test_generated_front_matter_is_never_refused(char):
    from mkdocs.utils.meta import get_data

    from mkdocs_opdhub.site.plan import PageSpec

    title = f"Venue: [x](javascript:alert(1)) {char} {{: onmouseover=alert(1) }} <b>&</b>"
    body, meta = get_data(PageSpec("venue/x.md", title, "body\n", "value").source())
    assert set(meta) <= {"title", "search"} and body.strip() == "body"  # listing pages leave the site search
    assert meta["title"].startswith("Venue: [x](javascript:alert(1)) ") and meta["title"].endswith(
        " {: onmouseover=alert(1) } ‹b›＆‹/b›"
    )
    assert not set('<>&"`') & set(meta["title"]) and meta["title"].isprintable()


def test_open_facet_value_mkdocs_refuses_in_front_matter_stays_text(tmp_path):
    """A venue holding a C1 control or U+FFFE (a YAML escape) used to make MkDocs drop the value page's
    front matter and render its title line as Markdown: live links and attribute lists."""
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n", "utf-8")
    venues = {
        "9999.00001": "[x](javascript:alert(1)) \\x86 {: onmouseover=alert(1) }",
        "9999.00002": "[y](javascript:alert(2)) \\ufffe {: onclick=alert(2) }",
    }
    for paper_id, venue in venues.items():
        write_paper(
            root / "papers",
            paper_id,
            f'id: "{paper_id}"\ntitle: Hostile\nauthors: ["Doe, Jane"]\nyear: 2020\n'
            f'url: https://example.org/{paper_id}\nchapter: training\nadded: 2026-11-01\nvenue: "{venue}"\n',
        )
    result = mkdocs_build(root, strict=False)
    assert result.returncode == 0, result.stderr
    for paper_id in venues:
        if f"papers/{paper_id}.yaml:" in result.stderr:
            continue  # refused by validation, with its place: nothing reaches a page
        assert paper_id in (root / "site" / "papers" / "index.html").read_text("utf-8")
    for page in (root / "site").rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert not soup.select("a[href^=javascript], [onmouseover], [onclick]"), page
        article = soup.select_one("article")
        assert article is None or "title:" not in article.get_text(), page


# -- A2: taxonomy text is untrusted everywhere it is printed -----------------------------------------


@pytest.fixture(scope="module")
def hostile_taxonomy_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("taxonomy") / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n  - pymdownx.superfences\n",
        "utf-8",
    )
    import yaml

    data = yaml.safe_load((root / "taxonomy.yml").read_text("utf-8"))
    data["survey"]["title"] = "Survey </title><script>alert(1)</script>"
    data["survey"]["description"] = "Read [this](javascript:alert(2)) and <img src=x onerror=alert(3)> *now*."
    data["survey"]["citation"] = "@misc{x,\n```\n<img src=x onerror=alert(4)>\n```\n}"
    chapter = data["chapters"][1]
    chapter["title"] = "<script>alert(5)</script> Training"
    chapter["intro"] = (
        "[x](javascript:alert(6)) [ok](https://example.org/ok) <b onclick=alert(7)>b</b> *em* "
        "![pic](https://example.org/tracker.png)"
    )
    chapter["sections"][0]["title"] = '<img src=x onerror=alert(8)> "Opt"'
    modality = next(f for f in data["facets"] if f["field"] == "modality")
    modality["label"] = "</title><svg onload=alert(9)>"
    modality["values"][0]["label"] = '" onmouseover="alert(10)'
    (root / "taxonomy.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_taxonomy_text_is_text_in_nav_titles_headings_and_chips(hostile_taxonomy_site):
    pages = list(hostile_taxonomy_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert not [s for s in soup.select("script") if "alert" in s.get_text()], page
        assert not soup.select("img[src=x], svg[onload], a[href^=javascript], [onclick], [onmouseover], [onerror]"), (
            page
        )
        title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)
        assert "<" not in title and ">" not in title, (page, title)
        nav = " ".join(a.get_text(" ", strip=True) for a in soup.select("nav a"))
        if page.parent.parent.name != "papers":  # a paper page's compact nav lists the top-level entries only
            assert "‹script›alert(5)‹/script› Training" in nav, page  # the nav shows the title, as text
    chapter = BeautifulSoup(
        (hostile_taxonomy_site / "chapters" / "training" / "index.html").read_text("utf-8"), "html.parser"
    ).select_one("article")
    assert chapter.select_one("h1").get_text().rstrip("¶").strip() == "2. <script>alert(5)</script> Training"
    assert [a["href"] for a in chapter.select("p a")][:1] == ["https://example.org/ok"]  # intro Markdown works…
    assert (
        chapter.select_one("p em").get_text() == "em" and "<b onclick=alert(7)>b</b>" in chapter.get_text()
    )  # …HTML is text
    assert not chapter.select("img")  # an image would be a request to another host
    assert any(h.get_text().startswith('2.1 <img src=x onerror=alert(8)> "Opt"') for h in chapter.select("h2, h3"))
    home = BeautifulSoup((hostile_taxonomy_site / "index.html").read_text("utf-8"), "html.parser")
    code = home.select_one("article pre code").get_text()
    assert "<img src=x onerror=alert(4)>" in code and code.count("```") == 2  # the citation cannot close its block
    assert "<img src=x onerror=alert(3)>" in home.select_one("article").get_text()
    chips = [
        c.get_text()
        for page in (hostile_taxonomy_site / "papers").glob("*/index.html")  # cards are compact:
        for c in BeautifulSoup(page.read_text("utf-8"), "html.parser").select(".opdhub-chip")
    ]  # paper pages
    assert '" onmouseover="alert(10)' in chips


# -- A6: paper ids and the page's own ids live in separate namespaces --------------------------------


def test_paper_ids_cannot_take_the_ids_of_headings_or_the_filter(tmp_path):
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    clashing = [
        "recently-added",
        "opdhub-announce",
        "opdhub-cite-dialog",
        "opdhub-cite-title",
        "opdhub-panel-1",
        "cite-the-survey",
        "chapters",
    ]
    for paper_id in clashing:
        write_paper(
            root / "papers",
            paper_id,
            id=paper_id,
            title=f"Paper {paper_id}",
            authors=["Doe, Jane"],
            year=2026,
            date="2026-11",
            url=f"https://example.org/{paper_id}",
            chapter="training",
            added="2026-12-01",
            mechanism=None,
        )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for page in (root / "site").rglob("*.html"):
        ids = re.findall(r'\sid="([^"]*)"', page.read_text("utf-8"))
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))
    home = BeautifulSoup((root / "site" / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one('h2[id="recently-added"]') is not None
    listing = BeautifulSoup((root / "site" / "papers" / "index.html").read_text("utf-8"), "html.parser")
    card = listing.select_one('article[data-paper-id="recently-added"]')
    assert card["id"] == "paper:recently-added"  # (the script adds the "#paper:…" permalink, see cards.js)
    scripts = "".join(p.read_text("utf-8") for p in (root / "site" / "assets" / "opdhub").glob("*.js"))
    assert "getElementById" in scripts and not re.findall(r'id: "opdhub-|getElementById\("opdhub-', scripts)


# -- A7: DOIs follow the DOI syntax; exports escape every text and URL --------------------------------


@pytest.mark.parametrize(
    "doi",
    [
        "10.1234/x)[y](javascript:alert(1)",
        "10.1234/a b",
        "10.1234/<script>",
        '10.1234/"x',
        "10.1234/x`y`",
        "10.12/x",
        "11.1234/x",
        "10.1234/",
        "10.1234/x]",
    ],
)
def test_malformed_dois_are_refused(tmp_path, monkeypatch, capsys, doi):
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    write_paper(
        root / "papers",
        "9999.00001",
        id="9999.00001",
        title="A paper",
        authors=["Doe, Jane"],
        year=2020,
        url="https://example.org/1",
        chapter="training",
        added="2026-11-01",
        mechanism=None,
        date=None,
        doi=doi,
    )
    monkeypatch.chdir(root)
    status, out, err = run(capsys, "validate")
    assert status == 1 and "papers/9999.00001.yaml:" in out + err and "is not a DOI" in out + err, out + err


def test_readme_export_keeps_dois_and_urls_inside_their_links(tmp_path, monkeypatch, capsys):
    import markdown

    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    doi = "10.1002/x)(y:z"  # unbalanced: it used to end the link early
    fields = dict(
        id="9999.00001",
        title="A [paper](javascript:alert(1))",
        authors=["Doe, Jane"],
        year=2020,
        chapter="training",
        added="2026-11-01",
        mechanism=None,
        date=None,
        doi=doi,
    )
    # URLs that would break out of a Markdown link are refused, with where and the encoded fix
    write_paper(
        root / "papers",
        "9999.00001",
        **fields,
        url="https://example.org/a)](javascript:alert(2))",
        code=["https://example.org/c)(javascript:alert(3)"],
    )
    monkeypatch.chdir(root)
    status, out, err = run(capsys, "export", "readme")
    assert status == 1 and out == ""
    assert (
        "papers/9999.00001.yaml:7:27: error: url:" in err
        and "percent-encode it: 'https://example.org/a%29%5D%28" in err
    )
    assert "papers/9999.00001.yaml:9:" in err and "code[0]" in err
    # their encoded forms stay inside their links, as does the DOI
    url, code = (
        "https://example.org/a%29%5D%28javascript:alert%282%29%29",
        "https://example.org/c%29%28javascript:alert%283%29",
    )
    write_paper(root / "papers", "9999.00001", **fields, url=url, code=[code])
    status, out, err = run(capsys, "export", "readme")
    assert status == 0, err
    soup = BeautifulSoup(markdown.markdown(out, extensions=["attr_list", "md_in_html", "tables"]), "html.parser")
    line = next(li for li in soup.select("li") if "A [paper]" in li.get_text())
    hrefs = [a["href"] for a in line.select("a")]
    assert hrefs == [url, "https://doi.org/" + doi.replace(")", "%29").replace("(", "%28"), code], hrefs
    assert line.select_one("a").get_text() == "A [paper](javascript:alert(1))"


# -- A11: config text the theme prints unescaped --------------------------------------------------------


def test_site_description_with_quotes_and_markup_keeps_the_meta_tag_whole(tmp_path):
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    description = 'The list of the survey "Classics" onmouseover="alert(1)" <b>x</b> & more'
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        re.sub(r"^site_description:.*$", "site_description: " + json_quote(description), text, flags=re.M), "utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "papers/index.html", "about/index.html"):
        head = BeautifulSoup((root / "site" / page).read_text("utf-8"), "html.parser").head
        metas = head.select('meta[name="description"]')
        assert len(metas) == 1 and metas[0]["content"] == description and set(metas[0].attrs) == {"name", "content"}
        assert not head.select("b, [onmouseover]")


def json_quote(text: str) -> str:
    import json

    return json.dumps(text)


def test_survey_and_chapter_intro_are_text_on_the_home_and_chapter_pages(project):
    """The hero and the chapter intros print taxonomy text escaped, links only as http(s)."""
    taxonomy = (project / "taxonomy.yml").read_text("utf-8")
    taxonomy = taxonomy.replace(
        "title: A Survey of On-Policy Distillation for Large Language Models\n",
        "title: 'Survey <script>window.x=1</script> *em*'\n  pdf: 'javascript:alert(1)'\n",
        1,
    )
    taxonomy = taxonomy.replace('authors: ["Song, Mingyang", "Zheng, Mao"]', 'authors: ["<b>Song</b>, M."]', 1)
    taxonomy = taxonomy.replace(
        "    intro: >-\n      Papers on what the student minimises",
        "    intro: >-\n      <img src=x onerror=alert(2)> [link](javascript:alert(3)) Papers on what the student minimises",
        1,
    )
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
    assert all(
        a["href"].startswith(("http", "#", "papers", "./", "../")) or a["href"].endswith(".json")
        for a in hero.select("a")
    )
    chapter = BeautifulSoup((project / "site" / "chapters" / "4" / "index.html").read_text("utf-8"), "html.parser")
    intro = chapter.select_one(".opdhub-intro")
    assert (
        intro.select("img, a") == [] and "<img src=x onerror=alert(2)> [link](javascript:alert(3))" in intro.get_text()
    )
