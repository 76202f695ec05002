"""The workflows: zizmor (offline) finds nothing above low; every action is pinned by commit SHA
with its tag; checkouts keep no credentials; tokens live on the steps that use them; installs
are hash-locked; no expression is interpolated into a shell script; the enrich workflow reads
the command's exit status right; bot bodies cannot break out of their code fence, mention
nobody and fit GitHub's limit."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from mkdocs_opdhub.tools import ghbody

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # "on" stays a key


def steps():
    for path in WORKFLOWS:
        for job_name, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, job_name, job, step


def test_zizmor_finds_nothing_above_low():
    zizmor = shutil.which("zizmor") or (Path(os.sys.executable).parent / "zizmor")
    if not Path(zizmor).exists():
        pytest.skip("zizmor is not installed (it needs Python 3.11+)")
    result = subprocess.run(
        [str(zizmor), "--offline", "--format", "json", "--min-severity", "medium", str(REPO / ".github")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(f"{f['ident']}: {f['desc']}" for f in findings)
    assert result.returncode == 0, result.stderr


def test_actions_are_pinned_by_commit_with_their_tag():
    text = "\n".join(p.read_text("utf-8") for p in WORKFLOWS)
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+(\.\d+)*", comment), (action, comment)
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} >= {"github-actions", "pip", "npm"}


def test_permissions_are_per_job_and_least():
    for path in WORKFLOWS:
        data = load(path)
        top = data.get("permissions")
        assert top in ({}, "{}", {"contents": "read"}), (path.name, top)
        for name, job in data["jobs"].items():
            granted = job.get("permissions", {}) if job.get("permissions") != "{}" else {}
            writes = {k for k, v in granted.items() if v == "write"}
            if path.name == "deploy.yml" and name == "build":
                assert not writes, "the build job publishes nothing"


def test_checkouts_keep_no_credentials_and_tokens_stay_on_their_steps():
    for workflow, job_name, job, step in steps():
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") == "false", (workflow, job_name)
        assert "GH_TOKEN" not in job.get("env", {}), (workflow, job_name)
        run = step.get("run", "")
        if re.search(r"\bgh (pr|issue|workflow|label)\b|\bgit( -c \S+)? push\b", run):
            assert step.get("env", {}).get("GH_TOKEN") == "${{ github.token }}", (workflow, step.get("name"))


def test_no_expression_is_interpolated_into_a_script_and_installs_are_locked():
    for workflow, _, _, step in steps():
        run = step.get("run", "")
        assert "${{" not in run, (workflow, step.get("name"), run)
        if "pip install" in run and "bash .ci/run" not in run:
            assert "--require-hashes -r requirements/test.lock" in run and "-e ." in run, (workflow, run)


def test_jobs_that_push_have_a_concurrency_group_and_start_the_pr_checks():
    for path in WORKFLOWS:
        data = load(path)
        for name, job in data["jobs"].items():
            scripts = " ".join(s.get("run", "") for s in job.get("steps", []))
            if " push " in scripts:
                assert data.get("concurrency") or job.get("concurrency"), (path.name, name)
                assert "gh workflow run pull-request.yml" in scripts, (path.name, name)
                assert job["permissions"].get("actions") == "write"
    assert "workflow_dispatch" in load(REPO / ".github" / "workflows" / "pull-request.yml")["on"]


@pytest.mark.parametrize(("status", "step_fails"), [(0, False), (1, False), (2, True), (3, True), (120, True)])
def test_the_enrich_workflow_reads_the_exit_status_right(tmp_path, status, step_fails):
    """The Enrich step's own script, run with a stand-in ``opdhub`` that exits with ``status``:
    0 and 1 go on (1 to propose the files that were enriched), the rest stop the run; any
    status but 0 turns the run red at its last step."""
    job = load(REPO / ".github" / "workflows" / "enrich.yml")["jobs"]["enrich"]
    enrich = next(s for s in job["steps"] if s.get("id") == "enrich")
    final = job["steps"][-1]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("opdhub", f"echo enriching; exit {status}"), ("git", "exit 0")):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    output = tmp_path / "output"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "BRANCH": "opdhub-enrich",
    }
    # the shell GitHub runs a step with
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", enrich["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode != 0) == step_fails
    assert output.read_text().strip() == f"status={status}"
    assert final["if"] == "steps.enrich.outputs.status != '0'" and "exit 1" in final["run"]


def test_bot_bodies_keep_their_fence_mention_nobody_and_fit():
    hostile = "```\n@octocat please look\n````` end\n" + "a line of the log\n" * 10_000
    body = ghbody.build(
        [
            ("text", "Could not turn this issue into a paper file:"),
            ("code", hostile),
            ("text", "Edit the issue, then ask again (cc @maintainers)."),
        ]
    )
    assert len(body) <= ghbody.LIMIT
    fence = re.search(r"^(`{3,})text$", body, re.M).group(1)
    assert len(fence) == 6  # longer than the five backticks inside
    inside = body.split(fence + "text\n", 1)[1].split("\n" + fence + "\n", 1)[0]
    assert not re.search(rf"^`{{{len(fence)},}}\s*$", inside, re.M)  # nothing inside closes it
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", body)  # no live mention
    assert "@\u2060octocat" in body and "characters left out" in body
    assert body.rstrip().endswith("GitHub's limit: see the workflow's log.)*")

    many = "\n".join(
        f"## [Candidate {i}](https://arxiv.org/abs/2611.{i:05d})\n\n- **Authors:** @someone" for i in range(5000)
    )
    assert len(ghbody.build([("markdown", many)])) <= ghbody.LIMIT
