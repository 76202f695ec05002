"""``opdhub export``: the README list between markers, round trips through ``opdhub import``,
BibTeX, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from pybtex.database import parse_string
from test_import import REAL_README, SAMPLE, needs_real_readme, papers_in, run

from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import paper_files
from mkdocs_opdhub.tools.writer import dump_paper

EXAMPLE = REPO / "examples" / "deep-learning-classics"
HEAD = "# My list\n\nBadges, an introduction.\n\n"
TAIL = "\n## Contributing\n\nSend a pull request.\n"


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    """A copy of the example site as the working folder."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    monkeypatch.chdir(root)
    return root


def by_title(folder: Path) -> dict[str, dict]:
    out = {}
    for path in paper_files(folder / "papers"):
        data = yamlsource.load(path, path.name).data
        out[data["title"]] = data
    return out


def test_readme_list_goes_between_the_markers_and_nothing_else_changes(example, capsys):
    readme = example / "README.md"
    readme.write_text(HEAD + "<!-- opdhub:start -->\n\n<!-- opdhub:end -->\n" + TAIL, "utf-8")
    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert (status, err) == (0, "opdhub export: README.md: 0 entries as they were, 0 rewritten, 17 added (17 papers)\n")
    text = readme.read_text("utf-8")
    assert text.startswith(HEAD + "<!-- opdhub:start -->\n") and text.endswith("<!-- opdhub:end -->\n" + TAIL)
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("#")][1:-1]
    assert headings == [
        "## 1. Network architectures",
        "### 1.1 Convolutional networks",
        "### 1.2 Sequence models",
        "#### 1.2.1 Recurrent encoder-decoders",
        "#### 1.2.2 Attention and transformers",
        "## 2. Training deep networks",
        "### 2.1 Optimisation",
        "### 2.2 Normalisation and regularisation",
        "## 3. Generative models",
        "## 4. Representation learning and pre-training",
        "## 5. Deep reinforcement learning",
    ]
    assert "> How networks are wired, from deep convolutional stacks to attention." in lines
    assert (
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (NIPS 2017) "
        "[[code](https://github.com/tensorflow/tensor2tensor)] — The Transformer: an encoder-decoder built from "
        "self-attention and feed-forward layers only."
    ) in lines
    assert (
        "- [Improving neural networks by preventing co-adaptation of feature detectors]"
        "(https://arxiv.org/abs/1207.0580) (2012) — Introduces dropout: randomly omitting units during training "
        "so that they cannot rely on each other."
    ) in lines

    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert (status, err) == (0, "opdhub export: README.md is up to date (17 papers)\n")
    assert run(capsys, "export", "readme", "--into", "README.md", "--check")[0] == 0
    paper = example / "papers" / "1706.03762.yaml"
    paper.write_text(paper.read_text("utf-8").replace("venue: NIPS 2017", "venue: NeurIPS 2017"), "utf-8")
    status, _, err = run(capsys, "export", "readme", "--into", "README.md", "--check")
    assert (status, err) == (
        1,
        "opdhub export: README.md is out of date (1 entries to rewrite, 0 to add); "
        "run 'opdhub export readme --into README.md'\n",
    )
    assert readme.read_text("utf-8") == text
    # the export rewrites that one line and nothing else
    run(capsys, "export", "readme", "--into", "README.md")
    after = readme.read_text("utf-8")
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(after.splitlines()) == len(text.splitlines()) and len(changed) == 1
    assert "(NeurIPS 2017)" in changed[0][1]


def test_lines_the_export_does_not_manage_stay_and_unknown_entries_are_reported(example, capsys):
    readme = example / "README.md"
    readme.write_text(
        HEAD + "<!-- opdhub:start -->\nold list, by hand\n\n- [A paper nobody filed](https://example.org/p) (2020)\n"
        "<!-- opdhub:end -->\n" + TAIL,
        "utf-8",
    )
    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert status == 0
    assert (
        "README.md:8:1: warning: 'A paper nobody filed' has no paper file; left as it is "
        "(add one with 'opdhub new' or 'opdhub import', or remove the entry)"
    ) in err
    text = readme.read_text("utf-8")
    assert "old list, by hand\n\n- [A paper nobody filed](https://example.org/p) (2020)\n" in text
    assert text.count("\n## ") == 5 + 1  # the 17 papers, under new chapter headings, and the tail


