"""Entry kinds: what each kind must have (the loader and the editor schema agree), the messages,
a taxonomy's own kinds, multi-valued chapters and sections, and BibTeX by kind."""

from __future__ import annotations

import jsonschema
import pytest

from mkdocs_opdhub.formats.bibtex import paper_entry
from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import PaperValidator
from mkdocs_opdhub.model.schema import paper_schema
from mkdocs_opdhub.model.taxonomy import TaxonomyError, build_taxonomy

BASE = "id: x\ntitle: A Thing\nchapter: a\nadded: 2026-01-01\n"
TAXONOMY = {
    "chapters": [{"id": "a", "title": "A", "sections": [{"id": "a1", "title": "A one"}]}, {"id": "b", "title": "B"}],
    "facets": [{"field": "chapter", "type": "chapter"}, {"field": "kind", "type": "kind"}],
}


def check(text, taxonomy=None):
    taxonomy = taxonomy or build_taxonomy(TAXONOMY, "taxonomy.yml")
    paper, problems = PaperValidator(taxonomy).check_data(yamlsource.parse(text, "p.yaml"), "p.yaml", "x")
    return paper, [p.format() for p in problems]


@pytest.mark.parametrize(
    "extra, ok",
    [
        ("kind: code\nurl: https://github.com/a/b\n", True),  # a repository needs no year, no authors
        ("kind: video\nurl: https://www.youtube.com/watch?v=x\n", True),
        ("year: 2020\nauthors: [Doe, Jane]\nvenue: CVPR 2020\n", True),  # a published paper without a link
        ("year: 2020\nauthors: [Doe, Jane]\n", True),  # ...or known by its authors
        ("year: 2020\nvenue: CVPR 2020\n", False),  # a paper needs authors
        ("kind: code\n", False),
        ("kind: book\nyear: 2019\nauthors: [Doe, Jane]\n", True),
    ],
)
def test_requirements_follow_the_kind(extra, ok):
    paper, problems = check(BASE + extra)
    assert (paper is not None) == ok, problems
    # the editor schema (what contributors' editors check) says the same as the loader
    taxonomy = build_taxonomy(TAXONOMY, "taxonomy.yml")
    data = yamlsource.parse(BASE + extra, "p.yaml").data
    assert jsonschema.Draft7Validator(paper_schema(taxonomy)).is_valid(data) == ok


def test_messages_name_the_kind_and_the_fix():
    _, problems = check(BASE + "kind: code\n")
    assert problems == ["p.yaml:1:1: error: url: missing: a code repository needs a link (url) (add 'url: https://…')"]
    _, problems = check(BASE)
    assert (
        "p.yaml:1:1: error: year: missing: a paper needs a year (add 'year: 2024', or set 'kind:' if it is not a "
        "paper (paper, code, tool, dataset, benchmark, model, blog, video, book, course))"
    ) in problems
    _, problems = check(BASE + "kind: vidoe\nurl: https://example.org\n")
    assert problems == [
        "p.yaml:5:7: error: kind: 'vidoe' is not one of paper, code, tool, dataset, benchmark, model, "
        "blog, video, book, course (did you mean 'video'?)"
    ]


def test_a_taxonomy_declares_its_own_kinds_and_their_requirements():
    taxonomy = build_taxonomy(
        {
            **TAXONOMY,
            "facets": [
                TAXONOMY["facets"][0],
                {
                    "field": "kind",
                    "type": "kind",
                    "values": [
                        {"id": "paper"},
                        {"id": "podcast", "label": "Podcast episode", "requires": ["url", "year"]},
                    ],
                },
            ],
        },
        "t",
    )
    assert [(k.id, k.label) for k in taxonomy.kinds] == [("paper", "Paper"), ("podcast", "Podcast episode")]
    _, problems = check(BASE + "kind: podcast\nurl: https://example.org/ep1\n", taxonomy)
    assert problems == ["p.yaml:1:1: error: year: missing: a podcast episode needs a year (add 'year: 2024')"]
    _, problems = check(BASE + "kind: code\nurl: https://github.com/a/b\n", taxonomy)
    assert "'code' is not one of paper, podcast" in problems[0]
    with pytest.raises(TaxonomyError, match="'chapters' is not a paper field a kind can require"):
        build_taxonomy(
            {
                **TAXONOMY,
                "facets": [
                    TAXONOMY["facets"][0],
                    {"field": "kind", "type": "kind", "values": [{"id": "talk", "requires": ["chapters"]}]},
                ],
            },
            "t",
        )


def test_several_chapters_and_sections():
    paper, problems = check(
        BASE.replace("chapter: a", "chapter: [a, b]") + "section: [a1]\nkind: code\nurl: https://x.org\n"
    )
    assert problems == [] and (paper.chapters, paper.sections) == (("a", "b"), ("a1",))
    _, problems = check(BASE.replace("chapter: a", "chapter: [b]") + "section: a1\nkind: code\nurl: https://x.org\n")
    assert problems == ["p.yaml:5:10: error: section: section a1 belongs to chapter a, not b (add a to the chapters)"]
    _, problems = check(BASE.replace("chapter: a", "chapter: [a, c]") + "kind: code\nurl: https://x.org\n")
    assert problems == ["p.yaml:3:14: error: chapter[1]: 'c' is not one of a, b"]


@pytest.mark.parametrize(
    "kind, entry_type", [("code", "@software"), ("blog", "@online"), ("dataset", "@misc"), ("book", "@book")]
)
def test_bibtex_follows_the_kind(kind, entry_type):
    paper, problems = check(BASE + f"kind: {kind}\nurl: https://example.org/x\nyear: 2021\nauthors: [Doe, Jane]\n")
    assert problems == []
    text = paper_entry(paper)
    assert text.startswith(entry_type + "{") and "url = {https://example.org/x}" in text
    without_year = check(BASE + "kind: code\nurl: https://github.com/a/b\n")[0]
    assert "year" not in paper_entry(without_year)
