"""The ``opdhub`` command line: validate, new, schema, issue-form; help and usage errors."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build

from mkdocs_opdhub.cli import COMMAND_MODULES, main
from mkdocs_opdhub.model.schema import schema_json
from mkdocs_opdhub.model.taxonomy import load_taxonomy
from mkdocs_opdhub.tools import issue_form

TODAY = _dt.date.today().isoformat()
MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json\n"
COMMANDS = ("validate", "new", "schema", "issue-form", "check-links")


def small_site(root: Path, papers: tuple[str, ...] = ("2306.08543", "1011.0686")) -> Path:
    """The site's config, taxonomy and schema with a few of its real papers: fast to validate."""
    copy_project(root, parts=("mkdocs.yml", "taxonomy.yml", "schema"))
    (root / "papers").mkdir()
    for paper_id in papers:
        shutil.copy2(REPO / "papers" / f"{paper_id}.yaml", root / "papers")
    return root


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A small site as the working folder."""
    monkeypatch.chdir(small_site(tmp_path / "site"))
    return tmp_path / "site"


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse: --help and usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


# -- validate ------------------------------------------------------------------------------------


def test_validate_is_clean_on_the_repository(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    status, out, err = run(capsys, "validate")
    assert (status, out) == (0, "")
    assert err == "opdhub validate: 305 paper files checked: 0 errors, 0 warnings\n"


def test_validate_github_format_is_clean_on_the_repository(capsys, monkeypatch):
    """What the pull-request workflow runs."""
    monkeypatch.chdir(REPO)
    assert run(capsys, "validate", "--format", "github")[:2] == (0, "")


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "opdhub"
    result = subprocess.run(
        [str(script), "validate", "-q", "papers/2306.08543.yaml"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_command_has_help(capsys, site):
    status, out, _ = run(capsys, "--help")
    assert status == 0 and all(command in out for command in COMMANDS)
    assert set(COMMAND_MODULES) >= {"validate", "new", "schema", "links"}
    for command in COMMANDS:
        status, out, _ = run(capsys, command, "--help")
        assert status == 0, command
        assert out.startswith(f"usage: opdhub {command}"), command


def test_usage_errors_exit_2_with_a_clear_line(capsys, site, tmp_path, monkeypatch):
    status, _, err = run(capsys, "validat")
    assert status == 2 and "invalid choice: 'validat'" in err
    assert run(capsys, "validate", "papers/nope.yaml")[::2] == (
        2,
        "opdhub: error: no such file or folder: papers/nope.yaml\n",
    )
    assert run(capsys, "validate", "--format", "xml")[0] == 2
    assert run(capsys, "validate", "--bogus")[0] == 2
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate")[::2] == (
        2,
        "opdhub: error: mkdocs.yml: not found; run the command in your site's folder or pass -f path/to/mkdocs.yml\n",
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - search\n", encoding="utf-8")
    assert run(capsys, "validate")[::2] == (
        2,
        "opdhub: error: mkdocs.yml: the opdhub plugin is not enabled (add '- opdhub' under plugins:)\n",
    )


def test_validate_with_config_file_elsewhere(capsys, site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "validate", "-f", str(site / "mkdocs.yml"))
    assert (status, out) == (0, "") and "2 paper files checked" in err


@pytest.mark.parametrize(
    "setting, message",
    [
        ("recent: -1", "the option 'recent' must be 0 or more, not -1"),
        ("related: yes", "the option 'related' must be a whole number, not True"),
        ("feed_items: many", "the option 'feed_items' must be a whole number, not 'many'"),
    ],
)
def test_commands_refuse_the_options_the_build_refuses(capsys, site, setting, message):
    """One declaration of the options, one set of checks: the CLI says what 'mkdocs build' says."""
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("      papers_dir: papers\n", f"      papers_dir: papers\n      {setting}\n"),
        "utf-8",
    )
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "") and err == f"opdhub: error: mkdocs.yml: {message}\n"


def test_invalid_taxonomy_is_reported_not_a_traceback(capsys, site):
    (site / "taxonomy.yml").write_text(
        (site / "taxonomy.yml").read_text("utf-8").replace("group_by: mechanism", "group_by: mechansim"),
        encoding="utf-8",
    )
    status, _, err = run(capsys, "validate")
    assert status == 1
    assert "taxonomy.yml:" in err and "'mechansim' is not a facet (did you mean 'mechanism'?)" in err
    assert "Traceback" not in err


def test_warnings_do_not_fail(capsys, site):
    text = (site / "papers" / "2306.08543.yaml").read_text("utf-8")
    (site / "papers" / "2306.08543.yaml").write_text(text.replace(MODELINE, ""), encoding="utf-8")
    (site / "elsewhere").mkdir()
    stray = site / "elsewhere" / "9999.00001.yaml"
    stray.write_text(text.replace("2306.08543", "9999.00001").replace("MiniLLM", "Other"), encoding="utf-8")
    status, out, err = run(capsys, "validate", "papers", "elsewhere/9999.00001.yaml")
    assert status == 0
    assert out.splitlines() == [
        "elsewhere/9999.00001.yaml: warning: not in the papers folder 'papers/' (the site reads paper files from that folder only)",
        "papers/2306.08543.yaml:1:1: warning: the first line is not the editor schema line "
        "(make line 1 '# yaml-language-server: $schema=../schema/paper.schema.json' so editors check the file as you type)",
    ]
    assert err == "opdhub validate: 3 paper files checked: 0 errors, 2 warnings\n"


def test_non_yaml_file_named(capsys, site):
    (site / "notes.md").write_text("x", encoding="utf-8")
    assert run(capsys, "validate", "-q", "notes.md")[:2] == (
        1,
        "notes.md: error: not a paper file (paper files end in .yaml or .yml)\n",
    )


def test_schema_drift_is_an_error_until_regenerated(capsys, site):
    taxonomy = site / "taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text("utf-8").replace(
            '      - {id: "Other", label: "Other", description: "Other (NLL/MSE/contrastive)"}',
            '      - {id: "Other", label: "Other", description: "Other (NLL/MSE/contrastive)"}\n      - {id: "TVD", label: "TVD"}',
        ),
        encoding="utf-8",
    )
    expected = (
        "schema/paper.schema.json: error: out of date with the taxonomy (taxonomy.yml) "
        "(run 'opdhub schema --write' and commit the result)\n"
    )
    assert run(capsys, "validate", "-q")[:2] == (1, expected)
    assert run(capsys, "schema", "--check")[:2] == (1, expected)
    assert run(capsys, "schema", "--write")[::2] == (0, "opdhub: wrote schema/paper.schema.json\n")
    assert '"TVD"' in (site / "schema" / "paper.schema.json").read_text("utf-8")
    assert run(capsys, "validate", "-q")[:2] == (0, "")
    assert run(capsys, "schema", "--check")[0] == 0


def test_schema_and_issue_form_print_what_the_taxonomy_generates(capsys, site):
    taxonomy = load_taxonomy(site / "taxonomy.yml", "taxonomy.yml")
    status, out, _ = run(capsys, "schema")
    assert status == 0 and out == schema_json(taxonomy) and json.loads(out)["properties"]["loss"]["enum"][1] == "RKL"
    status, out, _ = run(capsys, "issue-form")
    assert status == 0 and out == issue_form.form_yaml(taxonomy)
    status, out, _ = run(capsys, "schema", "--format", "markdown")
    assert status == 0 and "| `loss` | no | one value from the list |" in out
    assert run(capsys, "schema", "--format", "markdown", "--write")[::2] == (
        2,
        "opdhub: error: --format markdown needs a FILE with the field-table markers to write or check\n",
    )
    (site / "README.md").write_text("# x\n", encoding="utf-8")
    status, _, err = run(capsys, "schema", "--format", "markdown", "--write", "README.md")
    assert status == 2 and "the markers are missing" in err
    assert run(capsys, "schema", "--write", "--check")[0] == 2  # one at a time


def test_issue_form_write_and_check(capsys, site):
    assert run(capsys, "issue-form", "--check")[:2] == (
        1,
        ".github/ISSUE_TEMPLATE/add-paper.yml: error: missing (run 'opdhub issue-form --write' and commit the result)\n",
    )
    assert run(capsys, "issue-form", "--write")[0] == 0
    assert run(capsys, "issue-form", "--check")[:2] == (0, "")


# -- new -----------------------------------------------------------------------------------------

NEW_ARGS = (
    "new",
    "--arxiv",
    "2605.01234",
    "--title",
    "Teacher Hacking in On-Policy Distillation",
    "--author",
    "Doe, Jane",
    "--author",
    "Roe, Richard",
    "--date",
    "2026-05-02",
    "--chapter",
    "8",
    "--mechanism",
    "analysis",
    "--loss",
    "RKL",
    "--code",
    "https://github.com/example/repo",
)
NEW_FILE = (
    MODELINE
    + f"""\