def test_marker_problems_are_explained(example, capsys):
    readme = example / "README.md"
    readme.write_text("# Just a README\n", "utf-8")
    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert status == 2
    assert err == (
        "opdhub: error: README.md: no '<!-- opdhub:start -->' and '<!-- opdhub:end -->' lines: put them "
        "around the list, or run 'opdhub import README.md --add-markers'\n"
    )
    readme.write_text("<!-- opdhub:end -->\n<!-- opdhub:start -->\n", "utf-8")
    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert (
        status == 2 and "expected '<!-- opdhub:start -->' lines each followed by one '<!-- opdhub:end -->' line" in err
    )
    status, _, err = run(capsys, "export", "csv", "--into", "README.md")
    assert (status, err) == (2, "opdhub: error: --into is for 'export readme'; use -o FILE for the other formats\n")


def test_readme_import_export_import_round_trips(tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "README.md").write_text(SAMPLE, "utf-8")
    monkeypatch.chdir(first)
    assert run(capsys, "import", "README.md", "--add-markers", "--added", "2026-11-01")[0] == 0
    assert run(capsys, "export", "readme", "--into", "README.md", "--authors")[0] == 0
    exported = (first / "README.md").read_text("utf-8")
    assert exported.startswith(SAMPLE[: SAMPLE.index("## 1. Architectures")] + "<!-- opdhub:start -->\n")
    assert exported.endswith("<!-- opdhub:end -->\n\n" + SAMPLE[SAMPLE.index("## Contributing") :])
    # right after the import every entry says what its paper file says: nothing but the markers is new
    assert exported.replace("<!-- opdhub:start -->\n", "").replace("<!-- opdhub:end -->\n", "") == SAMPLE

    (second / "README.md").write_text(exported, "utf-8")
    monkeypatch.chdir(second)
    status, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    # the lines the first import skipped are still there, and skipped again
    assert "opdhub import: 8 papers (8 new, 0 updated, 0 unchanged, 0 kept as they are), 2 skipped" in out
    assert papers_in(second) == papers_in(first)  # every field of every paper, ids included
    assert (second / "taxonomy.yml").read_text("utf-8") == (first / "taxonomy.yml").read_text("utf-8")
    # and importing the exported list into the first site again changes nothing
    monkeypatch.chdir(first)
    status, out, _ = run(capsys, "import", "README.md")
    assert "8 papers (0 new, 0 updated, 8 unchanged, 0 kept as they are), 2 skipped" in out


