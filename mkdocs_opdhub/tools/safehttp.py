"""The one HTTP transport of every tool that talks to the network (the scholarly APIs, scout,
the link checker), built on requests/urllib3, for answers and links nobody vouches for.

Every request has:

* a total deadline (connect, headers and body together): a timer shuts the socket down when
  it passes, so a server dripping one header line or one byte a second cannot hold a run;
* a size cap on the body (counted after decompression);
* only ``http``/``https``, and no user name or password in the URL;
* redirects followed here, one hop at a time, within a :class:`Policy`: http(s) only, at most
  ``max_redirects``, to the same host or to hosts the policy names;
* an address check at connect time, on the address actually connected to (so a name that
  resolves to a public address for a check and a private one for the request gains nothing):
  private, loopback, link-local and other non-global addresses are refused unless the
  ``OPDHUB_ALLOW_ADDRESSES`` variable (tests, a local mirror) lists them;
* credentials (``secret_headers``: an API key, an Authorization header) sent only to the host
  they were given for, and dropped for good at the first hop to another one;
* every failure (refused, no such host, refused connection, time-out, TLS, a malformed status
  line or header, broken chunked encoding, an undecodable body) raised as one
  :class:`FetchError` with a message and a ``kind`` a caller can sort by.

No connection is reused between requests (each gets its own session), so every socket is one
this module opened, checked and can time out.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

ALLOW_ENV = "OPDHUB_ALLOW_ADDRESSES"  # comma-separated addresses or networks (127.0.0.1, 10.0.0.0/8)
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024

# kinds of FetchError
REFUSED = "refused"  # the policy forbids it (address, scheme, redirect target): nothing was sent
NO_HOST = "no-host"  # the name does not resolve
NO_CONNECTION = "no-connection"  # connection refused or unreachable
TIMEOUT = "timeout"
TLS = "tls"
TOO_LARGE = "too-large"
PROTOCOL = "protocol"  # not HTTP as the standard writes it (an SSH banner, 101 headers, broken chunks)


class FetchError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def allowed_networks(environ=None) -> tuple:
    """The non-global networks a test or a local mirror explicitly allows."""
    text = (os.environ if environ is None else environ).get(ALLOW_ENV, "")
    out = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if item:
            try:
                out.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                pass  # a typo allows nothing
    return tuple(out)


@dataclass(frozen=True)
class Policy:
    deadline: float = 30.0  # seconds for one request, redirects included
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    redirect_hosts: frozenset[str] | None = frozenset()  # extra hosts a redirect may go to; None: any
    allow: tuple = field(default_factory=allowed_networks)  # non-global networks allowed anyway

    def address_allowed(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        mapped = getattr(ip, "ipv4_mapped", None)
        if mapped is not None:
            ip = mapped
        if any(ip.version == net.version and ip in net for net in self.allow):
            return True
        return ip.is_global and not ip.is_multicast


@dataclass
class Answer:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


# -- connections that check the address they connect to, and can be timed out -----------------

_local = threading.local()


class _Watch:
    """The sockets of one request, shut down when its deadline passes."""

    def __init__(self, policy: Policy, deadline_at: float):
        self.policy = policy
        self.deadline_at = deadline_at
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(max(0.0, deadline_at - time.monotonic()), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.deadline_at - time.monotonic()

    def track(self, sock: socket.socket) -> None:
        # A duplicate of the descriptor: TLS wraps (and detaches) the original socket object,
        # but shutting down either descriptor ends the one connection.
        twin = socket.socket(fileno=os.dup(sock.fileno()))
        with self._lock:
            self._socks.append(twin)
            if self.expired:
                _shutdown(twin)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                _shutdown(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._socks:
                sock.close()
            self._socks.clear()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Refused(Exception):
    """Raised inside urllib3 (not an OSError, so it is neither retried nor wrapped)."""


def _connect(conn) -> socket.socket:
    watch: _Watch | None = getattr(_local, "watch", None)
    if watch is None:
        raise _Refused("a connection outside a safehttp request")
    host, port = conn._dns_host, conn.port
    try:
        infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise urllib3.exceptions.NameResolutionError(conn.host, conn, exc) from exc
    refused, last = [], None
    for family, kind, proto, _, address in infos:
        if not watch.policy.address_allowed(address[0]):
            refused.append(address[0])
            continue
        sock = socket.socket(family, kind, proto)
        try:
            watch.track(sock)
            sock.settimeout(
                max(0.01, min(watch.remaining(), conn.timeout if isinstance(conn.timeout, (int, float)) else 1e9))
            )
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            sock.connect(address)
            return sock
        except OSError as exc:
            last = exc
            sock.close()
    if refused and last is None:
        raise _Refused(
            f"{conn.host} resolves to {', '.join(dict.fromkeys(refused))}, a private, loopback, link-local "
            "or otherwise non-public address: not connected to"
        )
    if isinstance(last, socket.timeout):
        raise urllib3.exceptions.ConnectTimeoutError(conn, f"connecting to {conn.host} timed out") from last
    raise urllib3.exceptions.NewConnectionError(conn, f"cannot connect to {conn.host}: {last}") from last


class _Conn(HTTPConnection):
    def _new_conn(self):
        return _connect(self)


class _ConnS(HTTPSConnection):
    def _new_conn(self):
        return _connect(self)


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Conn


class _PoolS(HTTPSConnectionPool):
    ConnectionCls = _ConnS


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _PoolS}


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies, no .netrc credentials from the environment
    adapter = _Adapter(max_retries=0, pool_connections=1, pool_maxsize=1)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# -- requests ------------------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.netloc or "").lower()


def check_url(url: str) -> None:
    """Refuse what is never fetched: another scheme, credentials in the URL, no host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as exc:
        raise FetchError(REFUSED, f"{url[:200]}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(REFUSED, f"{url[:200]}: only http(s) is fetched, not {parts.scheme or 'a relative address'}")
    if not parts.hostname:
        raise FetchError(REFUSED, f"{url[:200]}: no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError(REFUSED, f"{parts.hostname}: a user name or password in the URL is not sent")


def fetch(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    secret_headers: dict[str, str] | None = None,
    body: bytes | None = None,
    policy: Policy | None = None,
    read_body: bool = True,
) -> Answer:
    """One request with its redirects, within ``policy``; raise :class:`FetchError`."""
    policy = policy or Policy()
    watch = _Watch(policy, time.monotonic() + policy.deadline)
    _local.watch = watch
    try:
        answer = _follow(method, url, headers or {}, secret_headers or {}, body, policy, read_body, watch)
        if watch.expired:  # the socket was shut mid-answer: what was read is not the answer
            raise FetchError(TIMEOUT, f"{_host(url)}: no complete answer within {policy.deadline:g} s")
        return answer
    except FetchError:
        raise
    except _Refused as exc:
        raise FetchError(REFUSED, str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - every transport or parse error is one per-item message
        if watch.expired:
            raise FetchError(TIMEOUT, f"{_host(url)}: no complete answer within {policy.deadline:g} s") from None
        raise _classify(url, exc, policy) from None
    finally:
        _local.watch = None
        watch.close()


def _follow(method, url, headers, secret_headers, body, policy, read_body, watch) -> Answer:
    first = _origin(url)
    secrets_ok = True
    for _ in range(policy.max_redirects + 1):
        check_url(url)
        sent = dict(headers)
        if secrets_ok:
            sent.update(secret_headers)
        with _session() as session:
            remaining = watch.remaining()
            if remaining <= 0:
                raise FetchError(TIMEOUT, f"{_host(url)}: no complete answer within {policy.deadline:g} s")
            response = session.request(
                method, url, headers=sent, data=body, stream=True, allow_redirects=False, timeout=(remaining, remaining)
            )
            try:
                location = response.headers.get("Location")
                if response.is_redirect and location is not None:
                    target = urljoin(url, location.strip())
                    _allowed_redirect(url, target, first, policy)
                    if _origin(target)[1] != first[1] or (first[0] == "https" and _origin(target)[0] != "https"):
                        secrets_ok = False  # once another host (or plain http) is involved, the key stays home
                    if response.status_code in (301, 302, 303) and method != "HEAD":
                        method, body = "GET", None
                    url = target
                    continue
                data = _read(response, policy, watch) if read_body else b""
                return Answer(url, response.status_code, {k.lower(): v for k, v in response.headers.items()}, data)
            finally:
                response.close()
    raise FetchError(PROTOCOL, f"{_host(url)}: more than {policy.max_redirects} redirects")


def _allowed_redirect(current: str, target: str, first: tuple[str, str], policy: Policy) -> None:
    check_url(target)
    host = (urlsplit(target).hostname or "").lower()
    if policy.redirect_hosts is None:
        return
    origin = _origin(target)
    if (
        origin[1] in (first[1], _origin(current)[1])
        or host in policy.redirect_hosts
        or origin[1] in policy.redirect_hosts
    ):
        return
    raise FetchError(REFUSED, f"{_host(current)} redirects to {host}, a host this request may not go to: not followed")


def _read(response: requests.Response, policy: Policy, watch: _Watch) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(TOO_LARGE, f"{_host(response.url)}: the answer is larger than {_mb(policy.max_bytes)}")
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK):
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(TOO_LARGE, f"{_host(response.url)}: the answer is larger than {_mb(policy.max_bytes)}")
        if watch.remaining() <= 0:
            raise FetchError(TIMEOUT, f"{_host(response.url)}: no complete answer within {policy.deadline:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url[:200]
    except ValueError:
        return url[:200]


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (requests wraps urllib3, which wraps http.client)."""
    out, todo = [], [exc]
    while todo and len(out) < 20:
        item = todo.pop(0)
        if item is None or any(item is seen for seen in out):
            continue
        out.append(item)
        reason = getattr(item, "reason", None)
        todo += [item.__cause__, item.__context__, reason if isinstance(reason, BaseException) else None]
        todo += [arg for arg in item.args if isinstance(arg, BaseException)]
    return out


def _classify(url: str, exc: Exception, policy: Policy) -> FetchError:
    host = _host(url)
    chain = _causes(exc)
    for item in chain:
        if isinstance(item, _Refused):
            return FetchError(REFUSED, str(item))
    for item in chain:
        if isinstance(item, (socket.gaierror, urllib3.exceptions.NameResolutionError)):
            return FetchError(NO_HOST, f"{host}: host not found")
    for item in chain:
        if isinstance(item, ConnectionRefusedError):
            return FetchError(NO_CONNECTION, f"{host}: connection refused")
    for item in chain:
        if isinstance(item, (socket.timeout, TimeoutError, urllib3.exceptions.TimeoutError, requests.Timeout)):
            return FetchError(TIMEOUT, f"{host}: no complete answer within {policy.deadline:g} s")
    for item in chain:
        if (
            isinstance(item, (requests.exceptions.SSLError, urllib3.exceptions.SSLError))
            or type(item).__module__ == "ssl"
        ):
            return FetchError(TLS, f"{host}: TLS error: {_short(item)}")
    for kinds in (
        (http.client.HTTPException, urllib3.exceptions.InvalidChunkLength),
        (
            urllib3.exceptions.ProtocolError,
            urllib3.exceptions.DecodeError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ),
    ):
        for item in chain:  # the innermost reason says most: BadStatusLine('SSH-2.0-…')
            if isinstance(item, kinds):
                return FetchError(
                    PROTOCOL, f"{host}: not a well-formed HTTP answer ({type(item).__name__}: {_short(item)})"
                )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return FetchError(NO_CONNECTION, f"{host}: cannot connect ({_short(exc)})")
    return FetchError(PROTOCOL, f"{host}: {type(exc).__name__}: {_short(exc)}")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"
