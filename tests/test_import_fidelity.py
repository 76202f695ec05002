"""Import fidelity on READMEs of different shapes (tables in any column order, numbered and
bulleted entries with and without links, citation-style lines, tags around titles, pointer
lists, repositories, videos, books, entries under several headings), and what the import says
about every line it does not take.

Each fixture in ``fixtures/readmes/`` comes with ``<name>.expected.json``: the entries a careful
reader finds in it and the fields each line states. The import must get ≥ 95 % of them exactly
right (title, link, year, authors, venue and kind where given), and create no others.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.papers import normalise_title, paper_files

FIXTURES = Path(__file__).parent / "fixtures" / "readmes"
SHAPES = sorted(p.stem for p in FIXTURES.glob("*.md"))
REAL_README = REPO.parent / "shared" / "data" / "awesome-opd-README.2026-04.md"
needs_real = pytest.mark.skipif(not REAL_README.is_file(), reason="the sample awesome-list README is not available")


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def imported(folder: Path) -> list[dict]:
    return [yamlsource.load(p, p.name).data for p in paper_files(folder / "papers")]


def score(expected: list[dict], papers: list[dict]) -> tuple[float, list[str], list[str]]:
    """Share of expected entries imported with every stated field right; what is wrong; extras."""
    by_title = {normalise_title(p["title"]): p for p in papers}
    wrong = []
    for want in expected:
        got = by_title.get(normalise_title(want["title"]))
        if got is None:
            wrong.append(f"missing: {want['title']}")
            continue
        problems = []
        if got["title"] != want["title"]:
            problems.append(f"title {got['title']!r}")
        if got.get("url") != want["url"]:
            problems.append(f"url {got.get('url')!r}")
        for name in ("year", "authors", "venue", "arxiv"):
            if name in want and got.get(name) != want[name]:
                problems.append(f"{name} {got.get(name)!r} (want {want[name]!r})")
        if got.get("kind", "paper") != want.get("kind", "paper"):
            problems.append(f"kind {got.get('kind', 'paper')!r}")
        if "chapters" in want:  # listed under headings of several chapters: in each of them
            chapters = got["chapter"] if isinstance(got["chapter"], list) else [got["chapter"]]
            if len(chapters) != want["chapters"]:
                problems.append(f"chapters {chapters!r}")
        if problems:
            wrong.append(f"{want['title']}: " + ", ".join(problems))
    known = {normalise_title(w["title"]) for w in expected}
    extras = [p["title"] for p in papers if normalise_title(p["title"]) not in known]
    return 1 - len(wrong) / len(expected), wrong, extras


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "list"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_imports_at_least_95_percent_right_and_nothing_else(site, capsys, shape):
    shutil.copy(FIXTURES / f"{shape}.md", site / "README.md")
    status, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert status == 0, out
    expected = json.loads((FIXTURES / f"{shape}.expected.json").read_text("utf-8"))
    share, wrong, extras = score(expected, imported(site))
    print(f"\n{shape}: {share:.1%} of {len(expected)} entries right; wrong: {wrong}; extra: {extras}")
    assert share >= 0.95, wrong
    assert extras == []
    # every line of the README that holds a link and did not become a paper is accounted for
    assert "warning" in out


def test_what_is_left_out_is_said_with_its_reason(site, capsys):
    shutil.copy(FIXTURES / "numbered.md", site / "README.md")
    _, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert (
        "README.md:9:1: warning: 'TinyVoice' points to 'TinyVoice: 4-bit Speech Recognition on Microcontrollers' "
        "(line 21), listed in full there; not a separate entry (if it is another paper, give it its own link)"
    ) in out
    other = site.parent / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "bullets.md", other / "README.md")
    _, out, _ = run(
        capsys, "import", str(other / "README.md"), "-f", str(other / "mkdocs.yml"), "--added", "2026-11-01"
    )
    out = out.replace(str(other) + "/", "")
    assert (
        "README.md:38:1: warning: not imported: 'A talk whose recording was never published' has no http(s) link" in out
    )
    assert (
        "README.md:20:1: warning: 'Dataset Aggregation Revisited for Mobile Robots' is listed under several headings "
        "(also at line 9): one paper file, in each of those chapters and sections (to keep it in one place, remove "
        "it from the headings where it does not belong)"
    ) in out


def test_the_site_title_is_never_a_badge_and_kinds_become_a_facet(site, capsys):
    shutil.copy(FIXTURES / "sections.md", site / "README.md")
    run(capsys, "import", "README.md", "--added", "2026-11-01")
    taxonomy = (site / "taxonomy.yml").read_text("utf-8")
    assert "title: Awesome Tabular ML\n" in taxonomy
    assert "type: kind" in taxonomy
    other = site.parent / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "tables.md", other / "README.md")
    run(capsys, "import", str(other / "README.md"), "-f", str(other / "mkdocs.yml"), "--added", "2026-11-01")
    assert "title: Awesome Graph Learning Notes\n" in (other / "taxonomy.yml").read_text("utf-8")


def test_an_imported_list_of_every_kind_builds_strictly_and_shows_links_only_where_there_are_some(site, capsys):
    shutil.copy(FIXTURES / "numbered.md", site / "README.md")
    run(capsys, "import", "README.md", "--added", "2026-11-01")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    def page(path):
        return BeautifulSoup((site / "site" / path).read_text("utf-8"), "html.parser")

    listing = page("papers/index.html")
    talk_card = listing.select_one('[data-paper-id="quantisation-without-tears"]')
    assert talk_card["data-kind"] == "video" and talk_card.select_one("time") is None  # no year: no date
    vocoders = page("papers/binary-neural-vocoders/index.html")
    assert "Paper" not in [a.get_text() for a in vocoders.select(".opdhub-paper__links a")]  # no link to itself
    assert vocoders.select_one(".opdhub-paper__venue") is None and vocoders.select_one(".opdhub-paper__date")
    talk = page("papers/quantisation-without-tears/index.html")
    assert talk.select_one(".opdhub-paper__kind").get_text() == "Video / talk"
    assert talk.select_one(".opdhub-paper__date") is None
    assert [a.get_text() for a in talk.select(".opdhub-paper__links a")] == ["Video"]
    assert '"VideoObject"' in talk.select_one('script[type="application/ld+json"]').get_text()
    data = json.loads((site / "site" / "papers.json").read_text("utf-8"))
    bib = {p["title"]: p["bibtex"] for p in data["papers"]}
    assert bib["Quantisation Without Tears"].startswith("@online{")
    assert bib["PruneBook: Smaller Speech Models in Practice"].startswith("@book{")


@needs_real
def test_the_real_readme_imports_every_row_as_its_line_states_it(site, capsys):
    """The oracle is the README itself: each table row's first cell links the title, the second
    cell is the year (read here with a plain regular expression, independently of the importer)."""
    text = REAL_README.read_text("utf-8")
    rows = re.findall(r"^\|\s*\S*\s*\[(.+?)\]\((https?://[^)]+)\)\s*\|\s*(\d{4})\s*\|", text, re.M)
    expected = list({normalise_title(t): {"title": t, "url": u, "year": int(y)} for t, u, y in rows}.values())
    shutil.copy(REAL_README, site / "README.md")
    status, out, _ = run(capsys, "import", "README.md", "--added", "2026-11-01")
    assert status == 0
    share, wrong, extras = score(expected, imported(site))
    print(
        f"\nshared README: {share:.1%} of {len(expected)} distinct entries right "
        f"({len(rows)} rows); wrong: {wrong}; extra: {extras}"
    )
    assert share >= 0.95 and extras == []


# -- round trips: nothing the export does not manage is ever touched -----------------------------


def readmes() -> list:
    found = [pytest.param(FIXTURES / f"{s}.md", id=s) for s in SHAPES]
    return found + [pytest.param(REAL_README, id="shared", marks=needs_real)]


def unmarked(text: str) -> str:
    return text.replace("<!-- opdhub:start -->\n", "").replace("<!-- opdhub:end -->\n", "")


@pytest.mark.parametrize("source", readmes())
def test_import_then_export_changes_no_line_and_is_a_fixed_point(site, capsys, source):
    original = source.read_text("utf-8")
    (site / "README.md").write_text(original, "utf-8")
    assert run(capsys, "import", "README.md", "--add-markers", "--added", "2026-11-01")[0] == 0
    marked = (site / "README.md").read_text("utf-8")
    assert unmarked(marked) == original  # markers added, nothing else
    status, _, err = run(capsys, "export", "readme", "--into", "README.md", "--check")
    assert status == 0, err
    before = {p.name: p.read_bytes() for p in paper_files(site / "papers")}
    _, out, _ = run(capsys, "import", "README.md", "--added", "2026-12-24")
    assert "(0 new, 0 updated," in out
    assert {p.name: p.read_bytes() for p in paper_files(site / "papers")} == before


@pytest.mark.parametrize("source", readmes())
def test_a_changed_paper_rewrites_its_lines_only_and_a_new_one_is_added_in_its_section(site, capsys, source):
    original = source.read_text("utf-8")
    (site / "README.md").write_text(original, "utf-8")
    run(capsys, "import", "README.md", "--add-markers", "--added", "2026-11-01")
    marked = (site / "README.md").read_text("utf-8")
    path = sorted(paper_files(site / "papers"))[0]
    data = yamlsource.load(path, path.name).data
    path.write_text(
        path.read_text("utf-8").replace(f"title: {data['title']}", "title: A Retitled Entry & More"), "utf-8"
    )
    if "title: A Retitled Entry & More" not in path.read_text("utf-8"):  # a quoted title
        pytest.skip("title written in quotes")
    chapter = data["chapter"][0] if isinstance(data["chapter"], list) else data["chapter"]
    (site / "papers" / "zz-new.yaml").write_text(
        f"id: zz-new\ntitle: A Brand New Entry\nkind: code\nurl: https://github.com/example/brand-new\n"
        f"chapter: {json.dumps(chapter)}\nadded: 2026-12-01\n",
        "utf-8",
    )
    status, _, err = run(capsys, "export", "readme", "--into", "README.md")
    assert status == 0, err
    after = (site / "README.md").read_text("utf-8")
    old_lines, new_lines = marked.splitlines(), after.splitlines()
    removed = [line for line in old_lines if line not in new_lines]
    added = [line for line in new_lines if line not in old_lines]
    assert all(data["title"].split(":")[0][:20] in line or "|" in line for line in removed), removed
    assert any("A Retitled Entry" in line for line in added)
    assert any("A Brand New Entry" in line and "https://github.com/example/brand-new" in line for line in added)
    # every line the export did not manage is still there, in the same order
    kept = [line for line in old_lines if line not in removed]
    rest = iter(new_lines)
    assert all(any(line == new for new in rest) for line in kept)  # a subsequence: in place, in order
    # ...and the export reads back: importing it again finds the changed and the new paper as they are
    assert run(capsys, "export", "readme", "--into", "README.md", "--check")[0] == 0
    _, out, _ = run(capsys, "import", "README.md")
    assert "(0 new, 0 updated," in out and "0 kept as they are" in out, out


def test_headings_keep_their_level_text_and_escaping(site, capsys):
    text = (
        "# List\n\n## Trees &amp; Boosting\n\n- [Scalable Trees](https://arxiv.org/abs/1603.02754) (KDD 2016)\n\n"
        "#### Deep & Narrow\n\n- [Narrow Forests](https://arxiv.org/abs/1702.08835) (IJCAI 2017)\n\n"
        "[ref]: https://example.org/ref\n"
    )
    (site / "README.md").write_text(text, "utf-8")
    run(capsys, "import", "README.md", "--add-markers", "--added", "2026-11-01")
    (site / "papers" / "1603.02754.yaml").write_text(
        (site / "papers" / "1603.02754.yaml")
        .read_text("utf-8")
        .replace("KDD 2016", "KDD 2017")
        .replace("year: 2016", "year: 2017")
        .replace("date: 2016-03\n", ""),
        "utf-8",
    )
    assert run(capsys, "export", "readme", "--into", "README.md")[0] == 0
    after = (site / "README.md").read_text("utf-8")
    assert "## Trees &amp; Boosting\n" in after and "#### Deep & Narrow\n" in after
    assert "- [Scalable Trees](https://arxiv.org/abs/1603.02754) (KDD 2017)\n" in after
    assert after.endswith("[ref]: https://example.org/ref\n")
