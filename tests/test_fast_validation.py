"""Fast validation: good files take the quick path and one-file validation reads the other papers
from an index of unchanged files; neither may change a single message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import site  # noqa: F401  (fixture: a small site with two real papers)
from test_errors import GOOD, NAME, validate, write

from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import PaperValidator
from mkdocs_opdhub.project import Options, open_project
from mkdocs_opdhub.tools import paperindex

INDEX = Path(".cache") / "opdhub" / "papers.json"
CLASH = (
    "papers/2605.00001.yaml:9:1: error: arxiv: duplicate arXiv id '2306.08543': also in papers/2306.08543.yaml:11 "
    "(each paper is listed once; merge the two files)"
)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The paper files PaperValidator actually reads."""
    seen: list[str] = []
    real = PaperValidator.check_file

    def spy(self, path, display):
        seen.append(display)
        return real(self, path, display)

    monkeypatch.setattr(PaperValidator, "check_file", spy)
    return seen


def clashing(site: Path) -> Path:
    return write(site, GOOD.replace("arxiv: '2605.00001'", "arxiv: '2306.08543'"))


def test_one_file_reads_only_that_file_once_the_index_exists(site, capsys, reads):
    write(site, GOOD)
    assert validate(capsys) == (0, [])
    assert sorted(reads) == ["papers/1011.0686.yaml", "papers/2306.08543.yaml", NAME]
    assert (site / INDEX).is_file()
    reads.clear()
    clashing(site)
    assert validate(capsys, NAME) == (1, [CLASH])
    assert reads == [NAME]


def test_a_changed_file_is_read_again(site, capsys, reads):
    write(site, GOOD)
    assert validate(capsys, NAME) == (0, [])  # no index yet: every file read, index written
    other = site / "papers" / "2306.08543.yaml"
    other.write_text(other.read_text("utf-8").replace("arxiv: '2306.08543'", "arxiv: '2605.00001'"), "utf-8")
    reads.clear()
    status, lines = validate(capsys, NAME)
    assert sorted(reads) == ["papers/2306.08543.yaml", NAME]
    assert status == 1 and "duplicate arXiv id '2605.00001': also in papers/2306.08543.yaml:11" in lines[0]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "fingerprint": 3, "files": []}', b"[]", None])
def test_a_damaged_stale_or_foreign_index_is_ignored(site, capsys, damage):
    write(site, GOOD)
    assert validate(capsys) == (0, [])
    index = site / INDEX
    if damage is None:  # valid JSON for the current taxonomy, with nonsense entries
        data = json.loads(index.read_text("utf-8"))
        for key in data["files"]:
            data["files"][key][1] = {"fields": 7}
        index.write_text(json.dumps(data), "utf-8")
    else:
        index.write_bytes(damage)
    clashing(site)
    assert validate(capsys, NAME) == (1, [CLASH])
    assert json.loads(index.read_text("utf-8"))["format"] == paperindex.FORMAT  # rewritten


def test_an_index_for_another_taxonomy_is_not_used(site, capsys, reads):
    write(site, GOOD)
    assert validate(capsys) == (0, [])
    taxonomy = site / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text("utf-8").replace("Analysis", "Analyses"), "utf-8")
    reads.clear()
    validate(capsys, NAME)
    assert len(reads) == 3


def test_no_writable_cache_folder_changes_nothing(site, capsys):
    (site / ".cache").write_text("a file where the folder would go", "utf-8")
    clashing(site)
    assert validate(capsys, NAME) == (1, [CLASH])
    assert validate(capsys, NAME) == (1, [CLASH])


def test_a_deleted_paper_leaves_the_index(site, capsys):
    write(site, GOOD)
    assert validate(capsys) == (0, [])
    (site / "papers" / "1011.0686.yaml").unlink()
    assert validate(capsys, NAME) == (0, [])
    assert "papers/1011.0686.yaml" not in json.loads((site / INDEX).read_text("utf-8"))["files"]


# -- the quick path gives what the careful path gives ---------------------------------------------


@pytest.fixture(scope="module")
def validator() -> PaperValidator:
    return PaperValidator(open_project(Path(__file__).parent.parent, Options()).taxonomy)


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        GOOD.replace("chapter: '8'", "chapter: 8"),
        GOOD + "summary: |\n  Two\n  lines.\n",
        "{"
        + GOOD.replace(MODELINE := GOOD.splitlines()[0] + "\n", "")
        .strip()
        .replace("\n  - ", " ")
        .replace("\n", ", ")
        .replace("authors:,", "authors: [")
        .replace("Roe, Richard,", "Roe, Richard],")
        + "}",
        GOOD.replace("title: Teacher", "title: 'Teacher"),
        GOOD.replace("id: '2605.00001'", "'id': '2605.00001'"),
        GOOD.replace("id: '2605.00001'", "id:\n  '2605.00001'"),
    ],
)
def test_quick_and_careful_paths_agree(validator, text):
    quick = yamlsource.quick_load(text)
    try:
        careful = yamlsource.parse(text, NAME)
    except yamlsource.YamlProblem:
        assert quick is None
        return
    if quick is not None:
        assert quick == careful.data
    fast_paper, fast_problems = validator.check_text(text, NAME, "2605.00001")
    slow_paper, slow_problems = validator.check_data(careful, NAME, "2605.00001")
    assert (fast_paper, fast_problems) == (slow_paper, slow_problems)
    if slow_paper is not None:
        for name in careful.data:
            assert fast_paper.line_of(name) == slow_paper.line_of(name), name
