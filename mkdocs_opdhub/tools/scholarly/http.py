"""One polite API client on top of :mod:`..safehttp` (deadline, size cap, redirect and address
policy, credentials kept to their host): a User-Agent with a contact, at most one request per
``interval`` seconds per host, retries with backoff on 429/5xx (honouring ``Retry-After``), an
on-disk cache of answers with the date they were fetched, and one clear message when the network
is not there. A host that gives no complete answer within the deadline is not asked again in the
same run (a server dripping bytes would otherwise cost the deadline once per paper).

Waits are injected (:class:`Clock`): tests drive a fake clock and never sleep; the deadline of
a request is real time.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import safehttp
from ..safefs import RefusedWrite, write_file

MAX_BODY = safehttp.MAX_BYTES  # no API answer we ask for comes near this
MAX_DEPTH = 64  # nesting of a JSON answer: the APIs' own answers stay under 10
RETRY_STATUSES = {429, 500, 502, 503, 504}


class Clock:
    """Monotonic seconds and a way to wait; replaced by a fake in tests."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def today(self) -> _dt.datetime:
        return _dt.datetime.now(_dt.timezone.utc)


class HttpError(Exception):
    """A request that failed for good, with a message a maintainer can act on."""


class NoNetwork(HttpError):
    """The host cannot be reached at all (no DNS, connection refused, no route)."""


@dataclass
class Response:
    url: str
    status: int
    body: bytes
    fetched: str  # ISO date-time (UTC) the answer was fetched
    cached: bool = False
    forget: Callable[[], None] = field(default=lambda: None, repr=False)  # drop it from the cache

    def unusable(self, message: str) -> HttpError:
        """The error for an answer that cannot be read, which is then not kept in the cache
        (else every run for a week would read the same broken answer)."""
        self.forget()
        return HttpError(message)

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        """The answer as JSON; nesting deeper than :data:`MAX_DEPTH` is refused before parsing (the
        parser would recurse once per level)."""
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.unusable(f"{self.url}: the answer is not valid JSON ({exc})") from None
        depth = json_depth(text)
        if depth > MAX_DEPTH:
            raise self.unusable(f"{self.url}: the answer nests more than {MAX_DEPTH} levels deep; not read")
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise self.unusable(f"{self.url}: the answer is not valid JSON ({str(exc)[:200]})") from None


_BRACKETS = re.compile(r'"[^"]*"|[\[\]{}]')


