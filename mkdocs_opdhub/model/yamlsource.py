"""Read a YAML file into plain data *and* the line/column of every key and value.

PyYAML's C loader (``CSafeLoader``) composes the node graph with source marks; we build the
Python values from those nodes ourselves so that we can

* remember where every value came from (for ``file:line:col`` messages),
* reject duplicate keys instead of silently keeping the last one,
* reject anchors/aliases, which paper files never need and which make "billion laughs"
  documents possible: composing is linear in the file size, only expanding aliases blows up,
  and we never expand them,
* reject explicit tags (``!!int``, ``!!binary``, ``!!python/…``) and characters no text may
  hold (see :mod:`.chars`), each with its line and column, instead of raising.

Most files are plain: :func:`quick_load` reads those with the C loader alone and answers
``None`` for anything it cannot vouch for; callers then take :func:`parse`, the careful path.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import chars
from .problems import Problem

try:  # the C loader is ~8x faster; fall back so a libyaml-less install still works
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader  # type: ignore[misc,assignment]  # the same interface, in Python

MAX_BYTES = 256 * 1024

Path_ = tuple  # a path into the data: ("authors", 2)


@dataclass
class Located:
    """Parsed data plus ``path -> (line, column)`` (1-based) for values and for mapping keys."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    numbers: dict[Path_, str] = field(default_factory=dict)  # source text of unquoted numbers: 2604.00620

    def text(self, path: Path_, default: Any = None) -> str:
        """How a number was written in the file (``2604.00620``, not ``2604.0062``)."""
        return self.numbers.get(tuple(path), str(default))

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Best location for ``path``: the exact node, else its nearest ancestor."""
        path = tuple(path)
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
        return (1, 1)


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _refused(
    display: str, line: int | None, col: int | None, message: str, hint: str | None = None, field: str | None = None
) -> YamlProblem:
    """The exception for a defect of the file at ``line``:``col`` (``None``: the file as a whole)."""
    return YamlProblem(Problem(display, line, col, field, message, hint))


class Vanished(YamlProblem):
    """The file was there when the folder was listed and is gone now (``mkdocs serve`` while an
    editor or ``git checkout`` replaces files). A folder of papers treats it as simply gone;
    a caller that needs the file (the taxonomy) reports it like any other unreadable file."""

    def __init__(self, display: str):
        super().__init__(Problem(display, None, None, None, "cannot read file: it was deleted while being read"))


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


# Friendlier words for the scanner/parser messages people actually hit (libyaml's wording and
# PyYAML's): (words in the message, what to say, hint, which mark points at the cause).
_FRIENDLY = [
    ("found a tab character", "a tab character is used for indentation", "indent with spaces, not tabs", "problem"),
    (
        "mapping values are not allowed",
        "a ':' that does not belong here",
        "put a value that contains ': ' in quotes, or check this line's indentation",
        "problem",
    ),
    (
        "could not find expected ':'",
        "a line is neither 'key: value' nor a list item",
        "check the indentation and that every key ends with ':'",
        "context",
    ),
    ("found undefined alias", "aliases (*name) are not supported", "write the value out in full", "problem"),
    ("while scanning a quoted scalar", "a quoted value is never closed", "add the closing quote", "context"),
    ("did not find expected ',' or ']'", "a list opened with '[' is never closed", "add the closing ']'", "context"),
    ("did not find expected ',' or '}'", "a mapping opened with '{' is never closed", "add the closing '}'", "context"),
    (
        "did not find expected key",
        "this line does not line up with the lines above",
        "align keys of the same mapping at the same column",
        "problem",
    ),
    (
        "expected <block end>, but found",
        "this line does not line up with the lines above",
        "align keys of the same mapping at the same column",
        "problem",
    ),
]


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    return lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""


def _syntax_problem(path: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line, col = _mark(mark) if mark is not None else (None, None)
    raw = " ".join(str(x) for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x)
    raw = raw or str(exc)
    if line is not None:
        # A tab anywhere in a line's indentation is the usual cause, whatever the scanner says.
        row = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent and ("tab" in raw or "cannot start any token" in raw or "indentation" in raw):
            return Problem(
                path,
                line,
                indent.index("\t") + 1,
                None,
                "YAML syntax error: a tab character is used for indentation",
                "indent with spaces, not tabs",
            )
    if "cannot start any token" in raw and line is not None and col is not None:
        char = _char_at(text, line, col) or "?"
        return Problem(
            path, line, col, None, f"YAML syntax error: a value cannot start with '{char}'", "put the value in quotes"
        )
    if "did not find expected key" in raw and line is not None and col is not None:
        row = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
        if row[: col - 1].strip():  # something after a complete value on the same line
            return Problem(
                path,
                line,
                col,
                None,
                f"YAML syntax error: unexpected '{_char_at(text, line, col)}' after a value",
                "remove it, or put the whole value in quotes",
            )
    for needle, message, hint, which in _FRIENDLY:
        if needle in raw:
            chosen = context_mark if which == "context" and context_mark is not None else mark
            where = _mark(chosen) if chosen is not None else (None, None)
            return Problem(path, where[0], where[1], None, f"YAML syntax error: {message}", hint)
    return Problem(path, line, col, None, f"YAML syntax error: {raw}", "check the file in an editor with YAML support")


def read_text(path: Path, display: str, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a ``YamlProblem`` for oversized or non-UTF-8 files. Reads at most one
    byte past the limit, so a file that grows while it is read cannot exhaust memory either."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size if len(raw) > max_bytes else len(raw)
    except FileNotFoundError:
        raise Vanished(display) from None
    except OSError as exc:
        raise _refused(display, None, None, f"cannot read file: {exc.strerror}") from None
    if size > max_bytes:
        raise _refused(
            display,
            None,
            None,
            f"file is {size // 1024} KiB; the limit is {max_bytes // 1024} KiB",
            "a paper file holds one paper's metadata; move long text elsewhere",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise _refused(
            display,
            line,
            col,
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        ) from None


def parse(text: str, display: str) -> Located:
    """Parse one YAML document into a :class:`Located`; raise ``YamlProblem`` on any defect."""
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_characters(text, display)
    try:
        _check_depth(text, display)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            line, col = _mark(exc.problem_mark)
            raise _refused(
                display,
                line,
                col,
                "the file holds more than one YAML document",
                "remove the '---' separator: one file describes one paper",
            ) from None
        raise YamlProblem(_syntax_problem(display, exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(_syntax_problem(display, exc, text)) from None
    if node is None:
        raise _refused(display, 1, 1, "the file is empty", "start from an existing paper file or run 'opdhub new'")
    located = Located(None)
    located.data = _Builder(display, located, text).build(node, ())
    return located


def _check_characters(text: str, display: str) -> None:
    """Refuse characters no text may hold where they stand, before the YAML reader does it
    with a character offset instead of a line (``position 29``)."""
    found = chars.find(text)
    if found:
        start = found.start()
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        raise _refused(
            display,
            line,
            col,
            f"the file contains {chars.describe(found.group())}",
            "delete it: most editors do not show it, so retype the text around it",
        )


MAX_DEPTH = 64  # paper files need 3 levels, taxonomies about 10; libyaml's composer recurses in C


@functools.cache
def _line_start_wider_than(width: int) -> re.Pattern:
    return re.compile(rf"^(?:[ \t]|[-?](?=[ \t\n])){{{width + 1},}}", re.M)


def _check_depth(text: str, display: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before composing them (a deep enough one
    crashes the C composer). A block collection starts at a line's indentation or after compact
    '- '/'? ' markers, so twice that column plus the flow brackets bounds the depth; only files
    over the bound are scanned event by event, with PyYAML's pure-Python parser: libyaml looks
    ahead while scanning flow collections and, since 0.2.5, stops at its own nesting limit
    before we see the 65th level; the Python scanner looks ahead 1024 characters at most, so
    our limit and message hold with any libyaml. Other syntax errors are left to the C parser,
    so that they read the same with or without deep nesting."""
    room = (MAX_DEPTH - text.count("[") - text.count("{")) // 2 - 1  # the widest start that stays in bounds
    if room >= 0 and not _line_start_wider_than(room).search(text):
        return
    try:
        too_deep = _first_too_deep(text)
    except yaml.YAMLError:
        return
    if too_deep is not None:
        line, col = _mark(too_deep.start_mark)
        raise _refused(
            display,
            line,
            col,
            f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
            "a paper file needs three levels at most",
        )


