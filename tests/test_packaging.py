"""What the package index and a citing reader see: the sdist's metadata (URLs, authors,
classifiers) and files, a README whose links work away from the repository, a CITATION.cff."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tarfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, run_env
from markdown_it import MarkdownIt

REPOSITORY = "https://github.com/nick7nlp/Awesome-LLM-On-Policy-Distillation"


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> tarfile.TarFile:
    out = tmp_path_factory.mktemp("sdist")
    # --no-isolation: the test extra brings setuptools, so this needs no network
    result = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(out), str(REPO)],
                            env=run_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (archive,) = out.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        yield tar


def metadata(sdist: tarfile.TarFile):
    member = next(m for m in sdist.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
    return email.parser.Parser().parsestr(sdist.extractfile(member).read().decode("utf-8"))


def test_metadata_has_urls_authors_and_classifiers(sdist):
    meta = metadata(sdist)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls == {"Homepage": REPOSITORY, "Repository": REPOSITORY, "Issues": f"{REPOSITORY}/issues",
                    "Documentation": f"{REPOSITORY}/blob/main/docs/own-list.md"}
    assert meta["Author"] == "The mkdocs-opdhub contributors"
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    assert "Framework :: MkDocs" in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert {f"Programming Language :: Python :: 3.{n}" for n in (10, 11, 12, 13)} <= set(classifiers)
    assert any(c.startswith("Topic :: ") for c in classifiers)
    assert meta["Requires-Python"] == ">=3.10"


def test_sdist_is_the_package_without_tests(sdist):
    names = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    # the tests need the whole repository (its sites, Chromium, Node): they run from a clone, not from here
    assert not any(n == "tests" or n.startswith(("tests/", "bench/")) for n in names)
    for needed in ("README.md", "LICENSE", "NOTICE.md", "pyproject.toml", "mkdocs_opdhub/plugin.py",
                   "mkdocs_opdhub/model/taxonomy.schema.json", "mkdocs_opdhub/theme/assets/opdhub/filter.js",
                   "mkdocs_opdhub/theme/opdhub/card.html", "mkdocs_opdhub/tools/generate.py"):
        assert needed in names, needed


def readme_links() -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse((REPO / "README.md").read_text("utf-8"))
    links = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                links.append(child.attrs["href"])
            elif child.type == "image":
                links.append(child.attrs["src"])
    return links


def test_readme_links_work_on_the_package_index():
    links = readme_links()
    assert len(links) > 10
    relative = [link for link in links if not link.startswith(("https://", "http://", "#"))]
    assert relative == []  # relative links break on the package index's page
    # links into this repository lead to files that exist here
    for link in links:
        for kind in ("/blob/main/", "/tree/main/", "/raw/main/"):
            if link.startswith(REPOSITORY + kind):
                path = REPO / link[len(REPOSITORY + kind):].split("#")[0]
                assert path.exists(), link
    assert any(link.startswith(f"{REPOSITORY}/raw/main/docs/screenshots/") for link in links)  # images too


CFF_SHAPE = {  # the parts of the Citation File Format 1.2.0 schema a software citation uses
    "type": "object",
    "required": ["cff-version", "message", "title", "authors", "type", "version", "license", "repository-code"],
    "properties": {
        "cff-version": {"const": "1.2.0"},
        "message": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "type": {"enum": ["software", "dataset"]},
        "version": {"type": "string"},
        "license": {"type": "string"},
        "repository-code": {"type": "string", "pattern": "^https://"},
        "url": {"type": "string", "pattern": "^https://"},
        "abstract": {"type": "string"},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "date-released": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "authors": {
            "type": "array", "minItems": 1,
            "items": {"type": "object", "anyOf": [{"required": ["name"]}, {"required": ["family-names"]}],
                      "properties": {"name": {"type": "string"}, "family-names": {"type": "string"},
                                     "given-names": {"type": "string"}, "orcid": {"type": "string"}},
                      "additionalProperties": False},
        },
    },
    "additionalProperties": False,
}


def test_citation_cff_describes_this_software(sdist):
    text = (REPO / "CITATION.cff").read_text("utf-8")
    data = yaml.safe_load(text)
    jsonschema.validate(data, CFF_SHAPE)
    meta = metadata(sdist)
    assert data["title"] == meta["Name"] and data["version"] == meta["Version"]
    assert data["license"] == meta["License-Expression"]
    assert data["repository-code"] == REPOSITORY
    assert data["authors"] == [{"name": meta["Author"]}]
