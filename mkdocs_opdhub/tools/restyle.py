"""One README entry rewritten for what changed in its paper file, in the entry's own style.

The entry's text stays as the list wrote it (its line layout, badges, author line, link labels,
separators); only the text of each changed field is replaced: the old title by the new one, the
old link by the new link, one code link's address by another's. A new code link copies the
form of the entry's last one. What the entry cannot show (a venue it never had, a year it does not
write) is reported, not forced in; when the title or link cannot be found the caller decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .export import escape_text, readme_url

# link destinations and bare URLs: a year or a name inside them is not the entry's text
_URLISH = re.compile(r"\]\([^)\s]*\)|<https?://[^>\s]*>|https?://[^\s)\]>]+|\]:\s*\S+")


_SHORT_VENUE = re.compile(r"(.+?) (?:19|20)(\d\d)")


class Unplaceable(Exception):
    """A change that cannot be made in the entry's own text."""


def _flex(value: str) -> str:
    """A pattern for ``value`` as a README may wrap it: any run of spaces may be a line break."""
    return r"\s+".join(re.escape(word) for word in value.split())


def _outside_urls(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URLISH.finditer(text)]


def _find(text: str, value: str, *, in_urls: bool = False) -> re.Match | None:
    """The first place ``value`` is written (as it is, Markdown-escaped or HTML-escaped)."""
    masked = [] if in_urls else _outside_urls(text)
    variants = dict.fromkeys([value, escape_text(value), value.replace("&", "&amp;").replace("<", "&lt;")])
    for variant in variants:
        if not variant.strip():
            continue
        for match in re.finditer(
            r"(?<![\w])" + _flex(variant) + r"(?![\w])" if variant[0].isalnum() else _flex(variant),
            text,
        ):
            if not any(a <= match.start() < b for a, b in masked):
                return match
    return None


def find_in_lines(lines: list[str], value: str) -> re.Match | None:
    """Where an entry's lines write ``value`` (as it is, or escaped), outside its links' targets."""
    return _find("\n".join(lines), value)


