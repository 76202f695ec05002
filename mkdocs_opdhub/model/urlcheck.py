"""Links that every Markdown renderer reads the same way.

A paper's links are written into Markdown (``opdhub export readme``, the site's pages). A URL
holding a space, ``<``, ``>``, a backslash, a backtick, a bracket or an unbalanced parenthesis
can end a link early in one renderer and not in another: Python-Markdown reads
``[code](https://e.example/)](javascript:alert(1))`` as a link to ``javascript:alert(1)``, a
CommonMark renderer reads it whole. Such characters are valid in a URL only percent-encoded, so a
URL that holds them raw is refused, with the encoded form as the fix.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# characters a renderer may read as the end of a link or as markup; one level of balanced
# parentheses (Wikipedia's ``Foo_(bar)``) reads the same everywhere. No needless escapes: the
# class also goes into the JSON Schema, whose readers may compile it as an ECMAScript ``u`` regex.
_REFUSED = r"""\s<>"\\`\[\]"""
_RAW = re.compile(f"[{_REFUSED}]")
_PLAIN = f"[^{_REFUSED}()]"

# The whole rule as one regular expression, for the paper schema (so editors refuse what
# ``opdhub validate`` refuses): http or https, no refused character, parentheses only in balanced
# pairs one level deep. It reads the same in Python's ``re`` and ECMAScript; the end is written
# ``(?![\s\S])`` because ``$`` also matches before a final newline in Python.
HTTP_PATTERN = rf"^https?://(?:{_PLAIN}|\({_PLAIN}*\))+(?![\s\S])"


def unsafe_at(url: str) -> tuple[int, str] | None:
    """(0-based index, description) of the first character that makes ``url`` read differently
    across Markdown renderers, or None."""
    found = _RAW.search(url)
    depth, first_open = 0, None
    for index, char in enumerate(url):
        if found is not None and index >= found.start():
            break
        if char == "(":
            depth += 1
            if depth > 1:
                return index, "nested parentheses"
            first_open = index
        elif char == ")":
            if depth == 0:
                return index, "a ')' without its '('"
            depth -= 1
    if found is not None:
        char = found.group()
        return found.start(), "whitespace" if char.isspace() else f"'{char}'"
    if depth:
        return first_open, "a '(' without its ')'"
    return None


def encoded(url: str) -> str:
    """``url`` with the refused characters percent-encoded (the fix a message suggests)."""
    return re.sub(f"[{_REFUSED}()]", lambda m: quote(m.group(), safe=""), url)
