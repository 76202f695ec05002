"""Paper and taxonomy files from strangers: every YAML construct, every refused character, every
odd entry in the papers folder and every differently written duplicate ends in a precise
``file:line:col`` message (or a valid value), never a traceback, never a silent skip."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build, run_env, write_paper
from test_cli import site  # noqa: F401  (fixture: a small site with two real papers)
from test_errors import GOOD, NAME, validate, write

from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import PaperLoader, scan_papers
from mkdocs_opdhub.model.taxonomy import TaxonomyError, build_taxonomy, load_taxonomy
from mkdocs_opdhub.project import Options, open_project

TAG = "(remove it; put the value in quotes if it is text)"


# -- YAML constructs (explicit tags, anchors, merge keys, documents, BOM, bytes) ----------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("year: !!int", "7:7: error: year: the YAML tag '!!int' is not supported " + TAG),
        ("year: !!int 2026.5", "7:7: error: year: the YAML tag '!!int' is not supported " + TAG),
        ("year: !!float x", "7:7: error: year: the YAML tag '!!float' is not supported " + TAG),
        ("year: !!bool maybe", "7:7: error: year: the YAML tag '!!bool' is not supported " + TAG),
        ("year: !!null x", "7:7: error: year: the YAML tag '!!null' is not supported " + TAG),
        ("year: !!timestamp x", "7:7: error: year: the YAML tag '!!timestamp' is not supported " + TAG),
        ("year: !!binary '@@@'", "7:7: error: year: the YAML tag '!!binary' is not supported " + TAG),
        (
            "year: !!python/object/apply:os.system [echo]",
            "7:7: error: year: the YAML tag '!!python/object/apply:os.system' is not supported " + TAG,
        ),
        ("year: !unknown 2026", "7:7: error: year: the YAML tag '!unknown' is not supported " + TAG),
        ("year: !!set {2026}", "7:7: error: year: the YAML tag '!!set' is not supported " + TAG),
        ("year: !!omap [a: 1]", "7:7: error: year: the YAML tag '!!omap' is not supported " + TAG),
        ("year: !!seq {a: 1}", "7:7: error: year: the YAML tag '!!seq' is not supported " + TAG),
    ],
)
def test_explicit_tags_are_located_messages_not_tracebacks(site, capsys, line, expected):
    write(site, GOOD.replace("year: 2026", line))
    assert validate(capsys) == (1, [f"{NAME}:{expected}"])


def test_str_tag_means_text(site, capsys):
    write(site, GOOD.replace("chapter: '8'", "chapter: !!str 8"))
    assert validate(capsys) == (0, [])


def test_merge_key_multiple_documents_and_bom(site, capsys):
    write(site, GOOD.replace("code: []", "code: []\nx: &base {a: 1}\ny:\n  <<: *base"))
    assert validate(capsys) == (
        1,
        [f"{NAME}:14:3: error: y: merge keys ('<<') are not supported (write the keys out in full)"],
    )
    write(site, GOOD + "---\nid: other\n")
    assert validate(capsys) == (
        1,
        [
            f"{NAME}:16:1: error: the file holds more than one YAML document "
            "(remove the '---' separator: one file describes one paper)"
        ],
    )
    write(site, ("\ufeff" + GOOD).encode("utf-8"))
    assert validate(capsys) == (0, [])


@pytest.mark.parametrize(
    "raw, expected",
    [
        (GOOD.encode() + b"\x00\x01\x02binary\xff", f"{NAME}:16:10: error: file is not valid UTF-8 (byte 0xff)"),
        (GOOD.encode() + b"\x00\x01\x02binary", f"{NAME}:16:1: error: the file contains the control character U+0000"),
        (
            GOOD.replace("Doe, Jane", "Doe,\x00Jane").encode(),
            f"{NAME}:5:9: error: the file contains the control character U+0000",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            f"{NAME}:1:1: error: file is not valid UTF-8 (byte 0x89) (save the file as UTF-8)",
        ),
    ],
)
def test_binary_content(site, capsys, raw, expected):
    write(site, raw)
    status, lines = validate(capsys)
    errors = [line for line in lines if ": error: " in line]
    assert status == 1 and len(errors) == 1 and errors[0].startswith(expected), lines


def test_taxonomy_constructs_are_located(tmp_path):
    base = (Path(__file__).parent.parent / "taxonomy.yml").read_text("utf-8")
    cases = {
        base.replace(
            "chapters:", "chapters: !!python/name:os.system\nx:", 1
        ): "the YAML tag '!!python/name:os.system' is not supported",
        base.replace("survey:", "survey: !!binary AAAA\nsurveyx:", 1): "the YAML tag '!!binary' is not supported",
        base + "---\nmore: 1\n": "the file holds more than one YAML document",
        base.replace(
            "facets:", 'extra: "\\x85"\nfacets:', 1
        ): "contains the control character U+0085, written as an escape",
        base + "\u2029": "the file contains the paragraph separator U+2029",
    }
    for text, message in cases.items():
        path = tmp_path / "taxonomy.yml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(TaxonomyError) as info:
            load_taxonomy(path, "taxonomy.yml")
        (problem,) = info.value.problems
        assert problem.line and problem.column and message in problem.message, problem.format()


# -- control and invisible characters ------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\x85", "\x9b", "\x1b", "\x7f", "\ufffe", "\uffff", "\U0001fffe", "\ufdd0", "\u2028", "\u2029"]
)
@pytest.mark.parametrize("field, line", [("summary", 16), ("title", 3), ("venue", 16), ("tags", 16)])
def test_refused_characters_in_every_field_raw_and_escaped(site, capsys, char, field, line):
    escape = char.encode("unicode_escape").decode()
    if field == "title":
        raw = GOOD.replace("Teacher Hacking", f"Teacher{char}Hacking")
        escaped = GOOD.replace("title: Teacher Hacking in On-Policy Distillation", f'title: "Teacher{escape}Hacking"')
    else:
        value = f'["x{escape}"]' if field == "tags" else f'"x{escape}"'
        escaped = GOOD + f"{field}: {value}\n"
        raw = GOOD + f"{field}: {'[' if field == 'tags' else ''}x{char}{']' if field == 'tags' else ''}\n"
    write(site, raw)
    status, lines = validate(capsys)
    code = f"U+{ord(char):04X}"
    assert status == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"{NAME}:{line}:") and "the file contains the " in lines[0] and code in lines[0]
    assert char not in lines[0]
    write(site, escaped)
    status, lines = validate(capsys)
    assert status == 1 and len(lines) == 1, lines
    assert (
        lines[0].startswith(f"{NAME}:{line}:")
        and f"{field if field != 'tags' else 'tags[0]'}: contains the " in lines[0]
    )
    assert code in lines[0] and char not in lines[0]


def test_lone_surrogates_are_located(site, capsys):
    write(site, GOOD.replace("Teacher Hacking", "Teacher").encode().replace(b"Teacher", b"Teacher\xed\xa0\x80"))
    assert validate(capsys) == (
        1,
        [f"{NAME}:3:15: error: file is not valid UTF-8 (byte 0xed) (save the file as UTF-8)"],
    )
    write(site, GOOD + 'summary: "\\ud800"\n')
    status, lines = validate(capsys)
    assert status == 1 and lines[0].startswith(f"{NAME}:16:") and "\ud800" not in lines[0]


def test_summary_may_span_lines_and_hold_tabs_but_one_line_fields_may_not(site, capsys):
    write(site, GOOD + "summary: |\n  First line.\n  \tSecond line.\n")
    assert validate(capsys) == (0, [])
    write(site, GOOD.replace("  - Roe, Richard", '  - "Roe,\\tRichard"'))
    assert validate(capsys) == (
        1,
        [
            f"{NAME}:6:5: error: authors[1]: must be on one line (it contains a line break or "
            "another control character) (write it on one line, without '|' or \\n)"
        ],
    )


def test_inline_taxonomy_texts_are_checked():
    with pytest.raises(TaxonomyError) as info:
        build_taxonomy(
            {
                "chapters": [{"id": "a", "title": "A\x85"}, {"id": "b", "title": "B", "intro": "x\ny"}],
                "facets": [{"field": "chapter", "type": "chapter"}],
            },
            "mkdocs.yml",
        )
    assert [p.format() for p in info.value.problems] == [
        "mkdocs.yml: error: chapters[0].title: contains the control character U+0085 (remove it)"
    ]
    with pytest.raises(TaxonomyError, match=r"chapters\[0\]\.title: must be on one line"):
        build_taxonomy({"chapters": [{"id": "a", "title": "A\nB"}]}, "mkdocs.yml")


def test_messages_print_characters_escaped(site, capsys):
    write(site, GOOD.replace("loss: RKL", 'loss: "R\\u202eKL\\t"'))
    status, lines = validate(capsys)
    assert status == 1 and lines == [
        f"{NAME}:14:7: error: loss: 'R\\u202eKL\\t' is not one of FKL, RKL, Symmetric, "
        "f-Divergence, KL+RL, Preference, Other (did you mean 'RKL'?)"
    ]


# -- the papers folder ---------------------------------------------------------------------------


def test_links_leaving_the_project_folders_and_odd_names_are_reported(site, capsys, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(GOOD.replace("2605.00001", "outside"), "utf-8")
    papers = site / "papers"
    (papers / "outside.yaml").symlink_to(secret)
    (papers / "dangling.yaml").symlink_to(site / "nowhere.yaml")
    (papers / "folder.yaml").mkdir()
    write(site, GOOD.replace("2605.00001", "UPPER"), "papers/UPPER.YAML")
    (papers / "inside.yaml").symlink_to(papers / "2306.08543.yaml")  # a link inside the project is fine …
    (papers / ".#lock.yaml").symlink_to("user@host.1234")  # … an editor's lock file is not a paper file
    status, lines = validate(capsys)
    assert status == 1
    assert [line for line in lines if "inside.yaml" not in line] == [
        "papers/UPPER.YAML: error: not read: paper file names end in '.yaml' or '.yml' in lower case (rename it to UPPER.yaml)",
        "papers/dangling.yaml: error: not read: a link to a file that does not exist (remove the link or restore its target)",
        "papers/folder.yaml: error: not read: a folder, not a paper file (paper files are files; rename the folder)",
        "papers/outside.yaml: error: not read: a link to a file outside the project (copy the paper file into the papers folder)",
    ]
    assert [line for line in lines if "inside.yaml" in line] == [  # read, and its id is not its name
        "papers/inside.yaml:2:5: error: id: the file name does not match the id '2306.08543' "
        "(rename the file to 2306.08543.yaml or change the id)"
    ]
    # Named as pre-commit names them: the same rule.
    assert validate(capsys, "papers/outside.yaml") == (
        1,
        [
            "papers/outside.yaml: error: not read: a link to a file outside the project (copy the paper file into the papers folder)"
        ],
    )


def test_a_link_outside_is_not_published(project):
    outside = project.parent / "outside.yaml"
    write_paper(project.parent, "outside", title="Secret outside the project")
    (project / "papers" / "outside.yaml").symlink_to(outside)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "papers/outside.yaml: error: not read: a link to a file outside the project" in result.stderr
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr
    assert "Secret outside the project" not in (project / "site" / "papers.json").read_text("utf-8")


def test_a_fifo_named_like_a_paper_does_not_hang(site, capsys):
    os.mkfifo(site / "papers" / "pipe.yaml")
    assert validate(capsys) == (
        1,
        ["papers/pipe.yaml: error: not read: not an ordinary file (replace it with an ordinary file)"],
    )


def test_a_file_deleted_between_listing_and_reading_is_simply_gone(site, monkeypatch):
    project = open_project(site, Options())
    doomed = write(site, GOOD)
    listing = scan_papers(project.papers_dir, project.root)
    assert doomed in listing.paths
    doomed.unlink()
    result = PaperLoader(project.taxonomy).load(listing.paths, site)
    assert result.problems == [] and sorted(p.id for p in result.papers) == ["1011.0686", "2306.08543"]
    # Gone between listing and opening, with the stat of the folder's reader passed.
    doomed = write(site, GOOD)
    real_open = Path.open

    def vanish(self, *args, **kwargs):
        if self == doomed:
            self.unlink(missing_ok=True)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", vanish)
    with pytest.raises(yamlsource.Vanished):
        yamlsource.load(doomed, NAME)
    result = PaperLoader(project.taxonomy).load([doomed, *listing.paths], site)
    assert result.problems == [] and len(result.papers) == 2


# -- duplicates however they are written --------------------------------------------------------

OTHER = "papers/2605.00002.yaml"
HINT = "(each paper is listed once; merge the two files)"


def second(replace: dict[str, str]) -> str:
    text = GOOD.replace("2605.00001", "2605.00002").replace("Teacher Hacking", "Unrelated Title")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    "first, other, expected",
    [
        # arXiv id with and without a version
        (
            GOOD.replace("arxiv: '2605.00001'", "arxiv: '2605.00009'"),
            second({"arxiv: '2605.00002'": "arxiv: '2605.00009v2'"}),
            f"{OTHER}:9:1: error: arxiv: duplicate arXiv id '2605.00009v2': also in {NAME}:9 {HINT}",
        ),
        # an arXiv id only in the url of one file
        (
            GOOD,
            second(
                {
                    "arxiv: '2605.00002'\n": "",
                    "url: https://arxiv.org/abs/2605.00002": "url: https://arxiv.org/pdf/2605.00001v3",
                }
            ),
            f"{OTHER}:9:1: error: url: duplicate arXiv id '2605.00001': also in {NAME}:9 {HINT}",
        ),
        # arXiv's own DOI
        (
            GOOD,
            second(
                {
                    "arxiv: '2605.00002'\n": "",
                    "url: https://arxiv.org/abs/2605.00002": "url: https://example.org/x\ndoi: 10.48550/arXiv.2605.00001",
                }
            ),
            f"{OTHER}:10:1: error: doi: duplicate arXiv id '2605.00001': also in {NAME}:9 {HINT}",
        ),
        # DOIs: prefix, case, trailing punctuation
        (
            GOOD + "doi: 10.1000/ABC.def\n",
            second({"code: []": "code: []\ndoi: https://doi.org/10.1000/abc.DEF."}),
            None,
        ),
        # titles: ligatures, full-width letters, accents, case and punctuation
        (
            GOOD.replace("Teacher Hacking in On-Policy Distillation", "Eﬃcient Café Distillation"),
            second({"Unrelated Title in On-Policy Distillation": "ＥＦＦＩＣＩＥＮＴ cafe — distillation!"}),
            f"{OTHER}:3:1: error: title: duplicate title 'ＥＦＦＩＣＩＥＮＴ cafe — distillation!': also in {NAME}:3 {HINT}",
        ),
    ],
)
def test_duplicates_however_they_are_written(site, capsys, first, other, expected):
    write(site, first)
    write(site, other, OTHER)
    status, lines = validate(capsys)
    if expected is None:  # the DOI with a prefix is not a bare DOI: the schema says so first
        assert status == 1 and lines and all(OTHER in line for line in lines)
        write(site, second({"code: []": "code: []\ndoi: 10.1000/abc.DEF."}), OTHER)
        status, lines = validate(capsys)
        expected = f"{OTHER}:12:1: error: doi: duplicate DOI '10.1000/abc.DEF.': also in {NAME}:16 {HINT}"
    assert (status, lines) == (1, [expected])


# -- strict builds fail at any log level ---------------------------------------------------------


def test_strict_quiet_build_fails_on_an_invalid_paper(project):
    write_paper(project / "papers", "zz", text="id: zz\ntitle: Broken\nyear: !!int\n")
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
        cwd=project,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr
    assert "papers/zz.yaml:3:7: error: year: the YAML tag '!!int' is not supported" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_with_every_construct_does_not_crash(project):
    papers = project / "papers"
    for i, line in enumerate(
        [
            "year: !!int",
            "title: !!timestamp x",
            "title: !!binary AAAA",
            "x: &a 1\ny: *a",
            "<<: {a: 1}",
            "a: 1\n---\nb: 2",
            'title: "\\x85"',
            "title: [" * 70 + "]" * 70,
        ]
    ):
        write_paper(papers, f"bad{i}", text=f"id: bad{i}\n{line}\n")
    (papers / "bin.yaml").write_bytes(b"\xff\xfe\x00binary")
    shutil.copy2(papers / "1011.0686.yaml", papers / "COPY.YAML")
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name in [f"bad{i}.yaml" for i in range(8)] + ["bin.yaml", "COPY.YAML"]:
        assert f"papers/{name}:" in result.stderr, name


def test_taxonomy_with_a_tag_fails_the_build_with_a_message(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "taxonomy.yml"
    path.write_text(path.read_text("utf-8").replace("chapters:", "chapters: !!int\nold:", 1), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "taxonomy.yml:" in result.stderr and "the YAML tag '!!int' is not supported" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["lines", "source", "unplaced", "identity", "extra", "line"])
def test_a_facet_named_like_a_paper_attribute_keeps_its_values(name):
    """Taxonomies come from strangers too: a facet field may be any name the schema allows."""
    from mkdocs_opdhub.model.papers import PaperValidator

    taxonomy = build_taxonomy(
        {
            "chapters": [{"id": "a", "title": "A"}],
            "facets": [{"field": "chapter", "type": "chapter"}, {"field": name, "values": [{"id": "x"}]}],
        },
        "m",
    )
    text = f"id: p\ntitle: T\nauthors: [D]\nyear: 2020\nurl: https://e.org\nchapter: a\nadded: 2026-01-01\n{name}: x\n"
    validator = PaperValidator(taxonomy)
    quick, problems = validator.check_text(text, "papers/p.yaml", "p")
    careful, careful_problems = validator.check_data(yamlsource.parse(text, "papers/p.yaml"), "papers/p.yaml", "p")
    assert problems == careful_problems == [] and quick == careful
    assert quick.get(name) == "x" and quick.extra == {name: "x"} and quick.line_of("title") == 2
