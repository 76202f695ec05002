"""The weekly link check, against a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
import time

import pytest
from conftest import REPO, write_paper

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.tools import links


class Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        Handler.hits.append((self.command, self.path))
        path = self.path
        if path == "/slow":
            time.sleep(4.0)  # well past the timeout below, which leaves the other answers ample time
        if path == "/nohead" and self.command == "HEAD":
            code = 405
        elif path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            code = {"/ok": 200, "/nohead": 200, "/gone": 404, "/forbidden": 403, "/down": 503, "/slow": 200}.get(
                path, 404
            )
        self.send_response(code)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch):
    """The explicit allowance without which the checker refuses 127.0.0.1 (see test_net_policy)."""
    monkeypatch.setenv("OPDHUB_ALLOW_ADDRESSES", "127.0.0.1")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_outcomes(server):
    refused = f"http://127.0.0.1:{closed_port()}/x"
    urls = [f"{server}/{p}" for p in ("ok", "nohead", "redirect", "gone", "forbidden", "down", "slow")] + [refused]
    Handler.hits.clear()
    got = {
        o.url.rsplit("/", 1)[-1]: (o.status, o.detail)
        for o in links.check_all(urls, timeout=2.0, retry_delay=0, workers=4)
    }
    assert got == {
        "ok": ("ok", "200"),
        "nohead": ("ok", "200"),  # HEAD refused, GET answers
        "redirect": ("ok", "200"),
        "gone": ("broken", "HTTP 404"),
        "forbidden": ("unchecked", "HTTP 403"),
        "down": ("unchecked", "HTTP 503"),
        "slow": ("unchecked", "timed out (no complete answer within 2 s)"),
        "x": ("broken", "connection refused"),
    }
    # a server error is asked again before giving up; a 404 is believed at once
    assert Handler.hits.count(("GET", "/down")) == 2
    assert ("GET", "/gone") not in Handler.hits


def test_at_most_two_requests_per_host_at_once(server, monkeypatch):
    active, peak, lock = [0], [0], threading.Lock()
    real = links.check

    def counting(url, timeout, retry_delay):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        try:
            return real(url, timeout, retry_delay)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(links, "check", counting)
    links.check_all([f"{server}/ok?{i}" for i in range(10)], workers=8, retry_delay=0)
    assert peak[0] == 2


def test_command_reports_broken_links_with_their_files(server, tmp_path, monkeypatch):
    root = tmp_path / "site"
    (root / "papers").mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root)
    shutil.copy2(REPO / "taxonomy.yml", root)
    write_paper(root / "papers", "good", url=f"{server}/ok", code=[f"{server}/redirect"])
    write_paper(root / "papers", "bad", url=f"{server}/ok", code=[f"{server}/gone"])
    monkeypatch.chdir(root)
    report = tmp_path / "report.md"
    assert main(["check-links", "--report", str(report), "--timeout", "2"]) == 1
    text = report.read_text("utf-8")
    assert "3 distinct paper and code links checked: 2 answered, 1 broken, 0 could not be checked." in text
    assert f"| [{server}/gone]({server}/gone) | HTTP 404 | `papers/bad.yaml:8` (code) |" in text
    assert "Could not be checked" not in text

    (root / "papers" / "bad.yaml").unlink()
    assert main(["check-links", "--report", str(report)]) == 0
    assert "## Broken" not in report.read_text("utf-8")
