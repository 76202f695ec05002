"""Read an awesome-list README: papers in tables or bullet lists, under H2/H3… headings.

The Markdown is parsed by markdown-it-py (CommonMark + GFM tables), which gives every block its
source lines. Headings become chapters (the top level below the list's title) and sections
(deeper levels); each table row or list item below them is one entry. Arxiv ids, years, venues
and code links are recognised wherever they appear in the entry. Sections that are not lists
of papers (contributing, citation, …), tables of contents and rows that name no paper are
reported line by line, never silently dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ...model.papers import normalise_title
from ...model.problems import Problem
from .entries import (
    Entry,
    Heading,
    SourceList,
    arxiv_in,
    clean_title,
    is_http,
    label_kind,
    placed,
    skipped,
    split_number,
    strip_symbols,
)
from .inline import Parts, Piece, html_pieces, make_entry, pieces, plain, text_of
from .kinds import is_paper_url

# Headings of README parts that are not lists of papers, even when they contain links or tables.
NOT_PAPERS = re.compile(
    r"^(table of contents|contents|toc|index|contribut\w*|how to contribute|citations?|cite|citing|how to cite|"
    r"licen[cs]e|acknowledge?ments?|thanks|star history|stargazers|contacts?|taxonomy|open problems|"
    r"open questions|future directions|news|updates|changelog|change log|todo|to do|roadmap|sponsors?|support|"
    r"faq|about( us)?|maintainers?)$"
)

# Headings that only hold other headings: their own list (a table of contents) is skipped, the
# headings below them are read.
WRAPPERS = re.compile(r"^(table of contents|contents|toc|index)$")
HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>\s*$", re.I | re.S)

DETAILS_SUMMARY = re.compile(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>", re.I | re.S)

# Table header words -> what the column holds (English and Chinese headers, the languages of the
# lists seen so far; a column with another header is reported, not guessed).
COLUMN_ROLES = {
    "title": (
        "title",
        "name",
        "paper title",
        "paper name",
        "method",
        "model",
        "work",
        "publication",
        "project",
        "tool",
        "library",
        "framework",
        "dataset",
        "benchmark",
        "resource name",
        "标题",
        "名称",
        "论文标题",
        "论文名称",
        "题目",
        "项目",
        "项目名称",
        "名字",
        "模型",
        "数据集",
        "工具",
    ),
    # "Paper" is the title when no other column is, else the paper's link (``Title | … | Paper``)
    "paper": ("paper", "papers", "论文", "文章"),
    "date": (
        "date",
        "year",
        "published",
        "time",
        "release",
        "released",
        "when",
        "month",
        "时间",
        "日期",
        "年份",
        "发表时间",
        "发布时间",
    ),
    "venue": (
        "venue",
        "conference",
        "conf",
        "journal",
        "pub",
        "where",
        "booktitle",
        "published in",
        "会议",
        "期刊",
        "来源",
        "会议/期刊",
        "发表",
    ),
    "authors": ("author", "authors", "by", "first author", "作者"),
    "code": (
        "code",
        "resources",
        "resource",
        "links",
        "link",
        "repo",
        "repository",
        "repositories",
        "github",
        "implementation",
        "source",
        "source code",
        "official code",
        "url",
        "pdf",
        "paper link",
        "homepage",
        "website",
        "代码",
        "代码链接",
        "开源代码",
        "项目地址",
        "链接",
        "论文链接",
        "地址",
        "主页",
    ),
    "summary": (
        "description",
        "summary",
        "notes",
        "note",
        "tl;dr",
        "tldr",
        "remarks",
        "comment",
        "comments",
        "highlights",
        "contribution",
        "key idea",
        "idea",
        "abstract",
        "details",
        "描述",
        "简介",
        "说明",
        "备注",
        "介绍",
        "摘要",
        "特点",
    ),
    "index": ("#", "no", "no.", "number", "index", "id", "rank", "序号", "编号"),
}


def column_roles(headers: list[str]) -> list[str | None]:
    """Each column's role from its header, in any order; "Paper" is the title unless another
    column is."""
    roles = [_role(header) for header in headers]
    paper_role = "code" if "title" in roles else "title"
    return [paper_role if role == "paper" else role for role in roles]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


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


def _starts_like_entry(own: list[Piece]) -> bool:
    lead = next((p for p in own if p.kind != "text" or strip_symbols(p.text)), None)
    return lead is not None and (lead.kind == "strong" or (lead.kind == "link" and not lead.image))


class _Run:
    """Some of an inline node's children, to read as one line."""

    def __init__(self, children: list):
        self.children = children


