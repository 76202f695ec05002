"""Real ``mkdocs build --strict`` runs of the OPDHub site, checked by parsing the HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, write_paper

TAXONOMY = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
PAPERS = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((REPO / "papers").glob("*.yaml"))]
SHARED_CATALOG = REPO.parent / "shared" / "data" / "opd-catalog.json"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def cards(page: BeautifulSoup) -> list:
    return page.select("article.opdhub-card")


def listing_records(page_file: Path) -> dict[str, dict]:
    """The records of the data file a page's listing names (data-opdhub-data), by paper id."""
    group = soup(page_file).select_one("[data-opdhub-data]")
    data = json.loads((page_file.parent / group["data-opdhub-data"]).read_text("utf-8"))
    return {r["id"]: r for r in data["papers"]}


@pytest.mark.skipif(
    not SHARED_CATALOG.is_file(),
    reason="the shared catalog snapshot sits beside the repository only in the project's own CI",
)
def test_every_catalog_paper_has_a_file():
    catalog = json.loads(SHARED_CATALOG.read_text("utf-8"))["papers"]
    assert len(PAPERS) == len(catalog) == 305
    assert {p["id"] for p in PAPERS} == {p["id"] for p in catalog}
    first_line = (REPO / "papers" / "1606.07947.yaml").read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/paper.schema.json"


def test_all_papers_page_lists_every_title(opd_site):
    page = soup(opd_site / "papers" / "index.html")
    found = cards(page)
    assert len(found) == 305
    assert {c["data-paper-id"] for c in found} == {str(p["id"]) for p in PAPERS}
    titles = {c.select_one(".opdhub-card__title").get_text(strip=True) for c in found}
    assert titles == {p["title"] for p in PAPERS}


def test_chapter_pages_in_survey_order_with_counts(opd_site):
    home = soup(opd_site / "index.html")
    nav_links = [a.get_text(" ", strip=True) for a in home.select(".md-nav--primary a.md-nav__link")]
    expected = [f"{c['number']}. {c['title']}" if c.get("number") else c["title"] for c in TAXONOMY["chapters"]]
    positions = [nav_links.index(title) for title in expected]
    assert positions == sorted(positions), nav_links
    per_chapter = Counter(str(p["chapter"]) for p in PAPERS)
    for chapter in TAXONOMY["chapters"]:
        page = soup(opd_site / "chapters" / chapter["id"] / "index.html")
        found = cards(page)
        assert len({c["data-paper-id"] for c in found}) == per_chapter[chapter["id"]] > 0
        records = listing_records(opd_site / "chapters" / chapter["id"] / "index.html")  # the site's listing store
        assert set(records) == {str(p["id"]) for p in PAPERS}
        assert {i for i, r in records.items() if r["chapter"] == chapter["id"]} == {c["data-paper-id"] for c in found}
        assert f"{per_chapter[chapter['id']]} papers in this chapter" in page.get_text(" ")


def test_chapter_page_groups_by_mechanism_newest_first(opd_site):
    page = soup(opd_site / "chapters" / "4" / "index.html")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    labels = {v["id"]: v["label"] for v in TAXONOMY["facets"][1]["values"]}
    mechanisms = [m for m in labels if any(p["mechanism"] == m and str(p["chapter"]) == "4" for p in PAPERS)]
    assert headings == [labels[m] for m in mechanisms]
    records = listing_records(opd_site / "chapters" / "4" / "index.html")
    for group in page.select(".opdhub-cards"):
        dates = [
            records[c["data-paper-id"]].get("date") or str(records[c["data-paper-id"]]["raw"]["year"])
            for c in group.select("article")
        ]
        assert dates == sorted(dates, reverse=True)


def test_a_page_per_facet_value(opd_site):
    for facet, values in {
        "mechanism": ["direct-opd", "hybrid-opd", "analysis", "application", "background"],
        "loss": ["fkl", "rkl", "kl-rl", "f-divergence", "unclassified"],
        "year": ["2026", "2025", "2010"],
        "has-code": ["yes", "no"],
    }.items():
        index = soup(opd_site / facet / "index.html")
        for value in values:
            assert (opd_site / facet / value / "index.html").is_file(), (facet, value)
            assert index.select_one(f'a[href="{value}/"]'), (facet, value)
    page = soup(opd_site / "mechanism" / "hybrid-opd" / "index.html")
    assert len(cards(page)) == sum(p["mechanism"] == "hybrid_opd" for p in PAPERS)
    page = soup(opd_site / "loss" / "kl-rl" / "index.html")
    assert len(cards(page)) == sum(p.get("loss") == "KL+RL" for p in PAPERS)
    page = soup(opd_site / "has-code" / "yes" / "index.html")
    assert len(cards(page)) == sum(bool(p.get("code")) for p in PAPERS)


