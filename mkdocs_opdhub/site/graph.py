"""The paper graph: a position for every paper, computed at build time, and the relations as edges.

Laying out 10,000 nodes in the reader's browser would take seconds on a phone, so the build
does it once: papers are placed in nested clusters (chapter, then the taxonomy's ``group_by``
facet) packed on circles, and inside a cluster on a sunflower spiral, oldest at the centre.
The layout is deterministic (the same data gives the same picture) and linear in the number of
papers. ``graph.json`` holds positions and edges only; the page reads facet values and titles
from papers.json, which the filter loads anyway.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.taxonomy import DERIVED_RELATIONS
from .relations import Relations

GRAPH_VERSION = 1
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 10.0  # distance between neighbouring papers in a cluster (layout units)
GAP = 1.25  # room between clusters, as a factor of their radii


def _sunflower(papers: Sequence[Paper]) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions around (0, 0) and the radius used: the i-th paper at sqrt(i) from the centre."""
    oldest_first = sorted(papers, key=lambda p: (p.sort_date, p.id))
    out = {}
    for i, paper in enumerate(oldest_first):
        r = SPACING * math.sqrt(i + 0.5)
        out[paper.id] = (r * math.cos(i * GOLDEN_ANGLE), r * math.sin(i * GOLDEN_ANGLE))
    return out, SPACING * math.sqrt(len(papers) + 0.5) + SPACING / 2


def _ring(parts: list[tuple[dict[str, tuple[float, float]], float]]) -> tuple[dict[str, tuple[float, float]], float]:
    """Clusters (positions, radius) placed around a circle, each on an arc as wide as itself."""
    if len(parts) == 1:
        return parts[0]
    diameters = [2 * r * GAP for _, r in parts]
    ring = max(sum(diameters) / (2 * math.pi), max(diameters) / 2 + 1e-9) if len(parts) > 2 else max(diameters) / 2
    out: dict[str, tuple[float, float]] = {}
    angle = 0.0
    for (positions, _), d in zip(parts, diameters, strict=False):
        middle = angle + math.pi * d / sum(diameters)
        cx, cy = ring * math.cos(middle), ring * math.sin(middle)
        for pid, (x, y) in positions.items():
            out[pid] = (x + cx, y + cy)
        angle += 2 * math.pi * d / sum(diameters)
    return out, ring + max(r for _, r in parts)


def layout(catalog: Catalog) -> dict[str, tuple[float, float]]:
    """Paper id -> (x, y), clustered by chapter and then by the taxonomy's ``group_by`` facet."""
    taxonomy = catalog.taxonomy
    sub = taxonomy.group_by if taxonomy.group_by and taxonomy.group_by != taxonomy.chapter_facet.field else None
    chapters = []
    for chapter in taxonomy.chapters:
        # an entry listed under several chapters sits in the first one's cluster
        members = [p for p in catalog.papers if catalog.values_of(p, taxonomy.chapter_facet.field)[0] == chapter.id]
        if not members:
            continue
        groups: dict[str, list[Paper]] = defaultdict(list)
        for paper in members:
            groups[catalog.values_of(paper, sub)[0] if sub else ""].append(paper)
        chapters.append(_ring([_sunflower(g) for _, g in sorted(groups.items())]))
    if not chapters:
        return {}
    positions, _ = _ring(chapters)
    return positions


class Graph:
    def __init__(self, catalog: Catalog, relations: Relations, paper_url: Callable[[Paper], str]):
        self.catalog = catalog
        self.relations = relations
        self.paper_url = paper_url

    def types(self) -> list:
        return [*self.catalog.taxonomy.relations, *DERIVED_RELATIONS]

    def data(self) -> dict:
        positions = layout(self.catalog)
        index = {p.id: i for i, p in enumerate(self.catalog.papers)}
        types = self.types()
        type_index = {t.id: i for i, t in enumerate(types)}
        degree: dict[str, int] = defaultdict(int)
        for edge in self.relations.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        return {
            "version": GRAPH_VERSION,
            "types": [
                {"id": t.id, "label": t.label, "inverse": t.inverse, "derived": t in DERIVED_RELATIONS} for t in types
            ],
            # [id, x, y, degree, page URL (site-relative)]; titles and facet values are in papers.json
            "nodes": [
                [p.id, round(positions[p.id][0], 1), round(-positions[p.id][1], 1), degree[p.id], self.paper_url(p)]
                for p in self.catalog.papers
            ],
            "edges": [[index[e.source], index[e.target], type_index[e.type]] for e in self.relations.edges],
        }

    def json(self) -> str:
        return json.dumps(self.data(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