def _first_too_deep(text: str):
    """The event that opens level MAX_DEPTH + 1, or None."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def load(path: Path, display: str, max_bytes: int = MAX_BYTES) -> Located:
    return parse(read_text(path, display, max_bytes), display)


# -- the quick path ---------------------------------------------------------------------------------
# Without these characters a file has no tags (!), anchors or aliases (& *); without '<<' no merge
# key. Text with any of them (also inside quotes: "Q&A!") simply takes the careful path.
_CAREFUL = re.compile(r"[!&*]|<<")


class _Careful(Exception):
    """Raised inside the quick loader: this file needs :func:`parse`."""


class _QuickLoader(_Loader):
    """The C loader building plain values, refusing whatever :func:`parse` would treat specially."""

    def construct_mapping(self, node, deep=False):
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode) and key.tag == _STR]
        if len(keys) != len(node.value) or len(set(keys)) != len(keys):
            raise _Careful  # a key that is not text, or a duplicate key
        return super().construct_mapping(node, deep)

    def construct_plain_int(self, node):
        value = self.construct_yaml_int(node)
        if str(value) != node.value:
            raise _Careful  # 0x10, 1_000, 0o7, 1:30: parse() keeps how it was written
        return value

    def construct_yaml_float(self, node):
        raise _Careful  # section: 5.10, year: 2020.0: parse() keeps how it was written

    def construct_yaml_bool(self, node):
        raise _Careful  # yes/no/on/off: rare, and the schema must see them exactly as parse() does


_QuickLoader.add_constructor("tag:yaml.org,2002:int", _QuickLoader.construct_plain_int)
_QuickLoader.add_constructor("tag:yaml.org,2002:float", _QuickLoader.construct_yaml_float)
_QuickLoader.add_constructor("tag:yaml.org,2002:bool", _QuickLoader.construct_yaml_bool)
_QuickLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)  # dates stay text


def quick_load(text: str) -> Any:
    """The data of a plain, well-formed file, read by the C loader alone, or ``None`` when the
    file needs :func:`parse` (for a message with its place, or for a value written specially).
    For any file both agree: what this returns is what ``parse(text).data`` would be."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _CAREFUL.search(text) or chars.find(text):
        return None
    room = (MAX_DEPTH - text.count("[") - text.count("{")) // 2 - 1
    if room < 0 or _line_start_wider_than(room).search(text):
        return None
    try:
        data = yaml.load(text, Loader=_QuickLoader)  # noqa: S506 - a SafeLoader subclass
    except Exception:  # noqa: BLE001 - anything at all: the careful path explains it
        return None
    # Refused characters in values can only come from escapes ("\\x85"): no backslash, none.
    return data if "\\" not in text or _plain_texts(data) else None


