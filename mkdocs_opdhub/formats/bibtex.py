"""BibTeX of papers, made at build time with pybtex.

* Keys are ``<first author's last name><year><first significant title word>`` in ASCII
  (``ross2010reduction``). Papers that would share a key keep it in the order they entered the
  list (``added``, then id): the first keeps the bare key, later ones get ``b``, ``c``… so an
  existing key never changes when a paper is added.
* Text is LaTeX: accented letters become ``{\\"u}``-style groups, the characters LaTeX or BibTeX
  treat specially (``{ } \\ $ & % # _ ~ ^``) are escaped, words with inner capitals (``MiniLLM``,
  ``On-Policy``) are braced so styles that lower-case titles keep them. Unicode with no LaTeX
  form stays as it is (the output is UTF-8).
* ``@inproceedings`` (``booktitle``) when the venue names a conference or workshop,
  ``@article`` (``journal``) for any other venue, ``@misc`` without one; arXiv papers carry
  ``eprint`` and ``archivePrefix``.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterable

import latexcodec  # noqa: F401  (registers the "ulatex" codec pybtex itself uses)
from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer

from ..model.papers import Paper
from .escape import safe_url

# LaTeX for the ASCII characters that TeX or BibTeX would otherwise interpret. Braces become
# text commands: BibTeX counts "\{" as an opening brace too.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Venue words that mean a paper in proceedings rather than a journal article.
_PROCEEDINGS = re.compile(
    r"\b(proceedings|proc\.|conference|conf\.|workshops?|symposium|findings|"
    r"neurips|nips|icml|iclr|acl|naacl|eacl|aacl|emnlp|coling|lrec|conll|colm|aaai|ijcai|"
    r"cvpr|iccv|eccv|wacv|kdd|www|sigir|wsdm|cikm|uai|aistats|corl|rss|icra|iros|interspeech|icassp)\b",
    re.IGNORECASE,
)
# Venues that are no venue for citation purposes.
_PREPRINT = re.compile(r"^\s*(arxiv|preprint|arxiv preprint)\s*$", re.IGNORECASE)

_STOP_WORDS = frozenset(
    "a an the on of in for to and or with from by at via is are do does can toward towards "
    "when what why how beyond through into your our".split()
)


_NEEDS_LATEX = re.compile(r"[\\{}$&%#_~^]|[^\x00-\x7f]")


def latex(text: str) -> str:
    """Plain text as LaTeX that BibTeX parses and LaTeX typesets back to the same text."""
    return _NEEDS_LATEX.sub(lambda m: _SPECIAL.get(m.group()) or _unicode_char(m.group()), text)


@functools.lru_cache(maxsize=4096)
def _unicode_char(char: str) -> str:
    try:
        encoded = codecs.encode(char, "ulatex+ascii").strip()
    except UnicodeEncodeError:
        return char  # no LaTeX form (e.g. CJK): kept as UTF-8
    if unicodedata.category(char).startswith("L") and encoded.startswith("\\"):
        return "{" + encoded + "}"  # a letter as a brace group: BibTeX sorts and case-changes it as one
    return encoded


_SPACES = re.compile(r"(\s+)")
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _protect_case(text: str) -> str:
    """Escape ``text`` and brace the words whose capitals a style must not lower-case."""
    out = []
    for word in _SPACES.split(text):
        lead, core, trail = _WORD.match(word).groups()
        if any(c.isupper() for c in core[1:]):
            out.append(latex(lead) + "{" + latex(core) + "}" + latex(trail))
        else:
            out.append(latex(word))
    return "".join(out)


def bibtex_name(author: str) -> str:
    """``Last, First`` (or ``Last, Jr., First``) in BibTeX's name syntax; any other text (a team,
    a single name) is braced so BibTeX keeps it whole instead of splitting it into first/last."""
    parts = [part.strip() for part in author.split(",")]
    if 2 <= len(parts) <= 3 and all(parts):
        return _brace_and(latex(", ".join(parts)))
    return "{" + latex(author.strip()) + "}"


_AND = re.compile(r"(?<!\S)(and)(?!\S)", re.IGNORECASE)


def _brace_and(text: str) -> str:
    """A literal word "and" inside a name would split it into two people."""
    return _AND.sub(r"{\1}", text)


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def base_key(paper: Paper) -> str:
    """The key before clashes are resolved: ``ross2010reduction``."""
    return _base_key(paper.authors[0] if paper.authors else "", paper.title, paper.year)


@functools.lru_cache(maxsize=65536)  # the same papers every build of a `mkdocs serve` session
def _base_key(first_author: str, title: str, year: int | None) -> str:
    name = ""
    if first_author:
        last = (
            first_author.split(",")[0]
            if "," in first_author
            else first_author.split()[0]
            if first_author.split()
            else ""
        )
        name = _ascii_word(last)
    words = [_ascii_word(w) for w in re.split(r"[\s\-–—:/]+", title)]
    word = next((w for w in words if w and w not in _STOP_WORDS), next((w for w in words if w), ""))
    return f"{name or 'anon'}{year if year is not None else ''}{word}"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Unique, stable keys for ``papers``: paper id -> key."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for paper in sorted(papers, key=lambda p: (p.added, p.id)):
        base = key = base_key(paper)
        suffix = ord("b")
        while key in used:
            key = f"{base}{_letters(suffix - ord('a'))}"
            suffix += 1
        used.add(key)
        keys[paper.id] = key
    return keys


def _letters(n: int) -> str:
    """1 -> b, 25 -> z, 26 -> ba, …: suffixes that never run out."""
    out = ""
    while True:
        n, rest = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[rest] + out
        if n == 0:
            return out


def entry_type(venue: str | None) -> str:
    if not venue or _PREPRINT.match(venue):
        return "misc"
    return "inproceedings" if _PROCEEDINGS.search(venue) else "article"


# The entry type of each kind that is not a paper (biblatex's @software and @online; @misc
# for data, which BibTeX styles all print); a paper's type follows its venue.
KIND_TYPES = {
    "code": "software",
    "tool": "software",
    "model": "software",
    "dataset": "misc",
    "benchmark": "misc",
    "blog": "online",
    "video": "online",
    "course": "online",
    "book": "book",
}


def entry(paper: Paper) -> Entry:
    """The pybtex entry of one entry (fields already LaTeX), typed by its kind and venue."""
    kind = KIND_TYPES.get(paper.kind) or entry_type(paper.venue)
    fields: dict[str, str] = {"title": _protect_case(paper.title)}
    if paper.year is not None:
        fields["year"] = str(paper.year)
    if kind == "inproceedings":
        fields["booktitle"] = latex(paper.venue)
    elif kind == "article":
        fields["journal"] = latex(paper.venue)
    elif kind == "book" and paper.venue:
        fields["publisher"] = latex(paper.venue)
    elif paper.venue and kind in ("software", "online", "misc") and paper.kind in KIND_TYPES:
        fields["note"] = latex(paper.venue)
    if paper.arxiv:
        fields["eprint"] = paper.arxiv
        fields["archivePrefix"] = "arXiv"
    if paper.doi:
        fields["doi"] = latex(paper.doi)
    url = safe_url(paper.url) if paper.url else "#"
    if url != "#":
        fields["url"] = latex(url)
    if paper.authors:
        # Names are written as BibTeX name lists directly: they are "Last, First" already, and
        # parsing each into a pybtex Person costs ~0.1 ms a name (seconds at 10,000 papers).
        fields = {"author": " and ".join(bibtex_name(a) for a in paper.authors), **fields}
    return Entry(kind, fields=fields)


class _Writer(Writer):
    """pybtex's BibTeX writer, given text that is LaTeX already (see :func:`latex`)."""

    def _encode(self, text: str) -> str:
        return text

    def quote(self, s: str) -> str:
        # Always braces (the common style). Balance is guaranteed by construction (latex() never
        # emits a lone brace); pybtex's own check_braces costs more than the rest of the writing.
        return "{" + s + "}"


def bibliography(papers: Iterable[Paper], keys: dict[str, str] | None = None) -> str:
    """BibTeX of ``papers`` in the order given; keys default to :func:`citation_keys` of them."""
    papers = list(papers)
    keys = keys or citation_keys(papers)
    data = BibliographyData({keys[p.id]: entry(p) for p in papers})
    return _Writer().to_string(data)


def paper_entry(paper: Paper, key: str | None = None) -> str:
    """BibTeX of one paper (``key`` from :func:`citation_keys` of the whole list)."""
    return bibliography([paper], {paper.id: key or base_key(paper)}).strip() + "\n"
