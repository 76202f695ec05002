"""Change a few fields of a paper file and keep everything else exactly as its author wrote it.

Commands that update existing paper files (``import --force``, ``new``, enrichment) must not
reformat them: comments, key order, quoting, the schema modeline, blank lines and every value
they do not change stay byte for byte. ruamel.yaml's round-trip parser tells where each
top-level key starts; only the lines of the keys that change are replaced (or new ``key: value``
lines inserted where the canonical field order puts them), the rest of the text is copied.
A top-level mapping that is not in block style (``{id: x, title: y}``) is edited through
ruamel's round-trip dump instead, which also keeps comments, order and quoting.

Every edit is checked by reading the result back: it must hold exactly the old data with the
requested changes, or :class:`EditError` is raised and nothing is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..model import yamlsource
from .safefs import write_file
from .writer import dump_paper, ordered

__all__ = ["EditError", "edit_paper", "edit_text"]

_COMMENT_OR_BLANK = re.compile(r"^(#.*)?\s*$")  # at column 0: a full-line comment, or nothing


class EditError(Exception):
    """The file cannot be edited without changing what it does not mean to change."""


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title or URL
    return yaml


def _current(text: str) -> dict[str, Any]:
    """The file's data as the site reads it (dates as text, ids as written)."""
    try:
        data = yamlsource.parse(text, "paper").data
    except yamlsource.YamlProblem as exc:
        raise EditError(f"not valid YAML: {exc.problem.message}") from None
    if not isinstance(data, dict):
        raise EditError("the file is not a mapping of fields")
    return data


def _fragment(name: str, value: Any, facet_fields: Sequence[str]) -> list[str]:
    """``name: value`` as the project writes paper fields (``  - item`` lists, quoted ids)."""
    return _lines(dump_paper({name: value}, facet_fields))


def _lines(text: str) -> list[str]:
    """Lines with their ends, split at ``\\n`` only (where YAML parsers count lines)."""
    return [line for line in re.split(r"(?<=\n)", text) if line]


def _key_lines(text: str) -> tuple[dict[str, int], dict[str, str]] | None:
    """0-based line of every top-level key and the end-of-line comment after a scalar value
    (``url: https://…  # mirror``); None when the mapping is not one key per line at column 0
    (flow style), where lines cannot be spliced."""
    try:
        node = _round_trip().load(text)
    except YAMLError as exc:
        raise EditError(f"not valid YAML: {exc}") from None
    if not isinstance(node, dict) or not hasattr(node, "lc") or node.fa.flow_style():
        return None
    text_lines = _lines(text)
    lines: dict[str, int] = {}
    comments: dict[str, str] = {}
    for key in node:
        line, col = node.lc.key(key)
        if col != 0 or line in lines.values():
            return None
        lines[str(key)] = line
        token = (node.ca.items.get(key) or [None] * 3)[2]
        if token is not None and token.start_mark.line == line and token.value.startswith("#"):
            source = text_lines[line].rstrip("\r\n")
            comments[str(key)] = source[len(source[: token.start_mark.column].rstrip()) :]
    return lines, comments


