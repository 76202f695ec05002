"""The catalog: valid papers plus what the taxonomy says about each of them (facet values)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..model.papers import Paper
from ..model.taxonomy import (
    RESERVED_SLUGS,
    UNCLASSIFIED,
    Facet,
    Taxonomy,
    Value,
    slugify,
)

SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title A–Z",
    "added": "Recently added",
}


def sort_papers(papers: Iterable[Paper], order: str = "newest") -> list[Paper]:
    papers = list(papers)
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    if order == "title":
        return by_title
    if order == "oldest":
        return sorted(by_title, key=lambda p: p.sort_date)
    if order == "added":
        return sorted(sorted(by_title, key=lambda p: p.sort_date, reverse=True), key=lambda p: p.added, reverse=True)
    return sorted(by_title, key=lambda p: p.sort_date, reverse=True)


@dataclass(frozen=True)
class FacetValue:
    """A value of a facet as the site shows it: with its label, slug and paper count."""

    facet: str
    id: str
    label: str
    slug: str
    count: int
    description: str | None = None

    @property
    def unclassified(self) -> bool:
        return self.id == UNCLASSIFIED


class Catalog:
    def __init__(self, taxonomy: Taxonomy, papers: Iterable[Paper]):
        self.taxonomy = taxonomy
        self.papers = sort_papers(papers)
        self.by_id = {p.id: p for p in self.papers}
        self._open_ids = {f.field: self._open_value_ids(f) for f in taxonomy.facets if f.kind == "open"}
        self._values = {p.id: {f.field: self._paper_values(p, f) for f in taxonomy.facets} for p in self.papers}
        self.facet_values: dict[str, list[FacetValue]] = {f.field: self._collect(f) for f in taxonomy.facets}

    # -- facet values ------------------------------------------------------------------------
    def _open_value_ids(self, facet: Facet) -> dict[str, str]:
        """Text -> value id for a facet whose values come from the data: its slug, made unique
        (two texts never share a page, and none takes a reserved page)."""
        texts = sorted({str(v) for p in self.papers for v in _items(p.get(facet.field))}, key=lambda t: (t.casefold(), t))
        ids: dict[str, str] = {}
        taken = set(RESERVED_SLUGS)
        for text in texts:
            base = slug = slugify(text)
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            ids[text] = slug
        return ids

    def _paper_values(self, paper: Paper, facet: Facet) -> tuple[str, ...]:
        if facet.kind == "presence":
            return ("yes",) if paper.get(facet.of) else ("no",)
        items = _items(paper.get(facet.field))
        if not items:
            return (UNCLASSIFIED,)
        if facet.kind == "open":
            return tuple(dict.fromkeys(self._open_ids[facet.field][str(v)] for v in items))
        return tuple(dict.fromkeys(str(v) for v in items))

    def _collect(self, facet: Facet) -> list[FacetValue]:
        counts = Counter(v for p in self.papers for v in self._values[p.id][facet.field])
        if facet.kind == "year":
            declared = [Value(y, y) for y in sorted((k for k in counts if k != UNCLASSIFIED), key=int, reverse=True)]
        elif facet.kind == "open":
            labels = {value_id: text for text, value_id in self._open_ids[facet.field].items()}
            declared = [Value(k, labels[k]) for k in sorted(labels, key=lambda k: (-counts[k], labels[k].casefold()))]
        else:
            declared = facet.values
        out = [FacetValue(facet.field, v.id, v.label, slugify(v.id), counts.get(v.id, 0), v.description) for v in declared]
        if counts.get(UNCLASSIFIED):
            out.append(FacetValue(facet.field, UNCLASSIFIED, facet.unclassified, UNCLASSIFIED, counts[UNCLASSIFIED]))
        return out

    def values_of(self, paper: Paper, field: str) -> tuple[str, ...]:
        return self._values[paper.id][field]

    def value(self, field: str, value_id: str) -> FacetValue | None:
        return next((v for v in self.facet_values.get(field, []) if v.id == value_id), None)

    def label(self, field: str, value_id: str) -> str:
        value = self.value(field, value_id)
        return value.label if value else value_id

    # -- selection ---------------------------------------------------------------------------
    def select(self, filters: Mapping[str, Iterable[str]], papers: Iterable[Paper] | None = None) -> list[Paper]:
        """Papers matching every facet (AND) with any of its listed values (OR)."""
        wanted = {name: set(map(str, ids)) for name, ids in filters.items()}
        sections = self.taxonomy.sections()
        out = []
        for paper in self.papers if papers is None else papers:
            ok = True
            for name, ids in wanted.items():
                if name == "section":
                    # a section matches papers filed under it or under any of its subsections
                    ok = any(_within(mine, s, sections) for mine in paper.sections for s in ids)
                else:
                    ok = bool(ids.intersection(self._values[paper.id][name]))
                if not ok:
                    break
            if ok:
                out.append(paper)
        return out


def _items(raw) -> list:
    if raw is None or raw == "":
        return []
    return raw if isinstance(raw, list) else [raw]


def _within(section_id: str, ancestor_id: str, sections) -> bool:
    if section_id == ancestor_id:
        return True
    ancestor = sections.get(ancestor_id)
    if ancestor is None:
        return False
    return any(s.id == section_id for _, s in ancestor.walk())
