"""``export readme --into`` for a README with a map (see :mod:`.readmemap`): each entry is found
by its recorded place, never by its title or ids.

* an entry whose paper file still has the fields it was recorded with stays byte for byte;
* an entry whose file changed is rewritten in its own style (:mod:`.restyle`); when its title or
  link cannot be found in its text, it is written anew in the shape of its line;
* an entry whose file was deleted loses its lines (and one blank line, when blank lines
  separated it from its neighbours), nothing else;
* a file with no entry (a new one, or one moved to another chapter or section) is inserted after
  the last entry of its section, in that entry's style, or under a new heading at the end of the
  last marked block when the README has no entry there;
* an entry whose lines were edited in the README since it was recorded is left as it is, and
  reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.problems import Problem
from .export import escape_text, readme_line
from .importer.entries import with_columns
from .readmemap import Placed, fields_of, line_index, locate
from .readmesync import (
    SyncResult,
    _next_number,
    _rendered,
    marker_regions,
    required_regions,
)
from .restyle import Unplaceable, find_in_lines, restyle


@dataclass
class _Edit:
    end: int  # 0-based index after the replaced lines
    lines: list[str]
    placed: list[tuple[int, int, Placed]]  # (offset of first line, offset of last line, template) in ``lines``


def places(paper: Paper, catalog: Catalog) -> list[tuple[str, str | None]]:
    """Where a paper is listed: each of its chapters, in each of its sections there (or in the
    chapter itself)."""
    sections = catalog.taxonomy.sections()
    out = []
    for chapter in paper.chapters:
        mine = [s for s in paper.sections if s in sections and sections[s].chapter == chapter]
        out += [(chapter, s) for s in mine] or [(chapter, None)]
    return out


def sync_mapped(
    text: str,
    catalog: Catalog,
    recorded: list[Placed],
    *,
    display: str = "README.md",
    level: int = 2,
    authors: bool = False,
) -> tuple[SyncResult, list[Placed]]:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    regions = marker_regions(lines)  # with a map, markers only say where new headings go
    papers = {p.id: p for p in catalog.papers}
    result = SyncResult(text)
    edits: dict[int, _Edit] = {}  # first line index -> replacement
    inserts: dict[int, list[tuple[list[str], Placed]]] = {}  # after line index -> new entries
    kept: dict[int, Placed] = {}  # first line index -> an entry left as it is
    listed: set[tuple[str, tuple]] = set()  # (paper, place) with an entry
    anchors: dict[tuple[str, str | None], tuple[int, int, Placed]] = {}  # place -> its last entry (0-based)
    starts = line_index(lines)
    for placed in recorded:
        found = locate(lines, placed, starts)
        listed.add((placed.paper, placed.place))
        if found is None:
            _warn(
                result,
                display,
                placed.start,
                (f"the entry of papers/{placed.paper} was edited in the README since it was recorded; left as it is"),
                "run 'opdhub import' again to read it anew",
            )
            continue
        first, last = found[0] - 1, found[1]
        paper = papers.get(placed.paper)
        if paper is None:
            end = last + 1 if _blank_around(lines, first, last) else last
            edits[first] = _Edit(end, [], [])
            result.rewritten += 1
            continue
        now = fields_of(paper.get)
        if now == placed.fields:
            kept[first] = placed
            anchors[placed.place] = (first, last, placed)
            result.kept += 1
            continue
        if placed.place not in places(paper, catalog):  # moved to another chapter or section
            end = last + 1 if _blank_around(lines, first, last) else last
            edits[first] = _Edit(end, [], [])
            result.rewritten += 1
            continue
        block = lines[first:last]
        try:
            new_lines, unshown = restyle(block, placed.fields, now, **_style(placed.shape))
        except Unplaceable:
            if _find_text(block, placed.fields.get("title")) is None:
                # the entry shows another title than its file (a paper listed twice, under two
                # names): what the file says is not written over what this entry says
                _warn(
                    result,
                    display,
                    found[0],
                    f"the entry of papers/{paper.id} does not show the title of its file; left as it is",
                    "edit the entry by hand, or run 'opdhub import' again to record it anew",
                )
                kept[first] = placed
                result.kept += 1
                continue
            new_lines, unshown = (
                [_rendered(tuple(placed.shape), block[0], paper, authors)],
                [],
            )
        for name in unshown:
            _warn(
                result,
                display,
                found[0],
                (f"the entry of papers/{paper.id} does not show its {name}; the change to it is not written"),
                f"to show it, add the {name} to the entry by hand, then run 'opdhub import' again to record it",
            )
        template = Placed(paper.id, 0, 0, "", "", now, placed.shape, placed.place)
        edits[first] = _Edit(last, new_lines, [(0, len(new_lines) - 1, template)])
        anchors[placed.place] = (first, last, template)
        result.rewritten += 1

    missing = [(p, place) for p in catalog.papers for place in places(p, catalog) if (p.id, place) not in listed]
    homeless: list[tuple[Paper, tuple]] = []
    for paper, place in missing:
        anchor = anchors.get(place)
        if anchor is None:
            homeless.append((paper, place))
            continue
        first, last, template = anchor
        block = edits[first].lines if first in edits else lines[first:last]
        now = fields_of(paper.get)
        added = inserts.setdefault(last - 1, [])
        try:
            new_lines, unshown = restyle(block, template.fields, now, **_style(template.shape))
            if _leaks(new_lines, template.fields, now) or {
                "summary",
                "authors",
                "venue",
            } & set(unshown):
                raise Unplaceable("the neighbour's data would stay")
        except Unplaceable:
            previous = added[-1][0][0] if added else block[0]
            new_lines = [
                _rendered(
                    tuple(template.shape),
                    block[0],
                    paper,
                    authors,
                    _next_number(previous, []),
                )
            ]
        # entries apart, or of several paragraphs: a blank line before the new one too
        loose = template.shape[:1] != ["row"] and (
            _loose(lines, first) or any(not x.strip() for x in lines[first:last])
        )
        added.append(
            (
                [""] * bool(loose) + new_lines,
                Placed(paper.id, 0, 0, "", "", now, template.shape, place),
            )
        )
        result.added += 1

    if homeless:  # no entry of the README is in their section: new headings at the end of the last block
        # at the end of the last marked block, else after the last recorded entry
        if not regions and not anchors:
            required_regions(lines)  # nowhere to put them: the markers' message
        end = regions[-1][1] if regions else max(last for _, last, _ in anchors.values())
        inserts.setdefault(end - 1, []).extend(_new_headings(catalog, homeless, level, authors))
        result.added += len(homeless)

    out, placed_now = _apply(lines, edits, inserts, kept)
    changed = out != lines
    if changed:
        result.text = newline.join(out) + (newline if text.endswith(("\n", "\r")) or not text else "")
    result.problems = with_columns(result.problems, display, text)  # where each entry starts
    return result, placed_now


def _warn(result: SyncResult, display: str, line: int, message: str, hint: str | None = None) -> None:
    result.problems.append(Problem(display, line, None, None, message, hint, severity="warning"))


def _find_text(block: list[str], value: str | None):
    return find_in_lines(block, value) if value else None


def _loose(lines: list[str], first: int) -> bool:
    """A list whose entries are apart (a blank line between them): the entry starting at
    ``first`` has a blank line above it and an entry's text above that."""
    return (
        first >= 2
        and not lines[first - 1].strip()
        and bool(lines[first - 2].strip())
        and not lines[first - 2].lstrip().startswith(("#", "<!--"))
    )


