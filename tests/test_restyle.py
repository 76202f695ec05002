"""An entry rewritten for a changed paper file keeps the list's own style: only the changed
fields' text is replaced."""

from __future__ import annotations

import pytest

from mkdocs_opdhub.tools.restyle import Unplaceable, restyle

ENTRY = [
    "1. **[Chain-of-Thought Prompting.](https://arxiv.org/abs/2201.11903)** [[code](https://github.com/o/cot)]",
    "",
    "    *Jason Wei, Xuezhi Wang, Dale Schuurmans.* NeurIPS'22",
]
OLD = {
    "title": "Chain-of-Thought Prompting",
    "url": "https://arxiv.org/abs/2201.11903",
    "authors": ["Jason Wei", "Xuezhi Wang", "Dale Schuurmans"],
    "year": 2022,
    "code": ["https://github.com/o/cot"],
}


def changed(**fields):
    return restyle(ENTRY, OLD, {**OLD, **fields})


def test_a_new_title_replaces_only_the_title():
    lines, unshown = changed(title="Chain of Thought & Friends")
    assert lines == [
        ENTRY[0].replace("Chain-of-Thought Prompting", "Chain of Thought & Friends"),
        *ENTRY[1:],
    ]
    assert unshown == []


def test_authors_keep_their_line_and_separators():
    lines, _ = changed(authors=["Jason Wei", "Denny Zhou"])
    assert lines[2] == "    *Jason Wei, Denny Zhou.* NeurIPS'22"
    assert lines[:2] == ENTRY[:2]


def test_a_new_code_link_copies_the_form_of_the_last_one_and_a_removed_one_goes():
    lines, _ = changed(code=["https://github.com/o/cot", "https://github.com/o/more"])
    assert lines[0].endswith("[[code](https://github.com/o/cot)] [[code](https://github.com/o/more)]")
    lines, _ = changed(code=[])
    assert lines[0] == "1. **[Chain-of-Thought Prompting.](https://arxiv.org/abs/2201.11903)**"


def test_a_field_the_entry_never_showed_is_reported_not_forced_in():
    lines, unshown = restyle(ENTRY, {**OLD, "venue": None}, {**OLD, "venue": "ICLR 2023"})
    assert lines == ENTRY and unshown == ["venue"]  # the entry writes no venue: reported
    lines, unshown = restyle(ENTRY, {**OLD, "summary": "old words"}, {**OLD, "summary": "new words"})
    assert lines == ENTRY and unshown == ["summary"]


def test_a_title_that_is_not_in_the_text_cannot_be_restyled():
    with pytest.raises(Unplaceable):
        restyle(ENTRY, {**OLD, "title": "Something Else"}, {**OLD, "title": "New"})


def test_a_table_row_escapes_pipes_and_never_writes_entities():
    row = ["| 2022.01 | **Old Title** | arXiv | [link](https://arxiv.org/abs/2201.11903) | - |"]
    lines, _ = restyle(row, {"title": "Old Title"}, {"title": "A | B & <C>"}, table=True)
    assert lines == ["| 2022.01 | **A \\| B & &lt;C>** | arXiv | [link](https://arxiv.org/abs/2201.11903) | - |"]


def test_a_venue_written_short_stays_short():
    lines, unshown = restyle(ENTRY, {**OLD, "venue": "NeurIPS 2022"}, {**OLD, "venue": "ICLR 2023"})
    assert lines[2] == "    *Jason Wei, Xuezhi Wang, Dale Schuurmans.* ICLR'23" and unshown == []
