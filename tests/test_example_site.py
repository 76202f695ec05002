"""The example site in ``examples/``: another topic, its own taxonomy (numbered chapters, nested
sections, a multi-valued enum, an open facet, group_by), built strict by the installed plugin
with no code of its own. Nothing of OPDHub's topic may show up in it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build

from mkdocs_opdhub.cli import main

EXAMPLE = REPO / "examples" / "deep-learning-classics"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("example") / "deep-learning-classics"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")


def heading_texts(page: BeautifulSoup, selector: str) -> list[str]:
    return [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select(selector)]


def test_the_example_is_data_only():
    files = [
        p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file() and "site/" not in p.as_posix()
    ]
    assert {Path(f).suffix for f in files} == {".yml", ".yaml", ".md", ".json"}
    assert len([f for f in files if f.startswith("papers/")]) == 17


def test_the_example_is_valid_and_its_schema_current(capsys, monkeypatch):
    monkeypatch.chdir(EXAMPLE)
    assert main(["validate"]) == 0
    assert main(["schema", "--check"]) == 0
    capsys.readouterr()


def test_chapters_with_nested_sections(site):
    page = soup(site, "chapters/architectures")
    assert heading_texts(page, "article h1, .md-content h1")[:1] == ["1. Network architectures"]
    assert heading_texts(page, ".md-content h2, .md-content h3, .md-content h4") == [
        "1.1 Convolutional networks",
        "1.2 Sequence models",
        "1.2.1 Recurrent encoder-decoders",
        "1.2.2 Attention and transformers",
    ]
    groups = {
        g["data-opdhub-group"]: [c["data-paper-id"] for c in g.select("[data-paper-id]")]
        for g in page.select(".opdhub-cards")
        if g.select("[data-paper-id]")
    }
    assert groups == {
        "section:convolutional": ["1512.03385", "1505.04597", "1409.1556"],
        "section:recurrent": ["1409.0473", "1409.3215"],
        "section:attention": ["2010.11929", "1706.03762"],
    }
    assert "How networks are wired" in page.get_text()


def test_chapters_without_sections_group_by_the_taxonomy_facet(site):
    page = soup(site, "chapters/generative")
    assert heading_texts(page, ".md-content h2") == ["Images"]
    page = soup(site, "chapters/pretraining")
    assert heading_texts(page, ".md-content h2") == ["Text"]


def test_multi_valued_enum_and_open_facets(site):
    page = soup(site, "papers")
    assert page.select_one('[data-paper-id="1207.0580"]')
    records = {r["id"]: r for r in json.loads((site / "papers.json").read_text("utf-8"))["papers"]}
    assert records["1207.0580"]["modality"] == ["images", "speech", "text"]
    assert records["1207.0580"]["venue"] == "unclassified"
    dropout = soup(site, "papers/1207.0580")  # its own page
    assert [c.get_text(strip=True) for c in dropout.select('[data-facet="modality"] .opdhub-chip')] == [
        "Images",
        "Speech",
        "Text",
    ]
    assert dropout.select('[data-facet="venue"] .opdhub-chip') == []
    assert soup(site, "modality/speech").select("[data-paper-id]")[0]["data-paper-id"] == "1207.0580"
    nips = sorted(c["data-paper-id"] for c in soup(site, "venue/nips-2014").select("[data-paper-id]"))
    assert nips == ["1406.2661", "1409.3215"]
    assert "Preprint only" in soup(site, "venue").get_text()
    data = json.loads((site / "papers.json").read_text("utf-8"))
    assert [f["field"] for f in data["facets"]] == ["chapter", "modality", "venue", "year", "has_code"]
    assert len(data["papers"]) == 17
    modality = next(f for f in data["facets"] if f["field"] == "modality")
    assert modality["multi"] is True
    assert {v["id"]: v["count"] for v in modality["values"]} == {"images": 10, "text": 7, "speech": 1, "control": 2}


def test_nothing_of_the_other_topic_leaks_in(site):
    words = re.compile(r"(?i:on-policy|distillation|2604\.00626|mechanism)|OPDHub")
    leaks = {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml") and path.name != "sitemap.xml":
            found = words.findall(path.read_text("utf-8"))
            if found:
                leaks[path.relative_to(site).as_posix()] = sorted(set(found))
    assert leaks == {}
