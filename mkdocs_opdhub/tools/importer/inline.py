"""One entry of a README, from its inline Markdown to an :class:`~.entries.Entry`.

A table row or list item is flattened into :class:`Piece` runs (text, links, bold, italics);
:func:`make_entry` then finds the title (a link text or bold text that is not a resource label
like "paper" or "code", else the leading plain text), the paper link, the arXiv id, DOI, year,
venue and code links wherever they are, the authors (a column or a ``*by …*`` byline) and, in
what is left, the summary.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

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
from .kinds import RESOURCE, guess_kind, is_paper_url

MAX_SUMMARY = 2000


# -- inline content ----------------------------------------------------------------------------


@dataclass
class Piece:
    """A run of an entry's inline content: plain text, a link, or bold text."""

    kind: str  # text | link | strong | em | badge (an image on its own)
    text: str
    href: str | None = None
    image: bool = False  # a link whose content is only an image (a badge)
    src: str | None = None  # the image of a badge


def plain(node: SyntaxTreeNode, images: bool = True) -> str:
    """The text of inline content; ``images=False`` leaves out images' alt text (badges, logos)."""
    if node.type == "image":
        return node.content if images else ""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(child, images) for child in node.children)


def _has_link(node: SyntaxTreeNode) -> bool:
    return node.type == "link" or any(_has_link(child) for child in node.children)


_A_OPEN = re.compile(r"<a\s[^>]*?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>", re.I)


class _HtmlPieces(HTMLParser):
    """Inline HTML (``<b><a href="…">Name</a></b> - what it is``) as pieces: links and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[Piece] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and self.href is None and not self.in_code:  # a link in <code> is a licence's
            self.href, self.link_text = dict(attrs).get("href") or "", []
        elif tag == "code":
            self.in_code += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.href is not None:
            self.out.append(Piece("link", "".join(self.link_text).strip(), self.href))
            self.href = None
        elif tag == "code":
            self.in_code = max(0, self.in_code - 1)

    def handle_data(self, data):
        if self.href is not None:
            self.link_text.append(data)
        elif not self.in_code:  # a licence or a logo in <code>: not the entry's text
            self.out.append(Piece("text", data))


def html_pieces(text: str) -> list[Piece]:
    parser = _HtmlPieces()
    parser.feed(text)
    parser.close()
    return parser.out


def pieces(node: SyntaxTreeNode) -> list[Piece]:
    out: list[Piece] = []
    children = list(node.children)
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        opened = _A_OPEN.match(child.content) if child.type == "html_inline" else None
        if opened:  # <a href="…">text</a> written in HTML inside Markdown
            text = []
            while index < len(children) and not (
                children[index].type == "html_inline" and children[index].content.lower().startswith("</a")
            ):
                text.append(plain(children[index]))
                index += 1
            index += 1
            out.append(
                Piece("link", "".join(text).strip(), html.unescape(next(g for g in opened.groups() if g is not None)))
            )
            continue
        if child.type in ("text", "code_inline"):
            out.append(Piece("text", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            out.append(Piece("text", " "))
        elif child.type == "link":
            only_images = bool(child.children) and all(c.type == "image" for c in child.children)
            src = child.children[0].attrs.get("src") if only_images else None
            out.append(Piece("link", plain(child), child.attrs.get("href", ""), image=only_images, src=src))
        elif child.type == "image":
            out.append(Piece("badge", plain(child), src=child.attrs.get("src", "")))
        elif child.type == "strong" and not _has_link(child):
            out.append(Piece("strong", plain(child)))
        elif child.type == "em" and not _has_link(child):
            out.append(Piece("em", plain(child)))
        elif child.children:  # em, s, strong around a link: keep what is inside
            out.extend(pieces(child))
    return out


def text_of(items: list[Piece]) -> str:
    return re.sub(r"\s+", " ", " ".join(p.text for p in items if p.kind not in ("link", "badge"))).strip()


_SHIELD = re.compile(r"^https?://img\.shields\.io/badge/(.+?)(?:\.svg|\.png)?(?:\?.*)?$", re.I)
NOT_VENUE_BADGES = {
    "arxiv",
    "prs",
    "pr",
    "stars",
    "star",
    "github",
    "code",
    "license",
    "licence",
    "paper",
    "pdf",
    "homepage",
    "project",
    "project page",
    "website",
    "blog",
    "demo",
    "huggingface",
    "hf",
    "model",
    "dataset",
    "awesome",
    "made with",
    "python",
    "pytorch",
    "static badge",
    "doi",
    "video",
    "slides",
}


def badge_venue(src: str | None) -> tuple[str, int] | None:
    """``img.shields.io/badge/NeurIPS-2023-blue`` -> ("NeurIPS 2023", 2023): a venue badge is data."""
    match = _SHIELD.match(src or "")
    if not match:
        return None
    body = unquote(match.group(1)).replace("--", "\0").replace("__", "\1")
    parts = [p.replace("\0", "-").replace("\1", "_").replace("_", " ").strip() for p in body.split("-")]
    label, message = (parts + ["", ""])[:2]
    words = f"{label} {message}" if re.fullmatch(r"(19|20)\d\d", message) else label
    found = re.fullmatch(r"([A-Za-z][\w&@.' ]*?)[\s']*((?:19|20)\d\d)", words.strip())
    if not found or found.group(1).strip().casefold() in NOT_VENUE_BADGES:
        return None
    return f"{found.group(1).strip()} {found.group(2)}", int(found.group(2))


# -- one entry ---------------------------------------------------------------------------------


def _venue_only(text: str) -> bool:
    """``[ICLR 2024]`` or ``2025``: a label, not a title."""
    text = strip_symbols(text).strip()
    return bool(re.fullmatch(r"[(\[]?\s*[^()\[\]]*?\b(19|20)\d\d\s*[)\]]?", text)) and len(text.split()) <= 4


def _wrapped(items: list[Piece]) -> set[int]:
    """Links written as ``[[label](…)]`` or ``([label](…))``: resource labels, never the title."""
    out = set()
    for i, piece in enumerate(items):
        if piece.kind != "link":
            continue
        before = items[i - 1].text.rstrip() if i and items[i - 1].kind == "text" else ""
        after = items[i + 1].text.lstrip() if i + 1 < len(items) and items[i + 1].kind == "text" else ""
        if (before.endswith("[") and after.startswith("]")) or (before.endswith("(") and after.startswith(")")):
            out.add(id(piece))
    return out


def _title_piece(items: list[Piece], wrapped: set[int]) -> Piece | None:
    for piece in items:
        if (
            piece.kind == "strong"
            and clean_title(piece.text)
            and label_kind(piece.text) is None
            and not _venue_only(piece.text)
        ):
            return piece
        if (
            piece.kind == "link"
            and is_http(piece.href)
            and not piece.image
            and label_kind(piece.text) is None
            and id(piece) not in wrapped
            and not _venue_only(piece.text)
            and clean_title(piece.text)
            and not arxiv_in(
                piece.text.replace(" ", ":", 1) if piece.text.lower().startswith("arxiv") else "arXiv:" + piece.text
            )
        ):
            return piece
    return None


def _plain_text_before_link(items: list[Piece]) -> str:
    before = []
    for piece in items:
        if piece.kind == "link":
            break
        before.append(piece.text)
    return " ".join(before).strip()


def _plain_title(items: list[Piece]) -> str | None:
    """``- Attention Is All You Need. NIPS 2017. [[pdf](…)]``: the text before the first link."""
    text = _plain_text_before_link(items)
    text = _split_title(text)
    title = clean_title(text)
    return title if len(re.findall(r"[^\W\d_]", title)) >= 3 and not _venue_only(title) else None


def _split_title(text: str) -> str:
    """The title part of a plain-text entry: up to ". ", " - ", " (" or " [" (but a leading
    "(survey)" or "[CVPR 2019]" tag is part of what follows)."""
    lead = _LEAD_TAGS.match(text)
    head = text[lead.end() :] if lead else text
    part = re.split(r"\.\s|\s[-–—|]\s|\s\(|\s\[", head + " ", maxsplit=1)[0]
    return (lead.group(0) if lead else "") + part


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
_EDGE_DATE = re.compile(
    r"^[\s,;:·|–—-]*(?:19|20)\d\d(?:[-/.]\d{1,2}){0,2}(?=[\s,;:·|–—-]|$)|(?<=[\s,;:·|–—-])(?:19|20)\d\d(?:[-/.]\d{1,2}){0,2}[\s,;:·|–—.-]*$"
)
# tags around a title: "[CVPR 2019] Title", "(survey) Title", "Title[ArXiv 2109.03459v1]", "Title (AAAI'21)"
_TAG = r"[\[(]\s*[^\[\]()]{1,40}?\s*[\])]"
_LEAD_TAGS = re.compile(rf"^(?:\s*{_TAG})+\s*")
_TRAIL_TAGS = re.compile(rf"(?:\s*{_TAG})+\s*$")
_SHORT_YEAR = re.compile(r"^([A-Za-z][A-Za-z&\-]*(?:\s[A-Za-z][A-Za-z&\-]*)?)\s*['’](\d\d)$")
_VENUE_YEAR = re.compile(r"^([A-Za-z][\w&\-]*(?:\s[A-Za-z][\w&\-]*){0,3}?)[\s,]+((?:19|20)\d\d)$")
# a venue written without brackets at the start of what follows the title ("Interspeech 2020 — …")
_BARE_VENUE_START = re.compile(
    r"^[\s,;:·|–—-]*((?:[A-Z][A-Za-z]*)(?:[- ][A-Z][A-Za-z]+)?)\s*['’]?((?:19|20)\d\d)\b[.,;]?"
)
# ...or an acronym at its end ("… CVPR 2019")
_BARE_VENUE_END = re.compile(r"[\s,;:·|–—(-]((?:[A-Z]{2,}[A-Za-z]*))\s+((?:19|20)\d\d)[\s.,;)]*$")
_NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?\s+){1,3}[A-ZÀ-ÖØ-Þ][\w'’\-]+\.?$")
_NAME_SEP = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")


def _tag_fields(tag: str) -> dict:
    """What one tag says: ``CVPR 2019`` -> venue and year; ``ArXiv 2109.03459v1`` -> arXiv id;
    ``AAAI'21`` -> venue AAAI 2021; ``2020`` -> year; ``survey`` -> a tag."""
    text = tag.strip()[1:-1].strip()
    found = arxiv_in(text if text.lower().startswith("arxiv") else "")
    if found:
        return {"arxiv": found}
    short = _SHORT_YEAR.match(text)
    if short and short.group(1).casefold() in NOT_VENUES:  # "Preprint'25": a year, no venue
        return {"year": 2000 + int(short.group(2))}
    elif short:
        yy = int(short.group(2))
        year = 2000 + yy if yy <= 50 else 1900 + yy
        return {"venue": f"{short.group(1)} {year}", "year": year}
    if re.fullmatch(r"(19|20)\d\d", text):
        return {"year": int(text)}
    venue = _VENUE_YEAR.match(text)
    if venue and not _MONTHS.match(venue.group(1)):
        year = int(venue.group(2))
        if venue.group(1).casefold() in NOT_VENUES:
            return {"year": year}
        return {"venue": f"{venue.group(1).rstrip(',')} {year}", "year": year}
    # "(survey)", "[NEW]": a marker in lower or upper case; "[Improving] neural networks" is the title
    if re.fullmatch(r"[^\d]{2,30}", text) and len(text.split()) <= 3 and (text.islower() or text.isupper()):
        return {"tag": text}
    return {}


_MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)


def strip_title_tags(title: str) -> tuple[str, dict]:
    """A title without the tags lists put before or after it, and what they said."""
    found: dict = {}
    for pattern in (_LEAD_TAGS, _TRAIL_TAGS):
        match = pattern.search(title)
        if not match:
            continue
        tags = re.findall(_TAG, match.group(0))
        fields = [_tag_fields(t) for t in tags]
        lead = pattern is _LEAD_TAGS
        # a trailing "(GPT-3)" belongs to the title; only tags that say something known go
        if not all(f and (lead or "tag" not in f) for f in fields):
            continue
        remaining = title[match.end() :] if lead else title[: match.start()]
        if len(re.findall(r"[^\W\d_]", remaining)) < 3:
            continue
        title = remaining.strip()
        for f in fields:
            if "tag" in f:
                found.setdefault("tags", []).append(f["tag"])
            for name in ("venue", "year", "arxiv"):
                if name in f:
                    found.setdefault(name, f[name])
    return title, found


def _names(text: str) -> list[str] | None:
    """``Kim Larsen, Omar Haddad`` -> the names, when the text is nothing but a list of names."""
    text = _ET_AL.sub("", text).strip(" ,;.-–—:")
    if not text:
        return None
    names = [n.strip() for n in _NAME_SEP.split(text) if n.strip()]
    return names if names and all(_NAME.match(n) for n in names) else None


def _split_citation(text: str) -> tuple[str, list[str], int | None]:
    """``Title, A. Author, B. Author, 2015`` -> title, authors, year (the title keeps any
    comma of its own); a text that is not of this shape comes back whole."""
    segments = [s.strip() for s in text.split(",")]
    year = None
    if segments and re.fullmatch(r"(19|20)\d\d\.?", segments[-1]):
        year = int(segments[-1][:4])
        segments = segments[:-1]
    authors: list[str] = []
    while len(segments) > 1 and _NAME.match(segments[-1]):
        authors.insert(0, segments.pop())
    if not authors or (year is None and len(authors) < 2):
        return text, [], None
    return ", ".join(segments), authors, year


def _mention_text(items: list[Piece], skip: set[int]) -> str:
    """Text with the words of prose links ("based on [this survey](…)") but not of labels."""
    out = []
    for p in items:
        if p.kind == "badge":
            continue
        if p.kind != "link":
            out.append(p.text)
        elif id(p) not in skip and not p.image and label_kind(p.text) is None:
            out.append(p.text)
    return re.sub(r"\s+", " ", "".join(out)).strip()


# the kind a link's label says, when that link is all an entry has
LABEL_KINDS = {
    "blog": "blog",
    "blog post": "blog",
    "post": "blog",
    "medium": "blog",
    "zhihu": "blog",
    "video": "video",
    "videos": "video",
    "talk": "video",
    "talk video": "video",
    "youtube": "video",
    "recording": "video",
    "dataset": "dataset",
    "data": "dataset",
    "benchmark": "benchmark",
    "leaderboard": "benchmark",
    "model": "model",
    "models": "model",
    "weights": "model",
    "checkpoint": "model",
    "checkpoints": "model",
}
CODE_LIKE = ("code", "tool", "dataset", "benchmark", "model")  # no venue of their own; a year only from a date


def make_entry(parts: Parts, line: int, headings: tuple = ()) -> Entry | tuple[str, str | None]:
    """An :class:`Entry`, or why the content is not one: (message, hint)."""
    everything = parts.title + parts.rest
    wrapped = _wrapped(everything)
    links = [p for p in everything if p.kind == "link" and is_http(p.href)]
    title_piece = _title_piece(parts.title, wrapped) or (_title_piece(parts.rest, wrapped) if not parts.title else None)
    leading = _plain_text_before_link(parts.title or parts.rest)
    cited_authors: list[str] = []
    cited_year = None
    if title_piece is not None and title_piece.kind == "link" and not parts.title:
        # "- Title of the paper [[RepDistill](…)]": text before the first link is the title
        before = clean_title(strip_title_tags(_split_title(leading))[0]) if leading else ""
        if len(before.split()) >= 3 and everything.index(title_piece) > 0 and label_kind(before) is None:
            title_piece = None
    if title_piece is not None:
        raw_title = title_piece.text
    else:
        text, cited_authors, cited_year = _split_citation(leading) if leading else ("", [], None)
        if not cited_authors and leading:
            text, cited_authors, cited_year = _split_citation(_split_title(leading))
        if cited_authors:
            raw_title = text
        else:
            raw_title = _plain_title(parts.title or parts.rest) or ""
    raw_title, tagged = strip_title_tags(strip_symbols(raw_title))
    title = clean_title(raw_title)
    if len(re.findall(r"[^\W\d_]", title)) < 2 or label_kind(title) is not None:
        title = ""
    if not title:
        # "- [PyTorch](…) - a library": a leading link is the entry's name even when it reads like a label
        first = next((p for p in everything if p.kind != "text" or strip_symbols(p.text)), None)
        if (
            first is not None
            and first.kind == "link"
            and not first.image
            and id(first) not in wrapped
            and is_http(first.href)
            and len(re.findall(r"[^\W\d_]", first.text)) >= 2
        ):
            title_piece, title, tagged = first, clean_title(strip_symbols(first.text)), {}
    if not title:
        return (
            ("no title found", "write the title as the link text or in bold")
            if links
            else ("no link and no title: not a paper entry", None)
        )
    rest = [p for p in everything if p is not title_piece]
    byline = next((p for p in rest if p.kind == "em" and _BYLINE.match(p.text)), None)
    authors_text = parts.authors_text or (_BYLINE.sub("", byline.text) if byline else "")
    if not authors_text:  # "*Ann Lee, Bo Kim.* NeurIPS'22": an italic list of names is the authors
        names_piece = next((p for p in rest if p.kind == "em" and _names(p.text)), None)
        if names_piece is not None:
            cited_authors = cited_authors or (_names(names_piece.text) or [])
            rest = [p for p in rest if p is not names_piece]
    rest = [p for p in rest if p is not byline]
    rest_text = text_of(rest)
    # the entry's own links: its title, resource labels, badges; not prose links to other works
    own = [
        p
        for p in links
        if p is title_piece
        or id(p) in wrapped
        or p.image
        or label_kind(p.text) is not None
        or _venue_only(p.text)
        or arxiv_in("arXiv:" + p.text)
    ]
    hrefs = " ".join(p.href for p in own)

    arxiv = tagged.get("arxiv") or arxiv_in(hrefs) or arxiv_in(rest_text)
    doi = doi_in(hrefs) or doi_in(rest_text)
    code = [p.href for p in own if p is not title_piece and (is_code_url(p.href) or label_kind(p.text) == "code")]
    if title_piece is not None and title_piece.kind == "link" and is_code_url(title_piece.href):
        code.insert(0, title_piece.href)
    code = _distinct_urls(code)

    url = title_piece.href if title_piece is not None and title_piece.kind == "link" else None
    url = url or next((p.href for p in own if label_kind(p.text) == "paper" or _venue_only(p.text)), None)
    url = url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None) or (f"https://doi.org/{doi}" if doi else None)
    url = url or next(
        (p.href for p in own if not p.image and not is_code_url(p.href) and label_kind(p.text) not in ("other",)), None
    )
    url = url or (code[0] if code else None)
    # "**Title** [[page](…)]", "[[blog](…)]", "[slides](…)": a labelled link is the entry's own
    labelled = None if url else next((p for p in own if not p.image and label_kind(p.text) == "other"), None)
    url = url or (labelled.href if labelled else None)
    if url is None and title_piece is None and not parts.title:
        # "- [Name](link) - description": a plain first link is the entry's own
        url = next((p.href for p in links if not p.image), None)
    kind = guess_kind(url, bool(arxiv or doi), headings)
    if labelled is not None and kind == "paper" and not (arxiv or doi):
        kind = LABEL_KINDS.get(re.sub(r"[^\w ]+", "", labelled.text).strip().casefold(), kind)
    if kind == "book" and arxiv:
        kind = "paper"  # an arXiv survey under "Books & surveys" is a paper

    year, date, venue = tagged.get("year"), None, tagged.get("venue")
    badge = next((found for p in everything if (found := badge_venue(p.src)) is not None), None)
    if badge is not None and not venue:  # a venue badge: the venue and year it shows
        venue, year = badge[0], year or badge[1]
    summary_source = _mention_text(rest, wrapped)
    if title_piece is None:
        # "Title. Venue 2017. [pdf]": the title is plain text; a "Venue Year" sentence may follow it
        summary_source = summary_source.split(title, 1)[-1] if title in summary_source else summary_source
        if cited_authors:
            summary_source = (
                summary_source.split(str(cited_year), 1)[-1]
                if cited_year
                else summary_source.split(cited_authors[-1], 1)[-1]
            )
        sentence = _VENUE_SENTENCE.match(summary_source)
        if sentence and sentence.group(1).casefold() not in NOT_VENUES and not _NAME_SEP.search(sentence.group(1)):
            venue, year = venue or f"{sentence.group(1)} {sentence.group(2)}", year or int(sentence.group(2))
            summary_source = summary_source[sentence.end() :]
    year = year or cited_year
    if parts.date_text:
        found = date_in(parts.date_text)
        if found:
            year, date = found
    for _ in range(2):  # "(RSS 2019)", "[CVPR 2019]", then "(AAAI'22)"
        groups = bracketed_years(summary_source)
        if not groups:
            break
        match, group_venue, group_year = groups[0]
        year = year or group_year
        venue = venue or group_venue
        summary_source = summary_source[: match.start()] + " " + summary_source[match.end() :]
    short = re.search(r"[(\[]\s*([A-Za-z][A-Za-z&\-]*)\s*['’](\d\d)\s*[)\]]", summary_source) or re.search(
        r"(?<![\w'’])([A-Za-z][A-Za-z&\-]*)['’](\d\d)\b", summary_source
    )  # "NeurIPS'22"
    if short and short.group(1).casefold() in NOT_VENUES:  # "Preprint'25": a year, no venue
        year = year or 2000 + int(short.group(2))
        summary_source = summary_source[: short.start()] + " " + summary_source[short.end() :]
    elif short:
        yy = int(short.group(2))
        short_year = 2000 + yy if yy <= 50 else 1900 + yy
        year, venue = year or short_year, venue or f"{short.group(1)} {short_year}"
        summary_source = summary_source[: short.start()] + " " + summary_source[short.end() :]
    for pattern in (_BARE_VENUE_START, _BARE_VENUE_END):
        bare = pattern.search(summary_source)
        if bare and not venue and bare.group(1).casefold() not in NOT_VENUES and not _MONTHS.match(bare.group(1)):
            venue, year = f"{bare.group(1)} {bare.group(2)}", year or int(bare.group(2))
            summary_source = summary_source[: bare.start()] + " " + summary_source[bare.end() :]
        elif bare and bare.group(1).casefold() in NOT_VENUES:  # "ArXiv 2105.07777" is no venue
            pass
    summary_source = re.sub(r"\barXiv\s*[:：]?\s*(?:abs/)?\d{4}\.\d{4,5}(?:v\d+)?", " ", summary_source, flags=re.I)
    if year is None and not parts.date_text:
        found = date_in(summary_source if kind != "paper" else rest_text)
        if found:
            year, date = found
    summary_source = _EDGE_DATE.sub(" ", summary_source)
    if (
        parts.venue_text
        and clean_title(parts.venue_text)
        and clean_title(parts.venue_text).casefold() not in ("-", "—", "n/a", *NOT_VENUES)
    ):  # a Venue column saying "arXiv": no venue
        venue = clean_title(parts.venue_text)
    if arxiv:
        arxiv_year, arxiv_month = arxiv_date(arxiv)
        if year is None:
            year = arxiv_year
        if date is None and year == arxiv_year:
            date = arxiv_month
    if kind != "paper" and url in code:
        code.remove(url)  # a repository's own link is its url, not a code link of a paper
    if kind in CODE_LIKE:
        venue = None  # "supports models from ICRA 2021" describes the repository, it was not published there
        if not parts.date_text and not arxiv:
            year, date = None, None
    if date is not None and (year is None or not date.startswith(str(year))):
        date = None
    if not authors_text and not cited_authors:
        names = _names(summary_source)
        if names:
            cited_authors, summary_source = names, ""
    if url is None and (kind != "paper" or not (venue or cited_authors or authors_text)):
        return f"'{title}' has no http(s) link", "add one, e.g. [Title](https://arxiv.org/abs/…)"
    if kind == "paper" and year is None and url is not None and not (arxiv or doi or venue or is_paper_url(url)):
        kind = RESOURCE  # a link with nothing that makes it a publication: a library, a site, an article…
    if kind == "paper" and year is None:
        return f"'{title}' has no year", "add one to the entry, e.g. '(2024)', or link its arXiv page"

    notes = []
    summary = parts.summary_text or (summary_source if not parts.title else "")
    summary = clean_summary(summary) if summary else None
    if summary and len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
        notes.append(
            (
                f"summary of '{title}' shortened to {MAX_SUMMARY} characters",
                "shorten it in the source, or edit the summary in its paper file",
            )
        )
    authors = cited_authors or split_authors(authors_text, byline=byline is not None and not parts.authors_text)
    if authors and _ET_AL.search(authors_text):
        notes.append(
            (
                f"the authors of '{title}' end with 'et al.': only the names given were imported",
                "add the other names to its paper file",
            )
        )
    return Entry(
        title=title,
        url=url,
        line=line,
        kind=kind,
        year=year,
        date=date,
        arxiv=arxiv,
        doi=doi,
        venue=venue,
        authors=authors,
        code=code,
        summary=summary,
        notes=notes,
        tags=tagged.get("tags", []),
    )


_BYLINE = re.compile(
    r"^\s*by\s+", re.I
)  # "*by Smith, Ann; Lee, Bo*": the authors, as 'export readme --authors' writes them
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
