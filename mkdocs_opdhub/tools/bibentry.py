"""BibTeX entries as paper fields: title and names as plain text, arXiv id, DOI, venue, date.

pybtex parses the file; latexcodec (which pybtex depends on) turns LaTeX accents and symbols
into Unicode. Nothing here touches the network.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import BibliographyData, Entry, Person, parse_file, parse_string
from pybtex.scanner import PybtexError

from ..model import arxiv
from ..model.problems import did_you_mean

MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


class BibError(Exception):
    """A BibTeX file that cannot be used, with a message for people."""


def read(path: Path) -> BibliographyData:
    try:
        return parse_file(str(path), bib_format="bibtex")
    except (PybtexError, UnicodeDecodeError) as exc:
        raise BibError(f"{path}: not a readable BibTeX file: {exc}") from None


def parse(text: str) -> BibliographyData:
    try:
        return parse_string(text, bib_format="bibtex")
    except PybtexError as exc:
        raise BibError(f"not readable BibTeX: {exc}") from None


def plain(latex: str) -> str:
    """LaTeX text as people read it: accents decoded, commands and grouping braces dropped."""
    text = codecs.decode(latex, "ulatex")
    text = re.sub(r"\\[A-Za-z]+\*?\s*", "", text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def person_name(person: Person) -> str:
    """``Last, First`` (``von Last, Jr., First``); a team name stays as it is."""
    last = " ".join(plain(p) for p in person.prelast_names + person.last_names)
    first = " ".join(plain(p) for p in person.first_names + person.middle_names)
    lineage = " ".join(plain(p) for p in person.lineage_names)
    return ", ".join(part for part in (last, lineage, first) if part)


def arxiv_id(fields: dict[str, str]) -> str | None:
    """The arXiv id, from ``eprint`` (with an arXiv prefix), the journal line or the URL."""
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", "") or fields.get("eprinttype", "")
    candidates = [eprint] if eprint and (not prefix or prefix.lower() == "arxiv") else []
    candidates += [fields[name] for name in ("journal", "url", "note") if "arxiv" in fields.get(name, "").lower()]
    return next((found for found in map(arxiv.find, candidates) if found), None)


def _date(fields: dict[str, str]) -> str | None:
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = fields.get("month", "").strip().lower()
    number = (
        int(month)
        if month.isdigit()
        else MONTHS.get(month) or next((n for name, n in MONTHS.items() if month and name.startswith(month[:3])), None)
    )
    return f"{year}-{number:02d}" if number and 1 <= number <= 12 else None


def _venue(fields: dict[str, str]) -> str | None:
    for name in ("booktitle", "journal"):
        value = plain(fields.get(name, ""))
        if value and not re.search(r"\barxiv\b|\bcorr\b", value, re.I):
            return value
    return None


def paper_fields(entry: Entry) -> dict[str, Any]:
    """The paper fields a BibTeX entry gives (only those it has)."""
    fields = {k.lower(): str(v) for k, v in entry.fields.items()}
    out: dict[str, Any] = {}
    if fields.get("title"):
        out["title"] = plain(fields["title"])
    authors = [person_name(p) for p in entry.persons.get("author", [])]
    if authors:
        out["authors"] = authors
    if re.fullmatch(r"\d{4}", fields.get("year", "").strip()):
        out["year"] = int(fields["year"])
    date = _date(fields)
    if date:
        out["date"] = date
    arxiv_number = arxiv_id(fields)
    if arxiv_number:
        out["arxiv"] = arxiv_number
    doi = DOI_PREFIX.sub("", fields.get("doi", "").strip())
    if doi:
        out["doi"] = doi
    venue = _venue(fields)
    if venue:
        out["venue"] = venue
    url = fields.get("url", "").strip()
    if url:
        out["url"] = url
    return out


def pick(data: BibliographyData, key: str | None) -> tuple[str, Entry]:
    """The one entry meant: the only one, or the one named ``key``."""
    keys = list(data.entries)
    if not keys:
        raise BibError("the BibTeX file holds no entry")
    if key is None:
        if len(keys) > 1:
            shown = ", ".join(keys[:10]) + (", …" if len(keys) > 10 else "")
            raise BibError(f"the BibTeX file holds {len(keys)} entries ({shown}): choose one with --key")
        return keys[0], data.entries[keys[0]]
    if key not in data.entries:
        hint = did_you_mean(key, keys)
        raise BibError(f"no entry '{key}' in the BibTeX file" + (f" ({hint})" if hint else ""))
    return key, data.entries[key]
