"""The tested environment is reproducible: dev.sh installs the lock file's versions (with hashes),
the lock pins everything pyproject.toml asks for within its ranges, users still get ranges, and a
scheduled workflow tests the newest allowed versions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "test.lock"


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def requirements() -> list[Requirement]:
    project = pyproject()["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def locked() -> dict[str, list[tuple[Version, str]]]:
    """name -> [(version, environment marker)] from the lock (a universal lock may pin a package
    differently for old and new Pythons)."""
    out: dict[str, list[tuple[Version, str]]] = {}
    for match in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)(?:\s*;\s*([^\\\n]+))?", LOCK.read_text("utf-8"), re.M):
        out.setdefault(canonicalize_name(match.group(1)), []).append(
            (Version(match.group(2)), (match.group(3) or "").strip())
        )
    return out


def test_users_get_ranges_not_pins():
    for requirement in requirements():
        assert not any(spec.operator in ("==", "===") for spec in requirement.specifier), requirement
    assert any(str(r) == "mkdocs<2,>=1.6" for r in requirements())


def test_the_lock_pins_every_requirement_within_its_range_with_hashes():
    pins = locked()
    for requirement in requirements():
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in {LOCK.name}"
        for version, _ in versions:
            assert requirement.specifier.contains(version, prereleases=True), (requirement, version)
    text = LOCK.read_text("utf-8")
    blocks = [block for block in re.split(r"\n(?=[A-Za-z0-9])", text) if "==" in block]
    assert len(blocks) >= len(requirements()) and all("--hash=sha256:" in block for block in blocks)
    assert "./dev.sh lock" in text.splitlines()[1]  # how to refresh it, in the file itself


@pytest.mark.skipif(
    os.environ.get("OPDHUB_LOCKED") != "1",
    reason="only where ./dev.sh installed the lock (it sets OPDHUB_LOCKED=1); `pip install -e .[test]` "
    "or OPDHUB_UNLOCKED=1 installs the newest allowed versions on purpose",
)
def test_this_environment_is_the_locked_one():
    """What ./dev.sh test runs on is what the lock says (on a fresh machine too)."""
    from packaging.markers import Marker

    for name, versions in locked().items():
        wanted = [v for v, marker in versions if not marker or Marker(marker).evaluate()]
        if not wanted:
            continue
        assert Version(metadata.version(name)) == wanted[0], name


def test_dev_sh_installs_from_the_lock():
    script = (REPO / "dev.sh").read_text("utf-8")
    assert 'pip install --quiet --require-hashes -r "$lock"' in script
    assert "lock=requirements/test.lock" in script
    assert "pip install --quiet --no-deps -e ." in script
    assert "export OPDHUB_LOCKED=1" in script  # what makes test_this_environment_is_the_locked_one run
    assert "OPDHUB_FULL_RUN=1 exec" in script  # missing test tools fail there instead of skipping


def test_a_scheduled_workflow_tests_the_newest_allowed_versions():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "newest-versions.yml").read_text("utf-8"))
    assert set(flow[True]) == {"schedule", "workflow_dispatch"}  # YAML 1.1 reads the key `on` as true
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    run = next(s for s in steps if s.get("run") == "bash .ci/run")
    assert run["env"] == {"OPDHUB_UNLOCKED": "1"}
    assert "./dev.sh test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_a_missing_tool_skips_a_plain_pytest_run_and_fails_a_full_run(tmp_path):
    (tmp_path / "test_needs_a_tool.py").write_text(
        "from conftest import require\n\ndef test_it():\n    require(False, 'Some tool', 'install some-tool')\n",
        "utf-8",
    )
    outcomes = {}
    for full in ("", "1"):
        env = {**os.environ, "OPDHUB_FULL_RUN": full, "PYTHONPATH": str(REPO / "tests")}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-rs",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(tmp_path),
                str(tmp_path / "test_needs_a_tool.py"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        outcomes[full] = result.stdout
    assert "1 skipped" in outcomes[""] and "Some tool is missing: install some-tool" in outcomes[""]
    assert "1 failed" in outcomes["1"] and "Some tool is missing: install some-tool" in outcomes["1"]
