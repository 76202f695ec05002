"""Discovering the list: relations and related papers on paper pages, the Graph and Trends pages,
chapter charts, the "New" badge and the feeds, checked on real strict builds."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build, write_paper

HOSTILE = 'Evil </title><script>alert(1)</script> & "quotes" ]]> <![CDATA[x'
BUILD_DAY = dt.date(2026, 11, 20)
EPOCH = str(int(dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc).timestamp()))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The OPDHub site plus papers with declared relations, shared authors and code, a hostile
    title, and recent 'added' dates; built with a fixed SOURCE_DATE_EPOCH."""
    root = copy_project(tmp_path_factory.mktemp("discover") / "project")
    papers = root / "papers"
    write_paper(
        papers,
        "2611.00001",
        title="Base method for reverse divergence",
        authors=["Doe, Jane", "Roe, Richard"],
        code=["https://github.com/example/opd"],
        added="2026-11-15",
        chapter="4",
        section=None,
    )
    write_paper(
        papers,
        "2611.00002",
        title=HOSTILE,
        authors=["Jane Doe", "Roe, Richard", "Poe, Ed"],
        code=["https://github.com/Example/OPD/tree/main/x"],
        added="2026-11-19",
        related=[
            {"id": "2611.00001", "type": "builds-on", "note": "same <b>loss</b>"},
            {"id": "2306.13649", "type": "compares-with"},
        ],
    )
    write_paper(
        papers,
        "2611.00003",
        title="An older addition",
        added="2026-09-01",
        related=[{"id": "2611.00001", "type": "same-method"}],
    )
    import os

    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = mkdocs_build(root)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    assert result.returncode == 0, result.stderr
    return root / "site"


def all_papers(site: Path) -> list[dict]:
    return json.loads((site / "papers.json").read_text("utf-8"))["papers"]


# -- paper pages ---------------------------------------------------------------------------------
def test_paper_pages_list_relations_both_ways_grouped_by_type(site):
    base = soup(site / "papers" / "2611.00001" / "index.html")
    groups = {
        dt.get_text(strip=True): [a.get_text() for a in dt.find_next_sibling("dd").select("a")]
        for dt in base.select(".opdhub-relations dt")
    }
    assert groups == {
        "Built on by": [HOSTILE],
        "Uses the same method as": ["An older addition"],
        "Shares authors with": [HOSTILE],  # Doe, Jane = Jane Doe; Roe, Richard
        "Shares a code repository with": [HOSTILE],  # github.com/example/opd, whatever the case and path
    }
    hostile = soup(site / "papers" / "2611.00002" / "index.html")
    labels = [dt.get_text(strip=True) for dt in hostile.select(".opdhub-relations dt")]
    assert labels[:2] == ["Builds on", "Compares with"]
    assert "same <b>loss</b>" in hostile.select_one(".opdhub-relations__note").get_text()  # shown as text
    assert hostile.select_one(".opdhub-relations b") is None and hostile.select_one(".opdhub-paper script") is None
    gkd = soup(site / "papers" / "2306.13649" / "index.html")
    assert [dt.get_text(strip=True) for dt in gkd.select(".opdhub-relations dt")][0] == "Compared with by"
    link = base.select_one(".opdhub-relations a")
    assert link["href"] == "../../papers/2611.00002/"  # up to the site root and down: any depth works


def test_every_paper_page_has_related_papers_with_reasons(site):
    pages = sorted((site / "papers").glob("*/index.html"))
    assert len(pages) == len(all_papers(site))
    without = [p for p in pages if not soup(p).select(".opdhub-related li")]
    assert without == []
    page = soup(site / "papers" / "2611.00001" / "index.html")
    items = page.select(".opdhub-related li")
    assert 1 <= len(items) <= 5
    reasons = [li.select_one(".opdhub-related__why").get_text() for li in items]
    assert all(reasons), reasons
    assert any("words: " in r or "Chapter: " in r or "Mechanism: " in r for r in reasons)


# -- the New badge, recently added, the feeds ------------------------------------------------------
def test_new_badge_counts_from_the_build_date(site):
    page = soup(site / "papers" / "index.html")
    new = {card["data-paper-id"] for card in page.select("article.opdhub-card") if card.select_one(".opdhub-badge-new")}
    assert new == {"2611.00001", "2611.00002"}  # added within 30 days of 2026-11-20; 2026-09-01 is not
    assert soup(site / "papers" / "2611.00002" / "index.html").select_one("h1 .opdhub-badge-new") is not None


def test_home_page_recently_added_by_added_date(site):
    home = soup(site / "index.html")
    heading = next(h for h in home.select("h2") if h.get_text(strip=True).startswith("Recently added"))
    first = heading.find_next("article")
    assert first["data-paper-id"] == "2611.00002"


