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


def test_ruff_check_is_clean():
    result = run("ruff", "check", "--no-cache", "mkdocs_opdhub")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run("ruff", "format", "--check", "--no-cache", "mkdocs_opdhub")
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
    """model/ (papers, taxonomy, catalog, options) is what site/, tools/ and cli/ build on: never the reverse."""
    core = [*sorted((REPO / "mkdocs_opdhub" / "model").glob("*.py")), REPO / "mkdocs_opdhub" / "project.py"]
    wrong = {
        f"{path.name}: {name}"
        for path in core
        for name in imports(path)
        if name.split(".")[0] in ("site", "tools", "cli", "plugin", "mkdocs")
    }
    assert wrong == set()
    # and only the adapter imports MkDocs
    users = {
        p.name for p in (REPO / "mkdocs_opdhub").rglob("*.py") if any(n.split(".")[0] == "mkdocs" for n in imports(p))
    }
    assert users == {"plugin.py"}
