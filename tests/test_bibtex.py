"""BibTeX made at build time (mkdocs_opdhub.formats.bibtex): keys, escaping, entry types, arXiv fields."""

from __future__ import annotations

import codecs
import json
import re

import pytest
from pybtex.database import parse_string

from mkdocs_opdhub.formats import bibtex
from mkdocs_opdhub.model.papers import Paper


def paper(**fields) -> Paper:
    data = {
        "id": "2401.00001",
        "title": "A Paper",
        "authors": ["Doe, Jane"],
        "year": 2024,
        "url": "https://arxiv.org/abs/2401.00001",
        "chapter": "4",
        "added": "2026-01-01",
    }
    data.update(fields)
    return Paper(**data)


def parsed(text: str):
    data = parse_string(text, "bibtex")
    assert len(data.entries) == 1
    key, entry = next(iter(data.entries.items()))
    return key, entry


def test_arxiv_preprint_is_misc_with_eprint():
    key, entry = parsed(bibtex.paper_entry(paper(arxiv="2401.00001", title="Reverse KL for students")))
    assert key == "doe2024reverse"
    assert entry.type == "misc"
    assert entry.fields["eprint"] == "2401.00001" and entry.fields["archivePrefix"] == "arXiv"
    assert entry.fields["url"] == "https://arxiv.org/abs/2401.00001"
    assert entry.fields["year"] == "2024"
    assert [str(p) for p in entry.persons["author"]] == ["Doe, Jane"]


@pytest.mark.parametrize(
    "venue, kind, field",
    [
        ("ICLR 2025", "inproceedings", "booktitle"),
        ("Findings of ACL 2024", "inproceedings", "booktitle"),
        ("Proceedings of the 41st International Conference on Machine Learning", "inproceedings", "booktitle"),
        ("NeurIPS 2024 Workshop on Efficient ML", "inproceedings", "booktitle"),
        ("Transactions on Machine Learning Research", "article", "journal"),
        ("Nature", "article", "journal"),
        ("arXiv", "misc", None),
    ],
)
def test_entry_type_follows_the_venue(venue, kind, field):
    _, entry = parsed(bibtex.paper_entry(paper(venue=venue)))
    assert entry.type == kind
    if field:
        assert entry.fields[field] == venue
    else:
        assert "journal" not in entry.fields and "booktitle" not in entry.fields


def test_accents_become_latex_and_read_back():
    text = bibtex.paper_entry(
        paper(title="Über Ångström-Skalen: ein Beispiel", authors=["Müller, Jörg", "Łukasz, Ñandú"])
    )
    assert r"M{\"u}ller, J{\"o}rg" in text and r"{\L}ukasz, {\~N}and{\'u}" in text
    assert text.isascii()
    _, entry = parsed(text)
    assert codecs.decode(str(entry.persons["author"][0]), "ulatex").replace("{", "").replace("}", "") == "Müller, Jörg"
    assert (
        codecs.decode(entry.fields["title"], "ulatex").replace("{", "").replace("}", "")
        == "Über Ångström-Skalen: ein Beispiel"
    )


def test_special_characters_and_braces_are_escaped_and_balanced():
    title = r"100% of {Tokens} & $x$_#1 ~ ^ \ back"
    text = bibtex.paper_entry(paper(title=title))
    _, entry = parsed(text)  # pybtex parses it: braces are balanced
    value = entry.fields["title"]
    assert re.search(r"(?<!\\)[%&$#_~^]", value) is None  # every special character escaped
    assert "{Tokens}" not in value
    assert r"100\%" in value and r"\&" in value and r"\$x\$" in value and r"\_\#1" in value
    assert r"\textbraceleft{}Tokens\textbraceright{}" in value and r"\textbackslash{}" in value
    assert value.count("{") == value.count("}")


def test_inner_capitals_are_protected():
    _, entry = parsed(bibtex.paper_entry(paper(title="MiniLLM: On-Policy GKD for LLMs, revisited")))
    assert entry.fields["title"] == "{MiniLLM}: {On-Policy} {GKD} for {LLMs}, revisited"


def test_team_and_odd_author_names_stay_whole():
    text = bibtex.paper_entry(
        paper(authors=["DeepSeek-AI", "Qwen Team", "Smith, Jr., John", "Barnes and Noble, Inc", "A, B, C, D"])
    )
    _, entry = parsed(text)
    people = entry.persons["author"]
    assert len(people) == 5  # nothing split into extra people
    assert str(people[0]) == "{DeepSeek-AI}" and str(people[1]) == "{Qwen Team}"
    assert people[2].last_names == ["Smith"] and people[2].lineage_names == ["Jr."]
    assert "{and}" in str(people[3])


def test_no_authors_and_hostile_url():
    text = bibtex.paper_entry(paper(authors=[], url="javascript:alert(1)", title="The Untitled"))
    key, entry = parsed(text)
    assert key == "anon2024untitled"
    assert "author" not in entry.persons and "url" not in entry.fields


def test_keys_are_unique_and_stable_when_papers_are_added():
    old = paper(id="a", title="Distilling policies", added="2026-01-01")
    new = paper(id="b", title="Distilling policies again", added="2026-02-01")
    third = paper(id="c", title="Distilling policies, third", added="2026-03-01")
    assert bibtex.citation_keys([old]) == {"a": "doe2024distilling"}
    keys = bibtex.citation_keys([third, new, old])
    assert keys == {"a": "doe2024distilling", "b": "doe2024distillingb", "c": "doe2024distillingc"}
    many = [paper(id=f"p{i:02d}", title="Same", added="2026-01-01") for i in range(30)]
    assert len(set(bibtex.citation_keys(many).values())) == 30


def test_bibliography_of_several_papers_parses():
    papers = [paper(id="a", title="One"), paper(id="b", title="Two", venue="ICML 2024")]
    data = parse_string(bibtex.bibliography(papers), "bibtex")
    assert list(data.entries) == ["doe2024one", "doe2024two"]


def test_papers_json_carries_bibtex(opd_site):
    data = json.loads((opd_site / "papers.json").read_text("utf-8"))
    keys = set()
    for record in data["papers"]:
        key, entry = parsed(record["bibtex"])
        keys.add(key)
        assert entry.fields.get("eprint") == record["arxiv"] or not record["arxiv"]
    assert len(keys) == len(data["papers"]) == 305
    ross = next(r for r in data["papers"] if r["id"] == "1011.0686")
    assert ross["bibtex"].startswith("@misc{ross2010reduction,\n")
