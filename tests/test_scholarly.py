"""Enrichment, ``new <id>`` and the scout against a local server answering in each API's
documented format (tests/apis/: answers written for these tests). No network, no sleeping: the
rate limiter and the backoff run on a fake clock."""

from __future__ import annotations

import datetime as _dt
import json
import re
import socket
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from apis_server import ApiServer
from bs4 import BeautifulSoup
from conftest import copy_project, mkdocs_build

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.tools.safehttp import allowed_networks
from mkdocs_opdhub.tools.scholarly import arxiv_api, crossref, openalex
from mkdocs_opdhub.tools.scholarly import http as http_mod
from mkdocs_opdhub.tools.scholarly.config import api_config
from mkdocs_opdhub.tools.scholarly.http import Client, HttpError, NoNetwork
from mkdocs_opdhub.tools.scholarly.text import clean, last_first

RECORDED = ("1011.0686", "1503.02531", "1606.07947", "2306.13649", "2306.08543", "2310.08461", "2402.03898")


class FakeClock(http_mod.Clock):
    """Time that only moves when someone waits: every wait is recorded, none is slept."""

    def __init__(self):
        self.t = 1000.0
        self.sleeps: list[float] = []

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.t += seconds

    def today(self):
        return _dt.datetime(2026, 12, 1, 9, 0, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=self.t - 1000)


@pytest.fixture
def server():
    instance = ApiServer()
    yield instance
    instance.close()


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    for name in ("now", "sleep", "today"):
        monkeypatch.setattr(http_mod.Clock, name, lambda self, *a, _n=name: getattr(fake, _n)(*a))
    return fake


@pytest.fixture
def apis(server, clock, monkeypatch, tmp_path):
    """The commands pointed at the local server, with the fake clock and a fresh cache."""
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPDHUB_CACHE_DIR", str(tmp_path / "cache"))
    return server


def make_client(server, clock, tmp_path=None, **kw) -> tuple[Client, object]:
    config = api_config({}, Path("."), server.env() | ({"OPDHUB_CACHE_DIR": str(tmp_path)} if tmp_path else {}))
    client = config.client(clock=clock, cache=tmp_path is not None)
    for name, value in kw.items():
        setattr(client, name, value)
    return client, config


# -- the client: rate limit, retries, timeouts, cache, no network -------------------------------
def test_arxiv_batches_of_100_at_most_one_request_every_3_seconds(server, tmp_path):
    clock = FakeClock()
    client, config = make_client(server, clock)
    ids = [f"2601.{n:05d}" for n in range(250)] + ["2306.13649v2"]
    found, errors = arxiv_api.lookup(client, config.arxiv, ids)
    batches = [p for p in server.log if "id_list=" in p]
    assert len(batches) == 3
    assert [p.count("%2C") + 1 for p in batches] == [100, 100, 51]
    assert clock.sleeps == [3.0, 3.0]  # the first request does not wait
    assert list(found) == ["2306.13649"]  # versioned id asked bare, matched bare
    assert found["2306.13649"].version == 3 and found["2306.13649"].published == "2023-06-23"
    assert found["2306.13649"].updated == "2024-01-17" and found["2306.13649"].primary_category == "cs.LG"


def test_429_waits_as_long_as_retry_after_says(server):
    clock = FakeClock()
    client, config = make_client(server, clock)
    server.script["crossref"].extend([429, 429])
    server.retry_after = "7"
    record = crossref.work(client, config.crossref, "10.18653/v1/D16-1139")
    assert clock.sleeps == [7.0, 7.0]
    assert record.venue == "Proceedings of the 2016 Conference on Empirical Methods in Natural Language Processing"


def test_retry_after_as_http_date_and_too_long_a_wait():
    now = _dt.datetime(2026, 12, 1, 9, 0, tzinfo=_dt.timezone.utc)
    assert http_mod.retry_after("Tue, 01 Dec 2026 09:00:30 GMT", now) == 30.0
    assert http_mod.retry_after("soon", now) is None


def test_retry_after_beyond_the_limit_fails_with_a_message(server):
    client, config = make_client(server, FakeClock())
    server.script["crossref"].append(429)
    server.retry_after = "3600"
    with pytest.raises(HttpError, match="asks to wait 3600 s"):
        crossref.work(client, config.crossref, "10.18653/v1/D16-1139")


