"""The files of a new list made from nothing (``opdhub init``): a taxonomy, ``mkdocs.yml``, one
example paper, the editor schema, the "Add a paper" issue form, a GitHub workflow that checks
and publishes the site, a pre-commit config and a ``.gitignore``.

What the files say is made by the same code as the rest of the command line (the skeleton of
``opdhub import``, the schema, the issue form, the paper writer), so a new list starts valid and
``mkdocs build --strict`` builds it at once. Existing files are never overwritten: the caller
gets the list of files in the way and writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from ..model.schema import schema_json
from ..model.taxonomy import Taxonomy, build_taxonomy
from .importer.skeleton import ABOUT_PAGE, mkdocs_config_text
from .issue_form import form_yaml
from .writer import dump_paper

TAXONOMY_FILE = "taxonomy.yml"
ISSUE_FORM = ".github/ISSUE_TEMPLATE/add-paper.yml"
EXAMPLE_ID = "1706.03762"
TAXONOMY_HEADER = """\
# The taxonomy of this list: its chapters (with sections) and the facets papers are filtered by.
# Written by 'opdhub init'; make it yours (ids are what paper files use), then run
# 'opdhub schema --write' and 'opdhub issue-form --write' to bring the generated files along.
"""
PAPER_HEADER = """\
# yaml-language-server: $schema=../schema/paper.schema.json
# An example paper: one file per paper, named after its id. Replace it with your own.
"""
GITIGNORE = """\
# the built site
/site/
# caches of Material's plugins and of opdhub (its paper index, answers of the paper APIs)
.cache/
"""


@dataclass(frozen=True)
class NewFile:
    path: str  # relative to the new list's folder, with forward slashes
    text: str


def taxonomy_data(title: str) -> dict:
    return {
        "survey": {"title": title, "description": "A list of papers, one YAML file each in papers/."},
        "chapters": [
            {"id": "1", "title": "Foundations", "sections": [{"id": "1.1", "title": "Architectures"}]},
            {"id": "2", "title": "Applications"},
        ],
        "facets": [
            {"field": "chapter", "type": "chapter", "label": "Chapter"},
            {
                "field": "topic",
                "label": "Topic",
                "values": [{"id": "language", "label": "Language"}, {"id": "vision", "label": "Vision"}],
            },
            {"field": "year", "type": "year", "label": "Year"},
            {
                "field": "has_code",
                "type": "presence",
                "of": "code",
                "label": "Code",
                "values": [{"id": "yes", "label": "With code"}, {"id": "no", "label": "Without code"}],
            },
        ],
    }


def example_paper(today: datetime.date) -> dict:
    return {
        "id": EXAMPLE_ID,
        "title": "Attention Is All You Need",
        "authors": [
            "Vaswani, Ashish",
            "Shazeer, Noam",
            "Parmar, Niki",
            "Uszkoreit, Jakob",
            "Jones, Llion",
            "Gomez, Aidan N.",
            "Kaiser, Łukasz",
            "Polosukhin, Illia",
        ],
        "year": 2017,
        "date": "2017-06-12",
        "url": f"https://arxiv.org/abs/{EXAMPLE_ID}",
        "arxiv": EXAMPLE_ID,
        "code": ["https://github.com/tensorflow/tensor2tensor"],
        "chapter": "1",
        "section": "1.1",
        "topic": "language",
        "added": today.isoformat(),
        "summary": "The Transformer: sequence transduction with attention alone, no recurrence or convolution.",
    }


def repository() -> str | None:
    """The address of this package's repository, from its metadata (pyproject's one setting)."""
    try:
        urls = metadata.metadata("mkdocs-opdhub").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return None
    return next((url.split(", ", 1)[1] for url in urls if url.startswith("Repository, ")), None)


def workflow(install: str) -> str:
    """A GitHub workflow: every pull request is validated and built strict; main is published."""
    flow = {
        "name": "Site",
        "on": {"pull_request": None, "push": {"branches": ["main"]}},
        "permissions": {"contents": "read", "pages": "write", "id-token": "write"},
        "jobs": {
            "build": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4"},
                    {"uses": "actions/setup-python@v5", "with": {"python-version": "3.12"}},
                    {"run": install},
                    {"run": "opdhub validate --format github"},
                    {"run": "mkdocs build --strict"},
                    {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "site"}},
                ],
            },
            "deploy": {
                "if": "github.ref == 'refs/heads/main'",
                "needs": "build",
                "runs-on": "ubuntu-latest",
                "environment": {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"},
                "steps": [{"id": "deployment", "uses": "actions/deploy-pages@v4"}],
            },
        },
    }
    return (
        "# Checks every pull request (paper files, strict build) and publishes main with GitHub Pages\n"
        "# (Settings -> Pages -> Source: GitHub Actions). Written by 'opdhub init'.\n"
        + yaml.safe_dump(flow, sort_keys=False, width=100).replace("'on':", "on:", 1)
    )


def precommit(repo: str | None) -> str:
    """pre-commit hooks: the changed paper files, the schema and the issue form are checked on
    each commit. From the package's repository when known, else the installed ``opdhub``."""
    if repo:
        hooks = [
            {
                "repo": repo,
                "rev": "main",
                "hooks": [{"id": "opdhub-validate"}, {"id": "opdhub-schema"}, {"id": "opdhub-issue-form"}],
            }
        ]
    else:  # pragma: no cover - no package metadata
        hooks = [
            {
                "repo": "local",
                "hooks": [
                    {
                        "id": "opdhub-validate",
                        "name": "opdhub validate",
                        "entry": "opdhub validate",
                        "language": "system",
                        "files": r"^papers/[^/]+\.ya?ml$",
                        "require_serial": True,
                    }
                ],
            }
        ]
    return (
        "# 'pip install pre-commit && pre-commit install' once; then each commit runs these.\n"
        "# 'pre-commit autoupdate --bleeding-edge' pins rev to a commit. Written by 'opdhub init'.\n"
        + yaml.safe_dump({"repos": hooks}, sort_keys=False, width=100)
    )