def _replace(text: str, match: re.Match, new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def _url_pattern(url: str) -> str:
    return r"<?" + re.escape(url) + r">?(?=[)\s\"']|$)"


def _swap_url(text: str, old: str, new: str) -> str:
    found = re.subn(_url_pattern(old), lambda _: readme_url(new), text)
    if not found[1]:
        raise Unplaceable(f"link {old} is not in the entry")
    return found[0]


_LINK_AROUND = r"(\[*)\[([^\[\]]*)\]\(" + "{url}" + r"\)(\]*)"


def _link_of(text: str, url: str) -> re.Match | None:
    return re.search(_LINK_AROUND.format(url=_url_pattern(url)), text)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")
EMPTY_CELLS = {"", "-", "—", "–", "n/a", "none", "/"}


def _empty_code_cell(text: str, roles: tuple, urls: list[str]) -> str:
    """A table row whose code cell says nothing (``-``): the links go in it, labelled as the
    row's other links are."""
    cells = _CELL_SPLIT.split(text)
    offset = 1 if text.lstrip().startswith("|") else 0
    index = roles.index("code") + offset if "code" in roles else -1
    if index < 0 or index >= len(cells) or cells[index].strip().casefold() not in EMPTY_CELLS:
        raise Unplaceable("a new code link in a table row without an empty code column")
    label = re.search(r"\[([^\[\]]+)\]\(", text)
    shown = label.group(1) if label and not label.group(1).startswith("!") else "code"
    links = " ".join(f"[{shown}]({readme_url(url)})" for url in urls)
    cell = cells[index]
    padding = (len(cell) - len(cell.lstrip()), len(cell) - len(cell.rstrip()))
    cells[index] = " " * max(padding[0], 1) + links + " " * max(padding[1], 1)
    return "|".join(cells)


def _codes(text: str, old: list[str], new: list[str], table: bool, roles: tuple = ()) -> str:
    for a, b in zip(old, new, strict=False):  # new may be longer or shorter: handled below
        if a != b:
            text = _swap_url(text, a, b)
    for gone in old[len(new) :]:
        link = _link_of(text, gone)
        if link is None:
            raise Unplaceable(f"code link {gone} is not written as a link")
        start = link.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        text = text[:start] + text[link.end() :]
    added = new[len(old) :]
    if added:
        last = _link_of(text, readme_url(new[len(old) - 1])) if old else None
        if last is not None:
            copies = "".join(f" {last.group(1)}[{last.group(2)}]({readme_url(url)}){last.group(3)}" for url in added)
            text = text[: last.end()] + copies + text[last.end() :]
        elif table:
            text = _empty_code_cell(text, roles, added)
        else:
            style = "[[code]({})]" if "[[" in text else "[code]({})"
            text = text.rstrip() + "".join(" " + style.format(readme_url(url)) for url in added)
    return text


def _authors(text: str, old: list[str], new: list[str], esc: Callable[[str], str]) -> str:
    first = _find(text, old[0])
    last = _find(text[first.end() :], old[-1]) if first else None
    if first is None or (len(old) > 1 and last is None):
        raise Unplaceable("the authors are not written in the entry")
    end = first.end() + last.end() if len(old) > 1 else first.end()
    separator = ", "
    if len(old) > 1:
        second = _find(text[first.end() :], old[1])
        if second is not None and 0 < second.start() <= 6:
            separator = text[first.end() : first.end() + second.start()]
    return text[: first.start()] + separator.join(esc(n) for n in new) + text[end:]


def _remove_with_separator(text: str, match: re.Match) -> str:
    """A summary or venue taken out with the separator before it (``— ``, ``: ``, ``- ``)."""
    start = match.start()
    before = re.search(r"\s*(?:[-–—:|·,]\s*)?$", text[:start])
    return text[: before.start() if before else start] + text[match.end() :]


def restyle(
    lines: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    table: bool = False,
    roles: tuple = (),
) -> tuple[list[str], list[str]]:
    """The entry's lines with ``old`` field values replaced by ``new`` ones, and the names of
    changed fields the entry does not show; :class:`Unplaceable` when the title, the link or a
    field that is shown cannot be rewritten in place."""
    text = "\n".join(lines)

    def esc(value: str) -> str:
        value = escape_text(value)
        return value.replace("|", "\\|") if table else value

    unshown = []
    for name in (
        "code",
        "url",
        "arxiv",
        "doi",
        "title",
        "venue",
        "authors",
        "summary",
        "year",
    ):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if name == "code":
            text = _codes(text, list(a or []), list(b or []), table, roles)
        elif name == "url":
            if not a or not b:
                raise Unplaceable("a link added to or taken from the entry")
            text = _swap_url(text, a, b)
        elif name == "authors" and a and b:
            text = _authors(text, list(a), list(b), esc)
        else:
            found = _find(text, str(a), in_urls=name in ("arxiv", "doi")) if a is not None else None
            short = _SHORT_VENUE.fullmatch(str(a)) if name == "venue" and a and found is None else None
            if short:  # "ICLR 2023" written "ICLR'23": the new venue is written the same way
                found = _find(text, f"{short.group(1)}'{short.group(2)}") or _find(
                    text, f"{short.group(1)}’{short.group(2)}"
                )
                new_short = _SHORT_VENUE.fullmatch(str(b or ""))
                if found is not None and new_short:
                    b = f"{new_short.group(1)}{found.group()[len(short.group(1))]}{new_short.group(2)}"
            if found is None:
                if name == "title":
                    raise Unplaceable("the title is not written as it was read")
                unshown.append(name)
                continue
            if b is None or b == []:
                # in a table the cell stays (emptied); elsewhere its separator goes with it
                text = _replace(text, found, "") if table else _remove_with_separator(text, found)
            elif name in ("arxiv", "doi"):
                text = re.sub(re.escape(str(a)), str(b), text)
            else:
                text = _replace(text, found, esc(str(b)) if name != "year" else str(b))
    return text.split("\n"), unshown