def test_503_backs_off_then_succeeds_and_gives_up_after_the_attempts(server):
    clock = FakeClock()
    client, config = make_client(server, clock)
    server.script["openalex"].extend([503, 503])
    found = openalex.works(client, config.openalex, [openalex.arxiv_doi("2306.13649")])
    # backoff 2 s, then 4 s; after the 2 s one the host's 3 s interval (arXiv shares the test
    # server) still asks for 1 s more
    assert clock.sleeps == [2.0, 1.0, 4.0]
    assert found[openalex.arxiv_doi("2306.13649")].venue == "International Conference on Learning Representations 2024"
    server.script["openalex"].extend([503] * 4)
    with pytest.raises(HttpError, match="HTTP 503 after 4 attempts"):
        openalex.works(client, config.openalex, [openalex.arxiv_doi("1503.02531")])


def test_a_slow_answer_times_out_and_the_host_is_not_asked_again(server):
    client, config = make_client(server, FakeClock(), timeout=0.2)
    server.slow = 1.0
    server.script["arxiv"].append("slow")
    with pytest.raises(HttpError, match="no complete answer within 0.2 s"):
        arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    with pytest.raises(HttpError, match="not asked: .* earlier in this run"):
        arxiv_api.lookup(client, config.arxiv, ["1706.03762"])
    assert len(server.log) == 1


def test_answers_are_cached_with_their_date(server, tmp_path):
    clock = FakeClock()
    client, config = make_client(server, clock, tmp_path / "cache")
    arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    again, _ = arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    assert len(server.log) == 1 and "1503.02531" in again
    entry = json.loads(next((tmp_path / "cache").glob("*.json")).read_text())
    assert entry["fetched"].startswith("2026-12-01")
    assert ET.fromstring(entry["body"].encode()).tag == "{http://www.w3.org/2005/Atom}feed"  # the answer as received
    clock.t += 8 * 86400  # older than the 7 days a cached answer is trusted
    arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    assert len(server.log) == 2


def test_no_network_is_said_plainly():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = Client(
        user_agent="test", clock=FakeClock(), allow=allowed_networks({"OPDHUB_ALLOW_ADDRESSES": "127.0.0.1"})
    )
    with pytest.raises(NoNetwork, match="cannot reach 127.0.0.1"):
        client.get(f"http://127.0.0.1:{port}/api/query")


def test_cli_without_network_exits_with_one_line(project, monkeypatch, capsys, clock):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPDHUB_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("OPDHUB_ALLOW_ADDRESSES", "127.0.0.1")
    monkeypatch.setenv("OPDHUB_CACHE_DIR", str(project / ".cache"))
    monkeypatch.chdir(project)
    assert main(["enrich", "1503.02531"]) == 3
    err = capsys.readouterr().err
    assert "opdhub: no network: cannot reach 127.0.0.1" in err and "Traceback" not in err


def test_user_agent_names_a_contact_and_the_s2_key_goes_only_to_s2(server):
    config = api_config(
        {"mailto": "lists@example.org", "graph": "s2"},
        Path("."),
        server.env() | {"OPDHUB_S2_API_KEY": "k-123", "OPDHUB_S2_API": "http://localhost:9/s2"},
    )
    assert config.user_agent.startswith("mkdocs-opdhub/") and config.user_agent.endswith("(mailto:lists@example.org)")
    client = config.client(clock=FakeClock(), cache=False)
    crossref.work(client, config.crossref, "10.18653/v1/D16-1139", config.mailto)
    sent = server.headers[-1]
    assert sent["User-Agent"] == config.user_agent and "x-api-key" not in {k.lower() for k in sent}
    assert server.log[-1].endswith("?mailto=lists%40example.org")
    assert client.headers == {"localhost:9": {"x-api-key": "k-123"}}
    assert api_config({}, Path("."), {}).arxiv == "https://export.arxiv.org/api/query"
    assert (
        api_config({"arxiv": "https://mirror.example/api/query"}, Path("."), {}).arxiv
        == "https://mirror.example/api/query"
    )
    with pytest.raises(Exception, match="http"):
        api_config({"crossref": "file:///etc/passwd"}, Path("."), {})