def test_card_title_leads_to_the_paper_page_whose_chips_link_to_category_pages(opd_site):
    page = soup(opd_site / "chapters" / "5" / "index.html")
    records = listing_records(opd_site / "chapters" / "5" / "index.html")
    paper_id = next(i for i, r in records.items() if r.get("loss") == "RKL" and r["chapter"] == "5")
    card = page.select_one(f'article[data-paper-id="{paper_id}"]')
    assert card is not None and card.get("id") == "paper:" + paper_id
    assert card.select_one(".opdhub-card__title a")["href"] == f"../../papers/{paper_id}/"
    paper_page = opd_site / "papers" / paper_id / "index.html"
    hrefs = {a.parent["data-facet"]: a["href"] for a in soup(paper_page).select("a.opdhub-chip")}
    assert hrefs["loss"] == "../../loss/rkl/"
    assert hrefs["year"].startswith("../../year/")
    assert hrefs["mechanism"].startswith("../../mechanism/")
    assert soup(paper_page).select_one('dd a[href="../../chapters/5/"]')
    for href in hrefs.values():
        assert (paper_page.parent / href / "index.html").resolve().is_file()


def test_nav_does_not_grow_with_values(opd_site):
    home = soup(opd_site / "index.html")
    nav = [a["href"] for a in home.select(".md-nav--primary a.md-nav__link[href]")]
    assert not any("direct-opd" in href or "year/20" in href for href in nav)
    # chapters, facets, generated pages (graph, trends) and the site's own guides: no value, no paper
    assert len(nav) < 36


def test_value_pages_show_their_own_title_contents_and_the_whole_nav(opd_site):
    """Value pages render the nav, header and sidebars once per folder (opdhub/off-nav-page.html):
    each must still show its own title and table of contents, and a nav leading where the home
    page's does, from any folder."""

    def nav_targets(page_file: Path) -> set[Path]:
        links = soup(page_file).select(".md-nav--primary a.md-nav__link[href]")
        return {(page_file.parent / a["href"]).resolve() for a in links if not a["href"].startswith("#")}

    home = nav_targets(opd_site / "index.html")
    assert len(home) > 5
    for folder, value in [("mechanism", "direct-opd"), ("mechanism", "hybrid-opd"), ("loss", "rkl"), ("year", "2025")]:
        page_file = opd_site / folder / value / "index.html"
        page = soup(page_file)
        title = page.select_one("title").get_text().rsplit(" - ", 1)[0]
        assert page.select_one('[data-md-component="header-topic"] .md-ellipsis').get_text(strip=True) == title
        toc = [a["href"] for a in page.select(".md-nav--secondary a.md-nav__link")]
        assert toc and toc == ["#" + h["id"] for h in page.select("article h2[id]")], page_file
        assert nav_targets(page_file) == home, page_file
        assert not page.select(".md-nav--primary .md-nav__link--active")


def test_papers_json(opd_site):
    data = json.loads((opd_site / "papers.json").read_text("utf-8"))
    assert data["version"] == 1
    assert [f["field"] for f in data["facets"]] == [f["field"] for f in TAXONOMY["facets"]]
    assert len(data["papers"]) == 305
    by_id = {p["id"]: p for p in data["papers"]}
    sample = by_id["1606.07947"]
    assert sample["chapter"] == "background" and sample["mechanism"] == "background"
    assert sample["loss"] == "unclassified" and sample["year"] == "2016" and sample["has_code"] == "yes"
    assert sample["url"] == "papers/1606.07947/" and sample["link"] == "https://arxiv.org/abs/1606.07947"
    loss = next(f for f in data["facets"] if f["field"] == "loss")
    counts = Counter(p.get("loss", "unclassified") for p in PAPERS)
    assert {v["id"]: v["count"] for v in loss["values"]} == {
        k: counts.get(k, 0) for k in [v["id"] for v in loss["values"]]
    }
    for record in data["papers"]:
        assert record["url"] == f"papers/{record['id']}/"
        assert (opd_site / record["url"] / "index.html").is_file()


