"""Records and data files: a paper's papers.json record, papers.json, the listing store, their
script twins, and the fingerprints that tell ``mkdocs serve --dirty`` which pages changed.

Pure Python, like the rest of the site plan (see :mod:`.plan`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from .. import __version__
from ..formats import bibtex
from ..formats.escape import json_text
from ..model.catalog import SORTS, Catalog
from .listing import Renderer
from .whatsnew import NewPapers

DATA_VERSION = 1


class DataFiles:
    """What the site publishes as data about its papers (see the README's "papers.json")."""

    def __init__(self, catalog: Catalog, renderer: Renderer, record_cache: dict | None = None):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.renderer = renderer
        self._records: dict[str, dict] = {}
        self._keys: dict[str, str] = {}
        # Records of earlier builds (``mkdocs serve``): paper id -> (paper, inputs, record); reused
        # while the loader hands back the same paper object with the same key, URL and values.
        self._record_cache = {} if record_cache is None else record_cache
        self._keep_json = record_cache is not None  # a later build reuses each record's JSON too
        self._counts: str | None = None

    def data(self) -> dict:
        """The published data API: see the README's "papers.json" section; stable across versions."""
        facets = []
        for facet in self.taxonomy.facets:
            facets.append(
                {
                    **facet.type.descriptor(facet),
                    "classified": self.catalog.coverage(facet.field)[0],
                    "values": [
                        {
                            "id": v.id,
                            "label": v.label,
                            "count": v.count,
                            **({"description": v.description} if v.description else {}),
                            "url": self.renderer.value_url(facet.field, v.id),
                        }
                        for v in self.catalog.facet_values[facet.field]
                    ],
                }
            )
        papers = [self.record(p) for p in self.catalog.papers]
        survey = self.taxonomy.survey
        return {
            "version": DATA_VERSION,
            "generator": f"mkdocs-opdhub {__version__}",
            "survey": {"title": survey.title, "url": survey.url, "arxiv": survey.arxiv},
            "sorts": [{"id": k, "label": v} for k, v in SORTS.items()],
            "authors_shown": self.renderer.authors_shown,
            "facets": facets,
            "chapters": [_chapter_json(c) for c in self.taxonomy.chapters],
            "kinds": self._kinds_json(),
            "papers": papers,
        }

    def _kinds_json(self) -> list[dict[str, str]]:
        """The kinds of entry and their labels (cards show the kind of what is not a paper)."""
        return [{"id": k.id, "label": k.label} for k in self.taxonomy.kinds]

    def data_json(self) -> str:
        """papers.json; ``<``, ``>``, ``&`` and U+2028/U+2029 as ``\\u`` escapes, so a consumer that
        puts the document into a page's ``<script>`` cannot be made to close it."""
        return self._json_with_records(self.data(), store=False)

    def _json_with_records(self, data: dict, *, store: bool) -> str:
        """``data`` as JSON with its records written one by one: under ``mkdocs serve`` each
        record's JSON is kept, so a rebuild after one edit writes one record again, not all."""
        papers = data.pop("papers")
        head = json_text({**data, "papers": []})
        return head[: -len("]}")] + ",".join(self._record_json(p, store) for p in papers) + "]}"

    def _record_json(self, record: dict, store: bool) -> str:
        entry = self._record_cache.get(record["id"])
        texts = entry[4] if entry is not None and entry[2] is record and self._keep_json else None
        if texts is not None and store in texts:
            return texts[store]
        text = json_text({k: v for k, v in record.items() if v is not None and k != "bibtex"} if store else record)
        if texts is not None:
            texts[store] = text
        return text

    def record(self, p) -> dict[str, Any]:
        """The papers.json record of one paper (made once per build)."""
        record = self._records.get(p.id)
        if record is not None:
            return record
        if not self._records:
            self._keys = bibtex.citation_keys(self.catalog.papers)
        values = tuple(self.catalog.values_of(p, f.field) for f in self.taxonomy.facets)
        inputs = (self._keys[p.id], self.renderer.card_url(p), values)
        cached = self._record_cache.get(p.id)
        if cached and cached[0] is p and cached[1] == inputs:
            self._records[p.id] = cached[2]
            return cached[2]
        record = {
            "id": p.id,
            "title": p.title,
            "authors": p.authors,
            "year": p.year,
            "date": p.date,
            "added": p.added,
            "venue": p.venue,
            "arxiv": p.arxiv,
            "doi": p.doi,
            "link": p.url,
            "code": p.code,
            "tags": p.tags,
            "summary": p.summary,
            "abstract": p.abstract,
            "section": p.section,
            "kind": p.kind,
            "related": [{k: item[k] for k in ("id", "type", "note") if k in item} for item in p.related] or None,
        }
        raw = {}
        for facet in self.taxonomy.facets:
            ids = self.catalog.values_of(p, facet.field)
            value = facet.type.record_value(facet, p, ids)
            if facet.field in record and not facet.type.is_the_field:
                raw[facet.field] = record[facet.field]  # a facet named like a core field: keep the text too
            record[facet.field] = value
        if raw:
            record["raw"] = raw
        record["url"] = self.renderer.card_url(p)
        record["bibtex"] = bibtex.paper_entry(p, self._keys[p.id])  # what "Cite" copies and "Export" joins
        self._records[p.id] = record
        digest = hashlib.sha1(repr(record).encode()).hexdigest()[:16]  # keys in a fixed order: repr is stable
        self._record_cache[p.id] = (p, inputs, record, digest, {})
        return record

    def _record_digest(self, p) -> str:
        self.record(p)
        return self._record_cache[p.id][3]

    def digest(self, papers) -> str:
        """A fingerprint of what a page shows of ``papers``: a generated page's source carries it,
        so the source changes exactly when the page would (``mkdocs serve --dirty`` then
        re-renders that page and skips the others)."""
        if self._counts is None:
            self._counts = repr(
                [(v.id, v.count) for f in self.taxonomy.facets for v in self.catalog.facet_values[f.field]]
            )
            new = self.renderer.is_new
            if isinstance(new, NewPapers) and new.days:
                self._counts += f" new since {new.since}"  # the "New" badges change with the build date
        h = hashlib.sha1(self._counts.encode())
        for p in papers:
            h.update(self._record_digest(p).encode())
        return h.hexdigest()[:16]

    def store_json(self) -> str:
        """The listing store (``Layout.listing_store``): papers.json without the records' BibTeX
        and empty fields (see docs/data-api.md)."""
        return self._json_with_records(self.data(), store=True)

    def data_script(self, data_json: str | None = None) -> str:
        """A data file (papers.json by default) as a script that pages opened from disk can load
        with ``<script src>`` (browsers refuse fetch() there). It files the data under its own
        absolute URL, which data.js derives from the data file's URL (see ``layout.script_of``)."""
        return "".join(self.script_parts(data_json if data_json is not None else self.data_json()))

    def script_parts(self, data_json: str) -> tuple[str, str, str]:
        """:meth:`data_script` in three parts, the data in the middle (written without a copy)."""
        return ("(window.OpdhubData = window.OpdhubData || {})[document.currentScript.src] = ", data_json, ";\n")


def _section_json(section) -> dict:
    return {
        "id": section.id,
        "number": section.number,
        "title": section.title,
        "sections": [_section_json(s) for s in section.sections],
    }


def _chapter_json(chapter) -> dict:
    return {
        "id": chapter.id,
        "number": chapter.number,
        "title": chapter.title,
        "short": chapter.short,
        "sections": [_section_json(s) for s in chapter.sections],
    }
