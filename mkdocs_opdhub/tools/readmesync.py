"""``export readme --into``: bring a README's list up to date with the paper files, rewriting
only the entries it manages.

The README is read the way ``opdhub import`` reads it; every entry between a pair of marker
lines is matched with its paper file (by arXiv id, DOI, title or link):

* an entry that says what its paper file says stays byte for byte as it is (so right after an
  import the README is up to date, and import → export → import is a fixed point);
* an entry whose paper file changed is rewritten in the entry's own shape (the same bullet or
  number, the same table columns), and nothing else on other lines moves;
* a paper file without an entry gets one after the last entry of its chapter or section (or, if
  the README has no place for it, under a new heading at the end of the last marked block);
* everything else (prose, headings, tables that are not lists, skipped lines, entries without a
  paper file, footers, reference-link definitions) is left exactly as it is, and entries
  without a paper file are reported.

A README whose markers enclose nothing but blank lines gets the whole list, as a new README does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..formats.escape import safe_url
from ..model.catalog import Catalog
from ..model.papers import Paper, normalise_title
from ..model.problems import Problem
from .export import END, START, MarkerError, escape_text, readme_block, readme_line, readme_url
from .importer.entries import Entry, with_columns
from .importer.markdown import read_readme
from .importer.plan import locate

_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+)")


@dataclass
class SyncResult:
    text: str
    kept: int = 0
    rewritten: int = 0
    added: int = 0
    problems: list[Problem] = field(default_factory=list)


def marker_regions(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) indices of each start/end marker pair, in order; MarkerError when unbalanced."""
    regions, start = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == START:
            if start is not None:
                raise MarkerError(_unbalanced(lines))
            start = i
        elif stripped == END:
            if start is None:
                raise MarkerError(_unbalanced(lines))
            regions.append((start, i))
            start = None
    if start is not None:
        raise MarkerError(_unbalanced(lines))
    return regions


def required_regions(lines: list[str]) -> list[tuple[int, int]]:
    """:func:`marker_regions`, which the export needs at least one of."""
    regions = marker_regions(lines)
    if not regions:
        raise MarkerError(
            f"no '{START}' and '{END}' lines: put them around the list, or run 'opdhub import README.md --add-markers'"
        )
    return regions


def _unbalanced(lines: list[str]) -> str:
    starts = sum(1 for line in lines if line.strip() == START)
    ends = sum(1 for line in lines if line.strip() == END)
    return f"expected '{START}' lines each followed by one '{END}' line (found {starts} start and {ends} end markers)"


def _keys(title: str | None, url: str | None, arxiv: str | None, doi: str | None) -> list[tuple[str, str]]:
    out = []
    if arxiv:
        out.append(("arxiv", str(arxiv)))
    if doi:
        out.append(("doi", str(doi).lower()))
    if title:
        out.append(("title", normalise_title(title)))
    if url:
        out.append(("url", url.rstrip("/")))
    return out


def agrees(entry: Entry, paper: Paper, authors: bool, primary: bool = True) -> bool:
    """True when the entry states exactly what the paper file says, for what an entry can state
    (a date more precise than the line's, tags or facets are not written in a README line). A
    paper listed again under another heading (not ``primary``) may state less there: what that
    line does state must agree."""
    pairs = [
        (entry.title, paper.title),
        (entry.url, paper.url),
        (entry.year, paper.year),
        (entry.venue or None, paper.venue or None),
        (entry.arxiv, paper.arxiv),
        (entry.doi or None, paper.doi or None),
        (list(entry.code) or None, list(paper.code) or None),
        (entry.summary or None, paper.summary or None),
        (entry.kind, paper.kind),
    ]
    if entry.authors or authors:
        pairs.append((list(entry.authors) or None, list(paper.authors) or None))
    return all(said == want for said, want in pairs if primary or said is not None)


def _cells(line: str) -> list[str]:
    """The cells of a table row as written (``\\|`` stays inside its cell)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _row(paper: Paper, roles: tuple, old: list[str] | None, authors: bool) -> str:
    """A table row for ``paper`` with the table's columns; columns the paper has nothing for keep
    what the old row had (or stay empty)."""
    parts = []
    for i, role in enumerate(roles):
        was = old[i] if old and i < len(old) else ""
        if role == "title":
            title = _pipe(_md(paper.title))
            parts.append(
                _mark(was)
                + (
                    f"[{title}]({readme_url(paper.url)})"
                    if paper.url and safe_url(paper.url) != "#"
                    else f"**{title}**"
                )
            )
        elif role == "date":
            parts.append(paper.date if paper.date and was and len(was) > 4 else str(paper.year or ""))
        elif role == "venue":
            parts.append(_pipe(_md(paper.venue or "")))
        elif role == "authors":
            parts.append(_pipe(_md("; ".join(paper.authors))))
        elif role == "code":
            parts.append(" ".join(f"[code]({readme_url(c)})" for c in paper.code if safe_url(c) != "#"))
        elif role == "summary":
            parts.append(_pipe(_md(paper.summary or "")))
        else:
            parts.append(was)
    return "| " + " | ".join(parts) + " |"


def _mark(text: str) -> str:
    """A status mark the list puts before titles ("🟢 "), kept when the entry is rewritten."""
    match = re.match(r"^([^\w\[*_<(]+?)\s*(?=[\[*])", text)
    return match.group(0) if match and match.group(1).strip() else ""


def _md(text: str) -> str:
    return escape_text(text)


def _pipe(text: str) -> str:
    return text.replace("|", "\\|") if "\\|" not in text else text


def _rendered(entry_shape: tuple, first_line: str, paper: Paper, authors: bool, number: int | None = None) -> str:
    """``paper`` as a line of the same shape as ``first_line`` (an item, a row, a paragraph)."""
    kind = entry_shape[0] if entry_shape else "item"
    if kind == "row":
        return _row(paper, entry_shape[1], _cells(first_line), authors)
    body = readme_line(paper, authors)[2:]
    match = _ITEM.match(first_line)
    if kind == "item" and match:
        marker = match.group(2)
        if number is not None and marker[:-1].isdigit():
            marker = f"{number}{marker[-1]}"
        return f"{match.group(1)}{marker}{match.group(3)}{_mark(first_line[match.end() :])}{body}"
    return body if kind == "paragraph" else f"- {body}"


def _end(lines: list[str], entry: Entry) -> int:
    """Index after the entry's last line, not counting blank lines after it."""
    end = max(entry.end or entry.line, entry.line)
    while end > entry.line and not lines[end - 1].strip():
        end -= 1
    return end


