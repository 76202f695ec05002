"""Read a YAML file into plain data *and* the line/column of every key and value.

PyYAML's C loader (``CSafeLoader``) composes the node graph with source marks; we build the
Python values from those nodes ourselves so that we can

* remember where every value came from (for ``file:line:col`` messages),
* reject duplicate keys instead of silently keeping the last one,
* reject anchors/aliases, which paper files never need and which make "billion laughs"
  documents possible: composing is linear in the file size, only expanding aliases blows up,
  and we never expand them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # the C loader is ~8x faster; fall back so a libyaml-less install still works
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

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


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


# Friendlier words for the scanner/parser messages people actually hit (libyaml's wording and
# PyYAML's): (words in the message, what to say, hint, which mark points at the cause).
_FRIENDLY = [
    ("found a tab character", "a tab character is used for indentation", "indent with spaces, not tabs", "problem"),
    ("mapping values are not allowed", "a ':' that does not belong here",
     "put a value that contains ': ' in quotes, or check this line's indentation", "problem"),
    ("could not find expected ':'", "a line is neither 'key: value' nor a list item",
     "check the indentation and that every key ends with ':'", "context"),
    ("found undefined alias", "aliases (*name) are not supported", "write the value out in full", "problem"),
    ("while scanning a quoted scalar", "a quoted value is never closed", "add the closing quote", "context"),
    ("did not find expected ',' or ']'", "a list opened with '[' is never closed", "add the closing ']'", "context"),
    ("did not find expected ',' or '}'", "a mapping opened with '{' is never closed", "add the closing '}'", "context"),
    ("did not find expected key", "this line does not line up with the lines above",
     "align keys of the same mapping at the same column", "problem"),
    ("expected <block end>, but found", "this line does not line up with the lines above",
     "align keys of the same mapping at the same column", "problem"),
]


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    return lines[line - 1][col - 1: col] if 0 < line <= len(lines) else ""


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
            return Problem(path, line, indent.index("\t") + 1, None,
                           "YAML syntax error: a tab character is used for indentation", "indent with spaces, not tabs")
    if "cannot start any token" in raw and line is not None:
        char = _char_at(text, line, col) or "?"
        return Problem(path, line, col, None, f"YAML syntax error: a value cannot start with '{char}'", "put the value in quotes")
    if "did not find expected key" in raw and line is not None:
        row = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
        if row[: col - 1].strip():  # something after a complete value on the same line
            return Problem(path, line, col, None, f"YAML syntax error: unexpected '{_char_at(text, line, col)}' after a value",
                           "remove it, or put the whole value in quotes")
    for needle, message, hint, which in _FRIENDLY:
        if needle in raw:
            chosen = context_mark if which == "context" and context_mark is not None else mark
            where = _mark(chosen) if chosen is not None else (None, None)
            return Problem(path, *where, None, f"YAML syntax error: {message}", hint)
    return Problem(path, line, col, None, f"YAML syntax error: {raw}", "check the file in an editor with YAML support")


def read_text(path: Path, display: str, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a ``YamlProblem`` for oversized or non-UTF-8 files."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(Problem(display, None, None, None, f"cannot read file: {exc.strerror}")) from None
    if size > max_bytes:
        raise YamlProblem(Problem(display, None, None, None,
                                  f"file is {size // 1024} KiB; the limit is {max_bytes // 1024} KiB",
                                  "a paper file holds one paper's metadata; move long text elsewhere"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(Problem(display, None, None, None, f"cannot read file: {exc.strerror}")) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise YamlProblem(Problem(display, line, col, None,
                                  f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                  "save the file as UTF-8")) from None


def parse(text: str, display: str) -> Located:
    """Parse one YAML document into a :class:`Located`; raise ``YamlProblem`` on any defect."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        _check_depth(text, display)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            line, col = _mark(exc.problem_mark)
            raise YamlProblem(Problem(display, line, col, None, "the file holds more than one YAML document",
                                      "remove the '---' separator: one file describes one paper")) from None
        raise YamlProblem(_syntax_problem(display, exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(_syntax_problem(display, exc, text)) from None
    if node is None:
        raise YamlProblem(Problem(display, 1, 1, None, "the file is empty", "start from an existing paper file or run 'opdhub new'"))
    located = Located(None)
    located.data = _Builder(display, located, text).build(node, ())
    return located


MAX_DEPTH = 64  # paper files need 3 levels, taxonomies about 10; libyaml's composer recurses in C


@functools.lru_cache(maxsize=None)
def _line_start_wider_than(width: int) -> re.Pattern:
    return re.compile(rf"^(?:[ \t]|[-?](?=[ \t\n])){{{width + 1},}}", re.M)


def _check_depth(text: str, display: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before composing them (a deep enough one
    crashes the C composer). A block collection starts at a line's indentation or after compact
    '- '/'? ' markers, so twice that column plus the flow brackets bounds the depth; only files
    over the bound are scanned event by event."""
    room = (MAX_DEPTH - text.count("[") - text.count("{")) // 2 - 1  # the widest start that stays in bounds
    if room >= 0 and not _line_start_wider_than(room).search(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _mark(event.start_mark)
                raise YamlProblem(Problem(display, line, col, None, f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                                          "a paper file needs three levels at most"))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def load(path: Path, display: str, max_bytes: int = MAX_BYTES) -> Located:
    return parse(read_text(path, display, max_bytes), display)


class _Builder:
    def __init__(self, display: str, located: Located, text: str = ""):
        self.display = display
        self.text = text
        self.located = located
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def fail(self, node, message: str, hint: str | None = None, field: str | None = None):
        line, col = _mark(node.start_mark)
        raise YamlProblem(Problem(self.display, line, col, field, message, hint))

    def build(self, node, path: Path_):
        if id(node) in self.seen:
            # The composed graph shares the anchored node; the events say where the alias stands.
            alias = next(e for e in yaml.parse(self.text, Loader=_Loader) if isinstance(e, yaml.AliasEvent))
            line, col = _mark(alias.start_mark)
            raise YamlProblem(Problem(self.display, line, col, _dotted(path),
                                      f"aliases (*{alias.anchor}) are not supported", "write the value out in full"))
        self.seen.add(id(node))
        self.located.values[path] = _mark(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.located.numbers[path] = node.value
        return value

    def _mapping(self, node, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain name", field=_dotted(path))
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not supported", "write the keys out in full", _dotted(path))
            key = key_node.value
            if key in result:
                first = self.located.keys[path + (key,)][0]
                self.fail(key_node, f"duplicate key '{key}' (first set on line {first})",
                          "remove one of the two", _dotted(path + (key,)))
            self.located.keys[path + (key,)] = _mark(key_node.start_mark)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node):
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value  # e.g. an impossible date: let validation name it
        if isinstance(value, (_dt.date, _dt.datetime)):
            # Dates stay text: the schema and templates deal in ISO strings.
            return node.value
        if isinstance(value, bytes):
            return node.value
        return value


def _dotted(path: Path_) -> str | None:
    if not path:
        return None
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