id: '2605.01234'
title: Teacher Hacking in On-Policy Distillation
authors:
  - Doe, Jane
  - Roe, Richard
year: 2026
date: 2026-05-02
arxiv: '2605.01234'
url: https://arxiv.org/abs/2605.01234
code:
  - https://github.com/example/repo
chapter: '8'
mechanism: analysis
loss: RKL
added: {TODAY}
"""
)


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("opdhub new tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_new_from_options_writes_a_valid_file(capsys, site, offline):
    assert run(capsys, *NEW_ARGS)[:2] == (0, "opdhub new: wrote papers/2605.01234.yaml\n")
    assert (site / "papers" / "2605.01234.yaml").read_text("utf-8") == NEW_FILE
    assert run(capsys, "validate", "-q")[:2] == (0, "")


def test_new_refuses_to_overwrite(capsys, site):
    assert run(capsys, *NEW_ARGS)[0] == 0
    path = site / "papers" / "2605.01234.yaml"
    path.write_text(NEW_FILE + "summary: hand-edited\n", encoding="utf-8")
    assert run(capsys, *NEW_ARGS)[::2] == (
        1,
        "papers/2605.01234.yaml: error: already exists (edit that file, or choose another --id)\n",
    )
    assert path.read_text("utf-8").endswith("summary: hand-edited\n")
    (site / "papers" / "x.yml").write_text("id: x\n", encoding="utf-8")
    assert run(
        capsys,
        "new",
        "--id",
        "x",
        "--title",
        "T",
        "--author",
        "A",
        "--year",
        "2026",
        "--url",
        "https://e.org",
        "--chapter",
        "4",
    )[::2] == (1, "papers/x.yml: error: already exists (edit that file, or choose another --id)\n")


def test_new_refuses_a_paper_already_listed(capsys, site):
    status, out, err = run(
        capsys,
        "new",
        "--arxiv",
        "2306.08543",
        "--id",
        "minillm",
        "--title",
        "MiniLLM, again",
        "--author",
        "Gu, Yuxian",
        "--year",
        "2023",
        "--chapter",
        "4",
    )
    assert (status, out) == (1, "")
    assert err == (
        "opdhub new: error: arxiv: duplicate arXiv id '2306.08543': also in papers/2306.08543.yaml:11 "
        "(the paper is already listed there)\n"
    )
    assert not (site / "papers" / "minillm.yaml").exists()


def test_new_explains_what_is_missing_or_wrong(capsys, site):
    status, _, err = run(capsys, "new", "--title", "Only a title")
    assert status == 2
    assert err == (
        "opdhub: error: not enough to go on:\n"
        "  --id is required when there is no --arxiv (or BibTeX key)\n"
        "  --author is required (once per author, as 'Last, First')\n"
        "  --year is required when there is no --date\n"
        "  --url is required when there is no --arxiv or --doi, or --venue when it has no link\n"
        "  --chapter is required (one of 4, 5, 6, 7, 8, 9, background)\n"
    )
    status, _, err = run(capsys, *NEW_ARGS[:-6], "--loss", "rkl")
    assert status == 2 and "argument --loss: invalid choice: 'rkl'" in err
    status, _, err = run(capsys, *[a if a != "2026-05-02" else "2026-13-02" for a in NEW_ARGS])
    assert (status, err) == (
        1,
        "opdhub new: error: date: '2026-13-02' is not a date (write YYYY-MM-DD, e.g. 2026-04-01)\n",
    )
    status, _, err = run(capsys, *[a if a != "8" else "80" for a in NEW_ARGS])
    assert (status, err) == (
        1,
        "opdhub new: error: chapter: '80' is not one of 4, 5, 6, 7, 8, 9, background (did you mean '8'?)\n",
    )
    assert not list((site / "papers").glob("2605*"))


def test_new_help_lists_the_taxonomy_facets(capsys, site):
    status, out, _ = run(capsys, "new", "--help")
    assert status == 0
    out = " ".join(out.split())  # help text is wrapped to the terminal width
    assert "--mechanism VALUE" in out and "direct_opd = Direct OPD" in out
    assert "--loss VALUE" in out and "RKL = Reverse KL" in out
    assert "background = Foundations and related background" in out


BIB = r"""
@article{doe2026hacking,
  title         = {Teacher {Hacking} in \emph{On-Policy} Distillation},
  author        = {M{\"u}ller, J{\"o}rg and {DeepSeek-AI} and van der Berg, Jan},
  journal       = {arXiv preprint arXiv:2605.01234},
  year          = {2026},
  month         = may,
  eprint        = {2605.01234v2},
  archivePrefix = {arXiv},
}
@inproceedings{roe2024venue,
  title     = {A Conference Paper},
  author    = {Roe, Richard},
  booktitle = {Proceedings of ICLR 2024},
  year      = 2024,
  doi       = {https://doi.org/10.1000/XYZ.1},
}
"""


def test_new_from_bibtex(capsys, site, offline):
    (site / "refs.bib").write_text(BIB, encoding="utf-8")
    assert run(capsys, "new", "--bibtex", "refs.bib", "--chapter", "8")[::2] == (
        2,
        "opdhub: error: the BibTeX file holds 2 entries (doe2026hacking, roe2024venue): choose one with --key\n",
    )
    assert run(capsys, "new", "--bibtex", "refs.bib", "--key", "doe2026hackin", "--chapter", "8")[::2] == (
        2,
        "opdhub: error: no entry 'doe2026hackin' in the BibTeX file (did you mean 'doe2026hacking'?)\n",
    )
    assert (
        run(capsys, "new", "--bibtex", "refs.bib", "--key", "doe2026hacking", "--chapter", "8", "--loss", "RKL")[0] == 0
    )
    assert (
        (site / "papers" / "2605.01234.yaml").read_text("utf-8")
        == MODELINE
        + f"""\
id: '2605.01234'
title: Teacher Hacking in On-Policy Distillation
authors:
  - Müller, Jörg
  - DeepSeek-AI
  - van der Berg, Jan
year: 2026
date: 2026-05
arxiv: '2605.01234'
url: https://arxiv.org/abs/2605.01234
code: []
chapter: '8'
loss: RKL
added: {TODAY}
"""
    )
    # no arXiv id: the id is the BibTeX key, the link the DOI; options win over BibTeX
    assert (
        run(capsys, "new", "--bibtex", "refs.bib", "--key", "roe2024venue", "--chapter", "4", "--venue", "ICLR 2024")[0]
        == 0
    )
    text = (site / "papers" / "roe2024venue.yaml").read_text("utf-8")
    assert "id: roe2024venue\n" in text and "venue: ICLR 2024\n" in text
    assert "doi: 10.1000/XYZ.1\n" in text and "url: https://doi.org/10.1000/XYZ.1\n" in text
    assert run(capsys, "validate", "-q")[:2] == (0, "")


def test_new_stdout_writes_nothing(capsys, site):
    status, out, _ = run(capsys, *NEW_ARGS, "--stdout")
    assert (status, out) == (0, NEW_FILE)
    assert not (site / "papers" / "2605.01234.yaml").exists()


def rendered_issue(taxonomy, answers: dict[str, str]) -> str:
    """The Markdown body GitHub makes of a submitted form: '### label', then the answer."""
    parts = []
    for q in issue_form.questions(taxonomy):
        parts.append(f"### {q.label}\n\n{answers.get(q.field, issue_form.NO_RESPONSE)}\n")
    parts.append(
        "### Before you submit\n\n- [X] I searched the site and the open issues: this paper is not listed yet.\n"
    )
    return "\n".join(parts)


def test_new_from_an_issue(capsys, site, offline, monkeypatch):
    taxonomy = load_taxonomy(site / "taxonomy.yml", "taxonomy.yml")
    body = rendered_issue(
        taxonomy,
        {
            "arxiv": "2605.01234",
            "title": "Teacher Hacking in On-Policy  Distillation",
            "authors": "Doe, Jane\nRoe, Richard",
            "date": "2026-05-02",
            "code": "https://github.com/example/repo",
            "chapter": "8 — Mechanisms, failures, and evaluation",
            "mechanism": "analysis — Analysis",
            "loss": "RKL — Reverse KL",
        },
    )
    (site / "issue.md").write_text(body, encoding="utf-8")
    assert run(capsys, "new", "--issue", "issue.md")[:2] == (0, "opdhub new: wrote papers/2605.01234.yaml\n")
    assert (site / "papers" / "2605.01234.yaml").read_text("utf-8") == NEW_FILE


def test_new_from_an_issue_on_stdin_with_empty_dropdowns(capsys, site, monkeypatch):
    import io

    taxonomy = load_taxonomy(site / "taxonomy.yml", "taxonomy.yml")
    body = rendered_issue(
        taxonomy,
        {
            "arxiv": "2605.01234",
            "title": "T",
            "authors": "Doe, Jane",
            "year": "2026",
            "chapter": "background — Foundations and related background",
            "loss": "None",
        },
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(body))
    status, out, _ = run(capsys, "new", "--issue", "-", "--stdout")
    assert status == 0 and "chapter: background\n" in out and "loss" not in out and "year: 2026\n" in out
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(body.replace("RKL", "x").replace("### Loss class\n\nNone", "### Loss class\n\nL2"))
    )
    assert run(capsys, "new", "--issue", "-")[::2] == (
        2,
        "opdhub: error: -: Loss class: 'L2' is not one of the form's options\n",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("just some text"))
    assert run(capsys, "new", "--issue", "-")[0] == 2


def test_multiple_choice_answers_with_commas_inside_options():
    q = issue_form.Question(
        "f", "F", "choice", multiple=True, options=(("a — one, two", "a"), ("b — three", "b"), ("a — one", "c"))
    )
    assert issue_form._choices(q, "a — one, two, b — three") == ["a", "b"]
    assert issue_form._choices(q, "a — one, b — three") == ["c", "b"]
    with pytest.raises(issue_form.IssueError):
        issue_form._choices(q, "a — one, zzz")


def test_new_paper_builds_into_the_site(project, monkeypatch, capsys):
    """The whole path: opdhub new, then a strict build shows the paper with its chips."""
    monkeypatch.chdir(project)
    assert run(capsys, *NEW_ARGS)[0] == 0
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((project / "site" / "papers" / "index.html").read_text("utf-8"), "html.parser")
    card = page.select_one('article.opdhub-card[data-paper-id="2605.01234"]')
    assert card is not None
    assert "Teacher Hacking in On-Policy Distillation" in card.get_text()
    data = json.loads((project / "site" / "papers.json").read_text("utf-8"))
    record = next(p for p in data["papers"] if p["id"] == "2605.01234")
    assert record["added"] == TODAY
    assert record["loss"] == "RKL" and record["mechanism"] == "analysis" and record["chapter"] == "8"
    paper_page = BeautifulSoup(
        (project / "site" / "papers" / "2605.01234" / "index.html").read_text("utf-8"), "html.parser"
    )
    chips = {a.parent["data-facet"]: a.get_text(strip=True) for a in paper_page.select(".opdhub-chip")}
    assert chips["loss"] == "RKL" and chips["mechanism"] == "Analysis"


def test_issue_form_is_valid_github_form_yaml():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text("utf-8"))
    ids = [e["id"] for e in form["body"] if "id" in e]
    assert len(ids) == len(set(ids))
    for element in form["body"]:
        assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert len(options) == len(set(options)) and "None" not in options
    dropdowns = {e["id"] for e in form["body"] if e["type"] == "dropdown"}
    assert {"chapter", "mechanism", "loss"} <= dropdowns


def test_a_new_list_without_papers_folder(capsys, tmp_path, monkeypatch):
    copy_project(tmp_path, parts=("mkdocs.yml", "taxonomy.yml"))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate")[::2] == (
        2,
        "opdhub: error: the papers folder 'papers' does not exist "
        "(create it, or set papers_dir under the opdhub plugin in mkdocs.yml)\n",
    )
    assert run(capsys, *NEW_ARGS)[0] == 0  # the first paper creates the folder
    status, out, err = run(capsys, "validate")
    assert (status, out) == (
        0,
        "schema/paper.schema.json: warning: the editor schema file is missing "
        "(create it with 'opdhub schema --write')\n",
    )
    assert run(capsys, "schema", "--write")[0] == 0
    assert run(capsys, "validate", "-q")[:2] == (0, "")
