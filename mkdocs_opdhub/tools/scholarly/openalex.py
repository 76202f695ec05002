"""OpenAlex: published venue, DOI and year, and references, for papers with an arXiv id or DOI.

Works are looked up in batches with ``/works?filter=doi:A|B|…`` (arXiv papers by their DataCite
DOI ``10.48550/arXiv.<id>``); a work answers ``{"id": "https://openalex.org/W…", "doi":
"https://doi.org/…", "publication_year", "primary_location"/"locations": [{"source":
{"display_name", "type"}, "version"}], "referenced_works": ["https://openalex.org/W…"]}``.
See https://docs.openalex.org/api-entities/works.
"""

from __future__ import annotations

import re
import urllib.parse

from .fields import Fields
from .http import Client, HttpError
from .records import Published, venue_with_year
from .text import clean

BATCH = 50  # filter values per request (OpenAlex allows up to 100 OR-ed values)
ARXIV_DOI = "10.48550/arxiv."
_VENUE_TYPES = {"journal", "conference", "book series"}


def arxiv_doi(arxiv_id: str) -> str:
    return f"{ARXIV_DOI}{arxiv_id}".lower()


def _bare_doi(value) -> str | None:
    text = clean(value, 300)
    if not text:
        return None
    text = re.sub(r"^https?://(dx\.)?doi\.org/", "", text, flags=re.I).lower()
    return text if re.match(r"^10\.\d{4,9}/\S+$", text) else None


def parse_work(work: dict) -> tuple[set[str], Published]:
    """The DOIs a work is known by (to match it to our papers) and what it says."""
    if not isinstance(work, dict):
        raise ValueError("not a work")
    fields = Fields(work, "OpenAlex")
    dois = set()
    doi = _bare_doi(fields.text("doi"))
    if doi:
        dois.add(doi)
    other = _bare_doi(fields.child("ids").text("doi"))
    if other:
        dois.add(other)
    year = fields.integer("publication_year")
    venue = None
    for location in [work.get("primary_location")] + fields.items("locations"):
        if not isinstance(location, dict):
            continue
        place = Fields(location, "OpenAlex location", fields.notes)
        source = place.child("source")
        found = re.search(r"arxiv\.org/abs/([^v/?#\s]+)", place.text("landing_page_url") or "")
        if found:
            dois.add(arxiv_doi(found.group(1)))
        name = source.text("display_name", 180)
        if not venue and source.text("type") in _VENUE_TYPES and "arxiv" not in (name or "").lower():
            venue = venue_with_year(name, year)
    refs = [f"openalex:{r.rsplit('/', 1)[-1]}" for r in fields.items("referenced_works") if isinstance(r, str)]
    key = (fields.text("id") or "").rsplit("/", 1)[-1] or None
    published_doi = doi if doi and not doi.startswith(ARXIV_DOI) else None  # arXiv's own DOI is no published version
    return dois, Published(
        "openalex",
        venue=venue,
        doi=published_doi,
        year=year if venue or published_doi else None,
        references=refs,
        key=key,
        notes=fields.notes,
    )


def _results(client: Client, base: str, key: str, chunk: list[str], mailto: str | None, select: str) -> list:
    params = {"filter": f"{key}:" + "|".join(chunk), "per-page": len(chunk), "select": select}
    if mailto:
        params["mailto"] = mailto
    url = f"{base}/works?{urllib.parse.urlencode(params, safe=':|/')}"
    response = client.get(url)
    if response.status != 200:
        raise HttpError(f"{url}: HTTP {response.status}")
    data = response.json()
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise response.unusable(f"{url}: not an OpenAlex list of works (no 'results')")
    return results


def known_as(client: Client, base: str, work_ids: list[str], mailto: str | None = None) -> dict[str, set[str]]:
    """The DOIs (arXiv's included) of works by OpenAlex id ``W…``: references named by OpenAlex
    id become references to DOIs and arXiv ids, which the list's papers can be found by."""
    out: dict[str, set[str]] = {}
    wanted = list(dict.fromkeys(w for w in work_ids if re.match(r"^W\d+$", w)))
    for start in range(0, len(wanted), BATCH):
        for work in _results(
            client, base, "ids.openalex", wanted[start : start + BATCH], mailto, "id,doi,ids,locations"
        ):
            try:
                dois, record = parse_work(work)
            except ValueError:
                continue
            if record.key:
                out[record.key] = dois
    return out


def works(client: Client, base: str, dois: list[str], mailto: str | None = None) -> dict[str, Published]:
    """Published records by (lower-case) DOI asked for."""
    out: dict[str, Published] = {}
    wanted = list(dict.fromkeys(d.lower() for d in dois))
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        results = _results(
            client,
            base,
            "doi",
            chunk,
            mailto,
            "id,doi,ids,publication_year,primary_location,locations,referenced_works",
        )
        for work in results:
            try:
                known, record = parse_work(work)
            except ValueError:
                continue
            for doi in known & set(chunk):
                out[doi] = record
    return out