def sync(
    text: str, catalog: Catalog, *, display: str = "README.md", level: int = 2, authors: bool = False
) -> SyncResult:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    regions = required_regions(lines)
    taxonomy = catalog.taxonomy
    index: dict[tuple[str, str], Paper] = {}
    for paper in catalog.papers:
        for key in _keys(paper.title, paper.url, paper.arxiv, paper.doi):
            index.setdefault(key, paper)

    inside = lambda line: any(s < line - 1 < e for s, e in regions)  # noqa: E731 - 1-based entry lines
    entries = [e for e in read_readme(text, display).entries if inside(e.line)]
    result = SyncResult(text)

    def warn(entry: Entry, message: str, hint: str | None = None) -> None:  # an entry left as it is
        result.problems.append(Problem(display, entry.line, None, None, message, hint, severity="warning"))

    replace: dict[int, tuple[int, list[str]]] = {}  # first line index -> (end index, new lines)
    inserts: dict[int, list[str]] = {}  # after line index -> new lines
    listed: set[str] = set()
    last_at: dict[tuple[str, str | None], Entry] = {}  # place -> the last entry there
    for entry in entries:
        paper = next((index[k] for k in _keys(entry.title, entry.url, entry.arxiv, entry.doi) if k in index), None)
        place = locate(taxonomy, entry.headings) if entry.headings else None
        if isinstance(place, tuple):
            last_at[place] = entry
        if paper is None:
            warn(
                entry,
                f"'{entry.title}' has no paper file; left as it is",
                "add one with 'opdhub new' or 'opdhub import', or remove the entry",
            )
            continue
        primary = paper.id not in listed
        listed.add(paper.id)
        if agrees(entry, paper, authors, primary):
            result.kept += 1
            continue
        if not primary and normalise_title(entry.title) != normalise_title(paper.title):
            # another entry matched by a shared id or link: never written over with this paper's data
            warn(
                entry,
                f"'{entry.title}' shares an id or link with '{paper.title}' (papers/{paper.id}); left as it is",
                "if it is another paper, give it its own link and a paper file; if the same, remove the repeat",
            )
            result.kept += 1
            continue
        first = entry.line - 1
        replace[first] = (_end(lines, entry), [_rendered(entry.shape, lines[first], paper, authors)])
        result.rewritten += 1

    missing = [p for p in catalog.papers if p.id not in listed]
    if not entries and all(not "".join(lines[s + 1 : e]).strip() for s, e in regions):
        block = readme_block(catalog, level, authors).rstrip("\n").split("\n")
        start, end = regions[0]
        if start + 1 < end:
            replace[start + 1] = (end, [""] + block + [""])
        else:
            inserts[start] = [""] + block + [""]
        result.added = len(missing)
        missing = []
    homeless: list[Paper] = []
    for paper in missing:
        placed = False
        for chapter in paper.chapters:
            sections = [
                s for s in paper.sections if taxonomy.sections().get(s) and taxonomy.sections()[s].chapter == chapter
            ]
            for place in [(chapter, s) for s in sections] or [(chapter, None)]:
                anchor = last_at.get(place)
                if anchor is None:
                    continue
                number = _next_number(lines[anchor.line - 1], inserts.get(_end(lines, anchor) - 1, []))
                inserts.setdefault(_end(lines, anchor) - 1, []).append(
                    _rendered(anchor.shape, lines[anchor.line - 1], paper, authors, number)
                )
                placed = True
        if placed:
            result.added += 1
        else:
            homeless.append(paper)
    if homeless:  # no heading of the README is their place: new headings at the end of the last block
        start, end = regions[-1]
        sub = Catalog(taxonomy, homeless)
        block = [
            line for line in readme_block(sub, level, authors).rstrip("\n").split("\n") if not line.startswith("<!--")
        ]
        inserts.setdefault(end - 1, []).extend([""] + block)
        result.added += len(homeless)

    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in replace:
            end, new = replace[i]
            out += new
            if end - 1 in inserts and end - 1 >= i:
                out += inserts.pop(end - 1)
            i = max(end, i + 1)
            continue
        out.append(lines[i])
        out += inserts.pop(i, [])
        i += 1
    result.problems = with_columns(result.problems, display, text)  # where each entry starts
    changed = result.rewritten or result.added
    if changed:
        result.text = newline.join(out) + (newline if text.endswith(("\n", "\r")) or not text else "")
    return result


def _next_number(anchor_line: str, added: list[str]) -> int | None:
    """The number of an item added after a numbered one (``3.`` -> 4, then 5…)."""
    match = _ITEM.match(added[-1] if added else anchor_line)
    marker = match.group(2) if match else ""
    return int(marker[:-1]) + 1 if marker[:-1].isdigit() else None
