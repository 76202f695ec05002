"""arXiv identifiers: the one definition the schema, the validator and the importers share."""

from __future__ import annotations

import re

NEW = r"\d{4}\.\d{4,5}"  # 2604.00626 (since 2007)
OLD = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"  # hep-th/9711200, math.DG/0211159
VERSION = r"(?:v\d+)?"

# A bare id, as paper files write it (a JSON Schema pattern, so editors check it too).
PATTERN = rf"^({NEW}|{OLD}){VERSION}$"

_IN_TEXT = re.compile(rf"(?<![\w.-])({NEW}|{OLD}){VERSION}(?![\w])")


def find(text: str) -> str | None:
    """The first arXiv id inside a URL or text, without its version."""
    match = _IN_TEXT.search(text or "")
    return match.group(1) if match else None
