"""The catalog: valid papers plus what the taxonomy says about each of them (facet values)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

from .papers import Paper
from .taxonomy import UNCLASSIFIED, Facet, Taxonomy, slugify

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
        self._prepared = {f.field: f.type.prepare(f, self.papers) for f in taxonomy.facets}  # e.g. open values' slugs
        self._values = {
            p.id: {f.field: f.type.paper_values(f, p, self._prepared[f.field]) for f in taxonomy.facets}
            for p in self.papers
        }
        self.facet_values: dict[str, list[FacetValue]] = {f.field: self._collect(f) for f in taxonomy.facets}
        self._by_value = {(v.facet, v.id): v for values in self.facet_values.values() for v in values}
        # Selection by index, not by scanning: a site has hundreds of listings over thousands of
        # papers. Positions are in catalog order (newest first), so a selection comes out sorted.
        self._index: dict[str, dict[str, list[int]]] = {f.field: {} for f in taxonomy.facets}
        self._section_index: dict[str, set[int]] = {}
        sections = taxonomy.sections()
        ancestors = {sid: _ancestors(sid, sections) for sid in sections}
        for position, paper in enumerate(self.papers):
            for field, ids in self._values[paper.id].items():
                index = self._index[field]
                for value_id in ids:
                    index.setdefault(value_id, []).append(position)
            for mine in paper.sections:  # a section holds the papers of its subsections too
                for ancestor in ancestors.get(mine, (mine,)):
                    self._section_index.setdefault(ancestor, set()).add(position)
        self._ranks: dict[str, dict[str, int]] = {}
        self._field_values: dict[str, dict[str, tuple[str, ...]]] = {}

    # -- facet values ------------------------------------------------------------------------
    def _collect(self, facet: Facet) -> list[FacetValue]:
        counts = Counter(v for p in self.papers for v in self._values[p.id][facet.field])
        declared = facet.type.site_values(facet, counts, self._prepared[facet.field])
        out = [
            FacetValue(facet.field, v.id, v.label, slugify(v.id), counts.get(v.id, 0), v.description) for v in declared
        ]
        if counts.get(UNCLASSIFIED):
            out.append(FacetValue(facet.field, UNCLASSIFIED, facet.unclassified, UNCLASSIFIED, counts[UNCLASSIFIED]))
        return out

    def values_of(self, paper: Paper, field: str) -> tuple[str, ...]:
        return self._values[paper.id][field]

    def counts(self, field: str, papers: Iterable[Paper]) -> Counter:
        """How many of ``papers`` have each value of ``field`` (one pass in C: hundreds of
        listings count thousands of papers each)."""
        of = self._field_values.get(field)
        if of is None:
            of = self._field_values[field] = {pid: values[field] for pid, values in self._values.items()}
        return Counter(chain.from_iterable(map(of.__getitem__, [p.id for p in papers])))

    def coverage(self, field: str, papers: Iterable[Paper] | None = None) -> tuple[int, int]:
        """(papers with a value of ``field``, papers): how much of ``papers`` (every paper when
        None) a facet classifies, for facets that only part of a list carries."""
        if papers is None:
            none = self.value(field, UNCLASSIFIED)
            return len(self.papers) - (none.count if none else 0), len(self.papers)
        papers = list(papers)
        return len(papers) - self.counts(field, papers).get(UNCLASSIFIED, 0), len(papers)

    def value(self, field: str, value_id: str) -> FacetValue | None:
        return self._by_value.get((field, value_id))

    def label(self, field: str, value_id: str) -> str:
        value = self.value(field, value_id)
        return value.label if value else value_id

    # -- selection ---------------------------------------------------------------------------
    def select(self, filters: Mapping[str, Iterable[str]], papers: Iterable[Paper] | None = None) -> list[Paper]:
        """Papers matching every facet (AND) with any of its listed values (OR), in catalog order
        (or in the order of ``papers``, when only those are looked at). A section matches the
        papers filed under it or under any of its subsections."""
        chosen: set[int] | None = None
        for name, ids in filters.items():
            if name == "section":
                matching = set().union(*(self._section_index.get(str(i), ()) for i in ids))
            else:
                index = self._index.get(name, {})
                matching = set().union(*(index.get(str(i), ()) for i in ids))
            chosen = matching if chosen is None else chosen & matching
            if not chosen:
                break
        if papers is not None:
            position = self._rank("newest")
            return [p for p in papers if chosen is None or position[p.id] in chosen]
        if chosen is None:
            return list(self.papers)
        return [self.papers[i] for i in sorted(chosen)]

    def sort(self, papers: Iterable[Paper], order: str = "newest") -> list[Paper]:
        """:func:`sort_papers`, by ranks worked out once per order."""
        rank = self._rank(order)
        return sorted(papers, key=lambda p: rank[p.id])

    def _rank(self, order: str) -> dict[str, int]:
        if order not in self._ranks:
            ordered = self.papers if order == "newest" else sort_papers(self.papers, order)
            self._ranks[order] = {p.id: i for i, p in enumerate(ordered)}
        return self._ranks[order]


def _ancestors(section_id: str, sections) -> list[str]:
    """The section and every section that contains it."""
    out = [section_id]
    for other_id, other in sections.items():
        if other_id != section_id and any(s.id == section_id for _, s in other.walk()):
            out.append(other_id)
    return out
