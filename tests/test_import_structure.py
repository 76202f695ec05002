"""How the README reader finds entries in a list's structure (headings, lines, HTML, tables),
and that whatever a heading says, the site it makes builds."""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build
from test_import import run

from mkdocs_opdhub.tools.importer.markdown import read_readme
from mkdocs_opdhub.tools.importer.skeleton import MAX_ID

LINES = """\
# Tools

## Converters

[Alpha](https://github.com/o/alpha) - converts one thing
[Beta](https://example.org/beta) - converts another
[Gamma](https://example.org/gamma)
"""


def test_a_paragraph_of_one_link_per_line_is_one_entry_a_line():
    result = read_readme(LINES, "README.md")
    assert [(e.title, e.line, e.end) for e in result.entries] == [
        ("Alpha", 5, 5),
        ("Beta", 6, 6),
        ("Gamma", 7, 7),
    ]
    assert [e.kind for e in result.entries] == [
        "code",
        "resource",
        "resource",
    ]  # links without a year: not papers
    assert result.entries[1].summary == "converts another"


WRAPPED = """\
# Awesome Things

## Contents

- [Vision](#vision)

### Vision

| Title | Venue | Paper | Code |
|---|---|---|---|
| **PagedAttention (@uni)** | SOSP 2023 | [link](https://arxiv.org/abs/2309.06180) | [vllm](https://github.com/vllm-project/vllm) |

<h3 id="t">Text</h3>

- [PyTorch](https://github.com/pytorch/pytorch) - tensors
"""


def test_contents_does_not_hide_its_sections_and_title_and_paper_columns_stay_apart():
    result = read_readme(WRAPPED, "README.md")
    paged, torch = result.entries
    assert [h.title for h in paged.headings] == ["Vision"]  # "Contents" wraps, never hides
    assert (paged.title, paged.url, paged.venue, paged.code) == (
        "PagedAttention",
        "https://arxiv.org/abs/2309.06180",
        "SOSP 2023",
        ["https://github.com/vllm-project/vllm"],
    )
    assert [h.title for h in torch.headings] == ["Text"]  # an HTML heading is a heading
    assert torch.title == "PyTorch"  # a name that reads like a label is still the entry's name