def json_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` outside strings (a linear scan, no recursion)."""
    depth = deepest = 0
    plain = text.replace("\\\\", "").replace('\\"', "")  # escapes gone, a string is "…" without quotes inside
    for match in _BRACKETS.finditer(plain):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


@dataclass
class Cache:
    """Answers on disk, one JSON file per request, with the date they were fetched."""

    folder: Path
    max_age_days: float = 7.0
    refresh: bool = False  # ignore what is cached (but still store new answers)

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def get(self, key: str, now: _dt.datetime) -> Response | None:
        if self.refresh:
            return None
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
            fetched = _dt.datetime.fromisoformat(data["fetched"])
            if data.get("key") != key or (now - fetched).total_seconds() > self.max_age_days * 86400:
                return None
            return Response(
                data["url"], int(data["status"]), data["body"].encode("utf-8"), data["fetched"], cached=True
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or a damaged one: ask again

    def remove(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except OSError:
            pass

    def put(self, key: str, response: Response) -> None:
        try:
            write_file(
                self._path(key),
                json.dumps(
                    {
                        "key": key,
                        "url": response.url,
                        "status": response.status,
                        "fetched": response.fetched,
                        "body": response.text(),
                    }
                ),
                within=self.folder,
            )
        except (OSError, RefusedWrite):
            pass  # a cache that cannot be written only costs a request next time


@dataclass
class Client:
    user_agent: str
    clock: Clock = field(default_factory=Clock)
    cache: Cache | None = None
    timeout: float = 30.0
    attempts: int = 4  # tries per request, the first included
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    max_wait: float = 120.0  # a Retry-After longer than this fails the request instead
    intervals: dict[str, float] = field(default_factory=dict)  # host -> minimum seconds between requests
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # host -> credentials (an API key): that host only
    redirect_hosts: frozenset[str] = frozenset()  # the APIs' documented hosts a redirect may go to
    allow: tuple = field(default_factory=safehttp.allowed_networks)  # non-public networks allowed (tests, mirrors)
    requests: int = 0  # made over the network (not from the cache)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _silent: dict[str, str] = field(default_factory=dict, repr=False)  # host -> why it is not asked again

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        return self._request("GET", url, None, accept)

    def post_json(self, url: str, payload, *, accept: str = "application/json") -> Response:
        return self._request("POST", url, json.dumps(payload).encode("utf-8"), accept)

    def _request(self, method: str, url: str, body: bytes | None, accept: str) -> Response:
        key = f"{method} {url} {body.decode('utf-8') if body else ''}"
        if self.cache is not None:
            hit = self.cache.get(key, self.clock.today())
            if hit is not None:
                hit.forget = lambda: self.cache.remove(key)
                return hit
        host = urllib.parse.urlsplit(url).netloc
        if host in self._silent:
            raise HttpError(f"{url}: not asked: {self._silent[host]}")
        last_error = ""
        for attempt in range(self.attempts):
            self._wait_turn(host)
            status, data, retry_after = self._send(method, url, body, accept)
            if status not in RETRY_STATUSES:
                response = Response(url, status, data, self.clock.today().isoformat(timespec="seconds"))
                if self.cache is not None and status in (200, 404):  # 404: "not known there" is an answer too
                    self.cache.put(key, response)
                    response.forget = lambda: self.cache.remove(key)
                return response
            last_error = f"HTTP {status}"
            if attempt + 1 == self.attempts:
                break
            wait = self.backoff * (2**attempt) if retry_after is None else retry_after
            if wait > self.max_wait:
                raise HttpError(
                    f"{url}: {last_error}; the server asks to wait {wait:g} s (more than {self.max_wait:g} s): try again later"
                )
            self.clock.sleep(wait)
        raise HttpError(f"{url}: {last_error} after {self.attempts} attempts: try again later")

    def _wait_turn(self, host: str) -> None:
        interval = self.intervals.get(host, 0.0)
        if host in self._last:
            wait = self._last[host] + interval - self.clock.now()
            if wait > 0:
                self.clock.sleep(wait)
        self._last[host] = self.clock.now()

    def _send(self, method: str, url: str, body: bytes | None, accept: str) -> tuple[int, bytes, float | None]:
        host = urllib.parse.urlsplit(url).netloc
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/json"
        policy = safehttp.Policy(
            deadline=self.timeout, max_bytes=MAX_BODY, redirect_hosts=self.redirect_hosts, allow=self.allow
        )
        self.requests += 1
        try:
            answer = safehttp.fetch(
                method, url, headers=headers, secret_headers=self.headers.get(host), body=body, policy=policy
            )
        except safehttp.FetchError as exc:
            if exc.kind in (safehttp.NO_HOST, safehttp.NO_CONNECTION):
                raise NoNetwork(
                    f"cannot reach {host} ({exc}): is there a network? "
                    "(a mirror or test server can be set with the OPDHUB_*_API variables)"
                ) from None
            if exc.kind == safehttp.TIMEOUT:
                self._silent[host] = f"{host} gave no complete answer within {self.timeout:g} s earlier in this run"
            raise HttpError(f"{url}: {exc}") from None
        wait = (
            retry_after(answer.headers.get("retry-after"), self.clock.today())
            if answer.status in RETRY_STATUSES
            else None
        )
        return answer.status, answer.body, wait


def retry_after(value: str | None, now: _dt.datetime) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date (RFC 9110); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())
