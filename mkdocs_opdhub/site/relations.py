"""How papers relate: the ``related:`` lists of paper files plus links derived from the data.

Declared relations read both ways: a paper that ``builds-on`` another shows "builds on" and the
other shows "built on by" (the taxonomy's ``label`` and ``inverse``). Derived relations are
symmetric: papers with two or more authors in common (names compared after normalisation) and
papers pointing at the same code repository.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..formats.templates import display_name
from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.taxonomy import DERIVED_RELATIONS, RelationType

SHARED_AUTHORS_MIN = 2
# Hosts where a repository is the first two path segments (``/owner/repo/tree/main/x`` is ``owner/repo``).
FORGES = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    derived: bool = False
    note: str | None = None  # a declared relation's note, or what a derived one shares


@dataclass(frozen=True)
class Link:
    """One relation as seen from one of its papers."""

    label: str
    other: Paper
    edge: Edge


@dataclass(frozen=True)
class LinkGroup:
    type: RelationType
    label: str  # "builds on" (outgoing) or "built on by" (incoming)
    outgoing: bool
    links: list[Link]


_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)  # authors recur across papers: each distinct text once
def normalise_author(name: str) -> str:
    """``Müller, Jörg`` and ``Jorg Muller`` compare equal: "Last, First" order, accents, case and
    punctuation do not matter."""
    text = unicodedata.normalize("NFKD", display_name(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def repository_key(url: str) -> str | None:
    """The repository a code link points at: host and path, without ``www.``, ``.git``, a
    trailing slash, or (on forges) what follows ``owner/repo``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host in FORGES:
        segments = segments[:2]
    if segments:
        segments[-1] = segments[-1].removesuffix(".git")
    path = "/".join(segments)
    return f"{host}/{path.lower() if host in FORGES else path}".rstrip("/")


class Relations:
    """Every relation of a catalog, declared and derived, indexed by paper."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.types = {r.id: r for r in (*self.taxonomy.relations, *DERIVED_RELATIONS)}
        self.edges: list[Edge] = self._declared() + self._shared_authors() + self._shared_code()
        self._by_paper: dict[str, list[tuple[Edge, bool]]] = defaultdict(list)
        for edge in self.edges:
            self._by_paper[edge.source].append((edge, True))
            self._by_paper[edge.target].append((edge, False))

    # -- building -------------------------------------------------------------------------
    def _declared(self) -> list[Edge]:
        out: dict[tuple, Edge] = {}
        by_id = self.catalog.by_id
        for paper in self.catalog.papers:
            for item in paper.related:
                kind = self.types.get(item.get("type"))
                if kind is None or item.get("id") not in by_id or item["id"] == paper.id:
                    continue  # reported by the loader (relation_problems / the schema)
                ends = (paper.id, item["id"])
                key = (kind.id, *sorted(ends)) if kind.symmetric else (kind.id, *ends)
                out.setdefault(key, Edge(paper.id, item["id"], kind.id, note=item.get("note")))
        return list(out.values())

    def _pairs(self, groups: Iterable[tuple[str, list[str]]], minimum: int = 1) -> dict[tuple[str, str], set]:
        """Pairs of papers (in catalog order) that meet in at least ``minimum`` groups, with the
        names of those groups. Pairs are counted first (at 10,000 papers there are hundreds of
        thousands of them, most meeting once and dropped), then named."""
        papers = self.catalog.papers
        position = {p.id: i for i, p in enumerate(papers)}
        groups = [(name, sorted({position[m] for m in members})) for name, members in groups]
        counts = Counter(pair for _, ordered in groups for pair in itertools.combinations(ordered, 2))
        shared: dict[tuple[str, str], set] = defaultdict(set)
        for name, ordered in groups:
            for a, b in itertools.combinations(ordered, 2):
                if counts[a, b] >= minimum:
                    shared[(papers[a].id, papers[b].id)].add(name)
        return shared

    def _shared_authors(self) -> list[Edge]:
        papers_of: dict[str, list[str]] = defaultdict(list)
        shown: dict[str, str] = {}
        for paper in self.catalog.papers:
            for author in paper.authors:
                shown.setdefault(normalise_author(author), author)
            for author in dict.fromkeys(normalise_author(a) for a in paper.authors):
                if author:
                    papers_of[author].append(paper.id)
        pairs = self._pairs(((name, ids) for name, ids in papers_of.items() if len(ids) > 1), SHARED_AUTHORS_MIN)
        return [
            Edge(a, b, "shares-authors", derived=True, note=", ".join(sorted(display_name(shown[n]) for n in names)))
            for (a, b), names in pairs.items()
        ]

    def _shared_code(self) -> list[Edge]:
        papers_of: dict[str, list[str]] = defaultdict(list)
        for paper in self.catalog.papers:
            for key in dict.fromkeys(filter(None, map(repository_key, paper.code))):
                papers_of[key].append(paper.id)
        pairs = self._pairs((key, ids) for key, ids in papers_of.items() if len(ids) > 1)
        return [Edge(a, b, "shares-code", derived=True, note=", ".join(sorted(keys))) for (a, b), keys in pairs.items()]

    # -- reading --------------------------------------------------------------------------
    def of(self, paper: Paper) -> list[LinkGroup]:
        """The relations of one paper grouped by type and direction, in the taxonomy's order of
        types (declared before derived), outgoing before incoming."""
        groups: dict[tuple[str, bool], list[Link]] = defaultdict(list)
        for edge, outgoing in self._by_paper.get(paper.id, []):
            kind = self.types[edge.type]
            other = self.catalog.by_id[edge.target if outgoing else edge.source]
            direction = outgoing or kind.symmetric
            groups[(kind.id, direction)].append(Link(kind.label if direction else kind.inverse, other, edge))
        order = list(self.types)
        out = []
        for (type_id, outgoing), links in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]), not kv[0][1])):
            kind = self.types[type_id]
            out.append(LinkGroup(kind, kind.label if outgoing else kind.inverse, outgoing, links))
        return out

    def links_of(self, paper: Paper) -> list[tuple[Edge, bool]]:
        """Every edge of one paper, with whether it starts there."""
        return self._by_paper.get(paper.id, [])

    def count(self, paper: Paper) -> int:
        return len(self._by_paper.get(paper.id, []))
