"""The one HTTP transport (tools/safehttp) and its users against hostile servers on 127.0.0.1:
answers that are not HTTP, slow answers, redirects anywhere, planted private addresses. Each
call must end with a message (no traceback) within its deadline plus a generous margin, never
connect where the policy forbids, and never carry a credential to another host."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from apis_server import RAW, ApiServer, RawServer, closed_port

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.tools import links, safehttp
from mkdocs_opdhub.tools.scholarly import arxiv_api
from mkdocs_opdhub.tools.scholarly.config import api_config
from mkdocs_opdhub.tools.scholarly.http import HttpError

LOOPBACK = safehttp.allowed_networks({safehttp.ALLOW_ENV: "127.0.0.1"})
DEADLINE = 2.0
MARGIN = 6.0  # generous: the machine may be busy; a hang would be 60 s and more


def allowed(**kw) -> safehttp.Policy:
    return safehttp.Policy(deadline=DEADLINE, allow=LOOPBACK, **kw)


def timed(call):
    start = time.monotonic()
    try:
        result = call()
    except safehttp.FetchError as exc:
        result = exc
    return result, time.monotonic() - start


@pytest.fixture
def api():
    server = ApiServer()
    yield server
    server.close()


@pytest.fixture
def other_api():
    server = ApiServer()
    yield server
    server.close()


@pytest.mark.parametrize("kind", sorted(RAW))
def test_answers_that_are_not_http_become_one_message_within_the_deadline(kind):
    raw = RawServer(kind)
    try:
        result, elapsed = timed(lambda: safehttp.fetch("GET", f"{raw.url}/x", policy=allowed()))
    finally:
        raw.close()
    assert isinstance(result, safehttp.FetchError), result
    assert result.kind in (safehttp.PROTOCOL, safehttp.TIMEOUT)
    assert "Traceback" not in str(result) and str(result).startswith("127.0.0.1:")
    assert elapsed < DEADLINE + MARGIN
    if kind == "ssh":
        assert "BadStatusLine" in str(result) and "SSH-2.0" in str(result)
    if kind == "slow-headers":  # one header line a second: only the total deadline ends it
        assert result.kind == safehttp.TIMEOUT and f"within {DEADLINE:g} s" in str(result)


def test_a_body_dripping_one_byte_a_second_ends_at_the_deadline(api):
    api.script["arxiv"].append(("drip", 120))
    config = api_config({}, Path("."), api.env())
    client = config.client(cache=False)
    client.timeout = DEADLINE
    start = time.monotonic()
    with pytest.raises(HttpError, match=f"no complete answer within {DEADLINE:g} s"):
        arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    assert time.monotonic() - start < DEADLINE + MARGIN


def test_tls_trouble_is_one_message(api):
    """https:// to a server that speaks plain HTTP: the handshake fails, with a message."""
    result, elapsed = timed(lambda: safehttp.fetch("GET", api.url.replace("http:", "https:") + "/x", policy=allowed()))
    assert isinstance(result, safehttp.FetchError) and result.kind == safehttp.TLS, result
    assert "TLS error" in str(result) and elapsed < DEADLINE + MARGIN


def test_the_size_cap_is_applied_while_reading(api):
    result, _ = timed(
        lambda: safehttp.fetch("GET", f"{api.url}/arxiv/query?id_list=1503.02531", policy=allowed(max_bytes=100))
    )
    assert isinstance(result, safehttp.FetchError) and result.kind == safehttp.TOO_LARGE


def test_private_and_loopback_addresses_are_refused_without_a_connection():
    raw = RawServer("ssh")
    try:
        for url in (
            raw.url,
            f"http://[::ffff:127.0.0.1]:{raw.port}/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.255.255.1/",
            "http://[fe80::1]/",
            "http://0.0.0.0:1/",
        ):
            refusing = safehttp.Policy(deadline=DEADLINE, allow=())
            result, elapsed = timed(lambda url=url, policy=refusing: safehttp.fetch("GET", url, policy=policy))
            assert isinstance(result, safehttp.FetchError) and result.kind == safehttp.REFUSED, (url, result)
            assert "non-public address" in str(result)
            assert elapsed < MARGIN  # refused before connecting: no wait for a time-out
        assert raw.connections == 0
    finally:
        raw.close()


