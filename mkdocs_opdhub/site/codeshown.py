"""Where a page's Markdown shows code rather than markup: its fenced code blocks and inline code
spans. An example of our markup there (`` `<div data-opdhub-filter>` ``) is no feature of the page
and no directive to expand."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")
_TICKS = re.compile(r"`+")


def fenced_lines(markdown: str) -> set[int]:
    """0-based numbers of the lines inside fenced code blocks (fence lines included).

    A fence opens with three or more backticks or tildes (a backtick fence's info string has no
    backtick) and closes with a line of the same character, at least as long, and nothing else;
    an unclosed fence runs to the end of the page.
    """
    inside: set[int] = set()
    opening: str | None = None
    for number, line in enumerate(markdown.split("\n")):
        match = FENCE.match(line)
        if opening is None:
            if match and not (match.group("fence")[0] == "`" and "`" in match.group("rest")):
                opening = match.group("fence")
                inside.add(number)
            continue
        inside.add(number)
        if (
            match
            and match.group("fence")[0] == opening[0]
            and len(match.group("fence")) >= len(opening)
            and not match.group("rest").strip()
        ):
            opening = None
    return inside


def code_masked(markdown: str) -> str:
    """``markdown`` with its fenced code blocks and inline code spans blanked (same length, line
    breaks kept): what a search for the page's features may look at."""
    fenced = fenced_lines(markdown)
    lines = [" " * len(line) if number in fenced else line for number, line in enumerate(markdown.split("\n"))]
    if "`" not in markdown:
        return "\n".join(lines)
    # Code spans exist only in inline content (paragraphs, headings, list items, table cells),
    # never in raw HTML blocks, where a backtick is a character like any other: markdown-it says
    # which lines hold inline content.
    for start, end in sorted(_inline_ranges("\n".join(lines))):
        text = "\n".join(lines[start:end])
        lines[start:end] = _spans_blanked(text).split("\n")
    return "\n".join(lines)


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _inline_ranges(markdown: str) -> set[tuple[int, int]]:
    """(first, end) line numbers of each block of inline content."""
    return {(t.map[0], t.map[1]) for t in _parser().parse(markdown) if t.type == "inline" and t.map}


def _spans_blanked(text: str) -> str:
    """``text`` with its code spans blanked, by CommonMark's rule: a run of n backticks (not
    escaped by a backslash) opens a span that the next run of exactly n backticks closes; a run
    without its closing run is literal backticks."""
    out, at = list(text), 0
    while (opening := _TICKS.search(text, at)) is not None:
        start, ticks = opening.start(), opening.group()
        backslashes = len(text[:start]) - len(text[:start].rstrip("\\"))
        if backslashes % 2:  # the first backtick is escaped; the rest of the run may open a span
            start, ticks = start + 1, ticks[1:]
            if not ticks:
                at = opening.end()
                continue
        closing = next((m for m in _TICKS.finditer(text, opening.end()) if len(m.group()) == len(ticks)), None)
        if closing is None:
            at = opening.end()
            continue
        for index in range(start, closing.end()):
            if out[index] != "\n":
                out[index] = " "
        at = closing.end()
    return "".join(out)
