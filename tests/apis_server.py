"""A local stand-in for arXiv, Crossref, OpenAlex and Semantic Scholar, serving the recorded
answers in tests/apis/ (written for these tests in each API's documented format; no real API
data). Routes: /arxiv/query, /crossref/works/<doi>, /openalex/works, /s2/paper/batch.

``server.script`` queues special answers per route ("arxiv", "crossref", …): an int status
(with ``Retry-After`` from ``server.retry_after``), "slow" (answers after ``server.slow`` s),
raw bytes (a malformed body), ``("redirect", location)`` (a 302 to anywhere: another port, a
private address, ``ftp://``) or ``("drip", n)`` (a body of ``n`` bytes sent one a second).
``server.log`` records every request path, ``server.headers`` their headers.

:class:`RawServer` is a bare TCP server for what is not HTTP at all (an SSH banner, a status
line that never ends, 101 headers, a 64 KB header line, broken chunked encoding, headers one
line a second). Every loop that waits is bounded.
"""

from __future__ import annotations

import http.server
import json
import socket
import socketserver
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict, deque
from pathlib import Path

DATA = Path(__file__).resolve().parent / "apis"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
ET.register_namespace("arxiv", "http://arxiv.org/schemas/atom")
ET.register_namespace("opensearch", "http://a9.com/-/spec/opensearch/1.1/")


def _entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(f"{{{ATOM}}}entry")


def feed(entries: list[ET.Element], title: str = "arXiv Query") -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title", {"type": "html"}).text = title
    ET.SubElement(root, f"{{{ATOM}}}id").text = "http://arxiv.org/api/recorded"
    ET.SubElement(root, f"{{{ATOM}}}updated").text = "2026-11-30T00:00:00-05:00"
    ET.SubElement(root, "{http://a9.com/-/spec/opensearch/1.1/}totalResults").text = str(len(entries))
    ET.SubElement(root, "{http://a9.com/-/spec/opensearch/1.1/}startIndex").text = "0"
    ET.SubElement(root, "{http://a9.com/-/spec/opensearch/1.1/}itemsPerPage").text = str(len(entries))
    root.extend(entries)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


