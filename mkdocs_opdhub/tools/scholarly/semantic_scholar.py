"""Semantic Scholar's Graph API: ``POST /paper/batch`` with ids ``ARXIV:<id>`` / ``DOI:<doi>``
(up to 500 a request) answers a list in the same order, ``null`` for an unknown id; a paper is
``{"paperId", "externalIds": {"ArXiv", "DOI"}, "venue", "year", "journal": {"name"},
"publicationVenue": {"name"}, "references": [{"paperId", "externalIds"}]}``.
See https://api.semanticscholar.org/api-docs/graph.
"""

from __future__ import annotations

import re

from .fields import Fields
from .http import Client, HttpError
from .records import Published, venue_with_year

BATCH = 500
FIELDS = "externalIds,venue,year,journal,publicationVenue,references.externalIds"


def _refs(paper: Fields) -> list[str]:
    out = []
    for ref in paper.items("references"):
        ids = Fields(ref, "Semantic Scholar reference", paper.notes).child("externalIds")
        arxiv, doi = ids.text("ArXiv", 60), ids.text("DOI", 200)
        if arxiv:
            out.append(f"arxiv:{arxiv}")
        elif doi:
            out.append(f"doi:{doi.lower()}")
    return out


def parse_paper(paper) -> Published | None:
    if not isinstance(paper, dict):
        return None
    fields = Fields(paper, "Semantic Scholar")
    doi = fields.child("externalIds").text("DOI", 200)
    doi = (
        doi.lower() if doi and re.match(r"^10\.\d{4,9}/\S+$", doi) and not doi.lower().startswith("10.48550/") else None
    )
    year = fields.integer("year")
    name = None
    for candidate in (
        fields.child("publicationVenue").text("name", 180),
        fields.text("venue", 180),
        fields.child("journal").text("name", 180),
    ):
        name = candidate
        if name and "arxiv" not in name.lower():
            break
        name = None
    return Published(
        "s2",
        venue=venue_with_year(name, year),
        doi=doi,
        year=year if name or doi else None,
        references=_refs(fields),
        key=fields.text("paperId", 80),
        notes=fields.notes,
    )


def papers(client: Client, base: str, ids: list[str]) -> dict[str, Published]:
    """Records by the id asked for (``ARXIV:…`` or ``DOI:…``)."""
    out: dict[str, Published] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        url = f"{base}/paper/batch?fields={FIELDS}"
        response = client.post_json(url, {"ids": chunk})
        if response.status != 200:
            raise HttpError(f"{url}: HTTP {response.status}")
        data = response.json()
        if not isinstance(data, list) or len(data) != len(chunk):
            raise response.unusable(f"{url}: not a Semantic Scholar batch answer (a list as long as the ids)")
        for asked, paper in zip(chunk, data, strict=False):
            record = parse_paper(paper)
            if record is not None:
                out[asked] = record
    return out