def test_rss_and_json_feeds_validate_escape_and_are_linked(site):
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert not rss.bozo, rss.bozo_exception
    assert rss.version == "rss20"
    assert rss.entries[0].title == HOSTILE
    assert rss.entries[0].id == rss.entries[0].link == "http://127.0.0.1:8000/papers/2611.00002/"
    assert rss.entries[0].published_parsed[:3] == (2026, 11, 19)
    assert len(rss.entries) == 50
    tree = ET.parse(site / "feed.xml")  # well-formed XML, the title text exactly what the file says
    assert tree.find("channel/item/title").text == HOSTILE

    feed = json.loads((site / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and isinstance(feed["items"], list) and feed["feed_url"] == "http://127.0.0.1:8000/feed.json"
    for item in feed["items"]:
        assert item["id"] and ("content_text" in item or "content_html" in item)
        dt.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
    assert feed["items"][0]["title"] == HOSTILE
    assert "</" not in (site / "feed.json").read_text("utf-8")

    papers = {p["id"]: p for p in all_papers(site)}
    chapter = soup(site / "chapters" / "4" / "index.html")
    alternates = [(link["type"], link["href"]) for link in chapter.select('head link[rel="alternate"]')]
    assert alternates == [
        ("application/rss+xml", "../../feed.xml"),  # relative: the site's own origin
        ("application/feed+json", "../../feed.json"),
        ("application/rss+xml", "../../feeds/4.xml"),
        ("application/feed+json", "../../feeds/4.json"),
    ]
    four = feedparser.parse((site / "feeds" / "4.xml").read_bytes())
    assert not four.bozo and four.entries
    assert {papers[e.link.rstrip("/").rsplit("/", 1)[-1]]["chapter"] for e in four.entries} == {"4"}
    home = soup(site / "index.html")
    assert len(home.select('head link[rel="alternate"]')) == 2


def test_feeds_are_the_same_from_build_to_build(site, tmp_path):
    import os
    import shutil

    root = tmp_path / "again"
    shutil.copytree(site.parent, root, ignore=shutil.ignore_patterns("site"))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assert mkdocs_build(root).returncode == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    for name in ("feed.xml", "feed.json", "feeds/5.xml", "graph.json"):
        assert (root / "site" / name).read_bytes() == (site / name).read_bytes(), name


# -- trends and chapter charts ---------------------------------------------------------------------
def table(figure) -> list[list[str]]:
    return [[c.get_text(strip=True) for c in row.select("th, td")] for row in figure.select("table tr")]


def test_trends_page_charts_with_accessible_tables(site):
    page = soup(site / "trends" / "index.html")
    figures = page.select("figure.opdhub-chart")
    assert [f["data-opdhub-chart"] for f in figures] == [
        "months",
        "months",
        "matrix",
        "matrix",
        "over-time",
        "over-time",
        "over-time",
        "share",
    ]
    for figure in figures:
        svg = figure.select_one("svg")
        assert svg["role"] == "img"
        title, desc = svg.select_one("title"), svg.select_one("desc")
        assert title.get_text() and desc.get_text() and svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
        assert figure.select("table th[scope=col]")
    papers = all_papers(site)
    months = table(figures[0])
    head, rows = months[0], months[1:]
    assert head[0] == "Month" and head[-1] == "Total"
    dated = [p for p in papers if p.get("date") and len(p["date"]) >= 7]
    assert sum(int(r[-1]) for r in rows) == len(dated)
    assert all(sum(int(x) for x in r[1:-1]) == int(r[-1]) for r in rows)
    matrix = table(figures[2])
    counts = Counter((p["chapter"], p["mechanism"]) for p in papers)
    row4 = next(r for r in matrix if r[0].startswith("4 ·"))
    assert int(row4[matrix[0].index("Direct OPD")]) == counts[("4", "direct_opd")]
    share = table(figures[-1])
    by_year = Counter(str(p["year"]) for p in papers)
    with_code = Counter(str(p["year"]) for p in papers if p["code"])
    assert [r[:3] for r in share[1:]] == [[y, str(with_code[y]), str(by_year[y])] for y in sorted(by_year)]
    # a facet only part of the list carries: its charts say how much, and draw the classified papers only
    domain, signal = figures[3], figures[4]
    classified = sum(1 for p in papers if p["domain"] != "unclassified")
    assert 0 < classified < len(papers)
    note = f"Classified: {classified} of {len(papers)} papers."
    assert note in domain.select_one(".opdhub-chart__note").get_text() and note in domain.select_one("desc").get_text()
    assert table(domain)[0][-1] == "Not classified"  # counted in the table, not drawn as a column
    assert "Not classified" not in [label.get_text() for label in domain.select("svg text")]
    row5 = next(r for r in table(domain) if r[0].startswith("5 ·"))
    assert int(row5[-1]) == sum(1 for p in papers if p["chapter"] == "5" and p["domain"] == "unclassified")
    head, *rows = table(signal)
    assert (
        head[-2:] == ["Not classified", "Papers"]
        and "Not classified" not in signal.select_one(".opdhub-chart__legend").get_text()
    )
    assert sum(int(r[-2]) for r in rows) == sum(1 for p in papers if p["signal"] == "unclassified")
    with_signal = sum(1 for p in papers if p["signal"] != "unclassified")
    assert f"Classified: {with_signal} of {len(papers)} papers." in signal.select_one(".opdhub-chart__note").get_text()
    fills = {rect["class"][0] for rect in figures[0].select("rect")}
    assert fills <= {f"opdhub-series-{i}" for i in range(10)}  # colours are CSS variables: both palettes
    assert "fill=" not in str(figures[0].select_one("rect"))


def test_every_chapter_page_has_a_small_chart(site):
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
    papers = all_papers(site)
    for chapter in taxonomy["chapters"]:
        page = soup(site / "chapters" / str(chapter["id"]) / "index.html")
        figure = page.select_one("figure.opdhub-chart--small")
        assert figure is not None, chapter["id"]
        rows = table(figure)[1:]
        dated = [p for p in papers if p["chapter"] == str(chapter["id"]) and p.get("date") and len(p["date"]) >= 7]
        assert sum(int(r[-1]) for r in rows) == len(dated)


# -- the graph page --------------------------------------------------------------------------------
def test_graph_page_data_and_no_script_list(site):
    graph = json.loads((site / "graph.json").read_text("utf-8"))
    papers = all_papers(site)
    assert [n[0] for n in graph["nodes"]] == [p["id"] for p in papers]
    assert all(isinstance(n[1], (int, float)) and isinstance(n[2], (int, float)) for n in graph["nodes"])
    assert len({(n[1], n[2]) for n in graph["nodes"]}) == len(papers)  # no two papers on one spot
    types = [t["id"] for t in graph["types"]]
    index = {n[0]: i for i, n in enumerate(graph["nodes"])}
    edges = {(e[0], e[1], types[e[2]]) for e in graph["edges"]}
    assert (index["2611.00002"], index["2611.00001"], "builds-on") in edges
    page = soup(site / "graph" / "index.html")
    root = page.select_one("[data-opdhub-graph]")
    assert root["data-opdhub-graph-data"] == "../graph.json"
    assert (site / "graph" / root["data-opdhub-lib"]).resolve().is_file()
    assert page.select_one("[data-opdhub-filter][data-opdhub-universe=all]") is not None
    items = [" ".join(li.get_text(" ").split()) for li in page.select(".opdhub-graph__list li")]
    expected = f"{HOSTILE} builds on Base method for reverse divergence (same <b>loss</b>)"
    assert " ".join(expected.split()) in items
    assert page.select_one(".opdhub-graph__list script") is None
    vendor = site / "assets" / "opdhub" / "vendor" / "cytoscape"
    assert (vendor / "LICENSE").is_file() and "cytoscape 3." in (vendor / "VERSION").read_text("utf-8")


def test_nav_has_discover_section(site):
    home = soup(site / "index.html")
    links = {a.get_text(" ", strip=True): a["href"] for a in home.select(".md-nav--primary a.md-nav__link[href]")}
    assert links["Graph"] == "graph/" and links["Trends"] == "trends/"


# -- mistakes --------------------------------------------------------------------------------------
def test_dangling_relation_fails_a_strict_build_with_its_location(project):
    write_paper(project / "papers", "2611.00009", related=[{"id": "2611.99999", "type": "builds-on"}])
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "papers/2611.00009.yaml:10:9: error: related[0].id: '2611.99999' is not a paper of the list; "
        "the relation is left out"
    ) in result.stderr
    relaxed = mkdocs_build(project, strict=False)
    assert relaxed.returncode == 0
    assert (project / "site" / "papers" / "2611.00009" / "index.html").is_file()  # the paper stays


def test_bad_chart_directive_is_located(project):
    page = project / "docs" / "about.md"
    page.write_text(page.read_text("utf-8") + "\n<!-- opdhub chart months by=mechansim -->\n", "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "'mechansim' is not a facet" in result.stderr and "docs/about.md:" in result.stderr


def test_features_can_be_switched_off(project):
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      papers_dir: papers\n",
        "      papers_dir: papers\n      graph: false\n      trends: false\n"
        "      feeds: false\n      related: 0\n      new_days: 0\n",
    )
    config.write_text(text, "utf-8")
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    assert not (site / "graph").exists() and not (site / "trends").exists() and not (site / "feed.xml").exists()
    assert not soup(site / "chapters" / "4" / "index.html").select("figure.opdhub-chart")
    assert not soup(site / "papers" / "1606.07947" / "index.html").select(".opdhub-related")