def test_a_heading_of_any_length_builds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    notice = "Notice " + "very " * 80 + "long"
    (tmp_path / "README.md").write_text(
        f"# A List\n\n## {notice}\n\n#### {notice} again\n\n- [A Paper](https://arxiv.org/abs/2305.20050)\n\n"
        f"## {notice}\n\n- [Another](https://arxiv.org/abs/2305.20051)\n",
        "utf-8",
    )
    status, out, err = run(capsys, "import", "README.md")
    assert status == 0, out + err
    taxonomy = (tmp_path / "taxonomy.yml").read_text("utf-8")
    ids = [line.split(":", 1)[1].strip() for line in taxonomy.splitlines() if line.strip().startswith("- id:")]
    assert ids and all(len(i) <= MAX_ID + 3 for i in ids) and len(set(ids)) == len(ids)
    done = mkdocs_build(Path(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


LABELLED = """\
# Reading

## Worth reading

- **How distillation works** [[page](https://example.org/distillation)]
- **A year of agents** [[blog](https://example.org/agents)] ![ICLR](https://img.shields.io/badge/ICLR-2024-blue)
- **Scaling slides** [slides](https://example.org/slides.html)
"""


def test_entries_linked_only_by_a_label_are_imported_as_what_the_label_says():
    result = read_readme(LABELLED, "README.md")
    assert [(e.title, e.url, e.kind) for e in result.entries] == [
        ("How distillation works", "https://example.org/distillation", "resource"),
        ("A year of agents", "https://example.org/agents", "blog"),
        ("Scaling slides", "https://example.org/slides.html", "resource"),
    ]
    assert not [p for p in result.problems if "not imported" in p.message]


def test_a_tools_list_with_h1_categories_keeps_them_as_chapters_and_its_title():
    text = "# My Awesome Tools\n\n# Editors\n\n- [Vim](https://www.vim.org) - an editor\n\n# Shells\n\n- [Fish](https://fishshell.com) - a shell\n"
    result = read_readme(text, "README.md")
    assert result.title == "My Awesome Tools"
    assert [(e.title, [h.title for h in e.headings], e.kind) for e in result.entries] == [
        ("Vim", ["Editors"], "resource"),
        ("Fish", ["Shells"], "resource"),
    ]


def test_without_markers_the_map_is_enough_for_the_export(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(LINES, "utf-8")
    assert run(capsys, "import", "README.md")[0] == 0
    status, _, err = run(capsys, "export", "readme", "--into", "README.md", "--check")
    assert status == 0, err
    beta = tmp_path / "papers" / "beta.yaml"
    beta.write_text(
        beta.read_text("utf-8").replace("url: https://example.org/beta", "url: https://example.org/b2"),
        "utf-8",
    )
    assert run(capsys, "export", "readme", "--into", "README.md")[0] == 0
    assert (tmp_path / "README.md").read_text("utf-8") == LINES.replace(
        "https://example.org/beta", "https://example.org/b2"
    )
    # a field the entry has no place for is reported with what to do about it
    beta.write_text(beta.read_text("utf-8") + "venue: ICML 2024\n", "utf-8")
    _, out, err = run(capsys, "export", "readme", "--into", "README.md")
    assert (
        "README.md:6:1: warning: the entry of papers/beta does not show its venue; the change to it is not "
        "written (to show it, add the venue to the entry by hand, then run 'opdhub import' again to record it)"
    ) in (out + err).splitlines()


TWO_LINES = """\
# L

## Distillation

- **MiniLLM: Knowledge Distillation of Large Language Models**
  *Yuxian Gu, Li Dong, Furu Wei, Minlie Huang*. [[pdf](https://arxiv.org/abs/2306.08543)] [[code](https://github.com/microsoft/LMOps)] ![](https://img.shields.io/badge/ICLR-2024-blue)
- **Some Blog Thing**
  *Ann Lee*. [[blog](https://example.org/post)]
"""


def test_a_two_line_entry_gives_its_authors_and_its_venue_badge():
    minillm, blog = read_readme(TWO_LINES, "README.md").entries
    assert (
        minillm.authors,
        minillm.venue,
        minillm.year,
        minillm.url,
        minillm.code,
    ) == (
        ["Yuxian Gu", "Li Dong", "Furu Wei", "Minlie Huang"],
        "ICLR 2024",
        2024,
        "https://arxiv.org/abs/2306.08543",
        ["https://github.com/microsoft/LMOps"],
    )
    assert (blog.kind, blog.url, blog.authors, blog.code) == (
        "blog",
        "https://example.org/post",
        ["Ann Lee"],
        [],
    )


def test_items_under_a_skipped_section_are_counted_in_its_report_line():
    text = "# L\n\n## News\n\n- [A paper](https://arxiv.org/abs/2305.20050) is out\n- [Another](https://arxiv.org/abs/2305.20051)\n\n## Papers\n\n- [A paper](https://arxiv.org/abs/2305.20050)\n"
    result = read_readme(text, "README.md")
    assert [p.format() for p in result.problems] == [
        "README.md:3:1: warning: section 'News' is not a list of papers; skipped (2 items with links in it not imported) "
        "(if it lists papers, give it a heading that names their topic)"
    ]


def test_warnings_name_the_column_where_the_entry_starts():
    """markdown-it and pybtex give lines only; the column comes from the source line."""
    from mkdocs_opdhub.tools.importer.bibfile import read_bibtex

    text = "# L\n\n## Papers\n\n  - [A paper](https://arxiv.org/abs/2305.20050)\n  - A note without any link\n"
    assert [p.format() for p in read_readme(text, "README.md").problems] == [
        "README.md:6:3: warning: not imported: 'A note without any link' has no http(s) link "
        "(add one, e.g. [Title](https://arxiv.org/abs/…))"
    ]
    bib = "@article{a, title={T}, year=2020, url={https://e.org}}\n\n   @misc{noyear, title={Untitled}}\n"
    assert [p.format() for p in read_bibtex(bib, "refs.bib").problems] == [
        "refs.bib:3:4: warning: entry 'noyear' ('Untitled') has no year; not imported (add year = {…})"
    ]
