"""Read a BibTeX file: one entry per record, with authors (which READMEs rarely have).

pybtex parses the file (collecting its errors instead of stopping at the first); each record's
fields come from :func:`mkdocs_opdhub.bibentry.paper_fields`, as for ``opdhub new``. The link is
``url``, else the DOI, else the arXiv page; ``keywords`` become tags, a ``code`` field code links.
Records without a title, a year or any link are reported with their line and left out.
"""

from __future__ import annotations

import re

import pybtex.errors
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError

from ..bibentry import paper_fields, plain
from .entries import (
    Entry,
    SourceList,
    arxiv_date,
    doi_in,
    is_code_url,
    is_http,
    placed,
    skipped,
)


def _entry_lines(text: str) -> dict[str, list[int]]:
    """Where each key's records start (pybtex does not say)."""
    lines: dict[str, list[int]] = {}
    for match in re.finditer(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", text):
        lines.setdefault(match.group(1).lower(), []).append(text.count("\n", 0, match.start()) + 1)
    return lines


def _error_place(error: Exception, lines: dict[str, list[int]], text: str) -> tuple[int | None, int | None]:
    """(line, column) of what a pybtex error is about: pybtex gives a line for syntax errors only."""
    message = str(error)
    repeated = re.match(r"repeated bibliography entry: (\S+)", message)
    if repeated and len(lines.get(repeated.group(1).lower(), [])) > 1:
        return lines[repeated.group(1).lower()][1], None
    if getattr(error, "lineno", None):
        return error.lineno, None  # type: ignore[attr-defined]
    twice = DUPLICATE_FIELD.match(message)
    if twice and lines.get(twice.group(1).lower()):
        start = _offset_of_line(text, lines[twice.group(1).lower()][0])
        fields = list(re.finditer(rf"[{{(,]\s*({re.escape(twice.group(2))})\s*=", text[start:], re.IGNORECASE))
        if len(fields) > 1:
            return _line_column(text, start + fields[1].start(1))
    names = TOO_MANY_COMMAS.match(message)
    if names and names.group(1) in text:
        return _line_column(text, text.index(names.group(1)))
    return None, None


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# pybtex's errors say what is wrong, not how to fix it
SYNTAX_HINT = "correct the entry here: fields are name = {value}, separated by commas, with balanced braces"
REPEAT_HINT = "give each entry its own key, or remove the repeat"
NAMES_HINT = "separate the names with ' and ', as in {Last, First and Last, First}"
DUPLICATE_FIELD = re.compile(r"entry with key (\S+) has a duplicate (\S+) field")
TOO_MANY_COMMAS = re.compile(r"Too many commas in '(.*)'\Z", re.DOTALL)


def _hint(error: Exception) -> str:
    message = str(error)
    if "repeated bibliography entry" in message:
        return REPEAT_HINT
    twice = DUPLICATE_FIELD.match(message)
    if twice:
        return f"keep one of the two {twice.group(2)} fields"
    if TOO_MANY_COMMAS.match(message):
        return NAMES_HINT
    return SYNTAX_HINT


def read_bibtex(text: str, display: str) -> SourceList:
    return placed(_read(text, display), text)


def _read(text: str, display: str) -> SourceList:
    problems = []
    with pybtex.errors.capture() as errors:
        try:
            data: BibliographyData = parse_string(text, "bibtex")
        except PybtexError as exc:  # pybtex gives up on some inputs even when capturing
            return SourceList(
                display, [], [skipped(display, getattr(exc, "lineno", None), f"not valid BibTeX: {exc}", _hint(exc))]
            )
    lines = _entry_lines(text)
    for error in errors:
        line, column = _error_place(error, lines, text)
        problems.append(skipped(display, line, f"BibTeX: {error}", _hint(error), column=column))
    entries = []
    for key, record in data.entries.items():
        line = lines.get(key.lower(), [None])[0]
        fields = paper_fields(record)  # what the record says, as plain text
        title = fields.get("title")
        if not title:
            problems.append(skipped(display, line, f"entry '{key}' has no title; not imported", "add title = {…}"))
            continue
        arxiv = fields.get("arxiv")
        year = fields.get("year") or (arxiv_date(arxiv)[0] if arxiv else None)
        if year is None:
            problems.append(
                skipped(display, line, f"entry '{key}' ('{title}') has no year; not imported", "add year = {…}")
            )
            continue
        doi = fields.get("doi") or doi_in(fields.get("url", ""))
        url = fields.get("url", "")
        url = (
            url
            if is_http(url)
            else (f"https://doi.org/{doi}" if doi else f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
        )
        if not url:
            problems.append(
                skipped(
                    display,
                    line,
                    f"entry '{key}' ('{title}') has no url, doi or arXiv eprint; not imported",
                    "add url = {…}, doi = {…} or eprint = {…}",
                )
            )
            continue
        date = fields.get("date") or (arxiv_date(arxiv)[1] if arxiv and arxiv_date(arxiv)[0] == year else None)
        raw = {name.lower(): str(value) for name, value in record.fields.items()}
        code = [u for u in re.split(r"[\s,]+", raw.get("code", "")) if is_http(u)]
        code += [url] if is_code_url(url) and url not in code else []
        tags = [plain(k) for k in re.split(r"[,;]", raw.get("keywords", "")) if plain(k)]
        entries.append(
            Entry(
                title=title,
                url=url,
                line=line or 1,
                year=year,
                date=date,
                arxiv=arxiv,
                doi=doi,
                venue=fields.get("venue"),
                authors=fields.get("authors", []),
                code=code,
                tags=list(dict.fromkeys(t for t in tags if len(t) <= 60)),
            )
        )
    unparsed = len(data.entries) - len(entries)
    return SourceList(display, entries, sorted(problems, key=lambda p: p.line or 0), unparsed=unparsed)
