"""arXiv's query API: Atom feeds for ``id_list`` lookups (up to 100 ids a request) and searches.

The feed is parsed with defusedxml (no entities, no DTDs, no external references: the answer is
hostile until proven otherwise). See https://info.arxiv.org/help/api/user-manual.html.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from xml.etree.ElementTree import ParseError

from ...model import arxiv as arxiv_ids
from .http import Client, HttpError
from .records import ArxivRecord
from .text import clean, last_first

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
BATCH = 100  # ids per request, as the API manual allows
_ID = re.compile(rf"arxiv\.org/abs/((?:{arxiv_ids.NEW}|{arxiv_ids.OLD}))(?:v(\d+))?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class FeedError(HttpError):
    """An answer that is not the Atom feed the API documents."""


def _date(text: str | None) -> str | None:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", text or "")
    return match.group(1) if match else None


def parse_feed(body: bytes, url: str = "arXiv") -> tuple[list[ArxivRecord], list[str], int | None]:
    """Records, the API's error messages (it reports a bad id as an entry titled 'Error'), and
    opensearch:totalResults."""
    # from the network tools' extra, mkdocs-opdhub[tools]: imported where a feed is read, so the
    # other commands work without it (the command line says what to install when it is missing)
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(body)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise FeedError(f"{url}: the answer is not a well-formed Atom feed ({type(exc).__name__}: {exc})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"{url}: the answer is not an Atom feed (root element {root.tag!r})")
    records, errors = [], []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
        if "/api/errors" in entry_id:
            errors.append(clean(entry.findtext(f"{ATOM}summary"), 500) or "unknown error")
            continue
        match = _ID.search(entry_id)
        if not match:
            errors.append(f"an entry without a valid arXiv id ({clean(entry_id, 200)!r}) was skipped")
            continue
        primary = entry.find(f"{ARXIV}primary_category")
        doi = clean(entry.findtext(f"{ARXIV}doi"), 200)
        records.append(
            ArxivRecord(
                arxiv=match.group(1),
                version=int(match.group(2)) if match.group(2) else None,
                title=clean(entry.findtext(f"{ATOM}title"), 500),
                authors=[
                    last_first(name)
                    for name in (clean(a.findtext(f"{ATOM}name"), 200) for a in entry.findall(f"{ATOM}author"))
                    if name
                ],
                abstract=clean(entry.findtext(f"{ATOM}summary"), 6000),
                published=_date(entry.findtext(f"{ATOM}published")),
                updated=_date(entry.findtext(f"{ATOM}updated")),
                primary_category=clean(primary.get("term"), 40) if primary is not None else None,
                categories=[t for t in (clean(c.get("term"), 40) for c in entry.findall(f"{ATOM}category")) if t],
                doi=doi if doi and _DOI.match(doi) else None,
                journal_ref=clean(entry.findtext(f"{ARXIV}journal_ref"), 200),
                comment=clean(entry.findtext(f"{ARXIV}comment"), 1000),
            )
        )
    total = root.findtext(f"{OPENSEARCH}totalResults")
    return records, errors, int(total) if total and total.strip().isdigit() else None


def _parsed(response, url: str):
    try:
        return parse_feed(response.body, url)
    except FeedError:
        response.forget()  # a broken answer is not kept for the next run
        raise


def lookup(client: Client, base: str, ids: Iterable[str]) -> tuple[dict[str, ArxivRecord], list[str]]:
    """Records by bare id for ``ids`` (versions dropped), in batches of :data:`BATCH`."""
    wanted = list(dict.fromkeys(re.sub(r"v\d+$", "", i) for i in ids))
    found: dict[str, ArxivRecord] = {}
    errors: list[str] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        query = urllib.parse.urlencode({"id_list": ",".join(chunk), "start": 0, "max_results": len(chunk)})
        url = f"{base}?{query}"
        response = client.get(url, accept="application/atom+xml")
        if response.status != 200:
            raise HttpError(f"{url}: HTTP {response.status}")
        records, problems, _ = _parsed(response, url)
        errors += problems
        for record in records:
            if record.arxiv in chunk:
                found[record.arxiv] = record
    return found, errors


def search(
    client: Client, base: str, query: str, *, page: int = 100, start: int = 0
) -> tuple[list[ArxivRecord], int | None]:
    """One page of a search, newest submissions first."""
    params = {
        "search_query": query,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "start": start,
        "max_results": page,
    }
    url = f"{base}?{urllib.parse.urlencode(params)}"
    response = client.get(url, accept="application/atom+xml")
    if response.status != 200:
        raise HttpError(f"{url}: HTTP {response.status}")
    records, errors, total = _parsed(response, url)
    if errors:
        raise FeedError(f"arXiv did not accept the query {query!r}: {'; '.join(errors)}")
    return records, total
