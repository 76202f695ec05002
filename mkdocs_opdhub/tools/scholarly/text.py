"""Text from an API, made safe to store in a paper file: one line, no control or bidi-override
characters, Unicode in its composed form (NFC), so ``Rényi`` from two APIs compares equal."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and the invisible characters that reorder or hide text (bidi overrides,
# zero-width joiners in odd places): none belongs in a title, a name or an abstract.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")


def clean(value: object, max_length: int | None = None) -> str | None:
    """One line of text, or None when nothing (or more than ``max_length`` characters) is left."""
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", _INVISIBLE.sub(" ", unicodedata.normalize("NFC", value))).strip()
    if not text or (max_length is not None and len(text) > max_length):
        return None
    return text


def comparable(value: object) -> str:
    """What two spellings of the same text share: case, accents, punctuation and spacing dropped."""
    if isinstance(value, list):
        return "|".join(comparable(v) for v in value)
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "bin", "al"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def last_first(name: str) -> str:
    """``Geoffrey J. Gordon`` -> ``Gordon, Geoffrey J.``; ``Ludwig van Beethoven`` ->
    ``van Beethoven, Ludwig``; one-word names and ``Last, First`` are kept as they are."""
    if "," in name:
        return name
    words = name.split()
    if len(words) < 2 or not all(_LATIN.search(w) for w in words):
        return name  # one word, or a script whose name order we do not know (李 雷)
    suffix = []
    if words[-1].lower() in _SUFFIXES and len(words) > 2:
        suffix = [words.pop()]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    last = " ".join(words[start:])
    first = " ".join(words[:start])
    return ", ".join([last, *suffix, first]) if suffix else f"{last}, {first}"


def first_sentence(text: str | None, limit: int = 300) -> str:
    """The abstract's first sentence (for scout reports), cut at ``limit`` characters."""
    if not text:
        return ""
    match = re.search(r"^(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