# -- hostile and odd answers -------------------------------------------------------------------
def test_malformed_and_hostile_xml_is_refused(server):
    client, config = make_client(server, FakeClock())
    server.script["arxiv"].append(b"<feed><entry>unclosed")
    with pytest.raises(arxiv_api.FeedError, match="not a well-formed Atom feed"):
        arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>'
    )
    server.script["arxiv"].append(bomb)
    with pytest.raises(arxiv_api.FeedError, match="EntitiesForbidden|DTDForbidden"):
        arxiv_api.lookup(client, config.arxiv, ["1503.02531"])
    external = b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed>&x;</feed>'
    server.script["arxiv"].append(external)
    with pytest.raises(arxiv_api.FeedError):
        arxiv_api.lookup(client, config.arxiv, ["1503.02531"])


def test_malformed_json_is_an_error_not_a_crash(server):
    client, config = make_client(server, FakeClock())
    server.script["crossref"].append(b'{"status": "ok", "message": ')
    with pytest.raises(HttpError, match="not valid JSON"):
        crossref.work(client, config.crossref, "10.18653/v1/D16-1139")
    server.script["openalex"].append(b'{"meta": {}}')
    with pytest.raises(HttpError, match="no 'results'"):
        openalex.works(client, config.openalex, [openalex.arxiv_doi("1503.02531")])


def test_missing_fields_unicode_and_control_characters(server):
    client, config = make_client(server, FakeClock())
    found, _ = arxiv_api.lookup(client, config.arxiv, ["2310.08461", "2512.00003", "2512.00002"])
    assert "Kagy, Jean-François" in found["2310.08461"].authors
    assert "Rényi, χ², 蒸馏" in found["2310.08461"].abstract
    hostile = found["2512.00003"]
    assert hostile.title == "Hostile Title with controls" and hostile.authors == ["Mallory, Eve"]
    assert not re.search(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\t]", hostile.abstract)
    assert found["2512.00002"].withdrawn and not found["2310.08461"].withdrawn
    works = openalex.works(client, config.openalex, [openalex.arxiv_doi("2310.08461")])
    record = works[openalex.arxiv_doi("2310.08461")]  # every location null: no venue, no crash
    assert record.venue is None and record.doi is None and record.references == ["openalex:W0000000003"]


def test_names_as_the_list_writes_them():
    assert last_first("Geoffrey J. Gordon") == "Gordon, Geoffrey J."
    assert last_first("Émile van der Berg") == "van der Berg, Émile"
    assert last_first("Martin Luther King Jr.") == "King, Jr., Martin Luther"
    assert last_first("李 雷") == "李 雷" and last_first("DeepSeek-AI") == "DeepSeek-AI"
    assert clean("a\u202eb\x00 c\n d") == "a b c d" and clean("  ") is None and clean("x" * 10, 5) is None


# -- the done-when run on a copy of the whole list --------------------------------------------
def _subsequence(old: list[str], new: list[str]) -> bool:
    it = iter(new)
    return all(any(line == other for other in it) for line in old)


