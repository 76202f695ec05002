"""What a build says: MkDocs' plugin logger already names the plugin (no second "opdhub:"), strict
mode counts each problem once, and a problem's severity word matches the level it is logged at."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import REPO, mkdocs_build

EXAMPLE = REPO / "examples" / "deep-learning-classics"


def example_with_two_bad_papers(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("site"))
    papers = dest / "papers"
    for name in ("1207.0580", "1301.3781"):
        path = papers / f"{name}.yaml"
        path.write_text(re.sub(r"(?m)^year: .*$", "year: soon", path.read_text("utf-8")), "utf-8")
    return dest


def test_no_site_url_says_no_feeds_once_prefixed(tmp_path):
    root = tmp_path / "site-project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    result = mkdocs_build(root)  # the example has no site_url
    assert result.returncode == 0, result.stderr
    assert "mkdocs_opdhub: no feeds: RSS and JSON Feed need absolute links" in result.stderr
    assert "mkdocs_opdhub: opdhub:" not in result.stderr


def test_strict_counts_each_problem_once(tmp_path):
    result = mkdocs_build(example_with_two_bad_papers(tmp_path / "p"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 2 and all(": error: year:" in line for line in errors), result.stderr
    assert "Aborted with 2 errors in strict mode!" in result.stdout + result.stderr
    assert "2 problem(s) in paper files" in result.stderr  # the summary, as information


def test_a_relaxed_build_calls_its_problems_warnings(tmp_path):
    result = mkdocs_build(example_with_two_bad_papers(tmp_path / "p"), strict=False)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    problems = [line for line in warnings if "papers/" in line]
    assert len(problems) == 2 and all(": warning: year:" in line for line in problems), result.stderr
    assert not [line for line in warnings if ": error:" in line]
    assert "mkdocs_opdhub: opdhub:" not in result.stderr
