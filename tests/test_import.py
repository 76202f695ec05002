"""``opdhub import``: README tables and bullets, BibTeX, reports, idempotent re-runs, a new site."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build
from pybtex.scanner import PybtexError

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import PaperLoader, paper_files
from mkdocs_opdhub.model.taxonomy import load_taxonomy
from mkdocs_opdhub.tools.importer import bibfile
from mkdocs_opdhub.tools.importer.bibfile import read_bibtex
from mkdocs_opdhub.tools.importer.markdown import read_readme

# A real awesome list's README (table shape), kept next to the repository when available.
REAL_README = REPO.parent / "shared" / "data" / "awesome-opd-README.2026-04.md"
needs_real_readme = pytest.mark.skipif(
    not REAL_README.is_file(), reason="the sample awesome-list README is not available"
)

# The common README shapes in one file: bullets of several kinds, a category bullet, nested
# headings, a table with an unknown column, status marks, non-paper sections.
SAMPLE = """\
<h1 align="center">Awesome Deep Learning Classics</h1>

[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

## Contents
- [Architectures](#1-architectures)
- [Generative models](#generative-models)

## 1. Architectures

> How networks are wired.

### 1.1 Convolutional networks

- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385) (CVPR 2016) — identity shortcuts make very deep networks trainable
* **Very Deep Convolutional Networks for Large-Scale Image Recognition** [[paper](https://arxiv.org/abs/1409.1556)] [[code](https://github.com/example/vgg)]
- U-Net: Convolutional Networks for Biomedical Image Segmentation. MICCAI 2015. [[pdf](https://arxiv.org/pdf/1505.04597)]
- A note without any link

### 1.2 Sequence models

- **Recurrent**
  - [Sequence to Sequence Learning with Neural Networks](https://arxiv.org/abs/1409.3215) [NIPS 2014]
  - [Neural Machine Translation by Jointly Learning to Align and Translate](https://arxiv.org/abs/1409.0473) (TMLR, 2015)
- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (2017) [![Code](https://img.shields.io/badge/Code-GitHub-blue)](https://github.com/tensorflow/tensor2tensor) [![Model](https://img.shields.io/badge/Model-HF-yellow)](https://huggingface.co/example/model)

## Generative models

| Paper | Authors | Year | Code | Stars |
|---|---|:-:|---|---|
| 🟢 [Generative Adversarial Networks](https://arxiv.org/abs/1406.2661) | Goodfellow, Ian J.; Bengio, Yoshua | 2014 | [code](https://github.com/goodfeli/adversarial) | 10 |
| 🟡 [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239) | Jonathan Ho, Ajay Jain, Pieter Abbeel | 2020 | | |
| [A draft without a year](https://openreview.net/forum?id=draft) | | | | |
| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | | 2017 | | |

## Contributing

Pull requests are welcome: see the [guide](https://example.org/contributing).

## License

[MIT](https://example.org/mit)
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def papers_in(folder: Path) -> dict[str, dict]:
    """Paper files as the plugin reads them (dates stay text)."""
    return {p.stem: yamlsource.load(p, p.name).data for p in paper_files(folder / "papers")}


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "my-list"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# -- reading READMEs ----------------------------------------------------------------------------


def test_bullet_and_table_shapes_are_read():
    result = read_readme(SAMPLE, "README.md")
    by_title = {e.title: e for e in result.entries}
    assert result.title == "Awesome Deep Learning Classics"

    resnet = by_title["Deep Residual Learning for Image Recognition"]
    assert (resnet.url, resnet.year, resnet.date, resnet.arxiv, resnet.venue) == (
        "https://arxiv.org/abs/1512.03385",
        2016,
        None,
        "1512.03385",
        "CVPR 2016",
    )
    assert resnet.summary == "identity shortcuts make very deep networks trainable"
    assert [(h.number, h.title) for h in resnet.headings] == [("1", "Architectures"), ("1.1", "Convolutional networks")]
    assert resnet.headings[0].intro == "How networks are wired."

    vgg = by_title[
        "Very Deep Convolutional Networks for Large-Scale Image Recognition"
    ]  # bold title, [[paper]] [[code]]
    assert (vgg.url, vgg.year, vgg.date, vgg.code) == (
        "https://arxiv.org/abs/1409.1556",
        2014,
        "2014-09",
        ["https://github.com/example/vgg"],
    )
    unet = by_title["U-Net: Convolutional Networks for Biomedical Image Segmentation"]  # plain-text title
    assert (unet.url, unet.venue, unet.year, unet.arxiv, unet.summary) == (
        "https://arxiv.org/pdf/1505.04597",
        "MICCAI 2015",
        2015,
        "1505.04597",
        None,
    )

    seq2seq = by_title["Sequence to Sequence Learning with Neural Networks"]  # under a category bullet
    assert [h.title for h in seq2seq.headings] == ["Architectures", "Sequence models", "Recurrent"]
    assert (seq2seq.venue, seq2seq.year) == ("NIPS 2014", 2014)
    bahdanau = by_title["Neural Machine Translation by Jointly Learning to Align and Translate"]
    assert (bahdanau.venue, bahdanau.year, bahdanau.date) == ("TMLR", 2015, None)  # after a comma: the paper's year

    attention = [e for e in result.entries if e.title == "Attention Is All You Need"]
    assert attention[0].code == ["https://github.com/tensorflow/tensor2tensor"]  # the Code badge, not the model link
    assert [h.title for h in attention[0].headings] == ["Architectures", "Sequence models"]

    gan = by_title["Generative Adversarial Networks"]
    assert (gan.authors, gan.code, gan.year) == (
        ["Goodfellow, Ian J.", "Bengio, Yoshua"],
        ["https://github.com/goodfeli/adversarial"],
        2014,
    )
    assert by_title["Denoising Diffusion Probabilistic Models"].authors == ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]
    assert len(result.entries) == 9  # the repeated paper is dropped later, when files are written


def test_what_is_not_imported_is_reported_line_by_line():
    result = read_readme(SAMPLE, "README.md")
    lines = [p.format() for p in result.problems]
    assert lines == [
        "README.md:5:1: warning: section 'Contents' is not a list of papers; skipped "
        "(if it lists papers, give it a heading that names their topic)",
        "README.md:18:1: warning: not imported: 'A note without any link' has no http(s) link "
        "(add one, e.g. [Title](https://arxiv.org/abs/…))",
        "README.md:29:1: warning: table column(s) 'Stars' not imported (columns read: title/paper, date/year, venue, "
        "authors, code/resources, description/notes)",
        "README.md:31:3: warning: the marks 🟢, 🟡 before titles are not imported (a paper file has no field for them; "
        "if they classify papers, add a facet to the taxonomy)",
        "README.md:33:1: warning: not imported: 'A draft without a year' has no year (add one to the entry, e.g. "
        "'(2024)', or link its arXiv page)",
        "README.md:36:1: warning: section 'Contributing' is not a list of papers; skipped "
        "(if it lists papers, give it a heading that names their topic)",
        "README.md:40:1: warning: section 'License' is not a list of papers; skipped "
        "(if it lists papers, give it a heading that names their topic)",
    ]
    assert (result.unparsed, result.sections_skipped) == (2, 3)
    assert result.span == (9, 34) and result.gaps == []


def test_a_section_with_prose_only_is_reported():
    text = "# List\n\n## Introduction to the field\n\nSome words.\n\n## Papers\n\n- [A Paper](https://example.org/a) (2020)\n"
    result = read_readme(text, "README.md")
    assert [p.format() for p in result.problems] == [
        "README.md:3:1: warning: section 'Introduction to the field' has no paper entries; skipped "
        "(if it lists papers, write each as a list item or table row with a link to the paper)"
    ]
    assert [e.title for e in result.entries] == ["A Paper"]


@needs_real_readme
def test_the_real_table_readme():
    result = read_readme(REAL_README.read_text("utf-8"), "README.md")
    assert result.title == "Awesome LLM On-Policy Distillation"
    assert len(result.entries) == 97
    chapters = list(dict.fromkeys(e.headings[0].title for e in result.entries))
    assert chapters[:2] == ["📚 Background & Foundations", "🔬 Token-Level On-Policy Methods"]
    assert len(chapters) == 10 and chapters[-1] == "🔗 Related Topics"
    skipped_sections = [(p.line, p.message) for p in result.problems if "section" in p.message]
    assert skipped_sections == [
        (63, "section 'Taxonomy' is not a list of papers; skipped"),
        (287, "section 'Open Problems' is not a list of papers; skipped"),
        (304, "section 'Contributing' is not a list of papers; skipped"),
        (314, "section 'Citation' is not a list of papers; skipped"),
    ]
    first = result.entries[0]
    assert (first.title, first.arxiv, first.year, first.code) == (
        "Let's Verify Step by Step",
        "2305.20050",
        2024,
        ["https://github.com/openai/prm800k"],
    )
    assert all(e.arxiv and e.url.startswith("https://arxiv.org/abs/") for e in result.entries)
    assert not any("huggingface.co" in c for e in result.entries for c in e.code)
    assert sum(1 for e in result.entries if e.code) == 45


# -- reading BibTeX -----------------------------------------------------------------------------

BIB = r"""
@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Kaiser, {\L}ukasz},
  booktitle = {NIPS 2017},
  year = 2017, month = jun,
  eprint = {1706.03762}, archivePrefix = {arXiv},
  keywords = {transformers, attention}
}
@article{devlin2018bert,
  title = {{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  author = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},
  journal = {arXiv preprint arXiv:1810.04805}, year = {2018}
}
@misc{noyear, title = {Untitled Draft}}
@misc{nolink, title = {A Paper Nobody Can Find}, year = {2020}}
"""


def test_bibtex_records_with_authors():
    result = read_bibtex(BIB, "refs.bib")
    first, second = result.entries
    assert (first.title, first.authors, first.year, first.date, first.arxiv, first.venue, first.tags) == (
        "Attention Is All You Need",
        ["Vaswani, Ashish", "Shazeer, Noam", "Kaiser, Łukasz"],
        2017,
        "2017-06",
        "1706.03762",
        "NIPS 2017",
        ["transformers", "attention"],
    )
    assert (second.title, second.arxiv, second.venue, second.url) == (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "1810.04805",
        None,
        "https://arxiv.org/abs/1810.04805",
    )
    assert [p.format() for p in result.problems] == [
        "refs.bib:15:1: warning: entry 'noyear' ('Untitled Draft') has no year; not imported (add year = {…})",
        "refs.bib:16:1: warning: entry 'nolink' ('A Paper Nobody Can Find') has no url, doi or arXiv eprint; not imported "
        "(add url = {…}, doi = {…} or eprint = {…})",
    ]
    assert result.unparsed == 2


def test_bibtex_syntax_errors_say_how_to_correct_them():
    text = (
        "@misc{a, title = {One}, year = 2020, url = {https://example.org/1}}\n"
        "@misc{a, title = {Two}, year = 2021, url = {https://example.org/2}}\n"
        "@misc{b, title = {Three} year = 2022}\n"
    )
    assert [p.format() for p in read_bibtex(text, "refs.bib").problems][:2] == [
        "refs.bib:2:1: warning: BibTeX: repeated bibliography entry: a (give each entry its own key, or remove the repeat)",
        "refs.bib:3:1: warning: BibTeX: syntax error in line 3: '}' expected (correct the entry here: fields are "
        "name = {value}, separated by commas, with balanced braces)",
    ]


def test_bibtex_errors_without_a_line_from_pybtex_are_placed_and_say_how_to_correct_them():
    text = (
        "@misc{z, title = {Z}, year = 2020, url = {https://example.org/z}}\n"
        "@misc{a,\n  title = {T}, year = 2020,\n  url = {https://example.org/a},\n"
        "  author = {Lee, Ann, Li, Bo},\n  Title = {U}}\n"
    )
    assert [p.format() for p in read_bibtex(text, "refs.bib").problems] == [
        "refs.bib:5:13: warning: BibTeX: Too many commas in 'Lee, Ann, Li, Bo' (separate the names with ' and ', "
        "as in {Last, First and Last, First})",
        "refs.bib:6:3: warning: BibTeX: entry with key a has a duplicate Title field (keep one of the two Title fields)",
    ]


def test_bibtex_pybtex_gives_up_on_is_reported_with_a_fix(monkeypatch):
    def give_up(text, kind):
        error = PybtexError("unexpected end of everything")
        error.lineno = 3
        raise error

    monkeypatch.setattr(bibfile, "parse_string", give_up)
    result = read_bibtex("@misc{a, title = {One}}\n", "refs.bib")
    assert (result.entries, [p.format() for p in result.problems]) == (
        [],
        [
            "refs.bib:3:1: warning: not valid BibTeX: unexpected end of everything (correct the entry here: fields are "
            "name = {value}, separated by commas, with balanced braces)"
        ],
    )


def test_a_table_of_contents_and_imported_notes_name_their_fix():
    long = "word " * 500
    text = (
        "# L\n\n- [Papers](#papers)\n- [More](#more)\n\n## Papers\n\n"
        f"- [A Paper](https://arxiv.org/abs/2305.20050) - Ann Lee, Bo Li et al. - {long}\n"
    )
    lines = [p.format() for p in read_readme(text, "README.md").problems]
    assert lines[0] == (
        "README.md:3:1: warning: a table of contents; skipped (its links all point within the page; "
        "if these are papers, link each to the paper itself)"
    )
    assert "(shorten it in the source, or edit the summary in its paper file)" in lines[1]
    table = "# L\n\n## Papers\n\n| Title | Authors |\n|---|---|\n| [A Paper](https://arxiv.org/abs/2305.20050) | Ann Lee et al. |\n"
    assert [p.format() for p in read_readme(table, "README.md").problems] == [
        "README.md:7:1: warning: the authors of 'A Paper' end with 'et al.': only the names given were imported "
        "(add the other names to its paper file)"
    ]


# -- the command: a new site --------------------------------------------------------------------


def test_import_into_an_empty_folder_gives_a_strict_building_site(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    status, out, err = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert status == 0, err
    assert "README.md:33:1: warning: not imported: 'A draft without a year' has no year" in out
    assert (
        "README.md:34:1: warning: 'Attention Is All You Need' is listed under several headings (also at line 25): "
        "one paper file, in each of those chapters and sections (to keep it in one place, remove it from the "
        "headings where it does not belong)"
    ) in out
    assert (
        "opdhub import: 8 papers (8 new, 0 updated, 0 unchanged, 0 kept as they are), 2 skipped; 3 sections skipped"
        in out
    )
    assert "wrote taxonomy.yml, schema/paper.schema.json, mkdocs.yml, docs/about.md" in out

    taxonomy = load_taxonomy(empty / "taxonomy.yml", "taxonomy.yml")
    assert [(c.id, c.number, c.title) for c in taxonomy.chapters] == [
        ("1", "1", "Architectures"),
        ("generative-models", None, "Generative models"),
    ]
    assert [(d, s.id, s.title) for d, s in taxonomy.chapters[0].walk_sections()] == [
        (0, "1.1", "Convolutional networks"),
        (0, "1.2", "Sequence models"),
        (1, "recurrent", "Recurrent"),
    ]
    assert taxonomy.optional_fields == ("authors",)
    assert [f.field for f in taxonomy.facets] == ["chapter", "year", "has_code", "venue"]

    papers = papers_in(empty)
    assert papers["1409.3215"] == {
        "id": "1409.3215",
        "title": "Sequence to Sequence Learning with Neural Networks",
        "year": 2014,
        "date": "2014-09",
        "venue": "NIPS 2014",
        "arxiv": "1409.3215",
        "url": "https://arxiv.org/abs/1409.3215",
        "chapter": "1",
        "section": "recurrent",
        "added": "2026-11-01",
    }
    assert papers["1406.2661"]["authors"] == ["Goodfellow, Ian J.", "Bengio, Yoshua"]
    assert (
        (empty / "papers" / "1406.2661.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=../schema/paper.schema.json\n")
    )
    assert PaperLoader(taxonomy).load(paper_files(empty / "papers")).problems == []

    result = mkdocs_build(empty)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((empty / "site" / "chapters" / "1" / "index.html").read_text("utf-8"), "html.parser")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("article h2, article h3")]
    assert headings == ["1.1 Convolutional networks", "1.2 Sequence models", "Recurrent"]
    assert len(page.select("[data-paper-id]")) == 6
    assert "How networks are wired." in page.get_text()
    assert page.select_one('[data-paper-id="1512.03385"]')
    resnet = BeautifulSoup((empty / "site" / "papers" / "1512.03385" / "index.html").read_text("utf-8"), "html.parser")
    assert resnet.select(".opdhub-paper__authors") == []  # no authors known: no empty slot on its page
    gan = BeautifulSoup(
        (empty / "site" / "papers" / "1406.2661" / "index.html").read_text("utf-8"), "html.parser"
    ).select_one(".opdhub-paper__authors")
    assert gan.get_text(strip=True).startswith("Ian J. Goodfellow")


def test_running_it_again_changes_nothing_and_never_clobbers(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md", "--added", "2026-11-01")
    before = {p.name: p.read_text("utf-8") for p in paper_files(empty / "papers")}

    status, out, _ = run(capsys, "import", "README.md", "--added", "2026-12-24")
    assert status == 0
    assert "8 papers (0 new, 0 updated, 8 unchanged, 0 kept as they are)" in out
    assert "wrote" not in out
    assert {p.name: p.read_text("utf-8") for p in paper_files(empty / "papers")} == before

    # a hand edit the README disagrees with is kept, and reported
    path = empty / "papers" / "1512.03385.yaml"
    path.write_text(
        path.read_text("utf-8").replace("venue: CVPR 2016", "venue: CVPR 2016 (oral)") + "tags:\n  - residual\n",
        "utf-8",
    )
    status, out, _ = run(capsys, "import", "README.md")
    assert (
        "README.md:15:1: warning: 'Deep Residual Learning for Image Recognition' is already in papers/1512.03385.yaml "
        "and differs in venue; left as it is (use --force to update it)"
    ) in out
    assert "8 papers (0 new, 0 updated, 7 unchanged, 1 kept as they are)" in out
    assert "CVPR 2016 (oral)" in path.read_text("utf-8")

    # --force takes what the README says and keeps what it does not say
    status, out, _ = run(capsys, "import", "README.md", "--force")
    assert "8 papers (0 new, 1 updated, 7 unchanged, 0 kept as they are)" in out
    data = papers_in(empty)["1512.03385"]
    assert (data["venue"], data["tags"], data["added"]) == ("CVPR 2016", ["residual"], "2026-11-01")


def test_bibtex_adds_authors_to_the_imported_papers(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md")
    (empty / "refs.bib").write_text(BIB, "utf-8")

    status, out, _ = run(capsys, "import", "refs.bib")
    assert "'Attention Is All You Need' is already in papers/1706.03762.yaml and differs in authors, tags, venue" in out
    assert "README.md" not in out
    status, out, _ = run(capsys, "import", "refs.bib", "--force")
    assert status == 0
    assert "refs.bib: warning: " not in out
    assert "'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding' has no chapter" in out
    attention = papers_in(empty)["1706.03762"]
    assert attention["authors"] == ["Vaswani, Ashish", "Shazeer, Noam", "Kaiser, Łukasz"]
    assert (attention["chapter"], attention["section"]) == (
        ["1", "generative-models"],
        "1.2",
    )  # --force does not move it

    status, out, _ = run(capsys, "import", "refs.bib", "--chapter", "Generative models")
    assert "1 new" in out
    assert papers_in(empty)["1810.04805"]["chapter"] == "generative-models"


def test_readme_and_bibtex_together_make_one_paper_each(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    (empty / "refs.bib").write_text(BIB, "utf-8")
    status, out, _ = run(capsys, "import", "README.md", "refs.bib", "--chapter", "1")
    assert "opdhub import: 9 papers (9 new," in out
    attention = papers_in(empty)["1706.03762"]
    assert attention["authors"][0] == "Vaswani, Ashish" and attention["section"] == "1.2"


def test_dry_run_writes_nothing(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    status, out, _ = run(capsys, "import", "README.md", "--dry-run", "--add-markers")
    assert status == 0
    assert "would write taxonomy.yml, schema/paper.schema.json, mkdocs.yml, docs/about.md" in out
    assert "would write 8 paper file(s) in papers/" in out
    assert "README.md: would mark lines 9-34" in out
    assert sorted(p.name for p in empty.iterdir()) == ["README.md"]
    assert (empty / "README.md").read_text("utf-8") == SAMPLE


def test_headings_unknown_to_an_existing_taxonomy_are_reported(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md")
    extra = SAMPLE.replace(
        "## Contributing",
        "## Reinforcement learning\n\n- [Playing Atari with Deep Reinforcement "
        "Learning](https://arxiv.org/abs/1312.5602)\n\n## Contributing",
    )
    (empty / "README.md").write_text(extra, "utf-8")
    status, out, _ = run(capsys, "import", "README.md")
    assert (
        "README.md:36:1: warning: heading 'Reinforcement learning' is not a chapter or section of taxonomy.yml: "
        "its 1 paper not imported (add it to the taxonomy or move the entries under a known heading, then import "
        "again)"
    ) in out
    assert ", 3 skipped;" in out  # 2 as before, and this one
    assert not (empty / "papers" / "1312.5602.yaml").exists()


def test_usage_errors_are_one_line(empty, capsys):
    status, _, err = run(capsys, "import", "missing.md")
    assert (status, err) == (2, "opdhub: error: missing.md: no such file\n")
    (empty / "latin1.md").write_bytes("## Caf\xe9\n".encode("latin-1"))
    status, _, err = run(capsys, "import", "latin1.md")
    assert (status, err) == (2, "opdhub: error: latin1.md: not UTF-8 text (byte 6)\n")
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md")
    status, _, err = run(capsys, "import", "README.md", "--chapter", "nope")
    assert status == 2
    assert err == "opdhub: error: --chapter 'nope': no such chapter in taxonomy.yml (chapters: 1, generative-models)\n"
    status, _, err = run(capsys, "import", "README.md", "--added", "yesterday")
    assert status == 2 and "'yesterday' is not a date like 2026-01-31" in err


def test_a_file_without_papers_writes_nothing(empty, capsys):
    (empty / "notes.md").write_text("# Notes\n\n## Contributing\n\nWelcome.\n", "utf-8")
    status, out, _ = run(capsys, "import", "notes.md")
    assert status == 1
    assert out.startswith(
        "notes.md:3:1: warning: section 'Contributing' is not a list of papers; skipped "
        "(if it lists papers, give it a heading that names their topic)\n"
        "opdhub import: no paper entries found in notes.md; nothing written\n"
        "an entry is a list item, a table row, a paragraph or a line that starts with its link"
    )
    assert "- [Title of the paper](https://arxiv.org/abs/2305.20050) (NeurIPS 2023)" in out  # what one looks like
    assert sorted(p.name for p in empty.iterdir()) == ["notes.md"]


def test_markers_go_around_each_run_of_imported_chapters(empty, capsys):
    gap = SAMPLE.replace("## Generative models", "## Open problems\n\nMany.\n\n## Generative models")
    (empty / "README.md").write_text(gap, "utf-8")
    status, out, _ = run(capsys, "import", "README.md", "--add-markers")
    assert status == 0
    assert "README.md: marked lines 9-25, 31-38 for 'opdhub export readme'" in out
    marked = (empty / "README.md").read_text("utf-8")
    assert "<!-- opdhub:end -->\n\n## Open problems\n\nMany.\n\n<!-- opdhub:start -->\n## Generative models" in marked
    assert marked.replace("<!-- opdhub:start -->\n", "").replace("<!-- opdhub:end -->\n", "") == gap
    # and the export finds the README up to date, every line where it was
    assert run(capsys, "export", "readme", "--into", "README.md", "--check")[0] == 0
    for path in (empty / "papers").iterdir():
        path.unlink()
    (empty / "README.md").write_text(SAMPLE, "utf-8")

    (empty / "README.md").write_text(SAMPLE.replace("\n", "\r\n"), "utf-8", newline="")
    status, out, _ = run(capsys, "import", "README.md", "--add-markers")
    assert "README.md: marked lines 9-34 for 'opdhub export readme'" in out
    marked = (empty / "README.md").read_bytes().decode("utf-8")
    assert "\r\n<!-- opdhub:start -->\r\n## 1. Architectures\r\n" in marked
    assert marked.count("\n") == marked.count("\r\n") == SAMPLE.count("\n") + 2
    assert run(capsys, "import", "README.md", "--add-markers")[1].count("has export markers already") == 1


def test_code_links_keep_their_form_and_appear_once():
    text = (
        "# L\n\n## Chapter\n\n- [A Paper](https://arxiv.org/abs/2101.00001) (2021) "
        "[[code](https://github.com/o/r/)] [[code](https://github.com/o/r)] [[code](https://gitlab.com/x/y/)]\n"
    )
    entry = read_readme(text, "README.md").entries[0]
    assert entry.code == ["https://github.com/o/r/", "https://gitlab.com/x/y/"]


def test_force_edits_only_what_changes_and_never_a_link(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md", "--added", "2026-11-01")
    path = empty / "papers" / "1512.03385.yaml"
    text = path.read_text("utf-8")
    url = papers_in(empty)["1512.03385"]["url"]
    hand = (
        text.replace("venue: CVPR 2016", 'venue: "CVPR 2016 (oral)"  # the oral track').replace(
            f"url: {url}", "# the mirror: the publisher's page moved\nurl: https://mirror.example.org/resnet.pdf"
        )
        + "# classified by hand\ntags:\n  - residual\n"
    )
    path.write_text(hand, "utf-8")
    status, out, _ = run(capsys, "import", "README.md", "--force")
    assert status == 0 and "1 updated" in out
    assert path.read_text("utf-8") == hand.replace(
        'venue: "CVPR 2016 (oral)"  # the oral track', "venue: CVPR 2016  # the oral track"
    )


def test_an_unreadable_paper_file_is_reported_with_its_fix(empty, capsys):
    (empty / "README.md").write_text(SAMPLE, "utf-8")
    run(capsys, "import", "README.md", "--added", "2026-11-01")
    (empty / "papers" / "broken.yaml").write_text("title: [unclosed\n", "utf-8")
    _, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert (
        "papers/broken.yaml:1:8: warning: could not be read, so it is not matched: YAML syntax error: a list "
        "opened with '[' is never closed (add the closing ']')"
    ) in out.splitlines()
    (empty / "papers" / "broken.yaml").write_text("? [a]\n: 1\n", "utf-8")  # a problem the YAML reader has no fix for
    _, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert [line for line in out.splitlines() if line.startswith("papers/broken.yaml")] == [
        "papers/broken.yaml:1:3: warning: could not be read, so it is not matched: a key must be a plain name "
        "(correct the YAML at this place, then import again)"
    ]