class ApiServer:
    def __init__(self, data: Path = DATA):
        self.data = data
        self.script: dict[str, deque] = defaultdict(deque)
        self.retry_after = "2"
        self.slow = 1.0
        self.searches: dict[str, str] = {}  # substring of search_query -> feed file under arxiv/
        self.log: list[str] = []
        self.headers: list[dict] = []  # request headers, in order
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server._answer(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                server._answer(self, self.rfile.read(length))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def env(self) -> dict[str, str]:
        return {
            "OPDHUB_ARXIV_API": f"{self.url}/arxiv/query",
            "OPDHUB_CROSSREF_API": f"{self.url}/crossref",
            "OPDHUB_OPENALEX_API": f"{self.url}/openalex",
            "OPDHUB_S2_API": f"{self.url}/s2",
            # the explicit allowance the client needs to talk to a loopback address at all
            "OPDHUB_ALLOW_ADDRESSES": "127.0.0.1",
        }

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- answers ---------------------------------------------------------------------------
    def _send(self, handler, status: int, body: bytes, kind: str = "application/json", headers: dict | None = None):
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def _drip(self, handler, size: int):
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            for _ in range(size):  # bounded: at most ``size`` seconds
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _answer(self, handler, body: bytes | None):
        url = urllib.parse.urlsplit(handler.path)
        self.log.append(handler.path)
        self.headers.append(dict(handler.headers))
        route = url.path.strip("/").split("/", 1)[0]
        if self.script[route]:
            special = self.script[route].popleft()
            if isinstance(special, int):
                return self._send(
                    handler,
                    special,
                    b'{"message": "try later"}',
                    headers={"Retry-After": self.retry_after} if special == 429 else None,
                )
            if isinstance(special, tuple) and special[0] == "redirect":
                return self._send(handler, 302, b"", "text/plain", headers={"Location": special[1]})
            if isinstance(special, tuple) and special[0] == "drip":
                return self._drip(handler, special[1])
            if special == "slow":
                time.sleep(self.slow)
            elif isinstance(special, bytes):
                kind = "application/atom+xml" if route == "arxiv" else "application/json"
                return self._send(handler, 200, special, kind)
        query = urllib.parse.parse_qs(url.query)
        if route == "arxiv":
            return self._arxiv(handler, query)
        if route == "crossref":
            doi = urllib.parse.unquote(url.path.split("/works/", 1)[-1])
            path = self.data / "crossref" / (doi.lower().replace("/", "_") + ".json")
            if path.is_file():
                return self._send(handler, 200, path.read_bytes())
            return self._send(handler, 404, b"Resource not found.", "text/plain")
        if route == "openalex":
            key, _, values = query.get("filter", [""])[0].partition(":")
            wanted = set(values.lower().split("|"))
            results = []
            for path in sorted((self.data / "openalex").glob("*.json")):
                work = json.loads(path.read_text("utf-8"))
                if key == "doi" and (work.get("doi") or "").lower().removeprefix("https://doi.org/") in wanted:
                    results.append(work)
                elif key == "ids.openalex" and work["id"].rsplit("/", 1)[-1].lower() in wanted:
                    results.append(work)
            meta = {"count": len(results), "db_response_time_ms": 5, "page": 1, "per_page": len(results)}
            return self._send(handler, 200, json.dumps({"meta": meta, "results": results, "group_by": []}).encode())
        if route == "s2":
            ids = json.loads(body or b"{}").get("ids", [])
            out = []
            for asked in ids:
                path = self.data / "s2" / (asked.replace(":", "_").replace("/", "_").lower() + ".json")
                out.append(json.loads(path.read_text("utf-8")) if path.is_file() else None)
            return self._send(handler, 200, json.dumps(out).encode())
        return self._send(handler, 404, b"no such route", "text/plain")

    def _arxiv(self, handler, query):
        if "id_list" in query:
            entries = []
            for arxiv_id in query["id_list"][0].split(","):
                path = self.data / "arxiv" / f"{arxiv_id.replace('/', '_')}.xml"
                if path.is_file():
                    entries += _entries(path)
            return self._send(handler, 200, feed(entries), "application/atom+xml")
        search = query.get("search_query", [""])[0]
        start = int(query.get("start", ["0"])[0])
        size = int(query.get("max_results", ["10"])[0])
        for key, name in self.searches.items():
            if key in search:
                entries = _entries(self.data / "arxiv" / name)
                return self._send(handler, 200, feed(entries[start : start + size]), "application/atom+xml")
        return self._send(handler, 200, feed([]), "application/atom+xml")


# -- not HTTP at all ---------------------------------------------------------------------------

MAX_LINES = 120  # no raw answer drips for longer than this many seconds


def _banner(data: bytes):
    def answer(conn):
        conn.sendall(data)

    return answer


def _after_request(data: bytes):
    def answer(conn):
        conn.recv(65536)
        conn.sendall(data)

    return answer


def _drip_lines(first: bytes, line: bytes):
    def answer(conn):
        conn.recv(65536)
        conn.sendall(first)
        for _ in range(MAX_LINES):  # bounded
            conn.sendall(line)
            time.sleep(1)

    return answer


RAW = {
    "ssh": _banner(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"),
    "many-headers": _after_request(b"HTTP/1.1 200 OK\r\n" + b"X-Filler: 1\r\n" * 101 + b"\r\n{}"),
    "long-header": _after_request(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n{}"),
    "bad-status": _after_request(b"HTTP/1.1 two hundred\r\n\r\n"),
    "bad-chunks": _after_request(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"),
    "bad-gzip": _after_request(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnot gzip"),
    "slow-headers": _drip_lines(b"HTTP/1.1 200 OK\r\n", b"X-Drip: 1\r\n"),
    "not-tls": _banner(b"220 mail.example ESMTP\r\n"),
}


class RawServer:
    """Answers every connection with ``RAW[kind]``; ``connections`` counts them."""

    def __init__(self, kind: str):
        behaviour = RAW[kind]
        self.connections = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                server.connections += 1
                self.request.settimeout(5)
                try:
                    behaviour(self.request)
                    time.sleep(0.2)  # let the client read before the close
                except OSError:
                    pass  # the client gave up, as it should

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.tcp = Server(("127.0.0.1", 0), Handler)
        self.port = self.tcp.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.tcp.serve_forever, daemon=True).start()

    def close(self):
        self.tcp.shutdown()
        self.tcp.server_close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
