"""Fuzzing: generated paper and taxonomy files of every shape end as a valid paper (or taxonomy)
that renders, or as messages with ``file:line:col`` — never a traceback, never a hang.

Each example writes a batch of files (random structures and types, every YAML construct: tags,
anchors, aliases, merge keys, several documents, BOM, NUL and other bytes; unicode with RTL text,
combining marks, controls, noncharacters; huge strings, deep nesting, odd scalars such as
``yes``, ``.nan``, ``0x10``, ``2025-13-45``), loads and validates every file through both the
quick and the careful path, renders the generated pages of each batch's valid papers, and a
bounded sample of them goes through a real strict MkDocs build.

In CI the run is fixed (derandomized) and bounded. A long run, e.g. 200,000 paper files:

    OPDHUB_FUZZ_EXAMPLES=12500 ./dev.sh test tests/test_fuzz.py -p no:cacheprovider

(``OPDHUB_FUZZ_SEED=<n>`` draws other examples than CI's.) Examples run = the count printed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import string
from pathlib import Path

import pytest
import yaml
from conftest import REPO, mkdocs_build
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from mkdocs_opdhub.model import chars, yamlsource
from mkdocs_opdhub.model.catalog import Catalog
from mkdocs_opdhub.model.papers import PaperValidator
from mkdocs_opdhub.model.problems import Problem
from mkdocs_opdhub.model.taxonomy import TaxonomyError, load_taxonomy
from mkdocs_opdhub.project import Options, open_project
from mkdocs_opdhub.site.plan import SitePlan
from mkdocs_opdhub.tools.writer import dump_paper

EXAMPLES = int(os.environ.get("OPDHUB_FUZZ_EXAMPLES", "650"))
PAPERS_PER_EXAMPLE = 16
TAXONOMIES_PER_EXAMPLE = 2
SEED = os.environ.get("OPDHUB_FUZZ_SEED")

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=SEED is None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
seeded = seed(int(SEED)) if SEED else (lambda f: f)

TAXONOMY_DATA = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
TAXONOMY = open_project(REPO, Options()).taxonomy
VALIDATOR = PaperValidator(TAXONOMY)
FACETS = [f.field for f in TAXONOMY.facets if f.kind == "enum"]
COUNTS = {"papers": 0, "valid papers": 0, "taxonomies": 0, "valid taxonomies": 0, "quick path": 0, "rendered": 0}
SAMPLE: list[tuple[str, bytes]] = []  # valid fuzzed papers for the real build
SAMPLE_SIZE = 120

# -- what goes into the files ------------------------------------------------------------------

ODD_SCALARS = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "~",
    "null",
    "Null",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "0x10",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "+12",
    "-0",
    "1e5",
    "1.0e+3",
    "3.",
    ".5",
    "2025-13-45",
    "2025-02-30",
    "2026-1-1",
    "2001-12-14t21:59:43.10-05:00",
    "2026-04-01 10:00:00",
    "190:20:30",
    "-1:30",
    "''",
    '""',
    "'it''s'",
    '"\\x85"',
    '"\\uFFFE"',
    '"\\u2028"',
    '"\\0"',
    '"\\ud800"',
    '"\\U0010FFFF"',
    '"\\e[31m"',
    "=",
    "<<",
    "|-\n  block",
    ">\n  folded\n  text",
    "- item",
    "? key",
    "@at",
    "`tick`",
    "%pct",
    "#not a comment",
    "a: b",
    "[1, [2, [3]]]",
    "{a: {b: {c: d}}}",
    "[",
    "{",
    "]",
    "}",
    "'unclosed",
    '"unclosed',
    "*alias",
    "&anchor value",
    "!!int",
    "!!str 12",
    "!!float x",
    "!!bool maybe",
    "!!null x",
    "!!timestamp x",
    "!!binary AAAA",
    "!!binary '@@@'",
    "!!python/object/apply:os.system [echo hi]",
    "!!python/name:os.system",
    "!unknown x",
    "!<tag:yaml.org,2002:int> 3",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!map [1]",
    "!!seq {a: 1}",
    "9" * 5000,
    "1" + "0" * 400 + ".5",
]
SNIPPETS = [
    "---\n",
    "...\n",
    "--- !!map\n",
    "%YAML 1.1\n---\n",
    "%TAG ! tag:example.com,2000:\n---\n",
    "%FOO bar\n---\n",
    "x: &a [1, 2]\ny: *a\n",
    "x: &a {k: v}\ny:\n  <<: *a\n",
    "<<: {id: merged}\n",
    "? [complex, key]\n: value\n",
    "? |\n  block key\n: v\n",
    "x: *undefined\n",
    "\ufeff",
    "\t",
    "\x00",
    "\x85",
    "\u2028",
    "\ufffe",
    "\x1b[2J",
    "\r",
    "\r\n",
    "key: value\tafter tab\n",
    "\tindented: with a tab\n",
    "x: " + "[" * 80 + "]" * 80 + "\n",
    "x:\n" + "".join("  " * i + "- a:\n" for i in range(1, 70)),
    "x: " + "{a: " * 70 + "b" + "}" * 70 + "\n",
    "a: 1\na: 2\n",
    "id:\n  - list\n",
    "title:\n",
    "authors: \n",
    "- just\n- a\n- list\n",
    "just a scalar\n",
    "x: " + "é" * 3000 + "\n",
    "summary: |\n  two\n  lines\n",
    "summary: >\n  folded\n\n  para\n",
]
SPECIAL_TEXT = (
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202e\u202dRTL\u202c\u2067x\u2069 "  # Hebrew, Arabic, bidi
    "e\u0301\u0308\u0327 a\u0338 \u0ba4\u0bbf Z\u0351\u0352\u0353 "  # combining marks
    "\ufb01\ufb03 \uff21\uff22 \u2460 \u00bd \u1e9e ß \u0130 "  # compatibility forms, case oddities
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9b\x9f \u2028\u2029 \ufffe\uffff\ufdd0 \U0001fffe "  # refused
    "\u200b\u200d\ufeff\u00ad \U0001f600\U0001f1fa\U0001f1f8 <script>&amp;\"'`{{ }}{% %}${} [x](javascript:1)"
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(SPECIAL_TEXT), max_size=30),
    st.text(alphabet=string.printable, max_size=40),
    st.sampled_from(ODD_SCALARS),
    st.builds(lambda c, n: c * n, st.sampled_from("a\u05e9é\u0301 "), st.integers(300, 3000)),  # huge strings
)
scalars = st.one_of(texts, st.integers(-(2**70), 2**70), st.floats(), st.booleans(), st.none(), st.dates().map(str))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)

FIELD_NAMES = [
    "id",
    "title",
    "authors",
    "year",
    "date",
    "added",
    "url",
    "arxiv",
    "code",
    "venue",
    "doi",
    "tags",
    "summary",
    "chapter",
    "section",
    *FACETS,
    "autors",
    "unknown",
    "<<",
    "? x",
    "",
    "0",
]


def base_paper(rnd: random.Random, n: int) -> dict:
    year = rnd.choice([2016, 2024, 2026])
    paper = {
        "id": f"fz{n}",
        "title": f"Fuzzed paper {n}",
        "authors": ["Doe, Jane"],
        "year": year,
        "date": f"{year}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
        "url": f"https://example.org/{n}",
        "chapter": rnd.choice([c.id for c in TAXONOMY.chapters]),
        "added": "2026-11-01",
    }
    for facet in TAXONOMY.facets:
        if facet.kind == "enum" and facet.values and rnd.random() < 0.7:
            paper[facet.field] = rnd.choice(facet.values).id
    return paper


@st.composite
def paper_file(draw, n: int) -> bytes:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    data = base_paper(rnd, n)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):  # wrong types, unknown fields, odd values
        data[draw(st.sampled_from(FIELD_NAMES))] = draw(values)
    if draw(st.booleans()):  # plain but unusual text in the usual fields
        data[draw(st.sampled_from(["title", "venue", "summary", "tags"]))] = (
            [draw(texts)] if draw(st.booleans()) else draw(texts)
        )
    style = draw(st.sampled_from(["writer", "block", "flow", "default"]))
    try:
        if style == "writer":
            text = dump_paper(data, FACETS)
        else:
            text = yaml.safe_dump(
                data,
                allow_unicode=draw(st.booleans()),
                sort_keys=False,
                width=draw(st.sampled_from([40, 80, 10**6])),
                default_flow_style={"block": False, "flow": True, "default": None}[style],
            )
    except Exception:  # noqa: BLE001 - the writer refuses some generated data; write it by hand then
        text = "".join(f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}\n" for k, v in data.items())
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):  # text-level mutations: constructs the dumper never writes
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        kind = draw(st.sampled_from(["snippet", "odd", "raw", "replace"]))
        if kind == "snippet":
            lines.insert(at, draw(st.sampled_from(SNIPPETS)).rstrip("\n"))
        elif kind == "odd" and lines:
            key = lines[min(at, len(lines) - 1)].split(":", 1)[0]
            lines[min(at, len(lines) - 1)] = f"{key}: {draw(st.sampled_from(ODD_SCALARS))}"
        elif kind == "raw" and lines:
            row = lines[min(at, len(lines) - 1)]
            pos = draw(st.integers(0, len(row)))
            lines[min(at, len(lines) - 1)] = (
                row[:pos] + draw(st.text(alphabet=st.sampled_from(SPECIAL_TEXT), min_size=1, max_size=3)) + row[pos:]
            )
        else:
            lines[min(at, max(len(lines) - 1, 0)) :] = [draw(st.sampled_from(SNIPPETS)).rstrip("\n")] + lines[at + 1 :]
        text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # bytes that are not UTF-8, or a binary file
        pos = draw(st.integers(0, len(raw)))
        raw = raw[:pos] + draw(st.binary(min_size=1, max_size=8)) + raw[pos:]
    return raw


@st.composite
def taxonomy_file(draw) -> bytes:
    data = json.loads(json.dumps(TAXONOMY_DATA, default=str))
    for _ in range(draw(st.integers(0, 4))):
        target = data
        path = []
        while isinstance(target, (dict, list)) and target and draw(st.integers(0, 3)):
            key = draw(st.sampled_from(sorted(target, key=str) if isinstance(target, dict) else range(len(target))))
            path.append(key)
            if not isinstance(target[key], (dict, list)):
                break
            target = target[key]
        if isinstance(target, dict):
            target[draw(st.sampled_from(sorted(target, key=str) + ["extra", "values", "type", "sections"]))] = draw(
                values
            )
        elif isinstance(target, list) and target:
            target[draw(st.integers(0, len(target) - 1))] = draw(values)
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    if draw(st.booleans()):
        lines = text.split("\n")
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(SNIPPETS + ODD_SCALARS)).rstrip("\n"))
        text = "\n".join(lines)
    return text.encode("utf-8", "surrogatepass")


# -- what every outcome must be ----------------------------------------------------------------------

UNLOCATED = ("file is ", "cannot read file")  # the size limit and I/O errors concern the whole file


def assert_located(problems: list[Problem], display: str) -> None:
    assert problems
    for problem in problems:
        text = problem.format()
        assert problem.path == display, text
        if not problem.message.startswith(UNLOCATED):
            assert isinstance(problem.line, int) and problem.line >= 1, text
            assert isinstance(problem.column, int) and problem.column >= 1, text
        assert "\n" not in text and "\r" not in text and chars.find(text) is None, repr(text)


def check_paper_file(path: Path, display: str, validator: PaperValidator):
    paper, problems = validator.check_file(path, display)
    if paper is None:
        assert_located(problems, display)
        return None
    assert problems == []
    # The quick path and the careful one agree on every good file, to the line.
    careful, careful_problems = validator.check_data(yamlsource.load(path, display), display, path.stem)
    assert careful_problems == [] and careful == paper
    for name in ("id", "title", "arxiv", "url"):
        assert careful.line_of(name) == paper.line_of(name)
    return paper


def render(taxonomy, papers) -> None:
    catalog = Catalog(taxonomy, papers)
    plan = SitePlan.build(catalog, Options())
    for spec in plan.pages():
        spec.source()
    json.loads(plan.data_files.data_json())
    COUNTS["rendered"] += len(papers)


@SETTINGS
@seeded
@given(st.data())
def test_fuzzed_files_end_as_papers_or_located_messages(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    papers = []
    for n in range(PAPERS_PER_EXAMPLE):
        raw = data.draw(paper_file(n), label=f"paper {n}")
        path = folder / f"fz{n}.yaml"
        path.write_bytes(raw)
        COUNTS["papers"] += 1
        paper = check_paper_file(path, f"papers/fz{n}.yaml", VALIDATOR)
        if paper is not None:
            papers.append(paper)
            COUNTS["valid papers"] += 1
            COUNTS["quick path"] += yamlsource.quick_load(raw.decode("utf-8")) is not None
            if len(SAMPLE) < SAMPLE_SIZE and paper.id not in {s[0] for s in SAMPLE}:
                SAMPLE.append((paper.id, raw))
    kept, clashes = VALIDATOR.check_collection(papers)
    for problem in clashes:
        assert problem.line and problem.column
    render(TAXONOMY, kept)

    for n in range(TAXONOMIES_PER_EXAMPLE):
        raw = data.draw(taxonomy_file(), label=f"taxonomy {n}")
        path = folder / "taxonomy.yml"
        path.write_bytes(raw)
        COUNTS["taxonomies"] += 1
        try:
            taxonomy = load_taxonomy(path, "taxonomy.yml")
        except TaxonomyError as exc:
            assert_located(exc.problems, "taxonomy.yml")
            continue
        COUNTS["valid taxonomies"] += 1
        validator = PaperValidator(taxonomy)  # its schema compiles, and papers are checked against it
        found = [
            p
            for p in (check_paper_file(folder / f"fz{i}.yaml", f"papers/fz{i}.yaml", validator) for i in range(4))
            if p
        ]
        render(taxonomy, validator.check_collection(found)[0])


def test_zz_fuzz_report_and_a_real_build_of_fuzzed_papers(tmp_path):
    """Runs after the fuzz test (file order): a strict build of a sample of its valid papers."""
    if not SAMPLE:
        pytest.skip("run together with the fuzz test")
    print(f"\nfuzz: {COUNTS}")
    assert COUNTS["papers"] + COUNTS["taxonomies"] >= min(
        10_000, EXAMPLES * (PAPERS_PER_EXAMPLE + TAXONOMIES_PER_EXAMPLE)
    )
    assert (
        COUNTS["valid papers"] > COUNTS["papers"] // 10 and COUNTS["quick path"] > 0 and COUNTS["valid taxonomies"] > 0
    )
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "papers").mkdir()
    shutil.copy2(REPO / "taxonomy.yml", project / "taxonomy.yml")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = (
        config[: config.index("nav:")] + config[config.index("plugins:") :]
    )  # the site's theme and extensions, no own pages
    (project / "mkdocs.yml").write_text(config, "utf-8")
    for paper_id, raw in SAMPLE:
        (project / "papers" / f"{paper_id}.yaml").write_bytes(raw)
    # Ids repeat across examples: keep one file per id, and only a set without duplicates.
    result = mkdocs_build(project)
    if result.returncode != 0:  # duplicates across batches (same title or DOI): drop the files named
        lines = [line for line in result.stderr.splitlines() if "duplicate" in line]
        assert lines and "Traceback" not in result.stderr, result.stderr[-3000:]
        for line in lines:
            name = line.split("papers/", 1)[1].split(":", 1)[0]
            (project / "papers" / name).unlink(missing_ok=True)
        result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    built = json.loads((project / "site" / "papers.json").read_text("utf-8"))
    assert len(built["papers"]) == len(list((project / "papers").iterdir()))
