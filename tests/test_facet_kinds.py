"""Facet kinds are classes (model/facetkinds.py): each owns its behaviour, no code elsewhere
compares kind names, and a new kind is one class."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import mkdocs_opdhub
from mkdocs_opdhub.model import facetkinds
from mkdocs_opdhub.model.catalog import Catalog
from mkdocs_opdhub.model.facetkinds import UNCLASSIFIED, FacetKind, Value
from mkdocs_opdhub.model.options import Options
from mkdocs_opdhub.model.papers import Paper
from mkdocs_opdhub.model.taxonomy import TaxonomyError, build_taxonomy
from mkdocs_opdhub.site.plan import SitePlan

PACKAGE = Path(mkdocs_opdhub.__file__).parent
NAMES = "|".join(facetkinds.FACET_KINDS)
# `facet.kind == "year"`, `f.get("type") == "kind"`, `f.kind in ("enum", "open")`, `facet.kind === "chapter"`
# (a facet's kind read from an object or a taxonomy entry, then compared with a kind's name)
READ = r"""(\.kind|\[["']kind["']\]|\.get\(["']type["']\))"""
KIND_TEST = re.compile(rf"""{READ}\s*(==|!=)=?\s*["']({NAMES})["']|{READ}\s+(not\s+)?in\s+\(\s*["']({NAMES})["']""")


def test_no_code_outside_the_kinds_compares_kind_names():
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]):
        if path.name == "facetkinds.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if KIND_TEST.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []


def test_the_taxonomy_schema_file_lists_every_kind():
    """Editors validate taxonomy files with the schema file; the loader takes the kinds from the classes."""
    schema = json.loads((PACKAGE / "model" / "taxonomy.schema.json").read_text("utf-8"))
    assert schema["properties"]["facets"]["items"]["properties"]["type"]["enum"] == list(facetkinds.KINDS)


class DecadeKind(FacetKind):
    """A kind made for this test: the decade of a paper's year, from the data, newest first."""

    name = "decade"
    from_data = True
    descriptive = False

    def paper_values(self, facet, paper, prepared):
        return (f"{paper.year // 10 * 10}s",) if paper.year else (UNCLASSIFIED,)

    def site_values(self, facet, counts: Counter, prepared):
        return [Value(d, d) for d in sorted((k for k in counts if k != UNCLASSIFIED), reverse=True)]

    def descriptor(self, facet):
        return super().descriptor(facet) | {"range": True}


def paper(paper_id: str, year: int | None, chapter: str = "a") -> Paper:
    return Paper(
        id=paper_id,
        title=f"Paper {paper_id}",
        chapter=chapter,
        added="2026-01-01",
        authors=["Doe, Jane"],
        year=year,
        url="https://example.org/" + paper_id,
        source=f"papers/{paper_id}.yaml",
    )


def test_a_new_kind_is_one_class(monkeypatch):
    monkeypatch.setitem(facetkinds.KINDS, "decade", DecadeKind())
    monkeypatch.setattr(facetkinds, "FACET_KINDS", tuple(facetkinds.KINDS))
    monkeypatch.setattr("mkdocs_opdhub.model.taxonomy.FACET_KINDS", tuple(facetkinds.KINDS))
    taxonomy = build_taxonomy(
        {
            "chapters": [{"id": "a", "title": "A"}],
            "facets": [{"field": "chapter", "type": "chapter"}, {"field": "decade", "type": "decade"}],
        },
        "taxonomy.yml",
    )
    facet = taxonomy.facet("decade")
    assert (facet.kind, facet.label, facet.path) == ("decade", "Decade", "decade")  # the defaults every kind has
    catalog = Catalog(taxonomy, [paper("p1", 2017), paper("p2", 2021), paper("p3", 2012), paper("p4", None)])
    assert [(v.id, v.count) for v in catalog.facet_values["decade"]] == [("2020s", 1), ("2010s", 2), (UNCLASSIFIED, 1)]
    assert [p.id for p in catalog.select({"decade": ["2010s"]})] == ["p1", "p3"]
    plan = SitePlan.build(catalog, Options(feeds=False))
    data = json.loads(plan.data_files.data_json())
    descriptor = next(f for f in data["facets"] if f["field"] == "decade")
    assert descriptor["type"] == "decade" and descriptor["range"] is True  # what the browser's function reads
    assert {p["id"]: p["decade"] for p in data["papers"]} == {
        "p1": "2010s",
        "p2": "2020s",
        "p3": "2010s",
        "p4": UNCLASSIFIED,
    }
    pages = {spec.src_uri for spec in plan.pages()}
    assert {"decade/index.md", "decade/2010s.md", "decade/2020s.md"} <= pages  # value pages, as every kind gets


def test_an_unknown_kind_is_a_located_problem():
    with pytest.raises(TaxonomyError) as caught:
        build_taxonomy(
            {
                "chapters": [{"id": "a", "title": "A"}],
                "facets": [{"field": "chapter", "type": "chapter"}, {"field": "decade", "type": "decade"}],
            },
            "t.yml",
        )
    assert [(p.field, p.message.split(" is not one of")[0]) for p in caught.value.problems] == [
        ("facets[1].type", "'decade'")
    ]


@pytest.mark.parametrize("name", facetkinds.FACET_KINDS)
def test_every_kind_describes_itself_to_the_browser(name):
    kind = facetkinds.KINDS[name]
    taxonomy = build_taxonomy(
        {
            "chapters": [{"id": "a", "title": "A"}],
            "facets": [
                {"field": "chapter", "type": "chapter"},
                *(
                    [
                        {
                            "field": name if kind.unique else "f",
                            "type": name,
                            **({"of": "code"} if name == "presence" else {}),
                            **({"values": [{"id": "x"}]} if name == "enum" else {}),
                        }
                    ]
                    if name != "chapter"
                    else []
                ),
            ],
        },
        "t.yml",
    )
    facet = next(f for f in taxonomy.facets if f.type is kind)
    descriptor = kind.descriptor(facet)
    assert descriptor["type"] == name and descriptor["field"] == facet.field
    assert {"label", "multi", "filter", "chips", "range"} <= set(descriptor)
