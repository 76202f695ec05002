"""Links and text that ``opdhub export readme`` writes read the same in Python-Markdown (MkDocs)
and CommonMark (markdown-it-py), and ``opdhub validate`` refuses URLs that would not."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from test_import import run

from mkdocs_opdhub.model.papers import Paper
from mkdocs_opdhub.model.urlcheck import encoded, unsafe_at
from mkdocs_opdhub.tools.export import readme_line

AWKWARD_URLS = [
    "https://en.wikipedia.org/wiki/Dropout_(neural_networks)",
    "https://e.example/a?b=1&c=2#frag",
    "https://e.example/under_score_/x*y*",
    "https://e.example/%29%5D%28javascript:alert%281%29%29",
]
AWKWARD_TEXT = [
    "R&D <b>bold</b> & more &amp; an entity",
    "[Improving] *neural* networks_|# by `code` {attr}",
    "- starts like a list > and > quotes",
    "a < b, c > d, 1 * 2 * 3, snake_case and _emphasis_",
]


def rendered(markdown_text: str) -> tuple[list[tuple[str, str]], str]:
    """(href, text) of every link, and the text, as each renderer reads the line."""
    out = []
    for html in (
        markdown.markdown(markdown_text),
        MarkdownIt("commonmark").render(markdown_text),
    ):
        soup = BeautifulSoup(html, "html.parser")
        out.append(
            (
                [(a.get("href"), a.get_text()) for a in soup.find_all("a")],
                soup.get_text().strip(),
            )
        )
    return out


@pytest.mark.parametrize("url", AWKWARD_URLS)
@pytest.mark.parametrize("title", AWKWARD_TEXT)
def test_every_written_link_reads_the_same_in_both_renderers(url, title):
    paper = Paper(
        id="x",
        title=title,
        chapter="a",
        added="2026-01-01",
        url=url,
        year=2024,
        venue="ICLR 2024",
        code=[url, "https://github.com/o/r"],
        summary=title,
        authors=["Smith, A. & Co"],
    )
    line = readme_line(paper, authors=True)
    assert "&amp;" not in line
    python_markdown, commonmark = rendered(line)
    assert python_markdown == commonmark
    links, text = commonmark
    assert [href for href, _ in links] == [url, url, "https://github.com/o/r"]
    assert links[0][1] == title and text.count(title) == 2  # the title and the summary, as written


@pytest.mark.parametrize(
    "url, where",
    [
        ("https://e.example/)](javascript:alert(1))", 18),
        ("https://e.example/a b", 19),
        ("https://e.example/<x>", 18),
        ("https://e.example/a\\b", 19),
        ("https://e.example/(a", 18),
        ("https://e.example/((a))", 19),
        ("https://e.example/[a]", 18),
    ],
)
def test_urls_that_renderers_read_differently_are_refused(url, where):
    assert unsafe_at(url)[0] == where
    assert unsafe_at(encoded(url)) is None


def test_validate_refuses_a_link_breakout_with_its_place_and_fix(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "papers").mkdir()
    (tmp_path / "taxonomy.yml").write_text("survey: {title: T}\nchapters:\n  - {id: a, title: A}\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: [opdhub]\n", "utf-8")
    (tmp_path / "papers" / "x.yaml").write_text(
        "id: x\ntitle: A paper\nchapter: a\nyear: 2024\nauthors: [A B]\nurl: https://e.example/paper\n"
        'code: ["https://e.example/)](javascript:alert(1))"]\nadded: 2026-01-01\n',
        "utf-8",
    )
    status, out, err = run(capsys, "validate")
    assert status == 1
    assert (
        "papers/x.yaml:7:26: error: code[0]: 'https://e.example/)](javascript:alert(1))' holds a ')' without "
        "its '(' at character 19"
    ) in out + err
    assert "percent-encode it: 'https://e.example/%29%5D%28javascript:alert%281%29%29'" in out + err


SCHEMA_URLS = {  # url: accepted by opdhub validate
    "https://arxiv.org/abs/2306.08543": True,
    "http://e.example": True,
    "https://en.wikipedia.org/wiki/Dropout_(neural_networks)": True,
    "https://e.example/a?b=1&c=2#frag": True,
    "https://e.example/()": True,
    "https://e.example/%29%5D%28javascript:alert%281%29%29": True,
    "https://e.example/)](javascript:alert(1))": False,
    "https://e.example/a b": False,
    "https://e.example/a\tb": False,
    "https://e.example/\n": False,
    "https://e.example/<x>": False,
    'https://e.example/"x': False,
    "https://e.example/a\\b": False,
    "https://e.example/a`b`": False,
    "https://e.example/[a]": False,
    "https://e.example/(a": False,
    "https://e.example/a)": False,
    "https://e.example/((a))": False,
    "https://e.example/(a)(b))": False,
    "javascript:alert(1)": False,
    "ftp://e.example/a": False,
    "e.example/a": False,
    "https://": False,
}


@pytest.mark.parametrize("field", ["url", "code"])
def test_the_editor_schema_refuses_the_urls_validate_refuses(field):
    """The committed schema (what editors check while typing) and ``opdhub validate`` (schema plus
    the Markdown-safety rule of urlcheck) give the same verdict on every URL."""
    import json

    import jsonschema
    from conftest import REPO

    from mkdocs_opdhub.model.papers import PaperValidator
    from mkdocs_opdhub.model.taxonomy import load_taxonomy

    schema = json.loads((REPO / "schema/paper.schema.json").read_text(encoding="utf-8"))
    editor = jsonschema.Draft7Validator(schema["properties"][field])
    validator = PaperValidator(load_taxonomy(REPO / "taxonomy.yml", "taxonomy.yml"))
    base = {
        "id": "p",
        "title": "T",
        "authors": ["Doe, J"],
        "year": 2026,
        "url": "https://e.example",
        "chapter": "4",
        "added": "2026-01-01",
    }
    for url, accepted in SCHEMA_URLS.items():
        value = [url] if field == "code" else url
        text = json.dumps({**base, field: value})  # JSON is YAML: every character arrives as written
        paper, problems = validator.check_text(text, "papers/p.yaml", "p")
        assert (problems == []) is accepted, (url, problems)
        assert editor.is_valid(value) is accepted, url


def test_editors_read_the_url_pattern_as_python_does():
    """Editors' validators (VS Code's, ajv) compile a schema pattern as an ECMAScript regex, often
    with the ``u`` flag, which refuses needless escapes: the pattern must compile so and agree."""
    import json
    import shutil
    import subprocess

    from conftest import REPO, require

    node = shutil.which("node")
    require(bool(node), "Node.js (to compile the schema's URL pattern as editors do)", "install nodejs")
    pattern = json.loads((REPO / "schema/paper.schema.json").read_text(encoding="utf-8"))["properties"]["url"][
        "pattern"
    ]
    script = (
        "const [p, urls] = JSON.parse(process.argv[1]); const r = new RegExp(p, 'u');"
        "console.log(JSON.stringify(urls.map(u => r.test(u))));"
    )
    urls = list(SCHEMA_URLS)
    result = subprocess.run(
        [node, "-e", script, json.dumps([pattern, urls])], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [SCHEMA_URLS[u] for u in urls]
