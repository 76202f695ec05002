"""Lint, format and types: `ruff check`, `ruff format --check` and `mypy`, configured in pyproject.toml."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module", autouse=True)
def tools():
    for module in ("ruff", "mypy"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e .[test])")


CHECKED = ("mkdocs_opdhub", "tests", "bench", "scripts")  # pyproject.toml's [tool.ruff] include


def test_ruff_check_is_clean():
    result = run("ruff", "check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run("ruff", "format", "--check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run("mypy", "mkdocs_opdhub")
    assert result.returncode == 0, result.stdout + result.stderr


def imports(path) -> set[str]:
    """The package modules a file imports, as dotted names relative to the package."""
    found = set()
    package = path.relative_to(REPO / "mkdocs_opdhub").with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            name = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            found.add(name.removeprefix("mkdocs_opdhub."))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_imports_neither_the_site_nor_the_commands_nor_mkdocs():
    """model/ (papers, taxonomy, catalog, options) is what formats/, site/, tools/ and cli/ build on: never the reverse."""
    core = [*sorted((REPO / "mkdocs_opdhub" / "model").glob("*.py")), REPO / "mkdocs_opdhub" / "project.py"]
    wrong = {
        f"{path.name}: {name}"
        for path in core
        for name in imports(path)
        if name.split(".")[0] in ("formats", "site", "tools", "cli", "plugin", "mkdocs")
    }
    assert wrong == set()
    # and only the adapter imports MkDocs
    users = {
        p.name for p in (REPO / "mkdocs_opdhub").rglob("*.py") if any(n.split(".")[0] == "mkdocs" for n in imports(p))
    }
    assert users == {"plugin.py"}


def test_the_formats_import_only_the_core():
    """formats/ (escaping, BibTeX, templates, the field table) is shared by site/, tools/ and cli/: it builds on
    model/ alone."""
    wrong = {
        f"{path.name}: {name}"
        for path in sorted((REPO / "mkdocs_opdhub" / "formats").glob("*.py"))
        for name in imports(path)
        if name.split(".")[0] in ("site", "tools", "cli", "plugin", "project", "mkdocs")
    }
    assert wrong == set()


def test_the_site_imports_neither_the_commands_nor_their_work():
    wrong = {
        f"{path.name}: {name}"
        for path in sorted((REPO / "mkdocs_opdhub" / "site").glob("*.py"))
        for name in imports(path)
        if name.split(".")[0] in ("tools", "cli", "plugin")
    }
    assert wrong == set()


# The site's entry point for the commands; tools/generate.py builds the whole site for engines without
# plugins, as plugin.py does for MkDocs, so it may use site/'s parts as the plugin does.
SITE_ENTRY_POINTS = {"site.assemble"}
SITE_BUILDERS = {"tools/generate.py"}


def test_the_commands_import_the_site_only_through_its_entry_point():
    package = REPO / "mkdocs_opdhub"
    wrong = {
        f"{path.relative_to(package).as_posix()}: {name}"
        for folder in ("tools", "cli")
        for path in sorted((package / folder).rglob("*.py"))
        if path.relative_to(package).as_posix() not in SITE_BUILDERS
        for name in imports(path)
        if name.split(".")[0] == "site" and name not in SITE_ENTRY_POINTS
    }
    assert wrong == set()
