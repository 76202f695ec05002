"""Check that paper and code links still answer: the weekly link report.

Each distinct URL is asked once (``HEAD``, then ``GET`` when a server refuses ``HEAD``), a few
at a time and never more than two at once per host. Outcomes are sorted for people:

* broken: the server says the page is not there (404, 410, other 4xx) or the host does not
  answer at all (unknown name, connection refused);
* unchecked: the answer says nothing about the link (401/403/429, server errors after a retry,
  time-outs, TLS trouble, an answer that is not HTTP): listed, but not counted as broken.

Requests go through :mod:`.safehttp`: a total deadline each, redirects within http(s), and no
connection to a private, loopback or link-local address (such a link is reported as refused:
the published report must not let a contributor probe the network the check runs in).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import jinja2

from .. import __version__
from ..formats.escape import safe_url
from ..formats.templates import make_env
from ..model.papers import Paper
from . import safehttp

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


def _request(url: str, method: str, policy: safehttp.Policy) -> int:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    return safehttp.fetch(method, url, headers=headers, policy=policy, read_body=False).status


def check(url: str, timeout: float = 15.0, retry_delay: float = 2.0, policy: safehttp.Policy | None = None) -> Outcome:
    """Ask one URL; one retry for answers that may be passing (5xx, a dropped connection). Never raises:
    whatever a server answers (or does not) becomes an outcome with a reason."""
    # Redirects may go to any public host (links move), never to a private or link-local
    # address, which is refused before connecting and reported as such.
    policy = policy or safehttp.Policy(deadline=timeout, redirect_hosts=None)
    outcome = Outcome(url, UNCHECKED, "not checked")
    for attempt in (1, 2):
        try:
            status = _request(url, "HEAD", policy)
            if status in (400, 403, 405, 501) or status >= 500:
                status = _request(url, "GET", policy)  # some servers only answer GET properly
        except safehttp.FetchError as exc:
            if exc.kind == safehttp.REFUSED:
                return Outcome(url, BROKEN if "address" in str(exc) else UNCHECKED, f"refused: {exc}")
            if exc.kind == safehttp.NO_HOST:
                return Outcome(url, BROKEN, "host not found")
            if exc.kind == safehttp.NO_CONNECTION and "connection refused" in str(exc):
                return Outcome(url, BROKEN, "connection refused")
            if exc.kind in (safehttp.TLS, safehttp.PROTOCOL):
                return Outcome(url, UNCHECKED, str(exc))
            if exc.kind == safehttp.TIMEOUT:  # not retried: a server that drips would hold the run twice as long
                return Outcome(url, UNCHECKED, f"timed out (no complete answer within {policy.deadline:g} s)")
            outcome = Outcome(url, UNCHECKED, str(exc))
        except Exception as exc:  # noqa: BLE001 - one odd link never ends the weekly report
            return Outcome(url, UNCHECKED, f"not checked: {type(exc).__name__}: {str(exc)[:200]}")
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


def check_all(
    urls: Iterable[str], *, workers: int = 8, per_host: int = 2, timeout: float = 15.0, retry_delay: float = 2.0
) -> list[Outcome]:
    """Check ``urls`` concurrently, politely: at most ``per_host`` requests at once to one host."""
    urls = list(dict.fromkeys(urls))
    gates: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(per_host))
    lock = threading.Lock()

    def one(url: str) -> Outcome:
        try:
            host = urlsplit(url).netloc.lower()
        except ValueError as exc:
            return Outcome(url, BROKEN, f"not a valid URL ({exc})")
        with lock:
            gate = gates[host]
        with gate:
            return check(url, timeout, retry_delay)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, urls))


def report(outcomes: list[Outcome], uses: dict[str, list[Use]], env: jinja2.Environment | None = None) -> str:
    """The Markdown report (the body of the weekly issue)."""

    def rows(status: str) -> list[dict]:
        return [{"outcome": o, "uses": uses.get(o.url, [])} for o in outcomes if o.status == status]

    return (
        (env or make_env())
        .get_template("opdhub/link-report.html")
        .render(
            broken=rows(BROKEN),
            unchecked=rows(UNCHECKED),
            total=len(outcomes),
            ok=sum(o.status == OK for o in outcomes),
        )
    )
