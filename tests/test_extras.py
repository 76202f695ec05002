"""What the package needs and what its extras add: a site build and the everyday commands need
no extra; a command missing its extra's module says which extra to install."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run_env

from mkdocs_opdhub import cli
from mkdocs_opdhub.cli import validate as validate_command
from mkdocs_opdhub.tools.scholarly import arxiv_api

BLOCKED = "import sys; sys.modules['defusedxml'] = None  # as if mkdocs-opdhub[tools] were not installed\n"


def test_every_command_loads_without_the_tools_extra():
    code = (
        BLOCKED
        + "from mkdocs_opdhub.cli import main\nfor c in ('--help', 'new --help', 'enrich --help', 'scout --help'):\n"
        "    try:\n        main(c.split())\n    except SystemExit as e:\n        assert e.code == 0, c\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=run_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "opdhub enrich" in result.stdout and "opdhub scout" in result.stdout


def test_a_command_missing_its_extra_says_which_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    monkeypatch.delitem(sys.modules, "defusedxml.ElementTree", raising=False)
    with pytest.raises(ModuleNotFoundError):
        arxiv_api.parse_feed(b"<feed/>")
    # a command that reads an arXiv feed, as enrich and scout do
    monkeypatch.setattr(validate_command, "run", lambda args: arxiv_api.parse_feed(b"<feed/>"))
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "opdhub validate: needs the optional dependencies of mkdocs-opdhub[tools]" in err
    assert "pip install 'mkdocs-opdhub[tools]'" in err


def test_a_missing_module_of_no_extra_is_a_bug_and_not_hidden(monkeypatch):
    def broken(args):
        import not_a_module_anywhere  # noqa: F401

    monkeypatch.setattr(validate_command, "run", broken)
    with pytest.raises(ModuleNotFoundError):
        cli.main(["validate"])


def test_the_plugin_imports_nothing_heavy_or_optional():
    """Imported on every build: no numpy/scipy (related papers are plain Python), and nothing of
    the tools extra or of the command line's completion."""
    code = (
        "import sys, mkdocs_opdhub.plugin, mkdocs_opdhub.site.related, mkdocs_opdhub.site.relations\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'defusedxml', 'shtab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=run_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
