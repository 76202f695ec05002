"""What an imported list says about one paper, and how to recognise it in free-form text.

Source readers (Markdown README, BibTeX) produce :class:`Entry` objects; nothing here knows
the taxonomy. An entry holds only what the source states: no author is invented, a year comes
from the entry itself or from its arXiv id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from ...model import arxiv
from ...model.problems import Problem
from ...model.taxonomy import slugify

# -- what an import produces -----------------------------------------------------------------


@dataclass(eq=False)
class Heading:
    """A heading of the source that papers sit under: ``4.2 Reward models`` -> number, title."""

    title: str
    number: str | None
    line: int
    intro: str | None = None  # a quote right under the heading, kept as the chapter's intro

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Entry:
    title: str
    url: str | None  # a published paper may have none
    line: int
    kind: str = "paper"
    end: int | None = None  # last source line of the entry (README), for export
    year: int | None = None
    date: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    venue: str | None = None
    authors: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    headings: tuple[Heading, ...] = ()  # chapter heading, then section headings
    shape: tuple = ()  # how the README wrote it: ("item", marker, list type), ("row", column roles), ("paragraph",)
    # imported, but worth telling (e.g. a shortened summary): (message, fix) pairs
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SourceList:
    """Everything read from one source file."""

    display: str
    entries: list[Entry]
    problems: list[Problem]
    title: str | None = None  # the list's own title (README H1), for a new taxonomy
    span: tuple[int, int] | None = None  # first and last line of the imported part (README)
    gaps: list[int] = field(default_factory=list)  # lines of sections inside the span that were not imported
    unparsed: int = 0  # entries (rows, items, records) that could not be read as a paper
    sections_skipped: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # each run of chapters with entries (markers)
    text: str = ""  # the source as read (a README: for the map of where each entry came from)


def skipped(
    display: str, line: int | None, message: str, hint: str | None = None, column: int | None = None
) -> Problem:
    """A line of the source that was not imported, and why."""
    return Problem(display, line, column, None, message, hint, severity="warning")


def with_columns(problems: list[Problem], display: str, text: str) -> list[Problem]:
    """``problems``, each one about ``display`` that has a line but no column given the column
    (1-based) where that line's text starts: the start of the entry, heading or record. Markdown
    and BibTeX parsers report lines only, so the column is read from the source line itself."""
    lines = text.split("\n")  # markdown-it's line numbers count "\n" alone (not U+2028 and the like)

    def column(line: int) -> int:
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(source) - len(source.lstrip()) + 1 if source.strip() else 1

    return [
        replace(p, column=column(p.line)) if p.path == display and p.line is not None and p.column is None else p
        for p in problems
    ]


def placed(source: SourceList, text: str) -> SourceList:
    """``source`` as read from ``text``: the text kept, its problems given their columns."""
    source.text = text
    source.problems = with_columns(source.problems, source.display, text)
    return source


# -- recognisers -------------------------------------------------------------------------------

_ARXIV_URL = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)|huggingface\.co/papers|alphaxiv\.org/(?:abs|overview))/({arxiv.NEW}|{arxiv.OLD})(?:v\d+)?",
    re.I,
)
_ARXIV_TEXT = re.compile(rf"\barXiv\s*[:：]?\s*(?:abs/)?({arxiv.NEW}|{arxiv.OLD})(?:v\d+)?", re.I)
_DOI = re.compile(r"(?:doi\.org/|\bdoi:\s*|/doi/(?:abs/|full/|pdf/|epdf/)?)(10\.\d{4,9}/[^\s\"<>?#]+)", re.I)
_YEAR = re.compile(r"(?<![\d.])(?<!\d\.)(19[5-9]\d|20\d\d)(?!\d|\.\d)")
_ISO_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])(?:[-/.](0?[1-9]|[12]\d|3[01]))?(?![\d])")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]*\.?,?\s+((?:19|20)\d\d)\b", re.I)
# "(2025)", "[ICLR 2024]", "(TMLR, 2024)": a bracketed year, maybe after a venue
_BRACKETED_YEAR = re.compile(r"[(\[]\s*(?:([^()\[\]\d][^()\[\]]*?)([\s,]+))?((?:19|20)\d\d)\s*[)\]]")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)")

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sourceforge.net")
CODE_WORDS = {
    "code",
    "github",
    "gitlab",
    "repo",
    "repository",
    "implementation",
    "official code",
    "source",
    "source code",
    "pytorch",
    "tensorflow",
    "jax",
}
PAPER_WORDS = {
    "paper",
    "pdf",
    "arxiv",
    "abs",
    "abstract",
    "openreview",
    "doi",
    "html",
    "link",
    "acl",
    "acl anthology",
    "proceedings",
    "publication",
    "preprint",
    "full paper",
    "paper link",
    "arxiv paper",
    "ieee",
    "acm",
    "springer",
    "semantic scholar",
    "pubmed",
}
# Link texts that name a kind of resource, never a paper title.
GENERIC_WORDS = (
    CODE_WORDS
    | PAPER_WORDS
    | {
        "project",
        "project page",
        "page",
        "website",
        "web",
        "homepage",
        "home",
        "demo",
        "model",
        "models",
        "weights",
        "checkpoint",
        "checkpoints",
        "dataset",
        "data",
        "blog",
        "blog post",
        "video",
        "slides",
        "poster",
        "talk",
        "huggingface",
        "hf",
        "hugging face",
        "colab",
        "notebook",
        "bib",
        "bibtex",
        "url",
        "official",
        "site",
        "docs",
        "documentation",
        "tweet",
        "thread",
        "x",
        "twitter",
        "leaderboard",
        "space",
        "zhihu",
        "media",
        "news",
        "videos",
        "talk video",
        "youtube",
        "recording",
        "presentation",
        "slide",
        "ppt",
        "supplementary",
        "supp",
        "appendix",
        "review",
        "reviews",
        "openreview",
        "project website",
        "webpage",
        "github page",
        "benchmark",
        "api",
        "discord",
        "reddit",
        "medium",
        "post",
        "here",
    }
)
NOT_VENUES = {"arxiv", "preprint", "arxiv preprint", "corr", "tech report", "technical report", "report", "online"}


def strip_symbols(text: str) -> str:
    """Drop emoji and other pictographs at the ends (``🟢 Title``, ``📚 Background``)."""
    text = re.sub(r"\s+", " ", text).strip()
    while text and (unicodedata.category(text[0]) in ("So", "Sk", "Mn", "Cf", "Zs") or text[0] in "\ufe0f\u200d"):
        text = text[1:].lstrip()
    while text and (unicodedata.category(text[-1]) in ("So", "Sk", "Mn", "Cf", "Zs") or text[-1] in "\ufe0f\u200d"):
        text = text[:-1].rstrip()
    return text


def split_number(text: str) -> tuple[str | None, str]:
    """``4.2 Reward models`` -> ("4.2", "Reward models"); ``Reward models`` -> (None, …)."""
    match = _NUMBERED.match(text)
    if match and re.search(r"[A-Za-z]", text[match.end() :]):
        return match.group(1), text[match.end() :].strip()
    return None, text


def arxiv_in(text: str) -> str | None:
    """An arXiv id in a URL or in text (``arXiv:2305.20050``), without its version."""
    match = _ARXIV_URL.search(text) or _ARXIV_TEXT.search(text)
    return match.group(1) if match else None


def arxiv_date(arxiv_id: str) -> tuple[int, str]:
    """Year and ``YYYY-MM`` of first submission, which the id encodes."""
    digits = arxiv_id.split("/")[-1]
    yy, mm = int(digits[:2]), digits[2:4]
    year = (1900 + yy if yy >= 91 else 2000 + yy) if "/" in arxiv_id else 2000 + yy
    return year, f"{year:04d}-{mm}"


def doi_in(text: str) -> str | None:
    match = _DOI.search(text)
    return match.group(1).rstrip(".,;)]") if match else None


def date_in(text: str) -> tuple[int, str | None] | None:
    """The first date or year in ``text``: ``2023-05-12``, ``May 2023``, ``2023``."""
    found = []
    for match in _ISO_DATE.finditer(text):
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        found.append((match.start(), int(year), f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")))
    for match in _MONTH_DATE.finditer(text):
        month = MONTHS.index(match.group(1).lower()[:3]) + 1
        found.append((match.start(), int(match.group(2)), f"{match.group(2)}-{month:02d}"))
    for match in _YEAR.finditer(text):
        found.append((match.start(), int(match.group(1)), None))
    if not found:
        return None
    _, year, date = min(found, key=lambda f: (f[0], f[2] is None))
    return year, date


def bracketed_years(text: str) -> list[tuple[re.Match, str | None, int]]:
    """Bracketed years and their venue: ``(2025)`` -> None; ``[ICLR 2024]`` -> "ICLR 2024";
    ``(TMLR, 2024)`` -> "TMLR" (after a comma the year is the paper's, not part of the venue)."""
    out = []
    for match in _BRACKETED_YEAR.finditer(text):
        words, year = (match.group(1) or "").strip(" '’"), match.group(3)
        venue = None
        if words and words.casefold() not in NOT_VENUES and not _MONTH_DATE.match(f"{words} 2000"):
            venue = words if "," in match.group(2) else f"{words} {year}"
        out.append((match, venue, int(year)))
    return out


def is_code_url(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    return host in CODE_HOSTS and len(segments) >= 2


def is_http(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme.lower() in ("http", "https")


def label_kind(text: str) -> str | None:
    """``code`` / ``paper`` / ``other`` for a link text naming a resource; None for a title."""
    words = re.sub(r"[\[\]()<>:|•·*_`]+", " ", strip_symbols(text)).strip().casefold()
    words = re.sub(r"\s+", " ", words)
    if not words:
        return "other"
    if words in CODE_WORDS:
        return "code"
    if words in PAPER_WORDS:
        return "paper"
    if words in GENERIC_WORDS:
        return "other"
    return None


def clean_title(text: str) -> str:
    text = re.sub(r"\s*\(@[^()]*\)\s*$", "", strip_symbols(text))  # "Title (@University)": an affiliation note
    text = text.strip(" \t\"'“”‘’«»").rstrip(" .,;:")
    return re.sub(r"\s+", " ", text)


def clean_summary(text: str) -> str | None:
    text = re.sub(r"\s+", " ", re.sub(r"\[\s*\]|\(\s*\)", " ", text))
    # "(🥇55 · ⭐ 190K) - what it is": counts and ranks before the text are badges' data, not its words
    text = re.sub(r"^\s*\((?:[^()\w]|\d|[KkMm]\b)*\)", " ", text)
    text = re.sub(r"^[\s\-–—:|·•,.;]+|[\s\-–—:|·•,;]+$", "", strip_symbols(text))
    text = strip_symbols(text)
    return text if len(re.findall(r"[^\W\d_]", text)) >= 3 else None


def paper_id(entry: Entry) -> str:
    """The file name an entry gets: its arXiv id, else a slug of its title."""
    if entry.arxiv and "/" not in entry.arxiv:
        return entry.arxiv
    if entry.arxiv:
        return entry.arxiv.replace("/", "-")
    slug = slugify(entry.title)
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug
