"""One entry of a README, from its inline Markdown to an :class:`~.entries.Entry`.

A table row or list item is flattened into :class:`Piece` runs (text, links, bold, italics);
:func:`make_entry` then finds the title (a link text or bold text that is not a resource label
like "paper" or "code", else the leading plain text), the paper link, the arXiv id, DOI, year,
venue and code links wherever they are, the authors (a column or a ``*by …*`` byline) and, in
what is left, the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from .entries import (
    NOT_VENUES,
    Entry,
    arxiv_date,
    arxiv_in,
    bracketed_years,
    clean_summary,
    clean_title,
    date_in,
    doi_in,
    is_code_url,
    is_http,
    label_kind,
    strip_symbols,
)

MAX_SUMMARY = 2000


# -- inline content ----------------------------------------------------------------------------

@dataclass
class Piece:
    """A run of an entry's inline content: plain text, a link, or bold text."""

    kind: str  # text | link | strong | em
    text: str
    href: str | None = None
    image: bool = False  # a link whose content is only an image (a badge)


def plain(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline", "image"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(child) for child in node.children)


def _has_link(node: SyntaxTreeNode) -> bool:
    return node.type == "link" or any(_has_link(child) for child in node.children)


def pieces(node: SyntaxTreeNode) -> list[Piece]:
    out: list[Piece] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            out.append(Piece("text", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            out.append(Piece("text", " "))
        elif child.type == "link":
            only_images = bool(child.children) and all(c.type == "image" for c in child.children)
            out.append(Piece("link", plain(child), child.attrs.get("href", ""), image=only_images))
        elif child.type == "strong" and not _has_link(child):
            out.append(Piece("strong", plain(child)))
        elif child.type == "em" and not _has_link(child):
            out.append(Piece("em", plain(child)))
        elif child.children:  # em, s, strong around a link: keep what is inside
            out.extend(pieces(child))
    return out


def text_of(items: list[Piece]) -> str:
    return re.sub(r"\s+", " ", " ".join(p.text for p in items if p.kind != "link")).strip()


# -- one entry ---------------------------------------------------------------------------------

def _venue_only(text: str) -> bool:
    """``[ICLR 2024]`` or ``2025``: a label, not a title."""
    text = strip_symbols(text).strip()
    return bool(re.fullmatch(r"[(\[]?\s*[^()\[\]]*?\b(19|20)\d\d\s*[)\]]?", text)) and len(text.split()) <= 4


def _title_piece(items: list[Piece]) -> Piece | None:
    for piece in items:
        if piece.kind == "strong" and clean_title(piece.text) and label_kind(piece.text) is None and not _venue_only(piece.text):
            return piece
        if (piece.kind == "link" and is_http(piece.href) and not piece.image and label_kind(piece.text) is None
                and not _venue_only(piece.text) and clean_title(piece.text)):
            return piece
    return None


def _plain_title(items: list[Piece]) -> str | None:
    """``- Attention Is All You Need. NIPS 2017. [[pdf](…)]``: the text before the first link."""
    before = []
    for piece in items:
        if piece.kind == "link":
            break
        before.append(piece.text)
    text = re.split(r"\.\s|\s[-–—|]\s|\s\(|\s\[", " ".join(before).strip() + " ", maxsplit=1)[0]
    title = clean_title(text)
    return title if len(re.findall(r"[^\W\d_]", title)) >= 3 and not _venue_only(title) else None


@dataclass
class Parts:
    """An entry's content sorted by role (a table row fills these from its columns)."""

    title: list[Piece]
    rest: list[Piece]
    date_text: str = ""
    venue_text: str = ""
    authors_text: str = ""
    summary_text: str = ""


_VENUE_SENTENCE = re.compile(r"^[\s.,;:]*([A-Za-z][\w&'’ -]{0,40}?)\s+((?:19|20)\d\d)\b\.?")
# a date standing alone at either end of the leftover text ("…, 2020-05-03, by …")
_EDGE_DATE = re.compile(r"^[\s,;:·|–—-]*(?:19|20)\d\d(?:[-/.]\d{1,2}){0,2}(?=[\s,;:·|–—-]|$)|(?<=[\s,;:·|–—-])(?:19|20)\d\d(?:[-/.]\d{1,2}){0,2}[\s,;:·|–—.-]*$")


def make_entry(parts: Parts, line: int) -> Entry | tuple[str, str | None]:
    """An :class:`Entry`, or why the content is not one: (message, hint)."""
    everything = parts.title + parts.rest
    links = [p for p in everything if p.kind == "link" and is_http(p.href)]
    title_piece = _title_piece(parts.title) or (_title_piece(parts.rest) if not parts.title else None)
    title = clean_title(title_piece.text) if title_piece else _plain_title(parts.title or parts.rest)
    if not title:
        return ("no title found", "write the title as the link text or in bold") if links else ("no link and no title: not a paper entry", None)
    rest = [p for p in everything if p is not title_piece]
    byline = next((p for p in rest if p.kind == "em" and _BYLINE.match(p.text)), None)
    authors_text = parts.authors_text or (_BYLINE.sub("", byline.text) if byline else "")
    rest = [p for p in rest if p is not byline]
    rest_text = text_of(rest)
    hrefs = " ".join(p.href for p in links)

    arxiv = arxiv_in(hrefs) or arxiv_in(rest_text)
    doi = doi_in(hrefs) or doi_in(rest_text)
    code = [p.href for p in links if p is not title_piece and (is_code_url(p.href) or label_kind(p.text) == "code")]
    if title_piece is not None and title_piece.kind == "link" and is_code_url(title_piece.href):
        code.insert(0, title_piece.href)
    code = _distinct_urls(code)

    url = title_piece.href if title_piece is not None and title_piece.kind == "link" else None
    url = url or next((p.href for p in links if label_kind(p.text) == "paper"), None)
    url = url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None) or (f"https://doi.org/{doi}" if doi else None)
    url = url or next((p.href for p in links if not p.image and not is_code_url(p.href)), None)
    url = url or (code[0] if code else None)
    if not url:
        return f"'{title}' has no http(s) link", None

    year, date, venue = None, None, None
    summary_source = rest_text
    if title_piece is None:
        # "Title. Venue 2017. [pdf]": the title is plain text; a "Venue Year" sentence may follow it
        summary_source = rest_text.split(title, 1)[-1]
        sentence = _VENUE_SENTENCE.match(summary_source)
        if sentence and sentence.group(1).casefold() not in NOT_VENUES:
            venue, year = f"{sentence.group(1)} {sentence.group(2)}", int(sentence.group(2))
            summary_source = summary_source[sentence.end():]
    if parts.date_text:
        found = date_in(parts.date_text)
        if found:
            year, date = found
    groups = bracketed_years(summary_source)
    if groups:
        match, group_venue, group_year = groups[0]
        year = year or group_year
        venue = venue or group_venue
        summary_source = summary_source[:match.start()] + " " + summary_source[match.end():]
    if year is None and not parts.date_text:
        found = date_in(rest_text)
        if found:
            year, date = found
    summary_source = _EDGE_DATE.sub(" ", summary_source)
    if parts.venue_text and clean_title(parts.venue_text) and clean_title(parts.venue_text).casefold() not in ("-", "—", "n/a"):
        venue = clean_title(parts.venue_text)
    if arxiv:
        arxiv_year, arxiv_month = arxiv_date(arxiv)
        if year is None:
            year = arxiv_year
        if date is None and year == arxiv_year:
            date = arxiv_month
    if year is None:
        return f"'{title}' has no year", "add one to the entry, e.g. '(2024)', or link its arXiv page"
    if date is not None and not date.startswith(str(year)):
        date = None

    notes = []
    summary = parts.summary_text or (summary_source if not parts.title else "")
    summary = clean_summary(summary) if summary else None
    if summary and len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
        notes.append(f"summary of '{title}' shortened to {MAX_SUMMARY} characters")
    authors = split_authors(authors_text, byline=byline is not None and not parts.authors_text)
    if authors and _ET_AL.search(authors_text):
        notes.append(f"the authors of '{title}' end with 'et al.': only the names given were imported")
    return Entry(title=title, url=url, line=line, year=year, date=date, arxiv=arxiv, doi=doi, venue=venue,
                 authors=authors, code=code, summary=summary, notes=notes)


_BYLINE = re.compile(r"^\s*by\s+", re.I)  # "*by Smith, Ann; Lee, Bo*": the authors, as 'export readme --authors' writes them
_ET_AL = re.compile(r",?\s*\bet\s+al\b\.?")


def split_authors(text: str, byline: bool = False) -> list[str]:
    """``A. Smith, B. Jones and C. Lee`` or ``Smith, A.; Jones, B.`` -> names (``et al.`` dropped);
    a byline separates names by ';' only (``Smith, Ann`` is one name)."""
    text = _ET_AL.sub("", strip_symbols(text or "")).strip(" ,;")
    if not text or text in ("-", "—"):
        return []
    if byline:
        names = text.split(";")
    elif ";" in text or (" and " in text and "," in text and re.search(r",\s*[A-Z]\.?(\s|$)", text)):
        names = re.split(r"\s*;\s*|\s+and\s+", text)
    else:
        names = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", text)
    return [n.strip() for n in names if n.strip()]


def _distinct_urls(urls: list[str]) -> list[str]:
    """Each link once (``…/repo`` and ``…/repo/`` are one), kept as the list wrote it."""
    seen: set[str] = set()
    out = []
    for url in urls:
        if url.rstrip("/") not in seen:
            seen.add(url.rstrip("/"))
            out.append(url)
    return out
