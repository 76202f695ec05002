"""API answers are read field by field through typed accessors: a wrongly typed field is skipped
with a note, nesting is bounded before parsing, a file never grows past what ``validate``
accepts, another paper's identity is never written in, and one bad answer never ends a run."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import test_scholarly
import yaml
from apis_server import ATOM, DATA, feed

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.tools.scholarly import crossref, openalex, semantic_scholar
from mkdocs_opdhub.tools.scholarly.http import MAX_DEPTH, HttpError, Response, json_depth

# the fake APIs and the fake clock of the scholarly tests
server, clock, apis = test_scholarly.server, test_scholarly.clock, test_scholarly.apis


def test_wrongly_typed_crossref_fields_are_skipped_with_a_note():
    record = crossref.parse_work(
        {
            "message": {
                "author": 5,
                "type": ["journal-article"],
                "title": "not a list",
                "container-title": 3,
                "DOI": ["10.1/x"],
                "published": {"date-parts": "2020"},
                "event": "ICLR",
            }
        }
    )
    assert record.authors == [] and record.title is None and record.venue is None and record.doi is None
    text = " ".join(record.notes)
    for name in ("'author' is a number", "'type' is a list", "'title' is text", "'DOI' is a list", "'event' is text"):
        assert name in text, name


def test_wrongly_typed_openalex_and_s2_fields_are_skipped():
    dois, record = openalex.parse_work(
        {"id": 7, "doi": ["x"], "referenced_works": 12, "locations": "here", "publication_year": "2020", "ids": "none"}
    )
    assert dois == set() and record.references == [] and record.year is None
    assert any("'referenced_works' is a number" in n for n in record.notes)
    paper = semantic_scholar.parse_paper({"references": 3, "externalIds": [], "year": True, "journal": "J"})
    assert paper.references == [] and paper.year is None
    assert any("'references' is a number" in n for n in paper.notes)


def test_deep_json_is_refused_before_parsing_in_linear_time():
    body = ("[" * 200_000 + "]" * 200_000).encode()
    start = time.monotonic()
    try:
        Response("http://api.test/x", 200, body, "2026-12-01").json()
    except HttpError as exc:
        assert f"more than {MAX_DEPTH} levels" in str(exc)
    else:
        raise AssertionError("a 200,000-deep answer was read")
    assert time.monotonic() - start < 5
    assert json_depth('{"a": "[[[[\\"[[", "b": [[1]]}') == 3  # brackets in strings do not count


def _arxiv_entry(arxiv_id: str) -> ET.Element:
    return ET.parse(DATA / "arxiv" / f"{arxiv_id}.xml").getroot().find(f"{{{ATOM}}}entry")


def test_one_bad_answer_never_ends_the_run(project, apis, clock, monkeypatch, capsys):
    """Crossref answers a number for the authors, OpenAlex 200,000-deep JSON: both files are
    still enriched from arXiv, every problem is a warning line, the run exits 0."""
    papers = project / "papers"
    kim = papers / "1606.07947.yaml"
    kim.write_text(kim.read_text() + "doi: 10.18653/v1/d16-1139\n")
    apis.script["openalex"].append(("[" * 200_000 + "]" * 200_000).encode())
    apis.script["crossref"].append(json.dumps({"message": {"author": 5, "type": ["x"], "container-title": 3}}).encode())
    monkeypatch.chdir(project)
    assert main(["enrich", "1606.07947", "1503.02531"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "warning: OpenAlex:" in captured.err and "nests more than" in captured.err
    assert "note: Crossref: 'author' is a number, not a list; skipped" in captured.out
    assert "1606.07947.yaml: filled abstract" in captured.out and "1503.02531.yaml: filled abstract" in captured.out
    assert main(["validate"]) == 0


def test_another_papers_doi_is_reported_not_written(project, apis, clock, monkeypatch, capsys):
    papers = project / "papers"
    kim = papers / "1606.07947.yaml"
    kim.write_text(kim.read_text() + "doi: 10.18653/v1/d16-1139\n")
    entry = _arxiv_entry("1503.02531")
    ET.SubElement(entry, "{http://arxiv.org/schemas/atom}doi").text = "10.18653/v1/D16-1139"
    apis.script["arxiv"].append(feed([entry]))
    monkeypatch.chdir(project)
    assert main(["enrich", "1503.02531"]) == 0
    out = capsys.readouterr().out
    assert "doi: arxiv says '10.18653/v1/D16-1139', not filled" in out and "another paper has this doi" in out
    assert "doi" not in yaml.safe_load((papers / "1503.02531.yaml").read_text())
    assert main(["validate"]) == 0


def test_a_hundred_thousand_authors_never_make_a_file_validate_refuses(project, apis, clock, monkeypatch, capsys):
    entry = _arxiv_entry("1503.02531")
    for old in entry.findall(f"{{{ATOM}}}author"):
        entry.remove(old)
    for i in range(100_000):
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = f"Author Number{i}"
    apis.script["arxiv"].append(feed([entry]))
    monkeypatch.chdir(project)
    assert main(["enrich", "1503.02531", "--update", "authors"]) == 0
    out = capsys.readouterr().out
    assert "authors: arxiv says" in out and "larger than 256 KB" in out
    path = project / "papers" / "1503.02531.yaml"
    assert path.stat().st_size < 256 * 1024 and len(yaml.safe_load(path.read_text())["authors"]) < 10
    assert "1503.02531.yaml: filled abstract" in out  # the other fields are still filled
    assert main(["validate"]) == 0


def test_new_with_a_hostile_crossref_answer_ends_with_a_message(project, apis, clock, monkeypatch, capsys):
    apis.script["crossref"].append(json.dumps({"message": {"author": 5, "title": {"a": 1}, "type": [1]}}).encode())
    monkeypatch.chdir(project)
    status = main(["new", "10.9999/hostile.1", "--id", "hostile-1", "--chapter", "background"])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err and "--title is required" in err
    assert not (project / "papers" / "hostile-1.yaml").exists()


def test_a_scout_query_arxiv_fails_is_reported_and_asked_again(project, apis, monkeypatch, capsys):
    apis.searches = {'abs:"on-policy distillation"': "search-opd.xml"}
    apis.script["arxiv"].append(b"<not an atom feed")  # the first query's answer
    (project / "scout").mkdir()
    (project / "scout" / "state.yml").write_text("last_run: 2026-11-10\n")
    monkeypatch.chdir(project)
    assert main(["scout", "--write", "--report", "report.md"]) == 0
    err = capsys.readouterr().err
    assert "warning: on-policy-distillation: " in err and "not a well-formed Atom feed" in err
    assert "state.yml not advanced" in err and "Traceback" not in err
    assert (project / "scout" / "state.yml").read_text() == "last_run: 2026-11-10\n"
    assert len(apis.log) >= 3  # the other two queries were still asked

    asked = len(apis.log)
    assert main(["scout"]) == 0  # the broken answer was not cached: asked again (the others come from the cache)
    assert len(apis.log) == asked + 1
    for _ in range(3):
        apis.script["arxiv"].append(b"<not an atom feed")
    assert main(["scout", "--refresh"]) == 3  # arXiv answered no query: the run is red