def _lines_of(inline: SyntaxTreeNode) -> list[list[Piece]]:
    """The pieces of each source line of a paragraph."""
    runs: list[list] = [[]]
    for child in inline.children:
        if child.type in ("softbreak", "hardbreak"):
            runs.append([])
        else:
            runs[-1].append(child)
    return [pieces(_Run(run)) for run in runs]


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
        self.details: Entry | None = None  # an entry written as <details>, until its </details>
        self.unwrapped: set[int] = set()
        self.skipped_at: int | None = None  # the report line of the skipped section being read
        self.skipped_links: dict[
            int, int
        ] = {}  # that line -> items and rows with links under it  # headings above every entry, whose sections became the chapters

    def skip(self, line: int | None, message: str, hint: str | None = None, column: int | None = None) -> None:
        self.problems.append(skipped(self.display, line, message, hint, column))
        if self.sections:
            self.sections[-1][2]["reported"] = True

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(h for _, h, s in self.stack if not s)

    @property
    def in_skipped(self) -> bool:
        return any(s == "all" for _, _, s in self.stack) or bool(self.stack and self.stack[-1][2])

    def read(self) -> SourceList:
        tree = SyntaxTreeNode(parser().parse(self.text))
        blocks = tree.children
        h1_count = sum(1 for b in blocks if b.type == "heading" and b.tag == "h1")
        top = 1 if h1_count > 1 else 2
        previous = None
        for block in blocks:
            if self.details is not None:  # the body of a <details> entry (install commands, links) is part of it
                closing = block.content.lower().find("</details>") if block.type == "html_block" else -1
                if closing >= 0:
                    self.details.end = block.map[0] + block.content[:closing].count("\n") + 1
                    self.details = None
                    self._details_entry(block, closing)  # the next one may start in the same HTML block
                previous = block
                continue
            if block.type == "heading":
                self._heading(block, top)
            elif block.type == "html_block" and self._html_heading(block, top):
                pass
            elif block.type == "blockquote" and previous is not None and previous.type == "heading" and self.stack:
                _, heading, _ = self.stack[-1]
                heading.intro = (
                    "\n\n".join(c.children[0].content for c in block.children if c.type == "paragraph" and c.children)
                    or None
                )
            elif self.in_skipped:
                self._count_skipped(block)
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
        self._unwrap()
        self._drop_pointers()
        for index, count in self.skipped_links.items():
            problem = self.problems[index]
            self.problems[index] = replace(
                problem,
                message=f"{problem.message} ({count} item{'s' if count != 1 else ''} with links in it not imported)",
            )
        if self.title is None:  # several H1s (the first one also a chapter): the first names the list
            first = next((b for b in blocks if b.type == "heading" and b.tag == "h1" and b.children), None)
            self.title = clean_title(plain(first.children[0], images=False)) or None if first else None
        self._report_empty_sections()
        if self.marks:
            line, first = min((line, mark) for mark, line in self.marks.items())
            self.skip(
                line,
                f"the marks {', '.join(self.marks)} before titles are not imported",
                "a paper file has no field for them; if they classify papers, add a facet to the taxonomy",
                self.text.split("\n")[line - 1].find(first) + 1 or None,  # at the first mark itself
            )
        return SourceList(
            self.display,
            self.entries,
            sorted(self.problems, key=lambda p: p.line or 0),
            self.title,
            self._span(),
            self._gaps(),
            self.unparsed,
            self.sections_skipped,
            spans=self._spans(),
        )

    # -- blocks ----------------------------------------------------------------------------
    def _heading(self, block: SyntaxTreeNode, top: int) -> None:
        text = clean_title(plain(block.children[0], images=False)) if block.children else ""
        if not text and block.children:  # a heading that is only an image: its alt text names it
            text = clean_title(re.sub(r"[-_]+", " ", plain(block.children[0], images=True)))
        raw = re.sub(r"\s+", " ", plain(block.children[0], images=False)).strip() if block.children else ""
        self._open(int(block.tag[1]), text, raw or text, _line(block), top)

    def _open(self, level: int, text: str, raw: str, line: int, top: int) -> None:
        """A heading: the list's title above ``top``, else a chapter or section."""
        if level < top:
            self.title = self.title or text or None
            self.stack = []
            return
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        number, title = split_number(text)
        # the title keeps its emoji ("📚 Background"): GitHub's anchors, and so the README's own
        # table of contents, depend on the exact heading text the export writes back
        shown = raw.split(number, 1)[-1].lstrip(". ") if number and raw.startswith(number) else raw
        heading = Heading(title=shown or title or text, number=number, line=line)
        name = title.casefold().strip(" :") if title else ""
        # "Contents" skips its own list (a table of contents), never the headings below it
        skip = ("own" if WRAPPERS.match(name) else "all") if not name or NOT_PAPERS.match(name) else False
        inherited = any(s == "all" for _, _, s in self.stack)
        if skip and not inherited:
            self.skip(
                heading.line,
                f"section '{text}' is not a list of papers; skipped",
                "if it lists papers, give it a heading that names their topic",
            )
            self.sections_skipped += 1
            self.skipped_at = len(self.problems) - 1
        self.stack.append((level, heading, skip))
        if len(self.stack) == 1 or (not skip and all(s == "own" for _, _, s in self.stack[:-1])):
            self.top_headings.append((heading.line, False))
        self.sections.append((heading, self.in_skipped, {"content": False, "reported": False}))

    def _table(self, block: SyntaxTreeNode) -> None:
        head = [c for c in block.children if c.type == "thead"]
        body = [c for c in block.children if c.type == "tbody"]
        header_cells = head[0].children[0].children if head else []
        roles = column_roles([plain(cell) for cell in header_cells])
        ignored = [
            plain(cell).strip()
            for cell, role in zip(header_cells, roles, strict=False)
            if role is None and plain(cell).strip()
        ]
        if "title" not in roles:
            roles = ["title" if i == 0 and r is None else r for i, r in enumerate(roles)] or ["title"]
            ignored = ignored[1:] if header_cells and _role(plain(header_cells[0])) is None else ignored
        if ignored:
            self.skip(
                _line(block),
                f"table column(s) {', '.join(repr(i) for i in ignored)} not imported",
                "columns read: title/paper, date/year, venue, authors, code/resources, description/notes",
            )
        for row in body[0].children if body else []:
            cells = [pieces(cell.children[0]) if cell.children else [] for cell in row.children]
            parts = Parts(title=[], rest=[])
            for role, cell in zip(roles, cells, strict=False):
                if role == "title":
                    parts.title += cell
                elif role == "date":
                    parts.date_text += " " + text_of(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role == "venue":
                    parts.venue_text += " " + text_of(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role == "authors":
                    parts.authors_text += " " + text_of(cell)
                elif role == "summary":
                    parts.summary_text += " " + text_of(cell)
                    parts.rest += [p for p in cell if p.kind == "link"]
                elif role == "code":
                    # a Code column's links are the code, whatever their label (often the repository's name)
                    parts.rest += [
                        Piece("link", "code", p.href)
                        if p.kind == "link" and not p.image and label_kind(p.text) is None and not is_paper_url(p.href)
                        else p
                        for p in cell
                    ]
                elif role is None:
                    parts.rest += cell
            self._add(parts, _line(row), self.headings, end=_line(row), shape=("row", tuple(roles)))

    def _list(self, block: SyntaxTreeNode, headings: tuple[Heading, ...]) -> None:
        items = [i for i in block.children if i.type == "list_item"]
        hrefs = [p.href for item in items for p in self._item_pieces(item, nested=True) if p.kind == "link"]
        if hrefs and all(h.startswith("#") for h in hrefs):
            self.skip(
                _line(block),
                "a table of contents; skipped",
                "its links all point within the page; if these are papers, link each to the paper itself",
            )
            return
        for item in items:
            own = self._item_pieces(item, nested=False)
            nested = [c for c in item.children if c.type in ("bullet_list", "ordered_list")]
            has_link = any(p.kind == "link" and is_http(p.href) for p in own) or arxiv_in(text_of(own))
            if not has_link and nested:
                # a category bullet ("- **Vision**" with papers below it) acts as a sub-heading
                label = clean_title(text_of(own) or " ".join(p.text for p in own))
                number, title = split_number(label)
                sub = headings + ((Heading(title=title, number=number, line=_line(item)),) if title else ())
                for child in nested:
                    self._list(child, sub)
                continue
            parts = Parts(title=[], rest=own + [p for c in nested for p in self._all_pieces(c)])
            self._add(parts, _line(item), headings, end=item.map[1], shape=("item", item.markup or "-", block.type))

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
        lines = _lines_of(block.children[0])
        if len(lines) > 1 and all(_starts_like_entry(line) for line in lines) and self.stack:
            for offset, line in enumerate(lines):  # one link per line: each line is an entry
                if any(p.kind == "link" and is_http(p.href) and not p.image for p in line):
                    number = _line(block) + offset
                    self._add(Parts(title=[], rest=line), number, self.headings, end=number, shape=("line",))
            return
        own = pieces(block.children[0])
        # a paragraph is an entry when it starts like one ("[Title](…) …", "**Title** …"), not prose
        if not _starts_like_entry(own):
            return
        if any(p.kind == "link" and is_http(p.href) and not p.image for p in own) and self.stack:
            self._add(Parts(title=[], rest=own), _line(block), self.headings, end=block.map[1], shape=("paragraph",))

    def _count_skipped(self, block: SyntaxTreeNode) -> None:
        """Items and rows with links in a skipped section are counted in its report line, so that
        no entry-like line goes unaccounted for."""
        if self.skipped_at is None or block.type not in ("bullet_list", "ordered_list", "table"):
            return
        rows = [n for n in block.walk() if n.type in ("list_item", "tr")]
        linked = sum(
            1 for row in rows if any(n.type == "link" and is_http(n.attrs.get("href", "")) for n in row.walk())
        )
        if linked:
            self.skipped_links[self.skipped_at] = self.skipped_links.get(self.skipped_at, 0) + linked

    def _html_heading(self, block: SyntaxTreeNode, top: int) -> bool:
        """``<h2 id="x">Technique</h2>`` alone in an HTML block: a heading like ``## Technique``."""
        match = HTML_HEADING.match(block.content)
        if match is None:
            return False
        raw = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", match.group(2)))).strip()
        self._open(int(match.group(1)), clean_title(raw), raw, _line(block), top)
        return True

    def _details_entry(self, block: SyntaxTreeNode, start: int) -> bool:
        """``<details><summary><a href>Name</a> - what it is</summary>`` … ``</details>``: one
        entry, from ``start`` in the block's text; its body is part of it."""
        summary = DETAILS_SUMMARY.search(block.content, start)
        if not (self.stack and not self.in_skipped and summary and re.search(r"<a\s[^>]*href", summary.group(1), re.I)):
            return False
        line = block.map[0] + block.content[: summary.start()].count("\n") + 1
        rest = block.content[summary.end() :].lower()
        closed = "</details>" in rest
        end = (
            line + block.content[summary.start() : summary.end() + rest.find("</details>")].count("\n")
            if closed
            else line
        )
        before = len(self.entries)
        self._add(Parts(title=[], rest=html_pieces(summary.group(1))), line, self.headings, end=end, shape=("html",))
        if len(self.entries) > before and not closed:
            self.details = self.entries[-1]
        if self.sections:
            self.sections[-1][2]["content"] = True
        return True

    def _html(self, block: SyntaxTreeNode) -> None:
        if not self.stack and self.title is None:
            self.title = _html_h1(block.content)
        if self._details_entry(block, 0):
            return
        if self.stack and arxiv_in(block.content):
            self.skip(
                _line(block),
                "HTML block with paper links not read",
                "write the entries as Markdown list items or table rows",
            )

    def _add(
        self, parts: Parts, line: int, headings: tuple[Heading, ...], end: int | None = None, shape: tuple = ()
    ) -> None:
        lead = (parts.title or parts.rest)[:1]
        if lead and lead[0].kind == "text" and lead[0].text.strip() and not strip_symbols(lead[0].text):
            self.marks.setdefault(lead[0].text.strip(), line)  # "🟢 [Title](…)": a status mark
        result = make_entry(parts, line, headings)
        if isinstance(result, Entry):
            result.headings = headings
            result.end = end or line
            result.shape = shape
            self.entries.append(result)
            for note, hint in result.notes:
                self.skip(line, note, hint)
            if self.top_headings and self.stack:
                self.top_headings[-1] = (self.top_headings[-1][0], True)
            return
        message, hint = result
        self.skip(line, f"not imported: {message}", hint)
        self.unparsed += 1

    # -- whole document --------------------------------------------------------------------
    def _unwrap(self) -> None:
        """One heading above every entry, each of them in a section below it (``## Papers``,
        ``# Main Content``): the sections are the chapters, not sections of one chapter."""
        while (
            self.entries
            and all(len(e.headings) >= 2 for e in self.entries)
            and len({id(e.headings[0]) for e in self.entries}) == 1
        ):
            self.unwrapped.add(id(self.entries[0].headings[0]))
            for entry in self.entries:
                entry.headings = entry.headings[1:]

    def _drop_pointers(self) -> None:
        """Short names that link to an entry listed in full elsewhere ("Start here: MiniLLM, …")
        are not entries of their own: the full entry wins, and the pointer is reported."""
        by_link: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for key in {entry.url and entry.url.rstrip("/"), entry.arxiv and f"arxiv:{entry.arxiv}"} - {None, ""}:
                by_link.setdefault(key, []).append(entry)
        pointers: dict[int, Entry] = {}
        for group in by_link.values():
            full = max(group, key=lambda e: (len(e.title), bool(e.authors), bool(e.venue), -e.line))
            for entry in group:
                if entry is full or normalise_title(entry.title) == normalise_title(full.title):
                    continue
                short = normalise_title(entry.title)
                if len(entry.title.split()) <= 3 or normalise_title(full.title).startswith(short):
                    pointers[id(entry)] = full
        if not pointers:
            return
        for entry in self.entries:
            full = pointers.get(id(entry))
            if full is not None:
                self.skip(
                    entry.line,
                    f"'{entry.title}' points to '{full.title}' (line {full.line}), listed in full "
                    "there; not a separate entry",
                    "if it is another paper, give it its own link",
                )
        self.entries = [e for e in self.entries if id(e) not in pointers]

    def _report_empty_sections(self) -> None:
        with_entries = {id(h) for e in self.entries for h in e.headings} | self.unwrapped
        for heading, skip, state in self.sections:
            if not skip and id(heading) not in with_entries and state["content"] and not state["reported"]:
                self.skip(
                    heading.line,
                    f"section '{heading.label}' has no paper entries; skipped",
                    "if it lists papers, write each as a list item or table row with a link to the paper",
                )
                self.sections_skipped += 1

    def _spans(self) -> list[tuple[int, int]]:
        """Lines of each run of consecutive chapters with entries (one pair of export markers each):
        from the run's first heading to the end of its last chapter, less trailing blank lines and
        rules. Chapters without entries between runs (an essay, a table of terms) stay outside."""
        lines = self.text.splitlines()
        tops = self.top_headings
        out = []
        i = 0
        while i < len(tops):
            if not tops[i][1]:
                i += 1
                continue
            j = i
            while j + 1 < len(tops) and tops[j + 1][1]:
                j += 1
            start = tops[i][0]
            end = tops[j + 1][0] - 1 if j + 1 < len(tops) else len(lines)
            for number in range(tops[j][0], end):  # ...or the next heading above chapter level (an H1)
                if re.match(r"^#\s", lines[number]):
                    end = number
                    break
            while end > start and (
                not lines[end - 1].strip()
                or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", lines[end - 1])
                or re.match(r"^ {0,3}\[[^\]]+\]:\s*\S", lines[end - 1])
            ):  # rules, link definitions
                end -= 1
            out.append((start, end))
            i = j + 1
        return out

    def _span(self) -> tuple[int, int] | None:
        """Lines from the first to the last chapter with entries."""
        spans = self._spans()
        return (spans[0][0], spans[-1][1]) if spans else None

    def _gaps(self) -> list[int]:
        """Lines of chapter-level headings without entries between the first and last with entries."""
        with_entries = [i for i, (_, has) in enumerate(self.top_headings) if has]
        if not with_entries:
            return []
        return [line for line, has in self.top_headings[with_entries[0] : with_entries[-1]] if not has]


def read_readme(text: str, display: str) -> SourceList:
    return placed(ReadmeReader(text, display).read(), text)
