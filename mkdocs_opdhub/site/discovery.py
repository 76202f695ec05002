"""Discovery: how papers relate (declared and derived relations), related papers, the graph's
data and the feeds. Each is worked out only when a page or file asks for it.

Pure Python, like the rest of the site plan (see :mod:`.plan`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..model.catalog import Catalog
from ..model.options import Options
from .feeds import Feeds
from .graph import Graph
from .layout import Layout
from .related import RelatedPapers
from .relations import Relations
from .whatsnew import build_date


class Discovery:
    def __init__(self, catalog: Catalog, layout: Layout, options: Options, paper_url: Callable):
        self.catalog = catalog
        self.layout = layout
        self.options = options
        self.paper_url = paper_url  # site-relative URL of a paper (its page, or its card on All papers)
        self.previous_related: RelatedPapers | None = None  # set for a dirty rebuild: see related

    @functools.cached_property
    def relations(self) -> Relations:
        return Relations(self.catalog)

    @functools.cached_property
    def related(self) -> RelatedPapers:
        shown = max(self.options.related, 1)
        if self.previous_related is not None and self.previous_related.shown == shown:
            return self.previous_related.refreshed(self.catalog)  # a dirty rebuild (mkdocs serve --dirty)
        return RelatedPapers(self.catalog, shown=shown)

    def feeds(self, *, site_url: str, site_name: str) -> Feeds:
        return Feeds(
            self.catalog,
            self.layout,
            site_url=site_url,
            site_name=site_name,
            paper_url=self.paper_url,
            build_date=build_date(),
            items=self.options.feed_items,
        )

    def graph(self) -> Graph:
        return Graph(self.catalog, self.relations, self.paper_url)
