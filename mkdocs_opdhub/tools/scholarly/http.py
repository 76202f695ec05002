"""One polite HTTP client for every API: a User-Agent with a contact, at most one request per
``interval`` seconds per host, retries with backoff on 429/5xx and timeouts (honouring
``Retry-After``), an on-disk cache of answers with the date they were fetched, and one clear
message when the network is not there.

Time is injected (:class:`Clock`): tests drive a fake clock and never sleep.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import hashlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

MAX_BODY = 20 * 1024 * 1024  # no API answer we ask for comes near this
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

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise HttpError(f"{self.url}: the answer is not valid JSON ({exc})") from None


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
            return Response(data["url"], int(data["status"]), data["body"].encode("utf-8"), data["fetched"], cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or a damaged one: ask again

    def put(self, key: str, response: Response) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._path(key)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"key": key, "url": response.url, "status": response.status,
                                       "fetched": response.fetched, "body": response.text()}), "utf-8")
            tmp.replace(path)
        except OSError:
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
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # host -> extra headers (an API key)
    requests: int = 0  # made over the network (not from the cache)
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        return self._request("GET", url, None, accept)

    def post_json(self, url: str, payload, *, accept: str = "application/json") -> Response:
        return self._request("POST", url, json.dumps(payload).encode("utf-8"), accept)

    def _request(self, method: str, url: str, body: bytes | None, accept: str) -> Response:
        key = f"{method} {url} {body.decode('utf-8') if body else ''}"
        if self.cache is not None:
            hit = self.cache.get(key, self.clock.today())
            if hit is not None:
                return hit
        host = urllib.parse.urlsplit(url).netloc
        last_error = ""
        for attempt in range(self.attempts):
            self._wait_turn(host)
            try:
                status, data, retry_after = self._send(method, url, body, accept)
            except NoNetwork:
                raise
            except TimeoutError:
                status, data, retry_after = None, b"", None
                last_error = f"no answer within {self.timeout:g} s"
            if status is not None and status not in RETRY_STATUSES:
                response = Response(url, status, data, self.clock.today().isoformat(timespec="seconds"))
                if self.cache is not None and status in (200, 404):  # 404: "not known there" is an answer too
                    self.cache.put(key, response)
                return response
            if status is not None:
                last_error = f"HTTP {status}"
            if attempt + 1 == self.attempts:
                break
            wait = self.backoff * (2 ** attempt) if retry_after is None else retry_after
            if wait > self.max_wait:
                raise HttpError(f"{url}: {last_error}; the server asks to wait {wait:g} s (more than {self.max_wait:g} s): try again later")
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
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise HttpError(f"{url}: only http(s) APIs are supported")
        headers = {"User-Agent": self.user_agent, "Accept": accept,
                   **self.headers.get(urllib.parse.urlsplit(url).netloc, {})}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (http(s) checked above)
                return answer.status, _read(answer), None
        except urllib.error.HTTPError as exc:
            data = _read(exc) if exc.fp is not None else b""
            return exc.code, data, retry_after(exc.headers.get("Retry-After"), self.clock.today())
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise TimeoutError() from None
            host = urllib.parse.urlsplit(url).netloc
            raise NoNetwork(f"cannot reach {host} ({exc.reason}): is there a network? "
                            "(a mirror or test server can be set with the OPDHUB_*_API variables)") from None
        except (socket.timeout, TimeoutError):
            raise TimeoutError() from None
        except (ConnectionError, OSError) as exc:  # reset mid-answer, and the like: worth a retry
            if isinstance(exc, ConnectionRefusedError):
                raise NoNetwork(f"cannot reach {urllib.parse.urlsplit(url).netloc} (connection refused)") from None
            raise TimeoutError() from None


def _read(answer) -> bytes:
    data = answer.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise HttpError(f"{answer.geturl()}: the answer is larger than {MAX_BODY // 1024 // 1024} MB")
    return data


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
