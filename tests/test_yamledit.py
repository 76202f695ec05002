"""Editing paper files keeps what their authors wrote: comments, order, quoting, untouched values."""

from __future__ import annotations

import pytest

from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.tools.yamledit import EditError, edit_paper, edit_text

WRITTEN = """\
# yaml-language-server: $schema=../schema/paper.schema.json
# Added by hand; please keep the mirror link.
id: "2401.00001"
title: 'A Paper: With a Colon'
authors:
    - Doe, Jane   # corresponding author
    - Roe, Richard
    # more authors in the camera-ready
year: 2024
url: http://mirror.example.org/paper.pdf?id=1&x=2   # mirror, the arXiv page is down
code: [https://github.com/doe/paper]

chapter: '4'
summary: >-
  Folded text that a dumper
  would put on one line.
added: 2024-02-01
"""


def data(text):
    return yamlsource.parse(text, "p.yaml").data


def test_unchanged_fields_stay_byte_identical_and_new_keys_go_in_canonical_order():
    out = edit_text(WRITTEN, {"venue": "ICLR 2025", "date": "2024-01-02", "arxiv": "2401.00001"})
    lines = out.splitlines()
    # every original line is still there, in order
    original = WRITTEN.splitlines()
    it = iter(lines)
    assert all(any(line == o for line in it) for o in original)
    # new keys between the keys the canonical order puts around them
    assert lines[lines.index("year: 2024") + 1 : lines.index("year: 2024") + 4] == [
        "date: 2024-01-02",
        "venue: ICLR 2025",
        "arxiv: '2401.00001'",
    ]
    assert data(out) == {**data(WRITTEN), "venue": "ICLR 2025", "date": "2024-01-02", "arxiv": "2401.00001"}


def test_a_changed_value_keeps_its_comments_and_nothing_else_moves():
    out = edit_text(WRITTEN, {"authors": ["Doe, Jane", "Roe, Richard", "Poe, Edgar"]})
    assert "  - Poe, Edgar\n    # more authors in the camera-ready\nyear: 2024\n" in out
    assert out.replace("  - Doe, Jane\n  - Roe, Richard\n  - Poe, Edgar\n", "") == WRITTEN.replace(
        "    - Doe, Jane   # corresponding author\n    - Roe, Richard\n", ""
    )
    out = edit_text(WRITTEN, {"year": 2025})
    assert out == WRITTEN.replace("year: 2024", "year: 2025")
    out = edit_text("id: x\nvenue: arXiv  # preprint for now\nyear: 2024\n", {"venue": "ICML 2024"})
    assert out == "id: x\nvenue: ICML 2024  # preprint for now\nyear: 2024\n"


def test_same_value_is_not_rewritten_even_when_written_differently():
    assert (
        edit_text(
            WRITTEN,
            {"id": "2401.00001", "chapter": "4", "added": "2024-02-01", "code": ["https://github.com/doe/paper"]},
        )
        == WRITTEN
    )


def test_remove_takes_out_the_key_and_only_its_lines():
    out = edit_text(WRITTEN, remove=["code"])
    assert out == WRITTEN.replace("code: [https://github.com/doe/paper]\n", "")
    out = edit_text(WRITTEN, remove=["summary"])
    assert "Folded" not in out and out.endswith("chapter: '4'\nadded: 2024-02-01\n")


def test_comment_above_a_key_stays_with_that_key_when_a_key_is_inserted_before_it():
    text = (
        "id: x\ntitle: T\nyear: 2024\n\n# where to find it\nurl: https://example.org/x\nchapter: a\nadded: 2024-01-01\n"
    )
    out = edit_text(text, {"date": "2024-03"})
    assert out == text.replace("year: 2024\n", "year: 2024\ndate: 2024-03\n")
    # a key before every existing one goes below the modeline
    out = edit_text("# yaml-language-server: $schema=s.json\ntitle: T\n", {"id": "x"})
    assert out == "# yaml-language-server: $schema=s.json\nid: x\ntitle: T\n"


def test_crlf_files_and_files_without_final_newline():
    text = "id: x\r\ntitle: T\r\nyear: 2024"
    out = edit_text(text, {"venue": "NeurIPS 2024"})
    assert out == "id: x\r\ntitle: T\r\nyear: 2024\r\nvenue: NeurIPS 2024\r\n"


def test_flow_style_mapping_is_edited_through_the_round_trip_dump():
    out = edit_text("{id: x, title: 'T', year: 2024}  # one line\n", {"venue": "ACL 2024"})
    assert data(out) == {"id": "x", "title": "T", "year": 2024, "venue": "ACL 2024"}
    assert "'T'" in out and "# one line" in out


def test_ids_and_dates_keep_their_types():
    out = edit_text("id: x\ntitle: T\n", {"arxiv": "2604.00620", "date": "2026-04-01", "year": 2026})
    assert data(out)["arxiv"] == "2604.00620" and data(out)["date"] == "2026-04-01" and data(out)["year"] == 2026


def test_edit_paper_writes_only_when_something_changes(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + WRITTEN.encode())
    assert edit_paper(path, {"year": 2024}) is False
    assert edit_paper(path, {"year": 2023}) is True
    assert path.read_bytes() == b"\xef\xbb\xbf" + WRITTEN.replace("year: 2024", "year: 2023").encode()


def test_invalid_yaml_is_refused():
    with pytest.raises(EditError):
        edit_text("id: [unclosed\n", {"year": 2024})
    with pytest.raises(EditError):
        edit_text("- a list\n", {"year": 2024})