def new_list_files(title: str, today: datetime.date | None = None) -> list[NewFile]:
    """Every file of a new list called ``title``, in the order they are reported."""
    today = today or datetime.date.today()
    data = taxonomy_data(title)
    taxonomy: Taxonomy = build_taxonomy(data, TAXONOMY_FILE)
    facet_fields = [f.field for f in taxonomy.facets]
    repo = repository()
    install = f"pip install git+{repo}" if repo else "pip install mkdocs-opdhub"
    return [
        NewFile("mkdocs.yml", mkdocs_config_text(title)),
        NewFile(TAXONOMY_FILE, TAXONOMY_HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)),
        NewFile(f"papers/{EXAMPLE_ID}.yaml", dump_paper(example_paper(today), facet_fields, PAPER_HEADER)),
        NewFile("schema/paper.schema.json", schema_json(taxonomy)),
        NewFile("docs/about.md", ABOUT_PAGE),
        NewFile(ISSUE_FORM, form_yaml(taxonomy)),
        NewFile(".github/workflows/site.yml", workflow(install)),
        NewFile(".pre-commit-config.yaml", precommit(repo)),
        NewFile(".gitignore", GITIGNORE),
    ]


def in_the_way(root: Path, files: list[NewFile]) -> list[str]:
    """The paths under ``root`` that stop ``files`` being written: the files themselves when they
    exist, and anything not a folder where one of their folders goes."""
    found: dict[str, None] = {}
    for new in files:
        parts = new.path.split("/")
        for depth in range(1, len(parts)):
            folder = root.joinpath(*parts[:depth])
            if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
                found["/".join(parts[:depth])] = None
        if (root / new.path).exists() or (root / new.path).is_symlink():
            found[new.path] = None
    return list(found)


def write_new_list(root: Path, files: list[NewFile]) -> None:
    for new in files:
        path = root / new.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
            handle.write(new.text)
