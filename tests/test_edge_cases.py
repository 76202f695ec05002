"""Edge cases found in review: numbers where ids go, control characters, slugs, reserved pages, nav."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build
from test_core import MINI, paper

from mkdocs_opdhub.model.catalog import Catalog
from mkdocs_opdhub.model.papers import PaperValidator
from mkdocs_opdhub.model.taxonomy import TaxonomyError, build_taxonomy
from mkdocs_opdhub.model.yamlsource import parse

BASE = (
    'id: p\ntitle: T\nauthors: ["Doe, J"]\nyear: {year}\nurl: https://e.org/p\nchapter: {chapter}\nadded: 2026-01-01\n'
)


def check(text: str, taxonomy=None) -> list[str]:
    taxonomy = taxonomy or build_taxonomy(MINI, "mini")
    found, problems = PaperValidator(taxonomy).check_data(parse(text, "papers/p.yaml"), "papers/p.yaml", "p")
    return [p.format() for p in problems]


def test_a_year_with_a_decimal_point_is_an_error_not_a_crash():
    assert check(BASE.format(year="2020.0", chapter="1")) == [
        "papers/p.yaml:4:7: error: year: expected a whole number, got a number (write it without the decimal point: 2020)"
    ]


def test_ids_written_as_numbers_keep_their_digits():
    taxonomy = build_taxonomy(
        {
            **MINI,
            "chapters": [
                {"id": "5", "title": "Five", "sections": [{"id": "5.1", "title": "A"}, {"id": "5.10", "title": "B"}]}
            ],
        },
        "mini",
    )
    assert check(BASE.format(year=2020, chapter="5") + "section: 5.10\n", taxonomy) == []
    assert check(BASE.format(year=2020, chapter="5") + "section: 5.1\n", taxonomy) == []
    assert check(BASE.format(year=2020, chapter="5.0"), taxonomy) == [
        "papers/p.yaml:6:10: error: chapter: '5.0' is not one of 5"
    ]


def test_a_line_break_inside_a_one_line_field_is_an_error():
    problems = check(BASE.format(year=2020, chapter="1").replace("title: T", 'title: "T\\n::error::x"'))
    assert problems == [
        "papers/p.yaml:2:8: error: title: must be on one line (it contains a line break or another "
        "control character) (write it on one line, without '|' or \\n)"
    ]


def test_open_facet_values_never_share_a_page():
    taxonomy = build_taxonomy(MINI, "mini")
    papers = [
        paper(taxonomy, "a", tags=["日本語会議"]),
        paper(taxonomy, "b", tags=["中文会议"]),
        paper(taxonomy, "c", tags=["Unclassified"]),
        paper(taxonomy, "d", tags=["Index"]),
        paper(taxonomy, "e"),
    ]
    values = Catalog(taxonomy, papers).facet_values["tags"]
    slugs = [v.slug for v in values]
    assert len(slugs) == len(set(slugs)) == 5
    assert sorted(v.label for v in values) == sorted(
        ["日本語会議", "中文会议", "Unclassified", "Index", "Unclassified"]
    )
    by_label = {v.label: v for v in values if not v.unclassified}
    assert by_label["Unclassified"].slug not in ("unclassified", "index") and by_label["Index"].slug != "index"
    assert [v.count for v in values if v.unclassified] == [1]


def test_a_chapter_cannot_take_the_index_page():
    with pytest.raises(TaxonomyError, match="would replace the chapters' index page"):
        build_taxonomy({**MINI, "chapters": [{"id": "index", "title": "Oops"}]}, "mini")


def test_overridden_generated_pages_keep_one_place_in_the_nav(project):
    config = project / "mkdocs.yml"  # the nav the plugin builds when the site has none
    config.write_text(re.sub(r"(?ms)^nav:\n.*?\n\n", "", config.read_text("utf-8")), "utf-8")
    assert "nav:" not in config.read_text("utf-8")
    (project / "docs" / "chapters").mkdir()
    (project / "docs" / "chapters" / "4.md").write_text("# Four by hand\n", "utf-8")
    (project / "docs" / "mechanism").mkdir()
    (project / "docs" / "mechanism" / "index.md").write_text("# Mechanisms by hand\n", "utf-8")
    (project / "docs" / "loss.md").write_text("# Losses by hand\n", "utf-8")  # published at loss/, the facet's index
    config.write_text(
        config.read_text("utf-8").replace(
            "      papers_dir: papers\n",
            "      papers_dir: papers\n      replace: [chapters/4.md, mechanism/index.md, loss.md]\n",
        ),
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((project / "site" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in home.select(".md-nav--primary a.md-nav__link[href]")]
    assert hrefs.count("chapters/4/") == 1 and hrefs.count("mechanism/") == 1 and hrefs.count("loss/") == 1
    assert "Losses by hand" in (project / "site" / "loss" / "index.html").read_text("utf-8")
    assert hrefs.index("chapters/4/") < hrefs.index("chapters/5/")


def test_two_pages_at_one_path_is_a_plugin_error(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      papers_dir: papers\n", "      papers_dir: papers\n      all_papers_page: mechanism/index.md\n"
        ),
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "two generated pages would share 'mechanism/index.md'" in result.stderr and "Traceback" not in result.stderr


def test_home_page_without_recent_papers(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("      papers_dir: papers\n", "      papers_dir: papers\n      recent: 0\n"),
        "utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((project / "site" / "index.html").read_text("utf-8"), "html.parser")
    assert "Recently added" not in home.get_text() and home.select("article.opdhub-card") == []
    config.write_text(config.read_text("utf-8").replace("recent: 0", "recent: -1"), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1 and "the option 'recent' must be 0 or more, not -1" in result.stderr