def test_home_page_counts_and_recent(opd_site):
    home = soup(opd_site / "index.html")
    text = " ".join(home.get_text(" ").split())
    assert "305 papers" in text
    rows = {
        li.select_one(".opdhub-chapters__title").get_text(strip=True): int(
            li.select_one(".opdhub-chapters__count").get_text(strip=True).split()[0]
        )
        for li in home.select(".opdhub-chapters__item")
    }
    per_chapter = Counter(str(p["chapter"]) for p in PAPERS)
    assert rows["4. Objectives and update rules"] == per_chapter["4"]
    assert rows["Foundations and related background"] == per_chapter["background"]
    assert len(cards(home)) == 10


def test_hostile_paper_is_escaped(project):
    write_paper(
        project / "papers",
        "evil",
        title='<script>alert(1)</script><img src=x onerror=alert(2)> & "q"',
        authors=["<b>Mallory</b>"],
        summary="<iframe src=javascript:alert(3)></iframe>",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "papers" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    card = page.select_one('article[data-paper-id="evil"]')
    assert (
        card.select_one(".opdhub-card__title").get_text()
        == '<script>alert(1)</script><img src=x onerror=alert(2)> & "q"'
    )
    assert card.select("script, img, iframe, b") == []
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_non_http_url_is_rejected_and_never_linked(project):
    write_paper(project / "papers", "jsurl", url="javascript:alert(1)")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "papers/jsurl.yaml:7:6: error: url: 'javascript:alert(1)' uses the 'javascript:' scheme" in result.stderr
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0
    assert "javascript:" not in (project / "site" / "papers" / "index.html").read_text("utf-8")


def test_real_file_overrides_generated_page(project):
    (project / "docs" / "chapters").mkdir(parents=True)
    (project / "docs" / "chapters" / "5.md").write_text("# Chapter five, by hand\n\nOur own words.\n", "utf-8")
    result = mkdocs_build(project)  # a clash nobody asked for is a warning naming both pages
    assert result.returncode == 1
    warning = next(line for line in result.stderr.splitlines() if "docs/chapters/5.md" in line)
    assert "takes the place of the generated page" in warning and "(chapters/5.md)" in warning and "replace" in warning
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      papers_dir: papers\n", "      papers_dir: papers\n      replace: [chapters/5.md]\n"
        ),
        "utf-8",
    )
    result = mkdocs_build(project)  # meant: listed under 'replace'
    assert result.returncode == 0, result.stderr
    assert "docs/chapters/5.md" not in result.stderr
    page = soup(project / "site" / "chapters" / "5" / "index.html")
    assert page.select_one("article h1").get_text(strip=True).startswith("Chapter five, by hand")
    assert cards(page) == []
    assert len(cards(soup(project / "site" / "chapters" / "4" / "index.html"))) > 0


