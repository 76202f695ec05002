"""Crossref's REST API: ``/works/{doi}`` for the published version of a paper with a DOI.

Answer: ``{"status": "ok", "message-type": "work", "message": {"DOI", "type", "container-title": [..],
"event": {"name"}, "published": {"date-parts": [[y, m, d]]}, ...}}``; an unknown DOI is a 404.
See https://api.crossref.org/swagger-ui/index.html.
"""

from __future__ import annotations

import urllib.parse

from .http import Client, HttpError
from .records import Published, venue_with_year
from .text import clean

# Work types that are a preprint or a part of something, not a place of publication.
_NOT_A_VENUE = {"posted-content", "dataset", "peer-review", "component", "report", "other"}


def _parts(message: dict, name: str) -> list | None:
    value = message.get(name)
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] \
            and all(isinstance(x, int) for x in parts[0]) and 1900 <= parts[0][0] <= 2100:
        return parts[0]
    return None


def _date(message: dict) -> str | None:
    """The earliest dated form of publication, as precise as Crossref gives it (YYYY-MM[-DD])."""
    for name in ("published", "published-online", "published-print", "issued"):
        parts = _parts(message, name)
        if parts and len(parts) >= 2 and 1 <= parts[1] <= 12:
            day = f"-{parts[2]:02d}" if len(parts) > 2 and 1 <= parts[2] <= 31 else ""
            return f"{parts[0]:04d}-{parts[1]:02d}{day}"
    return None


def _authors(message: dict) -> list[str]:
    out = []
    for person in message.get("author") or []:
        if not isinstance(person, dict):
            continue
        family, given = clean(person.get("family"), 150), clean(person.get("given"), 150)
        name = f"{family}, {given}" if family and given else family or clean(person.get("name"), 200)
        if name:
            out.append(name)
    return out


def _year(message: dict) -> int | None:
    for name in ("published", "published-print", "published-online", "issued"):
        parts = (message.get(name) or {}).get("date-parts") if isinstance(message.get(name), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], int):
            if 1900 <= parts[0][0] <= 2100:
                return parts[0][0]
    return None


def parse_work(data, url: str = "Crossref") -> Published | None:
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise HttpError(f"{url}: not a Crossref work (no 'message')")
    message = data["message"]
    year = _year(message)
    venue = None
    if message.get("type") not in _NOT_A_VENUE:
        titles = message.get("container-title")
        name = clean(titles[0], 180) if isinstance(titles, list) and titles else None
        event = message.get("event")
        if not name and isinstance(event, dict):
            name = clean(event.get("name"), 180)
        venue = venue_with_year(name, year)
    doi = clean(message.get("DOI"), 200)
    titles = message.get("title")
    title = clean(titles[0], 500) if isinstance(titles, list) and titles else None
    return Published("crossref", venue=venue, doi=doi.lower() if doi else None, year=year,
                     title=title, authors=_authors(message), date=_date(message))


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
    return parse_work(response.json(), url)
