"""Read an awesome-list README: papers in tables or bullet lists, under H2/H3… headings.

The Markdown is parsed by markdown-it-py (CommonMark + GFM tables), which gives every block its
source lines. Headings become chapters (the top level below the list's title) and sections
(deeper levels); each table row or list item below them is one entry. Arxiv ids, years, venues
and code links are recognised wherever they appear in the entry. Sections that are not lists
of papers (contributing, citation, …), tables of contents and rows that name no paper are
reported line by line, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..problems import Problem
from .entries import (
    NOT_VENUES, Entry, Heading, SourceList, arxiv_date, arxiv_in, bracketed_years, clean_summary, clean_title, date_in, doi_in,
    is_code_url, is_http, label_kind, skipped, split_number, strip_symbols,
)

# Headings of README parts that are not lists of papers, even when they contain links or tables.
NOT_PAPERS = re.compile(
    r"^(table of contents|contents|toc|index|contribut\w*|how to contribute|citations?|cite|citing|how to cite|"
    r"licen[cs]e|acknowledge?ments?|thanks|star history|stargazers|contacts?|taxonomy|open problems|"
    r"open questions|future directions|news|updates|changelog|change log|todo|to do|roadmap|sponsors?|support|"
    r"faq|about( us)?|maintainers?|related (awesome )?lists|other awesome lists|see also)$")

# Table header words -> what the column holds.
COLUMN_ROLES = {
    "title": ("paper", "papers", "title", "name", "paper title", "method", "model", "work", "publication"),
    "date": ("date", "year", "published", "time", "release", "released", "when", "month"),
    "venue": ("venue", "conference", "conf", "journal", "pub", "where", "booktitle", "published in"),
    "authors": ("author", "authors", "by", "first author"),
    "code": ("code", "resources", "resource", "links", "link", "repo", "github", "implementation"),
    "summary": ("description", "summary", "notes", "note", "tl;dr", "tldr", "remarks", "comment", "comments",
                "highlights", "contribution", "key idea", "idea", "abstract", "details"),
    "index": ("#", "no", "no.", "number", "index", "id", "rank"),
}

MAX_SUMMARY = 2000


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


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


def _text(items: list[Piece]) -> str:
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


def make_entry(parts: Parts, line: int) -> Entry | str:
    """An :class:`Entry`, or the reason the content is not one."""
    everything = parts.title + parts.rest
    links = [p for p in everything if p.kind == "link" and is_http(p.href)]
    title_piece = _title_piece(parts.title) or (_title_piece(parts.rest) if not parts.title else None)
    title = clean_title(title_piece.text) if title_piece else _plain_title(parts.title or parts.rest)
    if not title:
        return "no title found" if links else "no link and no title: not a paper entry"
    rest = [p for p in everything if p is not title_piece]
    byline = next((p for p in rest if p.kind == "em" and _BYLINE.match(p.text)), None)
    authors_text = parts.authors_text or (_BYLINE.sub("", byline.text) if byline else "")
    rest = [p for p in rest if p is not byline]
    rest_text = _text(rest)
    hrefs = " ".join(p.href for p in links)

    arxiv = arxiv_in(hrefs) or arxiv_in(rest_text)
    doi = doi_in(hrefs) or doi_in(rest_text)
    code = list(dict.fromkeys(p.href.rstrip("/") for p in links
                              if p is not title_piece and (is_code_url(p.href) or label_kind(p.text) == "code")))
    if title_piece is not None and title_piece.kind == "link" and is_code_url(title_piece.href):
        code.insert(0, title_piece.href.rstrip("/"))
        code = list(dict.fromkeys(code))

    url = title_piece.href if title_piece is not None and title_piece.kind == "link" else None
    url = url or next((p.href for p in links if label_kind(p.text) == "paper"), None)
    url = url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None) or (f"https://doi.org/{doi}" if doi else None)
    url = url or next((p.href for p in links if not p.image and not is_code_url(p.href)), None)
    url = url or (code[0] if code else None)
    if not url:
        return f"'{title}' has no http(s) link"

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


# -- the document ------------------------------------------------------------------------------

class _H1Finder(HTMLParser):
    """The text of the first ``<h1>`` in an HTML block (centred titles in READMEs)."""

    def __init__(self):
        super().__init__()
        self.depth, self.parts, self.done = 0, [], False

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and not self.done:
            self.depth = 1

    def handle_endtag(self, tag):
        if tag == "h1" and self.depth:
            self.depth, self.done = 0, True

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _html_h1(html: str) -> str | None:
    finder = _H1Finder()
    finder.feed(html)
    return clean_title("".join(finder.parts)) or None


def _role(header: str) -> str | None:
    words = re.sub(r"\s+", " ", strip_symbols(header)).strip().casefold()
    return next((role for role, names in COLUMN_ROLES.items() if words in names), None)


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1


class ReadmeReader:
    def __init__(self, text: str, display: str):
        self.text = text
        self.display = display
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.title: str | None = None
        self.stack: list[tuple[int, Heading, bool]] = []  # (level, heading, skipped)
        self.top_headings: list[tuple[int, bool]] = []  # chapter-level headings: (line, has entries)
        # per heading: did anything but headings follow it, and was any of it reported?
        self.sections: list[tuple[Heading, bool, dict[str, bool]]] = []
        self.unparsed = self.sections_skipped = 0
        self.marks: dict[str, int] = {}  # symbols put before titles -> first line

    def skip(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(skipped(self.display, line, message, hint))
        if self.sections:
            self.sections[-1][2]["reported"] = True

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(h for _, h, _ in self.stack)

    @property
    def in_skipped(self) -> bool:
        return any(s for _, _, s in self.stack)

    def read(self) -> SourceList:
        tree = SyntaxTreeNode(parser().parse(self.text))
        blocks = tree.children
        h1_count = sum(1 for b in blocks if b.type == "heading" and b.tag == "h1")
        top = 1 if h1_count > 1 else 2
        previous = None
        for block in blocks:
            if block.type == "heading":
                self._heading(block, top)
            elif block.type == "blockquote" and previous is not None and previous.type == "heading" and self.stack:
                _, heading, _ = self.stack[-1]
                heading.intro = "\n\n".join(c.children[0].content for c in block.children
                                            if c.type == "paragraph" and c.children) or None
            elif self.in_skipped:
                pass
            elif block.type == "table":
                self._table(block)
            elif block.type in ("bullet_list", "ordered_list"):
                self._list(block, self.headings)
            elif block.type == "paragraph":
                self._paragraph(block)
            elif block.type == "html_block":
                self._html(block)
            if block.type not in ("heading", "hr", "html_block") and self.sections:
                self.sections[-1][2]["content"] = True
            previous = block
        self._report_empty_sections()
        if self.marks:
            self.skip(min(self.marks.values()), f"the marks {', '.join(self.marks)} before titles are not imported",
                      "a paper file has no field for them; if they classify papers, add a facet to the taxonomy")
        return SourceList(self.display, self.entries, sorted(self.problems, key=lambda p: p.line or 0),
                          self.title, self._span(), self._gaps(), self.unparsed, self.sections_skipped)

    # -- blocks ----------------------------------------------------------------------------
    def _heading(self, block: SyntaxTreeNode, top: int) -> None:
        level = int(block.tag[1])
        text = clean_title(plain(block.children[0])) if block.children else ""
        if level < top:
            self.title = self.title or text or None
            self.stack = []
            return
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        number, title = split_number(text)
        # the title keeps its emoji ("📚 Background"): GitHub's anchors, and so the README's own
        # table of contents, depend on the exact heading text the export writes back
        raw = re.sub(r"\s+", " ", plain(block.children[0])).strip() if block.children else ""
        shown = raw.split(number, 1)[-1].lstrip(". ") if number and raw.startswith(number) else raw
        heading = Heading(title=shown or title or text, number=number, line=_line(block))
        skip = bool(NOT_PAPERS.match(title.casefold().strip(" :"))) if title else True
        if skip and not self.in_skipped:
            self.skip(heading.line, f"section '{text}' is not a list of papers; skipped")
            self.sections_skipped += 1
        self.stack.append((level, heading, skip))
        if len(self.stack) == 1:
            self.top_headings.append((heading.line, False))
        self.sections.append((heading, self.in_skipped, {"content": False, "reported": False}))

    def _table(self, block: SyntaxTreeNode) -> None:
        head = [c for c in block.children if c.type == "thead"]
        body = [c for c in block.children if c.type == "tbody"]
        header_cells = head[0].children[0].children if head else []
        roles = [_role(plain(cell)) for cell in header_cells]
        ignored = [plain(cell).strip() for cell, role in zip(header_cells, roles) if role is None and plain(cell).strip()]
        if "title" not in roles:
            roles = ["title" if i == 0 and r is None else r for i, r in enumerate(roles)] or ["title"]
            ignored = ignored[1:] if header_cells and _role(plain(header_cells[0])) is None else ignored
        if ignored:
            self.skip(_line(block), f"table column(s) {', '.join(repr(i) for i in ignored)} not imported",
                      "columns read: title/paper, date/year, venue, authors, code/resources, description/notes")
        for row in body[0].children if body else []:
            cells = [pieces(cell.children[0]) if cell.children else [] for cell in row.children]
            parts = Parts(title=[], rest=[])
            for role, cell in zip(roles, cells):
                if role == "title":
                    parts.title += cell
                elif role == "date":
                    parts.date_text += " " + _text(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role == "venue":
                    parts.venue_text += " " + _text(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role == "authors":
                    parts.authors_text += " " + _text(cell)
                elif role == "summary":
                    parts.summary_text += " " + _text(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role in ("code", None):
                    parts.rest += cell
            self._add(parts, _line(row), self.headings)

    def _list(self, block: SyntaxTreeNode, headings: tuple[Heading, ...]) -> None:
        items = [i for i in block.children if i.type == "list_item"]
        hrefs = [p.href for item in items for p in self._item_pieces(item, nested=True) if p.kind == "link"]
        if hrefs and all(h.startswith("#") for h in hrefs):
            self.skip(_line(block), "a table of contents; skipped")
            return
        for item in items:
            own = self._item_pieces(item, nested=False)
            nested = [c for c in item.children if c.type in ("bullet_list", "ordered_list")]
            has_link = any(p.kind == "link" and is_http(p.href) for p in own) or arxiv_in(_text(own))
            if not has_link and nested:
                # a category bullet ("- **Vision**" with papers below it) acts as a sub-heading
                label = clean_title(_text(own) or " ".join(p.text for p in own))
                number, title = split_number(label)
                sub = headings + ((Heading(title=title, number=number, line=_line(item)),) if title else ())
                for child in nested:
                    self._list(child, sub)
                continue
            parts = Parts(title=[], rest=own + [p for c in nested for p in self._all_pieces(c)])
            self._add(parts, _line(item), headings)

    def _item_pieces(self, item: SyntaxTreeNode, nested: bool) -> list[Piece]:
        out: list[Piece] = []
        for child in item.children:
            if child.type == "paragraph" and child.children:
                if out:
                    out.append(Piece("text", " "))
                out += pieces(child.children[0])
            elif nested and child.type in ("bullet_list", "ordered_list"):
                out += self._all_pieces(child)
        return out

    def _all_pieces(self, block: SyntaxTreeNode) -> list[Piece]:
        return [p for item in block.children for p in [Piece("text", " ")] + self._item_pieces(item, nested=True)]

    def _paragraph(self, block: SyntaxTreeNode) -> None:
        if not block.children:
            return
        own = pieces(block.children[0])
        if any(p.kind == "link" and is_http(p.href) and not p.image for p in own) and self.stack:
            self._add(Parts(title=[], rest=own), _line(block), self.headings)

    def _html(self, block: SyntaxTreeNode) -> None:
        if not self.stack and self.title is None:
            self.title = _html_h1(block.content)
        if self.stack and arxiv_in(block.content):
            self.skip(_line(block), "HTML block with paper links not read", "write the entries as Markdown list items or table rows")

    def _add(self, parts: Parts, line: int, headings: tuple[Heading, ...]) -> None:
        lead = (parts.title or parts.rest)[:1]
        if lead and lead[0].kind == "text" and lead[0].text.strip() and not strip_symbols(lead[0].text):
            self.marks.setdefault(lead[0].text.strip(), line)  # "🟢 [Title](…)": a status mark
        result = make_entry(parts, line)
        if isinstance(result, Entry):
            result.headings = headings
            self.entries.append(result)
            for note in result.notes:
                self.skip(line, note)
            if self.top_headings and self.stack:
                self.top_headings[-1] = (self.top_headings[-1][0], True)
            return
        message, hint = (result, None) if isinstance(result, str) else result
        self.skip(line, f"not imported: {message}", hint)
        self.unparsed += 1

    # -- whole document --------------------------------------------------------------------
    def _report_empty_sections(self) -> None:
        with_entries = {id(h) for e in self.entries for h in e.headings}
        for heading, skip, state in self.sections:
            if not skip and id(heading) not in with_entries and state["content"] and not state["reported"]:
                self.skip(heading.line, f"section '{heading.label}' has no paper entries; skipped")
                self.sections_skipped += 1

    def _span(self) -> tuple[int, int] | None:
        """Lines from the first to the last chapter with entries (for the export markers)."""
        with_entries = [i for i, (_, has) in enumerate(self.top_headings) if has]
        if not with_entries:
            return None
        first, last = with_entries[0], with_entries[-1]
        start = self.top_headings[first][0]
        lines = self.text.splitlines()
        end = self.top_headings[last + 1][0] - 1 if last + 1 < len(self.top_headings) else len(lines)
        # ...or the start of the next heading above chapter level (an H1), if that comes first
        for number in range(self.top_headings[last][0], end):
            if re.match(r"^#\s", lines[number]):
                end = number
                break
        while end > start and not lines[end - 1].strip():
            end -= 1
        return start, end

    def _gaps(self) -> list[int]:
        """Lines of chapter-level headings without entries between the first and last with entries."""
        with_entries = [i for i, (_, has) in enumerate(self.top_headings) if has]
        if not with_entries:
            return []
        return [line for line, has in self.top_headings[with_entries[0]:with_entries[-1]] if not has]


def read_readme(text: str, display: str) -> SourceList:
    return ReadmeReader(text, display).read()
