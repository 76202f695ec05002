"""What the APIs say about one paper, in paper-file terms (``Last, First`` names, ISO dates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class ArxivRecord:
    """One arXiv entry (Atom API)."""

    arxiv: str  # without version
    version: int | None
    title: str | None
    authors: list[str]
    abstract: str | None
    published: str | None  # first version, YYYY-MM-DD
    updated: str | None  # latest version, YYYY-MM-DD
    primary_category: str | None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def withdrawn(self) -> bool:
        """arXiv marks a withdrawal in the comment (and often the abstract) of the last version."""
        text = f"{self.comment or ''} {self.abstract or ''}".casefold()
        return "withdrawn" in text and (
            "paper has been withdrawn" in text
            or "withdrawn by" in text
            or (self.comment or "").casefold().startswith("withdrawn")
        )


@dataclass
class Published:
    """The published version of a paper, from Crossref, OpenAlex or Semantic Scholar."""

    source: str  # "crossref", "openalex", "s2"
    venue: str | None = None
    doi: str | None = None
    year: int | None = None
    references: list[str] = field(default_factory=list)  # "arxiv:<id>", "doi:<doi>" or "openalex:<W…>"
    key: str | None = None  # the work's own id at the source (OpenAlex W…)
    title: str | None = None  # Crossref: for papers without an arXiv record
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD or YYYY-MM, first publication
    notes: list[str] = field(default_factory=list)  # fields of the answer skipped (a wrong type), for the report


def venue_with_year(name: str | None, year: int | None) -> str | None:
    """``ICLR`` + 2024 -> ``ICLR 2024`` (the list's convention); names with a year keep theirs."""
    if not name:
        return None
    if year and not re.search(r"\b(19|20)\d\d\b", name):
        return f"{name} {year}"
    return name