def test_enrich_all_fills_without_touching_what_people_wrote(project, apis, clock, monkeypatch, capsys):
    sent: list[tuple[float, str]] = []  # (fake time, url) of every request that reached the network
    real_send = http_mod.Client._send
    monkeypatch.setattr(
        http_mod.Client, "_send", lambda self, m, url, *a: sent.append((clock.t, url)) or real_send(self, m, url, *a)
    )
    papers = project / "papers"
    # a contributor's comments, quoting and layout, which must survive byte for byte
    gkd = papers / "2306.13649.yaml"
    gkd.write_text(
        gkd.read_text()
        .replace("year: 2023\n", "# checked against the PDF\nyear: 2023  # v1\n")
        .replace("url: https://arxiv.org/abs/2306.13649", 'url: "https://arxiv.org/abs/2306.13649"')
    )
    before = {p.name: p.read_bytes() for p in papers.iterdir()}
    monkeypatch.chdir(project)
    assert main(["enrich", "--all"]) == 0
    out = capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in papers.iterdir()}
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == sorted(f"{i}.yaml" for i in RECORDED)
    for name in changed:  # only lines added: every line of the old file is there, in order
        assert _subsequence(before[name].decode().splitlines(), after[name].decode().splitlines()), name
    data = {i: yaml.safe_load((papers / f"{i}.yaml").read_text()) for i in RECORDED}
    assert all(d["abstract"].startswith("Recorded test abstract") for d in data.values())
    assert (
        data["1606.07947"]["venue"]
        == "Proceedings of the 2016 Conference on Empirical Methods in Natural Language Processing"
    )
    assert data["2306.08543"]["venue"] == "ICLR 2024"
    assert data["1011.0686"]["venue"].endswith("(AISTATS) 2011")  # the arXiv journal reference
    assert data["2306.13649"]["related"] == [
        {"id": "1503.02531", "type": "cites"},
        {"id": "1606.07947", "type": "cites"},
        {"id": "2306.08543", "type": "cites"},
    ]
    assert data["2310.08461"]["related"] == [{"id": "2306.13649", "type": "cites"}]
    assert "doi" not in data["2402.03898"]  # arXiv's own DataCite DOI is no published version
    assert data["2402.03898"]["venue"] == "ICML 2024"
    # a title a person wrote differs from arXiv's: reported, kept
    assert data["2306.08543"]["title"] == "MiniLLM: On-Policy Distillation of Large Language Models"
    assert "2306.08543.yaml: differs: title: the file says 'MiniLLM: On-Policy" in out and "--update title" in out
    text = gkd.read_text()
    assert "# checked against the PDF\nyear: 2023  # v1\n" in text and 'url: "https://arxiv.org/abs/2306.13649"' in text
    # rate limit: 305 papers are 4 arXiv batches; every API lives on the one test host, so every
    # request keeps arXiv's 3 s from the one before (in fake time: nobody slept for real)
    assert sum("id_list=" in url for _, url in sent) == 4
    assert all(b - a >= 3.0 for (a, _), (b, _) in zip(sent, sent[1:], strict=False)) and len(sent) >= 6
    assert main(["validate"]) == 0
    # a second run asks nothing (cache) and changes nothing
    requests = len(apis.log)
    assert main(["enrich", "--all"]) == 0
    assert len(apis.log) == requests and {p.name: p.read_bytes() for p in papers.iterdir()} == after
    # --update applies a difference, field by field
    assert main(["enrich", "2306.08543", "--update", "title"]) == 0
    assert (
        yaml.safe_load((papers / "2306.08543.yaml").read_text())["title"]
        == "MiniLLM: Knowledge Distillation of Large Language Models"
    )

    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = json.loads((project / "site" / "papers.json").read_text())
    records = {p["id"]: p for p in site["papers"]}
    assert records["1606.07947"]["abstract"].startswith("Recorded test abstract")
    assert records["1606.07947"]["bibtex"].startswith("@inproceedings{")
    assert "booktitle = {Proceedings of the 2016 Conference" in records["1606.07947"]["bibtex"]
    # the paper page shows the abstract and the venue; listings' data (cards.js fills cards from it) carry both
    page = BeautifulSoup((project / "site" / "papers" / "2306.13649" / "index.html").read_text(), "html.parser")
    assert page.select_one(".opdhub-paper__abstract").get_text().startswith("Recorded test abstract. A student trained")
    assert (
        page.select_one(".opdhub-paper__venue").get_text()
        == "International Conference on Learning Representations 2024"
    )
    assert page.find("meta", attrs={"name": "citation_abstract"})["content"].startswith("Recorded test abstract")
    listing = [json.loads(f.read_text()) for f in (project / "site" / "opdhub-data").glob("*.json")]
    carried = [r for data in listing for r in data["papers"] if r["id"] == "2306.13649"]
    assert carried and all(r["abstract"].startswith("Recorded test abstract") and r["venue"] for r in carried)
    # searchable: the site search holds the abstract once (the paper's page), not once per listing
    index = json.loads((project / "site" / "search" / "search_index.json").read_text())
    holders = [d["location"] for d in index["docs"] if "A student trained on its own samples" in d["text"]]
    assert len(holders) == 1 and holders[0].startswith("papers/2306.13649/"), holders


def test_enrich_dry_run_writes_nothing_and_unknown_update_fields_are_refused(project, apis, monkeypatch, capsys):
    monkeypatch.chdir(project)
    before = (project / "papers" / "1503.02531.yaml").read_bytes()
    assert main(["enrich", "1503.02531", "--dry-run"]) == 0
    assert "would be filled abstract: Recorded test abstract" in capsys.readouterr().out
    assert (project / "papers" / "1503.02531.yaml").read_bytes() == before
    assert main(["enrich", "1503.02531", "--update", "titel"]) == 2
    assert "unknown field(s) titel" in capsys.readouterr().err
    assert main(["enrich"]) == 2


