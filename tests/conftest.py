"""Shared fixtures: real strict builds in temp folders, a local HTTP server, a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("OPDHUB_CHROMIUM", "/usr/bin/chromium")
# Flags for a headless Chromium on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_PARTS = ("mkdocs.yml", "taxonomy.yml", "papers", "docs", "schema")
# ./dev.sh test sets it: there every tool a test needs must be present (a missing one fails the
# test); a plain `pytest` skips the tests whose tools are missing, saying which and how to get it.
FULL_RUN = os.environ.get("OPDHUB_FULL_RUN") == "1"


def require(present: bool, what: str, how: str) -> None:
    """Go on with the test when ``what`` is present; otherwise skip it with ``how`` to get it, or
    fail in a full run (./dev.sh test), where nothing may be skipped for want of a tool."""
    if present:
        return
    message = f"{what} is missing: {how}"
    if FULL_RUN:
        pytest.fail(message)
    pytest.skip(message + " (./dev.sh test installs it)")


def run_env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(
    project: Path, *, strict: bool = True, engine: str = "mkdocs", config: str = "mkdocs.yml"
) -> subprocess.CompletedProcess:
    """A real ``mkdocs build`` (or ``properdocs build``) of ``project`` into ``project/site``."""
    args = [sys.executable, "-m", engine, "build", "-f", str(project / config), "-d", str(project / "site")]
    if strict:
        args.append("--strict")
    return subprocess.run(args, cwd=project, env=run_env(), capture_output=True, text=True, timeout=600)


def copy_project(dest: Path, parts=PROJECT_PARTS) -> Path:
    """A copy of this repository's site project (config, taxonomy, papers, docs) in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def write_paper(folder: Path, paper_id: str, text: str | None = None, **fields) -> Path:
    """Write ``folder/<id>.yaml``: raw ``text``, or a valid paper with ``fields`` overriding defaults."""
    path = folder / f"{paper_id}.yaml"
    if text is None:
        data = {
            "id": paper_id,
            "title": f"Paper {paper_id}",
            "authors": ["Doe, Jane"],
            "year": 2026,
            "date": "2026-05-01",
            "url": f"https://example.org/{paper_id}",
            "chapter": "4",
            "mechanism": "direct_opd",
            "added": "2026-11-01",
        }
        data.update(fields)
        from mkdocs_opdhub.tools.writer import dump_paper

        text = dump_paper({k: v for k, v in data.items() if v is not None})
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def opd_site(tmp_path_factory) -> Path:
    """The real OPDHub site, strict-built once per test session."""
    root = copy_project(tmp_path_factory.mktemp("opd") / "project")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    """Serve ``folder`` on a free loopback port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(opd_site):
    url, server = serve(opd_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium driven by Playwright."""
    require(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})", "install chromium or set OPDHUB_CHROMIUM to its path")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors  # tests assert no script error happened
    yield tab
    context.close()
