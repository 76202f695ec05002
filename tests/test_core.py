"""Units of the engine-independent core: taxonomy, catalog, layout, rendering helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from mkdocs_opdhub.formats.escape import safe_url
from mkdocs_opdhub.formats.templates import display_name, human_date
from mkdocs_opdhub.model.catalog import Catalog, sort_papers
from mkdocs_opdhub.model.papers import PaperLoader, make_paper
from mkdocs_opdhub.model.taxonomy import TaxonomyError, build_taxonomy, load_taxonomy
from mkdocs_opdhub.site.layout import Layout, root_prefix

MINI = {
    "chapters": [
        {
            "id": "1",
            "number": "1",
            "title": "One",
            "short": "One",
            "sections": [{"id": "1.1", "title": "Sub", "sections": [{"id": "1.1.1", "title": "Deep"}]}],
        },
        {"id": "2", "title": "Two"},
    ],
    "facets": [
        {"field": "chapter", "type": "chapter"},
        {"field": "topic", "values": [{"id": "a"}, {"id": "b"}], "multi": True},
        {"field": "year", "type": "year"},
        {"field": "has_code", "type": "presence", "of": "code"},
        {"field": "tags", "type": "open"},
    ],
}


def paper(taxonomy, pid, **fields):
    data = {
        "id": pid,
        "title": f"T {pid}",
        "authors": ["A"],
        "year": 2025,
        "url": "https://x.org",
        "chapter": "1",
        "added": "2026-01-01",
        **fields,
    }
    return make_paper(data, taxonomy, f"papers/{pid}.yaml")


def taxonomy_problems(data, tmp_path: Path) -> list[str]:
    import yaml

    path = tmp_path / "taxonomy.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path, "taxonomy.yml")
    return [p.format() for p in info.value.problems]


def test_repo_taxonomy_loads():
    taxonomy = load_taxonomy(REPO / "taxonomy.yml", "taxonomy.yml")
    assert [c.id for c in taxonomy.chapters] == ["4", "5", "6", "7", "8", "9", "background"]
    assert [f.field for f in taxonomy.facets] == [
        "chapter",
        "mechanism",
        "domain",
        "signal",
        "student_size",
        "loss",
        "rollout_frequency",
        "year",
        "has_code",
    ]
    sizes = taxonomy.facet("student_size")
    assert (
        sizes.kind == "enum"
        and not sizes.multi
        and [v.id for v in sizes.values] == ["under_3b", "3b_to_10b", "10b_to_30b", "over_30b"]
    )  # buckets in order, smallest first
    assert taxonomy.group_by == "mechanism"


def test_taxonomy_unknown_option_is_located_with_suggestion(tmp_path):
    data = {**MINI, "facets": [{"field": "chapter", "type": "chapter"}, {"field": "topic", "valeus": [{"id": "a"}]}]}
    problems = taxonomy_problems(data, tmp_path)
    assert any(
        p.startswith("taxonomy.yml:") and "facets[1].valeus: unknown option (did you mean 'values'?)" in p
        for p in problems
    ), problems


def test_taxonomy_rules(tmp_path):
    data = {
        "chapters": [{"id": "1", "title": "One"}, {"id": "1", "title": "Again"}],
        "facets": [
            {"field": "chapter", "type": "chapter"},
            {"field": "topic", "values": [{"id": "unclassified"}]},
            {"field": "empty"},
        ],
    }
    problems = "\n".join(taxonomy_problems(data, tmp_path))
    assert "chapter id '1' is used twice" in problems
    assert "'unclassified' is reserved for papers without a value" in problems
    assert "an enum facet needs a list of 'values'" in problems


def test_taxonomy_needs_chapter_facet():
    with pytest.raises(TaxonomyError, match="the facets must include the chapters"):
        build_taxonomy(
            {"chapters": [{"id": "1", "title": "One"}], "facets": [{"field": "k", "values": [{"id": "a"}]}]}, "x"
        )


def test_select_is_or_within_and_across_facets():
    taxonomy = build_taxonomy(MINI, "mini")
    papers = [
        paper(taxonomy, "p1", topic=["a"], code=["https://c.org"], section="1.1.1"),
        paper(taxonomy, "p2", topic=["b"], chapter="2"),
        paper(taxonomy, "p3", topic=["a", "b"], year=2024, tags=["Graph nets", "RL"]),
        paper(taxonomy, "p4"),
    ]
    catalog = Catalog(taxonomy, papers)
    ids = lambda f: sorted(p.id for p in catalog.select(f))  # noqa: E731
    assert ids({"topic": ["a", "b"]}) == ["p1", "p2", "p3"]
    assert ids({"topic": ["a"], "chapter": ["1"]}) == ["p1", "p3"]
    assert ids({"topic": ["unclassified"]}) == ["p4"]
    assert ids({"has_code": ["yes"]}) == ["p1"]
    assert ids({"section": ["1.1"]}) == ["p1"]  # a section matches its subsections
    assert ids({"tags": ["graph-nets"]}) == ["p3"]
    assert [v.id for v in catalog.facet_values["year"]] == ["2025", "2024"]
    assert {v.id: v.count for v in catalog.facet_values["topic"]} == {"a": 2, "b": 2, "unclassified": 1}
    assert catalog.label("tags", "graph-nets") == "Graph nets"


def test_sorts():
    taxonomy = build_taxonomy(MINI, "mini")
    papers = [
        paper(taxonomy, "old", date="2020-01-01", year=2020, title="b"),
        paper(taxonomy, "new", date="2026-01-01", year=2026, title="C", added="2025-01-01"),
        paper(taxonomy, "mid", date="2023-06-01", year=2023, title="a", added="2026-02-01"),
    ]
    assert [p.id for p in sort_papers(papers, "newest")] == ["new", "mid", "old"]
    assert [p.id for p in sort_papers(papers, "oldest")] == ["old", "mid", "new"]
    assert [p.id for p in sort_papers(papers, "title")] == ["mid", "old", "new"]
    assert [p.id for p in sort_papers(papers, "added")] == ["mid", "old", "new"]


def test_layout_and_relative_urls():
    assert Layout().url("chapters/4.md") == "chapters/4/"
    assert Layout().url("papers/index.md") == "papers/"
    assert Layout().url("index.md") == ""
    assert Layout(use_directory_urls=False).url("chapters/4.md") == "chapters/4.html"
    assert root_prefix("chapters/4/") + "mechanism/direct-opd/" == "../../mechanism/direct-opd/"
    assert root_prefix("papers/") == "../"
    assert root_prefix("") + "papers/#x" == "papers/#x"
    assert root_prefix("chapters/4.html") + "loss/rkl.html" == "../loss/rkl.html"


def test_rendering_helpers():
    assert safe_url("https://a.org/x?y=1") == "https://a.org/x?y=1"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url("JaVaScRiPt:alert(1)") == "#"
    assert safe_url('https://a.org/"onmouseover=x') == "#"
    assert safe_url("https://exam]ple.org/13") == "#"  # urlsplit refuses it ("Invalid IPv6 URL"): no crash, no link
    assert human_date("2026-03-01") == "Mar 2026" and human_date("2026") == "2026"
    assert display_name("Hinton, Geoffrey") == "Geoffrey Hinton"
    assert display_name("DeepSeek-AI") == "DeepSeek-AI"


def test_loader_reuses_unchanged_files(tmp_path):
    taxonomy = load_taxonomy(REPO / "taxonomy.yml", "taxonomy.yml")
    loader = PaperLoader(taxonomy)
    files = sorted((REPO / "papers").glob("*.yaml"))[:20]
    first = loader.load(files, REPO)
    second = loader.load(files, REPO)
    assert not first.problems and len(first.papers) == 20
    assert all(a is b for a, b in zip(first.papers, second.papers, strict=True))  # served from the cache