def test_one_file_finds_its_citations_among_papers_not_fetched(project, apis, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["enrich", "papers/2306.13649.yaml"]) == 0
    data = yaml.safe_load((project / "papers" / "2306.13649.yaml").read_text())
    assert data["related"] == [
        {"id": "1503.02531", "type": "cites"},
        {"id": "1606.07947", "type": "cites"},
        {"id": "2306.08543", "type": "cites"},
    ]
    assert any(
        "filter=ids.openalex:W0000000001|W0000000002|W0000000004|W8888888888" in urllib.parse.unquote(p)
        for p in apis.log
    )


def test_enrich_with_semantic_scholar_references(project, apis, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["enrich", "2306.13649", "--graph", "s2"]) == 0
    data = yaml.safe_load((project / "papers" / "2306.13649.yaml").read_text())
    assert data["related"] == [{"id": "1503.02531", "type": "cites"}, {"id": "1606.07947", "type": "cites"}]
    assert data["venue"] == "International Conference on Learning Representations 2023"
    assert any(p.startswith("/s2/paper/batch") for p in apis.log)


def test_enrich_never_writes_an_invalid_file(project, apis, monkeypatch, capsys):
    path = project / "papers" / "1503.02531.yaml"
    path.write_text(path.read_text().replace("year: 2015\ndate: 2015-03-09\n", "year: 2014\n"))  # the file's own year
    monkeypatch.chdir(project)
    main(["enrich", "1503.02531"])
    out = capsys.readouterr().out
    assert "date: arxiv says '2015-03-09', not filled: the file's year is 2014" in out
    assert "date:" not in path.read_text() and "abstract: Recorded" in path.read_text()


def test_an_api_value_the_schema_refuses_is_left_out_the_rest_is_written(project, apis, monkeypatch, capsys):
    path = project / "papers" / "2512.00004.yaml"
    path.write_text("id: '2512.00004'\narxiv: '2512.00004'\nchapter: '5'\n")  # a bare start, not yet valid
    monkeypatch.chdir(project)
    main(["enrich", "2512.00004"])
    out = capsys.readouterr().out
    data = yaml.safe_load(path.read_text())
    assert data["title"] == "Recorded Paper with an Odd Category" and data["year"] == 2025
    assert "arxiv_category" not in data
    assert (
        "arxiv_category: arxiv says 'cs.CL; not a category', not filled: the value would make the file invalid" in out
    )


# -- new <arXiv id | DOI> ----------------------------------------------------------------------
def test_new_with_an_arxiv_id_writes_a_complete_valid_file(project, apis, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["new", "arXiv:2512.00001v1", "--chapter", "5", "--mechanism", "direct_opd"]) == 0
    data = yaml.safe_load((project / "papers" / "2512.00001.yaml").read_text())
    assert data["title"] == "A Recorded Paper for Tests: Self-Distillation on Student Rollouts"
    assert data["authors"] == ["Lovelace, Ada Q.", "van der Berg, Émile", "李 雷"]
    assert data["doi"] == "10.1162/tacl_a_99999" and data["year"] == 2025
    assert data["venue"] == "Transactions of the Association for Computational Linguistics 2026"
    assert data["abstract"].startswith("Recorded test abstract") and data["chapter"] == "5"
    assert data["related"] == [{"id": "2306.13649", "type": "cites"}]  # its OpenAlex reference, matched by arXiv id
    assert main(["validate"]) == 0
    from mkdocs_opdhub.formats.bibtex import entry_type

    assert entry_type(data["venue"]) == "article"


def test_new_with_a_doi_takes_the_published_version(project, apis, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["new", "https://doi.org/10.1162/TACL_A_99999", "--chapter", "6", "--id", "lovelace2026"]) == 0
    data = yaml.safe_load((project / "papers" / "lovelace2026.yaml").read_text())
    assert data["title"] == "A Recorded Paper for Tests: Self-Distillation on Student Rollouts"
    assert data["authors"] == ["Lovelace, Ada Q."] and str(data["date"]) == "2026-03-01" and data["year"] == 2026
    assert data["venue"] == "Transactions of the Association for Computational Linguistics 2026"
    assert data["doi"] == "10.1162/TACL_A_99999" and data["url"] == "https://doi.org/10.1162/TACL_A_99999"  # as given
    assert main(["validate"]) == 0


