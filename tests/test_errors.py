"""The error catalogue: every mistake a contributor can make in a paper file, and the exact
message ``opdhub validate`` prints for it (file, line, column, field, fix)."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from test_cli import site  # noqa: F401  (fixture: a small site with two real papers)

from mkdocs_opdhub.cli import main

MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json\n"
GOOD = (
    MODELINE
    + """\
id: '2605.00001'
title: Teacher Hacking in On-Policy Distillation
authors:
  - Doe, Jane
  - Roe, Richard
year: 2026
date: 2026-05-02
arxiv: '2605.00001'
url: https://arxiv.org/abs/2605.00001
code: []
chapter: '8'
mechanism: analysis
loss: RKL
added: 2026-11-01
"""
)
NAME = "papers/2605.00001.yaml"


def validate(capsys, *args: str) -> tuple[int, list[str]]:
    status = main(["validate", "-q", *args])
    return status, capsys.readouterr().out.splitlines()


def write(site: Path, text: str | bytes, name: str = NAME) -> Path:
    path = site / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_the_good_file_is_clean(site, capsys):
    write(site, GOOD)
    assert validate(capsys) == (0, [])


CASES = {
    "yaml_syntax_error": (
        GOOD.replace(
            "title: Teacher Hacking in On-Policy Distillation", 'title: "Teacher Hacking in On-Policy Distillation'
        ),
        f"{NAME}:3:8: error: YAML syntax error: a quoted value is never closed (add the closing quote)",
    ),
    "tab_indentation": (
        GOOD.replace("  - Roe, Richard", "\t- Roe, Richard"),
        f"{NAME}:6:1: error: YAML syntax error: a tab character is used for indentation (indent with spaces, not tabs)",
    ),
    "empty_file": ("", f"{NAME}:1:1: error: the file is empty (start from an existing paper file or run 'opdhub new')"),
    "only_the_schema_line": (
        MODELINE,
        f"{NAME}:1:1: error: the file is empty (start from an existing paper file or run 'opdhub new')",
    ),
    "list_instead_of_mapping": (
        MODELINE + "- id: '2605.00001'\n- title: Teacher Hacking\n",
        f"{NAME}:2:1: error: a paper file must be a mapping of fields ('key: value' lines), not a list "
        "(see papers/ for examples or run 'opdhub new')",
    ),
    "missing_required_field": (
        GOOD.replace("url: https://arxiv.org/abs/2605.00001\n", "kind: code\n"),
        f"{NAME}:2:1: error: url: missing: a code repository needs a link (url) (add 'url: https://…')",
    ),
    "wrong_type_number_as_text": (
        GOOD.replace("year: 2026", "year: '2026'"),
        f"{NAME}:7:7: error: year: expected a whole number, got text (write it without quotes: 2026)",
    ),
    "wrong_type_text_instead_of_list": (
        GOOD.replace("authors:\n  - Doe, Jane\n  - Roe, Richard", "authors: Doe, Jane"),
        f"{NAME}:4:10: error: authors: expected a list, got text (write a list, e.g. 'authors: [\"Doe, Jane\"]')",
    ),
    "wrong_type_unquoted_arxiv_keeps_its_digits": (
        GOOD.replace("arxiv: '2605.00001'", "arxiv: 2605.00010"),
        f"{NAME}:9:8: error: arxiv: expected text, got a number (put it in quotes: '2605.00010')",
    ),
    "empty_value": (
        GOOD.replace("title: Teacher Hacking in On-Policy Distillation", "title:"),
        f"{NAME}:3:7: error: title: expected text, got an empty value (fill in a value or remove the line)",
    ),
    "unknown_field_with_near_name": (
        GOOD.replace("authors:", "autors:"),
        f"{NAME}:4:1: error: autors: unknown field (did you mean 'authors'?)",
    ),
    "unknown_chapter": (
        GOOD.replace("chapter: '8'", "chapter: backgrund"),
        f"{NAME}:12:10: error: chapter: 'backgrund' is not one of 4, 5, 6, 7, 8, 9, background (did you mean 'background'?)",
    ),
    "unknown_facet_value": (
        GOOD.replace("loss: RKL", "loss: rkl"),
        f"{NAME}:14:7: error: loss: 'rkl' is not one of FKL, RKL, Symmetric, f-Divergence, KL+RL, Preference, Other "
        "(did you mean 'RKL'?)",
    ),
    "empty_facet_value": (
        GOOD.replace("loss: RKL", "loss:"),
        f"{NAME}:14:6: error: loss: is empty; write one of FKL, RKL, Symmetric, f-Divergence, KL+RL, Preference, Other "
        "(or remove the line)",
    ),
    "list_for_a_single_valued_facet": (
        GOOD.replace("mechanism: analysis", "mechanism: [analysis]"),
        f"{NAME}:13:12: error: mechanism: expected one value, got a list (e.g. 'mechanism: analysis')",
    ),
    "malformed_date": (
        GOOD.replace("date: 2026-05-02", "date: 02/05/2026"),
        f"{NAME}:8:7: error: date: '02/05/2026' is not a date (write YYYY-MM-DD, e.g. 2026-04-01)",
    ),
    "impossible_date": (
        GOOD.replace("date: 2026-05-02", "date: 2026-02-30"),
        f"{NAME}:8:7: error: date: '2026-02-30' is not a real date (write YYYY-MM-DD, e.g. 2026-04-01)",
    ),
    "year_disagrees_with_date": (
        GOOD.replace("year: 2026", "year: 2025"),
        f"{NAME}:7:7: error: year: 2025 disagrees with date 2026-05-02 (did you mean 2026?)",
    ),
    "javascript_url": (
        GOOD.replace("url: https://arxiv.org/abs/2605.00001", "url: javascript:alert(1)"),
        f"{NAME}:10:6: error: url: 'javascript:alert(1)' uses the 'javascript:' scheme "
        "(only http:// and https:// links are allowed)",
    ),
    "code_url_without_scheme": (
        GOOD.replace("code: []", "code:\n  - github.com/owner/repo"),
        f"{NAME}:12:5: error: code[0]: 'github.com/owner/repo' is not an http(s) URL (only http:// and https:// links are allowed)",
    ),
    "arxiv_url_instead_of_id": (
        GOOD.replace("arxiv: '2605.00001'", "arxiv: https://arxiv.org/abs/2605.00001v2"),
        f"{NAME}:9:8: error: arxiv: 'https://arxiv.org/abs/2605.00001v2' is not an arXiv id (write the bare id: '2605.00001')",
    ),
    "malformed_arxiv_id": (
        GOOD.replace("arxiv: '2605.00001'", "arxiv: '2605.1'"),
        f"{NAME}:9:8: error: arxiv: '2605.1' is not an arXiv id (write the bare id, e.g. 1706.03762, not the URL)",
    ),
    "duplicate_key": (
        GOOD.replace("year: 2026\n", "year: 2026\ntitle: Teacher Hacking, again\n"),
        f"{NAME}:8:1: error: title: duplicate key 'title' (first set on line 3) (remove one of the two)",
    ),
    "file_name_does_not_match_id": (
        GOOD.replace("id: '2605.00001'", "id: '2605.00002'"),
        f"{NAME}:2:5: error: id: the file name does not match the id '2605.00002' "
        "(rename the file to 2605.00002.yaml or change the id)",
    ),
    "two_documents": (
        GOOD + "---\nid: other\n",
        f"{NAME}:16:1: error: the file holds more than one YAML document (remove the '---' separator: one file describes one paper)",
    ),
    "value_starting_with_backtick": (
        GOOD.replace("title: Teacher Hacking in On-Policy Distillation", "title: `Teacher` Hacking"),
        f"{NAME}:3:8: error: YAML syntax error: a value cannot start with '`' (put the value in quotes)",
    ),
    "colon_space_inside_a_value": (
        GOOD.replace("title: Teacher Hacking in On-Policy Distillation", "title: Teacher Hacking: a study"),
        f"{NAME}:3:23: error: YAML syntax error: a ':' that does not belong here "
        "(put a value that contains ': ' in quotes, or check this line's indentation)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_error_catalogue(site, capsys, case):
    text, expected = CASES[case]
    write(site, text)
    assert validate(capsys) == (1, [expected])


def test_several_mistakes_in_one_file_are_all_reported_in_line_order(site, capsys):
    write(
        site, GOOD.replace("year: 2026", "year: 2025").replace("loss: RKL", "loss: kl").replace("authors:", "autors:")
    )
    status, lines = validate(capsys)
    assert status == 1
    assert [line.split(": error: ")[0] for line in lines] == [f"{NAME}:4:1", f"{NAME}:7:7", f"{NAME}:14:7"]
    assert "autors: unknown field" in lines[0] and "year: 2025 disagrees" in lines[1] and "loss: 'kl'" in lines[2]
    assert not any("authors: missing" in line for line in lines)  # the near miss already says it


def test_non_utf8_bytes(site, capsys):
    raw = GOOD.replace("Roe, Richard", "Ro\xe9, Richard").encode("latin-1")
    write(site, raw)
    assert validate(capsys) == (1, [f"{NAME}:6:7: error: file is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"])


def test_file_over_256_kib(site, capsys):
    write(site, GOOD + "summary: " + "x" * (300 * 1024) + "\n")
    assert validate(capsys) == (
        1,
        [
            f"{NAME}: error: file is 300 KiB; the limit is 256 KiB (a paper file holds one paper's metadata; move long text elsewhere)"
        ],
    )


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic entity-expansion document: 9 levels of 9 aliases each is 9**9 strings expanded."""
    lines = [MODELINE.rstrip("\n"), 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected_fast_with_bounded_memory(site, capsys):
    write(site, billion_laughs())
    tracemalloc.start()
    started = time.perf_counter()
    status, lines = validate(capsys)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (status, lines) == (
        1,
        [f"{NAME}:3:8: error: b[0]: aliases (*a) are not supported (write the value out in full)"],
    )
    assert elapsed < 2.0  # a safety bound, not a benchmark: expanding it would take hours and gigabytes
    assert peak < 50 * 1024 * 1024


@pytest.mark.parametrize(
    "nesting", ["[" * 100_000 + "]" * 100_000, "\n" + "".join("  " * i + "- x:\n" for i in range(1, 80))]
)
def test_deep_nesting_is_rejected_before_parsing(site, capsys, nesting):
    """libyaml composes recursively in C: a deep enough document would crash the process."""
    write(site, GOOD.replace("code: []", f"code: {nesting}"))
    started = time.perf_counter()
    status, lines = validate(capsys)
    assert time.perf_counter() - started < 2.0
    assert status == 1 and len(lines) == 1
    assert lines[0].startswith(f"{NAME}:")
    assert lines[0].endswith(
        ": error: lists or mappings are nested more than 64 levels deep (a paper file needs three levels at most)"
    )


def test_alias_outside_a_bomb(site, capsys):
    write(
        site,
        GOOD.replace("title: Teacher Hacking in On-Policy Distillation", "title: &t Teacher Hacking").replace(
            "code: []", "code: []\ntags: [*t]"
        ),
    )
    assert validate(capsys) == (
        1,
        [f"{NAME}:12:8: error: tags[0]: aliases (*t) are not supported (write the value out in full)"],
    )


# -- across files ------------------------------------------------------------------------------


def test_duplicate_id_names_both_files(site, capsys):
    write(site, GOOD)
    write(
        site, GOOD.replace("arxiv: '2605.00001'\n", "").replace("Teacher Hacking", "Another"), "papers/2605.00001.yml"
    )
    assert validate(capsys) == (
        1,
        [
            "papers/2605.00001.yml:2:1: error: id: duplicate id '2605.00001': also in papers/2605.00001.yaml:2 "
            "(each paper is listed once; merge the two files)"
        ],
    )


def test_duplicate_arxiv_id_names_both_files(site, capsys):
    write(
        site,
        GOOD.replace("2605.00001", "2605.00002").replace("arxiv: '2605.00002'", "arxiv: '2306.08543'"),
        "papers/2605.00002.yaml",
    )
    assert validate(capsys) == (
        1,
        [
            "papers/2605.00002.yaml:9:1: error: arxiv: duplicate arXiv id '2306.08543': also in papers/2306.08543.yaml:11 "
            "(each paper is listed once; merge the two files)"
        ],
    )


def test_duplicate_title_ignores_case_and_punctuation(site, capsys):
    write(
        site,
        GOOD.replace(
            "title: Teacher Hacking in On-Policy Distillation",
            "title: 'MINILLM — On-Policy Distillation of Large Language Models!'",
        ),
    )
    assert validate(capsys) == (
        1,
        [
            f"{NAME}:3:1: error: title: duplicate title 'MINILLM — On-Policy Distillation of Large Language Models!': "
            "also in papers/2306.08543.yaml:3 (each paper is listed once; merge the two files)"
        ],
    )


def test_duplicate_doi_is_case_insensitive(site, capsys):
    write(site, GOOD.replace("code: []", "code: []\ndoi: 10.1000/ABC"))
    write(
        site,
        GOOD.replace("2605.00001", "2605.00002")
        .replace("Teacher Hacking", "Other")
        .replace("code: []", "code: []\ndoi: 10.1000/abc"),
        "papers/2605.00002.yaml",
    )
    assert validate(capsys) == (
        1,
        [
            "papers/2605.00002.yaml:12:1: error: doi: duplicate DOI '10.1000/abc': also in papers/2605.00001.yaml:12 "
            "(each paper is listed once; merge the two files)"
        ],
    )


def test_named_file_is_blamed_for_a_clash_with_an_existing_paper(site, capsys):
    """pre-commit passes the changed file: the clash is reported on it, though it sorts first."""
    new = write(
        site,
        GOOD.replace("2605.00001", "0001.00001").replace("arxiv: '0001.00001'", "arxiv: '2306.08543'"),
        "papers/0001.00001.yaml",
    )
    assert validate(capsys, str(new.relative_to(site))) == (
        1,
        [
            "papers/0001.00001.yaml:9:1: error: arxiv: duplicate arXiv id '2306.08543': also in papers/2306.08543.yaml:11 "
            "(each paper is listed once; merge the two files)"
        ],
    )
    # The whole folder: the later file by name is the one left out and reported.
    assert validate(capsys) == (
        1,
        [
            "papers/2306.08543.yaml:11:1: error: arxiv: duplicate arXiv id '2306.08543': also in papers/0001.00001.yaml:9 "
            "(each paper is listed once; merge the two files)"
        ],
    )


def test_only_named_files_are_reported(site, capsys):
    write(site, "", "papers/broken.yaml")
    ok = write(site, GOOD)
    assert validate(capsys, str(ok.relative_to(site))) == (0, [])
    assert validate(capsys, "papers/broken.yaml")[0] == 1


def test_github_annotations(site, capsys):
    write(site, GOOD.replace("loss: RKL", "loss: rkl"))
    status = main(["validate", "-q", "--format", "github"])
    assert status == 1
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={NAME},line=14,col=7,title=loss::'rkl' is not one of FKL, RKL, Symmetric, f-Divergence, KL+RL, "
        "Preference, Other (did you mean 'RKL'?)"
    ]
