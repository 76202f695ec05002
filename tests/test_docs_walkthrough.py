"""The page "Use mkdocs-opdhub for your own list", tried as a new user would: its commands, taken
from the page itself, run in order in a folder holding only a README (and a BibTeX file), then
the site they build is opened in Chromium (the last commands rebuild it with Zensical from
'opdhub generate', so that is the site the browser test sees). Its reference tables are checked against the code."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, run_env, serve
from markdown_it import MarkdownIt
from playwright.sync_api import expect
from test_import import REAL_README, SAMPLE

from mkdocs_opdhub.formats.bibtex import bibliography
from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import make_paper
from mkdocs_opdhub.plugin import OpdhubConfig
from mkdocs_opdhub.project import Options, open_project
from mkdocs_opdhub.tools.importer.markdown import read_readme

PAGE = REPO / "docs" / "own-list.md"
INSTALL = "pip install git+" + re.search(
    r'^Repository = "([^"]+)"$', (REPO / "pyproject.toml").read_text("utf-8"), re.M
).group(1)


def blocks(language: str) -> list[str]:
    """The page's fenced code blocks in one language, in order."""
    tokens = MarkdownIt("commonmark").parse(PAGE.read_text("utf-8"))
    return [t.content for t in tokens if t.type == "fence" and t.info.split()[:1] == [language]]


def commands() -> list[str]:
    return [
        line.strip()
        for block in blocks("bash")
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def workflow() -> dict:
    return next(yaml.safe_load(b) for b in blocks("yaml") if b.startswith("name: Site"))


def shell(command: str, folder: Path) -> subprocess.CompletedProcess:
    """A command as a user types it, with this Python's scripts (opdhub, mkdocs) first on PATH."""
    env = run_env()
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=600)


def run_step(command: str, folder: Path) -> str:
    if command == INSTALL:
        # what 'pip install' would give: this very distribution, with its command and plugin
        dist = importlib.metadata.distribution("mkdocs-opdhub")
        assert {e.name for e in dist.entry_points} >= {"opdhub"}
        return ""
    result = shell(command, folder)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    """An empty folder, the user's README and BibTeX file, then every command of the page."""
    folder = tmp_path_factory.mktemp("walkthrough") / "my-list"
    folder.mkdir()
    readme = REAL_README.read_text("utf-8") if REAL_README.is_file() else SAMPLE
    (folder / "README.md").write_text(readme, "utf-8")
    # the user's BibTeX: records for the listed papers this repository also has
    listed = {e.arxiv for e in read_readme(readme, "README.md").entries if e.arxiv}
    ours = open_project(REPO, Options()).load_papers().papers
    known = [p for p in ours if p.arxiv in listed]
    if not known:  # the sample README (the real one sits beside the repository): BibTeX for its arXiv papers
        taxonomy = open_project(REPO, Options()).taxonomy
        known = [
            make_paper(
                {
                    k: v
                    for k, v in {
                        "id": e.arxiv,
                        "title": e.title,
                        "authors": ["Doe, Jane", "Roe, Richard"],
                        "year": e.year,
                        "date": e.date,
                        "url": f"https://arxiv.org/abs/{e.arxiv}",
                        "arxiv": e.arxiv,
                        "chapter": "4",
                        "mechanism": "direct_opd",
                        "added": "2026-11-01",
                    }.items()
                    if v is not None
                },
                taxonomy,
                f"{e.arxiv}.yaml",
            )
            for e in read_readme(readme, "README.md").entries
            if e.arxiv
        ][:2]
    (folder / "refs.bib").write_text(bibliography(known), "utf-8")
    outputs = {command: run_step(command, folder) for command in commands()}
    return folder, readme, outputs, known


def test_the_page_has_the_steps():
    assert commands() == [
        INSTALL,
        "opdhub import README.md --add-markers",
        "mkdocs build --strict",
        "opdhub import refs.bib --force",
        "opdhub export readme --into README.md",
        "opdhub export bib -o papers.bib",
        "opdhub export csv -o papers.csv",
        "opdhub export json -o papers.json",
        "opdhub issue-form --write",
        "opdhub generate",
        "zensical build -f mkdocs.generated.yml --strict",
    ]