def test_directive_in_a_hand_written_page(project):
    (project / "docs" / "picks.md").write_text(
        "# Picks\n\nHybrid OPD in chapter 5:\n\n<!-- opdhub papers chapter=5 mechanism=hybrid_opd -->\n\nThe end.\n",
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = soup(project / "site" / "picks" / "index.html")
    expected = {str(p["id"]) for p in PAPERS if str(p["chapter"]) == "5" and p["mechanism"] == "hybrid_opd"}
    assert {c["data-paper-id"] for c in cards(page)} == expected and expected
    assert "The end." in page.get_text()


def test_bad_directive_fails_strict_build_with_location(project):
    (project / "docs" / "picks.md").write_text("# Picks\n\n<!-- opdhub papers mechanism=hybrid -->\n", "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "docs/picks.md:3:1: error: opdhub: 'hybrid' is not a value of mechanism (did you mean 'hybrid_opd'?)"
        in result.stderr
    )


def test_broken_paper_fails_strict_build_and_is_skipped_otherwise(project):
    write_paper(
        project / "papers",
        "zz",
        text=(
            "id: zz\ntitle: Broken\nauthors: [Doe, Jane]\nyear: twenty\nurl: https://example.org\n"
            "chapter: 4\nadded: 2026-11-01\n"
        ),
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "papers/zz.yaml:4:7: error: year: expected a whole number, got text" in result.stderr
    assert "Traceback" not in result.stderr
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr
    assert "papers/zz.yaml:4:7" in result.stderr
    assert len(cards(soup(project / "site" / "papers" / "index.html"))) == 305


def test_unquoted_chapter_number_works(project):
    write_paper(
        project / "papers",
        "unquoted",
        text=(
            'id: unquoted\ntitle: Unquoted chapter\nauthors: ["Doe, Jane"]\nyear: 2026\nurl: https://example.org/u\n'
            "chapter: 7\nmechanism: hybrid_opd\nadded: 2026-11-01\n"
        ),
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = soup(project / "site" / "chapters" / "7" / "index.html")
    assert page.select_one('article[data-paper-id="unquoted"]')
    assert listing_records(project / "site" / "chapters" / "7" / "index.html")["unquoted"]["chapter"] == "7"


def test_invalid_taxonomy_is_a_plugin_error_without_traceback(project):
    text = (project / "taxonomy.yml").read_text("utf-8").replace("group_by: mechanism", "group_by: mechanisms")
    (project / "taxonomy.yml").write_text(text, "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "taxonomy.yml:" in result.stderr and "'mechanisms' is not a facet (did you mean 'mechanism'?)" in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("directory_urls", [False])
def test_links_work_without_directory_urls(project, directory_urls):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"use_directory_urls: {str(directory_urls).lower()}\n", "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = soup(project / "site" / "chapters" / "5.html")
    titles = {a["href"] for a in page.select(".opdhub-card__title a")}
    assert titles and all(href.startswith("../papers/") and href.endswith(".html") for href in titles)
    for href in titles:
        assert (project / "site" / "chapters" / href).resolve().is_file(), href
    records = listing_records(project / "site" / "chapters" / "5.html")
    rkl = next(i for i, r in records.items() if r.get("loss") == "RKL" and r["chapter"] == "5")
    paper_page = project / "site" / "papers" / f"{rkl}.html"
    hrefs = {a["href"] for a in soup(paper_page).select("a.opdhub-chip")}
    assert "../loss/rkl.html" in hrefs
    for href in hrefs:
        assert (paper_page.parent / href).resolve().is_file(), href


def test_assets_and_templates_can_be_overridden(project):
    (project / "docs" / "assets" / "opdhub").mkdir(parents=True)
    (project / "docs" / "assets" / "opdhub" / "filter.css").write_text("/* our own filter style */\n", "utf-8")
    (project / "overrides" / "opdhub").mkdir(parents=True)
    (project / "overrides" / "opdhub" / "card.html").write_text(
        '<article class="my-card" data-paper-id="{{ paper.id }}">{{ paper.title }}</article>\n', "utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), "utf-8"
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "assets" / "opdhub" / "filter.css").read_text("utf-8") == "/* our own filter style */\n"
    page = soup(site / "papers" / "index.html")
    assert len(page.select("article.my-card")) == 305 and cards(page) == []


def test_every_listing_loads_one_store_without_bibtex(opd_site):
    """Listings are views: one data file for all of them (fetched once, cached), papers.json's
    records without BibTeX, which Cite and Export take from papers.json when asked."""
    full = {r["id"]: r for r in json.loads((opd_site / "papers.json").read_text("utf-8"))["papers"]}
    names = set()
    for page in [
        opd_site / "papers" / "index.html",
        opd_site / "chapters" / "4" / "index.html",
        *sorted((opd_site / "loss").glob("*/index.html")),
    ]:
        for holder in soup(page).select("[data-opdhub-group], [data-opdhub-filter]"):
            names.add((page.parent / holder["data-opdhub-data"]).resolve())
    assert len(names) == 1 and not list((opd_site / "opdhub-data").glob("*-*.json"))
    store = {r["id"]: r for r in json.loads(names.pop().read_text("utf-8"))["papers"]}
    assert store.keys() == full.keys()
    assert all(full[i]["bibtex"].startswith("@") and "bibtex" not in r for i, r in store.items())
    assert all(store[i] == {k: v for k, v in r.items() if k != "bibtex" and v is not None} for i, r in full.items())
