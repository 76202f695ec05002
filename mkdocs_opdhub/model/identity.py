"""What makes two paper files the same paper: normalised ids, DOIs and titles.

Duplicates arrive written differently: ``2305.02301`` and ``2305.02301v2``; an arXiv id in
``arxiv`` and the same one only in the ``url`` (or as arXiv's DOI ``10.48550/arXiv.…``); DOIs
in another case, with ``https://doi.org/`` or a trailing full stop; titles that differ by
ligatures, full-width letters, accents, case or punctuation. Each key below maps all of those to
one string; the collection check compares keys, not spellings.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from . import arxiv

ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org")
ARXIV_DOI = "10.48550/arxiv."  # arXiv's own DOIs: 10.48550/arXiv.2305.02301

_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def title_key(title: str) -> str:
    """Compatibility forms folded (NFKC: ``ﬁ`` → ``fi``, ``Ａ`` → ``A``), accents dropped, case
    folded, punctuation and spacing collapsed."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", str(title)))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def doi_key(doi: str | None) -> str | None:
    """``https://doi.org/10.1000/ABC.`` → ``10.1000/abc`` (DOIs are case-insensitive)."""
    if not doi:
        return None
    key = _DOI_PREFIX.sub("", str(doi)).strip().rstrip(".,;:").lower()
    return key or None


def arxiv_key(value: str | None) -> str | None:
    """The id without its version: ``2305.02301v2`` → ``2305.02301``."""
    return arxiv.find(str(value)) if value else None


def arxiv_from_url(url: str | None) -> str | None:
    """The arXiv id of an arxiv.org link (abs, pdf or html), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in ARXIV_HOSTS:
        return None
    return arxiv.find(parts.path)


def arxiv_from_doi(doi: str | None) -> str | None:
    key = doi_key(doi)
    return arxiv.find(key[len(ARXIV_DOI) :]) if key and key.startswith(ARXIV_DOI) else None


def keys(paper) -> list[tuple[str, str, str]]:
    """``(kind, key, field)`` for each identity a paper has; the first field that gives a key
    is the one named in messages."""
    found = [
        ("id", str(paper.id) if paper.id else None, "id"),
        ("arxiv", arxiv_key(paper.arxiv), "arxiv"),
        ("arxiv", arxiv_from_doi(paper.doi), "doi"),
        ("arxiv", arxiv_from_url(paper.url), "url"),
        ("doi", doi_key(paper.doi), "doi"),
        ("title", title_key(paper.title) if paper.title else None, "title"),
    ]
    out, seen = [], set()
    for kind, key, field in found:
        if key and (kind, key) not in seen:
            seen.add((kind, key))
            out.append((kind, key, field))
    return out