def test_the_install_command_is_the_packages_repository():
    repository = re.search(r'^Repository = "([^"]+)"$', (REPO / "pyproject.toml").read_text("utf-8"), re.M).group(1)
    assert INSTALL == f"pip install git+{repository}"
    assert INSTALL in [s["run"] for s in workflow()["jobs"]["build"]["steps"] if "run" in s]
    assert "pip install mkdocs-opdhub" in PAGE.read_text("utf-8")  # and what to type after a release


def test_the_issue_form_and_the_zensical_site(walkthrough):
    folder = walkthrough[0]
    form = yaml.safe_load((folder / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text("utf-8"))
    chapters = yamlsource.load(folder / "taxonomy.yml", "taxonomy.yml").data["chapters"]
    options = next(e["attributes"]["options"] for e in form["body"] if e.get("id") == "chapter")
    assert len(options) == len(chapters)
    built = {p.relative_to(folder / "site").as_posix() for p in (folder / "site").rglob("*.html")}
    assert {"index.html", "papers/index.html"} <= built  # Zensical's build of the generated files
    papers = json.loads((folder / "site" / "papers.json").read_text("utf-8"))["papers"]
    cards = BeautifulSoup((folder / "site" / "papers" / "index.html").read_text("utf-8"), "html.parser")
    assert len(cards.select("[data-paper-id]")) == len(papers) == len(list((folder / "papers").glob("*.yaml")))


def test_import_and_build(walkthrough):
    folder, readme, outputs, _ = walkthrough
    report = outputs["opdhub import README.md --add-markers"]
    assert "wrote taxonomy.yml, schema/paper.schema.json, mkdocs.yml, docs/about.md" in report
    assert (folder / "site" / "index.html").is_file() and (folder / "site" / "papers.json").is_file()
    if REAL_README.is_file():
        shown = next(b for b in blocks("text") if b.startswith("README.md:"))
        for line in shown.splitlines():  # the sample report shown on the page is the real one
            assert line in report.splitlines()
        assert len(list((folder / "papers").glob("*.yaml"))) == 95
        chapter = yamlsource.load(folder / "taxonomy.yml", "taxonomy.yml").data["chapters"][0]
        assert (chapter["title"], chapter["short"]) == ("📚 Background & Foundations", "Background & Foundations")


def test_the_documented_mkdocs_yml_is_what_import_writes(walkthrough):
    folder = walkthrough[0]
    documented = next(yaml.safe_load(b) for b in blocks("yaml") if b.startswith("site_name:"))
    written = yaml.safe_load((folder / "mkdocs.yml").read_text("utf-8"))
    assert {**documented, "site_name": None} == {**written, "site_name": None}


def test_bibtex_adds_the_authors(walkthrough):
    folder, _, outputs, known = walkthrough
    assert known, "the README and this repository share papers"
    assert f"{len(known)} updated" in outputs["opdhub import refs.bib --force"]
    for paper in known:
        data = yamlsource.load(folder / "papers" / f"{paper.id}.yaml", "x").data
        assert data["authors"] == paper.authors


def test_the_readme_keeps_its_text_around_the_list(walkthrough):
    folder, readme, _, _ = walkthrough
    text = (folder / "README.md").read_text("utf-8")
    first, last = read_readme(readme, "README.md").span
    lines = readme.splitlines(keepends=True)
    before, after = "".join(lines[: first - 1]), "".join(lines[last:])
    assert text.startswith(before + "<!-- opdhub:start -->\n")
    assert text.endswith("<!-- opdhub:end -->\n" + after)
    # the export rewrote only rows whose paper BibTeX changed (a year, a venue), in place, marks kept
    unmarked = text.replace("<!-- opdhub:start -->\n", "").replace("<!-- opdhub:end -->\n", "").splitlines()
    changed = [(a, b) for a, b in zip(readme.splitlines(), unmarked, strict=False) if a != b]
    assert len(unmarked) == len(readme.splitlines()) and len(changed) <= len(walkthrough[3])
    assert (
        changed or not REAL_README.is_file()
    )  # the real README's table rows gain a year or venue; the sample's do not
    assert all(
        a.startswith(("| ", "- ", "* ", "  - ")) and a.split("[", 1)[0] == b.split("[", 1)[0] for a, b in changed
    ), changed
    count = len(list((folder / "papers").glob("*.yaml")))
    assert len(json.loads((folder / "papers.json").read_text("utf-8"))["papers"]) == count
    assert (folder / "papers.bib").read_text("utf-8").count("@") == count


def test_the_github_workflow_commands_pass(walkthrough):
    folder = walkthrough[0]
    steps = [s["run"] for s in workflow()["jobs"]["build"]["steps"] if "run" in s]
    assert steps == [
        INSTALL,
        "opdhub validate --format github",
        "opdhub export readme --into README.md --check",
        "mkdocs build --strict",
    ]
    for step in steps:
        run_step(step, folder)


@pytest.mark.browser
def test_the_site_filters(walkthrough, page):
    folder = walkthrough[0]
    site = folder / "site"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    year = max(data["papers"], key=lambda p: p["year"])["year"]
    expected = {p["id"] for p in data["papers"] if p["year"] == year}
    url, server = serve(site)
    try:
        page.goto(url + "papers/")
        page.locator("[data-opdhub-filter]").wait_for(state="visible")
        page.locator(f'[data-opdhub-filter] input[name="year"][value="{year}"]').check()
        total = len(data["papers"])
        expect(page.locator("[data-opdhub-count]")).to_have_text(
            re.compile(rf"^\s*{len(expected)} of {total} papers?\s*$"), timeout=60_000
        )
        shown = set(
            page.eval_on_selector_all("[data-paper-id]:not([hidden])", "cards => cards.map(c => c.dataset.paperId)")
        )
        assert shown == expected
        assert page.js_errors == []
    finally:
        server.shutdown()


# -- the reference tables ------------------------------------------------------------------------


def table_rows(heading_text: str) -> dict[str, list[str]]:
    """The rows of the first table after a line containing ``heading_text``: key -> other cells."""
    text = PAGE.read_text("utf-8")
    start = text.index(heading_text)
    rows = {}
    for line in text[start:].splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
        elif rows and not line.startswith("|"):
            break
    return rows


def test_every_plugin_option_is_documented_with_its_default():
    rows = table_rows("Plugin options, all optional:")
    options = {name: option.default for name, option in OpdhubConfig._schema}  # MkDocs' config schema
    assert set(rows) == set(options)
    for name, default in options.items():
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        assert rows[name][0] == f"`{shown}`", name


def test_every_taxonomy_key_is_documented():
    schema = json.loads(
        importlib.resources.files("mkdocs_opdhub.model").joinpath("taxonomy.schema.json").read_text("utf-8")
    )
    keys = {f"survey.{k}" for k in schema["properties"]["survey"]["properties"]}
    keys |= {k for k in schema["properties"] if k != "survey"}
    keys |= {f"chapters[].{k}" for k in schema["properties"]["chapters"]["items"]["properties"]}
    keys |= {f"facets[].{k}" for k in schema["properties"]["facets"]["items"]["properties"]}
    rows = table_rows("Every key, with its default:")
    assert set(rows) == keys
    for key in schema["definitions"]["section"]["properties"]:
        assert f"`{key}`" in rows["chapters[].sections"][1], key
    for key in schema["definitions"]["value"]["properties"]:
        assert f"`{key}`" in rows["facets[].values"][1], key


def test_the_documented_taxonomy_builds(tmp_path):
    example = next(b for b in blocks("yaml") if b.startswith("survey:"))
    (tmp_path / "taxonomy.yml").write_text(example, "utf-8")
    taxonomy = open_project(tmp_path, Options()).taxonomy
    assert [f.field for f in taxonomy.facets] == ["chapter", "modality", "venue", "year", "has_code"]
    assert [(d, s.id) for d, s in taxonomy.chapters[0].walk_sections()] == [
        (0, "convolutional"),
        (0, "sequence"),
        (1, "recurrent"),
    ]
    assert "`examples/deep-learning-classics/`" in PAGE.read_text("utf-8")
    assert (REPO / "examples" / "deep-learning-classics" / "taxonomy.yml").is_file()
