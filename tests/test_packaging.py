"""What the package index and a citing reader see: the sdist's metadata (URLs, authors,
classifiers) and files, a README whose links work away from the repository, a CITATION.cff."""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tarfile

import jsonschema
import pytest
import yaml
from conftest import REPO, run_env
from markdown_it import MarkdownIt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

REPOSITORY = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["urls"]["Repository"]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> tarfile.TarFile:
    out = tmp_path_factory.mktemp("sdist")
    # --no-isolation: the test extra brings setuptools, so this needs no network
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(out), str(REPO)],
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
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
    assert REPOSITORY == "https://github.com/mkdocs-opdhub/mkdocs-opdhub"  # its own organisation and name
    assert urls == {
        "Homepage": REPOSITORY,
        "Repository": REPOSITORY,
        "Issues": f"{REPOSITORY}/issues",
        "Documentation": f"{REPOSITORY}/blob/HEAD/docs/own-list.md",
    }
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
    for needed in (
        "README.md",
        "LICENSE",
        "NOTICE.md",
        "pyproject.toml",
        "mkdocs_opdhub/plugin.py",
        "mkdocs_opdhub/model/taxonomy.schema.json",
        "mkdocs_opdhub/theme/assets/opdhub/filter.js",
        "mkdocs_opdhub/theme/opdhub/card.html",
        "mkdocs_opdhub/tools/generate.py",
    ):
        assert needed in names, needed


def links(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                out.append(child.attrs["href"])
            elif child.type == "image":
                out.append(child.attrs["src"])
    return out


def test_readme_links_into_the_repository_are_relative_and_lead_to_files():
    found = links((REPO / "README.md").read_text("utf-8"))
    assert len(found) > 10
    inside = [link for link in found if not link.startswith(("https://", "http://", "#"))]
    assert not [link for link in found if link.startswith(REPOSITORY)]  # wherever the repository is hosted
    for link in inside:
        assert (REPO / link.split("#")[0]).exists(), link
    assert any(link.startswith("docs/screenshots/") for link in inside)  # images too


def test_readme_links_on_the_package_index_are_absolute_from_the_one_address(sdist):
    """The package index shows the README away from the repository: setup.py makes its relative
    links absolute from pyproject's Repository (the same links, to the same files)."""
    description = metadata(sdist).get_payload()
    assert metadata(sdist)["Description-Content-Type"] == "text/markdown"
    found = links(description)
    relative = [link for link in found if not link.startswith(("https://", "http://", "#"))]
    assert relative == []  # relative links break on the package index's page
    ours = [link for link in found if link.startswith(REPOSITORY)]
    assert len(ours) == len(
        [
            link
            for link in links((REPO / "README.md").read_text("utf-8"))
            if not link.startswith(("https://", "http://", "#"))
        ]
    )
    for link in ours:
        kind, path = link[len(REPOSITORY) + 1 :].split("/HEAD/", 1)
        assert kind in ("blob", "raw") and (REPO / path.split("#")[0]).exists(), link
    assert any(link.startswith(f"{REPOSITORY}/raw/HEAD/docs/screenshots/") for link in ours)  # images too


def test_the_readme_lists_every_plugin_option():
    from mkdocs_opdhub.plugin import OpdhubConfig

    rows = re.findall(r"^\| `([a-z_]+)` \|", (REPO / "README.md").read_text("utf-8"), re.M)
    options = [name for name, _ in OpdhubConfig._schema]  # MkDocs' config schema
    assert set(options) <= set(rows), set(options) - set(rows)


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
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "anyOf": [{"required": ["name"]}, {"required": ["family-names"]}],
                "properties": {
                    "name": {"type": "string"},
                    "family-names": {"type": "string"},
                    "given-names": {"type": "string"},
                    "orcid": {"type": "string"},
                },
                "additionalProperties": False,
            },
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