def _spans(lines: list[str], starts: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Lines ``[first, end)`` of each key's text: from the key to the next key, less the comments
    and blank lines right above the next key (those introduce that key, and stay with it)."""
    order = sorted(starts.items(), key=lambda item: item[1])
    spans = {}
    for i, (key, first) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else len(lines)
        while end - 1 > first and _COMMENT_OR_BLANK.match(lines[end - 1]):
            end -= 1
        spans[key] = (first, end)
    return spans


def _position(name: str, present: list[str], canonical: list[str]) -> int:
    """Where a new key goes among ``present`` keys: after the last key that comes before it
    in the canonical order (at the top when none does)."""
    rank = {k: i for i, k in enumerate(canonical)}
    mine = rank.get(name, len(canonical))
    before = [i for i, k in enumerate(present) if rank.get(k, len(canonical)) <= mine]
    return before[-1] + 1 if before else 0


def _replacement(old: list[str], fragment: list[str], comment: str | None) -> list[str]:
    """New lines for a changed key: its end-of-line comment (scalars) and the comment lines that
    close its old value (``  # more authors to come``) are kept."""
    if comment and len(fragment) == 1:
        fragment = [fragment[0].rstrip("\r\n") + comment + fragment[0][len(fragment[0].rstrip("\r\n")) :]]
    tail: list[str] = []
    for line in reversed(old[1:]):
        if not line.lstrip().startswith("#"):
            break
        tail.insert(0, line)
    return fragment + tail


def _splice(
    text: str,
    located: tuple[dict[str, int], dict[str, str]],
    changes: dict[str, Any],
    remove: set[str],
    canonical: list[str],
    facet_fields: Sequence[str],
) -> str:
    starts, comments = located
    lines = _lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    spans = _spans(lines, starts)
    present = sorted(starts, key=starts.get)
    kept = [k for k in present if k not in remove]
    replaced: dict[str, list[str]] = {name: [] for name in remove}
    after: dict[str | None, list[str]] = {}  # new keys, by the key they follow (None: the top)
    for name, value in changes.items():
        fragment = [line[:-1] + newline for line in _fragment(name, value, facet_fields)]
        if name in spans:
            first, end = spans[name]
            replaced[name] = _replacement(lines[first:end], fragment, comments.get(name))
        else:
            at = _position(name, kept, canonical)
            after.setdefault(kept[at - 1] if at else None, []).extend(fragment)
    first_key = spans[present[0]][0] if present else len(lines)
    # new keys at the top go below the modeline and the other leading comments
    out = lines[:first_key] + after.get(None, [])
    cursor = first_key
    for name in present:
        first, end = spans[name]
        out += lines[cursor:first]
        out += replaced.get(name, lines[first:end])
        out += after.get(name, [])
        cursor = end
    out += lines[cursor:]
    return "".join(out)


def _sorted_new(changes: dict[str, Any], canonical: list[str]) -> dict[str, Any]:
    rank = {k: i for i, k in enumerate(canonical)}
    return dict(sorted(changes.items(), key=lambda item: rank.get(item[0], len(canonical))))


def _dump_round_trip(text: str, changes: dict[str, Any], remove: set[str], canonical: list[str]) -> str:
    yaml = _round_trip()
    node = yaml.load(text)
    for name in remove:
        node.pop(name, None)
    for name, value in changes.items():
        if name in node:
            node[name] = value
        else:
            node.insert(_position(name, [str(k) for k in node], canonical), name, value)
    out = io.StringIO()
    yaml.dump(node, out)
    return out.getvalue()


def edit_text(
    text: str, changes: Mapping[str, Any] | None = None, *, remove: Iterable[str] = (), facet_fields: Sequence[str] = ()
) -> str:
    """``text`` with the top-level fields in ``changes`` set (added or replaced) and those in
    ``remove`` taken out; a field whose value is already the one given is left as written."""
    current = _current(text)
    changes = {k: v for k, v in (changes or {}).items() if current.get(k, _MISSING) != v}
    remove = {k for k in remove if k in current and k not in changes}
    if not changes and not remove:
        return text
    canonical = list(ordered({**dict.fromkeys(current), **dict.fromkeys(changes)}, list(facet_fields)))
    changes = _sorted_new(changes, canonical)
    starts = _key_lines(text)
    if starts is not None:
        result = _splice(text, starts, changes, remove, canonical, facet_fields)
    else:
        result = _dump_round_trip(text, changes, remove, canonical)
    expected = {k: v for k, v in {**current, **changes}.items() if k not in remove}
    if _current(result) != expected:
        raise EditError("the edited file would not read back as intended")
    return result


_MISSING = object()


def edit_paper(
    path: Path,
    changes: Mapping[str, Any] | None = None,
    *,
    remove: Iterable[str] = (),
    facet_fields: Sequence[str] = (),
) -> bool:
    """Edit the paper file at ``path`` in place (see :func:`edit_text`); True when it changed."""
    raw = Path(path).read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    result = edit_text(text, changes, remove=remove, facet_fields=facet_fields)
    if result == text:
        return False
    write_file(path, (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8"), within=Path(path).parent)
    return True
