"""Files generated from the taxonomy stay in step with it, and the contributor files (docs,
workflows, pre-commit) say and run exactly what the tests check."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO
from test_cli import small_site

from mkdocs_opdhub.cli import build_parser, main
from mkdocs_opdhub.formats import fieldtable
from mkdocs_opdhub.model.schema import paper_schema, schema_json
from mkdocs_opdhub.model.taxonomy import load_taxonomy
from mkdocs_opdhub.tools.issue_form import form_yaml

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml", "taxonomy.yml")
MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json"


def read(name: str) -> str:
    return (REPO / name).read_text("utf-8")


# -- generated from the taxonomy -------------------------------------------------------------------


def test_committed_schema_matches_the_taxonomy():
    assert read("schema/paper.schema.json") == schema_json(TAXONOMY), "run: opdhub schema --write"


def test_committed_issue_form_matches_the_taxonomy():
    assert read(".github/ISSUE_TEMPLATE/add-paper.yml") == form_yaml(TAXONOMY), "run: opdhub issue-form --write"


def test_contributing_field_table_matches_the_schema():
    assert fieldtable.current_block(read("CONTRIBUTING.md")) == fieldtable.markdown(TAXONOMY).strip("\n"), (
        "run: opdhub schema --format markdown --write CONTRIBUTING.md"
    )


def test_a_taxonomy_change_is_caught(tmp_path):
    """The drift checks above can fail: a new loss class changes all three generated files."""
    changed = tmp_path / "taxonomy.yml"
    changed.write_text(
        read("taxonomy.yml").replace(
            '{id: "Other", label: "Other"', '{id: "TVD", label: "TVD"}\n      - {id: "Other", label: "Other"'
        ),
        encoding="utf-8",
    )
    other = load_taxonomy(changed, "taxonomy.yml")
    assert schema_json(other) != read("schema/paper.schema.json")
    assert form_yaml(other) != read(".github/ISSUE_TEMPLATE/add-paper.yml")
    assert fieldtable.markdown(other).strip("\n") != fieldtable.current_block(read("CONTRIBUTING.md"))
    assert "TVD" in form_yaml(other) and "TVD" in fieldtable.markdown(other)


def test_every_paper_starts_with_the_schema_line():
    files = sorted((REPO / "papers").glob("*.y*ml"))
    assert len(files) >= 305
    assert [p.name for p in files if p.read_text("utf-8").split("\n", 1)[0] != MODELINE] == []


def test_issue_form_offers_every_chapter_and_facet_value():
    form = yaml.safe_load(read(".github/ISSUE_TEMPLATE/add-paper.yml"))
    dropdowns = {e["id"]: e["attributes"]["options"] for e in form["body"] if e["type"] == "dropdown"}
    assert [o.split(" — ")[0] for o in dropdowns["chapter"]] == [c.id for c in TAXONOMY.chapters]
    for facet in ("mechanism", "loss"):
        assert [o.split(" — ")[0] for o in dropdowns[facet]] == [v.id for v in TAXONOMY.facet(facet).values]
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    # what only some kinds need (authors, year, link) cannot be required in a form; the kind is asked
    assert required == {"title", "chapter"}
    assert [o.split(" — ")[0] for o in dropdowns["kind"]] == [k.id for k in TAXONOMY.kinds]


# -- the "Add a paper" page ----------------------------------------------------------------------------


def test_add_a_paper_page_has_the_generated_field_table(opd_site):
    assert "<!-- opdhub fields -->" in read("docs/add-a-paper.md")
    page = BeautifulSoup((opd_site / "add-a-paper" / "index.html").read_text("utf-8"), "html.parser")
    table = page.find("th", string="Field").find_parent("table")
    rows = {
        tr.find("code").get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    schema = paper_schema(TAXONOMY)
    assert list(rows) == list(schema["properties"])
    assert rows["loss"][1:3] == ["no", "one value from the list"]
    assert "RKL = Reverse KL" in rows["loss"][3]
    assert rows["id"][1:] == ["yes", "text", "Unique id; the file is named <id>.yaml. Usually the arXiv id."]
    links = {a["href"] for a in page.select("article a[href]")}
    assert "https://github.com/mkdocs-opdhub/mkdocs-opdhub/issues/new?template=add-paper.yml" in links


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.S | re.M)


@pytest.mark.parametrize("doc", ["docs/add-a-paper.md", "CONTRIBUTING.md"])
def test_documented_example_and_message_are_real(doc, tmp_path, monkeypatch, capsys):
    """The example file validates, and the sample error is what validate prints for it."""
    root = small_site(tmp_path / "site", papers=())
    text = read(doc)
    [example] = yaml_blocks(text)
    path = root / "papers" / "2306.08543.yaml"
    path.write_text(example, encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["validate", "-q"]) == 0
    assert capsys.readouterr().out == ""
    [sample] = re.findall(r"^```text\n(papers/.*?)\n```", text, flags=re.S | re.M)
    shutil.copy2(REPO / "papers" / "2306.08543.yaml", path)  # the sample is about the real file
    path.write_text(path.read_text("utf-8").replace("loss: RKL", "loss: rkl"), encoding="utf-8")
    assert main(["validate", "-q"]) == 1
    assert capsys.readouterr().out == sample + "\n"


# -- workflows and pre-commit run the commands the tests run -----------------------------------------


def workflow(name: str) -> dict:
    return yaml.safe_load(read(f".github/workflows/{name}"))


def commands(flow: dict) -> list[str]:
    return [step["run"].strip() for job in flow["jobs"].values() for step in job["steps"] if "run" in step]


def test_pull_request_workflow_runs_the_tested_commands():
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as true
    assert commands(flow) == [
        "python -m pip install --require-hashes -r requirements/test.lock && python -m pip install --no-deps -e .",
        "opdhub validate --format github",  # test_cli: clean on the repository
        "opdhub schema --check",  # test_committed_schema_matches_the_taxonomy
        "opdhub issue-form --check",  # test_committed_issue_form_matches_the_taxonomy
        "opdhub schema --format markdown --check CONTRIBUTING.md",  # test_contributing_field_table_…
        "python -m pip install --require-hashes -r requirements/test.lock && python -m pip install --no-deps -e .",
        "mkdocs build --strict",  # conftest.mkdocs_build, as the opd_site fixture runs it
        "bash .ci/run",  # CI itself
    ]
    assert "./dev.sh test" in read(".ci/run")


def test_generated_file_checks_pass_on_the_repository(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    for line in (
        "opdhub schema --check",
        "opdhub issue-form --check",
        "opdhub schema --format markdown --check CONTRIBUTING.md",
    ):
        assert main(shlex.split(line)[1:]) == 0, line
    assert capsys.readouterr().out == ""


def test_deploy_and_link_check_workflows():
    deploy = workflow("deploy.yml")
    assert deploy[True]["push"]["branches"] == ["main"]
    assert any(c.endswith("mkdocs build --strict") for c in commands(deploy))  # with SOURCE_DATE_EPOCH set
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@")
        for job in deploy["jobs"].values()
        for step in job["steps"]
    )
    links = workflow("link-check.yml")
    assert set(links[True]) == {"schedule", "workflow_dispatch"}  # never on pull requests: it cannot block one
    assert any("opdhub check-links --report link-report.md" in c for c in commands(links))
    assert any("gh issue create" in c for c in commands(links))


def test_issue_to_pull_request_workflow_uses_the_tested_commands():
    """test_cli.test_new_from_an_issue runs the same 'opdhub new --issue' on a body like GitHub's."""
    flow = workflow("issue-to-pr.yml")
    assert flow[True] == {"issues": {"types": ["labeled"]}}
    script = "\n".join(commands(flow))
    assert 'gh issue view "$ISSUE" --json body --jq .body > issue.md' in script
    assert "opdhub new --issue issue.md" in script
    assert "opdhub validate --format github" in commands(flow) and "mkdocs build --strict" in commands(flow)
    assert "${{" not in script  # issue text reaches the shell only through files, never interpolated


def hooks(name: str) -> list[dict]:
    data = yaml.safe_load(read(name))
    return data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]


@pytest.mark.parametrize("name", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hooks_run_opdhub_and_pass_on_the_repository(name, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    tracked = sorted(
        p.relative_to(REPO).as_posix()
        for p in REPO.rglob("*")
        if p.is_file() and ".git" not in p.parts and "site" not in p.parts[:1] and ".venv" not in p.parts
    )
    found = hooks(name)
    assert found[0]["id"] == "opdhub-validate"
    for hook in found:
        argv = shlex.split(hook["entry"])
        assert argv[0] == "opdhub"
        build_parser().parse_known_args(argv[1:])  # a real command line (exits on a bad one)
        files = [f for f in tracked if re.search(hook["files"], f)]
        assert files, hook["id"]
        if hook["id"] == "opdhub-validate":
            assert "papers/2306.08543.yaml" in files and not any(f.startswith("docs/") for f in files)
        args = argv[1:] + (files if hook.get("pass_filenames", True) else [])
        assert main(args) == 0, hook["id"]
    assert capsys.readouterr().out == ""
