"""The project names itself: every place that says where mkdocs-opdhub lives (package metadata,
CITATION.cff, the site's repo_url, install lines, pre-commit `repo:` lines, workflows) names the
one address in pyproject.toml's [project.urls] Repository, and never the repository the OPDHub
data comes from (credited in NOTICE.md, which keeps that link)."""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

URLS = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["urls"]
REPOSITORY = URLS["Repository"]
DATA_SOURCE = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))["survey"]["repository"]
TEXT_FILES = [
    "README.md",
    "CONTRIBUTING.md",
    "mkdocs.yml",
    "CITATION.cff",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    *(str(p.relative_to(REPO)) for p in sorted((REPO / "docs").glob("*.md"))),
    *(str(p.relative_to(REPO)) for p in sorted((REPO / ".github").rglob("*.yml"))),
]
# How a file says where this project lives: an install line, a pre-commit repo, a citation.
CLAIMS = re.compile(r"git\+(https?://[^\s\"'@`]+)|^\s*-?\s*repo:\s*(\S+)|^repository-code:\s*(\S+)", re.M)


def test_the_one_address_is_this_projects_own():
    assert REPOSITORY == "https://github.com/mkdocs-opdhub/mkdocs-opdhub"
    assert DATA_SOURCE != REPOSITORY
    assert all(url.startswith(REPOSITORY) for url in URLS.values()), URLS


@pytest.mark.parametrize("name", TEXT_FILES)
def test_no_file_names_another_repository_as_this_one(name):
    text = (REPO / name).read_text("utf-8")
    for match in CLAIMS.finditer(text):
        claimed = next(g for g in match.groups() if g)
        if claimed == "local" or claimed.startswith("<"):
            continue  # pre-commit's own hooks; a placeholder for the reader's repository
        assert claimed.rstrip("/") == REPOSITORY, f"{name}: {match.group(0).strip()}"
    assert DATA_SOURCE not in text or name in ("docs/about.md",), f"{name} links the data source's repository"


def test_the_site_and_the_citation_name_the_same_repository():
    site = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)  # !ENV tags as text
    assert site["repo_url"] == REPOSITORY
    assert yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))["repository-code"] == REPOSITORY


def test_the_data_source_keeps_its_credit():
    assert DATA_SOURCE in (REPO / "NOTICE.md").read_text("utf-8")
    assert DATA_SOURCE in (REPO / "docs" / "about.md").read_text("utf-8")


def test_the_plugin_catalog_entry_names_this_package():
    """docs/mkdocs-catalog.md: the block for MkDocs' catalog (what 'mkdocs get-deps' reads)."""
    from markdown_it import MarkdownIt

    page = (REPO / "docs" / "mkdocs-catalog.md").read_text("utf-8")
    (block,) = [t.content for t in MarkdownIt("commonmark").parse(page) if t.type == "fence" and t.info == "yaml"]
    (entry,) = yaml.safe_load(block)
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert list(entry) == ["name", "mkdocs_plugin", "github_id", "pypi_id", "labels", "category", "description"]
    assert entry["mkdocs_plugin"] in project["entry-points"]["mkdocs.plugins"]
    assert f"https://github.com/{entry['github_id']}" == REPOSITORY
    assert entry["pypi_id"] == project["name"]
    assert entry["labels"] == ["plugin"]
    assert entry["category"] in {
        "site-management",
        "theming",
        "i18n-l10n",
        "nav-pages",
        "search-toc",
        "links-refs",
        "html-css",
        "code-exec-templating",
        "git-info",
        "snippets-include",
        "api-docs",
        "authoring",
        "site-conversion",
        "blogging",
        "web-services",
        "charts",
        "other",
    }
    assert 20 < len(entry["description"]) < 200
