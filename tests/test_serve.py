"""`mkdocs serve` rebuilds when a paper file or the taxonomy changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import run_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never appeared at {url}")


def test_serve_watches_papers_and_taxonomy(project):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=run_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "papers/", "Sequence-Level Knowledge Distillation")
        paper = project / "papers" / "1606.07947.yaml"
        paper.write_text(
            paper.read_text("utf-8").replace(
                "title: Sequence-Level Knowledge Distillation", "title: Renamed While Serving"
            ),
            "utf-8",
        )
        _wait_for(base + "papers/", "Renamed While Serving")
        taxonomy = project / "taxonomy.yml"
        taxonomy.write_text(
            taxonomy.read_text("utf-8").replace(
                "title: Applications and systems", "title: Systems renamed while serving"
            ),
            "utf-8",
        )
        _wait_for(base + "chapters/9/", "Systems renamed while serving")
    finally:
        server.terminate()
        server.wait(timeout=30)
