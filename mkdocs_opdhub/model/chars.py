"""Characters no input text may hold, and how to show them in a message.

Paper and taxonomy files come from strangers. Some characters have no business in any of their
texts and do harm when printed: C0/C1 controls (terminal escapes, NEL), U+2028/U+2029 (line
breaks to YAML 1.1 and to old JavaScript), Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0…)
that MkDocs refuses in front matter, and lone surrogates, which are not text at all. One rule
for every field and file; line breaks and tabs are whitespace that only multi-line fields
(e.g. a paper's ``summary``) may hold, and those fields decide that themselves.
"""

from __future__ import annotations

import re
import unicodedata

# Everything refused in any text. \t, \n and \r are left to the callers: YAML reads raw \r\n as
# a line break, and multi-line fields may hold \n and \t.
_NONCHARACTERS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(0x11))
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ud800-\udfff" + _NONCHARACTERS + "]"
)

_ASCII_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def find(text: str) -> re.Match | None:
    """The first refused character in ``text``. Most texts are ASCII, and the full class (17
    planes of noncharacters) costs ten times as much per character: check what can be there."""
    return (_ASCII_FORBIDDEN if text.isascii() else FORBIDDEN).search(text)


# Line breaks and tabs: whitespace, but not in one-line fields (ids, titles, names, URLs …).
LINE_BREAKS = re.compile(r"[\t\n\r]")


def escaped(char: str) -> str:
    """``U+0085`` style name of one character, for messages that must not print it."""
    return f"U+{ord(char):04X}"


def kind(char: str) -> str:
    code = ord(char)
    if code in (0x2028, 0x2029):
        return "line separator" if code == 0x2028 else "paragraph separator"
    if 0xD800 <= code <= 0xDFFF:
        return "lone surrogate"
    if unicodedata.category(char) == "Cc":
        return "control character"
    return "noncharacter"


def describe(char: str) -> str:
    """``the control character U+0085``: what a message says about a refused character."""
    return f"the {kind(char)} {escaped(char)}"


def printable(text: str) -> str:
    """``text`` with every refused character, line break and tab written as an escape (``\\x85``),
    so that a message quoting a value stays one harmless line in a terminal or CI log."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


_UNPRINTABLE = re.compile(FORBIDDEN.pattern[:-1] + "\t\n\r\u200e\u200f\u202a-\u202e\u2066-\u2069]")
