"""Every command that writes stays in its folder: links planted in papers/, generated/,
scout/drafts/ or at an output path are refused (and said so), never written through; names a
file system cannot hold are a clean error. The targets outside must be untouched afterwards."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import test_scholarly
from conftest import REPO

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.tools.safefs import RefusedWrite, write_file

EXAMPLE = REPO / "examples" / "deep-learning-classics"

# the fake APIs and the fake clock of the scholarly tests
server, clock, apis = test_scholarly.server, test_scholarly.clock, test_scholarly.apis


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside every project: nothing may appear or change here."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.txt").write_text("untouched\n")
    return folder


def untouched(outside: Path) -> bool:
    return (
        sorted(p.name for p in outside.iterdir()) == ["victim.txt"]
        and (outside / "victim.txt").read_text() == "untouched\n"
    )


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    monkeypatch.chdir(root)
    return root


# -- the primitive -------------------------------------------------------------------------------


def test_the_primitive_writes_inside_and_refuses_everything_else(tmp_path, outside):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_file(folder / "sub" / "a.yaml", "a: 1\n", within=folder)
    assert (folder / "sub" / "a.yaml").read_text() == "a: 1\n"
    os.chmod(folder / "sub" / "a.yaml", 0o640)
    write_file(folder / "sub" / "a.yaml", "a: 2\n", within=folder)  # replaced, permissions kept
    assert (folder / "sub" / "a.yaml").read_text() == "a: 2\n" and (
        folder / "sub" / "a.yaml"
    ).stat().st_mode & 0o777 == 0o640
    with pytest.raises(FileExistsError):
        write_file(folder / "sub" / "a.yaml", "a: 3\n", within=folder, exclusive=True)

    (folder / "dangling.yaml").symlink_to(outside / "created.yaml")
    (folder / "linked.yaml").symlink_to(outside / "victim.txt")
    (folder / "dir").symlink_to(outside)
    refusals = {
        "dangling.yaml": "symbolic link",
        "linked.yaml": "symbolic link",
        "dir/x.yaml": "symbolic link",
        "../outside/victim.txt": "outside",
        "x" * 300 + ".yaml": "bytes long",
        "sub/../../x.yaml": "outside",
    }
    for rel, message in refusals.items():
        for exclusive in (False, True):
            with pytest.raises(RefusedWrite, match=message):
                write_file(folder / rel, "evil\n", within=folder, exclusive=exclusive)
    assert untouched(outside)
    assert not list(folder.rglob(".opdhub-*"))  # no temporary file left behind


# -- the commands ----------------------------------------------------------------------------------


def test_new_refuses_a_planted_link_and_an_over_long_id(example, outside, capsys):
    (example / "papers" / "planted.yaml").symlink_to(outside / "created.yaml")
    fields = [
        "--title",
        "T",
        "--author",
        "Doe, Jane",
        "--date",
        "2020-01-01",
        "--url",
        "https://example.org/t",
        "--chapter",
        "architectures",
    ]
    assert main(["new", "--id", "planted", *fields]) == 1
    assert "refused" in capsys.readouterr().err and untouched(outside)
    assert main(["new", "--id", "x" * 300, *fields]) == 2
    err = capsys.readouterr().err
    assert "300 characters long; ids have at most 120" in err and "Traceback" not in err


def test_enrich_refuses_a_linked_paper_file_and_still_reports(project, apis, clock, monkeypatch, capsys, outside):
    papers = project / "papers"
    elsewhere = outside / "victim.txt"
    elsewhere.write_text((papers / "1503.02531.yaml").read_text())
    before = elsewhere.read_text()
    (papers / "1503.02531.yaml").unlink()
    (papers / "1503.02531.yaml").symlink_to(elsewhere)
    monkeypatch.chdir(project)
    assert main(["enrich", "papers/1503.02531.yaml", "1606.07947"]) == 1
    captured = capsys.readouterr()
    assert "1503.02531.yaml: error: not written: " in captured.err and "symbolic link" in captured.err
    assert elsewhere.read_text() == before
    assert "1606.07947.yaml: filled abstract" in captured.out  # the other file is still enriched


def test_scout_refuses_a_linked_drafts_folder(project, apis, monkeypatch, capsys, outside):
    apis.searches = {'abs:"on-policy distillation"': "search-opd.xml"}
    (project / "scout").mkdir()
    (project / "scout" / "state.yml").write_text("last_run: 2026-11-10\n")
    (project / "scout" / "drafts").symlink_to(outside)
    monkeypatch.chdir(project)
    assert main(["scout", "--write", "--report", "report.md"]) == 1
    err = capsys.readouterr().err
    assert err.count("opdhub scout: refused:") == 3 and "drafts is a symbolic link" in err  # each candidate reported
    assert untouched(outside)


def test_generate_refuses_links_inside_its_folder(example, outside, capsys):
    assert main(["generate"]) == 0
    generated = example / "generated"
    target = next(p for p in sorted(generated.rglob("*.md")))
    rel = target.relative_to(generated)
    target.unlink()
    target.symlink_to(outside / "victim.txt")
    (example / "papers" / "added-later.yaml").write_text(
        (example / "papers" / sorted(os.listdir(example / "papers"))[0])
        .read_text()
        .replace("title:", "title: Later", 1)
    )
    status = main(["generate"])
    err = capsys.readouterr().err
    assert status == 1 and "refused" in err and rel.name in err
    assert untouched(outside)


def test_export_refuses_a_linked_output(example, outside, capsys):
    (example / "out.bib").symlink_to(outside / "victim.txt")
    assert main(["export", "bib", "-o", "out.bib"]) == 1
    assert "refused" in capsys.readouterr().err and untouched(outside)


def test_import_refuses_a_dangling_link_in_papers(tmp_path, monkeypatch, capsys, outside):
    folder = tmp_path / "my-list"
    (folder / "papers").mkdir(parents=True)
    (folder / "README.md").write_text(
        "# My list\n\n## Models\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (2017)\n"
    )
    (folder / "papers" / "1706.03762.yaml").symlink_to(outside / "created.yaml")
    monkeypatch.chdir(folder)
    try:
        status = main(["import", "README.md", "--added", "2026-11-01"])
    except SystemExit as exc:
        status = exc.code
    err = capsys.readouterr().err
    assert status != 0 and "symbolic link" in err and "Traceback" not in err
    assert untouched(outside)


def test_import_force_never_edits_a_linked_file(tmp_path, monkeypatch, capsys, outside):
    from test_import import SAMPLE

    folder = tmp_path / "my-list"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / "README.md").write_text(SAMPLE, "utf-8")
    assert main(["import", "README.md", "--added", "2026-11-01"]) == 0
    path = folder / "papers" / "1512.03385.yaml"
    elsewhere = outside / "victim.txt"
    elsewhere.write_text(path.read_text("utf-8").replace("venue: CVPR 2016", "venue: CVPR 2016 (oral)"), "utf-8")
    before = elsewhere.read_text("utf-8")
    path.unlink()
    path.symlink_to(elsewhere)
    capsys.readouterr()
    try:
        status = main(["import", "README.md", "--force"])
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err
    assert elsewhere.read_text("utf-8") == before  # edited through the link: never
    assert path.is_symlink()
    # the linked file is not read as the list's (the paper model refuses links), so the paper is
    # imported anew next to it; nothing is written through the link
    assert status == 0 and (folder / "papers" / "1512.03385-2.yaml").is_file()
    # the editor import --force and enrich share refuses the link itself
    from mkdocs_opdhub.tools.yamledit import edit_paper

    with pytest.raises(RefusedWrite, match="symbolic link"):
        edit_paper(path, {"venue": "Elsewhere 2016"})
    assert elsewhere.read_text("utf-8") == before
