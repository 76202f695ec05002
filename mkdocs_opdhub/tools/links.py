"""Check that paper and code links still answer: the weekly link report.

Each distinct URL is asked once (``HEAD``, then ``GET`` when a server refuses ``HEAD``), a few
at a time and never more than two at once per host. Outcomes are sorted for people:

* broken: the server says the page is not there (404, 410, other 4xx) or the host does not
  answer at all (unknown name, connection refused);
* unchecked: the answer says nothing about the link (401/403/429, server errors after a retry,
  time-outs, TLS trouble): listed, but not counted as broken.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

import jinja2

from .. import __version__
from ..model.papers import Paper
from ..site.render import make_env, safe_url

OK, BROKEN, UNCHECKED = "ok", "broken", "unchecked"
NOT_CONCLUSIVE = {401, 403, 429}  # access rules or rate limits, not a missing page
USER_AGENT = f"mkdocs-opdhub/{__version__} link check"


@dataclass(frozen=True)
class Use:
    """Where a link appears: ``papers/x.yaml:12`` field ``code``."""

    source: str
    line: int
    field: str
    paper_id: str


@dataclass(frozen=True)
class Outcome:
    url: str
    status: str  # ok | broken | unchecked
    detail: str  # "200", "404 Not Found", "timed out", …


def collect(papers: Iterable[Paper]) -> dict[str, list[Use]]:
    """Every http(s) paper and code link, with the places it is used (in file order)."""
    uses: dict[str, list[Use]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.source):
        for name, urls in (("url", [paper.url]), ("code", paper.code)):
            for url in urls:
                if safe_url(url) != "#":
                    uses[url].append(Use(paper.source, paper.line_of(name), name, paper.id))
    return dict(uses)


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # follows redirects
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def check(url: str, timeout: float = 15.0, retry_delay: float = 2.0) -> Outcome:
    """Ask one URL; one retry for answers that may be passing (5xx, time-outs)."""
    for attempt in (1, 2):
        try:
            status = _request(url, "HEAD", timeout)
            if status in (400, 403, 405, 501) or status >= 500:
                status = _request(url, "GET", timeout)  # some servers only answer GET properly
        except (socket.timeout, TimeoutError):
            outcome = Outcome(url, UNCHECKED, "timed out")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                outcome = Outcome(url, UNCHECKED, "timed out")
            elif isinstance(reason, ssl.SSLError):
                return Outcome(url, UNCHECKED, f"TLS error: {getattr(reason, 'reason', None) or reason}")
            elif isinstance(reason, socket.gaierror):
                return Outcome(url, BROKEN, "host not found")
            elif isinstance(reason, ConnectionRefusedError):
                return Outcome(url, BROKEN, "connection refused")
            else:
                outcome = Outcome(url, UNCHECKED, str(reason))
        except (OSError, ValueError) as exc:  # e.g. a connection reset, an unreadable redirect
            outcome = Outcome(url, UNCHECKED, str(exc) or type(exc).__name__)
        else:
            if status < 400:
                return Outcome(url, OK, str(status))
            if status < 500 and status not in NOT_CONCLUSIVE:
                return Outcome(url, BROKEN, f"HTTP {status}")
            outcome = Outcome(url, UNCHECKED, f"HTTP {status}")
            if status < 500:
                return outcome
        if attempt == 1:
            time.sleep(retry_delay)
    return outcome


def check_all(urls: Iterable[str], *, workers: int = 8, per_host: int = 2, timeout: float = 15.0,
              retry_delay: float = 2.0) -> list[Outcome]:
    """Check ``urls`` concurrently, politely: at most ``per_host`` requests at once to one host."""
    urls = list(dict.fromkeys(urls))
    gates: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(per_host))
    lock = threading.Lock()

    def one(url: str) -> Outcome:
        with lock:
            gate = gates[urlsplit(url).netloc.lower()]
        with gate:
            return check(url, timeout, retry_delay)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, urls))


def report(outcomes: list[Outcome], uses: dict[str, list[Use]], env: jinja2.Environment | None = None) -> str:
    """The Markdown report (the body of the weekly issue)."""
    def rows(status: str) -> list[dict]:
        return [{"outcome": o, "uses": uses.get(o.url, [])} for o in outcomes if o.status == status]

    return (env or make_env()).get_template("opdhub/link-report.html").render(
        broken=rows(BROKEN), unchecked=rows(UNCHECKED), total=len(outcomes),
        ok=sum(o.status == OK for o in outcomes))