@needs_real_readme
def test_the_real_list_round_trips(tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    shutil.copy2(REAL_README, first / "README.md")
    monkeypatch.chdir(first)
    run(capsys, "import", "README.md", "--add-markers", "--added", "2026-11-01")
    run(capsys, "export", "readme", "--into", "README.md")
    shutil.copy2(first / "README.md", second / "README.md")
    monkeypatch.chdir(second)
    status, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert "95 papers (95 new" in out
    assert papers_in(second) == papers_in(first)


def test_the_opdhub_list_round_trips_through_its_readme(tmp_path, monkeypatch, capsys):
    """All 305 papers of this repository: README out, README in, same papers (the README gives
    years, not full dates, and chapter numbers, not the ids of unnumbered chapters)."""
    monkeypatch.chdir(REPO)
    status, readme, _ = run(capsys, "export", "readme", "--authors")
    assert status == 0
    folder = tmp_path / "from-readme"
    folder.mkdir()
    (folder / "README.md").write_text(readme, "utf-8")
    monkeypatch.chdir(folder)
    status, out, _ = run(capsys, "import", "README.md")
    assert "305 papers (305 new, 0 updated, 0 unchanged, 0 kept as they are), 0 skipped" in out
    original, imported = by_title(REPO), by_title(folder)
    assert set(imported) == set(original)
    fields = ("url", "year", "arxiv", "doi", "venue", "code", "authors", "summary")
    for title, paper in original.items():
        assert {f: paper.get(f) or None for f in fields} == {f: imported[title].get(f) or None for f in fields}, title
    chapters = {c["id"]: c["title"] for c in yamlsource.load(REPO / "taxonomy.yml", "t").data["chapters"]}
    new_chapters = {c["id"]: c["title"] for c in yamlsource.load(folder / "taxonomy.yml", "t").data["chapters"]}
    for title, paper in original.items():
        assert new_chapters[imported[title]["chapter"]] == chapters[str(paper["chapter"])]


def test_bib_csv_and_json(example, capsys, opd_site):
    status, bib, _ = run(capsys, "export", "bib")
    assert status == 0
    entries = parse_string(bib, "bibtex").entries
    assert len(entries) == 17
    attention = entries["vaswani2017attention"]
    assert attention.fields["eprint"] == "1706.03762"
    assert [str(p) for p in attention.persons["author"]][:2] == ["Vaswani, Ashish", "Shazeer, Noam"]

    status, _, err = run(capsys, "export", "csv", "-o", "out/papers.csv")
    assert (status, err) == (0, "opdhub export: out/papers.csv: wrote 17 papers\n")
    rows = list(csv.DictReader(io.StringIO((example / "out" / "papers.csv").read_text("utf-8"))))
    assert len(rows) == 17
    dropout = next(r for r in rows if r["id"] == "1207.0580")
    assert (dropout["modality"], dropout["chapter"], dropout["section"], dropout["venue"]) == (
        "images; speech; text",
        "training",
        "regularisation",
        "",
    )
    assert dropout["authors"].startswith("Hinton, Geoffrey E.; Srivastava, Nitish; ")

    status, text, _ = run(capsys, "export", "json")
    data = json.loads(text)
    assert len(data["papers"]) == 17 and data["survey"]["title"] == "Deep Learning Classics"
    # the same document as the site's papers.json
    status, text, _ = run(capsys, "export", "json", "-f", str(REPO / "mkdocs.yml"))
    assert json.loads(text) == json.loads((opd_site / "papers.json").read_text("utf-8"))


def test_invalid_papers_stop_the_export(example, capsys):
    (example / "papers" / "1706.03762.yaml").write_text("id: '1706.03762'\ntitle: x\n", "utf-8")
    status, out, err = run(capsys, "export", "readme")
    assert status == 1 and out == ""
    assert "papers/1706.03762.yaml:1:1: error: authors: missing: a paper needs its authors" in err
    assert err.endswith("opdhub export: 5 problem(s) in paper files; nothing written\n")


def test_line_endings_and_awkward_text_survive(example, capsys, monkeypatch):
    paper = example / "papers" / "1207.0580.yaml"
    data = yamlsource.load(paper, paper.name).data
    data["url"] = "https://example.org/dropout_(paper)"
    data["title"] = "[Improving] *neural* networks_|# by preventing co-adaptation of feature detectors"
    paper.write_text(dump_paper(data), "utf-8")
    (example / "README.md").write_bytes(b"# List\r\n\r\n<!-- opdhub:start -->\r\n<!-- opdhub:end -->\r\n")
    assert run(capsys, "export", "readme", "--into", "README.md")[0] == 0
    written = (example / "README.md").read_bytes().decode("utf-8")
    assert written.count("\n") == written.count("\r\n") > 20
    line = next(x for x in written.splitlines() if "dropout" in x)
    assert line.startswith(
        r"- [\[Improving\] \*neural\* networks\_|\#"
        " by preventing co-adaptation of feature detectors](https://example.org/dropout_(paper))"
    )

    folder = example.parent / "again"
    folder.mkdir()
    (folder / "README.md").write_bytes(written.encode("utf-8"))
    monkeypatch.chdir(folder)
    assert run(capsys, "import", "README.md")[0] == 0
    again = {d["title"]: d for d in papers_in(folder).values()}
    dropout = again["[Improving] *neural* networks_|# by preventing co-adaptation of feature detectors"]
    assert dropout["url"] == "https://example.org/dropout_(paper)"


def test_without_a_map_an_entry_sharing_an_id_is_never_written_over(example, capsys):
    readme = example / "README.md"
    readme.write_text("# List\n\n<!-- opdhub:start -->\n<!-- opdhub:end -->\n", "utf-8")
    assert run(capsys, "export", "readme", "--into", "README.md")[0] == 0
    other = "- [The Transformer, explained again](https://arxiv.org/abs/1706.03762) (2017)"
    text = readme.read_text("utf-8")
    readme.write_text(text.replace("<!-- opdhub:end -->", f"{other}\n<!-- opdhub:end -->"), "utf-8")
    status, _, err = run(capsys, "export", "readme", "--into", "README.md", "--check")
    assert status == 0, err  # the second entry with that arXiv id is not the paper's: left as it is
    assert "'The Transformer, explained again' shares an id or link with 'Attention Is All You Need'" in err
    assert "(if it is another paper, give it its own link and a paper file; if the same, remove the repeat)" in err
