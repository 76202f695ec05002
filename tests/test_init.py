"""``opdhub init``: a new list from an empty folder builds strict at once, validates, and its
generated files are up to date; nothing existing is ever overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import mkdocs_build, run_env
from test_identity import REPOSITORY


def opdhub(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """The ``opdhub`` command as a user runs it, in ``folder``."""
    env = run_env()
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run(["opdhub", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_a_new_list_from_an_empty_folder_builds_strict_and_validates(tmp_path):
    result = opdhub(tmp_path, "init", "my-reading-list")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "my-reading-list"
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert written == [
        ".github/ISSUE_TEMPLATE/add-paper.yml",
        ".github/workflows/site.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "docs/about.md",
        "mkdocs.yml",
        "papers/1706.03762.yaml",
        "schema/paper.schema.json",
        "taxonomy.yml",
    ]
    assert all(f"wrote my-reading-list/{name}" in result.stderr for name in written)

    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    listing = BeautifulSoup((root / "site" / "papers" / "index.html").read_text("utf-8"), "html.parser")
    assert [card["data-paper-id"] for card in listing.select("[data-paper-id]")] == ["1706.03762"]
    assert "My reading list" in (root / "site" / "index.html").read_text("utf-8")

    for check in (("validate",), ("schema", "--check"), ("issue-form", "--check")):
        done = opdhub(root, *check)
        assert done.returncode == 0, (check, done.stdout, done.stderr)
    assert "0 errors, 0 warnings" in opdhub(root, "validate").stderr


def test_the_workflow_and_hooks_install_this_package_and_ignore_the_caches(tmp_path):
    assert opdhub(tmp_path, "init", "--title", "Reading").returncode == 0
    flow = yaml.safe_load((tmp_path / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    runs = [step["run"] for step in flow["jobs"]["build"]["steps"] if "run" in step]
    assert runs == [f"pip install git+{REPOSITORY}", "opdhub validate --format github", "mkdocs build --strict"]
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    assert [h["repo"] for h in hooks] == [REPOSITORY]
    assert {"opdhub-validate", "opdhub-schema", "opdhub-issue-form"} == {h["id"] for h in hooks[0]["hooks"]}
    ignored = (tmp_path / ".gitignore").read_text("utf-8").splitlines()
    assert "/site/" in ignored and ".cache/" in ignored  # opdhub validate's index lives in .cache/opdhub/
    assert yaml.safe_load((tmp_path / "taxonomy.yml").read_text("utf-8"))["survey"]["title"] == "Reading"


def test_nothing_existing_is_overwritten(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", "utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "1706.03762.yaml").write_text("my own: file\n", "utf-8")
    result = opdhub(tmp_path, "init")
    assert result.returncode == 1
    assert "mkdocs.yml: exists already" in result.stderr
    assert "papers/1706.03762.yaml: exists already" in result.stderr
    assert "nothing written" in result.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "mkdocs.yml",
        "papers",
        "papers/1706.03762.yaml",
    ]
    assert (tmp_path / "mkdocs.yml").read_text("utf-8") == "site_name: Mine\n"
    assert (tmp_path / "papers" / "1706.03762.yaml").read_text("utf-8") == "my own: file\n"


def test_a_file_where_a_folder_goes_is_in_the_way_too(tmp_path):
    (tmp_path / "docs").write_text("not a folder", "utf-8")
    result = opdhub(tmp_path, "init")
    assert result.returncode == 1 and "docs: exists already" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]


def test_init_into_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "taken").write_text("x", "utf-8")
    result = opdhub(tmp_path, "init", "taken")
    assert result.returncode == 2 and "taken: not a folder" in result.stderr
