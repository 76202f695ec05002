"""Crossref's REST API: ``/works/{doi}`` for the published version of a paper with a DOI.

Answer: ``{"status": "ok", "message-type": "work", "message": {"DOI", "type", "container-title": [..],
"event": {"name"}, "published": {"date-parts": [[y, m, d]]}, ...}}``; an unknown DOI is a 404.
See https://api.crossref.org/swagger-ui/index.html.
"""

from __future__ import annotations

import urllib.parse

from .fields import Fields
from .http import Client, HttpError
from .records import Published, venue_with_year

# Work types that are a preprint or a part of something, not a place of publication.
_NOT_A_VENUE = {"posted-content", "dataset", "peer-review", "component", "report", "other"}


def _parts(message: Fields, name: str) -> list | None:
    parts = message.child(name).items("date-parts")
    if (
        parts
        and isinstance(parts[0], list)
        and parts[0]
        and all(isinstance(x, int) and not isinstance(x, bool) for x in parts[0])
        and 1900 <= parts[0][0] <= 2100
    ):
        return parts[0]
    return None


def _date(message: Fields) -> str | None:
    """The earliest dated form of publication, as precise as Crossref gives it (YYYY-MM[-DD])."""
    for name in ("published", "published-online", "published-print", "issued"):
        parts = _parts(message, name)
        if parts and len(parts) >= 2 and 1 <= parts[1] <= 12:
            day = f"-{parts[2]:02d}" if len(parts) > 2 and 1 <= parts[2] <= 31 else ""
            return f"{parts[0]:04d}-{parts[1]:02d}{day}"
    return None


def _authors(message: Fields) -> list[str]:
    out = []
    for person in message.items("author"):
        if not isinstance(person, dict):
            continue
        who = Fields(person, f"{message.where}.author", message.notes)
        family, given = who.text("family", 150), who.text("given", 150)
        name = f"{family}, {given}" if family and given else family or who.text("name", 200)
        if name:
            out.append(name)
    return out


def _year(message: Fields) -> int | None:
    for name in ("published", "published-print", "published-online", "issued"):
        parts = _parts(message, name)
        if parts:
            return parts[0]
    return None


def parse_work(data, url: str = "Crossref") -> Published | None:
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise HttpError(f"{url}: not a Crossref work (no 'message')")
    message = Fields(data["message"], "Crossref")
    year = _year(message)
    venue = None
    if message.text("type") not in _NOT_A_VENUE:
        name = message.first_text("container-title", 180)
        if not name:
            name = message.child("event").text("name", 180)
        venue = venue_with_year(name, year)
    doi = message.text("DOI", 200)
    title = message.first_text("title", 500)
    return Published(
        "crossref",
        venue=venue,
        doi=doi.lower() if doi else None,
        year=year,
        title=title,
        authors=_authors(message),
        date=_date(message),
        notes=message.notes,
    )


def work(client: Client, base: str, doi: str, mailto: str | None = None) -> Published | None:
    """The work with ``doi``, or None when Crossref does not know it."""
    url = f"{base}/works/{urllib.parse.quote(doi, safe='')}"
    if mailto:
        url += "?" + urllib.parse.urlencode({"mailto": mailto})
    response = client.get(url)
    if response.status == 404:
        return None
    if response.status != 200:
        raise HttpError(f"{url}: HTTP {response.status}")
    data = response.json()
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise response.unusable(f"{url}: not a Crossref work (no 'message')")
    return parse_work(data, url)