def _plain_texts(value: Any) -> bool:
    """No refused character in any text (they can come from escapes: "\\x85")."""
    if isinstance(value, str):
        return not chars.find(value)
    if isinstance(value, dict):
        return all(_plain_texts(k) and _plain_texts(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_texts(v) for v in value)
    return True


class _Builder:
    def __init__(self, display: str, located: Located, text: str = ""):
        self.display = display
        self.text = text
        self.located = located
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def fail(self, node, message: str, hint: str | None = None, field: str | None = None):
        line, col = _mark(node.start_mark)
        raise _refused(self.display, line, col, message, hint, field)

    def build(self, node, path: Path_):
        if id(node) in self.seen:
            # The composed graph shares the anchored node; the events say where the alias stands.
            alias = next(e for e in yaml.parse(self.text, Loader=_Loader) if isinstance(e, yaml.AliasEvent))
            line, col = _mark(alias.start_mark)
            raise _refused(
                self.display,
                line,
                col,
                f"aliases (*{alias.anchor}) are not supported",
                "write the value out in full",
                field=_dotted(path),
            )
        self.seen.add(id(node))
        self.located.values[path] = _mark(node.start_mark)
        self._check_tag(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.located.numbers[path] = node.value
        if isinstance(value, str):
            self._check_text(node, value, path)
        return value

    def _check_tag(self, node, path: Path_) -> None:
        """Only the tag the value would have anyway; ``!!str`` (or ``!``) on a scalar is the
        one explicit tag with a meaning here: "this is text"."""
        if isinstance(node, yaml.ScalarNode):
            implicit = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)) if not node.style else _STR
            if node.tag in (implicit, _STR):
                return
        elif node.tag == (_MAP if isinstance(node, yaml.MappingNode) else _SEQ):
            return
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(
            node,
            f"the YAML tag '{tag}' is not supported",
            "remove it; put the value in quotes if it is text",
            _dotted(path),
        )

    def _check_text(self, node, value: str, path: Path_) -> None:
        # Raw characters were refused with their exact place already; these were written as
        # escapes in a double-quoted value ("\x85", "\uFFFE").
        found = chars.find(value)
        if found:
            self.fail(
                node,
                f"contains {chars.describe(found.group())}, written as an escape",
                "remove the escape from the value",
                _dotted(path),
            )

    def _mapping(self, node, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain name", field=_dotted(path))
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not supported", "write the keys out in full", _dotted(path))
            self._check_tag(key_node, path)
            key = key_node.value
            self._check_text(key_node, key, path)
            if key in result:
                first = self.located.keys[path + (key,)][0]
                self.fail(
                    key_node,
                    f"duplicate key '{key}' (first set on line {first})",
                    "remove one of the two",
                    _dotted(path + (key,)),
                )
            self.located.keys[path + (key,)] = _mark(key_node.start_mark)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node):
        if node.tag == _STR:
            return node.value
        try:
            value = self.scalars.construct_object(node)
        except Exception:  # noqa: BLE001 - e.g. an impossible date or a 5,000-digit number: let validation name it
            return node.value
        if isinstance(value, (_dt.date, _dt.datetime)):
            # Dates stay text: the schema and templates deal in ISO strings.
            return node.value
        if isinstance(value, bytes):
            return node.value
        return value


_RESOLVER = yaml.resolver.Resolver()
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))


def _dotted(path: Path_) -> str | None:
    if not path:
        return None
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