def _style(shape: list) -> dict:
    """How :func:`.restyle.restyle` should treat an entry of this shape (a table row: its columns)."""
    row = shape[:1] == ["row"]
    return {"table": row, "roles": tuple(shape[1]) if row and len(shape) > 1 else ()}


def _blank_around(lines: list[str], first: int, last: int) -> bool:
    """Blank lines on both sides of an entry (a loose list): one goes with it when it is removed."""
    before = first == 0 or not lines[first - 1].strip()
    return before and last < len(lines) and not lines[last].strip()


def _leaks(new_lines: list[str], neighbour: dict, paper: dict) -> bool:
    """True when a line made from a neighbour's entry still holds the neighbour's own links or title."""
    text = "\n".join(new_lines)
    theirs = [neighbour.get("title"), neighbour.get("url"), *neighbour.get("code", [])]
    mine = {paper.get("title"), paper.get("url"), *paper.get("code", [])}
    return any(value and value not in mine and value in text for value in theirs)


def _new_headings(
    catalog: Catalog, papers: list[tuple[Paper, tuple]], level: int, authors: bool
) -> list[tuple[list[str], Placed]]:
    out: list[tuple[list[str], Placed]] = []
    taxonomy = catalog.taxonomy
    sections = taxonomy.sections()
    seen: set[tuple[str, str | None]] = set()
    for paper, (chapter_id, section_id) in sorted(papers, key=lambda item: (item[1][0], item[1][1] or "")):
        heading: list[str] = []
        if (chapter_id, None) not in seen:
            chapter = next((c for c in taxonomy.chapters if c.id == chapter_id), None)
            heading += [
                "",
                f"{'#' * level} {escape_text(chapter.heading if chapter else chapter_id)}",
                "",
            ]
            seen.add((chapter_id, None))
        if section_id and (chapter_id, section_id) not in seen:
            section = sections.get(section_id)
            heading += [
                "",
                f"{'#' * (level + 1)} {escape_text(section.heading if section else section_id)}",
                "",
            ]
            seen.add((chapter_id, section_id))
        shape = ["item", "-", "bullet_list"]
        out.append(
            (
                heading + [readme_line(paper, authors)],
                Placed(
                    paper.id,
                    0,
                    0,
                    "",
                    "",
                    fields_of(paper.get),
                    shape,
                    (chapter_id, section_id),
                ),
            )
        )
    return out


def _apply(
    lines: list[str],
    edits: dict[int, _Edit],
    inserts: dict[int, list[tuple[list[str], Placed]]],
    kept: dict[int, Placed],
) -> tuple[list[str], list[Placed]]:
    """The new lines, and where each entry is in them (for the new map)."""
    out: list[str] = []
    spots: list[tuple[int, int, Placed]] = []  # 0-based first and last index in ``out``

    def add_inserts(after: int) -> None:
        for new_lines, template in inserts.pop(after, []):
            body = [i for i, line in enumerate(new_lines) if line.strip()]
            first = next(i for i in body if not new_lines[i].startswith("#"))
            spots.append((len(out) + first, len(out) + body[-1], template))
            out.extend(new_lines)

    i = 0
    while i < len(lines):
        edit = edits.get(i)
        if edit is not None:
            for a, b, template in edit.placed:
                spots.append((len(out) + a, len(out) + b, template))
            out.extend(edit.lines)
            for index in range(i, max(edit.end, i + 1)):
                add_inserts(index)
            i = max(edit.end, i + 1)
            continue
        if i in kept:
            placed = kept[i]
            spots.append((len(out), len(out) + placed.end - placed.start, placed))
        out.append(lines[i])
        add_inserts(i)
        i += 1
    for after in sorted(inserts):
        add_inserts(after)
    return out, [Placed.at(out, t.paper, a + 1, b + 1, t.fields, t.shape, t.place) for a, b, t in spots]