def test_the_address_is_checked_where_the_name_is_resolved(monkeypatch):
    """A public-looking name that resolves to a private address (DNS rebinding) is refused on
    the address actually connected to."""
    raw = RawServer("ssh")
    real = socket.getaddrinfo

    def rebinding(host, *args, **kw):
        return real("127.0.0.1" if host == "papers.example.org" else host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        result, _ = timed(
            lambda: safehttp.fetch(
                "GET", f"http://papers.example.org:{raw.port}/", policy=safehttp.Policy(deadline=DEADLINE, allow=())
            )
        )
        assert isinstance(result, safehttp.FetchError) and result.kind == safehttp.REFUSED
        assert "127.0.0.1" in str(result) and raw.connections == 0
    finally:
        raw.close()


@pytest.mark.parametrize(
    "target",
    [
        "ftp://127.0.0.1:{port}/x",
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "http://127.0.0.1:{port}/other-port",
        "gopher://127.0.0.1:{port}/",
    ],
)
def test_api_redirects_stay_on_the_api_host(api, target):
    raw = RawServer("ssh")  # what a redirect to another port would reach
    api.script["arxiv"].append(("redirect", target.format(port=raw.port)))
    config = api_config({}, Path("."), api.env())
    client = config.client(cache=False)
    try:
        with pytest.raises(HttpError, match="only http|may not go to|non-public"):
            arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
        assert raw.connections == 0
    finally:
        raw.close()


def test_credentials_never_follow_a_redirect_to_another_host(api, other_api):
    api.script["s2"].append(("redirect", f"{other_api.url}/s2/paper/batch"))
    secrets = {"x-api-key": "s3cret", "Authorization": "Bearer s3cret"}
    answer = safehttp.fetch(
        "POST",
        f"{api.url}/s2/paper/batch",
        body=b'{"ids": []}',
        secret_headers=secrets,
        headers={"Content-Type": "application/json"},
        policy=allowed(redirect_hosts=None),
    )
    assert answer.status == 200 and answer.url.startswith(other_api.url)
    assert api.headers[0].get("x-api-key") == "s3cret"  # the host the key is for gets it
    assert len(other_api.headers) == 1
    sent = {name.lower() for name in other_api.headers[0]}
    assert "x-api-key" not in sent and "authorization" not in sent


def test_the_api_key_goes_only_to_the_s2_host(api, other_api):
    env = api.env() | {"OPDHUB_S2_API_KEY": "s3cret", "OPDHUB_CROSSREF_API": f"{other_api.url}/crossref"}
    config = api_config({"graph": "s2"}, Path("."), env)
    client = config.client(cache=False)
    api.script["s2"].append(("redirect", "http://169.254.169.254/steal"))
    with pytest.raises(HttpError, match="may not go to"):
        client.post_json(f"{config.s2}/paper/batch", {"ids": []})
    client.get(f"{config.crossref}/works/10.1000%2Fnone")
    assert api.headers[0].get("x-api-key") == "s3cret"
    assert "x-api-key" not in {name.lower() for name in other_api.headers[0]}


def test_redirect_loops_end():
    api = ApiServer()
    try:
        api.script["arxiv"].extend([("redirect", f"{api.url}/arxiv/query")] * 20)
        result, _ = timed(lambda: safehttp.fetch("GET", f"{api.url}/arxiv/query", policy=allowed()))
        assert isinstance(result, safehttp.FetchError) and "more than 5 redirects" in str(result)
        assert len(api.log) == 6
    finally:
        api.close()


def test_the_link_checker_reports_every_link_and_refuses_private_ones(monkeypatch):
    raw_servers = {
        kind: RawServer(kind) for kind in ("ssh", "bad-chunks", "many-headers", "long-header", "slow-headers")
    }
    try:
        monkeypatch.delenv(safehttp.ALLOW_ENV, raising=False)
        private = ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:22/", "http://[::1]/"]
        outcomes = {o.url: o for o in links.check_all(private, timeout=DEADLINE, retry_delay=0)}
        assert all(outcomes[u].status == links.BROKEN and "non-public address" in outcomes[u].detail for u in private)

        monkeypatch.setenv(safehttp.ALLOW_ENV, "127.0.0.1")
        urls = [s.url + "/" for s in raw_servers.values()] + [
            f"http://127.0.0.1:{closed_port()}/",
            "ftp://example.org/x",
        ]
        start = time.monotonic()
        got = links.check_all(urls, timeout=DEADLINE, retry_delay=0)
        assert time.monotonic() - start < 2 * DEADLINE + MARGIN
        assert [o.url for o in got] == urls  # every link has its outcome, in order
        details = {o.url: (o.status, o.detail) for o in got}
        assert "BadStatusLine" in details[raw_servers["ssh"].url + "/"][1]
        timed_out = ("unchecked", f"timed out (no complete answer within {DEADLINE:g} s)")
        assert details[raw_servers["slow-headers"].url + "/"] == timed_out
        assert all("Traceback" not in d for _, d in details.values())
    finally:
        for raw in raw_servers.values():
            raw.close()


def test_check_links_command_writes_its_report_despite_hostile_links(tmp_path, monkeypatch, capsys):
    import shutil

    from test_cli_links import REPO, write_paper  # the same site set-up as the command's own test

    raw = RawServer("ssh")
    try:
        root = tmp_path / "site"
        (root / "papers").mkdir(parents=True)
        shutil.copy2(REPO / "mkdocs.yml", root)
        shutil.copy2(REPO / "taxonomy.yml", root)
        write_paper(root / "papers", "ssh", url=f"{raw.url}/", code=["http://169.254.169.254/latest/"])
        monkeypatch.chdir(root)
        monkeypatch.setenv(safehttp.ALLOW_ENV, "127.0.0.1")
        report = tmp_path / "report.md"
        assert main(["check-links", "--report", str(report), "--timeout", str(DEADLINE)]) == 1
        text = report.read_text("utf-8")
        assert "169.254.169.254" in text and "non-public address" in text and "BadStatusLine" in text
        assert "Traceback" not in capsys.readouterr().err
    finally:
        raw.close()


def test_the_documented_deadline_is_the_clients():
    from mkdocs_opdhub.tools.scholarly.http import Client

    assert Client(user_agent="x").timeout == 30.0
    text = (Path(__file__).resolve().parents[1] / "docs" / "keeping-current.md").read_text("utf-8")
    assert "30 seconds" in text