def test_new_given_fields_win_and_unknown_ids_are_refused(project, apis, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["new", "2512.00001", "--chapter", "5", "--title", "My Own Title", "--stdout"]) == 0
    assert "title: My Own Title\n" in capsys.readouterr().out
    assert main(["new", "2512.09999", "--chapter", "5"]) == 2
    assert "arXiv does not know 2512.09999" in capsys.readouterr().err
    assert main(["new", "not-an-id", "--chapter", "5"]) == 2
    # offline as before: no id, no fetching
    assert (
        main(
            [
                "new",
                "--id",
                "x1",
                "--title",
                "T",
                "--author",
                "Doe, J",
                "--year",
                "2026",
                "--url",
                "https://example.org/x",
                "--chapter",
                "5",
                "--stdout",
            ]
        )
        == 0
    )
    assert not any("x1" in p for p in apis.log)


def test_new_withdrawn_paper_gets_no_abstract(project, apis, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["new", "2512.00002", "--chapter", "5", "--stdout"]) == 0
    captured = capsys.readouterr()
    assert "withdrawn" in captured.err and "abstract:" not in captured.out


def test_issue_form_arxiv_id_feeds_the_same_path(project, apis, monkeypatch, capsys, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(
        "### arXiv id\n\n2512.00001\n\n### Chapter\n\n5 — Teacher and supervision construction\n\n"
        "### Title\n\n_No response_\n"
    )
    monkeypatch.chdir(project)
    assert main(["new", "--issue", str(body), "--enrich"]) == 0
    data = yaml.safe_load((project / "papers" / "2512.00001.yaml").read_text())
    assert data["title"].startswith("A Recorded Paper for Tests") and data["chapter"] == "5"


# -- scout -------------------------------------------------------------------------------------
def test_scout_proposes_exactly_the_new_papers(project, apis, monkeypatch, capsys):
    apis.searches = {'abs:"on-policy distillation"': "search-opd.xml"}
    (project / "scout").mkdir()
    (project / "scout" / "rejected.yml").write_text(
        "# not for us\nrejected:\n  - arxiv: '2611.00003'\n    reason: off-topic\n"
    )
    (project / "scout" / "state.yml").write_text("last_run: 2026-11-10\n")
    monkeypatch.chdir(project)
    assert main(["scout", "--write", "--report", "report.md"]) == 0
    report = (project / "report.md").read_text()
    proposed = re.findall(r"https://arxiv\.org/abs/([\d.]+)\)", report)
    assert proposed == ["2611.00002", "2611.00001"]  # newest first
    assert "## [Recorded Candidate Two: On-Policy Distillation for Agents](https://arxiv.org/abs/2611.00002)" in report
    assert "- **Authors:** Hopper, Grace; Turing, Alan\n- **Submitted:** 2026-11-20 (cs.CL)" in report
    assert "**Query:** on-policy-distillation" in report
    assert "- **Abstract:** Recorded test abstract!\n" in report  # the first sentence only
    assert "Not proposed: 1 listed, 1 rejected, 1 older." in report
    drafts = sorted(p.name for p in (project / "scout" / "drafts").iterdir())
    assert drafts == ["2611.00001.yaml", "2611.00002.yaml"]
    draft = yaml.safe_load((project / "scout" / "drafts" / "2611.00002.yaml").read_text())
    assert draft["authors"] == ["Hopper, Grace", "Turing, Alan"] and str(draft["date"]) == "2026-11-20"
    assert str(draft["added"]) == "2026-12-01" and "chapter" not in draft  # the maintainers' call
    assert "last_run: 2026-12-01" in (project / "scout" / "state.yml").read_text()
    # the query within its categories, in arXiv's syntax
    assert any("cat%3Acs.CL+OR+cat%3Acs.LG" in p for p in apis.log)
    # the next run starts from the recorded date: nothing is newer
    assert main(["scout"]) == 0
    assert "Nothing new." in capsys.readouterr().out


def test_scout_without_queries_says_where_to_declare_them(tmp_path, apis, monkeypatch, capsys):
    root = copy_project(tmp_path / "p")
    text = (root / "taxonomy.yml").read_text()
    (root / "taxonomy.yml").write_text(text[: text.index("\n# What `opdhub scout`")] + "\n")
    monkeypatch.chdir(root)
    assert main(["scout"]) == 2
    assert "no 'scout: queries:'" in capsys.readouterr().err
